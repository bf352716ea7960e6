//! The relay's ending rules over TLS (the man page's ENDING, as for plain
//! TCP): the peer's close_notify never cuts stdin short, -w is exit 4 after
//! the handshake too, and SIGINT ends a TLS session with 130.

use super::*;

/// listen --tls with stdin /dev/null ends its direction at once (close_notify
/// first); connect --tls still sends its 8 MiB file to the end, and both
/// exit 0 with every byte across.
#[test]
fn tls_peer_close_notify_first_does_not_cut_the_upload() {
    if !tools() {
        return;
    }
    let pki = Pki::new();
    let d = TempDir::new("tlsend");
    let up = random_bytes((8 << 20) + 1, 101);
    let (srv, port) = tls_listener(&pki, &[], In::Null, Sink::Capture);
    let c = Proc::sockx(
        &[
            "-v",
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
    same_bytes(
        &s.stdout,
        &up,
        "connect --tls → listen --tls after its close_notify",
    );
    assert!(c.stdout.is_empty());
}

/// -w is the idle timeout over TLS as over TCP: a server that handshakes
/// and then says nothing ends the client with exit 4.
#[test]
fn tls_idle_timeout_is_exit_4() {
    if !tools() {
        return;
    }
    let pki = Pki::new();
    let (_srv, port) = tls_listener(&pki, &[], In::Open, Sink::Capture);
    let mut c = Proc::sockx(
        &[
            "connect",
            "-w",
            "1",
            "--tls",
            "--cafile",
            &pki.path("root.pem"),
            "localhost",
            &port.to_string(),
        ],
        In::Open,
        Sink::Capture,
    );
    c.timeout = std::time::Duration::from_secs(30);
    let out = c.finish_open();
    assert_eq!(out.code, 4, "{}", out.err());
    assert!(out.err().contains("idle timeout"), "{}", out.err());
}

/// SIGINT during a TLS session: exit 130, what arrived is written out.
#[test]
fn tls_sigint_is_exit_130() {
    if !tools() {
        return;
    }
    let pki = Pki::new();
    let (_srv, port) = tls_listener(
        &pki,
        &[],
        In::Bytes(b"before the signal\n".to_vec()),
        Sink::Capture,
    );
    let mut c = Proc::sockx(
        &[
            "-v",
            "connect",
            "--tls",
            "--cafile",
            &pki.path("root.pem"),
            "localhost",
            &port.to_string(),
        ],
        In::Open,
        Sink::Capture,
    );
    c.line("peer closed its side");
    c.signal(libc::SIGINT);
    let out = c.finish_open();
    assert_eq!(out.code, 130, "{}", out.err());
    assert_eq!(out.stdout, b"before the signal\n");
}
