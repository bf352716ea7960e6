//! How a relay ends: shutdown(SHUT_WR) at stdin's EOF, the wait for the
//! peer's TCP to acknowledge every byte sent (so exit 0 means delivered),
//! and the words of an upload cut short.

use std::io;
use std::time::{Duration, Instant};

use super::Plan;
use crate::error::{Error, Result};
use crate::event::{Direction, Event, Sink, human_bytes, show_duration};
use crate::net::stream::Stream;
use crate::sys::{fd, signal};

/// A direction could not finish: say what happened, how far each way got,
/// and (`stdin_left`) that stdin was not sent to its end.
pub(super) fn cut(what: &str, e: &io::Error, sent: u64, received: u64, stdin_left: bool) -> Error {
    let mut err = Error::os(what, e);
    let how = match e.raw_os_error() {
        Some(libc::ECONNRESET) => "connection reset by peer",
        Some(libc::EPIPE) => "the peer closed the connection",
        Some(libc::ETIMEDOUT) => "the connection timed out",
        _ => "the connection failed",
    };
    let rest = if stdin_left {
        "; the rest of stdin was not sent"
    } else {
        ""
    };
    err.message = format!(
        "{how} after {} sent and {} received{rest} ({})",
        human_bytes(sent),
        human_bytes(received),
        err.message
    );
    err
}

/// The end of a relay that sent bytes: exit 0 must mean the peer's TCP
/// acknowledged every one, so wait until nothing is unacknowledged (on
/// loopback a few microseconds; over a network one round trip), or until a
/// reset says the peer dropped them. Signals and -w end the wait.
pub(super) fn linger<S: Stream>(
    stream: &mut S,
    plan: &Plan,
    sent: u64,
    received: u64,
) -> Result<()> {
    let start = Instant::now();
    let mut nap = Duration::from_micros(50);
    loop {
        if let Some(e) = stream
            .take_error()
            .map_err(|e| Error::os("getsockopt SO_ERROR", &e))?
        {
            let unacked = stream.unacked().unwrap_or(0) as u64;
            return Err(cut(
                &format!("send to {}", plan.peer),
                &e,
                sent.saturating_sub(unacked),
                received,
                false,
            ));
        }
        let left = stream
            .unacked()
            .map_err(|e| Error::os("ioctl SIOCOUTQ", &e))?;
        if left == 0 {
            return Ok(());
        }
        if let Some(sig) = signal::pending() {
            return Err(Error::interrupted(sig));
        }
        if let Some(idle) = plan.idle
            && start.elapsed() >= idle
        {
            return Err(Error::timeout(format!(
                "timed out: {} of what was sent to {} not acknowledged after {} (-w)",
                human_bytes(left as u64),
                plan.peer,
                show_duration(idle)
            )));
        }
        // Sleep on the signal pipe, so a signal ends the wait at once.
        let mut p = [fd::pollfd(signal::fd(), libc::POLLIN)];
        let n = usize::from(p[0].fd >= 0);
        let _ = fd::poll(&mut p[..n], fd::poll_ms(Some(nap)));
        nap = (nap * 2).min(Duration::from_millis(20));
    }
}

/// shutdown(SHUT_WR) after stdin's EOF.
pub(super) fn half_close<S: Stream>(stream: &mut S, sink: &mut dyn Sink) -> Result<()> {
    match stream.shutdown_write() {
        Ok(()) => {
            sink.event(Event::Eof {
                direction: Direction::Out,
            });
            Ok(())
        }
        // The peer may already be gone; that shows when reading.
        Err(e) if e.raw_os_error() == Some(libc::ENOTCONN) => Ok(()),
        Err(e) => Err(Error::os("shutdown(SHUT_WR)", &e)),
    }
}
