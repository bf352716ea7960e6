//! The TLS versions a client offered, as `listen --tls` reports them (issue
//! 12): `versions` in the client_hello JSON event and on the -v line, read
//! from the ClientHello's supported_versions extension (or its legacy
//! version when there is none), on the relay's path and the echo server's.

use super::*;

/// `sockx ARGS listen --tls … 127.0.0.1 0` (stdin /dev/null), waited for.
fn serve(pki: &Pki, global: &[&str], extra: &[&str]) -> (Proc, u16) {
    let (chain, key) = (pki.path("chain.pem"), pki.path("leaf.key"));
    let mut a = global.to_vec();
    a.push("listen");
    a.extend_from_slice(extra);
    a.extend(["--tls", "--cert", &chain, "--key", &key, "127.0.0.1", "0"]);
    super::super::tcp::listener(&a, In::Null, Sink::Capture)
}

fn hellos(out: &super::super::util::Out) -> Vec<serde_json::Value> {
    out.events()
        .into_iter()
        .filter(|e| e["event"] == "client_hello")
        .collect()
}

/// python3's ssl client, default context (minimum TLS 1.2), and one with
/// maximum_version TLS 1.2 (no supported_versions extension then).
const PY_CLIENT: &str = r#"
import ssl
ctx = ssl.create_default_context(cafile=sys.argv[2])
if sys.argv[3] == "1.2":
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=20), server_hostname="localhost")
print(s.version())
s.sendall(b"hello\n")
if sys.argv[4] == "echo":
    got = b""
    while len(got) < 6:
        d = s.recv(64)
        if not d:
            break
        got += d
    assert got == b"hello\n", got
else:
    recv_all(s)
s.close()
"#;

/// openssl s_client -tls1_2 offers only TLS 1.2 (the legacy version, no
/// extension); -v says so on the "client offered" line and JSON in the event.
#[test]
fn tls_listen_shows_versions_offered_by_s_client_tls1_2() {
    if !tools() {
        return;
    }
    let pki = Pki::new();
    for json in [false, true] {
        let global: &[&str] = if json { &["--json"] } else { &[] };
        let extra: &[&str] = if json { &[] } else { &["-v"] };
        let (srv, port) = serve(&pki, global, extra);
        let connect = format!("127.0.0.1:{port}");
        let c = cmd(
            "openssl",
            ["s_client", "-connect", &connect, "-tls1_2", "-quiet"],
        )
        .run();
        let s = srv.finish();
        assert_eq!(s.code, 0, "{}", s.err());
        if json {
            let h = hellos(&s);
            assert_eq!(h.len(), 1, "{}", s.err());
            assert_eq!(
                h[0]["versions"],
                serde_json::json!(["TLSv1.2"]),
                "{}",
                c.err()
            );
        } else {
            let line = s.err();
            let line = line
                .lines()
                .find(|l| l.starts_with("client offered:"))
                .unwrap_or_else(|| panic!("no client offered line: {}", s.err()));
            assert!(line.contains(", versions TLSv1.2,"), "{line}");
        }
    }
}

/// python3's ssl with its default context offers TLS 1.3 and 1.2; capped
/// at 1.2 it offers 1.2 only. The same through the echo server's event
/// loop (listen -k --echo --tls).
#[test]
fn tls_listen_shows_versions_offered_by_python_ssl() {
    if !tools() {
        return;
    }
    let pki = Pki::new();
    let root = pki.path("root.pem");
    for (cap, want, version) in [
        ("none", serde_json::json!(["TLSv1.3", "TLSv1.2"]), "TLSv1.3"),
        ("1.2", serde_json::json!(["TLSv1.2"]), "TLSv1.2"),
    ] {
        let (srv, port) = serve(&pki, &["--json"], &[]);
        let py =
            super::super::tcp::python_run(PY_CLIENT, &[&port.to_string(), &root, cap, "relay"]);
        assert_eq!(py.out().trim(), version);
        let s = srv.finish();
        assert_eq!(s.code, 0, "{}", s.err());
        let h = hellos(&s);
        assert_eq!(h.len(), 1, "{}", s.err());
        assert_eq!(h[0]["versions"], want, "cap {cap}");
        let (echo, port) = serve(&pki, &["--json"], &["-k", "--echo"]);
        let py = super::super::tcp::python_run(PY_CLIENT, &[&port.to_string(), &root, cap, "echo"]);
        assert_eq!(py.out().trim(), version);
        echo.signal(libc::SIGTERM);
        let s = echo.finish();
        let h = hellos(&s);
        assert_eq!(h.len(), 1, "{}", s.err());
        assert_eq!(h[0]["versions"], want, "echo, cap {cap}");
    }
}

/// python3's ssl over a MemoryBIO: its ClientHello sent in three pieces,
/// 100 ms apart (so sockx reads them one by one), then the handshake.
const PY_PIECES: &str = r#"
import ssl
port, ca = int(sys.argv[1]), sys.argv[2]
ctx = ssl.create_default_context(cafile=ca)
inc, out = ssl.MemoryBIO(), ssl.MemoryBIO()
obj = ctx.wrap_bio(inc, out, server_hostname="localhost")
s = socket.create_connection(("127.0.0.1", port), timeout=20)
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
try:
    obj.do_handshake()
except ssl.SSLWantReadError:
    pass
hello = out.read()
for piece in (hello[:3], hello[3:60], hello[60:]):
    s.sendall(piece)
    time.sleep(0.1)
while True:
    try:
        obj.do_handshake()
        break
    except ssl.SSLWantReadError:
        o = out.read()
        if o:
            s.sendall(o)
        d = s.recv(65536)
        if not d:
            raise SystemExit("EOF during the handshake")
        inc.write(d)
o = out.read()
if o:
    s.sendall(o)
print(obj.version())
try:
    obj.unwrap()
except ssl.SSLWantReadError:
    pass
s.sendall(out.read())
s.shutdown(socket.SHUT_WR)
while s.recv(65536):
    pass
"#;

/// A ClientHello that arrives in pieces is still read: its versions are in
/// the event, on the relay's path and the echo server's.
#[test]
fn tls_listen_reads_versions_from_a_hello_in_pieces() {
    if !tools() {
        return;
    }
    let pki = Pki::new();
    for extra in [&[][..], &["-k", "--echo"][..]] {
        let (mut srv, port) = serve(&pki, &["--json"], extra);
        let p = crate::tcp::python_run(PY_PIECES, &[&port.to_string(), &pki.path("root.pem")]);
        assert_eq!(p.out().trim(), "TLSv1.3");
        let hello = srv.line("\"client_hello\"");
        let v: serde_json::Value = serde_json::from_str(&hello).expect("json");
        assert_eq!(
            v["versions"],
            serde_json::json!(["TLSv1.3", "TLSv1.2"]),
            "{extra:?}: {hello}"
        );
        if extra.is_empty() {
            let s = srv.finish();
            assert_eq!(s.code, 0, "{}", s.err());
        } else {
            srv.signal(libc::SIGTERM);
            srv.finish();
        }
    }
}
