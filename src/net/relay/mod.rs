//! The TCP relay: stdin → socket and socket → stdout at the same time, in one
//! poll loop, with half-close. This is the hot path of listen and connect.
//!
//! Each direction is a `Pump` (see `pump`) that moves bytes the fastest safe
//! way for the descriptors it joins. A pump that would block says which side
//! it waits for, and only those descriptors go into poll, so an idle
//! direction costs nothing and nothing spins. Nothing on the loop allocates or
//! formats unless -x, --trace or --progress asked for it.
//!
//! Ending: stdin EOF → shutdown(SHUT_WR), keep reading until the peer closes.
//! The peer's FIN → for listen (and a terminal on stdin) what stdin already
//! has ready is still sent (a file is sent to its end), then the relay ends —
//! as nc -l and ncat do, so a listener whose stdin is a terminal or an idle
//! pipe nobody writes to does not wait forever; for connect a pipe or file
//! on stdin is sent to its end, as nc's client does (the peer may only have
//! half-closed). A peer gone entirely (EPIPE/ECONNRESET) after its FIN ends
//! the sending side quietly.

mod pump;

use std::io;
use std::os::fd::RawFd;
use std::time::{Duration, Instant};

use super::addr::Addr;
use super::signal;
use super::sock::Sock;
use super::stdio::{self, Kind};
use crate::cli::parse::show_duration;
use crate::error::{Error, Result};
use crate::ui::{self, Event, event::Direction, hexdump::HexDump, progress::Progress};
use pump::{Side, Step, Way, down_pump, flush_on_exit, interrupted, up_pump};

/// While one direction moves data, the other waiting direction is checked
/// (a zero-timeout poll) at most this often: often enough that a reply is
/// never held up noticeably, rarely enough to cost nothing per chunk.
const PEEK_EVERY: Duration = Duration::from_millis(1);
/// Default recv size for the copy path.
pub const DEFAULT_BUFSIZE: usize = 128 * 1024;

#[derive(Debug, Clone)]
pub struct Opts {
    /// recv()/read() size on the copy path (--bufsize); also forces the copy
    /// path when given, so `--bufsize 1024 --trace` shows recv(4, 1024).
    pub bufsize: Option<usize>,
    pub hex: bool,
    pub progress: bool,
    /// Idle timeout (-w): no byte either way for this long ends with exit 4.
    pub idle: Option<Duration>,
    /// listen (like nc -l): after the peer's FIN, stdin with nothing ready
    /// ends the relay, so a terminal or an idle pipe nobody writes to does
    /// not hold a finished connection open (and -k serves the next one).
    /// connect (like nc's client): stdin is sent to its end, since the peer
    /// may only have half-closed; from a terminal it ends with the peer too.
    pub end_with_peer: bool,
}

/// What a finished relay did.
#[derive(Debug, Clone, Copy, Default)]
pub struct Outcome {
    pub bytes_in: u64,
    pub bytes_out: u64,
    /// stdin reached EOF (a later connection under -k gets SHUT_WR at once).
    pub stdin_eof: bool,
}

