//! `connect --proxy` against real proxies: ncat's HTTP proxy (`ncat -l
//! --proxy-type http`) and a small SOCKS5/SOCKS4a server written here in
//! python3 (loopback only) that records what it was asked, so the tests see
//! that the target's name went to the proxy unresolved (socks5h).

use crate::tcp::{In, Proc, Sink, python_bg, python_server};
use crate::util::{free_port, have, required};

/// SOCKS server: argv[1] = "USER:PASS" required (or "-"), argv[2] = reply
/// code to give instead of connecting (or "-"). Prints (on stderr) one line
/// per request: `v5 atyp=3 host=localhost port=N` (or v4a/v4), then relays.
const PY_SOCKS: &str = r#"
import threading, struct
auth = None if sys.argv[1] == "-" else sys.argv[1].encode()
refuse = None if sys.argv[2] == "-" else int(sys.argv[2])
s = tcp_server(); s.settimeout(None); ready(s)
def exact(c, n):
    b = b""
    while len(b) < n:
        d = c.recv(n - len(b))
        if not d: raise EOFError
        b += d
    return b
def pipe(a, b):
    try:
        while True:
            d = a.recv(65536)
            if not d: break
            b.sendall(d)
        b.shutdown(socket.SHUT_WR)
    except OSError:
        pass
def relay(c, host, port):
    u = socket.create_connection((host, port), timeout=20)
    t = threading.Thread(target=pipe, args=(u, c)); t.start()
    pipe(c, u); t.join(); u.close(); c.close()
def serve(c):
    c.settimeout(20)
    v = exact(c, 1)[0]
    if v == 5:
        n = exact(c, 1)[0]; methods = exact(c, n)
        if auth:
            if 2 not in methods:
                c.sendall(b"\x05\xff"); c.close(); return
            c.sendall(b"\x05\x02")
            exact(c, 1); u = exact(c, exact(c, 1)[0]); p = exact(c, exact(c, 1)[0])
            ok = u + b":" + p == auth
            c.sendall(b"\x01" + (b"\x00" if ok else b"\x01"))
            if not ok: c.close(); return
        else:
            c.sendall(b"\x05\x00")
        ver, cmd, _, atyp = exact(c, 4)
        if atyp == 3: host = exact(c, exact(c, 1)[0]).decode()
        elif atyp == 1: host = socket.inet_ntop(socket.AF_INET, exact(c, 4))
        else: host = socket.inet_ntop(socket.AF_INET6, exact(c, 16))
        port = struct.unpack(">H", exact(c, 2))[0]
        print("v5 atyp=%d host=%s port=%d" % (atyp, host, port), file=sys.stderr, flush=True)
        if refuse is not None:
            c.sendall(bytes([5, refuse, 0, 1, 0, 0, 0, 0, 0, 0])); c.close(); return
        c.sendall(b"\x05\x00\x00\x01\x7f\x00\x00\x01\x00\x00")
    else:
        cmd = exact(c, 1); port = struct.unpack(">H", exact(c, 2))[0]; ip = exact(c, 4)
        rest = b""
        while rest.count(b"\0") < (2 if ip[:3] == b"\0\0\0" else 1):
            rest += exact(c, 1)
        if ip[:3] == b"\0\0\0":
            host = rest.split(b"\0")[1].decode(); kind = "v4a"
        else:
            host = socket.inet_ntoa(ip); kind = "v4"
        print("%s host=%s port=%d" % (kind, host, port), file=sys.stderr, flush=True)
        if refuse is not None:
            c.sendall(bytes([0, refuse]) + b"\0" * 6); c.close(); return
        c.sendall(b"\x00\x5a" + b"\0" * 6)
    relay(c, host, port)
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
"#;

/// The target: reads one line, answers `got: LINE`, closes.
const PY_LINE_SERVER: &str = r#"
s = tcp_server(); ready(s)
c, _ = s.accept(); c.settimeout(20)
line = b""
while not line.endswith(b"\n"):
    d = c.recv(1)
    if not d: break
    line += d
c.sendall(b"got: " + line); c.close()
"#;

