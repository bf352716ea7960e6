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

use std::io;
use std::time::{Duration, Instant};

use super::acl::Acl;
use super::addr::Addr;
use super::signal;
use super::sock::Sock;
use super::sockopt::{self, Value};
use crate::error::{Error, Result};
use crate::event::{Direction, Event, ForwardEnd, Sink};
use crate::sys::epoll::{self, Epoll};
use crate::sys::fd::{self, Pipe, poll_ms};

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
}

const LISTENER: u64 = u64::MAX;
/// Chunks one direction moves per turn before yielding to other connections.
const ROUNDS: usize = 16;
/// How long accepting pauses after EMFILE/ENFILE.
const BACKOFF: Duration = Duration::from_millis(100);
/// Empty pipes kept for reuse.
const POOL: usize = 256;
/// A direction that fills its pipe in one splice is a bulk transfer: its
/// pipe grows to this, so each splice moves more (fewer calls per byte).
const BULK_PIPE: usize = 1 << 20;

struct End {
    sock: Sock,
    readable: bool,
    writable: bool,
}

impl End {
    fn new(sock: Sock) -> End {
        End {
            sock,
            readable: false,
            writable: false,
        }
    }
}

/// One direction's bytes in flight: in a pipe (splice) or a buffer (copy).
#[derive(Default)]
struct Flow {
    pipe: Option<Pipe>,
    buf: Vec<u8>,
    start: usize,
    pending: usize,
    bytes: u64,
    /// The source's FIN was read.
    eof: bool,
    /// shutdown(SHUT_WR) was passed on to the destination.
    shut: bool,
    /// The pipe's growth to BULK_PIPE was tried (once: it may be refused).
    grew: bool,
}

