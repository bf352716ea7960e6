//! The netdb databases through glibc's reentrant calls: services
//! (getservbyname_r, getservbyport_r), protocols (getprotobyname_r,
//! getprotobynumber_r) and hosts (gethostbyname_r, gethostbyaddr_r).
//!
//! The `_r` variants fill a buffer we own, so an entry is copied out before
//! anything else can overwrite it (the plain calls share static storage).
//! They are not in the libc crate and are declared here. All six go through
//! `call_r`, the one loop that grows the buffer while the call says ERANGE.

use std::ffi::{CStr, c_char, c_int, c_void};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::ptr;

use super::{c_string, c_strings};

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
    fn gethostbyname_r(
        name: *const c_char,
        ret: *mut libc::hostent,
        buf: *mut c_char,
        buflen: libc::size_t,
        result: *mut *mut libc::hostent,
        h_errnop: *mut c_int,
    ) -> c_int;
    fn gethostbyaddr_r(
        addr: *const c_void,
        len: libc::socklen_t,
        af: c_int,
        ret: *mut libc::hostent,
        buf: *mut c_char,
        buflen: libc::size_t,
        result: *mut *mut libc::hostent,
        h_errnop: *mut c_int,
    ) -> c_int;
}

/// A services entry: `struct servent`, the port in host byte order.
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

/// A hosts entry: `struct hostent`, with the addresses of its family
/// (`h_addrtype`) unpacked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostEnt {
    pub name: String,
    pub aliases: Vec<String>,
    pub addresses: Vec<IpAddr>,
    pub addrtype: i32,
}

/// The C structs a `*_r` call fills. All-zero (NULL pointers, zeros) is a
/// valid value for each, which `call_r` relies on for its output slot.
///
/// # Safety
/// Implement only for plain C structs for which all-zero bytes are valid.
unsafe trait Entry {}
// SAFETY: plain C structs of pointers and integers.
unsafe impl Entry for libc::servent {}
// SAFETY: as above.
unsafe impl Entry for libc::protoent {}
// SAFETY: as above.
unsafe impl Entry for libc::hostent {}

/// The buffer sizes of a `*_r` call: where it starts and past which it
/// stops growing.
#[derive(Clone, Copy)]
struct BufSize {
    start: usize,
    max: usize,
}

/// The services and protocols calls: 4 KiB up to 4 MiB.
const SMALL: BufSize = BufSize {
    start: 4096,
    max: 1 << 22,
};
/// The hosts calls start larger, 16 KiB up to 16 MiB: an answer with many
/// addresses would otherwise cost a second lookup (glibc redoes the query
/// after ERANGE).
const LARGE: BufSize = BufSize {
    start: 16 * 1024,
    max: 1 << 24,
};

/// Calls a glibc `*_r` function, with a buffer that starts at `sizes.start`
/// bytes and grows fourfold while the call answers ERANGE, up to `sizes.max`.
/// `call` gets (entry, buf, buflen, result) and returns the call's status;
/// `copy` reads the entry while the buffer is still alive.
/// Returns the last status and the copy when `result` was set.
///
/// # Safety
/// `call` must make the `*_r` call with exactly these arguments, so that a
/// non-NULL `result` points to an entry whose pointers all lead into the
/// entry or the buffer.
unsafe fn call_r<E: Entry, T>(
    sizes: BufSize,
    mut call: impl FnMut(*mut E, *mut c_char, usize, *mut *mut E) -> c_int,
    copy: unsafe fn(&E) -> T,
) -> (c_int, Option<T>) {
    let mut size = sizes.start;
    loop {
        let mut buf = vec![0 as c_char; size];
        // SAFETY: all-zero is a valid E (the Entry contract).
        let mut ent: E = unsafe { std::mem::zeroed() };
        let mut result: *mut E = ptr::null_mut();
        let rc = call(&mut ent, buf.as_mut_ptr(), buf.len(), &mut result);
        if rc == libc::ERANGE && size < sizes.max {
            size *= 4;
            continue;
        }
        // SAFETY: a non-NULL result points to ent (alive here), filled by
        // the call with pointers into ent and buf (alive here), by the
        // caller's guarantee; which is what copy asks for.
        let found = (!result.is_null()).then(|| unsafe { copy(&*result) });
        return (rc, found);
    }
}

