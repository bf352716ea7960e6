//! Generated documentation: man pages (clap_mangen) and shell completions
//! (clap_complete), produced from the clap definition by the hidden
//! `sockx generate --out-dir DIR` and committed under man/ and completions/.
//! A test regenerates them and fails when the committed files are stale.

use std::fs;
use std::io::Write;
use std::path::Path;

use clap_complete::Shell;

use crate::error::{Error, Result};

const EXIT_STATUS: &[(&str, &str)] = &[
    ("0", "Success."),
    (
        "1",
        "A socket operation failed: connection refused or reset, address in use, \
         permission denied, a port found closed by connect -z, an ICMP port-unreachable \
         seen by udp-send --wait.",
    ),
    (
        "2",
        "Usage error or invalid input: an unknown option, a bad port (65536, -1, abc), a \
         bad number or duration, an unknown socket option name or a bad value, a \
         getaddrinfo request the resolver rejects as malformed (EAI_FAMILY, EAI_SOCKTYPE, \
         EAI_BADFLAGS, EAI_SERVICE, EAI_ADDRFAMILY).",
    ),
    (
        "3",
        "A name (host, service, protocol) was not found: EAI_NONAME, EAI_AGAIN, EAI_NODATA, \
         HOST_NOT_FOUND.",
    ),
    (
        "4",
        "Timed out before the work was done: connect timeout, no connection or datagram \
         within -w, idle timeout, fewer than -c N datagrams.",
    ),
    (
        "130, 143",
        "Interrupted by SIGINT or SIGTERM (what was received has been written).",
    ),
];

const JSON_FIELDS: &str = "\
Result commands print one JSON document on stdout; streaming commands print JSON \
Lines events on stderr while the payload stays on stdout; udp-recv prints one \
object per datagram on stdout. Hex strings are lowercase.

