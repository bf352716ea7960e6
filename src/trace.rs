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
//!
//! Under --trace-time a call site calls [`start`] just before the call; the
//! wrapper then knows when the call began and how long it took (the call
//! itself has already happened when `io` is entered). Without --trace-time
//! `start` is that same one load of a flag. A call whose site does not
//! stamp still gets its time, but no duration.

use std::cell::Cell;
use std::io;
use std::time::Instant;

use crate::net::errno;
use crate::ui::{self, Event, stamp};

thread_local! {
    /// When the call being traced began (--trace-time only).
    static CALL_START: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// Stamps the start of the call about to be made (under --trace-time).
#[inline]
pub fn start() {
    if ui::timing() {
        CALL_START.with(|c| c.set(Some(Instant::now())));
    }
}

/// The stamped call's start and duration, taken as the call returns.
fn ended() -> Option<stamp::Call> {
    if !ui::timing() {
        return None;
    }
    let start = CALL_START.with(Cell::take)?;
    Some(stamp::Call {
        start,
        dur: start.elapsed(),
    })
}

/// How a traced call failed.
pub enum Failure {
    /// An errno: `= -1 ECONNREFUSED (Connection refused)`.
    Errno(i32),
    /// A getaddrinfo/getnameinfo code: `= EAI_NONAME (Name or service not known)`.
    Gai(i32),
    /// Anything else, already worded: `= herror(1, 'Unknown host')`.
    Text(String),
    /// An errno returned as the value, as Python's connect_ex does:
    /// `= EINPROGRESS (Operation now in progress)`.
    Code(i32),
}

/// Emits one call event (when tracing), with its times under --trace-time.
fn emit_at(at: Option<stamp::Call>, func: &str, args: String, result: Result<String, Failure>) {
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
        Err(Failure::Code(n)) => (
            n.to_string(),
            Some(errno::name_or_number(n)),
            Some(errno::message(n)),
        ),
    };
    ui::event_at(
        &Event::Call {
            call: func.to_string(),
            args,
            result,
            errno,
            error,
        },
        at,
    );
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
        let at = ended();
        let result = match &r {
            Ok(v) => Ok(show(v)),
            Err(e) => Err(match e.raw_os_error() {
                Some(n) => Failure::Errno(n),
                None => Failure::Text(format!("-1 ({e})")),
            }),
        };
        emit_at(at, func, args(), result);
    }
    r
}

/// Traces a call whose value is an errno (0: success): connect_ex.
#[inline]
pub fn code(func: &str, args: impl FnOnce() -> String, code: i32) -> i32 {
    if ui::tracing() {
        let at = ended();
        let result = match code {
            0 => Ok("0".to_string()),
            n => Err(Failure::Code(n)),
        };
        emit_at(at, func, args(), result);
    }
    code
}

/// Traces a call that cannot fail (htons, inet_ntop of a valid address).
#[inline]
pub fn ok(func: &str, args: impl FnOnce() -> String, result: impl FnOnce() -> String) {
    if ui::tracing() {
        let at = ended();
        emit_at(at, func, args(), Ok(result()));
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
        let at = ended();
        let result = match &r {
            Ok(v) => Ok(show(v)),
            Err(c) => Err(Failure::Gai(*c)),
        };
        emit_at(at, func, args(), result);
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
        let at = ended();
        let result = match &r {
            Ok(v) => Ok(show(v)),
            Err(e) => Err(Failure::Text(fail(e))),
        };
        emit_at(at, func, args(), result);
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
        let at = ended();
        emit_at(at, func, format!("{fd}, {len}"), result);
    }
}
