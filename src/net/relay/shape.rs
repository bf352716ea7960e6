//! The relay options that change what crosses the socket or which way it
//! flows: -C/--crlf, -i/--interval, --frame, --send-only, --recv-only and
//! --heartbeat, decided once from the arguments (`Shape`) and applied to the
//! pumps when a relay starts (`install`). A default `Shape` changes nothing,
//! so the splice/sendfile paths stay exactly as they are; any option here
//! selects the copy path for the direction it touches, and only that one.

use std::time::Duration;

use super::Carry;
use super::frame::{self, Kind};
use super::lines;
use super::pump::Pump;

/// A heartbeat (connect --heartbeat INTERVAL[,MISSES] --heartbeat-data TEXT).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heartbeat {
    /// Idle this long (no byte either way): send `data`.
    pub interval: Duration,
    /// This many heartbeat intervals in a row with nothing received: the
    /// peer is declared dead (exit 4).
    pub misses: u32,
    /// The bytes sent, already framed when --frame is on.
    pub data: Vec<u8>,
    /// The option as the user wrote it, for messages ("--heartbeat 1s,3").
    pub spec: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shape {
    /// -C: each LF from stdin goes out as CRLF (a CR already before it is kept as is).
    pub crlf: bool,
    /// -i: the pause between lines sent from stdin.
    pub interval: Option<Duration>,
    /// --frame: stdin lines go out as messages; received messages come out as lines.
    pub frame: Option<Kind>,
    /// --send-only: the socket is never read.
    pub send_only: bool,
    /// --recv-only: stdin is never read, and no SHUT_WR is sent (as ncat).
    pub recv_only: bool,
    pub heartbeat: Option<Heartbeat>,
    /// --trace: a `frame` event for each message, beside the recv()/send() calls.
    pub trace_frames: bool,
}

impl Shape {
    /// Whether stdin → socket goes line by line (and so through `lines`).
    pub fn lines_up(&self) -> bool {
        self.crlf || self.interval.is_some() || self.frame.is_some()
    }
}

/// Sets the pumps up for `shape` at the start of a relay. `carry`: what
/// an earlier connection left (listen -k; its `raw` part is already in the
/// up pump); `stdin_eof`: stdin's EOF was read already.
pub fn install(shape: &Shape, up: &mut Pump, down: &mut Pump, carry: Carry, stdin_eof: bool) {
    if shape.recv_only {
        // stdin is never read; the direction is done without a SHUT_WR.
        up.active = false;
    } else if shape.lines_up() {
        lines::install(up, shape, carry, stdin_eof);
    }
    if shape.send_only {
        down.active = false;
    } else if let Some(kind) = shape.frame {
        frame::install(down, kind, shape.trace_frames);
    }
}
