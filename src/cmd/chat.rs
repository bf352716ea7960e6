//! `chat` and `chat-server`: not written yet.

use super::{Ctx, Run};
use crate::cli::{ChatArgs, ChatServerArgs};
use crate::error::{Error, Result};

impl Run for ChatArgs {
    fn run(self, _ctx: &Ctx) -> Result<i32> {
        Err(Error::failed("chat is not written yet"))
    }
}

impl Run for ChatServerArgs {
    fn run(self, _ctx: &Ctx) -> Result<i32> {
        Err(Error::failed("chat-server is not written yet"))
    }
}
