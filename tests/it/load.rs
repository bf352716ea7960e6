//! Load and exhaustion (issue 6, area 3): the echo server under `ulimit -n
//! 64` hit by hundreds of connections at once survives by backing off
//! (EMFILE), serves every one of them in the end (each client checks the
//! sha256 of its own echo, python's hashlib as the oracle), serves a normal
//! client afterwards, leaks no descriptor, and sleeps when idle (CPU time
//! from /proc/PID/stat); idle clients do not hold up the others; and the
//! sequential relay (`listen -k`) with a client that never sends still ends
//! at once on SIGTERM / SIGINT, without spinning meanwhile.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::tcp::{In, Proc, Sink, listener, port_in, python_run};
use super::util::BIN;

/// utime + stime of a process, in clock ticks (1/100 s here).
fn cpu_ticks(pid: i32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("stat");
    // Fields after the command name in parentheses; utime and stime are 14 and 15.
    let rest = &stat[stat.rfind(')').expect("comm") + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    f[11].parse::<u64>().expect("utime") + f[12].parse::<u64>().expect("stime")
}

/// CPU time a process uses over `d` of (what should be) idleness, in ms.
fn idle_cpu_ms(pid: i32, d: Duration) -> u64 {
    let before = cpu_ticks(pid);
    std::thread::sleep(d);
    (cpu_ticks(pid) - before) * 10
}

fn open_fds(pid: i32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .map(|d| d.count())
        .unwrap_or(0)
}

/// One echo round trip of `msg` on a fresh connection, bounded.
fn round_trip(port: u16, msg: &[u8]) -> Vec<u8> {
    let mut c = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    c.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    c.write_all(msg).expect("write");
    c.shutdown(std::net::Shutdown::Write).expect("shutdown");
    let mut got = Vec::new();
    c.read_to_end(&mut got).expect("read");
    got
}

/// Opens argv[2] connections to 127.0.0.1:argv[1] at once (non-blocking,
/// one selector), sends each its own random body (1 to argv[3] bytes),
/// half-closes, reads the echo to EOF, and checks its sha256 against the
/// body's. Prints `ok N BYTES` or fails. Bounded by 40 s.
const PY_FLOOD_VERIFY: &str = r#"
import hashlib, random, selectors
port, n, most = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(11)
sel = selectors.DefaultSelector()
state = {}
for i in range(n):
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    c.setblocking(False)
    c.connect_ex(("127.0.0.1", port))
    body = rng.randbytes(rng.randrange(1, most + 1))
    state[c] = {"i": i, "body": body, "sent": 0, "got": hashlib.sha256(), "n": 0}
    sel.register(c, selectors.EVENT_READ | selectors.EVENT_WRITE)
done, total = 0, 0
end = time.time() + 40
while done < n and time.time() < end:
    for key, ev in sel.select(timeout=1):
        c, st = key.fileobj, state[key.fileobj]
        if ev & selectors.EVENT_WRITE and st["sent"] < len(st["body"]):
            try:
                st["sent"] += c.send(st["body"][st["sent"]:st["sent"] + 65536])
            except (BlockingIOError, InterruptedError):
                pass
            if st["sent"] == len(st["body"]):
                c.shutdown(socket.SHUT_WR)
                sel.modify(c, selectors.EVENT_READ)
        if ev & selectors.EVENT_READ:
            try:
                d = c.recv(65536)
            except (BlockingIOError, InterruptedError):
                continue
            if d:
                st["got"].update(d)
                st["n"] += len(d)
            else:
                assert st["n"] == len(st["body"]), ("short echo", st["i"], st["n"], len(st["body"]))
                assert st["got"].digest() == hashlib.sha256(st["body"]).digest(), ("bad echo", st["i"])
                sel.unregister(c)
                c.close()
                done += 1
                total += st["n"]
assert done == n, ("served", done, "of", n)
print("ok", done, total)
"#;

/// The figures a flood run printed: (connections verified, bytes verified).
fn flood(port: u16, n: usize, most: usize) -> (usize, u64) {
    let out = python_run(
        PY_FLOOD_VERIFY,
        &[&port.to_string(), &n.to_string(), &most.to_string()],
    );
    let o = out.out();
    let f: Vec<&str> = o.split_whitespace().collect();
    assert_eq!(f.first(), Some(&"ok"), "{o} {}", out.err());
    (f[1].parse().expect("count"), f[2].parse().expect("bytes"))
}

/// `listen -k --echo` with 64 descriptors, 400 connections at once: accept
/// fails with EMFILE, the server backs off (a warning, no spinning, no
/// exit), and every connection is served in the end with its own bytes;
/// then a normal client is served, no descriptor is left open, and the idle
/// server uses no CPU.
#[test]
fn echo_server_survives_fd_exhaustion() {
    let mut srv = Proc::start(
        "bash",
        &[
            "-c",
            &format!("ulimit -n 64; exec '{BIN}' --json listen -k --echo -b 1024 127.0.0.1 0"),
        ],
        In::Null,
        Sink::Null,
    );
    let port = port_in(&srv.line("listening"));
    let pid = srv.pid();
    // The descriptors of a running server (epoll is made after the listening line).
    assert_eq!(round_trip(port, b"before"), b"before");
    let base_fds = open_fds(pid);
    let t = Instant::now();
    let (n, bytes) = flood(port, 400, 20_000);
    assert_eq!(n, 400);
    println!(
        "load: 400 connections at once under ulimit -n 64 served in {:?}, {bytes} bytes verified by sha256",
        t.elapsed()
    );
    let warning = srv.line("EMFILE");
    assert!(warning.contains("pausing accept"), "{warning}");
    // A normal client afterwards.
    assert_eq!(round_trip(port, b"after the storm"), b"after the storm");
    // Every connection closed: back to the descriptors it started with.
    assert!(
        super::util::wait_until(Duration::from_secs(5), || open_fds(pid) <= base_fds),
        "descriptors: {} now, {base_fds} at start",
        open_fds(pid)
    );
    // Idle: it sleeps (a spinning loop would take ~1500 ms of CPU here).
    std::thread::sleep(Duration::from_millis(200));
    let ms = idle_cpu_ms(pid, Duration::from_millis(1500));
    assert!(ms <= 50, "idle server used {ms} ms of CPU in 1.5 s");
    srv.signal(libc::SIGTERM);
    let out = srv.finish();
    assert_eq!(out.code, 143, "{}", out.err());
    assert!(!out.err().contains("panicked"), "{}", out.err());
}

/// While EMFILE holds accepting back, the server does not spin: CPU time
/// stays small while a connection waits in the backlog that it cannot take.
#[test]
fn echo_server_backs_off_without_spinning() {
    let mut srv = Proc::start(
        "bash",
        &[
            "-c",
            &format!("ulimit -n 16; exec '{BIN}' --json listen -k --echo -b 64 127.0.0.1 0"),
        ],
        In::Null,
        Sink::Null,
    );
    let port = port_in(&srv.line("listening"));
    let pid = srv.pid();
    // Hold connections (idle) until the server runs out of descriptors,
    // then one more waits in the backlog.
    let mut held = Vec::new();
    for _ in 0..20 {
        held.push(TcpStream::connect(("127.0.0.1", port)).expect("connect"));
    }
    srv.line("EMFILE");
    let ms = idle_cpu_ms(pid, Duration::from_millis(1500));
    assert!(
        ms <= 150,
        "server used {ms} ms of CPU in 1.5 s while out of descriptors"
    );
    // One warning for the whole time it is out of descriptors, not one per retry.
    let warnings = srv.stderr_now().matches("EMFILE").count();
    assert_eq!(warnings, 1, "{}", srv.stderr_now());
    // The held ones are served (they were accepted), and once they close
    // the waiting ones are accepted and served too.
    for (i, c) in held.iter_mut().enumerate() {
        c.set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let msg = format!("held {i}");
        c.write_all(msg.as_bytes()).expect("write");
        c.shutdown(std::net::Shutdown::Write).expect("shutdown");
    }
    for (i, c) in held.iter_mut().enumerate() {
        let mut got = Vec::new();
        c.read_to_end(&mut got).expect("read");
        assert_eq!(got, format!("held {i}").as_bytes());
    }
    drop(held);
    assert_eq!(round_trip(port, b"next"), b"next");
    srv.signal(libc::SIGTERM);
    assert_eq!(srv.finish().code, 143);
}

/// Idle clients (connected, sending nothing) do not hold up the others:
/// with 100 idle connections open, 200 active clients are served with their
/// own bytes, each round trip of a fresh client is prompt, and the idle ones
/// are still served when they finally speak.
#[test]
fn idle_clients_do_not_block_others() {
    let (srv, port) = listener(
        &["listen", "-k", "--echo", "-b", "1024", "127.0.0.1", "0"],
        In::Null,
        Sink::Null,
    );
    let mut idle: Vec<TcpStream> = (0..100)
        .map(|_| TcpStream::connect(("127.0.0.1", port)).expect("connect"))
        .collect();
    // One that sent half a line and stopped.
    idle[0].write_all(b"half a li").expect("write");
    let t = Instant::now();
    let (n, bytes) = flood(port, 200, 200_000);
    assert_eq!(n, 200);
    println!(
        "load: 200 clients beside 100 idle ones served in {:?}, {bytes} bytes verified by sha256",
        t.elapsed()
    );
    for _ in 0..5 {
        let t = Instant::now();
        assert_eq!(round_trip(port, b"ping"), b"ping");
        assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
    }
    for (i, c) in idle.iter_mut().enumerate() {
        c.set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        c.write_all(format!("idle {i}").as_bytes()).expect("write");
        c.shutdown(std::net::Shutdown::Write).expect("shutdown");
    }
    for (i, c) in idle.iter_mut().enumerate() {
        let mut got = Vec::new();
        c.read_to_end(&mut got).expect("read");
        let want = if i == 0 {
            "half a liidle 0".to_string()
        } else {
            format!("idle {i}")
        };
        assert_eq!(String::from_utf8_lossy(&got), want);
    }
    srv.signal(libc::SIGTERM);
    assert_eq!(srv.finish().code, 143);
}

/// The sequential relay (`listen -k`, no --echo) with a client that connects
/// and never sends (and another waiting behind it): no CPU is burnt while it
/// waits, and SIGTERM / SIGINT end it at once.
#[test]
fn idle_client_does_not_block_shutdown() {
    for (sig, code) in [(libc::SIGTERM, 143), (libc::SIGINT, 130)] {
        let (mut srv, port) = listener(
            &["-v", "listen", "-k", "127.0.0.1", "0"],
            In::Open,
            Sink::Capture,
        );
        let idle = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        srv.line("connection from");
        let waiting = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        let ms = idle_cpu_ms(srv.pid(), Duration::from_millis(1000));
        assert!(
            ms <= 50,
            "relay used {ms} ms of CPU in 1 s with an idle client"
        );
        let t = Instant::now();
        srv.signal(sig);
        let out = srv.finish_open();
        assert_eq!(out.code, code, "{}", out.err());
        assert!(t.elapsed() < Duration::from_secs(10), "{:?}", t.elapsed());
        assert!(!out.err().contains("panicked"), "{}", out.err());
        drop((idle, waiting));
    }
}

/// udp-recv and connect, idle: no CPU burnt while nothing happens.
#[test]
fn idle_data_commands_sleep() {
    let (rx, _) = listener(&["udp-recv", "127.0.0.1", "0"], In::Null, Sink::Null);
    let ms = idle_cpu_ms(rx.pid(), Duration::from_millis(1000));
    assert!(ms <= 50, "udp-recv used {ms} ms of CPU in 1 s idle");
    rx.signal(libc::SIGTERM);
    assert_eq!(rx.finish().code, 143);

    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().expect("addr").port();
    let mut cx = Proc::sockx(
        &["-v", "connect", "127.0.0.1", &port.to_string()],
        In::Open,
        Sink::Null,
    );
    let (_conn, _) = l.accept().expect("accept");
    cx.line("connected");
    let ms = idle_cpu_ms(cx.pid(), Duration::from_millis(1000));
    assert!(ms <= 50, "connect used {ms} ms of CPU in 1 s idle");
    cx.signal(libc::SIGTERM);
    assert_eq!(cx.finish_open().code, 143);
}
