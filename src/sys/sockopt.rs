//! getsockopt and setsockopt by number, on a byte buffer: the option
//! catalogue (`net::sockopt`) lays the bytes out and reads them back, so
//! any option the kernel knows can be asked for, as Python's
//! `getsockopt(level, opt, buflen)` can. socket2 has typed wrappers only.

use std::io;
use std::os::fd::RawFd;

/// getsockopt(fd, level, name) into `buf`, whose length is the optlen
/// passed in: the number of bytes the kernel wrote (at most `buf.len()`).
pub fn getsockopt(fd: RawFd, level: i32, name: i32, buf: &mut [u8]) -> io::Result<usize> {
    let mut len = libc::socklen_t::try_from(buf.len()).unwrap_or(libc::socklen_t::MAX);
    // SAFETY: buf is writable for len bytes and the kernel writes at most
    // len bytes; any fd is allowed (a wrong one fails with EBADF/ENOTSOCK).
    let rc = unsafe { libc::getsockopt(fd, level, name, buf.as_mut_ptr().cast(), &mut len) };
    if rc < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok((len as usize).min(buf.len()))
}

/// setsockopt(fd, level, name, value): `value` is the option's bytes as
/// the kernel expects them (a native-endian int, a struct linger, …).
pub fn setsockopt(fd: RawFd, level: i32, name: i32, value: &[u8]) -> io::Result<()> {
    let len = libc::socklen_t::try_from(value.len())
        .map_err(|_| io::Error::from_raw_os_error(libc::EINVAL))?;
    // SAFETY: value is readable for len bytes; the kernel copies them in.
    let rc = unsafe { libc::setsockopt(fd, level, name, value.as_ptr().cast(), len) };
    if rc < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::UdpSocket;
    use std::os::fd::AsRawFd;

    #[test]
    fn int_option_round_trip() {
        let s = UdpSocket::bind("127.0.0.1:0").unwrap();
        let fd = s.as_raw_fd();
        setsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_BROADCAST,
            &1i32.to_ne_bytes(),
        )
        .unwrap();
        let mut buf = [0u8; 4];
        let n = getsockopt(fd, libc::SOL_SOCKET, libc::SO_BROADCAST, &mut buf).unwrap();
        assert_eq!((n, i32::from_ne_bytes(buf)), (4, 1));
        let e = getsockopt(-1, libc::SOL_SOCKET, libc::SO_TYPE, &mut buf).unwrap_err();
        assert_eq!(e.raw_os_error(), Some(libc::EBADF));
    }
}
