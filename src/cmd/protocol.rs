//! `protocol`: not written yet.

use super::{Ctx, Run};
use crate::cli::ProtocolArgs;
use crate::error::{Error, Result};

impl Run for ProtocolArgs {
    fn run(self, _ctx: &Ctx) -> Result<i32> {
        Err(Error::failed("protocol is not written yet"))
    }
}
