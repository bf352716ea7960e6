//! docs/tutorial.md still works: every fenced block tagged `tutorial` is run
//! and its output compared with what the tutorial shows.
//!
//! A block is a console transcript: `$ command` lines, each followed by the
//! output it printed (stdout and stderr together, as a terminal shows them).
//! Info-string words after `console tutorial`:
//! - (none): the commands run in order in one bash; each must exit 0 unless
//!   the next command is `echo $?`, which shows the status;
//! - `bg`: one command started in the background, as in a second terminal
//!   (a server is waited for until its `listening on` line is out); the
//!   following blocks run while it does. When its section (`## `) ends it
//!   must have finished with status 0, or, when its transcript has a `^C`
//!   line, it is interrupted once it has printed what comes before that line
//!   (SIGINT to its process group, as a terminal does), and must exit 130;
//! - `netns`: run inside the private namespace of `netns.rs` (names there
//!   come from its hosts file and DNS server; nothing leaves the machine).
//!
//! Output is compared line by line after masking what differs between runs:
//! port numbers after an address (`127.0.0.1:51234`, `('127.0.0.1', 51234)`,
//! `port 51234`, `"port":51234`), `N ms`, and runs of blanks. In the
//! tutorial, `…` within a line matches any text, and a line that is only `…`
//! matches any number of lines. The tutorial's fixed ports (8000, 8080,
//! 9999, 50007) are replaced by free ports in the commands run here.
//! Everything stays on 127.0.0.1.

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::netns;
use super::util::{BIN, TempDir, cmd, free_port};

const TUTORIAL: &str = include_str!("../../docs/tutorial.md");
const FIXED_PORTS: [u16; 4] = [8000, 8080, 9999, 50007];
/// A status a transcript shows with `echo $?`.
const SHOW_STATUS: &str = "echo $?";
const MARK: &str = "@@sockx-tutorial@@";

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Fg,
    Bg,
    Netns,
}

#[derive(Debug)]
struct Step {
    command: String,
    expected: Vec<String>,
}

#[derive(Debug)]
struct Block {
    kind: Kind,
    /// 1-based line of the opening fence, for messages.
    line: usize,
    section: String,
    steps: Vec<Step>,
}

/// The runnable blocks of the tutorial, in order.
fn blocks(md: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut section = String::new();
    let mut lines = md.lines().enumerate();
    while let Some((i, l)) = lines.next() {
        if let Some(h) = l.strip_prefix("## ") {
            section = h.trim().to_string();
            continue;
        }
        let Some(info) = l.strip_prefix("```") else {
            continue;
        };
        let words: Vec<&str> = info.split_whitespace().collect();
        let body: Vec<&str> = lines
            .by_ref()
            .map(|(_, l)| l)
            .take_while(|l| !l.starts_with("```"))
            .collect();
        if words.first() != Some(&"console") || !words.contains(&"tutorial") {
            continue;
        }
        let kind = if words.contains(&"bg") {
            Kind::Bg
        } else if words.contains(&"netns") {
            Kind::Netns
        } else {
            Kind::Fg
        };
        let mut steps: Vec<Step> = Vec::new();
        let mut continued = false;
        for b in body {
            if continued {
                let s = steps.last_mut().expect("a command");
                s.command.push('\n');
                s.command.push_str(b);
                continued = b.ends_with('\\');
            } else if let Some(c) = b.strip_prefix("$ ") {
                steps.push(Step {
                    command: c.to_string(),
                    expected: Vec::new(),
                });
                continued = c.ends_with('\\');
            } else {
                let s = steps
                    .last_mut()
                    .unwrap_or_else(|| panic!("tutorial.md:{}: output before a command", i + 1));
                s.expected.push(b.to_string());
            }
        }
        out.push(Block {
            kind,
            line: i + 1,
            section: section.clone(),
            steps,
        });
    }
    out
}

