//! Arguments of the name-service subcommands: resolve, getaddrinfo,
//! getnameinfo, fqdn, hostname, service, protocol.

use clap::{Args, ValueEnum};

use super::parse;

#[derive(Debug, Args)]
#[command(
    about = "Look a host up: gethostbyname_ex for a name, gethostbyaddr for an address",
    long_about = "\
Look a host up and print the triple Python returns: canonical name, aliases, \
addresses.

Calls: for a name gethostbyname_ex (gethostbyname_r: IPv4 addresses); with -6 \
(IPv6 only) or --all (both families) getaddrinfo with AI_CANONNAME instead, its \
addresses in the resolver's order and a name that is not canonical listed as an \
alias, as gethostbyname does. For an address, gethostbyaddr (a reverse lookup). \
An empty NAME ('') is invalid input (exit 2), as every HOST is.

A name that does not resolve exits 3 with the resolver's message and its EAI code \
name (EAI_NONAME, EAI_AGAIN); an address without a reverse entry exits 3 with \
`Unknown host` (HOST_NOT_FOUND), as Python's herror. An IPv4-mapped address \
(::ffff:127.0.0.1) exits 1 with EAFNOSUPPORT, as Python's OSError: glibc answers \
it with an AF_INET entry.

Python equivalent:
  socket.gethostbyname_ex(NAME)   /   socket.gethostbyaddr(ADDRESS)",
    after_long_help = "\
Examples:
  sockx resolve localhost              name, aliases, IPv4 addresses
  sockx resolve --all www.example.test  IPv4 and IPv6, a CNAME shown as an alias
  sockx resolve 127.0.0.1              reverse lookup
  sockx --trace resolve localhost      the resolver call and what it returned"
)]
pub struct ResolveArgs {
    /// Host name, or an IPv4/IPv6 address for a reverse lookup
    #[arg(value_name = "NAME|ADDRESS")]
    pub query: String,

    /// IPv4 and IPv6 addresses (via getaddrinfo)
    #[arg(long)]
    pub all: bool,

    #[command(flatten)]
    pub global: super::GlobalOpts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FamilyArg {
    Inet,
    Inet6,
    Unspec,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TypeArg {
    Stream,
    Dgram,
    Raw,
}

#[derive(Debug, Args)]
#[command(
    about = "Every (family, type, proto, canonname, sockaddr) tuple getaddrinfo returns",
    override_usage = "sockx getaddrinfo [OPTIONS] <HOST> [PORT]\n       sockx getaddrinfo [OPTIONS] --no-host <PORT>",
    long_about = "\
Print every 5-tuple getaddrinfo returns, in the resolver's order: family, type, \
proto, canonname, sockaddr, exactly what Python's socket.getaddrinfo returns. This \
is the call behind connect, udp-send and every client that takes a name.

Calls: getaddrinfo, once (no socket is made).

No flags are set by default, like Python (AI_ADDRCONFIG would hide addresses on a \
host with only loopback up). -4 and -6 stand for --family inet and inet6 (a \
different --family with them is an error).

--no-host passes NULL for HOST (Python's None): with --flags passive it means the \
wildcard address, otherwise loopback. An empty HOST ('') is invalid input (exit 2), \
as for every subcommand that takes a HOST (getaddrinfo itself answers '' with \
EAI_NONAME). A request the resolver rejects as \
malformed (EAI_FAMILY, EAI_SOCKTYPE, EAI_BADFLAGS, EAI_SERVICE, EAI_ADDRFAMILY for a \
numeric address of the other family) is invalid input: exit 2. So is a HOST that is \
not numeric under --flags numerichost, or a PORT that is not a number under --flags \
numericserv: glibc says EAI_NONAME, but nothing was looked up. A name that does not \
resolve exits 3.

Python equivalent:
  socket.getaddrinfo(HOST, PORT, family=0, type=0, proto=0, flags=0)",
    after_long_help = "\
Examples:
  sockx getaddrinfo localhost http     every family and socket type
  sockx getaddrinfo -4 --type stream --flags canonname localhost 80
  sockx getaddrinfo --flags passive,numericserv --no-host 8080   what a server binds
  sockx --json getaddrinfo 127.0.0.1 53"
)]
pub struct GetaddrinfoArgs {
    /// Host name or numeric address (not empty: --no-host passes NULL)
    #[arg(value_name = "HOST", required_unless_present = "no_host")]
    pub host: Option<String>,

