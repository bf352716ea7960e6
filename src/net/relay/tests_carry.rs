//! listen -k's carry on the line path (-C, -i, --frame) without the binary:
//! a connection whose peer resets mid-upload (`Fake` with a byte budget),
//! what its up pump leaves (`Pump::leftover`), and the next connection's
//! pump built from that carry, over the same stdin (a socketpair). What the
//! two peers got together must be the transformed stdin exactly once.

use std::io::{self, Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;
use std::time::Duration;

use super::pump::{Pump, Side, Step};
use super::shape::Shape;
use super::tests::Fake;
use super::{Carry, frame, lines};
use crate::event::Event;

/// Steps `p` until stdin's EOF (`Ok(true)`), until stdin has nothing more
/// for now (`Ok(false)`), or an error. Bounded.
fn drive(p: &mut Pump, s: &mut Fake, sink: &mut Vec<Event>) -> Result<bool, (Side, io::Error)> {
    let mut tried = false;
    for _ in 0..10_000 {
        match p.step(s, sink, &mut None)? {
            Step::Moved => tried = false,
            Step::Eof => return Ok(true),
            Step::Blocked => match p.wait.take() {
                Some(w) if w.fd == p.stdio => {
                    if tried {
                        return Ok(false);
                    }
                    tried = true;
                    p.src_ready = true;
                }
                Some(_) => {}
                // -i: parked on the clock.
                None => std::thread::sleep(Duration::from_millis(1)),
            },
        }
    }
    panic!("no end");
}

/// One connection: an up pump on the line path over `stdin`, built from
/// `carry`, sending into a peer that takes `budget` bytes then resets.
/// What the peer got, what the pump left, and whether stdin's EOF was read.
fn connection(
    shape: &Shape,
    stdin: &UnixStream,
    carry: Carry,
    stdin_eof: bool,
    budget: Option<usize>,
) -> (Vec<u8>, Carry, bool) {
    connection_in(shape, stdin, carry, stdin_eof, budget, &mut Vec::new())
}

/// `connection`, its events into `sink`.
fn connection_in(
    shape: &Shape,
    stdin: &UnixStream,
    carry: Carry,
    stdin_eof: bool,
    budget: Option<usize>,
    sink: &mut Vec<Event>,
) -> (Vec<u8>, Carry, bool) {
    let (mut s, mut peer) = Fake::pair();
    s.budget = budget;
    let mut up = Pump::up(true, Some(16), false, carry.raw.clone());
    up.stdio = stdin.as_raw_fd();
    up.src_ready = false;
    up.nowait = false;
    lines::install(&mut up, shape, carry, stdin_eof);
    let r = drive(&mut up, &mut s, sink);
    if budget.is_none() {
        assert!(matches!(r, Ok(true)), "{r:?}");
    } else if let Err((side, e)) = &r {
        assert_eq!(*side, Side::Dst);
        assert_eq!(e.raw_os_error(), Some(libc::ECONNRESET));
    }
    drop(s);
    let mut got = Vec::new();
    peer.set_nonblocking(true).expect("nonblocking");
    let _ = peer.read_to_end(&mut got);
    let (left, eof) = up.leftover();
    assert!(!up.holds(), "leftover empties the pump");
    (got, left, eof)
}

fn stdin_with(bytes: &[u8], close: bool) -> (UnixStream, Option<UnixStream>) {
    let (stdin, mut feeder) = UnixStream::pair().expect("pair");
    stdin.set_nonblocking(true).expect("nonblocking");
    feeder.write_all(bytes).expect("feed");
    (stdin, (!close).then_some(feeder))
}

/// -C, the peer resets in the middle of a converted chunk: the rest of the
/// chunk goes first on the next connection, in its converted form, and
/// nothing is converted twice (no CR doubled).
#[test]
fn crlf_reset_mid_chunk_continues_with_the_rest() {
    let input = b"abc\ndefghijklmn\r\nxyz\nlast line without newline";
    let (stdin, _) = stdin_with(input, true);
    let shape = Shape {
        crlf: true,
        ..Shape::default()
    };
    let (p1, carry, eof) = connection(&shape, &stdin, Carry::default(), false, Some(7));
    assert_eq!(p1, b"abc\r\nde");
    assert!(!carry.wire.is_empty(), "{carry:?}");
    assert!(!eof);
    let (p2, left, eof) = connection(&shape, &stdin, carry, false, None);
    assert!(eof);
    assert_eq!(
        left,
        Carry {
            last: left.last,
            ..Carry::default()
        }
    );
    let mut both = p1;
    both.extend_from_slice(&p2);
    assert_eq!(
        String::from_utf8_lossy(&both),
        "abc\r\ndefghijklmn\r\nxyz\r\nlast line without newline"
    );
}

/// -C, a CR that ends one read and the LF that starts the next, with the
/// connection ending between them: the next connection must know the CR
/// went out (`Carry::last`), or it sends CR CR LF.
#[test]
fn crlf_split_between_connections_is_not_doubled() {
    let (stdin, feeder) = stdin_with(b"abc\ndefghijklmn\r", false);
    let shape = Shape {
        crlf: true,
        ..Shape::default()
    };
    let (p1, carry, eof) = connection(&shape, &stdin, Carry::default(), false, Some(100));
    assert_eq!(p1, b"abc\r\ndefghijklmn\r");
    assert!(!eof);
    assert!(carry.wire.is_empty() && carry.raw.is_empty(), "{carry:?}");
    assert_eq!(carry.last, b'\r');
    let mut feeder = feeder.expect("feeder");
    feeder.write_all(b"\nxyz\n").expect("feed");
    drop(feeder);
    let (p2, _, eof) = connection(&shape, &stdin, carry, false, None);
    assert!(eof);
    assert_eq!(p2, b"\nxyz\r\n");
}

/// --frame len16, the peer resets inside a message: the next connection
/// sends that message again whole (a peer never gets a message without its
/// header), and every message the first peer got whole is not sent again.
#[test]
fn frame_reset_mid_message_resends_the_message_whole() {
    let (stdin, _) = stdin_with(b"alpha\nbeta\ngamma\n", true);
    let shape = Shape {
        frame: Some(frame::Kind::Len16),
        ..Shape::default()
    };
    let (p1, carry, _) = connection(&shape, &stdin, Carry::default(), false, Some(11));
    assert_eq!(p1, b"\0\x05alpha\0\x04be");
    assert_eq!(carry.wire, b"\0\x04beta");
    let (p2, _, eof) = connection(&shape, &stdin, carry, false, None);
    assert!(eof);
    assert_eq!(p2, b"\0\x04beta\0\x05gamma");
}

/// -i with --frame line and -C: a message refused at its first byte goes
/// whole to the next connection, then the lines not yet cut.
#[test]
fn interval_reset_between_lines_loses_and_repeats_nothing() {
    let (stdin, _) = stdin_with(b"l1\nl2\nl3\n", true);
    let shape = Shape {
        interval: Some(Duration::from_millis(1)),
        frame: Some(frame::Kind::Line),
        crlf: true,
        ..Shape::default()
    };
    let (p1, carry, _) = connection(&shape, &stdin, Carry::default(), false, Some(4));
    assert_eq!(p1, b"l1\r\n");
    assert_eq!(carry.wire, b"l2\r\n");
    let (p2, _, eof) = connection(&shape, &stdin, carry, false, None);
    assert!(eof);
    assert_eq!(p2, b"l2\r\nl3\r\n");
}

/// stdin's EOF already read when the connection failed: the carry is sent
/// by the next connection, which then ends without reading stdin again
/// (here a stdin that would block: reading it would not end).
#[test]
fn carry_after_stdin_eof_is_still_sent() {
    let (stdin, _) = stdin_with(b"one\ntwo", true);
    let shape = Shape {
        crlf: true,
        interval: Some(Duration::from_millis(1)),
        ..Shape::default()
    };
    let (p1, carry, eof) = connection(&shape, &stdin, Carry::default(), false, Some(5));
    assert_eq!(p1, b"one\r\n");
    assert!(eof, "the last line (no newline) is cut at EOF");
    assert_eq!(carry.wire, b"two");
    let (open, _feeder) = stdin_with(b"", false);
    let (p2, _, eof) = connection(&shape, &open, carry, true, None);
    assert!(eof);
    assert_eq!(p2, b"two");
}

/// --trace --frame: the message sent again whole on the next connection
/// gets its `frame` event again there (it crossed that socket too); the
/// messages the first peer got whole get theirs once.
#[test]
fn frame_resent_whole_is_traced_again() {
    let (stdin, _) = stdin_with(b"alpha\nbeta\ngamma\n", true);
    let shape = Shape {
        frame: Some(frame::Kind::Len16),
        trace_frames: true,
        ..Shape::default()
    };
    let frames = |ev: &[Event]| -> Vec<usize> {
        ev.iter()
            .filter_map(|e| match e {
                Event::Frame { bytes, .. } => Some(*bytes),
                _ => None,
            })
            .collect()
    };
    let mut ev1 = Vec::new();
    let (_, carry, _) = connection_in(&shape, &stdin, Carry::default(), false, Some(11), &mut ev1);
    assert_eq!(carry.frame_bytes, Some(4), "{carry:?}");
    assert_eq!(frames(&ev1), [5, 4]);
    let mut ev2 = Vec::new();
    let (p2, _, _) = connection_in(&shape, &stdin, carry, false, None, &mut ev2);
    assert_eq!(p2, b"\0\x04beta\0\x05gamma");
    assert_eq!(frames(&ev2), [4, 5]);
}
