//! TLS through the real binary on loopback (connect --tls, listen --tls,
//! sockx tls), against openssl s_server/s_client and python3's ssl module,
//! with certificates the tests make with openssl into a TempDir: a root, an
//! intermediate and a leaf; the OpenSSL 3 `req -x509` certificate (CA:TRUE);
//! an expired leaf. `table` is the relay's ending table over TLS, `big` 100
//! MB each way, `validity` not-yet-valid and expired leaves (openssl ca),
//! `hello` the versions a client offered, `flight` the server's first flight
//! in two writes.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use super::tcp::{In, Proc, Sink, file, python_server, same_bytes, wait_tcp_listening};
use super::util::{TempDir, cmd, free_port, have, random_bytes, sockx};

mod big;
mod carry;
mod ending;
mod flight;
mod hello;
mod peers;
mod report;
mod servers;
mod table;
mod validity;

/// The python3 TLS peer of the table and the 100 MB test: python's ssl
/// over a MemoryBIO, close_notify/FIN/RST exactly when asked (see its header).
pub const TLS_PEER: &str = include_str!("table/peer.py");

/// Certificates made for one test.
pub struct Pki {
    pub dir: TempDir,
}

fn openssl(dir: &Path, args: &[&str]) {
    // Quick local work (key generation, signing): no peer, nothing to bound.
    let out = std::process::Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

impl Pki {
    /// root → intermediate → leaf (localhost, 127.0.0.1, ::1), an expired
    /// leaf, and a `req -x509` self-signed certificate (CA:TRUE).
    pub fn new() -> Pki {
        let dir = TempDir::new("tls");
        let d = dir.path();
        let ec = [
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
        ];
        let mut a = vec!["req", "-x509"];
        a.extend(ec);
        a.extend([
            "-keyout",
            "root.key",
            "-out",
            "root.pem",
            "-days",
            "30",
            "-subj",
            "/CN=sockx test root",
        ]);
        openssl(d, &a);
        std::fs::write(
            d.join("ca.ext"),
            "basicConstraints=critical,CA:TRUE\nkeyUsage=keyCertSign,cRLSign\n",
        )
        .unwrap();
        std::fs::write(
            d.join("leaf.ext"),
            "basicConstraints=CA:FALSE\nsubjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\nextendedKeyUsage=serverAuth,clientAuth\n",
        )
        .unwrap();
        let issue = |name: &str, cn: &str, ca: &str, ext: &str, days: &str| {
            let mut r = vec!["req", "-new"];
            r.extend(ec);
            let (key, csr, pem) = (
                format!("{name}.key"),
                format!("{name}.csr"),
                format!("{name}.pem"),
            );
            let subj = format!("/CN={cn}");
            r.extend(["-keyout", &key, "-out", &csr, "-subj", &subj]);
            openssl(d, &r);
            let (cap, cak) = (format!("{ca}.pem"), format!("{ca}.key"));
            openssl(
                d,
                &[
                    "x509",
                    "-req",
                    "-in",
                    &csr,
                    "-CA",
                    &cap,
                    "-CAkey",
                    &cak,
                    "-CAcreateserial",
                    "-days",
                    days,
                    "-extfile",
                    ext,
                    "-out",
                    &pem,
                ],
            );
        };
        issue("int", "sockx test intermediate", "root", "ca.ext", "30");
        issue("leaf", "localhost", "int", "leaf.ext", "30");
        issue("old", "localhost", "int", "leaf.ext", "-1");
        let cat = |out: &str, parts: &[&str]| {
            let mut v = Vec::new();
            for p in parts {
                v.extend(std::fs::read(d.join(p)).unwrap());
            }
            std::fs::write(d.join(out), v).unwrap();
        };
        cat("chain.pem", &["leaf.pem", "int.pem"]);
        cat("oldchain.pem", &["old.pem", "int.pem"]);
        let mut s = vec!["req", "-x509"];
        s.extend(ec);
        s.extend([
            "-keyout",
            "self.key",
            "-out",
            "self.pem",
            "-days",
            "30",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ]);
        openssl(d, &s);
        Pki { dir }
    }

    pub fn path(&self, name: &str) -> String {
        self.dir.path().join(name).to_string_lossy().into_owned()
    }

    /// `openssl x509 -noout -fingerprint -sha256` of a certificate: the hex.
    pub fn fingerprint(&self, name: &str) -> String {
        let out = cmd(
            "openssl",
            [
                "x509",
                "-noout",
                "-fingerprint",
                "-sha256",
                "-in",
                &self.path(name),
            ],
        )
        .run();
        out.out().trim().rsplit('=').next().unwrap().to_string()
    }
}

/// openssl s_server on a free port with `args`, serving `stdin` bytes to the
/// client; waited for until it listens.
pub fn s_server(pki: &Pki, args: &[&str], stdin: In) -> (Proc, u16) {
    let port = free_port();
    let accept = format!("127.0.0.1:{port}");
    let mut a = vec!["s_server", "-accept", &accept, "-quiet", "-naccept", "1"];
    a.extend_from_slice(args);
    let p = Proc::start("openssl", &a, stdin, Sink::Capture);
    let _ = pki;
    wait_tcp_listening(port);
    (p, port)
}

/// `sockx listen --tls` with the test chain and key on 127.0.0.1, a free
/// port, and `extra` options before the address; waited for until it listens.
pub fn tls_listener(pki: &Pki, extra: &[&str], stdin: In, stdout: Sink) -> (Proc, u16) {
    let (chain, key) = (pki.path("chain.pem"), pki.path("leaf.key"));
    let mut a = vec!["listen"];
    a.extend_from_slice(extra);
    a.extend(["--tls", "--cert", &chain, "--key", &key, "127.0.0.1", "0"]);
    super::tcp::listener(&a, stdin, stdout)
}

pub fn tools() -> bool {
    if have("openssl") && have("python3") {
        return true;
    }
    assert!(!super::util::required(), "openssl and python3 are required");
    eprintln!("skipped: openssl or python3 missing");
    false
}

pub fn pathbuf(p: &str) -> PathBuf {
    PathBuf::from(p)
}
