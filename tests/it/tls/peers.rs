//! connect --tls and listen --tls with real peers: bytes both ways (sha256),
//! verification on by default and its failures (exit 5, every reason), the
//! OpenSSL 3 CA:TRUE certificate trusted by --cafile and --pin, close_notify
//! both ways and a peer that closes TCP without it.

use super::*;

/// sockx connect --tls to python's ssl server (a chain: leaf +
/// intermediate), verified against the root only; 2 MiB each way at once,
/// and each side's close_notify ends the other's reading.
#[test]
fn tls_connect_verifies_chain_and_moves_bytes_both_ways() {
    if !tools() {
        return;
    }
    let pki = Pki::new();
    let to_srv = random_bytes(2 << 20, 71);
    let from_srv = random_bytes((2 << 20) + 9, 72);
    let d = TempDir::new("tlsbytes");
    let code = r#"
import ssl, hashlib
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(sys.argv[1], sys.argv[2])
data = open(sys.argv[3], "rb").read()
s = tcp_server()
ready(s)
c, _ = s.accept()
t = ctx.wrap_socket(c, server_side=True)
got = tls_exchange(t, data)
print(hashlib.sha256(got).hexdigest(), len(got))
t.unwrap()
"#;
    let from = file(d.path(), "from", &from_srv);
    let (srv, port) = python_server(
        code,
        &[
            &pki.path("chain.pem"),
            &pki.path("leaf.key"),
            from.to_str().unwrap(),
        ],
    );
    let c = Proc::sockx(
        &[
            "--json",
            "connect",
            "--tls",
            "--cafile",
            &pki.path("root.pem"),
            "localhost",
            &port.to_string(),
        ],
        In::Bytes(to_srv.clone()),
        Sink::Capture,
    )
    .finish();
    let s = srv.finish();
    assert_eq!(c.code, 0, "{}", c.err());
    same_bytes(&c.stdout, &from_srv, "python ssl → sockx connect --tls");
    let want = format!("{} {}\n", super::super::util::sha256(&to_srv), to_srv.len());
    assert_eq!(
        s.out(),
        want,
        "sockx connect --tls → python ssl: {}",
        s.err()
    );
    let tls: Vec<_> = c
        .events()
        .into_iter()
        .filter(|e| e["event"] == "tls")
        .collect();
    assert_eq!(tls.len(), 1, "{}", c.err());
    assert_eq!(tls[0]["verified_by"], "chain");
    assert_eq!(tls[0]["version"], "TLSv1.3");
    assert_eq!(tls[0]["peer_sha256"], pki.fingerprint("leaf.pem"));
    let eof: Vec<_> = c
        .events()
        .into_iter()
        .filter(|e| e["event"] == "tls_eof")
        .collect();
    assert_eq!(eof[0]["eof"], "close_notify");
}

/// Verification is on by default: the system store does not hold the test
/// root, so the handshake fails with exit 5 and says why.
#[test]
fn tls_connect_untrusted_is_exit_5_with_reason() {
    if !tools() {
        return;
    }
    let pki = Pki::new();
    let (_srv, port) = s_server(
        &pki,
        &[
            "-cert",
            &pki.path("leaf.pem"),
            "-key",
            &pki.path("leaf.key"),
        ],
        In::Null,
    );
    let out = sockx(["connect", "--tls", "127.0.0.1", &port.to_string()]).run();
    out.code(5);
    assert!(out.err().contains("missing intermediate"), "{}", out.err());
    assert!(
        out.err().contains("sockx test intermediate"),
        "{}",
        out.err()
    );
}

/// The `openssl req -x509` certificate (CA:TRUE, which rustls refuses as a
/// server certificate) is accepted when it is the --cafile or the --pin;
/// a wrong pin is exit 5 naming the fingerprint seen.
#[test]
fn tls_openssl3_self_signed_ca_cert_trusted_by_cafile_and_pin() {
    if !tools() {
        return;
    }
    let pki = Pki::new();
    let fp = pki.fingerprint("self.pem");
    let pin_colons = format!("sha256:{fp}");
    let pin_plain = format!("sha256:{}", fp.replace(':', "").to_lowercase());
    let wrong = format!("sha256:{}", "00".repeat(32));
    for (args, code) in [
        (vec!["--cafile", &pki.path("self.pem")][..].to_vec(), 0),
        (vec!["--pin", &pin_colons], 0),
        (vec!["--pin", &pin_plain], 0),
        (vec!["--pin", &wrong], 5),
        (vec![], 5),
    ] {
        let (srv, port) = s_server(
            &pki,
            &[
                "-cert",
                &pki.path("self.pem"),
                "-key",
                &pki.path("self.key"),
            ],
            In::Bytes(b"from server\n".to_vec()),
        );
        let p = port.to_string();
        let mut a = vec!["connect", "--tls"];
        a.extend(args.iter().copied());
        a.extend(["127.0.0.1", &p]);
        let out = sockx(&a).stdin("hi\n").run();
        assert_eq!(out.code, code, "{a:?}: {}", out.err());
        if code == 0 {
            assert_eq!(out.out(), "from server\n");
        } else if args.is_empty() {
            assert!(out.err().contains("self-signed"), "{}", out.err());
            assert!(out.err().contains("CA:TRUE"), "{}", out.err());
        } else {
            assert!(out.err().contains(&fp), "{a:?}: {}", out.err());
        }
        drop(srv);
    }
}

