//! The relay options through the binary against python3 (and ncat where it
//! has the same option): -C bytes exact, --send-only/--recv-only as ncat,
//! -i spacing, -o/--log-json contents, --heartbeat against a peer that
//! stops answering (SIGSTOP), --frame interop with python's struct both
//! ways and its errors.

use std::time::{Duration, Instant};

use super::super::util::{TempDir, have, random_bytes, sockx};
use super::*;

/// Reads to EOF (bounded by settimeout), prints the bytes' hex.
const PY_RECORD: &str = r#"
s = tcp_server(); ready(s)
conn, addr = s.accept(); conn.settimeout(20)
print(recv_all(conn).hex(), flush=True)
"#;

fn hex_of(out: &super::super::util::Out) -> Vec<u8> {
    hex::decode(out.out().trim()).expect("hex from python")
}

#[test]
fn crlf_turns_each_lf_into_crlf_exactly_as_ncat() {
    let input = b"a\nb\r\nc\n\nd".to_vec();
    let want = b"a\r\nb\r\nc\r\n\r\nd".to_vec();
    let (py, port) = python_server(PY_RECORD, &[]);
    Proc::sockx(
        &["connect", "-C", "127.0.0.1", &port.to_string()],
        In::Bytes(input.clone()),
        Sink::Capture,
    )
    .finish()
    .ok();
    assert_eq!(hex_of(&py.finish()), want, "sockx -C");
    if have("ncat") {
        let (py, port) = python_server(PY_RECORD, &[]);
        Proc::start(
            "ncat",
            &["-C", "127.0.0.1", &port.to_string()],
            In::Bytes(input),
            Sink::Capture,
        )
        .finish()
        .ok();
        assert_eq!(hex_of(&py.finish()), want, "the oracle, ncat -C");
    }
}

/// Sends "hello" first, then records what arrives until EOF.
const PY_HELLO_RECORD: &str = r#"
s = tcp_server(); ready(s)
conn, addr = s.accept(); conn.settimeout(20)
conn.sendall(b"hello\n")
print(recv_all(conn).hex(), flush=True)
"#;

#[test]
fn send_only_never_reads_the_socket_and_ends_at_stdin_eof() {
    let (py, port) = python_server(PY_HELLO_RECORD, &[]);
    let c = Proc::sockx(
        &[
            "--trace",
            "connect",
            "--send-only",
            "127.0.0.1",
            &port.to_string(),
        ],
        In::Bytes(b"upload\n".to_vec()),
        Sink::Capture,
    )
    .finish();
    c.ok();
    assert_eq!(c.out(), "", "nothing read from the socket reaches stdout");
    let err = c.err();
    assert!(!err.contains("recv("), "the socket was read: {err}");
    assert!(err.contains("shutdown(3, SHUT_WR)"), "{err}");
    assert_eq!(hex_of(&py.finish()), b"upload\n");
    if have("ncat") {
        let (py, port) = python_server(PY_HELLO_RECORD, &[]);
        let n = Proc::start(
            "ncat",
            &["--send-only", "127.0.0.1", &port.to_string()],
            In::Bytes(b"upload\n".to_vec()),
            Sink::Capture,
        )
        .finish();
        n.ok();
        assert_eq!(n.out(), "", "ncat --send-only prints nothing either");
        assert_eq!(hex_of(&py.finish()), b"upload\n");
    }
}

/// Sends "hello", then waits a second for the client's FIN or bytes: says
/// "open" if neither came (the client did not half-close), then closes.
const PY_HELLO_WATCH: &str = r#"
s = tcp_server(); ready(s)
conn, addr = s.accept()
conn.sendall(b"hello\n")
conn.settimeout(1.0)
try:
    d = conn.recv(100)
    print("eof" if d == b"" else "data " + d.hex(), flush=True)
except socket.timeout:
    print("open", flush=True)
conn.close()
"#;

#[test]
fn recv_only_never_reads_stdin_nor_sends_shut_wr_as_ncat() {
    let mut peers = vec![(BIN_NAME.to_string(), vec!["connect", "--recv-only"])];
    if have("ncat") {
        peers.push(("ncat".to_string(), vec!["--recv-only"]));
    }
    for (program, args) in peers {
        let (py, port) = python_server(PY_HELLO_WATCH, &[]);
        let p = port.to_string();
        let mut a = args.clone();
        a.extend(["127.0.0.1", p.as_str()]);
        // stdin at EOF at once: were it read, a SHUT_WR would follow.
        let c = Proc::start(&program_path(&program), &a, In::Null, Sink::Capture).finish();
        c.ok();
        assert_eq!(c.out(), "hello\n", "{program}");
        assert_eq!(
            py.finish().out().trim(),
            "open",
            "{program} half-closed or sent"
        );
    }
}

