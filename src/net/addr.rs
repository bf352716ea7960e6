//! Socket addresses: one `Addr` type for AF_INET, AF_INET6 and AF_UNIX, with
//! its three renderings (human `127.0.0.1:8080`, Python `('127.0.0.1', 8080)`
//! for the trace, and the JSON object of the spec), plus the parsing of HOST
//! and `-U PATH` arguments and the names of families, types and protocols.

use std::fmt;
use std::net::{IpAddr, Ipv6Addr, SocketAddr, SocketAddrV6};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use serde::ser::{Serialize, SerializeMap, Serializer};
use socket2::SockAddr;

use crate::error::{Error, Result};
use crate::escape;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Addr {
    Inet(SocketAddr),
    /// AF_UNIX: a filesystem path, an abstract name (bytes after the NUL), or unnamed.
    Unix(UnixName),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnixName {
    Path(Vec<u8>),
    Abstract(Vec<u8>),
    Unnamed,
}

/// The longest AF_UNIX path (sun_path holds 108 bytes with the NUL).
const SUN_PATH_MAX: usize = 107;

impl Addr {
    pub fn from_sockaddr(sa: &SockAddr) -> Addr {
        if let Some(s) = sa.as_socket() {
            return Addr::Inet(s);
        }
        if sa.is_unix() {
            if let Some(p) = sa.as_pathname() {
                return Addr::Unix(UnixName::Path(p.as_os_str().as_bytes().to_vec()));
            }
            if let Some(a) = sa.as_abstract_namespace() {
                return Addr::Unix(UnixName::Abstract(a.to_vec()));
            }
        }
        Addr::Unix(UnixName::Unnamed)
    }

    pub fn to_sockaddr(&self) -> std::io::Result<SockAddr> {
        match self {
            Addr::Inet(s) => Ok(SockAddr::from(*s)),
            Addr::Unix(UnixName::Path(p)) => {
                SockAddr::unix(Path::new(std::ffi::OsStr::from_bytes(p)))
            }
            Addr::Unix(UnixName::Abstract(a)) => {
                // socket2 takes a leading NUL as the abstract namespace.
                let mut b = vec![0u8];
                b.extend_from_slice(a);
                SockAddr::unix(Path::new(std::ffi::OsStr::from_bytes(&b)))
            }
            Addr::Unix(UnixName::Unnamed) => Err(std::io::Error::from_raw_os_error(libc::EINVAL)),
        }
    }

    pub fn family(&self) -> i32 {
        match self {
            Addr::Inet(SocketAddr::V4(_)) => libc::AF_INET,
            Addr::Inet(SocketAddr::V6(_)) => libc::AF_INET6,
            Addr::Unix(_) => libc::AF_UNIX,
        }
    }

    pub fn port(&self) -> Option<u16> {
        match self {
            Addr::Inet(s) => Some(s.port()),
            Addr::Unix(_) => None,
        }
    }

    /// Python's notation, as the trace shows it: `('127.0.0.1', 8080)`,
    /// `('::1', 8080, 0, 0)`, `'/tmp/s'`, `b'\x00name'`.
    pub fn py(&self) -> String {
        match self {
            Addr::Inet(SocketAddr::V4(a)) => format!("('{}', {})", a.ip(), a.port()),
            Addr::Inet(SocketAddr::V6(a)) => {
                format!(
                    "('{}', {}, {}, {})",
                    a.ip(),
                    a.port(),
                    a.flowinfo(),
                    a.scope_id()
                )
            }
            Addr::Unix(UnixName::Path(p)) => match std::str::from_utf8(p) {
                Ok(s) => escape::py_str(s),
                Err(_) => escape::py_bytes(p),
            },
            Addr::Unix(UnixName::Abstract(a)) => {
                let mut b = vec![0u8];
                b.extend_from_slice(a);
                escape::py_bytes(&b)
            }
            Addr::Unix(UnixName::Unnamed) => "''".to_string(),
        }
    }

    /// For error messages, nc style: `127.0.0.1 port 9`, `/tmp/s`.
    pub fn describe(&self) -> String {
        match self {
            Addr::Inet(s) => format!("{} port {}", ip_text(s), s.port()),
            Addr::Unix(_) => self.to_string(),
        }
    }
}

fn ip_text(s: &SocketAddr) -> String {
    match s {
        SocketAddr::V6(v6) if v6.scope_id() != 0 => format!("{}%{}", v6.ip(), v6.scope_id()),
        _ => s.ip().to_string(),
    }
}

impl fmt::Display for Addr {
    /// Human form: `127.0.0.1:8080`, `[::1]:8080`, `/tmp/s`, `@name`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Addr::Inet(SocketAddr::V4(a)) => write!(f, "{a}"),
            Addr::Inet(s @ SocketAddr::V6(a)) => write!(f, "[{}]:{}", ip_text(s), a.port()),
            Addr::Unix(UnixName::Path(p)) => f.write_str(&escape::bytes(p)),
            Addr::Unix(UnixName::Abstract(a)) => write!(f, "@{}", escape::bytes(a)),
            Addr::Unix(UnixName::Unnamed) => f.write_str("(unnamed)"),
        }
    }
}

