//! Honest at the edges (issue 11, items 4, 5, 8, 9): one strict parser per
//! kind of value in every subcommand, one rule for the empty host, `HOST:PORT`
//! in one argument, and messages a newcomer reads. Traffic stays on
//! 127.0.0.1 and ::1; the only name is `localhost`.

use std::io::Read;
use std::net::{TcpListener, UdpSocket};
use std::time::Duration;

use super::util::{Out, free_port, free_udp_port, port_of, python, sockx};

/// Exit 2 with one line on stderr that mentions `needle`, and no panic.
#[track_caller]
fn usage_error(out: &Out, needle: &str) {
    out.code(2).error_line(needle);
    assert_eq!(
        out.err().trim_end().lines().count(),
        1,
        "not one line: {:?}",
        out.err()
    );
}

/// Exit 2, and stderr names the value (clap's usage errors take more lines).
#[track_caller]
fn refused(out: &Out, needle: &str) {
    out.code(2).error_line(needle);
}

// ---- item 4: one strict parser per kind of value -----------------------

/// `connect -z 127.0.0.1 "80 "` was probed as port 80 while `listen "80 "`
/// was refused: every PORT, in every subcommand, is now refused padded.
#[test]
fn padded_port_is_refused_by_every_subcommand() {
    let p = free_port().to_string();
    for padded in [format!("{p} "), format!(" {p}"), format!("{p}\n")] {
        let pd = padded.as_str();
        for args in [
            vec!["connect", "-z", "127.0.0.1", pd],
            vec!["connect", "127.0.0.1", pd],
            vec!["listen", "127.0.0.1", pd],
            vec!["listen", pd],
            vec!["udp-send", "127.0.0.1", pd, "x"],
            vec!["udp-recv", "127.0.0.1", pd],
            vec!["chat", "127.0.0.1", pd, "--name", "a"],
            vec!["chat-server", "127.0.0.1", pd],
            vec!["getaddrinfo", "127.0.0.1", pd],
            vec!["getnameinfo", "127.0.0.1", pd],
            vec!["service", pd],
        ] {
            let out = sockx(&args).timeout(Duration::from_secs(5)).run();
            assert_eq!(out.code, 2, "{args:?} accepted: {:?}", out.err());
            assert!(!out.err().contains("panicked"), "{args:?}: {}", out.err());
        }
    }
}

/// A port list was trimmed item by item (`20, 21`).
#[test]
fn padded_port_list_is_refused() {
    for list in ["20, 21", "20 ,21", " 20-21", "20-21 "] {
        usage_error(
            &sockx(["connect", "-z", "127.0.0.1", list]).run(),
            "invalid port list",
        );
    }
}

/// `service " 80"` was looked up as a service name (exit 3): it is a bad
/// PORT, as everywhere else.
#[test]
fn service_padded_port_is_invalid_not_unknown() {
    refused(&sockx(["service", " 80"]).run(), "' 80'");
    refused(&sockx(["service", "80 "]).run(), "'80 '");
    sockx(["service", "80"]).run().ok();
}

/// `sockopt "SO_RCVBUF\n"` read SO_RCVBUF; values were trimmed too.
#[test]
fn sockopt_name_and_value_are_not_trimmed() {
    usage_error(
        &sockx(["sockopt", "SO_RCVBUF\n"]).run(),
        "unknown socket option 'SO_RCVBUF\\n'",
    );
    usage_error(
        &sockx(["sockopt", " SO_RCVBUF"]).run(),
        "unknown socket option",
    );
    usage_error(&sockx(["sockopt", "SO_RCVBUF= 4096"]).run(), "SO_RCVBUF");
    usage_error(&sockx(["sockopt", "SO_LINGER=1, 5"]).run(), "SO_LINGER");
    sockx(["sockopt", "SO_LINGER=1,5"]).run().ok();
}

