//! `connect --ping`: a TCP connect, timed, again and again, like ping (what
//! tcping and `hping3 -S` are used for). Each attempt is the prober's probe
//! on its own: socket(SOCK_NONBLOCK), bind (-s), connect_ex = EINPROGRESS,
//! poll for writability (with the signal pipe), getsockopt(SO_ERROR), close.
//! Attempts start `interval` apart (start to start, as ping sends); each
//! is reported as it ends, then ping's summary.

use std::time::{Duration, Instant};

use serde::Serialize;

use super::addr::Addr;
use super::probe::{self, State};
use super::sock::Sock;
use crate::error::{Error, Result};
use crate::event::{Event, Sink};
use crate::sys::fd;

#[derive(Debug, Clone)]
pub struct Plan {
    /// HOST as given.
    pub host: String,
    /// The address connected to, with its port.
    pub to: Addr,
    pub source: Option<Addr>,
    /// -c: attempts, None until interrupted.
    pub count: Option<u64>,
    /// -i: from one attempt's start to the next.
    pub interval: Duration,
    /// -w: how long an attempt waits for an answer.
    pub timeout: Duration,
}

/// One attempt (one JSON line under --json).
#[derive(Debug, Clone, Serialize)]
pub struct Attempt {
    pub seq: u64,
    pub host: String,
    pub address: String,
    pub port: u16,
    pub state: State,
    pub connected: bool,
    /// The errno name (or "self-connect") when not connected; null for a timeout.
    pub error: Option<String>,
    /// Connect time; null when no answer came.
    pub rtt_ms: Option<f64>,
}

/// ping's closing lines (`{"summary":{…}}` under --json).
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub host: String,
    pub address: String,
    pub port: u16,
    pub sent: u64,
    pub ok: u64,
    pub failed: u64,
    pub min_ms: Option<f64>,
    pub avg_ms: Option<f64>,
    pub max_ms: Option<f64>,
    pub mdev_ms: Option<f64>,
    pub elapsed_s: f64,
    pub interrupted: bool,
}

/// How the pinging ended.
pub struct Outcome {
    pub summary: Summary,
    pub signal: Option<i32>,
}

/// Runs the attempts; a signal ends them (the attempt under way is not
/// counted) and the summary follows.
pub fn ping(plan: &Plan, sink: &mut dyn Sink) -> Result<Outcome> {
    let start = Instant::now();
    let address = probe::ip_text(&plan.to);
    let port = plan.to.port().unwrap_or(0);
    let mut times: Vec<f64> = Vec::new();
    let (mut sent, mut ok) = (0u64, 0u64);
    let mut signal = None;
    let mut seq = 0u64;
    while plan.count.is_none_or(|c| seq < c) && sink.is_open() {
        seq += 1;
        let began = Instant::now();
        let Some((state, error, rtt)) = attempt(plan)? else {
            signal = crate::sys::signal::pending();
            break;
        };
        sent += 1;
        if state == State::Open {
            ok += 1;
        }
        if let (State::Open, Some(r)) = (state, rtt) {
            times.push(probe::ms(r));
        }
        sink.event(Event::Ping(Attempt {
            seq,
            host: plan.host.clone(),
            address: address.clone(),
            port,
            state,
            connected: state == State::Open,
            error,
            rtt_ms: rtt.map(probe::ms),
        }));
        sink.flush();
        if plan.count.is_some_and(|c| seq >= c) {
            break;
        }
        if !sleep_until(began + plan.interval) {
            signal = crate::sys::signal::pending();
            break;
        }
    }
    let stats = stats(&times);
    let summary = Summary {
        host: plan.host.clone(),
        address,
        port,
        sent,
        ok,
        failed: sent - ok,
        min_ms: stats.map(|s| s.0),
        avg_ms: stats.map(|s| s.1),
        max_ms: stats.map(|s| s.2),
        mdev_ms: stats.map(|s| s.3),
        elapsed_s: (start.elapsed().as_secs_f64() * 1000.0).round() / 1000.0,
        interrupted: signal.is_some(),
    };
    sink.event(Event::PingSummary(summary.clone()));
    sink.flush();
    Ok(Outcome { summary, signal })
}

