//! `info`: not written yet.

use super::{Ctx, Run};
use crate::cli::InfoArgs;
use crate::error::{Error, Result};

impl Run for InfoArgs {
    fn run(self, _ctx: &Ctx) -> Result<i32> {
        Err(Error::failed("info is not written yet"))
    }
}
