//! stdin → socket line by line: -C/--crlf (each LF goes out as CRLF, as
//! ncat -C), -i/--interval (a pause between lines, as nc -i) and --frame
//! (each line one message, see `frame`). Only this direction leaves the
//! fast path when one of them is set. A line is sent whole before the next
//! one is cut, so the interval falls between lines and a heartbeat never
//! lands inside a message.

use std::io;
use std::time::{Duration, Instant};

use super::Carry;
use super::frame::{self, Kind};
use super::pump::{Mode, Pump, Side, Step, StepResult, interrupted, would_block};
use super::shape::Shape;
use crate::event::{Direction, Event, Sink, Tap};
use crate::net::stream::Stream;
use crate::sys::fd;

pub struct Lines {
    crlf: bool,
    interval: Option<Duration>,
    frame: Option<Kind>,
    trace: bool,
    /// stdin bytes; `pos..have` not yet cut into lines.
    raw: Vec<u8>,
    pos: usize,
    have: usize,
    eof: bool,
    /// The last byte handed to -C, so a CRLF split across reads stays one.
    last: u8,
    /// Bytes for the socket; `out_pos..` not yet sent.
    out: Vec<u8>,
    out_pos: usize,
    /// -i: no line leaves before this.
    next_at: Option<Instant>,
    /// --frame: the payload size of the message in `out`.
    cut_bytes: usize,
    /// --trace --frame: a message carried from the last connection, whose
    /// `frame` event is given again as it is sent again.
    replay: Option<usize>,
}

/// Puts the up pump on the line path. What an earlier connection left
/// (listen -k, see `Carry`) goes first: its wire bytes as they are, then
/// its raw bytes (already in the pump's copy buffer), cut into lines.
pub fn install(up: &mut Pump, shape: &Shape, carry: Carry, stdin_eof: bool) {
    // Not --bufsize (the recv() size): what is a line must not change with
    // it, or -i --bufsize 1 would pace every byte (and -x, whose reads are
    // smaller, would cut lines where a plain run does not).
    let size = super::DEFAULT_BUFSIZE;
    let pending = up.unsent();
    let mut raw = vec![0; size.max(pending.len())];
    raw[..pending.len()].copy_from_slice(pending);
    let have = pending.len();
    let replay = carry
        .frame_bytes
        .filter(|_| shape.trace_frames && !carry.wire.is_empty());
    let cut_bytes = carry.frame_bytes.unwrap_or(0);
    let mut out = carry.wire;
    out.reserve((size + 16).saturating_sub(out.len()));
    up.mode = Mode::Lines(Box::new(Lines {
        crlf: shape.crlf,
        interval: shape.interval,
        frame: shape.frame,
        trace: shape.trace_frames,
        raw,
        pos: 0,
        have,
        eof: stdin_eof,
        last: carry.last,
        out,
        out_pos: 0,
        next_at: None,
        cut_bytes,
        replay,
    }));
}

impl Lines {
    /// Whether stdin bytes wait here, cut or not.
    pub fn holds(&self) -> bool {
        self.out_pos < self.out.len() || self.pos < self.have
    }

    /// What the connection did not send (see `Carry`): the rest of the
    /// piece being sent (under --frame the whole message, so the next peer
    /// never gets a message without its start), and what was not cut yet.
    /// Taken when a relay ends; the pump is empty afterwards.
    pub fn leftover(&mut self) -> (Carry, bool) {
        let from = if self.frame.is_some() {
            0
        } else {
            self.out_pos
        };
        let wire = if self.out_pos < self.out.len() {
            self.out[from..].to_vec()
        } else {
            Vec::new()
        };
        let frame_bytes = (self.frame.is_some() && !wire.is_empty()).then_some(self.cut_bytes);
        let carry = Carry {
            wire,
            raw: self.raw[self.pos..self.have].to_vec(),
            last: self.last,
            frame_bytes,
        };
        self.out.clear();
        self.out_pos = 0;
        self.pos = 0;
        self.have = 0;
        (carry, self.eof)
    }

    /// Cuts the next piece to send into `out`; false when there is none yet.
    fn cut(&mut self, sink: &mut dyn Sink) -> Result<bool, String> {
        let pending = &self.raw[self.pos..self.have];
        if pending.is_empty() {
            return Ok(false);
        }
        let newline = pending.iter().position(|&b| b == b'\n');
        let whole = self.frame.is_some() || self.interval.is_some();
        let (take, line_end) = match newline {
            // -C alone: everything at hand goes at once.
            _ if !whole => (pending.len(), None),
            Some(i) => (i + 1, Some(i)),
            // The last line, without a newline.
            None if self.eof => (pending.len(), Some(pending.len())),
            // A line longer than the buffer: -i sends it in pieces; a
            // message must be whole, so the buffer grows (to frame::MAX).
            None if pending.len() == self.raw.len() => {
                if self.frame.is_none() {
                    (pending.len(), None)
                } else if self.raw.len() > frame::MAX {
                    return Err(format!(
                        "a stdin line longer than {} bytes cannot be one message",
                        frame::MAX
                    ));
                } else {
                    let grown = self.raw.len() * 2;
                    self.raw.resize(grown, 0);
                    return Ok(false);
                }
            }
            None => return Ok(false),
        };
        let piece = &self.raw[self.pos..self.pos + take];
        match (self.frame, line_end) {
            (Some(kind), Some(end)) => {
                frame::encode(kind, &piece[..end], self.crlf, &mut self.out)?;
                self.cut_bytes = end;
                if self.trace {
                    sink.event(Event::Frame {
                        direction: Direction::Out,
                        bytes: end,
                        frame: kind.name().to_string(),
                    });
                }
            }
            _ if self.crlf => {
                for &b in piece {
                    if b == b'\n' && self.last != b'\r' {
                        self.out.push(b'\r');
                    }
                    self.out.push(b);
                    self.last = b;
                }
            }
            _ => self.out.extend_from_slice(piece),
        }
        self.pos += take;
        if self.pos == self.have {
            self.pos = 0;
            self.have = 0;
        }
        Ok(true)
    }
}

