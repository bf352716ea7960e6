//! `sockx forward` through the real binary, with python3 servers and clients
//! on both sides as the oracle: bytes exact both ways (sha256), a FIN passed
//! on each way, a reset passed on each way, a failed onward connect that
//! leaves the forwarder serving, many clients at once, AF_UNIX on both
//! sides, -x per connection, -w, --max-conns. Access control is in `acl`.

use std::time::Duration;

use crate::tcp::{In, PY_DUPLEX_CLIENT, PY_DUPLEX_SERVER, PY_UPPER_AFTER_EOF, Proc, Sink};
use crate::tcp::{file, listener, python_bg, python_run, python_server, same_bytes};
use crate::util::{TempDir, random_bytes, sockx};

/// A forwarder (with --json and `extra` options) from an ephemeral loopback
/// port to 127.0.0.1:`to`; its port.
pub fn forwarder(extra: &[&str], to: u16) -> (Proc, u16) {
    let to = to.to_string();
    let mut args = vec!["--json", "forward"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["127.0.0.1:0", "127.0.0.1", &to]);
    listener(&args, In::Null, Sink::Null)
}

fn event(line: &str) -> serde_json::Value {
    serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"))
}

/// 3 MB each way at once through the splice path, and 300 kB through the
/// copy path (--bufsize) with -x: the bytes are the files' (sha256), and
/// the closing event counts them.
#[test]
fn forward_bytes_exact_both_ways() {
    for (extra, n) in [(&[][..], 3_000_000), (&["--bufsize", "4096"][..], 300_000)] {
        let d = TempDir::new("fwdbytes");
        let down = random_bytes(n, 1);
        let up = random_bytes(n + 17, 2);
        let fdown = file(d.path(), "down", &down);
        let fup = file(d.path(), "up", &up);
        let (srv, sport) = python_server(
            PY_DUPLEX_SERVER,
            &[
                &fdown.display().to_string(),
                &d.path().join("srv-got").display().to_string(),
            ],
        );
        let (mut fwd, port) = forwarder(extra, sport);
        python_run(
            PY_DUPLEX_CLIENT,
            &[
                "127.0.0.1",
                &port.to_string(),
                &fup.display().to_string(),
                &d.path().join("cli-got").display().to_string(),
            ],
        );
        srv.finish().ok();
        same_bytes(
            &std::fs::read(d.path().join("srv-got")).unwrap(),
            &up,
            "client → target",
        );
        same_bytes(
            &std::fs::read(d.path().join("cli-got")).unwrap(),
            &down,
            "target → client",
        );
        let closed = event(&fwd.line("forward_closed"));
        assert_eq!(closed["conn"], 1);
        assert_eq!(closed["how"], "closed", "{closed}");
        assert_eq!(closed["bytes_up"], up.len() as u64);
        assert_eq!(closed["bytes_down"], down.len() as u64);
        fwd.signal(libc::SIGTERM);
        fwd.finish().code(143);
    }
}

/// The client's FIN reaches the target as EOF (it replies only after EOF),
/// and the reply still comes back: the half-close is passed on, not turned
/// into a close.
#[test]
fn forward_passes_half_close() {
    let (srv, sport) = python_server(PY_UPPER_AFTER_EOF, &[]);
    let (fwd, port) = forwarder(&[], sport);
    let out = python_run(
        r#"
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=20)
c.sendall(b"half close passes")
c.shutdown(socket.SHUT_WR)
print(recv_all(c).decode())
"#,
        &[&port.to_string()],
    );
    assert_eq!(out.out().trim(), "HALF CLOSE PASSES");
    srv.finish().ok();
    drop(fwd);
}

