//! `udp_recv`: not written yet.

use super::{Ctx, Run};
use crate::cli::UdpRecvArgs;
use crate::error::{Error, Result};

impl Run for UdpRecvArgs {
    fn run(self, _ctx: &Ctx) -> Result<i32> {
        Err(Error::failed("udp_recv is not written yet"))
    }
}
