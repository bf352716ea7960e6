//! What the result commands share: global options before or after the
//! subcommand, colour (--color, NO_COLOR, a terminal) and a closed stdout.
//! Only numeric addresses here: nothing is looked up.

use super::{sq, strip_ansi};
use crate::util::{BIN, cmd, have, sockx};

/// Result commands that look nothing up, as argument lists after `sockx`.
const COMMANDS: &[&[&str]] = &[
    &["byteorder", "0x1234"],
    &["hostname"],
    &["sockopt"],
    &["sockopt", "SO_RCVBUF=4096"],
    &[
        "getaddrinfo",
        "--flags",
        "numerichost,numericserv",
        "127.0.0.1",
        "80",
    ],
];

/// Commands whose human output is more than a bare value, so colour shows.
const COLOURED: &[&[&str]] = &[
    &["byteorder", "0x1234"],
    &["sockopt", "SO_RCVBUF=4096"],
    &["sockopt", "--type", "udp"],
    &[
        "getaddrinfo",
        "--flags",
        "numerichost,numericserv",
        "::1",
        "80",
    ],
];

fn with(pre: &[&str], args: &[&str], post: &[&str]) -> Vec<String> {
    pre.iter()
        .chain(args)
        .chain(post)
        .map(|s| s.to_string())
        .collect()
}

#[test]
fn global_options_before_and_after_the_subcommand() {
    for args in COMMANDS {
        let before = sockx(with(&["--json"], args, &[])).run();
        before.ok();
        let after = sockx(with(&[], args, &["--json"])).run();
        after.ok();
        assert_eq!(before.out(), after.out(), "{args:?}");
        let _ = before.json();
        // The subcommand name first, then --json before its arguments.
        let mut mid: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        mid.insert(1, "--json".to_string());
        let mid = sockx(mid).run();
        mid.ok();
        assert_eq!(before.out(), mid.out(), "{args:?}");

        let t1 = sockx(with(&["--trace", "--color", "never"], args, &[])).run();
        let t2 = sockx(with(&[], args, &["--color", "never", "--trace"])).run();
        t1.ok();
        t2.ok();
        assert_eq!(t1.out(), t2.out(), "{args:?}");
        assert_eq!(t1.err(), t2.err(), "{args:?}");
        assert!(!t1.err().is_empty(), "--trace printed nothing for {args:?}");
    }
}

#[test]
fn colour_always_never_and_no_color() {
    for args in COLOURED {
        let always = sockx(with(&["--color", "always"], args, &[])).run();
        always.ok();
        assert!(always.out().contains("\x1b["), "no colour: {args:?}");
        let never = sockx(with(&["--color", "never"], args, &[])).run();
        never.ok();
        assert!(!never.out().contains('\x1b'), "colour: {args:?}");
        // Colour changes nothing but the escapes, and every line ends in '\n'
        // (regression: sockopt's dimmed note once put its '\n' inside the
        // escape, so coloured output ended in "\x1b[0m" with no newline).
        assert_eq!(strip_ansi(&always.out()), never.out(), "{args:?}");
        assert!(always.out().ends_with('\n'), "{args:?}: {:?}", always.out());

        // Not a terminal: auto means no colour, with or without NO_COLOR.
        let auto = sockx(args.to_vec()).run();
        assert_eq!(auto.ok().out(), never.out(), "{args:?}");
        for when in ["auto", "never"] {
            let out = sockx(with(&["--color", when], args, &[]))
                .env("NO_COLOR", "1")
                .run();
            assert_eq!(
                out.ok().out(),
                never.out(),
                "NO_COLOR --color {when} {args:?}"
            );
        }
        // always wins over NO_COLOR.
        let out = sockx(with(&["--color", "always"], args, &[]))
            .env("NO_COLOR", "1")
            .run();
        assert!(out.ok().out().contains("\x1b["), "NO_COLOR always {args:?}");

        // JSON is never coloured.
        let js = sockx(with(&["--color", "always", "--json"], args, &[])).run();
        js.ok();
        assert!(!js.out().contains('\x1b'), "coloured JSON: {args:?}");
        let _ = js.json();
    }
}

/// Runs a shell command line on a pseudo-terminal (util-linux `script`) and
/// returns what the terminal showed.
fn on_tty(line: &str, no_color: bool) -> String {
    let mut c = cmd("script", ["-qec", line, "/dev/null"]);
    if no_color {
        c = c.env("NO_COLOR", "1");
    }
    let out = c.run();
    assert_eq!(out.code, 0, "script {line}: {}", out.err());
    out.out()
}

#[test]
fn colour_auto_on_a_terminal_honours_no_color() {
    if !have("script") {
        return;
    }
    let line = format!("{} byteorder 0x1234", sq(BIN));
    let tty = on_tty(&line, false);
    assert!(tty.contains("\x1b["), "auto on a terminal: {tty:?}");
    let plain = on_tty(&line, true);
    assert!(!plain.contains('\x1b'), "NO_COLOR on a terminal: {plain:?}");
    assert!(plain.contains("4660"));
    let forced = on_tty(
        &format!("{} --color always byteorder 0x1234", sq(BIN)),
        true,
    );
    assert!(
        forced.contains("\x1b["),
        "always beats NO_COLOR: {forced:?}"
    );
    let never = on_tty(
        &format!("{} --color never byteorder 0x1234", sq(BIN)),
        false,
    );
    assert!(!never.contains('\x1b'), "never on a terminal: {never:?}");
    let js = on_tty(&format!("{} --json byteorder 0x1234", sq(BIN)), false);
    assert!(!js.contains('\x1b'), "JSON on a terminal: {js:?}");
}

#[test]
fn closed_stdout_ends_quietly() {
    if !have("bash") {
        return;
    }
    for args in COMMANDS.iter().chain(COLOURED) {
        for pre in [&[][..], &["--json"][..], &["--color", "always"][..]] {
            let line = std::iter::once(sq(BIN))
                .chain(pre.iter().chain(args.iter()).map(|a| sq(a)))
                .collect::<Vec<_>>()
                .join(" ");
            // As a user would: the reader takes one byte and leaves.
            let head = cmd(
                "bash",
                [
                    "-c",
                    &format!("{line} | head -c1 >/dev/null; echo ${{PIPESTATUS[0]}}"),
                ],
            )
            .run();
            // The reader is gone before the first write: EPIPE for certain
            // (regression: under --json the BrokenPipe was wrapped into an
            // "other" error and reported as `write to stdout`, exit 1).
            let gone = cmd(
                "bash",
                [
                    "-c",
                    &format!("(sleep 0.1; exec {line}) | true; echo ${{PIPESTATUS[0]}}"),
                ],
            )
            .run();
            for out in [head, gone] {
                assert_eq!(out.out().trim(), "0", "{line}: exit {}", out.err());
                assert!(out.err().is_empty(), "{line}: stderr {:?}", out.err());
            }
        }
    }
}
