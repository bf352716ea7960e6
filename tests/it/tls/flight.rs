//! The server's first flight leaves in two writes (issue 12, handshakes/s):
//! ServerHello .. Certificate before the signature is made, CertificateVerify
//! (TLS 1.3) or ServerKeyExchange (TLS 1.2) after it, so that the client
//! checks the chain while the server signs (the vendored rustls's
//! `set_early_writer`, vendor/README.md). python3's ssl is the oracle: it
//! completes the handshake and verifies the chain from records it is fed one
//! by one, and the script says which records came and what they held.

use super::*;
use crate::tcp::python_run;

/// python3's ssl client over a MemoryBIO: sends its ClientHello, then feeds
/// the server's records one at a time until its handshake is done. Prints
/// one line per record received before then: `TYPE LEN` and, for a
/// plaintext handshake record (TLS 1.2), the handshake message types in it.
/// Then it sends `ping`, reads the echo (argv[4] == "echo") or sends
/// close_notify and waits for the server's, and prints `ok VERSION`.
const PY_RECORDS: &str = r#"
import ssl
port, ca, ver, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
ctx = ssl.create_default_context(cafile=ca)
if ver == "1.2":
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
else:
    ctx.minimum_version = ssl.TLSVersion.TLSv1_3
inc, out = ssl.MemoryBIO(), ssl.MemoryBIO()
obj = ctx.wrap_bio(inc, out, server_hostname="localhost")
s = socket.create_connection(("127.0.0.1", port), timeout=20)
def step():
    try:
        obj.do_handshake()
        return True
    except ssl.SSLWantReadError:
        return False
    finally:
        o = out.read()
        if o:
            s.sendall(o)
done = step()
buf, plain = b"", True
while not done:
    d = s.recv(65536)
    if not d:
        raise SystemExit("EOF during the handshake")
    buf += d
    while len(buf) >= 5 and len(buf) >= 5 + int.from_bytes(buf[3:5], "big"):
        n = 5 + int.from_bytes(buf[3:5], "big")
        rec, buf = buf[:n], buf[n:]
        line = "%d %d" % (rec[0], n - 5)
        if rec[0] == 20:
            plain = False
        if rec[0] == 22 and plain:
            body, types = rec[5:], []
            while len(body) >= 4:
                types.append(body[0])
                body = body[4 + int.from_bytes(body[1:4], "big"):]
            line += " " + ",".join(map(str, types))
        print(line, flush=True)
        inc.write(rec)
        if not done:
            done = step()
def pump_in():
    d = s.recv(65536)
    if not d:
        raise SystemExit("EOF before the reply")
    inc.write(d)
obj.write(b"ping")
s.sendall(out.read())
if mode == "echo":
    got = b""
    while got != b"ping":
        try:
            got += obj.read(64)
        except ssl.SSLWantReadError:
            pump_in()
else:
    try:
        obj.unwrap()
    except ssl.SSLWantReadError:
        pass
    s.sendall(out.read())
    while True:
        try:
            obj.unwrap()
            break
        except ssl.SSLWantReadError:
            s.sendall(out.read())
            pump_in()
print("ok", obj.version(), flush=True)
s.close()
"#;

/// The records python3 saw before its handshake was done: (type, handshake
/// message types when readable).
fn records(out: &str) -> Vec<(u8, Vec<u8>)> {
    out.lines()
        .take_while(|l| !l.starts_with("ok "))
        .map(|l| {
            let mut w = l.split_whitespace();
            let t = w.next().unwrap().parse().unwrap();
            let _len = w.next();
            let types = w
                .next()
                .map(|s| s.split(',').map(|x| x.parse().unwrap()).collect())
                .unwrap_or_default();
            (t, types)
        })
        .collect()
}

fn serve(pki: &Pki, echo: bool) -> (Proc, u16) {
    let extra: &[&str] = if echo { &["-k", "--echo"] } else { &[] };
    tls_listener(pki, extra, In::Null, Sink::Capture)
}

