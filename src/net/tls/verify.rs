//! The certificate checks around rustls's own.
//!
//! `Verifier` (client side) wraps rustls's WebPKI verifier: it records the
//! chain the server sent (for `sockx tls` and for the explanations), accepts
//! exactly the `--pin`ned certificate, and accepts a `--cafile` certificate
//! presented as itself even when OpenSSL 3 marked it CA:TRUE (webpki refuses
//! a CA as an end entity, but `openssl req -x509` makes exactly that, and the
//! user said to trust it) — its dates and names are still checked. Under
//! `--insecure` it accepts anything and keeps what it found wrong.
//!
//! `HelloRecorder` (server side) serves the certificate and keeps what the
//! client offered in its ClientHello.

use std::sync::{Arc, Mutex};

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use rustls::{DigitallySignedStruct, RootCertStore, SignatureScheme};
use serde::Serialize;

use super::config::ClientPlan;
use super::x509;
use crate::error::{Error, Result};

/// What the verifier saw and decided.
#[derive(Debug, Default, Clone)]
pub struct Seen {
    /// The chain as the server sent it, leaf first.
    pub chain: Vec<CertificateDer<'static>>,
    /// rustls's verdict, when it was asked (None: accepted by pin or exact anchor).
    pub webpki_error: Option<rustls::Error>,
    /// How the certificate was accepted: "chain", "pin", "cafile" (the
    /// certificate itself is in --cafile), "insecure".
    pub accepted_by: Option<&'static str>,
}

#[derive(Debug)]
pub struct Verifier {
    inner: Option<Arc<WebPkiServerVerifier>>,
    /// The trust anchors as DER: exact-match acceptance, explanations.
    pub anchors: Vec<CertificateDer<'static>>,
    pin: Option<[u8; 32]>,
    insecure: bool,
    pub name: String,
    provider: Arc<CryptoProvider>,
    pub seen: Mutex<Seen>,
}

impl Verifier {
    pub fn new(
        plan: &ClientPlan,
        anchors: Vec<CertificateDer<'static>>,
        store: RootCertStore,
        provider: Arc<CryptoProvider>,
    ) -> Result<Verifier> {
        let inner = if store.is_empty() {
            None
        } else {
            Some(
                WebPkiServerVerifier::builder_with_provider(Arc::new(store), provider.clone())
                    .build()
                    .map_err(|e| Error::usage(format!("trust store: {e}")))?,
            )
        };
        Ok(Verifier {
            inner,
            anchors,
            pin: plan.pin,
            insecure: plan.insecure,
            name: plan.name.clone(),
            provider,
            seen: Mutex::new(Seen::default()),
        })
    }

