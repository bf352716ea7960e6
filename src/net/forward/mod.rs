//! The forwarder of `sockx forward` (socat's `TCP-LISTEN:P,fork TCP:H:Q`,
//! without the fork): one thread, one epoll loop, accepting concurrently.
//! Each accepted client gets a non-blocking connect onward (every address
//! of the target in order, as create_connection tries them), then bytes
//! flow both ways under the relay's ending rules:
//! - a FIN from either end is passed on as shutdown(SHUT_WR) once what came
//!   before it has been delivered; the connection is done when both have;
//! - a reset (or any error) on one end is passed on as a reset of the
//!   other (SO_LINGER 0, then close), never turned into a quiet FIN;
//! - a failed onward connect closes the client, is reported, and the
//!   forwarder keeps serving.
//!
//! Descriptors are registered once, edge-triggered; each end remembers
//! whether it is readable/writable until a call says EAGAIN, so the loop
//! makes no epoll_ctl per chunk. Without -x/--trace/--bufsize the bytes move
//! with splice(2) through a pipe per direction and never enter user space.
//! A connection moves at most `ROUNDS` chunks per turn and is queued for
//! the next, so one fast connection cannot starve the others.

mod conn;
mod flow;
#[cfg(test)]
mod tests;

use std::io;
use std::time::{Duration, Instant};

use super::acl::Acl;
use super::addr::Addr;
use super::server::{Backoff, Next};
use super::signal;
use super::sock::Sock;
use crate::error::{Error, Result};
use crate::event::{Event, ForwardEnd, Sink};
use crate::sys::epoll::{self, Epoll};
use crate::sys::fd::{Pipe, poll_ms};
use flow::{End, Flow};

/// Every decision about a forwarder, made once from the arguments.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Onward addresses, tried in order for each client.
    pub to: Vec<Addr>,
    /// The target as the user named it, for messages.
    pub to_name: String,
    /// Move bytes through user space (-x, --trace, --bufsize).
    pub copy_only: bool,
    /// -x: a `ForwardData` event per chunk.
    pub hex: bool,
    /// recv() size on the copy path.
    pub bufsize: usize,
    /// -w: a connection with no byte either way (or a connect pending) for this long is closed.
    pub idle: Option<Duration>,
    /// At most this many connections at once; accepting pauses at the cap.
    pub max_conns: Option<u64>,
    pub acl: Acl,
    /// Return once this many connections have ended and none is open (the
    /// unit tests' end; the command serves until a signal).
    pub stop_after: Option<u64>,
}

const LISTENER: u64 = u64::MAX;
/// Empty pipes kept for reuse.
const POOL: usize = 256;

struct Conn {
    id: u64,
    client: End,
    /// None until a connect attempt starts.
    server: Option<End>,
    /// The onward connect is in progress (on `server`).
    connecting: bool,
    /// Index of the next onward address to try.
    next: usize,
    last_err: Option<io::Error>,
    up: Flow,
    down: Flow,
    peer: Addr,
    opened: Instant,
    last_io: Instant,
    queued: bool,
}

/// What the loop knows besides the listener.
struct Forwarder<'a> {
    plan: &'a Plan,
    ep: Epoll,
    conns: Vec<Option<Conn>>,
    free: Vec<usize>,
    live: u64,
    next_id: u64,
    again: Vec<usize>,
    backoff: Backoff,
    /// Empty pipes of cleanly closed connections, for the next ones: a
    /// short connection then costs no pipe2/close of its own.
    pipes: Vec<Pipe>,
    /// Connections ended so far (for `Plan::stop_after`).
    ended: u64,
    /// The listener's address when every accepted socket has it as its
    /// own (a specific IP, or an AF_UNIX path): no getsockname per client.
    local: Option<Addr>,
}

