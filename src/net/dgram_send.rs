//! The datagram sender of udp-send: one datagram per message, per stdin
//! line, or per read of stdin (--raw, so a packet-mode pipe keeps its
//! boundaries; runs of equal-sized datagrams go out through UDP GSO, the
//! rest in sendmmsg batches); then, with --wait, the replies until it is
//! quiet. Never prints: `Sent` events go to the `Sink`, replies to the
//! caller's `Datagrams`.

use std::io::{self, BufRead};
use std::time::{Duration, Instant};

use socket2::SockAddr;

use super::addr::Addr;
use super::dgram_recv::Datagrams;
use super::sock::Sock;
use super::{signal, stdio, udp};
use crate::error::{Error, Result};
use crate::event::{Event, Meter, Sink};

/// Every decision of a send, made once.
pub struct SendPlan {
    pub source: Source,
    /// -i: the pause between datagrams.
    pub interval: Option<Duration>,
    /// One send (and one `Sent` event) per datagram, as --trace, --json and
    /// -v want to see them; otherwise --raw sends in batches.
    pub one_by_one: bool,
    /// --wait: replies are read until this long passes without one.
    pub wait: Option<Duration>,
    /// The recvfrom buffer for replies.
    pub reply_bufsize: usize,
}

/// Where the datagrams come from.
pub enum Source {
    /// MESSAGE arguments, sent `repeat` times over (--count).
    Messages { messages: Vec<Vec<u8>>, repeat: u64 },
    /// One datagram per stdin line (the newline removed).
    Lines,
    /// One datagram per read of stdin, at most `bufsize` bytes.
    Raw { bufsize: usize },
}

/// What a send did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sent {
    pub datagrams: u64,
    pub bytes: u64,
    /// Reply bytes received (--wait).
    pub replied: u64,
}

/// Sends to `to` on `sock` as the plan says (the socket already connected
/// when `connected`, as --wait does), then reads the replies.
pub fn send<'a>(
    sock: &'a Sock,
    to: &'a Addr,
    connected: bool,
    plan: &SendPlan,
    replies_out: &mut dyn Datagrams,
    sink: &'a mut dyn Sink,
    meter: Option<&'a mut dyn Meter>,
) -> Result<Sent> {
    let mut s = Sender {
        sock,
        to,
        dest: if connected {
            None
        } else {
            Some(to.to_sockaddr().map_err(|e| Error::os("sockaddr", &e))?)
        },
        interval: plan.interval,
        sent: 0,
        bytes: 0,
        gso_max: match to {
            Addr::Inet(std::net::SocketAddr::V4(_)) => 65507,
            Addr::Inet(std::net::SocketAddr::V6(_)) => 65527,
            Addr::Unix(_) => 0,
        },
        sink,
        meter,
    };
    match &plan.source {
        Source::Messages { messages, repeat } => {
            for _ in 0..*repeat {
                for msg in messages {
                    s.send(msg)?;
                }
            }
        }
        Source::Lines => send_lines(&mut s)?,
        Source::Raw { bufsize } => send_raw(&mut s, *bufsize, plan.one_by_one)?,
    }
    let replied = match plan.wait {
        Some(quiet) => replies(&mut s, quiet, plan.reply_bufsize, replies_out)?,
        None => 0,
    };
    if let Some(m) = s.meter.as_deref_mut() {
        m.finish(replied, s.bytes, Some(s.sent));
    }
    Ok(Sent {
        datagrams: s.sent,
        bytes: s.bytes,
        replied,
    })
}

struct Sender<'a> {
    sock: &'a Sock,
    to: &'a Addr,
    /// The destination for sendto; None once the socket is connected (--wait).
    dest: Option<SockAddr>,
    interval: Option<Duration>,
    sent: u64,
    /// Payload bytes sent.
    bytes: u64,
    /// Largest GSO send in bytes (the family's largest UDP payload); 0 = no GSO.
    gso_max: usize,
    sink: &'a mut dyn Sink,
    /// --progress: datagrams and bytes sent (one clock read per send or batch).
    meter: Option<&'a mut dyn Meter>,
}

