//! One error type for the whole program: it names the failed call and its
//! argument, carries the exit status, and a hint where one helps.
//!
//! Rendered as one line on stderr:
//! `sockx: error: connect to 127.0.0.1 port 9: Connection refused (ECONNREFUSED)`.

use std::fmt;
use std::io;

use crate::net::errno;

/// Exit statuses (listed in the man page, EXIT STATUS).
pub mod exit {
    /// Success.
    pub const OK: i32 = 0;
    /// A socket operation failed (refused, reset, address in use, port closed under -z, ...).
    pub const FAILURE: i32 = 1;
    /// Usage error or invalid input (bad port, bad number, unknown option name).
    pub const USAGE: i32 = 2;
    /// A name (host, service, protocol) was not found.
    pub const NOT_FOUND: i32 = 3;
    /// Timed out before the work was done.
    pub const TIMEOUT: i32 = 4;
    /// The TLS handshake or the certificate verification failed (connect --tls,
    /// listen --tls, sockx tls): the port is open, the peer or its certificate is not right.
    pub const TLS: i32 = 5;
    /// Interrupted by SIGINT (128 + 2), as shells report it.
    pub const INTERRUPTED: i32 = 130;
    /// Terminated by SIGTERM (128 + 15).
    pub const TERMINATED: i32 = 143;
}

#[derive(Debug)]
pub struct Error {
    /// Exit status this error ends the program with.
    pub code: i32,
    /// What failed, already naming the call/address: "connect to 127.0.0.1 port 9: ...".
    pub message: String,
    /// A short suggestion, shown after the message.
    pub hint: Option<String>,
    /// The errno (or EAI_ code name) behind the error, for JSON and tests.
    pub errno: Option<&'static str>,
    /// Writing to a closed stdout: end quietly (exit 0), like `yes | head -1`.
    pub quiet: bool,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    fn new(code: i32, message: impl Into<String>) -> Error {
        Error {
            code,
            message: message.into(),
            hint: None,
            errno: None,
            quiet: false,
        }
    }

    /// Invalid input or usage (exit 2).
    pub fn usage(message: impl Into<String>) -> Error {
        Error::new(exit::USAGE, message)
    }

    /// A name was not found (exit 3).
    pub fn not_found(message: impl Into<String>) -> Error {
        Error::new(exit::NOT_FOUND, message)
    }

    /// Timed out (exit 4).
    pub fn timeout(message: impl Into<String>) -> Error {
        Error::new(exit::TIMEOUT, message)
    }

    /// The TLS handshake or the certificate check failed (exit 5).
    pub fn tls(message: impl Into<String>) -> Error {
        Error::new(exit::TLS, message)
    }

    /// A socket operation failed (exit 1).
    pub fn failed(message: impl Into<String>) -> Error {
        Error::new(exit::FAILURE, message)
    }

    /// SIGINT or SIGTERM ended the command: exit 130 or 143, no message.
    pub fn interrupted(sig: i32) -> Error {
        let code = if crate::sys::signal::is_term(sig) {
            exit::TERMINATED
        } else {
            exit::INTERRUPTED
        };
        Error {
            quiet: true,
            ..Error::new(code, "interrupted")
        }
    }

    /// stdout was closed by its reader: end quietly.
    pub fn stdout_closed() -> Error {
        Error {
            quiet: true,
            ..Error::new(exit::OK, "stdout closed")
        }
    }

