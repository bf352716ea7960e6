//! listen -k --tls's carry (issue 14): as over plain TCP (tests/it/tcp/
//! carry.rs), a first python3 ssl client with a small receive window reads
//! a little and resets (SO_LINGER 0), a second reads to close_notify. The
//! relay hands plaintext to rustls, whose records may still wait for the
//! socket when the reset comes; such bytes are not counted as sent (the
//! TlsStream reports them WouldBlock until their records left), so they stay
//! in the relay's buffer and go to the next connection, once. The record is
//! -x --json: a `data` event out is plaintext whose records the kernel took.
//! The two connections' events together must be stdin exactly (nothing held
//! dropped, nothing sent twice), and the second client must get exactly its
//! connection's. (What the kernel took for the connection that reset is gone
//! with it, as over plain TCP; no client can see it.)

use super::*;
use crate::tcp::carry::{Run, check_stream};
use crate::tcp::python_run;

const CLIENT: &str = r#"
import ssl, struct
port, want, out, ca = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
ctx = ssl.create_default_context(cafile=ca)
c = socket.socket()
if want >= 0:
    c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
c.settimeout(30)
c.connect(("127.0.0.1", port))
s = ctx.wrap_socket(c, server_hostname="localhost")
got = bytearray()
if want >= 0:
    while len(got) < want:
        d = s.recv(min(4096, want - len(got)))
        if not d:
            break
        got += d
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
else:
    while True:
        d = s.recv(65536)
        if not d:
            break
        got += d
s.close()
open(out, "wb").write(got)
"#;

fn numbered(n: usize) -> Vec<u8> {
    let mut v = Vec::new();
    for i in 0..n {
        v.extend_from_slice(format!("line {i:06}\n").as_bytes());
    }
    v
}

fn two_clients(opts: &[&str], input: Vec<u8>, first: usize) -> Run {
    let pki = Pki::new();
    let dir = TempDir::new("tlscarry");
    let (chain, key) = (pki.path("chain.pem"), pki.path("leaf.key"));
    let mut args = vec!["--json", "listen", "-k", "-x"];
    args.extend_from_slice(opts);
    args.extend(["--tls", "--cert", &chain, "--key", &key, "127.0.0.1", "0"]);
    let (mut srv, port) = crate::tcp::listener(&args, In::Bytes(input), Sink::Null);
    let port = port.to_string();
    let ca = pki.path("root.pem");
    let (o1, o2) = (dir.path().join("c1"), dir.path().join("c2"));
    let (o1s, o2s) = (o1.to_string_lossy(), o2.to_string_lossy());
    python_run(CLIENT, &[&port, &first.to_string(), &o1s, &ca]);
    let warning = srv.line("\"warning\"");
    assert!(
        warning.contains("ECONNRESET") || warning.contains("EPIPE"),
        "{warning}"
    );
    python_run(CLIENT, &[&port, "-1", &o2s, &ca]);
    srv.line("\"closed\"");
    srv.signal(libc::SIGTERM);
    let out = srv.finish();
    out.code(143);
    Run::of(&out, &o1, &o2)
}

#[test]
fn tls_reset_mid_upload_carries_what_rustls_held() {
    if !tools() {
        return;
    }
    let input = numbered(200_000);
    let want = input.clone();
    check_stream(&two_clients(&[], input, 20_000), &want);
}

#[test]
fn tls_crlf_reset_mid_upload_carries_the_rest() {
    if !tools() {
        return;
    }
    let input = numbered(200_000);
    let want: Vec<u8> = String::from_utf8(input.clone())
        .unwrap()
        .replace('\n', "\r\n")
        .into_bytes();
    check_stream(&two_clients(&["-C"], input, 20_000), &want);
}
