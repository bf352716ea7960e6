//! `connect HOST PORT`: create_connection (getaddrinfo, then socket + connect
//! for each address in order), then the relay with half-close; `-z` probes a
//! port list with connect_ex; `-U PATH` connects an AF_UNIX stream socket.

use std::time::Instant;

use serde::Serialize;

use super::{Ctx, Run};
use crate::cli::ConnectArgs;
use crate::cli::parse::{self, PortSpec};
use crate::error::{Error, Result, exit};
use crate::event::Meter;
use crate::net::addr::{self, Addr};
use crate::net::relay::{self, Session};
use crate::net::sock::Sock;
use crate::net::sockopt;
use crate::net::tls::session as tls;
use crate::net::{errno, signal, target};
use crate::ui::{self, Event, Paint, Report, progress::Progress};

#[derive(Debug, Serialize)]
struct Probe {
    port: u16,
    open: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    #[serde(skip)]
    host: String,
}

#[derive(Debug, Serialize)]
#[serde(transparent)]
struct Probes(Vec<Probe>);

impl Report for Probes {
    fn human(&self, p: &Paint) -> String {
        let mut out = String::new();
        for r in &self.0 {
            let state = if r.open {
                p.good("open")
            } else {
                format!(
                    "{} ({})",
                    p.bad("closed"),
                    r.error.as_deref().unwrap_or("?")
                )
            };
            out.push_str(&format!("{} port {} {state}\n", r.host, r.port));
        }
        out
    }
}

impl ConnectArgs {
    /// The socket options asked for, applied before connect.
    fn prepare(&self, sock: &Sock) -> Result<()> {
        let set = |opt: &sockopt::Opt, v: i32| {
            sock.set_int(opt, v)
                .map_err(|e| Error::os(format!("setsockopt {}={v}", opt.name), &e))
        };
        if self.nodelay {
            set(&sockopt::TCP_NODELAY, 1)?;
        }
        if let Some(parse::Keepalive(k)) = &self.keepalive {
            set(&sockopt::SO_KEEPALIVE, 1)?;
            let opts = [
                &sockopt::TCP_KEEPIDLE,
                &sockopt::TCP_KEEPINTVL,
                &sockopt::TCP_KEEPCNT,
            ];
            for (opt, v) in opts.iter().zip(k) {
                set(opt, *v)?;
            }
        }
        Ok(())
    }

    fn probe(
        &self,
        ctx: &Ctx,
        host: &str,
        ports: &[PortSpec],
        source: Option<&Addr>,
    ) -> Result<i32> {
        let ports: Vec<u16> = ports
            .iter()
            .map(|p| target::port(p, "tcp"))
            .collect::<Result<_>>()?;
        let mut results = Vec::with_capacity(ports.len());
        let mut addrs = target::peer_addrs(host, 0, ctx.family, libc::SOCK_STREAM)?;
        if let Some(src) = source {
            addrs.retain(|a| a.family() == src.family());
            if addrs.is_empty() {
                return Err(Error::usage(
                    "no address of the source address's family (-s) to connect to",
                ));
            }
        }
        for port in ports {
            let mut outcome = Err(errno::name_or_number(libc::ECONNREFUSED));
            for a in &addrs {
                let Addr::Inet(mut sa) = a.clone() else {
                    continue;
                };
                sa.set_port(port);
                let to = Addr::Inet(sa);
                let sock = Sock::new(to.family(), libc::SOCK_STREAM, 0)
                    .map_err(|e| Error::os("socket", &e))?;
                if let Some(src) = source {
                    sock.bind(src)
                        .map_err(|e| target::bind_error(src, &e, libc::SOCK_STREAM, false))?;
                }
                match target::connect_one(&sock, &to, self.timeout) {
                    // Connected to itself: nobody listens there.
                    Ok(()) if target::self_connected(&sock) => {
                        outcome = Err(target::SELF_CONNECT.to_string());
                    }
                    Ok(()) => {
                        outcome = Ok(());
                        break;
                    }
                    Err(e) => {
                        signal::check()?;
                        outcome = Err(errno::name_or_number(e.raw_os_error().unwrap_or(libc::EIO)));
                    }
                }
            }
            results.push(Probe {
                port,
                open: outcome.is_ok(),
                error: outcome.err(),
                host: ui::escape::text(host).into_owned(),
            });
        }
        let all_open = results.iter().all(|r| r.open);
        ui::result(&Probes(results))?;
        Ok(if all_open { exit::OK } else { exit::FAILURE })
    }
}

