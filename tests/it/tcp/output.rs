//! What listen and connect say: the trace (order, failures, JSON), the -x
//! hex dump (against python's formatting of the bytes sent), the JSON events
//! with their byte counts, --progress, bad input, a stdout closed early, a
//! terminal on stdin, and SIGINT/SIGTERM in the middle of a transfer.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::Duration;

use super::super::util::{TempDir, python};
use super::*;

/// `--trace listen`: the calls in the order they are made, with the
/// client's port (from python) in accept's result.
#[test]
fn trace_order_of_listen() {
    let (srv, port) = listener(
        &["--trace", "listen", "127.0.0.1", "0"],
        In::Null,
        Sink::Capture,
    );
    let cli = python_run(
        r#"
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
print(c.getsockname()[1], flush=True)
c.sendall(b"hello world!")
c.shutdown(socket.SHUT_WR)
recv_all(c)
"#,
        &[&port.to_string()],
    );
    let cport = cli.out().trim().to_string();
    let out = srv.finish();
    out.ok();
    assert_eq!(out.out(), "hello world!");
    let err = out.err();
    let want = [
        "socket(AF_INET, SOCK_STREAM, 0) = 3".to_string(),
        "setsockopt(3, SOL_SOCKET, SO_REUSEADDR, 1) = 0".to_string(),
        "bind(3, ('127.0.0.1', 0)) = 0".to_string(),
        "listen(3, 128) = 0".to_string(),
        format!("listening on 127.0.0.1:{port}"),
        format!("accept(3) = 4, ('127.0.0.1', {cport})"),
        "shutdown(4, SHUT_WR) = 0".to_string(),
        "recv(4, 131072) = 12".to_string(),
        "recv(4, 131072) = 0".to_string(),
        "close(4) = 0".to_string(),
    ];
    let mut at = 0;
    for w in &want {
        let i = err[at..]
            .find(w.as_str())
            .unwrap_or_else(|| panic!("{w:?} missing or out of order in:\n{err}"));
        at += i + w.len();
    }
    // Every line is a call, the listening line, or nothing else.
    for l in err.lines() {
        assert!(
            l.contains(") = ") || l.starts_with("listening on"),
            "unexpected line {l:?}"
        );
    }
}

/// `--json --trace`: every stderr line is a JSON object; calls are `call`
/// events in order, failures carry errno and message.
#[test]
fn json_trace_events() {
    let closed = closed_port();
    let p = closed.port.to_string();
    let out = run(&["--json", "--trace", "connect", "127.0.0.1", &p]);
    out.code(1);
    // Every line but the final error line is a JSON object.
    let err = out.err();
    let lines: Vec<&str> = err.lines().collect();
    let (last, events) = lines.split_last().expect("stderr lines");
    assert!(
        last.starts_with("sockx: error: connect to 127.0.0.1"),
        "{last}"
    );
    for l in events {
        serde_json::from_str::<serde_json::Value>(l)
            .unwrap_or_else(|e| panic!("not JSON: {l:?}: {e}"));
    }
    let calls = events_named(&out, "call");
    let names: Vec<&str> = calls.iter().filter_map(|c| c["call"].as_str()).collect();
    assert_eq!(
        names,
        ["getaddrinfo", "socket", "connect", "close"],
        "{}",
        out.err()
    );
    let c = &calls[2];
    assert_eq!(c["args"], format!("3, ('127.0.0.1', {p})"));
    assert_eq!(c["result"], "-1");
    assert_eq!(c["errno"], "ECONNREFUSED");
    assert_eq!(c["error"], "Connection refused");
}

/// The expected hexdump -C lines, formatted by python from the bytes sent.
const PY_HEXDUMP: &str = r#"
import json
for mark, off, hx in json.loads(sys.argv[1]):
    data = bytes.fromhex(hx)
    for i in range(0, len(data), 16):
        row = data[i:i + 16]
        cells = ["%02x" % b for b in row] + ["  "] * (16 - len(row))
        hexpart = " ".join(cells[:8]) + "  " + " ".join(cells[8:])
        text = "".join(chr(b) if 32 <= b < 127 else "." for b in row)
        print("%s %08x  %s  |%s|" % (mark, off + i, hexpart, text))
"#;