/// Copies a servent.
///
/// # Safety
/// (The same for the three `copy_` functions.)
/// The entry was filled by a successful `*_r` call whose buffer is alive:
/// its strings and arrays are NUL- and NULL-terminated and readable.
unsafe fn copy_servent(s: &libc::servent) -> ServEnt {
    // SAFETY: the strings and the alias array are as c_string and
    // c_strings ask (the function's contract).
    unsafe {
        ServEnt {
            name: c_string(s.s_name),
            aliases: c_strings(s.s_aliases),
            // s_port holds the port in network byte order in its low 16 bits.
            port: u16::from_be(s.s_port as u16),
            proto: c_string(s.s_proto),
        }
    }
}

/// Copies a protoent (safety as for copy_servent).
unsafe fn copy_protoent(p: &libc::protoent) -> ProtoEnt {
    // SAFETY: as in copy_servent.
    unsafe {
        ProtoEnt {
            name: c_string(p.p_name),
            aliases: c_strings(p.p_aliases),
            number: p.p_proto,
        }
    }
}

/// Copies a hostent, unpacking the addresses of its family (safety as for
/// copy_servent; the addresses are `h_length` bytes each).
unsafe fn copy_hostent(h: &libc::hostent) -> HostEnt {
    let mut addresses = Vec::new();
    let mut p = h.h_addr_list;
    // SAFETY: h_addr_list is NULL or a NULL-terminated array of
    // h_length-byte addresses (the function's contract); we read 4 or 16
    // bytes only when h_length says so.
    unsafe {
        while !p.is_null() && !(*p).is_null() {
            let a = (*p).cast::<u8>();
            match (h.h_addrtype, h.h_length) {
                (libc::AF_INET, 4) => {
                    let b: [u8; 4] = ptr::read_unaligned(a.cast());
                    addresses.push(IpAddr::V4(Ipv4Addr::from(b)));
                }
                (libc::AF_INET6, 16) => {
                    let b: [u8; 16] = ptr::read_unaligned(a.cast());
                    addresses.push(IpAddr::V6(Ipv6Addr::from(b)));
                }
                _ => {}
            }
            p = p.add(1);
        }
    }
    // SAFETY: as in copy_servent.
    let (name, aliases) = unsafe { (c_string(h.h_name), c_strings(h.h_aliases)) };
    HostEnt {
        name,
        aliases,
        addresses,
        addrtype: h.h_addrtype,
    }
}

fn opt_ptr(s: Option<&CStr>) -> *const c_char {
    s.map_or(ptr::null(), CStr::as_ptr)
}

/// getservbyname_r(name, proto): the entry, or None when there is none
/// (or the call failed). A None proto matches any protocol.
pub fn getservbyname(name: &CStr, proto: Option<&CStr>) -> Option<ServEnt> {
    // SAFETY: the closure makes the call with call_r's arguments; name and
    // proto are NUL-terminated (or NULL) and outlive it.
    let (rc, ent) = unsafe {
        call_r(
            SMALL,
            |ent, buf, len, res| getservbyname_r(name.as_ptr(), opt_ptr(proto), ent, buf, len, res),
            copy_servent,
        )
    };
    ent.filter(|_| rc == 0)
}

/// getservbyport_r(htons(port), proto): the entry, or None.
pub fn getservbyport(port: u16, proto: Option<&CStr>) -> Option<ServEnt> {
    // SAFETY: as in getservbyname; the port goes in network byte order.
    let (rc, ent) = unsafe {
        call_r(
            SMALL,
            |ent, buf, len, res| {
                getservbyport_r(
                    c_int::from(port.to_be()),
                    opt_ptr(proto),
                    ent,
                    buf,
                    len,
                    res,
                )
            },
            copy_servent,
        )
    };
    ent.filter(|_| rc == 0)
}

