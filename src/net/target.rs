//! From HOST/PORT arguments to socket addresses: the `[HOST] PORT` positional
//! forms, service names (getservbyname), the wildcard for a listener without
//! HOST, getaddrinfo for names, and create_connection's try-every-address
//! loop with its per-attempt reports.

use std::time::Duration;

use super::addr::{self, Addr};
use super::resolve::{self, Hints};
use super::sock::Sock;
use super::stdio;
use crate::cli::parse::{self, PortSpec};
use crate::error::{Error, Result};
use crate::ui::{self, Event, escape};

/// A port argument as a number; a service name is looked up for `proto`.
pub fn port(spec: &PortSpec, proto: &str) -> Result<u16> {
    match spec {
        PortSpec::Num(n) => Ok(*n),
        PortSpec::Name(name) => super::netdb::serv_by_name(name, Some(proto))
            .map(|s| s.port)
            .ok_or_else(|| {
                Error::usage(parse::invalid(
                    "port",
                    name,
                    &format!("not a number and not a known {proto} service name"),
                ))
            }),
    }
}

/// Parses a PORT positional (exit 2 on a bad value).
pub fn port_arg(s: &str) -> Result<PortSpec> {
    parse::port(s).map_err(|r| Error::usage(parse::invalid("port", s, &r)))
}

/// `[HOST] PORT` or `[HOST]:PORT` for servers: one argument is the port or
/// `HOST:PORT` (see [`parse::split_host_port`]); without HOST (`8080`,
/// `:8080`) the server binds all interfaces.
pub fn host_port(
    args: &[String],
    unix: bool,
    cmd: &str,
) -> Result<(Option<String>, Option<PortSpec>)> {
    let server_host = |h: &str| {
        addr::host_arg(h).map_err(|e| match h {
            "" => e.with_hint(format!(
                "omit HOST ({cmd} PORT or {cmd} :PORT) to mean all interfaces"
            )),
            _ => e,
        })
    };
    match (args, unix) {
        ([], true) => Ok((None, None)),
        (_, true) => Err(Error::usage(format!("{cmd} -U takes no HOST or PORT"))),
        ([], false) => Err(Error::usage(format!(
            "{cmd} needs a PORT, [HOST] PORT or HOST:PORT (or -U PATH)"
        ))),
        ([a], false) => match parse::split_host_port(a) {
            Some((h, p)) => Ok((h.map(server_host).transpose()?, Some(port_arg(p)?))),
            None => Ok((None, Some(port_arg(a)?))),
        },
        ([h, p], false) => {
            no_port_in_host(h, cmd)?;
            Ok((Some(server_host(h)?), Some(port_arg(p)?)))
        }
        _ => Err(Error::usage(format!(
            "{cmd} takes [HOST] PORT or HOST:PORT"
        ))),
    }
}

/// `HOST PORT` or `HOST:PORT` for clients, then the arguments after them
/// (udp-send's messages). The first argument is `HOST:PORT` when it splits
/// (one colon, or `[IPv6]:PORT`); otherwise the first two are HOST and PORT.
/// The port is returned as written: a PORT, or a port list for `connect -z`.
pub fn peer_host_port<'a>(
    args: &'a [String],
    usage: &str,
) -> Result<(String, &'a str, &'a [String])> {
    let needs = || Error::usage(format!("{usage} needs HOST PORT or HOST:PORT"));
    let first = args.first().ok_or_else(needs)?;
    if let Some((host, port)) = parse::split_host_port(first) {
        return Ok((addr::host_arg(host.unwrap_or(""))?, port, &args[1..]));
    }
    match args {
        [host, port, rest @ ..] => {
            no_port_in_host(host, usage)?;
            Ok((addr::host_arg(host)?, port, rest))
        }
        _ => Err(needs()),
    }
}

/// `HOST:PORT PORT` gives the port twice.
pub fn no_port_in_host(host: &str, cmd: &str) -> Result<()> {
    match parse::split_host_port(host) {
        Some(_) => Err(Error::usage(format!(
            "{cmd}: '{}' already names a port: give HOST PORT or HOST:PORT, not both",
            escape::text(host)
        ))),
        None => Ok(()),
    }
}