impl Run for ConnectArgs {
    fn run(self, ctx: &Ctx) -> Result<i32> {
        let source = self
            .source
            .as_deref()
            .map(target::source_addr)
            .transpose()?;
        if self.zero {
            if self.unix.is_some() {
                return Err(Error::usage("-z probes TCP ports; it does not take -U"));
            }
            if self.tls || super::tls::client_opts_given(&self.tls_opts) {
                return Err(Error::usage(
                    "-z makes no I/O, so no TLS: try sockx tls HOST PORT",
                ));
            }
            let (host, ports, rest) = target::peer_host_port(&self.address, "connect -z")
                .map_err(|e| e.with_hint("e.g. connect -z 127.0.0.1 20-25,80"))?;
            if !rest.is_empty() {
                target::no_port_in_host(&self.address[0], "connect -z")?;
                return Err(Error::usage("connect -z takes HOST PORTS or HOST:PORTS"));
            }
            let ports = parse::port_list(ports)
                .map_err(|r| Error::usage(parse::invalid("port list", ports, &r)))?;
            signal::install().map_err(|e| Error::os("sigaction", &e))?;
            return self.probe(ctx, &host, &ports, source.as_ref());
        }
        // Parse, then plan: every argument is checked before any socket exists.
        let plan = match (&self.unix, &self.address[..]) {
            (Some(path), []) => Plan::Unix(addr::unix_addr(path)?),
            (Some(_), _) => return Err(Error::usage("connect -U takes no HOST or PORT")),
            (None, args) => match target::peer_host_port(args, "connect")? {
                (host, port, []) => Plan::Inet(host, target::port_arg(port)?),
                _ => {
                    target::no_port_in_host(&args[0], "connect")?;
                    return Err(Error::usage("connect takes HOST PORT or HOST:PORT"));
                }
            },
        };
        if matches!(plan, Plan::Unix(_))
            && (self.nodelay || self.keepalive.is_some() || source.is_some())
        {
            return Err(Error::usage(
                "--nodelay, --keepalive and -s apply to TCP, not to -U",
            ));
        }
        let tls = match (&plan, self.tls) {
            (_, false) if super::tls::client_opts_given(&self.tls_opts) => {
                return Err(Error::usage(
                    "the TLS options (--cafile, --sni, --pin, ...) need --tls",
                ));
            }
            (_, false) => None,
            (Plan::Inet(host, _), true) => Some(super::tls::client_plan(&self.tls_opts, host)),
            (Plan::Unix(_), true) => Some(super::tls::client_plan(&self.tls_opts, "localhost")),
        };
        let tls = match tls {
            Some(t) => Some((tls::prepare(&t)?, t)),
            None => None,
        };
        signal::install().map_err(|e| Error::os("sigaction", &e))?;
        let sock = match &plan {
            Plan::Unix(a) => {
                let sock = Sock::new(libc::AF_UNIX, libc::SOCK_STREAM, 0)
                    .map_err(|e| Error::os("socket", &e))?;
                target::connect_one(&sock, a, self.timeout)
                    .map_err(|e| target::connect_error(a, &e, self.timeout))?;
                sock
            }
            Plan::Inet(host, port) => {
                let port = target::port(port, "tcp")?;
                let addrs = target::peer_addrs(host, port, ctx.family, libc::SOCK_STREAM)?;
                let before = |s: &Sock| self.prepare(s);
                let o = target::ConnectOpts {
                    timeout: self.timeout,
                    source: source.as_ref(),
                    before: &before,
                };
                target::create_connection(host, &addrs, &o)?
            }
        };
        let peer = sock.peer_addr().unwrap_or_else(|_| match &plan {
            Plan::Unix(a) => a.clone(),
            Plan::Inet(..) => Addr::Unix(addr::UnixName::Unnamed),
        });
        let local = sock
            .local_addr()
            .map_err(|e| Error::os("getsockname", &e))?;
        ui::event(&Event::Connected {
            peer: peer.clone(),
            local,
        });
        let started = Instant::now();
        let plan = relay::Plan {
            bufsize: self.bufsize,
            copy_only: self.hex || ui::tracing() || self.bufsize.is_some(),
            hex: self.hex,
            idle: self.timeout,
            close_stdout_at_fin: true,
            idle_stdin_grace: None,
            peer: peer.describe(),
        };
        let mut meter = self.progress.then(|| Progress::new(None));
        let meter = meter.as_mut().map(|m| m as &mut dyn Meter);
        let outcome = match tls {
            Some((prepared, t)) => {
                let mut c = tls::connect(
                    sock,
                    &t,
                    prepared,
                    self.timeout,
                    &plan.peer,
                    &mut ui::Stderr,
                )?;
                let o = relay::relay(
                    &mut c.stream,
                    &plan,
                    &mut Session::default(),
                    &mut ui::Stderr,
                    meter,
                )?;
                tls::report_eof(&c.stream, &mut ui::Stderr);
                o
            }
            None => {
                let mut sock = sock;
                relay::relay(
                    &mut sock,
                    &plan,
                    &mut Session::default(),
                    &mut ui::Stderr,
                    meter,
                )?
            }
        };
        ui::event(&Event::Closed {
            peer,
            bytes_in: outcome.bytes_in,
            bytes_out: outcome.bytes_out,
            duration_ms: started.elapsed().as_millis() as u64,
        });
        Ok(exit::OK)
    }
}

enum Plan {
    Unix(Addr),
    Inet(String, PortSpec),
}
