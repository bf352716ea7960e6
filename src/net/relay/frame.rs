//! --frame: messages on a byte stream (the cure for "sticky packets", 粘包).
//! Out, each stdin line becomes one message; in, each message becomes one
//! line on stdout. `len32`/`len16` put the payload's length before it in
//! network byte order (Python's `struct.pack('!I', n)` / `'!H'`), `line`
//! ends each message with a newline. A message the peer cuts short (EOF
//! inside it) or announces larger than `MAX` is an error that says so, never
//! a silent half line. Under --trace each message is a `frame` event next to
//! the recv() calls that carried it, so one recv holding two messages, or a
//! message split over two recvs, can be seen.

use std::io;
use std::os::fd::RawFd;

use super::pump::{Mode, Pump, Side, Step, StepResult, interrupted, would_block};
use crate::event::{Direction, Event, Sink, Tap};
use crate::net::stream::Stream;
use crate::sys::fd;

/// The largest message accepted or sent with len32 or line (len16's own
/// limit is 65535): large enough for any sane message, small enough that a
/// garbage header cannot make us allocate gigabytes.
pub const MAX: usize = 16 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Len32,
    Len16,
    Line,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Len32 => "len32",
            Kind::Len16 => "len16",
            Kind::Line => "line",
        }
    }

    fn header(self) -> usize {
        match self {
            Kind::Len32 => 4,
            Kind::Len16 => 2,
            Kind::Line => 0,
        }
    }

    fn max(self) -> usize {
        match self {
            Kind::Len16 => u16::MAX as usize,
            _ => MAX,
        }
    }
}

/// Appends `payload` as one message to `out`; `crlf` ends a `line` message
/// with CRLF. A payload too large for the kind is refused.
pub fn encode(kind: Kind, payload: &[u8], crlf: bool, out: &mut Vec<u8>) -> Result<(), String> {
    if payload.len() > kind.max() {
        return Err(format!(
            "a line of {} bytes is too long for one {} message (at most {})",
            payload.len(),
            kind.name(),
            kind.max()
        ));
    }
    match kind {
        Kind::Len32 => out.extend_from_slice(&(payload.len() as u32).to_be_bytes()),
        Kind::Len16 => out.extend_from_slice(&(payload.len() as u16).to_be_bytes()),
        Kind::Line => {}
    }
    out.extend_from_slice(payload);
    if kind == Kind::Line {
        // -C keeps a CR already before the LF (a CRLF stdin line), as it
        // does without --frame: never CR CR LF.
        let cr = crlf && payload.last() != Some(&b'\r');
        out.extend_from_slice(if cr { b"\r\n" } else { b"\n" });
    }
    Ok(())
}

/// The first whole message in `buf`: (payload start, payload end, bytes
/// used), or None while it is incomplete. An announced length over the
/// limit is an error at once.
pub fn decode(kind: Kind, buf: &[u8]) -> Result<Option<(usize, usize, usize)>, String> {
    let h = kind.header();
    let n = match kind {
        Kind::Line => {
            return match buf.iter().position(|&b| b == b'\n') {
                Some(i) => Ok(Some((0, i, i + 1))),
                None if buf.len() > MAX => Err(format!(
                    "a line message longer than {} bytes arrived (no newline)",
                    MAX
                )),
                None => Ok(None),
            };
        }
        _ if buf.len() < h => return Ok(None),
        Kind::Len32 => u32::from_be_bytes([buf[0], buf[1], buf[2], buf[3]]) as usize,
        Kind::Len16 => u16::from_be_bytes([buf[0], buf[1]]) as usize,
    };
    if n > kind.max() {
        return Err(format!(
            "a {} header announces a message of {n} bytes, more than the limit of {} (not {} framing?)",
            kind.name(),
            kind.max(),
            kind.name()
        ));
    }
    Ok((buf.len() >= h + n).then_some((h, h + n, h + n)))
}

/// What an EOF in the middle of a message left: the words of the error.
pub fn short(kind: Kind, partial: &[u8]) -> String {
    let h = kind.header();
    match kind {
        Kind::Line => format!(
            "the peer closed the connection in the middle of a line message ({} bytes without a newline)",
            partial.len()
        ),
        _ if partial.len() < h => format!(
            "the peer closed the connection in the middle of a {} header ({} of {h} bytes)",
            kind.name(),
            partial.len()
        ),
        _ => {
            let want = decode_len(kind, partial);
            format!(
                "short message: the {} header announced {want} bytes, the peer closed the connection after {}",
                kind.name(),
                partial.len() - h
            )
        }
    }
}

fn decode_len(kind: Kind, b: &[u8]) -> usize {
    match kind {
        Kind::Len32 => u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize,
        Kind::Len16 => u16::from_be_bytes([b[0], b[1]]) as usize,
        Kind::Line => 0,
    }
}

/// The socket → stdout side of --frame.
pub struct Frames {
    kind: Kind,
    trace: bool,
    /// Received bytes; `pos..have` not yet taken apart.
    inbuf: Vec<u8>,
    pos: usize,
    have: usize,
    /// Lines for stdout; `out_pos..` not yet written.
    out: Vec<u8>,
    out_pos: usize,
}

pub fn install(down: &mut Pump, kind: Kind, trace: bool) {
    if matches!(down.mode, Mode::Discard { .. }) {
        return;
    }
    let size = down.bufsize().min(super::DEFAULT_BUFSIZE);
    down.mode = Mode::Frames(Box::new(Frames {
        kind,
        trace,
        inbuf: vec![0; size],
        pos: 0,
        have: 0,
        out: Vec::with_capacity(size),
        out_pos: 0,
    }));
    down.src_ready = false;
}

