//! `listen`: not written yet.

use super::{Ctx, Run};
use crate::cli::ListenArgs;
use crate::error::{Error, Result};

impl Run for ListenArgs {
    fn run(self, _ctx: &Ctx) -> Result<i32> {
        Err(Error::failed("listen is not written yet"))
    }
}
