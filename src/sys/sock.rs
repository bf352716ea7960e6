//! `Sock`: a socket whose every call goes through the trace point. It wraps
//! socket2's `Socket` for the calls socket2 offers and libc for the rest, retries
//! EINTR where the call is restartable, and closes (traced) on drop.

use std::io;
use std::mem::ManuallyDrop;
use std::os::fd::{AsRawFd, IntoRawFd, RawFd};

use socket2::{Domain, Protocol, Socket, Type};

use crate::net::addr::{Addr, family_name, socktype_name};
use crate::net::sockopt::{self, Opt};
use crate::trace;

pub struct Sock {
    inner: ManuallyDrop<Socket>,
}

use super::{cvt as cvt_size, cvt_int as cvt};

/// Runs `f` again while it fails with EINTR, unless SIGINT/SIGTERM arrived:
/// then the EINTR is returned, and `Error::os` turns it into a quiet exit.
pub fn retry<T>(mut f: impl FnMut() -> io::Result<T>) -> io::Result<T> {
    loop {
        match f() {
            Err(e)
                if e.kind() == io::ErrorKind::Interrupted && super::signal::pending().is_none() =>
            {
                continue;
            }
            r => return r,
        }
    }
}

/// send(fd, buf, MSG_NOSIGNAL), untraced: the TLS record layer's writes
/// (the trace shows the `ssl` calls above them).
pub fn send_raw(fd: RawFd, buf: &[u8]) -> io::Result<usize> {
    // SAFETY: buf is valid for reads of buf.len() bytes.
    cvt_size(unsafe { libc::send(fd, buf.as_ptr().cast(), buf.len(), libc::MSG_NOSIGNAL) })
}

pub fn how_name(how: std::net::Shutdown) -> &'static str {
    match how {
        std::net::Shutdown::Read => "SHUT_RD",
        std::net::Shutdown::Write => "SHUT_WR",
        std::net::Shutdown::Both => "SHUT_RDWR",
    }
}

impl Sock {
    /// socket(family, type, proto), close-on-exec.
    pub fn new(family: i32, socktype: i32, proto: i32) -> io::Result<Sock> {
        trace::start();
        let r = Socket::new(
            Domain::from(family),
            Type::from(socktype),
            (proto != 0).then(|| Protocol::from(proto)),
        );
        let r = trace::io(
            "socket",
            || {
                format!(
                    "{}, {}, {proto}",
                    family_name(family),
                    socktype_name(socktype)
                )
            },
            r,
            |s| s.as_raw_fd().to_string(),
        );
        r.map(|s| Sock {
            inner: ManuallyDrop::new(s),
        })
    }

    /// socket(family, type | SOCK_NONBLOCK, proto), close-on-exec: one call
    /// where socket + fcntl would be three (the prober makes one per port).
    pub fn new_nonblocking(family: i32, socktype: i32, proto: i32) -> io::Result<Sock> {
        let r = Socket::new(
            Domain::from(family),
            Type::from(socktype | libc::SOCK_NONBLOCK),
            (proto != 0).then(|| Protocol::from(proto)),
        );
        let r = trace::io(
            "socket",
            || {
                format!(
                    "{}, {}|SOCK_NONBLOCK, {proto}",
                    family_name(family),
                    socktype_name(socktype)
                )
            },
            r,
            |s| s.as_raw_fd().to_string(),
        );
        r.map(|s| Sock {
            inner: ManuallyDrop::new(s),
        })
    }

    /// socketpair(AF_UNIX, type, 0), close-on-exec: two connected sockets.
    pub fn pair(socktype: i32) -> io::Result<(Sock, Sock)> {
        trace::start();
        let r = Socket::pair(Domain::UNIX, Type::from(socktype), None);
        let r = trace::io(
            "socketpair",
            || format!("AF_UNIX, {}, 0", socktype_name(socktype)),
            r,
            |(a, b)| format!("[{}, {}]", a.as_raw_fd(), b.as_raw_fd()),
        );
        r.map(|(a, b)| {
            (
                Sock {
                    inner: ManuallyDrop::new(a),
                },
                Sock {
                    inner: ManuallyDrop::new(b),
                },
            )
        })
    }

    pub fn fd(&self) -> RawFd {
        self.inner.as_raw_fd()
    }

    pub fn set_int(&self, opt: &Opt, v: i32) -> io::Result<()> {
        sockopt::set_int(self.fd(), opt, v)
    }

    pub fn set(&self, opt: &Opt, v: &sockopt::Value) -> io::Result<()> {
        sockopt::set(self.fd(), opt, v)
    }

    pub fn get(&self, opt: &Opt) -> io::Result<sockopt::Value> {
        sockopt::get(self.fd(), opt)
    }

    pub fn bind(&self, a: &Addr) -> io::Result<()> {
        trace::start();
        let r = a.to_sockaddr().and_then(|sa| self.inner.bind(&sa));
        trace::io(
            "bind",
            || format!("{}, {}", self.fd(), a.py()),
            r,
            |_| "0".into(),
        )
    }