/// `--keepalive " 60"` was trimmed (and the connect attempted); it is now a
/// usage error before any socket, through the same parser as every value.
#[test]
fn keepalive_is_not_trimmed() {
    let p = free_port().to_string();
    for k in [" 60", "60 ", "60, 10", "60,10 ,5"] {
        refused(
            &sockx(["connect", "--keepalive", k, "127.0.0.1", &p]).run(),
            "--keepalive",
        );
    }
}

/// Numbers (byteorder VALUE) and durations (-w) are strict too.
#[test]
fn numbers_and_durations_are_not_trimmed() {
    usage_error(&sockx(["byteorder", " 1"]).run(), "' 1'");
    usage_error(&sockx(["byteorder", "0x10\t"]).run(), "0x10");
    for args in [
        vec!["listen", "-w", " 1", "127.0.0.1", "0"],
        vec!["udp-recv", "-w", "1 ", "127.0.0.1", "0"],
        vec!["connect", "-w", "1s ", "127.0.0.1", "1"],
    ] {
        refused(&sockx(&args).run(), "<DURATION>");
    }
}

// ---- item 5: the empty host ---------------------------------------------

/// `getaddrinfo "" 80` answered as if no host were given (NULL), while
/// `resolve ""` refused it. One rule now: every HOST that is empty is
/// invalid input, exit 2, "empty host". Python refuses it too
/// (`socket.getaddrinfo("", 80)` raises gaierror EAI_NONAME).
#[test]
fn empty_host_is_invalid_input_in_every_subcommand() {
    let py = python(
        "import socket\ntry:\n    socket.getaddrinfo('', 80); print('ok')\nexcept socket.gaierror as e:\n    print(e.errno == socket.EAI_NONAME)",
    );
    assert_eq!(py, "True", "python's getaddrinfo('', 80)");
    for args in [
        vec!["listen", "", "0"],
        vec!["listen", "[]:0"],
        vec!["connect", "", "1"],
        vec!["connect", ":1"],
        vec!["connect", "[]:1"],
        vec!["connect", "-z", "", "1"],
        vec!["connect", "-z", ":1"],
        vec!["udp-send", "", "9", "x"],
        vec!["udp-send", ":9", "x"],
        vec!["udp-recv", "", "0"],
        vec!["resolve", ""],
        vec!["getaddrinfo", "", "80"],
        vec!["getaddrinfo", ""],
        vec!["getnameinfo", "", "80"],
        vec!["chat", "", "9", "--name", "a"],
        vec!["chat", ":9", "--name", "a"],
        vec!["chat-server", "", "0"],
    ] {
        let out = sockx(&args).timeout(Duration::from_secs(5)).run();
        assert_eq!(out.code, 2, "{args:?}: {:?}", out.err());
        assert!(
            out.err().contains("empty host") && out.err().trim_end().lines().count() == 1,
            "{args:?}: {:?}",
            out.err()
        );
    }
}

/// NULL is still there for getaddrinfo, spelt `--no-host`: the same tuples
/// as Python's `getaddrinfo(None, PORT)`.
#[test]
fn getaddrinfo_no_host_is_pythons_none() {
    for (flags, py_flags) in [("", "0"), ("passive", "socket.AI_PASSIVE")] {
        let mut args = vec![
            "--json",
            "getaddrinfo",
            "--type",
            "stream",
            "--no-host",
            "8080",
        ];
        if !flags.is_empty() {
            args.extend(["--flags", flags]);
        }
        let out = sockx(&args).run();
        out.ok();
        let got: Vec<String> = out
            .json()
            .as_array()
            .expect("array")
            .iter()
            .map(|e| e["sockaddr"]["address"].as_str().unwrap_or("?").to_string())
            .collect();
        let want = python(&format!(
            "import socket\nfor r in socket.getaddrinfo(None, 8080, 0, socket.SOCK_STREAM, 0, {py_flags}): print(r[4][0])"
        ));
        assert_eq!(got.join("\n"), want, "--flags {flags:?}");
    }
    usage_error(
        &sockx(["getaddrinfo", "--no-host", "1", "2"]).run(),
        "--no-host",
    );
}

// ---- item 8: HOST:PORT in one argument ----------------------------------