/// -x: `<` received and `>` sent, a running offset per direction, 16 bytes
/// of hex, the ASCII column with `.` for unprintable bytes.
#[test]
fn hex_dump_content() {
    let first: Vec<u8> = b"GET /\r\n\x00\x01\x7f\xff~ tilde\x1b[2J"
        .iter()
        .copied()
        .chain(0x20..0x2e)
        .collect();
    let second = b"\x80more".to_vec();
    let third: Vec<u8> = (0xf0..=0xffu8).chain(*b"sent back").collect();
    let (mut srv, port) = listener(&["listen", "-x", "127.0.0.1", "0"], In::Open, Sink::Capture);
    let mut c = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    c.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    c.write_all(&first).expect("write");
    let last_row = (first.len() - 1) / 16 * 16;
    srv.line(&format!("< {last_row:08x}"));
    c.write_all(&second).expect("write");
    srv.line(&format!("< {:08x}", first.len()));
    srv.stdin().write_all(&third).expect("stdin");
    let mut got = vec![0; third.len()];
    c.read_exact(&mut got).expect("read");
    srv.close_stdin();
    c.shutdown(Shutdown::Write).expect("shutdown");
    let mut rest = Vec::new();
    c.read_to_end(&mut rest).expect("read");
    let out = srv.finish();
    out.ok();
    assert_eq!(out.stdout, [first.clone(), second.clone()].concat());
    let chunks = serde_json::json!([
        ["<", 0, hex::encode(&first)],
        ["<", first.len(), hex::encode(&second)],
        [">", 0, hex::encode(&third)],
    ]);
    let want = python(&PY_HEXDUMP.replace(
        "json.loads(sys.argv[1])",
        &format!("json.loads({:?})", chunks.to_string()),
    ));
    let err = out.err();
    let dump: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("< ") || l.starts_with("> "))
        .collect();
    assert_eq!(dump.join("\n"), want);
}

/// -x under --json: `data` events with direction, running offset, size and
/// lowercase hex of exactly the bytes that crossed.
#[test]
fn hex_dump_json_data_events() {
    let up = super::super::util::random_bytes(70_000, 31);
    let down = super::super::util::random_bytes(50_001, 32);
    let d = TempDir::new("hexjson");
    let srv_data = file(d.path(), "down.bin", &down);
    let got = d.path().join("got.bin");
    let (srv, port) = python_server(
        PY_DUPLEX_SERVER,
        &[&srv_data.display().to_string(), &got.display().to_string()],
    );
    let out = Proc::sockx(
        &["--json", "connect", "-x", "127.0.0.1", &port.to_string()],
        In::Bytes(up.clone()),
        Sink::Capture,
    )
    .finish();
    out.ok();
    srv.finish().ok();
    same_bytes(&out.stdout, &down, "down");
    for (dir, want) in [("out", &up), ("in", &down)] {
        let mut joined = Vec::new();
        for e in events_named(&out, "data")
            .iter()
            .filter(|e| e["direction"] == dir)
        {
            assert_eq!(
                e["offset"].as_u64(),
                Some(joined.len() as u64),
                "running offset"
            );
            let h = e["hex"].as_str().expect("hex");
            assert_eq!(h, h.to_lowercase());
            let bytes = hex::decode(h).expect("hex");
            assert_eq!(e["bytes"].as_u64(), Some(bytes.len() as u64));
            joined.extend(bytes);
        }
        same_bytes(&joined, want, &format!("data events {dir}"));
    }
}

