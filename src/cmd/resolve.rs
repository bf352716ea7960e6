//! `resolve NAME|ADDRESS`: gethostbyname_ex for a name (getaddrinfo for -6 and
//! --all), gethostbyaddr for an address, as Python returns them.

use std::net::IpAddr;

use serde::Serialize;

use super::{Ctx, Run};
use crate::cli::ResolveArgs;
use crate::error::{Error, Result, exit};
use crate::net::addr::{Addr, host_arg, numeric_ip};
use crate::net::resolve::{self, Hints, HostEnt, HostError};
use crate::ui::{self, Paint, Report, escape, human};

#[derive(Debug, Serialize)]
struct Resolved {
    query: String,
    hostname: String,
    aliases: Vec<String>,
    addresses: Vec<String>,
}

impl Report for Resolved {
    fn human(&self, p: &Paint) -> String {
        let mut rows: Vec<(&str, String)> =
            vec![("hostname", p.value(&escape::text(&self.hostname)))];
        let mut list = |label: &'static str, items: &[String], paint: &dyn Fn(&str) -> String| {
            if items.is_empty() {
                rows.push((label, p.dim("-")));
            }
            for (i, a) in items.iter().enumerate() {
                rows.push((if i == 0 { label } else { "" }, paint(&escape::text(a))));
            }
        };
        list("aliases", &self.aliases, &|s| s.to_string());
        list("addresses", &self.addresses, &|s| p.addr(s));
        human::kv(p, &rows)
    }
}

/// Maps a host lookup failure to an error line and exit status: a
/// getaddrinfo code as for getaddrinfo, an h_errno as "not found" (exit 3),
/// an errno (Python's OSError) as a failed call (exit 1).
pub fn host_error(what: &str, e: HostError) -> Error {
    match e {
        HostError::Gai(c) => Error::gai(what, c),
        HostError::Herr(_) => {
            let err = Error::not_found(format!("{what}: {} ({})", e.message(), e.name()));
            if what.starts_with("gethostbyaddr") {
                err.with_hint("no name for that address in /etc/hosts or the DNS (PTR record)")
            } else {
                err.with_hint(
                    "check the spelling, /etc/hosts and the DNS servers in /etc/resolv.conf",
                )
            }
        }
        HostError::Os(n) => {
            let err = Error::os(what, &std::io::Error::from_raw_os_error(n));
            if n == libc::EAFNOSUPPORT {
                err.with_hint(
                    "glibc answers an IPv4-mapped address with an AF_INET entry, which \
                     Python rejects the same way; look up the IPv4 address instead",
                )
            } else {
                err
            }
        }
    }
}

/// -6 / --all: the addresses of getaddrinfo(AI_CANONNAME) in the resolver's
/// order, shaped like gethostbyname_ex (a non-canonical query is an alias).
fn by_getaddrinfo(name: &str, family: i32) -> Result<HostEnt> {
    let hints = Hints {
        family,
        socktype: libc::SOCK_STREAM,
        flags: libc::AI_CANONNAME,
        ..Hints::default()
    };
    let answers = resolve::getaddrinfo(Some(name), None, hints)
        .map_err(|c| Error::gai(format!("resolve {}", escape::text(name)), c))?;
    let mut addresses: Vec<IpAddr> = Vec::new();
    for a in &answers {
        if let Addr::Inet(s) = &a.addr
            && !addresses.contains(&s.ip())
        {
            addresses.push(s.ip());
        }
    }
    let hostname = answers
        .first()
        .map(|a| a.canonname.clone())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| name.to_string());
    let aliases = if hostname.eq_ignore_ascii_case(name) {
        vec![]
    } else {
        vec![name.to_string()]
    };
    Ok(HostEnt {
        hostname,
        aliases,
        addresses,
    })
}

impl Run for ResolveArgs {
    fn run(self, ctx: &Ctx) -> Result<i32> {
        let query = host_arg(&self.query)?;
        let ent = if numeric_ip(&query).is_some() {
            resolve::gethostbyaddr(&query)
                .map_err(|e| host_error(&format!("gethostbyaddr {}", escape::text(&query)), e))?
        } else if self.all || ctx.family == libc::AF_INET6 {
            by_getaddrinfo(&query, ctx.family)?
        } else {
            resolve::gethostbyname_ex(&query)
                .map_err(|e| host_error(&format!("resolve {}", escape::text(&query)), e))?
        };
        ui::result(&Resolved {
            query: self.query,
            hostname: ent.hostname,
            aliases: ent.aliases,
            addresses: ent.addresses.iter().map(IpAddr::to_string).collect(),
        })?;
        Ok(exit::OK)
    }
}
