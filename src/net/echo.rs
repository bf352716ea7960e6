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

use super::addr::Addr;
use super::sock::Sock;
use super::{signal, stdio};
use crate::error::{Error, Result};
use crate::ui::{self, Event, event::Direction, hexdump::HexDump};

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
}

struct Conn {
    sock: Sock,
    peer: Addr,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    bytes_in: u64,
    bytes_out: u64,
    opened: Instant,
    last_io: Instant,
    peer_eof: bool,
    want_out: bool,
    hex: Option<HexDump>,
}

const LISTENER: u64 = u64::MAX;
const SIGNAL: u64 = u64::MAX - 1;
/// How long accepting pauses after EMFILE/ENFILE.
const BACKOFF: Duration = Duration::from_millis(100);

/// Accepting paused after EMFILE/ENFILE: until when, and whether this run
/// of failures was already reported.
#[derive(Default)]
struct Backoff {
    until: Option<Instant>,
    reported: bool,
}

struct Epoll(RawFd);

impl Epoll {
    fn new() -> io::Result<Epoll> {
        // SAFETY: plain syscall.
        let fd = unsafe { libc::epoll_create1(libc::EPOLL_CLOEXEC) };
        if fd < 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(Epoll(signal::high_fd(fd)))
        }
    }
    fn ctl(&self, op: i32, fd: RawFd, events: u32, token: u64) -> io::Result<()> {
        let mut ev = libc::epoll_event { events, u64: token };
        // SAFETY: ev is a valid epoll_event.
        if unsafe { libc::epoll_ctl(self.0, op, fd, &mut ev) } < 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(())
        }
    }
}

impl Epoll {
    /// epoll_wait with adaptive busy-polling: until `spin_until` (shortly
    /// after the last event) it polls without sleeping, so a reply never waits
    /// for a halted CPU to wake up and the peer's send needs no wake-up of
    /// ours; after that it sleeps up to `timeout` ms. An idle server sleeps.
    /// Returns the number of events, or -1 with errno set.
    fn wait(&self, events: &mut [libc::epoll_event], timeout: i32, spin_until: Instant) -> i32 {
        let len = events.len() as i32;
        // SAFETY (each call): events has room for `len` entries.
        let mut n = unsafe { libc::epoll_wait(self.0, events.as_mut_ptr(), len, 0) };
        if n != 0 || timeout == 0 {
            return n;
        }
        while Instant::now() < spin_until && super::signal::pending().is_none() {
            std::hint::spin_loop();
            n = unsafe { libc::epoll_wait(self.0, events.as_mut_ptr(), len, 0) };
            if n != 0 {
                return n;
            }
        }
        unsafe { libc::epoll_wait(self.0, events.as_mut_ptr(), len, timeout) }
    }
}

/// How long the loop keeps polling after an event: 50 µs on a machine with
/// more than one CPU (measured with ../shared/bench/echo-rate: C=1 from 11k
/// to 36k round trips/s, C=50 from 88k to 131k), none on one CPU, where
/// spinning would only keep the peer from running.
fn spin_window() -> Duration {
    match std::thread::available_parallelism() {
        Ok(n) if n.get() > 1 => Duration::from_micros(50),
        _ => Duration::ZERO,
    }
}

impl Drop for Epoll {
    fn drop(&mut self) {
        // SAFETY: the epoll fd is ours.
        unsafe { libc::close(self.0) };
    }
}

/// ASCII letters only, like Python's bytes.upper().
pub fn upper(b: &mut [u8]) {
    b.make_ascii_uppercase();
}