/// A reset from the target reaches the client as a reset, and a reset from
/// the client reaches the target as a reset (SO_LINGER 0 on the partner),
/// never as a quiet FIN; the event says "reset".
#[test]
fn forward_passes_resets_both_ways() {
    // The target resets once the client's byte arrived.
    let (srv, sport) = python_server(
        r#"
import struct
s = tcp_server(); ready(s)
c, _ = s.accept(); c.settimeout(20)
c.recv(1)
c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
c.close()
"#,
        &[],
    );
    let (mut fwd, port) = forwarder(&[], sport);
    let out = python_run(
        r#"
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=20)
c.sendall(b"x")
try:
    d = c.recv(100)
    print("eof" if not d else "data")
except ConnectionResetError:
    print("reset")
"#,
        &[&port.to_string()],
    );
    assert_eq!(out.out().trim(), "reset", "the target's reset became a FIN");
    srv.finish().ok();
    assert_eq!(event(&fwd.line("forward_closed"))["how"], "reset");
    drop(fwd);

    // The client resets once the target's greeting came through.
    let (srv, sport) = python_server(
        r#"
s = tcp_server(); ready(s)
c, _ = s.accept(); c.settimeout(20)
c.sendall(b"ready")
try:
    d = c.recv(100)
    print("eof" if not d else "data")
except ConnectionResetError:
    print("reset")
"#,
        &[],
    );
    let (fwd, port) = forwarder(&[], sport);
    python_run(
        r#"
import struct
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=20)
assert c.recv(5) == b"ready"
c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
c.close()
"#,
        &[&port.to_string()],
    );
    let out = srv.finish();
    out.ok();
    assert_eq!(out.out().trim(), "reset", "the client's reset became a FIN");
    drop(fwd);
}

/// Nobody listens at the target: the client is closed, `forward_failed`
/// names the errno, and the forwarder keeps serving — once the target
/// listens, the next client is forwarded.
#[test]
fn forward_failed_onward_connect_keeps_serving() {
    use socket2::{Domain, Socket, Type};
    let target = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    target.set_reuse_address(true).unwrap();
    let a: std::net::SocketAddr = "127.0.0.1:0".parse().unwrap();
    target.bind(&a.into()).unwrap();
    let tport = target.local_addr().unwrap().as_socket().unwrap().port();
    let (mut fwd, port) = forwarder(&[], tport);
    let client = r#"
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=20)
c.sendall(b"ping")
try:
    print(c.recv(100).decode() or "eof")
except ConnectionResetError:
    print("reset")
"#;
    let out = python_run(client, &[&port.to_string()]);
    assert!(
        ["eof", "reset"].contains(&out.out().trim()),
        "{}",
        out.out()
    );
    let failed = event(&fwd.line("forward_failed"));
    assert_eq!(failed["errno"], "ECONNREFUSED", "{failed}");
    assert_eq!(failed["conn"], 1);
    assert!(
        !fwd.exited(),
        "the forwarder stopped after a failed connect"
    );

    target.listen(8).unwrap();
    let server = std::thread::spawn(move || {
        use std::io::{Read, Write};
        let (s, _) = target.accept().unwrap();
        let mut s: std::net::TcpStream = s.into();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let mut b = [0u8; 4];
        s.read_exact(&mut b).unwrap();
        s.write_all(b"pong").unwrap();
        b
    });
    let out = python_run(client, &[&port.to_string()]);
    assert_eq!(out.out().trim(), "pong");
    assert_eq!(&server.join().unwrap(), b"ping");
    assert_eq!(event(&fwd.line("forward_connected"))["conn"], 2);
}

