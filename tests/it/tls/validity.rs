//! Certificates outside their validity period through the binary (issue
//! 12): a leaf valid only from next year and one that expired last year,
//! both signed by the test intermediate with `openssl ca -startdate
//! -enddate` (OpenSSL 3's `x509 -req` cannot date a certificate in the
//! future). `sockx tls --json` reports the exact notBefore/notAfter that
//! `openssl x509` prints and a verdict naming the date (exit 5);
//! `connect --tls` is exit 5 with the reason; `--insecure` connects and
//! warns; a chain with two problems lists both.

use super::*;

/// This year (UTC), from date(1).
fn year() -> i32 {
    let out = cmd("date", ["-u", "+%Y"]).run();
    out.out().trim().parse().expect("year")
}

/// `NAME.pem`/`NAME.key`: a leaf for `san`, valid from `start` to `end`
/// (YYMMDDHHMMSSZ), signed by the intermediate with `openssl ca`.
fn dated(pki: &Pki, name: &str, san: &str, start: &str, end: &str) {
    let d = pki.dir.path();
    std::fs::write(
        d.join("ca.cnf"),
        "[ca]\ndefault_ca = test\n[test]\ndatabase = index.txt\nserial = serial\n\
         new_certs_dir = newcerts\ndefault_md = sha256\npolicy = anything\n\
         unique_subject = no\n[anything]\ncommonName = supplied\n",
    )
    .unwrap();
    std::fs::create_dir_all(d.join("newcerts")).unwrap();
    if !d.join("index.txt").exists() {
        std::fs::write(d.join("index.txt"), "").unwrap();
        std::fs::write(d.join("serial"), "1000\n").unwrap();
    }
    let ext = format!("{name}.ext");
    std::fs::write(
        d.join(&ext),
        format!("basicConstraints=CA:FALSE\nsubjectAltName={san}\nextendedKeyUsage=serverAuth\n"),
    )
    .unwrap();
    let (key, csr, pem) = (
        format!("{name}.key"),
        format!("{name}.csr"),
        format!("{name}.pem"),
    );
    let mut r = vec!["req", "-new", "-newkey", "ec", "-pkeyopt"];
    r.extend([
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-subj",
        "/CN=localhost",
    ]);
    r.extend(["-keyout", &key, "-out", &csr]);
    openssl(d, &r);
    openssl(
        d,
        &[
            "ca",
            "-batch",
            "-notext",
            "-config",
            "ca.cnf",
            "-cert",
            "int.pem",
            "-keyfile",
            "int.key",
            "-startdate",
            start,
            "-enddate",
            end,
            "-in",
            &csr,
            "-out",
            &pem,
            "-extfile",
            &ext,
        ],
    );
}

/// The future leaf (valid from next year) and the expired one (until last
/// January), with their dates as RFC 3339.
struct Dated {
    pki: Pki,
    future_from: String,
    expired_until: String,
}

fn make() -> Dated {
    let pki = Pki::new();
    let y = year();
    let yy = |y: i32| format!("{:02}", y % 100);
    let san = "DNS:localhost,IP:127.0.0.1";
    let (f0, f1) = (
        format!("{}0102030405Z", yy(y + 1)),
        format!("{}0102030405Z", yy(y + 2)),
    );
    dated(&pki, "future", san, &f0, &f1);
    let (e0, e1) = (
        format!("{}0304050607Z", yy(y - 2)),
        format!("{}0304050607Z", yy(y - 1)),
    );
    dated(&pki, "expired", san, &e0, &e1);
    Dated {
        pki,
        future_from: format!("{}-01-02T03:04:05Z", y + 1),
        expired_until: format!("{}-03-04T05:06:07Z", y - 1),
    }
}

/// `openssl x509 -noout FIELD` (`-startdate`/`-enddate`) as RFC 3339,
/// through python's ssl.cert_time_to_seconds.
fn x509_date(pki: &Pki, name: &str, field: &str) -> String {
    let out = cmd("openssl", ["x509", "-noout", field, "-in", &pki.path(name)]).run();
    let v = out.out();
    let v = v.trim().split_once('=').expect("field=value").1.to_string();
    super::super::util::python(&format!(
        "import ssl, datetime\nt = ssl.cert_time_to_seconds({v:?})\nprint(datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'))"
    ))
    .trim()
    .to_string()
}

/// s_server with NAME.pem + the intermediate (its stdin held open: it stops
/// at its stdin's EOF).
fn serve(pki: &Pki, name: &str) -> (Proc, u16) {
    let (pem, key) = (
        pki.path(&format!("{name}.pem")),
        pki.path(&format!("{name}.key")),
    );
    s_server(
        pki,
        &[
            "-cert",
            &pem,
            "-key",
            &key,
            "-cert_chain",
            &pki.path("int.pem"),
        ],
        In::Open,
    )
}

