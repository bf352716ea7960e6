//! `sockopt [NAME[=VALUE]…]`: getsockopt (and setsockopt then getsockopt) on a
//! fresh socket, showing what was requested and what the kernel made of it.

use serde::Serialize;

use super::{Ctx, Run};
use crate::cli::{SockTypeArg, SockoptArgs};
use crate::error::{Error, Result, exit};
use crate::net::errno;
use crate::net::sock::Sock;
use crate::net::sockopt::{self, Opt, Value};
use crate::ui::{self, Paint, Report, escape, human};

#[derive(Debug, Serialize)]
struct Row {
    level: &'static str,
    name: &'static str,
    value: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    requested: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(transparent)]
struct Rows(Vec<Row>);

/// A word for values whose number means a constant (SO_TYPE 1 is SOCK_STREAM).
fn annotate(name: &str, v: &Value) -> String {
    let Value::Int(n) = v else {
        return v.to_string();
    };
    let n32 = *n as i32;
    let word = match name {
        "SO_TYPE" => Some(crate::net::addr::socktype_name(n32)),
        "SO_DOMAIN" => Some(crate::net::addr::family_name(n32)),
        "SO_PROTOCOL" => match n32 {
            libc::IPPROTO_TCP => Some("IPPROTO_TCP".to_string()),
            libc::IPPROTO_UDP => Some("IPPROTO_UDP".to_string()),
            _ => None,
        },
        _ => None,
    };
    match word {
        Some(w) if w != n.to_string() => format!("{n} ({w})"),
        _ => n.to_string(),
    }
}

impl Report for Rows {
    fn human(&self, p: &Paint) -> String {
        let with_req = self.0.iter().any(|r| r.requested.is_some());
        let mut header = vec!["level", "option"];
        if with_req {
            header.push("requested");
        }
        header.push("value");
        let mut changed = Vec::new();
        let rows: Vec<Vec<String>> = self
            .0
            .iter()
            .map(|r| {
                let mut row = vec![r.level.to_string(), r.name.to_string()];
                if with_req {
                    row.push(
                        r.requested
                            .as_ref()
                            .map_or(String::new(), |v| v.to_string()),
                    );
                }
                let value = match (&r.value, &r.error) {
                    (Some(v), _) => annotate(r.name, v),
                    (None, Some(e)) => format!("({e})"),
                    (None, None) => String::new(),
                };
                if r.requested.is_some() && r.requested != r.value {
                    changed.push(r.name);
                }
                row.push(value);
                row
            })
            .collect();
        let last = header.len() - 1;
        let mut out = human::table(p, &header, &rows, |ri, col, c| {
            let r = &self.0[ri];
            if col == last && r.error.is_some() {
                p.dim(c)
            } else if col == last && r.requested.is_some() && r.requested != r.value {
                p.warn(c)
            } else if col == last {
                p.value(c)
            } else {
                c.to_string()
            }
        });
        for name in changed {
            let why = match name {
                "SO_RCVBUF" | "SO_SNDBUF" => {
                    "the kernel doubles the size for its bookkeeping and clamps it to \
                     [rw]mem_max / a minimum (socket(7))"
                }
                _ => "the kernel stored a different value than requested",
            };
            out.push_str(&p.dim(&format!("note: {name}: {why}")));
            out.push('\n');
        }
        out
    }
}

/// One parsed NAME or NAME=VALUE argument.
pub(crate) struct Request {
    pub(crate) opt: &'static Opt,
    pub(crate) value: Option<Value>,
}

