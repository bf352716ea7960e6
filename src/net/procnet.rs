//! What the kernel tells anyone about the sockets on this host, read the way
//! `ss -lnp` reads it: /proc/net/{tcp,tcp6,udp,udp6,unix} list the sockets
//! with their local address (or AF_UNIX path), state, owner uid and socket
//! inode, and /proc/PID/fd links (`socket:[INODE]`) name the processes that
//! hold them. Plain file reads: nothing here touches the sockets themselves.

use std::ffi::OsStr;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

/// __SO_ACCEPTCON in /proc/net/unix's Flags: a listening stream socket.
const ACCEPTCON: u32 = 0x0001_0000;
/// SS_CONNECTED in /proc/net/unix's St column.
const SS_CONNECTED: u8 = 3;
/// TCP_LISTEN in /proc/net/tcp's st column.
pub const TCP_LISTEN: u8 = 0x0A;

/// One line of /proc/net/unix that has a name.
#[derive(Debug, Clone)]
pub struct UnixEntry {
    pub flags: u32,
    pub socktype: u16,
    pub state: u8,
    pub inode: u64,
    /// The sun_path as the binder gave it (relative to its cwd at bind time
    /// when it does not start with '/'; '@' first for an abstract name).
    pub path: Vec<u8>,
}

impl UnixEntry {
    /// Whether this socket holds its name: a listener, a socket bound but
    /// not yet listening, or a datagram socket. The server's side of an
    /// accepted stream connection shows its listener's path too, but holds
    /// nothing.
    pub fn holds_name(&self) -> bool {
        self.socktype == libc::SOCK_DGRAM as u16
            || self.flags & ACCEPTCON != 0
            || self.state != SS_CONNECTED
    }
}

/// The named AF_UNIX sockets, from /proc/net/unix.
pub fn unix_sockets() -> io::Result<Vec<UnixEntry>> {
    let text = std::fs::read("/proc/net/unix")?;
    Ok(text
        .split(|&b| b == b'\n')
        .skip(1)
        .filter_map(unix_line)
        .collect())
}

/// `Num: RefCount Protocol Flags Type St Inode Path`; the path is everything
/// after the single space that follows the inode (it may hold spaces).
fn unix_line(line: &[u8]) -> Option<UnixEntry> {
    let mut rest = line;
    let mut fields: Vec<&[u8]> = Vec::with_capacity(7);
    while fields.len() < 7 {
        let start = rest.iter().position(|&b| b != b' ')?;
        rest = &rest[start..];
        let end = rest.iter().position(|&b| b == b' ').unwrap_or(rest.len());
        fields.push(&rest[..end]);
        rest = &rest[end..];
    }
    let path = rest.strip_prefix(b" ")?;
    if path.is_empty() {
        return None;
    }
    let hex = |f: &[u8]| u32::from_str_radix(std::str::from_utf8(f).ok()?, 16).ok();
    Some(UnixEntry {
        flags: hex(fields[3])?,
        socktype: hex(fields[4])? as u16,
        state: hex(fields[5])? as u8,
        inode: std::str::from_utf8(fields[6]).ok()?.parse().ok()?,
        path: path.to_vec(),
    })
}

/// One line of /proc/net/{tcp,udp}{,6}.
#[derive(Debug, Clone)]
pub struct InetEntry {
    pub local: SocketAddr,
    pub state: u8,
    pub uid: u32,
    pub inode: u64,
}

/// The sockets of `proto` ("tcp" or "udp"), IPv4 and IPv6.
pub fn inet_sockets(proto: &str) -> Vec<InetEntry> {
    [format!("/proc/net/{proto}"), format!("/proc/net/{proto}6")]
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .flat_map(|t| t.lines().skip(1).filter_map(inet_line).collect::<Vec<_>>())
        .collect()
}

/// `sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...`
fn inet_line(line: &str) -> Option<InetEntry> {
    let f: Vec<&str> = line.split_whitespace().collect();
    if f.len() < 10 {
        return None;
    }
    let (ip, port) = f[1].split_once(':')?;
    Some(InetEntry {
        local: SocketAddr::new(hex_ip(ip)?, u16::from_str_radix(port, 16).ok()?),
        state: u8::from_str_radix(f[3], 16).ok()?,
        uid: f[7].parse().ok()?,
        inode: f[9].parse().ok()?,
    })
}

/// The kernel prints an address as 32-bit words in host order (%08X each).
fn hex_ip(s: &str) -> Option<IpAddr> {
    let word = |i: usize| -> Option<[u8; 4]> {
        Some(
            u32::from_str_radix(s.get(i * 8..i * 8 + 8)?, 16)
                .ok()?
                .to_ne_bytes(),
        )
    };
    match s.len() {
        8 => Some(IpAddr::V4(Ipv4Addr::from(word(0)?))),
        32 => {
            let mut b = [0u8; 16];
            for i in 0..4 {
                b[i * 4..i * 4 + 4].copy_from_slice(&word(i)?);
            }
            Some(IpAddr::V6(Ipv6Addr::from(b)))
        }
        _ => None,
    }
}

/// A process holding a socket: its pid, the descriptor and its name (comm).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub pid: u32,
    pub fd: i32,
    pub comm: String,
    /// The socket inode it holds.
    pub inode: u64,
}

impl Holder {
    /// `python3 (pid 4242)`.
    pub fn describe(&self) -> String {
        format!("{} (pid {})", crate::escape::text(&self.comm), self.pid)
    }
}

