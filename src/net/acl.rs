//! Access control for the serving modes (`--allow` / `--deny`, as ncat's):
//! lists of addresses and CIDR prefixes, IPv4 and IPv6, checked right after
//! accept. A deny match refuses; with an allow list, only a match is let in.
//! An IPv4-mapped IPv6 peer (`::ffff:10.0.0.1`, what a dual-stack `::`
//! listener sees) is matched as the IPv4 address it is, so one rule covers
//! both listeners. AF_UNIX peers have no address to match and are let in.

use std::net::IpAddr;

use super::addr::Addr;

/// One entry: an address and how many leading bits must match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Net {
    pub ip: IpAddr,
    pub prefix: u8,
}

impl Net {
    /// `10.0.0.0/8`, `192.168.1.7`, `::1`, `fd00::/8`; host bits set under
    /// the prefix are refused as a likely typo (`10.0.0.1/8`).
    pub fn parse(s: &str) -> Result<Net, String> {
        let (a, p) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let ip: IpAddr = a.parse().map_err(|_| {
            "expected an IPv4 or IPv6 address or a CIDR prefix (10.0.0.0/8, ::1, fd00::/8); names are not matched".to_string()
        })?;
        let max = if ip.is_ipv4() { 32 } else { 128 };
        let prefix = match p {
            None => max,
            Some(p) => match p.parse::<u8>() {
                Ok(n) if n <= max && !p.starts_with('+') => n,
                _ => return Err(format!("prefix length must be 0 to {max}")),
            },
        };
        let net = Net { ip, prefix };
        if mask(net.ip, prefix) != bits(ip) {
            return Err(format!(
                "host bits set under /{prefix}: did you mean {}/{prefix}?",
                from_bits(ip, mask(ip, prefix))
            ));
        }
        Ok(net)
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        ip.is_ipv4() == self.ip.is_ipv4() && mask(ip, self.prefix) == bits(self.ip)
    }
}

impl std::fmt::Display for Net {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.ip, self.prefix)
    }
}

fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

fn bits(ip: IpAddr) -> u128 {
    match ip {
        IpAddr::V4(v4) => u32::from(v4) as u128,
        IpAddr::V6(v6) => u128::from(v6),
    }
}

fn from_bits(like: IpAddr, b: u128) -> IpAddr {
    match like {
        IpAddr::V4(_) => IpAddr::V4((b as u32).into()),
        IpAddr::V6(_) => IpAddr::V6(b.into()),
    }
}

fn mask(ip: IpAddr, prefix: u8) -> u128 {
    let width: u32 = if ip.is_ipv4() { 32 } else { 128 };
    let keep = u32::from(prefix).min(width);
    if keep == 0 {
        return 0;
    }
    bits(ip) & (u128::MAX << (width - keep)) & (u128::MAX >> (128 - width))
}

/// The whole policy of one server, decided once from the arguments.
#[derive(Debug, Clone, Default)]
pub struct Acl {
    pub allow: Vec<Net>,
    pub deny: Vec<Net>,
}

impl Acl {
    /// Why `peer` is refused, or None when it may in.
    pub fn refuses(&self, peer: &Addr) -> Option<String> {
        let Addr::Inet(sa) = peer else { return None };
        let ip = sa.ip();
        if let Some(n) = self.deny.iter().find(|n| n.contains(ip)) {
            return Some(format!("matches --deny {n}"));
        }
        if !self.allow.is_empty() && !self.allow.iter().any(|n| n.contains(ip)) {
            return Some("not in --allow".to_string());
        }
        None
    }
}

/// One --allow/--deny argument, parsed (a newtype so clap keeps one value
/// per occurrence).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetList(pub Vec<Net>);

/// A comma-separated list (`--allow 127.0.0.1,10.0.0.0/8`).
pub fn parse_list(s: &str) -> Result<Vec<Net>, String> {
    s.split(',')
        .map(|t| Net::parse(t.trim()).map_err(|r| format!("'{t}': {r}")))
        .collect()
}

/// The text of an --allow-file/--deny-file: one entry per line (commas
/// allowed too); blank lines and `#` comments skipped.
pub fn parse_file(text: &str) -> Result<Vec<Net>, String> {
    let mut v = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        v.extend(parse_list(line).map_err(|r| format!("line {}: {r}", i + 1))?);
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn peer(s: &str) -> Addr {
        Addr::Inet(s.parse().unwrap())
    }

    #[test]
    fn cidr_matching_v4_v6_and_mapped() {
        let acl = Acl {
            allow: parse_list("127.0.0.0/16,::1").unwrap(),
            deny: parse_list("127.0.0.2").unwrap(),
        };
        assert_eq!(acl.refuses(&peer("127.0.0.1:5")), None);
        assert_eq!(acl.refuses(&peer("[::ffff:127.0.0.9]:5")), None);
        assert_eq!(acl.refuses(&peer("[::1]:5")), None);
        assert!(
            acl.refuses(&peer("127.0.0.2:5"))
                .unwrap()
                .contains("--deny")
        );
        assert!(
            acl.refuses(&peer("127.1.0.1:5"))
                .unwrap()
                .contains("--allow")
        );
        assert!(acl.refuses(&peer("[::2]:5")).is_some());
        let all = Acl {
            allow: parse_list("0.0.0.0/0").unwrap(),
            deny: vec![],
        };
        assert_eq!(all.refuses(&peer("127.9.9.9:1")), None);
        assert!(all.refuses(&peer("[::1]:1")).is_some());
        let v6 = Net::parse("::/127").unwrap();
        assert!(v6.contains("::1".parse().unwrap()));
        assert!(!v6.contains("::2".parse().unwrap()));
    }

    #[test]
    fn bad_entries_are_refused() {
        for bad in [
            "",
            "localhost",
            "127.0.0.0/33",
            "::/129",
            "127.0.0.1/8",
            "127.2.3.4/+8",
            "127.2.3/8",
        ] {
            assert!(Net::parse(bad).is_err(), "{bad}");
        }
        assert!(
            Net::parse("127.0.0.1/8")
                .unwrap_err()
                .contains("127.0.0.0/8")
        );
        assert_eq!(
            parse_file("# ours\n127.0.0.0/8\n\n::1 # v6\n")
                .unwrap()
                .len(),
            2
        );
        assert!(
            parse_file("127.0.0.0/8\nbogus\n")
                .unwrap_err()
                .starts_with("line 2")
        );
    }
}
