//! --allow/--deny/--allow-file/--deny-file on every serving mode (listen's
//! relay, its echo server, forward), IPv4 and IPv6, with python3 clients
//! bound to chosen loopback sources (127.0.0.2 is as local as 127.0.0.1).

use crate::tcp::{In, Proc, Sink, listener, python_run};
use crate::util::{TempDir, sockx};

/// Connects from `src` (any when empty) to `host`:`port`, sends "hi",
/// half-closes, and says what came back: the bytes, "eof" or "reset".
fn client(src: &str, host: &str, port: u16) -> String {
    python_run(
        r#"
src, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
fam = socket.AF_INET6 if ":" in host else socket.AF_INET
c = socket.socket(fam); c.settimeout(20)
if src:
    c.bind((src, 0))
c.connect((host, port))
try:
    c.sendall(b"hi"); c.shutdown(socket.SHUT_WR)
    d = recv_all(c)
    print(d.decode() if d else "eof")
except OSError:
    print("reset")
"#,
        &[src, host, &port.to_string()],
    )
    .out()
    .trim()
    .to_string()
}

fn rejected(p: &mut Proc) -> serde_json::Value {
    serde_json::from_str(&p.line("\"rejected\"")).expect("json")
}

/// The echo server (v4): --allow 127.0.0.2 refuses 127.0.0.1 at once (the
/// client reads EOF or a reset, never its echo) and serves 127.0.0.2;
/// --deny wins over --allow.
#[test]
fn acl_echo_server_v4() {
    let (mut srv, port) = listener(
        &[
            "--json",
            "listen",
            "-k",
            "--echo",
            "--allow",
            "127.0.0.0/30",
            "--deny",
            "127.0.0.1",
            "127.0.0.1",
            "0",
        ],
        In::Null,
        Sink::Null,
    );
    assert_ne!(client("127.0.0.1", "127.0.0.1", port), "hi");
    let r = rejected(&mut srv);
    assert_eq!(r["peer"]["address"], "127.0.0.1");
    assert!(
        r["reason"]
            .as_str()
            .unwrap()
            .contains("--deny 127.0.0.1/32"),
        "{r}"
    );
    assert_eq!(client("127.0.0.2", "127.0.0.1", port), "hi");
    assert_ne!(client("127.0.0.5", "127.0.0.1", port), "hi");
    assert_eq!(rejected(&mut srv)["reason"], "not in --allow");
}

/// IPv6: --deny ::1 refuses, --allow ::1/128 serves (echo server and forward).
#[test]
fn acl_v6() {
    let (mut srv, port) = listener(
        &[
            "--json", "listen", "-k", "--echo", "--deny", "::1", "::1", "0",
        ],
        In::Null,
        Sink::Null,
    );
    assert_ne!(client("", "::1", port), "hi");
    assert_eq!(rejected(&mut srv)["peer"]["address"], "::1");
    let (_srv2, port2) = listener(
        &["listen", "-k", "--echo", "--allow", "::1/128", "::1", "0"],
        In::Null,
        Sink::Null,
    );
    assert_eq!(client("", "::1", port2), "hi");
    let (mut fwd, fport) = listener(
        &[
            "--json",
            "forward",
            "--allow",
            "fd00::/8",
            "[::1]:0",
            "::1",
            &port2.to_string(),
        ],
        In::Null,
        Sink::Null,
    );
    assert_ne!(client("", "::1", fport), "hi");
    assert_eq!(rejected(&mut fwd)["reason"], "not in --allow");
    drop(srv);
}

/// listen's relay: a refused client is closed and listen (without -k) waits
/// for the next, which is relayed; the lists come from files too.
#[test]
fn acl_listen_relay_and_files() {
    let d = TempDir::new("acl");
    let allow = d.path().join("allow");
    std::fs::write(&allow, "# lab hosts\n127.0.0.2\n\n10.0.0.0/8 # more\n").unwrap();
    let a = allow.display().to_string();
    let (mut srv, port) = listener(
        &["--json", "listen", "--allow-file", &a, "127.0.0.1", "0"],
        In::Bytes(b"to the allowed".to_vec()),
        Sink::Capture,
    );
    assert_ne!(client("127.0.0.1", "127.0.0.1", port), "to the allowed");
    rejected(&mut srv);
    assert_eq!(client("127.0.0.2", "127.0.0.1", port), "to the allowed");
    let out = srv.finish();
    out.ok();
    assert_eq!(out.out(), "hi");

    // forward with --deny-file: the refused client never reaches the target.
    let deny = d.path().join("deny");
    std::fs::write(&deny, "127.0.0.1\n").unwrap();
    let (mut fwd, fport) = listener(
        &[
            "--json",
            "forward",
            "--deny-file",
            &deny.display().to_string(),
            "127.0.0.1:0",
            "127.0.0.1",
            "9",
        ],
        In::Null,
        Sink::Null,
    );
    assert_ne!(client("127.0.0.1", "127.0.0.1", fport), "hi");
    assert!(
        rejected(&mut fwd)["reason"]
            .as_str()
            .unwrap()
            .contains("--deny")
    );

    // Bad lists are usage errors that say which entry.
    std::fs::write(&deny, "127.0.0.1\nnot-an-address\n").unwrap();
    let dn = deny.display().to_string();
    sockx(["listen", "--deny-file", &dn, "127.0.0.1", "0"])
        .run()
        .code(2)
        .error_line("line 2");
    sockx(["listen", "--allow", "127.0.0.0/33", "127.0.0.1", "0"])
        .run()
        .code(2)
        .error_line("--allow");
    sockx(["listen", "--allow-file", "/nonexistent/x", "127.0.0.1", "0"])
        .run()
        .code(2)
        .error_line("--allow-file");
}
