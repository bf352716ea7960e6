//! `--python` for the name-service commands: resolve, getaddrinfo,
//! getnameinfo, fqdn, hostname, service, protocol. Each program prints the
//! rows sockx prints (same keys, same alignment) for what Python's socket
//! module returns; a row Python cannot know (a service's aliases) is left out.

use super::{FAIL, Prog, family, s};
use crate::cli::parse::PortSpec;
use crate::cli::{
    FamilyArg, GaiFlag, GetaddrinfoArgs, GetnameinfoArgs, NiFlag, ProtoArg, ProtocolArgs,
    ResolveArgs, ServiceArgs, TypeArg,
};
use crate::cmd::Ctx;
use crate::error::{Error, Result};
use crate::net::addr::{host_arg, numeric_ip};

/// KEY VALUE rows, aligned as sockx aligns them.
pub const ROWS: &str = r#"
def rows(*pairs):
    """KEY  VALUE lines, the keys padded to the longest, as sockx prints them."""
    width = max(len(k) for k, _ in pairs) + 2
    for k, v in pairs:
        print((k.ljust(width) + str(v)).rstrip())
"#;

fn result_prog() -> Prog {
    let mut p = Prog::new();
    p.import("sys").helper(FAIL).helper(ROWS);
    p
}

pub fn hostname() -> Result<String> {
    let mut p = Prog::new();
    p.step("gethostname(): this host's name")
        .code("print(socket.gethostname())");
    Ok(p.finish("This host's name."))
}

pub fn fqdn(a: &crate::cli::FqdnArgs) -> Result<String> {
    let mut p = Prog::new();
    p.step("getfqdn(NAME): gethostbyaddr, then the first name with a dot")
        .code(&format!("print(socket.getfqdn({}))", s(&a.name)));
    Ok(p.finish("The fully qualified name of a host."))
}

pub fn service(a: &ServiceArgs) -> Result<String> {
    let mut p = result_prog();
    let proto = a.proto.map(|p| match p {
        ProtoArg::Tcp => "tcp",
        ProtoArg::Udp => "udp",
    });
    // Python's getservby* take the protocol as an optional second argument.
    let proto_expr = proto.map_or(String::new(), |p| format!(", {}", s(p)));
    let code = match &a.query {
        PortSpec::Num(n) => format!(
            "port = {n}
try:
    name = socket.getservbyport(port{proto_expr})   # getservbyport(htons({n}){proto_expr})
except OSError as e:
    fail('getservbyport', e)"
        ),
        PortSpec::Name(n) => format!(
            "name = {}
try:
    port = socket.getservbyname(name{proto_expr})   # getservbyname({}{proto_expr})
except OSError as e:
    fail('getservbyname', e)",
            s(n),
            s(n)
        ),
    };
    p.step("getservbyname / getservbyport: the services database (/etc/services)")
        .code(&code)
        .code("rows(('name', name), ('port', port))");
    Ok(p.finish("A service's port, or a port's service name."))
}

pub fn protocol(a: &ProtocolArgs) -> Result<String> {
    let mut p = result_prog();
    match a.query.parse::<u32>() {
        Ok(n) => {
            // Python's socket module has getprotobyname but no getprotobynumber.
            p.step("getprotobynumber: Python has none, so read /etc/protocols as libc does")
                .code(&format!(
                    "number = {n}
name = None
with open('/etc/protocols') as f:
    for line in f:
        fields = line.split('#')[0].split()
        if len(fields) >= 2 and fields[1] == str(number):
            name = fields[0]
            break
if name is None:
    fail('getprotobynumber', 'protocol {n} not found')
rows(('name', name), ('number', number))"
                ));
        }
        Err(_) => {
            p.step("getprotobyname(NAME): the protocol's number (/etc/protocols)")
                .code(&format!(
                    "name = {}
try:
    number = socket.getprotobyname(name)
except OSError as e:
    fail('getprotobyname', e)
rows(('name', name), ('number', number))",
                    s(&a.query)
                ));
        }
    }
    Ok(p.finish("A protocol's number, or a number's protocol name."))
}

pub fn resolve(a: &ResolveArgs, ctx: &Ctx) -> Result<String> {
    let q = host_arg(&a.query)?;
    let mut p = result_prog();
    p.helper(ENTRY);
    if numeric_ip(&q).is_some() {
        p.step("gethostbyaddr(ADDRESS): a reverse lookup")
            .code(&format!(
                "try:
    entry(*socket.gethostbyaddr({}))
except socket.herror as e:
    fail('gethostbyaddr', e)",
                s(&q)
            ));
    } else if a.all || ctx.family == libc::AF_INET6 {
        p.step("getaddrinfo(NAME, AI_CANONNAME): both families, the canonical name")
            .code(&format!(
                "try:
    infos = socket.getaddrinfo({}, None, {}, socket.SOCK_STREAM, 0, socket.AI_CANONNAME)
except socket.gaierror as e:
    fail('getaddrinfo', e)
canon = infos[0][3] or {}
addresses = []
for info in infos:
    if info[4][0] not in addresses:
        addresses.append(info[4][0])
entry(canon, [] if canon == {} else [{}], addresses)",
                s(&q),
                family(ctx.family),
                s(&q),
                s(&q),
                s(&q)
            ));
    } else {
        p.step("gethostbyname_ex(NAME): canonical name, aliases, IPv4 addresses")
            .code(&format!(
                "try:
    entry(*socket.gethostbyname_ex({}))
except OSError as e:
    fail('gethostbyname_ex', e)",
                s(&q)
            ));
    }
    Ok(p.finish("Look a host up: name, aliases, addresses."))
}

