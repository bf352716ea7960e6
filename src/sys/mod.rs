//! The one boundary for `unsafe` (style item 14): every raw libc call sockx
//! makes lives here, once, as a small safe function
//! that returns an `io::Result` or a typed answer, in the manner of socket2
//! and nix. Each `unsafe` block says why it is sound in a `// SAFETY:` line.
//! Nothing here traces or renders: the callers in `net` and `cmd` do that.
//!
//! The crate root denies `unsafe_code`; this module alone is allowed it.

pub mod addrinfo;
#[cfg(not(test))]
mod entry;
pub mod epoll;
pub mod errno;
pub mod fd;
pub mod inet;
pub mod mmsg;
pub mod netdb;
pub mod rlimit;
pub mod signal;
pub mod sock;
pub mod sockopt;

use std::ffi::{CStr, OsString, c_char};
use std::io;
use std::os::unix::ffi::OsStringExt;

/// if_nametoindex(name): the interface's index; ENODEV when there is no
/// such interface.
pub fn if_nametoindex(name: &CStr) -> io::Result<u32> {
    // SAFETY: name is a valid NUL-terminated string for the whole call.
    let i = unsafe { libc::if_nametoindex(name.as_ptr()) };
    if i == 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(i)
    }
}

/// gethostname(): the kernel's host name (at most 255 bytes, as glibc
/// truncates it to the 256-byte buffer).
pub fn gethostname() -> io::Result<OsString> {
    let mut buf = [0u8; 256];
    // SAFETY: buf is writable for its whole length, which is what we pass.
    let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    if rc < 0 {
        return Err(io::Error::last_os_error());
    }
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    Ok(OsString::from_vec(buf[..end].to_vec()))
}

/// A NUL-terminated C string, copied (lossily, as Python's surrogateescape
/// is not ours to copy); NULL is "".
///
/// # Safety
/// `p` is NULL or points to a NUL-terminated string alive during the call.
unsafe fn c_string(p: *const c_char) -> String {
    if p.is_null() {
        return String::new();
    }
    // SAFETY: non-null, and NUL-terminated by the caller's guarantee.
    unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
}

/// A NULL-terminated array of C strings (a hostent's or servent's
/// aliases), copied; a NULL array is empty.
///
/// # Safety
/// `p` is NULL or a NULL-terminated array of NUL-terminated strings, all
/// alive during the call.
unsafe fn c_strings(mut p: *const *mut c_char) -> Vec<String> {
    let mut out = Vec::new();
    // SAFETY: p is non-null and, by the caller's guarantee, every entry up
    // to and including the terminating NULL is readable.
    while !p.is_null() && unsafe { !(*p).is_null() } {
        // SAFETY: as above; *p is a non-null NUL-terminated string, and
        // p + 1 is still inside the array (at worst its NULL).
        unsafe {
            out.push(c_string(*p));
            p = p.add(1);
        }
    }
    out
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_index_and_hostname() {
        assert!(if_nametoindex(c"lo").unwrap() > 0);
        let e = if_nametoindex(c"no-such-if0").unwrap_err();
        assert_eq!(e.raw_os_error(), Some(libc::ENODEV));
        assert!(!gethostname().unwrap().is_empty());
    }

    #[test]
    fn string_arrays() {
        let a = c"a".as_ptr().cast_mut();
        let b = c"bc".as_ptr().cast_mut();
        let list = [a, b, std::ptr::null_mut()];
        // SAFETY: a NULL-terminated array of static strings.
        let v = unsafe { c_strings(list.as_ptr()) };
        assert_eq!(v, ["a", "bc"]);
        // SAFETY: NULL is allowed for both.
        unsafe {
            assert!(c_strings(std::ptr::null()).is_empty());
            assert_eq!(c_string(std::ptr::null()), "");
        }
    }
}
