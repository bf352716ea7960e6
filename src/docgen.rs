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
         permission denied, a port found closed or filtered by connect -z, no attempt of connect --ping connected, an ICMP port-unreachable \
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
        "5",
        "TLS handshake or certificate verification failed (connect --tls, listen --tls, \
         sockx tls): the port answered, but the peer's TLS or its certificate is not \
         right (expired, wrong name, untrusted issuer, pin mismatch, no common version).",
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
under --trace-time every event also has t_us (microseconds since the start; for a call, \
when it began) and delta_us (since the previous event), and a call dur_us (how long it \
took); \
listening {local}; accepted {peer, local}; connected {peer, local}; connect_failed \
{peer, errno, error}; eof {direction: \"in\" (the peer's FIN) | \"out\" (our SHUT_WR)}; \
closed {peer, bytes_in, bytes_out, duration_ms}; sent {to, bytes}; truncated {from, \
bytes, truncated_to} (udp-recv --raw: a datagram larger than --bufsize); progress \
{bytes_in, bytes_out, rate_in, rate_out}; chat {kind: join|leave|message, from, name, \
text (null when the datagram is not UTF-8), hex? (its bytes then)}; warning {message}; \
rejected {peer, reason} (--allow/--deny refused a client after accept). forward numbers \
its connections (conn, from 1): forward_accepted {conn, peer, local}; forward_connected \
{conn, peer, local} (onward); forward_failed {conn, to, errno, error} (every onward \
address failed; the client was closed); forward_closed {conn, peer, bytes_up (client to \
target), bytes_down, duration_ms, how: closed|reset|idle}; forward_data {conn, \
direction: out (client to target) | in, offset, bytes, hex} (-x).

Results: byteorder {value, bits, host_order, host_bytes, network_bytes, hton, ntoh}; \
hostname {hostname}; fqdn {fqdn}; resolve {query, hostname, aliases, addresses}; \
getaddrinfo [{family, type, proto, canonname, sockaddr}]; sockopt [{level, name, \
value, requested?, error?}] (SO_LINGER as {onoff, linger}, SO_RCVTIMEO/SO_SNDTIMEO as \
{sec, usec}, TCP_CONGESTION as a string); getnameinfo {host, service}; service {name, \
port, proto, aliases}; protocol {name, number, aliases}; inet {family, address, \
packed}; info {has_ipv6, defaulttimeout, somaxconn, \
sysctl {\"net.core.somaxconn\": N, ...}, sockets [{family, type, supported, errno?}]}; errno {name, number, kind (errno | gai), aliases, message, calls, cause, fix} \
(--list: an array of them); socketpair {family, type, sent [{bytes, data}], received \
[{bytes, data, truncated_from?}], boundaries (kept | merged | cut)}; connect -z, JSON Lines: {host, address, port, state: open|closed|filtered, open, error (errno name, self-connect, or null), rtt_ms (null: no answer)} per port as it finishes, then {summary: {host, addresses, ports, probed, open, closed, filtered, timeout_ms, adaptive, concurrency, elapsed_s, interrupted}}; connect --ping, JSON Lines: {seq, host, address, port, state, connected, error, rtt_ms} per attempt, then {summary: {host, address, port, sent, ok, failed, min_ms, avg_ms, max_ms, mdev_ms, elapsed_s, interrupted}}; udp-recv \
{from, bytes, truncated, hex, text}.";

/// The equivalents of the peers' everyday command lines (the README's
/// "Coming from nc / ncat / socat" table, in the main page).
const COMING_FROM: &[(&str, &str)] = &[
    (
        "socat TCP-LISTEN:8080,fork,reuseaddr TCP:db:5432",
        "sockx forward 8080 db 5432",
    ),
    (
        "socat TCP-LISTEN:8080,fork UNIX-CONNECT:/run/app.sock",
        "sockx forward 8080 --to-unix /run/app.sock",
    ),
    (
        "socat UNIX-LISTEN:/tmp/s,fork TCP:host:80",
        "sockx forward --from-unix /tmp/s host 80",
    ),
    (
        "socat -v TCP-LISTEN:9000,fork TCP:host:80",
        "sockx forward -x 9000 host 80 (each line names its connection)",
    ),
    (
        "nc -X 5 -x proxy:1080 host 22; ncat --proxy proxy:1080 --proxy-type socks5 host 22",
        "sockx connect --proxy proxy:1080 host 22 (the proxy resolves host)",
    ),
    (
        "nc -X 4 -x proxy:1080 host 22",
        "sockx connect --proxy proxy:1080 --proxy-type socks4 host 22 (SOCKS4a)",
    ),
    (
        "nc -X connect -x proxy:3128 host 22; ncat --proxy proxy:3128 --proxy-type http host 22",
        "sockx connect --proxy proxy:3128 --proxy-type http host 22",
    ),
    (
        "ncat --proxy-auth user:pass",
        "sockx connect --proxy-auth user:pass (socks5 and http)",
    ),
    (
        "ncat -l --allow 10.0.0.0/8 --deny 10.0.0.1; --allowfile F, --denyfile F",
        "sockx listen --allow 10.0.0.0/8 --deny 10.0.0.1; --allow-file F, --deny-file F (listen, --echo, forward)",
    ),
    (
        "ncat -l -k --max-conns 100",
        "sockx listen -k --echo --max-conns 100; sockx forward --max-conns 100",
    ),
];

/// The pages every sockx page refers to: the peers, then the C library and
/// the kernel's documentation of the calls sockx makes.
const SEE_ALSO: &str = "nc(1), ncat(1), socat(1), getent(1), getaddrinfo(3), getnameinfo(3), \
gethostbyname(3), byteorder(3), inet_pton(3), socket(2), socket(7), tcp(7), udp(7), unix(7), \
ip(7), ipv6(7)";

/// Subcommands that belong together, for the SEE ALSO of each one's page.
const RELATED: &[&[&str]] = &[
    &["listen", "connect"],
    &["udp-send", "udp-recv"],
    &["chat", "chat-server"],
    &["resolve", "getaddrinfo", "getnameinfo", "fqdn", "hostname"],
    &["service", "protocol"],
    &["byteorder", "inet"],
    &["sockopt", "info"],
    &["errno", "socketpair"],
];

/// The SEE ALSO line of a page: sockx(1) and the related subcommands' pages
/// (or every subcommand's, for sockx(1) itself), then the common list.
fn see_also(sub: Option<&str>, all: &[String]) -> String {
    let pages: Vec<String> = match sub {
        None => all.iter().map(|s| format!("sockx-{s}(1)")).collect(),
        Some(name) => std::iter::once("sockx(1)".to_string())
            .chain(
                RELATED
                    .iter()
                    .filter(|g| g.contains(&name))
                    .flat_map(|g| g.iter())
                    .filter(|s| **s != name)
                    .map(|s| format!("sockx-{s}(1)")),
            )
            .collect(),
    };
    // Each reference in bold, never hyphenated (\%), as man-pages(7) does.
    pages
        .iter()
        .map(String::as_str)
        .chain(SEE_ALSO.split(", "))
        .map(|r| match r.split_once('(') {
            Some((name, sect)) => format!("\\fB\\%{}\\fR({sect}", roff(name)),
            None => roff(r),
        })
        .collect::<Vec<_>>()
        .join(",\n")
}

/// Escapes text for roff: backslashes, hyphens (as minus signs, so options
/// can be copied), and a leading dot or quote.
fn roff(s: &str) -> String {
    let s = s.replace('\\', "\\e").replace('-', "\\-");
    if s.starts_with('.') || s.starts_with('\'') {
        format!("\\&{s}")
    } else {
        s
    }
}

/// Writes every character outside ASCII as a groff `\[uXXXX]` escape, so the
/// pages need no input encoding (`groff -Tutf8` without preconv warns on
/// raw UTF-8) and render the same everywhere.
fn ascii(page: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(page);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("\\[u{:04X}]", c as u32));
        }
    }
    out.into_bytes()
}

