//! Terminal safety (issue 6, area 4): bytes from the network (and odd bytes
//! in names the user gave) never reach a terminal raw in a human rendering —
//! udp-recv lines, udp-send --wait replies, the -x hex dump, --trace lines
//! with AF_UNIX paths and peer addresses, -v event lines, error messages,
//! chat lines. The payload sent is full of ESC sequences (CSI, OSC title),
//! C1 controls (UTF-8 `\xc2\x9b` and a stray `\x9b`), bidi overrides and
//! isolates (U+202E, U+2066), an RLM, NUL, DEL and backspace. Each run uses
//! `--color always`, so the coloured renderings are checked too (our SGR
//! styles removed first). Payload relayed to stdout and --raw are exempt by
//! design: there the bytes must arrive exactly.

use std::io::{Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::net::{UnixDatagram, UnixStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::hostile::{raw_control, strip_sgr};
use super::tcp::{In, Proc, Sink, port_in, python_bg, python_run};
use super::util::{TempDir, sockx};

/// Everything a peer might send to take over a terminal.
const NASTY: &[u8] = b"A\x1b[2J\x1b]0;pwned\x07B\xc2\x9bC\xe2\x80\xaeD\x00E\x7fF\x9b\x1b[31mG\r\n\x08\xe2\x81\xa6H\xe2\x80\x8fI\x1bP";

/// The same as valid UTF-8 (for JSON's `text` and Python's str repr).
const NASTY_UTF8: &str =
    "A\x1b[2J\x1b]0;pwned\x07B\u{9b}C\u{202e}D\0E\x7fF\u{2066}H\u{200f}I\u{61c}J";

/// Names with the same ingredients (no NUL, no '/': they are file names).
const ODD_NAME: &[u8] = b"s\x1b[2J\xc2\x9b\xe2\x80\xae\x07\x9b.sock";
/// A name that is valid UTF-8 (shown as a str, not bytes).
const ODD_UTF8: &[u8] = "u\x1b[2J\u{9b}\u{202e}\x07.sock".as_bytes();

/// A sockx server started with `args` (coloured output) and the port of its
/// listening line.
fn listener(args: &[&str], stdin: In, stdout: Sink) -> (Proc, u16) {
    let mut p = Proc::sockx(args, stdin, stdout);
    let line = p.line("listening");
    let plain = String::from_utf8_lossy(&strip_sgr(line.as_bytes())).into_owned();
    (p, port_in(&plain))
}

fn plain(b: &[u8]) -> String {
    String::from_utf8_lossy(&strip_sgr(b)).into_owned()
}

/// Asserts a rendering holds no raw control character (SGR styles aside).
#[track_caller]
fn clean(what: &str, b: &[u8]) {
    if let Some(c) = raw_control(&strip_sgr(b)) {
        panic!(
            "{what}: raw {c} reaches the terminal: {:?}",
            String::from_utf8_lossy(b)
        );
    }
}

/// The escapes sockx writes for NASTY's ingredients, which must be there.
#[track_caller]
fn shows_escapes(what: &str, b: &[u8]) {
    let s = String::from_utf8_lossy(b);
    for e in [
        "\\x1b[2J",
        "\\x1b]0;pwned\\x07",
        "\\x9b",
        "\\u202e",
        "\\x00",
        "\\x7f",
    ] {
        assert!(s.contains(e), "{what}: no {e:?} in {s:?}");
    }
}

/// udp-recv's human lines (coloured), and a JSON object's hex, which must
/// be the bytes exactly.
#[test]
fn udp_recv_lines_are_escaped() {
    let (rx, port) = listener(
        &[
            "--color",
            "always",
            "-v",
            "udp-recv",
            "-c",
            "2",
            "127.0.0.1",
            "0",
        ],
        In::Null,
        Sink::Capture,
    );
    python_run(
        "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\nfor h in sys.argv[2:]:\n    s.sendto(bytes.fromhex(h), ('127.0.0.1', int(sys.argv[1])))\n",
        &[
            &port.to_string(),
            &hex::encode(NASTY),
            &hex::encode(b"plain"),
        ],
    );
    let out = rx.finish();
    out.ok();
    clean("udp-recv stdout", &out.stdout);
    clean("udp-recv stderr", &out.stderr);
    shows_escapes("udp-recv", &out.stdout);
    assert_eq!(out.out().lines().count(), 2, "{}", out.out());
}

/// udp-send --wait prints the replies it gets in udp-recv's format: escaped.
#[test]
fn udp_send_wait_replies_are_escaped() {
    let mut srv = python_bg(
        r#"
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0)); ready(s)
s.settimeout(20)
d, a = s.recvfrom(70000)
s.sendto(bytes.fromhex(sys.argv[1]), a)
"#,
        &[&hex::encode(NASTY)],
        In::Null,
        Sink::Null,
    );
    let line = srv.line("port ");
    let port = line.split_whitespace().nth(1).expect("port");
    let out = sockx([
        "--color",
        "always",
        "-v",
        "udp-send",
        "--wait",
        "1s",
        "127.0.0.1",
        port,
        "hi",
    ])
    .run();
    out.ok();
    clean("udp-send --wait stdout", &out.stdout);
    clean("udp-send --wait stderr", &out.stderr);
    shows_escapes("udp-send --wait", &out.stdout);
}

