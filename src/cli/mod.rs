//! The command-line definition: global options, the subcommand enum, and one
//! `Args` struct per subcommand (in the sibling files).
//!
//! Help is two-tier, as in fd and xh: `about`/`help` is the terse line shown by
//! `-h`; `long_about`/`long_help` (shown by `--help` and in the man pages) names
//! the socket calls a subcommand makes, in order, gives examples and the
//! Python equivalent. Validation that needs no I/O (ports, numbers, durations)
//! happens in `value_parser`s so that bad input is a usage error (exit 2)
//! before any socket exists.

mod data;
mod forward;
mod learn;
mod lookup;
mod module;
pub mod parse;
mod relay;
mod tls;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use data::*;
pub use forward::*;
pub use learn::*;
pub use lookup::*;
pub use module::*;
pub use relay::*;
pub use tls::*;

const AFTER_HELP: &str = "\
Exit status: 0 success, 1 a socket operation failed, 2 usage error or invalid input, \
3 a name was not found, 4 timed out, 5 TLS handshake or certificate failed. See sockx(1).";

#[derive(Debug, Parser)]
#[command(
    name = "sockx",
    version,
    about = "Socket API explorer: every subcommand is one BSD socket function, made runnable and visible",
    long_about = "\
sockx makes the BSD socket API runnable from a shell. Each subcommand is one \
function of the socket API, as Python's socket module names it: `listen` is \
socket/bind/listen/accept, `connect` is create_connection, `udp-send` is sendto, \
`udp-recv` is recvfrom, `getaddrinfo` is getaddrinfo, and so on.

Payload bytes go to stdout untouched; status lines, traces and hex dumps go to \
stderr. Every result has a human and a --json rendering, and --trace prints each \
socket call in API notation as it happens, with its result or errno.",
    after_help = AFTER_HELP,
    after_long_help = "\
Examples:
  sockx listen 8080                    serve one TCP connection on all interfaces
  sockx --trace connect 127.0.0.1 8080 connect and show every socket call
  sockx connect -z 127.0.0.1 20-25,80  probe ports (connect_ex)
  sockx udp-recv 127.0.0.1 9999        print datagrams with their sender
  sockx getaddrinfo localhost http     the 5-tuples Python's getaddrinfo returns
  sockx byteorder 0x1234               htons/htonl and the bytes on the wire
  sockx sockopt SO_RCVBUF=4096         setsockopt, then getsockopt (Linux doubles it)

Exit status:
  0  success
  1  a socket operation failed (refused, reset, address in use, port closed under -z, ...)
  2  usage error or invalid input (bad port, bad number, unknown option name)
  3  a name (host, service, protocol) was not found
  4  timed out before the work was done
  5  TLS handshake or certificate verification failed",
    propagate_version = true,
    subcommand_required = true,
    arg_required_else_help = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalOpts,

    #[command(subcommand)]
    pub command: Command,
}

// Options every subcommand accepts, before or after the subcommand name.
//
// They are not clap `global` args: those are cloned into all eighteen
// subcommands on every start (a third of sockx's start-up time). Instead
// each subcommand flattens its own copy (last, under its own help heading),
// built only when that subcommand is used (`defer`), and `merge` combines
// the two places. (Not a doc comment: clap would make it the `about` of any
// subcommand that flattens it without one of its own.)
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalOpts {
    /// Machine output: JSON documents (results) or JSON Lines events
    #[arg(
        long,
        long_help = "Machine output. Result commands print one JSON document on stdout. \
Streaming commands (listen, connect, udp-send, chat) print JSON Lines events on stderr \
while the payload stays on stdout; udp-recv prints one JSON object per datagram on stdout. \
Field names are listed in sockx(1)."
    )]
    pub json: bool,

    /// Print every socket call on stderr, as it happens, with its result
    #[arg(
        long,
        long_help = "Print every socket call on stderr, as it happens, in API notation with \
its result or errno, e.g. `connect(3, ('127.0.0.1', 9)) = -1 ECONNREFUSED (Connection refused)`. \
Under --json each call is a JSON Lines event {\"event\":\"call\",...}."
    )]
    pub trace: bool,

    /// With --trace: time since start, since the previous call, and each call's duration
    #[arg(
        long,
        long_help = "Stamp every trace line and event with the time since sockx started and since \
the previous call, and every call with how long it took, in microseconds, as strace -r -T: \
`0.012345 +0.000051 connect(3, ('127.0.0.1', 9)) = 0 <0.000040>`. Under --json each event \
gets t_us (since the start) and delta_us (since the previous event), and each call dur_us. \
Implies --trace."
    )]
    pub trace_time: bool,

    /// Print a Python 3 program that does what the command would do, instead of doing it
    #[arg(
        long,
        long_help = "Instead of running the command, print a complete, runnable Python 3 \
program (standard library only) that makes the same socket calls in the same order, \
commented with the trace's notation. Run it with `python3 -`. An option the program \
cannot express is an error (exit 2) rather than a silently different program."
    )]
    pub python: bool,

    /// When to colour human output
    #[arg(
        long,
        value_name = "WHEN",
        long_help = "When to colour human output: auto (only on a terminal), always, never. \
NO_COLOR set to a non-empty value means never, unless `always` is given."
    )]
    pub color: Option<ColorWhen>,

    /// More status lines on stderr (repeatable)
    #[arg(short, long, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Fewer status lines on stderr
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Use IPv4 only
    #[arg(short = '4', conflicts_with = "ipv6")]
    pub ipv4: bool,

    /// Use IPv6 only
    #[arg(short = '6')]
    pub ipv6: bool,
}