/// The address a server binds: the wildcard without HOST (0.0.0.0, or :: with
/// -6), a numeric address as given, a name through getaddrinfo(AI_PASSIVE).
pub fn bind_addr(host: Option<&str>, port: u16, family: i32, socktype: i32) -> Result<Addr> {
    let Some(host) = host else {
        let ip = if family == libc::AF_INET6 {
            std::net::IpAddr::V6(std::net::Ipv6Addr::UNSPECIFIED)
        } else {
            std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED)
        };
        return Ok(Addr::Inet(addr::sockaddr(ip, port, 0)));
    };
    if let Some((ip, scope)) = addr::numeric_ip(host) {
        check_family(&ip, family, host)?;
        return Ok(Addr::Inet(addr::sockaddr(ip, port, scope)));
    }
    let hints = Hints {
        family,
        socktype,
        protocol: 0,
        flags: libc::AI_PASSIVE,
    };
    let answers = resolve::getaddrinfo(Some(host), Some(&port.to_string()), hints)
        .map_err(|c| Error::gai(format!("resolve {}", escape::text(host)), c))?;
    answers
        .into_iter()
        .map(|a| a.addr)
        .next()
        .ok_or_else(|| Error::not_found(format!("resolve {}: no address", escape::text(host))))
}

fn check_family(ip: &std::net::IpAddr, family: i32, host: &str) -> Result<()> {
    let ok = match family {
        libc::AF_INET => ip.is_ipv4(),
        libc::AF_INET6 => ip.is_ipv6(),
        _ => true,
    };
    if ok {
        Ok(())
    } else {
        Err(Error::usage(format!(
            "{} is an IPv{} address, but -{} was given",
            escape::text(host),
            if ip.is_ipv4() { 4 } else { 6 },
            if family == libc::AF_INET { 4 } else { 6 }
        )))
    }
}

/// The addresses a client tries, in the resolver's order (getaddrinfo, as
/// create_connection does, even for a numeric address).
pub fn peer_addrs(host: &str, port: u16, family: i32, socktype: i32) -> Result<Vec<Addr>> {
    let hints = Hints {
        family,
        socktype,
        protocol: 0,
        flags: 0,
    };
    let answers = resolve::getaddrinfo(Some(host), Some(&port.to_string()), hints)
        .map_err(|c| Error::gai(format!("resolve {}", escape::text(host)), c))?;
    let mut out: Vec<Addr> = Vec::new();
    for a in answers {
        if !out.contains(&a.addr) {
            out.push(a.addr);
        }
    }
    Ok(out)
}

/// Parses `-s ADDR[:PORT]` (numeric): `127.0.0.1`, `127.0.0.1:5000`, `::1`, `[::1]:5000`.
pub fn source_addr(s: &str) -> Result<Addr> {
    let bad = |why: &str| Error::usage(parse::invalid("source address", s, why));
    let (host, port) = match parse::split_host_port(s) {
        Some((h, p)) => (h.unwrap_or(""), Some(p)),
        None => (
            s.strip_prefix('[')
                .and_then(|r| r.strip_suffix(']'))
                .unwrap_or(s),
            None,
        ),
    };
    let (ip, scope) =
        addr::numeric_ip(host).ok_or_else(|| bad("not a numeric IPv4 or IPv6 address"))?;
    let port = match port {
        Some(p) => parse::port_number(p).map_err(|r| bad(&r))?,
        None => 0,
    };
    Ok(Addr::Inet(addr::sockaddr(ip, port, scope)))
}

/// Options applied to each socket before connect.
pub struct ConnectOpts<'a> {
    pub timeout: Option<Duration>,
    pub source: Option<&'a Addr>,
    pub before: &'a dyn Fn(&Sock) -> Result<()>,
}

/// connect with an optional timeout: blocking without one (the trace shows
/// the one call Python makes); with one, non-blocking connect + poll +
/// getsockopt(SO_ERROR), as Python's settimeout does.
pub fn connect_one(sock: &Sock, to: &Addr, timeout: Option<Duration>) -> std::io::Result<()> {
    let Some(t) = timeout else {
        return match sock.connect(to) {
            // EINTR without a pending signal: the handshake goes on; wait for it.
            Err(e)
                if e.kind() == std::io::ErrorKind::Interrupted
                    && super::signal::pending().is_none() =>
            {
                finish_connect(sock, None)
            }
            r => r,
        };
    };
    sock.set_nonblocking(true)?;
    match sock.connect(to) {
        Ok(()) => {}
        Err(e) if e.raw_os_error() == Some(libc::EINPROGRESS) => finish_connect(sock, Some(t))?,
        Err(e) => return Err(e),
    }
    sock.set_nonblocking(false)
}

