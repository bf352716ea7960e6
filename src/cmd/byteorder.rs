//! `byteorder VALUE [--bits N]`: htons/htonl (and 64-bit) made visible: the
//! host's byte order, the value's bytes both ways, and what hton/ntoh return.

use serde::Serialize;

use super::{Ctx, Run};
use crate::cli::{ByteorderArgs, parse};
use crate::error::{Error, Result, exit};
use crate::trace;
use crate::ui::{self, Paint, Report, human};

#[derive(Debug, Serialize)]
struct ByteOrder {
    value: u64,
    bits: u32,
    host_order: &'static str,
    host_bytes: String,
    network_bytes: String,
    hton: u64,
    ntoh: u64,
}

/// The C names of the conversion functions for a width.
fn func_names(bits: u32) -> (&'static str, &'static str) {
    match bits {
        16 => ("htons", "ntohs"),
        32 => ("htonl", "ntohl"),
        _ => ("htobe64", "be64toh"),
    }
}

/// Swaps to network order (big-endian) at the given width; on a big-endian
/// host this is the identity, as the C functions are.
fn to_network(v: u64, bits: u32) -> u64 {
    match bits {
        16 => u64::from((v as u16).to_be()),
        32 => u64::from((v as u32).to_be()),
        _ => v.to_be(),
    }
}

fn host_bytes(v: u64, bits: u32) -> Vec<u8> {
    let n = (bits / 8) as usize;
    let all = v.to_ne_bytes();
    if cfg!(target_endian = "little") {
        all[..n].to_vec()
    } else {
        all[8 - n..].to_vec()
    }
}

impl Run for ByteorderArgs {
    fn run(self, _ctx: &Ctx) -> Result<i32> {
        if let Some(more) = self.more.first() {
            return Err(Error::usage(format!(
                "unexpected argument '{}': byteorder takes one VALUE",
                crate::ui::escape::text(more)
            )));
        }
        let value = parse::unsigned(&self.value)
            .map_err(|r| Error::usage(parse::invalid("value", &self.value, &r)))?;
        let smallest = if value <= 0xffff {
            16
        } else if value <= 0xffff_ffff {
            32
        } else {
            64
        };
        let bits: u32 = match self.bits.as_deref() {
            Some(b) => b
                .parse()
                .map_err(|_| Error::usage(format!("invalid --bits '{b}'")))?,
            None => smallest,
        };
        if bits < smallest {
            let max = if bits == 16 { 0xffff_u64 } else { 0xffff_ffff };
            return Err(Error::usage(format!(
                "value {value} (0x{value:x}) does not fit in {bits} bits (at most {max}); use --bits {smallest}"
            )));
        }
        let (hton_name, ntoh_name) = func_names(bits);
        let hton = to_network(value, bits);
        trace::ok(hton_name, || value.to_string(), || hton.to_string());
        // ntoh is the same swap: on either host it is its own inverse.
        let ntoh = to_network(value, bits);
        trace::ok(ntoh_name, || value.to_string(), || ntoh.to_string());
        let hb = host_bytes(value, bits);
        let nb = host_bytes(hton, bits);
        ui::result(&ByteOrder {
            value,
            bits,
            host_order: if cfg!(target_endian = "little") {
                "little"
            } else {
                "big"
            },
            host_bytes: hex::encode(hb),
            network_bytes: hex::encode(nb),
            hton,
            ntoh,
        })?;
        Ok(exit::OK)
    }
}

fn spaced(hex: &str) -> String {
    hex.as_bytes()
        .chunks(2)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

impl Report for ByteOrder {
    fn human(&self, p: &Paint) -> String {
        let (hton_name, ntoh_name) = func_names(self.bits);
        let w = (self.bits / 4) as usize;
        human::kv(
            p,
            &[
                ("host order", format!("{}-endian", self.host_order)),
                (
                    "value",
                    format!(
                        "{} (0x{:0w$x})",
                        p.value(&self.value.to_string()),
                        self.value
                    ),
                ),
                ("bits", self.bits.to_string()),
                ("host bytes", spaced(&self.host_bytes)),
                ("network bytes", spaced(&self.network_bytes)),
                (
                    &format!("{hton_name}({})", self.value),
                    format!("{} (0x{:0w$x})", self.hton, self.hton),
                ),
                (
                    &format!("{ntoh_name}({})", self.value),
                    format!("{} (0x{:0w$x})", self.ntoh, self.ntoh),
                ),
            ],
        )
    }
}
