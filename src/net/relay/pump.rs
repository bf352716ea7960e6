//! One direction of the relay: a `Pump` moves bytes from a source to a
//! destination descriptor, one step at a time, the fastest safe way:
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

use std::io;
use std::os::fd::{AsRawFd, RawFd};

use super::{DEFAULT_BUFSIZE, Opts};
use crate::net::stdio::{self, Kind, Pipe};
use crate::trace;
use crate::ui::hexdump::HexDump;

/// Bytes moved per splice/sendfile call at most.
const CHUNK: usize = 1 << 20;
/// The read size for a pipe on stdin (the bulk upload path).
const BULK: usize = 1 << 20;
/// The pipe size asked for (stdin/stdout pipes and our own).
const PIPE_SIZE: usize = 1 << 20;

pub(super) enum Mode {
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

pub(super) enum Step {
    Moved,
    Blocked,
    Eof,
}

/// Which way a pump moves bytes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Way {
    /// stdin → socket
    Up,
    /// socket → stdout
    Down,
}

/// Which end of a pump a failure came from.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Src,
    Dst,
}

pub(super) type StepResult = std::result::Result<Step, (Side, io::Error)>;

pub(super) struct Pump {
    way: Way,
    pub(super) src: RawFd,
    pub(super) dst: RawFd,
    mode: Mode,
    /// Waiting for the source to be readable / the destination writable.
    pub(super) wait_src: bool,
    pub(super) wait_dst: bool,
    /// The copy path reads only after poll said the source is readable
    /// (a terminal or pipe read would block; a socket read would trace EAGAIN).
    pub(super) src_ready: bool,
    /// Bytes that crossed the socket.
    pub(super) bytes: u64,
    pub(super) active: bool,
    /// For the fallback to the copy path when the kernel refuses splice/sendfile.
    bufsize: usize,
    /// stdin is a pipe read with preadv2(RWF_NOWAIT): reads never block, so
    /// no poll is needed before each one.
    nowait: bool,
}

pub(super) fn would_block(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::WouldBlock
}

pub(super) fn interrupted(e: &io::Error) -> bool {
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

    pub(super) fn waiting(&self) -> bool {
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
    pub(super) fn step(&mut self, hex: &mut Option<HexDump>) -> StepResult {
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
pub(super) fn up_pump(sock: RawFd, opts: &Opts, slow: bool) -> Pump {
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
pub(super) fn down_pump(sock: RawFd, opts: &Opts, slow: bool) -> io::Result<Pump> {
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

/// On SIGINT/SIGTERM: write what was received and not yet written.
pub(super) fn flush_on_exit(down: &mut Pump) {
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