fn finish_connect(sock: &Sock, timeout: Option<Duration>) -> std::io::Result<()> {
    let ready = stdio::wait_fd(sock.fd(), libc::POLLOUT, stdio::poll_ms(timeout))?;
    crate::trace::ok(
        "poll",
        || format!("[{}, POLLOUT], {}", sock.fd(), stdio::poll_ms(timeout)),
        || {
            if ready {
                "1".into()
            } else {
                "0 (timed out)".into()
            }
        },
    );
    if !ready {
        return Err(std::io::Error::from_raw_os_error(libc::ETIMEDOUT));
    }
    match sock.get(&super::sockopt::SO_ERROR)? {
        super::sockopt::Value::Int(0) => Ok(()),
        super::sockopt::Value::Int(n) => Err(std::io::Error::from_raw_os_error(n as i32)),
        _ => Ok(()),
    }
}

/// Python's create_connection: try each address in order; report each failed
/// attempt (an event: JSON always, human under -v); the last error if all fail.
pub fn create_connection(addrs: &[Addr], o: &ConnectOpts) -> Result<Sock> {
    let mut last: Option<Error> = None;
    let tried: Vec<&Addr> = match o.source {
        Some(src) => addrs
            .iter()
            .filter(|a| a.family() == src.family())
            .collect(),
        None => addrs.iter().collect(),
    };
    if tried.is_empty() {
        return Err(Error::usage(
            "no address of the source address's family (-s) to connect to",
        ));
    }
    for (i, to) in tried.iter().enumerate() {
        let sock =
            Sock::new(to.family(), libc::SOCK_STREAM, 0).map_err(|e| Error::os("socket", &e))?;
        if let Some(src) = o.source {
            sock.bind(src).map_err(|e| bind_error(src, &e))?;
        }
        (o.before)(&sock)?;
        match connect_one(&sock, to, o.timeout) {
            Ok(()) => return Ok(sock),
            Err(e) => {
                super::signal::check()?;
                let err = connect_error(to, &e, o.timeout);
                if i + 1 < tried.len() {
                    ui::event(&Event::ConnectFailed {
                        peer: (*to).clone(),
                        errno: err.errno.unwrap_or("ETIMEDOUT").to_string(),
                        error: e
                            .raw_os_error()
                            .map_or_else(|| e.to_string(), super::errno::message),
                    });
                }
                last = Some(err);
            }
        }
    }
    Err(last.unwrap_or_else(|| Error::failed("connect: no address to try")))
}

pub fn connect_error(to: &Addr, e: &std::io::Error, timeout: Option<Duration>) -> Error {
    let what = format!("connect to {}", to.describe());
    match (e.raw_os_error(), timeout) {
        (Some(libc::ETIMEDOUT), Some(t)) => Error::timeout(format!(
            "{what}: timed out after {} (-w)",
            crate::cli::parse::show_duration(t)
        ))
        .with_hint("no answer: the host may be down or a firewall drops the packets"),
        (Some(libc::ENOENT), _) if matches!(to, Addr::Unix(_)) => Error::os(what, e)
            .with_hint("no socket file there: start the server first (listen -U PATH)"),
        _ => Error::os(what, e),
    }
}

/// An error from bind, with the hints users need most.
pub fn bind_error(a: &Addr, e: &std::io::Error) -> Error {
    let err = Error::os(format!("bind to {}", a.describe()), e);
    match (e.raw_os_error(), a.port()) {
        (Some(libc::EACCES), Some(p)) if p < 1024 && p != 0 => {
            err.with_hint(format!("port {p} needs root (or CAP_NET_BIND_SERVICE)"))
        }
        (Some(libc::EADDRINUSE), _) if matches!(a, Addr::Unix(_)) => {
            err.with_hint("another process is listening on that socket")
        }
        (Some(libc::EADDRINUSE), _) => {
            err.with_hint("address already in use: try another port or --reuseport")
        }
        _ => err,
    }
}
