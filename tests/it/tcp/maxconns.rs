//! listen -k --max-conns N when relaying stdin/stdout (issue 14): one
//! connection is served at a time, N are held at most (the served one and
//! N-1 accepted and waiting their turn), and a client over the cap is
//! accepted and closed at once with a `rejected` event, as ncat refuses one
//! over its --max-conns, even while a transfer is going on.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::{In, Sink, events_named, listener, python_bg, python_run};

fn connect(port: u16) -> TcpStream {
    let s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    s
}

/// A client the listener closes at once: EOF (or a reset), never a wait.
#[track_caller]
fn refused(s: &mut TcpStream) {
    let mut x = [0u8; 64];
    match s.read(&mut x) {
        Ok(0) => {}
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {}
        other => panic!("want the connection closed at once, got {other:?}"),
    }
}

/// Still connected and not closed: a read times out.
#[track_caller]
fn held(s: &mut TcpStream) {
    s.set_read_timeout(Some(Duration::from_millis(300)))
        .expect("timeout");
    let mut x = [0u8; 64];
    let r = s.read(&mut x);
    assert!(
        matches!(&r, Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "want a held connection, got {r:?}"
    );
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
}

/// --max-conns 1: while A is served, B is refused at once (not left in
/// the backlog, where nc -k leaves it); after A, C is served.
#[test]
fn max_conns_1_refuses_while_one_is_served() {
    let (mut srv, port) = listener(
        &[
            "--json",
            "listen",
            "-k",
            "--max-conns",
            "1",
            "127.0.0.1",
            "0",
        ],
        In::Null,
        Sink::Capture,
    );
    let mut a = connect(port);
    a.write_all(b"A").expect("write");
    srv.line("\"accepted\"");
    let mut b = connect(port);
    let _ = b.write_all(b"B");
    let rejected = srv.line("\"rejected\"");
    assert!(rejected.contains("--max-conns 1"), "{rejected}");
    refused(&mut b);
    drop(a);
    srv.line("\"closed\"");
    let mut c = connect(port);
    c.write_all(b"C").expect("write");
    drop(c);
    srv.line("\"closed\"");
    srv.signal(libc::SIGTERM);
    let out = srv.finish();
    out.code(143);
    assert_eq!(out.out(), "AC", "B's bytes never reach stdout");
    assert_eq!(events_named(&out, "rejected").len(), 1);
    assert_eq!(events_named(&out, "accepted").len(), 2);
}

/// --max-conns 2: A served, B waits its turn (accepted, and served after
/// A, its bytes kept), C is refused; --deny is answered at once too.
#[test]
fn max_conns_2_holds_one_waiting_and_refuses_the_third() {
    let (mut srv, port) = listener(
        &[
            "--json",
            "listen",
            "-k",
            "--max-conns",
            "2",
            "--deny",
            "127.0.0.2",
            "127.0.0.1",
            "0",
        ],
        In::Null,
        Sink::Capture,
    );
    let mut a = connect(port);
    a.write_all(b"A").expect("write");
    srv.line("\"accepted\"");
    let mut b = connect(port);
    b.write_all(b"B").expect("write");
    let mut c = connect(port);
    let rejected = srv.line("\"rejected\"");
    assert!(rejected.contains("--max-conns 2"), "{rejected}");
    refused(&mut c);
    // A python3 client from 127.0.0.2 (bound before connect): refused by
    // --deny at once, while A is still served.
    let d = python_run(
        r#"
c = socket.socket()
c.bind(("127.0.0.2", 0))
c.settimeout(10)
c.connect(("127.0.0.1", int(sys.argv[1])))
try:
    print("closed" if c.recv(10) == b"" else "data")
except ConnectionResetError:
    print("closed")
"#,
        &[&port.to_string()],
    );
    assert_eq!(d.out().trim(), "closed");
    let rejected = srv.line("\"rejected\"");
    assert!(rejected.contains("--deny"), "{rejected}");
    held(&mut b);
    drop(a);
    drop(b);
    // B's turn: served though it closed meanwhile; its byte is kept.
    srv.line("\"closed\"");
    srv.line("\"closed\"");
    srv.signal(libc::SIGTERM);
    let out = srv.finish();
    out.code(143);
    assert_eq!(out.out(), "AB");
    assert_eq!(events_named(&out, "accepted").len(), 2);
}

/// Refused during a transfer: A downloads stdin (8 MiB) slowly and steadily;
/// B, arriving meanwhile, is closed at once, while A is still receiving.
#[test]
fn max_conns_refuses_during_a_transfer() {
    let data = vec![b'x'; 8 << 20];
    let (mut srv, port) = listener(
        &[
            "--json",
            "listen",
            "-k",
            "--max-conns",
            "1",
            "127.0.0.1",
            "0",
        ],
        In::Bytes(data),
        Sink::Null,
    );
    let mut a = connect(port);
    let mut buf = vec![0u8; 64 * 1024];
    let mut got = 0usize;
    while got < 1 << 20 {
        got += a.read(&mut buf).expect("read");
    }
    let mut b = connect(port);
    let t = Instant::now();
    refused(&mut b);
    let waited = t.elapsed();
    // A goes on to the end: the refusal did not disturb the transfer.
    let mut rest = Vec::new();
    a.read_to_end(&mut rest).expect("read");
    assert_eq!(got + rest.len(), 8 << 20);
    assert!(waited < Duration::from_secs(5), "refused after {waited:?}");
    srv.line("\"rejected\"");
    srv.signal(libc::SIGTERM);
    srv.finish().code(143);
}

/// --max-conns 1 with --tls: while A has connected but not begun its
/// handshake (sockx waits for its ClientHello), B is refused at once, not
/// after A's handshake ends; A's handshake then completes (python3 ssl) and
/// A is served.
#[test]
fn max_conns_refuses_while_a_tls_handshake_waits() {
    let pki = crate::tls::Pki::new();
    let (chain, key) = (pki.path("chain.pem"), pki.path("leaf.key"));
    let (mut srv, port) = listener(
        &[
            "--json",
            "listen",
            "-k",
            "--max-conns",
            "1",
            "--tls",
            "--cert",
            &chain,
            "--key",
            &key,
            "127.0.0.1",
            "0",
        ],
        In::Bytes(b"to A\n".to_vec()),
        Sink::Capture,
    );
    // A: python3, TCP only until told (a line on its stdin); sockx sits in
    // the handshake, waiting for A's ClientHello.
    let mut a = python_bg(
        CLIENT_A,
        &[&port.to_string(), &pki.path("root.pem")],
        In::Open,
        Sink::Capture,
    );
    a.line("connected");
    srv.line("\"accepted\"");
    let started = Instant::now();
    let mut b = connect(port);
    let rejected = srv.line("\"rejected\"");
    assert!(rejected.contains("--max-conns 1"), "{rejected}");
    refused(&mut b);
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "B waited for A's handshake"
    );
    a.stdin().write_all(b"go\n").expect("go");
    a.close_stdin();
    let out = a.finish();
    assert_eq!(out.code, 0, "{}", out.err());
    assert_eq!(out.out().trim(), "to A");
    srv.line("\"tls\"");
    srv.signal(libc::SIGTERM);
    let _ = srv.finish();
}

/// Client A of the test above: connects, says so, and begins its TLS
/// handshake only when a line arrives on stdin; then reads a line.
const CLIENT_A: &str = r#"
import ssl
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=20)
print("connected", file=sys.stderr, flush=True)
sys.stdin.readline()
ctx = ssl.create_default_context(cafile=sys.argv[2])
t = ctx.wrap_socket(c, server_hostname="localhost")
got = b""
while not got.endswith(b"\n"):
    d = t.recv(64)
    if not d:
        break
    got += d
print(got.decode().strip(), flush=True)
t.close()
"#;