type Verdict = (State, Option<String>, Option<Duration>);

/// One connect; None when a signal cut it short.
fn attempt(plan: &Plan) -> Result<Option<Verdict>> {
    let sock = Sock::new_nonblocking(plan.to.family(), libc::SOCK_STREAM, 0)
        .map_err(|e| Error::os("socket", &e))?;
    if let Some(src) = &plan.source {
        sock.bind(src)
            .map_err(|e| super::target::bind_error(src, &e, libc::SOCK_STREAM, false))?;
    }
    let began = Instant::now();
    let mut code = sock.connect_ex(&plan.to);
    if code == libc::EINPROGRESS {
        let deadline = began + plan.timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let mut fds = [
                fd::pollfd(sock.fd(), libc::POLLOUT),
                fd::pollfd(crate::sys::signal::fd(), libc::POLLIN),
            ];
            let n = match fd::poll(&mut fds, fd::poll_ms(Some(left))) {
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => 0,
                Err(e) => return Err(Error::os("poll", &e)),
            };
            crate::trace::ok(
                "poll",
                || format!("[{}, POLLOUT], {}", sock.fd(), fd::poll_ms(Some(left))),
                || n.to_string(),
            );
            if crate::sys::signal::pending().is_some() {
                return Ok(None);
            }
            if fds[0].revents != 0 {
                break;
            }
            if Instant::now() >= deadline {
                return Ok(Some((State::Filtered, None, None)));
            }
        }
        code = probe::so_error(&sock);
    }
    let rtt = began.elapsed();
    let (mut state, mut error) = probe::classify(code);
    if state == State::Open && probe::ends(&sock).is_some_and(|(l, p)| l == p) {
        state = State::Closed;
        error = Some(probe::SELF_CONNECT.to_string());
    }
    Ok(Some((state, error, Some(rtt))))
}

/// Waits until `t`, or a signal (false).
fn sleep_until(t: Instant) -> bool {
    loop {
        if crate::sys::signal::pending().is_some() {
            return false;
        }
        let left = t.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return true;
        }
        let mut fds = [fd::pollfd(crate::sys::signal::fd(), libc::POLLIN)];
        let _ = fd::poll(&mut fds, fd::poll_ms(Some(left)));
    }
}

/// min, avg, max and mdev (ping's: the root of mean square minus square mean).
fn stats(t: &[f64]) -> Option<(f64, f64, f64, f64)> {
    if t.is_empty() {
        return None;
    }
    let n = t.len() as f64;
    let avg = t.iter().sum::<f64>() / n;
    let sq = t.iter().map(|x| x * x).sum::<f64>() / n;
    let min = t.iter().copied().fold(f64::INFINITY, f64::min);
    let max = t.iter().copied().fold(0.0, f64::max);
    let r = |x: f64| (x * 1000.0).round() / 1000.0;
    Some((r(min), r(avg), r(max), r((sq - avg * avg).max(0.0).sqrt())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_like_ping() {
        assert_eq!(stats(&[]), None);
        assert_eq!(stats(&[2.0]), Some((2.0, 2.0, 2.0, 0.0)));
        assert_eq!(stats(&[1.0, 3.0]), Some((1.0, 2.0, 3.0, 1.0)));
    }

    #[test]
    fn pings_an_open_and_a_closed_port() {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let open = l.local_addr().unwrap();
        let closed = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        for (to, want) in [(open, 2), (closed, 0)] {
            let plan = Plan {
                host: "127.0.0.1".into(),
                to: Addr::Inet(to),
                source: None,
                count: Some(2),
                interval: Duration::from_millis(10),
                timeout: Duration::from_secs(5),
            };
            let mut sink: Vec<Event> = Vec::new();
            let out = ping(&plan, &mut sink).unwrap();
            assert_eq!((out.summary.sent, out.summary.ok), (2, want));
            assert_eq!(sink.len(), 3);
        }
    }
}