/// The -x hex dump both ways (coloured): its ASCII column shows printable
/// ASCII and '.' for everything else, the oracle being the bytes sent; the
/// relayed payload on stdout is the bytes exactly.
#[test]
fn hex_dump_ascii_column_is_safe() {
    let mut up = NASTY.to_vec();
    up.extend(0..=255u8);
    let down = [NASTY, b"reply"].concat();
    let (srv, port) = listener(
        &["--color", "always", "listen", "-x", "127.0.0.1", "0"],
        In::Bytes(down.clone()),
        Sink::Capture,
    );
    let mut c = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    c.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    c.write_all(&up).expect("write");
    c.shutdown(std::net::Shutdown::Write).expect("shutdown");
    let mut got = Vec::new();
    c.read_to_end(&mut got).expect("read");
    let out = srv.finish();
    out.ok();
    assert_eq!(got, down, "payload to the peer");
    assert_eq!(out.stdout, up, "payload to stdout is exact");
    clean("hex dump", &out.stderr);
    // The ASCII columns, per direction, are the oracle's mapping of the bytes.
    let text = plain(&out.stderr);
    for (mark, bytes) in [('<', &up), ('>', &down)] {
        let cols: String = text
            .lines()
            .filter(|l| l.starts_with(mark))
            .filter_map(|l| {
                let a = l.find('|')?;
                Some(l[a + 1..l.len() - 1].to_string())
            })
            .collect();
        let want: String = bytes
            .iter()
            .map(|&b| {
                if (0x20..0x7f).contains(&b) {
                    b as char
                } else {
                    '.'
                }
            })
            .collect();
        assert_eq!(cols, want, "ASCII column of {mark}");
    }
}

fn os(a: &[&str]) -> Vec<std::ffi::OsString> {
    a.iter().map(Into::into).collect()
}

/// A directory holding names with ODD_NAME's bytes.
fn odd_path(dir: &Path, prefix: &[u8]) -> PathBuf {
    odd_path_of(dir, prefix, ODD_NAME)
}

fn odd_path_of(dir: &Path, prefix: &[u8], odd: &[u8]) -> PathBuf {
    let mut name = prefix.to_vec();
    name.extend_from_slice(odd);
    dir.join(std::ffi::OsStr::from_bytes(&name))
}

