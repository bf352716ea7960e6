//! `service`: not written yet.

use super::{Ctx, Run};
use crate::cli::ServiceArgs;
use crate::error::{Error, Result};

impl Run for ServiceArgs {
    fn run(self, _ctx: &Ctx) -> Result<i32> {
        Err(Error::failed("service is not written yet"))
    }
}