/// sockx connect ARGS to localhost 9 (no target: the proxy refuses first).
fn refused(args: &[&str]) -> crate::util::Out {
    let mut a = args.to_vec();
    a.extend_from_slice(&["localhost", "9"]);
    crate::util::sockx(a).run()
}

/// sockx connect ARGS with a line on stdin held open until the target has
/// answered and closed (some proxies end the tunnel at the client's FIN).
fn through(args: &[&str]) -> crate::util::Out {
    let (target, tport) = python_server(PY_LINE_SERVER, &[]);
    let tport = tport.to_string();
    let mut a = args.to_vec();
    a.extend_from_slice(&["localhost", &tport]);
    let mut c = Proc::sockx(&a, In::Open, Sink::Capture);
    use std::io::Write;
    c.stdin().write_all(b"hello proxy\n").unwrap();
    target.finish().ok();
    c.finish()
}

#[test]
fn proxy_socks5_sends_the_name_and_relays() {
    let (mut px, pport) = python_server(PY_SOCKS, &["-", "-"]);
    let p = format!("127.0.0.1:{pport}");
    let out = through(&["--trace", "connect", "--proxy", &p]);
    out.ok();
    assert_eq!(out.out(), "got: hello proxy\n");
    // The name went to the proxy as a name (atyp 3): no local lookup.
    assert!(px.line("v5 ").starts_with("v5 atyp=3 host=localhost"));
    let err = out.err();
    assert!(
        err.contains("socks5(greeting, methods=[0x00 no authentication])"),
        "{err}"
    );
    assert!(err.contains("= 0x00 succeeded"), "{err}");
    assert!(
        !err.contains("getaddrinfo('localhost'"),
        "the target was looked up locally: {err}"
    );
}

#[test]
fn proxy_socks5_auth_and_refusals() {
    let (mut px, pport) = python_server(PY_SOCKS, &["alice:s3cret", "-"]);
    let p = format!("127.0.0.1:{pport}");
    let out = through(&["connect", "--proxy", &p, "--proxy-auth", "alice:s3cret"]);
    out.ok();
    assert_eq!(out.out(), "got: hello proxy\n");
    px.line("v5 ");
    // No credentials: the proxy accepts no method (exit 1, with a hint).
    let out = refused(&["connect", "--proxy", &p]);
    out.code(1).error_line("0xff no acceptable methods");
    assert!(out.err().contains("--proxy-auth"), "{}", out.err());
    refused(&["connect", "--proxy", &p, "--proxy-auth", "alice:wrong"])
        .code(1)
        .error_line("refused the username/password");
    drop(px);
    // The proxy's refusal code, explained.
    let (_px, pport) = python_server(PY_SOCKS, &["-", "5"]);
    let p = format!("127.0.0.1:{pport}");
    let out = refused(&["--trace", "connect", "--proxy", &p]);
    out.code(1).error_line("0x05 connection refused");
    assert!(
        out.err().contains("socks5(connect, \"localhost\""),
        "{}",
        out.err()
    );
}

#[test]
fn proxy_socks4a() {
    let (mut px, pport) = python_server(PY_SOCKS, &["-", "-"]);
    let p = format!("127.0.0.1:{pport}");
    let out = through(&["connect", "--proxy", &p, "--proxy-type", "socks4"]);
    out.ok();
    assert_eq!(out.out(), "got: hello proxy\n");
    assert!(px.line("v4").starts_with("v4a host=localhost"));
    drop(px);
    let (_px, pport) = python_server(PY_SOCKS, &["-", "91"]);
    let p = format!("127.0.0.1:{pport}");
    refused(&["connect", "--proxy", &p, "--proxy-type", "socks4"])
        .code(1)
        .error_line("0x5b request rejected or failed");
    crate::util::sockx([
        "connect",
        "--proxy",
        &p,
        "--proxy-type",
        "socks4",
        "--proxy-auth",
        "a:b",
        "x",
        "1",
    ])
    .run()
    .code(2);
}

