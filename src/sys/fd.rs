//! Raw descriptor calls of the data path: what a descriptor is (fstat),
//! read/write/preadv2, splice and sendfile, pipes, poll, and the /dev/null
//! redirection that closes stdout for its reader without freeing fd 1.

use std::io;
use std::os::fd::{FromRawFd, OwnedFd, RawFd};
use std::time::Duration;

use super::{cvt, cvt_int};

/// What a standard descriptor is, decided once with fstat.
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
    // SAFETY: a zeroed stat is a valid out-parameter for fstat.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: st is valid for writes; fstat on any fd number is harmless.
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
            } else if isatty(fd) {
                Kind::Tty
            } else {
                Kind::Other
            }
        }
        _ => Kind::Other,
    }
}

pub fn isatty(fd: RawFd) -> bool {
    // SAFETY: isatty only inspects the descriptor.
    unsafe { libc::isatty(fd) == 1 }
}

/// The file status flags (F_GETFL), 0 when they cannot be read.
pub fn status_flags(fd: RawFd) -> i32 {
    // SAFETY: F_GETFL has no memory effects.
    unsafe { libc::fcntl(fd, libc::F_GETFL) }.max(0)
}

/// Whether the descriptor was opened O_APPEND (`>>`): splice refuses those.
pub fn is_append(fd: RawFd) -> bool {
    status_flags(fd) & libc::O_APPEND != 0
}

/// Grows a pipe's buffer (F_SETPIPE_SZ), best effort; returns the size it has.
pub fn grow_pipe(fd: RawFd, want: usize) -> usize {
    // SAFETY: F_GETPIPE_SZ/F_SETPIPE_SZ take an int and have no memory
    // effects; on a descriptor that is not a pipe they fail with EBADF/EINVAL.
    let now = unsafe { libc::fcntl(fd, libc::F_GETPIPE_SZ) };
    if now >= 0 && (now as usize) < want {
        // SAFETY: as above.
        let got = unsafe { libc::fcntl(fd, libc::F_SETPIPE_SZ, want as libc::c_int) };
        if got > 0 {
            return got as usize;
        }
        // Unprivileged processes are capped at /proc/sys/fs/pipe-max-size.
        let max = std::fs::read_to_string("/proc/sys/fs/pipe-max-size")
            .ok()
            .and_then(|s| s.trim().parse::<usize>().ok())
            .unwrap_or(1 << 20);
        // SAFETY: as above.
        let got = unsafe { libc::fcntl(fd, libc::F_SETPIPE_SZ, max.min(want) as libc::c_int) };
        if got > 0 {
            return got as usize;
        }
    }
    now.max(0) as usize
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
        cvt_int(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) })?;
        // SAFETY: pipe2 returned two fresh descriptors that nothing else owns.
        let (r, w) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
        let size = grow_pipe(fds[1], size);
        Ok(Pipe { r, w, size })
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
    // SAFETY: iov describes buf, valid for writes of buf.len() bytes; offset
    // -1 reads at the current position, as read(2) does.
    cvt(unsafe { libc::preadv2(fd, &iov, 1, -1, libc::RWF_NOWAIT) })
}

pub fn write(fd: RawFd, buf: &[u8]) -> io::Result<usize> {
    // SAFETY: buf is valid for reads of buf.len() bytes.
    cvt(unsafe { libc::write(fd, buf.as_ptr().cast(), buf.len()) })
}

/// writev(2): several buffers in one call (the TLS record layer's records).
pub fn writev(fd: RawFd, bufs: &[io::IoSlice<'_>]) -> io::Result<usize> {
    let n = bufs.len().min(1024) as libc::c_int;
    // SAFETY: IoSlice is ABI-compatible with iovec, and each slice is valid
    // for reads of its length; at most IOV_MAX (1024) of them are passed.
    cvt(unsafe { libc::writev(fd, bufs.as_ptr().cast(), n) })
}

/// splice(2) between two descriptors, one of which is a pipe.
pub fn splice(from: RawFd, to: RawFd, len: usize, nonblock: bool) -> io::Result<usize> {
    let flags = libc::SPLICE_F_MOVE | if nonblock { libc::SPLICE_F_NONBLOCK } else { 0 };
    // SAFETY: NULL offsets use the descriptors' own positions; no memory is passed.
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

/// sendfile(2) from `file`'s own position (advanced by what was sent).
pub fn sendfile(to: RawFd, file: RawFd, len: usize) -> io::Result<usize> {
    // SAFETY: a NULL offset uses and advances the file's position; no memory is passed.
    cvt(unsafe { libc::sendfile(to, file, std::ptr::null_mut(), len) })
}

/// poll(2) over `fds`; the count of ready entries. EINTR is returned as is.
pub fn poll(fds: &mut [libc::pollfd], timeout_ms: i32) -> io::Result<usize> {
    // SAFETY: fds is a valid slice of pollfd entries of the length passed.
    let rc = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, timeout_ms) };
    cvt_int(rc).map(|n| n as usize)
}