A socket address is {\"family\":\"AF_INET\",\"address\":\"127.0.0.1\",\"port\":8080}; \
IPv6 adds \"flowinfo\" and \"scope_id\"; AF_UNIX is {\"family\":\"AF_UNIX\",\"path\":\"...\"} \
(an abstract name starts with @).

Events (field \"event\"): call {call, args, result, errno?, error?} (--trace; result \
is the return value in the trace's notation, errno the errno or EAI_ name on failure); \
listening {local}; accepted {peer, local}; connected {peer, local}; connect_failed \
{peer, errno, error}; eof {direction: \"in\" (the peer's FIN) | \"out\" (our SHUT_WR)}; \
closed {peer, bytes_in, bytes_out, duration_ms}; sent {to, bytes}; progress \
{bytes_in, bytes_out, rate_in, rate_out}; chat {kind: join|leave|message, from, name, \
text (null when the datagram is not UTF-8), hex? (its bytes then)}; warning {message}.

Results: byteorder {value, bits, host_order, host_bytes, network_bytes, hton, ntoh}; \
hostname {hostname}; fqdn {fqdn}; resolve {query, hostname, aliases, addresses}; \
getaddrinfo [{family, type, proto, canonname, sockaddr}]; sockopt [{level, name, \
value, requested?, error?}] (SO_LINGER as {onoff, linger}, SO_RCVTIMEO/SO_SNDTIMEO as \
{sec, usec}, TCP_CONGESTION as a string); getnameinfo {host, service}; service {name, \
port, proto, aliases}; protocol {name, number, aliases}; inet {family, address, \
packed}; info {has_ipv6, defaulttimeout, somaxconn, \
sysctl {\"net.core.somaxconn\": N, ...}, sockets [{family, type, supported, errno?}]}; connect -z [{port, open, error?}]; udp-recv \
{from, bytes, truncated, hex, text}.";

const SEE_ALSO: &str = "nc(1), ncat(1), socat(1), getent(1), getaddrinfo(3), getnameinfo(3), \
gethostbyname(3), socket(2), socket(7), tcp(7), udp(7), unix(7), ip(7), ipv6(7)";

/// Escapes text for roff: backslashes, and a leading dot or quote.
fn roff(s: &str) -> String {
    let s = s.replace('\\', "\\e").replace('-', "\\-");
    if s.starts_with('.') || s.starts_with('\'') {
        format!("\\&{s}")
    } else {
        s
    }
}

/// The example lines of a command's long after-help (below "Examples:").
fn examples(cmd: &clap::Command) -> Vec<String> {
    let text = cmd
        .get_after_long_help()
        .map(|s| s.to_string())
        .unwrap_or_default();
    let mut out = Vec::new();
    let mut on = false;
    for line in text.lines() {
        if line.trim_end() == "Examples:" {
            on = true;
            continue;
        }
        if on {
            if line.trim().is_empty() || !line.starts_with(' ') {
                break;
            }
            out.push(line.trim().to_string());
        }
    }
    out
}

fn extra_sections(w: &mut Vec<u8>, cmd: &clap::Command, main: bool) -> std::io::Result<()> {
    let ex = examples(cmd);
    if !ex.is_empty() {
        writeln!(w, ".SH EXAMPLES\n.nf")?;
        for e in ex {
            writeln!(w, "{}", roff(&e))?;
        }
        writeln!(w, ".fi")?;
    }
    writeln!(w, ".SH \"EXIT STATUS\"")?;
    for (code, what) in EXIT_STATUS {
        writeln!(w, ".TP\n\\fB{code}\\fR\n{}", roff(what))?;
    }
    if main {
        writeln!(w, ".SH \"JSON OUTPUT\"")?;
        for para in JSON_FIELDS.split("\n\n") {
            writeln!(w, ".PP\n{}", roff(para))?;
        }
        writeln!(w, ".SH SECURITY")?;
        writeln!(
            w,
            ".PP\n{}",
            roff(
                "sockx never executes a program on behalf of a peer: there is no -e or --exec \
                 (nc's -e turns a listener into a remote shell). listen binds all interfaces \
                 when no HOST is given and says so in its listening line; give 127.0.0.1 (or \
                 ::1) to stay on loopback. listen -U refuses to replace a file that is not a \
                 socket and removes only the socket file it created. Bytes from the network \
                 are escaped in every rendering (udp-recv lines, hex dumps, traces, errors); \
                 only relayed payload and --raw reach stdout untouched."
            )
        )?;
    }
    writeln!(w, ".SH \"SEE ALSO\"\n{}", roff(SEE_ALSO))?;
    Ok(())
}

fn page(cmd: clap::Command, main: bool) -> std::io::Result<Vec<u8>> {
    let man = clap_mangen::Man::new(cmd.clone())
        .manual("sockx manual")
        .source(format!("sockx {}", env!("CARGO_PKG_VERSION")));
    let mut w = Vec::new();
    man.render_title(&mut w)?;
    man.render_name_section(&mut w)?;
    man.render_synopsis_section(&mut w)?;
    man.render_description_section(&mut w)?;
    man.render_options_section(&mut w)?;
    if main {
        man.render_subcommands_section(&mut w)?;
    }
    extra_sections(&mut w, &cmd, main)?;
    if cmd.get_version().is_some() {
        man.render_version_section(&mut w)?;
    }
    Ok(w)
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    fs::write(path, bytes).map_err(|e| Error::os(format!("write {}", path.display()), &e))
}

/// Writes man/sockx.1, man/sockx-SUB.1 and completions/* under `out`.
pub fn generate(out: &Path) -> Result<()> {
    let man_dir = out.join("man");
    let comp_dir = out.join("completions");
    for d in [&man_dir, &comp_dir] {
        fs::create_dir_all(d).map_err(|e| Error::os(format!("mkdir {}", d.display()), &e))?;
    }
    let mut cmd = crate::cli::command();
    cmd.build();
    let io = |e: std::io::Error| Error::os("render man page", &e);
    write(
        &man_dir.join("sockx.1"),
        &page(cmd.clone(), true).map_err(io)?,
    )?;
    for sub in cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        let name = format!("sockx-{}", sub.get_name());
        let sub = sub
            .clone()
            .name(name.clone())
            .display_name(name.clone())
            .bin_name(format!("sockx {}", sub.get_name()));
        write(
            &man_dir.join(format!("{name}.1")),
            &page(sub, false).map_err(io)?,
        )?;
    }
    for shell in [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::Elvish,
        Shell::PowerShell,
    ] {
        let mut buf = Vec::new();
        clap_complete::generate(shell, &mut crate::cli::command(), "sockx", &mut buf);
        let file = match shell {
            Shell::Bash => "sockx.bash",
            Shell::Zsh => "_sockx",
            Shell::Fish => "sockx.fish",
            Shell::Elvish => "sockx.elv",
            _ => "_sockx.ps1",
        };
        write(&comp_dir.join(file), &buf)?;
    }
    Ok(())
}
