//! The teaching subcommands and options: `errno` against python3's errno
//! module and os.strerror, `socketpair` against python3's
//! socket.socketpair, `--trace-time` stamps, and `-v`'s pointer to
//! `sockx errno`.

use serde_json::Value;

use super::util::{python, sockx};

// ---------------------------------------------------------------- errno

/// The codes the issue names: every one has advice, and its number and
/// message are Python's (errno.NAME, os.strerror / the gaierror text).
#[test]
fn errno_matches_python_errno_and_strerror() {
    let names = [
        "ECONNREFUSED",
        "ECONNRESET",
        "ECONNABORTED",
        "EADDRINUSE",
        "EADDRNOTAVAIL",
        "EPIPE",
        "ETIMEDOUT",
        "EHOSTUNREACH",
        "ENETUNREACH",
        "EAGAIN",
        "EWOULDBLOCK",
        "EINPROGRESS",
        "EINTR",
        "EMFILE",
        "ENFILE",
        "EACCES",
        "EPERM",
        "EMSGSIZE",
        "ENOTCONN",
        "EISCONN",
        "EAFNOSUPPORT",
        "EPROTONOSUPPORT",
        "ENOBUFS",
    ];
    let py = python(&format!(
        "import errno, os, json\nprint(json.dumps([[getattr(errno, n), os.strerror(getattr(errno, n))] for n in {names:?}]))"
    ));
    let want: Vec<(i64, String)> = serde_json::from_str(&py).unwrap();
    for (name, (num, msg)) in names.iter().zip(want) {
        let j = sockx(["--json", "errno", name]).run().ok().json();
        assert_eq!(j["number"], num, "{name}");
        assert_eq!(j["message"], msg.as_str(), "{name}");
        assert!(
            !j["calls"].as_array().unwrap().is_empty(),
            "{name}: no calls"
        );
        assert!(j["cause"].is_string() && j["fix"].is_string(), "{name}");
        // By number: the canonical name Python's errno.errorcode gives.
        let by_num = sockx(["--json", "errno", &num.to_string()])
            .run()
            .ok()
            .json();
        let canon = python(&format!("import errno; print(errno.errorcode[{num}])"));
        assert_eq!(by_num["name"], canon.as_str(), "{num}");
    }
}

#[test]
fn errno_eai_codes_match_python_socket() {
    let names = [
        "EAI_NONAME",
        "EAI_AGAIN",
        "EAI_FAIL",
        "EAI_FAMILY",
        "EAI_SOCKTYPE",
        "EAI_SERVICE",
        "EAI_BADFLAGS",
        "EAI_MEMORY",
        "EAI_SYSTEM",
        "EAI_OVERFLOW",
        "EAI_NODATA",
        "EAI_ADDRFAMILY",
    ];
    for name in names {
        let num: i64 = python(&format!("import socket; print(socket.{name})"))
            .parse()
            .unwrap();
        let j = sockx(["--json", "errno", name]).run().ok().json();
        assert_eq!(j["number"], num, "{name}");
        assert_eq!(j["kind"], "gai");
        assert!(j["fix"].is_string(), "{name}");
        let back = sockx(["--json", "errno", &num.to_string()])
            .run()
            .ok()
            .json();
        assert_eq!(back["name"], name);
    }
    // The message is gai_strerror's: Python's gaierror carries it.
    let msg = python(
        "import socket\ntry:\n socket.getaddrinfo('x', None, flags=socket.AI_NUMERICHOST)\nexcept socket.gaierror as e:\n print(e.args[1])",
    );
    let j = sockx(["--json", "errno", "EAI_NONAME"]).run().ok().json();
    assert_eq!(j["message"], msg.as_str());
}

#[test]
fn errno_list_and_bad_input() {
    let list = sockx(["--json", "errno", "--list"]).run().ok().json();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    for n in ["ECONNRESET", "EAI_NONAME", "EINPROGRESS", "ENOBUFS"] {
        assert!(names.contains(&n), "{n} missing from --list");
    }
    let human = sockx(["errno", "econnrefused"]).run().ok().out();
    assert!(human.contains("Connection refused") && human.contains("connect"));
    for bad in ["EFOO", "0", "99999", "EAI_FOO", ""] {
        let out = sockx(["errno", bad]).run();
        out.code(2).error_line("errno");
        assert!(out.stdout.is_empty());
    }
    sockx(["errno"]).run().code(2);
}