fn problems(r: &serde_json::Value) -> Vec<String> {
    r["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| p.as_str().unwrap_or_default().to_string())
        .collect()
}

/// sockx tls --json: the dates are openssl's, and the verdict says "not
/// yet valid" / "expired" with that date; exit 5, and only that problem.
#[test]
fn tls_report_not_yet_valid_and_expired_dates() {
    if !tools() {
        return;
    }
    let d = make();
    for (name, field, key, want, date) in [
        (
            "future",
            "-startdate",
            "not_before",
            "not yet valid: ",
            &d.future_from,
        ),
        (
            "expired",
            "-enddate",
            "not_after",
            "expired: ",
            &d.expired_until,
        ),
    ] {
        let (_s, port) = serve(&d.pki, name);
        let root = d.pki.path("root.pem");
        let out = sockx([
            "--json",
            "tls",
            "--cafile",
            &root,
            "localhost",
            &port.to_string(),
        ])
        .run();
        out.code(5);
        let r = out.json();
        assert_eq!(r["verdict"], "failed", "{name}: {r}");
        let file = format!("{name}.pem");
        let leaf = &r["sent"][0];
        assert_eq!(leaf["sha256"], d.pki.fingerprint(&file), "{name}");
        assert_eq!(leaf[key], x509_date(&d.pki, &file, field), "{name} {key}");
        assert_eq!(leaf[key], date.as_str(), "{name} {key}");
        let other = if key == "not_before" {
            ("not_after", "-enddate")
        } else {
            ("not_before", "-startdate")
        };
        assert_eq!(leaf[other.0], x509_date(&d.pki, &file, other.1), "{name}");
        let p = problems(&r);
        assert_eq!(p.len(), 1, "{name}: {p:?}");
        assert!(
            p[0].starts_with(want) && p[0].contains(date.as_str()),
            "{name}: {p:?}"
        );
    }
}

/// connect --tls: exit 5 with the reason and the date, nothing relayed;
/// --insecure connects, relays, and warns with the same reason.
#[test]
fn tls_connect_not_yet_valid_and_expired() {
    if !tools() {
        return;
    }
    let d = make();
    for (name, reason, date) in [
        ("future", "not yet valid", &d.future_from),
        ("expired", "expired", &d.expired_until),
    ] {
        let root = d.pki.path("root.pem");
        let (_s, port) = serve(&d.pki, name);
        let p = port.to_string();
        let out = sockx(["connect", "--tls", "--cafile", &root, "localhost", &p])
            .stdin("never sent\n")
            .run();
        out.code(5);
        let e = out.err();
        assert!(
            e.contains("sockx: error:") && e.contains(reason) && e.contains(date.as_str()),
            "{name}: {e}"
        );
        let (srv, port) = serve(&d.pki, name);
        let p = port.to_string();
        let out = sockx([
            "connect",
            "--tls",
            "--insecure",
            "--cafile",
            &root,
            "localhost",
            &p,
        ])
        .stdin("sent anyway\n")
        .run();
        assert_eq!(out.code, 0, "{name} --insecure: {}", out.err());
        let e = out.err();
        assert!(
            e.contains("--insecure") && e.contains(reason) && e.contains(date.as_str()),
            "{name}: {e}"
        );
        let s = srv.finish();
        assert_eq!(s.out(), "sent anyway\n", "{name}: {}", s.err());
    }
}

/// Two problems in one chain (not yet valid, and a name it was not made
/// for): the report and connect's error list both.
#[test]
fn tls_not_yet_valid_and_name_mismatch_both_listed() {
    if !tools() {
        return;
    }
    let d = make();
    let root = d.pki.path("root.pem");
    let (_s, port) = serve(&d.pki, "future");
    let p = port.to_string();
    let out = sockx([
        "--json",
        "tls",
        "--cafile",
        &root,
        "--sni",
        "other.test",
        "127.0.0.1",
        &p,
    ])
    .run();
    out.code(5);
    let list = problems(&out.json());
    assert_eq!(list.len(), 2, "{list:?}");
    assert!(
        list.iter().any(|p| p.starts_with("not yet valid: ")),
        "{list:?}"
    );
    assert!(
        list.iter().any(|p| p.starts_with("name mismatch")),
        "{list:?}"
    );
    let (_s, port) = serve(&d.pki, "future");
    let p = port.to_string();
    let out = sockx([
        "connect",
        "--tls",
        "--cafile",
        &root,
        "--sni",
        "other.test",
        "127.0.0.1",
        &p,
    ])
    .stdin("")
    .run();
    out.code(5);
    let e = out.err();
    assert!(
        e.contains("not yet valid") && e.contains("name mismatch"),
        "{e}"
    );
}
