//! `sockx forward` through the real binary, with python3 servers and clients
//! on both sides as the oracle: bytes exact both ways (sha256), a FIN passed
//! on each way, a reset passed on each way, a failed onward connect that
//! leaves the forwarder serving, many clients at once, AF_UNIX on both
//! sides (more.rs), -x per connection, -w, --max-conns, every address of
//! the target in turn. Access control is in `acl`.

use std::time::Duration;

use crate::tcp::{In, PY_DUPLEX_CLIENT, PY_DUPLEX_SERVER, PY_UPPER_AFTER_EOF, Proc, Sink};
use crate::tcp::{file, listener, python_run, python_server, same_bytes};
use crate::util::{TempDir, random_bytes};

mod more;

/// A forwarder (with --json and `extra` options) from an ephemeral loopback
/// port to 127.0.0.1:`to`; its port.
pub fn forwarder(extra: &[&str], to: u16) -> (Proc, u16) {
    let to = to.to_string();
    let mut args = vec!["--json", "forward"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["127.0.0.1:0", "127.0.0.1", &to]);
    listener(&args, In::Null, Sink::Null)
}

pub fn event(line: &str) -> serde_json::Value {
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
