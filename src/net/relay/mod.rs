//! The relay: stdin → stream and stream → stdout at the same time, in one
//! poll loop, each direction a `Pump` (see `pump`) that moves bytes the
//! fastest safe way. The hot path of listen and connect (and, over the same
//! `Stream` seam, of TLS).
//!
//! The ending rules (the man page's "ENDING" section, each pinned by the
//! table test in tests/it/tcp/table.rs):
//! - Two directions, each ends on its own. stdin → stream ends at stdin's
//!   EOF, then shutdown(SHUT_WR). stream → stdout ends at the peer's FIN,
//!   then stdout is closed (pointed at /dev/null), so a pipeline downstream
//!   sees EOF at once. The relay ends when both have ended: the peer's FIN
//!   never cuts stdin short, stdin's EOF never cuts the peer short.
//! - A terminal on stdin ends with the peer (as with nc): the session is over
//!   when the peer closes.
//! - A direction that cannot finish is an error, never a silent end: a reset
//!   or EPIPE while stdin still has bytes to send says how much was sent and
//!   that the rest was not (exit 1), on every path (copy, splice, sendfile).
//! - stdout closed by its reader ends only stream → stdout: what arrives is
//!   read and dropped, the upload goes on, and the exit is quiet.
//! - SIGINT/SIGTERM are looked at on every turn of the loop, so a continuous
//!   flow cannot hide them; what was received is written out (briefly) first.
//! - An O_NONBLOCK stdin is waited on (EAGAIN → poll), never spun on.
//!
//! Nothing on the loop allocates or formats unless -x, --trace or
//! --progress asked for it. The relay never prints: events go to the `Sink`.

mod ending;
pub mod frame;
mod heartbeat;
mod keep;
mod lines;
mod pump;
pub mod shape;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_carry;
#[cfg(test)]
mod tests_shape;

use std::io;
use std::os::fd::RawFd;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::event::{Direction, Event, Meter, Sink, Tap, show_duration};
use crate::net::stdio::{self, Kind};
use crate::net::stream::Stream;
use crate::sys::{fd, signal};
use ending::{cut, half_close, linger};
pub use keep::{Aside, Carry, Session};
use pump::{Pump, Side, Step, Wait};
pub use shape::Shape;

/// While one direction moves data, the other waiting direction is checked
/// (a zero-timeout poll) at most this often: often enough that a reply is
/// never held up noticeably, rarely enough to cost nothing per chunk.
const PEEK_EVERY: Duration = Duration::from_millis(1);
/// While bytes flow, an `Aside` is looked at this often at least.
const ASIDE_EVERY: Duration = Duration::from_millis(10);
/// listen's grace for an idle stdin (see `Plan::idle_stdin_grace`): long
/// enough for any producer that is merely late, short enough to be unseen
/// next to a session.
pub const IDLE_STDIN_GRACE: Duration = Duration::from_millis(250);
/// The read size under -x (unless --bufsize says otherwise).
const HEX_CHUNK: usize = 16 * 1024;
/// Default recv size for the copy path.
pub const DEFAULT_BUFSIZE: usize = 128 * 1024;

/// Every decision about one relay, made once from the arguments.
#[derive(Debug, Clone)]
pub struct Plan {
    /// recv()/read() size on the copy path (--bufsize).
    pub bufsize: Option<usize>,
    /// Move every byte through user space: -x, --trace or --bufsize asked
    /// to see the bytes or the calls.
    pub copy_only: bool,
    /// -x: a `Data` event per chunk.
    pub hex: bool,
    /// Idle timeout (-w): no byte either way for this long ends with exit 4.
    pub idle: Option<Duration>,
    /// Close stdout at the peer's FIN. Not under listen -k, where the next
    /// connection writes to the same stdout.
    pub close_stdout_at_fin: bool,
    /// listen: after the peer's FIN, a stdin that has given this connection
    /// nothing since it began, for at least this long, is a terminal that
    /// never types (an idle pipe): the connection ends with the peer, as
    /// nc -l ends. A stdin that gives a byte is a data source, sent to its
    /// end. The time keeps a producer that is a moment late from being cut.
    pub idle_stdin_grace: Option<Duration>,
    /// The peer as messages name it ("127.0.0.1 port 8080").
    pub peer: String,
    /// -C, -i, --frame, --send-only, --recv-only, --heartbeat (see
    /// `shape`); the default changes nothing.
    pub shape: Shape,
}

/// What a finished relay did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Outcome {
    pub bytes_in: u64,
    pub bytes_out: u64,
}

/// Relays between stdin/stdout and `stream` until both directions are done.
pub fn relay<S: Stream>(
    stream: &mut S,
    plan: &Plan,
    session: &mut Session,
    sink: &mut dyn Sink,
    meter: Option<&mut dyn Meter>,
) -> Result<Outcome> {
    relay_with(stream, plan, session, sink, meter, None)
}

