//! `getaddrinfo HOST [PORT]`: every 5-tuple the resolver returns, in its order,
//! as Python's socket.getaddrinfo shows them.

use serde::Serialize;

use super::{Ctx, Run};
use crate::cli::{FamilyArg, GaiFlag, GetaddrinfoArgs, TypeArg};
use crate::error::{Error, Result, exit};
use crate::net::addr::{Addr, family_name, socktype_name};
use crate::net::resolve::{self, Hints};
use crate::ui::{self, Paint, Report, escape, human};

#[derive(Debug, Serialize)]
struct Entry {
    family: String,
    #[serde(rename = "type")]
    socktype: String,
    proto: i32,
    canonname: String,
    sockaddr: Addr,
}

#[derive(Debug, Serialize)]
#[serde(transparent)]
struct Entries(Vec<Entry>);

impl Report for Entries {
    fn human(&self, p: &Paint) -> String {
        let rows: Vec<Vec<String>> = self
            .0
            .iter()
            .map(|e| {
                vec![
                    e.family.clone(),
                    e.socktype.clone(),
                    e.proto.to_string(),
                    escape::py_str(&e.canonname),
                    e.sockaddr.py(),
                ]
            })
            .collect();
        human::table(
            p,
            &["family", "type", "proto", "canonname", "sockaddr"],
            &rows,
            |_, col, c| {
                if col == 4 { p.addr(c) } else { c.to_string() }
            },
        )
    }
}

/// --proto: tcp, udp, or a protocol number.
pub fn proto_number(s: &str) -> Result<i32> {
    match s.to_ascii_lowercase().as_str() {
        "tcp" => Ok(libc::IPPROTO_TCP),
        "udp" => Ok(libc::IPPROTO_UDP),
        n if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => match n.parse::<i32>() {
            Ok(v) if v <= 255 => Ok(v),
            _ => Err(Error::usage(format!(
                "invalid --proto '{n}': protocol numbers are 0 to 255"
            ))),
        },
        _ => Err(Error::usage(format!(
            "invalid --proto '{}': use tcp, udp or a protocol number",
            escape::text(s)
        ))),
    }
}

pub fn gai_flags(flags: &[GaiFlag]) -> i32 {
    flags.iter().fold(0, |acc, f| {
        acc | match f {
            GaiFlag::Canonname => libc::AI_CANONNAME,
            GaiFlag::Passive => libc::AI_PASSIVE,
            GaiFlag::Numerichost => libc::AI_NUMERICHOST,
            GaiFlag::Numericserv => libc::AI_NUMERICSERV,
            GaiFlag::Addrconfig => libc::AI_ADDRCONFIG,
            GaiFlag::V4mapped => libc::AI_V4MAPPED,
            GaiFlag::All => libc::AI_ALL,
        }
    })
}

/// A getaddrinfo failure as an error. EAI_NONAME under AI_NUMERICHOST or
/// AI_NUMERICSERV for a HOST or PORT that is not numeric means nothing was
/// looked up: the request contradicts its own flags, which is invalid input
/// (exit 2), not a name that was not found (exit 3).
fn gai_error(what: &str, code: i32, h: &Hints, host: Option<&str>, service: Option<&str>) -> Error {
    let e = Error::gai(escape::text(what), code);
    if code != libc::EAI_NONAME {
        return e;
    }
    let host_not_numeric = h.flags & libc::AI_NUMERICHOST != 0
        && host.is_some_and(|n| crate::net::addr::numeric_ip(n).is_none());
    let serv_not_numeric = h.flags & libc::AI_NUMERICSERV != 0
        && service.is_some_and(|s| !s.bytes().all(|b| b.is_ascii_digit()));
    let hint = match (serv_not_numeric, host_not_numeric) {
        (true, _) => "with --flags numericserv, PORT must be a number",
        (false, true) => "with --flags numerichost, HOST must be a numeric address",
        (false, false) => return e,
    };
    Error {
        code: exit::USAGE,
        hint: Some(hint.to_string()),
        ..e
    }
}

impl Run for GetaddrinfoArgs {
    fn run(self, ctx: &Ctx) -> Result<i32> {
        let family = match self.family {
            Some(FamilyArg::Inet) => libc::AF_INET,
            Some(FamilyArg::Inet6) => libc::AF_INET6,
            Some(FamilyArg::Unspec) => libc::AF_UNSPEC,
            None => ctx.family,
        };
        if ctx.family != libc::AF_UNSPEC && family != ctx.family {
            return Err(Error::usage(format!(
                "-4/-6 and --family {} contradict each other (-4 is --family inet, -6 is --family inet6)",
                family_name(family)
                    .trim_start_matches("AF_")
                    .to_ascii_lowercase()
            )));
        }
        let socktype = match self.socktype {
            Some(TypeArg::Stream) => libc::SOCK_STREAM,
            Some(TypeArg::Dgram) => libc::SOCK_DGRAM,
            Some(TypeArg::Raw) => libc::SOCK_RAW,
            None => 0,
        };
        let protocol = self
            .proto
            .as_deref()
            .map(proto_number)
            .transpose()?
            .unwrap_or(0);
        // With --no-host the one positional (which clap took for HOST) is PORT.
        let (host, port) = match (self.no_host, self.host, self.port) {
            (false, Some(h), port) => (
                Some(
                    crate::net::addr::host_arg(&h).map_err(|e| match h.as_str() {
                        "" => e.with_hint("--no-host passes NULL (Python's None)"),
                        _ => e,
                    })?,
                ),
                port,
            ),
            (true, Some(p), None) => (None, Some(crate::net::target::port_arg(&p)?)),
            (true, None, None) => (None, None),
            _ => {
                return Err(Error::usage(
                    "getaddrinfo takes HOST [PORT], or --no-host PORT",
                ));
            }
        };
        let service = port.as_ref().map(|p| p.to_string());
        let hints = Hints {
            family,
            socktype,
            protocol,
            flags: gai_flags(&self.flags),
        };
        let what = match (&host, &service) {
            (Some(h), Some(s)) => format!("getaddrinfo {h} port {s}"),
            (Some(h), None) => format!("getaddrinfo {h}"),
            (None, Some(s)) => format!("getaddrinfo NULL port {s}"),
            (None, None) => "getaddrinfo NULL".to_string(),
        };
        if host.is_none() && service.is_none() {
            return Err(Error::usage(
                "getaddrinfo needs a HOST or a PORT (both NULL is EAI_NONAME)",
            ));
        }
        let answers = resolve::getaddrinfo(host.as_deref(), service.as_deref(), hints)
            .map_err(|c| gai_error(&what, c, &hints, host.as_deref(), service.as_deref()))?;
        let entries = answers
            .into_iter()
            .map(|a| Entry {
                family: family_name(a.family),
                socktype: socktype_name(a.socktype),
                proto: a.protocol,
                canonname: a.canonname,
                sockaddr: a.addr,
            })
            .collect();
        ui::result(&Entries(entries))?;
        Ok(exit::OK)
    }
}
