//! `getnameinfo`: not written yet.

use super::{Ctx, Run};
use crate::cli::GetnameinfoArgs;
use crate::error::{Error, Result};

impl Run for GetnameinfoArgs {
    fn run(self, _ctx: &Ctx) -> Result<i32> {
        Err(Error::failed("getnameinfo is not written yet"))
    }
}