fn bad_input(msg: String) -> (Side, io::Error) {
    (Side::Src, io::Error::new(io::ErrorKind::InvalidData, msg))
}

impl Pump {
    /// -i: the pause after a line is running (or due now: the next step
    /// ends it). That is our own pause, not the connection's idleness: -w
    /// does not count it, whether or not the next line has been read yet
    /// (stdin is read during the pause only when the loop turns, so a line
    /// written meanwhile may still be in the pipe when the pause ends).
    pub fn paced(&self) -> bool {
        self.due().is_some()
    }

    /// -i: when the next line may leave (for the relay's wait).
    pub fn due(&self) -> Option<Instant> {
        match &self.mode {
            Mode::Lines(l) if l.out_pos == l.out.len() => l.next_at,
            _ => None,
        }
    }

    /// Whether nothing cut from stdin is waiting to be sent (so a
    /// heartbeat may go now without landing inside a line or message).
    pub fn between_lines(&self) -> bool {
        match &self.mode {
            Mode::Lines(l) => l.out_pos == l.out.len(),
            _ => self.unsent().is_empty(),
        }
    }

    pub(super) fn step_lines<S: Stream>(
        &mut self,
        s: &mut S,
        sink: &mut dyn Sink,
        tap: &mut Option<Tap>,
    ) -> StepResult {
        let sock = s.fd();
        let stdin = self.stdio;
        let Mode::Lines(l) = &mut self.mode else {
            unreachable!("step_lines on a lines pump");
        };
        if l.out_pos < l.out.len() {
            if let (Some(bytes), Some(kind)) = (l.replay.take(), l.frame) {
                sink.event(Event::Frame {
                    direction: Direction::Out,
                    bytes,
                    frame: kind.name().to_string(),
                });
            }
            return match s.write(&l.out[l.out_pos..]) {
                Ok(n) => {
                    if let Some(t) = tap.as_mut() {
                        t.sent(sink, &l.out[l.out_pos..l.out_pos + n]);
                    }
                    self.bytes += n as u64;
                    l.out_pos += n;
                    if l.out_pos == l.out.len() {
                        l.out.clear();
                        l.out_pos = 0;
                        l.next_at = l.interval.map(|d| Instant::now() + d);
                    }
                    Ok(Step::Moved)
                }
                Err(e) if would_block(&e) => self.block(sock, libc::POLLOUT),
                Err(e) if interrupted(&e) => Ok(Step::Moved),
                Err(e) => Err((Side::Dst, e)),
            };
        }
        if l.eof && l.pos == l.have {
            return Ok(Step::Eof);
        }
        // -i: the next line waits for the clock; stdin is still read
        // meanwhile when that cannot block, so its EOF is seen in time.
        let waiting = l.next_at.is_some_and(|at| Instant::now() < at);
        if !waiting {
            l.next_at = None;
            match l.cut(sink) {
                Ok(true) => return Ok(Step::Moved),
                Ok(false) => {}
                Err(msg) => return Err(bad_input(msg)),
            }
            if l.eof {
                return Ok(Step::Eof);
            }
        }
        if l.pos > 0 {
            l.raw.copy_within(l.pos..l.have, 0);
            l.have -= l.pos;
            l.pos = 0;
        }
        if l.eof || l.have == l.raw.len() || (waiting && !self.src_ready) {
            // Parked on the clock (the relay's wait ends at `due()`), or full
            // without a newline (the next cut decides: pieces or growth).
            self.wait = None;
            return Ok(if waiting { Step::Blocked } else { Step::Moved });
        }
        if !self.src_ready {
            return self.block(stdin, libc::POLLIN);
        }
        let Mode::Lines(l) = &mut self.mode else {
            unreachable!();
        };
        let r = if self.nowait {
            fd::read_nowait(stdin, &mut l.raw[l.have..])
        } else {
            fd::read(stdin, &mut l.raw[l.have..])
        };
        match r {
            Ok(0) => {
                l.eof = true;
                Ok(Step::Moved)
            }
            Ok(n) => {
                l.have += n;
                self.src_ready = self.nowait || self.file;
                Ok(Step::Moved)
            }
            Err(e) if would_block(&e) => {
                self.src_ready = false;
                if waiting {
                    self.wait = None;
                    return Ok(Step::Blocked);
                }
                self.block(stdin, libc::POLLIN)
            }
            Err(e) if interrupted(&e) => Ok(Step::Moved),
            Err(e)
                if self.nowait
                    && matches!(e.raw_os_error(), Some(libc::EOPNOTSUPP | libc::EINVAL)) =>
            {
                self.nowait = false;
                self.src_ready = false;
                self.block(stdin, libc::POLLIN)
            }
            Err(e) => Err((Side::Src, e)),
        }
    }
}
