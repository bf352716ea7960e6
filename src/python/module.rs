//! `--python` for the socket module's functions: byteorder, inet, sockopt,
//! info. Each program prints sockx's rows for what Python's modules return.

use super::lookup::ROWS;
use super::{FAIL, Prog, s};
use crate::cli::parse;
use crate::cli::{ByteorderArgs, InetArgs, SockTypeArg, SockoptArgs};
use crate::cmd::Ctx;
use crate::error::{Error, Result};
use crate::net::sockopt::{self, Kind, Value};

fn result_prog() -> Prog {
    let mut p = Prog::new();
    p.import("sys").helper(FAIL).helper(ROWS);
    p
}

pub fn byteorder(a: &ByteorderArgs) -> Result<String> {
    let value = parse::unsigned(&a.value)
        .map_err(|r| Error::usage(parse::invalid("value", &a.value, &r)))?;
    let bits: u32 = match a.bits.as_deref() {
        Some(b) => b.parse().unwrap_or(64),
        None if value <= 0xffff => 16,
        None if value <= 0xffff_ffff => 32,
        None => 64,
    };
    if bits < 64 && value >> bits != 0 {
        return Err(Error::usage(format!(
            "invalid value '{}': does not fit in {bits} bits",
            a.value
        )));
    }
    let (hton, ntoh, fmt, conv) = match bits {
        16 => ("htons", "ntohs", "!H", "socket.htons(value)"),
        32 => ("htonl", "ntohl", "!I", "socket.htonl(value)"),
        // Python has no htobe64: the network-order bytes read back in host order.
        _ => (
            "htobe64",
            "be64toh",
            "!Q",
            "int.from_bytes(struct.pack('!Q', value), sys.byteorder)",
        ),
    };
    let w = bits / 4;
    let mut p = result_prog();
    p.import("struct")
        .step(&format!(
            "{hton}: the value in network byte order (big-endian), as a sockaddr holds a port"
        ))
        .code(&format!(
            "value, bits = {value}, {bits}
swapped = {conv}
hexed = lambda n: '%d (0x%0{w}x)' % (n, n)
rows(('host order', sys.byteorder + '-endian'),
     ('value', hexed(value)),
     ('bits', bits),
     ('host bytes', ' '.join('%02x' % b for b in value.to_bytes(bits // 8, sys.byteorder))),
     ('network bytes', ' '.join('%02x' % b for b in struct.pack({}, value))),
     ('{hton}(%d)' % value, hexed(swapped)),
     ('{ntoh}(%d)' % value, hexed(swapped)))",
            s(fmt)
        ));
    Ok(p.finish("Byte order of a value: host and network order."))
}

pub fn inet(a: &InetArgs, ctx: &Ctx) -> Result<String> {
    let mut p = result_prog();
    if a.unpack {
        let (fam, bytes) = crate::cmd::inet::unhex(&a.address)?;
        let f = if fam == libc::AF_INET6 {
            "socket.AF_INET6"
        } else {
            "socket.AF_INET"
        };
        p.step("inet_ntop(family, packed): the packed bytes as text")
            .code(&format!(
                "packed = bytes.fromhex({})
address = socket.inet_ntop({f}, packed)
rows(('family', {}), ('address', address), ('packed', packed.hex()))",
                s(&hex::encode(&bytes)),
                s(f.trim_start_matches("socket."))
            ));
        return Ok(p.finish("Packed bytes to an address's text (inet_ntop)."));
    }
    let six = a.address.contains(':') || ctx.family == libc::AF_INET6;
    let pack = if six {
        "family, packed = 'AF_INET6', socket.inet_pton(socket.AF_INET6, text)".to_string()
    } else {
        "try:
    family, packed = 'AF_INET', socket.inet_pton(socket.AF_INET, text)
except OSError:
    family, packed = 'AF_INET', socket.inet_aton(text)   # the older forms: 127.1, 0x7f.1
"
        .to_string()
    };
    p.step("inet_pton (or inet_aton): text to the packed network-order bytes a sockaddr holds")
        .code(&format!("text = {}\n{pack}", s(&a.address)))
        .step("inet_ntop: the packed bytes back to canonical text")
        .code(
            "address = socket.inet_ntop(getattr(socket, family), packed)
rows(('family', family), ('address', address), ('packed', packed.hex()))",
        );
    Ok(p.finish("An address's text to packed bytes and back."))
}

/// Python's expression for an option's value, to set it.
fn set_value(v: &Value) -> String {
    match v {
        Value::Int(n) => n.to_string(),
        Value::Linger { onoff, linger } => format!("struct.pack('ii', {onoff}, {linger})"),
        Value::Timeval { sec, usec } => format!("struct.pack('ll', {sec}, {usec})"),
        Value::Name(n) => format!("{}.encode()", s(n)),
    }
}

/// Python's getsockopt call for an option, and how its value is shown.
fn get_expr(kind: Kind, level: &str, name: &str) -> String {
    match kind {
        // The numbers that stand for a constant get its name, as sockx shows them.
        Kind::Int if name.contains("'SO_TYPE'") => format!(
            "(lambda v: '%d (%s)' % (v, socket.SocketKind(v).name))(sock.getsockopt({level}, {name}))"
        ),
        Kind::Int if name.contains("'SO_DOMAIN'") => format!(
            "(lambda v: '%d (%s)' % (v, socket.AddressFamily(v).name))(sock.getsockopt({level}, {name}))"
        ),
        Kind::Int if name.contains("'SO_PROTOCOL'") => format!(
            "(lambda v: '%d (%s)' % (v, {{6: 'IPPROTO_TCP', 17: 'IPPROTO_UDP'}}[v]) if v in (6, 17) else v)(sock.getsockopt({level}, {name}))"
        ),
        Kind::Int | Kind::Bool => format!("sock.getsockopt({level}, {name})"),
        Kind::Linger => format!(
            "'{{onoff: %d, linger: %d}}' % struct.unpack('ii', sock.getsockopt({level}, {name}, 8))"
        ),
        Kind::Timeval => format!(
            "'{{sec: %d, usec: %d}}' % struct.unpack('ll', sock.getsockopt({level}, {name}, 16))"
        ),
        Kind::Name => {
            format!("sock.getsockopt({level}, {name}, 16).split(b'\\0')[0].decode()")
        }
    }
}

pub fn sockopt(a: &SockoptArgs, ctx: &Ctx) -> Result<String> {
    let requests = a
        .options
        .iter()
        .map(|x| crate::cmd::sockopt::parse_request(x))
        .collect::<Result<Vec<_>>>()?;
    let (fam, ty, family, socktype) = match (a.socktype, ctx.family) {
        (SockTypeArg::Tcp, libc::AF_INET6) => {
            ("AF_INET6", "SOCK_STREAM", libc::AF_INET6, libc::SOCK_STREAM)
        }
        (SockTypeArg::Tcp, _) => ("AF_INET", "SOCK_STREAM", libc::AF_INET, libc::SOCK_STREAM),
        (SockTypeArg::Udp, libc::AF_INET6) => {
            ("AF_INET6", "SOCK_DGRAM", libc::AF_INET6, libc::SOCK_DGRAM)
        }
        (SockTypeArg::Udp, _) => ("AF_INET", "SOCK_DGRAM", libc::AF_INET, libc::SOCK_DGRAM),
        (SockTypeArg::UnixStream, _) => {
            ("AF_UNIX", "SOCK_STREAM", libc::AF_UNIX, libc::SOCK_STREAM)
        }
        (SockTypeArg::UnixDgram, _) => ("AF_UNIX", "SOCK_DGRAM", libc::AF_UNIX, libc::SOCK_DGRAM),
    };
    if let Some(r) = requests.iter().find(|r| !r.opt.applies(family, socktype)) {
        return Err(Error::usage(format!(
            "{} does not apply to an {fam} {ty} socket",
            r.opt.name
        )));
    }
    // The requested column only when something was set, as sockx shows it.
    let with_req = requests.iter().any(|r| r.value.is_some());
    let mut p = result_prog();
    p.import("struct")
        .step(&format!("socket({fam}, {ty}): a fresh socket to ask"))
        .code(&format!(
            "sock = socket.socket(socket.{fam}, socket.{ty})\ntable = [('level', 'option'{}, 'value')]",
            if with_req { ", 'requested'" } else { "" }
        ));
    let mut lines = String::new();
    let opts: Vec<(&sockopt::Opt, Option<&Value>)> = if requests.is_empty() {
        sockopt::ALL
            .iter()
            .filter(|o| o.applies(family, socktype))
            .map(|o| (o, None))
            .collect()
    } else {
        requests.iter().map(|r| (r.opt, r.value.as_ref())).collect()
    };
    for (opt, value) in &opts {
        // A constant Python lacks is given by number (the comment names it).
        let level = match opt.level_name {
            l @ ("SOL_SOCKET" | "IPPROTO_TCP" | "IPPROTO_IP" | "IPPROTO_IPV6") => {
                format!("socket.{l}")
            }
            _ => opt.level.to_string(),
        };
        let name = format!("getattr(socket, {}, {})", s(opt.name), opt.opt);
        if let Some(v) = value {
            lines.push_str(&format!(
                "sock.setsockopt({level}, {name}, {})   # setsockopt({}, {}, {v})\n",
                set_value(v),
                opt.level_name,
                opt.name
            ));
        }
        let requested = value.map_or(String::new(), |v| v.to_string());
        lines.push_str(&format!(
            "try:
    value = {}   # getsockopt({}, {})
except OSError as e:
    value = '(%s)' % errno.errorcode.get(e.errno, e.errno)
table.append(({}, {}{}, str(value)))\n",
            get_expr(opt.kind, &level, &name),
            opt.level_name,
            opt.name,
            s(opt.level_name),
            s(opt.name),
            if with_req {
                format!(", {}", s(&requested))
            } else {
                String::new()
            }
        ));
    }
    p.import("errno")
        .step(if requests.iter().any(|r| r.value.is_some()) {
            "setsockopt then getsockopt for each NAME=VALUE (the kernel may change the value), getsockopt for each NAME"
        } else {
            "getsockopt: each option's current value"
        })
        .code(&lines)
        .code(
            "widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
for row in table:
    print('  '.join(c.ljust(w) for c, w in zip(row, widths)).rstrip())",
        )
        .step("close()")
        .code("sock.close()");
    Ok(p.finish("Read (getsockopt) and set (setsockopt) socket options on a fresh socket."))
}

pub fn info() -> Result<String> {
    let mut p = result_prog();
    p.step("the module's constants (has_ipv6, the default timeout, SOMAXCONN) and the kernel's settings under /proc/sys/net")
        .code(
            "def sysctl(name):
    try:
        with open('/proc/sys/' + name.replace('.', '/')) as f:
            return ' '.join(f.read().split())
    except OSError:
        return None
names = ['net.core.somaxconn', 'net.ipv4.ip_local_port_range', 'net.core.rmem_default',
         'net.core.rmem_max', 'net.core.wmem_default', 'net.core.wmem_max',
         'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem', 'net.ipv6.conf.all.disable_ipv6']
rows(('has_ipv6', socket.has_ipv6),
     ('getdefaulttimeout', socket.getdefaulttimeout()),
     ('SOMAXCONN', socket.SOMAXCONN),
     *[(n, sysctl(n)) for n in names])
print()",
        )
        .step("socket() then close() for each (family, type): which ones this host creates")
        .code(
            "types = ['SOCK_STREAM', 'SOCK_DGRAM', 'SOCK_RAW', 'SOCK_SEQPACKET']
table = [['family'] + types]
for family in ['AF_UNIX', 'AF_INET', 'AF_INET6', 'AF_PACKET', 'AF_NETLINK']:
    row = [family]
    for type_ in types:
        try:
            socket.socket(getattr(socket, family), getattr(socket, type_)).close()
            row.append('yes')
        except OSError as e:
            row.append(errno.errorcode.get(e.errno, str(e.errno)))
    table.append(row)
widths = [max(len(row[i]) for row in table) for i in range(5)]
for row in table:
    print('  '.join(c.ljust(w) for c, w in zip(row, widths)).rstrip())",
        )
        .import("errno");
    Ok(p.finish("What this host's socket layer supports."))
}
