//! `connect`: not written yet.

use super::{Ctx, Run};
use crate::cli::ConnectArgs;
use crate::error::{Error, Result};

impl Run for ConnectArgs {
    fn run(self, _ctx: &Ctx) -> Result<i32> {
        Err(Error::failed("connect is not written yet"))
    }
}