/// Replaces each fixed port (a whole number) in a command with its stand-in.
fn subst_ports(s: &str, map: &[(u16, u16)]) -> String {
    let mut out = String::with_capacity(s.len());
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit()
            && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.'))
        {
            let j = (i..b.len())
                .find(|&j| !b[j].is_ascii_digit())
                .unwrap_or(b.len());
            let word = &s[i..j];
            let next_ok = j == b.len() || !(b[j].is_ascii_alphanumeric() || b[j] == b'.');
            match map.iter().find(|(from, _)| from.to_string() == word) {
                Some((_, to)) if next_ok => out.push_str(&to.to_string()),
                _ => out.push_str(word),
            }
            i = j;
        } else {
            let c = s[i..].chars().next().expect("char");
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// Masks what differs from run to run (see the module comment).
fn normalize(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c.is_ascii_digit() {
            let n = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            let (digits, after) = rest.split_at(n);
            let before = out.as_str();
            let prev = before.chars().last();
            let port = before.ends_with("', ")
                || before.ends_with(" port ")
                || before.ends_with("\"port\":")
                || (before.ends_with(':')
                    && before[..before.len() - 1]
                        .chars()
                        .last()
                        .is_some_and(|p| p.is_ascii_digit() || p == ']')
                    && !after.starts_with(|c: char| c == '.' || c.is_ascii_digit()));
            if port && !matches!(prev, Some('.')) {
                out.push_str("PORT");
            } else if after.starts_with(" ms") {
                out.push('N');
            } else {
                out.push_str(digits);
            }
            rest = after;
        } else if c == ' ' || c == '\t' {
            let n = rest.find(|c| c != ' ' && c != '\t').unwrap_or(rest.len());
            out.push(' ');
            rest = &rest[n..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out.trim_end().to_string()
}

/// One expected line against one actual line; `…` matches any text.
fn line_matches(expected: &str, actual: &str) -> bool {
    let parts: Vec<&str> = expected.split('…').collect();
    if parts.len() == 1 {
        return expected == actual;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !actual.starts_with(first) || actual.len() < first.len() + last.len() {
        return false;
    }
    let mut at = first.len();
    for p in &parts[1..parts.len() - 1] {
        match actual[at..].find(p) {
            Some(k) => at += k + p.len(),
            None => return false,
        }
    }
    actual.len() >= at + last.len() && actual[at..].ends_with(last)
}

/// Expected lines (a `…` line is a gap of any length) against actual lines.
fn lines_match(expected: &[String], actual: &[String]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((e, rest)) if e == "…" => {
            (0..=actual.len()).any(|k| lines_match(rest, &actual[k..]))
        }
        Some((e, rest)) => {
            !actual.is_empty() && line_matches(e, &actual[0]) && lines_match(rest, &actual[1..])
        }
    }
}

/// Normalized lines without leading and trailing blank lines.
fn prepare<S: AsRef<str>>(lines: &[S]) -> Vec<String> {
    let v: Vec<String> = lines.iter().map(|l| normalize(l.as_ref())).collect();
    let start = v.iter().position(|l| !l.is_empty()).unwrap_or(v.len());
    let end = v
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(start, |e| e + 1);
    v[start..end].to_vec()
}

/// Compares one command's output; a message when it differs.
fn compare(block: &Block, step: &Step, command: &str, raw: &str) -> Option<String> {
    let expected = prepare(&step.expected);
    let actual_lines: Vec<&str> = raw.lines().collect();
    let actual = prepare(&actual_lines);
    if lines_match(&expected, &actual) {
        return None;
    }
    Some(format!(
        "tutorial.md:{} ({}): `{command}`\n--- the tutorial shows (masked):\n{}\n--- it printed:\n{}",
        block.line,
        block.section,
        expected.join("\n"),
        raw.trim_end()
    ))
}

/// The bash script for a block of commands: each command's output between
/// markers, then its status.
fn script(steps: &[String], dir: &Path) -> String {
    let mut s = format!(
        "exec 2>&1 </dev/null\ncd '{}' || exit 99\nrc=0\n",
        dir.display()
    );
    for c in steps {
        s.push_str(&format!(
            "printf '\\n{MARK}\\n'\n(exit $rc); {c}\nrc=$?\nprintf '\\n{MARK} %d\\n' $rc\n"
        ));
    }
    s
}

/// Splits a script's output into (output, status) per command.
fn results(out: &str, n: usize) -> Vec<(String, i32)> {
    let mut res = Vec::new();
    let mut cur: Option<String> = None;
    for l in out.split('\n') {
        if l == MARK {
            cur = Some(String::new());
        } else if let Some(code) = l.strip_prefix(MARK).map(str::trim) {
            let text = cur.take().unwrap_or_default();
            res.push((text, code.parse().unwrap_or(-1)));
        } else if let Some(c) = cur.as_mut() {
            c.push_str(l);
            c.push('\n');
        }
    }
    while res.len() < n {
        res.push((cur.take().unwrap_or_default(), -1));
    }
    res
}

/// Checks every step of a block that ran as one script.
fn check_steps(block: &Block, commands: &[String], out: &str, errors: &mut Vec<String>) {
    let res = results(out, block.steps.len());
    for (i, (step, (text, rc))) in block.steps.iter().zip(&res).enumerate() {
        let shows_status = block
            .steps
            .get(i + 1)
            .is_some_and(|n| n.command == SHOW_STATUS);
        if *rc != 0 && !shows_status {
            errors.push(format!(
                "tutorial.md:{} ({}): `{}` exited {rc}:\n{}",
                block.line,
                block.section,
                commands[i],
                text.trim_end()
            ));
            continue;
        }
        if let Some(e) = compare(block, step, &commands[i], text) {
            errors.push(e);
        }
    }
}

/// A command running in the background, its output collected as it comes.
struct Bg<'a> {
    block: &'a Block,
    command: String,
    child: Child,
    out: Arc<Mutex<Vec<u8>>>,
    reader: Option<std::thread::JoinHandle<()>>,
    interrupt: bool,
}

impl Bg<'_> {
    fn text(&self) -> String {
        let v = self.out.lock().map(|v| v.clone()).unwrap_or_default();
        String::from_utf8_lossy(&v).into_owned()
    }

    /// Everything it should print (the `^C` line left out).
    fn expected(&self) -> Vec<String> {
        let e = &self.block.steps[0].expected;
        let e: Vec<&String> = e.iter().filter(|l| l.trim() != "^C").collect();
        prepare(&e)
    }

    /// What it should print before it is interrupted.
    fn before_interrupt(&self) -> Vec<String> {
        let e = &self.block.steps[0].expected;
        let e: Vec<&String> = e.iter().take_while(|l| l.trim() != "^C").collect();
        prepare(&e)
    }

    fn printed(&self, expected: &[String]) -> bool {
        let t = self.text();
        let lines: Vec<&str> = t.lines().collect();
        lines_match(expected, &prepare(&lines))
    }

    /// Waits until it is ready for the next block: a server's listening
    /// line is out; anything else gets a moment to reach its peer.
    fn wait_ready(&self) {
        let key = self
            .expected()
            .into_iter()
            .find(|l| l.contains("listening on"));
        let end = Instant::now() + Duration::from_secs(10);
        while let Some(k) = &key {
            let t = self.text();
            if Instant::now() > end || t.lines().any(|l| line_matches(k, &normalize(l))) {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(Duration::from_millis(300));
    }

    /// Ends it as the tutorial says (by itself, or Ctrl-C) and checks it.
    fn finish(mut self, errors: &mut Vec<String>) {
        let end = Instant::now() + Duration::from_secs(15);
        if self.interrupt {
            let before = self.before_interrupt();
            while Instant::now() < end && !self.printed(&before) {
                std::thread::sleep(Duration::from_millis(20));
            }
            // SAFETY: signalling the process group we created for this child.
            unsafe { libc::kill(-(self.child.id() as i32), libc::SIGINT) };
        }
        let status = loop {
            match self.child.try_wait() {
                Ok(Some(st)) => break Some(st),
                Ok(None) if Instant::now() < end => std::thread::sleep(Duration::from_millis(20)),
                _ => break None,
            }
        };
        if status.is_none() {
            // SAFETY: as above; the test failed, nothing may outlive it.
            unsafe { libc::kill(-(self.child.id() as i32), libc::SIGKILL) };
            let _ = self.child.wait();
        }
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
        let text = self.text();
        let want = if self.interrupt { 130 } else { 0 };
        let code = status.and_then(|s| s.code());
        if code != Some(want) {
            errors.push(format!(
                "tutorial.md:{} ({}): background `{}` ended with {status:?}, expected status {want}:\n{}",
                self.block.line,
                self.block.section,
                self.command,
                text.trim_end()
            ));
            return;
        }
        let lines: Vec<&str> = text.lines().collect();
        if !lines_match(&self.expected(), &prepare(&lines)) {
            errors.push(format!(
                "tutorial.md:{} ({}): background `{}`\n--- the tutorial shows (masked):\n{}\n--- it printed:\n{}",
                self.block.line,
                self.block.section,
                self.command,
                self.expected().join("\n"),
                text.trim_end()
            ));
        }
    }
}

impl Drop for Bg<'_> {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            // SAFETY: our own child's process group.
            unsafe { libc::kill(-(self.child.id() as i32), libc::SIGKILL) };
            let _ = self.child.wait();
        }
    }
}

fn path_with_sockx() -> String {
    let dir = Path::new(BIN).parent().expect("bin dir");
    format!(
        "{}:{}",
        dir.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

fn start_bg<'a>(block: &'a Block, command: String, dir: &Path) -> Bg<'a> {
    let mut c = Command::new("bash");
    c.args(["-c", &format!("exec 2>&1 </dev/null; {command}")])
        .current_dir(dir)
        .env("PATH", path_with_sockx())
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .process_group(0);
    let mut child = c.spawn().expect("spawn bash");
    let out = Arc::new(Mutex::new(Vec::new()));
    let mut pipe = child.stdout.take().expect("stdout");
    let sink = out.clone();
    let reader = std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = pipe.read(&mut buf) {
            if n == 0 {
                break;
            }
            if let Ok(mut v) = sink.lock() {
                v.extend_from_slice(&buf[..n]);
            }
        }
    });
    let interrupt = block.steps[0].expected.iter().any(|l| l.trim() == "^C");
    let bg = Bg {
        block,
        command,
        child,
        out,
        reader: Some(reader),
        interrupt,
    };
    bg.wait_ready();
    bg
}