/// A pollfd entry.
pub fn pollfd(fd: RawFd, events: i16) -> libc::pollfd {
    libc::pollfd {
        fd,
        events,
        revents: 0,
    }
}

/// Milliseconds for poll from an optional duration (-1 = forever), rounded
/// up so that a wait never ends a hair before its deadline.
pub fn poll_ms(d: Option<Duration>) -> i32 {
    match d {
        None => -1,
        Some(d) => {
            let ms = d.as_nanos().div_ceil(1_000_000);
            ms.min(i32::MAX as u128) as i32
        }
    }
}

/// Points `fd` at /dev/null (dup2). Closes what `fd` was for its reader —
/// a pipeline downstream sees EOF — while the number stays taken, so no
/// socket opened later can land on it.
pub fn redirect_to_devnull(fd: RawFd) -> io::Result<()> {
    // SAFETY: a constant NUL-terminated path; open returns a new descriptor.
    let null =
        cvt_int(unsafe { libc::open(c"/dev/null".as_ptr(), libc::O_RDWR | libc::O_CLOEXEC) })?;
    // SAFETY: dup2 onto a descriptor number we own (a standard one), then
    // close the temporary one, which nothing else refers to.
    let r = cvt_int(unsafe { libc::dup2(null, fd) });
    // SAFETY: null is ours and closed once.
    unsafe { libc::close(null) };
    r.map(|_| ())
}

/// Sets or clears O_NONBLOCK.
pub fn set_nonblocking(fd: RawFd, on: bool) -> io::Result<()> {
    let flags = status_flags(fd);
    let new = if on {
        flags | libc::O_NONBLOCK
    } else {
        flags & !libc::O_NONBLOCK
    };
    // SAFETY: F_SETFL with an int has no memory effects.
    cvt_int(unsafe { libc::fcntl(fd, libc::F_SETFL, new) }).map(|_| ())
}

/// Moves a helper descriptor (self-pipe, epoll) to fd 100 or above, keeping
/// close-on-exec, so the trace reads like the textbook (the first socket is
/// fd 3); on failure the original stays.
pub fn high_fd(fd: RawFd) -> RawFd {
    // SAFETY: F_DUPFD_CLOEXEC makes a new descriptor; no memory effects.
    let hi = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 100) };
    if hi < 0 {
        return fd;
    }
    // SAFETY: fd is ours (just created by the caller) and closed once.
    unsafe { libc::close(fd) };
    hi
}

/// A duplicate of descriptor `fd` of process `pid` (pidfd_open, then
/// pidfd_getfd(2); allowed where ptrace would be). Close-on-exec.
pub fn pidfd_getfd(pid: libc::pid_t, fd: RawFd) -> io::Result<OwnedFd> {
    // SAFETY: pidfd_open(pid, 0) takes plain integers and returns a new
    // descriptor or -1.
    let pidfd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0u32) };
    if pidfd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: pidfd_open returned a descriptor nobody else owns.
    let pidfd = unsafe { OwnedFd::from_raw_fd(pidfd as RawFd) };
    // SAFETY: pidfd_getfd(pidfd, fd, 0) takes plain integers and returns a
    // new descriptor or -1.
    let dup = unsafe {
        libc::syscall(
            libc::SYS_pidfd_getfd,
            std::os::fd::AsRawFd::as_raw_fd(&pidfd),
            fd,
            0u32,
        )
    };
    if dup < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: pidfd_getfd returned a descriptor nobody else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(dup as RawFd) })
}

/// The effective user id.
pub fn geteuid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}