const BIN_NAME: &str = "sockx";

fn program_path(p: &str) -> String {
    if p == BIN_NAME {
        super::super::util::BIN.to_string()
    } else {
        p.to_string()
    }
}

/// Records each line's arrival time (seconds since the first) and EOF's.
const PY_LINE_TIMES: &str = r#"
s = tcp_server(); ready(s)
conn, addr = s.accept(); conn.settimeout(20)
f = conn.makefile("rb")
t0 = None
for line in f:
    now = time.monotonic()
    t0 = t0 or now
    print("%.3f %s" % (now - t0, line.decode().strip()), flush=True)
print("%.3f EOF" % (time.monotonic() - t0), flush=True)
"#;

#[test]
fn interval_pauses_between_lines_and_not_after_the_last() {
    let (py, port) = python_server(PY_LINE_TIMES, &[]);
    Proc::sockx(
        &["connect", "-i", "1s", "127.0.0.1", &port.to_string()],
        In::Bytes(b"one\ntwo\nthree\n".to_vec()),
        Sink::Capture,
    )
    .finish()
    .ok();
    let out = py.finish().out();
    let t: Vec<(f64, String)> = out
        .lines()
        .map(|l| {
            let (a, b) = l.split_once(' ').expect("time word");
            (a.parse().expect("seconds"), b.to_string())
        })
        .collect();
    let words: Vec<&str> = t.iter().map(|(_, w)| w.as_str()).collect();
    assert_eq!(words, ["one", "two", "three", "EOF"], "{out}");
    assert!(t[1].0 - t[0].0 >= 0.95, "{out}");
    assert!(t[2].0 - t[1].0 >= 0.95, "{out}");
    // The EOF is not held back by one more interval.
    assert!(t[3].0 - t[2].0 < 0.9, "{out}");
}

#[test]
fn session_logs_hold_both_directions_with_timestamps() {
    let d = TempDir::new("sesslog");
    let sent = random_bytes(200_000, 77);
    let (py, port) = python_server(PY_ECHO_SERVER, &[]);
    let hexlog = d.path().join("s.log");
    let jsonlog = d.path().join("s.jsonl");
    let c = Proc::sockx(
        &[
            "connect",
            "-o",
            hexlog.to_str().unwrap(),
            "--log-json",
            jsonlog.to_str().unwrap(),
            "127.0.0.1",
            &port.to_string(),
        ],
        In::Bytes(sent.clone()),
        Sink::Capture,
    )
    .finish();
    c.ok();
    py.finish();
    same_bytes(&c.stdout, &sent, "echoed");
    assert!(
        !c.err().contains("00000000"),
        "no hex dump on stderr without -x"
    );

    // JSON Lines: data events, in order, each way.
    let text = std::fs::read_to_string(&jsonlog).expect("json log");
    let (mut out, mut inn, mut last_t) = (Vec::new(), Vec::new(), 0u64);
    let mut kinds = Vec::new();
    for l in text.lines() {
        let v: serde_json::Value = serde_json::from_str(l).expect("JSON line");
        let t = v["t_us"].as_u64().expect("t_us");
        assert!(t >= last_t, "time goes forward: {l}");
        assert!(v["unix_us"].as_u64().is_some(), "{l}");
        last_t = t;
        let kind = v["event"].as_str().unwrap().to_string();
        if kind == "data" {
            let b = hex::decode(v["hex"].as_str().unwrap()).unwrap();
            assert_eq!(b.len() as u64, v["bytes"].as_u64().unwrap());
            match v["direction"].as_str().unwrap() {
                "out" => out.extend(b),
                _ => inn.extend(b),
            }
        }
        kinds.push(kind);
    }
    same_bytes(&out, &sent, "log-json, sent");
    same_bytes(&inn, &sent, "log-json, received");
    assert_eq!(kinds.first().map(String::as_str), Some("connected"));
    assert_eq!(kinds.last().map(String::as_str), Some("closed"));

    // The hex dump: `> OFFSET  hex... |ascii|` rows, a `# +S.US` line before each chunk.
    let text = std::fs::read_to_string(&hexlog).expect("hex log");
    let (mut out, mut inn) = (Vec::new(), Vec::new());
    let mut stamps = 0;
    for l in text.lines() {
        if l.starts_with("# +") {
            stamps += 1;
            continue;
        }
        let Some(mark) = l.chars().next().filter(|c| *c == '>' || *c == '<') else {
            continue;
        };
        let hexpart = &l[12..l.find(" |").expect("ascii column")];
        let b: Vec<u8> = hexpart
            .split_whitespace()
            .map(|h| u8::from_str_radix(h, 16).expect("hex byte"))
            .collect();
        if mark == '>' {
            out.extend(b)
        } else {
            inn.extend(b)
        }
    }
    same_bytes(&out, &sent, "-o, sent");
    same_bytes(&inn, &sent, "-o, received");
    assert!(stamps >= 4, "timestamps: {stamps}");
}

