//! The echo server of `listen --echo` / `--upper`: one thread, one readiness
//! loop (epoll), many connections at once (thousands; `--max-conns` caps
//! them). Each readable connection gets one recv and its bytes are sent back
//! at once; what the peer does not take yet waits in that connection's buffer,
//! and the connection is not read again until the buffer is empty
//! (backpressure, no unbounded memory). The peer's FIN: send what is left,
//! then close. Out of descriptors (EMFILE): stop accepting for a moment
//! instead of spinning, and serve the connections already open. After any
//! event the loop polls for 50 µs before it sleeps (adaptive busy-polling,
//! see `Epoll::wait`): request/response traffic is served without waiting for
//! a sleeping CPU, and an idle server still sleeps.

use std::collections::HashMap;
use std::io;
use std::os::fd::RawFd;
use std::time::{Duration, Instant};

use super::framescan::Scanner;
use super::relay::frame::Kind;
use super::server::{Backoff, Next};
use super::signal;
use super::sock::Sock;
use super::tls::link::{Link, Server};
use crate::error::{Error, Result};
use crate::event::{Event, Sink, Tap, show_duration};
use crate::sys::epoll::{self, Epoll};
use crate::sys::fd::poll_ms;

mod conn;
use conn::{Conn, close, reading, service};

#[derive(Debug, Clone)]
pub struct Opts {
    pub upper: bool,
    /// Serve connections until interrupted (-k); otherwise one connection.
    pub keep_open: bool,
    pub max_conns: Option<u64>,
    pub bufsize: usize,
    /// No connection for this long (with none open), or a connection idle
    /// this long: exit 4 without -k; with -k an idle connection is closed.
    pub idle: Option<Duration>,
    pub hex: bool,
    /// --frame: follow the message boundaries (see `framescan`).
    pub frame: Option<Kind>,
    /// --trace: a `frame` event per message.
    pub trace_frames: bool,
    /// --allow/--deny, checked right after accept.
    pub acl: super::acl::Acl,
    /// listen --tls: each connection is TLS, its handshake done in the loop.
    pub tls: Option<Server>,
}

const LISTENER: u64 = u64::MAX;

/// How long the loop keeps polling after an event: 50 µs on a machine with
/// more than one CPU (measured with ../shared/bench/echo-rate: C=1 from 11k
/// to 36k round trips/s, C=50 from 88k to 131k), none on one CPU, where
/// spinning would only keep the peer from running.
/// Above this many open connections the loop no longer busy-polls.
const SPIN_MAX_CONNS: usize = 4;

pub(crate) fn spin_window() -> Duration {
    match std::thread::available_parallelism() {
        Ok(n) if n.get() > 1 => Duration::from_micros(50),
        _ => Duration::ZERO,
    }
}

/// ASCII letters only, like Python's bytes.upper().
pub fn upper(b: &mut [u8]) {
    b.make_ascii_uppercase();
}

/// Serves `listener` (already listening, non-blocking) until done.
pub fn serve(listener: &Sock, opts: &Opts, sink: &mut dyn Sink) -> Result<()> {
    let ep = Epoll::new().map_err(|e| Error::os("epoll_create1", &e))?;
    let lfd = listener.fd();
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::os("fcntl(O_NONBLOCK)", &e))?;
    ep.add(lfd, epoll::IN, LISTENER)
        .map_err(|e| Error::os("epoll_ctl", &e))?;
    let mut conns: HashMap<RawFd, Conn> = HashMap::new();
    let mut events = epoll::events(256);
    let mut accepting = true;
    let mut backoff = Backoff::default();
    let mut served: u64 = 0;
    let mut last_activity = Instant::now();
    let max = opts.max_conns.unwrap_or(u64::MAX);
    let spin = spin_window();
    let mut last_event = Instant::now();

    loop {
        // Resume accepting after a back-off or when below the cap again.
        let want_accept = (opts.keep_open || served == 0)
            && (conns.len() as u64) < max
            && backoff.over(Instant::now());
        if want_accept != accepting {
            let r = if want_accept {
                ep.add(lfd, epoll::IN, LISTENER)
            } else {
                ep.delete(lfd)
            };
            r.map_err(|e| Error::os("epoll_ctl", &e))?;
            accepting = want_accept;
            if want_accept {
                backoff.until = None;
            }
        }
        if !opts.keep_open && served > 0 && conns.is_empty() {
            return Ok(());
        }
        let timeout = next_timeout(opts, &conns, last_activity, backoff.until);
        // Busy-poll only while few connections are open: with many, events
        // come in batches anyway, and on two CPUs the spinning would take
        // the CPU the clients need (echo-rate at 50 clients).
        let spin_for = if conns.len() <= SPIN_MAX_CONNS {
            spin
        } else {
            Duration::ZERO
        };
        let n = match ep.wait(&mut events, timeout, last_event + spin_for) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {
                signal::check()?;
                continue;
            }
            Err(e) => return Err(Error::os("epoll_wait", &e)),
        };
        if n > 0 {
            last_event = Instant::now();
        }
        signal::check()?;
        let now = Instant::now();
        if n == 0 {
            expire(opts, &mut conns, last_activity, now, sink)?;
            continue;
        }
        for ev in &events[..n] {
            let token = ev.u64;
            if token == epoll::SIGNAL {
                signal::check()?;
                continue;
            }
            if token == LISTENER {
                last_activity = now;
                accept_all(
                    listener,
                    &ep,
                    &mut conns,
                    opts,
                    &mut served,
                    &mut backoff,
                    sink,
                )?;
                continue;
            }
            let fd = token as RawFd;
            let Some(c) = conns.get_mut(&fd) else {
                continue;
            };
            let done = match service(c, ev.events, opts, &ep, now, sink) {
                Ok(done) => done,
                Err(e) => {
                    let err = Error::os(format!("connection from {}", c.peer.describe()), &e);
                    if !opts.keep_open {
                        return Err(err);
                    }
                    // With -k, one connection's reset does not stop the others.
                    sink.event(Event::Warning {
                        message: err.to_string(),
                    });
                    true
                }
            };
            if done && let Some(c) = conns.remove(&fd) {
                last_activity = now;
                close(c, &ep, sink);
            }
        }
    }
}

