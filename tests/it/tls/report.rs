//! `sockx tls HOST PORT`: the JSON report deserialised and compared with
//! what `openssl x509` says about the same certificates; the verdict lists
//! every problem (missing intermediate, expired with its date); TLS 1.2-only
//! servers, --tls-min above what the server speaks, ALPN.

use super::*;

fn x509_field(pki: &Pki, name: &str, field: &str) -> String {
    let out = cmd("openssl", ["x509", "-noout", field, "-in", &pki.path(name)]).run();
    out.out().trim().to_string()
}

/// A good chain: verdict ok, exit 0; the fields match openssl's.
#[test]
fn tls_report_json_matches_openssl_x509() {
    if !tools() {
        return;
    }
    let pki = Pki::new();
    let (_s, port) = s_server(
        &pki,
        &[
            "-cert",
            &pki.path("leaf.pem"),
            "-key",
            &pki.path("leaf.key"),
            "-cert_chain",
            &pki.path("int.pem"),
            "-alpn",
            "h2",
        ],
        In::Null,
    );
    let out = sockx([
        "--json",
        "tls",
        "--cafile",
        &pki.path("root.pem"),
        "--alpn",
        "h2,http/1.1",
        "localhost",
        &port.to_string(),
    ])
    .run();
    assert_eq!(out.code, 0, "{}", out.err());
    let r = out.json();
    assert_eq!(r["verdict"], "ok");
    assert_eq!(r["version"], "TLSv1.3");
    assert_eq!(r["alpn"], "h2");
    assert_eq!(r["sni"], "localhost");
    assert_eq!(r["sent"].as_array().unwrap().len(), 2);
    assert_eq!(r["built"].as_array().unwrap().len(), 3);
    assert_eq!(r["built"][2]["source"], "trust store");
    for (i, name) in ["leaf.pem", "int.pem"].iter().enumerate() {
        let c = &r["sent"][i];
        assert_eq!(c["sha256"], pki.fingerprint(name));
        let subject = x509_field(&pki, name, "-subject");
        let cn = subject.rsplit('=').next().unwrap().trim();
        assert!(
            c["subject"].as_str().unwrap().contains(cn),
            "{c} vs {subject}"
        );
        let issuer = x509_field(&pki, name, "-issuer");
        let icn = issuer.rsplit('=').next().unwrap().trim();
        assert!(
            c["issuer"].as_str().unwrap().contains(icn),
            "{c} vs {issuer}"
        );
        assert_eq!(c["key"], "EC P-256 (256 bits)");
        assert_eq!(c["signature_algorithm"], "ecdsa-with-SHA256");
    }
    assert_eq!(
        r["sent"][0]["sans"],
        serde_json::json!(["DNS:localhost", "IP:127.0.0.1", "IP:::1"])
    );
    // Dates: openssl's notAfter, as a UNIX time, equals the report's.
    let na = x509_field(&pki, "leaf.pem", "-enddate");
    let na = na.trim_start_matches("notAfter=");
    let py = super::super::util::python(&format!(
        "import ssl, datetime\nt = ssl.cert_time_to_seconds({na:?})\nprint(datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'))"
    ));
    assert_eq!(r["sent"][0]["not_after"], py.trim());
}

/// The server forgets its intermediate and serves an expired leaf: the
/// report is printed, exit 5, and both problems are in the verdict.
#[test]
fn tls_report_lists_every_problem() {
    if !tools() {
        return;
    }
    let pki = Pki::new();
    let (_s, port) = s_server(
        &pki,
        &["-cert", &pki.path("old.pem"), "-key", &pki.path("old.key")],
        In::Null,
    );
    let out = sockx([
        "--json",
        "tls",
        "--cafile",
        &pki.path("root.pem"),
        "127.0.0.1",
        &port.to_string(),
    ])
    .run();
    out.code(5);
    let r = out.json();
    assert_eq!(r["verdict"], "failed");
    let problems: Vec<String> = r["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    assert!(
        problems.iter().any(|p| p.starts_with("expired:")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("missing intermediate")),
        "{problems:?}"
    );
    assert!(r["sent"][0]["days_left"].as_i64().unwrap() < 0);
    // Human: the same report in words.
    let (_s, port) = s_server(
        &pki,
        &["-cert", &pki.path("old.pem"), "-key", &pki.path("old.key")],
        In::Null,
    );
    let out = sockx([
        "tls",
        "--cafile",
        &pki.path("root.pem"),
        "127.0.0.1",
        &port.to_string(),
    ])
    .run();
    out.code(5);
    assert!(
        out.out().contains("verdict: FAILED (2 problems)"),
        "{}",
        out.out()
    );
}