#[test]
fn heartbeat_answered_by_an_echo_then_a_stopped_peer_is_declared_dead() {
    let (echo, port) = listener(
        &["listen", "-k", "--echo", "127.0.0.1", "0"],
        In::Null,
        Sink::Null,
    );
    let mut c = Proc::sockx(
        &[
            "--json",
            "connect",
            "--heartbeat",
            "300ms,2",
            "127.0.0.1",
            &port.to_string(),
        ],
        In::Open,
        Sink::Capture,
    );
    // The echo answers: three heartbeats, none missed.
    for _ in 0..3 {
        c.line("heartbeat_sent");
    }
    assert!(
        !c.stderr_now().contains("heartbeat_missed"),
        "{}",
        c.stderr_now()
    );
    echo.signal(libc::SIGSTOP);
    let started = Instant::now();
    c.timeout = Duration::from_secs(30);
    let out = c.finish_open();
    echo.signal(libc::SIGCONT);
    assert_eq!(out.code, 4, "{}", out.err());
    let err = out.err();
    assert!(err.contains("heartbeat"), "{err}");
    let missed: Vec<_> = out
        .events()
        .into_iter()
        .filter(|e| e["event"] == "heartbeat_missed")
        .collect();
    assert_eq!(missed.len(), 2, "{err}");
    assert_eq!(missed[1]["missed"], 2);
    assert_eq!(missed[1]["of"], 2);
    // At least MISSES intervals after the peer went silent (no upper bound
    // but the 30 s above: the machine may be busy).
    assert!(started.elapsed() >= Duration::from_millis(550), "{err}");
}

/// Reads len32 messages to EOF and prints each as hex; then sends three
/// messages of its own (one empty, one not ASCII) and closes.
const PY_STRUCT_SERVER: &str = r#"
import struct
s = tcp_server(); ready(s)
conn, addr = s.accept(); conn.settimeout(20)
f = conn.makefile("rb")
while True:
    h = f.read(4)
    if not h:
        break
    (n,) = struct.unpack("!I", h)
    print(f.read(n).hex(), flush=True)
for m in [b"first", b"", "π ok".encode()]:
    conn.sendall(struct.pack("!I", len(m)) + m)
conn.close()
"#;

#[test]
fn frame_len32_interoperates_with_python_struct_both_ways() {
    let (py, port) = python_server(PY_STRUCT_SERVER, &[]);
    let c = Proc::sockx(
        &[
            "connect",
            "--frame",
            "len32",
            "127.0.0.1",
            &port.to_string(),
        ],
        In::Bytes(b"hello\n\nlast line".to_vec()),
        Sink::Capture,
    )
    .finish();
    c.ok();
    assert_eq!(c.out(), "first\n\nπ ok\n");
    let got: Vec<String> = py.finish().out().lines().map(String::from).collect();
    assert_eq!(
        got,
        [
            hex::encode("hello"),
            String::new(),
            hex::encode("last line")
        ]
    );
}

/// A python client that sends len16 messages with struct and reads the
/// lines sockx listen prints... the other way: reads len16 messages back.
const PY_STRUCT_CLIENT: &str = r#"
import struct
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=20)
for m in [b"alpha", b"beta"]:
    c.sendall(struct.pack("!H", len(m)) + m)
c.shutdown(socket.SHUT_WR)
f = c.makefile("rb")
while True:
    h = f.read(2)
    if not h:
        break
    (n,) = struct.unpack("!H", h)
    print(f.read(n).decode(), flush=True)
"#;

#[test]
fn listen_frame_len16_interoperates_with_a_python_struct_client() {
    let (srv, port) = listener(
        &["listen", "--frame", "len16", "127.0.0.1", "0"],
        In::Bytes(b"one\ntwo\n".to_vec()),
        Sink::Capture,
    );
    let py = python_bg(
        PY_STRUCT_CLIENT,
        &[&port.to_string()],
        In::Null,
        Sink::Capture,
    )
    .finish();
    let s = srv.finish();
    s.ok();
    assert_eq!(s.out(), "alpha\nbeta\n");
    assert_eq!(py.out(), "one\ntwo\n");
}

/// Sends argv[1] (hex) and closes.
const PY_SEND_HEX: &str = r#"
s = tcp_server(); ready(s)
conn, addr = s.accept(); conn.settimeout(20)
conn.sendall(bytes.fromhex(sys.argv[1]))
conn.close()
"#;

