//! The relay engine without the binary: one end of a socketpair as the
//! `Stream` (a fake whose writes can be made to fail), the pumps stepped
//! directly (the test process's own stdin and stdout are not touched), and
//! the events the engine hands its `Sink` collected in a `Vec`.

use std::io;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};

use super::ending::cut;
use super::pump::{Pump, Side, Step};
use crate::event::{Direction, Event, Tap};
use crate::net::stream::Stream;

/// A stream over one end of a socketpair, with an optional injected
/// failure for writes (a peer reset mid-upload).
pub(super) struct Fake {
    fd: OwnedFd,
    pub(super) fail_write: Option<i32>,
    /// Bytes the stream still accepts before every write fails with
    /// ECONNRESET (a peer that resets mid-upload); None: no limit.
    pub(super) budget: Option<usize>,
}

impl Fake {
    pub(super) fn pair() -> (Fake, std::os::unix::net::UnixStream) {
        let (a, b) = std::os::unix::net::UnixStream::pair().expect("socketpair");
        a.set_nonblocking(true).expect("nonblocking");
        (
            Fake {
                fd: a.into(),
                fail_write: None,
                budget: None,
            },
            b,
        )
    }
}

impl Stream for Fake {
    fn fd(&self) -> RawFd {
        self.fd.as_raw_fd()
    }
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        crate::sys::fd::read(self.fd(), buf)
    }
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Some(e) = self.fail_write {
            return Err(io::Error::from_raw_os_error(e));
        }
        let n = match self.budget {
            Some(0) => return Err(io::Error::from_raw_os_error(libc::ECONNRESET)),
            Some(left) => buf.len().min(left),
            None => buf.len(),
        };
        let n = crate::sys::fd::write(self.fd(), &buf[..n])?;
        if let Some(left) = self.budget.as_mut() {
            *left -= n;
        }
        Ok(n)
    }
    fn shutdown_write(&mut self) -> io::Result<()> {
        Ok(())
    }
    fn zero_copy(&self) -> bool {
        false
    }
    fn unacked(&self) -> io::Result<usize> {
        Ok(0)
    }
    fn take_error(&self) -> io::Result<Option<io::Error>> {
        Ok(None)
    }
}

/// Stream → a discard pump: every byte counted, a Data event per chunk with
/// running offsets, and the peer's end of stream is Eof.
#[test]
fn discarding_pump_counts_and_taps_every_byte() {
    let (mut s, mut peer) = Fake::pair();
    let mut down = Pump::down(true, Some(16), false, true).expect("pump");
    use std::io::Write;
    peer.write_all(&[7u8; 40]).expect("write");
    drop(peer);
    let mut sink: Vec<Event> = Vec::new();
    let mut tap = Some(Tap::default());
    let mut turns = 0;
    loop {
        turns += 1;
        assert!(turns < 1000, "no end");
        match down.step(&mut s, &mut sink, &mut tap) {
            Ok(Step::Moved) => {}
            Ok(Step::Blocked) => down.wait = None,
            Ok(Step::Eof) => break,
            Err((side, e)) => panic!("{side:?}: {e}"),
        }
    }
    assert_eq!(down.bytes, 40);
    // Discarding reads are not tapped: nobody asked to see dropped bytes.
    assert!(sink.is_empty(), "{sink:?}");
}

/// A write failure of the stream while stdin still has bytes is the Dst
/// side; the relay words it as a cut upload that says how much was sent.
#[test]
fn a_reset_mid_upload_is_a_cut_upload_with_the_count() {
    let e = io::Error::from_raw_os_error(libc::ECONNRESET);
    let err = cut("send to 127.0.0.1 port 9", &e, 954_368, 0, true);
    assert_eq!(err.code, crate::error::exit::FAILURE);
    assert!(
        err.message.starts_with(
            "connection reset by peer after 932.0 KiB sent and 0 B received; the rest of stdin was not sent"
        ),
        "{}",
        err.message
    );
    assert!(err.message.contains("ECONNRESET"), "{}", err.message);
    let pipe = cut(
        "send",
        &io::Error::from_raw_os_error(libc::EPIPE),
        0,
        5,
        false,
    );
    assert!(
        pipe.message
            .starts_with("the peer closed the connection after 0 B sent and 5 B received ("),
        "{}",
        pipe.message
    );
}

/// The tap numbers each direction on its own, from 0, and keeps the bytes.
#[test]
fn tap_offsets_per_direction() {
    let mut sink: Vec<Event> = Vec::new();
    let mut tap = Tap::default();
    tap.sent(&mut sink, b"abc");
    tap.received(&mut sink, b"xy");
    tap.sent(&mut sink, b"d");
    tap.sent(&mut sink, b"");
    let got: Vec<(Direction, u64, Vec<u8>)> = sink
        .into_iter()
        .map(|e| match e {
            Event::Data {
                direction,
                offset,
                data,
                bytes,
            } => {
                assert_eq!(bytes, data.len());
                (direction, offset, data)
            }
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        got,
        [
            (Direction::Out, 0, b"abc".to_vec()),
            (Direction::In, 0, b"xy".to_vec()),
            (Direction::Out, 3, b"d".to_vec()),
        ]
    );
}

/// A failing stream write surfaces as (Side::Dst, errno) from the up pump,
/// with the unsent bytes kept for the next connection (listen -k).
#[test]
fn up_pump_failure_is_the_stream_side_and_keeps_unsent_bytes() {
    let (mut s, _peer) = Fake::pair();
    s.fail_write = Some(libc::EPIPE);
    let mut up = Pump::up(true, Some(16), false, b"carried".to_vec());
    let mut sink: Vec<Event> = Vec::new();
    match up.step(&mut s, &mut sink, &mut None) {
        Err((Side::Dst, e)) => assert_eq!(e.raw_os_error(), Some(libc::EPIPE)),
        Ok(_) => panic!("step succeeded"),
        Err((side, e)) => panic!("{side:?} {e}"),
    }
    assert_eq!(up.unsent(), b"carried");
    assert_eq!(up.bytes, 0);
    // Once the stream takes writes again, the carried bytes go first.
    s.fail_write = None;
    let mut tap = Some(Tap::default());
    assert!(matches!(
        up.step(&mut s, &mut sink, &mut tap),
        Ok(Step::Moved)
    ));
    assert_eq!(up.bytes, 7);
    assert!(up.unsent().is_empty());
    assert!(matches!(
        &sink[..],
        [Event::Data {
            direction: Direction::Out,
            ..
        }]
    ));
}
