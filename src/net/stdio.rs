//! stdin and stdout for the data path: what they are (`Kind`, decided once
//! with fstat, so the relay can pick splice, sendfile or plain copies), and
//! the waits and writes that stay responsive to SIGINT/SIGTERM.

use std::io;
use std::os::fd::RawFd;
use std::time::{Duration, Instant};

pub use crate::sys::fd::{Kind, Pipe, grow_pipe, kind, poll_ms, read, read_nowait, write};
use crate::sys::{fd, signal};

/// Waits until `fd` has the events (or a signal arrives); true when ready.
/// A signal that arrived is EINTR.
pub fn wait_fd(fd: RawFd, events: i16, timeout_ms: i32) -> io::Result<bool> {
    let mut p = [
        fd::pollfd(fd, events),
        fd::pollfd(signal::fd(), libc::POLLIN),
    ];
    let n = if p[1].fd >= 0 { 2 } else { 1 };
    match fd::poll(&mut p[..n], timeout_ms) {
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::Interrupted && signal::pending().is_none() => {
            return Ok(false);
        }
        Err(e) => return Err(e),
    }
    if signal::pending().is_some() {
        return Err(io::Error::from_raw_os_error(libc::EINTR));
    }
    Ok(p[0].revents != 0)
}

/// Writes all of `buf` to `fd`, retrying short writes and EINTR, and waiting
/// for writability if the descriptor is non-blocking. Once SIGINT/SIGTERM is
/// pending it gives up (EINTR) instead of blocking.
pub fn write_all(fd: RawFd, mut buf: &[u8]) -> io::Result<()> {
    while !buf.is_empty() {
        if signal::pending().is_some() {
            return Err(io::Error::from_raw_os_error(libc::EINTR));
        }
        match write(fd, buf) {
            Ok(0) => return Err(io::Error::from(io::ErrorKind::WriteZero)),
            Ok(n) => buf = &buf[n..],
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                wait_fd(fd, libc::POLLOUT, -1)?;
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Writes what it can of `buf` within `limit`, never blocking longer: used
/// on the way out after a signal, when the reader may be gone or stopped.
/// Returns the bytes written.
pub fn write_within(fd: RawFd, buf: &[u8], limit: Duration) -> usize {
    let end = Instant::now() + limit;
    let mut done = 0;
    while done < buf.len() {
        let left = end.saturating_duration_since(Instant::now());
        let mut p = [fd::pollfd(fd, libc::POLLOUT)];
        match fd::poll(&mut p, poll_ms(Some(left))) {
            Ok(1) if p[0].revents & libc::POLLOUT != 0 => {}
            _ => break,
        }
        match write(fd, &buf[done..]) {
            Ok(0) => break,
            Ok(n) => done += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            Err(_) => break,
        }
        if Instant::now() >= end {
            break;
        }
    }
    done
}

/// Ends stdout for its reader (a pipeline sees EOF at once) while keeping
/// fd 1 taken, so no later socket can land on it.
pub fn close_stdout() -> io::Result<()> {
    fd::redirect_to_devnull(libc::STDOUT_FILENO)
}
