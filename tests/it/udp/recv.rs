//! udp-recv: human lines with escaped control bytes, --raw, --json objects,
//! MSG_TRUNC with --bufsize, the largest datagram, -c, -w, --echo/--upper,
//! AF_UNIX, IPv6, the trace, and a port already taken.

use std::time::{Duration, Instant};

use super::super::tcp::{listener, python_run};
use super::super::util::{TempDir, random_bytes, sockx};
use super::*;

/// Sends the payloads (hex) to udp-recv at `port` from one python socket,
/// then reads `replies` replies; returns (sender port, replies).
fn send(port: u16, payloads: &[&[u8]], replies: usize) -> (u16, Vec<Vec<u8>>) {
    let hexes: Vec<String> = payloads.iter().map(hex::encode).collect();
    let p = port.to_string();
    let r = replies.to_string();
    let mut args = vec![p.as_str(), r.as_str()];
    args.extend(hexes.iter().map(String::as_str));
    let out = python_run(PY_UDP_SENDER, &args);
    let o = out.out();
    let mut lines = o.lines();
    let sport = lines.next().and_then(|l| l.parse().ok()).expect("port");
    let reps = lines
        .map(|l| hex::decode(l.split_whitespace().next().unwrap_or("")).expect("hex"))
        .collect();
    (sport, reps)
}

/// The human rendering: sender, size, payload with every unprintable byte
/// escaped (never raw on stdout, pipe or not).
#[test]
fn human_lines_escape_control_bytes() {
    let msgs: [&[u8]; 6] = [
        b"hello",
        b"\x1b[2J",
        b"nul\x00byte",
        b"tab\there\r\n",
        "ünï 你好".as_bytes(),
        b"\xff\xfe back\\slash \x7f",
    ];
    let (rx, port) = listener(
        &["udp-recv", "-c", "6", "127.0.0.1", "0"],
        In::Null,
        Sink::Capture,
    );
    let (sport, _) = send(port, &msgs, 0);
    let out = rx.finish();
    out.ok();
    let want = [
        "hello",
        "\\x1b[2J",
        "nul\\x00byte",
        "tab\\there\\r\\n",
        "ünï 你好",
        "\\xff\\xfe back\\\\slash \\x7f",
    ];
    let lines: Vec<String> = out.out().lines().map(String::from).collect();
    let expect: Vec<String> = msgs
        .iter()
        .zip(want)
        .map(|(m, w)| format!("127.0.0.1:{sport} {} bytes: {w}", m.len()))
        .collect();
    assert_eq!(lines, expect);
    assert!(
        !out.stdout
            .iter()
            .any(|&b| (b < 0x20 && b != b'\n') || b == 0x7f),
        "a raw control byte on stdout"
    );
}

/// --raw: payload bytes only, untouched (every byte value).
#[test]
fn raw_writes_bytes_untouched() {
    let all: Vec<u8> = (0..=255u8).collect();
    let msgs: [&[u8]; 3] = [&all, b"\x1b[2J\x00", b"\n"];
    let (rx, port) = listener(
        &["udp-recv", "--raw", "-c", "3", "127.0.0.1", "0"],
        In::Null,
        Sink::Capture,
    );
    send(port, &msgs, 0);
    let out = rx.finish();
    out.ok();
    assert_eq!(out.stdout, msgs.concat());
}

/// --json: one object per datagram on stdout; hex lowercase; text null when
/// not UTF-8; from is the sender's address.
#[test]
fn json_objects() {
    let msgs: [&[u8]; 3] = [b"hello", b"\xff\x00\xAB", "é".as_bytes()];
    let (rx, port) = listener(
        &["--json", "udp-recv", "-c", "3", "127.0.0.1", "0"],
        In::Null,
        Sink::Capture,
    );
    let (sport, _) = send(port, &msgs, 0);
    let out = rx.finish();
    out.ok();
    let objs: Vec<Value> = out
        .out()
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let from = serde_json::json!({"family": "AF_INET", "address": "127.0.0.1", "port": sport});
    assert_eq!(
        objs,
        [
            serde_json::json!({"from": from, "bytes": 5, "truncated": false, "hex": "68656c6c6f", "text": "hello"}),
            serde_json::json!({"from": from, "bytes": 3, "truncated": false, "hex": "ff00ab", "text": null}),
            serde_json::json!({"from": from, "bytes": 2, "truncated": false, "hex": "c3a9", "text": "é"}),
        ]
    );
    // The listening event is on stderr, not stdout.
    assert_eq!(out.events()[0]["event"], "listening");
}

