//! `inet`: not written yet.

use super::{Ctx, Run};
use crate::cli::InetArgs;
use crate::error::{Error, Result};

impl Run for InetArgs {
    fn run(self, _ctx: &Ctx) -> Result<i32> {
        Err(Error::failed("inet is not written yet"))
    }
}
