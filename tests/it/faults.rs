//! Faults on the wire (issue 6, area 2), beyond what tcp/ending.rs and
//! tcp/connect.rs already cover (a 7-byte reset, `| head -c1`, SIGINT and
//! SIGTERM on listen and SIGTERM on connect): a reset after megabytes, on
//! each relay path (splice to a pipe, splice via a pipe to a file, the copy
//! path); a peer killed (SIGKILL, by pid) while it sends and while it
//! receives; stdout closed after 100 bytes for listen, connect and udp-recv;
//! SIGINT/SIGTERM during a udp-recv flood and while the echo server is busy.
//!
//! The oracle is always what the peer sent: every byte that arrived before
//! the fault is on stdout, in order (the counter stream checks any prefix).

use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::tcp::{In, Proc, Sink, listener, port_in, python_bg, python_server};
use super::util::{BIN, TempDir, random_bytes};

/// Faults injected and survived across this module (printed by each test).
static FAULTS: AtomicUsize = AtomicUsize::new(0);

fn survived(what: &str) {
    let n = FAULTS.fetch_add(1, Ordering::SeqCst) + 1;
    println!("faults: survived {what} ({n} so far in this run)");
}

/// Word i of the stream is i as a big-endian u64.
fn counter(n: usize) -> Vec<u8> {
    (0..n.div_ceil(8) as u64)
        .flat_map(u64::to_be_bytes)
        .take(n)
        .collect()
}

#[track_caller]
fn assert_counter_prefix(b: &[u8], what: &str) {
    for (i, w) in b.chunks(8).enumerate() {
        let want = (i as u64).to_be_bytes();
        assert_eq!(w, &want[..w.len()], "{what}: word {i} of {} bytes", b.len());
    }
}

/// No panic, exactly one error line naming `needle` (any of them).
#[track_caller]
fn one_error(err: &str, needles: &[&str]) {
    assert!(!err.contains("panicked"), "panic: {err}");
    let errors: Vec<&str> = err.lines().filter(|l| l.contains("error:")).collect();
    assert_eq!(errors.len(), 1, "error lines: {err}");
    assert!(
        needles.iter().any(|n| errors[0].contains(n)),
        "{:?} names none of {needles:?}",
        errors[0]
    );
}

/// The peer: sends the counter stream (argv[3] bytes), then, with argv[5]
/// == "wait", waits until the file argv[4] holds all of it (sockx wrote
/// everything), then resets (SO_LINGER 0 + close). argv[1] says whether it
/// connects to 127.0.0.1:argv[2] or listens.
const PY_RESET_PEER: &str = r#"
import struct
mode, port, n, path, wait = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5] == "wait"
if mode == "client":
    c = socket.create_connection(("127.0.0.1", port), timeout=20)
else:
    s = tcp_server(); ready(s)
    c, _ = s.accept()