    /// An OS error from a call described by `what` ("connect to 127.0.0.1 port 9").
    /// The errno decides the exit status: ETIMEDOUT is 4, everything else 1
    /// (EAGAIN too: exit 4 is only for -w, -c and connect timeouts, which
    /// sockx measures itself).
    pub fn os(what: impl fmt::Display, e: &io::Error) -> Error {
        if e.kind() == io::ErrorKind::Interrupted
            && let Some(sig) = crate::sys::signal::pending()
        {
            return Error::interrupted(sig);
        }
        let Some(n) = errno::of(e) else {
            return Error::new(
                if e.kind() == io::ErrorKind::TimedOut {
                    exit::TIMEOUT
                } else {
                    exit::FAILURE
                },
                format!("{what}: {e}"),
            );
        };
        let name = errno::name(n);
        let message = match name {
            Some(name) => format!("{what}: {} ({name})", errno::message(n)),
            None => format!("{what}: {} (errno {n})", errno::message(n)),
        };
        let code = match n {
            libc::ETIMEDOUT => exit::TIMEOUT,
            _ => exit::FAILURE,
        };
        let hint = match n {
            libc::EADDRINUSE => Some("address already in use: try another port"),
            libc::ECONNREFUSED => Some("nothing is listening there"),
            libc::ETIMEDOUT => {
                Some("no answer: the host may be down or a firewall drops the packets")
            }
            libc::ENETUNREACH | libc::EHOSTUNREACH => Some("no route to that address"),
            libc::EADDRNOTAVAIL => Some("that address is not on this host"),
            _ => None,
        };
        Error {
            code,
            message,
            hint: hint.map(str::to_string),
            errno: name,
            quiet: false,
        }
    }

    /// A getaddrinfo/getnameinfo failure. Malformed requests (bad family, socket
    /// type, flags or service, or a numeric address of the other family) are
    /// invalid input (exit 2); a name that does not resolve is exit 3.
    pub fn gai(what: impl fmt::Display, code: i32) -> Error {
        if code == libc::EAI_SYSTEM {
            return Error::os(what, &io::Error::last_os_error());
        }
        let name = errno::gai_name(code);
        let message = format!("{what}: {} ({name})", errno::gai_message(code));
        let (status, hint) = match code {
            libc::EAI_FAMILY
            | libc::EAI_SOCKTYPE
            | libc::EAI_BADFLAGS
            | libc::EAI_SERVICE
            | errno::EAI_ADDRFAMILY => (exit::USAGE, None),
            libc::EAI_NONAME | libc::EAI_NODATA => (
                exit::NOT_FOUND,
                Some("check the spelling, /etc/hosts and the DNS servers in /etc/resolv.conf"),
            ),
            libc::EAI_AGAIN => (
                exit::NOT_FOUND,
                Some("the DNS server did not answer: try again later"),
            ),
            libc::EAI_FAIL => (exit::NOT_FOUND, None),
            _ => (exit::FAILURE, None),
        };
        Error {
            code: status,
            message,
            hint: hint.map(str::to_string),
            errno: Some(name),
            quiet: false,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Error {
        self.hint = Some(hint.into());
        self
    }

    /// Writes to stdout failed: a closed pipe ends quietly, anything else is an error.
    pub fn stdout(e: &io::Error) -> Error {
        if e.kind() == io::ErrorKind::BrokenPipe {
            Error::stdout_closed()
        } else {
            Error::os("write to stdout", e)
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "; hint: {h}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_error_names_call_errno_and_exit() {
        let e = Error::os(
            "connect to 127.0.0.1 port 9",
            &io::Error::from_raw_os_error(libc::ECONNREFUSED),
        );
        assert_eq!(e.code, exit::FAILURE);
        assert_eq!(
            e.message,
            "connect to 127.0.0.1 port 9: Connection refused (ECONNREFUSED)"
        );
        let t = Error::os("connect", &io::Error::from_raw_os_error(libc::ETIMEDOUT));
        assert_eq!(t.code, exit::TIMEOUT);
    }

    #[test]
    fn gai_codes_map_to_exit_statuses() {
        assert_eq!(Error::gai("x", libc::EAI_NONAME).code, exit::NOT_FOUND);
        assert_eq!(Error::gai("x", libc::EAI_AGAIN).code, exit::NOT_FOUND);
        assert_eq!(Error::gai("x", libc::EAI_FAMILY).code, exit::USAGE);
        assert_eq!(Error::gai("x", errno::EAI_ADDRFAMILY).code, exit::USAGE);
        assert_eq!(Error::gai("x", libc::EAI_SOCKTYPE).code, exit::USAGE);
    }
}
