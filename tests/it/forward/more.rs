//! forward, continued: AF_UNIX on both sides, -x, -w and --max-conns, bad
//! arguments, and every address of the target in turn (DNS namespace).

use super::{event, forwarder};
use crate::tcp::{In, PY_UPPER_AFTER_EOF, Sink, listener, python_bg, python_run, python_server};
use crate::util::{TempDir, sockx};

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
        &["forward", "--allow", "127.0.0.1/8", "0", "127.0.0.1", "9"],
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
