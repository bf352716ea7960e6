//! `connect HOST PORT`: create_connection (getaddrinfo, then socket + connect
//! for each address in order), then the relay with half-close; `-z` probes a
//! port list and `--ping` times connects (both in `cmd::probe`); `-U PATH`
//! connects an AF_UNIX stream socket.

use std::time::Instant;

use super::{Ctx, Run};
use crate::cli::parse::{self, PortSpec};
use crate::cli::{ConnectArgs, ProxyType};
use crate::error::{Error, Result, exit};
use crate::event::{Meter, Sink};
use crate::net::addr::{self, Addr};
use crate::net::relay::{self, Session};
use crate::net::sock::Sock;
use crate::net::sockopt;
use crate::net::tls::session as tls;
use crate::net::{proxy, signal, target};
use crate::ui::sessionlog::SessionLog;
use crate::ui::{self, Event, progress::Progress};

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
}

impl ConnectArgs {
    /// --proxy: create_connection to the proxy, then its dialogue for
    /// `host` `port` (the name goes to the proxy as given).
    fn through_proxy(
        &self,
        ctx: &Ctx,
        host: &str,
        port: u16,
        source: Option<&Addr>,
    ) -> Result<Sock> {
        let kind = match self.proxy_type {
            ProxyType::Socks5 => proxy::Kind::Socks5,
            ProxyType::Socks4 => proxy::Kind::Socks4,
            ProxyType::Http => proxy::Kind::Http,
        };
        let spec = self.proxy.as_deref().unwrap_or_default();
        let (phost, pport) = match parse::split_host_port(spec) {
            Some((Some(h), p)) => (h, target::port(&target::port_arg(p)?, "tcp")?),
            Some((None, _)) => {
                return Err(Error::usage(format!("--proxy '{spec}': no proxy HOST")));
            }
            None if kind == proxy::Kind::Http => (spec, 3128),
            None => (spec, 1080),
        };
        let phost = addr::host_arg(phost)?;
        let auth = match &self.proxy_auth {
            None => None,
            Some(_) if kind == proxy::Kind::Socks4 => {
                return Err(Error::usage(
                    "--proxy-auth is for socks5 and http proxies; SOCKS4 has no password",
                ));
            }
            Some(a) => match a.split_once(':') {
                Some((u, p)) if u.len() <= 255 && p.len() <= 255 => {
                    Some((u.to_string(), p.to_string()))
                }
                Some(_) => {
                    return Err(Error::usage(
                        "--proxy-auth: USER and PASS are at most 255 bytes each",
                    ));
                }
                None => return Err(Error::usage("--proxy-auth takes USER:PASS")),
            },
        };
        if kind != proxy::Kind::Http && host.len() > 255 {
            return Err(Error::usage("a SOCKS target name is at most 255 bytes"));
        }
        let addrs = target::peer_addrs(&phost, pport, ctx.family, libc::SOCK_STREAM)?;
        let before = |s: &Sock| self.prepare(s);
        let o = target::ConnectOpts {
            timeout: self.timeout,
            source,
            before: &before,
        };
        let sock = target::create_connection(&phost, &addrs, &o, &mut ui::Stderr)?;
        let plan = proxy::Plan {
            kind,
            host: host.to_string(),
            port,
            auth,
            timeout: self.timeout,
            proxy: format!("{phost} port {pport}"),
        };
        proxy::handshake(&sock, &plan)?;
        Ok(sock)
    }
}

impl Run for ConnectArgs {
    fn run(self, ctx: &Ctx) -> Result<i32> {
        let source = self
            .source
            .as_deref()
            .map(target::source_addr)
            .transpose()?;
        self.check_probe_options()?;
        if (self.zero || self.ping) && (self.tls || super::tls::client_opts_given(&self.tls_opts)) {
            return Err(Error::usage(
                "-z and --ping make no I/O, so no TLS: try sockx tls HOST PORT",
            ));
        }
        if self.zero {
            return self.scan(ctx, source.as_ref());
        }
        if self.ping {
            return self.ping(ctx, source.as_ref());
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
        let shape = self.relay.shape(Some(&self.heartbeat), ui::tracing())?;
        let log = SessionLog::open(
            self.relay.output.as_deref(),
            self.relay.log_json.as_deref(),
            self.hex,
        )?;
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
            Plan::Inet(host, port) if self.proxy.is_some() => {
                let port = target::port(port, "tcp")?;
                self.through_proxy(ctx, host, port, source.as_ref())?
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
                target::create_connection(host, &addrs, &o, &mut ui::Stderr)?
            }
        };
        let peer = sock.peer_addr().unwrap_or_else(|_| match &plan {
            Plan::Unix(a) => a.clone(),
            Plan::Inet(..) => Addr::Unix(addr::UnixName::Unnamed),
        });
        let local = sock
            .local_addr()
            .map_err(|e| Error::os("getsockname", &e))?;
        let mut log = log;
        let sink: &mut dyn Sink = match log.as_mut() {
            Some(l) => l,
            None => &mut ui::Stderr,
        };
        sink.event(Event::Connected {
            peer: peer.clone(),
            local,
        });
        let started = Instant::now();
        let logging = self.relay.logging();
        let plan = relay::Plan {
            bufsize: self.bufsize,
            copy_only: self.hex || ui::tracing() || self.bufsize.is_some() || logging,
            hex: self.hex || logging,
            idle: self.timeout,
            close_stdout_at_fin: true,
            idle_stdin_grace: None,
            peer: peer.describe(),
            shape,
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
                let o = relay::relay(&mut c.stream, &plan, &mut Session::default(), sink, meter)?;
                tls::report_eof(&c.stream, &mut ui::Stderr);
                o
            }
            None => {
                let mut sock = sock;
                relay::relay(&mut sock, &plan, &mut Session::default(), sink, meter)?
            }
        };
        sink.event(Event::Closed {
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
