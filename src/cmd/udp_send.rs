//! `udp_send`: not written yet.

use super::{Ctx, Run};
use crate::cli::UdpSendArgs;
use crate::error::{Error, Result};

impl Run for UdpSendArgs {
    fn run(self, _ctx: &Ctx) -> Result<i32> {
        Err(Error::failed("udp_send is not written yet"))
    }
}
