//! The one trace point. Every socket and resolver call sockx makes passes
//! through a function here, which (under `--trace`) turns it into an
//! `Event::Call` with its arguments and result in Python/API notation:
//!
//! ```text
//! socket(AF_INET, SOCK_STREAM, 0) = 3
//! connect(3, ('127.0.0.1', 9)) = -1 ECONNREFUSED (Connection refused)
//! ```
//!
//! Arguments and results are closures, so nothing is formatted when the trace
//! is off: the cost on the data path is one load of a flag.

use std::io;

use crate::net::errno;
use crate::ui::{self, Event};

/// How a traced call failed.
pub enum Failure {
    /// An errno: `= -1 ECONNREFUSED (Connection refused)`.
    Errno(i32),
    /// A getaddrinfo/getnameinfo code: `= EAI_NONAME (Name or service not known)`.
    Gai(i32),
    /// Anything else, already worded: `= herror(1, 'Unknown host')`.
    Text(String),
}

/// Emits one call event (when tracing).
pub fn emit(func: &str, args: String, result: Result<String, Failure>) {
    let (result, errno, error) = match result {
        Ok(r) => (r, None, None),
        Err(Failure::Errno(n)) => (
            "-1".to_string(),
            Some(errno::name_or_number(n)),
            Some(errno::message(n)),
        ),
        Err(Failure::Gai(c)) => (
            c.to_string(),
            Some(errno::gai_name(c).to_string()),
            Some(errno::gai_message(c)),
        ),
        Err(Failure::Text(t)) => (t, None, None),
    };
    ui::event(&Event::Call {
        call: func.to_string(),
        args,
        result,
        errno,
        error,
    });
}

/// Traces a call returning `io::Result<T>`; `show` renders the success value.
#[inline]
pub fn io<T>(
    func: &str,
    args: impl FnOnce() -> String,
    r: io::Result<T>,
    show: impl FnOnce(&T) -> String,
) -> io::Result<T> {
    if ui::tracing() {
        let result = match &r {
            Ok(v) => Ok(show(v)),
            Err(e) => Err(match e.raw_os_error() {
                Some(n) => Failure::Errno(n),
                None => Failure::Text(format!("-1 ({e})")),
            }),
        };
        emit(func, args(), result);
    }
    r
}

/// Traces a call that cannot fail (htons, inet_ntop of a valid address).
#[inline]
pub fn ok(func: &str, args: impl FnOnce() -> String, result: impl FnOnce() -> String) {
    if ui::tracing() {
        emit(func, args(), Ok(result()));
    }
}

/// Traces a call that returns a getaddrinfo-style error code.
#[inline]
pub fn gai<T>(
    func: &str,
    args: impl FnOnce() -> String,
    r: Result<T, i32>,
    show: impl FnOnce(&T) -> String,
) -> Result<T, i32> {
    if ui::tracing() {
        let result = match &r {
            Ok(v) => Ok(show(v)),
            Err(c) => Err(Failure::Gai(*c)),
        };
        emit(func, args(), result);
    }
    r
}

/// Traces a call with a free-form failure (h_errno style).
#[inline]
pub fn text<T, E>(
    func: &str,
    args: impl FnOnce() -> String,
    r: Result<T, E>,
    show: impl FnOnce(&T) -> String,
    fail: impl FnOnce(&E) -> String,
) -> Result<T, E> {
    if ui::tracing() {
        let result = match &r {
            Ok(v) => Ok(show(v)),
            Err(e) => Err(Failure::Text(fail(e))),
        };
        emit(func, args(), result);
    }
    r
}

/// The TLS record layer's own reads and writes on the socket: shown with
/// --trace at -vv only (at -v and below the trace shows the `ssl` calls).
#[inline]
pub fn records(func: &str, fd: i32, len: usize, r: &io::Result<usize>) {
    if ui::tracing() && ui::verbosity() >= 2 {
        let result = match r {
            Ok(n) => Ok(format!("{n} (TLS records)")),
            Err(e) => Err(match e.raw_os_error() {
                Some(n) => Failure::Errno(n),
                None => Failure::Text(format!("-1 ({e})")),
            }),
        };
        emit(func, format!("{fd}, {len}"), result);
    }
}