    /// bind with only sun_family set: the kernel picks an abstract name
    /// (unix(7) autobind), so a datagram peer has an address to reply to.
    pub fn autobind(&self) -> io::Result<()> {
        trace::start();
        // SAFETY: a zeroed sockaddr_un is valid; with only the family set and
        // that length it is the documented autobind request.
        let r = cvt(unsafe {
            let mut sa: libc::sockaddr_un = std::mem::zeroed();
            sa.sun_family = libc::AF_UNIX as libc::sa_family_t;
            libc::bind(
                self.fd(),
                (&raw const sa).cast(),
                std::mem::size_of::<libc::sa_family_t>() as u32,
            )
        });
        trace::io(
            "bind",
            || format!("{}, '' (autobind)", self.fd()),
            r.map(|_| ()),
            |_| "0".into(),
        )
    }

    /// Bytes sent that the peer's TCP has not acknowledged yet (ioctl
    /// SIOCOUTQ); not traced: the relay asks it while it lingers at the end.
    /// 0 for other families (AF_UNIX counts bytes the peer has not read,
    /// which a peer done with reading may never take).
    pub fn unacked(&self) -> io::Result<usize> {
        let inet = matches!(self.inner.domain(), Ok(d) if d == Domain::IPV4 || d == Domain::IPV6);
        if !inet {
            return Ok(0);
        }
        let mut n: libc::c_int = 0;
        // SAFETY: SIOCOUTQ writes one int into n, which outlives the call.
        cvt(unsafe { libc::ioctl(self.fd(), libc::TIOCOUTQ, &mut n) })?;
        Ok(n.max(0) as usize)
    }

    /// The pending socket error (getsockopt SO_ERROR, which clears it); not
    /// traced.
    pub fn take_error(&self) -> io::Result<Option<io::Error>> {
        self.inner.take_error()
    }

    pub fn listen(&self, backlog: i32) -> io::Result<()> {
        trace::start();
        let r = self.inner.listen(backlog);
        trace::io(
            "listen",
            || format!("{}, {backlog}", self.fd()),
            r,
            |_| "0".into(),
        )
    }

    /// accept4(SOCK_CLOEXEC), EINTR retried.
    pub fn accept(&self) -> io::Result<(Sock, Addr)> {
        trace::start();
        let r = retry(|| self.inner.accept());
        let r = r.map(|(s, sa)| {
            (
                Sock {
                    inner: ManuallyDrop::new(s),
                },
                Addr::from_sockaddr(&sa),
            )
        });
        trace::io(
            "accept",
            || self.fd().to_string(),
            r,
            |(s, a)| format!("{}, {}", s.fd(), a.py()),
        )
    }

    /// accept4(SOCK_CLOEXEC | SOCK_NONBLOCK): the new socket is non-blocking
    /// from the start (one call where accept + fcntl make three); EINTR retried.
    pub fn accept_nonblocking(&self) -> io::Result<(Sock, Addr)> {
        let r = retry(|| self.inner.accept4(libc::SOCK_CLOEXEC | libc::SOCK_NONBLOCK));
        let r = r.map(|(s, sa)| {
            (
                Sock {
                    inner: ManuallyDrop::new(s),
                },
                Addr::from_sockaddr(&sa),
            )
        });
        trace::io(
            "accept",
            || self.fd().to_string(),
            r,
            |(s, a)| format!("{}, {}", s.fd(), a.py()),
        )
    }

    /// A blocking connect; EINTR means the connection continues in the
    /// background, so it is finished by waiting for writability.
    pub fn connect(&self, a: &Addr) -> io::Result<()> {
        trace::start();
        let r = a.to_sockaddr().and_then(|sa| self.inner.connect(&sa));
        trace::io(
            "connect",
            || format!("{}, {}", self.fd(), a.py()),
            r,
            |_| "0".into(),
        )
    }

    /// Python's connect_ex: the errno as the value (0: connected at once,
    /// EINPROGRESS on a non-blocking socket: the handshake goes on).
    pub fn connect_ex(&self, a: &Addr) -> i32 {
        let code = match a.to_sockaddr().and_then(|sa| self.inner.connect(&sa)) {
            Ok(()) => 0,
            Err(e) => e.raw_os_error().unwrap_or(libc::EINVAL),
        };
        trace::code("connect_ex", || format!("{}, {}", self.fd(), a.py()), code)
    }

    pub fn local_addr(&self) -> io::Result<Addr> {
        trace::start();
        let r = self.inner.local_addr().map(|sa| Addr::from_sockaddr(&sa));
        trace::io("getsockname", || self.fd().to_string(), r, |a| a.py())
    }

    pub fn peer_addr(&self) -> io::Result<Addr> {
        trace::start();
        let r = self.inner.peer_addr().map(|sa| Addr::from_sockaddr(&sa));
        trace::io("getpeername", || self.fd().to_string(), r, |a| a.py())
    }

    pub fn shutdown(&self, how: std::net::Shutdown) -> io::Result<()> {
        trace::start();
        let r = self.inner.shutdown(how);
        trace::io(
            "shutdown",
            || format!("{}, {}", self.fd(), how_name(how)),
            r,
            |_| "0".into(),
        )
    }

