//! The TCP relay: stdin → socket and socket → stdout at the same time, in one
//! poll loop, with half-close. This is the hot path of listen and connect.
//!
//! Each direction is a `Pump` that moves bytes the fastest safe way:
//! - socket → stdout pipe: `Splice`, splice(2) straight from the socket into
//!   the pipe, no copy through user space;
//! - socket → file or /dev/null: `Via`, splice(2) through a pipe of our own;
//! - stdin file → socket: `Sendfile`, sendfile(2) from the page cache;
//! - stdin pipe → socket: `Copy` with 1 MiB reads that never block
//!   (preadv2 RWF_NOWAIT, so stdin's shared O_NONBLOCK flag is left alone).
//!   Measured against splice(2) here: splicing a producer's 4 KiB pipe pages
//!   into TCP builds skbs of many small fragments, and the whole pipeline ran
//!   ~30% slower (median 1.19 vs 1.69 GiB/s, 8 interleaved 2 GiB runs, see
//!   README "Performance"); copying lets TCP fill large page fragments;
//! - `Copy` is also the path for `-x`, `--trace` (which must see the bytes and
//!   the calls), `--bufsize`, terminals, and any descriptor the kernel will
//!   not splice.
//!
//! A pump that would block says which side it waits for, and only those
//! descriptors go into poll, so an idle direction costs nothing and nothing
//! spins. Nothing on the loop allocates or formats unless -x, --trace or
//! --progress asked for it.
//!
//! Ending: stdin EOF → shutdown(SHUT_WR), keep reading until the peer closes.
//! The peer's FIN → for listen (and a terminal on stdin) what stdin already
//! has ready is still sent (a file is sent to its end), then the relay ends —
//! as nc -l and ncat do, so a listener whose stdin is a terminal or an idle
//! pipe nobody writes to does not wait forever; for connect a pipe or file
//! on stdin is sent to its end, as nc's client does (the peer may only have
//! half-closed). A peer gone entirely (EPIPE/ECONNRESET) after its FIN ends
//! the sending side quietly.

use std::io;
use std::os::fd::{AsRawFd, RawFd};
use std::time::{Duration, Instant};

use super::addr::Addr;
use super::signal;
use super::sock::Sock;
use super::stdio::{self, Kind, Pipe};
use crate::error::{Error, Result};
use crate::trace;
use crate::ui::{self, Event, event::Direction, hexdump::HexDump, progress::Progress};

/// Bytes moved per splice/sendfile call at most.
const CHUNK: usize = 1 << 20;
/// The read size for a pipe on stdin (the bulk upload path).
const BULK: usize = 1 << 20;
/// While one direction moves data, the other waiting direction is checked
/// (a zero-timeout poll) at most this often: often enough that a reply is
/// never held up noticeably, rarely enough to cost nothing per chunk.
const PEEK_EVERY: Duration = Duration::from_millis(1);
/// The pipe size asked for (stdin/stdout pipes and our own).
const PIPE_SIZE: usize = 1 << 20;
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

enum Mode {
    Splice,
    Via {
        pipe: Pipe,
        held: usize,
    },
    Sendfile,
    Copy {
        buf: Vec<u8>,
        start: usize,
        end: usize,
    },
}

enum Step {
    Moved,
    Blocked,
    Eof,
}

/// Which way a pump moves bytes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Way {
    /// stdin → socket
    Up,
    /// socket → stdout
    Down,
}

/// Which end of a pump a failure came from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Src,
    Dst,
}

type StepResult = std::result::Result<Step, (Side, io::Error)>;

struct Pump {
    way: Way,
    src: RawFd,
    dst: RawFd,
    mode: Mode,
    /// Waiting for the source to be readable / the destination writable.
    wait_src: bool,
    wait_dst: bool,
    /// The copy path reads only after poll said the source is readable
    /// (a terminal or pipe read would block; a socket read would trace EAGAIN).
    src_ready: bool,
    /// Bytes that crossed the socket.
    bytes: u64,
    active: bool,
    /// For the fallback to the copy path when the kernel refuses splice/sendfile.
    bufsize: usize,
    /// stdin is a pipe read with preadv2(RWF_NOWAIT): reads never block, so
    /// no poll is needed before each one.
    nowait: bool,
}

fn would_block(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::WouldBlock
}

fn interrupted(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::Interrupted
}

/// Errors that belong to the socket end of a splice/sendfile.
fn socket_errno(e: &io::Error) -> bool {
    matches!(
        e.raw_os_error(),
        Some(
            libc::ECONNRESET
                | libc::ENOTCONN
                | libc::ETIMEDOUT
                | libc::EHOSTUNREACH
                | libc::ENETUNREACH
                | libc::ECONNABORTED
        )
    )
}

impl Pump {
    fn new(way: Way, src: RawFd, dst: RawFd, mode: Mode, bufsize: usize) -> Pump {
        Pump {
            way,
            src,
            dst,
            mode,
            wait_src: false,
            wait_dst: false,
            src_ready: false,
            bytes: 0,
            active: true,
            bufsize,
            nowait: false,
        }
    }