/// --trace and -v with AF_UNIX paths full of control bytes: the listener's
/// own path (bind), the peer's bound path (accept, the events), and an
/// abstract name; the payload on stdout is exact.
#[test]
fn trace_and_events_with_odd_unix_paths() {
    let d = TempDir::new("oddunix");
    for odd in [ODD_NAME, ODD_UTF8] {
        let path = odd_path_of(d.path(), b"srv-", odd);
        let peer_path = odd_path_of(d.path(), b"cli-", odd);
        let mut args = os(&["--color", "always", "--trace", "-vv", "listen", "-U"]);
        args.push(path.clone().into_os_string());
        let mut p = sockx(args).spawn();
        p.stderr_line("listening");
        let s = socket2::Socket::new(socket2::Domain::UNIX, socket2::Type::STREAM, None)
            .expect("socket");
        s.bind(&socket2::SockAddr::unix(&peer_path).expect("addr"))
            .expect("bind the client's path");
        s.connect(&socket2::SockAddr::unix(&path).expect("addr"))
            .expect("connect");
        let mut c = UnixStream::from(std::os::fd::OwnedFd::from(s));
        c.write_all(NASTY).expect("write");
        drop(c);
        let out = p.wait();
        out.ok();
        assert_eq!(out.stdout, NASTY, "payload is exact");
        clean("trace with odd AF_UNIX paths", &out.stderr);
        let e = plain(&out.stderr);
        assert!(e.contains("bind(3, "), "{e}");
        assert!(e.contains("accept(3) = 4, "), "{e}");
        assert!(e.contains("\\x1b[2J"), "{e}");
        assert!(e.contains("connection from"), "{e}");
    }

    // An abstract name with the same bytes, and a connect error naming it.
    let mut abs = b"@".to_vec();
    abs.extend_from_slice(ODD_NAME);
    let abs = std::ffi::OsStr::from_bytes(&abs).to_os_string();
    let mut args = os(&["--color", "always", "--trace", "connect", "-U"]);
    args.push(abs);
    let out = sockx(args).run();
    out.code(1);
    clean("connect error naming an abstract name", &out.stderr);
    assert!(out.err().contains("ECONNREFUSED"), "{}", out.err());

    // A path that does not exist, and one that is not a socket.
    let missing = odd_path(d.path(), b"missing-");
    let mut args = os(&["--color", "always", "connect", "-U"]);
    args.push(missing.into_os_string());
    let out = sockx(args).run();
    out.code(1);
    clean("connect error naming a missing path", &out.stderr);
    let file = odd_path(d.path(), b"file-");
    std::fs::write(&file, b"precious").expect("write");
    let mut args = os(&["--color", "always", "listen", "-U"]);
    args.push(file.clone().into_os_string());
    let out = sockx(args).run();
    out.code(1).error_line("not a socket");
    clean("listen error naming a file", &out.stderr);
    assert_eq!(std::fs::read(&file).expect("read"), b"precious");
}

/// udp-recv on an AF_UNIX datagram socket, from a sender bound to an odd
/// path: the sender's name in the human line and the trace is escaped.
#[test]
fn udp_recv_from_an_odd_unix_sender() {
    let d = TempDir::new("oddudp");
    let path = odd_path(d.path(), b"rx-");
    let from = odd_path(d.path(), b"tx-");
    let mut args = os(&["--color", "always", "--trace", "udp-recv", "-c", "1", "-U"]);
    args.push(path.clone().into_os_string());
    let mut p = sockx(args).spawn();
    p.stderr_line("listening");
    let s = UnixDatagram::bind(&from).expect("bind");
    s.send_to(NASTY, &path).expect("send");
    let out = p.wait();
    out.ok();
    clean("udp-recv -U stdout", &out.stdout);
    clean("udp-recv -U stderr", &out.stderr);
    shows_escapes("udp-recv -U", &out.stdout);
}

/// The chat client shows what the room sends (a fake server full of control
/// bytes) escaped; the chat server's -v lines escape a member's name.
#[test]
fn chat_lines_are_escaped() {
    let mut srv = python_bg(
        r#"
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0)); ready(s)
s.settimeout(20)
name, a = s.recvfrom(1024)
evil = bytes.fromhex(sys.argv[1])
s.sendto(evil + ": joined".encode(), a)
s.sendto(b"mallory:" + evil, a)
print("sent", file=sys.stderr, flush=True)
while True:
    d, a = s.recvfrom(1024)
    if d == b"q":
        break