/// Serves `listener` (already listening, non-blocking) until done.
pub fn serve(listener: &Sock, opts: &Opts) -> Result<()> {
    let ep = Epoll::new().map_err(|e| Error::os("epoll_create1", &e))?;
    let lfd = listener.fd();
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::os("fcntl(O_NONBLOCK)", &e))?;
    ep.ctl(libc::EPOLL_CTL_ADD, lfd, libc::EPOLLIN as u32, LISTENER)
        .map_err(|e| Error::os("epoll_ctl", &e))?;
    if signal::fd() >= 0 {
        ep.ctl(
            libc::EPOLL_CTL_ADD,
            signal::fd(),
            libc::EPOLLIN as u32,
            SIGNAL,
        )
        .map_err(|e| Error::os("epoll_ctl", &e))?;
    }
    let mut conns: HashMap<RawFd, Conn> = HashMap::new();
    let mut events = vec![libc::epoll_event { events: 0, u64: 0 }; 256];
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
            && backoff.until.is_none_or(|t| Instant::now() >= t);
        if want_accept != accepting {
            let op = if want_accept {
                libc::EPOLL_CTL_ADD
            } else {
                libc::EPOLL_CTL_DEL
            };
            ep.ctl(op, lfd, libc::EPOLLIN as u32, LISTENER)
                .map_err(|e| Error::os("epoll_ctl", &e))?;
            accepting = want_accept;
            if want_accept {
                backoff.until = None;
            }
        }
        if !opts.keep_open && served > 0 && conns.is_empty() {
            return Ok(());
        }
        let timeout = next_timeout(opts, &conns, last_activity, backoff.until);
        let n = ep.wait(&mut events, timeout, last_event + spin);
        if n > 0 {
            last_event = Instant::now();
        }
        if n < 0 {
            let e = io::Error::last_os_error();
            if e.kind() == io::ErrorKind::Interrupted {
                signal::check()?;
                continue;
            }
            return Err(Error::os("epoll_wait", &e));
        }
        signal::check()?;
        let now = Instant::now();
        if n == 0 {
            expire(opts, &mut conns, last_activity, now)?;
            continue;
        }
        for ev in &events[..n as usize] {
            let token = ev.u64;
            if token == SIGNAL {
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
                    max,
                )?;
                continue;
            }
            let fd = token as RawFd;
            let Some(c) = conns.get_mut(&fd) else {
                continue;
            };
            let done = match service(c, ev.events, opts, &ep, now) {
                Ok(done) => done,
                Err(e) => {
                    let err = Error::os(format!("connection from {}", c.peer.describe()), &e);
                    if !opts.keep_open {
                        return Err(err);
                    }
                    // With -k, one connection's reset does not stop the others.
                    ui::warn(&err.to_string());
                    true
                }
            };
            if done && let Some(c) = conns.remove(&fd) {
                last_activity = now;
                close(c, &ep);
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
    stdio::poll_ms(t.map(|d| d + Duration::from_micros(999)))
}

