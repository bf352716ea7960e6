//! The socket option catalogue: every option sockx knows, with its level, its
//! value kind and where it applies, and the typed get/set on a raw fd. The
//! `sockopt` subcommand lists it; listen/connect set options through it, so
//! the trace names them the same way everywhere.

use std::os::fd::RawFd;

use serde::Serialize;

use crate::sys::sockopt as sys;
use crate::trace;

/// How an option's value is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An int (setsockopt with an int; getsockopt returns an int).
    Int,
    /// An int used as a boolean (0/1 read back; any non-zero sets it).
    Bool,
    /// struct linger {onoff, linger}.
    Linger,
    /// struct timeval {sec, usec}.
    Timeval,
    /// A NUL-terminated name (TCP_CONGESTION).
    Name,
}

/// Which sockets an option applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Any,
    /// AF_INET/AF_INET6 TCP sockets.
    Tcp,
    /// AF_INET and AF_INET6 sockets (IPPROTO_IP).
    Ip,
    /// AF_INET6 sockets.
    Ipv6,
    /// AF_UNIX sockets.
    Unix,
}

#[derive(Debug, Clone, Copy)]
pub struct Opt {
    pub level: i32,
    pub level_name: &'static str,
    pub opt: i32,
    pub name: &'static str,
    pub kind: Kind,
    pub scope: Scope,
    pub read_only: bool,
}

macro_rules! opts {
    ($( $name:ident = $level:ident, $kind:ident, $scope:ident, $ro:expr; )*) => {
        $( pub const $name: Opt = Opt {
            level: libc::$level, level_name: stringify!($level),
            opt: libc::$name, name: stringify!($name),
            kind: Kind::$kind, scope: Scope::$scope, read_only: $ro,
        }; )*
        /// Every known option, in the order the table lists them.
        pub const ALL: &[Opt] = &[ $( $name, )* ];
    };
}

opts! {
    SO_REUSEADDR = SOL_SOCKET, Bool, Any, false;
    SO_REUSEPORT = SOL_SOCKET, Bool, Any, false;
    SO_KEEPALIVE = SOL_SOCKET, Bool, Any, false;
    SO_BROADCAST = SOL_SOCKET, Bool, Any, false;
    SO_RCVBUF = SOL_SOCKET, Int, Any, false;
    SO_SNDBUF = SOL_SOCKET, Int, Any, false;
    SO_RCVLOWAT = SOL_SOCKET, Int, Any, false;
    SO_SNDLOWAT = SOL_SOCKET, Int, Any, false;
    SO_RCVTIMEO = SOL_SOCKET, Timeval, Any, false;
    SO_SNDTIMEO = SOL_SOCKET, Timeval, Any, false;
    SO_LINGER = SOL_SOCKET, Linger, Any, false;
    SO_TYPE = SOL_SOCKET, Int, Any, true;
    SO_ERROR = SOL_SOCKET, Int, Any, true;
    SO_DOMAIN = SOL_SOCKET, Int, Any, true;
    SO_PROTOCOL = SOL_SOCKET, Int, Any, true;
    SO_ACCEPTCONN = SOL_SOCKET, Bool, Any, true;
    SO_OOBINLINE = SOL_SOCKET, Bool, Any, false;
    SO_PRIORITY = SOL_SOCKET, Int, Any, false;
    SO_DONTROUTE = SOL_SOCKET, Bool, Any, false;
    SO_MARK = SOL_SOCKET, Int, Any, false;
    SO_PASSCRED = SOL_SOCKET, Bool, Unix, false;
    TCP_NODELAY = IPPROTO_TCP, Bool, Tcp, false;
    TCP_MAXSEG = IPPROTO_TCP, Int, Tcp, false;
    TCP_KEEPIDLE = IPPROTO_TCP, Int, Tcp, false;
    TCP_KEEPINTVL = IPPROTO_TCP, Int, Tcp, false;
    TCP_KEEPCNT = IPPROTO_TCP, Int, Tcp, false;
    TCP_QUICKACK = IPPROTO_TCP, Bool, Tcp, false;
    TCP_CORK = IPPROTO_TCP, Bool, Tcp, false;
    TCP_USER_TIMEOUT = IPPROTO_TCP, Int, Tcp, false;
    TCP_CONGESTION = IPPROTO_TCP, Name, Tcp, false;
    TCP_SYNCNT = IPPROTO_TCP, Int, Tcp, false;
    TCP_LINGER2 = IPPROTO_TCP, Int, Tcp, false;
    TCP_DEFER_ACCEPT = IPPROTO_TCP, Int, Tcp, false;
    TCP_NOTSENT_LOWAT = IPPROTO_TCP, Int, Tcp, false;
    TCP_FASTOPEN = IPPROTO_TCP, Int, Tcp, false;
    IP_TTL = IPPROTO_IP, Int, Ip, false;
    IP_TOS = IPPROTO_IP, Int, Ip, false;
    IP_MULTICAST_TTL = IPPROTO_IP, Int, Ip, false;
    IP_MULTICAST_LOOP = IPPROTO_IP, Bool, Ip, false;
    IP_RECVERR = IPPROTO_IP, Bool, Ip, false;
    IPV6_V6ONLY = IPPROTO_IPV6, Bool, Ipv6, false;
    IPV6_UNICAST_HOPS = IPPROTO_IPV6, Int, Ipv6, false;
    IPV6_MULTICAST_HOPS = IPPROTO_IPV6, Int, Ipv6, false;
    IPV6_MULTICAST_LOOP = IPPROTO_IPV6, Bool, Ipv6, false;
    IPV6_RECVERR = IPPROTO_IPV6, Bool, Ipv6, false;
}

