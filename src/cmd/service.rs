//! `service NAME|PORT [--proto tcp|udp]`: getservbyname for a name,
//! getservbyport for a number, with the whole entry libc returns (Python
//! shows only the port or the name; the aliases come from the same entry).

use serde::Serialize;

use super::{Ctx, Run};
use crate::cli::{ProtoArg, ServiceArgs};
use crate::error::{Error, Result, exit};
use crate::net::netdb::{self, ServEnt};
use crate::ui::{self, Paint, Report, escape, human};

#[derive(Debug, Serialize)]
struct Service {
    name: String,
    port: u16,
    proto: String,
    aliases: Vec<String>,
}

impl Report for Service {
    fn human(&self, p: &Paint) -> String {
        let aliases = human::list(p, &self.aliases);
        human::kv(
            p,
            &[
                ("name", p.value(&escape::text(&self.name))),
                ("port", p.value(&self.port.to_string())),
                ("proto", escape::text(&self.proto).into_owned()),
                ("aliases", aliases),
            ],
        )
    }
}

/// What the query is: a port number (all digits) or a service name.
enum Query<'a> {
    Port(u16),
    Name(&'a str),
}

fn parse(q: &str) -> Result<Query<'_>> {
    if q.is_empty() {
        return Err(Error::usage(
            "invalid service '': give a name (http) or a port (80)",
        ));
    }
    if q.bytes().all(|b| b.is_ascii_digit()) {
        return match q.parse::<u32>() {
            Ok(n) if n <= 65535 => Ok(Query::Port(n as u16)),
            _ => Err(Error::usage(format!(
                "invalid port '{}': must be a number from 0 to 65535",
                escape::text(q)
            ))),
        };
    }
    if q.contains('\0') {
        return Err(Error::usage("invalid service name: NUL byte"));
    }
    Ok(Query::Name(q))
}

impl Run for ServiceArgs {
    fn run(self, _ctx: &Ctx) -> Result<i32> {
        let proto = self.proto.map(|p| match p {
            ProtoArg::Tcp => "tcp",
            ProtoArg::Udp => "udp",
        });
        let for_proto = proto.map(|p| format!("/{p}")).unwrap_or_default();
        let ent: ServEnt = match parse(&self.query)? {
            Query::Port(port) => netdb::serv_by_port(port, proto).ok_or_else(|| {
                Error::not_found(format!("getservbyport: port {port}{for_proto} not found"))
            })?,
            Query::Name(name) => netdb::serv_by_name(name, proto).ok_or_else(|| {
                Error::not_found(format!(
                    "getservbyname: service '{}'{for_proto} not found",
                    escape::text(name)
                ))
                .with_hint("the services database is /etc/services (see services(5))")
            })?,
        };
        ui::result(&Service {
            name: ent.name,
            port: ent.port,
            proto: ent.proto,
            aliases: ent.aliases,
        })?;
        Ok(exit::OK)
    }
}