/// Relays between stdin/stdout and a connected socket until both directions
/// are done. `stdin_eof`: stdin already ended (an earlier -k connection).
pub fn relay(sock: &Sock, peer: &Addr, stdin_eof: bool, opts: &Opts) -> Result<Outcome> {
    let fd = sock.fd();
    sock.set_nonblocking(true)
        .map_err(|e| Error::os("fcntl(O_NONBLOCK)", &e))?;
    // The copy path when the bytes or the calls must be seen, or a size was asked for.
    let slow = opts.hex || ui::tracing() || opts.bufsize.is_some();
    let mut up = up_pump(fd, opts, slow);
    let mut down = down_pump(fd, opts, slow).map_err(|e| Error::os("pipe", &e))?;
    let mut hex = opts.hex.then(HexDump::default);
    let mut progress = opts.progress.then(|| Progress::new(None));
    let mut last_io = Instant::now();
    let mut last_peek = last_io;
    let mut draining = false;
    // After the peer's FIN: stop when stdin has nothing ready (listen, or a
    // terminal), or send stdin to its end (connect; see Opts::end_with_peer).
    let stop_with_peer = opts.end_with_peer || stdio::kind(libc::STDIN_FILENO) == Kind::Tty;
    let mut stdin_done = stdin_eof
        || matches!(
            stdio::kind(libc::STDIN_FILENO),
            Kind::DevNull | Kind::Closed
        );
    let sig = signal::fd();

    let fail = |way: Way, side: Side, e: &io::Error| -> Error {
        match (way, side) {
            (Way::Up, Side::Src) => Error::os("read stdin", e),
            (Way::Up, Side::Dst) => Error::os(format!("send to {}", peer.describe()), e),
            (Way::Down, Side::Src) => Error::os(format!("recv from {}", peer.describe()), e),
            (Way::Down, Side::Dst) => Error::stdout(e),
        }
    };

    if stdin_done {
        up.active = false;
        half_close(sock)?;
    }

    loop {
        let mut moved = false;
        // Up: stdin → socket.
        if up.active && !up.waiting() {
            match up.step(&mut hex) {
                Ok(Step::Moved) => moved = true,
                Ok(Step::Blocked) => {
                    // After the peer's FIN, stdin with nothing ready ends the
                    // relay (listen, or a terminal).
                    if draining && stop_with_peer && up.wait_src && !stdin_ready()? {
                        up.active = false;
                    }
                }
                Ok(Step::Eof) => {
                    up.active = false;
                    stdin_done = true;
                    // Even after the peer's FIN: the spec's SHUT_WR on stdin
                    // EOF, and the `eof out` event, whoever finished first.
                    half_close(sock)?;
                }
                // The peer closed entirely (not just its side): it reads no more.
                Err((Side::Dst, e))
                    if draining
                        && matches!(e.raw_os_error(), Some(libc::EPIPE | libc::ECONNRESET)) =>
                {
                    up.active = false;
                }
                Err((side, e)) => return Err(fail(Way::Up, side, &e)),
            }
        }
        // Down: socket → stdout.
        if down.active && !down.waiting() {
            match down.step(&mut hex) {
                Ok(Step::Moved) => moved = true,
                Ok(Step::Blocked) => {}
                Ok(Step::Eof) => {
                    down.active = false;
                    ui::event(&Event::Eof {
                        direction: Direction::In,
                    });
                    draining = up.active;
                    if draining && stop_with_peer {
                        // Step stdin once more now: a pump parked in poll
                        // waiting for stdin would otherwise never see the
                        // peer's FIN (the Blocked branch above decides).
                        up.wait_src = false;
                        up.wait_dst = false;
                        moved = true;
                    }
                }
                Err((side, e)) => return Err(fail(Way::Down, side, &e)),
            }
        }
        if moved {
            last_io = Instant::now();
        }
        if !up.active && !down.active {
            break;
        }
        if let Some(p) = progress.as_mut() {
            let now = if moved { last_io } else { Instant::now() };
            p.tick(now, down.bytes, up.bytes, None);
        }
        let need_poll = (up.active && up.waiting()) || (down.active && down.waiting());
        if moved && (!need_poll || last_io.duration_since(last_peek) < PEEK_EVERY) {
            continue;
        }
        last_peek = last_io;
        if signal::pending().is_some() {
            flush_on_exit(&mut down);
            signal::check()?;
        }
        // Poll for what the waiting pumps need; with progress made, only peek.
        let mut fds = [libc::pollfd {
            fd: -1,
            events: 0,
            revents: 0,
        }; 5];
        let mut n = 0;
        let mut add = |fd: RawFd, ev: i16| -> usize {
            fds[n] = libc::pollfd {
                fd,
                events: ev,
                revents: 0,
            };
            n += 1;
            n - 1
        };
        let up_src = (up.active && up.wait_src).then(|| add(up.src, libc::POLLIN));
        let up_dst = (up.active && up.wait_dst).then(|| add(up.dst, libc::POLLOUT));
        let down_src = (down.active && down.wait_src).then(|| add(down.src, libc::POLLIN));
        let down_dst = (down.active && down.wait_dst).then(|| add(down.dst, libc::POLLOUT));
        let sig_i = (sig >= 0).then(|| add(sig, libc::POLLIN));
        let timeout = if moved {
            0
        } else {
            let now = Instant::now();
            let idle_left = opts
                .idle
                .map(|d| (last_io + d).saturating_duration_since(now));
            let tick = progress.as_ref().and_then(|p| p.next_in(now));
            let t = match (idle_left, tick) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            // Round up so a wait never ends a hair before the deadline.
            stdio::poll_ms(t.map(|d| d + Duration::from_micros(999)))
        };
        // SAFETY: fds holds n initialised pollfd entries.
        let rc = unsafe { libc::poll(fds.as_mut_ptr(), n as libc::nfds_t, timeout) };
        if rc < 0 {
            let e = io::Error::last_os_error();
            if !interrupted(&e) {
                return Err(Error::os("poll", &e));
            }
        }
        if sig_i.is_some_and(|i| fds[i].revents != 0) || signal::pending().is_some() {
            flush_on_exit(&mut down);
            signal::check()?;
        }
        if rc <= 0 {
            if rc == 0
                && !moved
                && let Some(idle) = opts.idle
                && last_io.elapsed() >= idle
            {
                return Err(Error::timeout(format!(
                    "no data from or to {} for {} (idle timeout, -w)",
                    peer.describe(),
                    show_duration(idle)
                )));
            }
            continue;
        }
        let ready = |i: Option<usize>| i.is_some_and(|i| fds[i].revents != 0);
        if ready(up_src) {
            up.wait_src = false;
            up.src_ready = true;
        }
        if ready(up_dst) {
            up.wait_dst = false;
        }
        if ready(down_src) {
            down.wait_src = false;
            down.src_ready = true;
        }
        if ready(down_dst) {
            down.wait_dst = false;
        }
    }
    if let Some(p) = progress.as_mut() {
        p.finish(down.bytes, up.bytes, None);
    }
    Ok(Outcome {
        bytes_in: down.bytes,
        bytes_out: up.bytes,
        stdin_eof: stdin_done,
    })
}

/// Whether stdin has bytes (or EOF) ready now.
fn stdin_ready() -> Result<bool> {
    stdio::wait_fd(libc::STDIN_FILENO, libc::POLLIN, 0).map_err(|e| Error::os("poll stdin", &e))
}

/// shutdown(SHUT_WR) after stdin's EOF.
fn half_close(sock: &Sock) -> Result<()> {
    match sock.shutdown(std::net::Shutdown::Write) {
        Ok(()) => {
            ui::event(&Event::Eof {
                direction: Direction::Out,
            });
            Ok(())
        }
        // The peer may already be gone; that shows when reading.
        Err(e) if e.raw_os_error() == Some(libc::ENOTCONN) => Ok(()),
        Err(e) => Err(Error::os("shutdown(SHUT_WR)", &e)),
    }
}
