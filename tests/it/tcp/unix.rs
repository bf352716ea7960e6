//! AF_UNIX stream sockets: listen -U (paths, the socket file's care,
//! abstract names) and connect -U.

use std::io::{Read, Write};
use std::net::Shutdown;
use std::os::unix::fs::FileTypeExt;

use super::super::util::{TempDir, sockx};
use super::*;

/// -U PATH: an AF_UNIX stream socket, bytes both ways; the socket file is
/// removed on exit (normal end and SIGINT).
#[test]
fn unix_path_socket() {
    use std::os::unix::net::UnixStream;
    let d = TempDir::new("unix");
    let path = d.path().join("s.sock");
    let ps = path.display().to_string();
    let (srv, _) = listener(
        &["listen", "-U", &ps],
        In::Bytes(b"unix out".to_vec()),
        Sink::Capture,
    );
    let meta = std::fs::symlink_metadata(&path).expect("socket file");
    assert!(meta.file_type().is_socket());
    let mut c = UnixStream::connect(&path).expect("connect");
    c.write_all(b"unix in").expect("write");
    c.shutdown(Shutdown::Write).expect("shutdown");
    let mut got = Vec::new();
    c.read_to_end(&mut got).expect("read");
    assert_eq!(got, b"unix out");
    let out = srv.finish();
    out.ok();
    assert_eq!(out.out(), "unix in");
    assert!(
        out.err().contains(&format!("listening on {ps}")),
        "{}",
        out.err()
    );
    assert!(!path.exists(), "socket file left behind");

    let (srv, _) = listener(&["listen", "-U", &ps], In::Open, Sink::Null);
    assert!(path.exists());
    srv.signal(libc::SIGINT);
    srv.finish().code(130);
    assert!(!path.exists(), "socket file left behind after SIGINT");
}

/// An existing file that is not a socket is refused (exit 1) and left
/// intact; a stale socket file (nobody listening) is replaced; a live one is
/// "in use".
#[test]
fn unix_path_existing_files() {
    use std::os::unix::net::{UnixListener, UnixStream};
    let d = TempDir::new("unixfiles");
    let path = d.path().join("precious");
    std::fs::write(&path, b"do not touch").expect("write");
    let ps = path.display().to_string();
    sockx(["listen", "-U", &ps])
        .run()
        .code(1)
        .error_line("not a socket");
    assert_eq!(std::fs::read(&path).expect("read"), b"do not touch");

    let stale = d.path().join("stale.sock");
    drop(UnixListener::bind(&stale).expect("bind"));
    assert!(stale.exists(), "a closed listener leaves its file");
    let ss = stale.display().to_string();
    let (srv, _) = listener(
        &["listen", "-U", &ss],
        In::Bytes(b"fresh".to_vec()),
        Sink::Null,
    );
    let mut c = UnixStream::connect(&stale).expect("connect to the replacement");
    let mut got = Vec::new();
    c.read_to_end(&mut got).expect("read");
    assert_eq!(got, b"fresh");
    drop(c);
    srv.finish().ok();
    assert!(!stale.exists());

    let live = d.path().join("live.sock");
    let l = UnixListener::bind(&live).expect("bind");
    let ls = live.display().to_string();
    sockx(["listen", "-U", &ls])
        .run()
        .code(1)
        .error_line("Address already in use");
    assert!(live.exists(), "a live socket file was removed");
    drop(UnixStream::connect(&live).expect("the live listener still answers"));
    drop(l);
}

/// -U @NAME: the abstract namespace (no file).
#[test]
fn unix_abstract_name() {
    let name = format!("sockx-test-abstract-{}", std::process::id());
    let at = format!("@{name}");
    let (srv, _) = listener(
        &["--json", "listen", "-U", &at],
        In::Bytes(b"abstract out".to_vec()),
        Sink::Capture,
    );
    let out = python_run(
        r#"
c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); c.settimeout(10)
c.connect("\0" + sys.argv[1])
c.sendall(b"abstract in"); c.shutdown(socket.SHUT_WR)
print(recv_all(c).decode())
"#,
        &[&name],
    );
    assert_eq!(out.out().trim(), "abstract out");
    let o = srv.finish();
    o.ok();
    assert_eq!(o.out(), "abstract in");
    let ev = &events_named(&o, "listening")[0];
    assert_eq!(
        ev["local"],
        serde_json::json!({"family": "AF_UNIX", "path": at})
    );
}

/// -U PATH and -U @NAME to python AF_UNIX servers.
#[test]
fn unix_stream() {
    let d = TempDir::new("cunix");
    let path = d.path().join("srv.sock");
    let name = format!("sockx-test-cabstract-{}", std::process::id());
    for (addr, target) in [
        (path.display().to_string(), path.display().to_string()),
        (format!("@{name}"), format!("@{name}")),
    ] {
        let (srv, _) = python_server(
            r#"
a = sys.argv[1]
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.bind("\0" + a[1:] if a[0] == "@" else a); s.listen(1)
print("port 0", file=sys.stderr, flush=True)
s.settimeout(10); c, _ = s.accept(); c.settimeout(10)
d = recv_all(c); c.sendall(d.upper()); c.close()
"#,
            &[&target],
        );
        let out = Proc::sockx(
            &["connect", "-U", &addr],
            In::Bytes(b"unix stream".to_vec()),
            Sink::Capture,
        )
        .finish();
        out.ok();
        assert_eq!(out.out(), "UNIX STREAM", "-U {addr}");
        srv.finish().ok();
    }
    // Nobody there: refused / not found, exit 1.
    let missing = d.path().join("missing.sock").display().to_string();
    sockx(["connect", "-U", &missing])
        .run()
        .code(1)
        .error_line("No such file or directory (ENOENT)");
    sockx(["connect", "-U", &missing, "--nodelay"])
        .run()
        .code(2);
}