impl GlobalOpts {
    /// Combines the options given before the subcommand with those after it;
    /// contradictions across the two places are usage errors, as within one.
    pub fn merge(&self, after: &GlobalOpts) -> Result<GlobalOpts, String> {
        let g = GlobalOpts {
            json: self.json || after.json,
            trace: self.trace || after.trace,
            trace_time: self.trace_time || after.trace_time,
            python: self.python || after.python,
            color: after.color.or(self.color),
            verbose: self.verbose.saturating_add(after.verbose),
            quiet: self.quiet || after.quiet,
            ipv4: self.ipv4 || after.ipv4,
            ipv6: self.ipv6 || after.ipv6,
        };
        if g.quiet && g.verbose > 0 {
            return Err("the argument '--quiet' cannot be used with '--verbose'".into());
        }
        if g.ipv4 && g.ipv6 {
            return Err("the argument '-4' cannot be used with '-6'".into());
        }
        Ok(g)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    #[command(
        about = "TCP server: bind, listen, accept one connection and relay it with stdin/stdout"
    )]
    Listen(ListenArgs),
    #[command(
        about = "TCP client: connect (trying every address) and relay with stdin/stdout; -z probes ports"
    )]
    Connect(ConnectArgs),
    #[command(
        about = "UDP client: send each MESSAGE (or each stdin line) as one datagram (sendto)"
    )]
    UdpSend(UdpSendArgs),
    #[command(about = "UDP server: bind and print each datagram with its sender (recvfrom)")]
    UdpRecv(UdpRecvArgs),
    #[command(about = "Look a host up: gethostbyname_ex for a name, gethostbyaddr for an address")]
    Resolve(ResolveArgs),
    #[command(about = "Every (family, type, proto, canonname, sockaddr) tuple getaddrinfo returns")]
    Getaddrinfo(GetaddrinfoArgs),
    #[command(about = "Address and port to host and service names (getnameinfo)")]
    Getnameinfo(GetnameinfoArgs),
    #[command(about = "The fully qualified name of a host (Python's socket.getfqdn)")]
    Fqdn(FqdnArgs),
    #[command(about = "This host's name (gethostname)")]
    Hostname(HostnameArgs),
    #[command(about = "A service's port, or a port's service name (getservbyname, getservbyport)")]
    Service(ServiceArgs),
    #[command(
        about = "A protocol's number, or a number's protocol name (getprotobyname, getprotobynumber)"
    )]
    Protocol(ProtocolArgs),
    #[command(about = "Byte order of a value: htons/htonl/ntohs/ntohl (and 64-bit)")]
    Byteorder(ByteorderArgs),
    #[command(about = "Text address to packed bytes (inet_pton/inet_aton) and back (inet_ntop)")]
    Inet(InetArgs),
    #[command(about = "Read (getsockopt) and set (setsockopt) socket options on a fresh socket")]
    Sockopt(SockoptArgs),
    #[command(about = "What this host's socket layer supports: families, types, limits, defaults")]
    Info(InfoArgs),
    #[command(about = "UDP chat room client (the seeds' protocol): join as NAME, send stdin lines")]
    Chat(ChatArgs),
    #[command(
        about = "UDP chat room server (the seeds' protocol): relay each message to the others"
    )]
    ChatServer(ChatServerArgs),
    #[command(
        about = "TCP forwarder: accept on one address, connect onward to another, relay both ways"
    )]
    Forward(ForwardArgs),
    #[command(
        about = "What an errno or EAI_ code means: its number, message, the calls that return it, what to try"
    )]
    Errno(ErrnoArgs),
    #[command(
        about = "Send MESSAGES through a socketpair and show how the type keeps or merges their boundaries"
    )]
    Socketpair(SocketpairArgs),
    #[command(
        about = "TLS report: connect, handshake, and show the version, cipher, chain and verdict"
    )]
    Tls(TlsArgs),
    /// Regenerate the man pages and shell completions (for developers)
    #[command(hide = true)]
    Generate(GenerateArgs),
}

impl Command {
    /// The global options given after the subcommand name.
    pub fn global(&self) -> &GlobalOpts {
        match self {
            Command::Listen(a) => &a.global,
            Command::Connect(a) => &a.global,
            Command::UdpSend(a) => &a.global,
            Command::UdpRecv(a) => &a.global,
            Command::Resolve(a) => &a.global,
            Command::Getaddrinfo(a) => &a.global,
            Command::Getnameinfo(a) => &a.global,
            Command::Fqdn(a) => &a.global,
            Command::Hostname(a) => &a.global,
            Command::Service(a) => &a.global,
            Command::Protocol(a) => &a.global,
            Command::Byteorder(a) => &a.global,
            Command::Inet(a) => &a.global,
            Command::Sockopt(a) => &a.global,
            Command::Info(a) => &a.global,
            Command::Chat(a) => &a.global,
            Command::ChatServer(a) => &a.global,
            Command::Forward(a) => &a.global,
            Command::Errno(a) => &a.global,
            Command::Socketpair(a) => &a.global,
            Command::Tls(a) => &a.global,
            Command::Generate(a) => &a.global,
        }
    }
}

