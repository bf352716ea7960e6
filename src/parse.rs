//! Parsers for argument values: ports, port lists, `HOST:PORT`, durations,
//! sizes, numbers, keepalive triples.
//!
//! One parser per kind of value, used by every subcommand that takes it, and
//! strict: nothing is trimmed, so `"80 "` is refused wherever a port goes.
//! They do no I/O (service names are looked up later, in the socket layer).
//! Errors are the reason only ("must be a number from 0 to 65535"): clap
//! prefixes "invalid value 'X' for '<ARG>'", and code that parses positional
//! values itself wraps the reason with [`invalid`].

use std::time::Duration;

/// A PORT argument: a number 0–65535, or a service name such as `http`
/// (looked up with getservbyname later, when a protocol is known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PortSpec {
    Num(u16),
    Name(String),
}

impl std::fmt::Display for PortSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PortSpec::Num(n) => write!(f, "{n}"),
            PortSpec::Name(s) => f.write_str(s),
        }
    }
}

/// "invalid port '65536': must be ..." for values parsed outside clap.
pub fn invalid(what: &str, value: &str, reason: &str) -> String {
    format!(
        "invalid {what} '{}': {reason}",
        crate::ui::escape::text(value)
    )
}

pub fn port(s: &str) -> Result<PortSpec, String> {
    let bad = |why: &str| why.to_string();
    if s.is_empty() {
        return Err(bad("empty"));
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return match s.parse::<u32>() {
            Ok(n) if n <= 65535 => Ok(PortSpec::Num(n as u16)),
            _ => Err(bad("must be a number from 0 to 65535")),
        };
    }
    let service_like = s.len() <= 64
        && s.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'+' | b'/'));
    if service_like {
        Ok(PortSpec::Name(s.to_string()))
    } else {
        Err(bad("must be a number from 0 to 65535 or a service name"))
    }
}

/// A strictly numeric port (where a service name makes no sense).
pub fn port_number(s: &str) -> Result<u16, String> {
    match port(s)? {
        PortSpec::Num(n) => Ok(n),
        PortSpec::Name(_) => Err("must be a number from 0 to 65535".to_string()),
    }
}

/// The most ports one `-z` probe may name (every TCP port once).
pub const MAX_PROBE_PORTS: usize = 65536;

/// A port list for `connect -z`: `80`, `20-25`, `20-25,80,443`, service names.
pub fn port_list(s: &str) -> Result<Vec<PortSpec>, String> {
    let mut out = Vec::new();
    if s.is_empty() {
        return Err("empty port list".into());
    }
    for part in s.split(',') {
        match part.split_once('-') {
            Some((a, b)) if !a.is_empty() => {
                let lo = port_number(a).map_err(|r| format!("port '{a}': {r}"))?;
                let hi = port_number(b).map_err(|r| format!("port '{b}': {r}"))?;
                if lo > hi {
                    return Err(format!("range {lo}-{hi} runs backwards"));
                }
                if out.len() + usize::from(hi - lo) + 1 > MAX_PROBE_PORTS {
                    return Err(format!("names more than {MAX_PROBE_PORTS} ports"));
                }
                out.extend((lo..=hi).map(PortSpec::Num));
            }
            _ => {
                if out.len() >= MAX_PROBE_PORTS {
                    return Err(format!("names more than {MAX_PROBE_PORTS} ports"));
                }
                out.push(
                    port(part)
                        .map_err(|r| format!("port '{}': {r}", crate::ui::escape::text(part)))?,
                )
            }
        }
    }
    Ok(out)
}

/// A duration: a bare number of seconds (`1.5`), or with a suffix `ms`, `s`, `m`.
pub fn duration(s: &str) -> Result<Duration, String> {
    let bad = || "use seconds (2, 0.5) or a suffix ms, s, m (500ms, 2s, 1m)".to_string();
    let (num, scale) = if let Some(n) = s.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = s.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = s.strip_suffix('m') {
        (n, 60.0)
    } else {
        (s, 1.0)
    };
    // Only plain decimal digits with at most one point: no signs, exponents, inf or NaN.
    let plain = !num.is_empty()
        && num.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && num.bytes().filter(|&b| b == b'.').count() <= 1
        && num != ".";
    if !plain {
        return Err(bad());
    }
    let v: f64 = num.parse().map_err(|_| bad())?;
    let secs = v * scale;
    // A year is far beyond any sensible timeout and keeps Duration arithmetic safe.
    if !(0.0..=31_536_000.0).contains(&secs) {
        return Err("at most one year".to_string());
    }
    Ok(Duration::from_secs_f64(secs))
}