/// A name the certificate does not carry: exit 5, the expected and the
/// presented names; --insecure connects and still lists the problem.
#[test]
fn tls_name_mismatch_explained_and_insecure_still_warns() {
    if !tools() {
        return;
    }
    let pki = Pki::new();
    let ca = pki.path("root.pem");
    let srv_args = [
        "-cert",
        &pki.path("leaf.pem"),
        "-key",
        &pki.path("leaf.key"),
        "-cert_chain",
        &pki.path("int.pem"),
    ];
    let (_s, port) = s_server(&pki, &srv_args, In::Null);
    let p = port.to_string();
    let out = sockx([
        "connect",
        "--tls",
        "--cafile",
        &ca,
        "--sni",
        "wrong.example",
        "127.0.0.1",
        &p,
    ])
    .run();
    out.code(5);
    assert!(
        out.err().contains("expected 'wrong.example'"),
        "{}",
        out.err()
    );
    assert!(out.err().contains("DNS:localhost"), "{}", out.err());
    let (_s, port) = s_server(&pki, &srv_args, In::Null);
    let p = port.to_string();
    let out = sockx([
        "connect",
        "--tls",
        "--insecure",
        "--cafile",
        &ca,
        "--sni",
        "wrong.example",
        "127.0.0.1",
        &p,
    ])
    .run();
    assert_eq!(out.code, 0, "{}", out.err());
    assert!(
        out.err().contains("--insecure: name mismatch"),
        "{}",
        out.err()
    );
}

/// listen --tls without --cert: a throwaway certificate whose fingerprint
/// is printed; python's ssl client sees exactly that certificate (the pin
/// a user would use), and bytes go both ways with close_notify.
#[test]
fn tls_listen_throwaway_cert_fingerprint_matches_python_client() {
    if !tools() {
        return;
    }
    let (mut srv, port) = super::super::tcp::listener(
        &["listen", "--tls", "127.0.0.1", "0"],
        In::Bytes(b"hello from sockx\n".to_vec()),
        Sink::Capture,
    );
    let line = srv.line("--pin sha256:");
    let fp = line.rsplit("sha256:").next().unwrap().trim().to_string();
    let code = r#"
import ssl, hashlib
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", int(sys.argv[1]))), server_hostname="localhost")
der = s.getpeercert(binary_form=True)
print(":".join("%02X" % b for b in hashlib.sha256(der).digest()))
s.sendall(b"hello from python\n")
data = b""
while True:
    d = s.recv(65536)
    if not d:
        break
    data += d
print(data.decode().strip())
s.unwrap()
"#;
    let out = super::super::tcp::python_run(code, &[&port.to_string()]);
    let lines: Vec<_> = out.out().lines().map(str::to_string).collect();
    assert_eq!(lines[0], fp);
    assert_eq!(lines[1], "hello from sockx");
    let s = srv.finish();
    s.ok();
    assert_eq!(s.stdout, b"hello from python\n");
}

/// listen --tls with a chain, sockx connect --tls to it: 8 MiB each way,
/// sha256 both ways, both sides end on close_notify (no warning).
#[test]
fn tls_listen_and_connect_big_transfer_both_ways() {
    if !tools() {
        return;
    }
    let pki = Pki::new();
    let d = TempDir::new("tlsbig");
    let up = random_bytes((8 << 20) + 13, 81);
    let down = random_bytes((8 << 20) + 17, 82);
    let (srv, port) = tls_listener(
        &pki,
        &[],
        In::File(file(d.path(), "down", &down)),
        Sink::Capture,
    );
    let c = Proc::sockx(
        &[
            "connect",
            "--tls",
            "--cafile",
            &pki.path("root.pem"),
            "localhost",
            &port.to_string(),
        ],
        In::File(file(d.path(), "up", &up)),
        Sink::Capture,
    )
    .finish();
    let s = srv.finish();
    assert_eq!(c.code, 0, "{}", c.err());
    assert_eq!(s.code, 0, "{}", s.err());
    same_bytes(&c.stdout, &down, "listen --tls → connect --tls");
    same_bytes(&s.stdout, &up, "connect --tls → listen --tls");
    assert!(!c.err().contains("close_notify"), "{}", c.err());
    assert!(!s.err().contains("close_notify"), "{}", s.err());
}

/// A server that closes TCP without close_notify: the data arrives, and the
/// missing close_notify is a warning and a tls_eof event, not silence.
#[test]
fn tls_peer_without_close_notify_is_reported() {
    if !tools() {
        return;
    }
    let pki = Pki::new();
    let code = r#"
import ssl
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(sys.argv[1], sys.argv[2])
s = tcp_server()
ready(s)
c, _ = s.accept()
t = ctx.wrap_socket(c, server_side=True)
t.sendall(b"cut\n")
c2 = socket.socket(fileno=t.detach())
c2.shutdown(socket.SHUT_RDWR)
c2.close()
"#;
    let (_srv, port) = python_server(code, &[&pki.path("chain.pem"), &pki.path("leaf.key")]);
    let out = sockx([
        "--json",
        "connect",
        "--tls",
        "--cafile",
        &pki.path("root.pem"),
        "localhost",
        &port.to_string(),
    ])
    .stdin("")
    .run();
    assert_eq!(out.out(), "cut\n");
    assert!(
        out.err().contains("without a TLS close_notify"),
        "{}",
        out.err()
    );
    let eof: Vec<_> = out
        .events()
        .into_iter()
        .filter(|e| e["event"] == "tls_eof")
        .collect();
    assert_eq!(eof.len(), 1, "{}", out.err());
    assert_eq!(eof[0]["eof"], "tcp_fin");
}