    pub fn set_nonblocking(&self, on: bool) -> io::Result<()> {
        self.inner.set_nonblocking(on)
    }

    /// recv(fd, len, flags) into `buf`, EINTR retried.
    pub fn recv(&self, buf: &mut [u8], flags: i32) -> io::Result<usize> {
        trace::start();
        let fd = self.fd();
        // SAFETY: buf is valid for writes of buf.len() bytes.
        let r = retry(|| {
            cvt_size(unsafe { libc::recv(fd, buf.as_mut_ptr().cast(), buf.len(), flags) })
        });
        trace::io(
            "recv",
            || format!("{fd}, {}{}", buf.len(), flags_text(flags)),
            r,
            |n| n.to_string(),
        )
    }

    /// send(fd, buf, MSG_NOSIGNAL | flags), EINTR retried. May write less than asked.
    pub fn send(&self, buf: &[u8], flags: i32) -> io::Result<usize> {
        trace::start();
        let fd = self.fd();
        let flags = flags | libc::MSG_NOSIGNAL;
        // SAFETY: buf is valid for reads of buf.len() bytes.
        let r =
            retry(|| cvt_size(unsafe { libc::send(fd, buf.as_ptr().cast(), buf.len(), flags) }));
        trace::io(
            "send",
            || format!("{fd}, {} bytes", buf.len()),
            r,
            |n| n.to_string(),
        )
    }

    /// recvfrom: the datagram's real length (with MSG_TRUNC) and its sender.
    pub fn recv_from(&self, buf: &mut [u8], flags: i32) -> io::Result<(usize, Addr)> {
        trace::start();
        let fd = self.fd();
        let len = buf.len();
        // SAFETY: viewing initialised bytes as MaybeUninit for writing is sound;
        // the kernel only ever writes initialised bytes into them.
        let uninit = unsafe {
            std::slice::from_raw_parts_mut(
                buf.as_mut_ptr().cast::<std::mem::MaybeUninit<u8>>(),
                len,
            )
        };
        let r = retry(|| self.inner.recv_from_with_flags(uninit, flags))
            .map(|(n, sa)| (n, Addr::from_sockaddr(&sa)));
        trace::io(
            "recvfrom",
            || format!("{fd}, {len}{}", flags_text(flags)),
            r,
            |(n, a)| format!("{n}, {}", a.py()),
        )
    }

    /// sendto (or send on a connected datagram socket when `to` is None).
    pub fn send_to(&self, buf: &[u8], to: Option<&Addr>) -> io::Result<usize> {
        trace::start();
        let fd = self.fd();
        let r = match to {
            None => retry(|| {
                // SAFETY: buf is valid for reads of buf.len() bytes.
                cvt_size(unsafe {
                    libc::send(fd, buf.as_ptr().cast(), buf.len(), libc::MSG_NOSIGNAL)
                })
            }),
            Some(a) => a.to_sockaddr().and_then(|sa| {
                retry(|| {
                    // SAFETY: buf and sa are valid for their lengths.
                    cvt_size(unsafe {
                        libc::sendto(
                            fd,
                            buf.as_ptr().cast(),
                            buf.len(),
                            libc::MSG_NOSIGNAL,
                            sa.as_ptr().cast(),
                            sa.len(),
                        )
                    })
                })
            }),
        };
        match to {
            Some(a) => trace::io(
                "sendto",
                || format!("{fd}, {} bytes, {}", buf.len(), a.py()),
                r,
                |n| n.to_string(),
            ),
            None => trace::io(
                "send",
                || format!("{fd}, {} bytes", buf.len()),
                r,
                |n| n.to_string(),
            ),
        }
    }
}

fn flags_text(flags: i32) -> String {
    let mut names = Vec::new();
    for (bit, name) in [
        (libc::MSG_TRUNC, "MSG_TRUNC"),
        (libc::MSG_PEEK, "MSG_PEEK"),
        (libc::MSG_DONTWAIT, "MSG_DONTWAIT"),
        (libc::MSG_WAITALL, "MSG_WAITALL"),
    ] {
        if flags & bit != 0 {
            names.push(name);
        }
    }
    if names.is_empty() {
        String::new()
    } else {
        format!(", {}", names.join("|"))
    }
}

impl Drop for Sock {
    fn drop(&mut self) {
        trace::start();
        // SAFETY: inner is taken once, here, and never used again.
        let s = unsafe { ManuallyDrop::take(&mut self.inner) };
        let fd = s.into_raw_fd();
        // SAFETY: fd is ours and closed exactly once.
        let r = cvt(unsafe { libc::close(fd) });
        let _ = trace::io("close", || fd.to_string(), r, |_| "0".into());
    }
}

impl AsRawFd for Sock {
    fn as_raw_fd(&self) -> RawFd {
        self.fd()
    }
}

impl std::os::fd::AsFd for Sock {
    fn as_fd(&self) -> std::os::fd::BorrowedFd<'_> {
        std::os::fd::AsFd::as_fd(&*self.inner)
    }
}
