//! libc's messages for the three kinds of error code sockx reports: errno
//! values (strerror_r), getaddrinfo/getnameinfo codes (gai_strerror) and
//! the resolver's h_errno (hstrerror). The names and the fallbacks for
//! unknown codes are `net::errno`'s business.

use std::ffi::{CStr, c_char};

/// strerror_r(errno) (the XSI variant, which the libc crate binds on glibc):
/// the message, or None when libc has none (EINVAL) or it does not fit the
/// 256-byte buffer (ERANGE; glibc's longest is under 60).
pub fn strerror(errno: i32) -> Option<String> {
    let mut buf = [0 as c_char; 256];
    // SAFETY: buf is writable for the length we pass; on success the XSI
    // strerror_r writes a NUL-terminated string into it and returns 0.
    let rc = unsafe { libc::strerror_r(errno, buf.as_mut_ptr(), buf.len()) };
    if rc != 0 {
        return None;
    }
    // SAFETY: strerror_r succeeded, so buf holds a NUL-terminated string.
    let s = unsafe { CStr::from_ptr(buf.as_ptr()) };
    Some(s.to_string_lossy().into_owned())
}

/// gai_strerror(code): the message for a getaddrinfo error code (glibc
/// answers unknown codes with "Unknown error"); None if it returned NULL.
pub fn gai_strerror(code: i32) -> Option<String> {
    // SAFETY: gai_strerror takes any int and returns NULL or a static
    // NUL-terminated string, which is what static_str asks for.
    unsafe { static_str(libc::gai_strerror(code)) }
}

/// hstrerror(h_errno): the message for a resolver error (`Unknown host`);
/// None if it returned NULL.
pub fn hstrerror(h: i32) -> Option<String> {
    // SAFETY: hstrerror takes any int and returns NULL or a static
    // NUL-terminated string, which is what static_str asks for.
    unsafe { static_str(libc::hstrerror(h)) }
}

/// Copies a string libc returned; None for NULL.
///
/// # Safety
/// `p` is NULL or points to a NUL-terminated string that stays alive.
unsafe fn static_str(p: *const c_char) -> Option<String> {
    if p.is_null() {
        return None;
    }
    // SAFETY: non-null here, and NUL-terminated by the caller's guarantee.
    let s = unsafe { CStr::from_ptr(p) };
    Some(s.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages() {
        assert_eq!(
            strerror(libc::ECONNREFUSED).as_deref(),
            Some("Connection refused")
        );
        assert_eq!(
            gai_strerror(libc::EAI_NONAME).as_deref(),
            Some("Name or service not known")
        );
        assert_eq!(hstrerror(1).as_deref(), Some("Unknown host"));
    }
}
