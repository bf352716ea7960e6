//! `info`: what this host's socket layer offers: Python's has_ipv6,
//! getdefaulttimeout and SOMAXCONN, which (family, type) pairs socket()
//! really creates here (each is tried, and closed), and the kernel's limits
//! and defaults from /proc/sys/net.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Ctx, Run};
use crate::cli::InfoArgs;
use crate::error::{Result, exit};
use crate::net::addr::{family_name, socktype_name};
use crate::net::errno;
use crate::net::sock::Sock;
use crate::ui::{self, Paint, Report, human};

/// The families tried. These are built into every Linux kernel sockx
/// targets, so trying them does not make the kernel load a module.
const FAMILIES: [i32; 5] = [
    libc::AF_UNIX,
    libc::AF_INET,
    libc::AF_INET6,
    libc::AF_PACKET,
    libc::AF_NETLINK,
];

const TYPES: [i32; 4] = [
    libc::SOCK_STREAM,
    libc::SOCK_DGRAM,
    libc::SOCK_RAW,
    libc::SOCK_SEQPACKET,
];

/// The sysctls shown, under their sysctl names; a pair or triple of numbers
/// becomes an array.
const SYSCTLS: [&str; 9] = [
    "net.core.somaxconn",
    "net.ipv4.ip_local_port_range",
    "net.core.rmem_default",
    "net.core.rmem_max",
    "net.core.wmem_default",
    "net.core.wmem_max",
    "net.ipv4.tcp_rmem",
    "net.ipv4.tcp_wmem",
    "net.ipv6.conf.all.disable_ipv6",
];

#[derive(Debug, Serialize)]
struct SocketTry {
    family: String,
    #[serde(rename = "type")]
    socktype: String,
    supported: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    errno: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(untagged)]
enum SysValue {
    One(u64),
    Many(Vec<u64>),
}

impl std::fmt::Display for SysValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SysValue::One(n) => write!(f, "{n}"),
            SysValue::Many(v) => {
                let s: Vec<String> = v.iter().map(u64::to_string).collect();
                f.write_str(&s.join(" "))
            }
        }
    }
}

#[derive(Debug, Serialize)]
struct Info {
    /// Python's socket.has_ipv6: IPv6 support compiled in (always, here),
    /// not whether the kernel has it enabled; see `sockets` for that.
    has_ipv6: bool,
    /// Python's socket.getdefaulttimeout(): None, as nothing set one.
    defaulttimeout: Option<f64>,
    /// The SOMAXCONN constant of the C library (socket.SOMAXCONN).
    somaxconn: i32,
    /// /proc/sys/net values by sysctl name; null when unreadable.
    sysctl: BTreeMap<&'static str, Option<SysValue>>,
    sockets: Vec<SocketTry>,
}

impl Report for Info {
    fn human(&self, p: &Paint) -> String {
        let mut rows: Vec<(&str, String)> = vec![
            (
                "has_ipv6",
                p.value(if self.has_ipv6 { "True" } else { "False" }),
            ),
            (
                "getdefaulttimeout",
                match self.defaulttimeout {
                    Some(t) => t.to_string(),
                    None => "None".to_string(),
                },
            ),
            ("SOMAXCONN", self.somaxconn.to_string()),
        ];
        for name in SYSCTLS {
            let v = match self.sysctl.get(name) {
                Some(Some(v)) => v.to_string(),
                _ => p.dim("-"),
            };
            rows.push((name, v));
        }
        let mut out = human::kv(p, &rows);
        out.push('\n');
        let mut header = vec!["family"];
        let type_names: Vec<String> = TYPES.iter().map(|&t| socktype_name(t)).collect();
        header.extend(type_names.iter().map(String::as_str));
        let cell = |s: &SocketTry| {
            if s.supported {
                "yes".to_string()
            } else {
                s.errno.clone().unwrap_or_else(|| "no".to_string())
            }
        };
        let table: Vec<Vec<String>> = FAMILIES
            .iter()
            .map(|&f| {
                let name = family_name(f);
                let mut row = vec![name.clone()];
                for t in &type_names {
                    row.push(
                        self.sockets
                            .iter()
                            .find(|s| s.family == name && &s.socktype == t)
                            .map_or_else(String::new, cell),
                    );
                }
                row
            })
            .collect();
        out.push_str(&human::table(p, &header, &table, |_, col, c| {
            if col == 0 {
                p.label(c)
            } else if c == "yes" {
                p.good(c)
            } else {
                p.dim(c)
            }
        }));
        out
    }
}

/// Reads /proc/sys/<name with dots as slashes>: one number or several.
fn sysctl(name: &str) -> Option<SysValue> {
    let path = format!("/proc/sys/{}", name.replace('.', "/"));
    let text = std::fs::read_to_string(path).ok()?;
    let nums: Option<Vec<u64>> = text.split_whitespace().map(|w| w.parse().ok()).collect();
    match nums?.as_slice() {
        [] => None,
        [one] => Some(SysValue::One(*one)),
        many => Some(SysValue::Many(many.to_vec())),
    }
}

impl Run for InfoArgs {
    fn run(self, _ctx: &Ctx) -> Result<i32> {
        let mut sockets = Vec::new();
        for &f in &FAMILIES {
            for &t in &TYPES {
                // Each socket is closed (traced) as soon as it is made.
                let r = Sock::new(f, t, 0).map(drop);
                sockets.push(SocketTry {
                    family: family_name(f),
                    socktype: socktype_name(t),
                    supported: r.is_ok(),
                    errno: r.err().map(|e| {
                        errno::of(&e).map_or_else(|| e.to_string(), errno::name_or_number)
                    }),
                });
            }
        }
        let sysctl = SYSCTLS.iter().map(|&n| (n, sysctl(n))).collect();
        ui::result(&Info {
            has_ipv6: true,
            defaulttimeout: None,
            somaxconn: libc::SOMAXCONN,
            sysctl,
            sockets,
        })?;
        Ok(exit::OK)
    }
}
