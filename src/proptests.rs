//! Property-based tests of every argument parser (issue 6, "hostile input"):
//! generated input, hostile or well-formed, never panics; what is accepted
//! round-trips or equals an oracle (Rust's and libc's own parsers, a
//! reference expansion); what is rejected says why in words that cannot act
//! on a terminal.
//!
//! Each property runs proptest's default 256 cases (a few seconds in all).
//! A longer run for developers: `PROPTEST_CASES=100000 cargo test proptests`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::time::Duration;

use proptest::prelude::*;

use crate::cli::parse::{self, PortSpec};
use crate::cmd::{getaddrinfo::proto_number, inet::unhex};
use crate::net::addr::{self, Addr};
use crate::net::{sockopt, target};
use crate::ui::{escape, hexdump};

/// Input a script or an attacker might pass: any Unicode, digit runs (also
/// past u64), the characters parsers care about, non-ASCII digits, and
/// control characters (C0, DEL, C1, bidi overrides).
fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9]{0,45}",
        "[-+0-9a-fA-FxXoObB_.:%\\[\\],kKmMs ]{0,40}",
        "[0-9\u{660}-\u{669}\u{ff10}-\u{ff19}\u{6f0}-\u{6f9}]{1,8}",
        "[\\x00-\\x1f\\x7f\u{80}-\u{9f}\u{202a}-\u{202e}\u{2066}-\u{2069}a-z0-9:%\\[\\]]{0,24}",
        "(tcp|udp|TCP|0x|0o|0b|SO_|TCP_|IP_|fe80::|::1|127\\.0\\.0\\.1|\\[|\\]|%|lo|,|-|_|[0-9]{1,6}){0,8}",
    ]
}

/// Whether a rendering is safe on a terminal: no control character at all
/// (a newline only where `newlines` allows it).
fn terminal_safe(s: &str, newlines: bool) -> bool {
    !s.chars().any(|c| {
        (c.is_control() && !(newlines && c == '\n'))
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
    })
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Inserts single underscores between digits at the positions `at` picks.
fn underscored(digits: &str, at: &[bool]) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && at.get(i).copied().unwrap_or(false) {
            out.push('_');
        }
        out.push(c);
    }
    out
}

#[derive(Debug, Clone)]
enum Item {
    One(u16),
    Range(u16, u16),
}

fn port_item() -> impl Strategy<Value = Item> {
    prop_oneof![
        4 => any::<u16>().prop_map(Item::One),
        4 => (any::<u16>(), 0u16..300).prop_map(|(lo, w)| Item::Range(lo, lo.saturating_add(w))),
        1 => (any::<u16>(), any::<u16>()).prop_map(|(a, b)| Item::Range(a, b)),
        1 => Just(Item::Range(0, 65535)),
    ]
}