#[derive(Debug, Args)]
#[command(about = "Regenerate the man pages and shell completions (for developers)")]
pub struct GenerateArgs {
    /// Directory that receives man/ and completions/
    #[arg(long, default_value = ".")]
    pub out_dir: std::path::PathBuf,

    #[command(flatten)]
    pub global: GlobalOpts,
}

/// Builds the clap command (used by the doc generator and the CLI self-test).
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}

#[cfg(test)]
mod tests {
    use clap::Args as _;

    use super::*;

    #[test]
    fn verify_cli() {
        super::command().debug_assert();
    }

    /// Each subcommand's Args struct, built on its own, as `--help` builds it.
    fn structs() -> Vec<clap::Command> {
        let c = |name: &'static str| clap::Command::new(name);
        vec![
            ListenArgs::augment_args(c("listen")),
            ConnectArgs::augment_args(c("connect")),
            UdpSendArgs::augment_args(c("udp-send")),
            UdpRecvArgs::augment_args(c("udp-recv")),
            ResolveArgs::augment_args(c("resolve")),
            GetaddrinfoArgs::augment_args(c("getaddrinfo")),
            GetnameinfoArgs::augment_args(c("getnameinfo")),
            FqdnArgs::augment_args(c("fqdn")),
            HostnameArgs::augment_args(c("hostname")),
            ServiceArgs::augment_args(c("service")),
            ProtocolArgs::augment_args(c("protocol")),
            ByteorderArgs::augment_args(c("byteorder")),
            InetArgs::augment_args(c("inet")),
            SockoptArgs::augment_args(c("sockopt")),
            InfoArgs::augment_args(c("info")),
            ChatArgs::augment_args(c("chat")),
            ChatServerArgs::augment_args(c("chat-server")),
            ForwardArgs::augment_args(c("forward")),
            ErrnoArgs::augment_args(c("errno")),
            SocketpairArgs::augment_args(c("socketpair")),
            TlsArgs::augment_args(c("tls")),
        ]
    }

    /// The variant's `about` (what `sockx -h` lists, built without the
    /// subcommand) must be the struct's (what `sockx SUB -h` shows).
    #[test]
    fn variant_about_matches_struct_about() {
        let top = super::command();
        let structs = structs();
        let visible: Vec<_> = top.get_subcommands().filter(|s| !s.is_hide_set()).collect();
        assert_eq!(
            visible.len(),
            structs.len(),
            "a subcommand is missing from structs()"
        );
        for st in &structs {
            let name = st.get_name();
            let var = top
                .find_subcommand(name)
                .unwrap_or_else(|| panic!("no subcommand {name}"));
            let (a, b) = (
                var.get_about().map(|s| s.to_string()),
                st.get_about().map(|s| s.to_string()),
            );
            assert!(a.is_some(), "{name}: no about on the variant");
            assert_eq!(a, b, "{name}: variant about differs from the struct's");
        }
    }

    /// Two-tier help: a terse `about` for -h; a long help that names the
    /// socket calls in order, gives the Python equivalent in one or two
    /// lines, and 2-4 examples.
    #[test]
    fn long_help_teaches() {
        for st in structs() {
            let name = st.get_name().to_string();
            let about = st.get_about().map(|s| s.to_string()).unwrap_or_default();
            assert!(
                !about.is_empty() && about.len() <= 100,
                "{name}: about {about:?}"
            );
            let long = st
                .get_long_about()
                .map(|s| s.to_string())
                .unwrap_or_default();
            assert!(
                long.contains("Calls"),
                "{name}: long help does not name its calls"
            );
            let py: Vec<&str> = long
                .lines()
                .skip_while(|l| *l != "Python equivalent:" && !l.starts_with("Python equivalent ("))
                .skip(1)
                .take_while(|l| l.starts_with("  "))
                .collect();
            assert!(
                (1..=2).contains(&py.len()),
                "{name}: Python equivalent in {} lines",
                py.len()
            );
            // The man page shows them unfilled, indented by 7: keep them in 80 columns.
            for l in py {
                assert!(l.len() <= 71, "{name}: Python line too long for man: {l:?}");
            }
            let after = st
                .get_after_long_help()
                .map(|s| s.to_string())
                .unwrap_or_default();
            let ex: Vec<&str> = after
                .lines()
                .skip_while(|l| *l != "Examples:")
                .skip(1)
                .take_while(|l| l.starts_with("  "))
                .collect();
            assert!((2..=4).contains(&ex.len()), "{name}: {} examples", ex.len());
            for e in ex {
                assert!(e.contains("sockx"), "{name}: example {e:?}");
            }
        }
    }
}
