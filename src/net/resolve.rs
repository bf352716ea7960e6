//! The resolver calls, each through the trace point, with Python's semantics:
//! getaddrinfo, gethostbyname_ex (getaddrinfo then gethostbyname_r, as
//! CPython does), gethostbyaddr, gethostname, getnameinfo. The services and
//! protocols databases are in `netdb`.
//!
//! The raw calls are in `sys::addrinfo` and `sys::netdb`.

use std::ffi::CString;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use super::addr::{Addr, family_name, socktype_name};
use crate::escape::py_str;
pub use crate::sys::addrinfo::Hints;
use crate::sys::{self, netdb};
use crate::trace;

/// One getaddrinfo answer: Python's (family, type, proto, canonname, sockaddr).
#[derive(Debug, Clone)]
pub struct AddrInfo {
    pub family: i32,
    pub socktype: i32,
    pub protocol: i32,
    pub canonname: String,
    pub addr: Addr,
}

impl AddrInfo {
    /// Python's repr of the 5-tuple.
    pub fn py(&self) -> String {
        format!(
            "({}, {}, {}, {}, {})",
            family_name(self.family),
            socktype_name(self.socktype),
            self.protocol,
            py_str(&self.canonname),
            self.addr.py()
        )
    }
}

/// Python's notation for an optional str/int argument.
fn py_opt(s: Option<&str>) -> String {
    match s {
        None => "None".into(),
        Some(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => s.into(),
        Some(s) => py_str(s),
    }
}

fn flags_text(flags: i32) -> String {
    let names: Vec<&str> = [
        (libc::AI_PASSIVE, "AI_PASSIVE"),
        (libc::AI_CANONNAME, "AI_CANONNAME"),
        (libc::AI_NUMERICHOST, "AI_NUMERICHOST"),
        (libc::AI_NUMERICSERV, "AI_NUMERICSERV"),
        (libc::AI_V4MAPPED, "AI_V4MAPPED"),
        (libc::AI_ALL, "AI_ALL"),
        (libc::AI_ADDRCONFIG, "AI_ADDRCONFIG"),
    ]
    .iter()
    .filter(|(b, _)| flags & b != 0)
    .map(|&(_, n)| n)
    .collect();
    if names.is_empty() {
        "0".into()
    } else {
        names.join("|")
    }
}

/// Renders a list of results for the trace, shortened after a few.
fn py_list<T>(items: &[T], f: impl Fn(&T) -> String) -> String {
    const SHOWN: usize = 4;
    let mut parts: Vec<String> = items.iter().take(SHOWN).map(f).collect();
    if items.len() > SHOWN {
        parts.push(format!("... {} more", items.len() - SHOWN));
    }
    format!("[{}]", parts.join(", "))
}

/// getaddrinfo(host, service, hints): every answer in the resolver's order.
/// An empty host is passed as NULL, like Python's None. Errors are EAI_ codes.
pub fn getaddrinfo(
    host: Option<&str>,
    service: Option<&str>,
    h: Hints,
) -> Result<Vec<AddrInfo>, i32> {
    trace::start();
    let r = getaddrinfo_raw(host, service, h);
    trace::gai(
        "getaddrinfo",
        || {
            format!(
                "{}, {}, {}, {}, {}, {}",
                py_opt(host),
                py_opt(service),
                family_name(h.family),
                socktype_name(h.socktype),
                h.protocol,
                flags_text(h.flags)
            )
        },
        r,
        |v| py_list(v, AddrInfo::py),
    )
}

fn getaddrinfo_raw(
    host: Option<&str>,
    service: Option<&str>,
    h: Hints,
) -> Result<Vec<AddrInfo>, i32> {
    let c_host = match host.map(CString::new).transpose() {
        Ok(c) => c,
        Err(_) => return Err(libc::EAI_NONAME),
    };
    let c_serv = match service.map(CString::new).transpose() {
        Ok(c) => c,
        Err(_) => return Err(libc::EAI_SERVICE),
    };
    let answers = sys::addrinfo::getaddrinfo(c_host.as_deref(), c_serv.as_deref(), h)?;
    Ok(answers
        .into_iter()
        .map(|ai| AddrInfo {
            family: ai.family,
            socktype: ai.socktype,
            protocol: ai.protocol,
            canonname: ai.canonname,
            addr: Addr::from_sockaddr(&ai.addr),
        })
        .collect())
}

/// A host entry: Python's (hostname, aliaslist, ipaddrlist).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostEnt {
    pub hostname: String,
    pub aliases: Vec<String>,
    pub addresses: Vec<IpAddr>,
}

