//! `udp-send HOST PORT [MESSAGE…]`: socket(SOCK_DGRAM), then the send
//! engine (`net::dgram_send`): one datagram per MESSAGE, per stdin line, or
//! per read of stdin (--raw). With --wait the socket is connected first and
//! replies are printed until it is quiet, so an ICMP port-unreachable
//! surfaces as ECONNREFUSED.

use super::udp_recv::{self, DEFAULT_BUFSIZE};
use super::{Ctx, Run};
use crate::cli::UdpSendArgs;
use crate::error::{Error, Result, exit};
use crate::event::Meter;
use crate::net::addr::{self, Addr};
use crate::net::dgram_send::{SendPlan, Source, send};
use crate::net::sock::Sock;
use crate::net::{signal, sockopt, target};
use crate::ui::{self, progress::Progress};

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
            Source::Messages {
                messages: messages.into_iter().map(String::into_bytes).collect(),
                repeat: self.count.unwrap_or(1),
            }
        } else if self.raw {
            Source::Raw { bufsize: 0 }
        } else {
            Source::Lines
        };
        if self.count.is_some() && !matches!(src, Source::Messages { .. }) {
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
        if self.wait.is_some() {
            // A connected datagram socket learns of ICMP errors (ECONNREFUSED).
            sock.connect(&to)
                .map_err(|e| Error::os(format!("connect to {}", to.describe()), &e))?;
        }
        let plan = SendPlan {
            source: match src {
                Source::Raw { .. } => Source::Raw {
                    bufsize: self.bufsize.unwrap_or(max_payload(&to)),
                },
                other => other,
            },
            interval: self.interval,
            one_by_one: ui::tracing() || ui::json() || ui::verbosity() > 0,
            wait: self.wait,
            reply_bufsize: bufsize,
        };
        let mut progress = self.progress.then(|| {
            let p = Progress::new(Some("datagrams sent"));
            if self.wait.is_some() { p } else { p.out_only() }
        });
        let meter = progress.as_mut().map(|m| m as &mut dyn Meter);
        let mut replies = udp_recv::Stdout::new(false);
        send(
            &sock,
            &to,
            self.wait.is_some(),
            &plan,
            &mut replies,
            &mut ui::Stderr,
            meter,
        )?;
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
