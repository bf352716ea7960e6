//! The only place with `unsafe`: each raw call of the C library is wrapped
//! once, in a safe function that returns `io::Result`, with a `// SAFETY:`
//! note saying why the call is sound. Everything above (net/, cmd/, the
//! engines) is safe code; `#![deny(unsafe_code)]` at the crate root keeps it so.

pub mod epoll;
pub mod fd;
pub mod signal;
pub mod sock;

use std::io;

/// A C return value: negative means errno.
pub fn cvt(rc: isize) -> io::Result<usize> {
    if rc < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(rc as usize)
    }
}

/// A C `int` return value: negative means errno.
pub fn cvt_int(rc: libc::c_int) -> io::Result<libc::c_int> {
    if rc < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(rc)
    }
}
