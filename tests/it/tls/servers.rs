//! listen --tls --verify-client, listen -k --echo --tls (handshakes inside
//! the event loop), --starttls smtp|imap|pop3, a close_notify that comes
//! with the data, and interop with ncat --ssl and socat OPENSSL both ways.

use super::*;

/// listen --tls --verify-client: python's ssl client with the leaf as
/// client certificate gets in; s_client without one fails the handshake (exit 5).
#[test]
fn tls_listen_verify_client_with_s_client() {
    if !tools() {
        return;
    }
    let pki = Pki::new();
    let (srv, port) = super::super::tcp::listener(
        &[
            "--json",
            "listen",
            "--tls",
            "--verify-client",
            "--cafile",
            &pki.path("root.pem"),
            "127.0.0.1",
            "0",
        ],
        In::Null,
        Sink::Capture,
    );
    // python's ssl client with the leaf (and its intermediate) as client certificate.
    let code = r#"
import ssl
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
ctx.load_cert_chain(sys.argv[2], sys.argv[3])
s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", int(sys.argv[1]))), server_hostname="localhost")
s.sendall(b"with cert\n")
recv_all(s)
s.unwrap()
"#;
    super::super::tcp::python_run(
        code,
        &[
            &port.to_string(),
            &pki.path("chain.pem"),
            &pki.path("leaf.key"),
        ],
    );
    let s = srv.finish();
    assert_eq!(s.code, 0, "{}", s.err());
    assert_eq!(s.stdout, b"with cert\n");
    let tls: Vec<_> = s
        .events()
        .into_iter()
        .filter(|e| e["event"] == "tls")
        .collect();
    assert_eq!(tls[0]["peer_sha256"], pki.fingerprint("leaf.pem"));
    let hello: Vec<_> = s
        .events()
        .into_iter()
        .filter(|e| e["event"] == "client_hello")
        .collect();
    assert_eq!(hello.len(), 1);
    assert!(hello[0]["cipher_suites"].as_array().unwrap().len() > 1);
    let (srv, port) = super::super::tcp::listener(
        &[
            "listen",
            "--tls",
            "--verify-client",
            "--cafile",
            &pki.path("root.pem"),
            "127.0.0.1",
            "0",
        ],
        In::Null,
        Sink::Capture,
    );
    let connect = format!("127.0.0.1:{port}");
    let _ = Proc::start(
        "openssl",
        &["s_client", "-connect", &connect, "-quiet"],
        In::Bytes(b"x\n".to_vec()),
        Sink::Capture,
    )
    .finish();
    let s = srv.finish();
    assert_eq!(s.code, 5, "{}", s.err());
}

/// listen -k --echo --tls: handshakes run inside the event loop, so a
/// client that connected and never sent its ClientHello holds nobody up;
/// python clients get their bytes back (up to 4 MiB, sent while reading).
#[test]
fn tls_echo_server_handshakes_in_the_loop() {
    if !tools() {
        return;
    }
    let (srv, port) = super::super::tcp::listener(
        &[
            "--json",
            "listen",
            "-k",
            "--echo",
            "--tls",
            "127.0.0.1",
            "0",
        ],
        In::Null,
        Sink::Capture,
    );
    let code = r#"
import ssl
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
port = int(sys.argv[1])
stall = socket.create_connection(("127.0.0.1", port))
def one(n):
    s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=20), server_hostname="localhost")
    data = os.urandom(n)
    got = tls_exchange(s, data, want=n)
    s.close()
    return got == data or (n, len(got))
r = [one(n) for n in (1, 100000, 4 << 20)]
print(all(x is True for x in r), r)
"#;
    let out = super::super::tcp::python_run(code, &[&port.to_string()]);
    assert!(out.out().starts_with("True"), "{} {}", out.out(), out.err());
    srv.signal(libc::SIGTERM);
    let s = srv.finish();
    let tls = s
        .events()
        .into_iter()
        .filter(|e| e["event"] == "tls")
        .count();
    let hello = s
        .events()
        .into_iter()
        .filter(|e| e["event"] == "client_hello")
        .count();
    assert_eq!((tls, hello), (3, 3), "{}", s.err());
}