/// -v ends an error that carries an errno with where to read about it.
#[test]
fn verbose_error_points_to_sockx_errno() {
    let port = super::util::free_port().to_string();
    let plain = sockx(["connect", "127.0.0.1", &port]).run();
    plain.code(1);
    assert!(!plain.err().contains("see: sockx errno"), "{}", plain.err());
    let v = sockx(["-v", "connect", "127.0.0.1", &port]).run();
    v.code(1);
    assert!(
        v.err().contains("(see: sockx errno ECONNREFUSED)"),
        "{}",
        v.err()
    );
}

// ---------------------------------------------------------------- socketpair

/// Python's socketpair with the same sends and the same reads (non-blocking
/// recv until nothing is left, after SHUT_WR): what each recv returned.
fn py_pair(kind: &str, bufsize: u32, msgs: &[&str]) -> Vec<String> {
    let code = format!(
        "import socket, json
a, b = socket.socketpair(socket.AF_UNIX, socket.{kind})
for m in {msgs:?}:
    a.sendall(m.encode())
a.shutdown(socket.SHUT_WR)
b.setblocking(False)
out = []
for _ in range(1000):
    try:
        d = b.recv({bufsize})
    except BlockingIOError:
        break
    if not d and (socket.{kind} == socket.SOCK_STREAM or len(out) == {n}):
        break
    out.append(repr(d))
print(json.dumps(out))",
        n = msgs.len()
    );
    serde_json::from_str(&python(&code)).unwrap()
}

fn sockx_pair(kind: &str, bufsize: u32, msgs: &[&str]) -> Value {
    let b = bufsize.to_string();
    let mut args = vec!["--json", "socketpair", "--type", kind, "--bufsize", &b];
    args.extend_from_slice(msgs);
    sockx(args).run().ok().json()
}

#[test]
fn socketpair_boundaries_match_python() {
    let msgs = ["hello", "world", "!"];
    for (kind, py_kind, verdict) in [
        ("stream", "SOCK_STREAM", "merged"),
        ("dgram", "SOCK_DGRAM", "kept"),
        ("seqpacket", "SOCK_SEQPACKET", "kept"),
    ] {
        let j = sockx_pair(kind, 1024, &msgs);
        let got: Vec<&str> = j["received"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["data"].as_str().unwrap())
            .collect();
        assert_eq!(got, py_pair(py_kind, 1024, &msgs), "{kind}");
        assert_eq!(j["boundaries"], verdict, "{kind}");
        assert_eq!(j["sent"].as_array().unwrap().len(), 3);
    }
    // A small buffer: the stream goes on in the next recv, a datagram is cut.
    let s = sockx_pair("stream", 4, &["abcdef", "gh"]);
    let got: Vec<&str> = s["received"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["data"].as_str().unwrap())
        .collect();
    assert_eq!(got, py_pair("SOCK_STREAM", 4, &["abcdef", "gh"]));
    let d = sockx_pair("dgram", 4, &["abcdef", "gh"]);
    assert_eq!(d["boundaries"], "cut");
    assert_eq!(d["received"][0]["data"], "b'abcd'");
    assert_eq!(d["received"][0]["truncated_from"], 6);
    assert_eq!(
        d["received"][1]["data"],
        py_pair("SOCK_DGRAM", 4, &["abcdef", "gh"])[1].as_str()
    );
}

#[test]
fn socketpair_trace_shows_each_call() {
    let out = sockx(["--trace", "socketpair", "a", "bb"]).run();
    out.ok();
    let err = out.err();
    let calls: Vec<&str> = err
        .lines()
        .map(|l| l.split('(').next().unwrap_or(""))
        .collect();
    assert_eq!(
        calls,
        [
            "socketpair",
            "send",
            "send",
            "shutdown",
            "recv",
            "recv",
            "close",
            "close"
        ],
        "{err}"
    );
    assert!(
        err.starts_with("socketpair(AF_UNIX, SOCK_STREAM, 0) = ["),
        "{err}"
    );
    assert!(out.out().contains("boundaries merged"), "{}", out.out());
    // Bad input: exit 2, one line.
    sockx(["socketpair"]).run().code(2);
    sockx(["socketpair", "--type", "raw", "x"]).run().code(2);
    sockx(["socketpair", "--bufsize", "0", "x"]).run().code(2);
    let big = "x".repeat(70_000);
    sockx(["socketpair", big.as_str()]).run().code(2);
}