impl Serialize for Addr {
    /// `{"family":"AF_INET","address":"127.0.0.1","port":8080}`; IPv6 adds
    /// `flowinfo` and `scope_id`; AF_UNIX is `{"family":"AF_UNIX","path":"..."}`
    /// (an abstract name with a leading `@`, an unnamed socket as "").
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Addr::Inet(SocketAddr::V4(a)) => {
                let mut m = s.serialize_map(Some(3))?;
                m.serialize_entry("family", "AF_INET")?;
                m.serialize_entry("address", &a.ip().to_string())?;
                m.serialize_entry("port", &a.port())?;
                m.end()
            }
            Addr::Inet(SocketAddr::V6(a)) => {
                let mut m = s.serialize_map(Some(5))?;
                m.serialize_entry("family", "AF_INET6")?;
                m.serialize_entry("address", &a.ip().to_string())?;
                m.serialize_entry("port", &a.port())?;
                m.serialize_entry("flowinfo", &a.flowinfo())?;
                m.serialize_entry("scope_id", &a.scope_id())?;
                m.end()
            }
            Addr::Unix(u) => {
                let path = match u {
                    UnixName::Path(p) => String::from_utf8_lossy(p).into_owned(),
                    UnixName::Abstract(a) => format!("@{}", String::from_utf8_lossy(a)),
                    UnixName::Unnamed => String::new(),
                };
                let mut m = s.serialize_map(Some(2))?;
                m.serialize_entry("family", "AF_UNIX")?;
                m.serialize_entry("path", &path)?;
                m.end()
            }
        }
    }
}

/// Parses `-U PATH`: `@name` is the Linux abstract namespace.
pub fn unix_addr(path: &Path) -> Result<Addr> {
    let bytes = path.as_os_str().as_bytes();
    let bad = |why: &str| {
        Error::usage(format!(
            "invalid AF_UNIX path '{}': {why}",
            escape::bytes(bytes)
        ))
    };
    if bytes.is_empty() {
        return Err(bad("empty"));
    }
    if bytes.contains(&0) {
        return Err(bad("contains a NUL byte"));
    }
    if let Some(name) = bytes.strip_prefix(b"@") {
        if name.len() > SUN_PATH_MAX - 1 {
            return Err(bad("an abstract name is at most 106 bytes"));
        }
        return Ok(Addr::Unix(UnixName::Abstract(name.to_vec())));
    }
    if bytes.len() > SUN_PATH_MAX {
        return Err(bad("longer than 107 bytes (sun_path)"));
    }
    Ok(Addr::Unix(UnixName::Path(bytes.to_vec())))
}