/// The records python3 saw with TLS `version` against the echo server and
/// the relay (which must then have relayed the client's `ping`), each
/// checked by `check(records, what python printed)`.
fn each_server(version: &str, check: impl Fn(&[(u8, Vec<u8>)], &str)) {
    let pki = Pki::new();
    for echo in [true, false] {
        let (srv, port) = serve(&pki, echo);
        let mode = if echo { "echo" } else { "relay" };
        let p = python_run(
            PY_RECORDS,
            &[&port.to_string(), &pki.path("root.pem"), version, mode],
        );
        let out = p.out();
        assert!(out.contains(&format!("ok TLSv{version}")), "{out}");
        check(&records(&out), &format!("{mode}: {out}"));
        if echo {
            srv.signal(libc::SIGTERM);
            srv.finish();
        } else {
            let s = srv.finish();
            assert_eq!(s.code, 0, "{}", s.err());
            assert_eq!(s.out(), "ping");
        }
    }
}

/// TLS 1.3: ServerHello, ChangeCipherSpec, then two encrypted records
/// (EncryptedExtensions + Certificate; CertificateVerify + Finished) where a
/// single flight would make one.
#[test]
fn tls13_certificate_leaves_in_its_own_record_before_the_signature() {
    if !tools() {
        return;
    }
    each_server("1.3", |r, what| {
        let types: Vec<u8> = r.iter().map(|x| x.0).collect();
        assert_eq!(types, [22, 20, 23, 23], "{what}");
    });
}

/// TLS 1.2 (plaintext handshake): the first record holds ServerHello (2)
/// and Certificate (11), the second ServerKeyExchange (12) and
/// ServerHelloDone (14).
#[test]
fn tls12_certificate_leaves_before_the_server_key_exchange() {
    if !tools() {
        return;
    }
    each_server("1.2", |r, what| {
        assert!(r.len() >= 2, "{what}");
        assert_eq!(r[0], (22, vec![2, 11]), "{what}");
        assert_eq!(r[1], (22, vec![12, 14]), "{what}");
    });
}

/// The trace at -vv shows it: after the ClientHello is read, two writes of
/// records before anything more is read.
#[test]
fn tls_listen_trace_shows_the_flight_in_two_writes() {
    if !tools() {
        return;
    }
    let pki = Pki::new();
    let (srv, port) = tls_listener(&pki, &["--trace", "-vv"], In::Null, Sink::Capture);
    let p = python_run(
        PY_RECORDS,
        &[&port.to_string(), &pki.path("root.pem"), "1.3", "relay"],
    );
    assert!(p.out().contains("ok TLSv1.3"), "{}", p.out());
    let s = srv.finish();
    assert_eq!(s.code, 0, "{}", s.err());
    let err = s.err();
    let recs: Vec<&str> = err
        .lines()
        .filter(|l| l.ends_with("(TLS records)") || l.contains("(TLS records)"))
        .filter(|l| !l.contains("EAGAIN"))
        .collect();
    assert!(recs.len() >= 3, "{err}");
    assert!(recs[0].starts_with("read("), "{err}");
    assert!(recs[1].starts_with("writev("), "{err}");
    assert!(recs[2].starts_with("writev("), "{err}");
}

/// A client that sends its ClientHello and resets at once: the early write
/// meets the reset (and consumes it from the socket; the next write would
/// only say EPIPE), and the error sockx reports is still the reset.
#[test]
fn tls_reset_after_client_hello_is_reported_as_a_reset() {
    if !tools() {
        return;
    }
    let pki = Pki::new();
    let (srv, port) = serve(&pki, false);
    let code = r#"
import ssl, struct
ctx = ssl.create_default_context(cafile=sys.argv[2])
inc, out = ssl.MemoryBIO(), ssl.MemoryBIO()
obj = ctx.wrap_bio(inc, out, server_hostname="localhost")
try:
    obj.do_handshake()
except ssl.SSLWantReadError:
    pass
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=20)
s.sendall(out.read())
s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
s.close()
"#;
    python_run(code, &[&port.to_string(), &pki.path("root.pem")]);
    let s = srv.finish();
    assert_eq!(s.code, 1, "{}", s.err());
    let err = s.err();
    assert!(
        err.contains("TLS handshake") && err.contains("ECONNRESET"),
        "{err}"
    );
}