// ---------------------------------------------------------------- --trace-time

/// `   T +DELTA call(...) = R <DUR>`: (t, delta, dur) in µs, or None.
fn stamped(line: &str) -> Option<(u64, u64, Option<u64>)> {
    let us = |s: &str| -> Option<u64> {
        let (a, b) = s.split_once('.')?;
        (b.len() == 6).then_some(())?;
        Some(a.parse::<u64>().ok()? * 1_000_000 + b.parse::<u64>().ok()?)
    };
    let mut w = line.split_whitespace();
    let t = us(w.next()?)?;
    let d = us(w.next()?.strip_prefix('+')?)?;
    let dur = line
        .strip_suffix('>')
        .and_then(|l| l.rsplit_once(" <"))
        .and_then(|(_, x)| us(x));
    Some((t, d, dur))
}

/// Human: every trace line stamped, times never go back, each delta is the
/// difference with the line before, every call has its duration.
#[test]
fn trace_time_human_lines_are_stamped_like_strace() {
    let out = sockx(["--trace-time", "socketpair", "--type", "dgram", "a", "b"]).run();
    out.ok();
    let err = out.err();
    let mut prev = 0;
    let mut n = 0;
    for line in err.lines() {
        let (t, d, dur) = stamped(line).unwrap_or_else(|| panic!("not stamped: {line:?}"));
        assert!(t >= prev, "time went back: {err}");
        assert_eq!(d, t - prev, "delta of {line:?}");
        assert!(dur.is_some(), "no duration: {line:?}");
        assert!(line.contains(") = "), "{line:?}");
        prev = t;
        n += 1;
    }
    assert_eq!(n, 9, "{err}");
    // udp-send reports each datagram in an event shown only under -v: the
    // delta of the next line counts from the last line shown, not from it.
    let rx = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let port = rx.local_addr().unwrap().port().to_string();
    let out = sockx(["--trace-time", "udp-send", "127.0.0.1", &port, "a", "b"]).run();
    out.ok();
    let mut prev = 0;
    for line in out.err().lines() {
        let (t, d, _) = stamped(line).unwrap_or_else(|| panic!("not stamped: {line:?}"));
        assert_eq!(d, t - prev, "delta of {line:?} in\n{}", out.err());
        prev = t;
    }
    // Without the option nothing is stamped.
    let plain = sockx(["--trace", "socketpair", "a"]).run();
    assert!(plain.err().starts_with("socketpair("), "{}", plain.err());
}

/// JSON: every event gets t_us and delta_us, every call dur_us; a client
/// that connects 300 ms after `listening` shows in the times (a lower
/// bound, so a busy machine cannot break it).
#[test]
fn trace_time_json_measures_a_wait() {
    use super::util::port_of;
    let mut bg = sockx(["--json", "--trace-time", "listen", "127.0.0.1", "0"]).spawn();
    let line = bg.stderr_line("\"listening\"");
    let port = port_of(&line);
    let py = format!(
        "import socket, time\ntime.sleep(0.3)\ns = socket.create_connection(('127.0.0.1', {port}))\ns.sendall(b'x')\ns.close()"
    );
    python(&py);
    let out = bg.wait();
    out.ok();
    let events: Vec<Value> = out
        .err()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut prev = 0;
    for e in &events {
        let t = e["t_us"].as_u64().unwrap_or_else(|| panic!("no t_us: {e}"));
        assert!(t >= prev, "{e}");
        assert_eq!(e["delta_us"].as_u64(), Some(t - prev), "{e}");
        if e["event"] == "call" {
            assert!(e["dur_us"].is_u64(), "call without dur_us: {e}");
        } else {
            assert!(e.get("dur_us").is_none(), "{e}");
        }
        prev = t;
    }
    let at = |name: &str| {
        events
            .iter()
            .find(|e| e["event"] == name || e["call"] == name)
            .unwrap_or_else(|| panic!("no {name}"))
    };
    let listening = at("listening")["t_us"].as_u64().unwrap();
    let accept = at("accept");
    let accept_end = accept["t_us"].as_u64().unwrap() + accept["dur_us"].as_u64().unwrap();
    assert!(
        accept_end - listening >= 250_000,
        "accept ended {} µs after listening",
        accept_end - listening
    );
}