c.settimeout(20)
data = b"".join(struct.pack(">8192Q", *range(i, i + 8192)) for i in range(0, n // 8, 8192))
c.sendall(data)
if wait:
    end = time.time() + 20
    while time.time() < end:
        try:
            if os.path.getsize(path) >= n:
                break
        except OSError:
            pass
        time.sleep(0.005)
c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
c.close()
print("reset", file=sys.stderr, flush=True)
"#;

/// How sockx's stdout is attached: each takes another relay path.
#[derive(Clone, Copy, Debug)]
enum Out {
    /// A regular file: splice via a pipe of its own.
    File,
    /// A pipe (`| cat > file`): splice straight into it.
    Pipe,
    /// A file with --bufsize: the copy path (recv/write).
    Copy,
}

/// Starts sockx (`args` end before HOST PORT) with stdout as `how` into
/// `file`; returns the process (its stderr is sockx's).
fn start_sockx(args: &[&str], how: Out, file: &Path) -> Proc {
    let mut a: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    if let Out::Copy = how {
        a.insert(1, "--bufsize".into());
        a.insert(2, "1000".into());
    }
    let refs: Vec<&str> = a.iter().map(String::as_str).collect();
    match how {
        Out::File | Out::Copy => Proc::sockx(&refs, In::Null, Sink::File(file.to_path_buf())),
        Out::Pipe => {
            let quoted: Vec<String> = refs.iter().map(|s| format!("'{s}'")).collect();
            let script = format!(
                "'{BIN}' {} </dev/null | cat > '{}'; exit ${{PIPESTATUS[0]}}",
                quoted.join(" "),
                file.display()
            );
            Proc::start("bash", &["-c", &script], In::Null, Sink::Null)
        }
    }
}

/// A reset after megabytes, once sockx wrote them all: every byte is on
/// stdout, then exit 1 with ECONNRESET — listen and connect, on each relay
/// path. And a reset with data still in flight: what is on stdout is a
/// prefix of what was sent, and the exit is 1 just the same.
#[test]
fn reset_mid_stream_keeps_every_byte() {
    const N: usize = 4 << 20;
    let n = N.to_string();
    for how in [Out::File, Out::Pipe, Out::Copy] {
        for wait in ["wait", "now"] {
            for side in ["listen", "connect"] {
                let d = TempDir::new("reset");
                let f = d.path().join("out.bin");
                let fs = f.display().to_string();
                let (sx, peer) = if side == "listen" {
                    let mut sx = start_sockx(&["listen", "127.0.0.1", "0"], how, &f);
                    let port = port_in(&sx.line("listening")).to_string();
                    let peer = python_bg(
                        PY_RESET_PEER,
                        &["client", &port, &n, &fs, wait],
                        In::Null,
                        Sink::Null,
                    );
                    (sx, peer)
                } else {
                    let (peer, port) =
                        python_server(PY_RESET_PEER, &["server", "0", &n, &fs, wait]);
                    let port = port.to_string();
                    let sx = start_sockx(&["connect", "127.0.0.1", &port], how, &f);
                    (sx, peer)
                };
                let out = sx.finish();
                let what = format!("{side} {how:?} {wait}");
                assert_eq!(out.code, 1, "{what}: {}", out.err());
                one_error(&out.err(), &["ECONNRESET"]);
                let got = std::fs::read(&f).expect("read output");
                assert_counter_prefix(&got, &what);
                if wait == "wait" {
                    assert_eq!(got.len(), N, "{what}: bytes written before the reset");
                }
                drop(peer);
                survived(&format!("a reset ({what})"));
            }
        }
    }
}

/// A sender that streams the counter in 64 KiB sendall calls and reports,
/// after each, the total the kernel has taken (`sent N` on stderr). It
/// connects to argv[2], or listens (argv[1]).
const PY_STREAM_FOREVER: &str = r#"
import struct
mode, port = sys.argv[1], int(sys.argv[2])
if mode == "client":
    c = socket.create_connection(("127.0.0.1", port), timeout=20)
else:
    s = tcp_server(); ready(s)
    c, _ = s.accept()
c.settimeout(20)
i = 0
end = time.time() + 20
while time.time() < end:
    c.sendall(struct.pack(">8192Q", *range(i, i + 8192)))
    i += 8192
    print("sent", i * 8, file=sys.stderr, flush=True)
"#;

/// The largest `sent N` a stream peer reported.
fn reported(stderr: &str) -> usize {
    stderr
        .lines()
        .filter_map(|l| l.strip_prefix("sent "))
        .filter_map(|n| n.trim().parse().ok())
        .max()
        .unwrap_or(0)
}

/// The peer is killed (SIGKILL) while it sends: its kernel still delivers
/// what it had taken and then closes. sockx ends (exit 0) with at least
/// every byte the peer's sendall returned for, in order.
#[test]
fn peer_killed_while_sending() {
    for side in ["listen", "connect"] {
        for how in [Out::File, Out::Pipe] {
            let d = TempDir::new("kill");
            let f = d.path().join("out.bin");
            let (sx, peer) = if side == "listen" {
                let mut sx = start_sockx(&["listen", "127.0.0.1", "0"], how, &f);
                let port = port_in(&sx.line("listening")).to_string();
                let peer = python_bg(PY_STREAM_FOREVER, &["client", &port], In::Null, Sink::Null);
                (sx, peer)
            } else {
                let (peer, port) = python_server(PY_STREAM_FOREVER, &["server", "0"]);
                let sx = start_sockx(&["connect", "127.0.0.1", &port.to_string()], how, &f);
                (sx, peer)
            };
            // Some megabytes first.
            let end = Instant::now() + Duration::from_secs(20);
            while reported(&peer.stderr_now()) < 2 << 20 && Instant::now() < end {
                std::thread::sleep(Duration::from_millis(5));
            }
            peer.signal(libc::SIGKILL);
            let p = peer.finish();
            let sent = reported(&p.err());
            assert!(sent >= 2 << 20, "the peer sent {sent} bytes");
            let t = Instant::now();
            let out = sx.finish();
            let what = format!("{side} {how:?}");
            assert_eq!(out.code, 0, "{what}: {}", out.err());
            assert!(
                t.elapsed() < Duration::from_secs(10),
                "{what}: {:?}",
                t.elapsed()
            );
            assert!(!out.err().contains("panicked"), "{}", out.err());
            let got = std::fs::read(&f).expect("read");
            assert_counter_prefix(&got, &what);
            assert!(
                got.len() >= sent,
                "{what}: {} bytes on stdout, the peer's kernel had taken {sent}",
                got.len()
            );
            survived(&format!("a peer killed while sending ({what})"));
        }
    }
}

/// A receiver that greets (`hello`), reads slowly, says `got` after 1 MiB,
/// and is then killed with data unread: its kernel resets.
const PY_SLOW_READER: &str = r#"
mode, port = sys.argv[1], int(sys.argv[2])
if mode == "client":
    c = socket.create_connection(("127.0.0.1", port), timeout=20)
else:
    s = tcp_server(); ready(s)
    c, _ = s.accept()
c.settimeout(20)
c.sendall(b"hello")
n = 0
announced = False
while True:
    d = c.recv(65536)
    if not d:
        break
    n += len(d)
    if n >= 1 << 20 and not announced:
        print("got", file=sys.stderr, flush=True)
        announced = True
    time.sleep(0.002)
"#;

/// The peer is killed while sockx sends it a large file: sockx stops
/// promptly with one error line (ECONNRESET or EPIPE, exit 1), and the
/// greeting the peer sent first is on stdout.
#[test]
fn peer_killed_while_receiving() {
    let d = TempDir::new("killrx");
    let big = d.path().join("big.bin");
    std::fs::write(&big, random_bytes(64 << 20, 5)).expect("write");
    for side in ["listen", "connect"] {
        for copy in [false, true] {
            let mut args: Vec<String> = vec![side.into()];
            if copy {
                args.extend(["--bufsize".into(), "4096".into()]);
            }
            let (sx, mut peer) = if side == "listen" {
                args.extend(["127.0.0.1".into(), "0".into()]);
                let a: Vec<&str> = args.iter().map(String::as_str).collect();
                let (sx, port) = listener(&a, In::File(big.clone()), Sink::Capture);
                let peer = python_bg(
                    PY_SLOW_READER,
                    &["client", &port.to_string()],
                    In::Null,
                    Sink::Null,
                );
                (sx, peer)
            } else {
                let (peer, port) = python_server(PY_SLOW_READER, &["server", "0"]);
                args.extend(["127.0.0.1".into(), port.to_string()]);
                let a: Vec<&str> = args.iter().map(String::as_str).collect();
                let sx = Proc::sockx(&a, In::File(big.clone()), Sink::Capture);
                (sx, peer)
            };
            peer.line("got");
            peer.signal(libc::SIGKILL);
            let t = Instant::now();
            let out = sx.finish();
            let what = format!("{side} copy={copy}");
            assert!(
                t.elapsed() < Duration::from_secs(10),
                "{what}: {:?}",
                t.elapsed()
            );
            assert_eq!(out.code, 1, "{what}: {}", out.err());
            one_error(&out.err(), &["ECONNRESET", "EPIPE"]);
            assert_eq!(out.out(), "hello", "{what}");
            drop(peer);
            survived(&format!("a peer killed while receiving ({what})"));
        }
    }
}

/// Runs `script` under bash; it prints sockx's exit status as `rc=N` on
/// stderr last. Returns (head's output file content, stderr).
fn head_run(script: &str, d: &Path) -> (Vec<u8>, String) {
    let p = Proc::start("bash", &["-c", script], In::Null, Sink::Null);
    let out = p.finish();
    (
        std::fs::read(d.join("head.out")).unwrap_or_default(),
        out.err(),
    )
}

/// `sockx … | head -c 100` for listen, connect and udp-recv: head gets the
/// first 100 bytes the peer sent (udp-recv: of its rendering), and sockx
/// ends quietly with status 0 while the peer is still sending.
#[test]
fn stdout_closed_after_100_bytes() {
    let d = TempDir::new("head100");
    let dp = d.path().display().to_string();
    let want = counter(100);
    // listen: a client streams.
    let mut sh = Proc::start(
        "bash",
        &[
            "-c",
            &format!(
                "'{BIN}' listen -w 20s 127.0.0.1 0 </dev/null | head -c 100 > '{dp}/head.out'; echo rc=${{PIPESTATUS[0]}} >&2"
            ),
        ],
        In::Null,
        Sink::Null,
    );
    let port = port_in(&sh.line("listening")).to_string();
    let peer = python_bg(PY_STREAM_FOREVER, &["client", &port], In::Null, Sink::Null);
    let out = sh.finish();
    drop(peer);
    let got = std::fs::read(d.path().join("head.out")).expect("head output");
    assert_eq!(got, want, "listen | head -c 100");
    assert!(out.err().contains("rc=0"), "{}", out.err());
    assert!(!out.err().contains("error"), "{}", out.err());
    survived("stdout closed under listen");

    // connect: the server streams.
    let (peer, port) = python_server(PY_STREAM_FOREVER, &["server", "0"]);
    let (got, err) = head_run(
        &format!(
            "'{BIN}' connect 127.0.0.1 {port} </dev/null | head -c 100 > '{dp}/head.out'; echo rc=${{PIPESTATUS[0]}} >&2"
        ),
        d.path(),
    );
    drop(peer);
    assert_eq!(got, want, "connect | head -c 100");
    assert!(err.contains("rc=0") && !err.contains("error"), "{err}");
    survived("stdout closed under connect");

    // udp-recv, raw and human: a sender floods until the port closes.
    for raw in [true, false] {
        let flag = if raw { "--raw" } else { "-v" };
        let mut sh = Proc::start(
            "bash",
            &[
                "-c",
                &format!(
                    "'{BIN}' udp-recv {flag} -w 20s 127.0.0.1 0 | head -c 100 > '{dp}/head.out'; echo rc=${{PIPESTATUS[0]}} >&2"
                ),
            ],
            In::Null,
            Sink::Null,
        );
        let port = port_in(&sh.line("listening")).to_string();
        let sender = python_bg(
            r#"
port = int(sys.argv[1])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.connect(("127.0.0.1", port))
print(s.getsockname()[1], flush=True)
for i in range(20000):
    try:
        s.send(b"datagram %05d \x1b[2J\n" % i)
    except ConnectionRefusedError:
        break
    time.sleep(0.0005)
"#,
            &[&port],
            In::Null,
            Sink::Capture,
        );
        let out = sh.finish();
        let sport = sender.finish().out().trim().to_string();
        let mut all = Vec::new();
        for i in 0..20 {
            let payload = format!("datagram {i:05} \x1b[2J\n");
            if raw {
                all.extend_from_slice(payload.as_bytes());
            } else {
                all.extend_from_slice(
                    format!(
                        "127.0.0.1:{sport} {} bytes: datagram {i:05} \\x1b[2J\\n\n",
                        payload.len()
                    )
                    .as_bytes(),
                );
            }
        }
        let got = std::fs::read(d.path().join("head.out")).expect("head output");
        assert_eq!(
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(&all[..100]),
            "udp-recv {flag} | head -c 100"
        );
        assert!(out.err().contains("rc=0"), "{}", out.err());
        assert!(!out.err().contains("error"), "{}", out.err());
        survived(&format!("stdout closed under udp-recv {flag}"));
    }
}

/// SIGINT / SIGTERM in the middle of a udp-recv flood: a prompt exit
/// 130/143, and stdout (--raw, a file) holds whole datagrams, in the order
/// sent, each as it was sent.
#[test]
fn signal_during_udp_flood() {
    for (sig, code) in [(libc::SIGINT, 130), (libc::SIGTERM, 143)] {
        let d = TempDir::new("udpsig");
        let f = d.path().join("out.bin");
        let (rx, port) = listener(
            &["udp-recv", "--raw", "127.0.0.1", "0"],
            In::Null,
            Sink::File(f.clone()),
        );
        let mut tx = python_bg(
            r#"
import struct
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.connect(("127.0.0.1", int(sys.argv[1])))
end = time.time() + 20
i = 0
while time.time() < end:
    try:
        s.send(struct.pack(">Q", i) * 128)
    except (ConnectionRefusedError, BlockingIOError):
        break
    i += 1
    if i == 2000:
        print("flowing", file=sys.stderr, flush=True)
"#,
            &[&port.to_string()],
            In::Null,
            Sink::Null,
        );
        tx.line("flowing");
        // udp-recv may not have run yet on a busy machine: the signal comes
        // once it has written something.
        assert!(
            super::util::wait_until(Duration::from_secs(20), || {
                std::fs::metadata(&f).is_ok_and(|m| m.len() >= 1024)
            }),
            "udp-recv wrote nothing during the flood"
        );
        let t = Instant::now();
        rx.signal(sig);
        let out = rx.finish();
        assert_eq!(out.code, code, "{}", out.err());
        assert!(t.elapsed() < Duration::from_secs(10), "{:?}", t.elapsed());
        assert!(
            !out.err().contains("panicked") && !out.err().contains("error"),
            "{}",
            out.err()
        );
        drop(tx);
        let got = std::fs::read(&f).expect("read");
        assert!(got.len() >= 1024, "nothing received");
        assert_eq!(got.len() % 1024, 0, "a datagram cut short");
        // Loss is possible (UDP), reordering on loopback is not.
        let mut last = None;
        for (k, dgram) in got.chunks(1024).enumerate() {
            let i = u64::from_be_bytes(dgram[..8].try_into().expect("8 bytes"));
            assert!(
                dgram.chunks(8).all(|w| w == i.to_be_bytes()),
                "datagram {k} altered"
            );
            assert!(last.is_none_or(|l| i > l), "datagram {k} out of order");
            last = Some(i);
        }
        survived(&format!("signal {sig} during a udp-recv flood"));
    }
}

/// SIGTERM while the echo server (-k --echo) is busy with 20 clients
/// streaming: exit 143 within a moment, no panic, no error line.
#[test]
fn signal_while_echo_server_is_busy() {
    let (srv, port) = listener(
        &["listen", "-k", "--echo", "127.0.0.1", "0"],
        In::Null,
        Sink::Capture,
    );
    let mut clients = python_bg(
        r#"
import threading
port = int(sys.argv[1])
def run():
    try:
        c = socket.create_connection(("127.0.0.1", port), timeout=20)
        chunk = os.urandom(65536)
        end = time.time() + 20
        while time.time() < end:
            c.sendall(chunk)
            got = 0
            while got < len(chunk):
                d = c.recv(65536)
                if not d:
                    return
                got += len(d)
    except OSError:
        pass
ts = [threading.Thread(target=run) for _ in range(20)]
for t in ts: t.start()
time.sleep(0.5)
print("busy", file=sys.stderr, flush=True)
for t in ts: t.join()
"#,
        &[&port.to_string()],
        In::Null,
        Sink::Null,
    );
    clients.line("busy");
    let t = Instant::now();
    srv.signal(libc::SIGTERM);
    let out = srv.finish();
    assert_eq!(out.code, 143, "{}", out.err());
    assert!(t.elapsed() < Duration::from_secs(10), "{:?}", t.elapsed());
    assert!(
        !out.err().contains("panicked") && !out.err().contains("error"),
        "{}",
        out.err()
    );
    let c = clients.finish();
    assert_eq!(c.code, 0, "{}", c.err());
    survived("SIGTERM while the echo server served 20 streams");
}

/// SIGINT on connect mid-transfer (ending.rs sends it SIGTERM): 130, and
/// what arrived is on stdout, a prefix of the stream.
#[test]
fn sigint_on_connect_mid_transfer() {
    let (mut peer, port) = python_server(PY_STREAM_FOREVER, &["server", "0"]);
    let sx = Proc::sockx(
        &["connect", "127.0.0.1", &port.to_string()],
        In::Null,
        Sink::Capture,
    );
    peer.line("sent 4194304");
    let t = Instant::now();
    sx.signal(libc::SIGINT);
    let out = sx.finish();
    assert_eq!(out.code, 130, "{}", out.err());
    assert!(t.elapsed() < Duration::from_secs(10));
    assert!(out.stdout.len() >= 8, "nothing received");
    assert_counter_prefix(&out.stdout, "connect SIGINT");
    drop(peer);
    survived("SIGINT on connect mid-transfer");
}

/// A peer that sends half a request and resets while sockx (listen --echo,
/// one connection) is echoing: exit 1 with ECONNRESET, and the reply bytes
/// the peer read are exactly its own.
#[test]
fn reset_while_echoing() {
    let (srv, port) = listener(
        &["listen", "--echo", "127.0.0.1", "0"],
        In::Null,
        Sink::Capture,
    );
    let mut c = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    c.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let data = random_bytes(100_000, 9);
    c.write_all(&data).expect("write");
    let mut got = vec![0u8; 1000];
    c.read_exact(&mut got).expect("read");
    assert_eq!(got, data[..1000]);
    socket2::SockRef::from(&c)
        .set_linger(Some(Duration::ZERO))
        .expect("linger");
    drop(c);
    let out = srv.finish();
    assert_eq!(out.code, 1, "{}", out.err());
    one_error(&out.err(), &["ECONNRESET", "EPIPE"]);
    survived("a reset while echoing");
}

/// Every streaming command, at rest in each of its waits, ends at once on
/// SIGINT (130) and SIGTERM (143): no panic, no error line, within 2 s.
#[test]
fn signals_end_every_wait_promptly() {
    let closed = super::util::free_udp_port().to_string();
    let peer = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let tcp_port = peer.local_addr().expect("addr").port().to_string();
    let udp_peer = std::net::UdpSocket::bind("127.0.0.1:0").expect("bind");
    let udp_port = udp_peer.local_addr().expect("addr").port().to_string();
    let waits: Vec<(Vec<&str>, &str)> = vec![
        (vec!["-v", "listen", "127.0.0.1", "0"], "listening"),
        (
            vec!["-v", "listen", "-k", "--echo", "127.0.0.1", "0"],
            "listening",
        ),
        (vec!["-v", "connect", "127.0.0.1", &tcp_port], "connected"),
        (vec!["-v", "udp-recv", "127.0.0.1", "0"], "listening"),
        (
            vec![
                "-v",
                "udp-send",
                "--count",
                "3",
                "--interval",
                "30s",
                "127.0.0.1",
                &closed,
                "x",
            ],
            "sent",
        ),
        (
            vec![
                "-v",
                "udp-send",
                "--wait",
                "30s",
                "127.0.0.1",
                &udp_port,
                "x",
            ],
            "sent",
        ),
        (
            vec!["-v", "chat", "127.0.0.1", &udp_port, "--name", "n"],
            "sent",
        ),
        (vec!["-v", "chat-server", "127.0.0.1", "0"], "listening"),
    ];
    for (args, ready) in &waits {
        for (sig, code) in [(libc::SIGINT, 130), (libc::SIGTERM, 143)] {
            let mut p = Proc::sockx(args, In::Open, Sink::Capture);
            p.line(ready);
            std::thread::sleep(Duration::from_millis(100));
            let t = Instant::now();
            p.signal(sig);
            let out = p.finish_open();
            assert_eq!(out.code, code, "{args:?}: {}", out.err());
            assert!(
                t.elapsed() < Duration::from_secs(10),
                "{args:?}: {:?}",
                t.elapsed()
            );
            let e = out.err();
            assert!(
                !e.contains("panicked") && !e.contains("error:"),
                "{args:?}: {e}"
            );
            survived(&format!("signal {sig} while {} waits", args[1]));
        }
    }
    drop((peer, udp_peer));
}