/// 40 clients at once, each with its own 200 kB, through one forwarder to
/// a threaded python echo server: every client gets its own bytes back.
#[test]
fn forward_serves_many_clients_at_once() {
    let (srv, sport) = python_server(
        r#"
import socketserver
class H(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.settimeout(30)
        while True:
            d = self.request.recv(65536)
            if not d:
                return
            self.request.sendall(d)
class S(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
    request_queue_size = 64
srv = S(("127.0.0.1", 0), H); ready(srv.socket)
srv.serve_forever()
"#,
        &[],
    );
    let (mut fwd, port) = forwarder(&[], sport);
    let out = python_run(
        r#"
import threading, hashlib
port = int(sys.argv[1]); N = 40; ok = []
def one(i):
    data = hashlib.sha256(str(i).encode()).digest() * 6400
    c = socket.create_connection(("127.0.0.1", port), timeout=30)
    t = threading.Thread(target=lambda: (c.sendall(data), c.shutdown(socket.SHUT_WR)))
    t.start(); got = recv_all(c); t.join(); c.close()
    ok.append(got == data)
ts = [threading.Thread(target=one, args=(i,)) for i in range(N)]
[t.start() for t in ts]; [t.join() for t in ts]
print(sum(ok), len(ok))
"#,
        &[&port.to_string()],
    );
    assert_eq!(out.out().trim(), "40 40");
    for _ in 0..40 {
        assert_eq!(event(&fwd.line("forward_closed"))["how"], "closed");
    }
    drop(srv);
}

/// --from-unix and --to-unix: an AF_UNIX client through the forwarder to an
/// AF_UNIX server, bytes exact; the forwarder's socket file is removed on
/// SIGINT.
#[test]
fn forward_unix_both_sides() {
    let d = TempDir::new("fwdunix");
    let back = d.path().join("back.sock").display().to_string();
    let front = d.path().join("front.sock").display().to_string();
    let mut srv = python_bg(
        r#"
s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(4); s.settimeout(20)
print("port 0", file=sys.stderr, flush=True)
c, _ = s.accept(); c.settimeout(20)
d = recv_all(c); c.sendall(d[::-1]); c.close()
"#,
        &[&back],
        In::Null,
        Sink::Capture,
    );
    srv.line("port 0");
    let (fwd, _) = listener(
        &[
            "--json",
            "forward",
            "--from-unix",
            &front,
            "--to-unix",
            &back,
        ],
        In::Null,
        Sink::Null,
    );
    let out = python_run(
        r#"
c = socket.socket(socket.AF_UNIX); c.settimeout(20); c.connect(sys.argv[1])
c.sendall(bytes(range(256)) * 400); c.shutdown(socket.SHUT_WR)
print(recv_all(c) == (bytes(range(256)) * 400)[::-1])
"#,
        &[&front],
    );
    assert_eq!(out.out().trim(), "True");
    srv.finish().ok();
    fwd.signal(libc::SIGINT);
    fwd.finish().code(130);
    assert!(
        !std::path::Path::new(&front).exists(),
        "socket file left behind"
    );
}

/// -x: every chunk is a `forward_data` event naming its connection, and the
/// hex of each direction, joined, is exactly what passed.
#[test]
fn forward_hex_names_the_connection() {
    let (srv, sport) = python_server(PY_UPPER_AFTER_EOF, &[]);
    let (mut fwd, port) = forwarder(&["-x"], sport);
    python_run(
        r#"
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=20)
c.sendall(b"watch me pass"); c.shutdown(socket.SHUT_WR); recv_all(c)
"#,
        &[&port.to_string()],
    );
    srv.finish().ok();
    fwd.line("forward_closed");
    fwd.signal(libc::SIGTERM);
    let out = fwd.finish();
    let (mut up, mut down) = (String::new(), String::new());
    for e in out.events() {
        if e["event"] == "forward_data" {
            assert_eq!(e["conn"], 1);
            match e["direction"].as_str() {
                Some("out") => up.push_str(e["hex"].as_str().unwrap()),
                _ => down.push_str(e["hex"].as_str().unwrap()),
            }
        }
    }
    assert_eq!(up, hex::encode("watch me pass"));
    assert_eq!(down, hex::encode("WATCH ME PASS"));
    // Human mode names the connection on each dump line.
    let (mut fwd, port) = listener(
        &[
            "forward",
            "-x",
            "127.0.0.1:0",
            "127.0.0.1",
            &sport.to_string(),
        ],
        In::Null,
        Sink::Null,
    );
    let _ = std::net::TcpStream::connect(("127.0.0.1", port)).map(|mut s| {
        use std::io::Write;
        let _ = s.write_all(b"hi");
    });
    let line = fwd.line("#1 connect onward failed");
    assert!(line.contains("ECONNREFUSED"), "{line}");
}

/// -w: a connection idle that long is closed (the client sees EOF) and
/// reported; --max-conns 1: a second client is not served until the first
/// is done.
#[test]
fn forward_idle_timeout_and_max_conns() {
    let (srv, sport) = python_server(
        r#"
s = tcp_server(); ready(s)
for _ in range(2):
    c, _ = s.accept(); c.settimeout(20)
    c.sendall(b"hello")
    recv_all(c); c.close()
"#,
        &[],
    );
    let (mut fwd, port) = forwarder(&["-w", "1s", "--max-conns", "1"], sport);
    let out = python_run(
        r#"
import time
p = int(sys.argv[1])
a = socket.create_connection(("127.0.0.1", p), timeout=20)
assert a.recv(5) == b"hello"
b = socket.create_connection(("127.0.0.1", p), timeout=20)
b.settimeout(0.3)
try:
    early = b.recv(5)
except socket.timeout:
    early = b"none"
b.settimeout(20)
t = time.monotonic()
rest = recv_all(a)
print(early.decode(), rest == b"", round(time.monotonic() - t, 1) < 10)
print(b.recv(5).decode())
"#,
        &[&port.to_string()],
    );
    let text = out.out();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0], "none True True",
        "second client served beyond --max-conns, or no idle close"
    );
    assert_eq!(lines[1], "hello");
    let closed = event(&fwd.line("forward_closed"));
    assert_eq!(closed["how"], "idle", "{closed}");
    drop(srv);
    drop(fwd);
    // Bad arguments are usage errors before anything listens.
    for bad in [
        &["forward", "8080"][..],
        &["forward", "127.0.0.1:0", ":9"],
        &["forward", "--max-conns", "0", "0", "127.0.0.1", "9"],
        &["forward", "--allow", "10.0.0.1/8", "0", "127.0.0.1", "9"],
        &["forward", "0:1", "127.0.0.1", "9", "x"],
    ] {
        sockx(bad).run().code(2);
    }
}

