//! `--python`: every generated program is run with python3 and must do what
//! sockx does. Here the result commands, which must print sockx's own rows,
//! and the options a program cannot express; `python_run` has the programs
//! that talk to sockx.

use super::util::{Out, cmd, sockx};

/// The program `sockx --python ARGS` writes (it must exit 0).
#[track_caller]
pub fn program(args: &[&str]) -> String {
    let mut all = vec!["--python"];
    all.extend_from_slice(args);
    let out = sockx(all).run();
    out.ok();
    assert!(out.err().is_empty(), "stderr: {}", out.err());
    let prog = out.out();
    assert!(prog.starts_with("#!/usr/bin/env python3\n"), "{prog}");
    prog
}

/// Runs a program with python3 to completion.
pub fn run_py(prog: &str, stdin: &[u8]) -> Out {
    cmd("python3", ["-c", prog]).stdin(stdin.to_vec()).run()
}

fn norm(l: &str) -> String {
    l.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Each line the program prints is a line sockx prints (same keys, values
/// and order of columns; Python may leave a row out that it cannot know,
/// such as a service's aliases). `exact`: every line, in the same order.
#[track_caller]
fn same_rows(args: &[&str], exact: bool) {
    let py = run_py(&program(args), b"");
    assert_eq!(py.code, 0, "{args:?}: python failed: {}", py.err());
    let sx = sockx(args.to_vec()).run();
    sx.ok();
    let want: Vec<String> = sx.out().lines().map(norm).collect();
    let got: Vec<String> = py.out().lines().map(norm).collect();
    assert!(!got.is_empty(), "{args:?}: python printed nothing");
    if exact {
        assert_eq!(got, want, "{args:?}");
    } else {
        for l in &got {
            assert!(want.contains(l), "{args:?}: python's {l:?} not in {want:?}");
        }
    }
}

#[test]
fn python_result_commands_print_sockx_values() {
    for args in [
        &["hostname"][..],
        &["fqdn", "localhost"],
        &["getaddrinfo", "localhost", "80"],
        &["getaddrinfo", "--no-host", "80", "--flags", "passive"],
        &[
            "getaddrinfo",
            "127.0.0.1",
            "http",
            "--type",
            "stream",
            "--proto",
            "tcp",
        ],
        &["-6", "getaddrinfo", "::1", "53", "--type", "dgram"],
        &["getnameinfo", "127.0.0.1", "80"],
        &["byteorder", "0x1234"],
        &["byteorder", "--bits", "32", "80"],
        &["byteorder", "0x123456789"],
        &["resolve", "localhost"],
        &["info"],
        &["sockopt"],
        &["sockopt", "--type", "unix-dgram"],
        &["-6", "sockopt", "--type", "udp"],
        &["socketpair", "hello", "world", "!"],
        &["socketpair", "--type", "dgram", "hello", "world"],
        &[
            "socketpair",
            "--type",
            "seqpacket",
            "--bufsize",
            "3",
            "hello",
            "wo",
        ],
        &["socketpair", "--bufsize", "4", "abcdef", "gh"],
    ] {
        same_rows(args, true);
    }
    // Rows Python cannot know (aliases, notes, annotations) are left out.
    for args in [
        &["service", "http"][..],
        &["service", "53", "--proto", "udp"],
        &["resolve", "127.0.0.1"],
        &[
            "sockopt",
            "SO_RCVBUF=4096",
            "TCP_NODELAY",
            "SO_LINGER=1,5",
            "SO_RCVTIMEO=1.5",
        ],
        &["-6", "sockopt", "IPV6_V6ONLY"],
        &["protocol", "tcp"],
        &["protocol", "17"],
        &["inet", "127.1"],
        &["inet", "::ffff:1.2.3.4"],
        &["inet", "--unpack", "c0a80001"],
        &["errno", "ECONNRESET"],
        &["errno", "111"],
        &["errno", "EAI_NONAME"],
    ] {
        same_rows(args, false);
    }
}

/// What cannot be written as a program is refused (exit 2), not approximated.
#[test]
fn python_refuses_what_it_cannot_express() {
    for args in [
        &["--python", "listen", "-x", "0"][..],
        &["--python", "connect", "--progress", "127.0.0.1", "9"],
        &["--python", "udp-recv", "-U", "/tmp/x"],
        &["--python", "listen"],
    ] {
        let out = sockx(args.to_vec()).run();
        out.code(2).error_line("");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    // The program is only printed: no socket is made (nothing listens).
    let prog = program(&["listen", "127.0.0.1", "0"]);
    assert!(prog.contains("server.listen(128)"), "{prog}");
}