pub use crate::event::show_duration;

/// A buffer size in bytes: `65536`, `64k`, `1M` (binary multiples), 1 byte to 256 MiB.
pub fn size(s: &str) -> Result<usize, String> {
    let bad = |why: &str| why.to_string();
    let (num, mult) = match s.as_bytes().last() {
        Some(b'k' | b'K') => (&s[..s.len() - 1], 1024u64),
        Some(b'm' | b'M') => (&s[..s.len() - 1], 1024 * 1024),
        _ => (s, 1),
    };
    if num.is_empty() || !num.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad("use a number of bytes, optionally with k or M"));
    }
    let n: u64 = num
        .parse()
        .ok()
        .and_then(|n: u64| n.checked_mul(mult))
        .ok_or_else(|| bad("too large"))?;
    match n {
        0 => Err(bad("must be at least 1")),
        n if n > 256 * 1024 * 1024 => Err(bad("at most 256M")),
        n => Ok(n as usize),
    }
}

/// A count: a whole number, at least 1.
pub fn count(s: &str) -> Result<u64, String> {
    match s.parse::<u64>() {
        Ok(0) => Err("must be at least 1".to_string()),
        Ok(n) if s.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
        _ => Err(format!("must be a whole number from 1 to {}", u64::MAX)),
    }
}

/// An unsigned integer in decimal, `0x` hex, `0o` octal or `0b` binary, up to u64::MAX.
/// Underscores between digits are accepted (`0x_dead_beef`, as Rust and Python allow).
pub fn unsigned(s: &str) -> Result<u64, String> {
    if s.strip_prefix('-')
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
    {
        return Err("negative numbers have no byte order".to_string());
    }
    let t = s.strip_prefix('+').unwrap_or(s);
    let lower = t.to_ascii_lowercase();
    let (digits, radix, kind) = if let Some(d) = lower.strip_prefix("0x") {
        (d, 16, "hex ")
    } else if let Some(d) = lower.strip_prefix("0o") {
        (d, 8, "octal ")
    } else if let Some(d) = lower.strip_prefix("0b") {
        (d, 2, "binary ")
    } else {
        (lower.as_str(), 10, "")
    };
    let not_a_number =
        || format!("not a {kind}number (write it in decimal, or 0x hex, 0o octal, 0b binary)");
    // Python's rule for underscores: one may follow a radix prefix
    // (`0x_ff`); otherwise only single underscores between digits.
    let digits = if radix == 10 {
        digits
    } else {
        digits.strip_prefix('_').unwrap_or(digits)
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return Err(not_a_number());
    }
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    if !clean.chars().all(|c| c.is_digit(radix)) {
        return Err(not_a_number());
    }
    u64::from_str_radix(&clean, radix)
        .map_err(|_| format!("larger than 64 bits (max {})", u64::MAX))
}

/// `HOST:PORT` in one argument, as socat and most tools write it: the host
/// and the port text, or `None` when the argument has no port part. An IPv6
/// literal takes brackets (`[::1]:8080`, host `::1`); a bare `::1` or
/// `fe80::1%lo` has more than one colon and is never split. The host of
/// `:8080` is `None` (omitted); that of `[]:8080` is `Some("")` (empty).
/// The port part is returned as written, for [`port`] or [`port_list`].
pub fn split_host_port(s: &str) -> Option<(Option<&str>, &str)> {
    if let Some(rest) = s.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        return Some((Some(host), after.strip_prefix(':')?));
    }
    match s.split_once(':') {
        Some((host, port)) if !port.contains(':') => {
            Some(((!host.is_empty()).then_some(host), port))
        }
        _ => None,
    }
}

/// `--keepalive IDLE[,INTVL[,CNT]]`: TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keepalive(pub Vec<i32>);

