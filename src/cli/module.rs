//! Arguments of the module-function subcommands: byteorder, inet, sockopt, info.

use clap::{Args, ValueEnum};

#[derive(Debug, Args)]
#[command(
    about = "Byte order of a value: htons/htonl/ntohs/ntohl (and 64-bit)",
    long_about = "\
Show a value in host and network byte order: the host's byte order, the value, \
its bytes in host order and in network (big-endian) order, and what hton/ntoh \
return. VALUE is decimal, 0x hex, 0o octal or 0b binary; --bits defaults to the \
smallest of 16, 32, 64 that holds it. Negative values, values too large for \
--bits, and non-numbers exit 2.

Python equivalent:
  socket.htons(0x1234); socket.htonl(0x12345678); struct.pack('!H', 0x1234)",
    after_long_help = "\
Examples:
  sockx byteorder 0x1234
  sockx byteorder --bits 32 80
  sockx --json byteorder 4660"
)]
pub struct ByteorderArgs {
    /// Value: decimal, 0x hex, 0o octal or 0b binary
    #[arg(value_name = "VALUE", allow_hyphen_values = true)]
    pub value: String,

    /// Width in bits: 16 (htons), 32 (htonl) or 64 (htonll)
    #[arg(long, value_name = "BITS", value_parser = ["16", "32", "64"])]
    pub bits: Option<String>,
}

#[derive(Debug, Args)]
#[command(
    about = "Text address to packed bytes (inet_pton/inet_aton) and back (inet_ntop)",
    override_usage = "sockx inet [OPTIONS] <ADDRESS>\n       sockx inet --unpack <HEX>",
    long_about = "\
Convert an IPv4 or IPv6 address between text and its packed network-order bytes. \
inet_pton is tried first; an IPv4 address in one of inet_aton's older forms (127.1, \
0x7f.1, 2130706433) is accepted too, as Python's inet_aton does. --unpack takes the \
packed bytes in hex (8 digits for IPv4, 32 for IPv6) and calls inet_ntop.

Python equivalent:
  socket.inet_pton(socket.AF_INET, '192.168.0.1'); socket.inet_ntop(AF_INET6, packed)",
    after_long_help = "\
Examples:
  sockx inet 192.168.0.1
  sockx inet 127.1
  sockx inet ::1
  sockx inet --unpack c0a80001"
)]
pub struct InetArgs {
    /// Address in text form, or packed bytes in hex with --unpack
    #[arg(value_name = "ADDRESS")]
    pub address: String,

    /// ADDRESS is packed bytes in hex: print the text form (inet_ntop)
    #[arg(long)]
    pub unpack: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SockTypeArg {
    Tcp,
    Udp,
    UnixStream,
    UnixDgram,
}

#[derive(Debug, Args)]
#[command(
    about = "Read (getsockopt) and set (setsockopt) socket options on a fresh socket",
    long_about = "\
On a fresh socket of --type (tcp by default; -6 for IPv6): with no NAME, a table of \
every known option with its level and current value (getsockopt); with NAME, that \
option; with NAME=VALUE, setsockopt then getsockopt, showing the requested and the \
effective value (Linux doubles SO_RCVBUF and SO_SNDBUF, and clamps them).

Values: integers and booleans as numbers, SO_LINGER as ONOFF,LINGER (1,5), \
SO_RCVTIMEO and SO_SNDTIMEO as a duration (1.5, 500ms), TCP_CONGESTION as a name. \
Option names are case-insensitive. An unknown name or a bad value exits 2.

Python equivalent:
  s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
  s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)",
    after_long_help = "\
Examples:
  sockx sockopt                         every option of a TCP socket
  sockx sockopt SO_RCVBUF=4096          requested 4096, effective 8192
  sockx sockopt --type udp SO_BROADCAST=1
  sockx -6 sockopt IPV6_V6ONLY
  sockx --json sockopt TCP_CONGESTION"
)]
pub struct SockoptArgs {
    /// Options to read (NAME) or set then read (NAME=VALUE)
    #[arg(value_name = "NAME[=VALUE]")]
    pub options: Vec<String>,

    /// The kind of socket to create
    #[arg(long = "type", value_name = "TYPE", default_value = "tcp")]
    pub socktype: SockTypeArg,
}

#[derive(Debug, Args)]
#[command(
    about = "What this host's socket layer supports: families, types, limits, defaults",
    long_about = "\
Describe this host's socket layer: has_ipv6, which address families and socket \
types can be created (each is tried with socket()), getdefaulttimeout, and the \
kernel's somaxconn, ephemeral port range and default/maximum socket buffer sizes \
(from /proc/sys/net).

Python equivalent:
  socket.has_ipv6; socket.getdefaulttimeout(); socket.SOMAXCONN",
    after_long_help = "\
Examples:
  sockx info
  sockx --json info"
)]
pub struct InfoArgs {}
