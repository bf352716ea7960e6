//! The TCP data path (listen, connect) through the real binary on loopback,
//! against oracles: the bytes that were sent (sha256), python3's socket
//! module, OpenBSD nc, ncat and socat. `udp` shares the helpers below.
//!
//! Every process is started by [`Proc`] (or util's `sockx().run()`) and
//! killed by pid when dropped; every wait is bounded. A sockx inside a bash
//! pipeline (which `Proc` cannot kill) is bounded by its own `-w` or by
//! its peer's timeout.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::util::Out;

pub mod carry;
mod connect;
mod echo;
mod ending;
mod integrity;
mod interop;
mod listen;
mod maxconns;
mod output;
mod paths;
mod process;
mod relayopts;
mod shapeedges;
mod table;
mod unix;

pub use process::{In, Proc, Sink};

/// Runs sockx to the end with stdin /dev/null, stdout captured (with the
/// descriptor hygiene of [`Proc`], for tests that check fd numbers).
#[track_caller]
pub fn run(args: &[&str]) -> Out {
    Proc::sockx(args, In::Null, Sink::Capture).finish()
}

/// A sockx listener (`args` include the subcommand), started and waited for:
/// its listening line and the port in it.
#[track_caller]
pub fn listener(args: &[&str], stdin: In, stdout: Sink) -> (Proc, u16) {
    let mut p = Proc::sockx(args, stdin, stdout);
    let line = p.line("listening");
    (p, port_in(&line))
}

/// The port of a listening line or event; 0 for AF_UNIX.
pub fn port_in(line: &str) -> u16 {
    if line.starts_with('{') {
        let v: serde_json::Value = serde_json::from_str(line).expect("json");
        return v["local"]["port"].as_u64().unwrap_or(0) as u16;
    }
    line.split_whitespace()
        .nth(2)
        .and_then(|a| a.rsplit(':').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or(0)
}

/// python3 running `code` after [`PY_PRELUDE`] (not waited for); a server
/// calls `ready(s)`, which prints `port N` on stderr (see [`python_server`]).
#[track_caller]
pub fn python_bg(code: &str, args: &[&str], stdin: In, stdout: Sink) -> Proc {
    let script = format!("{PY_PRELUDE}\n{code}");
    let mut a = vec!["-c", script.as_str()];
    a.extend_from_slice(args);
    Proc::start("python3", &a, stdin, stdout)
}

/// A python server: started, and its port read from its `port N` line.
#[track_caller]
pub fn python_server(code: &str, args: &[&str]) -> (Proc, u16) {
    let mut p = python_bg(code, args, In::Null, Sink::Capture);
    let line = p.line("port ");
    let port = line
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("bad port line {line:?}"));
    (p, port)
}

/// Runs python3 `code` (after the prelude) to completion with `args`.
#[track_caller]
pub fn python_run(code: &str, args: &[&str]) -> Out {
    let mut p = python_bg(code, args, In::Null, Sink::Capture);
    p.timeout = Duration::from_secs(60);
    let out = p.finish();
    assert_eq!(out.code, 0, "python failed: {} / {}", out.err(), out.out());
    out
}

/// Helpers every python program here starts with.
pub const PY_PRELUDE: &str = r#"
import os, socket, sys, time
def ready(s):
    print("port", s.getsockname()[1], file=sys.stderr, flush=True)
def tcp_server(host="127.0.0.1", family=socket.AF_INET):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, 0))
    s.listen(16)
    s.settimeout(20)
    return s
def recv_all(c):
    out = bytearray()
    while True:
        d = c.recv(65536)
        if not d:
            return bytes(out)
        out += d
def tls_exchange(t, data, want=None, secs=60):
    """Sends `data` and reads (to EOF, or `want` bytes) at the same time on
    one TLS socket, in ONE thread: an SSL object is not safe to use from two
    threads at once (a sendall thread beside recv made python read b'',
    reset the connection or crash now and then)."""
    import selectors, ssl
    t.setblocking(False)
    sel = selectors.DefaultSelector()
    sel.register(t, selectors.EVENT_READ)
    sent, got, done, end = 0, bytearray(), False, time.monotonic() + secs
    while time.monotonic() < end and not (done and sent == len(data)):
        moved = False
        if sent < len(data):
            try:
                sent += t.send(data[sent:sent + 65536])
                moved = True
            except (ssl.SSLWantWriteError, ssl.SSLWantReadError, BlockingIOError):
                pass
        if not done:
            try:
                d = t.recv(65536)
                got += d
                moved = True
                done = not d or (want is not None and len(got) >= want)
            except (ssl.SSLWantReadError, ssl.SSLWantWriteError, BlockingIOError):
                pass
        if not moved:
            sel.select(0.01)
    t.setblocking(True)
    t.settimeout(20)
    return bytes(got)
"#;

/// The seeds' echo server: one connection, recv(1024) and sendall until EOF.
pub const PY_ECHO_SERVER: &str = r#"
s = tcp_server(); ready(s)
conn, addr = s.accept(); conn.settimeout(20)
while True:
    data = conn.recv(1024)
    if not data:
        break
    conn.sendall(data)
