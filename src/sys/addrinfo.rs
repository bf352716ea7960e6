//! getaddrinfo(3): every answer copied out of libc's list, which is then
//! freed. The answers keep the resolver's order and every field Python's
//! socket.getaddrinfo shows, the socket address as a `SockAddr` of any
//! family. (dns-lookup's wrapper knows only IPv4 and IPv6 addresses.)

use std::ffi::CStr;
use std::{mem, ptr};

use socket2::SockAddr;

use super::c_string;

/// The hints argument: `ai_family`, `ai_socktype`, `ai_protocol`, `ai_flags`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hints {
    pub family: i32,
    pub socktype: i32,
    pub protocol: i32,
    pub flags: i32,
}

/// One answer: `struct addrinfo` without its list link.
#[derive(Debug, Clone)]
pub struct AddrInfo {
    pub family: i32,
    pub socktype: i32,
    pub protocol: i32,
    /// `ai_canonname`, "" when NULL (only the first answer has one, and only
    /// under AI_CANONNAME).
    pub canonname: String,
    pub addr: SockAddr,
}

/// getaddrinfo(host, service, hints): the answers, or the EAI_ code. A None
/// host or service is passed as NULL. Answers without an address are skipped.
pub fn getaddrinfo(
    host: Option<&CStr>,
    service: Option<&CStr>,
    h: Hints,
) -> Result<Vec<AddrInfo>, i32> {
    // SAFETY: all-zero is a valid addrinfo (NULL pointers, zeros): the
    // unused fields of hints must be that.
    let mut hints: libc::addrinfo = unsafe { mem::zeroed() };
    hints.ai_family = h.family;
    hints.ai_socktype = h.socktype;
    hints.ai_protocol = h.protocol;
    hints.ai_flags = h.flags;
    let mut res: *mut libc::addrinfo = ptr::null_mut();
    // SAFETY: host and service are NUL-terminated or NULL, hints is a valid
    // addrinfo, res a writable slot; all outlive the call.
    let rc = unsafe {
        libc::getaddrinfo(
            host.map_or(ptr::null(), CStr::as_ptr),
            service.map_or(ptr::null(), CStr::as_ptr),
            &hints,
            &mut res,
        )
    };
    if rc != 0 {
        return Err(rc);
    }
    let mut out = Vec::new();
    let mut cur = res;
    while !cur.is_null() {
        // SAFETY: cur walks the list getaddrinfo returned, freed only below.
        let ai = unsafe { &*cur };
        // SAFETY: an answer's ai_addr is NULL or ai_addrlen bytes of address.
        if let Some(addr) = unsafe { copy_addr(ai) } {
            out.push(AddrInfo {
                family: ai.ai_family,
                socktype: ai.ai_socktype,
                protocol: ai.ai_protocol,
                // SAFETY: ai_canonname is NULL or a NUL-terminated string
                // owned by the list, which is still alive.
                canonname: unsafe { c_string(ai.ai_canonname) },
                addr,
            });
        }
        cur = ai.ai_next;
    }
    // SAFETY: res came from a successful getaddrinfo, is freed once, and
    // nothing read from it is used after (everything was copied).
    unsafe { libc::freeaddrinfo(res) };
    Ok(out)
}

/// Copies an answer's socket address (at most a sockaddr_storage); None
/// when it has none.
///
/// # Safety
/// `ai.ai_addr` is NULL or points to `ai.ai_addrlen` readable bytes.
unsafe fn copy_addr(ai: &libc::addrinfo) -> Option<SockAddr> {
    if ai.ai_addr.is_null() {
        return None;
    }
    let n = (ai.ai_addrlen as usize).min(mem::size_of::<libc::sockaddr_storage>());
    // SAFETY: ai_addr points to ai_addrlen readable bytes (the caller's
    // guarantee), storage has room for the n ≤
    // sizeof(sockaddr_storage) bytes copied, and len is set to n.
    let r = unsafe {
        SockAddr::try_init(|storage, len| {
            ptr::copy_nonoverlapping(ai.ai_addr.cast::<u8>(), storage.cast::<u8>(), n);
            *len = n as libc::socklen_t;
            Ok(())
        })
    };
    r.ok().map(|((), sa)| sa)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_loopback() {
        let hints = Hints {
            family: libc::AF_INET,
            socktype: libc::SOCK_STREAM,
            flags: libc::AI_NUMERICHOST | libc::AI_NUMERICSERV,
            ..Hints::default()
        };
        let v = getaddrinfo(Some(c"127.0.0.1"), Some(c"80"), hints).unwrap();
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].family, libc::AF_INET);
        assert_eq!(v[0].addr.as_socket(), Some("127.0.0.1:80".parse().unwrap()));
        let e = getaddrinfo(Some(c"not an address"), None, hints).unwrap_err();
        assert_eq!(e, libc::EAI_NONAME);
    }
}
