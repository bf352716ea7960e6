//! Arguments of the module-function subcommands: byteorder, inet, sockopt, info.

use clap::{Args, ValueEnum};

/// VALUE takes what starts with a hyphen (`-1`, `-0x10`), so that
/// byteorder's own message says why a negative number has no byte order. An
/// unknown `--word` is refused here as the option it is, with clap's tip for
/// the closest option (`--jsn`: `--json`), instead of being read as VALUE.
#[derive(Clone)]
struct NotAnOption;

impl clap::builder::TypedValueParser for NotAnOption {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        use clap::error::{ContextKind, ContextValue, ErrorKind};
        let text = value.to_string_lossy().into_owned();
        let Some(word) = text.strip_prefix("--").filter(|w| !w.is_empty()) else {
            return Ok(text);
        };
        let word = word.split('=').next().unwrap_or(word);
        let mut e = clap::Error::new(ErrorKind::UnknownArgument).with_cmd(cmd);
        e.insert(ContextKind::InvalidArg, ContextValue::String(text.clone()));
        let closest = cmd
            .get_arguments()
            .filter_map(|a| a.get_long())
            .map(|l| (crate::net::sockopt::edit_distance(word, l), l))
            .min();
        match closest {
            // After `--` a known option is a value, for byteorder to refuse.
            Some((0, _)) => return Ok(text),
            Some((1..=2, long)) => {
                e.insert(
                    ContextKind::SuggestedArg,
                    ContextValue::String(format!("--{long}")),
                );
            }
            _ => {}
        }
        let mut cmd = cmd.clone();
        e.insert(
            ContextKind::Usage,
            ContextValue::StyledStr(cmd.render_usage()),
        );
        Err(e)
    }
}

#[derive(Debug, Args)]
#[command(
    about = "Byte order of a value: htons/htonl/ntohs/ntohl (and 64-bit)",
    long_about = "\
Show a value in host and network byte order: the host's byte order, the value, \
its bytes in host order and in network (big-endian) order, and what hton/ntoh \
return. TCP/IP headers carry every number big-endian, so a port or an address is \
converted with htons/htonl before it goes into a sockaddr.

Calls: htons and ntohs (16 bits), htonl and ntohl (32), htobe64 and be64toh (64); \
no socket.

VALUE is decimal, 0x hex, 0o octal or 0b binary; --bits defaults to the \
smallest of 16, 32, 64 that holds it. Negative values, values too large for \
--bits, and non-numbers exit 2.

Python equivalent:
  socket.htons(0x1234); socket.htonl(0x12345678)
  struct.pack('!H', 0x1234)   # the bytes on the wire",
    after_long_help = "\
Examples:
  sockx byteorder 0x1234        bytes 34 12 in memory, 12 34 on the wire
  sockx byteorder --bits 32 80  htonl(80)
  sockx --json byteorder 4660"
)]
pub struct ByteorderArgs {
    /// Value: decimal, 0x hex, 0o octal or 0b binary
    #[arg(value_name = "VALUE", allow_hyphen_values = true, value_parser = NotAnOption)]
    pub value: String,

    // Arguments after VALUE: refused (byteorder takes one VALUE), but taken
    // here so that `--jsn 1` is reported for `--jsn`, not for `1`. (Not a
    // doc comment: it would be the argument's help in the zsh completion.)
    #[arg(value_name = "MORE", hide = true)]
    pub more: Vec<String>,

    /// Width in bits: 16 (htons), 32 (htonl) or 64 (htobe64)
    #[arg(long, value_name = "BITS", value_parser = ["16", "32", "64"])]
    pub bits: Option<String>,

    #[command(flatten)]
    pub global: super::GlobalOpts,
}

#[derive(Debug, Args)]
#[command(
    about = "Text address to packed bytes (inet_pton/inet_aton) and back (inet_ntop)",
    override_usage = "sockx inet [OPTIONS] <ADDRESS>\n       sockx inet --unpack <HEX>",
    long_about = "\
Convert an IPv4 or IPv6 address between text and its packed network-order bytes \
(what a sockaddr holds), with the C library's functions, as Python does.