/// `connect 127.0.0.1:8080` said "needs HOST PORT".
#[test]
fn connect_takes_host_colon_port() {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    let t = std::thread::spawn(move || {
        let (mut c, _) = l.accept().unwrap();
        let mut v = Vec::new();
        c.read_to_end(&mut v).unwrap();
        v
    });
    sockx(["connect", &format!("127.0.0.1:{port}")])
        .stdin("hi\n")
        .run()
        .ok();
    assert_eq!(t.join().unwrap(), b"hi\n");
}

/// `connect [::1]:8080`: an IPv6 literal in brackets.
#[test]
fn connect_takes_bracketed_ipv6_colon_port() {
    let Ok(l) = TcpListener::bind("[::1]:0") else {
        eprintln!("skip: no ::1 on this host");
        return;
    };
    let port = l.local_addr().unwrap().port();
    let t = std::thread::spawn(move || {
        let (mut c, _) = l.accept().unwrap();
        let mut v = Vec::new();
        c.read_to_end(&mut v).unwrap();
        v
    });
    sockx(["connect", &format!("[::1]:{port}")])
        .stdin("six\n")
        .run()
        .ok();
    assert_eq!(t.join().unwrap(), b"six\n");
}

/// `connect -z 127.0.0.1:PORTS`, a port list after the colon.
#[test]
fn connect_z_takes_host_colon_ports() {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    let out = sockx([
        "--json",
        "connect",
        "-z",
        &format!("127.0.0.1:{port},{port}"),
    ])
    .run();
    out.ok();
    let (v, _) = out.results();
    assert_eq!(v.len(), 2, "{v:?}");
    assert_eq!(v[0]["port"], port);
    assert_eq!(v[0]["open"], true);
}

/// `listen :PORT` is all interfaces, as `listen PORT`; `listen HOST:PORT`
/// binds HOST.
#[test]
fn listen_takes_host_colon_port_and_colon_port() {
    let out = sockx(["listen", "-w", "100ms", ":0"]).run();
    out.code(4);
    assert!(
        out.err().contains("listening on 0.0.0.0:") && out.err().contains("(all interfaces)"),
        "{}",
        out.err()
    );
    let out = sockx(["listen", "-w", "100ms", "127.0.0.1:0"]).run();
    out.code(4);
    assert!(
        out.err().contains("listening on 127.0.0.1:"),
        "{}",
        out.err()
    );
    if TcpListener::bind("[::1]:0").is_ok() {
        let out = sockx(["listen", "-w", "100ms", "[::1]:0"]).run();
        out.code(4);
        assert!(out.err().contains("listening on [::1]:"), "{}", out.err());
    }
}

/// A bare IPv6 literal is never split: `listen ::1` is a bad PORT, not
/// host `:` port `1`; `connect -z ::1 PORT` is HOST PORT.
#[test]
fn bare_ipv6_literal_is_not_split() {
    usage_error(&sockx(["listen", "::1"]).run(), "invalid port '::1'");
    if let Ok(l) = TcpListener::bind("[::1]:0") {
        let port = l.local_addr().unwrap().port().to_string();
        sockx(["connect", "-z", "::1", &port]).run().ok();
    }
}

/// Both forms at once, or HOST alone, are usage errors that name both forms.
#[test]
fn host_colon_port_usage_errors() {
    usage_error(&sockx(["connect", "127.0.0.1:80", "80"]).run(), "not both");
    usage_error(&sockx(["listen", "127.0.0.1:80", "80"]).run(), "not both");
    usage_error(
        &sockx(["connect", "-z", "127.0.0.1:80", "80"]).run(),
        "not both",
    );
    usage_error(
        &sockx(["chat", "127.0.0.1:80", "80", "--name", "a"]).run(),
        "not both",
    );
    usage_error(&sockx(["connect", "127.0.0.1"]).run(), "HOST:PORT");
    usage_error(&sockx(["udp-send", "127.0.0.1"]).run(), "HOST:PORT");
}

