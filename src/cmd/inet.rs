//! `inet ADDRESS` / `inet --unpack HEX`: text to packed bytes (inet_pton,
//! then inet_aton's legacy IPv4 forms as Python's inet_aton accepts them)
//! and packed bytes back to text (inet_ntop). The `address` shown is always
//! inet_ntop of the packed bytes: the canonical text.

use serde::Serialize;

use super::{Ctx, Run};
use crate::cli::InetArgs;
use crate::error::{Error, Result, exit};
use crate::net::addr::family_name;
use crate::net::inet;
use crate::ui::{self, Paint, Report, escape, human};

#[derive(Debug, Serialize)]
struct Inet {
    family: String,
    address: String,
    packed: String,
    /// The function that made the conversion (human rendering only).
    #[serde(skip)]
    call: &'static str,
}

impl Report for Inet {
    fn human(&self, p: &Paint) -> String {
        let call = match self.call {
            "inet_aton" => "inet_aton (legacy IPv4 form), inet_ntop".to_string(),
            c => c.to_string(),
        };
        human::kv(
            p,
            &[
                ("family", self.family.clone()),
                ("address", p.addr(&self.address)),
                ("packed", p.value(&self.packed)),
                ("call", p.dim(&call)),
            ],
        )
    }
}

fn bad(value: &str, why: &str) -> Error {
    Error::usage(format!("invalid address '{}': {why}", escape::text(value)))
}

/// Text → (family, packed, function that accepted it).
fn pack(text: &str, family: i32) -> Result<(i32, Vec<u8>, &'static str)> {
    if text.contains('\0') {
        return Err(bad(text, "NUL byte"));
    }
    let want4 = family != libc::AF_INET6;
    let want6 = family != libc::AF_INET;
    if text.contains(':') {
        if !want6 {
            return Err(bad(text, "not an IPv4 address (-4 was given)"));
        }
        return inet::pton(libc::AF_INET6, text)
            .map(|b| (libc::AF_INET6, b, "inet_pton"))
            .ok_or_else(|| bad(text, "not an IPv6 address (inet_pton)"));
    }
    if !want4 {
        return Err(bad(text, "not an IPv6 address (-6 was given)"));
    }
    if let Some(b) = inet::pton(libc::AF_INET, text) {
        return Ok((libc::AF_INET, b, "inet_pton"));
    }
    inet::aton(text)
        .map(|b| (libc::AF_INET, b.to_vec(), "inet_aton"))
        .ok_or_else(|| {
            bad(
                text,
                "not an IPv4 or IPv6 address (inet_pton and inet_aton refuse it)",
            )
        })
}

/// Hex → (family, packed): 8 digits are IPv4, 32 are IPv6; a 0x prefix is allowed.
pub(crate) fn unhex(text: &str) -> Result<(i32, Vec<u8>)> {
    let bad = |why: &str| {
        Error::usage(format!(
            "invalid packed address '{}': {why}",
            escape::text(text)
        ))
    };
    let digits = text
        .strip_prefix("0x")
        .or_else(|| text.strip_prefix("0X"))
        .unwrap_or(text);
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad("use hex digits only (c0a80001)"));
    }
    let family = match digits.len() {
        8 => libc::AF_INET,
        32 => libc::AF_INET6,
        n => {
            return Err(bad(&format!(
                "{n} hex digits: 8 for IPv4 (4 bytes) or 32 for IPv6 (16 bytes)"
            )));
        }
    };
    let bytes = hex::decode(digits).map_err(|_| bad("not hex"))?;
    Ok((family, bytes))
}

impl Run for InetArgs {
    fn run(self, ctx: &Ctx) -> Result<i32> {
        let (family, packed, call) = if self.unpack {
            let (f, b) = unhex(&self.address)?;
            if ctx.family != libc::AF_UNSPEC && ctx.family != f {
                return Err(Error::usage(format!(
                    "invalid packed address '{}': {} bytes are {}, but {} was asked for",
                    escape::text(&self.address),
                    b.len(),
                    family_name(f),
                    family_name(ctx.family)
                )));
            }
            (f, b, "inet_ntop")
        } else {
            pack(&self.address, ctx.family)?
        };
        let address = inet::ntop(family, &packed).ok_or_else(|| {
            Error::failed(format!(
                "inet_ntop {}: cannot convert {}",
                family_name(family),
                hex::encode(&packed)
            ))
        })?;
        ui::result(&Inet {
            family: family_name(family),
            address,
            packed: hex::encode(&packed),
            call,
        })?;
        Ok(exit::OK)
    }
}
