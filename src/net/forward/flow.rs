//! One direction of a forwarded connection: the bytes in flight (in a
//! pipe for splice, or a buffer for the copy path), and the step that moves
//! them from one end to the other as far as readiness allows.

use std::io;

use crate::event::{Direction, Event, Sink};
use crate::net::sock::Sock;
use crate::sys::fd::{self, Pipe};

/// Chunks one direction moves per turn before yielding to other connections.
const ROUNDS: usize = 16;
/// A direction that fills its pipe in one splice is a bulk transfer: its
/// pipe grows to this, so each splice moves more (fewer calls per byte).
const BULK_PIPE: usize = 1 << 20;

pub(super) struct End {
    pub sock: Sock,
    pub readable: bool,
    pub writable: bool,
}

impl End {
    pub fn new(sock: Sock) -> End {
        End {
            sock,
            readable: false,
            writable: false,
        }
    }
}

/// One direction's bytes in flight: in a pipe (splice) or a buffer (copy).
#[derive(Default)]
pub(super) struct Flow {
    pub pipe: Option<Pipe>,
    pub buf: Vec<u8>,
    pub start: usize,
    pub pending: usize,
    pub bytes: u64,
    /// The source's FIN was read.
    pub eof: bool,
    /// shutdown(SHUT_WR) was passed on to the destination.
    pub shut: bool,
    /// The pipe's growth to BULK_PIPE was tried (once: it may be refused).
    pub grew: bool,
}

/// Which end failed: its partner is reset.
pub(super) enum Fault {
    Src,
    Dst,
}

/// Moves one direction as far as it can go now: Ok(true) when it stopped
/// after `ROUNDS` turns with more to do.
///
/// On the splice path the source is read while the pipe has room, even with
/// bytes still waiting for the destination: a destination that is slow for
/// a moment does not stop the source, so the sender's window stays open and
/// the three processes of a forwarded transfer work at once instead of in
/// turn. A splice into a part-full pipe that would block may mean a full
/// pipe as well as an empty socket, so only an empty pipe's EAGAIN says the
/// source is drained (edge-triggered: it must be said right).
pub(super) fn flow(
    f: &mut Flow,
    src: &mut End,
    dst: &mut End,
    hex: Option<u64>,
    dir: Direction,
    sink: &mut dyn Sink,
) -> std::result::Result<bool, Fault> {
    for _ in 0..ROUNDS {
        let mut moved = false;
        let room = match &f.pipe {
            Some(p) => p.size.max(4096).saturating_sub(f.pending),
            None if f.pending == 0 => f.buf.len(),
            None => 0,
        };
        if !f.eof && src.readable && room > 0 {
            let r = match &f.pipe {
                Some(p) => fd::splice(
                    src.sock.fd(),
                    std::os::fd::AsRawFd::as_raw_fd(&p.w),
                    room,
                    true,
                ),
                None => src.sock.recv(&mut f.buf, 0),
            };
            match r {
                Ok(0) => f.eof = true,
                Ok(n) => {
                    if f.pipe.is_none() {
                        f.start = 0;
                    }
                    f.pending += n;
                    moved = true;
                    if let Some(p) = f.pipe.as_mut()
                        && f.pending >= p.size
                        && !f.grew
                    {
                        f.grew = true;
                        p.size = fd::grow_pipe(std::os::fd::AsRawFd::as_raw_fd(&p.w), BULK_PIPE);
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    if f.pending == 0 {
                        src.readable = false;
                    }
                }
                Err(_) => return Err(Fault::Src),
            }
        }
        if f.pending > 0 && dst.writable {
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
                    if f.pipe.is_none() {
                        f.start += n;
                    }
                    f.pending -= n;
                    f.bytes += n as u64;
                    moved = true;
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => dst.writable = false,
                Err(_) => return Err(Fault::Dst),
            }
        }
        if f.eof && f.pending == 0 {
            if !f.shut {
                f.shut = true;
                if dst.sock.shutdown(std::net::Shutdown::Write).is_err() {
                    return Err(Fault::Dst);
                }
            }
            return Ok(false);
        }
        if !moved {
            return Ok(false);
        }
    }
    Ok(true)
}