/// `udp-send HOST:PORT MSG...`: the first argument is HOST:PORT, every
/// other one a message; `udp-send HOST PORT MSG...` keeps working, and a
/// message may hold a colon.
#[test]
fn udp_send_takes_host_colon_port_then_messages() {
    let r = UdpSocket::bind("127.0.0.1:0").unwrap();
    r.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let port = r.local_addr().unwrap().port();
    sockx([
        "-4",
        "udp-send",
        &format!("localhost:{port}"),
        "hi",
        "there",
    ])
    .run()
    .ok();
    sockx(["udp-send", "127.0.0.1", &port.to_string(), "a:b"])
        .run()
        .ok();
    let mut got = Vec::new();
    let mut buf = [0u8; 64];
    for _ in 0..3 {
        let n = r.recv(&mut buf).unwrap();
        got.push(String::from_utf8_lossy(&buf[..n]).into_owned());
    }
    assert_eq!(got, ["hi", "there", "a:b"]);
}

/// `udp-recv 127.0.0.1:PORT`.
#[test]
fn udp_recv_takes_host_colon_port() {
    let port = free_udp_port();
    let mut bg = sockx(["udp-recv", "-c", "1", &format!("127.0.0.1:{port}")]).spawn();
    let line = bg.stderr_line("listening on");
    assert_eq!(port_of(&line), port, "{line}");
    UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .send_to(b"ping", ("127.0.0.1", port))
        .unwrap();
    let out = bg.wait();
    out.ok();
    assert!(out.out().contains("ping"), "{}", out.out());
}

// ---- item 9: messages a newcomer reads ----------------------------------

/// `byteorder hello` said "not a base-10 number (decimal, 0x hex…)".
#[test]
fn byteorder_word_is_not_a_number() {
    let out = sockx(["byteorder", "hello"]).run();
    usage_error(&out, "'hello': not a number");
    assert!(!out.err().contains("base-10"), "{}", out.err());
    usage_error(&sockx(["byteorder", "0xzz"]).run(), "not a hex number");
}

/// `--jsn` suggests `--json` on either side of the subcommand, and the
/// usage shown is the plain one (clap filled the guess in: `Usage: sockx
/// --json <COMMAND>`); `byteorder --jsn 1` took `--jsn` for the VALUE.
#[test]
fn misspelt_option_suggests_it_with_a_plain_usage() {
    for args in [["--jsn", "byteorder", "1"], ["byteorder", "--jsn", "1"]] {
        let out = sockx(args).run();
        out.code(2).error_line("'--jsn'");
        let e = out.err();
        assert!(
            e.contains("similar argument exists: '--json'"),
            "{args:?}: {e}"
        );
        assert!(
            e.contains("Usage: sockx byteorder [OPTIONS] <VALUE>"),
            "{args:?}: {e}"
        );
        assert!(!e.contains("sockx --json"), "{args:?}: {e}");
        assert!(!e.contains("byteorder --json"), "{args:?}: {e}");
    }
    // Negative numbers still reach byteorder's own message; a second
    // VALUE is still refused.
    usage_error(&sockx(["byteorder", "-1"]).run(), "negative");
    usage_error(&sockx(["byteorder", "-0x10"]).run(), "negative");
    usage_error(
        &sockx(["byteorder", "1", "2"]).run(),
        "unexpected argument '2'",
    );
    sockx(["byteorder", "80", "--bits", "32"]).run().ok();
}

/// `listen -w 1` said "no connection within 1s" under exit status 4
/// ("timed out"): the words now match the status, as for the echo server
/// and udp-recv -c.
#[test]
fn timeouts_say_timed_out() {
    for args in [
        vec!["listen", "-w", "100ms", "127.0.0.1", "0"],
        vec!["listen", "--echo", "-w", "100ms", "127.0.0.1", "0"],
        vec!["udp-recv", "-c", "1", "-w", "100ms", "127.0.0.1", "0"],
    ] {
        let out = sockx(&args).run();
        out.code(4).error_line("error: timed out: ");
        assert!(
            out.err().contains("100ms") && out.err().contains("(-w)"),
            "{args:?}: {}",
            out.err()
        );
    }
}