    /// Port number or service name
    #[arg(value_name = "PORT", value_parser = parse::port)]
    pub port: Option<parse::PortSpec>,

    /// ai_family: inet (AF_INET), inet6 (AF_INET6) or unspec (AF_UNSPEC)
    #[arg(long, value_name = "FAMILY")]
    pub family: Option<FamilyArg>,

    /// ai_socktype: stream, dgram or raw
    #[arg(long = "type", value_name = "TYPE")]
    pub socktype: Option<TypeArg>,

    /// ai_protocol: tcp, udp or a protocol number
    #[arg(long, value_name = "PROTO")]
    pub proto: Option<String>,

    /// ai_flags, comma separated: canonname,passive,numerichost,numericserv,addrconfig,v4mapped,all
    #[arg(long, value_name = "FLAGS", value_delimiter = ',')]
    pub flags: Vec<GaiFlag>,

    /// HOST is NULL (Python's None); the one argument is then PORT
    #[arg(long)]
    pub no_host: bool,

    #[command(flatten)]
    pub global: super::GlobalOpts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GaiFlag {
    Canonname,
    Passive,
    Numerichost,
    Numericserv,
    Addrconfig,
    V4mapped,
    All,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NiFlag {
    Namereqd,
    Numerichost,
    Numericserv,
    Dgram,
    Nofqdn,
}

#[derive(Debug, Args)]
#[command(
    about = "Address and port to host and service names (getnameinfo)",
    long_about = "\
Print the host and service names of a socket address, as Python's \
socket.getnameinfo does, step for step.

Calls, in order: getaddrinfo(ADDRESS, PORT) with AI_NUMERICHOST and SOCK_DGRAM \
(ADDRESS must be numeric: no lookup, a host name or an empty ADDRESS is invalid \
input, exit 2), then \
getnameinfo with the NI_ flags. Without numerichost the host part is a reverse lookup (/etc/hosts, then \
DNS); without numericserv the port is looked up in the services database (as a \
TCP port unless --flags dgram).

An address without a name gives the numeric address back, or with --flags \
namereqd exits 3 (EAI_NONAME). An unknown port gives the number back.

For IPv6, --flowinfo and --scope-id make the 4-tuple (ADDRESS, PORT, FLOWINFO, \
SCOPE_ID). As in Python, the scope_id of the tuple replaces a zone written in \
ADDRESS (fe80::1%lo): without --scope-id it is 0 and the zone is dropped (a \
warning says so). They are rejected for an IPv4 address (a 2-tuple only).

Python equivalent:
  socket.getnameinfo((ADDRESS, PORT), flags)
  socket.getnameinfo((ADDRESS, PORT, FLOWINFO, SCOPE_ID), flags)",
    after_long_help = "\
Examples:
  sockx getnameinfo 127.0.0.1 80      ('localhost', 'http')
  sockx getnameinfo --flags numericserv,numerichost ::1 443
  sockx getnameinfo --flags namereqd 127.0.0.1   exit 3 when the address has no name
  sockx getnameinfo --flags numerichost --scope-id 1 fe80::1 22"
)]
pub struct GetnameinfoArgs {
    /// Numeric IPv4 or IPv6 address
    #[arg(value_name = "ADDRESS")]
    pub address: String,

    /// Port number (default 0)
    #[arg(value_name = "PORT", value_parser = parse::port_number)]
    pub port: Option<u16>,

    /// NI_ flags, comma separated: namereqd,numerichost,numericserv,dgram,nofqdn
    #[arg(long, value_name = "FLAGS", value_delimiter = ',')]
    pub flags: Vec<NiFlag>,

    /// IPv6 only: sin6_flowinfo of the 4-tuple (0 to 1048575)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=0xfffff))]
    pub flowinfo: Option<u32>,

