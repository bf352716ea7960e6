//! `forward [HOST] PORT TO_HOST TO_PORT`: the listening side as listen builds
//! it (socket, SO_REUSEADDR, bind, listen), the target resolved once up
//! front (a name that does not resolve is exit 3 before anything listens),
//! then the forwarder engine (`net::forward`) until a signal.

use super::{Ctx, Run};
use crate::cli::ForwardArgs;
use crate::cli::parse::{self, PortSpec};
use crate::error::{Error, Result, exit};
use crate::net::addr::{self, Addr};
use crate::net::{forward, relay, server, signal, target};
use crate::ui::{self, Event};

enum To {
    Unix(Addr),
    Inet(String, PortSpec),
}

impl ForwardArgs {
    /// Splits the positionals: the target from the end (TO_HOST:TO_PORT or
    /// TO_HOST TO_PORT), the listening side from what is left.
    fn sides(&self) -> Result<(Option<String>, Option<PortSpec>, To)> {
        let args = &self.address[..];
        let (to, rest) = match &self.to_unix {
            Some(p) => (To::Unix(addr::unix_addr(p)?), args),
            None => match args {
                [] => {
                    return Err(Error::usage(
                        "forward needs [HOST] PORT TO_HOST TO_PORT (or --from-unix/--to-unix PATH)",
                    ));
                }
                [rest @ .., last] if parse::split_host_port(last).is_some() => {
                    let Some((Some(h), p)) = parse::split_host_port(last) else {
                        return Err(Error::usage(format!(
                            "forward: '{}' has no TO_HOST",
                            ui::escape::text(last)
                        )));
                    };
                    (To::Inet(addr::host_arg(h)?, target::port_arg(p)?), rest)
                }
                [rest @ .., h, p] => {
                    target::no_port_in_host(h, "forward")?;
                    (To::Inet(addr::host_arg(h)?, target::port_arg(p)?), rest)
                }
                [_] => return Err(Error::usage("forward needs TO_HOST TO_PORT after PORT")),
            },
        };
        let (host, port) = target::host_port(rest, self.from_unix.is_some(), "forward")?;
        Ok((host, port, to))
    }
}

impl Run for ForwardArgs {
    fn run(self, ctx: &Ctx) -> Result<i32> {
        let (host, port, to) = self.sides()?;
        let acl = self.access.acl()?;
        if self.max_conns == Some(0) {
            return Err(Error::usage("--max-conns must be at least 1"));
        }
        signal::install().map_err(|e| Error::os("sigaction", &e))?;
        let (to_addrs, to_name) = match to {
            To::Unix(a) => (vec![a.clone()], a.describe()),
            To::Inet(h, p) => {
                let port = target::port(&p, "tcp")?;
                let addrs = target::peer_addrs(&h, port, ctx.family, libc::SOCK_STREAM)?;
                (addrs, format!("{h} port {port}"))
            }
        };
        let bind_to = match (&self.from_unix, host, port) {
            (Some(path), _, _) => addr::unix_addr(path)?,
            (None, host, Some(port)) => {
                let port = target::port(&port, "tcp")?;
                target::bind_addr(host.as_deref(), port, ctx.family, libc::SOCK_STREAM)?
            }
            (None, _, None) => return Err(Error::usage("forward needs a PORT (or --from-unix)")),
        };
        let bound = server::bind(&bind_to, libc::SOCK_STREAM, self.reuseport)?;
        let backlog = i32::try_from(self.backlog).unwrap_or(i32::MAX);
        bound
            .sock
            .listen(backlog)
            .map_err(|e| Error::os("listen", &e))?;
        ui::event(&Event::Listening {
            local: bound.local.clone(),
        });
        let plan = forward::Plan {
            to: to_addrs,
            to_name,
            copy_only: self.hex || ui::tracing() || self.bufsize.is_some(),
            hex: self.hex,
            bufsize: self.bufsize.unwrap_or(relay::DEFAULT_BUFSIZE),
            idle: self.timeout,
            max_conns: self.max_conns,
            acl,
            stop_after: None,
        };
        forward::serve(&bound.sock, &plan, &mut ui::Stderr)?;
        Ok(exit::OK)
    }
}
