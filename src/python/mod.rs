//! `--python`: instead of running a command, print a complete Python 3
//! program (standard library only) that makes the same socket calls in the
//! same order, written like the seeds' programs: numbered steps in textbook
//! order, each commented with the call as `--trace` shows it.
//!
//! One generator per family of commands (stream: listen and connect;
//! dgram: udp-send, udp-recv, chat and chat-server; lookup: the name
//! service; module: byteorder, inet, sockopt, info; learn: errno,
//! socketpair), each plain string building from the parsed arguments. An
//! option a program cannot express is a usage error, never a silently
//! different program.

mod dgram;
mod learn;
mod lookup;
mod module;
mod stream;

use std::collections::BTreeSet;

use crate::cli::Command;
use crate::cmd::Ctx;
use crate::error::{Error, Result};
use crate::ui::escape;

/// One line on stderr and sockx's exit status.
pub const FAIL: &str = r#"
def fail(what, e):
    """sockx's exit statuses: 4 timed out, 3 name not found, 1 other failures."""
    print('error: %s: %s' % (what, e), file=sys.stderr)
    if isinstance(e, socket.timeout):
        sys.exit(4)
    sys.exit(3 if isinstance(e, socket.gaierror) else 1)
"#;

/// A program being written: its imports, its helpers and its numbered steps.
pub struct Prog {
    imports: BTreeSet<&'static str>,
    helpers: Vec<&'static str>,
    body: String,
    step: u32,
}

impl Prog {
    fn new() -> Prog {
        let mut imports = BTreeSet::new();
        imports.insert("socket");
        Prog {
            imports,
            helpers: Vec::new(),
            body: String::new(),
            step: 0,
        }
    }

    fn import(&mut self, m: &'static str) -> &mut Self {
        self.imports.insert(m);
        self
    }

    /// A helper function the steps call (written once, before them).
    fn helper(&mut self, code: &'static str) -> &mut Self {
        if !self.helpers.contains(&code) {
            self.helpers.push(code);
        }
        self
    }

    /// Starts the next numbered step: `# 3. listen: ...`, wrapped at 79 columns.
    fn step(&mut self, what: &str) -> &mut Self {
        self.step += 1;
        let mut line = format!("\n# {}.", self.step);
        for w in what.split(' ') {
            if line.len() + 1 + w.len() > 79 {
                self.body.push_str(&line);
                line = "\n#   ".to_string() + w;
            } else {
                line.push(' ');
                line.push_str(w);
            }
        }
        self.body.push_str(&line);
        self.body.push('\n');
        self
    }

    /// Lines of code, as written (indented by the caller).
    fn code(&mut self, lines: &str) -> &mut Self {
        for l in lines.lines() {
            self.body.push_str(l.trim_end());
            self.body.push('\n');
        }
        self
    }

    /// The whole program.
    fn finish(&self, title: &str) -> String {
        // The command line goes in a comment: in the docstring a `"""` or a
        // backslash in an argument would change the program.
        let mut s = format!(
            "#!/usr/bin/env python3\n\"\"\"{title}\n\nWritten by `sockx --python`: the same socket calls, in the same order, as\nthe command below shows them with --trace. Standard library only.\n\"\"\"\n# {}\n",
            command_line()
        );
        for m in &self.imports {
            s.push_str(&format!("import {m}\n"));
        }
        for h in &self.helpers {
            s.push_str("\n\n");
            s.push_str(h.trim_start_matches('\n'));
        }
        if !self.helpers.is_empty() {
            s.push('\n');
        }
        s.push_str(&self.body);
        s
    }
}

/// The command line without --python, quoted as a shell would need it.
fn command_line() -> String {
    let mut words = vec!["sockx".to_string()];
    let args = std::env::args_os().skip(1);
    for a in args
        .map(|a| a.to_string_lossy().into_owned())
        .filter(|a| a != "--python")
    {
        let plain = !a.is_empty()
            && a.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.,:/=@+[]".contains(c));
        words.push(if plain {
            a
        } else {
            format!("'{}'", a.replace('\'', "'\\''"))
        });
    }
    escape::text(&words.join(" ")).into_owned()
}

/// A Python string literal.
pub fn s(text: &str) -> String {
    escape::py_str(text)
}

/// Python's name for an address family: `socket.AF_INET`.
fn family(f: i32) -> &'static str {
    match f {
        libc::AF_INET => "socket.AF_INET",
        libc::AF_INET6 => "socket.AF_INET6",
        libc::AF_UNIX => "socket.AF_UNIX",
        _ => "socket.AF_UNSPEC",
    }
}

/// `option --x is not expressed by --python` (exit 2).
fn unsupported(cmd: &str, opt: &str) -> Error {
    Error::usage(format!(
        "--python: {cmd} {opt} has no Python program yet; run it without --python"
    ))
}

/// Writes the program for `cmd`.
pub fn program(cmd: &Command, ctx: &Ctx) -> Result<String> {
    match cmd {
        Command::Listen(a) => stream::listen(a, ctx),
        Command::Connect(a) => stream::connect(a, ctx),
        Command::UdpSend(a) => dgram::udp_send(a, ctx),
        Command::UdpRecv(a) => dgram::udp_recv(a, ctx),
        Command::Chat(a) => dgram::chat(a, ctx),
        Command::ChatServer(a) => dgram::chat_server(a, ctx),
        Command::Resolve(a) => lookup::resolve(a, ctx),
        Command::Getaddrinfo(a) => lookup::getaddrinfo(a, ctx),
        Command::Getnameinfo(a) => lookup::getnameinfo(a),
        Command::Fqdn(a) => lookup::fqdn(a),
        Command::Hostname(_) => lookup::hostname(),
        Command::Service(a) => lookup::service(a),
        Command::Protocol(a) => lookup::protocol(a),
        Command::Byteorder(a) => module::byteorder(a),
        Command::Inet(a) => module::inet(a, ctx),
        Command::Sockopt(a) => module::sockopt(a, ctx),
        Command::Info(_) => module::info(),
        Command::Errno(a) => learn::errno(a),
        Command::Socketpair(a) => learn::socketpair(a),
        Command::Tls(_) => Err(Error::usage(
            "--python: tls has no Python program yet; run it without --python",
        )),
        Command::Forward(_) => Err(Error::usage(
            "--python: forward has no Python program yet; run it without --python",
        )),
        Command::Generate(_) => Err(Error::usage("--python: generate has no Python program")),
    }
}

/// Prints the program on stdout.
pub fn print(cmd: &Command, ctx: &Ctx) -> Result<()> {
    use std::io::Write;
    let text = program(cmd, ctx)?;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .map_err(|e| Error::stdout(&e))
}