    /// IPv6 only: sin6_scope_id of the 4-tuple (an interface index)
    #[arg(long, value_name = "N")]
    pub scope_id: Option<u32>,

    #[command(flatten)]
    pub global: super::GlobalOpts,
}

#[derive(Debug, Args)]
#[command(
    about = "The fully qualified name of a host (Python's socket.getfqdn)",
    long_about = "\
Print the fully qualified name of a host: Python's socket.getfqdn, step for step.

Calls, in order: gethostname when NAME is empty, 0.0.0.0 or :: (this host); then \
gethostbyaddr(NAME) (getaddrinfo for a name, then the reverse lookup), and the first \
of its name and aliases that contains a dot, else its name; if the lookup fails, \
NAME unchanged. Leading and trailing whitespace is stripped, as Python does.

Unlike every HOST of the other subcommands, an empty NAME ('') is not an error: \
getfqdn documents it as this host, the same as omitting NAME.

Python equivalent:
  socket.getfqdn(NAME)",
    after_long_help = "\
Examples:
  sockx fqdn                   this host
  sockx fqdn localhost
  sockx --trace fqdn 127.0.0.1  the gethostbyaddr behind it"
)]
pub struct FqdnArgs {
    /// Host name or address (default: this host)
    #[arg(value_name = "NAME", default_value = "")]
    pub name: String,

    #[command(flatten)]
    pub global: super::GlobalOpts,
}

#[derive(Debug, Args)]
#[command(
    about = "This host's name (gethostname)",
    long_about = "\
Print this host's name, as gethostname returns it (no lookup: see fqdn for the \
fully qualified name).

Calls: gethostname.

Python equivalent:
  socket.gethostname()",
    after_long_help = "\
Examples:
  sockx hostname
  sockx --json hostname  {\"hostname\": \"...\"}"
)]
pub struct HostnameArgs {
    #[command(flatten)]
    pub global: super::GlobalOpts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProtoArg {
    Tcp,
    Udp,
}

#[derive(Debug, Args)]
#[command(
    about = "A service's port, or a port's service name (getservbyname, getservbyport)",
    long_about = "\
Look a service up in the services database (/etc/services, via nsswitch).

Calls: getservbyname for a name, getservbyport for a number 0-65535.

The whole entry is shown: official name, port, protocol and the \
aliases exactly as libc returns them (Python shows only the port or the name). \
Without --proto the first entry for any protocol wins, as with a NULL proto.

An unknown service or port exits 3; a number outside 0-65535 exits 2.

Python equivalent:
  socket.getservbyname('http', 'tcp'); socket.getservbyport(80, 'tcp')",
    after_long_help = "\
Examples:
  sockx service http            port 80, aliases www
  sockx service 53 --proto udp  the name of a port
  sockx --json service ssh"
)]
pub struct ServiceArgs {
    /// Service name (http) or port number (80)
    #[arg(value_name = "NAME|PORT", value_parser = parse::port)]
    pub query: parse::PortSpec,

    /// Protocol to look it up for (default: any, as with a NULL proto)
    #[arg(long, value_name = "PROTO")]
    pub proto: Option<ProtoArg>,

    #[command(flatten)]
    pub global: super::GlobalOpts,
}

#[derive(Debug, Args)]
#[command(
    about = "A protocol's number, or a number's protocol name (getprotobyname, getprotobynumber)",
    long_about = "\
Look a protocol up in the protocols database (/etc/protocols, via nsswitch).

Calls: getprotobyname for a name or alias (TCP finds tcp), getprotobynumber for a \
number 0-255. The whole entry is shown: official \
name, number and aliases as libc returns them.

An unknown protocol exits 3; a number outside 0-255 (the IP header's one-byte \
protocol field) exits 2.

Python equivalent:
  socket.getprotobyname('tcp')",
    after_long_help = "\
Examples:
  sockx protocol tcp    number 6: the third argument of socket()
  sockx protocol 17     udp
  sockx --json protocol icmp"
)]
pub struct ProtocolArgs {
    /// Protocol name (tcp) or number (6)
    #[arg(value_name = "NAME|NUMBER")]
    pub query: String,

    #[command(flatten)]
    pub global: super::GlobalOpts,
}
