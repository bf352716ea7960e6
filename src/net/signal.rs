//! SIGINT and SIGTERM as the program's ending: the raw handling is in
//! `sys::signal`; here a pending signal becomes the error that ends the
//! command quietly with 130 or 143, after the command has written what it
//! received and cleaned up.

pub use crate::sys::signal::{fd, install, is_term, pending};

use crate::error::Error;

/// Err(interrupted) when a signal is pending.
pub fn check() -> Result<(), Error> {
    match pending() {
        Some(s) => Err(Error::interrupted(s)),
        None => Ok(()),
    }
}

/// The error that ends the program after `sig`.
pub fn interrupted(sig: i32) -> Error {
    Error::interrupted(sig)
}