/// getprotobyname_r(name): the entry (aliases match too), or None.
pub fn getprotobyname(name: &CStr) -> Option<ProtoEnt> {
    // SAFETY: as in getservbyname.
    let (rc, ent) = unsafe {
        call_r(
            SMALL,
            |ent, buf, len, res| getprotobyname_r(name.as_ptr(), ent, buf, len, res),
            copy_protoent,
        )
    };
    ent.filter(|_| rc == 0)
}

/// getprotobynumber_r(number): the entry, or None.
pub fn getprotobynumber(number: i32) -> Option<ProtoEnt> {
    // SAFETY: the closure makes the call with call_r's arguments.
    let (rc, ent) = unsafe {
        call_r(
            SMALL,
            |ent, buf, len, res| getprotobynumber_r(number, ent, buf, len, res),
            copy_protoent,
        )
    };
    ent.filter(|_| rc == 0)
}

/// gethostbyname_r(name): the entry, or the h_errno (1 HOST_NOT_FOUND when
/// the call left it 0).
pub fn gethostbyname(name: &CStr) -> Result<HostEnt, i32> {
    let mut herr: c_int = 0;
    // SAFETY: as in getservbyname; herr is a writable int.
    let (_, ent) = unsafe {
        call_r(
            LARGE,
            |ent, buf, len, res| gethostbyname_r(name.as_ptr(), ent, buf, len, res, &mut herr),
            copy_hostent,
        )
    };
    ent.ok_or(if herr == 0 { 1 } else { herr })
}

/// gethostbyaddr_r(packed address, family): the entry, or the h_errno as
/// for gethostbyname.
pub fn gethostbyaddr(addr: IpAddr) -> Result<HostEnt, i32> {
    let (bytes, af): (Vec<u8>, c_int) = match addr {
        IpAddr::V4(v4) => (v4.octets().to_vec(), libc::AF_INET),
        IpAddr::V6(v6) => (v6.octets().to_vec(), libc::AF_INET6),
    };
    let mut herr: c_int = 0;
    // SAFETY: as in gethostbyname; bytes holds the packed address of
    // family af and its length is what we pass.
    let (_, ent) = unsafe {
        call_r(
            LARGE,
            |ent, buf, len, res| {
                gethostbyaddr_r(
                    bytes.as_ptr().cast(),
                    bytes.len() as libc::socklen_t,
                    af,
                    ent,
                    buf,
                    len,
                    res,
                    &mut herr,
                )
            },
            copy_hostent,
        )
    };
    ent.ok_or(if herr == 0 { 1 } else { herr })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_known_entries() {
        // Every Linux services/protocols file has these; the integration
        // tests compare the rest with python3.
        if let Some(s) = getservbyname(c"ssh", Some(c"tcp")) {
            assert_eq!((s.port, s.proto.as_str()), (22, "tcp"));
            assert_eq!(
                getservbyport(22, Some(c"tcp")).map(|s| s.name),
                Some(s.name)
            );
        }
        assert_eq!(getservbyname(c"no-such-service-x", None), None);
        if let Some(p) = getprotobynumber(6) {
            assert_eq!(getprotobyname(c"tcp").map(|t| t.number), Some(6));
            assert_eq!(p.name, "tcp");
        }
        assert_eq!(getprotobyname(c"no-such-proto-x"), None);
    }

    #[test]
    fn loopback_host() {
        let h = gethostbyaddr(IpAddr::V4(Ipv4Addr::LOCALHOST));
        if let Ok(h) = h {
            assert_eq!(h.addrtype, libc::AF_INET);
            assert!(h.addresses.contains(&IpAddr::V4(Ipv4Addr::LOCALHOST)));
        }
    }
}
