//! Address text ⇄ packed bytes through libc's own parsers and printer:
//! inet_pton, inet_aton (with the legacy forms `127.1`, `0x7f.1`) and
//! inet_ntop. Python calls the same functions, so what is accepted and how
//! an address is written match it exactly. `inet_aton` is not in the libc
//! crate, and so the three are declared here.

use std::ffi::{CStr, c_char, c_int, c_void};

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

/// The packed length of an address of family `af`: 4 for AF_INET, 16 for
/// AF_INET6, None for the families inet_pton and inet_ntop do not know.
pub fn packed_len(af: i32) -> Option<usize> {
    match af {
        libc::AF_INET => Some(4),
        libc::AF_INET6 => Some(16),
        _ => None,
    }
}

/// inet_pton(af, src): the packed address (packed_len(af) bytes), or None
/// when `src` is not an address of that family or the family is unknown
/// (the call is then not made: glibc would fail it with EAFNOSUPPORT).
pub fn pton(af: i32, src: &CStr) -> Option<Vec<u8>> {
    let n = packed_len(af)?;
    let mut buf = [0u8; 16];
    // SAFETY: src is NUL-terminated; buf holds 16 bytes, as many as the
    // largest family (AF_INET6) writes.
    let rc = unsafe { inet_pton(af, src.as_ptr(), buf.as_mut_ptr().cast()) };
    (rc == 1).then(|| buf[..n].to_vec())
}

/// inet_aton(cp): the packed IPv4 address, or None when `cp` is not one.
/// Like glibc (and so Python), anything after the first whitespace is ignored.
pub fn aton(cp: &CStr) -> Option<[u8; 4]> {
    let mut a = libc::in_addr { s_addr: 0 };
    // SAFETY: cp is NUL-terminated; a is a writable in_addr.
    let rc = unsafe { inet_aton(cp.as_ptr(), &mut a) };
    // s_addr is in network byte order: its bytes in memory are the packed form.
    (rc != 0).then(|| a.s_addr.to_ne_bytes())
}

/// inet_ntop(af, packed): glibc's canonical text (`::1.2.3.4`). None when
/// the family is unknown or `packed` is not that family's length.
pub fn ntop(af: i32, packed: &[u8]) -> Option<String> {
    if packed_len(af)? != packed.len() {
        return None;
    }
    // INET6_ADDRSTRLEN is 46 with the NUL.
    let mut buf = [0 as c_char; 64];
    // SAFETY: packed holds exactly the family's address length (checked
    // above), and buf is writable for the 64 bytes we pass.
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
    let s = unsafe { CStr::from_ptr(buf.as_ptr()) };
    Some(s.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_are_checked_before_the_call() {
        assert_eq!(ntop(libc::AF_INET6, &[0; 4]), None);
        assert_eq!(ntop(libc::AF_UNIX, &[0; 4]), None);
        assert_eq!(pton(libc::AF_UNIX, c"127.0.0.1"), None);
        assert_eq!(pton(libc::AF_INET6, c"::1").map(|b| b.len()), Some(16));
        assert_eq!(aton(c"127.1"), Some([127, 0, 0, 1]));
    }
}
