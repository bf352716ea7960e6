//! Nasty inputs on the line path (-i, --frame) through the binary, against
//! a python3 server that records what arrived: each test pins a bug found
//! by trying them (issue 14, item 3).

use super::{In, Proc, Sink, python_server};

/// Records everything received, then prints it as hex.
const PY_RECORD: &str = r#"
s = tcp_server(); ready(s)
conn, addr = s.accept(); conn.settimeout(30)
print(recv_all(conn).hex(), flush=True)
"#;

fn recorded(py: Proc) -> Vec<u8> {
    let out = py.finish();
    assert_eq!(out.code, 0, "python: {}", out.err());
    hex::decode(out.out().trim()).expect("hex from python")
}

/// Reads argv[1] bytes, closes at once (so the FIN does not wait on
/// python's exit), then prints them as hex.
const PY_READ_N: &str = r#"
s = tcp_server(); ready(s)
conn, addr = s.accept(); conn.settimeout(30)
want, got = int(sys.argv[1]), b""
while len(got) < want:
    d = conn.recv(65536)
    if not d:
        break
    got += d
conn.close()
print(got.hex(), flush=True)
"#;

/// -i longer than -w: the pause between lines is sockx's own, not the
/// connection's idleness. It was counted: `-w 3s -i 4s` ended with exit 4
/// before the second line. (The peer closes as soon as it has both lines,
/// so the wait for its FIN is short next to -w even on a loaded machine.)
#[test]
fn interval_pause_is_not_idleness_for_w() {
    let (py, port) = python_server(PY_READ_N, &["8"]);
    let o = Proc::sockx(
        &[
            "connect",
            "-w",
            "3s",
            "-i",
            "4s",
            "127.0.0.1",
            &port.to_string(),
        ],
        In::Bytes(b"one\ntwo\n".to_vec()),
        Sink::Capture,
    )
    .finish();
    assert_eq!(o.code, 0, "{}", o.err());
    assert_eq!(recorded(py), b"one\ntwo\n");
}

/// -w still ends a connection whose stdin is idle under -i (nothing held
/// back by the interval): the fix above exempts only the pause.
#[test]
fn interval_with_idle_stdin_still_times_out() {
    let (py, port) = python_server(PY_RECORD, &[]);
    let mut p = Proc::sockx(
        &[
            "connect",
            "-w",
            "300ms",
            "-i",
            "10ms",
            "127.0.0.1",
            &port.to_string(),
        ],
        In::Open,
        Sink::Capture,
    );
    use std::io::Write;
    p.stdin().write_all(b"first\n").expect("stdin");
    let o = p.finish_open();
    assert_eq!(o.code, 4, "{}", o.err());
    assert!(o.err().contains("idle timeout"), "{}", o.err());
    assert_eq!(recorded(py), b"first\n");
}

/// What a line is does not depend on --bufsize (the recv() size): with
/// `--bufsize 1 -i` every byte went in its own send(), one interval apart.
#[test]
fn interval_lines_are_whole_whatever_the_bufsize() {
    let (py, port) = python_server(PY_RECORD, &[]);
    let o = Proc::sockx(
        &[
            "--json",
            "--trace",
            "connect",
            "--bufsize",
            "1",
            "-i",
            "10ms",
            "127.0.0.1",
            &port.to_string(),
        ],
        In::Bytes(b"hello world\nsecond line\n".to_vec()),
        Sink::Capture,
    )
    .finish();
    assert_eq!(o.code, 0, "{}", o.err());
    let sends: Vec<String> = o
        .events()
        .into_iter()
        .filter(|e| e["event"] == "call" && e["call"] == "send")
        .map(|e| e["args"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(sends.len(), 2, "one send() per line: {sends:?}");
    assert!(sends.iter().all(|a| a.ends_with("12 bytes")), "{sends:?}");
    assert_eq!(recorded(py), b"hello world\nsecond line\n");
}

/// --frame len16 at its limit: a 65535-byte line is one message (python's
/// struct reads it back); 65536 bytes is invalid input, exit 2, and no
/// part of it is sent.
#[test]
fn frame_len16_at_and_over_the_length_field() {
    for (n, code) in [(65_535usize, 0), (65_536, 2)] {
        let (py, port) = python_server(PY_RECORD, &[]);
        let mut line = vec![b'z'; n];
        line.push(b'\n');
        let o = Proc::sockx(
            &[
                "connect",
                "--frame",
                "len16",
                "127.0.0.1",
                &port.to_string(),
            ],
            In::Bytes(line),
            Sink::Capture,
        )
        .finish();
        assert_eq!(o.code, code, "{n}: {}", o.err());
        let got = recorded(py);
        if code == 0 {
            assert_eq!(got.len(), 2 + n);
            assert_eq!(u16::from_be_bytes([got[0], got[1]]) as usize, n);
        } else {
            assert!(o.err().contains("too long for one len16"), "{}", o.err());
            assert!(got.is_empty(), "{} bytes sent", got.len());
        }
    }
}

/// --frame line -C with a stdin of CRLF lines: -C keeps a CR already
/// before the LF, as it does without --frame; it sent CR CR LF. (Without
/// --frame a last line with no newline stays without one; as a message it
/// gets its line end.)
#[test]
fn frame_line_crlf_keeps_a_cr_already_there() {
    let cases: [(&[&str], &str); 3] = [
        (&["--frame", "line", "-C"], "abc\r\ndef\r\nlast\r\n"),
        (&["-C"], "abc\r\ndef\r\nlast"),
        (&["-C", "-i", "1ms"], "abc\r\ndef\r\nlast"),
    ];
    for (args, want) in cases {
        let (py, port) = python_server(PY_RECORD, &[]);
        let port = port.to_string();
        let mut a = vec!["connect"];
        a.extend_from_slice(args);
        a.extend(["127.0.0.1", port.as_str()]);
        let o = Proc::sockx(&a, In::Bytes(b"abc\r\ndef\nlast".to_vec()), Sink::Capture).finish();
        assert_eq!(o.code, 0, "{args:?}: {}", o.err());
        assert_eq!(String::from_utf8_lossy(&recorded(py)), want, "{args:?}");
    }
}