proptest! {
    // ---- ports ----------------------------------------------------------

    #[test]
    fn port_accepts_exactly_0_to_65535(s in hostile()) {
        let r = parse::port(&s);
        if all_digits(&s) {
            // u128 holds any 38-digit number; longer ones (leading zeros
            // aside) are far past 65535.
            let want = s.parse::<u128>().ok().filter(|&v| v <= 65535);
            match want {
                Some(v) => prop_assert_eq!(r, Ok(PortSpec::Num(v as u16))),
                None => prop_assert!(r.is_err(), "{s:?} accepted"),
            }
        } else {
            match r {
                Ok(PortSpec::Num(n)) => prop_assert!(false, "{s:?} read as {n}"),
                Ok(PortSpec::Name(n)) => {
                    prop_assert_eq!(&n, &s);
                    prop_assert!(s.len() <= 64 && s.as_bytes()[0].is_ascii_alphabetic());
                    prop_assert!(s.bytes().all(|b| b.is_ascii_graphic()));
                }
                Err(why) => prop_assert!(terminal_safe(&why, false)),
            }
        }
        // A strictly numeric port is the numeric half of `port`.
        let num = parse::port_number(&s);
        match parse::port(&s) {
            Ok(PortSpec::Num(n)) => prop_assert_eq!(num, Ok(n)),
            _ => prop_assert!(num.is_err()),
        }
    }

    #[test]
    fn every_port_number_round_trips(n in prop_oneof![0u32..140_000, 65_530u32..65_542, 0u32..4], zeros in 0usize..3) {
        let s = format!("{}{n}", "0".repeat(zeros));
        let r = parse::port(&s);
        if n <= 65535 {
            prop_assert_eq!(r, Ok(PortSpec::Num(n as u16)));
            prop_assert_eq!(parse::port_number(&n.to_string()), Ok(n as u16));
        } else {
            prop_assert!(r.is_err());
        }
    }

    #[test]
    fn port_lists_expand_like_the_reference(items in proptest::collection::vec(port_item(), 1..6), spaces in any::<bool>()) {
        let text: Vec<String> = items.iter().map(|i| match i {
            Item::One(p) => p.to_string(),
            Item::Range(a, b) => format!("{a}-{b}"),
        }).collect();
        let s = text.join(if spaces { ", " } else { "," });
        let mut want: Option<Vec<u16>> = Some(Vec::new());
        for i in &items {
            let Some(w) = want.as_mut() else { break };
            match *i {
                Item::One(p) => w.push(p),
                Item::Range(a, b) if a <= b => w.extend(a..=b),
                Item::Range(..) => want = None,
            }
            if want.as_ref().is_some_and(|w| w.len() > parse::MAX_PROBE_PORTS) {
                want = None;
            }
        }
        let got = parse::port_list(&s);
        // Strict, as every parser: a space after a comma is not trimmed away.
        if spaces && items.len() > 1 {
            want = None;
        }
        match want {
            Some(w) => {
                let got: Vec<u16> = got
                    .map_err(|e| TestCaseError::fail(format!("{s}: {e}")))?
                    .into_iter()
                    .map(|p| match p { PortSpec::Num(n) => n, PortSpec::Name(_) => u16::MAX })
                    .collect();
                prop_assert!(got == w, "{} ports for {s}, want {}", got.len(), w.len());
            }
            None => prop_assert!(got.is_err(), "{s} accepted"),
        }
    }

    #[test]
    fn port_list_never_panics(s in hostile()) {
        if let Ok(v) = parse::port_list(&s) {
            prop_assert!(!v.is_empty() && v.len() <= parse::MAX_PROBE_PORTS);
        }
    }

    // ---- durations, sizes, counts ---------------------------------------

    #[test]
    fn duration_never_panics_and_stays_within_a_year(s in hostile()) {
        match parse::duration(&s) {
            Ok(d) => {
                prop_assert!(d <= Duration::from_secs(31_536_000));
                let num = s.strip_suffix("ms").or_else(|| s.strip_suffix('s')).or_else(|| s.strip_suffix('m')).unwrap_or(&s);
                prop_assert!(num.bytes().all(|b| b.is_ascii_digit() || b == b'.'), "{s:?} accepted");
            }
            Err(why) => prop_assert!(terminal_safe(&why, false)),
        }
    }

    #[test]
    fn durations_match_their_value(whole in prop_oneof![0u64..40_000_000_000, 0u64..100, 31_535_999u64..31_536_002, 525_599u64..525_602, 31_535_999_998u64..31_536_000_002], frac in "[0-9]{0,6}", unit in 0usize..4) {
        let (suffix, scale) = [("", 1.0), ("s", 1.0), ("ms", 0.001), ("m", 60.0)][unit];
        let s = if frac.is_empty() { format!("{whole}{suffix}") } else { format!("{whole}.{frac}{suffix}") };
        let secs = format!("{whole}.{frac}0").parse::<f64>().map_err(|e| TestCaseError::fail(e.to_string()))? * scale;
        match parse::duration(&s) {
            Ok(d) => {
                prop_assert!(secs <= 31_536_000.0, "{s} accepted");
                let want = Duration::from_secs_f64(secs);
                prop_assert!(d.abs_diff(want) <= Duration::from_micros(1), "{s}: {d:?} vs {want:?}");
            }
            Err(_) => prop_assert!(secs > 31_536_000.0, "{s} refused"),
        }
    }

    #[test]
    fn sizes_match_their_value(n in prop_oneof![0u64..600_000_000, 268_435_454u64..268_435_458, 262_142u64..262_146, 254u64..258, 0u64..3], unit in 0usize..5) {
        let (suffix, mult) = [("", 1u64), ("k", 1024), ("K", 1024), ("m", 1 << 20), ("M", 1 << 20)][unit];
        let n = if mult > 1 && n > 300_000 { n % 300_000 } else { n };
        let want = n * mult;
        let r = parse::size(&format!("{n}{suffix}"));
        if (1..=256 << 20).contains(&want) {
            prop_assert_eq!(r, Ok(want as usize));
        } else {
            prop_assert!(r.is_err());
        }
    }

    #[test]
    fn size_never_panics(s in hostile()) {
        if let Ok(n) = parse::size(&s) {
            prop_assert!((1..=256 << 20).contains(&n));
        }
    }

    #[test]
    fn count_is_a_positive_u64(s in hostile()) {
        let want = if all_digits(&s) { s.parse::<u64>().ok().filter(|&n| n >= 1) } else { None };
        prop_assert_eq!(parse::count(&s).ok(), want);
    }

    #[test]
    fn every_count(n in prop_oneof![any::<u64>(), 0u64..3, Just(u64::MAX)], past in 1u128..1000) {
        prop_assert_eq!(parse::count(&n.to_string()).ok(), (n >= 1).then_some(n));
        prop_assert!(parse::count(&(u128::from(u64::MAX) + past).to_string()).is_err());
    }

    // ---- byteorder values ---------------------------------------------

    #[test]
    fn unsigned_reads_every_u64_in_every_base(v in prop_oneof![any::<u64>(), 0u64..300, Just(u64::MAX), Just(u64::from(u32::MAX) + 1)], base in 0usize..5, at in proptest::collection::vec(any::<bool>(), 64), plus in any::<bool>(), ws in any::<bool>(), prefix_us in any::<bool>()) {
        let (prefix, digits) = match base {
            0 => ("", v.to_string()),
            1 => ("0x", format!("{v:x}")),
            2 => ("0X", format!("{v:X}")),
            3 => ("0o", format!("{v:o}")),
            _ => ("0b", format!("{v:b}")),
        };
        let us = if prefix_us && !prefix.is_empty() { "_" } else { "" };
        let s = format!("{}{prefix}{us}{}", if plus { "+" } else { "" }, underscored(&digits, &at));
        prop_assert_eq!(parse::unsigned(&s), Ok(v), "{}", s);
        // Strict, as every parser: whitespace around the number is refused.
        if ws {
            prop_assert!(parse::unsigned(&format!(" {s}")).is_err(), "' {}' accepted", s);
            prop_assert!(parse::unsigned(&format!("{s}\t")).is_err(), "'{}\\t' accepted", s);
        }
    }

    #[test]
    fn unsigned_refuses_past_u64(extra in prop_oneof![1u128..u128::from(u64::MAX), 1u128..3], base in 0usize..3) {
        let v = u128::from(u64::MAX) + extra;
        let s = match base { 0 => v.to_string(), 1 => format!("0x{v:x}"), _ => format!("0b{v:b}") };
        prop_assert!(parse::unsigned(&s).is_err());
    }

    #[test]
    fn unsigned_equals_rusts_parse(s in hostile()) {
        let r = parse::unsigned(&s);
        // The oracle: strip what the accepted syntax allows (nothing is
        // trimmed), then Rust's own parse.
        let t = s.strip_prefix('+').unwrap_or(&s).to_ascii_lowercase();
        let (digits, radix) = match t.get(..2) {
            Some("0x") => (&t[2..], 16),
            Some("0o") => (&t[2..], 8),
            Some("0b") => (&t[2..], 2),
            _ => (t.as_str(), 10),
        };
        let body = if radix == 10 { digits } else { digits.strip_prefix('_').unwrap_or(digits) };
        let well_formed = !body.is_empty() && !body.starts_with('_') && !body.ends_with('_') && !body.contains("__")
            && body.chars().all(|c| c == '_' || c.is_ascii_hexdigit());
        let want = if well_formed && !s.starts_with('-') {
            u64::from_str_radix(&body.replace('_', ""), radix).ok()
        } else {
            None
        };
        prop_assert_eq!(r.clone().ok(), want, "{:?} -> {:?}", s, r);
        if let Err(why) = r {
            prop_assert!(terminal_safe(&why, false));
        }
    }

    // ---- hosts, zones, AF_UNIX paths, source addresses -----------------

    #[test]
    fn host_arg_never_panics(s in hostile(), long in 0usize..3) {
        let s = match long { 0 => s, 1 => s.repeat(50), _ => format!("{s}{}", "a".repeat(10_000)) };
        match addr::host_arg(&s) {
            Ok(h) => {
                prop_assert!(!h.is_empty() && h.len() <= 1024 && !h.contains('\0'));
                let bracketed = format!("[{h}]");
                prop_assert!(h == s || bracketed == s);
            }
            Err(e) => prop_assert!(e.code == 2 && terminal_safe(&e.message, false), "{:?}", e),
        }
    }

    #[test]
    fn ip_literals_round_trip(v4 in any::<Ipv4Addr>(), v6 in any::<Ipv6Addr>(), zone in any::<u32>()) {
        prop_assert_eq!(addr::host_arg(&v4.to_string()).ok(), Some(v4.to_string()));
        prop_assert_eq!(addr::host_arg(&format!("[{v6}]")).ok(), Some(v6.to_string()));
        prop_assert_eq!(addr::numeric_ip(&v4.to_string()), Some((IpAddr::V4(v4), 0)));
        prop_assert_eq!(addr::numeric_ip(&v6.to_string()), Some((IpAddr::V6(v6), 0)));
        // A numeric zone is valid on any IPv6 address (glibc's rule).
        let zoned = format!("{v6}%{zone}");
        prop_assert_eq!(addr::numeric_ip(&zoned), Some((IpAddr::V6(v6), zone)));
        prop_assert_eq!(addr::host_arg(&format!("[{zoned}]")).ok(), Some(zoned.clone()));
        // Past u32, or on an IPv4 address, a zone is refused (exit 2).
        let past_u32 = addr::host_arg(&format!("{v6}%{}", u64::from(zone) + (1 << 32)));
        prop_assert!(past_u32.is_err());
        let on_v4 = addr::host_arg(&format!("{v4}%{zone}"));
        prop_assert!(on_v4.is_err());
    }

    #[test]
    fn numeric_ip_agrees_with_rust(s in hostile()) {
        let r = addr::numeric_ip(&s);
        if !s.contains('%') {
            prop_assert_eq!(r, s.parse::<IpAddr>().ok().map(|ip| (ip, 0)));
        } else if let Some((ip, _)) = r {
            prop_assert!(ip.is_ipv6());
            prop_assert_eq!(ip, s.split_once('%').map(|(a, _)| a).unwrap_or("").parse::<IpAddr>().ok().unwrap_or(ip));
        }
    }

    #[test]
    fn unix_paths_round_trip(bytes in proptest::collection::vec(any::<u8>(), 0..220), at in any::<bool>()) {
        let mut b = bytes;
        if at { b.insert(0, b'@'); }
        let path = Path::new(std::ffi::OsStr::from_bytes(&b));
        let ok_len = match b.strip_prefix(b"@") { Some(name) => name.len() <= 106, None => b.len() <= 107 };
        let want_ok = !b.is_empty() && !b.contains(&0) && ok_len;
        match addr::unix_addr(path) {
            Ok(a) => {
                prop_assert!(want_ok, "{b:?} accepted");
                // Through a real sockaddr_un and back.
                let sa = a.to_sockaddr().map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(&Addr::from_sockaddr(&sa), &a);
                // Every human rendering of it is terminal-safe.
                prop_assert!(terminal_safe(&a.to_string(), false), "{}", a);
                prop_assert!(terminal_safe(&a.py(), false), "{}", a.py());
                prop_assert!(terminal_safe(&a.describe(), false));
            }
            Err(e) => {
                prop_assert!(!want_ok, "{b:?} refused: {}", e.message);
                prop_assert!(e.code == 2 && terminal_safe(&e.message, false), "{:?}", e);
            }
        }
    }

    #[test]
    fn source_addresses_round_trip(v4 in any::<SocketAddrV4>(), ip6 in any::<Ipv6Addr>(), port in any::<u16>()) {
        let want4 = Addr::Inet(SocketAddr::V4(v4));
        prop_assert_eq!(target::source_addr(&v4.to_string()).ok(), Some(want4));
        let want6 = Addr::Inet(SocketAddr::V6(SocketAddrV6::new(ip6, port, 0, 0)));
        prop_assert_eq!(target::source_addr(&format!("[{ip6}]:{port}")).ok(), Some(want6));
        let bare = Addr::Inet(SocketAddr::V6(SocketAddrV6::new(ip6, 0, 0, 0)));
        prop_assert_eq!(target::source_addr(&ip6.to_string()).ok(), Some(bare.clone()));
        prop_assert_eq!(target::source_addr(&format!("[{ip6}]")).ok(), Some(bare));
        let bad_port = target::source_addr(&format!("{}:{}", v4.ip(), u32::from(port) + 65536));
        prop_assert!(bad_port.is_err());
    }

    #[test]
    fn host_port_splits_round_trip(v4 in any::<Ipv4Addr>(), v6 in any::<Ipv6Addr>(), port in "[0-9]{1,5}|[a-z][a-z0-9-]{0,10}|[0-9]{1,5}-[0-9]{1,5}(,[0-9]{1,5})*", name in "[a-z][a-z0-9.-]{0,20}") {
        let p = port.as_str();
        let (t4, t6) = (v4.to_string(), v6.to_string());
        let split = |s: String| parse::split_host_port(&s).map(|(h, p)| (h.map(str::to_string), p.to_string()));
        let want = |h: &str| Some((Some(h.to_string()), p.to_string()));
        prop_assert_eq!(split(format!("{t4}:{p}")), want(&t4));
        prop_assert_eq!(split(format!("{name}:{p}")), want(&name));
        prop_assert_eq!(split(format!("[{t6}]:{p}")), want(&t6));
        prop_assert_eq!(split(format!(":{p}")), Some((None, p.to_string())));
        // Never split: a bare IPv6 literal, a bracketed one without a port,
        // a host or a port alone.
        prop_assert_eq!(split(t6.clone()), None);
        prop_assert_eq!(split(format!("[{t6}]")), None);
        prop_assert_eq!(split(name.clone()), None);
        prop_assert_eq!(split(port.clone()), None);
    }

    #[test]
    fn host_port_split_never_panics_and_loses_nothing(s in hostile()) {
        if let Some((host, port)) = parse::split_host_port(&s) {
            let back = match host {
                Some(h) if s.starts_with('[') => format!("[{h}]:{port}"),
                Some(h) => format!("{h}:{port}"),
                None => format!(":{port}"),
            };
            prop_assert_eq!(back, s.clone());
            prop_assert!(!port.contains(':') || s.starts_with('['), "{:?}", s);
        }
    }

    #[test]
    fn keepalive_is_strict(a in 0i64..40_000, b in 0i64..40_000, c in 0i64..40_000, n in 1usize..5, s in hostile()) {
        let all = [a, b, c, 1];
        let text: Vec<String> = all[..n].iter().map(|v| v.to_string()).collect();
        let text = text.join(",");
        let ok = n <= 3 && all[..n].iter().all(|v| (1..=32767).contains(v));
        let want = ok.then(|| parse::Keepalive(all[..n].iter().map(|&v| v as i32).collect()));
        prop_assert_eq!(parse::keepalive(&text).ok(), want);
        let padded = format!(" {text}");
        prop_assert!(parse::keepalive(&padded).is_err());
        prop_assert!(parse::keepalive(&text.replace(',', ", ")).is_err() || n == 1);
        if let Ok(parse::Keepalive(v)) = parse::keepalive(&s) {
            prop_assert!((1..=3).contains(&v.len()));
            prop_assert!(s.bytes().all(|b| b.is_ascii_digit() || b == b','));
        }
    }

    #[test]
    fn source_addr_never_panics(s in hostile()) {
        match target::source_addr(&s) {
            Ok(Addr::Inet(_)) => {}
            Ok(a) => prop_assert!(false, "{s:?} gave {a:?}"),
            Err(e) => prop_assert!(e.code == 2 && terminal_safe(&e.message, false), "{:?}", e),
        }
    }

    // ---- socket options -------------------------------------------------

    #[test]
    fn sockopt_names_any_case(i in 0..sockopt::ALL.len(), flips in proptest::collection::vec(any::<bool>(), 32)) {
        let o = &sockopt::ALL[i];
        let name: String = o.name.chars().zip(flips.iter().cycle()).map(|(c, &f)| if f { c.to_ascii_lowercase() } else { c }).collect();
        prop_assert_eq!(sockopt::find(&name).map(|f| f.name), Some(o.name));
    }

    #[test]
    fn sockopt_lookups_never_panic(s in hostile()) {
        if let Some(o) = sockopt::find(&s) {
            prop_assert!(o.name.eq_ignore_ascii_case(&s));
        }
        prop_assert!(sockopt::close_names(&s).len() <= 4);
    }

    #[test]
    fn sockopt_values_never_panic(i in 0..sockopt::ALL.len(), s in hostile()) {
        if let Err(why) = sockopt::parse_value(&sockopt::ALL[i], &s) {
            prop_assert!(terminal_safe(&why, false), "{}", why);
        }
    }

    #[test]
    fn sockopt_values_match_their_kind(i in 0..sockopt::ALL.len(), n in any::<i64>(), a in any::<i32>(), b in any::<i32>(), ms in 0u64..10_000_000, name in "[a-z0-9_]{1,15}") {
        use sockopt::{Kind, Value};
        let o = &sockopt::ALL[i];
        match o.kind {
            Kind::Int | Kind::Bool => {
                // The C int range, or a u32 bit pattern.
                let want = (i64::from(i32::MIN)..=i64::from(u32::MAX)).contains(&n).then_some(Value::Int(n));
                prop_assert_eq!(sockopt::parse_value(o, &n.to_string()).ok(), want);
                prop_assert_eq!(sockopt::parse_value(o, &a.to_string()), Ok(Value::Int(i64::from(a))));
            }
            Kind::Linger => {
                prop_assert_eq!(sockopt::parse_value(o, &format!("{a},{b}")), Ok(Value::Linger { onoff: a, linger: b }));
                let past = sockopt::parse_value(o, &format!("{a},{}", i64::from(b) + (1 << 32)));
                prop_assert!(past.is_err());
            }
            Kind::Timeval => {
                prop_assert_eq!(sockopt::parse_value(o, &format!("{ms}ms")), Ok(Value::Timeval { sec: (ms / 1000) as i64, usec: (ms % 1000 * 1000) as i64 }));
            }
            Kind::Name => {
                prop_assert_eq!(sockopt::parse_value(o, &name), Ok(Value::Name(name.clone())));
                let long = sockopt::parse_value(o, &format!("{name}{}", "x".repeat(16)));
                prop_assert!(long.is_err());
            }
        }
    }

    // ---- getaddrinfo --proto, inet --unpack -----------------------------

    #[test]
    fn proto_numbers(n in prop_oneof![0u64..100_000, 250u64..260], s in hostile(), flips in proptest::collection::vec(any::<bool>(), 3)) {
        let r = proto_number(&n.to_string()).ok();
        prop_assert_eq!(r, (n <= 255).then_some(n as i32));
        let tcp: String = "tcp".chars().zip(&flips).map(|(c, &f)| if f { c.to_ascii_uppercase() } else { c }).collect();
        prop_assert_eq!(proto_number(&tcp).ok(), Some(libc::IPPROTO_TCP));
        match proto_number(&s) {
            Ok(p) => prop_assert!((0..=255).contains(&p)),
            Err(e) => prop_assert!(e.code == 2 && terminal_safe(&e.message, false), "{:?}", e),
        }
    }

    #[test]
    fn unpack_hex_round_trips(v4 in any::<[u8; 4]>(), v6 in any::<[u8; 16]>(), upper in any::<bool>(), prefix in 0usize..3) {
        let pre = ["", "0x", "0X"][prefix];
        let h = |b: &[u8]| if upper { hex::encode_upper(b) } else { hex::encode(b) };
        let r4 = unhex(&format!("{pre}{}", h(&v4))).map_err(|e| TestCaseError::fail(e.message))?;
        prop_assert_eq!(r4, (libc::AF_INET, v4.to_vec()));
        let r6 = unhex(&format!("{pre}{}", h(&v6))).map_err(|e| TestCaseError::fail(e.message))?;
        prop_assert_eq!(r6, (libc::AF_INET6, v6.to_vec()));
    }

    #[test]
    fn unpack_hex_never_panics(s in hostile()) {
        match unhex(&s) {
            Ok((f, b)) => prop_assert!((f == libc::AF_INET && b.len() == 4) || (f == libc::AF_INET6 && b.len() == 16)),
            Err(e) => prop_assert!(e.code == 2 && terminal_safe(&e.message, false), "{:?}", e),
        }
    }

    // ---- the escaping layer itself --------------------------------------

    #[test]
    fn renderings_of_any_bytes_are_terminal_safe(b in proptest::collection::vec(any::<u8>(), 0..200), s in hostile(), offset in any::<u32>()) {
        prop_assert!(terminal_safe(&escape::bytes(&b), false));
        prop_assert!(terminal_safe(&escape::text(&s), false));
        prop_assert!(terminal_safe(&escape::py_bytes(&b), false));
        prop_assert!(terminal_safe(&escape::py_str(&s), false));
        prop_assert!(terminal_safe(&hexdump::lines('<', u64::from(offset), &b), true));
        // Clean text passes unchanged.
        if terminal_safe(&s, false) {
            prop_assert_eq!(escape::text(&s), s.as_str());
        }
    }
}
