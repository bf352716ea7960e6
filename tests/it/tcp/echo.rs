//! listen --echo / --upper: the concurrent echo server (one readiness loop)
//! with hundreds of simultaneous python clients each checking its own bytes,
//! bytes.upper() as the oracle for --upper, and --max-conns.

use std::time::{Duration, Instant};

use super::super::util::sockx;
use super::*;

/// Many clients at once, every one open before any is answered, replies read
/// last-first (a server serving one at a time never answers the last while
/// the first is open). Each checks its own bytes: echo, or bytes.upper().
const PY_MANY: &str = r#"
import random
port, n, mode = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = random.Random(7)
conns = [socket.create_connection(("127.0.0.1", port), timeout=30) for _ in range(n)]
datas = []
for i, c in enumerate(conns):
    body = ("client %d: straße ǆ é 你好 " % i).encode() + rng.randbytes(rng.randrange(1, 3000))
    datas.append(body)
    c.sendall(body)
for i in reversed(range(n)):
    want = datas[i] if mode == "echo" else datas[i].upper()
    got = b""
    while len(got) < len(want):
        d = conns[i].recv(65536)
        if not d:
            break
        got += d
    assert got == want, (i, len(got), len(want))
for c in conns:
    c.shutdown(socket.SHUT_WR)
for c in conns:
    assert c.recv(10) == b"", "server did not close after our EOF"
    c.close()
print(" ".join(str(len(d)) for d in sorted(datas, key=len)))
"#;

fn many_clients(mode: &str, n: usize) {
    let flag = format!("--{mode}");
    let (srv, port) = listener(
        &[
            "--json",
            "listen",
            "-k",
            &flag,
            "-b",
            "1024",
            "127.0.0.1",
            "0",
        ],
        In::Null,
        Sink::Capture,
    );
    let out = python_run(PY_MANY, &[&port.to_string(), &n.to_string(), mode]);
    let lens: Vec<u64> = out
        .out()
        .split_whitespace()
        .map(|x| x.parse().expect("len"))
        .collect();
    assert_eq!(lens.len(), n);
    // Wait (bounded) until every connection's closed event is out.
    let end = Instant::now() + Duration::from_secs(20);
    while srv.stderr_now().matches("\"closed\"").count() < n && Instant::now() < end {
        std::thread::sleep(Duration::from_millis(20));
    }
    srv.signal(libc::SIGINT);
    let o = srv.finish();
    o.code(130);
    assert!(o.stdout.is_empty(), "--{mode} writes nothing to stdout");
    let closed = events_named(&o, "closed");
    assert_eq!(closed.len(), n, "closed events");
    let mut ins: Vec<u64> = closed
        .iter()
        .map(|e| e["bytes_in"].as_u64().expect("bytes_in"))
        .collect();
    let mut outs: Vec<u64> = closed
        .iter()
        .map(|e| e["bytes_out"].as_u64().expect("bytes_out"))
        .collect();
    ins.sort();
    outs.sort();
    assert_eq!(ins, lens, "bytes_in per connection");
    assert_eq!(outs, lens, "bytes_out per connection");
}

#[test]
fn echo_serves_a_thousand_clients_at_once() {
    many_clients("echo", 1000);
}

#[test]
fn upper_serves_hundreds_at_once_like_bytes_upper() {
    many_clients("upper", 300);
}

/// --echo without -k: one connection, then exit 0; --upper is bytes.upper().
#[test]
fn echo_and_upper_single_connection() {
    let data: Vec<u8> = (0..=255u8).chain("straße ǆ é".bytes()).collect();
    for mode in ["--echo", "--upper"] {
        let (srv, port) = listener(&["listen", mode, "127.0.0.1", "0"], In::Null, Sink::Null);
        let out = python_run(
            r#"
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
data = bytes.fromhex(sys.argv[2])
c.sendall(data); c.shutdown(socket.SHUT_WR)
got = recv_all(c)
want = data if sys.argv[3] == "--echo" else data.upper()
assert got == want, (got, want)
print("ok")
"#,
            &[&port.to_string(), &hex::encode(&data), mode],
        );
        assert_eq!(out.out().trim(), "ok");
        srv.finish().ok();
    }
}

/// --max-conns 2: a third connection waits until one of the two closes.
#[test]
fn max_conns_caps_concurrent_connections() {
    let (srv, port) = listener(
        &[
            "listen",
            "-k",
            "--echo",
            "--max-conns",
            "2",
            "127.0.0.1",
            "0",
        ],
        In::Null,
        Sink::Null,
    );
    let out = python_run(
        r#"
port = int(sys.argv[1])
cs = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(3)]
for i, c in enumerate(cs):
    c.sendall(b"m%d" % i)
for i in (0, 1):
    assert cs[i].recv(100) == b"m%d" % i
cs[2].settimeout(0.5)
try:
    d = cs[2].recv(100)
    raise SystemExit("third connection served beyond --max-conns: %r" % d)
except socket.timeout:
    pass
cs[0].close()
cs[2].settimeout(10)
assert cs[2].recv(100) == b"m2"
print("ok")
"#,
        &[&port.to_string()],
    );
    assert_eq!(out.out().trim(), "ok");
    drop(srv);
    // Every serving mode takes it (issue 14 item 4): relaying stdin/stdout
    // serves one connection at a time, so the cap is met and bytes flow.
    let (srv, port) = listener(
        &["listen", "--max-conns", "1", "127.0.0.1", "0"],
        In::Bytes(b"to client".to_vec()),
        Sink::Capture,
    );
    let out = sockx(["connect", "127.0.0.1", &port.to_string()])
        .stdin(b"to server".to_vec())
        .run();
    out.ok();
    assert_eq!(out.out(), "to client");
    let s = srv.finish();
    s.ok();
    assert_eq!(s.out(), "to server");
    sockx(["listen", "--max-conns", "0", "127.0.0.1", "0"])
        .run()
        .code(2)
        .error_line("--max-conns");
}
