//! The process entry point, in place of std's.
//!
//! std's start-up reads /proc/self/maps with sscanf to place a stack guard,
//! a sixth of sockx's start-up time (callgrind). What it does that sockx
//! needs is done here: SIGPIPE ignored, so a closed stdout is an EPIPE error
//! that ends quietly, and descriptors 0–2 made valid (/dev/null) when they
//! were closed, so that no socket ever lands on fd 1 and receives what was
//! meant for stdout. A stack overflow is then a plain SIGSEGV instead of
//! std's message. The test harness keeps std's entry (`no_main` is off
//! under `cfg(test)`, and so is this module).
//!
//! `#[no_mangle]` is an unsafe attribute (two symbols of one name would be
//! undefined behaviour at link time), which is why the entry lives in `sys`.

use std::ffi::{c_char, c_int};

/// C's `main`: the start-up above, then `crate::run`, which never returns.
// SAFETY: no other item in the program exports a `main` symbol: std's own
// entry is disabled by `no_main` in every build this module is part of.
#[unsafe(no_mangle)]
pub extern "C" fn main(_argc: c_int, _argv: *const *const c_char) -> c_int {
    ignore_sigpipe();
    for fd in 0..=2 {
        if !fd_is_open(fd) {
            open_dev_null();
        }
    }
    crate::run()
}

/// signal(SIGPIPE, SIG_IGN): writes to a closed pipe fail with EPIPE.
fn ignore_sigpipe() {
    // SAFETY: SIG_IGN is a valid disposition for SIGPIPE, and start-up is
    // single-threaded, so no one else is changing dispositions.
    unsafe { libc::signal(libc::SIGPIPE, libc::SIG_IGN) };
}

/// fcntl(fd, F_GETFD) succeeds: the descriptor is open.
fn fd_is_open(fd: c_int) -> bool {
    // SAFETY: F_GETFD takes no argument and only reads the descriptor's flags.
    unsafe { libc::fcntl(fd, libc::F_GETFD) != -1 }
}

/// open("/dev/null", O_RDWR), which takes the lowest free descriptor. The
/// descriptor is meant to stay open for the whole process, so it is not
/// owned by anything; a failure leaves the slot closed, as before.
fn open_dev_null() {
    // SAFETY: the path is a NUL-terminated static string; O_RDWR needs no mode.
    unsafe { libc::open(c"/dev/null".as_ptr(), libc::O_RDWR) };
}
