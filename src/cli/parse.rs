//! The command line's value parsers are the crate's shared strict parsers
//! (`crate::parse`), so that every subcommand and every engine reads a port,
//! a duration or a host the same way; clap's `value_parser`s name them here.

pub use crate::parse::*;

/// `--allow`/`--deny LIST`: addresses and CIDR prefixes, comma-separated.
pub fn net_list(s: &str) -> Result<crate::net::acl::NetList, String> {
    crate::net::acl::parse_list(s).map(crate::net::acl::NetList)
}