/// --bufsize 16 and a 100-byte datagram: truncated, with its real length.
#[test]
fn bufsize_reports_truncation() {
    let big = random_bytes(100, 41);
    let (rx, port) = listener(
        &[
            "--json",
            "udp-recv",
            "--bufsize",
            "16",
            "-c",
            "2",
            "127.0.0.1",
            "0",
        ],
        In::Null,
        Sink::Capture,
    );
    send(port, &[&big, b"short"], 0);
    let out = rx.finish();
    out.ok();
    let objs: Vec<Value> = out
        .out()
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(objs[0]["bytes"], 100);
    assert_eq!(objs[0]["truncated"], true);
    assert_eq!(objs[0]["hex"], hex::encode(&big[..16]));
    assert_eq!(objs[1]["bytes"], 5);
    assert_eq!(objs[1]["truncated"], false);

    let (rx, port) = listener(
        &["udp-recv", "--bufsize", "16", "-c", "1", "127.0.0.1", "0"],
        In::Null,
        Sink::Capture,
    );
    send(port, &[&[b'x'; 100]], 0);
    let out = rx.finish();
    out.ok();
    assert!(
        out.out()
            .contains("100 bytes, truncated to 16 (MSG_TRUNC): xxxxxxxxxxxxxxxx\n"),
        "{}",
        out.out()
    );
}

/// The largest IPv4 UDP payload (65507 bytes) arrives whole.
#[test]
fn largest_datagram_arrives_whole() {
    let big = random_bytes(65507, 42);
    let (rx, port) = listener(
        &["udp-recv", "--raw", "-c", "1", "127.0.0.1", "0"],
        In::Null,
        Sink::Capture,
    );
    send(port, &[&big], 0);
    let out = rx.finish();
    out.ok();
    assert_eq!(out.stdout.len(), 65507);
    assert!(out.stdout == big);
}

/// -c N: exactly N datagrams printed, then exit 0, even when more were sent
/// (a burst, taken with recvmmsg).
#[test]
fn count_stops_after_n() {
    let msgs: Vec<Vec<u8>> = (0..200).map(|i| format!("d{i:03}").into_bytes()).collect();
    let refs: Vec<&[u8]> = msgs.iter().map(Vec::as_slice).collect();
    let (rx, port) = listener(
        &["udp-recv", "--raw", "-c", "150", "127.0.0.1", "0"],
        In::Null,
        Sink::Capture,
    );
    send(port, &refs, 0);
    let out = rx.finish();
    out.ok();
    assert_eq!(out.stdout, refs[..150].concat());
}

/// -w: exit 0 when quiet that long (nothing came, or after some); exit 4 only
/// when -c N was given and not reached.
#[test]
fn timeout_exit_codes() {
    let t = Instant::now();
    sockx(["udp-recv", "-w", "300ms", "127.0.0.1", "0"])
        .run()
        .ok();
    let took = t.elapsed();
    assert!(
        took >= Duration::from_millis(290) && took < Duration::from_secs(5),
        "{took:?}"
    );

    // The sender exists before udp-recv's clock starts (a python started
    // after it took longer than -w on a busy machine), and -w leaves room.
    let sender = std::net::UdpSocket::bind("127.0.0.1:0").expect("bind");
    let (rx, port) = listener(
        &["udp-recv", "-w", "2s", "127.0.0.1", "0"],
        In::Null,
        Sink::Capture,
    );
    sender.send_to(b"one", ("127.0.0.1", port)).expect("send");
    let out = rx.finish();
    out.ok();
    assert!(out.out().ends_with(" 3 bytes: one\n"));

    let (rx, port) = listener(
        &["udp-recv", "-c", "2", "-w", "2s", "127.0.0.1", "0"],
        In::Null,
        Sink::Capture,
    );
    sender
        .send_to(b"only one", ("127.0.0.1", port))
        .expect("send");
    let out = rx.finish();
    out.code(4).error_line("1 of 2 datagrams");
    assert!(
        out.out().ends_with(" 8 bytes: only one\n"),
        "what came is printed"
    );
}

/// --echo / --upper: each datagram goes back to its sender (python checks).
#[test]
fn echo_and_upper_reply_to_sender() {
    let msg = "hello straße é ǆ \x00\u{7f}".as_bytes();
    for (flag, want) in [
        ("--echo", msg.to_vec()),
        ("--upper", {
            let o = super::super::util::python(&format!(
                "print(bytes.fromhex('{}').upper().hex())",
                hex::encode(msg)
            ));
            hex::decode(o).expect("hex")
        }),
    ] {
        let (rx, port) = listener(
            &["udp-recv", flag, "-c", "2", "127.0.0.1", "0"],
            In::Null,
            Sink::Capture,
        );
        let (_, replies) = send(port, &[msg, b"x"], 2);
        let x = if flag == "--echo" { b"x" } else { b"X" };
        assert_eq!(replies, [want, x.to_vec()], "{flag}");
        rx.finish().ok();
    }
}

