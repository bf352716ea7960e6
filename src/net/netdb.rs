//! The services and protocols databases (/etc/services, /etc/protocols, or
//! whatever nsswitch names): getservbyname, getservbyport, getprotobyname and
//! getprotobynumber, each through the trace point.
//!
//! The reentrant glibc variants are used, so an entry is copied out of a
//! buffer we own (no static storage another call could overwrite). They are
//! not in the libc crate, so they are declared here.

use std::ffi::{CStr, CString, c_char, c_int};
use std::ptr;

use crate::trace;
use crate::ui::escape::py_str;

unsafe extern "C" {
    fn getservbyname_r(
        name: *const c_char,
        proto: *const c_char,
        ret: *mut libc::servent,
        buf: *mut c_char,
        buflen: libc::size_t,
        result: *mut *mut libc::servent,
    ) -> c_int;
    fn getservbyport_r(
        port: c_int,
        proto: *const c_char,
        ret: *mut libc::servent,
        buf: *mut c_char,
        buflen: libc::size_t,
        result: *mut *mut libc::servent,
    ) -> c_int;
    fn getprotobyname_r(
        name: *const c_char,
        ret: *mut libc::protoent,
        buf: *mut c_char,
        buflen: libc::size_t,
        result: *mut *mut libc::protoent,
    ) -> c_int;
    fn getprotobynumber_r(
        proto: c_int,
        ret: *mut libc::protoent,
        buf: *mut c_char,
        buflen: libc::size_t,
        result: *mut *mut libc::protoent,
    ) -> c_int;
}

/// A services entry: `struct servent`, port in host byte order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServEnt {
    pub name: String,
    pub aliases: Vec<String>,
    pub port: u16,
    pub proto: String,
}

/// A protocols entry: `struct protoent`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtoEnt {
    pub name: String,
    pub aliases: Vec<String>,
    pub number: i32,
}

fn py_list(items: &[String]) -> String {
    let v: Vec<String> = items.iter().map(|s| py_str(s)).collect();
    format!("[{}]", v.join(", "))
}

impl ServEnt {
    /// The trace's notation: the struct's fields in order.
    fn py(&self) -> String {
        format!(
            "servent({}, {}, {}, {})",
            py_str(&self.name),
            py_list(&self.aliases),
            self.port,
            py_str(&self.proto)
        )
    }
}

impl ProtoEnt {
    fn py(&self) -> String {
        format!(
            "protoent({}, {}, {})",
            py_str(&self.name),
            py_list(&self.aliases),
            self.number
        )
    }
}

/// A NUL-terminated C string, copied; NULL is "".
///
/// # Safety
/// `p` is NULL or points to a NUL-terminated string.
unsafe fn c_string(p: *const c_char) -> String {
    if p.is_null() {
        return String::new();
    }
    // SAFETY: guaranteed by the caller.
    unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
}

/// A NULL-terminated array of C strings, copied.
///
/// # Safety
/// `p` is NULL or a NULL-terminated array of NUL-terminated strings.
unsafe fn c_strings(mut p: *const *mut c_char) -> Vec<String> {
    let mut out = Vec::new();
    // SAFETY: guaranteed by the caller; we stop at the NULL entry.
    while !p.is_null() && unsafe { !(*p).is_null() } {
        out.push(unsafe { c_string(*p) });
        p = unsafe { p.add(1) };
    }
    out
}

/// Calls a glibc *_r database function with a buffer that grows on ERANGE.
/// `call` gets (entry, buf, buflen, result) and returns the function's status;
/// `copy` reads the entry while the buffer is alive. None: not found.
fn with_buffer<E, T>(
    mut call: impl FnMut(*mut E, *mut c_char, usize, *mut *mut E) -> c_int,
    copy: impl Fn(*const E) -> T,
) -> Option<T> {
    let mut size = 4096;
    loop {
        let mut buf = vec![0 as c_char; size];
        // SAFETY: servent and protoent are plain C structs; all-zero (NULL
        // pointers, 0) is a valid value for an output slot.
        let mut ent: E = unsafe { std::mem::zeroed() };
        let mut result: *mut E = ptr::null_mut();
        let rc = call(&mut ent, buf.as_mut_ptr(), buf.len(), &mut result);
        if rc == libc::ERANGE && size < 1 << 22 {
            size *= 4;
            continue;
        }
        if rc != 0 || result.is_null() {
            return None;
        }
        return Some(copy(result));
    }
}

