//! `connect -z` and `connect --ping`: the arguments become a plan for the
//! prober (`net::probe`) or the pinger (`net::ping`), whose results
//! `ui::probe` writes on stdout as they come.

use std::time::Duration;

use super::Ctx;
use crate::cli::ConnectArgs;
use crate::cli::parse;
use crate::error::{Error, Result, exit};
use crate::net::addr::Addr;
use crate::net::{ping, probe, signal, target};
use crate::sys::rlimit;
use crate::ui::{self, probe::Results};

/// Probes in flight by default.
const DEFAULT_CONCURRENCY: u64 = 1000;
/// Descriptors kept out of the probes' share of RLIMIT_NOFILE: stdio, the
/// epoll instance, the signal pipe, and what the runtime holds.
const RESERVED_FDS: u64 = 16;

impl ConnectArgs {
    /// The per-command checks of -z / --ping options given to the other modes.
    pub(super) fn check_probe_options(&self) -> Result<()> {
        if self.concurrency.is_some() && !self.zero {
            return Err(Error::usage("--concurrency applies to -z"));
        }
        if self.count.is_some() && !self.ping {
            return Err(Error::usage("--count applies to --ping"));
        }
        // -i is shared: --ping's pause between attempts, the relay's between lines.
        if self.zero && self.relay.interval.is_some() {
            return Err(Error::usage(
                "-i applies to --ping and to the relay, not to -z",
            ));
        }
        let r = &self.relay;
        if (self.zero || self.ping)
            && (r.crlf
                || r.send_only
                || r.recv_only
                || r.logging()
                || r.frame.is_some()
                || self.heartbeat.heartbeat.is_some())
        {
            return Err(Error::usage(
                "-z and --ping make no I/O: they take no -C, --send-only, --recv-only, -o, --log-json, --frame or --heartbeat",
            ));
        }
        if (self.zero || self.ping)
            && (self.unix.is_some() || self.hex || self.progress || self.bufsize.is_some())
        {
            return Err(Error::usage(
                "-z and --ping make no I/O: they take no -U, -x, --progress or --bufsize",
            ));
        }
        Ok(())
    }

    /// `connect -z HOST PORTS`.
    pub(super) fn scan(&self, ctx: &Ctx, source: Option<&Addr>) -> Result<i32> {
        let (host, ports, rest) = target::peer_host_port(&self.address, "connect -z")
            .map_err(|e| e.with_hint("e.g. connect -z 127.0.0.1 20-25,80"))?;
        if !rest.is_empty() {
            target::no_port_in_host(&self.address[0], "connect -z")?;
            return Err(Error::usage("connect -z takes HOST PORTS or HOST:PORTS"));
        }
        let ports = parse::port_list(ports)
            .map_err(|r| Error::usage(parse::invalid("port list", ports, &r)))?;
        let ports: Vec<u16> = ports
            .iter()
            .map(|p| target::port(p, "tcp"))
            .collect::<Result<_>>()?;
        let addrs = addrs_for(&host, 0, ctx, source)?;
        let probes = ports.len() * addrs.len();
        let concurrency = self.fit_concurrency(source, probes);
        let plan = probe::Plan {
            host: ui::escape::text(&host).into_owned(),
            addrs,
            ports,
            source: source.cloned(),
            timeout: match self.timeout {
                Some(t) => probe::Timeout::Fixed(t),
                None => probe::Timeout::Adaptive,
            },
            concurrency,
        };
        signal::install().map_err(|e| Error::os("sigaction", &e))?;
        let mut out = Results::scan(plan.ports.len(), probes);
        let outcome = probe::scan(&plan, &mut out)?;
        if let Some(e) = out.error {
            return Err(Error::stdout(&e));
        }
        if let Some(sig) = outcome.signal {
            return Err(signal::interrupted(sig));
        }
        Ok(if outcome.every_port_open {
            exit::OK
        } else {
            exit::FAILURE
        })
    }

    /// --concurrency, or the default, within what RLIMIT_NOFILE leaves
    /// (the soft limit is raised to the hard one first); one at a time when
    /// -s names a port, which only one socket can be bound to.
    fn fit_concurrency(&self, source: Option<&Addr>, probes: usize) -> usize {
        let want = self.concurrency.unwrap_or(DEFAULT_CONCURRENCY);
        // Under --json the summary's "concurrency" says it.
        let say = |why: String| {
            if ui::verbosity() >= 1 && !ui::json() {
                ui::err_line(&format!("sockx: {why}"));
            }
        };
        if source.and_then(Addr::port).is_some_and(|p| p != 0) {
            if want > 1 {
                say(
                    "concurrency 1: -s names a source port, which one socket at a time can use"
                        .into(),
                );
            }
            return 1;
        }
        let want = want.min(probes.max(1) as u64);
        let soft = rlimit::raise_nofile(want + RESERVED_FDS)
            .or_else(|_| rlimit::nofile().map(|l| l.0))
            .unwrap_or(1024);
        let room = soft.saturating_sub(RESERVED_FDS).max(1);
        if room < want {
            say(format!(
                "concurrency {want} lowered to {room}: RLIMIT_NOFILE is {soft} (ulimit -n)"
            ));
        }
        want.min(room) as usize
    }

    /// `connect --ping HOST PORT`.
    pub(super) fn ping(&self, ctx: &Ctx, source: Option<&Addr>) -> Result<i32> {
        let (host, port, rest) = target::peer_host_port(&self.address, "connect --ping")?;
        if !rest.is_empty() {
            target::no_port_in_host(&self.address[0], "connect --ping")?;
            return Err(Error::usage("connect --ping takes HOST PORT or HOST:PORT"));
        }
        let port = target::port(&target::port_arg(port)?, "tcp")?;
        let to = addrs_for(&host, port, ctx, source)?.swap_remove(0);
        let interval = self.relay.interval.unwrap_or(Duration::from_secs(1));
        let plan = ping::Plan {
            host: ui::escape::text(&host).into_owned(),
            to,
            source: source.cloned(),
            count: self.count,
            interval,
            timeout: self
                .timeout
                .unwrap_or_else(|| interval.max(Duration::from_secs(1))),
        };
        signal::install().map_err(|e| Error::os("sigaction", &e))?;
        let mut out = Results::ping();
        let outcome = ping::ping(&plan, &mut out)?;
        if let Some(e) = out.error {
            return Err(Error::stdout(&e));
        }
        // Ctrl-C is how an endless ping ends: the exit status is ping's.
        if let Some(sig) = outcome.signal
            && signal::is_term(sig)
        {
            return Err(signal::interrupted(sig));
        }
        Ok(if outcome.summary.ok > 0 {
            exit::OK
        } else {
            exit::FAILURE
        })
    }
}

/// HOST's addresses in getaddrinfo order (of -s's family when given).
fn addrs_for(host: &str, port: u16, ctx: &Ctx, source: Option<&Addr>) -> Result<Vec<Addr>> {
    let mut addrs = target::peer_addrs(host, port, ctx.family, libc::SOCK_STREAM)?;
    if let Some(src) = source {
        addrs.retain(|a| a.family() == src.family());
    }
    if addrs.is_empty() {
        return Err(Error::usage(
            "no address of the source address's family (-s) to connect to",
        ));
    }
    Ok(addrs)
}
