//! Certificates read and explained (x509-parser): the fields `sockx tls`
//! reports, the chain as built from what was sent and what is trusted, and
//! every reason it fails — not only the first, and with the facts a user
//! needs (the date it expired, the names expected and presented, which
//! issuer is missing and whether it is an intermediate or a root).

use std::net::IpAddr;

use rustls::pki_types::CertificateDer;
use serde::Serialize;
use x509_parser::extensions::GeneralName;
use x509_parser::prelude::{FromDer, X509Certificate};
use x509_parser::public_key::PublicKey;

/// One certificate's fields, as `openssl x509 -noout -text` would give them.
#[derive(Debug, Clone, Serialize)]
pub struct CertInfo {
    pub subject: String,
    pub issuer: String,
    pub sans: Vec<String>,
    /// RFC 3339, UTC.
    pub not_before: String,
    pub not_after: String,
    /// Whole days until not_after (negative: expired that long ago).
    pub days_left: i64,
    /// "EC P-256", "RSA 2048", "Ed25519".
    pub key: String,
    pub signature_algorithm: String,
    /// As `openssl x509 -fingerprint -sha256` prints it.
    pub sha256: String,
    pub is_ca: bool,
    pub self_signed: bool,
    /// Where the built chain took it from: "sent" or "trust store".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct Analysis {
    pub sent: Vec<CertInfo>,
    pub built: Vec<CertInfo>,
    /// Reported by the caller, beside what the verifier itself refused.
    #[serde(skip)]
    pub problems: Vec<String>,
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Days since 1970-01-01 → (year, month, day) (Howard Hinnant's civil_from_days).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

pub fn rfc3339(ts: i64) -> String {
    let (y, m, d) = civil(ts.div_euclid(86_400));
    let s = ts.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

fn san_names(c: &X509Certificate) -> Option<Vec<String>> {
    let san = c.subject_alternative_name().ok().flatten()?;
    Some(
        san.value
            .general_names
            .iter()
            .filter_map(|g| match g {
                GeneralName::DNSName(d) => Some(format!("DNS:{d}")),
                GeneralName::IPAddress(b) => ip_of(b).map(|ip| format!("IP:{ip}")),
                _ => None,
            })
            .collect(),
    )
}

fn ip_of(b: &[u8]) -> Option<IpAddr> {
    match b.len() {
        4 => Some(IpAddr::from(<[u8; 4]>::try_from(b).ok()?)),
        16 => Some(IpAddr::from(<[u8; 16]>::try_from(b).ok()?)),
        _ => None,
    }
}

fn key_text(c: &X509Certificate) -> String {
    let spki = c.public_key();
    match spki.parsed() {
        Ok(PublicKey::RSA(r)) => format!("RSA {}", r.key_size()),
        Ok(PublicKey::EC(e)) => {
            let curve = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.as_oid().ok())
                .map(|o| match o.to_id_string().as_str() {
                    "1.2.840.10045.3.1.7" => "P-256".to_string(),
                    "1.3.132.0.34" => "P-384".to_string(),
                    "1.3.132.0.35" => "P-521".to_string(),
                    other => other.to_string(),
                })
                .unwrap_or_default();
            format!("EC {curve} ({} bits)", e.key_size())
        }
        _ => match spki.algorithm.algorithm.to_id_string().as_str() {
            "1.3.101.112" => "Ed25519".into(),
            "1.3.101.113" => "Ed448".into(),
            other => other.to_string(),
        },
    }
}

fn sig_name(c: &X509Certificate) -> String {
    let oid = &c.signature_algorithm.algorithm;
    x509_parser::objects::oid2sn(oid, x509_parser::objects::oid_registry())
        .map(str::to_string)
        .unwrap_or_else(|_| oid.to_id_string())
}

fn info(c: &X509Certificate, der: &[u8]) -> CertInfo {
    let nb = c.validity().not_before.timestamp();
    let na = c.validity().not_after.timestamp();
    CertInfo {
        subject: c.subject().to_string(),
        issuer: c.issuer().to_string(),
        sans: san_names(c).unwrap_or_default(),
        not_before: rfc3339(nb),
        not_after: rfc3339(na),
        days_left: (na - now()).div_euclid(86_400),
        key: key_text(c),
        signature_algorithm: sig_name(c),
        sha256: super::fingerprint(der),
        is_ca: c.is_ca(),
        self_signed: c.subject().as_raw() == c.issuer().as_raw(),
        source: None,
    }
}

/// getpeercert() as Python shows it (its main keys), for the trace.
pub fn py_cert(der: &CertificateDer<'_>) -> String {
    let Ok((_, c)) = X509Certificate::from_der(der) else {
        return "{}".into();
    };
    let i = info(&c, der);
    let sans: Vec<String> = i
        .sans
        .iter()
        .map(|s| match s.split_once(':') {
            Some(("IP", ip)) => format!("('IP Address', '{ip}')"),
            Some((k, v)) => format!("('{k}', '{v}')"),
            None => format!("'{s}'"),
        })
        .collect();
    format!(
        "{{'subject': '{}', 'issuer': '{}', 'notBefore': '{}', 'notAfter': '{}', 'subjectAltName': ({}), 'sha256': '{}'}}",
        i.subject,
        i.issuer,
        i.not_before,
        i.not_after,
        sans.join(", "),
        i.sha256
    )
}

/// Whether `issuer` issued `cert`: the names chain and its key made the signature.
fn issued(issuer: &X509Certificate, cert: &X509Certificate) -> bool {
    issuer.subject().as_raw() == cert.issuer().as_raw()
        && cert.verify_signature(Some(issuer.public_key())).is_ok()
}

/// Whether a certificate name matches `want` (one-label wildcards, case-insensitive).
pub(super) fn dns_matches(pattern: &str, want: &str) -> bool {
    let (p, w) = (pattern.to_ascii_lowercase(), want.to_ascii_lowercase());
    let (p, w) = (p.trim_end_matches('.'), w.trim_end_matches('.'));
    match p.strip_prefix("*.") {
        Some(rest) => w
            .split_once('.')
            .is_some_and(|(first, tail)| !first.is_empty() && tail == rest),
        None => p == w,
    }
}

/// Does the certificate name `want` (a DNS name or an IP address)?
fn names_ok(c: &X509Certificate, want: &str) -> bool {
    let ip: Option<IpAddr> = want.trim_matches(['[', ']']).parse().ok();
    let Ok(Some(san)) = c.subject_alternative_name() else {
        return false;
    };
    san.value.general_names.iter().any(|g| match (g, ip) {
        (GeneralName::IPAddress(b), Some(ip)) => ip_of(b) == Some(ip),
        (GeneralName::DNSName(d), None) => dns_matches(d, want),
        _ => false,
    })
}

/// The chain as sent, the chain as built, and every problem. `name` is
/// the name the client checks; a certificate that is itself an anchor (or
/// pinned) is not faulted for being a CA or self-signed.
pub fn analyse(
    chain: &[CertificateDer<'static>],
    name: &str,
    anchors: &[CertificateDer<'static>],
    pin: Option<[u8; 32]>,
) -> Analysis {
    let mut a = Analysis::default();
    let parsed: Vec<_> = chain
        .iter()
        .filter_map(|d| X509Certificate::from_der(d).ok().map(|(_, c)| (c, d)))
        .collect();
    let roots: Vec<_> = anchors
        .iter()
        .filter_map(|d| X509Certificate::from_der(d).ok().map(|(_, c)| (c, d)))
        .collect();
    a.sent = parsed.iter().map(|(c, d)| info(c, d)).collect();
    let Some((leaf, leaf_der)) = parsed.first() else {
        if !chain.is_empty() {
            a.problems
                .push("the server's certificate could not be parsed".into());
        }
        return a;
    };
    let trusted_itself = anchors.iter().any(|r| r.as_ref() == leaf_der.as_ref())
        || pin.is_some_and(|p| p == super::sha256(leaf_der));
    let t = now();

    // Build: from the leaf, the issuer among what was sent, else among the anchors.
    let mut built: Vec<(&X509Certificate, &[u8], &'static str)> =
        vec![(leaf, leaf_der.as_ref(), "sent")];
    let mut end = None;
    while built.len() < 10 {
        let (cur, cur_der, _) = built[built.len() - 1];
        if trusted_itself && built.len() == 1 {
            end = Some(Ok(()));
            break;
        }
        if let Some((r, rd)) = roots
            .iter()
            .find(|(r, rd)| rd.as_ref() != cur_der && issued(r, cur))
        {
            built.push((r, rd.as_ref(), "trust store"));
            end = Some(Ok(()));
            break;
        }
        if roots.iter().any(|(_, rd)| rd.as_ref() == cur_der) {
            end = Some(Ok(()));
            break;
        }
        if cur.subject().as_raw() == cur.issuer().as_raw() {
            end = Some(Err(true));
            break;
        }
        match parsed
            .iter()
            .find(|(p, pd)| pd.as_ref() != cur_der && issued(p, cur))
        {
            Some((p, pd)) => built.push((p, pd.as_ref(), "sent")),
            None => {
                end = Some(Err(false));
                break;
            }
        }
    }
    for (c, d, src) in &built {
        let mut i = info(c, d);
        i.source = Some(src);
        a.built.push(i);
    }

    for (c, _, _) in &built {
        let v = c.validity();
        let who = c.subject().to_string();
        if v.not_after.timestamp() < t {
            a.problems.push(format!(
                "expired: '{who}' was valid until {} ({} days ago)",
                rfc3339(v.not_after.timestamp()),
                (t - v.not_after.timestamp()) / 86_400
            ));
        }
        if v.not_before.timestamp() > t {
            a.problems.push(format!(
                "not yet valid: '{who}' is valid from {} (in {} days)",
                rfc3339(v.not_before.timestamp()),
                (v.not_before.timestamp() - t) / 86_400 + 1
            ));
        }
    }
    if !names_ok(leaf, name) {
        let presented = match san_names(leaf) {
            Some(n) if !n.is_empty() => n.join(", "),
            _ => format!(
                "no subjectAltName (the subject '{}' is not used for names)",
                leaf.subject()
            ),
        };
        a.problems.push(format!(
            "name mismatch: expected '{name}', the certificate names {presented}"
        ));
    }
    if leaf.is_ca() && !trusted_itself {
        a.problems.push(
            "a CA certificate (basicConstraints CA:TRUE) is used as the server certificate: \
             TLS clients refuse it as an end entity (trust that very certificate with --cafile or --pin)"
                .into(),
        );
    }
    if let Ok(Some(ku)) = leaf.key_usage()
        && !ku.value.digital_signature()
        && !ku.value.key_encipherment()
    {
        a.problems.push(format!(
            "wrong key usage: the certificate allows only {} (a TLS server needs digitalSignature or keyEncipherment)",
            ku.value
        ));
    }
    if let Ok(Some(eku)) = leaf.extended_key_usage()
        && !eku.value.server_auth
        && !eku.value.any
    {
        a.problems.push(
            "wrong extended key usage: the certificate is not for TLS servers (no serverAuth)"
                .into(),
        );
    }
    for (c, _, src) in built.iter().skip(1) {
        if *src == "sent" && !c.is_ca() {
            a.problems.push(format!(
                "'{}' issues a certificate in the chain but is not a CA",
                c.subject()
            ));
        }
    }
    match end {
        Some(Err(true)) if built.len() == 1 => a.problems.push(format!(
            "self-signed: '{}' signed itself and is not in the trust store (trust it with --cafile or --pin)",
            leaf.subject()
        )),
        Some(Err(true)) => {
            let (root, _, _) = built[built.len() - 1];
            a.problems.push(format!(
                "untrusted root: the chain ends in '{}', which the server sent but the trust store does not hold",
                root.subject()
            ))
        }
        Some(Err(false)) => {
            let (last, _, _) = built[built.len() - 1];
            a.problems.push(format!(
                "missing intermediate: the issuer '{}' of '{}' was not sent by the server and is not in the trust store",
                last.issuer(),
                last.subject()
            ))
        }
        _ => {}
    }
    a
}
