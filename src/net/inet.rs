//! Address text ⇄ packed bytes, the libc way and through the trace point:
//! inet_pton (strict dotted quad, IPv6), inet_aton (IPv4 with the legacy
//! forms `127.1`, `0x7f.1`, `2130706433`, as Python's socket.inet_aton
//! accepts them) and inet_ntop (glibc's canonical text, e.g. `::1.2.3.4`).
//!
//! libc is called rather than Rust's parsers so that what is accepted and
//! how an address is written is exactly what Python (which calls the same
//! functions) shows.

use std::ffi::{CStr, CString, c_char, c_int, c_void};

use super::addr::family_name;
use crate::trace;
use crate::ui::escape::{py_bytes, py_str};

unsafe extern "C" {
    fn inet_pton(af: c_int, src: *const c_char, dst: *mut c_void) -> c_int;
    fn inet_aton(cp: *const c_char, inp: *mut libc::in_addr) -> c_int;
    fn inet_ntop(
        af: c_int,
        src: *const c_void,
        dst: *mut c_char,
        size: libc::socklen_t,
    ) -> *const c_char;
}

/// Packed length of a family's address (4 or 16); None for other families.
pub fn packed_len(af: i32) -> Option<usize> {
    match af {
        libc::AF_INET => Some(4),
        libc::AF_INET6 => Some(16),
        _ => None,
    }
}

/// inet_pton(af, text): the packed bytes, or None when the text is not an
/// address of that family (the call returns 0) or the family is unknown.
pub fn pton(af: i32, text: &str) -> Option<Vec<u8>> {
    let r = (|| {
        let n = packed_len(af)?;
        let c = CString::new(text).ok()?;
        let mut buf = [0u8; 16];
        // SAFETY: c is NUL-terminated; buf holds 16 bytes, enough for either family.
        let rc = unsafe { inet_pton(af, c.as_ptr(), buf.as_mut_ptr().cast()) };
        (rc == 1).then(|| buf[..n].to_vec())
    })();
    trace::text(
        "inet_pton",
        || format!("{}, {}", family_name(af), py_str(text)),
        r.ok_or(()),
        |b| py_bytes(b),
        |_| "0 (not a valid address of that family)".into(),
    )
    .ok()
}

/// inet_aton(text): the packed IPv4 address, or None. Like glibc (and so
/// Python), anything after the first whitespace is ignored.
pub fn aton(text: &str) -> Option<[u8; 4]> {
    let r = (|| {
        let c = CString::new(text).ok()?;
        let mut a = libc::in_addr { s_addr: 0 };
        // SAFETY: c is NUL-terminated; a is a valid in_addr.
        let rc = unsafe { inet_aton(c.as_ptr(), &mut a) };
        // s_addr is in network byte order: its bytes in memory are the packed form.
        (rc != 0).then(|| a.s_addr.to_ne_bytes())
    })();
    trace::text(
        "inet_aton",
        || py_str(text),
        r.ok_or(()),
        |b| py_bytes(b),
        |_| "0 (illegal IP address string)".into(),
    )
    .ok()
}

/// inet_ntop(af, packed): the canonical text. None when the length does
/// not fit the family.
pub fn ntop(af: i32, packed: &[u8]) -> Option<String> {
    let r = (|| {
        if packed_len(af)? != packed.len() {
            return None;
        }
        // INET6_ADDRSTRLEN is 46 with the NUL.
        let mut buf = [0 as c_char; 64];
        // SAFETY: packed holds the family's address length; buf has 64 bytes.
        let p = unsafe {
            inet_ntop(
                af,
                packed.as_ptr().cast(),
                buf.as_mut_ptr(),
                buf.len() as libc::socklen_t,
            )
        };
        if p.is_null() {
            return None;
        }
        // SAFETY: on success buf holds a NUL-terminated string.
        Some(
            unsafe { CStr::from_ptr(buf.as_ptr()) }
                .to_string_lossy()
                .into_owned(),
        )
    })();
    trace::text(
        "inet_ntop",
        || format!("{}, {}", family_name(af), py_bytes(packed)),
        r.ok_or(()),
        |s| py_str(s),
        |_| "NULL (EAFNOSUPPORT or wrong length)".into(),
    )
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libc_forms() {
        assert_eq!(
            pton(libc::AF_INET, "192.168.0.1"),
            Some(vec![192, 168, 0, 1])
        );
        assert_eq!(pton(libc::AF_INET, "127.1"), None);
        assert_eq!(aton("127.1"), Some([127, 0, 0, 1]));
        assert_eq!(aton("0x7f.1"), Some([127, 0, 0, 1]));
        assert_eq!(aton("2130706433"), Some([127, 0, 0, 1]));
        assert_eq!(aton("1.2.3.256"), None);
        assert_eq!(
            ntop(libc::AF_INET, &[192, 168, 0, 1]).as_deref(),
            Some("192.168.0.1")
        );
        let mut v6 = [0u8; 16];
        v6[15] = 1;
        assert_eq!(ntop(libc::AF_INET6, &v6).as_deref(), Some("::1"));
        assert_eq!(ntop(libc::AF_INET6, &[0; 4]), None);
    }
}
