//! What stdin and stdout are (pipe, regular file, terminal, socket,
//! /dev/null), decided once with fstat, so the relay can pick the fastest
//! safe way to move bytes: splice(2) for pipes, sendfile(2) for files, plain
//! read/write for terminals. Also the raw fd helpers the data path shares.

use std::io;
use std::os::fd::{FromRawFd, OwnedFd, RawFd};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Pipe,
    File,
    Tty,
    Socket,
    DevNull,
    /// Another character device, or something fstat cannot tell.
    Other,
    /// The descriptor is not open.
    Closed,
}

pub fn kind(fd: RawFd) -> Kind {
    // SAFETY: st is a valid out-parameter for fstat.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    if unsafe { libc::fstat(fd, &mut st) } < 0 {
        return Kind::Closed;
    }
    match st.st_mode & libc::S_IFMT {
        libc::S_IFIFO => Kind::Pipe,
        libc::S_IFREG => Kind::File,
        libc::S_IFSOCK => Kind::Socket,
        libc::S_IFCHR => {
            if libc::major(st.st_rdev) == 1 && libc::minor(st.st_rdev) == 3 {
                Kind::DevNull
            } else if unsafe { libc::isatty(fd) } == 1 {
                Kind::Tty
            } else {
                Kind::Other
            }
        }
        _ => Kind::Other,
    }
}

/// Grows a pipe's buffer (F_SETPIPE_SZ), best effort; returns the size it has.
pub fn grow_pipe(fd: RawFd, want: usize) -> usize {
    // SAFETY: fcntl on an fd we were given; failures are reported, not UB.
    unsafe {
        let now = libc::fcntl(fd, libc::F_GETPIPE_SZ);
        if now >= 0 && (now as usize) < want {
            let got = libc::fcntl(fd, libc::F_SETPIPE_SZ, want as libc::c_int);
            if got > 0 {
                return got as usize;
            }
            // Unprivileged processes are capped at /proc/sys/fs/pipe-max-size.
            let max = std::fs::read_to_string("/proc/sys/fs/pipe-max-size")
                .ok()
                .and_then(|s| s.trim().parse::<usize>().ok())
                .unwrap_or(1 << 20);
            let got = libc::fcntl(fd, libc::F_SETPIPE_SZ, max.min(want) as libc::c_int);
            if got > 0 {
                return got as usize;
            }
        }
        now.max(0) as usize
    }
}

/// A pipe of our own (for splicing a socket into a file or /dev/null).
pub struct Pipe {
    pub r: OwnedFd,
    pub w: OwnedFd,
    pub size: usize,
}

impl Pipe {
    pub fn new(size: usize) -> io::Result<Pipe> {
        let mut fds = [0; 2];
        // SAFETY: fds is valid for two ints.
        if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: pipe2 returned two fresh descriptors that we now own.
        let (r, w) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
        let size = grow_pipe(fds[1], size);
        Ok(Pipe { r, w, size })
    }
}

pub fn cvt(rc: isize) -> io::Result<usize> {
    if rc < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(rc as usize)
    }
}

pub fn read(fd: RawFd, buf: &mut [u8]) -> io::Result<usize> {
    // SAFETY: buf is valid for writes of buf.len() bytes.
    cvt(unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) })
}

/// A read that returns EAGAIN instead of blocking, without setting
/// O_NONBLOCK on a descriptor other processes share (preadv2 RWF_NOWAIT;
/// pipes support it; elsewhere it may fail with EOPNOTSUPP).
pub fn read_nowait(fd: RawFd, buf: &mut [u8]) -> io::Result<usize> {
    let iov = libc::iovec {
        iov_base: buf.as_mut_ptr().cast(),
        iov_len: buf.len(),
    };
    // SAFETY: iov describes buf, valid for writes of buf.len() bytes; offset -1
    // reads at the current position, as read(2) does.
    cvt(unsafe { libc::preadv2(fd, &iov, 1, -1, libc::RWF_NOWAIT) })
}

pub fn write(fd: RawFd, buf: &[u8]) -> io::Result<usize> {
    // SAFETY: buf is valid for reads of buf.len() bytes.
    cvt(unsafe { libc::write(fd, buf.as_ptr().cast(), buf.len()) })
}

/// splice(2) between two descriptors, one of which is a pipe.
pub fn splice(from: RawFd, to: RawFd, len: usize, nonblock: bool) -> io::Result<usize> {
    let flags = libc::SPLICE_F_MOVE | if nonblock { libc::SPLICE_F_NONBLOCK } else { 0 };
    // SAFETY: NULL offsets use the descriptors' own positions.
    cvt(unsafe {
        libc::splice(
            from,
            std::ptr::null_mut(),
            to,
            std::ptr::null_mut(),
            len,
            flags,
        )
    })
}

/// Waits until `fd` has the events (or a signal arrives); true when ready.
pub fn wait_fd(fd: RawFd, events: i16, timeout_ms: i32) -> io::Result<bool> {
    let mut p = [
        libc::pollfd {
            fd,
            events,
            revents: 0,
        },
        libc::pollfd {
            fd: super::signal::fd(),
            events: libc::POLLIN,
            revents: 0,
        },
    ];
    let n = if p[1].fd >= 0 { 2 } else { 1 };
    // SAFETY: p holds n valid pollfd entries.
    let rc = unsafe { libc::poll(p.as_mut_ptr(), n, timeout_ms) };
    if rc < 0 {
        return Err(io::Error::last_os_error());
    }
    if super::signal::pending().is_some() {
        return Err(io::Error::from_raw_os_error(libc::EINTR));
    }
    Ok(p[0].revents != 0)
}

/// Writes all of `buf` to `fd`, retrying short writes and EINTR, and waiting
/// for writability if the descriptor is non-blocking.
pub fn write_all(fd: RawFd, mut buf: &[u8]) -> io::Result<()> {
    while !buf.is_empty() {
        match write(fd, buf) {
            Ok(0) => return Err(io::Error::from(io::ErrorKind::WriteZero)),
            Ok(n) => buf = &buf[n..],
            Err(e)
                if e.kind() == io::ErrorKind::Interrupted && super::signal::pending().is_none() => {
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                wait_fd(fd, libc::POLLOUT, -1)?;
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Milliseconds for poll from an optional duration (-1 = forever).
pub fn poll_ms(d: Option<std::time::Duration>) -> i32 {
    match d {
        None => -1,
        Some(d) => d.as_millis().min(i32::MAX as u128) as i32,
    }
}
