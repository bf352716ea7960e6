//! `udp-recv [HOST] PORT`: socket(SOCK_DGRAM), bind, then recvfrom in a loop
//! (recvmmsg batches when the calls are not traced), each datagram printed
//! with its sender and real length (MSG_TRUNC), or written raw; --echo and
//! --upper reply with sendto.

use std::io;
use std::time::Instant;

use serde::Serialize;

use super::{Ctx, Run};
use crate::cli::UdpRecvArgs;
use crate::error::{Error, Result, exit};
use crate::net::addr::{self, Addr};
use crate::net::sock::Sock;
use crate::net::udp::{self, RecvBatch};
use crate::net::{echo, server, signal, stdio, target};
use crate::ui::{self, Event, Paint, Report, escape, progress::Progress};

/// Default recvfrom buffer: the largest UDP payload over IPv4 and then some.
pub const DEFAULT_BUFSIZE: usize = 65535;

/// One received datagram as udp-recv (and udp-send --wait) renders it.
#[derive(Debug, Serialize)]
pub struct DatagramReport<'a> {
    pub from: &'a Addr,
    /// The datagram's real length, even when the buffer cut it.
    pub bytes: usize,
    pub truncated: bool,
    pub hex: String,
    pub text: Option<&'a str>,
}

impl<'a> DatagramReport<'a> {
    pub fn new(from: &'a Addr, data: &'a [u8], len: usize) -> DatagramReport<'a> {
        DatagramReport {
            from,
            bytes: len,
            truncated: len > data.len(),
            hex: hex::encode(data),
            text: std::str::from_utf8(data).ok(),
        }
    }
}

/// The human line: sender, size, payload with anything unprintable escaped.
pub fn human_line(p: &Paint, from: &Addr, data: &[u8], len: usize) -> String {
    let size = if len > data.len() {
        p.warn(&format!(
            "{len} bytes, truncated to {} (MSG_TRUNC)",
            data.len()
        ))
    } else {
        format!("{len} bytes")
    };
    format!(
        "{} {size}: {}\n",
        p.addr(&from.to_string()),
        escape::bytes(data)
    )
}

impl Report for DatagramReport<'_> {
    fn human(&self, p: &Paint) -> String {
        let data = hex::decode(&self.hex).unwrap_or_default();
        human_line(p, self.from, &data, self.bytes)
    }
}

/// Appends one datagram in the chosen rendering to the output buffer. Raw
/// bytes cannot say they were cut, so a truncated datagram is then reported
/// on stderr (a `truncated` event, shown even with -q).
pub fn render(out: &mut Vec<u8>, raw: bool, from: &Addr, data: &[u8], len: usize) {
    if raw {
        out.extend_from_slice(data);
        if len > data.len() {
            ui::event(&Event::Truncated {
                from: from.clone(),
                bytes: len,
                truncated_to: data.len(),
            });
        }
    } else if ui::json() {
        let r = DatagramReport::new(from, data, len);
        if escape::json_to_writer(&mut *out, &r).is_ok() {
            out.push(b'\n');
        }
    } else {
        out.extend_from_slice(human_line(ui::paint_out(), from, data, len).as_bytes());
    }
}

pub fn flush(out: &mut Vec<u8>) -> Result<()> {
    if !out.is_empty() {
        stdio::write_all(libc::STDOUT_FILENO, out).map_err(|e| Error::stdout(&e))?;
        out.clear();
    }
    Ok(())
}

struct State<'a> {
    args: &'a UdpRecvArgs,
    sock: &'a Sock,
    out: Vec<u8>,
    got: u64,
    bytes: u64,
    replied: u64,
}

impl State<'_> {
    fn take(&mut self, from: &Addr, data: &[u8], len: usize) -> Result<()> {
        self.got += 1;
        self.bytes += len as u64;
        render(&mut self.out, self.args.raw, from, data, len);
        if self.args.echo || self.args.upper {
            let mut reply = data.to_vec();
            if self.args.upper {
                echo::upper(&mut reply);
            }
            match self.sock.send_to(&reply, Some(from)) {
                Ok(n) => self.replied += n as u64,
                // The sender may be gone or unnamed; the datagram was still received.
                Err(e) => {
                    ui::warn(&Error::os(format!("sendto {}", from.describe()), &e).to_string())
                }
            }
        }
        if self.out.len() >= 1 << 16 {
            flush(&mut self.out)?;
        }
        Ok(())
    }

    fn left(&self) -> Option<u64> {
        self.args.count.map(|c| c.saturating_sub(self.got))
    }
}