    pub fn seen(&self) -> Seen {
        self.seen.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Every problem of the recorded chain, explained (empty: none found).
    pub fn problems(&self) -> Vec<String> {
        let seen = self.seen();
        let mut p = x509::analyse(&seen.chain, &self.name, &self.anchors, self.pin).problems;
        match &seen.webpki_error {
            // The pin's or the exact anchor's own verdict comes first.
            Some(rustls::Error::General(m)) if !p.contains(m) => p.insert(0, m.clone()),
            Some(e) if p.is_empty() => {
                p.push(format!("the certificate was refused: {}", explain(e)))
            }
            _ => {}
        }
        p
    }

    fn decide(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> (Result<(), rustls::Error>, &'static str) {
        if let Some(pin) = self.pin {
            let got = super::sha256(end_entity);
            return if got == pin {
                (Ok(()), "pin")
            } else {
                (
                    Err(rustls::Error::General(format!(
                        "the certificate's SHA-256 fingerprint {} is not the pinned one",
                        super::fingerprint(end_entity)
                    ))),
                    "pin",
                )
            };
        }
        if self
            .anchors
            .iter()
            .any(|a| a.as_ref() == end_entity.as_ref())
        {
            // The trusted certificate itself: only its dates and names matter.
            let a = x509::analyse(
                &[end_entity.clone().into_owned()],
                &self.name,
                &self.anchors,
                None,
            );
            return if a.problems.is_empty() {
                (Ok(()), "cafile")
            } else {
                (Err(rustls::Error::General(a.problems.join("; "))), "cafile")
            };
        }
        let r = match &self.inner {
            Some(v) => v
                .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
                .map(|_| ()),
            None => Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::UnknownIssuer,
            )),
        };
        (r, "chain")
    }
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let (r, by) = self.decide(end_entity, intermediates, server_name, ocsp, now);
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        seen.chain = std::iter::once(end_entity)
            .chain(intermediates)
            .map(|c| c.clone().into_owned())
            .collect();
        match r {
            Ok(()) => {
                seen.accepted_by = Some(by);
                Ok(ServerCertVerified::assertion())
            }
            Err(e) => {
                seen.webpki_error = Some(e.clone());
                if self.insecure {
                    seen.accepted_by = Some("insecure");
                    Ok(ServerCertVerified::assertion())
                } else {
                    Err(e)
                }
            }
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// rustls's error in words a user can act on.
pub fn explain(e: &rustls::Error) -> String {
    use rustls::CertificateError as C;
    match e {
        rustls::Error::InvalidCertificate(c) => match c {
            C::Expired | C::ExpiredContext { .. } => "the certificate has expired".into(),
            C::NotValidYet | C::NotValidYetContext { .. } => {
                "the certificate is not valid yet".into()
            }
            C::UnknownIssuer => {
                "no trusted issuer: the chain does not lead to a trusted root (missing intermediate or untrusted root)".into()
            }
            C::NotValidForName | C::NotValidForNameContext { .. } => {
                "the certificate is not valid for the name asked for".into()
            }
            C::BadSignature => "a signature in the chain does not verify".into(),
            C::InvalidPurpose | C::InvalidPurposeContext { .. } => {
                "the certificate's key usage does not allow a TLS server".into()
            }
            other => format!("{other:?}"),
        },
        rustls::Error::AlertReceived(a) => format!("the peer sent the alert {a:?}"),
        rustls::Error::PeerIncompatible(p) => format!("no common ground with the peer: {p:?}"),
        rustls::Error::NoCertificatesPresented => "the peer sent no certificate".into(),
        rustls::Error::General(s) => s.clone(),
        other => other.to_string(),
    }
}

/// What a client offered in its ClientHello (listen --tls: -v and JSON).
#[derive(Debug, Default, Clone, Serialize, PartialEq, Eq)]
pub struct Offer {
    pub sni: Option<String>,
    pub alpn: Vec<String>,
    pub cipher_suites: Vec<String>,
    pub groups: Vec<String>,
    pub signature_schemes: Vec<String>,
    /// The versions offered (supported_versions, or the legacy version
    /// when absent), from the record bytes: rustls does not expose them.
    pub versions: Vec<String>,
}

#[derive(Debug)]
pub struct HelloRecorder {
    key: Arc<CertifiedKey>,
    last: Mutex<Option<Offer>>,
}

impl HelloRecorder {
    pub fn new(key: Arc<CertifiedKey>) -> HelloRecorder {
        HelloRecorder {
            key,
            last: Mutex::new(None),
        }
    }

    /// The offer of the ClientHello processed last. The servers are one
    /// thread, so taken right after a connection's packets were processed,
    /// it is that connection's.
    pub fn take(&self) -> Option<Offer> {
        self.last.lock().ok().and_then(|mut l| l.take())
    }
}

impl ResolvesServerCert for HelloRecorder {
    fn resolve(&self, hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        let offer = Offer {
            sni: hello.server_name().map(str::to_string),
            alpn: hello
                .alpn()
                .map(|i| i.map(super::proto_text).collect())
                .unwrap_or_default(),
            cipher_suites: hello
                .cipher_suites()
                .iter()
                .map(|s| super::suite_name(*s).0)
                .collect(),
            groups: hello
                .named_groups()
                .unwrap_or_default()
                .iter()
                .map(|g| format!("{g:?}"))
                .collect(),
            signature_schemes: hello
                .signature_schemes()
                .iter()
                .map(|s| format!("{s:?}"))
                .collect(),
            // Filled in by the connection, which saw the record's bytes.
            versions: Vec::new(),
        };
        if let Ok(mut l) = self.last.lock() {
            *l = Some(offer);
        }
        Some(self.key.clone())
    }
}
