//! One direction of the relay. A `Pump` moves bytes from its source to its
//! destination one step at a time, the fastest safe way for the descriptors
//! it joins:
//! - socket → stdout pipe: `Splice`, splice(2) straight from the socket into
//!   the pipe, no copy through user space;
//! - socket → file or /dev/null: `Via`, splice(2) through a pipe of our own;
//! - stdin file → socket: `Sendfile`, sendfile(2) from the page cache;
//! - stdin pipe → socket: `Copy` with 1 MiB reads that never block
//!   (preadv2 RWF_NOWAIT, so stdin's shared O_NONBLOCK flag is left alone).
//!   Measured against splice(2): splicing a producer's 4 KiB pipe pages into
//!   TCP builds skbs of many small fragments, and the whole pipeline ran ~30%
//!   slower (README "Performance"); copying lets TCP fill large fragments;
//! - `Copy` is also the path for -x, --trace, --bufsize, terminals, streams
//!   without zero-copy (TLS), and any descriptor the kernel will not splice;
//! - `Discard`: stdout's reader went away, so what arrives is read and
//!   dropped, and the upload goes on (a reader closing stdout ends only the
//!   socket → stdout direction).
//!
//! A step that cannot go on says what it waits for (`Wait`); a failure says
//! which end it came from (`Side`), so the relay can word it.

use std::io;
use std::os::fd::{AsRawFd, RawFd};

use crate::event::{Sink, Tap};
use crate::net::stdio::{self, Kind, Pipe};
use crate::net::stream::Stream;
use crate::sys::fd;

mod copy;
use copy::stdout_writable;

/// Bytes moved per splice/sendfile call at most.
const CHUNK: usize = 1 << 20;
/// The read size for a pipe on stdin (the bulk upload path).
pub const BULK: usize = 1 << 20;
/// The pipe size asked for (stdin/stdout pipes and our own).
const PIPE_SIZE: usize = 1 << 20;

pub enum Mode {
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
    Discard {
        buf: Vec<u8>,
    },
    /// -C, -i, --frame on stdin → socket (see `lines`).
    Lines(Box<super::lines::Lines>),
    /// --frame on socket → stdout (see `frame`).
    Frames(Box<super::frame::Frames>),
}

/// What a blocked step waits for: a descriptor and poll events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wait {
    pub fd: RawFd,
    pub events: i16,
}

pub enum Step {
    Moved,
    Blocked,
    Eof,
}

/// Which end of a pump a failure came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Src,
    Dst,
}

pub type StepResult = Result<Step, (Side, io::Error)>;

/// Which way a pump moves bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Way {
    /// stdin → socket
    Up,
    /// socket → stdout
    Down,
}

pub struct Pump {
    pub way: Way,
    /// The stdio end: stdin for Up, stdout for Down.
    pub stdio: RawFd,
    pub mode: Mode,
    /// Set while the step is parked until `Wait` is ready.
    pub wait: Option<Wait>,
    /// The stdio source may be read without waiting first (a pipe read with
    /// RWF_NOWAIT, or poll said it is readable); a socket source is read
    /// after poll said so, so the trace shows no EAGAIN reads.
    pub src_ready: bool,
    /// Bytes that crossed the socket.
    pub bytes: u64,
    pub active: bool,
    bufsize: usize,
    /// stdin is a pipe read with preadv2(RWF_NOWAIT).
    pub(super) nowait: bool,
    /// stdin is a regular file: always readable, never polled.
    pub(super) file: bool,
}

pub fn would_block(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::WouldBlock
}

