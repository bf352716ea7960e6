//! SIGINT and SIGTERM for the streaming commands: the handler records the
//! signal and writes a byte to a self-pipe, so every wait (poll) wakes up and
//! blocking calls return EINTR. The command then writes what it has received,
//! cleans up (an AF_UNIX socket file it created) and exits 130 or 143.

use std::io;
use std::os::fd::RawFd;
use std::sync::atomic::{AtomicI32, Ordering};

use crate::error::{Error, exit};

static PENDING: AtomicI32 = AtomicI32::new(0);
static PIPE_R: AtomicI32 = AtomicI32::new(-1);
static PIPE_W: AtomicI32 = AtomicI32::new(-1);

extern "C" fn on_signal(sig: libc::c_int) {
    PENDING.store(sig, Ordering::SeqCst);
    let fd = PIPE_W.load(Ordering::SeqCst);
    if fd >= 0 {
        let b = 1u8;
        // SAFETY: write(2) is async-signal-safe; the pipe is non-blocking, so a
        // full pipe (already signalled) just drops the byte.
        unsafe { libc::write(fd, (&raw const b).cast(), 1) };
    }
}

/// Installs the handlers (without SA_RESTART, so blocking calls see EINTR).
pub fn install() -> io::Result<()> {
    if PIPE_R.load(Ordering::SeqCst) >= 0 {
        return Ok(());
    }
    let mut fds = [0; 2];
    // SAFETY: fds is valid for two ints.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC | libc::O_NONBLOCK) } < 0 {
        return Err(io::Error::last_os_error());
    }
    // Out of the way of the sockets, so the trace reads like the textbook:
    // the first socket is fd 3, the first accepted connection fd 4.
    let fds = fds.map(high_fd);
    PIPE_R.store(fds[0], Ordering::SeqCst);
    PIPE_W.store(fds[1], Ordering::SeqCst);
    for sig in [libc::SIGINT, libc::SIGTERM] {
        // SAFETY: a zeroed sigaction with a valid handler and empty mask.
        unsafe {
            let mut sa: libc::sigaction = std::mem::zeroed();
            sa.sa_sigaction = on_signal as *const () as usize;
            libc::sigemptyset(&mut sa.sa_mask);
            sa.sa_flags = 0;
            if libc::sigaction(sig, &sa, std::ptr::null_mut()) < 0 {
                return Err(io::Error::last_os_error());
            }
        }
    }
    Ok(())
}

/// Moves a helper descriptor (self-pipe, epoll) to fd 100 or above, keeping
/// close-on-exec; on failure the original stays.
pub fn high_fd(fd: RawFd) -> RawFd {
    // SAFETY: fcntl/close on a descriptor this process owns.
    unsafe {
        let hi = libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 100);
        if hi < 0 {
            return fd;
        }
        libc::close(fd);
        hi
    }
}

/// The read end of the self-pipe, for poll sets (-1 when not installed).
pub fn fd() -> RawFd {
    PIPE_R.load(Ordering::SeqCst)
}

/// The signal that arrived, if any.
pub fn pending() -> Option<i32> {
    match PENDING.load(Ordering::SeqCst) {
        0 => None,
        s => Some(s),
    }
}

/// The error that ends the program after a signal: exit 130 or 143, no message.
pub fn interrupted(sig: i32) -> Error {
    let code = if sig == libc::SIGTERM {
        exit::TERMINATED
    } else {
        exit::INTERRUPTED
    };
    Error {
        code,
        quiet: true,
        ..Error::failed("interrupted")
    }
}

/// Err(interrupted) when a signal is pending.
pub fn check() -> Result<(), Error> {
    match pending() {
        Some(s) => Err(interrupted(s)),
        None => Ok(()),
    }
}