/// -U PATH (the file removed on exit) and @NAME datagram sockets, with a
/// python sender; --echo answers a bound sender.
#[test]
fn unix_datagram_sockets() {
    let d = TempDir::new("udpurecv");
    let path = d.path().join("rx.sock");
    let ps = path.display().to_string();
    let name = format!("@sockx-test-udp-{}", std::process::id());
    for addr in [ps.clone(), name] {
        let (rx, _) = listener(
            &["udp-recv", "--echo", "-c", "1", "-U", &addr],
            In::Null,
            Sink::Capture,
        );
        let out = python_run(
            r#"
a = sys.argv[1]; target = "\0" + a[1:] if a[0] == "@" else a
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind("")  # autobind, to get the echo
s.settimeout(10)
s.sendto(b"unix dgram", target)
print(s.recv(100).decode())
"#,
            &[&addr],
        );
        assert_eq!(out.out().trim(), "unix dgram", "{addr}");
        let o = rx.finish();
        o.ok();
        assert!(o.out().ends_with(" 10 bytes: unix dgram\n"), "{}", o.out());
    }
    assert!(!path.exists(), "socket file left behind");
}

#[test]
fn ipv6_loopback() {
    let (rx, port) = listener(
        &["--json", "udp-recv", "-c", "1", "::1", "0"],
        In::Null,
        Sink::Capture,
    );
    let out = python_run(
        r#"
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); s.bind(("::1", 0))
s.sendto(b"six", ("::1", int(sys.argv[1])))
print(s.getsockname()[1])
"#,
        &[&port.to_string()],
    );
    let o = rx.finish();
    o.ok();
    let v: Value = serde_json::from_str(o.out().trim()).expect("JSON");
    assert_eq!(v["from"]["family"], "AF_INET6");
    assert_eq!(v["from"]["address"], "::1");
    assert_eq!(v["from"]["port"].to_string(), out.out().trim());
    assert_eq!(v["text"], "six");
}

/// The calls, in order: socket, bind (no SO_REUSEADDR for datagrams),
/// recvfrom with the sender, sendto for --echo, close.
#[test]
fn trace_of_udp_recv() {
    let (rx, port) = listener(
        &["--trace", "udp-recv", "--echo", "-c", "1", "127.0.0.1", "0"],
        In::Null,
        Sink::Capture,
    );
    let (sport, _) = send(port, &[b"hello"], 1);
    let out = rx.finish();
    out.ok();
    let err = out.err();
    let want = [
        "socket(AF_INET, SOCK_DGRAM, 0) = 3".to_string(),
        "bind(3, ('127.0.0.1', 0)) = 0".to_string(),
        format!("listening on 127.0.0.1:{port}"),
        format!("recvfrom(3, 65535, MSG_TRUNC) = 5, ('127.0.0.1', {sport})"),
        format!("sendto(3, 5 bytes, ('127.0.0.1', {sport})) = 5"),
        "close(3) = 0".to_string(),
    ];
    let mut at = 0;
    for w in &want {
        let i = err[at..]
            .find(w.as_str())
            .unwrap_or_else(|| panic!("{w:?} missing or out of order in:\n{err}"));
        at += i + w.len();
    }
    assert!(!err.contains("SO_REUSEADDR"), "{err}");
}

/// A UDP port already bound: a second udp-recv fails (exit 1) instead of
/// silently taking the datagrams; with --reuseport on both they share it.
#[test]
fn port_in_use() {
    let (first, port) = listener(
        &["udp-recv", "-c", "1", "127.0.0.1", "0"],
        In::Null,
        Sink::Capture,
    );
    let p = port.to_string();
    sockx(["udp-recv", "127.0.0.1", &p])
        .run()
        .code(1)
        .error_line("Address already in use (EADDRINUSE)");
    send(port, &[b"for the first"], 0);
    let o = first.finish();
    o.ok();
    assert!(o.out().ends_with("for the first\n"));

    let (a, port) = listener(
        &["udp-recv", "--reuseport", "-w", "5s", "127.0.0.1", "0"],
        In::Null,
        Sink::Null,
    );
    let p = port.to_string();
    let (b, _) = listener(
        &["udp-recv", "--reuseport", "-w", "5s", "127.0.0.1", &p],
        In::Null,
        Sink::Null,
    );
    assert_eq!(super::super::tcp::udp_bound(port), 2);
    drop((a, b));
}

/// A huge --bufsize is one buffer of that size, not a batch of them (the
/// old 64 × 256 MiB asked for 16 GiB of address space).
#[test]
fn huge_bufsize_stays_bounded() {
    let (rx, port) = listener(
        &[
            "udp-recv",
            "--raw",
            "--bufsize",
            "256M",
            "-c",
            "1",
            "127.0.0.1",
            "0",
        ],
        In::Null,
        Sink::Capture,
    );
    let status = std::fs::read_to_string(format!("/proc/{}/status", rx.pid())).expect("status");
    let vm_kb: u64 = status
        .lines()
        .find(|l| l.starts_with("VmSize:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .expect("VmSize");
    assert!(vm_kb < 1 << 20, "VmSize {vm_kb} kB");
    send(port, &[b"fits"], 0);
    let out = rx.finish();
    out.ok();
    assert_eq!(out.stdout, b"fits");
}