    fn waiting(&self) -> bool {
        self.wait_src || self.wait_dst
    }

    fn block(&mut self, src: bool, dst: bool) -> StepResult {
        self.wait_src |= src;
        self.wait_dst |= dst;
        Ok(Step::Blocked)
    }

    /// The end of a splice/sendfile failure: the socket's errors by errno, a
    /// broken pipe is the writing end (up: the socket; down: stdout), and
    /// anything else the non-socket end.
    fn side_of(&self, e: &io::Error) -> Side {
        let socket_side = if self.way == Way::Up {
            Side::Dst
        } else {
            Side::Src
        };
        if socket_errno(e) {
            socket_side
        } else if e.raw_os_error() == Some(libc::EPIPE) {
            Side::Dst
        } else if self.way == Way::Up {
            Side::Src
        } else {
            Side::Dst
        }
    }

    /// One move. A kernel that refuses splice/sendfile for these descriptors
    /// (EINVAL before any byte moved) sends the pump down the copy path.
    fn step(&mut self, hex: &mut Option<HexDump>) -> StepResult {
        let r = match &mut self.mode {
            Mode::Splice => match stdio::splice(self.src, self.dst, CHUNK, true) {
                Ok(0) => Ok(Step::Eof),
                Ok(n) => {
                    self.bytes += n as u64;
                    Ok(Step::Moved)
                }
                Err(e) if would_block(&e) => return self.block(true, true),
                Err(e) => Err(e),
            },
            Mode::Via { pipe, held } => {
                if *held == 0 {
                    match stdio::splice(self.src, pipe.w.as_raw_fd(), pipe.size, true) {
                        Ok(0) => return Ok(Step::Eof),
                        Ok(n) => {
                            *held = n;
                            self.bytes += n as u64;
                        }
                        Err(e) if would_block(&e) => return self.block(true, false),
                        Err(e) if interrupted(&e) => return Ok(Step::Moved),
                        Err(e) if e.raw_os_error() == Some(libc::EINVAL) && self.bytes == 0 => {
                            self.mode = copy_mode(self.bufsize);
                            return Ok(Step::Moved);
                        }
                        Err(e) => return Err((Side::Src, e)),
                    }
                }
                match stdio::splice(pipe.r.as_raw_fd(), self.dst, *held, false) {
                    Ok(n) => {
                        *held -= n;
                        return Ok(Step::Moved);
                    }
                    Err(e) if would_block(&e) => return self.block(false, true),
                    Err(e) if interrupted(&e) => return Ok(Step::Moved),
                    Err(e) => return Err((Side::Dst, e)),
                }
            }
            Mode::Sendfile => {
                // SAFETY: a NULL offset uses and advances stdin's file position.
                let r = stdio::cvt(unsafe {
                    libc::sendfile(self.dst, self.src, std::ptr::null_mut(), CHUNK)
                });
                match r {
                    Ok(0) => Ok(Step::Eof),
                    Ok(n) => {
                        self.bytes += n as u64;
                        Ok(Step::Moved)
                    }
                    Err(e) if would_block(&e) => return self.block(false, true),
                    Err(e) => Err(e),
                }
            }
            Mode::Copy { .. } => return self.step_copy(hex),
        };
        match r {
            Ok(s) => Ok(s),
            Err(e) if interrupted(&e) => Ok(Step::Moved),
            Err(e)
                if matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS))
                    && self.bytes == 0 =>
            {
                self.mode = copy_mode(self.bufsize);
                Ok(Step::Moved)
            }
            Err(e) => Err((self.side_of(&e), e)),
        }
    }

    /// Reads from the source in the copy path: recv for the socket (traced),
    /// read (or preadv2 RWF_NOWAIT, see `nowait`) for stdin.
    fn read_src(way: Way, fd: RawFd, buf: &mut [u8], nowait: bool) -> io::Result<usize> {
        if way == Way::Down {
            // SAFETY: buf is valid for writes of buf.len() bytes.
            let r = stdio::cvt(unsafe {
                libc::recv(fd, buf.as_mut_ptr().cast(), buf.len(), libc::MSG_DONTWAIT)
            });
            trace::io(
                "recv",
                || format!("{fd}, {}", buf.len()),
                r,
                |n| n.to_string(),
            )
        } else if nowait {
            stdio::read_nowait(fd, buf)
        } else {
            stdio::read(fd, buf)
        }
    }

    /// Writes to the destination in the copy path: send for the socket
    /// (traced; MSG_NOSIGNAL), write for stdout.
    fn write_dst(way: Way, fd: RawFd, buf: &[u8]) -> io::Result<usize> {
        if way == Way::Up {
            let flags = libc::MSG_NOSIGNAL | libc::MSG_DONTWAIT;
            // SAFETY: buf is valid for reads of buf.len() bytes.
            let r = stdio::cvt(unsafe { libc::send(fd, buf.as_ptr().cast(), buf.len(), flags) });
            trace::io(
                "send",
                || format!("{fd}, {} bytes", buf.len()),
                r,
                |n| n.to_string(),
            )
        } else {
            stdio::write(fd, buf)
        }
    }

    fn step_copy(&mut self, hex: &mut Option<HexDump>) -> StepResult {
        let (way, src, dst) = (self.way, self.src, self.dst);
        let Mode::Copy { buf, start, end } = &mut self.mode else {
            return Ok(Step::Blocked);
        };
        if *start < *end {
            return match Self::write_dst(way, dst, &buf[*start..*end]) {
                Ok(n) => {
                    if way == Way::Up {
                        // Sent bytes are dumped once the kernel took them.
                        if let Some(h) = hex.as_mut() {
                            h.sent(&buf[*start..*start + n]);
                        }
                        self.bytes += n as u64;
                    }
                    *start += n;
                    Ok(Step::Moved)
                }
                Err(e) if would_block(&e) => self.block(false, true),
                Err(e) if interrupted(&e) => Ok(Step::Moved),
                Err(e) => Err((Side::Dst, e)),
            };
        }
        if !self.src_ready {
            return self.block(true, false);
        }
        match Self::read_src(way, src, buf, self.nowait) {
            Ok(0) => Ok(Step::Eof),
            Ok(n) => {
                *start = 0;
                *end = n;
                if way == Way::Down {
                    if let Some(h) = hex.as_mut() {
                        h.received(&buf[..n]);
                    }
                    self.bytes += n as u64;
                }
                // A full buffer from a socket means more is likely waiting; a
                // terminal or pipe must be polled again before the next read,
                // unless it is read without blocking.
                self.src_ready = (way == Way::Down && n == buf.len()) || self.nowait;
                Ok(Step::Moved)
            }
            Err(e) if would_block(&e) => {
                self.src_ready = false;
                self.block(true, false)
            }
            Err(e) if interrupted(&e) => Ok(Step::Moved),
            // A kernel without RWF_NOWAIT for pipes: poll before each read.
            Err(e)
                if self.nowait
                    && matches!(e.raw_os_error(), Some(libc::EOPNOTSUPP | libc::EINVAL)) =>
            {
                self.nowait = false;
                self.src_ready = false;
                self.block(true, false)
            }
            Err(e) => Err((Side::Src, e)),
        }
    }
}