/// Every block runnable here (not the namespace ones), in order.
#[test]
fn tutorial_commands_still_work() {
    let all = blocks(TUTORIAL);
    let dir = TempDir::new("tutorial");
    // SOCKX_TUTORIAL_FIXED_PORTS=1 runs with the tutorial's own ports (to
    // capture output for it); by default each gets a free stand-in.
    let fixed = std::env::var("SOCKX_TUTORIAL_FIXED_PORTS").is_ok_and(|v| v == "1");
    let mut map = Vec::new();
    for p in FIXED_PORTS {
        let mut q = if fixed { p } else { free_port() };
        while !fixed && map.iter().any(|(_, t)| *t == q) {
            q = free_port();
        }
        map.push((p, q));
    }
    let mut errors = Vec::new();
    let mut running: Vec<Bg> = Vec::new();
    let mut section = String::new();
    for b in all.iter().filter(|b| b.kind != Kind::Netns) {
        if b.section != section {
            for bg in running.drain(..) {
                bg.finish(&mut errors);
            }
            section = b.section.clone();
        }
        let commands: Vec<String> = b
            .steps
            .iter()
            .map(|s| subst_ports(&s.command, &map))
            .collect();
        match b.kind {
            Kind::Bg => {
                assert_eq!(
                    commands.len(),
                    1,
                    "tutorial.md:{}: one command per bg block",
                    b.line
                );
                running.push(start_bg(b, commands[0].clone(), dir.path()));
            }
            _ => {
                let out = cmd("bash", ["-c", &script(&commands, dir.path())])
                    .env("PATH", &path_with_sockx())
                    .timeout(Duration::from_secs(60))
                    .run();
                check_steps(b, &commands, &out.out(), &mut errors);
            }
        }
    }
    for bg in running.drain(..) {
        bg.finish(&mut errors);
    }
    assert!(errors.is_empty(), "{}", errors.join("\n\n"));
}

