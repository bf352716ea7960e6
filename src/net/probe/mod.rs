//! The TCP connect prober behind `connect -z`: many non-blocking connects in
//! flight on one epoll instance, each port's result reported to the sink the
//! moment it is known, then a summary.
//!
//! What decides each state (the calls, in order, per probe):
//! `socket(SOCK_NONBLOCK)`, `bind` (-s), `connect_ex` = EINPROGRESS, then
//! epoll reports the socket writable and `getsockopt(SO_ERROR)` says how the
//! handshake ended: 0 is `open` (the SYN was answered by a SYN-ACK; a socket
//! connected to itself, or to another probe of ours, is `closed`
//! "self-connect"), ECONNREFUSED/ECONNRESET is `closed` (a RST came back),
//! anything else (EHOSTUNREACH, ENETUNREACH, … from ICMP) is `filtered` with
//! that errno; no answer before the per-probe timeout is `filtered` with no
//! errno. The timeout is -w when given; otherwise it adapts: max(250 ms,
//! 5 × the slowest round trip seen so far), capped at 3 s (the cap until the
//! first answer).

use std::net::SocketAddr;
use std::time::Duration;

use serde::Serialize;

use super::addr::Addr;
use super::sock::Sock;
use super::sockopt::{self, Value};

mod scan;
pub use scan::scan;

/// What a probe found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Open,
    Closed,
    Filtered,
}

impl State {
    pub fn name(self) -> &'static str {
        match self {
            State::Open => "open",
            State::Closed => "closed",
            State::Filtered => "filtered",
        }
    }
}

/// One port's result (one JSON line under --json).
#[derive(Debug, Clone, Serialize)]
pub struct ProbeResult {
    /// HOST as given.
    pub host: String,
    /// The address probed (one of HOST's).
    pub address: String,
    pub port: u16,
    pub state: State,
    pub open: bool,
    /// The errno name (or "self-connect") when not open; null for a timeout.
    pub error: Option<String>,
    /// Connect time: until the answer (SYN-ACK, RST or ICMP); null when none came.
    pub rtt_ms: Option<f64>,
}

/// The end of a scan (`{"summary":{…}}` under --json).
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub host: String,
    pub addresses: Vec<String>,
    /// Ports asked for (per address).
    pub ports: usize,
    /// Probes finished (ports × addresses unless interrupted).
    pub probed: usize,
    pub open: usize,
    pub closed: usize,
    pub filtered: usize,
    /// The per-probe timeout at the end (fixed with -w, else adapted).
    pub timeout_ms: f64,
    pub adaptive: bool,
    pub concurrency: usize,
    pub elapsed_s: f64,
    pub interrupted: bool,
}

/// The per-probe timeout.
#[derive(Debug, Clone, Copy)]
pub enum Timeout {
    /// -w: every probe gets this long.
    Fixed(Duration),
    /// max(250 ms, 5 × the slowest round trip seen), at most 3 s.
    Adaptive,
}

pub const ADAPTIVE_FLOOR: Duration = Duration::from_millis(250);
pub const ADAPTIVE_CAP: Duration = Duration::from_secs(3);

impl Timeout {
    fn now(self, slowest: Option<Duration>) -> Duration {
        match (self, slowest) {
            (Timeout::Fixed(d), _) => d,
            (Timeout::Adaptive, None) => ADAPTIVE_CAP,
            (Timeout::Adaptive, Some(rtt)) => (rtt * 5).clamp(ADAPTIVE_FLOOR, ADAPTIVE_CAP),
        }
    }
}

/// Everything decided before the first socket: what to probe and how.
#[derive(Debug, Clone)]
pub struct Plan {
    /// HOST as given (reported in each result).
    pub host: String,
    /// HOST's addresses in getaddrinfo order; each is probed on every port.
    pub addrs: Vec<Addr>,
    pub ports: Vec<u16>,
    /// -s: bound before each connect.
    pub source: Option<Addr>,
    pub timeout: Timeout,
    /// Probes in flight at most (already fitted to RLIMIT_NOFILE).
    pub concurrency: usize,
}

/// How the scan ended.
#[derive(Debug)]
pub struct Outcome {
    /// Every port was open on at least one address (the exit status).
    pub every_port_open: bool,
    /// The signal that cut the scan short.
    pub signal: Option<i32>,
}

/// A probe's verdict from an errno (0: connected), before the self-connect check.
pub fn classify(code: i32) -> (State, Option<String>) {
    match code {
        0 => (State::Open, None),
        libc::ECONNREFUSED | libc::ECONNRESET => {
            (State::Closed, Some(super::errno::name_or_number(code)))
        }
        n => (State::Filtered, Some(super::errno::name_or_number(n))),
    }
}

/// Local and peer address of a connected socket, not traced (the caller's
/// own getsockname/getpeername are what a user would see).
pub fn ends(sock: &Sock) -> Option<(SocketAddr, SocketAddr)> {
    let s = socket2::SockRef::from(sock);
    Some((
        s.local_addr().ok()?.as_socket()?,
        s.peer_addr().ok()?.as_socket()?,
    ))
}

/// The errno SO_ERROR holds (getsockopt, traced).
pub fn so_error(sock: &Sock) -> i32 {
    match sock.get(&sockopt::SO_ERROR) {
        Ok(Value::Int(n)) => n as i32,
        Ok(_) => 0,
        Err(e) => e.raw_os_error().unwrap_or(libc::EIO),
    }
}

pub const SELF_CONNECT: &str = super::target::SELF_CONNECT;

/// Milliseconds with microsecond resolution.
pub fn ms(d: Duration) -> f64 {
    d.as_micros() as f64 / 1000.0
}

/// An address as results name it: the IP alone.
pub fn ip_text(a: &Addr) -> String {
    match a {
        Addr::Inet(s) => s.ip().to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adaptive_timeout_bounds() {
        let t = Timeout::Adaptive;
        assert_eq!(t.now(None), ADAPTIVE_CAP);
        assert_eq!(t.now(Some(Duration::from_micros(50))), ADAPTIVE_FLOOR);
        assert_eq!(
            t.now(Some(Duration::from_millis(100))),
            Duration::from_millis(500)
        );
        assert_eq!(t.now(Some(Duration::from_secs(2))), ADAPTIVE_CAP);
        let w = Timeout::Fixed(Duration::from_millis(70));
        assert_eq!(
            w.now(Some(Duration::from_secs(2))),
            Duration::from_millis(70)
        );
    }

    #[test]
    fn errnos_classify() {
        assert_eq!(classify(0).0, State::Open);
        assert_eq!(classify(libc::ECONNREFUSED).0, State::Closed);
        assert_eq!(classify(libc::ECONNRESET).0, State::Closed);
        let (s, e) = classify(libc::EHOSTUNREACH);
        assert_eq!((s, e.as_deref()), (State::Filtered, Some("EHOSTUNREACH")));
    }
}
