//! TLS over a socket, as Python's `ssl` module does it: `wrap_socket` after
//! the TCP connection (or after accept), `do_handshake`, then the same relay
//! as plain TCP over the `Stream` seam. rustls, no OpenSSL: clients use the
//! ring provider (it starts in no time), servers aws-lc's (it signs RSA twice
//! as fast; see `config::server_provider`). Nothing here runs (no provider,
//! no trust store) unless a command asked for TLS, so the other commands
//! start as fast as before.
//!
//! - `TlsStream` is the byte stream (non-blocking, through the record layer);
//! - `handshake` drives the handshake to its end before the relay starts,
//!   waiting with poll on the socket and the signal pipe;
//! - `config` builds the client and server configurations from a plan;
//! - `verify` wraps rustls's verifier: it records the chain, accepts a
//!   `--cafile`/`--pin` certificate that OpenSSL 3 marked as a CA, and lists
//!   every problem under `--insecure`;
//! - `x509` reads certificates (x509-parser) and explains failures;
//! - `hello` reads the versions a ClientHello offers (rustls does not say).

pub mod config;
pub mod hello;
pub mod link;
pub mod session;
pub mod starttls;
mod stream;
#[cfg(test)]
mod tests;
pub mod verify;
pub mod x509;

pub use stream::{Eof, Progress, TlsStream, Watch};

use rustls::{CipherSuite, ProtocolVersion};
use serde::Serialize;

/// What a finished handshake agreed on (Python: version(), cipher(),
/// selected_alpn_protocol(), session_reused).
#[derive(Debug, Clone, Serialize)]
pub struct Info {
    /// 'TLSv1.3', as Python's version() says it.
    pub version: String,
    /// The IANA name of the suite: 'TLS_AES_256_GCM_SHA384'.
    pub cipher: String,
    /// The secret bits of the suite's cipher (cipher()'s third item).
    pub bits: u16,
    /// The key-exchange group: 'X25519', 'secp256r1'.
    pub group: Option<String>,
    pub alpn: Option<String>,
    /// The server name sent (client) or received (server).
    pub sni: Option<String>,
    pub resumed: bool,
    pub handshake_ms: f64,
}

/// Python's names for the versions.
pub fn version_name(v: ProtocolVersion) -> String {
    match v {
        ProtocolVersion::TLSv1_3 => "TLSv1.3".into(),
        ProtocolVersion::TLSv1_2 => "TLSv1.2".into(),
        ProtocolVersion::TLSv1_1 => "TLSv1.1".into(),
        ProtocolVersion::TLSv1_0 => "TLSv1".into(),
        other => format!("{other:?}"),
    }
}

/// The suite's IANA name and its cipher's key size in bits.
pub fn suite_name(s: CipherSuite) -> (String, u16) {
    let name = s
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| format!("{s:?}"));
    // rustls says TLS13_AES_..., the RFC (and Python) TLS_AES_...
    let name = match name.strip_prefix("TLS13_") {
        Some(rest) => format!("TLS_{rest}"),
        None => name,
    };
    let bits = if name.contains("AES_128") { 128 } else { 256 };
    (name, bits)
}

/// A protocol list (ALPN) as text, bytes that are not UTF-8 escaped.
pub fn proto_text(p: &[u8]) -> String {
    String::from_utf8_lossy(p).into_owned()
}

/// sha256 of DER, upper-case hex with colons, as `openssl x509 -fingerprint -sha256` prints it.
pub fn fingerprint(der: &[u8]) -> String {
    let d = ring::digest::digest(&ring::digest::SHA256, der);
    let mut out = String::with_capacity(95);
    for (i, b) in d.as_ref().iter().enumerate() {
        if i > 0 {
            out.push(':');
        }
        out.push_str(&format!("{b:02X}"));
    }
    out
}

/// The raw sha256 of DER (for --pin).
pub fn sha256(der: &[u8]) -> [u8; 32] {
    let d = ring::digest::digest(&ring::digest::SHA256, der);
    let mut out = [0; 32];
    out.copy_from_slice(d.as_ref());
    out
}

/// A `--pin` value: `sha256:HEX`, 64 hex digits with or without colons
/// (as openssl prints them), or the bare hex.
pub fn parse_pin(s: &str) -> Result<[u8; 32], String> {
    let hexpart = s
        .strip_prefix("sha256:")
        .or_else(|| s.strip_prefix("SHA256:"))
        .or_else(|| s.strip_prefix("sha256 Fingerprint="))
        .unwrap_or(s);
    let digits: String = hexpart.chars().filter(|c| *c != ':').collect();
    let bytes =
        hex::decode(&digits).map_err(|_| "expected sha256:HEX (64 hex digits)".to_string())?;
    <[u8; 32]>::try_from(bytes.as_slice())
        .map_err(|_| format!("expected 64 hex digits, got {}", digits.len()))
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn pin_with_or_without_colons() {
        let hex64 = "AB".repeat(32);
        let colons = vec!["AB"; 32].join(":");
        assert_eq!(parse_pin(&format!("sha256:{hex64}")), Ok([0xab; 32]));
        assert_eq!(parse_pin(&format!("sha256:{colons}")), Ok([0xab; 32]));
        assert_eq!(parse_pin(&hex64.to_lowercase()), Ok([0xab; 32]));
        assert!(parse_pin("sha256:abcd").is_err());
        assert!(parse_pin(&format!("sha256:{}", "zz".repeat(32))).is_err());
    }

    #[test]
    fn fingerprint_is_openssl_style() {
        let f = fingerprint(b"");
        assert!(f.starts_with("E3:B0:C4:42"), "{f}");
        assert_eq!(f.len(), 95);
    }
}