/// --starttls smtp|imap|pop3: the plain-text upgrade dialogue with a python
/// server that checks each command, then TLS; the dialogue shows in --trace,
/// and `sockx tls --starttls` reports on the upgraded session.
#[test]
fn tls_starttls_smtp_imap_pop3() {
    if !tools() {
        return;
    }
    let pki = Pki::new();
    let code = r#"
import ssl
proto = sys.argv[3]
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(sys.argv[1], sys.argv[2])
s = tcp_server()
ready(s)
for _ in range(2):
    c, _ = s.accept()
    f = c.makefile("rb")
    if proto == "smtp":
        c.sendall(b"220-mail.test ESMTP\r\n220 ready\r\n")
        assert f.readline().startswith(b"EHLO ")
        c.sendall(b"250-mail.test\r\n250 STARTTLS\r\n")
        assert f.readline() == b"STARTTLS\r\n"
        c.sendall(b"220 go ahead\r\n")
    elif proto == "imap":
        c.sendall(b"* OK IMAP4rev1 ready\r\n")
        assert f.readline() == b"a1 STARTTLS\r\n"
        c.sendall(b"a1 OK begin TLS\r\n")
    else:
        c.sendall(b"+OK POP3 ready\r\n")
        assert f.readline() == b"STLS\r\n"
        c.sendall(b"+OK begin TLS\r\n")
    t = ctx.wrap_socket(c, server_side=True)
    t.sendall(b"secret " + proto.encode() + b"\n")
    t.unwrap()
    c.close()
"#;
    for proto in ["smtp", "imap", "pop3"] {
        let (_srv, port) = python_server(
            code,
            &[&pki.path("chain.pem"), &pki.path("leaf.key"), proto],
        );
        let p = port.to_string();
        let out = sockx([
            "--trace",
            "connect",
            "-w",
            "10",
            "--tls",
            "--starttls",
            proto,
            "--cafile",
            &pki.path("root.pem"),
            "localhost",
            &p,
        ])
        .run();
        assert_eq!(out.code, 0, "{proto}: {}", out.err());
        assert_eq!(out.out(), format!("secret {proto}\n"));
        let hello = match proto {
            "smtp" => "STARTTLS",
            "imap" => "a1 STARTTLS",
            _ => "STLS",
        };
        assert!(
            out.err().contains("send(") && out.err().contains("ctx.wrap_socket"),
            "{}",
            out.err()
        );
        let _ = hello;
        let r = sockx([
            "--json",
            "tls",
            "-w",
            "10",
            "--starttls",
            proto,
            "--cafile",
            &pki.path("root.pem"),
            "localhost",
            &p,
        ])
        .run();
        assert_eq!(r.code, 0, "{proto}: {}", r.err());
        assert_eq!(r.json()["verdict"], "ok");
    }
}

/// Regression: a close_notify that arrives in the same read as the last
/// data used to leave the relay polling for a FIN the peer never sent (the
/// server keeps its socket open after unwrap()). It ends at once now.
#[test]
fn tls_close_notify_with_the_data_ends_without_fin() {
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
assert t.recv(100) == b"ping\n"
t.sendall(b"pong\n")
raw = t.unwrap()
time.sleep(30)
"#;
    let (_srv, port) = python_server(code, &[&pki.path("chain.pem"), &pki.path("leaf.key")]);
    let started = std::time::Instant::now();
    let out = sockx([
        "connect",
        "-w",
        "20",
        "--tls",
        "--cafile",
        &pki.path("root.pem"),
        "localhost",
        &port.to_string(),
    ])
    .stdin("ping\n")
    .run();
    assert_eq!(out.code, 0, "{}", out.err());
    assert_eq!(out.out(), "pong\n");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(15),
        "waited for a FIN"
    );
}

/// ncat --ssl and socat OPENSSL as clients of listen --tls, and socat
/// OPENSSL-LISTEN as the server of connect --tls: bytes both ways.
#[test]
fn tls_interop_ncat_and_socat() {
    if !tools() || !have("ncat") || !have("socat") {
        assert!(
            !super::super::util::required(),
            "ncat and socat are required"
        );
        return;
    }
    let pki = Pki::new();
    let d = TempDir::new("tlsinterop");
    let down = random_bytes((1 << 20) + 3, 91);
    let up = random_bytes((1 << 20) + 5, 92);
    let clients: [(&str, Vec<String>); 2] = [
        (
            "ncat",
            vec!["--ssl".into(), "127.0.0.1".into(), "{P}".into()],
        ),
        (
            "socat",
            vec!["-".into(), "OPENSSL:127.0.0.1:{P},verify=0".into()],
        ),
    ];
    for (prog, args) in clients {
        let (srv, port) = tls_listener(
            &pki,
            &[],
            In::File(file(d.path(), "down", &down)),
            Sink::Capture,
        );
        let a: Vec<String> = args
            .iter()
            .map(|a| a.replace("{P}", &port.to_string()))
            .collect();
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let c = Proc::start(prog, &a, In::File(file(d.path(), "up", &up)), Sink::Capture).finish();
        let s = srv.finish();
        assert_eq!(s.code, 0, "{prog}: {}", s.err());
        same_bytes(&s.stdout, &up, &format!("{prog} → listen --tls"));
        same_bytes(&c.stdout, &down, &format!("listen --tls → {prog}"));
    }
    let port = free_port();
    let listen = format!(
        "OPENSSL-LISTEN:{port},bind=127.0.0.1,reuseaddr,cert={},key={},verify=0",
        pki.path("chain.pem"),
        pki.path("leaf.key")
    );
    let srv = Proc::start(
        "socat",
        &["-", &listen],
        In::File(file(d.path(), "down2", &down)),
        Sink::Capture,
    );
    wait_tcp_listening(port);
    let c = Proc::sockx(
        &[
            "connect",
            "--tls",
            "--cafile",
            &pki.path("root.pem"),
            "localhost",
            &port.to_string(),
        ],
        In::File(file(d.path(), "up2", &up)),
        Sink::Capture,
    )
    .finish();
    let s = srv.finish();
    assert_eq!(c.code, 0, "{}", c.err());
    same_bytes(&s.stdout, &up, "connect --tls → socat");
    same_bytes(&c.stdout, &down, "socat → connect --tls");
}