impl Sender<'_> {
    fn tick(&mut self) {
        if let Some(m) = self.meter.as_deref_mut() {
            m.tick(Instant::now(), 0, self.bytes, Some(self.sent));
        }
    }

    fn fail(&self, e: &io::Error) -> Error {
        refused_or(self.to, e, || {
            Error::os(format!("sendto {}", self.to.describe()), e)
        })
    }

    /// One datagram, traced, with the pause between datagrams.
    fn send(&mut self, data: &[u8]) -> Result<()> {
        if self.sent > 0
            && let Some(iv) = self.interval
        {
            // An interruptible sleep: poll on nothing but the signal pipe.
            let _ = stdio::wait_fd(-1, 0, stdio::poll_ms(Some(iv)));
            signal::check()?;
        }
        let to = if self.dest.is_some() {
            Some(self.to)
        } else {
            None
        };
        let n = self.sock.send_to(data, to).map_err(|e| self.fail(&e))?;
        self.sent += 1;
        self.bytes += n as u64;
        self.sink.event(Event::Sent {
            to: self.to.clone(),
            bytes: n,
        });
        self.tick();
        Ok(())
    }

    /// Datagrams in batches (the --raw fast path): runs of equal-sized
    /// datagrams go out through UDP GSO (one sendmsg, the kernel makes each
    /// its own datagram), the rest through sendmmsg.
    fn send_batch(&mut self, payloads: &[&[u8]]) -> Result<()> {
        let mut i = 0;
        while i < payloads.len() {
            let seg = payloads[i].len();
            let mut j = i + 1;
            let mut total = seg;
            if self.gso_max > 0 && seg > 0 {
                while j < payloads.len()
                    && j - i < udp::GSO_SEGMENTS
                    && payloads[j].len() == seg
                    && total + seg <= self.gso_max
                {
                    total += seg;
                    j += 1;
                }
            }
            if j - i >= 2 {
                match udp::send_gso(
                    self.sock.fd(),
                    self.dest.as_ref(),
                    &payloads[i..j],
                    seg as u16,
                ) {
                    Ok(_) => {
                        self.sent += (j - i) as u64;
                        self.bytes += total as u64;
                        i = j;
                        continue;
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {
                        signal::check()?;
                        continue;
                    }
                    // No UDP GSO here (or not for this route): plain batches from now on.
                    Err(e)
                        if matches!(
                            e.raw_os_error(),
                            Some(libc::EINVAL | libc::EOPNOTSUPP | libc::ENOPROTOOPT | libc::EIO)
                        ) =>
                    {
                        self.gso_max = 0;
                    }
                    Err(e) => return Err(self.fail(&e)),
                }
            }
            self.send_mmsg(&payloads[i..j])?;
            i = j;
        }
        self.tick();
        Ok(())
    }

    fn send_mmsg(&mut self, payloads: &[&[u8]]) -> Result<()> {
        let mut done = 0;
        while done < payloads.len() {
            match udp::send_many(self.sock.fd(), self.dest.as_ref(), &payloads[done..]) {
                Ok(n) => {
                    self.bytes += payloads[done..done + n]
                        .iter()
                        .map(|p| p.len() as u64)
                        .sum::<u64>();
                    done += n;
                    self.sent += n as u64;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => signal::check()?,
                // The send buffer is full (only with O_NONBLOCK, which we do not set): wait.
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    stdio::wait_fd(self.sock.fd(), libc::POLLOUT, -1).map_err(|e| self.fail(&e))?;
                }
                Err(e) => return Err(self.fail(&e)),
            }
        }
        Ok(())
    }
}

/// ECONNREFUSED on a connected datagram socket is an ICMP port-unreachable:
/// say so in words.
fn refused_or(to: &Addr, e: &io::Error, other: impl FnOnce() -> Error) -> Error {
    if e.raw_os_error() == Some(libc::ECONNREFUSED) {
        let what = match to {
            Addr::Inet(_) => format!("nobody is listening on {}/udp", to.describe()),
            Addr::Unix(_) => format!("nobody is listening on {}", to.describe()),
        };
        Error::os(what, e).with_hint("the peer answered with ICMP port unreachable")
    } else {
        other()
    }
}

