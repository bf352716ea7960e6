//! SIGINT and SIGTERM for the streaming commands: the handler records the
//! signal and writes a byte to a self-pipe, so every wait (poll, epoll) wakes
//! up, and blocking calls return EINTR (no SA_RESTART). The signal is then a
//! value (`pending()`) that the engines turn into their ending.

use std::io;
use std::os::fd::RawFd;
use std::sync::atomic::{AtomicI32, Ordering};

use super::cvt_int;
use super::fd::high_fd;

static PENDING: AtomicI32 = AtomicI32::new(0);
static PIPE_R: AtomicI32 = AtomicI32::new(-1);
static PIPE_W: AtomicI32 = AtomicI32::new(-1);

extern "C" fn on_signal(sig: libc::c_int) {
    PENDING.store(sig, Ordering::SeqCst);
    let fd = PIPE_W.load(Ordering::SeqCst);
    if fd >= 0 {
        let b = 1u8;
        // SAFETY: write(2) is async-signal-safe; the pipe is non-blocking, so
        // a full pipe (already signalled) just drops the byte.
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
    cvt_int(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC | libc::O_NONBLOCK) })?;
    // Out of the way of the sockets, so the trace reads like the textbook:
    // the first socket is fd 3, the first accepted connection fd 4.
    let fds = fds.map(high_fd);
    PIPE_R.store(fds[0], Ordering::SeqCst);
    PIPE_W.store(fds[1], Ordering::SeqCst);
    for sig in [libc::SIGINT, libc::SIGTERM] {
        // SAFETY: a zeroed sigaction is valid; it gets a handler that only
        // touches atomics and write(2), an empty mask and no flags.
        unsafe {
            let mut sa: libc::sigaction = std::mem::zeroed();
            sa.sa_sigaction = on_signal as *const () as usize;
            libc::sigemptyset(&mut sa.sa_mask);
            sa.sa_flags = 0;
            cvt_int(libc::sigaction(sig, &sa, std::ptr::null_mut()))?;
        }
    }
    Ok(())
}

/// The read end of the self-pipe, for poll sets (-1 when not installed).
pub fn fd() -> RawFd {
    PIPE_R.load(Ordering::SeqCst)
}

/// The signal that arrived, if any.
pub fn pending() -> Option<i32> {
    match PENDING.load(Ordering::Relaxed) {
        0 => None,
        s => Some(s),
    }
}

/// Whether `sig` is SIGTERM (for the exit status 143 vs 130).
pub fn is_term(sig: i32) -> bool {
    sig == libc::SIGTERM
}
