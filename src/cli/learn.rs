//! Arguments of the teaching subcommands: errno (what an error code means
//! and what to try) and socketpair (the sticky-packet lesson in one command).

use clap::{Args, ValueEnum};

#[derive(Debug, Args)]
#[command(
    about = "What an errno or EAI_ code means: its number, message, the calls that return it, what to try",
    override_usage = "sockx errno [OPTIONS] <NAME|NUMBER>\n       sockx errno --list",
    long_about = "\
Explain an error code sockx (or any socket program) reports: its name, number and \
the system's message (strerror, or gai_strerror for an EAI_ code), which socket \
calls return it, what usually causes it and what to try.

Calls: strerror_r (or gai_strerror); no socket.

NAME is an errno name (ECONNRESET, case-insensitive; aliases such as EWOULDBLOCK \
are accepted) or a getaddrinfo code (EAI_NONAME). NUMBER is an errno value (104) \
or a negative EAI_ value (-2 is EAI_NONAME, as Python's socket.EAI_NONAME). An \
unknown name or number exits 2. --list prints every code sockx explains.

Python equivalent:
  errno.errorcode[104], os.strerror(104)
  errno.ECONNRESET; socket.EAI_NONAME",
    after_long_help = "\
Examples:
  sockx errno ECONNRESET        connection reset by peer: what the peer did
  sockx errno 111               ECONNREFUSED
  sockx errno EAI_NONAME        the name does not resolve
  sockx errno --list            every code explained"
)]
pub struct ErrnoArgs {
    /// An errno or EAI_ name, or a number
    #[arg(value_name = "NAME|NUMBER", allow_hyphen_values = true)]
    pub query: Option<String>,

    // Not required to clap: `-4` and `-6` (EAI_FAIL, EAI_FAMILY) parse as
    // the global -4/-6 flags, and `run` reads them back as the numbers.
    /// List every code sockx explains
    #[arg(long, conflicts_with = "query")]
    pub list: bool,

    #[command(flatten)]
    pub global: super::GlobalOpts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PairTypeArg {
    Stream,
    Dgram,
    Seqpacket,
}

#[derive(Debug, Args)]
#[command(
    about = "Send MESSAGES through a socketpair and show how the type keeps or merges their boundaries",
    long_about = "\
The sticky-packet (粘包) lesson in one command: create a connected pair of AF_UNIX \
sockets, send each MESSAGE through one end with its own send(), then receive \
everything at the other end and show what each recv() returned.

Calls, in order: socketpair(AF_UNIX, TYPE); send on the first socket, once per \
MESSAGE; shutdown(SHUT_WR) for a stream; then recv (MSG_DONTWAIT, with MSG_TRUNC \
for datagrams) on the second until nothing is left; close both.

SOCK_STREAM is a byte stream: the messages arrive merged (one recv returns them \
all, or cut at --bufsize), so a protocol must frame them itself (a length prefix, \
a delimiter). SOCK_DGRAM and SOCK_SEQPACKET keep each message whole: one recv, \
one message; a message longer than --bufsize is cut and the rest is lost \
(reported as truncated). Up to 64 KiB of MESSAGES in all (everything is sent \
before anything is read).

Python equivalent:
  a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
  a.send(b'hello'); a.send(b'world'); b.recv(1024)  # b'helloworld'",
    after_long_help = "\
Examples:
  sockx socketpair hello world          one recv: helloworld (merged)
  sockx socketpair --type dgram hello world   two recvs: boundaries kept
  sockx --trace socketpair --type seqpacket a bb ccc
  sockx socketpair --bufsize 4 --type dgram abcdefgh   cut to abcd"
)]
pub struct SocketpairArgs {
    /// Messages to send, one send() each
    #[arg(value_name = "MESSAGE", required = true)]
    pub messages: Vec<String>,

    /// Socket type of the pair
    #[arg(long = "type", value_name = "TYPE", default_value = "stream")]
    pub socktype: PairTypeArg,

    /// Buffer size of each recv()
    #[arg(long, value_name = "BYTES", default_value = "1024", value_parser = clap::value_parser!(u32).range(1..=65536))]
    pub bufsize: u32,

    #[command(flatten)]
    pub global: super::GlobalOpts,
}
