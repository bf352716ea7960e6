//! The event loop's readiness source: an epoll instance with the signal
//! self-pipe registered, and a wait that busy-polls briefly after activity
//! (see `Epoll::wait`). The echo server uses it for thousands of
//! connections; anything that waits on many descriptors does.

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::time::Instant;

use super::{cvt_int, fd::high_fd, signal};

pub use libc::epoll_event as Event;
pub const IN: u32 = libc::EPOLLIN as u32;
pub const OUT: u32 = libc::EPOLLOUT as u32;
pub const RDHUP: u32 = libc::EPOLLRDHUP as u32;
pub const HUP: u32 = libc::EPOLLHUP as u32;
pub const ERR: u32 = libc::EPOLLERR as u32;
/// Edge-triggered: an event per arrival, and no re-poll of a socket that was
/// drained (the caller reads until a short read).
pub const ET: u32 = libc::EPOLLET as u32;

/// The token the signal self-pipe is registered with.
pub const SIGNAL: u64 = u64::MAX - 1;

pub struct Epoll(OwnedFd);

impl Epoll {
    /// epoll_create1, with the signal self-pipe (when installed) registered
    /// under `SIGNAL`.
    pub fn new() -> io::Result<Epoll> {
        // SAFETY: plain syscall, no memory passed.
        let fd = cvt_int(unsafe { libc::epoll_create1(libc::EPOLL_CLOEXEC) })?;
        // SAFETY: a fresh descriptor nothing else owns.
        let ep = Epoll(unsafe { OwnedFd::from_raw_fd(high_fd(fd)) });
        if signal::fd() >= 0 {
            ep.add(signal::fd(), IN, SIGNAL)?;
        }
        Ok(ep)
    }

    fn ctl(&self, op: i32, fd: RawFd, events: u32, token: u64) -> io::Result<()> {
        let mut ev = libc::epoll_event { events, u64: token };
        // SAFETY: ev is a valid epoll_event for the duration of the call.
        cvt_int(unsafe { libc::epoll_ctl(self.0.as_raw_fd(), op, fd, &mut ev) }).map(|_| ())
    }

    pub fn add(&self, fd: RawFd, events: u32, token: u64) -> io::Result<()> {
        self.ctl(libc::EPOLL_CTL_ADD, fd, events, token)
    }

    pub fn modify(&self, fd: RawFd, events: u32, token: u64) -> io::Result<()> {
        self.ctl(libc::EPOLL_CTL_MOD, fd, events, token)
    }

    pub fn delete(&self, fd: RawFd) -> io::Result<()> {
        self.ctl(libc::EPOLL_CTL_DEL, fd, 0, 0)
    }

    fn wait_once(&self, events: &mut [Event], timeout: i32) -> io::Result<usize> {
        let len = events.len().min(i32::MAX as usize) as i32;
        // SAFETY: events has room for `len` entries, which the kernel fills.
        let n = unsafe { libc::epoll_wait(self.0.as_raw_fd(), events.as_mut_ptr(), len, timeout) };
        cvt_int(n).map(|n| n as usize)
    }

    /// epoll_wait with adaptive busy-polling: until `spin_until` (shortly
    /// after the last event) it polls without sleeping, so a reply never
    /// waits for a halted CPU to wake up; after that it sleeps up to
    /// `timeout` ms (-1: no limit). An idle loop sleeps. EINTR is returned.
    pub fn wait(
        &self,
        events: &mut [Event],
        timeout: i32,
        spin_until: Instant,
    ) -> io::Result<usize> {
        if timeout == 0 || Instant::now() >= spin_until {
            // No spinning: one epoll_wait, not a poll and then a wait.
            return self.wait_once(events, timeout);
        }
        let n = self.wait_once(events, 0)?;
        if n != 0 {
            return Ok(n);
        }
        while Instant::now() < spin_until && signal::pending().is_none() {
            std::hint::spin_loop();
            let n = self.wait_once(events, 0)?;
            if n != 0 {
                return Ok(n);
            }
        }
        self.wait_once(events, timeout)
    }
}

/// An empty event array of `n` entries.
pub fn events(n: usize) -> Vec<Event> {
    vec![libc::epoll_event { events: 0, u64: 0 }; n]
}
