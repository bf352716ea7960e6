//! The byte-stream seam: what the relay and the echo server need of a
//! connection — non-blocking read and write, the end of our direction, the
//! descriptor to wait on — and whether the kernel's zero-copy paths (splice,
//! sendfile) may work on that descriptor directly. A plain TCP or AF_UNIX
//! socket is one implementation; TLS is another, for which `zero_copy` is
//! false since the bytes must pass through the record layer.

use std::io;
use std::os::fd::RawFd;

use super::sock::Sock;

pub trait Stream {
    /// The descriptor to wait on for readiness (and, when `zero_copy`, the
    /// one splice/sendfile use).
    fn fd(&self) -> RawFd;
    /// Reads without blocking (the relay sets O_NONBLOCK first): Ok(0) is the peer's end of stream,
    /// WouldBlock means wait for `fd` to be readable.
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize>;
    /// Writes without blocking; may take less than `buf`.
    fn write(&mut self, buf: &[u8]) -> io::Result<usize>;
    /// Ends our direction (shutdown(SHUT_WR), or TLS close_notify and then
    /// SHUT_WR); reading goes on.
    fn shutdown_write(&mut self) -> io::Result<()>;
    /// Whether splice/sendfile may move bytes on `fd` directly.
    fn zero_copy(&self) -> bool;
    /// Bytes written that the peer has not acknowledged yet (0 when the
    /// transport cannot tell).
    fn unacked(&self) -> io::Result<usize>;
    /// An error the connection met since (a reset that came after our
    /// last call), taken.
    fn take_error(&self) -> io::Result<Option<io::Error>>;
    /// Bytes, or the end of the stream, already inside the stream (TLS:
    /// decrypted plaintext, a close_notify read along with the data): the
    /// next read needs no readiness, which polling `fd` could not show.
    fn pending(&mut self) -> bool {
        false
    }
}

impl Stream for Sock {
    fn fd(&self) -> RawFd {
        Sock::fd(self)
    }

    // The relay makes the socket non-blocking (O_NONBLOCK) first, so the
    // calls need no MSG_DONTWAIT and read in the trace as Python's do.
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.recv(buf, 0)
    }

    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.send(buf, 0)
    }

    fn shutdown_write(&mut self) -> io::Result<()> {
        self.shutdown(std::net::Shutdown::Write)
    }

    fn zero_copy(&self) -> bool {
        true
    }

    fn unacked(&self) -> io::Result<usize> {
        Sock::unacked(self)
    }

    fn take_error(&self) -> io::Result<Option<io::Error>> {
        Sock::take_error(self)
    }
}