impl HostEnt {
    pub fn py(&self) -> String {
        let aliases: Vec<String> = self.aliases.iter().map(|a| py_str(a)).collect();
        let addrs: Vec<String> = self
            .addresses
            .iter()
            .map(|a| py_str(&a.to_string()))
            .collect();
        format!(
            "({}, [{}], [{}])",
            py_str(&self.hostname),
            aliases.join(", "),
            addrs.join(", ")
        )
    }
}

/// Why a host lookup failed: a getaddrinfo code (gaierror) or an h_errno (herror).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostError {
    Gai(i32),
    /// h_errno: 1 HOST_NOT_FOUND, 2 TRY_AGAIN, 3 NO_RECOVERY, 4 NO_DATA.
    Herr(i32),
    /// An errno (OSError): EAFNOSUPPORT when the entry's family is not the
    /// one asked for, as CPython's gethost_common reports it.
    Os(i32),
}

impl HostError {
    pub fn message(&self) -> String {
        match *self {
            HostError::Gai(c) => super::errno::gai_message(c),
            HostError::Herr(h) => herror_message(h),
            HostError::Os(n) => super::errno::message(n),
        }
    }
    pub fn name(&self) -> &'static str {
        match *self {
            HostError::Gai(c) => super::errno::gai_name(c),
            HostError::Herr(1) => "HOST_NOT_FOUND",
            HostError::Herr(2) => "TRY_AGAIN",
            HostError::Herr(3) => "NO_RECOVERY",
            HostError::Herr(4) => "NO_DATA",
            HostError::Herr(_) => "NETDB_INTERNAL",
            HostError::Os(n) => super::errno::name(n).unwrap_or("OSError"),
        }
    }
}

/// hstrerror, as Python's herror carries it (`Unknown host`).
pub fn herror_message(h: i32) -> String {
    sys::errno::hstrerror(h).unwrap_or_else(|| "Resolver internal error".into())
}

/// CPython's setipaddr: a numeric address is parsed without a lookup, anything
/// else goes through getaddrinfo(name, None, family) and its first answer.
fn setipaddr(name: &str, family: i32) -> Result<IpAddr, HostError> {
    if name == "255.255.255.255" || name == "<broadcast>" {
        return Ok(IpAddr::V4(Ipv4Addr::BROADCAST));
    }
    if (family == libc::AF_UNSPEC || family == libc::AF_INET)
        && let Ok(v4) = name.parse::<Ipv4Addr>()
    {
        return Ok(IpAddr::V4(v4));
    }
    if (family == libc::AF_UNSPEC || family == libc::AF_INET6)
        && !name.contains('%')
        && let Ok(v6) = name.parse::<Ipv6Addr>()
    {
        return Ok(IpAddr::V6(v6));
    }
    let hints = Hints {
        family,
        ..Hints::default()
    };
    let ai = getaddrinfo(Some(name), None, hints).map_err(HostError::Gai)?;
    match ai.first().map(|a| &a.addr) {
        Some(Addr::Inet(s)) => Ok(s.ip()),
        _ => Err(HostError::Gai(libc::EAI_NONAME)),
    }
}