impl Opt {
    /// Whether this option applies to a socket of `family` and `socktype`.
    pub fn applies(&self, family: i32, socktype: i32) -> bool {
        let inet = family == libc::AF_INET || family == libc::AF_INET6;
        match self.scope {
            Scope::Any => true,
            Scope::Tcp => inet && socktype == libc::SOCK_STREAM,
            Scope::Ip => inet,
            Scope::Ipv6 => family == libc::AF_INET6,
            Scope::Unix => family == libc::AF_UNIX,
        }
    }
}

/// Finds an option by name, case-insensitively.
pub fn find(name: &str) -> Option<&'static Opt> {
    ALL.iter().find(|o| o.name.eq_ignore_ascii_case(name))
}

/// Known names close to `name` (for "did you mean" in errors).
pub fn close_names(name: &str) -> Vec<&'static str> {
    let up = name.to_ascii_uppercase();
    let mut scored: Vec<(usize, &'static str)> = ALL
        .iter()
        .map(|o| {
            let d = edit_distance(&up, o.name);
            let contains = o.name.contains(up.as_str()) || up.contains(o.name);
            (
                if contains && up.len() >= 3 {
                    d.min(1)
                } else {
                    d
                },
                o.name,
            )
        })
        .filter(|&(d, _)| d <= 3)
        .collect();
    scored.sort();
    scored.into_iter().take(4).map(|(_, n)| n).collect()
}

pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// A typed option value, serialised as the spec shows it: a number, a string
/// (TCP_CONGESTION), `{"onoff":0,"linger":0}` or `{"sec":0,"usec":0}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Int(i64),
    Linger { onoff: i32, linger: i32 },
    Timeval { sec: i64, usec: i64 },
    Name(String),
}

impl std::fmt::Display for Value {
    /// The trace and table notation: `131072`, `{onoff: 1, linger: 5}`, `cubic`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Int(n) => write!(f, "{n}"),
            Value::Linger { onoff, linger } => write!(f, "{{onoff: {onoff}, linger: {linger}}}"),
            Value::Timeval { sec, usec } => write!(f, "{{sec: {sec}, usec: {usec}}}"),
            Value::Name(s) => f.write_str(&crate::escape::text(s)),
        }
    }
}