/// `relay`, with `aside` watched (and handled) meanwhile.
pub fn relay_with<S: Stream>(
    stream: &mut S,
    plan: &Plan,
    session: &mut Session,
    sink: &mut dyn Sink,
    meter: Option<&mut dyn Meter>,
    aside: Option<&mut dyn Aside>,
) -> Result<Outcome> {
    fd::set_nonblocking(stream.fd(), true).map_err(|e| Error::os("fcntl(O_NONBLOCK)", &e))?;
    let zero_copy = stream.zero_copy();
    // -x dumps every chunk: small chunks keep each turn of the loop short,
    // so a signal is seen promptly even while megabytes are being dumped.
    let bufsize = plan.bufsize.or(plan.hex.then_some(HEX_CHUNK));
    let mut down = Pump::down(plan.copy_only, bufsize, zero_copy, session.stdout_gone)
        .map_err(|e| Error::os("pipe", &e))?;
    let mut carry = std::mem::take(&mut session.carry);
    let raw = std::mem::take(&mut carry.raw);
    let mut up = Pump::up(plan.copy_only, bufsize, zero_copy, raw);
    shape::install(&plan.shape, &mut up, &mut down, carry, session.stdin_eof);
    let r = run(
        stream, plan, session, sink, meter, aside, &mut up, &mut down,
    );
    // However the connection ended, what stdin gave it and it did not send
    // goes to the next one (listen -k); what arrived goes to stdout first.
    if r.is_err() {
        down.flush_on_exit();
    }
    let (carry, eof) = up.leftover();
    session.stdin_eof |= eof;
    session.carry = carry;
    r
}

