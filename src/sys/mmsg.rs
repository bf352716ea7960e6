//! Datagram batching: recvmmsg(2) to take many datagrams per call (each with
//! its sender and its real length under MSG_TRUNC) and sendmmsg(2) to send
//! many per call, each one its own datagram. Buffers are allocated once;
//! nothing on the loop allocates.

use std::io;
use std::os::fd::RawFd;

use socket2::SockAddr;

use crate::net::addr::Addr;

/// How many datagrams one recvmmsg/sendmmsg call moves at most.
pub const BATCH: usize = 64;

/// A reusable recvmmsg batch.
pub struct RecvBatch {
    bufs: Vec<u8>,
    size: usize,
    iovs: Vec<libc::iovec>,
    addrs: Vec<libc::sockaddr_storage>,
    msgs: Vec<libc::mmsghdr>,
    count: usize,
}

/// One datagram of a batch.
pub struct Datagram<'a> {
    /// The bytes received (at most the buffer size).
    pub data: &'a [u8],
    /// The datagram's real length (larger than data.len() when truncated).
    pub len: usize,
    pub from: Addr,
}

impl RecvBatch {
    pub fn new(size: usize, n: usize) -> RecvBatch {
        let n = n.max(1);
        RecvBatch {
            bufs: vec![0; size * n],
            size,
            // SAFETY (zeroed): iovec, sockaddr_storage and mmsghdr are plain C
            // structs for which all-zero is a valid value.
            iovs: vec![unsafe { std::mem::zeroed() }; n],
            addrs: vec![unsafe { std::mem::zeroed() }; n],
            msgs: vec![unsafe { std::mem::zeroed() }; n],
            count: 0,
        }
    }

    /// recvmmsg(fd, at most `max`, MSG_TRUNC | flags): the number of datagrams taken.
    pub fn recv(&mut self, fd: RawFd, flags: i32, max: usize) -> io::Result<usize> {
        let n = self.msgs.len().min(max.max(1));
        for i in 0..n {
            self.iovs[i] = libc::iovec {
                // SAFETY: each slot lies within bufs (size * n bytes).
                iov_base: unsafe { self.bufs.as_mut_ptr().add(i * self.size) }.cast(),
                iov_len: self.size,
            };
            let h = &mut self.msgs[i].msg_hdr;
            h.msg_name = (&raw mut self.addrs[i]).cast();
            h.msg_namelen = std::mem::size_of::<libc::sockaddr_storage>() as u32;
            h.msg_iov = &raw mut self.iovs[i];
            h.msg_iovlen = 1;
            h.msg_control = std::ptr::null_mut();
            h.msg_controllen = 0;
            h.msg_flags = 0;
            self.msgs[i].msg_len = 0;
        }
        // SAFETY: msgs, iovs, addrs and bufs stay alive and unmoved for the call.
        let rc = unsafe {
            libc::recvmmsg(
                fd,
                self.msgs.as_mut_ptr(),
                n as u32,
                libc::MSG_TRUNC | flags,
                std::ptr::null_mut(),
            )
        };
        if rc < 0 {
            self.count = 0;
            return Err(io::Error::last_os_error());
        }
        self.count = rc as usize;
        Ok(self.count)
    }

    pub fn get(&self, i: usize) -> Datagram<'_> {
        let m = &self.msgs[i];
        let len = m.msg_len as usize;
        let data = &self.bufs[i * self.size..i * self.size + len.min(self.size)];
        // SAFETY: the kernel wrote msg_namelen bytes of a socket address.
        let sa = unsafe {
            SockAddr::try_init(|st, l| {
                let n = (m.msg_hdr.msg_namelen as usize)
                    .min(std::mem::size_of::<libc::sockaddr_storage>());
                std::ptr::copy_nonoverlapping(
                    (&raw const self.addrs[i]).cast::<u8>(),
                    st.cast::<u8>(),
                    n,
                );
                *l = n as libc::socklen_t;
                Ok(())
            })
        };
        let from = match sa {
            Ok(((), sa)) => Addr::from_sockaddr(&sa),
            Err(_) => Addr::Unix(crate::net::addr::UnixName::Unnamed),
        };
        Datagram { data, len, from }
    }
}