/// A TLS 1.2-only server: the report says TLSv1.2; --tls-min 1.3 fails
/// with exit 5 (no common version), not exit 1.
#[test]
fn tls_12_only_server_and_tls_min() {
    if !tools() {
        return;
    }
    let pki = Pki::new();
    let srv = [
        "-cert",
        &pki.path("leaf.pem"),
        "-key",
        &pki.path("leaf.key"),
        "-cert_chain",
        &pki.path("int.pem"),
        "-tls1_2",
    ];
    let (_s, port) = s_server(&pki, &srv, In::Null);
    let out = sockx([
        "--json",
        "tls",
        "--cafile",
        &pki.path("root.pem"),
        "localhost",
        &port.to_string(),
    ])
    .run();
    assert_eq!(out.code, 0, "{} {}", out.err(), out.out());
    assert_eq!(out.json()["version"], "TLSv1.2");
    let (_s, port) = s_server(&pki, &srv, In::Null);
    let out = sockx([
        "connect",
        "--tls",
        "--tls-min",
        "1.3",
        "--cafile",
        &pki.path("root.pem"),
        "localhost",
        &port.to_string(),
    ])
    .run();
    out.code(5);
}

/// Bad TLS input is a one-line usage error (exit 2).
#[test]
fn tls_bad_options_are_usage_errors() {
    sockx(["connect", "--tls", "--pin", "sha256:abc", "127.0.0.1", "1"])
        .run()
        .code(2);
    sockx(["connect", "--tls", "--tls-min", "1.1", "127.0.0.1", "1"])
        .run()
        .code(2);
    sockx(["connect", "--cafile", "/nonexistent", "127.0.0.1", "1"])
        .run()
        .code(2);
    sockx([
        "connect",
        "--tls",
        "--cafile",
        "/nonexistent",
        "127.0.0.1",
        "1",
    ])
    .run()
    .code(2);
    sockx([
        "listen",
        "--tls",
        "--cert",
        "/nonexistent",
        "--key",
        "/nonexistent",
        "127.0.0.1",
        "0",
    ])
    .run()
    .code(2);
}

/// An IP address is checked against the IP SANs (what ncat cannot do), and
/// ALPN is agreed both ways between sockx listen and sockx connect.
#[test]
fn tls_ip_san_and_alpn_both_ways() {
    if !tools() {
        return;
    }
    let pki = Pki::new();
    let (_s, port) = s_server(
        &pki,
        &[
            "-cert",
            &pki.path("leaf.pem"),
            "-key",
            &pki.path("leaf.key"),
            "-cert_chain",
            &pki.path("int.pem"),
        ],
        In::Null,
    );
    let out = sockx([
        "--json",
        "tls",
        "--cafile",
        &pki.path("root.pem"),
        "127.0.0.1",
        &port.to_string(),
    ])
    .run();
    assert_eq!(out.code, 0, "{}", out.out());
    assert_eq!(out.json()["verdict"], "ok");
    assert_eq!(
        out.json()["sni"],
        serde_json::Value::Null,
        "no SNI for an IP address"
    );
    let (srv, port) = super::super::tcp::listener(
        &[
            "--json",
            "listen",
            "--tls",
            "--alpn",
            "h2,http/1.1",
            "--cert",
            &pki.path("chain.pem"),
            "--key",
            &pki.path("leaf.key"),
            "127.0.0.1",
            "0",
        ],
        In::Null,
        Sink::Capture,
    );
    let c = sockx([
        "--json",
        "connect",
        "--tls",
        "--alpn",
        "http/1.1",
        "--cafile",
        &pki.path("root.pem"),
        "127.0.0.1",
        &port.to_string(),
    ])
    .run();
    let s = srv.finish();
    assert_eq!(c.code, 0, "{}", c.err());
    let alpn = |o: &super::super::util::Out| {
        o.events()
            .into_iter()
            .find(|e| e["event"] == "tls")
            .map(|e| e["alpn"].clone())
    };
    assert_eq!(alpn(&c), Some(serde_json::json!("http/1.1")));
    assert_eq!(alpn(&s), Some(serde_json::json!("http/1.1")));
    let hello: Vec<_> = s
        .events()
        .into_iter()
        .filter(|e| e["event"] == "client_hello")
        .collect();
    assert_eq!(hello[0]["alpn"], serde_json::json!(["http/1.1"]));
}