/// Prints a (hostname, aliases, addresses) triple as sockx does.
const ENTRY: &str = r#"
def entry(hostname, aliases, addresses):
    """The triple, one alias and one address per row, '-' for none."""
    pairs = [('hostname', hostname)]
    for label, items in (('aliases', aliases), ('addresses', addresses)):
        pairs += [(label if i == 0 else '', x) for i, x in enumerate(items)] or [(label, '-')]
    rows(*pairs)
"#;

pub fn getaddrinfo(a: &GetaddrinfoArgs, ctx: &Ctx) -> Result<String> {
    // With --no-host the one positional (which clap took for HOST) is PORT.
    let (host, port) = match (a.no_host, &a.host, &a.port) {
        (false, Some(h), port) => (s(&host_arg(h)?), port.clone()),
        (true, Some(p), None) => ("None".to_string(), Some(crate::net::target::port_arg(p)?)),
        (true, None, None) => ("None".to_string(), None),
        _ => {
            return Err(Error::usage(
                "getaddrinfo takes HOST [PORT], or --no-host PORT",
            ));
        }
    };
    let port = port.as_ref().map_or("None".to_string(), |p| match p {
        PortSpec::Num(n) => n.to_string(),
        PortSpec::Name(n) => s(n),
    });
    let fam = match a.family {
        Some(FamilyArg::Inet) => "socket.AF_INET",
        Some(FamilyArg::Inet6) => "socket.AF_INET6",
        Some(FamilyArg::Unspec) => "socket.AF_UNSPEC",
        None => family(ctx.family),
    };
    let ty = match a.socktype {
        Some(TypeArg::Stream) => "socket.SOCK_STREAM",
        Some(TypeArg::Dgram) => "socket.SOCK_DGRAM",
        Some(TypeArg::Raw) => "socket.SOCK_RAW",
        None => "0",
    };
    let proto = match a.proto.as_deref() {
        None => "0".to_string(),
        Some(p) if p.parse::<u32>().is_ok() => p.to_string(),
        Some(p) => format!("socket.getprotobyname({})", s(p)),
    };
    let flags: Vec<&str> = a
        .flags
        .iter()
        .map(|f| match f {
            GaiFlag::Canonname => "socket.AI_CANONNAME",
            GaiFlag::Passive => "socket.AI_PASSIVE",
            GaiFlag::Numerichost => "socket.AI_NUMERICHOST",
            GaiFlag::Numericserv => "socket.AI_NUMERICSERV",
            GaiFlag::Addrconfig => "socket.AI_ADDRCONFIG",
            GaiFlag::V4mapped => "socket.AI_V4MAPPED",
            GaiFlag::All => "socket.AI_ALL",
        })
        .collect();
    let flags = if flags.is_empty() {
        "0".to_string()
    } else {
        flags.join(" | ")
    };
    let mut p = result_prog();
    p.step("getaddrinfo(host, port, family, type, proto, flags): every 5-tuple, in the resolver's order")
        .code(&format!(
            "try:
    infos = socket.getaddrinfo({host}, {port}, {fam}, {ty}, {proto}, {flags})
except socket.gaierror as e:
    fail('getaddrinfo', e)
table = [('family', 'type', 'proto', 'canonname', 'sockaddr')]
for family, type_, proto, canonname, sockaddr in infos:
    table.append((family.name, type_.name, str(proto), repr(canonname), str(sockaddr)))
widths = [max(len(row[i]) for row in table) for i in range(5)]
for row in table:
    print('  '.join(c.ljust(w) for c, w in zip(row, widths)).rstrip())"
        ));
    Ok(p.finish("Every (family, type, proto, canonname, sockaddr) getaddrinfo returns."))
}

pub fn getnameinfo(a: &GetnameinfoArgs) -> Result<String> {
    let host = host_arg(&a.address)?;
    let port = a.port.unwrap_or(0);
    let sockaddr = if a.flowinfo.is_some() || a.scope_id.is_some() {
        format!(
            "({}, {port}, {}, {})",
            s(&host),
            a.flowinfo.unwrap_or(0),
            a.scope_id.unwrap_or(0)
        )
    } else {
        format!("({}, {port})", s(&host))
    };
    let flags: Vec<&str> = a
        .flags
        .iter()
        .map(|f| match f {
            NiFlag::Namereqd => "socket.NI_NAMEREQD",
            NiFlag::Numerichost => "socket.NI_NUMERICHOST",
            NiFlag::Numericserv => "socket.NI_NUMERICSERV",
            NiFlag::Dgram => "socket.NI_DGRAM",
            NiFlag::Nofqdn => "socket.NI_NOFQDN",
        })
        .collect();
    let flags = if flags.is_empty() {
        "0".to_string()
    } else {
        flags.join(" | ")
    };
    let mut p = result_prog();
    p.step("getnameinfo(sockaddr, flags): the address and port as host and service names")
        .code(&format!(
            "try:
    host, service = socket.getnameinfo({sockaddr}, {flags})
except socket.gaierror as e:
    fail('getnameinfo', e)
rows(('host', host), ('service', service))"
        ));
    Ok(p.finish("Address and port to host and service names."))
}