/// The name-resolution blocks, inside the private namespace.
#[test]
fn tutorial_name_lookups_in_a_private_namespace() {
    let all: Vec<Block> = blocks(TUTORIAL)
        .into_iter()
        .filter(|b| b.kind == Kind::Netns)
        .collect();
    assert!(!all.is_empty(), "no netns blocks in the tutorial");
    if !netns::available() {
        return;
    }
    let dir = TempDir::new("tutorial-ns");
    let scripts: Vec<(Vec<String>, String)> = all
        .iter()
        .map(|b| {
            let c: Vec<String> = b.steps.iter().map(|s| s.command.clone()).collect();
            let s = script(&c, dir.path());
            (c, s)
        })
        .collect();
    let refs: Vec<&str> = scripts.iter().map(|(_, s)| s.as_str()).collect();
    let outs = netns::run(&refs);
    let mut errors = Vec::new();
    for ((b, (commands, _)), out) in all.iter().zip(&scripts).zip(&outs) {
        check_steps(b, commands, &out.out(), &mut errors);
    }
    assert!(errors.is_empty(), "{}", errors.join("\n\n"));
}

/// The tutorial is linked from the README, walks every lesson the seeds
/// teach, and has runnable blocks for them.
#[test]
fn tutorial_covers_the_lessons_and_is_linked() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    assert!(
        readme.contains("(docs/tutorial.md)"),
        "README does not link docs/tutorial.md"
    );
    for topic in [
        "phone",
        "socket, bind, listen, accept",
        "-k",
        "sendall",
        "recv(1024)",
        "粘包",
        "--bufsize 1024 --trace",
        "sendto",
        "recvfrom",
        "chat",
        "byteorder",
        "inet",
        "keepalive",
        "heartbeat",
        "SO_REUSEADDR",
        "TIME_WAIT",
        "getaddrinfo",
        "resolve",
        "fqdn",
    ] {
        assert!(
            TUTORIAL.contains(topic),
            "the tutorial does not mention {topic:?}"
        );
    }
    let all = blocks(TUTORIAL);
    assert!(all.len() >= 20, "only {} runnable blocks", all.len());
    for b in &all {
        assert!(
            !b.steps.is_empty(),
            "tutorial.md:{}: a block with no command",
            b.line
        );
    }
    // Nothing in a runnable block may talk to anything but loopback, or look
    // a name up outside the namespace (only localhost over IPv4 is in /etc/hosts).
    for b in all.iter().filter(|b| b.kind != Kind::Netns) {
        for s in &b.steps {
            for word in s
                .command
                .split(|c: char| c.is_whitespace() || c == '\'' || c == '"')
            {
                let looks_like_ip = word.split('.').count() == 4
                    && word
                        .split('.')
                        .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()));
                // `inet` only converts text and bytes: it sends nothing.
                let converts_only = s.command.starts_with("sockx inet ")
                    || s.command.starts_with("sockx --trace inet ");
                assert!(
                    !looks_like_ip || word.starts_with("127.") || converts_only,
                    "tutorial.md:{}: {word} is not loopback",
                    b.line
                );
                assert!(
                    !word.contains(".example")
                        && !word.ends_with(".com")
                        && !word.ends_with(".org"),
                    "tutorial.md:{}: {word} would be looked up outside the namespace",
                    b.line
                );
            }
        }
    }
}