/// Reads stdin one read() per datagram; batches while more is ready.
fn send_raw(s: &mut Sender, bufsize: usize, one_by_one: bool) -> Result<()> {
    let n = if one_by_one { 1 } else { udp::BATCH };
    let mut bufs = vec![0u8; bufsize * n];
    let mut lens = vec![0usize; n];
    // Later reads of a batch must not block: preadv2(RWF_NOWAIT) where stdin
    // supports it (pipes), else a zero-timeout poll before each read.
    let mut nowait = true;
    loop {
        let mut k = 0;
        let mut eof = false;
        while k < n {
            let slot = &mut bufs[k * bufsize..(k + 1) * bufsize];
            let r = if k == 0 {
                match stdio::read(libc::STDIN_FILENO, slot) {
                    // An O_NONBLOCK stdin with nothing yet: wait, never spin.
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                        stdio::wait_fd(libc::STDIN_FILENO, libc::POLLIN, -1)
                            .map_err(|e| Error::os("poll stdin", &e))?;
                        continue;
                    }
                    r => r,
                }
            } else if nowait {
                stdio::read_nowait(libc::STDIN_FILENO, slot)
            } else if stdio::wait_fd(libc::STDIN_FILENO, libc::POLLIN, 0).unwrap_or(false) {
                stdio::read(libc::STDIN_FILENO, slot)
            } else {
                break;
            };
            match r {
                Ok(0) => {
                    eof = true;
                    break;
                }
                Ok(len) => {
                    lens[k] = len;
                    k += 1;
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e)
                    if nowait
                        && matches!(e.raw_os_error(), Some(libc::EOPNOTSUPP | libc::EINVAL)) =>
                {
                    nowait = false;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => signal::check()?,
                Err(e) => return Err(Error::os("read stdin", &e)),
            }
        }
        if one_by_one {
            for i in 0..k {
                s.send(&bufs[i * bufsize..i * bufsize + lens[i]])?;
            }
        } else if k > 0 {
            let mut payloads: [&[u8]; udp::BATCH] = [&[]; udp::BATCH];
            for (i, p) in payloads.iter_mut().enumerate().take(k) {
                *p = &bufs[i * bufsize..i * bufsize + lens[i]];
            }
            s.send_batch(&payloads[..k])?;
        }
        if eof {
            return Ok(());
        }
    }
}

fn send_lines(s: &mut Sender) -> Result<()> {
    let mut input = io::stdin().lock();
    let mut line = Vec::new();
    loop {
        // A partial line read before an EAGAIN stays in `line` (read_until
        // keeps what it read), so it is cleared only after a send.
        match input.read_until(b'\n', &mut line) {
            Ok(0) if line.is_empty() => return Ok(()),
            Ok(_) => {
                let eof = line.last() != Some(&b'\n');
                if !eof {
                    line.pop();
                }
                s.send(&line)?;
                line.clear();
                if eof {
                    return Ok(());
                }
            }
            // An O_NONBLOCK stdin with nothing yet: wait for it, never spin.
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                stdio::wait_fd(libc::STDIN_FILENO, libc::POLLIN, -1)
                    .map_err(|e| Error::os("poll stdin", &e))?;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => signal::check()?,
            Err(e) => return Err(Error::os("read stdin", &e)),
        }
    }
}

/// --wait: hands replies to `out` until quiet for `quiet`; returns the
/// bytes received.
fn replies(
    s: &mut Sender,
    quiet: Duration,
    bufsize: usize,
    out: &mut dyn Datagrams,
) -> Result<u64> {
    let (sock, to) = (s.sock, s.to);
    let mut buf = vec![0u8; bufsize];
    let mut got = 0u64;
    loop {
        let ready = stdio::wait_fd(sock.fd(), libc::POLLIN, stdio::poll_ms(Some(quiet)))
            .map_err(|e| Error::os("poll", &e))?;
        if !ready {
            out.flush()?;
            return Ok(got);
        }
        match sock.recv_from(&mut buf, libc::MSG_TRUNC) {
            Ok((len, from)) => {
                got += len as u64;
                out.datagram(&from, &buf[..len.min(buf.len())], len)?;
                out.flush()?;
                if let Some(m) = s.meter.as_deref_mut() {
                    m.tick(Instant::now(), got, s.bytes, Some(s.sent));
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => signal::check()?,
            Err(e) => {
                out.flush()?;
                return Err(refused_or(to, &e, || {
                    Error::os(format!("recvfrom {}", to.describe()), &e)
                }));
            }
        }
    }
}
