//! The datagram receiver of udp-recv: recvfrom in a loop (recvmmsg batches
//! when the calls are not traced), each datagram handed to the caller's
//! `Datagrams` with its sender and real length (MSG_TRUNC); `--echo` and
//! `--upper` reply with sendto. Ends after `count` datagrams, after `quiet`
//! with nothing arriving (-w), or at a signal. Never prints: datagrams go
//! to `Datagrams` (the command renders them), warnings to the `Sink`.

use std::io;
use std::time::{Duration, Instant};

use super::addr::Addr;
use super::sock::Sock;
use super::{echo, stdio, udp};
use crate::error::{Error, Result, exit};
use crate::event::{Event, Meter, Sink, show_duration};
use crate::sys::{fd, signal};

/// Where received datagrams go (the command's rendering on stdout).
pub trait Datagrams {
    /// One datagram: `data` is what the buffer held, `len` its real length.
    fn datagram(&mut self, from: &Addr, data: &[u8], len: usize) -> Result<()>;
    /// Writes out what is buffered (before waiting, and at the end).
    fn flush(&mut self) -> Result<()>;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reply {
    None,
    Echo,
    Upper,
}

/// Every decision of a receive loop, made once.
#[derive(Debug, Clone)]
pub struct RecvPlan {
    /// The recvfrom buffer (larger datagrams are cut: MSG_TRUNC says so).
    pub bufsize: usize,
    /// recvmmsg batches (not when each call must be seen under --trace).
    pub batch: bool,
    /// -c: stop after this many datagrams.
    pub count: Option<u64>,
    /// -w: stop after this long without a datagram.
    pub quiet: Option<Duration>,
    pub reply: Reply,
    /// How the socket is named in errors ("recvfrom on 127.0.0.1 port 9").
    pub what: String,
}

/// What a receive loop did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Received {
    pub datagrams: u64,
    pub bytes: u64,
    pub replied: u64,
}

struct State<'a> {
    plan: &'a RecvPlan,
    sock: &'a Sock,
    out: &'a mut dyn Datagrams,
    sink: &'a mut dyn Sink,
    n: Received,
}

impl State<'_> {
    fn take(&mut self, from: &Addr, data: &[u8], len: usize) -> Result<()> {
        self.n.datagrams += 1;
        self.n.bytes += len as u64;
        self.out.datagram(from, data, len)?;
        if self.plan.reply != Reply::None {
            let mut reply = data.to_vec();
            if self.plan.reply == Reply::Upper {
                echo::upper(&mut reply);
            }
            match self.sock.send_to(&reply, Some(from)) {
                Ok(n) => self.n.replied += n as u64,
                // The sender may be gone or unnamed; the datagram was still received.
                Err(e) => self.sink.event(Event::Warning {
                    message: Error::os(format!("sendto {}", from.describe()), &e).to_string(),
                }),
            }
        }
        Ok(())
    }

    fn left(&self) -> Option<u64> {
        self.plan.count.map(|c| c.saturating_sub(self.n.datagrams))
    }
}

