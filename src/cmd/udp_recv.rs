//! `udp-recv [HOST] PORT`: socket(SOCK_DGRAM), bind, then the receive
//! engine (`net::dgram_recv`: recvfrom in a loop, --echo/--upper replies);
//! here each datagram is rendered — with its sender and real length
//! (MSG_TRUNC), as JSON, or raw.

use serde::Serialize;

use super::{Ctx, Run};
use crate::cli::UdpRecvArgs;
use crate::error::{Error, Result};
use crate::event::Meter;
use crate::net::addr::{self, Addr};
use crate::net::dgram_recv::{Datagrams, RecvPlan, Reply, receive};
use crate::net::{server, signal, stdio, target, udp};
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

/// udp-recv's stdout: each datagram rendered into a buffer that is written
/// in 64 KiB pieces (and whenever the receiver waits).
pub struct Stdout {
    raw: bool,
    out: Vec<u8>,
}

impl Stdout {
    pub fn new(raw: bool) -> Stdout {
        Stdout {
            raw,
            out: Vec::with_capacity(1 << 17),
        }
    }
}

impl Datagrams for Stdout {
    fn datagram(&mut self, from: &Addr, data: &[u8], len: usize) -> Result<()> {
        render(&mut self.out, self.raw, from, data, len);
        if self.out.len() >= 1 << 16 {
            flush(&mut self.out)?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        flush(&mut self.out)
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
        let plan = RecvPlan {
            bufsize,
            batch: !ui::tracing(),
            count: self.count,
            quiet: self.timeout,
            reply: match (self.upper, self.echo) {
                (true, _) => Reply::Upper,
                (false, true) => Reply::Echo,
                _ => Reply::None,
            },
            what: format!("recvfrom on {}", bound.local.describe()),
        };
        let mut out = Stdout::new(self.raw);
        let mut progress = self.progress.then(|| Progress::new(Some("datagrams")));
        let meter = progress.as_mut().map(|m| m as &mut dyn Meter);
        let (code, _) = receive(&bound.sock, &plan, &mut out, &mut ui::Stderr, meter)?;
        Ok(code)
    }
}