/// The example lines of a command's long after-help (below "Examples:"),
/// each split into the command and its description (after two spaces).
fn examples(cmd: &clap::Command) -> Vec<(String, String)> {
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
            let line = line.trim();
            match line.split_once("  ") {
                Some((c, d)) => out.push((c.trim().to_string(), d.trim().to_string())),
                None => out.push((line.to_string(), String::new())),
            }
        }
    }
    out
}

fn extra_sections(
    w: &mut Vec<u8>,
    cmd: &clap::Command,
    sub: Option<&str>,
    all: &[String],
) -> std::io::Result<()> {
    let main = sub.is_none();
    let ex = examples(cmd);
    if !ex.is_empty() {
        writeln!(w, ".SH EXAMPLES")?;
        for (c, d) in ex {
            // The command in bold on its own line, the description below it.
            writeln!(w, ".TP\n\\fB{}\\fR\n{}", roff(&c), roff(&d))?;
        }
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
        writeln!(w, ".SH \"COMING FROM NC, NCAT, SOCAT\"")?;
        for (peer, ours) in COMING_FROM {
            writeln!(w, ".TP\n\\fB{}\\fR\n{}", roff(peer), roff(ours))?;
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
    // Left-adjusted: a justified list of references is mostly blanks.
    writeln!(w, ".SH \"SEE ALSO\"\n.ad l\n{}\n.ad", see_also(sub, all))?;
    Ok(())
}

fn page(cmd: clap::Command, sub: Option<&str>, all: &[String]) -> std::io::Result<Vec<u8>> {
    let main = sub.is_none();
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
    extra_sections(&mut w, &cmd, sub, all)?;
    if cmd.get_version().is_some() {
        man.render_version_section(&mut w)?;
    }
    Ok(ascii(&unfilled_code(&w)))
}

/// Indented lines of a description (the Python equivalents) are code: keep
/// them as written (`.nf`) instead of letting roff fill and justify them.
fn unfilled_code(page: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(page);
    let mut out = String::with_capacity(text.len() + 64);
    let mut code = false;
    for line in text.lines() {
        let indented = line.starts_with("  ");
        if indented && !code {
            out.push_str(".nf\n");
        } else if !indented && code {
            out.push_str(".fi\n");
        }
        code = indented;
        out.push_str(line);
        out.push('\n');
    }
    if code {
        out.push_str(".fi\n");
    }
    out.into_bytes()
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    fs::write(path, bytes).map_err(|e| Error::os(format!("write {}", path.display()), &e))
}

/// The command the completions describe: sockx without the hidden
/// `generate` (clap_complete offers hidden subcommands too), rebuilt from the
/// full definition's arguments and visible subcommands.
fn completion_command() -> clap::Command {
    let mut full = crate::cli::command();
    full.build();
    let mut c = clap::Command::new("sockx")
        .version(env!("CARGO_PKG_VERSION"))
        .about(full.get_about().cloned().unwrap_or_default())
        .subcommand_required(true);
    for a in full
        .get_arguments()
        .filter(|a| !matches!(a.get_id().as_str(), "help" | "version"))
    {
        c = c.arg(a.clone());
    }
    for s in full
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        c = c.subcommand(s.clone());
    }
    c
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
    let subs: Vec<&clap::Command> = cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
        .collect();
    let all: Vec<String> = subs.iter().map(|s| s.get_name().to_string()).collect();
    write(
        &man_dir.join("sockx.1"),
        &page(cmd.clone(), None, &all).map_err(io)?,
    )?;
    for sub in subs {
        let name = format!("sockx-{}", sub.get_name());
        let sub = sub
            .clone()
            .name(name.clone())
            .display_name(name.clone())
            .bin_name(format!("sockx {}", sub.get_name()));
        let short = sub.get_name().trim_start_matches("sockx-").to_string();
        write(
            &man_dir.join(format!("{name}.1")),
            &page(sub, Some(&short), &all).map_err(io)?,
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
        clap_complete::generate(shell, &mut completion_command(), "sockx", &mut buf);
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
