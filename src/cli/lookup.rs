//! Arguments of the name-service subcommands: resolve, getaddrinfo,
//! getnameinfo, fqdn, hostname, service, protocol.

use clap::{Args, ValueEnum};

use super::parse;

#[derive(Debug, Args)]
#[command(
    about = "Look a host up: gethostbyname_ex for a name, gethostbyaddr for an address",
    long_about = "\
Look a host up and print the triple Python returns: canonical name, aliases, \
addresses. For a name this is gethostbyname_ex (IPv4 addresses); with -6 (IPv6 \
only) or --all (both families) the addresses come from getaddrinfo with \
AI_CANONNAME, in the resolver's order, and a name that is not canonical is listed \
as an alias, as gethostbyname does. For an address it is gethostbyaddr (reverse \
lookup).

A name that does not resolve exits 3 with the resolver's message and its EAI code \
name (EAI_NONAME, EAI_AGAIN); an address without a reverse entry exits 3 with \
`Unknown host` (HOST_NOT_FOUND), as Python's herror.

Python equivalent:
  socket.gethostbyname_ex(NAME)   /   socket.gethostbyaddr(ADDRESS)",
    after_long_help = "\
Examples:
  sockx resolve localhost
  sockx resolve --all www.example.test
  sockx resolve 127.0.0.1
  sockx --json resolve localhost"
)]
pub struct ResolveArgs {
    /// Host name, or an IPv4/IPv6 address for a reverse lookup
    #[arg(value_name = "NAME|ADDRESS")]
    pub query: String,

    /// IPv4 and IPv6 addresses (via getaddrinfo)
    #[arg(long)]
    pub all: bool,
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
    long_about = "\
Call getaddrinfo and print every returned 5-tuple in the resolver's order: family, \
type, proto, canonname, sockaddr, exactly what Python's socket.getaddrinfo returns. \
No flags are set by default, like Python (AI_ADDRCONFIG would hide addresses on a \
host with only loopback up). -4 and -6 stand for --family inet and inet6.

An empty HOST ('') is passed as NULL (Python's None): with --flags passive it means \
the wildcard address, otherwise loopback. A request the resolver rejects as \
malformed (EAI_FAMILY, EAI_SOCKTYPE, EAI_BADFLAGS, EAI_SERVICE, EAI_ADDRFAMILY for a \
numeric address of the other family) is invalid input: exit 2.

Python equivalent:
  socket.getaddrinfo(HOST, PORT, family=0, type=0, proto=0, flags=0)",
    after_long_help = "\
Examples:
  sockx getaddrinfo localhost http
  sockx getaddrinfo --type stream --flags canonname localhost 80
  sockx getaddrinfo --flags passive,numericserv '' 8080
  sockx --json getaddrinfo 127.0.0.1 53"
)]
pub struct GetaddrinfoArgs {
    /// Host name or numeric address ('' for NULL)
    #[arg(value_name = "HOST")]
    pub host: String,

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
Call getnameinfo on a socket address and print the host and service names. ADDRESS \
must be numeric, as in Python (which checks it with getaddrinfo and AI_NUMERICHOST \
first). With --flags namereqd, an address without a name exits 3.

Python equivalent:
  socket.getnameinfo((ADDRESS, PORT), flags)",
    after_long_help = "\
Examples:
  sockx getnameinfo 127.0.0.1 80
  sockx getnameinfo --flags numericserv,numerichost ::1 443
  sockx --json getnameinfo 127.0.0.1 22"
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
}

#[derive(Debug, Args)]
#[command(
    about = "The fully qualified name of a host (Python's socket.getfqdn)",
    long_about = "\
Python's socket.getfqdn, step for step: an empty NAME, 0.0.0.0 or :: means this \
host (gethostname); then gethostbyaddr(NAME), and the first of its name and aliases \
that contains a dot, else its name; if the lookup fails, NAME unchanged.

Python equivalent:
  socket.getfqdn(NAME)",
    after_long_help = "\
Examples:
  sockx fqdn
  sockx fqdn localhost
  sockx --trace fqdn 127.0.0.1"
)]
pub struct FqdnArgs {
    /// Host name or address (default: this host)
    #[arg(value_name = "NAME", default_value = "")]
    pub name: String,
}

#[derive(Debug, Args)]
#[command(
    about = "This host's name (gethostname)",
    long_about = "\
Print this host's name, as gethostname returns it.

Python equivalent:
  socket.gethostname()",
    after_long_help = "\
Examples:
  sockx hostname
  sockx --json hostname"
)]
pub struct HostnameArgs {}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProtoArg {
    Tcp,
    Udp,
}

#[derive(Debug, Args)]
#[command(
    about = "A service's port, or a port's service name (getservbyname, getservbyport)",
    long_about = "\
Look a service up in the services database: a name gives its port \
(getservbyname), a number gives its name (getservbyport). Aliases are listed as \
libc returns them. An unknown service exits 3.

Python equivalent:
  socket.getservbyname('http', 'tcp')   /   socket.getservbyport(80, 'tcp')",
    after_long_help = "\
Examples:
  sockx service http
  sockx service 53 --proto udp
  sockx --json service ssh"
)]
pub struct ServiceArgs {
    /// Service name (http) or port number (80)
    #[arg(value_name = "NAME|PORT")]
    pub query: String,

    /// Protocol to look it up for (default: any, as with a NULL proto)
    #[arg(long, value_name = "PROTO")]
    pub proto: Option<ProtoArg>,
}

#[derive(Debug, Args)]
#[command(
    about = "A protocol's number, or a number's protocol name (getprotobyname)",
    long_about = "\
Look a protocol up in the protocols database: a name gives its number \
(getprotobyname), a number its name (getprotobynumber). An unknown protocol exits 3.

Python equivalent:
  socket.getprotobyname('tcp')",
    after_long_help = "\
Examples:
  sockx protocol tcp
  sockx protocol 17
  sockx --json protocol icmp"
)]
pub struct ProtocolArgs {
    /// Protocol name (tcp) or number (6)
    #[arg(value_name = "NAME|NUMBER")]
    pub query: String,
}
