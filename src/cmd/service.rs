//! `service NAME|PORT [--proto tcp|udp]`: getservbyname for a name,
//! getservbyport for a number, with the whole entry libc returns (Python
//! shows only the port or the name; the aliases come from the same entry).

use serde::Serialize;

use super::{Ctx, Run};
use crate::cli::parse::PortSpec;
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

impl Run for ServiceArgs {
    fn run(self, _ctx: &Ctx) -> Result<i32> {
        let proto = self.proto.map(|p| match p {
            ProtoArg::Tcp => "tcp",
            ProtoArg::Udp => "udp",
        });
        let for_proto = proto.map(|p| format!("/{p}")).unwrap_or_default();
        // The query went through the PORT parser every subcommand uses.
        let ent: ServEnt = match &self.query {
            PortSpec::Num(port) => netdb::serv_by_port(*port, proto).ok_or_else(|| {
                Error::not_found(format!("getservbyport: port {port}{for_proto} not found"))
            })?,
            PortSpec::Name(name) => netdb::serv_by_name(name, proto).ok_or_else(|| {
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