fn copy_servent(s: *const libc::servent) -> ServEnt {
    // SAFETY: s points to the entry a successful *_r call filled; its strings
    // live in the buffer, which the caller keeps alive during the copy.
    let s = unsafe { &*s };
    ServEnt {
        name: unsafe { c_string(s.s_name) },
        aliases: unsafe { c_strings(s.s_aliases) },
        // s_port holds the port in network byte order in its low 16 bits.
        port: u16::from_be(s.s_port as u16),
        proto: unsafe { c_string(s.s_proto) },
    }
}

fn copy_protoent(p: *const libc::protoent) -> ProtoEnt {
    // SAFETY: as for copy_servent.
    let p = unsafe { &*p };
    ProtoEnt {
        name: unsafe { c_string(p.p_name) },
        aliases: unsafe { c_strings(p.p_aliases) },
        number: p.p_proto,
    }
}

/// Python's notation for the optional protocol argument.
fn py_proto(proto: Option<&str>) -> String {
    proto.map_or("None".to_string(), py_str)
}

fn not_found<T>(
    func: &str,
    args: impl FnOnce() -> String,
    r: Option<T>,
    show: impl FnOnce(&T) -> String,
) -> Option<T> {
    trace::text(func, args, r.ok_or(()), show, |_| "NULL (not found)".into()).ok()
}

/// getservbyname(name, proto): the whole entry, or None when unknown.
/// A NULL proto (None) matches any protocol; the first entry wins.
pub fn serv_by_name(name: &str, proto: Option<&str>) -> Option<ServEnt> {
    let r = (|| {
        let c = CString::new(name).ok()?;
        let p = proto.map(CString::new).transpose().ok()?;
        with_buffer(
            |ent, buf, len, res| {
                // SAFETY: valid NUL-terminated strings (or NULL for any
                // protocol); buf has len bytes; ent and res are valid slots.
                unsafe {
                    getservbyname_r(
                        c.as_ptr(),
                        p.as_ref().map_or(ptr::null(), |p| p.as_ptr()),
                        ent,
                        buf,
                        len,
                        res,
                    )
                }
            },
            copy_servent,
        )
    })();
    not_found(
        "getservbyname",
        || format!("{}, {}", py_str(name), py_proto(proto)),
        r,
        ServEnt::py,
    )
}

/// getservbyport(htons(port), proto): the whole entry, or None when unknown.
pub fn serv_by_port(port: u16, proto: Option<&str>) -> Option<ServEnt> {
    let r = (|| {
        let p = proto.map(CString::new).transpose().ok()?;
        with_buffer(
            |ent, buf, len, res| {
                // SAFETY: as in serv_by_name; the port goes in network order.
                unsafe {
                    getservbyport_r(
                        c_int::from(port.to_be()),
                        p.as_ref().map_or(ptr::null(), |p| p.as_ptr()),
                        ent,
                        buf,
                        len,
                        res,
                    )
                }
            },
            copy_servent,
        )
    })();
    not_found(
        "getservbyport",
        || format!("{port}, {}", py_proto(proto)),
        r,
        ServEnt::py,
    )
}

/// getprotobyname(name): the whole entry (aliases match too), or None.
pub fn proto_by_name(name: &str) -> Option<ProtoEnt> {
    let r = CString::new(name).ok().and_then(|c| {
        with_buffer(
            |ent, buf, len, res| {
                // SAFETY: c is NUL-terminated; buf has len bytes.
                unsafe { getprotobyname_r(c.as_ptr(), ent, buf, len, res) }
            },
            copy_protoent,
        )
    });
    not_found("getprotobyname", || py_str(name), r, ProtoEnt::py)
}

/// getprotobynumber(number): the whole entry, or None.
pub fn proto_by_number(number: i32) -> Option<ProtoEnt> {
    let r = with_buffer(
        |ent, buf, len, res| {
            // SAFETY: buf has len bytes; ent and res are valid slots.
            unsafe { getprotobynumber_r(number, ent, buf, len, res) }
        },
        copy_protoent,
    );
    not_found("getprotobynumber", || number.to_string(), r, ProtoEnt::py)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_known_entries() {
        // Every Linux services/protocols file has these; the integration
        // tests compare the rest with python3 and libc through ctypes.
        if let Some(s) = serv_by_name("ssh", Some("tcp")) {
            assert_eq!((s.port, s.proto.as_str()), (22, "tcp"));
        }
        assert_eq!(serv_by_name("no-such-service-x", None), None);
        if let Some(p) = proto_by_number(6) {
            assert_eq!(p.name, "tcp");
        }
        assert_eq!(proto_by_name("no-such-proto-x"), None);
    }
}