/// Which end failed: its partner is reset.
enum Fault {
    Src,
    Dst,
}

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
    backoff_until: Option<Instant>,
    backoff_reported: bool,
    /// Empty pipes of cleanly closed connections, for the next ones: a
    /// short connection then costs no pipe2/close of its own.
    pipes: Vec<Pipe>,
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
        backoff_until: None,
        backoff_reported: false,
        pipes: Vec::new(),
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
        let now = Instant::now();
        let want = f.live < max && f.backoff_until.is_none_or(|t| now >= t);
        if want != accepting {
            let r = if want {
                f.ep.add(listener.fd(), epoll::IN, LISTENER)
            } else {
                f.ep.delete(listener.fd())
            };
            r.map_err(|e| Error::os("epoll_ctl", &e))?;
            accepting = want;
            if want {
                f.backoff_until = None;
            }
        }
        let timeout = if !f.again.is_empty() {
            0
        } else {
            let until = [f.backoff_until, next_scan].into_iter().flatten().min();
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
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e)
                    if matches!(
                        e.raw_os_error(),
                        Some(libc::EMFILE | libc::ENFILE | libc::ENOBUFS | libc::ENOMEM)
                    ) =>
                {
                    // Out of descriptors: serve what is open, retry soon.
                    self.backoff_until = Some(Instant::now() + BACKOFF);
                    if !self.backoff_reported {
                        self.backoff_reported = true;
                        sink.event(Event::Warning {
                            message: format!(
                                "{}; pausing accept for {} ms at a time until one is free",
                                Error::os("accept", &e),
                                BACKOFF.as_millis()
                            ),
                        });
                    }
                    break;
                }
                // The client gave up before accept, and the like.
                Err(e)
                    if matches!(
                        e.raw_os_error(),
                        Some(libc::ECONNABORTED | libc::EPROTO | libc::EPERM)
                    ) =>
                {
                    continue;
                }
                Err(e) => return Err(Error::os("accept", &e)),
            };
            self.backoff_reported = false;
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
        let local = sock.local_addr().unwrap_or_else(|_| peer.clone());
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

    /// Starts the next onward connect; a connect that completes at once
    /// (AF_UNIX, often loopback) goes straight to the data phase.
    fn dial(&mut self, slot: usize, sink: &mut dyn Sink) {
        let Some(c) = self.conns[slot].as_mut() else {
            return;
        };
        // The attempt that just failed, when another address is left to try.
        if c.next > 0
            && c.next < self.plan.to.len()
            && let Some(e) = &c.last_err
        {
            let n = e.raw_os_error().unwrap_or(libc::EIO);
            sink.event(Event::ConnectFailed {
                peer: self.plan.to[c.next - 1].clone(),
                errno: super::errno::name_or_number(n),
                error: super::errno::message(n),
            });
        }
        while c.next < self.plan.to.len() {
            let to = &self.plan.to[c.next];
            c.next += 1;
            let sock = match Sock::new_nonblocking(to.family(), libc::SOCK_STREAM) {
                Ok(s) => s,
                Err(e) => {
                    c.last_err = Some(e);
                    continue;
                }
            };
            let token = token(slot, c.id, 1);
            let r = self.ep.add(
                sock.fd(),
                epoll::IN | epoll::OUT | epoll::RDHUP | libc::EPOLLET as u32,
                token,
            );
            if let Err(e) = r {
                c.last_err = Some(e);
                continue;
            }
            match sock.connect(to) {
                Ok(()) => {
                    c.server = Some(End::new(sock));
                    return self.established(slot, sink);
                }
                Err(e) if e.raw_os_error() == Some(libc::EINPROGRESS) => {
                    c.server = Some(End::new(sock));
                    c.connecting = true;
                    return;
                }
                Err(e) => {
                    if c.next < self.plan.to.len() {
                        let n = e.raw_os_error().unwrap_or(libc::EIO);
                        sink.event(Event::ConnectFailed {
                            peer: to.clone(),
                            errno: super::errno::name_or_number(n),
                            error: super::errno::message(n),
                        });
                    }
                    c.last_err = Some(e);
                }
            }
        }
        self.fail(slot, sink);
    }

    /// Every onward address failed: report, close the client.
    fn fail(&mut self, slot: usize, sink: &mut dyn Sink) {
        let Some(c) = self.take(slot) else { return };
        let e = c
            .last_err
            .unwrap_or_else(|| io::Error::from_raw_os_error(libc::ECONNREFUSED));
        let n = e.raw_os_error().unwrap_or(libc::EIO);
        sink.event(Event::ForwardFailed {
            conn: c.id,
            to: self.plan.to_name.clone(),
            errno: super::errno::name_or_number(n),
            error: super::errno::message(n),
        });
    }

    fn flow(&mut self) -> io::Result<Flow> {
        Ok(if self.plan.copy_only {
            Flow {
                buf: vec![0; self.plan.bufsize],
                ..Flow::default()
            }
        } else {
            let pipe = match self.pipes.pop() {
                Some(p) => p,
                None => Pipe::new(0)?,
            };
            Flow {
                pipe: Some(pipe),
                ..Flow::default()
            }
        })
    }

    fn established(&mut self, slot: usize, sink: &mut dyn Sink) {
        let plan = self.plan;
        let flows = (self.flow(), self.flow());
        let Some(c) = self.conns[slot].as_mut() else {
            return;
        };
        c.connecting = false;
        let Some(s) = c.server.as_mut() else { return };
        // Registered edge-triggered before connect: assume ready, let EAGAIN say otherwise.
        s.readable = true;
        s.writable = true;
        // The address connected to is known: no getpeername per connection.
        let peer = plan.to[c.next - 1].clone();
        let local = s.sock.local_addr().unwrap_or_else(|_| peer.clone());
        sink.event(Event::ForwardConnected {
            conn: c.id,
            peer,
            local,
        });
        match flows {
            (Ok(up), Ok(down)) => {
                c.up = up;
                c.down = down;
            }
            (Err(e), _) | (_, Err(e)) => {
                sink.event(Event::Warning {
                    message: format!("#{}: {}", c.id, Error::os("pipe", &e)),
                });
                self.end(slot, ForwardEnd::Reset, None, sink);
                return;
            }
        }
        self.run(slot, sink);
    }

    /// An epoll event for one end of a connection.
    fn ready(&mut self, token: u64, events: u32, sink: &mut dyn Sink) {
        let slot = (token >> 33) as usize;
        let Some(c) = self.conns.get_mut(slot).and_then(|c| c.as_mut()) else {
            return;
        };
        // An event of a connection that ended earlier in this batch, whose slot was reused.
        if (token >> 1) as u32 != c.id as u32 {
            return;
        }
        let end = if token & 1 == 0 {
            Some(&mut c.client)
        } else {
            c.server.as_mut()
        };
        let Some(end) = end else { return };
        if events & (epoll::IN | epoll::RDHUP | epoll::HUP | epoll::ERR) != 0 {
            end.readable = true;
        }
        if events & (epoll::OUT | epoll::HUP | epoll::ERR) != 0 {
            end.writable = true;
        }
        if c.connecting {
            if token & 1 == 0 {
                return; // the client's bytes wait for the onward connection
            }
            let Some(s) = c.server.as_ref() else { return };
            match s.sock.take_error() {
                Ok(None) if events & epoll::OUT != 0 => self.established(slot, sink),
                Ok(None) => {}
                Ok(Some(e)) | Err(e) => {
                    c.last_err = Some(e);
                    c.server = None;
                    c.connecting = false;
                    self.dial(slot, sink);
                }
            }
            return;
        }
        self.run(slot, sink);
    }

    /// Moves what can move on connection `slot`, then ends it if done.
    fn run(&mut self, slot: usize, sink: &mut dyn Sink) {
        let plan = self.plan;
        let Some(c) = self.conns[slot].as_mut() else {
            return;
        };
        let Some(s) = c.server.as_mut() else { return };
        let hex = plan.hex.then_some(c.id);
        let up = flow(&mut c.up, &mut c.client, s, hex, Direction::Out, sink);
        let down = match up {
            Ok(_) => flow(&mut c.down, s, &mut c.client, hex, Direction::In, sink),
            Err(_) => Ok(false),
        };
        if c.up.bytes + c.down.bytes != 0 {
            c.last_io = Instant::now();
        }
        match (up, down) {
            // A failed end's partner is reset: the reset is passed on.
            (Err(Fault::Src), _) | (_, Err(Fault::Dst)) => {
                self.end(slot, ForwardEnd::Reset, Some(false), sink)
            }
            (Err(Fault::Dst), _) | (_, Err(Fault::Src)) => {
                self.end(slot, ForwardEnd::Reset, Some(true), sink)
            }
            (Ok(a), Ok(b)) => {
                if c.up.shut && c.down.shut {
                    self.end(slot, ForwardEnd::Closed, None, sink);
                } else if (a || b) && !c.queued {
                    c.queued = true;
                    self.again.push(slot);
                }
            }
        }
    }

    fn take(&mut self, slot: usize) -> Option<Conn> {
        let c = self.conns.get_mut(slot)?.take()?;
        self.free.push(slot);
        self.live -= 1;
        Some(c)
    }

    /// Ends a connection; `reset`: Some(true) resets the client, Some(false)
    /// the server (SO_LINGER 0: close sends RST), None closes both.
    fn end(&mut self, slot: usize, how: ForwardEnd, reset: Option<bool>, sink: &mut dyn Sink) {
        let Some(c) = self.take(slot) else { return };
        let victim = match reset {
            Some(true) => Some(&c.client.sock),
            Some(false) => c.server.as_ref().map(|s| &s.sock),
            None => None,
        };
        if let Some(v) = victim {
            let _ = v.set(
                &sockopt::SO_LINGER,
                &Value::Linger {
                    onoff: 1,
                    linger: 0,
                },
            );
        }
        sink.event(Event::ForwardClosed {
            conn: c.id,
            peer: c.peer.clone(),
            bytes_up: c.up.bytes,
            bytes_down: c.down.bytes,
            duration_ms: c.opened.elapsed().as_millis() as u64,
            how,
        });
        if how == ForwardEnd::Closed {
            // Both directions ended with their pipes drained: reusable.
            for p in [c.up.pipe, c.down.pipe].into_iter().flatten() {
                if self.pipes.len() < POOL {
                    self.pipes.push(p);
                }
            }
        }
        // Dropping closes both sockets (and with them their epoll entries).
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

/// Moves one direction as far as it can go now: Ok(true) when it stopped
/// after `ROUNDS` chunks with more to do.
fn flow(
    f: &mut Flow,
    src: &mut End,
    dst: &mut End,
    hex: Option<u64>,
    dir: Direction,
    sink: &mut dyn Sink,
) -> std::result::Result<bool, Fault> {
    for _ in 0..ROUNDS {
        if f.pending > 0 {
            if !dst.writable {
                return Ok(false);
            }
            let r = match &f.pipe {
                Some(p) => fd::splice(
                    std::os::fd::AsRawFd::as_raw_fd(&p.r),
                    dst.sock.fd(),
                    f.pending,
                    true,
                ),
                None => dst.sock.send(&f.buf[f.start..f.start + f.pending], 0),
            };
            match r {
                Ok(n) => {
                    if let Some(conn) = hex {
                        sink.event(Event::ForwardData {
                            conn,
                            direction: dir,
                            offset: f.bytes,
                            bytes: n,
                            data: f.buf[f.start..f.start + n].to_vec(),
                        });
                    }
                    f.start += n;
                    f.pending -= n;
                    f.bytes += n as u64;
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    dst.writable = false;
                    return Ok(false);
                }
                Err(_) => return Err(Fault::Dst),
            }
            continue;
        }
        if f.eof {
            if !f.shut {
                f.shut = true;
                if dst.sock.shutdown(std::net::Shutdown::Write).is_err() {
                    return Err(Fault::Dst);
                }
            }
            return Ok(false);
        }
        if !src.readable {
            return Ok(false);
        }
        let r = match &f.pipe {
            Some(p) => fd::splice(
                src.sock.fd(),
                std::os::fd::AsRawFd::as_raw_fd(&p.w),
                p.size.max(4096),
                true,
            ),
            None => src.sock.recv(&mut f.buf, 0),
        };
        match r {
            Ok(0) => f.eof = true,
            Ok(n) => {
                f.start = 0;
                f.pending = n;
                if let Some(p) = f.pipe.as_mut()
                    && n >= p.size
                    && !f.grew
                {
                    f.grew = true;
                    p.size = fd::grow_pipe(std::os::fd::AsRawFd::as_raw_fd(&p.w), BULK_PIPE);
                }
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                src.readable = false;
                return Ok(false);
            }
            Err(_) => return Err(Fault::Src),
        }
    }
    Ok(true)
}