pub fn keepalive(s: &str) -> Result<Keepalive, String> {
    let bad = || "expected IDLE[,INTVL[,CNT]]: whole seconds and a count, each 1 to 32767";
    let v: Vec<i32> = s
        .split(',')
        .map(|p| {
            p.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| p.parse::<i32>().ok())
                .flatten()
                .filter(|n| (1..=32767).contains(n))
        })
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| bad().to_string())?;
    if v.is_empty() || v.len() > 3 {
        return Err(bad().to_string());
    }
    Ok(Keepalive(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports() {
        assert_eq!(port("0"), Ok(PortSpec::Num(0)));
        assert_eq!(port("65535"), Ok(PortSpec::Num(65535)));
        assert_eq!(port("http"), Ok(PortSpec::Name("http".into())));
        for bad in [
            "65536",
            "-1",
            "",
            "99999999999999999999",
            "1.5",
            " 80",
            "８０",
            "a b",
        ] {
            assert!(port(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn port_lists() {
        let l = port_list("20-22,80").unwrap();
        assert_eq!(
            l,
            vec![
                PortSpec::Num(20),
                PortSpec::Num(21),
                PortSpec::Num(22),
                PortSpec::Num(80)
            ]
        );
        assert!(port_list("25-20").is_err());
        assert!(port_list("1-70000").is_err());
        assert!(port_list("").is_err());
        assert_eq!(port_list("0-65535").unwrap().len(), 65536);
        assert!(port_list("0-65535,1").is_err());
        // Strict, as `port` is: nothing trimmed.
        for bad in ["80 ", " 80", "20, 21", "20 -21", "80\n"] {
            assert!(port_list(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn host_port_split() {
        assert_eq!(
            split_host_port("127.0.0.1:8080"),
            Some((Some("127.0.0.1"), "8080"))
        );
        assert_eq!(split_host_port("[::1]:8080"), Some((Some("::1"), "8080")));
        assert_eq!(split_host_port(":8080"), Some((None, "8080")));
        assert_eq!(split_host_port("[]:8080"), Some((Some(""), "8080")));
        assert_eq!(split_host_port("h:20-25,80"), Some((Some("h"), "20-25,80")));
        for whole in [
            "::1",
            "[::1]",
            "fe80::1%lo",
            "8080",
            "localhost",
            "[::1]x",
            "[[::1]]:80",
        ] {
            assert_eq!(split_host_port(whole), None, "{whole:?} split");
        }
    }

    #[test]
    fn keepalives() {
        assert_eq!(keepalive("60"), Ok(Keepalive(vec![60])));
        assert_eq!(keepalive("60,10,5"), Ok(Keepalive(vec![60, 10, 5])));
        for bad in [
            "", " 60", "60 ", "60, 10", "+60", "0", "1,2,3,4", "32768", "1,,2",
        ] {
            assert!(keepalive(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn durations() {
        assert_eq!(duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(duration("2"), Ok(Duration::from_secs(2)));
        assert_eq!(duration("2s"), Ok(Duration::from_secs(2)));
        assert_eq!(duration("1m"), Ok(Duration::from_secs(60)));
        assert_eq!(duration("0.25"), Ok(Duration::from_millis(250)));
        for bad in [
            "",
            "-1",
            "abc",
            "1h",
            "inf",
            "NaN",
            "1e3",
            ".",
            "1..2",
            "99999999999",
        ] {
            assert!(duration(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn sizes() {
        assert_eq!(size("1024"), Ok(1024));
        assert_eq!(size("64k"), Ok(65536));
        assert_eq!(size("1M"), Ok(1 << 20));
        for bad in ["0", "", "k", "-1", "1G", "99999999999999999999999"] {
            assert!(size(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn unsigned_numbers() {
        assert_eq!(unsigned("4660"), Ok(4660));
        assert_eq!(unsigned("0x1234"), Ok(0x1234));
        assert_eq!(unsigned("0X1234"), Ok(0x1234));
        assert_eq!(unsigned("0o17"), Ok(15));
        assert_eq!(unsigned("0b101"), Ok(5));
        assert_eq!(unsigned("18446744073709551615"), Ok(u64::MAX));
        assert_eq!(unsigned("0xdead_beef"), Ok(0xdead_beef));
        for bad in [
            "0x1g",
            "18446744073709551616",
            "-1",
            "",
            "0x",
            "abc",
            "1_",
            "0b2",
            "١٢",
            " 1",
            "1\n",
        ] {
            assert!(unsigned(bad).is_err(), "{bad:?} accepted");
        }
        // A word is "not a number", in words a newcomer reads.
        let why = unsigned("hello").unwrap_err();
        assert!(why.starts_with("not a number"), "{why}");
        assert!(!why.contains("base-10"), "{why}");
        assert!(
            unsigned("0x1g")
                .unwrap_err()
                .starts_with("not a hex number")
        );
    }
}