/// Handles -w: idle connections are closed (with -k) or end the program.
fn expire(
    opts: &Opts,
    conns: &mut HashMap<RawFd, Conn>,
    last: Instant,
    now: Instant,
) -> Result<()> {
    let Some(idle) = opts.idle else { return Ok(()) };
    if conns.is_empty() && now.duration_since(last) >= idle {
        return Err(Error::timeout(format!(
            "timed out: no connection within {} (-w)",
            crate::cli::parse::show_duration(idle)
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
                crate::cli::parse::show_duration(idle)
            );
            if !opts.keep_open {
                return Err(Error::timeout(format!("timed out: {msg}")));
            }
            ui::warn(&format!("{msg}: closed"));
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
    max: u64,
) -> Result<()> {
    while (conns.len() as u64) < max && (opts.keep_open || *served == 0) {
        match listener.accept() {
            Ok((sock, peer)) => {
                *served += 1;
                backoff.reported = false;
                sock.set_nonblocking(true)
                    .map_err(|e| Error::os("fcntl(O_NONBLOCK)", &e))?;
                let local = sock.local_addr().unwrap_or_else(|_| peer.clone());
                ui::event(&Event::Accepted {
                    peer: peer.clone(),
                    local,
                });
                let fd = sock.fd();
                ep.ctl(
                    libc::EPOLL_CTL_ADD,
                    fd,
                    (libc::EPOLLIN | libc::EPOLLRDHUP) as u32,
                    fd as u64,
                )
                .map_err(|e| Error::os("epoll_ctl", &e))?;
                let now = Instant::now();
                conns.insert(
                    fd,
                    Conn {
                        sock,
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
                        hex: opts.hex.then(HexDump::default),
                    },
                );
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
            Err(e)
                if matches!(
                    e.raw_os_error(),
                    Some(libc::EMFILE | libc::ENFILE | libc::ENOBUFS | libc::ENOMEM)
                ) =>
            {
                // Out of descriptors or memory: serve what is open, retry soon.
                backoff.until = Some(Instant::now() + BACKOFF);
                // One warning per episode, not one per retry.
                if !backoff.reported {
                    backoff.reported = true;
                    ui::warn(&format!(
                        "{}; pausing accept for {} ms at a time until one is free",
                        Error::os("accept", &e),
                        BACKOFF.as_millis()
                    ));
                }
                break;
            }
            // The client gave up before accept (ECONNABORTED) and the like.
            Err(e)
                if matches!(
                    e.raw_os_error(),
                    Some(libc::ECONNABORTED | libc::EPROTO | libc::EPERM)
                ) =>
            {
                continue;
            }
            Err(e) => return Err(Error::os("accept", &e)),
        }
    }
    Ok(())
}

/// Serves one ready connection; true when it is finished.
fn service(c: &mut Conn, events: u32, opts: &Opts, ep: &Epoll, now: Instant) -> io::Result<bool> {
    let fd = c.sock.fd();
    // Send what is pending first.
    if c.start < c.end {
        flush(c)?;
    }
    if c.start == c.end
        && !c.peer_eof
        && events & (libc::EPOLLIN | libc::EPOLLRDHUP | libc::EPOLLHUP | libc::EPOLLERR) as u32 != 0
    {
        let n = c.sock.recv(&mut c.buf, libc::MSG_DONTWAIT);
        match n {
            Ok(0) => {
                c.peer_eof = true;
                ui::event(&Event::Eof {
                    direction: Direction::In,
                });
            }
            Ok(n) => {
                c.last_io = now;
                c.bytes_in += n as u64;
                if let Some(h) = c.hex.as_mut() {
                    h.received(&c.buf[..n]);
                }
                if opts.upper {
                    upper(&mut c.buf[..n]);
                }
                c.start = 0;
                c.end = n;
                flush(c)?;
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            Err(e) => return Err(e),
        }
    }
    let pending = c.start < c.end;
    if pending != c.want_out {
        // Wait for writability only while something is pending, and stop
        // reading meanwhile: the peer must take its echo before sending more.
        let ev = if pending {
            libc::EPOLLOUT
        } else {
            libc::EPOLLIN | libc::EPOLLRDHUP
        };
        ep.ctl(libc::EPOLL_CTL_MOD, fd, ev as u32, fd as u64)?;
        c.want_out = pending;
    }
    Ok(c.peer_eof && !pending)
}

fn flush(c: &mut Conn) -> io::Result<()> {
    while c.start < c.end {
        match c.sock.send(&c.buf[c.start..c.end], libc::MSG_DONTWAIT) {
            Ok(n) => {
                if let Some(h) = c.hex.as_mut() {
                    h.sent(&c.buf[c.start..c.start + n]);
                }
                c.start += n;
                c.bytes_out += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
            Err(e) => return Err(e),
        }
    }
    if c.start == c.end {
        c.start = 0;
        c.end = 0;
    }
    Ok(())
}

fn close(c: Conn, ep: &Epoll) {
    let _ = ep.ctl(libc::EPOLL_CTL_DEL, c.sock.fd(), 0, 0);
    ui::event(&Event::Closed {
        peer: c.peer.clone(),
        bytes_in: c.bytes_in,
        bytes_out: c.bytes_out,
        duration_ms: c.opened.elapsed().as_millis() as u64,
    });
    drop(c);
}