fn next_timeout(
    opts: &Opts,
    conns: &HashMap<RawFd, Conn>,
    last: Instant,
    paused: Option<Instant>,
) -> i32 {
    let now = Instant::now();
    let mut t: Option<Duration> = paused.map(|p| p.saturating_duration_since(now));
    if let Some(idle) = opts.idle {
        let oldest = conns.values().map(|c| c.last_io).min().unwrap_or(last);
        let left = (oldest + idle).saturating_duration_since(now);
        t = Some(t.map_or(left, |x| x.min(left)));
    }
    poll_ms(t)
}

/// Handles -w: idle connections are closed (with -k) or end the program.
fn expire(
    opts: &Opts,
    conns: &mut HashMap<RawFd, Conn>,
    last: Instant,
    now: Instant,
    sink: &mut dyn Sink,
) -> Result<()> {
    let Some(idle) = opts.idle else { return Ok(()) };
    if conns.is_empty() && now.duration_since(last) >= idle {
        return Err(Error::timeout(format!(
            "timed out: no connection within {} (-w)",
            show_duration(idle)
        )));
    }
    let stale: Vec<RawFd> = conns
        .iter()
        .filter(|(_, c)| now.duration_since(c.last_io) >= idle)
        .map(|(fd, _)| *fd)
        .collect();
    for fd in stale {
        if let Some(c) = conns.remove(&fd) {
            let msg = format!(
                "connection from {} idle for {} (-w)",
                c.peer.describe(),
                show_duration(idle)
            );
            if !opts.keep_open {
                return Err(Error::timeout(format!("timed out: {msg}")));
            }
            sink.event(Event::Warning {
                message: format!("{msg}: closed"),
            });
            // Not closed through `close()`: the Closed event is for ends the peer chose.
            drop(c);
        }
    }
    Ok(())
}

fn accept_all(
    listener: &Sock,
    ep: &Epoll,
    conns: &mut HashMap<RawFd, Conn>,
    opts: &Opts,
    served: &mut u64,
    backoff: &mut Backoff,
    sink: &mut dyn Sink,
) -> Result<()> {
    let max = opts.max_conns.unwrap_or(u64::MAX);
    while (conns.len() as u64) < max && (opts.keep_open || *served == 0) {
        match listener.accept() {
            Ok((sock, peer)) => {
                backoff.accepted();
                if let Some(reason) = opts.acl.refuses(&peer) {
                    // Closed at once (dropped); a refused client is not one served.
                    sink.event(Event::Rejected { peer, reason });
                    continue;
                }
                *served += 1;
                sock.set_nonblocking(true)
                    .map_err(|e| Error::os("fcntl(O_NONBLOCK)", &e))?;
                let local = sock.local_addr().unwrap_or_else(|_| peer.clone());
                sink.event(Event::Accepted {
                    peer: peer.clone(),
                    local,
                });
                let fd = sock.fd();
                let link =
                    Link::new(sock, opts.tls.as_ref()).map_err(|e| Error::os("TLS setup", &e))?;
                let edge = matches!(link, Link::Plain(_));
                ep.add(fd, reading(edge), fd as u64)
                    .map_err(|e| Error::os("epoll_ctl", &e))?;
                let now = Instant::now();
                conns.insert(
                    fd,
                    Conn {
                        link,
                        peer,
                        buf: vec![0; opts.bufsize],
                        start: 0,
                        end: 0,
                        bytes_in: 0,
                        bytes_out: 0,
                        opened: now,
                        last_io: now,
                        peer_eof: false,
                        want_out: false,
                        edge,
                        hex: opts.hex.then(Tap::default),
                        frames: opts.frame.map(Scanner::new),
                    },
                );
            }
            Err(e) => match backoff.failed(&e, sink)? {
                Next::Stop => break,
                Next::Skip => continue,
            },
        }
    }
    Ok(())
}