impl Frames {
    /// The lines decoded and not yet written, within `limit` (the way out
    /// of a relay that failed or was interrupted).
    pub fn flush_within(&mut self, stdout: RawFd, limit: std::time::Duration) {
        let n = crate::net::stdio::write_within(stdout, &self.out[self.out_pos..], limit);
        self.out_pos += n;
    }
}

fn bad_data(msg: String) -> (Side, io::Error) {
    (Side::Src, io::Error::new(io::ErrorKind::InvalidData, msg))
}

impl Pump {
    pub(super) fn step_frames<S: Stream>(
        &mut self,
        s: &mut S,
        sink: &mut dyn Sink,
        tap: &mut Option<Tap>,
    ) -> StepResult {
        let (sock, stdout): (RawFd, RawFd) = (s.fd(), self.stdio);
        let Mode::Frames(f) = &mut self.mode else {
            unreachable!("step_frames on a frames pump");
        };
        if f.out_pos < f.out.len() {
            return match fd::write(stdout, &f.out[f.out_pos..]) {
                Ok(n) => {
                    f.out_pos += n;
                    if f.out_pos == f.out.len() {
                        f.out.clear();
                        f.out_pos = 0;
                    }
                    Ok(Step::Moved)
                }
                Err(e) if would_block(&e) => self.block(stdout, libc::POLLOUT),
                Err(e) if interrupted(&e) => Ok(Step::Moved),
                Err(e) => Err((Side::Dst, e)),
            };
        }
        let mut parsed = false;
        while f.out.len() < f.inbuf.len().max(4096) {
            match decode(f.kind, &f.inbuf[f.pos..f.have]) {
                Ok(Some((a, b, used))) => {
                    let (a, b) = (f.pos + a, f.pos + b);
                    f.out.extend_from_slice(&f.inbuf[a..b]);
                    f.out.push(b'\n');
                    if f.trace {
                        sink.event(Event::Frame {
                            direction: Direction::In,
                            bytes: b - a,
                            frame: f.kind.name().to_string(),
                        });
                    }
                    f.pos += used;
                    parsed = true;
                }
                Ok(None) => break,
                Err(msg) => return Err(bad_data(msg)),
            }
        }
        if parsed {
            return Ok(Step::Moved);
        }
        // Make room: move the partial message to the front, or grow for a
        // message larger than the buffer (bounded by `decode`'s limit).
        if f.pos == f.have {
            f.pos = 0;
            f.have = 0;
        } else if f.have == f.inbuf.len() {
            if f.pos > 0 {
                f.inbuf.copy_within(f.pos..f.have, 0);
                f.have -= f.pos;
                f.pos = 0;
            } else {
                let grown = (f.inbuf.len() * 2).min(MAX + 8);
                f.inbuf.resize(grown, 0);
            }
        }
        if !self.src_ready {
            return self.block(sock, libc::POLLIN);
        }
        let Mode::Frames(f) = &mut self.mode else {
            unreachable!();
        };
        let room = f.inbuf.len() - f.have;
        match s.read(&mut f.inbuf[f.have..]) {
            Ok(0) if f.have > f.pos => Err(bad_data(short(f.kind, &f.inbuf[f.pos..f.have]))),
            Ok(0) => Ok(Step::Eof),
            Ok(n) => {
                if let Some(t) = tap.as_mut() {
                    t.received(sink, &f.inbuf[f.have..f.have + n]);
                }
                f.have += n;
                self.bytes += n as u64;
                self.src_ready = n == room;
                Ok(Step::Moved)
            }
            Err(e) if would_block(&e) => {
                self.src_ready = false;
                self.block(sock, libc::POLLIN)
            }
            Err(e) if interrupted(&e) => Ok(Step::Moved),
            Err(e) => Err((Side::Src, e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn len32_is_struct_pack_network_order() {
        let mut out = Vec::new();
        encode(Kind::Len32, b"hello", false, &mut out).unwrap();
        assert_eq!(out, b"\x00\x00\x00\x05hello");
        assert_eq!(decode(Kind::Len32, &out), Ok(Some((4, 9, 9))));
        assert_eq!(decode(Kind::Len32, &out[..8]), Ok(None));
        assert_eq!(decode(Kind::Len32, &out[..3]), Ok(None));
    }

    #[test]
    fn len16_refuses_a_line_it_cannot_carry() {
        let mut out = Vec::new();
        encode(Kind::Len16, b"ab", false, &mut out).unwrap();
        assert_eq!(out, b"\x00\x02ab");
        let long = vec![b'a'; 65536];
        assert!(encode(Kind::Len16, &long, false, &mut out).is_err());
    }

    #[test]
    fn oversized_header_is_an_error_before_any_allocation() {
        let e = decode(Kind::Len32, b"\xff\xff\xff\xffabc").unwrap_err();
        assert!(e.contains("4294967295"), "{e}");
    }

    #[test]
    fn short_message_says_how_much_came() {
        let m = short(Kind::Len32, b"\x00\x00\x00\x0aabc");
        assert!(
            m.contains("announced 10 bytes") && m.contains("after 3"),
            "{m}"
        );
        let m = short(Kind::Len16, b"\x00");
        assert!(m.contains("header (1 of 2 bytes)"), "{m}");
    }

    #[test]
    fn line_messages() {
        let mut out = Vec::new();
        encode(Kind::Line, b"a", true, &mut out).unwrap();
        assert_eq!(out, b"a\r\n");
        // A CRLF stdin line under -C: its CR is kept, not doubled.
        out.clear();
        encode(Kind::Line, b"a\r", true, &mut out).unwrap();
        assert_eq!(out, b"a\r\n");
        assert_eq!(decode(Kind::Line, b"ab\ncd"), Ok(Some((0, 2, 3))));
    }
}
