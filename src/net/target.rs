//! From HOST/PORT arguments to socket addresses: the `[HOST] PORT` positional
//! forms, service names (getservbyname), the wildcard for a listener without
//! HOST, getaddrinfo for names, and create_connection's try-every-address
//! loop with its per-attempt reports.

use std::time::Duration;

use super::addr::{self, Addr};
use super::resolve::{self, Hints};
use super::sock::Sock;
use super::stdio;
use crate::error::{Error, Result};
use crate::escape;
use crate::event::{Event, Sink};
use crate::parse::{self, PortSpec};

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
/// attempt (an event: JSON always, human under -v). When several addresses
/// were tried and all failed, the error lists each with its errno (the last
/// one's exit status and hint); with one address, that address's error.
/// `host` is the name as given, for that list.
pub fn create_connection(
    host: &str,
    addrs: &[Addr],
    o: &ConnectOpts,
    sink: &mut dyn Sink,
) -> Result<Sock> {
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
    let mut failed: Vec<(&Addr, String, Error)> = Vec::new();
    for (i, to) in tried.iter().enumerate() {
        let sock =
            Sock::new(to.family(), libc::SOCK_STREAM, 0).map_err(|e| Error::os("socket", &e))?;
        if let Some(src) = o.source {
            sock.bind(src)
                .map_err(|e| bind_error(src, &e, libc::SOCK_STREAM, false))?;
        }
        (o.before)(&sock)?;
        let (err, label, text) = match connect_one(&sock, to, o.timeout) {
            Ok(()) if !self_connected(&sock) => return Ok(sock),
            Ok(()) => {
                let err = self_connect_error(to);
                (err, SELF_CONNECT.to_string(), SELF_CONNECT_TEXT.to_string())
            }
            Err(e) => {
                super::signal::check()?;
                let err = connect_error(to, &e, o.timeout);
                let label = err.errno.unwrap_or("ETIMEDOUT").to_string();
                let text = e
                    .raw_os_error()
                    .map_or_else(|| e.to_string(), super::errno::message);
                (err, label, text)
            }
        };
        if i + 1 < tried.len() {
            sink.event(Event::ConnectFailed {
                peer: (*to).clone(),
                errno: label.clone(),
                error: text,
            });
        }
        failed.push((to, label, err));
    }
    let list: Vec<String> = failed
        .iter()
        .map(|(a, label, _)| format!("{} {label}", short_ip(a)))
        .collect();
    let Some((_, _, last)) = failed.pop() else {
        return Err(Error::failed("connect: no address to try"));
    };
    if list.len() == 1 {
        return Err(last);
    }
    let port = tried[0].port().unwrap_or(0);
    Err(Error {
        message: format!(
            "connect to {} port {port}: every address failed: {}",
            escape::text(host),
            list.join(", ")
        ),
        ..last
    })
}

/// An address as the every-address-failed list shows it: `127.0.0.1`, `[::1]`.
fn short_ip(a: &Addr) -> String {
    match a {
        Addr::Inet(std::net::SocketAddr::V6(v6)) if v6.scope_id() != 0 => {
            format!("[{}%{}]", v6.ip(), v6.scope_id())
        }
        Addr::Inet(std::net::SocketAddr::V6(v6)) => format!("[{}]", v6.ip()),
        Addr::Inet(s) => s.ip().to_string(),
        Addr::Unix(_) => a.to_string(),
    }
}

/// What a self-connected attempt is called where an errno name would be.
pub const SELF_CONNECT: &str = "self-connect";
const SELF_CONNECT_TEXT: &str = "the socket connected to itself";

/// A TCP connect to a port of the ephemeral range can succeed with nobody
/// listening: when the kernel picks that very port as the source, the SYN
/// meets itself (simultaneous open) and the socket is connected to itself.
/// getsockname equal to getpeername tells. These two calls are not traced:
/// the trace shows the getpeername and getsockname the caller makes next,
/// as Python's create_connection users would.
pub fn self_connected(sock: &Sock) -> bool {
    let s = socket2::SockRef::from(sock);
    match (s.local_addr(), s.peer_addr()) {
        (Ok(l), Ok(p)) => l.as_socket().is_some() && l.as_socket() == p.as_socket(),
        _ => false,
    }
}

pub fn self_connect_error(to: &Addr) -> Error {
    let mut e = Error::failed(format!(
        "connect to {}: {SELF_CONNECT_TEXT} ({SELF_CONNECT}): nothing listens there",
        to.describe()
    ))
    .with_hint("the source port was the destination port (TCP simultaneous open)");
    e.errno = Some(SELF_CONNECT);
    e
}