/// Parses a VALUE for `opt` from the command line. The error names the value.
pub fn parse_value(opt: &Opt, s: &str) -> Result<Value, String> {
    let e = crate::escape::text(s);
    match opt.kind {
        Kind::Int => parse_int(s)
            .map(Value::Int)
            .ok_or_else(|| format!("invalid value '{e}' for {}: expected an integer", opt.name)),
        Kind::Bool => match s.to_ascii_lowercase().as_str() {
            "on" | "true" | "yes" => Ok(Value::Int(1)),
            "off" | "false" | "no" => Ok(Value::Int(0)),
            _ => parse_int(s).map(Value::Int).ok_or_else(|| {
                format!(
                    "invalid value '{e}' for {}: expected 0 or 1 (or on/off)",
                    opt.name
                )
            }),
        },
        Kind::Linger => {
            let bad = || {
                format!(
                    "invalid value '{e}' for {}: expected ONOFF,LINGER (e.g. 1,5) or off",
                    opt.name
                )
            };
            if s.eq_ignore_ascii_case("off") {
                return Ok(Value::Linger {
                    onoff: 0,
                    linger: 0,
                });
            }
            let (a, b) = s.split_once(',').ok_or_else(bad)?;
            let onoff = parse_int(a)
                .and_then(|v| i32::try_from(v).ok())
                .ok_or_else(bad)?;
            let linger = parse_int(b)
                .and_then(|v| i32::try_from(v).ok())
                .ok_or_else(bad)?;
            Ok(Value::Linger { onoff, linger })
        }
        Kind::Timeval => {
            let d = crate::parse::duration(s)
                .map_err(|m| format!("invalid value '{e}' for {}: {m}", opt.name))?;
            Ok(Value::Timeval {
                sec: d.as_secs() as i64,
                usec: i64::from(d.subsec_micros()),
            })
        }
        Kind::Name => {
            if s.is_empty() || s.len() > 15 || !s.bytes().all(|b| b.is_ascii_graphic()) {
                Err(format!(
                    "invalid value '{e}' for {}: expected an algorithm name such as cubic or reno",
                    opt.name
                ))
            } else {
                Ok(Value::Name(s.to_string()))
            }
        }
    }
}

/// An int in decimal (possibly negative) or 0x hex, within the C int range.
fn parse_int(s: &str) -> Option<i64> {
    let v = if let Some(neg) = s.strip_prefix('-') {
        if neg.is_empty() || !neg.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        -neg.parse::<i64>().ok()?
    } else {
        crate::parse::unsigned(s)
            .ok()
            .and_then(|v| i64::try_from(v).ok())?
    };
    (i64::from(i32::MIN)..=i64::from(u32::MAX))
        .contains(&v)
        .then_some(v)
}

fn args(fd: RawFd, opt: &Opt) -> String {
    format!("{fd}, {}, {}", opt.level_name, opt.name)
}

/// getsockopt, decoded by the option's kind (traced).
pub fn get(fd: RawFd, opt: &Opt) -> std::io::Result<Value> {
    let mut buf = [0u8; 64];
    let len = match opt.kind {
        Kind::Int | Kind::Bool => 4,
        Kind::Linger => std::mem::size_of::<libc::linger>(),
        Kind::Timeval => std::mem::size_of::<libc::timeval>(),
        Kind::Name => 16,
    };
    trace::start();
    let r = sys::getsockopt(fd, opt.level, opt.opt, &mut buf[..len])
        .map(|n| decode(opt.kind, &buf[..n]));
    trace::io("getsockopt", || args(fd, opt), r, |v| v.to_string())
}