/// Serves `listener` (bound and listening) until a signal ends it.
pub fn serve(listener: &Sock, plan: &Plan, sink: &mut dyn Sink) -> Result<()> {
    let ep = Epoll::new().map_err(|e| Error::os("epoll_create1", &e))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::os("fcntl(O_NONBLOCK)", &e))?;
    ep.add(listener.fd(), epoll::IN, LISTENER)
        .map_err(|e| Error::os("epoll_ctl", &e))?;
    let mut f = Forwarder {
        plan,
        ep,
        conns: Vec::new(),
        free: Vec::new(),
        live: 0,
        next_id: 0,
        again: Vec::new(),
        backoff: Backoff::default(),
        pipes: Vec::new(),
        ended: 0,
        local: match listener.local_addr() {
            Ok(Addr::Inet(a)) if a.ip().is_unspecified() => None,
            Ok(a) => Some(a),
            Err(_) => None,
        },
    };
    let mut events = epoll::events(256);
    let mut accepting = true;
    let max = plan.max_conns.unwrap_or(u64::MAX);
    let spin = super::echo::spin_window();
    let mut last_event = Instant::now();
    let scan_every = plan
        .idle
        .map(|d| (d / 4).clamp(Duration::from_millis(5), Duration::from_secs(1)));
    let mut next_scan = scan_every.map(|d| Instant::now() + d);
    loop {
        signal::check()?;
        if plan.stop_after.is_some_and(|n| f.ended >= n) && f.live == 0 {
            return Ok(());
        }
        let now = Instant::now();
        let want = f.live < max && f.backoff.over(now);
        if want != accepting {
            let r = if want {
                f.ep.add(listener.fd(), epoll::IN, LISTENER)
            } else {
                f.ep.delete(listener.fd())
            };
            r.map_err(|e| Error::os("epoll_ctl", &e))?;
            accepting = want;
            if want {
                f.backoff.until = None;
            }
        }
        let timeout = if !f.again.is_empty() {
            0
        } else {
            let until = [f.backoff.until, next_scan].into_iter().flatten().min();
            poll_ms(until.map(|t| t.saturating_duration_since(now)))
        };
        let n = match f.ep.wait(&mut events, timeout, last_event + spin) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::os("epoll_wait", &e)),
        };
        if n > 0 {
            last_event = Instant::now();
        }
        for ev in &events[..n] {
            match ev.u64 {
                epoll::SIGNAL => signal::check()?,
                LISTENER => f.accept_all(listener, sink)?,
                token => f.ready(token, ev.events, sink),
            }
        }
        for slot in std::mem::take(&mut f.again) {
            if let Some(c) = f.conns[slot].as_mut() {
                c.queued = false;
                f.run(slot, sink);
            }
        }
        if let (Some(every), Some(at)) = (scan_every, next_scan)
            && Instant::now() >= at
        {
            f.expire(sink);
            next_scan = Some(Instant::now() + every);
        }
    }
}

impl Forwarder<'_> {
    fn accept_all(&mut self, listener: &Sock, sink: &mut dyn Sink) -> Result<()> {
        let max = self.plan.max_conns.unwrap_or(u64::MAX);
        while self.live < max {
            let (sock, peer) = match listener.accept_nonblocking() {
                Ok(x) => x,
                Err(e) => match self.backoff.failed(&e, sink)? {
                    Next::Stop => break,
                    Next::Skip => continue,
                },
            };
            self.backoff.accepted();
            if let Some(reason) = self.plan.acl.refuses(&peer) {
                sink.event(Event::Rejected { peer, reason });
                continue;
            }
            self.open(sock, peer, sink);
        }
        Ok(())
    }

    fn open(&mut self, sock: Sock, peer: Addr, sink: &mut dyn Sink) {
        self.next_id += 1;
        let id = self.next_id;
        let local = match &self.local {
            Some(a) => a.clone(),
            None => sock.local_addr().unwrap_or_else(|_| peer.clone()),
        };
        sink.event(Event::ForwardAccepted {
            conn: id,
            peer: peer.clone(),
            local,
        });
        let slot = self.free.pop().unwrap_or_else(|| {
            self.conns.push(None);
            self.conns.len() - 1
        });
        let setup = self.ep.add(
            sock.fd(),
            epoll::IN | epoll::OUT | epoll::RDHUP | libc::EPOLLET as u32,
            token(slot, id, 0),
        );
        let now = Instant::now();
        let conn = Conn {
            id,
            client: End::new(sock),
            server: None,
            connecting: false,
            next: 0,
            last_err: setup.err(),
            up: Flow::default(),
            down: Flow::default(),
            peer,
            opened: now,
            last_io: now,
            queued: false,
        };
        self.conns[slot] = Some(conn);
        self.live += 1;
        if self.conns[slot]
            .as_ref()
            .is_some_and(|c| c.last_err.is_some())
        {
            return self.fail(slot, sink);
        }
        self.dial(slot, sink);
    }

    /// -w: connections idle that long are closed; a pending connect that
    /// long has failed (ETIMEDOUT).
    fn expire(&mut self, sink: &mut dyn Sink) {
        let Some(idle) = self.plan.idle else { return };
        let now = Instant::now();
        for slot in 0..self.conns.len() {
            let Some(c) = self.conns[slot].as_mut() else {
                continue;
            };
            if now.duration_since(c.last_io) < idle {
                continue;
            }
            if c.connecting || c.server.is_none() {
                c.last_err = Some(io::Error::from_raw_os_error(libc::ETIMEDOUT));
                c.next = self.plan.to.len();
                self.fail(slot, sink);
            } else {
                self.end(slot, ForwardEnd::Idle, None, sink);
            }
        }
    }
}

/// The epoll token of one end: slot, the connection's id (so a stale
/// event of a reused slot is recognised), and the side (0 client, 1 server).
fn token(slot: usize, id: u64, side: u64) -> u64 {
    ((slot as u64) << 33) | (u64::from(id as u32) << 1) | side
}
