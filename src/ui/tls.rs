//! Human lines of the TLS events (the handshake's outcome, what a client
//! offered, the certificate a server presents, how the peer ended) and the
//! human rendering of the `sockx tls` report.

use super::{Paint, escape};
use crate::event::Event;
use crate::net::tls::Eof;

pub fn human(e: &Event, p: &Paint) -> Option<(i8, String)> {
    Some(match e {
        Event::Tls {
            info,
            verified_by,
            peer_sha256,
        } => {
            let mut s = format!(
                "TLS {} {} {}",
                info.version,
                info.cipher,
                info.group.as_deref().unwrap_or("-")
            );
            if let Some(a) = &info.alpn {
                s.push_str(&format!(", ALPN {}", escape::text(a)));
            }
            if let Some(n) = &info.sni {
                s.push_str(&format!(", SNI {}", escape::text(n)));
            }
            if info.resumed {
                s.push_str(", resumed");
            }
            match verified_by.as_deref() {
                Some("insecure") => {
                    s.push_str(&format!(", {}", p.warn("NOT verified (--insecure)")))
                }
                Some(by) => s.push_str(&format!(", {} ({by})", p.good("verified"))),
                None => {}
            }
            if let Some(f) = peer_sha256 {
                s.push_str(&format!(", peer sha256:{f}"));
            }
            s.push_str(&format!(", handshake {:.1} ms", info.handshake_ms));
            (1, s)
        }
        Event::ClientHello { offer } => {
            let mut s = format!(
                "client offered: SNI {}",
                offer
                    .sni
                    .as_deref()
                    .map(escape::text)
                    .unwrap_or("(none)".into())
            );
            if !offer.versions.is_empty() {
                s.push_str(&format!(", versions {}", offer.versions.join(",")));
            }
            if !offer.alpn.is_empty() {
                s.push_str(&format!(", ALPN {}", escape::text(&offer.alpn.join(","))));
            }
            s.push_str(&format!(
                ", suites {}, groups {}",
                offer.cipher_suites.join(","),
                offer.groups.join(",")
            ));
            (1, s)
        }
        Event::TlsCertificate { sha256, generated } => {
            let what = if *generated {
                "throwaway certificate (made at start)"
            } else {
                "certificate"
            };
            (0, format!("TLS {what}: --pin sha256:{sha256}"))
        }
        Event::TlsEof {
            eof: Eof::CloseNotify,
        } => (2, "peer sent TLS close_notify".into()),
        _ => return None,
    })
}
