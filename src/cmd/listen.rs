//! `listen [HOST] PORT`: socket, setsockopt(SO_REUSEADDR), bind, listen,
//! accept — the seeds' server — then the relay with stdin/stdout (one
//! connection, or one after another with -k), or the echo server (--echo,
//! --upper; concurrent with -k).

use std::time::Instant;

use super::{Ctx, Run};
use crate::cli::ListenArgs;
use crate::error::{Error, Result, exit};
use crate::event::{Meter, Sink};
use crate::net::lobby::Lobby;
use crate::net::relay::{self, Aside, Plan, Session};
use crate::net::tls::link::Server;
use crate::net::tls::{Watch, config as tlsconf, session as tls_session};
use crate::net::{addr, echo, server, signal, stdio, target};
use crate::ui::sessionlog::SessionLog;
use crate::ui::{self, Event, progress::Progress};

impl Run for ListenArgs {
    fn run(self, ctx: &Ctx) -> Result<i32> {
        let (host, port) = target::host_port(&self.address, self.unix.is_some(), "listen")?;
        if self.max_conns == Some(0) {
            return Err(Error::usage("--max-conns must be at least 1"));
        }
        let serving = self.echo || self.upper;
        if serving && self.relay.any_but_frame() {
            return Err(Error::usage(
                "-C, -i, --send-only, --recv-only, -o and --log-json shape the relay with stdin/stdout; --echo/--upper serve without it (--frame works with both)",
            ));
        }
        let shape = self.relay.shape(None, ui::tracing())?;
        let log = SessionLog::open(
            self.relay.output.as_deref(),
            self.relay.log_json.as_deref(),
            self.hex,
        )?;
        let acl = self.access.acl()?;
        let tls_plan = super::tls::server_plan(&self.tls, host.as_deref())?;
        let backlog = i32::try_from(self.backlog).unwrap_or(i32::MAX);
        signal::install().map_err(|e| Error::os("sigaction", &e))?;
        let bind_to = match (&self.unix, host, port) {
            (Some(path), _, _) => addr::unix_addr(path)?,
            (None, host, Some(port)) => {
                let port = target::port(&port, "tcp")?;
                target::bind_addr(host.as_deref(), port, ctx.family, libc::SOCK_STREAM)?
            }
            (None, _, None) => return Err(Error::usage("listen needs a PORT (or -U PATH)")),
        };
        let bound = server::bind(&bind_to, libc::SOCK_STREAM, self.reuseport)?;
        bound
            .sock
            .listen(backlog)
            .map_err(|e| Error::os("listen", &e))?;
        // Written (and flushed: stderr is unbuffered) before accept blocks.
        // The certificate (made or read) before the listening line, so a
        // client that waits for the line can --pin what it prints.
        let tls = match &tls_plan {
            Some(plan) => {
                let id = tlsconf::identity(plan)?;
                let (cfg, hello) = tlsconf::server(plan, &id)?;
                Some((cfg, hello, id))
            }
            None => None,
        };
        ui::event(&Event::Listening {
            local: bound.local.clone(),
        });
        if let Some((cfg, _, id)) = &tls {
            ui::event(&Event::TlsCertificate {
                sha256: id.fingerprint.clone(),
                generated: id.generated,
            });
            tlsconf::warm_up(cfg);
        }

        if self.echo || self.upper {
            let opts = echo::Opts {
                upper: self.upper,
                keep_open: self.keep_open,
                max_conns: self.max_conns,
                bufsize: self.bufsize.unwrap_or(64 * 1024),
                idle: self.timeout,
                hex: self.hex,
                frame: self.relay.frame_kind(),
                trace_frames: ui::tracing(),
                acl,
                tls: tls.as_ref().map(|(config, hello, _)| Server {
                    config: config.clone(),
                    hello: hello.clone(),
                }),
            };
            echo::serve(&bound.sock, &opts, &mut ui::Stderr)?;
            return Ok(exit::OK);
        }

        let mut log = log;
        let sink: &mut dyn Sink = match log.as_mut() {
            Some(l) => l,
            None => &mut ui::Stderr,
        };
        let logging = self.relay.logging();
        let mut plan = Plan {
            bufsize: self.bufsize,
            copy_only: self.hex || ui::tracing() || self.bufsize.is_some() || logging,
            hex: self.hex || logging,
            idle: self.timeout,
            // Under -k the next connection writes to the same stdout.
            close_stdout_at_fin: !self.keep_open,
            // --send-only never sees the peer's FIN, so stdin is never idle-cut.
            idle_stdin_grace: (!self.relay.send_only).then_some(relay::IDLE_STDIN_GRACE),
            peer: String::new(),
            shape,
        };
        let mut session = Session::default();
        // -k --max-conns: clients over the cap are refused while one is served.
        let mut lobby = match (self.keep_open, self.max_conns) {
            (true, Some(max)) => Some(
                Lobby::new(&bound.sock, &acl, max)
                    .map_err(|e| Error::os("fcntl(O_NONBLOCK)", &e))?,
            ),
            _ => None,
        };
        loop {
            let (conn, peer) = match lobby.as_mut().and_then(|l| l.next()) {
                Some(waiting) => waiting,
                None => {
                    // The time allowed for a connection to arrive (-w), interruptible.
                    let ready =
                        stdio::wait_fd(bound.sock.fd(), libc::POLLIN, stdio::poll_ms(self.timeout))
                            .map_err(|e| Error::os("poll", &e))?;
                    if !ready {
                        let t = self
                            .timeout
                            .map(crate::cli::parse::show_duration)
                            .unwrap_or_default();
                        return Err(Error::timeout(format!(
                            "timed out: no connection within {t} (-w)"
                        )));
                    }
                    match bound.sock.accept() {
                        Ok(c) => c,
                        // A non-blocking listener (the lobby's) whose client left.
                        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
                        Err(e) => return Err(Error::os("accept", &e)),
                    }
                }
            };
            if let Some(reason) = acl.refuses(&peer) {
                // Closed at once; the next client may be one that is allowed.
                ui::event(&Event::Rejected { peer, reason });
                drop(conn);
                continue;
            }
            let local = conn.local_addr().unwrap_or_else(|_| bound.local.clone());
            sink.event(Event::Accepted {
                peer: peer.clone(),
                local,
            });
            let started = Instant::now();
            plan.peer = peer.describe();
            let mut meter = self.progress.then(|| Progress::new(None));
            let meter = meter.as_mut().map(|m| m as &mut dyn Meter);
            let r = match &tls {
                Some((cfg, hello, _)) => {
                    // The lobby is watched during the handshake too.
                    let watch: Watch = match lobby.as_mut() {
                        Some(l) => Some((l, &mut *sink)),
                        None => None,
                    };
                    tls_session::accept(
                        conn,
                        cfg,
                        hello,
                        self.timeout,
                        &plan.peer,
                        &mut ui::Stderr,
                        watch,
                    )
                    .and_then(|mut s| {
                        let aside = lobby.as_mut().map(|l| l as &mut dyn Aside);
                        let r = relay::relay_with(&mut s, &plan, &mut session, sink, meter, aside);
                        tls_session::report_eof(&s, &mut ui::Stderr);
                        r
                    })
                }
                None => {
                    let mut conn = conn;
                    let aside = lobby.as_mut().map(|l| l as &mut dyn Aside);
                    relay::relay_with(&mut conn, &plan, &mut session, sink, meter, aside)
                }
            };
            match r {
                Ok(outcome) => {
                    sink.event(Event::Closed {
                        peer,
                        bytes_in: outcome.bytes_in,
                        bytes_out: outcome.bytes_out,
                        duration_ms: started.elapsed().as_millis() as u64,
                    });
                }
                // With -k a connection's own failure (reset, idle) ends only that connection.
                Err(e) if self.keep_open && !e.quiet && e.code != exit::USAGE => {
                    ui::warn(&e.to_string())
                }
                Err(e) => return Err(e),
            }
            if !self.keep_open {
                return Ok(exit::OK);
            }
        }
    }
}