/// ncat's HTTP proxy (a real one): CONNECT, Basic auth, and its refusals.
#[test]
fn proxy_http_against_ncat() {
    if !have("ncat") {
        assert!(!required(), "ncat missing");
        eprintln!("skipped: ncat not installed");
        return;
    }
    let start = |extra: &[&str]| {
        let port = free_port().to_string();
        let mut a = vec!["-l", "-k", "--proxy-type", "http"];
        a.extend_from_slice(extra);
        a.extend_from_slice(&["127.0.0.1", &port]);
        let p = Proc::start("ncat", &a, In::Null, Sink::Null);
        let port: u16 = port.parse().unwrap();
        crate::tcp::wait_tcp_listening(port);
        (p, format!("127.0.0.1:{port}"))
    };
    let (_px, p) = start(&[]);
    let out = through(&["--trace", "connect", "--proxy", &p, "--proxy-type", "http"]);
    out.ok();
    assert_eq!(out.out(), "got: hello proxy\n");
    assert!(
        out.err().contains("http(CONNECT localhost:"),
        "{}",
        out.err()
    );
    assert!(out.err().contains(" 200 "), "{}", out.err());
    // A target nobody listens on: the proxy's status is the reason, exit 1.
    let closed = crate::tcp::closed_port();
    crate::util::sockx([
        "connect",
        "--proxy",
        &p,
        "--proxy-type",
        "http",
        "127.0.0.1",
        &closed.port.to_string(),
    ])
    .run()
    .code(1)
    .error_line("refused CONNECT 127.0.0.1:");

    let (_px, p) = start(&["--proxy-auth", "bob:pw"]);
    let out = through(&[
        "connect",
        "--proxy",
        &p,
        "--proxy-type",
        "http",
        "--proxy-auth",
        "bob:pw",
    ]);
    out.ok();
    assert_eq!(out.out(), "got: hello proxy\n");
    let out = crate::util::sockx([
        "connect",
        "--proxy",
        &p,
        "--proxy-type",
        "http",
        "127.0.0.1",
        "9",
    ])
    .run();
    out.code(1).error_line("407");
    assert!(out.err().contains("--proxy-auth"), "{}", out.err());
}

/// A proxy that accepts and never answers: -w bounds each wait for its
/// reply (exit 4, naming the proxy); one that speaks another protocol is
/// named as not a SOCKS5 proxy (exit 1).
#[test]
fn proxy_silent_or_foreign() {
    let (_px, pport) = python_server(
        r#"
s = tcp_server(); s.settimeout(None); ready(s)
c, _ = s.accept(); c.settimeout(30)
c.recv(100)
c.recv(100)
"#,
        &[],
    );
    let p = format!("127.0.0.1:{pport}");
    refused(&["connect", "-w", "300ms", "--proxy", &p])
        .code(4)
        .error_line("did not answer");
    let (_px, pport) = python_server(
        r#"
s = tcp_server(); s.settimeout(None); ready(s)
c, _ = s.accept(); c.settimeout(30)
c.sendall(b"SSH-2.0-OpenSSH_9.6\r\n")
c.recv(100)
"#,
        &[],
    );
    let p = format!("127.0.0.1:{pport}");
    refused(&["connect", "-w", "5s", "--proxy", &p])
        .code(1)
        .error_line("is not a SOCKS5 proxy");
}

/// --proxy with -z or -U, or --proxy-auth without --proxy: usage errors.
#[test]
fn proxy_usage_errors() {
    for bad in [
        &["connect", "--proxy", "127.0.0.1:1", "-z", "127.0.0.1", "80"][..],
        &["connect", "--proxy", "127.0.0.1:1", "-U", "/tmp/x"],
        &["connect", "--proxy-auth", "a:b", "127.0.0.1", "9"],
        &[
            "connect",
            "--proxy",
            "127.0.0.1:1",
            "--proxy-auth",
            "nocolon",
            "127.0.0.1",
            "9",
        ],
        &["connect", "--proxy", ":1080", "127.0.0.1", "9"],
    ] {
        crate::util::sockx(bad).run().code(2);
    }
    let _ = python_bg;
}