/// The JSON events of both ends of one connection agree with each other and
/// with the bytes sent.
#[test]
fn json_events_of_a_connection() {
    let a = super::super::util::random_bytes(300_001, 33);
    let b = super::super::util::random_bytes(200_003, 34);
    let d = TempDir::new("jsonev");
    let (srv, port) = listener(
        &["--json", "listen", "127.0.0.1", "0"],
        In::File(file(d.path(), "a", &a)),
        Sink::Capture,
    );
    let cli = Proc::sockx(
        &["--json", "connect", "127.0.0.1", &port.to_string()],
        In::Bytes(b.clone()),
        Sink::Capture,
    )
    .finish();
    cli.ok();
    let s = srv.finish();
    s.ok();
    same_bytes(&s.stdout, &b, "to listen");
    same_bytes(&cli.stdout, &a, "to connect");
    let kinds = |o: &super::super::util::Out| -> Vec<String> {
        o.events()
            .iter()
            .map(|e| e["event"].as_str().unwrap_or("").to_string())
            .collect()
    };
    let sk = kinds(&s);
    assert_eq!(sk[..2], ["listening", "accepted"], "{}", s.err());
    assert_eq!(sk.last().map(String::as_str), Some("closed"));
    let ck = kinds(&cli);
    assert_eq!(ck[0], "connected");
    assert_eq!(ck.last().map(String::as_str), Some("closed"));
    for k in [&sk, &ck] {
        assert_eq!(k.iter().filter(|e| *e == "eof").count(), 2, "{k:?}");
    }
    let accepted = &events_named(&s, "accepted")[0];
    let connected = &events_named(&cli, "connected")[0];
    assert_eq!(accepted["peer"], connected["local"]);
    assert_eq!(accepted["local"], connected["peer"]);
    assert_eq!(accepted["local"]["port"], port);
    let sc = &events_named(&s, "closed")[0];
    assert_eq!(sc["peer"], accepted["peer"]);
    assert_eq!(sc["bytes_in"], b.len());
    assert_eq!(sc["bytes_out"], a.len());
    assert!(sc["duration_ms"].is_u64());
    let cc = &events_named(&cli, "closed")[0];
    assert_eq!(cc["peer"], connected["peer"]);
    assert_eq!(cc["bytes_in"], a.len());
    assert_eq!(cc["bytes_out"], b.len());
    let dirs: Vec<&str> = events_named(&s, "eof")
        .iter()
        .map(|e| if e["direction"] == "in" { "in" } else { "out" })
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    let mut dirs = dirs;
    dirs.sort();
    assert_eq!(dirs, ["in", "out"]);
}

/// --progress: the final line (or JSON event) counts the bytes each way.
#[test]
fn progress_counts_bytes() {
    let a = super::super::util::random_bytes(123_457, 35);
    let (srv, port) = listener(
        &["--json", "listen", "--progress", "127.0.0.1", "0"],
        In::Null,
        Sink::Null,
    );
    Proc::sockx(
        &["connect", "--progress", "127.0.0.1", &port.to_string()],
        In::Bytes(a.clone()),
        Sink::Null,
    )
    .finish()
    .ok()
    .error_line("out 120.6 KiB");
    let s = srv.finish();
    s.ok();
    let last = events_named(&s, "progress").pop().expect("progress event");
    assert_eq!(last["bytes_in"], a.len());
    assert_eq!(last["bytes_out"], 0);
}

/// -v says the events in words (with the addresses both ends saw); without
/// it only the listening line; -q not even that.
#[test]
fn verbose_words() {
    let (srv, port) = listener(&["-v", "listen", "127.0.0.1", "0"], In::Null, Sink::Null);
    let cli = Proc::sockx(
        &["-v", "connect", "127.0.0.1", &port.to_string()],
        In::Bytes(b"abc".to_vec()),
        Sink::Null,
    )
    .finish();
    cli.ok();
    let s = srv.finish();
    s.ok();
    let ce = cli.err();
    let cport = ce
        .split("from 127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .expect("connected line")
        .to_string();
    assert!(
        ce.contains(&format!(
            "connected to 127.0.0.1:{port} from 127.0.0.1:{cport}"
        )),
        "{ce}"
    );
    assert!(ce.contains("stdin ended: shutdown(SHUT_WR) sent"), "{ce}");
    assert!(
        ce.contains(&format!("closed 127.0.0.1:{port}: 0 B in, 3 B out")),
        "{ce}"
    );
    let se = s.err();
    for l in [
        format!("listening on 127.0.0.1:{port} (loopback only)"),
        format!("connection from 127.0.0.1:{cport} to 127.0.0.1:{port}"),
        "peer closed its side (EOF)".to_string(),
        format!("closed 127.0.0.1:{cport}: 3 B in, 0 B out"),
    ] {
        assert!(se.contains(&l), "{l:?} not in {se}");
    }

    let (srv, port) = listener(&["listen", "127.0.0.1", "0"], In::Null, Sink::Null);
    drop(TcpStream::connect(("127.0.0.1", port)).expect("connect"));
    let s = srv.finish();
    s.ok();
    assert_eq!(s.err().lines().count(), 1, "{}", s.err());

    let port = super::super::util::free_port();
    let p = Proc::sockx(
        &["-q", "listen", "127.0.0.1", &port.to_string()],
        In::Null,
        Sink::Null,
    );
    wait_tcp_listening(port);
    drop(TcpStream::connect(("127.0.0.1", port)).expect("connect"));
    let out = p.finish();
    out.ok();
    assert_eq!(out.err(), "", "-q: no listening line");
}
