//! Everything sockx shows: the output settings decided once at start-up, the
//! `Report` trait that gives each result a human and a JSON rendering, and the
//! writers for results (stdout), events and traces (stderr).
//!
//! Subcommands never print directly: they hand a `Report` to [`result`] or an
//! [`Event`] to [`event`], and this module picks the rendering.

pub use crate::escape;
pub mod event;
pub mod hexdump;
pub mod human;
pub mod probe;
pub mod progress;
pub mod sessionlog;
pub mod stamp;
pub mod tls;

use std::io::{self, IsTerminal, Write};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;

use crate::cli::ColorWhen;
use crate::error::{Error, Result};

pub use event::Event;
pub use human::Paint;

/// Output settings, decided once from the global options.
#[derive(Debug, Clone)]
pub struct Settings {
    pub json: bool,
    pub trace: bool,
    /// --trace-time: stamp trace lines and events (implies `trace`).
    pub trace_time: bool,
    /// -1 with -q, 0 by default, 1.. with -v.
    pub verbosity: i8,
    pub color: ColorWhen,
}

static SETTINGS: OnceLock<Settings> = OnceLock::new();

const DEFAULT: Settings = Settings {
    json: false,
    trace: false,
    trace_time: false,
    verbosity: 0,
    color: ColorWhen::Auto,
};

pub fn init(s: Settings) {
    if s.trace_time {
        stamp::start();
    }
    // Only main calls this, once; a second call (in unit tests) keeps the first.
    let _ = SETTINGS.set(s);
}

pub fn settings() -> &'static Settings {
    SETTINGS.get().unwrap_or(&DEFAULT)
}

pub fn json() -> bool {
    settings().json
}

pub fn tracing() -> bool {
    settings().trace
}

/// --trace-time: calls and events carry times.
pub fn timing() -> bool {
    settings().trace_time
}

pub fn verbosity() -> i8 {
    settings().verbosity
}

fn color_for(is_tty: impl FnOnce() -> bool) -> bool {
    match settings().color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            !no_color && is_tty()
        }
    }
}

/// The palette for stdout; decided on first use (no isatty call for commands
/// that never print in colour).
pub fn paint_out() -> &'static Paint {
    static P: OnceLock<Paint> = OnceLock::new();
    P.get_or_init(|| Paint::new(color_for(|| io::stdout().is_terminal())))
}

/// The palette for stderr.
pub fn paint_err() -> &'static Paint {
    static P: OnceLock<Paint> = OnceLock::new();
    P.get_or_init(|| Paint::new(color_for(|| io::stderr().is_terminal())))
}

/// A result with a human and a JSON rendering.
pub trait Report: Serialize {
    /// The human rendering: complete lines, each ending in '\n'.
    fn human(&self, p: &Paint) -> String;
}

/// Renders a report as it would appear on stdout (one JSON document, or the
/// human text) into `w`.
pub fn render<R: Report + ?Sized>(r: &R, w: &mut impl Write) -> io::Result<()> {
    if json() {
        // From keeps an I/O error's kind (a closed stdout stays BrokenPipe).
        escape::json_to_writer(&mut *w, r).map_err(io::Error::from)?;
        w.write_all(b"\n")
    } else {
        w.write_all(r.human(paint_out()).as_bytes())
    }
}

/// Prints a result command's result on stdout.
pub fn result<R: Report + ?Sized>(r: &R) -> Result<()> {
    let mut out = io::stdout().lock();
    render(r, &mut out)
        .and_then(|_| out.flush())
        .map_err(|e| Error::stdout(&e))
}

/// A --progress line is drawn on the terminal without its newline.
static REDRAWN: AtomicBool = AtomicBool::new(false);

/// Writes one line to stderr in a single write, so lines from the trace and
/// the events never interleave mid-line. A --progress line being redrawn is
/// cleared first (the next tick draws it again below). Errors writing stderr
/// are ignored: there is nowhere left to report them.
pub fn err_line(line: &str) {
    let mut buf = String::with_capacity(line.len() + 5);
    if REDRAWN.swap(false, Ordering::Relaxed) {
        buf.push_str("\r\x1b[K");
    }
    buf.push_str(line);
    buf.push('\n');
    write_stderr(buf.as_bytes());
}

/// Writes to stderr without ever holding up SIGINT/SIGTERM: a write blocked
/// on a full pipe (a paused pager) is interrupted by the signal and given up,
/// and once a signal is pending nothing more waits for stderr.
fn write_stderr(buf: &[u8]) {
    let _lock = io::stderr().lock();
    if crate::sys::signal::pending().is_some() {
        crate::net::stdio::write_within(libc::STDERR_FILENO, buf, std::time::Duration::ZERO);
        return;
    }
    let _ = crate::net::stdio::write_all(libc::STDERR_FILENO, buf);
}

/// Erases a --progress line being redrawn, before stdout writes to the
/// same terminal.
pub fn clear_redrawn() {
    if REDRAWN.swap(false, Ordering::Relaxed) {
        write_stderr(b"\r\x1b[K");
    }
}

/// Draws `line` over the current terminal line of stderr (carriage return,
/// erase to the end of the line), without a newline: --progress on a terminal.
pub fn redraw_line(line: &str) {
    let buf = format!("\r\x1b[K{line}");
    write_stderr(buf.as_bytes());
    REDRAWN.store(true, Ordering::Relaxed);
}

/// Emits a streaming event on stderr: always as JSON Lines under --json; in
/// human mode when the verbosity reaches the event's level.
pub fn event(e: &Event) {
    event_at(e, None);
}

/// Emits an event; under --trace-time stamped with its time since the
/// start and since the previous event, and a call with `call`'s start and
/// duration (`trace` measures them).
pub fn event_at(e: &Event, call: Option<stamp::Call>) {
    // Stamped only when shown, so that "since the previous line" is.
    let times = || timing().then(|| stamp::times(call));
    if json() {
        if let Ok(mut s) = escape::json_string(e) {
            if let Some(t) = times() {
                stamp::splice_json(&mut s, &t);
            }
            err_line(&s);
        }
    } else if let Some((level, text)) = e.human(paint_err())
        && verbosity() >= level
    {
        let p = paint_err();
        let text = match times() {
            Some(t) => stamp::human(&text, &t),
            None => text,
        };
        if matches!(e, Event::Data { .. } | Event::ForwardData { .. }) && p.enabled() {
            let dim: Vec<String> = text.lines().map(|l| p.dim(l)).collect();
            err_line(&dim.join("\n"));
        } else {
            err_line(&text);
        }
    }
}

/// The command line's sink: every event rendered on stderr.
pub struct Stderr;

impl crate::event::Sink for Stderr {
    fn event(&mut self, e: Event) {
        event(&e);
    }
}

/// A warning on stderr (suppressed by -q; a JSON event under --json).
pub fn warn(msg: &str) {
    event(&Event::Warning {
        message: msg.to_string(),
    });
}

/// Prints the final error line.
pub fn error(e: &Error) {
    let p = paint_err();
    let mut line = format!("{} {}", p.bad("sockx: error:"), escape::text(&e.message));
    if let Some(h) = &e.hint {
        line.push_str(&format!("; {} {}", p.dim("hint:"), escape::text(h)));
    }
    // Under -v, where to read more about the code (`sockx errno` explains it).
    if verbosity() >= 1
        && let Some(name) = e.errno
    {
        line.push_str(&format!(
            " {}",
            p.dim(&format!("(see: sockx errno {name})"))
        ));
    }
    err_line(&line);
}
