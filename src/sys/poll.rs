//! poll(2) over a slice of descriptors: the wait of the chat client and
//! server (their socket, stdin, the signal self-pipe). `PollFd` has the
//! layout of `struct pollfd`, so the slice is handed to the kernel as is.

use std::io;
use std::os::fd::RawFd;

/// One entry of a poll set: `struct pollfd`. A negative fd is skipped by
/// the kernel (its `revents` stays 0).
#[repr(transparent)]
#[derive(Debug, Clone, Copy)]
pub struct PollFd(libc::pollfd);

impl PollFd {
    /// Waits for `events` (POLLIN, POLLOUT, …) on `fd`.
    pub fn new(fd: RawFd, events: i16) -> PollFd {
        PollFd(libc::pollfd {
            fd,
            events,
            revents: 0,
        })
    }

    /// What the last poll reported for this descriptor.
    pub fn revents(&self) -> i16 {
        self.0.revents
    }
}

/// poll(fds, timeout_ms) (-1: no timeout): the number of entries with
/// events. EINTR is returned as an error, for the caller to decide.
pub fn poll(fds: &mut [PollFd], timeout_ms: i32) -> io::Result<usize> {
    // SAFETY: PollFd is repr(transparent) over libc::pollfd, so fds is a
    // valid, writable array of fds.len() pollfd structs.
    let rc = unsafe {
        libc::poll(
            fds.as_mut_ptr().cast::<libc::pollfd>(),
            fds.len() as libc::nfds_t,
            timeout_ms,
        )
    };
    if rc < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(rc as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::os::fd::AsRawFd;
    use std::os::unix::net::UnixStream;

    #[test]
    fn readable_after_write() {
        let (mut a, b) = UnixStream::pair().unwrap();
        let mut fds = [
            PollFd::new(b.as_raw_fd(), libc::POLLIN),
            PollFd::new(-1, libc::POLLIN),
        ];
        assert_eq!(poll(&mut fds, 0).unwrap(), 0);
        a.write_all(b"x").unwrap();
        assert_eq!(poll(&mut fds, 1000).unwrap(), 1);
        assert_eq!(fds[0].revents() & libc::POLLIN, libc::POLLIN);
        assert_eq!(fds[1].revents(), 0);
    }
}