/// sendmmsg of several datagrams to one destination (None: the connected
/// peer). Returns how many were sent; a short count means the rest must be
/// sent again.
pub fn send_many(fd: RawFd, to: Option<&SockAddr>, payloads: &[&[u8]]) -> io::Result<usize> {
    let n = payloads.len().min(BATCH);
    // SAFETY (zeroed): plain C structs.
    let mut iovs: [libc::iovec; BATCH] = unsafe { std::mem::zeroed() };
    let mut msgs: [libc::mmsghdr; BATCH] = unsafe { std::mem::zeroed() };
    for i in 0..n {
        iovs[i] = libc::iovec {
            iov_base: payloads[i].as_ptr() as *mut _,
            iov_len: payloads[i].len(),
        };
        let h = &mut msgs[i].msg_hdr;
        if let Some(sa) = to {
            h.msg_name = sa.as_ptr() as *mut _;
            h.msg_namelen = sa.len();
        }
        h.msg_iov = &raw mut iovs[i];
        h.msg_iovlen = 1;
    }
    // SAFETY: msgs/iovs point at live payloads and address for the call.
    let rc = unsafe { libc::sendmmsg(fd, msgs.as_mut_ptr(), n as u32, libc::MSG_NOSIGNAL) };
    if rc < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(rc as usize)
    }
}

/// The most segments one UDP GSO send may carry (the kernel's UDP_MAX_SEGMENTS).
pub const GSO_SEGMENTS: usize = 64;
/// setsockopt/cmsg level and type for UDP GSO (linux/udp.h; not in the libc crate).
const SOL_UDP: i32 = 17;
const UDP_SEGMENT: i32 = 103;

/// UDP GSO (UDP_SEGMENT): one sendmsg of `segs` payloads of the same size
/// (the last may be shorter), which the kernel sends as that many separate
/// datagrams — each message stays its own datagram on the wire; only the
/// per-datagram cost of the send path is paid once. Returns the bytes sent.
pub fn send_gso(
    fd: RawFd,
    to: Option<&SockAddr>,
    segs: &[&[u8]],
    seg_size: u16,
) -> io::Result<usize> {
    let n = segs.len().min(GSO_SEGMENTS);
    // SAFETY (zeroed): plain C structs.
    let mut iovs: [libc::iovec; GSO_SEGMENTS] = unsafe { std::mem::zeroed() };
    for (iov, s) in iovs.iter_mut().zip(&segs[..n]) {
        *iov = libc::iovec {
            iov_base: s.as_ptr() as *mut _,
            iov_len: s.len(),
        };
    }
    // One cmsg: SOL_UDP / UDP_SEGMENT / u16 segment size.
    #[repr(C, align(8))]
    struct Cmsg([u8; 32]);
    let mut cbuf = Cmsg([0; 32]);
    // SAFETY (zeroed): a plain C struct.
    let mut h: libc::msghdr = unsafe { std::mem::zeroed() };
    if let Some(sa) = to {
        h.msg_name = sa.as_ptr() as *mut _;
        h.msg_namelen = sa.len();
    }
    h.msg_iov = iovs.as_mut_ptr();
    h.msg_iovlen = n;
    h.msg_control = cbuf.0.as_mut_ptr().cast();
    // SAFETY: CMSG_SPACE/CMSG_FIRSTHDR/CMSG_DATA on a buffer sized and aligned
    // for one cmsg carrying a u16; the msghdr points at it.
    unsafe {
        h.msg_controllen = libc::CMSG_SPACE(2) as usize;
        let c = libc::CMSG_FIRSTHDR(&h);
        (*c).cmsg_level = SOL_UDP;
        (*c).cmsg_type = UDP_SEGMENT;
        (*c).cmsg_len = libc::CMSG_LEN(2) as usize;
        std::ptr::copy_nonoverlapping(seg_size.to_ne_bytes().as_ptr(), libc::CMSG_DATA(c), 2);
    }
    // SAFETY: h, iovs and cbuf stay alive and unmoved for the call.
    let rc = unsafe { libc::sendmsg(fd, &h, libc::MSG_NOSIGNAL) };
    if rc < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(rc as usize)
    }
}

/// Sets a large receive buffer so bursts are not dropped: SO_RCVBUFFORCE
/// when allowed (CAP_NET_ADMIN), else SO_RCVBUF (capped at rmem_max).
pub fn big_rcvbuf(sock: &super::sock::Sock, bytes: i32) {
    use crate::net::sockopt;
    let force = sockopt::Opt {
        level: libc::SOL_SOCKET,
        level_name: "SOL_SOCKET",
        opt: libc::SO_RCVBUFFORCE,
        name: "SO_RCVBUFFORCE",
        kind: sockopt::Kind::Int,
        scope: sockopt::Scope::Any,
        read_only: false,
    };
    if sock.set_int(&force, bytes).is_err() {
        let _ = sock.set_int(&sockopt::SO_RCVBUF, bytes);
    }
}
