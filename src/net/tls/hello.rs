//! The TLS versions a ClientHello offers, read from the first record's
//! bytes: rustls's `ClientHello` (0.23) gives SNI, ALPN, suites, groups and
//! signature schemes but not the supported_versions extension, which is
//! what says whether a client would speak TLS 1.3, 1.2 or older.
//!
//! A pure parser over bytes the server read anyway (the first record, kept
//! as rustls takes it until it is whole: a ClientHello may arrive in
//! pieces): once per connection, one small Vec. Truncated or foreign bytes
//! give None, never a panic.

/// Whether `bytes` (a connection's first bytes) hold the whole first
/// record: Some(false) while it may still come, None when it cannot be a
/// ClientHello's record (not a handshake record).
pub fn first_record(bytes: &[u8]) -> Option<bool> {
    match bytes {
        [] => Some(false),
        [t, ..] if *t != 22 => None,
        [_, _, _, hi, lo, rest @ ..] => {
            Some(rest.len() >= usize::from(u16::from_be_bytes([*hi, *lo])))
        }
        _ => Some(false),
    }
}

/// The versions offered, in the client's order: the supported_versions
/// extension (43) when present, else the legacy `client_version` (a TLS
/// 1.2-only client sends no extension). GREASE values are left out.
/// None when `first` does not hold a ClientHello up to that point.
pub fn offered_versions(first: &[u8]) -> Option<Vec<u16>> {
    let mut r = Reader(first);
    // Record header: handshake (22), legacy record version, length. Only
    // the first record is read, and only whole: a ClientHello is not split
    // across records in practice, and a cut one is None.
    if r.u8()? != 22 {
        return None;
    }
    r.take(2)?;
    let len = r.u16()?;
    let mut r = Reader(r.take(len.into())?);
    // Handshake header: client_hello (1), 24-bit length; the whole message.
    if r.u8()? != 1 {
        return None;
    }
    let n = r.take(3)?;
    let n = usize::from(n[0]) << 16 | usize::from(n[1]) << 8 | usize::from(n[2]);
    let mut r = Reader(r.take(n)?);
    let legacy = r.u16()?;
    r.take(32)?; // random
    let n = r.u8()?;
    r.take(n.into())?; // legacy_session_id
    let n = r.u16()?;
    r.take(n.into())?; // cipher_suites
    let n = r.u8()?;
    r.take(n.into())?; // legacy_compression_methods
    if r.0.is_empty() {
        // No extensions at all (an old client): the legacy version.
        return Some(vec![legacy]);
    }
    let n = r.u16()?;
    let mut ext = Reader(r.take(n.into())?);
    while !ext.0.is_empty() {
        let kind = ext.u16()?;
        let n = ext.u16()?;
        let body = ext.take(n.into())?;
        if kind == 43 {
            let mut v = Reader(body);
            let n = v.u8()?;
            let mut list = Reader(v.take(n.into())?);
            let mut out = Vec::with_capacity(usize::from(n) / 2);
            while !list.0.is_empty() {
                let ver = list.u16()?;
                if !grease(ver) {
                    out.push(ver);
                }
            }
            return Some(out);
        }
    }
    Some(vec![legacy])
}

/// RFC 8701's reserved values (0x0a0a, 0x1a1a, … 0xfafa).
fn grease(v: u16) -> bool {
    v & 0x0f0f == 0x0a0a && v >> 8 == v & 0xff
}

/// A cursor over bytes: every read is bounds-checked (None past the end).
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.0.len() {
            return None;
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Some(a)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    fn u16(&mut self) -> Option<u16> {
        self.take(2).map(|b| u16::from_be_bytes([b[0], b[1]]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhex(s: &str) -> Vec<u8> {
        let s = s.trim();
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
            .collect()
    }

    /// `openssl s_client -servername localhost -alpn h2,http/1.1` (OpenSSL
    /// 3.0, by default): supported_versions says TLS 1.3, 1.2, 1.1, 1.0,
    /// whatever the legacy field says (1.2).
    #[test]
    fn s_client_default_offers_13_down_to_10() {
        let b = unhex(include_str!("testdata/client_hello_s_client.hex"));
        assert_eq!(b[9..11], [3, 3], "the legacy version field");
        assert_eq!(
            offered_versions(&b),
            Some(vec![0x0304, 0x0303, 0x0302, 0x0301])
        );
    }

    /// `openssl s_client -tls1_2` sends no supported_versions: the legacy
    /// version (0x0303) is the offer.
    #[test]
    fn s_client_tls1_2_is_the_legacy_version() {
        let b = unhex(include_str!("testdata/client_hello_s_client_tls1_2.hex"));
        assert_eq!(offered_versions(&b), Some(vec![0x0303]));
    }

    /// The first record is whole only with its last byte; a prefix may
    /// still grow; a first byte other than 22 can never be a ClientHello.
    #[test]
    fn first_record_is_whole_only_at_its_length() {
        let b = unhex(include_str!("testdata/client_hello_s_client.hex"));
        for cut in 0..b.len() {
            assert_eq!(first_record(&b[..cut]), Some(false), "cut at {cut}");
        }
        assert_eq!(first_record(&b), Some(true));
        let mut more = b.clone();
        more.extend_from_slice(&[23, 3, 3]);
        assert_eq!(first_record(&more), Some(true));
        assert_eq!(first_record(b"GET / HTTP/1.0"), None);
        assert_eq!(first_record(&[22, 3]), Some(false));
    }

    /// Every truncation of a real hello is None (never a panic, never the
    /// legacy version of a hello whose extensions were cut off).
    #[test]
    fn truncated_hellos_are_none() {
        for f in [
            include_str!("testdata/client_hello_s_client.hex"),
            include_str!("testdata/client_hello_s_client_tls1_2.hex"),
        ] {
            let b = unhex(f);
            for n in 0..b.len() {
                assert_eq!(offered_versions(&b[..n]), None, "cut at {n}");
            }
        }
    }

    /// Garbage, plain text, another record type, a lying length: None.
    #[test]
    fn garbage_is_none() {
        assert_eq!(offered_versions(b""), None);
        assert_eq!(offered_versions(b"GET / HTTP/1.1\r\n\r\n"), None);
        assert_eq!(offered_versions(&[21, 3, 3, 0, 2, 2, 40]), None);
        assert_eq!(offered_versions(&[22, 3, 1, 0xff, 0xff, 1]), None);
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..2000 {
            let mut v = vec![22, 3, 1, 1, 0, 1, 0, 0, 0xfc, 3, 3];
            for _ in 0..300 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                v.push(x as u8);
            }
            let _ = offered_versions(&v);
        }
    }

    /// A hand-made hello: GREASE left out, order kept.
    #[test]
    fn grease_is_left_out() {
        let mut h = vec![3, 3];
        h.extend([0; 32]);
        h.extend([0, 0, 2, 0x13, 0x01, 1, 0]);
        let sv = [0x06, 0x3a, 0x3a, 0x03, 0x04, 0x03, 0x03];
        let ext = [&[0, 43, 0, sv.len() as u8][..], &sv[..]].concat();
        h.extend((ext.len() as u16).to_be_bytes());
        h.extend(&ext);
        let mut hs = vec![1, 0, 0, h.len() as u8];
        hs.extend(&h);
        let mut rec = vec![22, 3, 1, 0, hs.len() as u8];
        rec.extend(&hs);
        assert_eq!(offered_versions(&rec), Some(vec![0x0304, 0x0303]));
    }
}