/// The relay's loop, on pumps already set up.
#[allow(clippy::too_many_arguments)]
fn run<S: Stream>(
    stream: &mut S,
    plan: &Plan,
    session: &mut Session,
    sink: &mut dyn Sink,
    mut meter: Option<&mut dyn Meter>,
    mut aside: Option<&mut dyn Aside>,
    up: &mut Pump,
    down: &mut Pump,
) -> Result<Outcome> {
    let stdin_kind = stdio::kind(libc::STDIN_FILENO);
    let mut tap = plan.hex.then(Tap::default);
    let tty_stdin = stdin_kind == Kind::Tty;
    let started = Instant::now();
    let mut last_io = started;
    let mut last_peek = last_io;
    let mut beat = (plan.shape.heartbeat.as_ref()).map(|h| heartbeat::Beat::new(h, started));

    if up.active
        && !up.holds()
        && (session.stdin_eof || matches!(stdin_kind, Kind::DevNull | Kind::Closed))
    {
        up.active = false;
        session.stdin_eof = true;
        half_close(stream, sink)?;
    }

    loop {
        if let Some(sig) = signal::pending() {
            down.flush_on_exit();
            return Err(Error::interrupted(sig));
        }
        let mut moved = false;
        if up.active && up.wait.is_none() {
            match up.step(stream, sink, &mut tap) {
                Ok(Step::Moved) => moved = true,
                Ok(Step::Blocked) => {}
                Ok(Step::Eof) => {
                    up.active = false;
                    session.stdin_eof = true;
                    half_close(stream, sink)?;
                }
                Err((Side::Src, e)) if e.kind() == io::ErrorKind::InvalidData => {
                    return Err(Error::usage(e.to_string()));
                }
                Err((Side::Src, e)) => return Err(Error::os("read stdin", &e)),
                Err((Side::Dst, e)) => {
                    let what = format!("send to {}", plan.peer);
                    return Err(cut(&what, &e, up.bytes, down.bytes, true));
                }
            }
        }
        if down.active && down.wait.is_none() {
            match down.step(stream, sink, &mut tap) {
                Ok(Step::Moved) => moved = true,
                Ok(Step::Blocked) => {}
                Ok(Step::Eof) => {
                    down.active = false;
                    sink.event(Event::Eof {
                        direction: Direction::In,
                    });
                    if plan.close_stdout_at_fin && !session.stdout_gone {
                        stdio::close_stdout().map_err(|e| Error::os("close stdout", &e))?;
                    }
                    if up.active && tty_stdin {
                        // A terminal's session ends with the peer, as with nc.
                        up.active = false;
                    }
                }
                Err((Side::Src, e)) if e.kind() == io::ErrorKind::InvalidData => {
                    return Err(Error::failed(format!("{e} (from {})", plan.peer)));
                }
                Err((Side::Src, e)) => {
                    let what = format!("recv from {}", plan.peer);
                    return Err(cut(&what, &e, up.bytes, down.bytes, up.active));
                }
                Err((Side::Dst, e)) if e.raw_os_error() == Some(libc::EPIPE) => {
                    // stdout's reader is gone: only this direction ends; what
                    // arrives is dropped so the peer is not held up.
                    session.stdout_gone = true;
                    down.discard();
                    moved = true;
                }
                Err((Side::Dst, e)) => return Err(Error::stdout(&e)),
            }
        }
        if moved {
            last_io = Instant::now();
        }
        let beat_at = match beat.as_mut() {
            Some(b) => b.tick(stream, up, down, sink, &plan.peer)?,
            None => None,
        };
        // The peer is done and stdin has been silent since the connection
        // began: an idle pipe, ended like a terminal once the grace is over.
        let mut idle_stdin_at = None;
        if !down.active
            && up.active
            && up.bytes == 0
            && !up.holds()
            && let Some(grace) = plan.idle_stdin_grace
        {
            if started.elapsed() >= grace {
                up.active = false;
            } else {
                idle_stdin_at = Some(started + grace);
            }
        }
        if !up.active && !down.active {
            break;
        }
        if let Some(m) = meter.as_deref_mut() {
            let now = if moved { last_io } else { Instant::now() };
            m.tick(now, down.bytes, up.bytes, None);
        }
        let waiting = (up.active && up.wait.is_some()) || (down.active && down.wait.is_some());
        // While bytes flow without a pause, the aside is looked at now and
        // then (a zero-timeout poll), never starved by a busy transfer.
        let aside_due = aside.is_some() && last_io.duration_since(last_peek) >= ASIDE_EVERY;
        if moved && !aside_due && (!waiting || last_io.duration_since(last_peek) < PEEK_EVERY) {
            continue;
        }
        last_peek = last_io;
        let timeout = if moved {
            Some(Duration::ZERO)
        } else {
            let now = Instant::now();
            let paced = up.active && up.paced();
            let idle_left = (plan.idle)
                .filter(|_| !paced)
                .map(|d| (last_io + d).saturating_duration_since(now));
            let tick = meter.as_deref().and_then(|m| m.next_in(now));
            let grace = idle_stdin_at.map(|t| t.saturating_duration_since(now));
            let due = [up.active.then(|| up.due()).flatten(), beat_at]
                .into_iter()
                .flatten()
                .min()
                .map(|t| t.saturating_duration_since(now));
            [idle_left, tick, grace, due].into_iter().flatten().min()
        };
        let waits = [
            up.active.then_some(up.wait).flatten(),
            down.active.then_some(down.wait).flatten(),
        ];
        let aside_fd = aside.as_ref().map(|a| a.fd());
        let (ready, aside_ready) =
            wait_for(waits, aside_fd, fd::poll_ms(timeout)).map_err(|e| Error::os("poll", &e))?;
        if aside_ready && let Some(a) = aside.as_deref_mut() {
            a.ready(sink);
        }
        for (pump, ready) in [(&mut *up, ready[0]), (&mut *down, ready[1])] {
            if ready {
                // Readable: the next read will not block (nor trace EAGAIN).
                if pump.wait.is_some_and(|w| w.events == libc::POLLIN) {
                    pump.src_ready = true;
                }
                pump.wait = None;
            }
        }
        if !ready[0]
            && !ready[1]
            && !moved
            && let Some(idle) = plan.idle
            && last_io.elapsed() >= idle
            && !(up.active && up.paced())
        {
            return Err(Error::timeout(format!(
                "timed out: no data from or to {} for {} (idle timeout, -w)",
                plan.peer,
                show_duration(idle)
            )));
        }
    }
    if up.bytes > 0 {
        linger(stream, plan, up.bytes, down.bytes)?;
    }
    if let Some(m) = meter {
        m.finish(down.bytes, up.bytes, None);
    }
    Ok(Outcome {
        bytes_in: down.bytes,
        bytes_out: up.bytes,
    })
}

/// Polls the pumps' waits, the aside and the signal self-pipe; which waits
/// are ready, and whether the aside is. A signal shows as nothing ready:
/// the loop's next turn sees it.
fn wait_for(
    waits: [Option<Wait>; 2],
    aside: Option<RawFd>,
    timeout_ms: i32,
) -> io::Result<([bool; 2], bool)> {
    let mut fds = [fd::pollfd(-1, 0); 4];
    let mut n = 0;
    let mut slot = [None; 2];
    for (i, w) in waits.iter().enumerate() {
        if let Some(w) = w {
            fds[n] = fd::pollfd(w.fd, w.events);
            slot[i] = Some(n);
            n += 1;
        }
    }
    let aside_slot = aside.map(|a| {
        fds[n] = fd::pollfd(a, libc::POLLIN);
        n += 1;
        n - 1
    });
    let sig = signal::fd();
    if sig >= 0 {
        fds[n] = fd::pollfd(sig, libc::POLLIN);
        n += 1;
    }
    match fd::poll(&mut fds[..n], timeout_ms) {
        Ok(_) => {}
        Err(e) if pump::interrupted(&e) => return Ok(([false; 2], false)),
        Err(e) => return Err(e),
    }
    let aside_ready = aside_slot.is_some_and(|i| fds[i].revents != 0);
    Ok((
        slot.map(|s| s.is_some_and(|i| fds[i].revents != 0)),
        aside_ready,
    ))
}
