//! 100 MB each way at the same time over TLS (issue 12), sha256 compared
//! both ways: sockx listen --tls ↔ sockx connect --tls, and sockx connect
//! --tls ↔ python3's ssl. The data comes from generator pipes (AES-CTR
//! keystream from `openssl enc`, python's random.Random), never a file;
//! each side's stdout goes straight into sha256sum. 100 MB over TLS on
//! loopback takes about a second idle; the bounds are generous for a
//! loaded machine, and every sockx has `-w 60` so none outlives its test.

use super::super::util::BIN;
use super::*;

const N: usize = 100_000_000;

/// `gen KEY N`: N bytes of AES-128-CTR keystream (deterministic per KEY).
const GEN: &str = r#"gen() { openssl enc -aes-128-ctr -nosalt -K "$1" -iv 0 -in /dev/zero 2>/dev/null | head -c "$2"; }"#;

/// The sha256 of `gen KEY N`.
fn gen_sha(key: &str) -> String {
    let script = format!("{GEN}; gen {key} {N} | sha256sum");
    let out = cmd("bash", ["-c", script.as_str()]).run();
    out.out()
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// `gen KEY N | sockx ARGS | sha256sum`, exiting with sockx's status;
/// stderr is sockx's (a test can wait for its lines).
fn piped(key: &str, args: &[&str]) -> Proc {
    let script =
        format!(r#"{GEN}; gen {key} {N} | "$0" "$@" | sha256sum; exit "${{PIPESTATUS[1]}}""#);
    let mut a = vec!["-c", script.as_str(), BIN];
    a.extend_from_slice(args);
    let mut p = Proc::start("bash", &a, In::Null, Sink::Capture);
    p.timeout = std::time::Duration::from_secs(240);
    p
}

fn sha_of(out: &super::super::util::Out) -> String {
    out.out()
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// sockx listen --tls ↔ sockx connect --tls, 100 MB each way at once:
/// both exit 0, quiet, and each stdout's sha256 is the other's stdin's.
#[test]
fn tls_100mb_each_way_sockx_to_sockx() {
    if !tools() {
        return;
    }
    let pki = Pki::new();
    let (chain, key, root) = (
        pki.path("chain.pem"),
        pki.path("leaf.key"),
        pki.path("root.pem"),
    );
    let mut srv = piped(
        "0a",
        &[
            "listen",
            "-w",
            "60",
            "--tls",
            "--cert",
            &chain,
            "--key",
            &key,
            "127.0.0.1",
            "0",
        ],
    );
    let port = super::super::tcp::port_in(&srv.line("listening")).to_string();
    let cli = piped(
        "0b",
        &[
            "connect",
            "-w",
            "60",
            "--tls",
            "--cafile",
            &root,
            "localhost",
            &port,
        ],
    );
    let c = cli.finish();
    let s = srv.finish();
    assert_eq!(c.code, 0, "connect: {}", c.err());
    assert_eq!(s.code, 0, "listen: {}", s.err());
    assert_eq!(sha_of(&c), gen_sha("0a"), "listen --tls → connect --tls");
    assert_eq!(sha_of(&s), gen_sha("0b"), "connect --tls → listen --tls");
    for (who, o) in [("connect", &c), ("listen", &s)] {
        assert!(!o.err().contains("sockx: "), "{who}: {}", o.err());
    }
}

/// sockx connect --tls ↔ python3 ssl (both at once, close_notify at each
/// end), 100 MB each way: python reports what it got and what it sent.
#[test]
fn tls_100mb_each_way_against_python_ssl() {
    if !tools() {
        return;
    }
    let pki = Pki::new();
    let src = format!("gen:{N}:12");
    let mut peer = Proc::start(
        "python3",
        &[
            "-c",
            TLS_PEER,
            "server",
            "0",
            "both",
            &src,
            &pki.path("chain.pem"),
            &pki.path("leaf.key"),
            &pki.path("root.pem"),
        ],
        In::Null,
        Sink::Capture,
    );
    peer.timeout = std::time::Duration::from_secs(240);
    let port = peer
        .line("port ")
        .split_whitespace()
        .nth(1)
        .expect("port")
        .to_string();
    let root = pki.path("root.pem");
    let c = piped(
        "0c",
        &[
            "connect",
            "-w",
            "60",
            "--tls",
            "--cafile",
            &root,
            "localhost",
            &port,
        ],
    )
    .finish();
    let p = peer.finish();
    assert_eq!(c.code, 0, "connect: {}", c.err());
    assert!(!c.err().contains("sockx: "), "{}", c.err());
    let f: Vec<String> = p.out().split_whitespace().map(str::to_string).collect();
    assert_eq!(f.len(), 7, "python said {:?}; stderr {}", p.out(), p.err());
    assert_eq!(
        (f[1].as_str(), f[2].as_str(), f[3].as_str()),
        (N.to_string().as_str(), gen_sha("0c").as_str(), "-"),
        "sockx connect --tls → python ssl"
    );
    assert_eq!(f[5], N.to_string(), "python sent");
    assert_eq!(sha_of(&c), f[6], "python ssl → sockx connect --tls");
}