"#,
        &[&hex::encode(NASTY)],
        In::Null,
        Sink::Null,
    );
    let line = srv.line("port ");
    let port = line.split_whitespace().nth(1).expect("port").to_string();
    let mut cl = Proc::sockx(
        &[
            "--color",
            "always",
            "-v",
            "chat",
            "127.0.0.1",
            &port,
            "--name",
            "alice",
        ],
        In::Open,
        Sink::Capture,
    );
    srv.line("sent");
    // Give the datagrams a moment to be shown, then leave.
    std::thread::sleep(Duration::from_millis(300));
    cl.close_stdin();
    let out = cl.finish();
    out.ok();
    clean("chat stdout", &out.stdout);
    clean("chat stderr", &out.stderr);
    assert_eq!(out.out().lines().count(), 2, "{:?}", out.out());
    assert!(out.out().contains("\\x1b]0;pwned\\x07"), "{}", out.out());
    drop(srv);

    // chat-server -v: a member whose name and words are control bytes.
    let (srv, port) = listener(
        &["--color", "always", "-vv", "chat-server", "127.0.0.1", "0"],
        In::Null,
        Sink::Capture,
    );
    python_run(
        r#"
port = int(sys.argv[1]); evil = bytes.fromhex(sys.argv[2])
a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); a.settimeout(10)
b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); b.settimeout(10)
a.sendto(b"bob", ("127.0.0.1", port))
time.sleep(0.1)
b.sendto(evil, ("127.0.0.1", port))
a.recvfrom(1024)
b.sendto(evil + b":" + evil, ("127.0.0.1", port))
a.recvfrom(1024)
b.sendto(b"q", ("127.0.0.1", port))
a.recvfrom(1024)
a.sendto(b"q", ("127.0.0.1", port))
"#,
        &[&port.to_string(), &hex::encode(NASTY)],
    );
    std::thread::sleep(Duration::from_millis(200));
    srv.signal(libc::SIGTERM);
    let out = srv.finish();
    assert_eq!(out.code, 143, "{}", out.err());
    clean("chat-server stdout", &out.stdout);
    clean("chat-server stderr", &out.stderr);
    assert!(plain(&out.stderr).contains("\\x1b[2J"), "{}", out.err());
}

/// JSON renderings read on a terminal are safe too (DEL, C1 and bidi
/// written as \uXXXX by sockx's JSON writer), and carry the same data: a
/// datagram's text and hex, an AF_UNIX path in an event.
#[test]
fn json_is_terminal_safe() {
    let (rx, port) = listener(
        &["--json", "udp-recv", "-c", "1", "127.0.0.1", "0"],
        In::Null,
        Sink::Capture,
    );
    python_run(
        "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.sendto(bytes.fromhex(sys.argv[2]), ('127.0.0.1', int(sys.argv[1])))\n",
        &[&port.to_string(), &hex::encode(NASTY_UTF8)],
    );
    let out = rx.finish();
    out.ok();
    clean("udp-recv --json stdout", &out.stdout);
    clean("udp-recv --json stderr", &out.stderr);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["text"], NASTY_UTF8);
    assert_eq!(v["hex"], hex::encode(NASTY_UTF8));

    let d = TempDir::new("oddjson");
    let path = odd_path_of(d.path(), b"j-", ODD_UTF8);
    let mut args = os(&["--json", "--trace", "listen", "-U"]);
    args.push(path.clone().into_os_string());
    let mut p = sockx(args).spawn();
    p.stderr_line("listening");
    let mut c = UnixStream::connect(&path).expect("connect");
    c.write_all(NASTY).expect("write");
    drop(c);
    let out = p.wait();
    out.ok();
    assert_eq!(out.stdout, NASTY);
    clean("--json --trace stderr", &out.stderr);
    let listening = out
        .events()
        .into_iter()
        .find(|e| e["event"] == "listening")
        .expect("listening event");
    assert_eq!(
        listening["local"]["path"].as_str().map(str::as_bytes),
        Some(path.as_os_str().as_bytes())
    );
}