/// The processes (that we may look at) whose descriptors are one of these
/// socket inodes, in pid order.
pub fn holders(inodes: &[u64]) -> Vec<Holder> {
    if inodes.is_empty() {
        return Vec::new();
    }
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let me = std::process::id();
    let mut out = Vec::new();
    for p in procs.flatten() {
        let Some(pid) = p.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else {
            continue;
        };
        if pid == me {
            continue;
        }
        let Ok(fds) = std::fs::read_dir(p.path().join("fd")) else {
            continue;
        };
        for fd in fds.flatten() {
            let Ok(link) = std::fs::read_link(fd.path()) else {
                continue;
            };
            let Some(ino) = link
                .as_os_str()
                .to_str()
                .and_then(|l| l.strip_prefix("socket:["))
                .and_then(|l| l.strip_suffix(']'))
                .and_then(|l| l.parse::<u64>().ok())
            else {
                continue;
            };
            if inodes.contains(&ino) {
                let comm = std::fs::read_to_string(p.path().join("comm")).unwrap_or_default();
                out.push(Holder {
                    pid,
                    fd: fd
                        .file_name()
                        .to_str()
                        .and_then(|s| s.parse().ok())
                        .unwrap_or(-1),
                    comm: comm.trim_end().to_string(),
                    inode: ino,
                });
                break;
            }
        }
    }
    out.sort_by_key(|h| h.pid);
    out
}

/// Whether the socket `h` holds has SO_REUSEPORT set, read from a duplicate
/// of its descriptor (pidfd_getfd(2), allowed where ptrace would be). Only
/// getsockopt is called on the duplicate, and closing it leaves the holder's
/// socket as it was. None when we may not look.
pub fn holder_reuseport(h: &Holder) -> Option<bool> {
    use std::os::unix::fs::MetadataExt;
    let dup = crate::sys::fd::pidfd_getfd(h.pid as libc::pid_t, h.fd).ok()?;
    // The holder may have closed that descriptor and reused its number since
    // /proc was read: it must still be the same socket.
    let ino = std::fs::File::from(dup.try_clone().ok()?)
        .metadata()
        .ok()?
        .ino();
    if ino != h.inode {
        return None;
    }
    socket2::SockRef::from(&dup).reuse_port().ok()
}

/// `python3 (pid 4242)`, `a (pid 1), b (pid 2)`, or with more than three
/// `a (pid 1), b (pid 2), c (pid 3) and 4 more`.
pub fn describe_holders(h: &[Holder]) -> Option<String> {
    if h.is_empty() {
        return None;
    }
    let mut text = h
        .iter()
        .take(3)
        .map(Holder::describe)
        .collect::<Vec<_>>()
        .join(", ");
    if h.len() > 3 {
        text.push_str(&format!(" and {} more", h.len() - 3));
    }
    Some(text)
}

/// The sockets that hold the AF_UNIX name `path` right now (their inodes),
/// decided without connecting to it. A bound path appears in /proc/net/unix
/// as the binder gave it, so each name is resolved (as given, from our cwd,
/// and from its holders' cwds) and compared by file identity (device and
/// inode) with the socket file at `path`. A relative name that cannot be
/// resolved but has the same file name counts as holding it: better to
/// refuse than to unlink a live server's file.
pub fn unix_path_holders(path: &Path) -> io::Result<Vec<u64>> {
    use std::os::unix::fs::MetadataExt;
    let id = |p: &Path| {
        std::fs::symlink_metadata(p)
            .ok()
            .map(|m| (m.dev(), m.ino()))
    };
    let Some(want) = id(path) else {
        return Ok(Vec::new());
    };
    let name = path.file_name();
    let mut live = Vec::new();
    for e in unix_sockets()? {
        if !e.holds_name() {
            continue;
        }
        let q = Path::new(OsStr::from_bytes(&e.path));
        // As given: absolute, or relative to our cwd.
        if id(q) == Some(want) {
            live.push(e.inode);
            continue;
        }
        if q.is_absolute() || q.file_name() != name {
            continue;
        }
        // Relative to where its holders are now.
        let cwds: Vec<PathBuf> = holders(&[e.inode])
            .iter()
            .filter_map(|h| std::fs::read_link(format!("/proc/{}/cwd", h.pid)).ok())
            .collect();
        let found: Vec<Option<(u64, u64)>> = cwds.iter().map(|c| id(&c.join(q))).collect();
        let elsewhere = !found.is_empty() && found.iter().all(|f| f.is_some_and(|f| f != want));
        if found.contains(&Some(want)) || !elsewhere {
            live.push(e.inode);
        }
    }
    Ok(live)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_unix_lines() {
        let l = b"0000000000000000: 00000002 00000000 00010000 0001 01 12345 /tmp/a b";
        let e = unix_line(l).expect("entry");
        assert_eq!(
            (e.flags, e.socktype, e.state, e.inode),
            (ACCEPTCON, 1, 1, 12345)
        );
        assert_eq!(e.path, b"/tmp/a b");
        assert!(e.holds_name());
        let conn = b"0000000000000000: 00000003 00000000 00000000 0001 03  7989 /tmp/s";
        assert!(!unix_line(conn).expect("entry").holds_name());
        assert!(unix_line(b"0000000000000000: 00000003 00000000 00000000 0001 03  7989").is_none());
    }

    #[test]
    fn parses_inet_lines() {
        let l = "   1: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0 100 0 0 10 0";
        let e = inet_line(l).expect("entry");
        if cfg!(target_endian = "little") {
            assert_eq!(e.local, "127.0.0.1:8080".parse().unwrap());
        }
        assert_eq!((e.state, e.uid, e.inode), (TCP_LISTEN, 1000, 4242));
        let v6 = "   0: 00000000000000000000000001000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 77 1";
        if cfg!(target_endian = "little") {
            assert_eq!(
                inet_line(v6).expect("v6").local,
                "[::1]:80".parse().unwrap()
            );
        }
    }
}