impl Run for UdpRecvArgs {
    fn run(self, ctx: &Ctx) -> Result<i32> {
        let (host, port) = target::host_port(&self.address, self.unix.is_some(), "udp-recv")?;
        let bufsize = self.bufsize.unwrap_or(DEFAULT_BUFSIZE);
        signal::install().map_err(|e| Error::os("sigaction", &e))?;
        let bind_to = match (&self.unix, host, port) {
            (Some(path), _, _) => addr::unix_addr(path)?,
            (None, host, Some(port)) => {
                let port = target::port(&port, "udp")?;
                target::bind_addr(host.as_deref(), port, ctx.family, libc::SOCK_DGRAM)?
            }
            (None, _, None) => return Err(Error::usage("udp-recv needs a PORT (or -U PATH)")),
        };
        let bound = server::bind(&bind_to, libc::SOCK_DGRAM, self.reuseport)?;
        // Room for bursts: a sender on loopback never waits for us.
        udp::big_rcvbuf(&bound.sock, 8 << 20);
        ui::event(&Event::Listening {
            local: bound.local.clone(),
        });

        let mut st = State {
            args: &self,
            sock: &bound.sock,
            out: Vec::with_capacity(1 << 17),
            got: 0,
            bytes: 0,
            replied: 0,
        };
        let mut progress = self.progress.then(|| Progress::new(Some("datagrams")));
        let fd = bound.sock.fd();
        let what = format!("recvfrom on {}", bound.local.describe());
        // Traced: one blocking recvfrom per datagram after poll, as Python's
        // loop does, so the trace shows the real calls without EAGAIN noise.
        // Otherwise: recvmmsg batches, non-blocking until the queue is empty.
        // Up to BATCH slots of bufsize each, within 4 MiB (one slot at least):
        // a huge --bufsize must not ask for BATCH times its size.
        let slots = ((4 << 20) / bufsize).clamp(1, udp::BATCH);
        let mut batch = (!ui::tracing()).then(|| RecvBatch::new(bufsize, slots));
        let mut single = if batch.is_none() {
            vec![0u8; bufsize]
        } else {
            Vec::new()
        };
        let code = loop {
            let left = st.left();
            if left == Some(0) {
                break exit::OK;
            }
            if let Some(p) = progress.as_mut() {
                p.tick(Instant::now(), st.bytes, st.replied, Some(st.got));
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
                        Err(e) => return Err(Error::os(&what, &e)),
                    }
                }
                None => {
                    if let Some(code) = wait(&mut st, fd, self.timeout, &mut progress)? {
                        break code;
                    }
                    match bound.sock.recv_from(&mut single, libc::MSG_TRUNC) {
                        Ok((len, from)) => {
                            st.take(&from, &single[..len.min(single.len())], len)?;
                            flush(&mut st.out)?;
                        }
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                        Err(e) => return Err(Error::os(&what, &e)),
                    }
                    true
                }
            };
            if signal::pending().is_some() {
                flush(&mut st.out)?;
                signal::check()?;
            }
            if !got_some && let Some(code) = wait(&mut st, fd, self.timeout, &mut progress)? {
                break code;
            }
        };
        flush(&mut st.out)?;
        if let Some(p) = progress.as_mut() {
            p.finish(st.bytes, st.replied, Some(st.got));
        }
        Ok(code)
    }
}

/// Flushes output, then waits for the next datagram, redrawing --progress
/// while it waits (so its rate falls to zero when nothing comes). Some(exit
/// status) when -w ran out: 0, or 4 when -c N was given and not reached.
fn wait(
    st: &mut State,
    fd: i32,
    timeout: Option<std::time::Duration>,
    progress: &mut Option<Progress>,
) -> Result<Option<i32>> {
    flush(&mut st.out)?;
    let deadline = timeout.map(|t| Instant::now() + t);
    loop {
        let now = Instant::now();
        let left = deadline.map(|d| d.saturating_duration_since(now));
        let tick = progress.as_ref().and_then(|p| p.next_in(now));
        let wait_for = match (left, tick) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        // Rounded up to whole milliseconds, so a wait never ends a hair early and spins.
        let wait_for = wait_for.map(|d| d + std::time::Duration::from_micros(999));
        let ready = stdio::wait_fd(fd, libc::POLLIN, stdio::poll_ms(wait_for))
            .map_err(|e| Error::os("poll", &e))?;
        if ready {
            return Ok(None);
        }
        if let Some(p) = progress.as_mut() {
            p.tick(Instant::now(), st.bytes, st.replied, Some(st.got));
        }
        if deadline.is_some_and(|d| Instant::now() >= d) {
            break;
        }
    }
    match st.args.count {
        Some(c) if st.got < c => Err(Error::timeout(format!(
            "timed out: {} of {c} datagrams before {} of quiet (-w)",
            st.got,
            timeout
                .map(crate::cli::parse::show_duration)
                .unwrap_or_default()
        ))),
        _ => Ok(Some(exit::OK)),
    }
}