pub(crate) fn parse_request(arg: &str) -> Result<Request> {
    let (name, value) = match arg.split_once('=') {
        Some((n, v)) => (n, Some(v)),
        None => (arg, None),
    };
    let opt = sockopt::find(name).ok_or_else(|| {
        let close = sockopt::close_names(name);
        let mut m = format!("unknown socket option '{}'", escape::text(name));
        if !close.is_empty() {
            m.push_str(&format!("; did you mean {}?", close.join(", ")));
        }
        Error::usage(m).with_hint("`sockx sockopt` lists every known option")
    })?;
    let value = match value {
        None => None,
        Some(_) if opt.read_only => {
            return Err(Error::usage(format!(
                "{} is read-only (getsockopt only)",
                opt.name
            )));
        }
        Some(v) => Some(sockopt::parse_value(opt, v).map_err(Error::usage)?),
    };
    Ok(Request { opt, value })
}

impl Run for SockoptArgs {
    fn run(self, ctx: &Ctx) -> Result<i32> {
        // Parse everything before the socket exists: bad input never half-applies.
        let requests = self
            .options
            .iter()
            .map(|a| parse_request(a))
            .collect::<Result<Vec<_>>>()?;
        let unix = matches!(
            self.socktype,
            SockTypeArg::UnixStream | SockTypeArg::UnixDgram
        );
        if unix && ctx.family != libc::AF_UNSPEC {
            return Err(Error::usage(
                "-4 and -6 do not apply to --type unix-stream/unix-dgram",
            ));
        }
        let family = match (unix, ctx.family) {
            (true, _) => libc::AF_UNIX,
            (false, libc::AF_INET6) => libc::AF_INET6,
            _ => libc::AF_INET,
        };
        let socktype = match self.socktype {
            SockTypeArg::Tcp | SockTypeArg::UnixStream => libc::SOCK_STREAM,
            SockTypeArg::Udp | SockTypeArg::UnixDgram => libc::SOCK_DGRAM,
        };
        for r in &requests {
            if !r.opt.applies(family, socktype) {
                let hint = match r.opt.scope {
                    sockopt::Scope::Ipv6 => "IPPROTO_IPV6 options need -6",
                    sockopt::Scope::Tcp => "IPPROTO_TCP options need --type tcp",
                    sockopt::Scope::Unix => "this option needs --type unix-stream or unix-dgram",
                    _ => "IPPROTO_IP options need --type tcp or udp",
                };
                return Err(Error::usage(format!(
                    "{} does not apply to an {} {} socket (--type {})",
                    r.opt.name,
                    crate::net::addr::family_name(family),
                    crate::net::addr::socktype_name(socktype),
                    self.socktype_word(),
                ))
                .with_hint(hint));
            }
        }
        let sock = Sock::new(family, socktype, 0).map_err(|e| Error::os("socket", &e))?;
        let mut rows = Vec::new();
        let read = |opt: &'static Opt, requested: Option<Value>| -> Row {
            match sock.get(opt) {
                Ok(v) => Row {
                    level: opt.level_name,
                    name: opt.name,
                    value: Some(v),
                    requested,
                    error: None,
                },
                Err(e) => Row {
                    level: opt.level_name,
                    name: opt.name,
                    value: None,
                    requested,
                    error: Some(
                        e.raw_os_error()
                            .map_or_else(|| e.to_string(), errno::name_or_number),
                    ),
                },
            }
        };
        if requests.is_empty() {
            for opt in sockopt::ALL.iter().filter(|o| o.applies(family, socktype)) {
                rows.push(read(opt, None));
            }
        }
        for r in requests {
            if let Some(v) = &r.value {
                sock.set(r.opt, v)
                    .map_err(|e| Error::os(format!("setsockopt {}={v}", r.opt.name), &e))?;
            }
            rows.push(read(r.opt, r.value));
        }
        drop(sock);
        ui::result(&Rows(rows))?;
        Ok(exit::OK)
    }
}

impl SockoptArgs {
    fn socktype_word(&self) -> &'static str {
        match self.socktype {
            SockTypeArg::Tcp => "tcp",
            SockTypeArg::Udp => "udp",
            SockTypeArg::UnixStream => "unix-stream",
            SockTypeArg::UnixDgram => "unix-dgram",
        }
    }
}
