//! The TLS contexts (Python's `ssl.SSLContext`) built from a plan: every
//! decision about the client's or the server's TLS made once from the
//! arguments, then turned into a rustls configuration. Certificates and keys
//! are read from PEM files here; a server without `--cert` gets a throwaway
//! P-256 certificate (rcgen) whose fingerprint a client can `--pin`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::{ClientConfig, RootCertStore, ServerConfig, SupportedProtocolVersion};

use super::verify::{HelloRecorder, Verifier};
use crate::error::{Error, Result};

/// --tls-min / --tls-max.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Version {
    V12,
    V13,
}

impl Version {
    pub fn parse(s: &str) -> std::result::Result<Version, String> {
        match s {
            "1.2" | "TLSv1.2" => Ok(Version::V12),
            "1.3" | "TLSv1.3" => Ok(Version::V13),
            _ => Err("expected 1.2 or 1.3 (rustls does not speak 1.0 or 1.1)".into()),
        }
    }
}

/// The versions from min to max.
fn versions(min: Version, max: Version) -> Result<Vec<&'static SupportedProtocolVersion>> {
    if min > max {
        return Err(Error::usage("--tls-min is above --tls-max"));
    }
    let mut v = Vec::new();
    if max == Version::V13 {
        v.push(&rustls::version::TLS13);
    }
    if min == Version::V12 {
        v.push(&rustls::version::TLS12);
    }
    Ok(v)
}

/// Where trust comes from.
#[derive(Debug, Clone)]
pub enum Trust {
    /// The system's store (rustls-native-certs).
    System,
    /// --cafile: only these.
    File(PathBuf),
}

/// Every decision about a TLS client (connect --tls, sockx tls).
#[derive(Debug, Clone)]
pub struct ClientPlan {
    /// The name checked against the certificate: HOST or --sni (a DNS name or an IP address).
    pub name: String,
    pub trust: Trust,
    pub insecure: bool,
    pub pin: Option<[u8; 32]>,
    pub alpn: Vec<Vec<u8>>,
    pub min: Version,
    pub max: Version,
    /// --cert/--key: a client certificate.
    pub identity: Option<(PathBuf, PathBuf)>,
    /// --starttls: the plain-text upgrade before the handshake.
    pub starttls: Option<super::starttls::Proto>,
}

/// Every decision about a TLS server (listen --tls).
#[derive(Debug, Clone)]
pub struct ServerPlan {
    pub identity: Option<(PathBuf, PathBuf)>,
    /// Names for the throwaway certificate's SANs.
    pub names: Vec<String>,
    /// --verify-client with these CAs.
    pub client_ca: Option<PathBuf>,
    pub alpn: Vec<Vec<u8>>,
    pub min: Version,
    pub max: Version,
}

pub fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The servers' provider is aws-lc's, not ring's: a full handshake's server
/// CPU is mostly its signature and key exchange, and aws-lc signs RSA-2048 in
/// 0.26 ms against ring's 0.57 (AVX-512 IFMA where the CPU has it) and does
/// X25519 in 43 µs against 66 (measured here). Its start-up cost is paid once
/// by a server and never by a client (connect, tls keep ring).
///
/// The suites are in the server's order, AES-128-GCM first (as Go's TLS
/// server picks on AES hardware): as safe a choice, and its SHA-256 key
/// schedule and ten AES rounds are cheaper than SHA-384 and fourteen.
pub fn server_provider() -> Arc<CryptoProvider> {
    use rustls::crypto::aws_lc_rs::cipher_suite as cs;
    let mut p = rustls::crypto::aws_lc_rs::default_provider();
    p.cipher_suites = vec![
        cs::TLS13_AES_128_GCM_SHA256,
        cs::TLS13_AES_256_GCM_SHA384,
        cs::TLS13_CHACHA20_POLY1305_SHA256,
        cs::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        cs::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        cs::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        cs::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        cs::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        cs::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ];
    Arc::new(p)
}

/// aws-lc seeds its random generator on its first use, ~30 ms of CPU here
/// (its jitter entropy source). A server does that once it listens, so the
/// first client's handshake does not wait for it (it would, in the backlog,
/// only if it came within those milliseconds).
pub fn warm_up(cfg: &ServerConfig) {
    let _ = cfg.crypto_provider().secure_random.fill(&mut [0u8; 16]);
}

pub fn load_certs(path: &Path) -> Result<Vec<CertificateDer<'static>>> {
    let certs: Vec<_> = CertificateDer::pem_file_iter(path)
        .map_err(|e| pem_error(path, &e))?
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| pem_error(path, &e))?;
    if certs.is_empty() {
        return Err(Error::usage(format!(
            "{}: no certificate in it (expected PEM: -----BEGIN CERTIFICATE-----)",
            path.display()
        )));
    }
    Ok(certs)
}

pub fn load_key(path: &Path) -> Result<PrivateKeyDer<'static>> {
    PrivateKeyDer::from_pem_file(path).map_err(|e| pem_error(path, &e))
}

