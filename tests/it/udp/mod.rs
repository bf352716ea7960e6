//! The UDP data path (udp-send, udp-recv) through the real binary on
//! loopback, against python3's socket module, OpenBSD nc, ncat and socat.
//! The process helpers are tcp's.

use serde_json::Value;

use super::tcp::{In, Proc, Sink, python_bg};

mod interop;
mod recv;
mod send;

/// A python UDP receiver: binds 127.0.0.1:0 (::1 with argv[3] == "6"),
/// prints `port N` on stderr, then takes datagrams until argv[1] came (the
/// first within 20 s, the next each within argv[2] seconds) and prints them
/// as JSON: [[hex, sender port], …].
pub const PY_UDP_RECEIVER: &str = r#"
import json
n, quiet = int(sys.argv[1]), float(sys.argv[2])
v6 = len(sys.argv) > 3 and sys.argv[3] == "6"
s = socket.socket(socket.AF_INET6 if v6 else socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
s.bind(("::1" if v6 else "127.0.0.1", 0)); ready(s)
got = []
s.settimeout(20)
try:
    while len(got) < n:
        d, a = s.recvfrom(70000)
        got.append([d.hex(), a[1]])
        s.settimeout(quiet)
except socket.timeout:
    pass
print(json.dumps(got))
"#;

/// A started python receiver and its port.
pub fn py_receiver(n: usize, quiet: &str, v6: bool) -> (Proc, u16) {
    let ns = n.to_string();
    let mut args = vec![ns.as_str(), quiet];
    if v6 {
        args.push("6");
    }
    let mut p = python_bg(PY_UDP_RECEIVER, &args, In::Null, Sink::Capture);
    let line = p.line("port ");
    let port = line
        .split_whitespace()
        .nth(1)
        .and_then(|x| x.parse().ok())
        .expect("port");
    (p, port)
}

/// What a receiver got: (payload, sender port) in order.
#[track_caller]
pub fn received(p: Proc) -> Vec<(Vec<u8>, u16)> {
    let out = p.finish();
    assert_eq!(out.code, 0, "python receiver: {}", out.err());
    let v: Value = serde_json::from_slice(&out.stdout).expect("receiver JSON");
    v.as_array()
        .expect("array")
        .iter()
        .map(|d| {
            (
                hex::decode(d[0].as_str().expect("hex")).expect("hex"),
                d[1].as_u64().expect("port") as u16,
            )
        })
        .collect()
}

pub fn payloads(got: &[(Vec<u8>, u16)]) -> Vec<Vec<u8>> {
    got.iter().map(|(d, _)| d.clone()).collect()
}

/// A python sender: sends each hex payload of argv[3:] to 127.0.0.1:argv[1]
/// from one socket (its port is printed first), then prints the hex and the
/// sender port of argv[2] replies.
pub const PY_UDP_SENDER: &str = r#"
port = int(sys.argv[1]); replies = int(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0))
print(s.getsockname()[1], flush=True)
for h in sys.argv[3:]:
    s.sendto(bytes.fromhex(h), ("127.0.0.1", port))
s.settimeout(10)
for _ in range(replies):
    d, a = s.recvfrom(70000)
    print(d.hex(), a[1], flush=True)
"#;
