//! `getnameinfo ADDRESS [PORT]`: CPython's socket_getnameinfo step for step:
//! getaddrinfo(ADDRESS, PORT, AF_UNSPEC, SOCK_DGRAM, AI_NUMERICHOST) so that
//! only a numeric address passes, the tuple's flowinfo and scope_id put into
//! the IPv6 address, then getnameinfo(sockaddr, flags).

use std::net::SocketAddr;

use serde::Serialize;

use super::{Ctx, Run};
use crate::cli::{GetnameinfoArgs, NiFlag};
use crate::error::{Error, Result, exit};
use crate::net::addr::Addr;
use crate::net::resolve::{self, Hints};
use crate::ui::{self, Paint, Report, escape, human};

#[derive(Debug, Serialize)]
struct NameInfo {
    host: String,
    service: String,
}

impl Report for NameInfo {
    fn human(&self, p: &Paint) -> String {
        human::kv(
            p,
            &[
                ("host", p.value(&escape::text(&self.host))),
                ("service", p.value(&escape::text(&self.service))),
            ],
        )
    }
}

pub fn ni_flags(flags: &[NiFlag]) -> i32 {
    flags.iter().fold(0, |acc, f| {
        acc | match f {
            NiFlag::Namereqd => libc::NI_NAMEREQD,
            NiFlag::Numerichost => libc::NI_NUMERICHOST,
            NiFlag::Numericserv => libc::NI_NUMERICSERV,
            NiFlag::Dgram => libc::NI_DGRAM,
            NiFlag::Nofqdn => libc::NI_NOFQDN,
        }
    })
}

impl Run for GetnameinfoArgs {
    fn run(self, _ctx: &Ctx) -> Result<i32> {
        // The HOST checks of every subcommand (an empty one is refused, a
        // bracketed IPv6 literal [::1] unwrapped); the rest is for
        // getaddrinfo(AI_NUMERICHOST) to judge.
        let host = &crate::net::addr::host_arg(&self.address)?;
        let port = self.port.unwrap_or(0);
        let shown = escape::text(host);
        let four_tuple = self.flowinfo.is_some() || self.scope_id.is_some();
        // Python passes the port as text ("%d") with SOCK_DGRAM "to make the
        // numeric port happy", and AI_NUMERICHOST so that nothing is looked up.
        let hints = Hints {
            family: libc::AF_UNSPEC,
            socktype: libc::SOCK_DGRAM,
            protocol: 0,
            flags: libc::AI_NUMERICHOST,
        };
        let answers =
            resolve::getaddrinfo(Some(host), Some(&port.to_string()), hints).map_err(|c| {
                let mut e = Error::gai(format!("getnameinfo: address '{shown}'"), c);
                if c == libc::EAI_NONAME {
                    // Not a numeric address: invalid input, not a name that was missing.
                    e.code = exit::USAGE;
                    e.hint = Some("getnameinfo takes a numeric address (127.0.0.1, ::1); for a name use resolve or getaddrinfo".into());
                }
                e
            })?;
        let sa = match answers.as_slice() {
            [one] => match &one.addr {
                Addr::Inet(sa) => *sa,
                Addr::Unix(_) => {
                    return Err(Error::usage(format!(
                        "getnameinfo: address '{shown}' is not an IP address"
                    )));
                }
            },
            _ => {
                return Err(Error::usage(format!(
                    "getnameinfo: address '{shown}' resolved to multiple addresses"
                )));
            }
        };
        let sa = match sa {
            SocketAddr::V4(_) if four_tuple => {
                return Err(Error::usage(format!(
                    "getnameinfo: '{shown}' is IPv4: --flowinfo and --scope-id are for IPv6 (IPv4 sockaddr must be 2 tuple)"
                )));
            }
            SocketAddr::V4(_) => sa,
            SocketAddr::V6(mut v6) => {
                let scope = self.scope_id.unwrap_or(0);
                if v6.scope_id() != scope {
                    ui::warn(&format!(
                        "the zone in '{shown}' (scope_id {}) is replaced by scope_id {scope}, as Python does; give --scope-id {} to keep it",
                        v6.scope_id(),
                        v6.scope_id()
                    ));
                }
                v6.set_flowinfo(self.flowinfo.unwrap_or(0));
                v6.set_scope_id(scope);
                SocketAddr::V6(v6)
            }
        };
        let flags = ni_flags(&self.flags);
        let (host_name, service) = resolve::getnameinfo(&sa, flags).map_err(|c| {
            let e = Error::gai(format!("getnameinfo {}", Addr::Inet(sa).describe()), c);
            if c == libc::EAI_NONAME && flags & libc::NI_NAMEREQD != 0 {
                e.with_hint("no name for that address in /etc/hosts or the DNS (PTR record); without namereqd the number is returned")
            } else {
                e
            }
        })?;
        ui::result(&NameInfo {
            host: host_name,
            service,
        })?;
        Ok(exit::OK)
    }
}
