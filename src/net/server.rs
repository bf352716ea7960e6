//! The server side's first calls, shared by listen, udp-recv and chat-server:
//! socket, SO_REUSEADDR / SO_REUSEPORT, bind (with its hints), getsockname,
//! and for AF_UNIX paths the care a socket file needs: a stale socket file is
//! replaced, anything that is not a socket is never touched, and the file we
//! created is removed when we are done (and only that file). Also the
//! accept loop's answer to a failed accept, shared by the echo server and
//! the forwarder (`Backoff`).

use std::io;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::addr::{Addr, UnixName};
use super::sock::Sock;
use super::{procnet, sockopt, target};
use crate::error::{Error, Result};
use crate::event::{Event, Sink};

/// Removes the AF_UNIX socket file this process bound, when dropped — if the
/// path still names that very file (same device and inode).
pub struct UnixGuard {
    path: PathBuf,
    id: (u64, u64),
}

impl Drop for UnixGuard {
    fn drop(&mut self) {
        if let Ok(m) = std::fs::symlink_metadata(&self.path)
            && m.file_type().is_socket()
            && (m.dev(), m.ino()) == self.id
        {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

pub struct Bound {
    pub sock: Sock,
    pub local: Addr,
    /// Held only to be dropped: removes the socket file at the end.
    pub _guard: Option<UnixGuard>,
}

/// Makes way for binding an AF_UNIX path: nothing there is fine; a socket
/// file no socket holds (in /proc/net/unix) is stale and removed; one that a
/// socket holds is "in use", found out without connecting to it (a one-shot
/// server would take a probe connection as its client); any other file is
/// refused and left intact.
fn clear_unix_path(path: &std::path::Path, a: &Addr) -> Result<()> {
    let m = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::os(format!("stat {}", path.display()), &e)),
    };
    if !m.file_type().is_socket() {
        return Err(Error::failed(format!(
            "refusing to bind {}: it exists and is not a socket",
            crate::escape::text(&path.display().to_string())
        ))
        .with_hint("choose another path; sockx never replaces a file that is not a socket"));
    }
    let live = procnet::unix_path_holders(path).map_err(|e| {
        Error::os("read /proc/net/unix", &e).with_hint(format!(
            "cannot tell whether a server holds {}; remove the file if none does",
            crate::escape::text(&path.display().to_string())
        ))
    })?;
    if !live.is_empty() {
        let err = Error::os(
            format!("bind to {}", a.describe()),
            &std::io::Error::from_raw_os_error(libc::EADDRINUSE),
        );
        return Err(match procnet::describe_holders(&procnet::holders(&live)) {
            Some(who) => err.with_hint(format!("{who} is serving on that socket")),
            None => err.with_hint("another process is serving on that socket"),
        });
    }
    std::fs::remove_file(path).map_err(|e| Error::os(format!("unlink {}", path.display()), &e))
}

/// socket → [SO_REUSEADDR (TCP)] → [SO_REUSEPORT] → bind → getsockname.
pub fn bind(a: &Addr, socktype: i32, reuseport: bool) -> Result<Bound> {
    let unix_path = match a {
        Addr::Unix(UnixName::Path(p)) => Some(PathBuf::from(std::ffi::OsStr::from_bytes(p))),
        _ => None,
    };
    if let Some(p) = &unix_path {
        clear_unix_path(p, a)?;
    }
    let sock = Sock::new(a.family(), socktype, 0).map_err(|e| Error::os("socket", &e))?;
    if socktype == libc::SOCK_STREAM && !matches!(a, Addr::Unix(_)) {
        // Lets a restarted server bind while old connections sit in TIME_WAIT.
        // Not for datagrams: there it would let a second server bind the
        // same port and silently take the datagrams (sharing is --reuseport).
        sock.set_int(&sockopt::SO_REUSEADDR, 1)
            .map_err(|e| Error::os("setsockopt SO_REUSEADDR", &e))?;
    }
    if reuseport {
        sock.set_int(&sockopt::SO_REUSEPORT, 1)
            .map_err(|e| Error::os("setsockopt SO_REUSEPORT", &e))?;
    }
    sock.bind(a)
        .map_err(|e| target::bind_error(a, &e, socktype, true))?;
    let guard = match &unix_path {
        Some(p) => std::fs::symlink_metadata(p).ok().map(|m| UnixGuard {
            path: p.clone(),
            id: (m.dev(), m.ino()),
        }),
        None => None,
    };
    let local = sock
        .local_addr()
        .map_err(|e| Error::os("getsockname", &e))?;
    Ok(Bound {
        sock,
        local,
        _guard: guard,
    })
}

/// How long accepting pauses when the process is out of descriptors or
/// memory.
pub const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// EMFILE/ENFILE/ENOBUFS/ENOMEM: out of descriptors or memory for now.
pub fn exhausted(e: &io::Error) -> bool {
    matches!(
        e.raw_os_error(),
        Some(libc::EMFILE | libc::ENFILE | libc::ENOBUFS | libc::ENOMEM)
    )
}

/// Accepting paused after the process ran out of descriptors or memory:
/// until when, and whether this run of failures was already said.
#[derive(Debug, Default)]
pub struct Backoff {
    pub until: Option<Instant>,
    reported: bool,
}

/// What an accept loop does after a failed accept.
pub enum Next {
    /// Nothing more to accept now.
    Stop,
    /// That client is gone; accept the next.
    Skip,
}

impl Backoff {
    /// A client was accepted: the next run of failures is said again.
    pub fn accepted(&mut self) {
        self.reported = false;
    }

    /// Whether accepting may go on at `now`.
    pub fn over(&self, now: Instant) -> bool {
        self.until.is_none_or(|t| now >= t)
    }

    /// A failed accept. EAGAIN: stop. Out of descriptors or memory: stop
    /// and pause for `ACCEPT_BACKOFF` (the open connections are still
    /// served instead of spinning on a listener that stays readable), said
    /// once per run of failures. A client that gave up before accept
    /// (ECONNABORTED and the like): skip it. Anything else is accept's
    /// failure.
    pub fn failed(&mut self, e: &io::Error, sink: &mut dyn Sink) -> Result<Next> {
        if e.kind() == io::ErrorKind::WouldBlock {
            return Ok(Next::Stop);
        }
        if exhausted(e) {
            self.until = Some(Instant::now() + ACCEPT_BACKOFF);
            if !self.reported {
                self.reported = true;
                sink.event(Event::Warning {
                    message: format!(
                        "{}; pausing accept for {} ms at a time until one is free",
                        Error::os("accept", e),
                        ACCEPT_BACKOFF.as_millis()
                    ),
                });
            }
            return Ok(Next::Stop);
        }
        if matches!(
            e.raw_os_error(),
            Some(libc::ECONNABORTED | libc::EPROTO | libc::EPERM)
        ) {
            return Ok(Next::Skip);
        }
        Err(Error::os("accept", e))
    }
}