fn decode(kind: Kind, b: &[u8]) -> Value {
    let int = |at: usize| -> i64 {
        let mut w = [0u8; 4];
        let n = b.len().saturating_sub(at).min(4);
        w[..n].copy_from_slice(&b[at..at + n]);
        i64::from(i32::from_ne_bytes(w))
    };
    let long = |at: usize| -> i64 {
        let mut w = [0u8; 8];
        let n = b.len().saturating_sub(at).min(8);
        w[..n].copy_from_slice(&b[at..at + n]);
        i64::from_ne_bytes(w)
    };
    match kind {
        // Some options (IP_MULTICAST_TTL/LOOP) may answer with a single byte.
        Kind::Int | Kind::Bool if b.len() == 1 => Value::Int(i64::from(b[0])),
        Kind::Int | Kind::Bool => Value::Int(int(0)),
        Kind::Linger => Value::Linger {
            onoff: int(0) as i32,
            linger: int(4) as i32,
        },
        Kind::Timeval => Value::Timeval {
            sec: long(0),
            usec: long(8),
        },
        Kind::Name => {
            let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
            Value::Name(String::from_utf8_lossy(&b[..end]).into_owned())
        }
    }
}

/// setsockopt with a typed value (traced).
pub fn set(fd: RawFd, opt: &Opt, v: &Value) -> std::io::Result<()> {
    let mut buf = [0u8; 64];
    let len = match v {
        Value::Int(n) => {
            // Values were range-checked to the C int range (or u32 bit patterns).
            buf[..4].copy_from_slice(&(*n as i32).to_ne_bytes());
            4
        }
        Value::Linger { onoff, linger } => {
            buf[..4].copy_from_slice(&onoff.to_ne_bytes());
            buf[4..8].copy_from_slice(&linger.to_ne_bytes());
            8
        }
        Value::Timeval { sec, usec } => {
            buf[..8].copy_from_slice(&sec.to_ne_bytes());
            buf[8..16].copy_from_slice(&usec.to_ne_bytes());
            16
        }
        Value::Name(s) => {
            let b = s.as_bytes();
            let n = b.len().min(15);
            buf[..n].copy_from_slice(&b[..n]);
            n
        }
    };
    trace::start();
    let r = sys::setsockopt(fd, opt.level, opt.opt, &buf[..len]);
    trace::io(
        "setsockopt",
        || format!("{}, {v}", args(fd, opt)),
        r,
        |_| "0".into(),
    )
}

/// Sets an int/bool option (the common case for listen/connect).
pub fn set_int(fd: RawFd, opt: &Opt, v: i32) -> std::io::Result<()> {
    set(fd, opt, &Value::Int(i64::from(v)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_suggestions() {
        assert_eq!(find("so_rcvbuf").map(|o| o.name), Some("SO_RCVBUF"));
        assert!(find("SO_RCVBUFF").is_none());
        assert!(close_names("SO_RCVBUFF").contains(&"SO_RCVBUF"));
        assert!(close_names("nodelay").contains(&"TCP_NODELAY"));
    }

    #[test]
    fn values() {
        assert_eq!(parse_value(&SO_RCVBUF, "4096"), Ok(Value::Int(4096)));
        assert!(parse_value(&SO_RCVBUF, "abc").is_err());
        assert!(parse_value(&SO_RCVBUF, "99999999999").is_err());
        assert_eq!(parse_value(&SO_KEEPALIVE, "on"), Ok(Value::Int(1)));
        assert_eq!(
            parse_value(&SO_LINGER, "1,5"),
            Ok(Value::Linger {
                onoff: 1,
                linger: 5
            })
        );
        assert_eq!(
            parse_value(&SO_RCVTIMEO, "1.5"),
            Ok(Value::Timeval {
                sec: 1,
                usec: 500_000
            })
        );
        assert_eq!(parse_value(&IPV6_UNICAST_HOPS, "-1"), Ok(Value::Int(-1)));
        assert_eq!(
            serde_json::to_string(&Value::Linger {
                onoff: 0,
                linger: 0
            })
            .unwrap(),
            r#"{"onoff":0,"linger":0}"#
        );
    }
}