/// A HOST argument as getaddrinfo wants it: brackets around an IPv6 literal
/// removed (`[::1]` → `::1`), a zone kept (`fe80::1%eth0`).
pub fn host_arg(host: &str) -> Result<String> {
    let h = match host.strip_prefix('[') {
        Some(rest) => rest.strip_suffix(']').ok_or_else(|| {
            Error::usage(format!(
                "invalid host '{}': unbalanced '['",
                escape::text(host)
            ))
        })?,
        None => host,
    };
    // One rule for every HOST: empty is invalid input (exit 2), whatever
    // the resolver would make of it ("" is EAI_NONAME to getaddrinfo).
    if h.is_empty() {
        return Err(Error::usage("invalid host '': empty host"));
    }
    if h.len() > 1024 {
        return Err(Error::usage(format!(
            "invalid host '{}…': longer than 1024 bytes",
            escape::text(&h[..h.floor_char_boundary(32)])
        )));
    }
    if h.contains('\0') {
        return Err(Error::usage(format!(
            "invalid host '{}': NUL byte",
            escape::text(h)
        )));
    }
    // No host name holds these: refused here rather than sent to a DNS server.
    let why = if h.contains(['[', ']']) {
        Some("unbalanced '[' or ']' (an IPv6 literal is [ADDRESS] or ADDRESS)")
    } else if h.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Some("a host name has no spaces or control characters")
    } else {
        None
    };
    if let Some(why) = why {
        return Err(Error::usage(format!(
            "invalid host '{}': {why}",
            escape::text(h)
        )));
    }
    // A numeric address with a zone is checked here: a zone naming no
    // interface (or a zone on an IPv4 address) is invalid input, not a
    // host name for the resolver to send to a DNS server.
    if let Some((ip, zone)) = h.split_once('%') {
        let why = if ip.parse::<std::net::Ipv4Addr>().is_ok() {
            Some("only an IPv6 address takes a zone (%)".to_string())
        } else if ip.parse::<Ipv6Addr>().is_ok() && numeric_ip(h).is_none() {
            Some(if if_index(zone).is_some() {
                "an interface name as the zone is for link-local addresses (fe80::/10); \
                 give the interface number"
                    .to_string()
            } else {
                format!(
                    "no interface named '{}' (the zone after %)",
                    escape::text(zone)
                )
            })
        } else {
            None
        };
        if let Some(why) = why {
            return Err(Error::usage(format!(
                "invalid host '{}': {why}",
                escape::text(h)
            )));
        }
    }
    Ok(h.to_string())
}

/// A numeric address (`127.0.0.1`, `::1`, `fe80::1%2`) parsed without any lookup.
pub fn numeric_ip(h: &str) -> Option<(IpAddr, u32)> {
    if let Ok(ip) = h.parse::<IpAddr>() {
        return Some((ip, 0));
    }
    let (ip, zone) = h.split_once('%')?;
    let ip: Ipv6Addr = ip.parse().ok()?;
    Some((IpAddr::V6(ip), zone_index(&ip, zone)?))
}

/// The scope id of a zone, by glibc's rule (inet6_scopeid_pton), so that
/// what is numeric here is numeric to getaddrinfo too: a decimal number for
/// any address, an interface name only for a link-local unicast or
/// node/link-local multicast address.
fn zone_index(ip: &Ipv6Addr, zone: &str) -> Option<u32> {
    let first = ip.segments()[0];
    let link_local =
        first & 0xffc0 == 0xfe80 || first & 0xff0f == 0xff01 || first & 0xff0f == 0xff02;
    if link_local && let Some(i) = if_index(zone) {
        return Some(i);
    }
    if !zone.is_empty() && zone.bytes().all(|b| b.is_ascii_digit()) {
        return zone.parse().ok();
    }
    None
}

/// if_nametoindex for a zone name (`lo`, `eth0`).
fn if_index(name: &str) -> Option<u32> {
    let c = std::ffi::CString::new(name).ok()?;
    crate::sys::if_nametoindex(&c).ok()
}

/// Builds a socket address from a numeric IP, a port and a zone.
pub fn sockaddr(ip: IpAddr, port: u16, scope: u32) -> SocketAddr {
    match ip {
        IpAddr::V4(v4) => SocketAddr::new(IpAddr::V4(v4), port),
        IpAddr::V6(v6) => SocketAddr::V6(SocketAddrV6::new(v6, port, 0, scope)),
    }
}

