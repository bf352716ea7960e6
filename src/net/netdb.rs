//! The services and protocols databases (/etc/services, /etc/protocols, or
//! whatever nsswitch names): getservbyname, getservbyport, getprotobyname and
//! getprotobynumber, each through the trace point.
//!
//! The calls themselves (glibc's reentrant `_r` variants, so an entry is
//! copied out of a buffer we own) are in `sys::netdb`.

use std::ffi::CString;

use crate::escape::py_str;
use crate::sys::netdb as sys;
pub use crate::sys::netdb::{ProtoEnt, ServEnt};
use crate::trace;

fn py_list(items: &[String]) -> String {
    let v: Vec<String> = items.iter().map(|s| py_str(s)).collect();
    format!("[{}]", v.join(", "))
}

/// The trace's notation for a servent: the struct's fields in order.
fn py_servent(s: &ServEnt) -> String {
    format!(
        "servent({}, {}, {}, {})",
        py_str(&s.name),
        py_list(&s.aliases),
        s.port,
        py_str(&s.proto)
    )
}

fn py_protoent(p: &ProtoEnt) -> String {
    format!(
        "protoent({}, {}, {})",
        py_str(&p.name),
        py_list(&p.aliases),
        p.number
    )
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
    trace::start();
    let r = (|| {
        let c = CString::new(name).ok()?;
        let p = proto.map(CString::new).transpose().ok()?;
        sys::getservbyname(&c, p.as_deref())
    })();
    not_found(
        "getservbyname",
        || format!("{}, {}", py_str(name), py_proto(proto)),
        r,
        py_servent,
    )
}

/// getservbyport(htons(port), proto): the whole entry, or None when unknown.
pub fn serv_by_port(port: u16, proto: Option<&str>) -> Option<ServEnt> {
    trace::start();
    let r = (|| {
        let p = proto.map(CString::new).transpose().ok()?;
        sys::getservbyport(port, p.as_deref())
    })();
    not_found(
        "getservbyport",
        || format!("{port}, {}", py_proto(proto)),
        r,
        py_servent,
    )
}

/// getprotobyname(name): the whole entry (aliases match too), or None.
pub fn proto_by_name(name: &str) -> Option<ProtoEnt> {
    trace::start();
    let r = CString::new(name)
        .ok()
        .and_then(|c| sys::getprotobyname(&c));
    not_found("getprotobyname", || py_str(name), r, py_protoent)
}

/// getprotobynumber(number): the whole entry, or None.
pub fn proto_by_number(number: i32) -> Option<ProtoEnt> {
    trace::start();
    let r = sys::getprotobynumber(number);
    not_found("getprotobynumber", || number.to_string(), r, py_protoent)
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