/// A sys entry as Python's triple, with its h_addrtype.
fn host_triple(r: Result<netdb::HostEnt, i32>) -> Result<(HostEnt, i32), HostError> {
    let h = r.map_err(HostError::Herr)?;
    let ent = HostEnt {
        hostname: h.name,
        aliases: h.aliases,
        addresses: h.addresses,
    };
    Ok((ent, h.addrtype))
}

fn trace_host(
    func: &str,
    args: impl FnOnce() -> String,
    r: Result<HostEnt, HostError>,
) -> Result<HostEnt, HostError> {
    trace::text(func, args, r, HostEnt::py, |e| match e {
        HostError::Herr(h) => format!("NULL, h_errno={h} {} ({})", e.name(), herror_message(*h)),
        HostError::Gai(c) => format!(
            "{} ({})",
            super::errno::gai_name(*c),
            super::errno::gai_message(*c)
        ),
        HostError::Os(_) => format!("-1 {} ({})", e.name(), e.message()),
    })
}

/// CPython's gethost_common: an entry of another family than the one asked
/// for is an OSError(EAFNOSUPPORT). glibc answers a reverse lookup of an
/// IPv4-mapped IPv6 address (`::ffff:127.0.0.1`) with an AF_INET entry.
fn same_family(
    r: Result<(HostEnt, i32), HostError>,
    af: i32,
) -> (Result<HostEnt, HostError>, Result<(), HostError>) {
    match r {
        Ok((ent, t)) if t != af => (Ok(ent), Err(HostError::Os(libc::EAFNOSUPPORT))),
        Ok((ent, _)) => (Ok(ent), Ok(())),
        Err(e) => (Err(e), Ok(())),
    }
}

/// gethostbyname_r(name): the raw libc call.
fn gethostbyname(name: &str) -> Result<HostEnt, HostError> {
    let c = CString::new(name).map_err(|_| HostError::Herr(1))?;
    trace::start();
    let r = host_triple(netdb::gethostbyname(&c));
    let (r, family) = same_family(r, libc::AF_INET);
    let ent = trace_host("gethostbyname_r", || py_str(name), r)?;
    family.map(|()| ent)
}

/// Python's socket.gethostbyname_ex: setipaddr(name, AF_INET), then gethostbyname_r.
pub fn gethostbyname_ex(name: &str) -> Result<HostEnt, HostError> {
    setipaddr(name, libc::AF_INET)?;
    gethostbyname(name)
}

/// Python's socket.gethostbyaddr: setipaddr(addr, AF_UNSPEC) (a name is
/// resolved first), then gethostbyaddr_r on the packed address.
pub fn gethostbyaddr(addr: &str) -> Result<HostEnt, HostError> {
    let ip = setipaddr(addr, libc::AF_UNSPEC)?;
    let af = match ip {
        IpAddr::V4(_) => libc::AF_INET,
        IpAddr::V6(_) => libc::AF_INET6,
    };
    trace::start();
    let r = host_triple(netdb::gethostbyaddr(ip));
    let (r, family) = same_family(r, af);
    let ent = trace_host(
        "gethostbyaddr_r",
        || format!("{}, {}", py_str(&ip.to_string()), family_name(af)),
        r,
    )?;
    family.map(|()| ent)
}

/// gethostname().
pub fn gethostname() -> io::Result<String> {
    trace::start();
    let r = sys::gethostname().map(|n| n.to_string_lossy().into_owned());
    trace::io("gethostname", String::new, r, |n| py_str(n))
}

/// getnameinfo(sockaddr, flags) → (host, service).
pub fn getnameinfo(sa: &SocketAddr, flags: i32) -> Result<(String, String), i32> {
    trace::start();
    let r = dns_lookup::getnameinfo(sa, flags).map_err(|e| e.error_num());
    trace::gai(
        "getnameinfo",
        || format!("{}, {flags}", Addr::Inet(*sa).py()),
        r,
        |(h, s)| format!("({}, {})", py_str(h), py_str(s)),
    )
}
