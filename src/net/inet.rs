//! Address text ⇄ packed bytes, the libc way and through the trace point:
//! inet_pton (strict dotted quad, IPv6), inet_aton (IPv4 with the legacy
//! forms `127.1`, `0x7f.1`, `2130706433`, as Python's socket.inet_aton
//! accepts them) and inet_ntop (glibc's canonical text, e.g. `::1.2.3.4`).
//!
//! libc is called rather than Rust's parsers so that what is accepted and
//! how an address is written is exactly what Python (which calls the same
//! functions) shows. The calls themselves are in `sys::inet`.

use std::ffi::CString;

use super::addr::family_name;
use crate::escape::{py_bytes, py_str};
use crate::sys::inet as sys;
use crate::trace;

/// inet_pton(af, text): the packed bytes, or None when the text is not an
/// address of that family (the call returns 0) or the family is unknown.
pub fn pton(af: i32, text: &str) -> Option<Vec<u8>> {
    trace::start();
    let r = CString::new(text).ok().and_then(|c| sys::pton(af, &c));
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
    trace::start();
    let r = CString::new(text).ok().and_then(|c| sys::aton(&c));
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
    trace::start();
    let r = sys::ntop(af, packed);
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
            pton(libc::AF_INET, "127.168.0.1"),
            Some(vec![127, 168, 0, 1])
        );
        assert_eq!(pton(libc::AF_INET, "127.1"), None);
        assert_eq!(aton("127.1"), Some([127, 0, 0, 1]));
        assert_eq!(aton("0x7f.1"), Some([127, 0, 0, 1]));
        assert_eq!(aton("2130706433"), Some([127, 0, 0, 1]));
        assert_eq!(aton("1.2.3.256"), None);
        assert_eq!(
            ntop(libc::AF_INET, &[127, 168, 0, 1]).as_deref(),
            Some("127.168.0.1")
        );
        let mut v6 = [0u8; 16];
        v6[15] = 1;
        assert_eq!(ntop(libc::AF_INET6, &v6).as_deref(), Some("::1"));
        assert_eq!(ntop(libc::AF_INET6, &[0; 4]), None);
    }
}