pub fn connect_error(to: &Addr, e: &std::io::Error, timeout: Option<Duration>) -> Error {
    let what = format!("connect to {}", to.describe());
    match (e.raw_os_error(), timeout) {
        (Some(libc::ETIMEDOUT), Some(t)) => Error::timeout(format!(
            "{what}: timed out after {} (-w)",
            crate::parse::show_duration(t)
        ))
        .with_hint("no answer: the host may be down or a firewall drops the packets"),
        (Some(libc::ENOENT), _) if matches!(to, Addr::Unix(_)) => Error::os(what, e)
            .with_hint("no socket file there: start the server first (listen -U PATH)"),
        _ => Error::os(what, e),
    }
}

/// An error from bind, with the hints users need most. `offers_reuseport`:
/// the command has a --reuseport option worth suggesting.
pub fn bind_error(a: &Addr, e: &std::io::Error, socktype: i32, offers_reuseport: bool) -> Error {
    let err = Error::os(format!("bind to {}", a.describe()), e);
    match (e.raw_os_error(), a.port()) {
        (Some(libc::EACCES), Some(p)) if p < 1024 && p != 0 => {
            err.with_hint(format!("port {p} needs root (or CAP_NET_BIND_SERVICE)"))
        }
        (Some(libc::EADDRINUSE), _) => match a {
            Addr::Inet(s) => err.with_hint(in_use_hint(*s, socktype, offers_reuseport)),
            Addr::Unix(_) => err.with_hint("another process is listening on that socket"),
        },
        _ => err,
    }
}

/// Who holds the port, as `ss -lnp` finds out (/proc/net and /proc/PID/fd),
/// and --reuseport only when it would succeed.
fn in_use_hint(at: std::net::SocketAddr, socktype: i32, offers_reuseport: bool) -> String {
    use super::procnet;
    let udp = socktype == libc::SOCK_DGRAM;
    let unmap = |ip: std::net::IpAddr| match ip {
        std::net::IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, std::net::IpAddr::V4),
        v4 => v4,
    };
    let overlaps = |ip: std::net::IpAddr| {
        let (x, y) = (unmap(ip), unmap(at.ip()));
        x == y || x.is_unspecified() || y.is_unspecified()
    };
    let mut held: Vec<procnet::InetEntry> = procnet::inet_sockets(if udp { "udp" } else { "tcp" })
        .into_iter()
        .filter(|e| e.local.port() == at.port() && overlaps(e.local.ip()))
        .collect();
    // A TCP port is mostly held by its listener (its connections share the port).
    if !udp && held.iter().any(|e| e.state == procnet::TCP_LISTEN) {
        held.retain(|e| e.state == procnet::TCP_LISTEN);
    }
    let inodes: Vec<u64> = held.iter().map(|e| e.inode).collect();
    let holders = procnet::holders(&inodes);
    let reuse = offers_reuseport && reuseport_would_work(at, socktype, &held, &holders);
    let who = match procnet::describe_holders(&holders) {
        Some(w) => format!("address {at} already in use by {w}"),
        None if !udp && !held.is_empty() && held.iter().all(|e| e.state == TCP_TIME_WAIT) => {
            return format!(
                "address {at} is still held by a closed connection (TIME_WAIT, about a minute): wait or try another port"
            );
        }
        None => format!("address {at} already in use"),
    };
    if reuse {
        format!("{who}, which set SO_REUSEPORT: --reuseport shares the port with it")
    } else {
        format!("{who}: stop it or try another port")
    }
}

/// TCP_TIME_WAIT in /proc/net/tcp's st column.
const TCP_TIME_WAIT: u8 = 0x06;

/// Whether binding again with SO_REUSEPORT would succeed. TCP: a scratch
/// socket tries exactly that bind and is closed (a bound TCP socket that
/// never listens receives nothing). UDP: a bound socket would start taking
/// its share of the datagrams at once, so instead each holder's own
/// SO_REUSEPORT is read (and its owner must be us, as the kernel requires).
fn reuseport_would_work(
    at: std::net::SocketAddr,
    socktype: i32,
    held: &[super::procnet::InetEntry],
    holders: &[super::procnet::Holder],
) -> bool {
    if socktype == libc::SOCK_STREAM {
        let a = Addr::Inet(at);
        let Ok(scratch) = Sock::new(a.family(), socktype, 0) else {
            return false;
        };
        let _ = scratch.set_int(&super::sockopt::SO_REUSEADDR, 1);
        return scratch.set_int(&super::sockopt::SO_REUSEPORT, 1).is_ok()
            && scratch.bind(&a).is_ok();
    }
    let me = crate::sys::fd::geteuid();
    !held.is_empty()
        && held.iter().all(|e| {
            e.uid == me
                && holders
                    .iter()
                    .find(|h| h.inode == e.inode)
                    .and_then(super::procnet::holder_reuseport)
                    == Some(true)
        })
}
