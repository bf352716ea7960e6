//! The line and message pumps without the binary: a socketpair end as the
//! stream (`tests::Fake`), another socketpair standing in for stdin or
//! stdout, and the events collected in a `Vec`.

use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;

use super::pump::{Pump, Side, Step};
use super::shape::Shape;
use super::tests::Fake;
use super::{frame, lines};
use crate::event::{Direction, Event, Sink, Tap};

/// Steps `p` until Eof (bounded); the error if one comes.
pub(super) fn run(
    p: &mut Pump,
    s: &mut Fake,
    sink: &mut dyn Sink,
) -> Option<(Side, std::io::Error)> {
    let mut tap = Some(Tap::default());
    for _ in 0..10_000 {
        match p.step(s, sink, &mut tap) {
            Ok(Step::Moved) => {}
            Ok(Step::Blocked) => {
                // As the relay does once poll says the source is readable.
                if p.wait.is_some_and(|w| w.events == libc::POLLIN) {
                    p.src_ready = true;
                }
                p.wait = None;
            }
            Ok(Step::Eof) => return None,
            Err(e) => return Some(e),
        }
    }
    panic!("no end");
}

fn frames(sink: &[Event]) -> Vec<(Direction, usize)> {
    sink.iter()
        .filter_map(|e| match e {
            Event::Frame {
                direction, bytes, ..
            } => Some((*direction, *bytes)),
            _ => None,
        })
        .collect()
}

#[test]
fn lines_pump_sends_each_line_as_one_len32_message() {
    let (mut s, mut peer) = Fake::pair();
    // stdin: a socket whose other end is closed at once (EOF after "c").
    let (stdin, feeder) = UnixStream::pair().expect("pair");
    drop(feeder);
    let mut up = Pump::up(true, Some(16), false, b"hi\n\nthere".to_vec());
    up.stdio = stdin.as_raw_fd();
    up.src_ready = false;
    let shape = Shape {
        frame: Some(frame::Kind::Len32),
        trace_frames: true,
        ..Shape::default()
    };
    lines::install(&mut up, &shape, Default::default(), false);
    let mut sink: Vec<Event> = Vec::new();
    assert!(run(&mut up, &mut s, &mut sink).is_none());
    drop(s);
    let mut got = Vec::new();
    peer.read_to_end(&mut got).expect("read");
    assert_eq!(got, b"\0\0\0\x02hi\0\0\0\0\0\0\0\x05there");
    assert_eq!(up.bytes, got.len() as u64);
    assert_eq!(
        frames(&sink),
        [
            (Direction::Out, 2),
            (Direction::Out, 0),
            (Direction::Out, 5)
        ]
    );
}

#[test]
fn frames_pump_unwraps_messages_larger_than_its_buffer() {
    let (mut s, mut peer) = Fake::pair();
    let (stdout, mut reader) = UnixStream::pair().expect("pair");
    // A 4-byte buffer: every message here needs compaction or growth.
    let mut down = Pump::down(true, Some(4), false, false).expect("pump");
    down.stdio = stdout.as_raw_fd();
    frame::install(&mut down, frame::Kind::Len16, true);
    peer.write_all(b"\x00\x03abc\x00\x00\x00\x0912345678\xcf")
        .expect("write");
    drop(peer);
    let mut sink: Vec<Event> = Vec::new();
    assert!(run(&mut down, &mut s, &mut sink).is_none());
    drop(stdout);
    let mut out = Vec::new();
    reader.read_to_end(&mut out).expect("read");
    assert_eq!(out, b"abc\n\n12345678\xcf\n");
    assert_eq!(
        frames(&sink),
        [(Direction::In, 3), (Direction::In, 0), (Direction::In, 9)]
    );
}

#[test]
fn frames_pump_reports_a_message_cut_by_eof() {
    let (mut s, mut peer) = Fake::pair();
    let (stdout, _reader) = UnixStream::pair().expect("pair");
    let mut down = Pump::down(true, Some(64), false, false).expect("pump");
    down.stdio = stdout.as_raw_fd();
    frame::install(&mut down, frame::Kind::Len32, false);
    peer.write_all(b"\x00\x00\x01\x00short").expect("write");
    drop(peer);
    let mut sink: Vec<Event> = Vec::new();
    let (side, e) = run(&mut down, &mut s, &mut sink).expect("an error");
    assert_eq!(side, Side::Src);
    assert_eq!(e.kind(), std::io::ErrorKind::InvalidData);
    assert!(e.to_string().contains("announced 256 bytes"), "{e}");
}
