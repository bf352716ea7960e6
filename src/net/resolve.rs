//! The resolver calls, each through the trace point, with Python's semantics:
//! getaddrinfo, gethostbyname_ex (getaddrinfo then gethostbyname_r, as
//! CPython does), gethostbyaddr, gethostname, getnameinfo. The services and
//! protocols databases are in `netdb`.
//!
//! glibc's reentrant host calls are not in the libc crate, so they are
//! declared here; the answers are copied out before the buffers go away.

use std::ffi::{CStr, CString, c_char, c_int, c_void};
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::ptr;

use socket2::SockAddr;

use super::addr::{Addr, family_name, socktype_name};
use crate::trace;
use crate::ui::escape::py_str;

unsafe extern "C" {
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

/// One getaddrinfo answer: Python's (family, type, proto, canonname, sockaddr).
#[derive(Debug, Clone)]
pub struct AddrInfo {
    pub family: i32,
    pub socktype: i32,
    pub protocol: i32,
    pub canonname: String,
    pub addr: Addr,
}

impl AddrInfo {
    /// Python's repr of the 5-tuple.
    pub fn py(&self) -> String {
        format!(
            "({}, {}, {}, {}, {})",
            family_name(self.family),
            socktype_name(self.socktype),
            self.protocol,
            py_str(&self.canonname),
            self.addr.py()
        )
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Hints {
    pub family: i32,
    pub socktype: i32,
    pub protocol: i32,
    pub flags: i32,
}

/// Python's notation for an optional str/int argument.
fn py_opt(s: Option<&str>) -> String {
    match s {
        None => "None".into(),
        Some(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => s.into(),
        Some(s) => py_str(s),
    }
}

fn flags_text(flags: i32) -> String {
    let names: Vec<&str> = [
        (libc::AI_PASSIVE, "AI_PASSIVE"),
        (libc::AI_CANONNAME, "AI_CANONNAME"),
        (libc::AI_NUMERICHOST, "AI_NUMERICHOST"),
        (libc::AI_NUMERICSERV, "AI_NUMERICSERV"),
        (libc::AI_V4MAPPED, "AI_V4MAPPED"),
        (libc::AI_ALL, "AI_ALL"),
        (libc::AI_ADDRCONFIG, "AI_ADDRCONFIG"),
    ]
    .iter()
    .filter(|(b, _)| flags & b != 0)
    .map(|&(_, n)| n)
    .collect();
    if names.is_empty() {
        "0".into()
    } else {
        names.join("|")
    }
}

/// Renders a list of results for the trace, shortened after a few.
fn py_list<T>(items: &[T], f: impl Fn(&T) -> String) -> String {
    const SHOWN: usize = 4;
    let mut parts: Vec<String> = items.iter().take(SHOWN).map(f).collect();
    if items.len() > SHOWN {
        parts.push(format!("... {} more", items.len() - SHOWN));
    }
    format!("[{}]", parts.join(", "))
}

/// getaddrinfo(host, service, hints): every answer in the resolver's order.
/// An empty host is passed as NULL, like Python's None. Errors are EAI_ codes.
pub fn getaddrinfo(
    host: Option<&str>,
    service: Option<&str>,
    h: Hints,
) -> Result<Vec<AddrInfo>, i32> {
    let r = getaddrinfo_raw(host, service, h);
    trace::gai(
        "getaddrinfo",
        || {
            format!(
                "{}, {}, {}, {}, {}, {}",
                py_opt(host),
                py_opt(service),
                family_name(h.family),
                socktype_name(h.socktype),
                h.protocol,
                flags_text(h.flags)
            )
        },
        r,
        |v| py_list(v, AddrInfo::py),
    )
}

fn getaddrinfo_raw(
    host: Option<&str>,
    service: Option<&str>,
    h: Hints,
) -> Result<Vec<AddrInfo>, i32> {
    let c_host = match host.map(CString::new).transpose() {
        Ok(c) => c,
        Err(_) => return Err(libc::EAI_NONAME),
    };
    let c_serv = match service.map(CString::new).transpose() {
        Ok(c) => c,
        Err(_) => return Err(libc::EAI_SERVICE),
    };
    // SAFETY: an all-zero addrinfo is a valid hints value.
    let mut hints: libc::addrinfo = unsafe { std::mem::zeroed() };
    hints.ai_family = h.family;
    hints.ai_socktype = h.socktype;
    hints.ai_protocol = h.protocol;
    hints.ai_flags = h.flags;
    let mut res: *mut libc::addrinfo = ptr::null_mut();
    // SAFETY: the strings are NUL-terminated (or NULL), hints and res are valid.
    let rc = unsafe {
        libc::getaddrinfo(
            c_host.as_ref().map_or(ptr::null(), |c| c.as_ptr()),
            c_serv.as_ref().map_or(ptr::null(), |c| c.as_ptr()),
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
        let canonname = if ai.ai_canonname.is_null() {
            String::new()
        } else {
            // SAFETY: a non-null ai_canonname is a NUL-terminated string.
            unsafe { CStr::from_ptr(ai.ai_canonname) }
                .to_string_lossy()
                .into_owned()
        };
        if !ai.ai_addr.is_null() {
            // SAFETY: ai_addr points to ai_addrlen bytes of a socket address.
            let sa = unsafe {
                SockAddr::try_init(|storage, len| {
                    let n =
                        (ai.ai_addrlen as usize).min(std::mem::size_of::<libc::sockaddr_storage>());
                    ptr::copy_nonoverlapping(ai.ai_addr.cast::<u8>(), storage.cast::<u8>(), n);
                    *len = n as libc::socklen_t;
                    Ok(())
                })
            };
            if let Ok(((), sa)) = sa {
                out.push(AddrInfo {
                    family: ai.ai_family,
                    socktype: ai.ai_socktype,
                    protocol: ai.ai_protocol,
                    canonname,
                    addr: Addr::from_sockaddr(&sa),
                });
            }
        }
        cur = ai.ai_next;
    }
    // SAFETY: res came from a successful getaddrinfo and is freed once.
    unsafe { libc::freeaddrinfo(res) };
    Ok(out)
}

/// A host entry: Python's (hostname, aliaslist, ipaddrlist).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostEnt {
    pub hostname: String,
    pub aliases: Vec<String>,
    pub addresses: Vec<IpAddr>,
}

impl HostEnt {
    pub fn py(&self) -> String {
        let aliases: Vec<String> = self.aliases.iter().map(|a| py_str(a)).collect();
        let addrs: Vec<String> = self
            .addresses
            .iter()
            .map(|a| py_str(&a.to_string()))
            .collect();
        format!(
            "({}, [{}], [{}])",
            py_str(&self.hostname),
            aliases.join(", "),
            addrs.join(", ")
        )
    }
}

/// Why a host lookup failed: a getaddrinfo code (gaierror) or an h_errno (herror).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostError {
    Gai(i32),
    /// h_errno: 1 HOST_NOT_FOUND, 2 TRY_AGAIN, 3 NO_RECOVERY, 4 NO_DATA.
    Herr(i32),
    /// An errno (OSError): EAFNOSUPPORT when the entry's family is not the
    /// one asked for, as CPython's gethost_common reports it.
    Os(i32),
}

impl HostError {
    pub fn message(&self) -> String {
        match *self {
            HostError::Gai(c) => super::errno::gai_message(c),
            HostError::Herr(h) => herror_message(h),
            HostError::Os(n) => super::errno::message(n),
        }
    }
    pub fn name(&self) -> &'static str {
        match *self {
            HostError::Gai(c) => super::errno::gai_name(c),
            HostError::Herr(1) => "HOST_NOT_FOUND",
            HostError::Herr(2) => "TRY_AGAIN",
            HostError::Herr(3) => "NO_RECOVERY",
            HostError::Herr(4) => "NO_DATA",
            HostError::Herr(_) => "NETDB_INTERNAL",
            HostError::Os(n) => super::errno::name(n).unwrap_or("OSError"),
        }
    }
}

/// hstrerror, as Python's herror carries it (`Unknown host`).
pub fn herror_message(h: i32) -> String {
    // SAFETY: hstrerror returns a static NUL-terminated string for any value.
    let p = unsafe { libc::hstrerror(h) };
    if p.is_null() {
        return "Resolver internal error".into();
    }
    // SAFETY: non-null static string.
    unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
}

/// CPython's setipaddr: a numeric address is parsed without a lookup, anything
/// else goes through getaddrinfo(name, None, family) and its first answer.
fn setipaddr(name: &str, family: i32) -> Result<IpAddr, HostError> {
    if name == "255.255.255.255" || name == "<broadcast>" {
        return Ok(IpAddr::V4(Ipv4Addr::BROADCAST));
    }
    if (family == libc::AF_UNSPEC || family == libc::AF_INET)
        && let Ok(v4) = name.parse::<Ipv4Addr>()
    {
        return Ok(IpAddr::V4(v4));
    }
    if (family == libc::AF_UNSPEC || family == libc::AF_INET6)
        && !name.contains('%')
        && let Ok(v6) = name.parse::<Ipv6Addr>()
    {
        return Ok(IpAddr::V6(v6));
    }
    let hints = Hints {
        family,
        ..Hints::default()
    };
    let ai = getaddrinfo(Some(name), None, hints).map_err(HostError::Gai)?;
    match ai.first().map(|a| &a.addr) {
        Some(Addr::Inet(s)) => Ok(s.ip()),
        _ => Err(HostError::Gai(libc::EAI_NONAME)),
    }
}

/// Copies a hostent out of libc's buffer.
///
/// # Safety
/// `h` must point to a hostent filled by a successful *_r call whose buffer is alive.
unsafe fn copy_hostent(h: *const libc::hostent) -> (HostEnt, i32) {
    // SAFETY: guaranteed by the caller.
    let h = unsafe { &*h };
    let cstr = |p: *const c_char| -> String {
        // SAFETY: every string in a hostent is NUL-terminated.
        unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
    };
    let hostname = if h.h_name.is_null() {
        String::new()
    } else {
        cstr(h.h_name)
    };
    let mut aliases = Vec::new();
    let mut p = h.h_aliases;
    // SAFETY: h_aliases is a NULL-terminated array of strings.
    while !p.is_null() && unsafe { !(*p).is_null() } {
        aliases.push(cstr(unsafe { *p }));
        p = unsafe { p.add(1) };
    }
    let mut addresses = Vec::new();
    let mut p = h.h_addr_list;
    // SAFETY: h_addr_list is a NULL-terminated array of h_length-byte addresses.
    while !p.is_null() && unsafe { !(*p).is_null() } {
        let a = unsafe { *p }.cast::<u8>();
        match (h.h_addrtype, h.h_length) {
            (libc::AF_INET, 4) => {
                let mut b = [0u8; 4];
                unsafe { ptr::copy_nonoverlapping(a, b.as_mut_ptr(), 4) };
                addresses.push(IpAddr::V4(Ipv4Addr::from(b)));
            }
            (libc::AF_INET6, 16) => {
                let mut b = [0u8; 16];
                unsafe { ptr::copy_nonoverlapping(a, b.as_mut_ptr(), 16) };
                addresses.push(IpAddr::V6(Ipv6Addr::from(b)));
            }
            _ => {}
        }
        p = unsafe { p.add(1) };
    }
    (
        HostEnt {
            hostname,
            aliases,
            addresses,
        },
        h.h_addrtype,
    )
}

/// Calls a glibc *_r host function with a buffer that grows on ERANGE.
/// The entry comes with its h_addrtype.
fn with_hostent(
    mut call: impl FnMut(
        *mut libc::hostent,
        *mut c_char,
        usize,
        *mut *mut libc::hostent,
        *mut c_int,
    ) -> c_int,
) -> Result<(HostEnt, i32), HostError> {
    let mut size = 16 * 1024;
    loop {
        let mut buf = vec![0 as c_char; size];
        // SAFETY: an all-zero hostent is a valid output slot.
        let mut ent: libc::hostent = unsafe { std::mem::zeroed() };
        let mut result: *mut libc::hostent = ptr::null_mut();
        let mut herr: c_int = 0;
        let rc = call(
            &mut ent,
            buf.as_mut_ptr(),
            buf.len(),
            &mut result,
            &mut herr,
        );
        if rc == libc::ERANGE && size < 1 << 24 {
            size *= 4;
            continue;
        }
        if result.is_null() {
            return Err(HostError::Herr(if herr == 0 { 1 } else { herr }));
        }
        // SAFETY: result points into ent/buf, both alive here.
        return Ok(unsafe { copy_hostent(result) });
    }
}

fn trace_host(
    func: &str,
    args: impl FnOnce() -> String,
    r: Result<HostEnt, HostError>,
) -> Result<HostEnt, HostError> {
    trace::text(func, args, r, HostEnt::py, |e| match e {
        HostError::Herr(h) => format!("NULL, h_errno={h} {} ({})", e.name(), herror_message(*h)),
        HostError::Gai(c) => format!(
            "{} ({})",
            super::errno::gai_name(*c),
            super::errno::gai_message(*c)
        ),
        HostError::Os(_) => format!("-1 {} ({})", e.name(), e.message()),
    })
}

/// CPython's gethost_common: an entry of another family than the one asked
/// for is an OSError(EAFNOSUPPORT). glibc answers a reverse lookup of an
/// IPv4-mapped IPv6 address (`::ffff:127.0.0.1`) with an AF_INET entry.
fn same_family(
    r: Result<(HostEnt, i32), HostError>,
    af: i32,
) -> (Result<HostEnt, HostError>, Result<(), HostError>) {
    match r {
        Ok((ent, t)) if t != af => (Ok(ent), Err(HostError::Os(libc::EAFNOSUPPORT))),
        Ok((ent, _)) => (Ok(ent), Ok(())),
        Err(e) => (Err(e), Ok(())),
    }
}

/// gethostbyname_r(name): the raw libc call.
fn gethostbyname(name: &str) -> Result<HostEnt, HostError> {
    let c = CString::new(name).map_err(|_| HostError::Herr(1))?;
    let r = with_hostent(|ent, buf, len, res, herr| {
        // SAFETY: all pointers are valid for the call; buf has len bytes.
        unsafe { gethostbyname_r(c.as_ptr(), ent, buf, len, res, herr) }
    });
    let (r, family) = same_family(r, libc::AF_INET);
    let ent = trace_host("gethostbyname_r", || py_str(name), r)?;
    family.map(|()| ent)
}

/// Python's socket.gethostbyname_ex: setipaddr(name, AF_INET), then gethostbyname_r.
pub fn gethostbyname_ex(name: &str) -> Result<HostEnt, HostError> {
    setipaddr(name, libc::AF_INET)?;
    gethostbyname(name)
}

/// Python's socket.gethostbyaddr: setipaddr(addr, AF_UNSPEC) (a name is
/// resolved first), then gethostbyaddr_r on the packed address.
pub fn gethostbyaddr(addr: &str) -> Result<HostEnt, HostError> {
    let ip = setipaddr(addr, libc::AF_UNSPEC)?;
    let (bytes, af): (Vec<u8>, i32) = match ip {
        IpAddr::V4(v4) => (v4.octets().to_vec(), libc::AF_INET),
        IpAddr::V6(v6) => (v6.octets().to_vec(), libc::AF_INET6),
    };
    let r = with_hostent(|ent, buf, len, res, herr| {
        // SAFETY: bytes holds the packed address of its family; the rest as above.
        unsafe {
            gethostbyaddr_r(
                bytes.as_ptr().cast(),
                bytes.len() as u32,
                af,
                ent,
                buf,
                len,
                res,
                herr,
            )
        }
    });
    let (r, family) = same_family(r, af);
    let ent = trace_host(
        "gethostbyaddr_r",
        || format!("{}, {}", py_str(&ip.to_string()), family_name(af)),
        r,
    )?;
    family.map(|()| ent)
}

/// gethostname().
pub fn gethostname() -> io::Result<String> {
    let mut buf = [0u8; 256];
    // SAFETY: buf is valid for its length; gethostname NUL-terminates on success.
    let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    let r = if rc < 0 {
        Err(io::Error::last_os_error())
    } else {
        let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
        Ok(String::from_utf8_lossy(&buf[..end]).into_owned())
    };
    trace::io("gethostname", String::new, r, |n| py_str(n))
}

/// getnameinfo(sockaddr, flags) → (host, service).
pub fn getnameinfo(sa: &SocketAddr, flags: i32) -> Result<(String, String), i32> {
    let r = dns_lookup::getnameinfo(sa, flags).map_err(|e| e.error_num());
    trace::gai(
        "getnameinfo",
        || format!("{}, {flags}", Addr::Inet(*sa).py()),
        r,
        |(h, s)| format!("({}, {})", py_str(h), py_str(s)),
    )
}