/// Receives on `sock` (bound) until the plan says stop; the exit status
/// (0, or 4 when -c N was not reached within -w) and the counts.
pub fn receive(
    sock: &Sock,
    plan: &RecvPlan,
    out: &mut dyn Datagrams,
    sink: &mut dyn Sink,
    mut meter: Option<&mut dyn Meter>,
) -> Result<(i32, Received)> {
    let fd = sock.fd();
    let mut st = State {
        plan,
        sock,
        out,
        sink,
        n: Received::default(),
    };
    // Traced: one recvfrom per datagram after poll, as Python's loop does,
    // so the trace shows the real calls without EAGAIN noise. Otherwise:
    // recvmmsg batches, non-blocking until the queue is empty. Up to BATCH
    // slots of bufsize each, within 4 MiB (one slot at least): a huge
    // --bufsize must not ask for BATCH times its size.
    let slots = ((4 << 20) / plan.bufsize).clamp(1, udp::BATCH);
    let mut batch = plan.batch.then(|| udp::RecvBatch::new(plan.bufsize, slots));
    let mut single = if batch.is_none() {
        vec![0u8; plan.bufsize]
    } else {
        Vec::new()
    };
    let code = loop {
        let left = st.left();
        if left == Some(0) {
            break exit::OK;
        }
        if let Some(m) = meter.as_deref_mut() {
            m.tick(
                Instant::now(),
                st.n.bytes,
                st.n.replied,
                Some(st.n.datagrams),
            );
        }
        let got_some = match batch.as_mut() {
            Some(b) => {
                let want = left.map_or(udp::BATCH, |l| l.min(udp::BATCH as u64) as usize);
                match b.recv(fd, libc::MSG_DONTWAIT, want) {
                    Ok(n) => {
                        for i in 0..n {
                            let d = b.get(i);
                            st.take(&d.from, d.data, d.len)?;
                        }
                        true
                    }
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => false,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => true,
                    Err(e) => return Err(Error::os(&plan.what, &e)),
                }
            }
            None => {
                if let Some(code) = wait(&mut st, fd, &mut meter)? {
                    break code;
                }
                match sock.recv_from(&mut single, libc::MSG_TRUNC) {
                    Ok((len, from)) => {
                        st.take(&from, &single[..len.min(single.len())], len)?;
                        st.out.flush()?;
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(Error::os(&plan.what, &e)),
                }
                true
            }
        };
        if let Some(sig) = signal::pending() {
            st.out.flush()?;
            return Err(Error::interrupted(sig));
        }
        if !got_some && let Some(code) = wait(&mut st, fd, &mut meter)? {
            break code;
        }
    };
    st.out.flush()?;
    if let Some(m) = meter {
        m.finish(st.n.bytes, st.n.replied, Some(st.n.datagrams));
    }
    Ok((code, st.n))
}

/// Flushes output, then waits for the next datagram, redrawing --progress
/// while it waits (so its rate falls to zero when nothing comes). Some(exit
/// status) when -w ran out: 0, or 4 when -c N was given and not reached.
fn wait(st: &mut State, sock: i32, meter: &mut Option<&mut dyn Meter>) -> Result<Option<i32>> {
    st.out.flush()?;
    let quiet = st.plan.quiet;
    let deadline = quiet.map(|t| Instant::now() + t);
    loop {
        let now = Instant::now();
        let left = deadline.map(|d| d.saturating_duration_since(now));
        let tick = meter.as_deref().and_then(|m| m.next_in(now));
        let wait_for = [left, tick].into_iter().flatten().min();
        let ready = stdio::wait_fd(sock, libc::POLLIN, fd::poll_ms(wait_for))
            .map_err(|e| Error::os("poll", &e))?;
        if ready {
            return Ok(None);
        }
        if let Some(m) = meter.as_deref_mut() {
            m.tick(
                Instant::now(),
                st.n.bytes,
                st.n.replied,
                Some(st.n.datagrams),
            );
        }
        if deadline.is_some_and(|d| Instant::now() >= d) {
            break;
        }
    }
    match st.plan.count {
        Some(c) if st.n.datagrams < c => Err(Error::timeout(format!(
            "timed out: {} of {c} datagrams before {} of quiet (-w)",
            st.n.datagrams,
            quiet.map(show_duration).unwrap_or_default()
        ))),
        _ => Ok(Some(exit::OK)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Datagrams collected for the test.
    #[derive(Default)]
    struct Kept(Vec<(Vec<u8>, usize)>);

    impl Datagrams for Kept {
        fn datagram(&mut self, _from: &Addr, data: &[u8], len: usize) -> Result<()> {
            self.0.push((data.to_vec(), len));
            Ok(())
        }
        fn flush(&mut self) -> Result<()> {
            Ok(())
        }
    }

    fn udp_sock() -> (Sock, Addr) {
        let s = Sock::new(libc::AF_INET, libc::SOCK_DGRAM, 0).expect("socket");
        let a = Addr::Inet("127.0.0.1:0".parse().expect("addr"));
        s.bind(&a).expect("bind");
        let local = s.local_addr().expect("getsockname");
        (s, local)
    }

    /// -c 2 --upper with an 8-byte buffer: both datagrams handed over with
    /// their real length (the long one cut, MSG_TRUNC), each answered in
    /// upper case, and the counts right — in both receive modes.
    #[test]
    fn counts_truncation_and_upper_replies() {
        for batch in [true, false] {
            let (rx, rx_addr) = udp_sock();
            let (tx, _) = udp_sock();
            tx.send_to(b"hello", Some(&rx_addr)).expect("send");
            tx.send_to(b"a longer one", Some(&rx_addr)).expect("send");
            let plan = RecvPlan {
                bufsize: 8,
                batch,
                count: Some(2),
                quiet: Some(Duration::from_secs(10)),
                reply: Reply::Upper,
                what: "recvfrom".into(),
            };
            let mut kept = Kept::default();
            let mut events: Vec<Event> = Vec::new();
            let (code, n) = receive(&rx, &plan, &mut kept, &mut events, None).expect("receive");
            assert_eq!(code, exit::OK);
            assert_eq!(
                kept.0,
                [(b"hello".to_vec(), 5), (b"a longer".to_vec(), 12)],
                "batch={batch}"
            );
            assert_eq!(
                n,
                Received {
                    datagrams: 2,
                    bytes: 17,
                    replied: 13
                }
            );
            assert!(events.is_empty(), "{events:?}");
            let mut buf = [0u8; 32];
            let (len, _) = tx.recv_from(&mut buf, 0).expect("reply");
            assert_eq!(&buf[..len], b"HELLO");
            let (len, _) = tx.recv_from(&mut buf, 0).expect("reply");
            assert_eq!(&buf[..len], b"A LONGER");
        }
    }

    /// -c 3 -w with only one datagram coming: exit 4 (timed out), which says
    /// how many came.
    #[test]
    fn count_not_reached_within_quiet_is_a_timeout() {
        let (rx, rx_addr) = udp_sock();
        let (tx, _) = udp_sock();
        tx.send_to(b"x", Some(&rx_addr)).expect("send");
        let plan = RecvPlan {
            bufsize: 64,
            batch: true,
            count: Some(3),
            quiet: Some(Duration::from_millis(200)),
            reply: Reply::None,
            what: "recvfrom".into(),
        };
        let mut kept = Kept::default();
        let err = receive(&rx, &plan, &mut kept, &mut Vec::new(), None).expect_err("timeout");
        assert_eq!(err.code, exit::TIMEOUT);
        assert!(err.message.contains("1 of 3 datagrams"), "{}", err.message);
        assert_eq!(kept.0.len(), 1);
    }
}
