//! `fqdn [NAME]`: Python's socket.getfqdn, step for step.

use serde::Serialize;

use super::{Ctx, Run};
use crate::cli::FqdnArgs;
use crate::error::{Error, Result, exit};
use crate::net::resolve;
use crate::ui::{self, Paint, Report};

#[derive(Debug, Serialize)]
struct Fqdn {
    fqdn: String,
}

impl Report for Fqdn {
    fn human(&self, _p: &Paint) -> String {
        format!("{}\n", ui::escape::text(&self.fqdn))
    }
}

/// getfqdn(name): gethostbyaddr(name), then the first of its name and aliases
/// that contains a dot, else its name; the name unchanged when the lookup fails.
pub fn getfqdn(name: &str) -> Result<String> {
    // Python's str.strip(): Unicode whitespace, plus the separators
    // U+001C..U+001F that Python's isspace() also counts.
    let mut name = name
        .trim_matches(|c: char| c.is_whitespace() || ('\x1c'..='\x1f').contains(&c))
        .to_string();
    if name.is_empty() || name == "0.0.0.0" || name == "::" {
        name = resolve::gethostname().map_err(|e| Error::os("gethostname", &e))?;
    }
    if name.contains('\0') {
        return Ok(name);
    }
    match resolve::gethostbyaddr(&name) {
        Err(_) => Ok(name),
        Ok(h) => {
            let found = std::iter::once(&h.hostname)
                .chain(h.aliases.iter())
                .find(|n| n.contains('.'));
            Ok(found.cloned().unwrap_or(h.hostname))
        }
    }
}

impl Run for FqdnArgs {
    fn run(self, _ctx: &Ctx) -> Result<i32> {
        let fqdn = getfqdn(&self.name)?;
        ui::result(&Fqdn { fqdn })?;
        Ok(exit::OK)
    }
}
