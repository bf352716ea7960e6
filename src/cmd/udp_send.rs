//! `udp-send HOST PORT [MESSAGE…]`: socket(SOCK_DGRAM) and sendto, one
//! datagram per MESSAGE, per stdin line, or per read of stdin (--raw, so a
//! packet-mode pipe keeps its boundaries; sent in sendmmsg batches). With
//! --wait the socket is connected and replies are printed until it is quiet,
//! so an ICMP port-unreachable surfaces as ECONNREFUSED.

use std::io::{self, BufRead};
use std::time::{Duration, Instant};

use socket2::SockAddr;

use super::udp_recv::{self, DEFAULT_BUFSIZE};
use super::{Ctx, Run};
use crate::cli::UdpSendArgs;
use crate::error::{Error, Result, exit};
use crate::net::addr::{self, Addr};
use crate::net::sock::Sock;
use crate::net::{signal, sockopt, stdio, target, udp};
use crate::ui::{self, Event, progress::Progress};

/// Where the datagrams come from.
enum Source {
    Messages(Vec<String>),
    Lines,
    Raw,
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
    /// --progress: datagrams and bytes sent (one clock read per send or batch).
    progress: Option<Progress>,
}

impl Sender<'_> {
    fn tick(&mut self) {
        if let Some(p) = self.progress.as_mut() {
            p.tick(Instant::now(), 0, self.bytes, Some(self.sent));
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
        ui::event(&Event::Sent {
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
fn send_raw(s: &mut Sender, bufsize: usize) -> Result<()> {
    let traced = ui::tracing() || ui::json() || ui::verbosity() > 0;
    let n = if traced { 1 } else { udp::BATCH };
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
        if traced {
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

/// --wait: print replies until quiet for `quiet`; returns the bytes received.
fn replies(s: &mut Sender, quiet: Duration, bufsize: usize) -> Result<u64> {
    let (sock, to) = (s.sock, s.to);
    let mut buf = vec![0u8; bufsize];
    let mut out = Vec::new();
    let mut got = 0u64;
    loop {
        let ready = stdio::wait_fd(sock.fd(), libc::POLLIN, stdio::poll_ms(Some(quiet)))
            .map_err(|e| Error::os("poll", &e))?;
        if !ready {
            udp_recv::flush(&mut out)?;
            return Ok(got);
        }
        match sock.recv_from(&mut buf, libc::MSG_TRUNC) {
            Ok((len, from)) => {
                got += len as u64;
                udp_recv::render(&mut out, false, &from, &buf[..len.min(buf.len())], len);
                udp_recv::flush(&mut out)?;
                if let Some(p) = s.progress.as_mut() {
                    p.tick(Instant::now(), got, s.bytes, Some(s.sent));
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => signal::check()?,
            Err(e) => {
                udp_recv::flush(&mut out)?;
                return Err(refused_or(to, &e, || {
                    Error::os(format!("recvfrom {}", to.describe()), &e)
                }));
            }
        }
    }
}

impl Run for UdpSendArgs {
    fn run(self, ctx: &Ctx) -> Result<i32> {
        let bufsize = self.bufsize.unwrap_or(DEFAULT_BUFSIZE);
        // Parse: -U PATH [MESSAGE…], HOST:PORT [MESSAGE…] or HOST PORT [MESSAGE…].
        let (dest, messages) = match &self.unix {
            Some(path) => (Dest::Unix(addr::unix_addr(path)?), self.args.clone()),
            None => {
                let (host, port, rest) = target::peer_host_port(&self.args, "udp-send")
                    .map_err(|e| e.with_hint("then the messages; or -U PATH"))?;
                (Dest::Inet(host, target::port_arg(port)?), rest.to_vec())
            }
        };
        let source = match (&self.source, &dest) {
            (Some(_), Dest::Unix(_)) => return Err(Error::usage("-s applies to UDP, not to -U")),
            (s, _) => s.as_deref().map(target::source_addr).transpose()?,
        };
        let src = if !messages.is_empty() {
            if self.raw {
                return Err(Error::usage(
                    "--raw reads stdin; it takes no MESSAGE arguments",
                ));
            }
            Source::Messages(messages)
        } else if self.raw {
            Source::Raw
        } else {
            Source::Lines
        };
        if self.count.is_some() && !matches!(src, Source::Messages(_)) {
            return Err(Error::usage(
                "--count repeats MESSAGE arguments; stdin is sent once",
            ));
        }
        signal::install().map_err(|e| Error::os("sigaction", &e))?;

        let to = match &dest {
            Dest::Unix(a) => a.clone(),
            Dest::Inet(host, port) => {
                let port = target::port(port, "udp")?;
                let mut addrs = target::peer_addrs(host, port, ctx.family, libc::SOCK_DGRAM)?;
                if let Some(s) = &source {
                    addrs.retain(|a| a.family() == s.family());
                }
                addrs.into_iter().next().ok_or_else(|| {
                    Error::usage("no address of the source address's family (-s) to send to")
                })?
            }
        };
        let sock =
            Sock::new(to.family(), libc::SOCK_DGRAM, 0).map_err(|e| Error::os("socket", &e))?;
        if self.broadcast {
            sock.set_int(&sockopt::SO_BROADCAST, 1)
                .map_err(|e| Error::os("setsockopt SO_BROADCAST", &e))?;
        }
        if let Some(s) = &source {
            sock.bind(s)
                .map_err(|e| target::bind_error(s, &e, libc::SOCK_DGRAM, false))?;
        } else if matches!(to, Addr::Unix(_)) && self.wait.is_some() {
            autobind(&sock)?;
        }
        let mut sender = Sender {
            sock: &sock,
            to: &to,
            dest: Some(to.to_sockaddr().map_err(|e| Error::os("sockaddr", &e))?),
            interval: self.interval,
            sent: 0,
            bytes: 0,
            progress: self.progress.then(|| {
                let p = Progress::new(Some("datagrams sent"));
                if self.wait.is_some() { p } else { p.out_only() }
            }),
            gso_max: match &to {
                Addr::Inet(std::net::SocketAddr::V4(_)) => 65507,
                Addr::Inet(std::net::SocketAddr::V6(_)) => 65527,
                Addr::Unix(_) => 0,
            },
        };
        if self.wait.is_some() {
            // A connected datagram socket learns of ICMP errors (ECONNREFUSED).
            sock.connect(&to)
                .map_err(|e| Error::os(format!("connect to {}", to.describe()), &e))?;
            sender.dest = None;
        }
        match &src {
            Source::Messages(m) => {
                for _ in 0..self.count.unwrap_or(1) {
                    for msg in m {
                        sender.send(msg.as_bytes())?;
                    }
                }
            }
            Source::Lines => send_lines(&mut sender)?,
            Source::Raw => send_raw(&mut sender, self.bufsize.unwrap_or(max_payload(&to)))?,
        }
        let replied = match self.wait {
            Some(quiet) => replies(&mut sender, quiet, bufsize)?,
            None => 0,
        };
        let (sent, bytes) = (sender.sent, sender.bytes);
        if let Some(p) = sender.progress.as_mut() {
            p.finish(replied, bytes, Some(sent));
        }
        Ok(exit::OK)
    }
}

/// The most one datagram to `to` can carry (the --raw read size unless
/// --bufsize says otherwise): 65535 less the IPv4+UDP headers (65507) or the
/// UDP header (65527, IPv6); a read of 65535 bytes would be EMSGSIZE.
fn max_payload(to: &Addr) -> usize {
    match to {
        Addr::Inet(std::net::SocketAddr::V4(_)) => 65507,
        Addr::Inet(std::net::SocketAddr::V6(_)) => 65527,
        Addr::Unix(_) => DEFAULT_BUFSIZE,
    }
}

enum Dest {
    Unix(Addr),
    Inet(String, crate::cli::parse::PortSpec),
}

/// Binds an AF_UNIX datagram socket to an autobound abstract name, so the
/// peer has an address to reply to.
fn autobind(sock: &Sock) -> Result<()> {
    sock.autobind()
        .map_err(|e| Error::os("bind (autobind)", &e))
}