fn copy_mode(size: usize) -> Mode {
    Mode::Copy {
        buf: vec![0; size],
        start: 0,
        end: 0,
    }
}

/// Picks the stdin → socket pump.
fn up_pump(sock: RawFd, opts: &Opts, slow: bool) -> Pump {
    let fd = libc::STDIN_FILENO;
    let size = opts.bufsize.unwrap_or(DEFAULT_BUFSIZE);
    let kind = stdio::kind(fd);
    if kind == Kind::Pipe {
        stdio::grow_pipe(fd, PIPE_SIZE);
        let size = opts.bufsize.unwrap_or(BULK);
        let mut p = Pump::new(Way::Up, fd, sock, copy_mode(size), size);
        p.nowait = true;
        p.src_ready = true;
        return p;
    }
    let mode = match kind {
        _ if slow => copy_mode(size),
        Kind::File => Mode::Sendfile,
        _ => copy_mode(size),
    };
    Pump::new(Way::Up, fd, sock, mode, size)
}

/// Picks the socket → stdout pump.
fn down_pump(sock: RawFd, opts: &Opts, slow: bool) -> io::Result<Pump> {
    let fd = libc::STDOUT_FILENO;
    let size = opts.bufsize.unwrap_or(DEFAULT_BUFSIZE);
    // SAFETY: F_GETFL on stdout has no memory effects.
    let append = unsafe { libc::fcntl(fd, libc::F_GETFL) } & libc::O_APPEND != 0;
    let mode = match stdio::kind(fd) {
        _ if slow => copy_mode(size),
        Kind::Pipe => {
            stdio::grow_pipe(fd, PIPE_SIZE);
            Mode::Splice
        }
        // splice(2) refuses files opened O_APPEND (>>): they go the copy way.
        Kind::File if append => copy_mode(size),
        Kind::File | Kind::DevNull => Mode::Via {
            pipe: Pipe::new(PIPE_SIZE)?,
            held: 0,
        },
        _ => copy_mode(size),
    };
    Ok(Pump::new(Way::Down, sock, fd, mode, size))
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
                    fmt_duration(idle)
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

/// On SIGINT/SIGTERM: write what was received and not yet written.
fn flush_on_exit(down: &mut Pump) {
    match &mut down.mode {
        Mode::Via { pipe, held } => {
            while *held > 0 {
                match stdio::splice(pipe.r.as_raw_fd(), down.dst, *held, false) {
                    Ok(n) if n > 0 => *held -= n,
                    _ => break,
                }
            }
        }
        Mode::Copy { buf, start, end } => {
            let _ = stdio::write_all(down.dst, &buf[*start..*end]);
            *start = *end;
        }
        _ => {}
    }
}

pub fn fmt_duration(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{}s", d.as_secs())
    } else {
        format!("{}ms", d.as_millis())
    }
}