fn pem_error(path: &Path, e: &rustls::pki_types::pem::Error) -> Error {
    use rustls::pki_types::pem::Error as P;
    match e {
        P::Io(io) => Error::usage(format!("{}: {io}", path.display())),
        P::NoItemsFound => Error::usage(format!(
            "{}: no PEM item of the kind needed in it",
            path.display()
        )),
        other => Error::usage(format!("{}: bad PEM: {other:?}", path.display())),
    }
}

/// The trust anchors, as DER (kept for the explanations) and as a store.
pub fn roots(trust: &Trust) -> Result<(Vec<CertificateDer<'static>>, RootCertStore)> {
    let ders = match trust {
        Trust::File(p) => load_certs(p)?,
        Trust::System => rustls_native_certs::load_native_certs().certs,
    };
    let mut store = RootCertStore::empty();
    for d in &ders {
        // A CA file may hold certificates webpki cannot use as anchors; the
        // verifier wrapper still knows them (exact-match acceptance).
        let _ = store.add(d.clone());
    }
    Ok((ders, store))
}

/// The client context; the verifier is returned too, since it records the chain.
pub fn client(plan: &ClientPlan) -> Result<(Arc<ClientConfig>, Arc<Verifier>)> {
    let provider = provider();
    let (anchors, store) = roots(&plan.trust)?;
    let verifier = Arc::new(Verifier::new(plan, anchors, store, provider.clone())?);
    let builder = ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(&versions(plan.min, plan.max)?)
        .map_err(|e| Error::usage(format!("TLS versions: {e}")))?
        .dangerous()
        .with_custom_certificate_verifier(verifier.clone());
    let mut config = match &plan.identity {
        Some((cert, key)) => builder
            .with_client_auth_cert(load_certs(cert)?, load_key(key)?)
            .map_err(|e| Error::usage(format!("--cert/--key: {e}")))?,
        None => builder.with_no_client_auth(),
    };
    config.alpn_protocols = plan.alpn.clone();
    Ok((Arc::new(config), verifier))
}

/// What a server presents: its chain and key, and the fingerprint of its
/// certificate (for the listening line).
pub struct Identity {
    pub chain: Vec<CertificateDer<'static>>,
    pub key: PrivateKeyDer<'static>,
    pub fingerprint: String,
    /// Made at start (no --cert).
    pub generated: bool,
}

pub fn identity(plan: &ServerPlan) -> Result<Identity> {
    let (chain, key, generated) = match &plan.identity {
        Some((cert, key)) => (load_certs(cert)?, load_key(key)?, false),
        None => {
            let (c, k) = throwaway(&plan.names)?;
            (vec![c], k, true)
        }
    };
    let fingerprint = super::fingerprint(&chain[0]);
    Ok(Identity {
        chain,
        key,
        fingerprint,
        generated,
    })
}

/// A self-signed P-256 certificate for `names` (DNS names and IP addresses).
fn throwaway(names: &[String]) -> Result<(CertificateDer<'static>, PrivateKeyDer<'static>)> {
    let fail = |e: rcgen::Error| Error::failed(format!("making a throwaway certificate: {e}"));
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).map_err(fail)?;
    let mut params = rcgen::CertificateParams::new(names.to_vec()).map_err(fail)?;
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "sockx throwaway certificate");
    let cert = params.self_signed(&key).map_err(fail)?;
    let key = PrivateKeyDer::try_from(key.serialize_der())
        .map_err(|e| Error::failed(format!("throwaway key: {e}")))?;
    Ok((cert.der().clone(), key))
}

/// The server context; the hello recorder gives what each client offered.
pub fn server(plan: &ServerPlan, id: &Identity) -> Result<(Arc<ServerConfig>, Arc<HelloRecorder>)> {
    let provider = server_provider();
    let builder = ServerConfig::builder_with_provider(provider.clone())
        .with_protocol_versions(&versions(plan.min, plan.max)?)
        .map_err(|e| Error::usage(format!("TLS versions: {e}")))?;
    let builder = match &plan.client_ca {
        Some(ca) => {
            let (_, store) = roots(&Trust::File(ca.clone()))?;
            let v = rustls::server::WebPkiClientVerifier::builder_with_provider(
                Arc::new(store),
                provider.clone(),
            )
            .build()
            .map_err(|e| Error::usage(format!("--cafile {}: {e}", ca.display())))?;
            builder.with_client_cert_verifier(v)
        }
        None => builder.with_no_client_auth(),
    };
    let key = provider
        .key_provider
        .load_private_key(id.key.clone_key())
        .map_err(|e| Error::usage(format!("--key: {e}")))?;
    let certified = Arc::new(rustls::sign::CertifiedKey::new(id.chain.clone(), key));
    certified
        .keys_match()
        .map_err(|e| Error::usage(format!("--cert and --key do not belong together: {e}")))?;
    let recorder = Arc::new(HelloRecorder::new(certified));
    let mut config = builder.with_cert_resolver(recorder.clone());
    config.ignore_client_order = true;
    config.alpn_protocols = plan.alpn.clone();
    Ok((Arc::new(config), recorder))
}