pub fn family_name(f: i32) -> String {
    match f {
        libc::AF_INET => "AF_INET".into(),
        libc::AF_INET6 => "AF_INET6".into(),
        libc::AF_UNIX => "AF_UNIX".into(),
        libc::AF_UNSPEC => "AF_UNSPEC".into(),
        libc::AF_PACKET => "AF_PACKET".into(),
        libc::AF_NETLINK => "AF_NETLINK".into(),
        n => n.to_string(),
    }
}

pub fn socktype_name(t: i32) -> String {
    match t {
        libc::SOCK_STREAM => "SOCK_STREAM".into(),
        libc::SOCK_DGRAM => "SOCK_DGRAM".into(),
        libc::SOCK_RAW => "SOCK_RAW".into(),
        libc::SOCK_SEQPACKET => "SOCK_SEQPACKET".into(),
        libc::SOCK_RDM => "SOCK_RDM".into(),
        0 => "0".into(),
        n => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renderings() {
        let a = Addr::Inet("127.0.0.1:8080".parse().unwrap());
        assert_eq!(a.to_string(), "127.0.0.1:8080");
        assert_eq!(a.py(), "('127.0.0.1', 8080)");
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            r#"{"family":"AF_INET","address":"127.0.0.1","port":8080}"#
        );
        let b = Addr::Inet("[::1]:80".parse().unwrap());
        assert_eq!(b.to_string(), "[::1]:80");
        assert_eq!(b.py(), "('::1', 80, 0, 0)");
        assert_eq!(
            serde_json::to_string(&b).unwrap(),
            r#"{"family":"AF_INET6","address":"::1","port":80,"flowinfo":0,"scope_id":0}"#
        );
        let u = unix_addr(Path::new("@x")).unwrap();
        assert_eq!(u.to_string(), "@x");
        assert_eq!(u.py(), "b'\\x00x'");
    }

    #[test]
    fn hosts() {
        assert_eq!(host_arg("[::1]").unwrap(), "::1");
        assert_eq!(host_arg("fe80::1%lo").unwrap(), "fe80::1%lo");
        assert!(host_arg("[::1").is_err());
        assert!(host_arg("").is_err());
        assert!(host_arg(&"a".repeat(10_000)).is_err());
        assert_eq!(
            numeric_ip("fe80::1%1"),
            Some(("fe80::1".parse().unwrap(), 1))
        );
        assert!(unix_addr(Path::new(&"a".repeat(200))).is_err());
    }

    /// Zones by glibc's rule, and hosts no resolver should be asked about.
    #[test]
    fn zones_and_impossible_hosts() {
        let lo = if_index("lo").unwrap();
        assert_eq!(
            numeric_ip("fe80::1%lo"),
            Some(("fe80::1".parse().unwrap(), lo))
        );
        assert_eq!(
            numeric_ip("ff02::1%lo"),
            Some(("ff02::1".parse().unwrap(), lo))
        );
        // An interface name only for link-local addresses; a number for any.
        assert_eq!(numeric_ip("::1%lo"), None);
        assert_eq!(numeric_ip("::1%1"), Some(("::1".parse().unwrap(), 1)));
        assert_eq!(numeric_ip("fe80::1%+1"), None);
        for bad in [
            "::1%lo",
            "fe80::1%nosuchif0",
            "fe80::1%",
            "fe80::1%4294967296",
            "127.0.0.1%lo",
            "::1]",
            "[[::1]]",
            "a b",
            "a\tb",
            "\u{1b}[2J",
        ] {
            let e = host_arg(bad).expect_err(bad);
            assert_eq!(e.code, crate::error::exit::USAGE, "{bad}");
        }
        assert_eq!(host_arg("[fe80::1%lo]").unwrap(), "fe80::1%lo");
        assert_eq!(host_arg("[::1%1]").unwrap(), "::1%1");
    }
}
