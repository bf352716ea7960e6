//! UDP with real peers, both ways: udp-send to OpenBSD nc, ncat and socat
//! receivers, and udp-recv from nc, ncat and socat senders.

use std::time::Duration;

use super::super::tcp::{listener, wait_udp_bound};
use super::super::util::{TempDir, free_udp_port, have, sockx, wait_until};
use super::*;

/// `program args` receiving on a free port; udp-send sends two datagrams;
/// the peer's stdout (a file) must show both payloads.
fn peer_receives(program: &str, args: &[&str]) {
    let d = TempDir::new("udppeer");
    let port = free_udp_port();
    let a: Vec<String> = args
        .iter()
        .map(|x| x.replace("{P}", &port.to_string()))
        .collect();
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let out = d.path().join("out");
    let peer = Proc::start(program, &a, In::Open, Sink::File(out.clone()));
    wait_udp_bound(port);
    sockx([
        "udp-send",
        "127.0.0.1",
        &port.to_string(),
        "first\n",
        "second\n",
    ])
    .run()
    .ok();
    let want = b"first\nsecond\n";
    let ok = wait_until(Duration::from_secs(10), || {
        std::fs::read(&out).is_ok_and(|v| v == want)
    });
    drop(peer);
    assert!(
        ok,
        "{program} got {:?}",
        String::from_utf8_lossy(&std::fs::read(&out).unwrap_or_default())
    );
}

/// `program args` sending stdin to udp-recv's port; udp-recv --json -c 1
/// prints the datagram.
fn peer_sends(program: &str, args: &[&str]) {
    let (rx, port) = listener(
        &["--json", "udp-recv", "-c", "1", "127.0.0.1", "0"],
        In::Null,
        Sink::Capture,
    );
    let a: Vec<String> = args
        .iter()
        .map(|x| x.replace("{P}", &port.to_string()))
        .collect();
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let peer = Proc::start(
        program,
        &a,
        In::Bytes(b"hello from a peer\n".to_vec()),
        Sink::Null,
    );
    let out = rx.finish();
    drop(peer);
    out.ok();
    let v: Value = serde_json::from_str(out.out().trim()).expect("JSON");
    assert_eq!(v["text"], "hello from a peer\n", "{program}");
    assert_eq!(v["bytes"], 18);
    assert_eq!(v["from"]["address"], "127.0.0.1");
}

#[test]
fn openbsd_nc() {
    if have("nc") {
        peer_receives("nc", &["-u", "-l", "127.0.0.1", "{P}"]);
        peer_sends("nc", &["-u", "127.0.0.1", "{P}"]);
    }
}

#[test]
fn ncat() {
    if have("ncat") {
        peer_receives("ncat", &["-u", "-l", "127.0.0.1", "{P}"]);
        peer_sends("ncat", &["-u", "--send-only", "127.0.0.1", "{P}"]);
    }
}

#[test]
fn socat() {
    if have("socat") {
        peer_receives("socat", &["-u", "UDP-RECV:{P},bind=127.0.0.1", "-"]);
        peer_sends("socat", &["-u", "-", "UDP-SENDTO:127.0.0.1:{P}"]);
    }
}
