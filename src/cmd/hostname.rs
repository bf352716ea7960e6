//! `hostname`: gethostname().

use serde::Serialize;

use super::{Ctx, Run};
use crate::cli::HostnameArgs;
use crate::error::{Error, Result, exit};
use crate::net::resolve;
use crate::ui::{self, Paint, Report};

#[derive(Debug, Serialize)]
struct Hostname {
    hostname: String,
}

impl Report for Hostname {
    fn human(&self, _p: &Paint) -> String {
        format!("{}\n", ui::escape::text(&self.hostname))
    }
}

impl Run for HostnameArgs {
    fn run(self, _ctx: &Ctx) -> Result<i32> {
        let hostname = resolve::gethostname().map_err(|e| Error::os("gethostname", &e))?;
        ui::result(&Hostname { hostname })?;
        Ok(exit::OK)
    }
}