fn frame_error(kind: &str, bytes: &[u8]) -> super::super::util::Out {
    let (_py, port) = python_server(PY_SEND_HEX, &[&hex::encode(bytes)]);
    Proc::sockx(
        &["connect", "--frame", kind, "127.0.0.1", &port.to_string()],
        In::Open,
        Sink::Capture,
    )
    .finish_open()
}

#[test]
fn frame_short_and_oversized_messages_are_clear_errors() {
    let o = frame_error("len32", b"\x00\x00\x00\x0aabc");
    assert_eq!(o.code, 1, "{}", o.err());
    assert!(
        o.err()
            .contains("short message: the len32 header announced 10 bytes"),
        "{}",
        o.err()
    );
    let o = frame_error("len16", b"\x00\x02ok\x00");
    assert_eq!(o.code, 1, "{}", o.err());
    assert_eq!(
        o.out(),
        "ok\n",
        "the whole message before the cut is delivered"
    );
    assert!(
        o.err().contains("middle of a len16 header (1 of 2 bytes)"),
        "{}",
        o.err()
    );
    let o = frame_error("len32", b"\xff\xff\xff\xff");
    assert_eq!(o.code, 1, "{}", o.err());
    assert!(o.err().contains("more than the limit"), "{}", o.err());
    // A stdin line too long for one len16 message: invalid input.
    let (_py, port) = python_server(PY_RECORD, &[]);
    let mut long = vec![b'x'; 70_000];
    long.push(b'\n');
    let o = Proc::sockx(
        &[
            "connect",
            "--frame",
            "len16",
            "127.0.0.1",
            &port.to_string(),
        ],
        In::Bytes(long),
        Sink::Capture,
    )
    .finish();
    assert_eq!(o.code, 2, "{}", o.err());
    assert!(
        o.err().contains("too long for one len16 message"),
        "{}",
        o.err()
    );
}

#[test]
fn frame_trace_shows_recv_boundaries_beside_message_boundaries() {
    // Two messages in one send(): one recv() carries both (one segment on loopback).
    let (_py, port) = python_server(PY_SEND_HEX, &["0000000361626300000002797a"]);
    let o = Proc::sockx(
        &[
            "--trace",
            "connect",
            "--frame",
            "len32",
            "127.0.0.1",
            &port.to_string(),
        ],
        In::Null,
        Sink::Capture,
    )
    .finish();
    o.ok();
    assert_eq!(o.out(), "abc\nyz\n");
    let err = o.err();
    let i = err.find(") = 13").expect("one recv of both messages");
    let after = &err[i..];
    let a = after
        .find("len32 message received: 3 bytes")
        .expect("first message");
    let b = after
        .find("len32 message received: 2 bytes")
        .expect("second message");
    assert!(a < b, "{err}");
}

/// A len16 message whose header's low byte is 'a' (0x61): --upper must not touch it.
const PY_UPPER_FRAME_CLIENT: &str = r#"
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=20)
m = b"a" * 0x61
c.sendall(b"\x00\x61" + m)
c.shutdown(socket.SHUT_WR)
print(recv_all(c).hex(), flush=True)
"#;

#[test]
fn echo_server_upper_with_frames_changes_payloads_never_headers() {
    let (srv, port) = listener(
        &["listen", "--upper", "--frame", "len16", "127.0.0.1", "0"],
        In::Null,
        Sink::Null,
    );
    let py = python_bg(
        PY_UPPER_FRAME_CLIENT,
        &[&port.to_string()],
        In::Null,
        Sink::Capture,
    )
    .finish();
    let mut want = b"\x00\x61".to_vec();
    want.extend(vec![b'A'; 0x61]);
    assert_eq!(hex_of(&py), want);
    srv.finish().ok();
}

#[test]
fn relay_option_conflicts_are_usage_errors() {
    for args in [
        &["connect", "-C", "--frame", "len32", "127.0.0.1", "9"][..],
        &["connect", "--send-only", "--recv-only", "127.0.0.1", "9"],
        &["connect", "--heartbeat", "0", "127.0.0.1", "9"],
        &["connect", "--heartbeat", "1s,0", "127.0.0.1", "9"],
        &[
            "connect",
            "--heartbeat",
            "1s",
            "--send-only",
            "127.0.0.1",
            "9",
        ],
        &["connect", "--heartbeat-data", "x", "127.0.0.1", "9"],
        &["connect", "--frame", "len64", "127.0.0.1", "9"],
        &["listen", "--echo", "-C", "127.0.0.1", "0"],
    ] {
        sockx(args).run().code(2);
    }
}