pub fn interrupted(e: &io::Error) -> bool {
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

fn copy_mode(size: usize) -> Mode {
    Mode::Copy {
        buf: vec![0; size],
        start: 0,
        end: 0,
    }
}

impl Pump {
    fn new(way: Way, stdio: RawFd, mode: Mode, bufsize: usize) -> Pump {
        Pump {
            way,
            stdio,
            mode,
            wait: None,
            src_ready: false,
            bytes: 0,
            active: true,
            bufsize,
            nowait: false,
            file: false,
        }
    }

    /// The stdin → stream pump. `carry`: bytes read from stdin for an
    /// earlier connection that did not reach it (listen -k), sent first.
    pub fn up(copy_only: bool, bufsize: Option<usize>, zero_copy: bool, carry: Vec<u8>) -> Pump {
        let fd = libc::STDIN_FILENO;
        let kind = stdio::kind(fd);
        let size = bufsize.unwrap_or(if kind == Kind::Pipe {
            BULK
        } else {
            super::DEFAULT_BUFSIZE
        });
        let mut p = match kind {
            Kind::File if !copy_only && zero_copy && carry.is_empty() => {
                Pump::new(Way::Up, fd, Mode::Sendfile, size)
            }
            _ => Pump::new(Way::Up, fd, copy_mode(size.max(carry.len())), size),
        };
        if let Mode::Copy { buf, end, .. } = &mut p.mode {
            buf[..carry.len()].copy_from_slice(&carry);
            *end = carry.len();
        }
        if kind == Kind::Pipe {
            stdio::grow_pipe(fd, PIPE_SIZE);
            p.nowait = true;
            p.src_ready = true;
        } else if kind == Kind::File {
            p.src_ready = true;
            p.file = true;
        }
        p
    }

    /// The stream → stdout pump.
    pub fn down(
        copy_only: bool,
        bufsize: Option<usize>,
        zero_copy: bool,
        stdout_gone: bool,
    ) -> io::Result<Pump> {
        let fd = libc::STDOUT_FILENO;
        let size = bufsize.unwrap_or(super::DEFAULT_BUFSIZE);
        if stdout_gone {
            return Ok(Pump::new(
                Way::Down,
                fd,
                Mode::Discard { buf: vec![0; size] },
                size,
            ));
        }
        let kind = stdio::kind(fd);
        if kind == Kind::Pipe {
            // A bigger stdout pipe on every path (TLS copies too): each
            // write and each read of the next process moves more at once.
            stdio::grow_pipe(fd, PIPE_SIZE);
        }
        let mode = match kind {
            _ if copy_only || !zero_copy => copy_mode(size),
            Kind::Pipe => Mode::Splice,
            // splice(2) refuses files opened O_APPEND (>>): they go the copy way.
            Kind::File if fd::is_append(fd) => copy_mode(size),
            Kind::File | Kind::DevNull => Mode::Via {
                pipe: Pipe::new(PIPE_SIZE)?,
                held: 0,
            },
            _ => copy_mode(size),
        };
        Ok(Pump::new(Way::Down, fd, mode, size))
    }

    /// The read size this pump was made with.
    pub fn bufsize(&self) -> usize {
        self.bufsize
    }

    pub(super) fn block(&mut self, fd: RawFd, events: i16) -> StepResult {
        self.wait = Some(Wait { fd, events });
        Ok(Step::Blocked)
    }

    /// stdout's reader is gone: from now on what arrives is dropped.
    pub fn discard(&mut self) {
        self.mode = Mode::Discard {
            buf: vec![0; self.bufsize.min(super::DEFAULT_BUFSIZE)],
        };
        self.wait = None;
    }

    /// Bytes read from stdin that have not reached the stream (copy path).
    pub fn unsent(&self) -> &[u8] {
        match &self.mode {
            Mode::Copy { buf, start, end } if self.way == Way::Up => &buf[*start..*end],
            _ => &[],
        }
    }

    /// Whether this up pump holds stdin bytes not yet sent, on any path.
    pub fn holds(&self) -> bool {
        match &self.mode {
            Mode::Lines(l) => l.holds(),
            _ => !self.unsent().is_empty(),
        }
    }

    /// Takes what stdin gave this pump and the stream did not take (see
    /// `Carry`), and whether stdin's EOF was already read.
    pub fn leftover(&mut self) -> (super::Carry, bool) {
        match &mut self.mode {
            Mode::Lines(l) => l.leftover(),
            _ => {
                let raw = self.unsent().to_vec();
                let carry = super::Carry {
                    raw,
                    ..Default::default()
                };
                (carry, false)
            }
        }
    }

    /// The end of a splice/sendfile failure: the socket's errors by errno, a
    /// broken pipe is the writing end (up: the socket; down: stdout), and
    /// anything else the stdio end.
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
    pub fn step<S: Stream>(
        &mut self,
        s: &mut S,
        sink: &mut dyn Sink,
        tap: &mut Option<Tap>,
    ) -> StepResult {
        let sock = s.fd();
        let r = match &mut self.mode {
            Mode::Copy { .. } => return self.step_copy(s, sink, tap),
            Mode::Lines(_) => return self.step_lines(s, sink, tap),
            Mode::Frames(_) => return self.step_frames(s, sink, tap),
            Mode::Discard { buf } => {
                return match s.read(buf) {
                    Ok(0) => Ok(Step::Eof),
                    Ok(n) => {
                        self.bytes += n as u64;
                        Ok(Step::Moved)
                    }
                    Err(e) if would_block(&e) => self.block(sock, libc::POLLIN),
                    Err(e) if interrupted(&e) => Ok(Step::Moved),
                    Err(e) => Err((Side::Src, e)),
                };
            }
            Mode::Splice => match fd::splice(sock, self.stdio, CHUNK, true) {
                Ok(0) => Ok(Step::Eof),
                Ok(n) => {
                    self.bytes += n as u64;
                    Ok(Step::Moved)
                }
                Err(e) if would_block(&e) => {
                    // Either the socket is empty or the pipe is full: wait
                    // for the one that holds it up, never for both (a full
                    // pipe and a readable socket would spin).
                    return if stdout_writable(self.stdio) {
                        self.block(sock, libc::POLLIN)
                    } else {
                        self.block(self.stdio, libc::POLLOUT)
                    };
                }
                Err(e) => Err(e),
            },
            Mode::Via { pipe, held } => {
                if *held == 0 {
                    match fd::splice(sock, pipe.w.as_raw_fd(), pipe.size, true) {
                        Ok(0) => return Ok(Step::Eof),
                        Ok(n) => {
                            *held = n;
                            self.bytes += n as u64;
                        }
                        Err(e) if would_block(&e) => return self.block(sock, libc::POLLIN),
                        Err(e) if interrupted(&e) => return Ok(Step::Moved),
                        Err(e) if e.raw_os_error() == Some(libc::EINVAL) && self.bytes == 0 => {
                            self.mode = copy_mode(self.bufsize);
                            return Ok(Step::Moved);
                        }
                        Err(e) => return Err((Side::Src, e)),
                    }
                }
                return match fd::splice(pipe.r.as_raw_fd(), self.stdio, *held, false) {
                    Ok(n) => {
                        *held -= n;
                        Ok(Step::Moved)
                    }
                    Err(e) if would_block(&e) => self.block(self.stdio, libc::POLLOUT),
                    Err(e) if interrupted(&e) => Ok(Step::Moved),
                    Err(e) => Err((Side::Dst, e)),
                };
            }
            Mode::Sendfile => match fd::sendfile(sock, self.stdio, CHUNK) {
                Ok(0) => Ok(Step::Eof),
                Ok(n) => {
                    self.bytes += n as u64;
                    Ok(Step::Moved)
                }
                Err(e) if would_block(&e) => return self.block(sock, libc::POLLOUT),
                Err(e) => Err(e),
            },
        };
        match r {
            Ok(s) => Ok(s),
            Err(e) if interrupted(&e) => Ok(Step::Moved),
            Err(e)
                if matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS))
                    && self.bytes == 0 =>
            {
                self.mode = copy_mode(self.bufsize);
                if self.way == Way::Down {
                    self.src_ready = false;
                }
                Ok(Step::Moved)
            }
            Err(e) => Err((self.side_of(&e), e)),
        }
    }
}