conn.close()
"#;

/// An upper-casing server that reads to EOF first, then replies: the
/// half-close lesson (the client's SHUT_WR must not end its reading side).
pub const PY_UPPER_AFTER_EOF: &str = r#"
s = tcp_server(); ready(s)
conn, addr = s.accept(); conn.settimeout(20)
data = recv_all(conn)
conn.sendall(data.upper())
conn.close()
print(data.upper().hex())
"#;

/// A one-shot server: reads one request, replies "ok", closes.
pub const PY_OK_SERVER: &str = r#"
s = tcp_server(); ready(s)
conn, addr = s.accept(); conn.settimeout(20)
req = conn.recv(65536)
conn.sendall(b"ok")
conn.close()
print(req.hex(), flush=True)
"#;

/// A server that sends argv[1] (a file) and stores what it receives in
/// argv[2], both at once (a thread sends), then closes.
pub const PY_DUPLEX_SERVER: &str = r#"
import threading
s = tcp_server(); ready(s)
conn, addr = s.accept(); conn.settimeout(30)
data = open(sys.argv[1], "rb").read()
def send():
    conn.sendall(data)
    conn.shutdown(socket.SHUT_WR)
t = threading.Thread(target=send); t.start()
got = recv_all(conn)
t.join()
open(sys.argv[2], "wb").write(got)
conn.close()
"#;

/// A client that connects to argv[1]:argv[2] and sends argv[3] (a file)
/// while receiving into argv[4]; it half-closes only after the listener's
/// EOF, since a listener ends with its peer once its stdin has nothing ready
/// (nc -l), which would cut a piped stdin short.
pub const PY_DUPLEX_CLIENT: &str = r#"
import threading
c = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=30)
data = open(sys.argv[3], "rb").read()
t = threading.Thread(target=lambda: c.sendall(data)); t.start()
got = recv_all(c)
t.join()
c.shutdown(socket.SHUT_WR)
open(sys.argv[4], "wb").write(got)
c.close()
"#;

/// Whether a TCP socket listens on this port (from /proc/net/tcp{,6}), for
/// peers that print no listening line.
pub fn tcp_listening(port: u16) -> usize {
    proc_net_count(&["/proc/net/tcp", "/proc/net/tcp6"], port, "0A")
}

/// UDP sockets bound to this port (state 07, "closed" in /proc/net/udp).
pub fn udp_bound(port: u16) -> usize {
    proc_net_count(&["/proc/net/udp", "/proc/net/udp6"], port, "07")
}

fn proc_net_count(files: &[&str], port: u16, state: &str) -> usize {
    let want = format!(":{port:04X}");
    files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .map(|t| {
            t.lines()
                .skip(1)
                .filter(|l| {
                    let f: Vec<&str> = l.split_whitespace().collect();
                    f.len() > 3 && f[1].ends_with(&want) && f[3] == state
                })
                .count()
        })
        .sum()
}

/// Waits (bounded) until a peer listens on `port`.
#[track_caller]
pub fn wait_tcp_listening(port: u16) {
    assert!(
        super::util::wait_until(Duration::from_secs(10), || tcp_listening(port) > 0),
        "nothing listens on port {port}"
    );
}

#[track_caller]
pub fn wait_udp_bound(port: u16) {
    assert!(
        super::util::wait_until(Duration::from_secs(10), || udp_bound(port) > 0),
        "nothing is bound to udp port {port}"
    );
}

/// A TCP port that is bound but not listening while the value lives: a
/// connect to it is refused, and no other test can take it.
pub struct ClosedPort {
    _sock: socket2::Socket,
    pub port: u16,
}

pub fn closed_port() -> ClosedPort {
    let s =
        socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).expect("socket");
    let a: std::net::SocketAddr = "127.0.0.1:0".parse().expect("addr");
    s.bind(&a.into()).expect("bind");
    let port = s
        .local_addr()
        .expect("addr")
        .as_socket()
        .expect("inet")
        .port();
    ClosedPort { _sock: s, port }
}

/// Writes `data` to `dir/name` and returns the path.
pub fn file(dir: &Path, name: &str, data: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, data).expect("write file");
    p
}

/// Asserts two byte strings are equal, showing sizes and sha256 rather than
/// megabytes of bytes.
#[track_caller]
pub fn same_bytes(got: &[u8], want: &[u8], what: &str) {
    if got != want {
        let first = got.iter().zip(want).position(|(a, b)| a != b);
        panic!(
            "{what}: got {} bytes (sha256 {}), want {} bytes (sha256 {}); first difference at {:?}",
            got.len(),
            super::util::sha256(got),
            want.len(),
            super::util::sha256(want),
            first
        );
    }
}

/// The JSON events of a finished sockx run with this `event` name.
pub fn events_named(out: &Out, name: &str) -> Vec<serde_json::Value> {
    out.events()
        .into_iter()
        .filter(|e| e["event"] == name)
        .collect()
}

pub fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}