/// Every address of TO_HOST in order (inside the test namespace, where
/// multi.example.test is 127.0.0.11-13 and only .12 listens): a
/// `connect_failed` event for .11, then the connection through .12.
#[test]
fn forward_tries_every_address_of_the_target() {
    if !crate::netns::available() {
        return;
    }
    let outs = crate::netns::run(&[
        "D=$(mktemp -d); sockx listen -w 10s 127.0.0.12 5000 >$D/out 2>$D/err </dev/null & L=$!; \
         for i in $(seq 500); do grep -q listening $D/err && break; sleep 0.01; done; \
         sockx --json forward -w 10s 127.0.0.1 6000 multi.example.test 5000 2>$D/fwd & F=$!; \
         for i in $(seq 500); do grep -q listening $D/fwd && break; sleep 0.01; done; \
         printf 'via the second' | sockx connect -w 10s 127.0.0.1 6000; \
         wait $L; kill $F; wait $F; cat $D/out; cat $D/fwd >&2; rm -r $D",
    ]);
    let o = &outs[0];
    assert_eq!(o.out(), "via the second", "{}", o.err());
    let ev = o.events();
    let kinds: Vec<&str> = ev
        .iter()
        .filter_map(|e| e["event"].as_str())
        .filter(|k| k.starts_with("forward_connected") || *k == "connect_failed")
        .collect();
    assert_eq!(
        kinds,
        ["connect_failed", "forward_connected"],
        "{}",
        o.err()
    );
    let failed = ev.iter().find(|e| e["event"] == "connect_failed").unwrap();
    assert_eq!(failed["peer"]["address"], "127.0.0.11");
    let conn = ev
        .iter()
        .find(|e| e["event"] == "forward_connected")
        .unwrap();
    assert_eq!(conn["peer"]["address"], "127.0.0.12");
}