Calls: an ADDRESS with a colon goes to inet_pton(AF_INET6); any other to \
inet_pton(AF_INET) and, when that refuses it, to inet_aton; then inet_ntop for the \
canonical text. inet_aton also takes the older IPv4 forms Python's socket.inet_aton \
accepts: 127.1, 0x7f.1, 0177.0.0.1, 2130706433 (and, like glibc, ignores \
anything after a space). --unpack takes the packed bytes in hex (8 digits for \
IPv4, 32 for IPv6; 0x allowed) and calls inet_ntop. -4 or -6 restrict the family.

`address` is always the canonical text, inet_ntop of the packed bytes: \
127.0.0.1 for 127.1, ::ffff:1.2.3.4 for ::FFFF:1.2.3.4. `packed` is lowercase \
hex. Input neither function accepts exits 2, naming the value.

Python equivalent:
  socket.inet_pton(AF_INET, '192.168.0.1'); socket.inet_aton('127.1')
  socket.inet_ntop(socket.AF_INET6, packed)",
    after_long_help = "\
Examples:
  sockx inet 192.168.0.1        packed c0a80001
  sockx inet 127.1              inet_aton's legacy form: 127.0.0.1
  sockx inet ::1
  sockx inet --unpack c0a80001  back to 192.168.0.1"
)]
pub struct InetArgs {
    /// Address in text form, or packed bytes in hex with --unpack
    #[arg(value_name = "ADDRESS")]
    pub address: String,

    /// ADDRESS is packed bytes in hex: print the text form (inet_ntop)
    #[arg(long)]
    pub unpack: bool,

    #[command(flatten)]
    pub global: super::GlobalOpts,
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
every known option with its level and current value; with NAME, that option; with \
NAME=VALUE, the requested and the effective value (Linux doubles SO_RCVBUF and \
SO_SNDBUF, and clamps them).

Calls, in order: socket; for each NAME=VALUE setsockopt then getsockopt, for each \
NAME (or every known option) getsockopt; close.

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
  sockx sockopt SO_KEEPALIVE=1 TCP_KEEPIDLE=60   keepalive after 60 s idle
  sockx -6 sockopt IPV6_V6ONLY"
)]
pub struct SockoptArgs {
    /// Options to read (NAME) or set then read (NAME=VALUE)
    #[arg(value_name = "NAME[=VALUE]")]
    pub options: Vec<String>,

    /// The kind of socket to create
    #[arg(long = "type", value_name = "TYPE", default_value = "tcp")]
    pub socktype: SockTypeArg,

    #[command(flatten)]
    pub global: super::GlobalOpts,
}

#[derive(Debug, Args)]
#[command(
    about = "What this host's socket layer supports: families, types, limits, defaults",
    long_about = "\
Describe this host's socket layer.

Calls: socket then close for each (family, type) pair tried; the rest is read from \
constants and /proc/sys/net.

has_ipv6 (Python's socket.has_ipv6: IPv6 \
support built in, true for sockx; whether the kernel allows it shows in the \
table), getdefaulttimeout (None: no default is set), the SOMAXCONN constant, \
which (family, type) pairs socket() creates here, and the kernel's values under \
/proc/sys/net: somaxconn, ip_local_port_range (the ephemeral ports), \
rmem_default/rmem_max/wmem_default/wmem_max, tcp_rmem/tcp_wmem (min, default, \
max) and disable_ipv6.

Each of AF_UNIX, AF_INET, AF_INET6, AF_PACKET, AF_NETLINK is tried with \
SOCK_STREAM, SOCK_DGRAM, SOCK_RAW and SOCK_SEQPACKET (protocol 0) and closed at \
once; a pair that fails shows its errno name (EPROTONOSUPPORT, ESOCKTNOSUPPORT, \
EPERM without root for raw sockets).

JSON: {has_ipv6, defaulttimeout, somaxconn, sysctl: {\"net.core.somaxconn\": N, \
\"net.ipv4.ip_local_port_range\": [LOW, HIGH], ...}, sockets: [{family, type, \
supported, errno?}]}; a sysctl that cannot be read is null.

Python equivalent:
  socket.has_ipv6; socket.getdefaulttimeout(); socket.SOMAXCONN
  socket.socket(socket.AF_PACKET, socket.SOCK_RAW)",
    after_long_help = "\
Examples:
  sockx info
  sockx --trace info  each socket() tried, and its errno
  sockx --json info"
)]
pub struct InfoArgs {
    #[command(flatten)]
    pub global: super::GlobalOpts,
}
