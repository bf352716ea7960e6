//! `protocol NAME|NUMBER`: getprotobyname for a name (or alias),
//! getprotobynumber for a number, with the whole entry libc returns.

use serde::Serialize;

use super::{Ctx, Run};
use crate::cli::ProtocolArgs;
use crate::error::{Error, Result, exit};
use crate::net::netdb;
use crate::ui::{self, Paint, Report, escape, human};

#[derive(Debug, Serialize)]
struct Protocol {
    name: String,
    number: i32,
    aliases: Vec<String>,
}

impl Report for Protocol {
    fn human(&self, p: &Paint) -> String {
        let aliases = human::list(p, &self.aliases);
        human::kv(
            p,
            &[
                ("name", p.value(&escape::text(&self.name))),
                ("number", p.value(&self.number.to_string())),
                ("aliases", aliases),
            ],
        )
    }
}

impl Run for ProtocolArgs {
    fn run(self, _ctx: &Ctx) -> Result<i32> {
        let q = self.query.as_str();
        if q.is_empty() || q.contains('\0') {
            return Err(Error::usage(format!(
                "invalid protocol '{}': give a name (tcp) or a number (6)",
                escape::text(q)
            )));
        }
        let ent = if q.bytes().all(|b| b.is_ascii_digit()) {
            // The IP header's protocol field is one byte.
            let n = match q.parse::<u32>() {
                Ok(n) if n <= 255 => n as i32,
                _ => {
                    return Err(Error::usage(format!(
                        "invalid protocol number '{}': must be from 0 to 255",
                        escape::text(q)
                    )));
                }
            };
            netdb::proto_by_number(n).ok_or_else(|| {
                Error::not_found(format!("getprotobynumber: protocol {n} not found"))
                    .with_hint("the protocols database is /etc/protocols (see protocols(5))")
            })?
        } else {
            netdb::proto_by_name(q).ok_or_else(|| {
                Error::not_found(format!(
                    "getprotobyname: protocol '{}' not found",
                    escape::text(q)
                ))
                .with_hint("the protocols database is /etc/protocols (see protocols(5))")
            })?
        };
        ui::result(&Protocol {
            name: ent.name,
            number: ent.number,
            aliases: ent.aliases,
        })?;
        Ok(exit::OK)
    }
}
