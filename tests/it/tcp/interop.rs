//! Interoperability with real peers, both ways: sockx listen with OpenBSD nc,
//! ncat, socat and python3 as the client, and sockx connect with each of
//! them as the server. Bytes are verified in both directions.

use super::super::util::{TempDir, free_port, have, random_bytes};
use super::*;

fn with_port(args: &[&str], port: u16) -> Vec<String> {
    args.iter()
        .map(|a| a.replace("{P}", &port.to_string()))
        .collect()
}

/// sockx listen, and `program args` as the client sending its own bytes.
fn peer_as_client(program: &str, args: &[&str]) {
    let d = TempDir::new("peercli");
    let to_peer = random_bytes((1 << 20) + 3, 21);
    let from_peer = random_bytes((1 << 20) + 5, 22);
    // A file: sent to its end even when the peer's FIN comes first.
    let (srv, port) = listener(
        &["listen", "127.0.0.1", "0"],
        In::File(file(d.path(), "to_peer", &to_peer)),
        Sink::Capture,
    );
    let a = with_port(args, port);
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let peer = Proc::start(
        program,
        &a,
        In::File(file(d.path(), "in", &from_peer)),
        Sink::Capture,
    );
    let p = peer.finish();
    assert_eq!(p.code, 0, "{program} {a:?}: {}", p.err());
    let s = srv.finish();
    s.ok();
    same_bytes(&s.stdout, &from_peer, &format!("{program} → sockx listen"));
    same_bytes(&p.stdout, &to_peer, &format!("sockx listen → {program}"));
}

/// `program args` as the server on a free port, sockx connect as the client.
fn peer_as_server(program: &str, args: &[&str]) {
    let d = TempDir::new("peersrv");
    let to_peer = random_bytes((1 << 20) + 7, 23);
    let from_peer = random_bytes((1 << 20) + 11, 24);
    let port = free_port();
    let a = with_port(args, port);
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let peer = Proc::start(
        program,
        &a,
        In::File(file(d.path(), "in", &from_peer)),
        Sink::Capture,
    );
    wait_tcp_listening(port);
    let c = Proc::sockx(
        &["connect", "127.0.0.1", &port.to_string()],
        In::Bytes(to_peer.clone()),
        Sink::Capture,
    )
    .finish();
    c.ok();
    let p = peer.finish();
    assert_eq!(p.code, 0, "{program} {a:?}: {}", p.err());
    same_bytes(&c.stdout, &from_peer, &format!("{program} → sockx connect"));
    same_bytes(&p.stdout, &to_peer, &format!("sockx connect → {program}"));
}

#[test]
fn openbsd_nc_client() {
    if have("nc") {
        peer_as_client("nc", &["-N", "127.0.0.1", "{P}"]);
    }
}

#[test]
fn openbsd_nc_server() {
    if have("nc") {
        peer_as_server("nc", &["-N", "-l", "127.0.0.1", "{P}"]);
    }
}

#[test]
fn ncat_client() {
    if have("ncat") {
        peer_as_client("ncat", &["127.0.0.1", "{P}"]);
    }
}

#[test]
fn ncat_server() {
    if have("ncat") {
        peer_as_server("ncat", &["-l", "127.0.0.1", "{P}"]);
    }
}

#[test]
fn socat_client() {
    if have("socat") {
        peer_as_client("socat", &["-t", "10", "-", "TCP:127.0.0.1:{P}"]);
    }
}

#[test]
fn socat_server() {
    if have("socat") {
        peer_as_server(
            "socat",
            &["-t", "10", "TCP-LISTEN:{P},bind=127.0.0.1,reuseaddr", "-"],
        );
    }
}

/// The seeds' echo server (recv(1024), sendall): what sockx sends comes back.
#[test]
fn python_echo_server() {
    let data = random_bytes(512 * 1024 + 1, 25);
    let (srv, port) = python_server(PY_ECHO_SERVER, &[]);
    let c = Proc::sockx(
        &["connect", "127.0.0.1", &port.to_string()],
        In::Bytes(data.clone()),
        Sink::Capture,
    )
    .finish();
    c.ok();
    srv.finish().ok();
    same_bytes(&c.stdout, &data, "echo");
}

/// A one-shot server replying "ok": sockx prints it, the server saw the request.
#[test]
fn python_ok_server() {
    let (srv, port) = python_server(PY_OK_SERVER, &[]);
    let c = Proc::sockx(
        &["connect", "127.0.0.1", &port.to_string()],
        In::Bytes(b"GET / HTTP/1.0\r\n\r\n".to_vec()),
        Sink::Capture,
    )
    .finish();
    c.ok();
    assert_eq!(c.out(), "ok");
    let s = srv.finish();
    s.ok();
    assert_eq!(s.out().trim(), hex::encode(b"GET / HTTP/1.0\r\n\r\n"));
}

/// The seeds' client against sockx listen: sendall, then recv until EOF.
#[test]
fn python_client() {
    let (srv, port) = listener(
        &["listen", "127.0.0.1", "0"],
        In::Bytes(b"hello from sockx".to_vec()),
        Sink::Capture,
    );
    let out = python_run(
        r#"
c = socket.socket(socket.AF_INET, socket.SOCK_STREAM); c.settimeout(10)
c.connect(("127.0.0.1", int(sys.argv[1])))
c.sendall("你好, world".encode("utf8"))
c.shutdown(socket.SHUT_WR)
print(recv_all(c).decode())
"#,
        &[&port.to_string()],
    );
    assert_eq!(out.out().trim(), "hello from sockx");
    let s = srv.finish();
    s.ok();
    assert_eq!(s.out(), "你好, world");
}
