//! Hostile command lines through the real binary (issue 6, area 1): empty
//! strings for every positional, 10,000-character hosts, non-ASCII digits,
//! numbers past u64, zero and negative sizes and durations, unknown option
//! names, bad zones, control characters and bytes that are not UTF-8, for
//! every subcommand. Each must end with exit 2 (or 3 where a lookup
//! legitimately fails: those run only inside the hermetic namespace), exactly
//! one error line, nothing on stdout, no panic, and no raw control byte on
//! stderr even when clap is forced to style its output (CLICOLOR_FORCE).
//!
//! Cases are checked all at once and every failure is listed; the count of
//! command lines tried is printed.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::time::Duration;

use super::netns;
use super::util::{Out, sockx};

/// One command line and the exit statuses it may end with.
struct Case {
    args: Vec<OsString>,
    codes: &'static [i32],
}

const USAGE: &[i32] = &[2];
/// A lookup that fails (inside the namespace): not found, or refused as malformed.
const LOOKUP: &[i32] = &[2, 3];

fn case(args: &[&str], codes: &'static [i32]) -> Case {
    Case {
        args: args.iter().map(OsString::from).collect(),
        codes,
    }
}

fn long(n: usize) -> String {
    "a".repeat(n)
}

/// Ports that are invalid without any lookup.
fn bad_ports() -> Vec<String> {
    [
        "",
        "65536",
        "65537",
        "-1",
        "99999999",
        "18446744073709551616",
        "99999999999999999999999999999999",
        "\u{669}\u{660}",   // Arabic-Indic "90"
        "\u{ff18}\u{ff10}", // full-width "80"
        "1e3",
        "0x50",
        " 80",
        "80 ",
        "8 0",
        "+80",
        "80.0",
        "\x1b[2J",
        "\u{202e}08",
        "\u{9b}31m",
        "a b",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([long(10_000)])
    .collect()
}

/// Hosts refused before any lookup (exit 2). They run in the namespace all
/// the same, so that a regression cannot send a query anywhere else.
fn bad_hosts() -> Vec<String> {
    [
        "", "[::1", "[]", "[", "]", "::1]", "[[::1]]", "[::1]]", "a b", " ", "\x1b[2J", "\u{9b}2J",
        "host\n", "\t",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([long(10_000), format!("[{}]", long(2000))])
    .collect()
}

/// IPv6 literals with zones that name nothing, and zones where none belongs:
/// refused as invalid input (exit 2) without a lookup. Run in the namespace
/// all the same, so that a regression cannot send a query anywhere else.
const BAD_ZONES: &[&str] = &[
    "fe80::1%",
    "fe80::1%nosuchif0",
    "fe80::1%99999999999",
    "fe80::1%-1",
    "fe80::1%+1",
    "fe80::1%\x1b[2J",
    "[fe80::1%nosuchif0]",
    "::1%lo",
    "127.0.0.1%lo",
    "127.0.0.1%1",
];

/// Names that reach the resolver and fail there (namespace only).
const BAD_NAMES: &[&str] = &[
    "1.2.3.4.5",
    "999.1.1.1",
    "a..b",
    "-",
    "\u{202e}lmth.test",
    "\u{e9}.test",
    "nx.example.test",
];

/// A non-UTF-8 argument.
fn garbage() -> OsString {
    OsString::from_vec(vec![0xff, 0xfe, 0x80, b'1', 0xc3])
}

/// `listen|udp-recv|chat-server [HOST] PORT` style and the other data commands.
fn direct_cases() -> Vec<Case> {
    let mut v = Vec::new();
    let ports = bad_ports();
    // The data commands: every bad port, every bad host. A value with a
    // leading '-' goes after `--` (clap would take it for an option).
    let with = |cmd: &str, opts: &[&str], pos: &[&str]| -> Vec<String> {
        let mut a: Vec<String> = std::iter::once(cmd)
            .chain(opts.iter().copied())
            .map(String::from)
            .collect();
        if pos.iter().any(|p| p.starts_with('-')) {
            a.push("--".into());
        }
        a.extend(pos.iter().map(|p| p.to_string()));
        a
    };
    for p in &ports {
        let p = p.as_str();
        for args in [
            with("listen", &[], &[p]),
            with("listen", &[], &["127.0.0.1", p]),
            with("connect", &[], &["127.0.0.1", p]),
            with("udp-send", &[], &["127.0.0.1", p, "x"]),
            with("udp-recv", &[], &[p]),
            with("udp-recv", &[], &["127.0.0.1", p]),
            with("chat", &["--name", "n"], &["127.0.0.1", p]),
            with("chat-server", &[], &[p]),
            with("getaddrinfo", &[], &["127.0.0.1", p]),
            with("getnameinfo", &[], &["127.0.0.1", p]),
        ] {
            let a: Vec<&str> = args.iter().map(String::as_str).collect();
            v.push(case(&a, USAGE));
        }
    }
    // Option values: sizes, durations, counts, backlogs, paths, sources.
    let unix_long = format!("/tmp/{}", long(200));
    let abstract_long = format!("@{}", long(107));
    let sizes = [
        "0",
        "-1",
        "1G",
        "257M",
        "268435457",
        "",
        "k",
        "99999999999999999999999",
        "1.5k",
        "\u{661}\u{662}",
    ];
    let durations = [
        "-1",
        "",
        "1h",
        "1e3",
        "inf",
        "NaN",
        "1..2",
        ".",
        "99999999999",
        "525601m",
        "\u{661}s",
        "1 s",
        "0x10",
    ];
    for s in sizes {
        v.push(case(&["listen", "--bufsize", s, "127.0.0.1", "0"], USAGE));
        v.push(case(&["connect", "--bufsize", s, "127.0.0.1", "1"], USAGE));
        v.push(case(
            &["udp-send", "--bufsize", s, "127.0.0.1", "9", "x"],
            USAGE,
        ));
        v.push(case(&["udp-recv", "--bufsize", s, "127.0.0.1", "0"], USAGE));
    }
    for d in durations {
        let w = format!("-w{d}");
        let wait = format!("--wait={d}");
        let iv = format!("--interval={d}");
        v.push(case(&["listen", &w, "127.0.0.1", "0"], USAGE));
        v.push(case(&["connect", &w, "127.0.0.1", "1"], USAGE));
        v.push(case(&["udp-recv", &w, "127.0.0.1", "0"], USAGE));
        v.push(case(&["udp-send", &wait, "127.0.0.1", "9", "x"], USAGE));
        v.push(case(&["udp-send", &iv, "127.0.0.1", "9", "x"], USAGE));
        v.push(case(&["sockopt", &format!("SO_RCVTIMEO={d}")], USAGE));
    }
    for n in ["0", "-1", "", "1.5", "18446744073709551616", "\u{661}"] {
        let eq = |o: &str| format!("{o}={n}");
        v.push(case(
            &["listen", "--echo", &eq("--max-conns"), "127.0.0.1", "0"],
            USAGE,
        ));
        v.push(case(&["udp-recv", &eq("-c"), "127.0.0.1", "0"], USAGE));
        v.push(case(
            &["udp-send", &eq("--count"), "127.0.0.1", "9", "x"],
            USAGE,
        ));
    }
    for b in ["-1", "", "x", "99999999999999999999999", "4294967296"] {
        v.push(case(
            &["listen", &format!("--backlog={b}"), "127.0.0.1", "0"],
            USAGE,
        ));
    }
    for u in ["", unix_long.as_str(), abstract_long.as_str()] {
        v.push(case(&["listen", "-U", u], USAGE));
        v.push(case(&["connect", "-U", u], USAGE));
        v.push(case(&["udp-recv", "-U", u], USAGE));
        v.push(case(&["udp-send", "-U", u, "x"], USAGE));
    }
    // -U with a HOST or PORT, --max-conns 0, -z with -U.
    v.push(case(&["listen", "-U", "/tmp/x.sock", "80"], USAGE));
    v.push(case(
        &["listen", "-k", "--max-conns", "0", "127.0.0.1", "0"],
        USAGE,
    ));
    v.push(case(&["connect", "-z", "-U", "/tmp/x.sock"], USAGE));
    v.push(case(&["connect", "127.0.0.1"], USAGE));
    v.push(case(&["connect", "127.0.0.1", "1", "2"], USAGE));
    v.push(case(&["listen", "127.0.0.1", "0", "extra"], USAGE));
    v.push(case(&["listen"], USAGE));
    v.push(case(&["udp-send"], USAGE));
    for s in [
        "1.2.3.4.5",
        "[::1",
        "127.0.0.1:65536",
        "127.0.0.1:-1",
        "",
        ":",
        "[::1]:",
        "[::1]x",
        "fe80::1%nosuchif0",
        "localhost",
        "\x1b[2J",
    ] {
        let src = format!("--source={s}");
        v.push(case(&["connect", &src, "127.0.0.1", "1"], USAGE));
        v.push(case(&["udp-send", &src, "127.0.0.1", "9", "x"], USAGE));
    }
    for k in ["0", "1,2,3,4", "99999", "", "a", "1,,2", "-1", "1.5"] {
        v.push(case(
            &["connect", &format!("--keepalive={k}"), "127.0.0.1", "1"],
            USAGE,
        ));
    }
    for l in [
        "",
        "25-20",
        "1-70000",
        "0-65535,1",
        ",",
        "1,,2",
        "-",
        "80-",
        "-80",
        "1-2-3",
        "\x1b",
        "0x50",
    ] {
        v.push(case(&["connect", "-z", "127.0.0.1", l], USAGE));
    }
    v.push(case(&["connect", "-z", "127.0.0.1"], USAGE));
    // Unknown options, everywhere; nc's program-running options do not exist.
    for cmd in [
        "listen",
        "connect",
        "udp-send",
        "udp-recv",
        "resolve",
        "getaddrinfo",
        "getnameinfo",
        "fqdn",
        "hostname",
        "service",
        "protocol",
        "byteorder",
        "inet",
        "sockopt",
        "info",
        "chat",
        "chat-server",
    ] {
        for opt in [
            "--bogus",
            "-e",
            "--exec",
            "-c/bin/sh",
            "--sh-exec=id",
            "--\x1b[2J",
        ] {
            // `-c` is udp-recv's count: "/bin/sh" is a bad count there.
            v.push(case(&[cmd, opt, "x"], USAGE));
        }
        v.push(case(&[cmd, "--color=sometimes", "x"], USAGE));
        let mut a = vec![OsString::from(cmd), garbage()];
        if matches!(cmd, "listen" | "connect" | "udp-send" | "chat") {
            a.insert(1, OsString::from("127.0.0.1"));
        }
        v.push(Case {
            args: a,
            codes: USAGE,
        });
    }
    v.push(case(&["bogus-subcommand"], USAGE));
    v.push(case(&["\x1b]0;title\x07"], USAGE));
    v.push(case(&["-4", "listen", "-6", "0"], USAGE));
    v.push(case(&["-v", "listen", "-q", "0"], USAGE));
    v.push(case(&["hostname", "extra"], USAGE));
    v.push(case(&["info", "extra"], USAGE));
    v.push(case(&["fqdn", "a", "b"], USAGE));
    // byteorder values.
    for val in [
        "",
        "-1",
        "-0",
        "18446744073709551616",
        "99999999999999999999999999999",
        "0x",
        "0x1g",
        "0x10000000000000000",
        "\u{663}",
        "\u{ff11}",
        "1e3",
        "1.5",
        "0b2",
        "0o8",
        "_1",
        "1_",
        "1__0",
        "0x__1",
        "\x1b[2J",
        "\u{202e}1",
        " ",
    ] {
        let a = if val.starts_with('-') {
            vec!["byteorder", "--", val]
        } else {
            vec!["byteorder", val]
        };
        v.push(case(&a, USAGE));
    }
    v.push(case(&["byteorder", "--bits", "8", "1"], USAGE));
    v.push(case(&["byteorder", "--bits", "128", "1"], USAGE));
    v.push(case(&["byteorder", "--bits", "16", "0x10000"], USAGE));
    v.push(case(&["byteorder", "--bits", "32", "0x100000000"], USAGE));
    // inet, both ways.
    let long_addr = long(10_000);
    for a in [
        "",
        "1.2.3.4.5",
        "256.1.1.1",
        "::1::",
        "1:2:3:4:5:6:7:8:9",
        "\x1b[2J",
        "\u{202e}127.0.0.1",
        long_addr.as_str(),
        "1.2.3.4%lo",
    ] {
        v.push(case(&["inet", a], USAGE));
    }
    v.push(case(&["inet", "-4", "::1"], USAGE));
    v.push(case(&["inet", "-6", "1.2.3.4"], USAGE));
    for h in [
        "",
        "c0a8000",
        "zz",
        "c0a80001c0",
        "0x",
        "0xc0a8000",
        "c0a8 0001",
        "\u{663}\u{663}\u{663}\u{663}\u{663}\u{663}\u{663}\u{663}",
        "-c0a80001",
        "\x1b[2J",
    ] {
        let a = if h.starts_with('-') {
            vec!["inet", "--unpack", "--", h]
        } else {
            vec!["inet", "--unpack", h]
        };
        v.push(case(&a, USAGE));
    }
    // sockopt names and values.
    let cong = format!("TCP_CONGESTION={}", long(100));
    for s in [
        "SO_BOGUS",
        "",
        "=1",
        "SO_RCVBUF=abc",
        "SO_RCVBUF=99999999999",
        "SO_RCVBUF=",
        "SO_RCVBUF=-2147483649",
        "SO_KEEPALIVE=maybe",
        "SO_LINGER=1",
        "SO_LINGER=1,2,3",
        "SO_LINGER=1,99999999999",
        "TCP_NODELAY=\u{661}",
        cong.as_str(),
        "TCP_CONGESTION=\x1b[2J",
        "TCP_CONGESTION=",
        "SO_TYPE=1",
        "\x1b[2J",
        "\u{202e}SO_RCVBUF",
    ] {
        v.push(case(&["sockopt", s], USAGE));
    }
    v.push(case(&["sockopt", "--type", "bogus"], USAGE));
    // getaddrinfo options (checked before any lookup; the host is numeric).
    for p in [
        "256",
        "-1",
        "tcpx",
        "",
        "99999999999999999999",
        "\u{666}",
        "\x1b[2J",
    ] {
        v.push(case(
            &["getaddrinfo", &format!("--proto={p}"), "127.0.0.1", "80"],
            USAGE,
        ));
    }
    for (o, val) in [
        ("--family", "bogus"),
        ("--type", "bogus"),
        ("--flags", "bogus"),
        ("--flags", "passive,,bogus"),
    ] {
        v.push(case(
            &["getaddrinfo", &format!("{o}={val}"), "127.0.0.1", "80"],
            USAGE,
        ));
    }
    v.push(case(
        &["-4", "getaddrinfo", "--family", "inet6", "::1"],
        USAGE,
    ));
    v.push(case(&["getaddrinfo", ""], USAGE));
    v.push(case(
        &["getnameinfo", "--flowinfo", "1048576", "127.0.0.1", "80"],
        USAGE,
    ));
    v.push(case(
        &["getnameinfo", "--flags", "bogus", "127.0.0.1"],
        USAGE,
    ));
    v.push(case(&["service", "--proto", "sctp", "80"], USAGE));
    v.push(case(&["chat", "127.0.0.1", "9", "--name", ""], USAGE));
    v.push(case(&["chat", "127.0.0.1", "9"], USAGE));
    v
}

/// Cases that reach a lookup (services, protocols, names, zones): run only
/// inside the hermetic namespace.
fn namespace_cases() -> Vec<Case> {
    let mut v = Vec::new();
    for h in &bad_hosts() {
        let h = h.as_str();
        for args in [
            vec!["listen", h, "0"],
            vec!["connect", h, "1"],
            vec!["connect", "-z", h, "1"],
            vec!["udp-send", h, "9", "x"],
            vec!["udp-recv", h, "0"],
            vec!["chat", h, "9", "--name", "n"],
            vec!["chat-server", h, "0"],
            vec!["resolve", h],
        ] {
            v.push(case(&args, USAGE));
        }
    }
    for z in BAD_ZONES {
        for args in [
            vec!["connect", z, "1"],
            vec!["listen", z, "0"],
            vec!["udp-send", z, "9", "x"],
            vec!["udp-recv", z, "0"],
            vec!["connect", "-z", z, "1"],
            vec!["resolve", z],
            vec!["chat", z, "9", "--name", "n"],
        ] {
            v.push(case(&args, USAGE));
        }
    }
    for n in BAD_NAMES {
        for args in [
            vec!["connect", n, "1"],
            vec!["listen", n, "0"],
            vec!["udp-send", n, "9", "x"],
            vec!["resolve", n],
            vec!["getaddrinfo", n, "80"],
        ] {
            v.push(case(&args, LOOKUP));
        }
    }
    let long_name = long(1000);
    v.push(case(&["resolve", &long_name], LOOKUP));
    v.push(case(&["connect", &long_name, "1"], LOOKUP));
    for p in ["abc", "no-such-service", "http\u{200f}"] {
        for args in [
            vec!["listen", "127.0.0.1", p],
            vec!["connect", "127.0.0.1", p],
            vec!["udp-recv", "127.0.0.1", p],
            vec!["connect", "-z", "127.0.0.1", p],
        ] {
            v.push(case(&args, USAGE));
        }
    }
    let long_service = long(10_000);
    for s in [
        "",
        "65536",
        "99999999999999999999",
        "no-such-service",
        "\x1b[2J",
        "\u{663}",
        long_service.as_str(),
    ] {
        v.push(case(&["service", s], LOOKUP));
        v.push(case(&["protocol", s], LOOKUP));
    }
    v.push(case(&["protocol", "256"], LOOKUP));
    v.push(case(&["service", "--", "-1"], LOOKUP));
    v.push(case(&["protocol", "--", "-1"], LOOKUP));
    for a in ["", "1.2.3.4.5", "::1::", "\x1b[2J", "fe80::1%nosuchif0"] {
        v.push(case(&["getnameinfo", a, "80"], LOOKUP));
    }
    v
}

/// Lines that are error lines: clap's (`error: ...`) or ours (`sockx: error: ...`).
fn error_lines(stderr: &str) -> usize {
    stderr
        .lines()
        .filter(|l| l.starts_with("error:") || l.starts_with("sockx: error:"))
        .count()
}

/// Removes well-formed SGR sequences (`ESC [ digits ; m`): clap's own styles
/// under CLICOLOR_FORCE. Anything else that starts with ESC stays and fails.
pub fn strip_sgr(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == 0x1b && b.get(i + 1) == Some(&b'[') {
            let mut j = i + 2;
            while j < b.len() && (b[j].is_ascii_digit() || b[j] == b';') {
                j += 1;
            }
            if b.get(j) == Some(&b'm') {
                i = j + 1;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

/// The first raw control character in a rendering (newline and tab aside):
/// C0, DEL, C1 (as UTF-8 or as a stray byte) and bidi controls.
pub fn raw_control(b: &[u8]) -> Option<String> {
    for chunk in b.utf8_chunks() {
        let bad = chunk.valid().chars().find(|&c| {
            (c.is_control() && c != '\n' && c != '\t')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
        });
        if let Some(c) = bad {
            return Some(format!("U+{:04X}", c as u32));
        }
        if let Some(x) = chunk
            .invalid()
            .iter()
            .find(|&&x| (0x80..=0x9f).contains(&x))
        {
            return Some(format!("stray byte {x:#04x}"));
        }
    }
    None
}

/// What is wrong with one outcome, if anything.
fn verdict(c: &Case, out: &Out) -> Option<String> {
    let err = out.err();
    let plain = String::from_utf8_lossy(&strip_sgr(&out.stderr)).into_owned();
    let mut why = Vec::new();
    if !c.codes.contains(&out.code) {
        why.push(format!("exit {} (want {:?})", out.code, c.codes));
    }
    if err.contains("panicked") || err.contains("RUST_BACKTRACE") {
        why.push("panic".into());
    }
    let n = error_lines(&plain);
    if n != 1 {
        why.push(format!("{n} error lines"));
    }
    if !out.stdout.is_empty() {
        why.push(format!("stdout {:?}", out.out()));
    }
    if let Some(what) = raw_control(&strip_sgr(&out.stderr)) {
        why.push(format!("raw {what} on stderr"));
    }
    (!why.is_empty()).then(|| {
        let shown: Vec<String> = c
            .args
            .iter()
            .map(|a| {
                let s = a.to_string_lossy();
                if s.len() > 40 {
                    format!("{}…({} bytes)", &s[..s.floor_char_boundary(20)], s.len())
                } else {
                    format!("{s:?}")
                }
            })
            .collect();
        let e = if plain.len() > 300 {
            &plain[..plain.floor_char_boundary(300)]
        } else {
            &plain
        };
        format!(
            "sockx {}: {}; stderr {e:?}",
            shown.join(" "),
            why.join(", ")
        )
    })
}

/// Every direct case: exit 2, one error line, nothing on stdout, no panic,
/// no raw control byte (clap forced to style its output).
#[test]
fn hostile_command_lines() {
    let cases = direct_cases();
    let mut failures = Vec::new();
    for c in &cases {
        let out = sockx(&c.args)
            .env("CLICOLOR_FORCE", "1")
            .timeout(Duration::from_secs(10))
            .run();
        if let Some(f) = verdict(c, &out) {
            failures.push(f);
        }
    }
    println!(
        "hostile: {} command lines tried through the binary",
        cases.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} hostile command lines misbehaved:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Bash's $'...' quoting of any bytes.
fn shell_quote(a: &OsString) -> String {
    let mut s = String::from("$'");
    for &b in a.as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'/' | b'-' | b':' | b',') {
            s.push(b as char);
        } else {
            s.push_str(&format!("\\x{b:02x}"));
        }
    }
    s.push('\'');
    s
}

/// The cases that reach a lookup, inside the namespace (no DNS server but
/// its own): exit 2 or 3 as each allows, with the same checks.
#[test]
fn hostile_lookups_in_the_namespace() {
    if !netns::available() {
        return;
    }
    let cases = namespace_cases();
    let cmds: Vec<String> = cases
        .iter()
        .map(|c| {
            let args: Vec<String> = c.args.iter().map(shell_quote).collect();
            format!("CLICOLOR_FORCE=1 timeout 10 sockx {}", args.join(" "))
        })
        .collect();
    let refs: Vec<&str> = cmds.iter().map(String::as_str).collect();
    let outs = netns::run(&refs);
    let failures: Vec<String> = cases
        .iter()
        .zip(&outs)
        .filter_map(|(c, o)| verdict(c, o))
        .collect();
    println!(
        "hostile: {} command lines tried inside the namespace",
        cases.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} hostile lookups misbehaved:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