#[test]
fn the_matcher_masks_ports_and_durations_and_can_fail() {
    assert_eq!(
        normalize("accept(3) = 4, ('127.0.0.1', 51234)"),
        "accept(3) = 4, ('127.0.0.1', PORT)"
    );
    assert_eq!(
        normalize("closed 127.0.0.1:40000: 5 B in,  0 B out, 12 ms"),
        "closed 127.0.0.1:PORT: 5 B in, 0 B out, N ms"
    );
    assert_eq!(normalize("recv(4, 1024) = 12"), "recv(4, 1024) = 12");
    assert_eq!(normalize("inet 127.0.0.1"), "inet 127.0.0.1");
    let e = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(lines_match(&e(&["a", "…", "d"]), &e(&["a", "b", "c", "d"])));
    assert!(lines_match(
        &e(&["send(3, … bytes) = …"]),
        &e(&["send(3, 6 bytes) = 6"])
    ));
    assert!(!lines_match(
        &e(&["recv(4, 1024) = 12"]),
        &e(&["recv(4, 1024) = 6"])
    ));
    assert!(!lines_match(&e(&["a", "d"]), &e(&["a", "b", "d"])));
    assert_eq!(
        subst_ports(
            "sockx listen 127.0.0.1 8080; x=18080 8080.5",
            &[(8080, 41000)]
        ),
        "sockx listen 127.0.0.1 41000; x=18080 8080.5"
    );
}
