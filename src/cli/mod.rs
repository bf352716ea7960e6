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
mod lookup;
mod module;
pub mod parse;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use data::*;
pub use lookup::*;
pub use module::*;

const AFTER_HELP: &str = "\
Exit status: 0 success, 1 a socket operation failed, 2 usage error or invalid input, \
3 a name was not found, 4 timed out. See sockx(1).";

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
  4  timed out before the work was done",
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

/// Options every subcommand accepts, before or after the subcommand name.
#[derive(Debug, Clone, Args)]
pub struct GlobalOpts {
    /// Machine output: JSON documents (results) or JSON Lines events
    #[arg(
        long,
        global = true,
        long_help = "Machine output. Result commands print one JSON document on stdout. \
Streaming commands (listen, connect, udp-send, chat) print JSON Lines events on stderr \
while the payload stays on stdout; udp-recv prints one JSON object per datagram on stdout. \
Field names are listed in sockx(1)."
    )]
    pub json: bool,

    /// Print every socket call on stderr, as it happens, with its result
    #[arg(
        long,
        global = true,
        long_help = "Print every socket call on stderr, as it happens, in API notation with \
its result or errno, e.g. `connect(3, ('127.0.0.1', 9)) = -1 ECONNREFUSED (Connection refused)`. \
Under --json each call is a JSON Lines event {\"event\":\"call\",...}."
    )]
    pub trace: bool,

    /// When to colour human output
    #[arg(
        long,
        global = true,
        value_name = "WHEN",
        default_value = "auto",
        long_help = "When to colour human output: auto (only on a terminal), always, never. \
NO_COLOR set to a non-empty value means never, unless `always` is given."
    )]
    pub color: ColorWhen,

    /// More status lines on stderr (repeatable)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Fewer status lines on stderr
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Use IPv4 only
    #[arg(short = '4', global = true, conflicts_with = "ipv6")]
    pub ipv4: bool,

    /// Use IPv6 only
    #[arg(short = '6', global = true)]
    pub ipv6: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Listen(ListenArgs),
    Connect(ConnectArgs),
    UdpSend(UdpSendArgs),
    UdpRecv(UdpRecvArgs),
    Resolve(ResolveArgs),
    Getaddrinfo(GetaddrinfoArgs),
    Getnameinfo(GetnameinfoArgs),
    Fqdn(FqdnArgs),
    Hostname(HostnameArgs),
    Service(ServiceArgs),
    Protocol(ProtocolArgs),
    Byteorder(ByteorderArgs),
    Inet(InetArgs),
    Sockopt(SockoptArgs),
    Info(InfoArgs),
    Chat(ChatArgs),
    ChatServer(ChatServerArgs),
    /// Regenerate the man pages and shell completions (for developers)
    #[command(hide = true)]
    Generate(GenerateArgs),
}

impl Command {
    /// The subcommand's name as the user types it (for messages).
    pub fn name(&self) -> &'static str {
        match self {
            Command::Listen(_) => "listen",
            Command::Connect(_) => "connect",
            Command::UdpSend(_) => "udp-send",
            Command::UdpRecv(_) => "udp-recv",
            Command::Resolve(_) => "resolve",
            Command::Getaddrinfo(_) => "getaddrinfo",
            Command::Getnameinfo(_) => "getnameinfo",
            Command::Fqdn(_) => "fqdn",
            Command::Hostname(_) => "hostname",
            Command::Service(_) => "service",
            Command::Protocol(_) => "protocol",
            Command::Byteorder(_) => "byteorder",
            Command::Inet(_) => "inet",
            Command::Sockopt(_) => "sockopt",
            Command::Info(_) => "info",
            Command::Chat(_) => "chat",
            Command::ChatServer(_) => "chat-server",
            Command::Generate(_) => "generate",
        }
    }
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Directory that receives man/ and completions/
    #[arg(long, default_value = ".")]
    pub out_dir: std::path::PathBuf,
}

/// Builds the clap command (used by the doc generator and the CLI self-test).
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}

#[cfg(test)]
mod tests {
    #[test]
    fn verify_cli() {
        super::command().debug_assert();
    }
}
