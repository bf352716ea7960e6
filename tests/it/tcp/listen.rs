//! listen: the listening line and port 0, the default host, -k one after
//! another, --echo/--upper with hundreds of simultaneous python clients,
//! --max-conns, -b, IPv6, AF_UNIX paths and abstract names, -w, address in
//! use and --reuseport.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

use super::super::util::sockx;
use super::*;

fn connect(port: u16) -> TcpStream {
    let s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    s
}

fn read_n(s: &mut TcpStream, n: usize) -> Vec<u8> {
    let mut v = vec![0; n];
    s.read_exact(&mut v).expect("read_exact");
    v
}

/// The local-address column of /proc/net/tcp{,6} entries listening on `port`.
fn proc_listen_addrs(port: u16) -> Vec<String> {
    let want = format!(":{port:04X}");
    ["/proc/net/tcp", "/proc/net/tcp6"]
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .flat_map(|t| {
            t.lines()
                .skip(1)
                .filter_map(|l| {
                    let f: Vec<&str> = l.split_whitespace().collect();
                    (f.len() > 3 && f[1].ends_with(&want) && f[3] == "0A").then(|| f[1].to_string())
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// PORT 0: the human line and the JSON event carry the port the kernel
/// picked (the one /proc/net/tcp lists and a connection reaches).
#[test]
fn port_zero_reports_real_port() {
    let (srv, port) = listener(&["listen", "127.0.0.1", "0"], In::Null, Sink::Capture);
    assert_ne!(port, 0);
    assert_eq!(
        proc_listen_addrs(port),
        [format!("0100007F:{port:04X}")],
        "listening socket"
    );
    let mut c = connect(port);
    c.write_all(b"port zero").expect("write");
    drop(c);
    let out = srv.finish();
    out.ok();
    assert_eq!(out.out(), "port zero");
    assert!(
        out.err()
            .contains(&format!("listening on 127.0.0.1:{port} (loopback only)")),
        "{}",
        out.err()
    );

    let (srv, port) = listener(
        &["--json", "listen", "127.0.0.1", "0"],
        In::Null,
        Sink::Null,
    );
    assert_eq!(proc_listen_addrs(port).len(), 1);
    drop(connect(port));
    let out = srv.finish();
    out.ok();
    let ev = &events_named(&out, "listening")[0];
    assert_eq!(
        ev,
        &serde_json::json!({"event": "listening", "local":
            {"family": "AF_INET", "address": "127.0.0.1", "port": port}})
    );
}

/// Without HOST: all interfaces, said in the line (0.0.0.0, or [::] with -6).
#[test]
fn default_host_is_all_interfaces() {
    let (srv, port) = listener(&["listen", "0"], In::Null, Sink::Null);
    assert_eq!(proc_listen_addrs(port), [format!("00000000:{port:04X}")]);
    drop(srv);
    let mut p = Proc::sockx(&["listen", "0"], In::Null, Sink::Null);
    let line = p.line("listening");
    assert!(line.ends_with("(all interfaces)"), "{line}");
    assert!(line.starts_with("listening on 0.0.0.0:"), "{line}");
    drop(p);

    let mut p = Proc::sockx(&["-6", "listen", "0"], In::Null, Sink::Null);
    let line = p.line("listening");
    assert!(
        line.starts_with("listening on [::]:") && line.ends_with("(all interfaces)"),
        "{line}"
    );
    let port = super::super::util::port_of(&line);
    assert_eq!(
        proc_listen_addrs(port),
        [format!("00000000000000000000000000000000:{port:04X}")]
    );
}

/// -k without --echo: one connection after another. A client that closes
/// before stdin gave it anything ends its connection (an idle stdin is a
/// terminal that never typed); stdin then goes to the next one being served
/// (the others wait in the backlog) until stdin ends; later connections get
/// EOF at once and their bytes still reach stdout.
#[test]
fn keep_open_serves_one_after_another() {
    let (mut srv, port) = listener(
        &["--json", "listen", "-k", "127.0.0.1", "0"],
        In::Open,
        Sink::Capture,
    );
    let mut a = connect(port);
    let mut b = connect(port);
    // B is connected (the kernel finished its handshake) but not served.
    b.set_read_timeout(Some(Duration::from_millis(300)))
        .expect("timeout");
    let mut x = [0u8; 16];
    assert!(b.read(&mut x).is_err(), "B served while A is");
    a.write_all(b"from A\n").expect("write");
    drop(a);
    srv.line("\"closed\"");
    b.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    srv.stdin().write_all(b"to B\n").expect("stdin");
    assert_eq!(read_n(&mut b, 5), b"to B\n");
    b.write_all(b"from B\n").expect("write");
    srv.close_stdin();
    // stdin ended: SHUT_WR to B.
    assert_eq!(b.read(&mut x).expect("read"), 0, "EOF after stdin ended");
    drop(b);
    srv.line("\"closed\"");
    // A third connection after stdin ended: EOF at once, its bytes printed.
    let mut c = connect(port);
    assert_eq!(c.read(&mut x).expect("read"), 0);
    c.write_all(b"from C\n").expect("write");
    drop(c);
    srv.line("\"closed\"");
    srv.signal(libc::SIGTERM);
    let out = srv.finish();
    out.code(143);
    assert_eq!(out.out(), "from A\nfrom B\nfrom C\n");
    let accepted = events_named(&out, "accepted");
    assert_eq!(accepted.len(), 3, "{}", out.err());
}

/// -b N is listen()'s argument: the trace shows it and ss shows it as the
/// listening socket's Send-Q.
#[test]
fn backlog_reaches_listen() {
    let (srv, port) = listener(
        &["--trace", "listen", "-b", "7", "127.0.0.1", "0"],
        In::Null,
        Sink::Null,
    );
    if std::path::Path::new("/usr/bin/ss").exists() || std::path::Path::new("/bin/ss").exists() {
        let ss = super::super::util::cmd("ss", ["-ltnH", &format!("sport = :{port}")]).run();
        let cols: Vec<String> = ss.out().split_whitespace().map(String::from).collect();
        assert_eq!(
            cols.get(2).map(String::as_str),
            Some("7"),
            "ss: {}",
            ss.out()
        );
    }
    drop(connect(port));
    let out = srv.finish();
    out.ok();
    assert!(out.err().contains("listen(3, 7) = 0"), "{}", out.err());
}

/// IPv6 loopback: with -6, bare and bracketed literals.
#[test]
fn ipv6_loopback() {
    for args in [
        &["-6", "listen", "::1", "0"][..],
        &["listen", "::1", "0"][..],
        &["listen", "[::1]", "0"][..],
    ] {
        let mut srv = Proc::sockx(args, In::Bytes(b"v6 out".to_vec()), Sink::Capture);
        let line = srv.line("listening");
        assert!(line.starts_with("listening on [::1]:"), "{args:?}: {line}");
        let port = super::super::util::port_of(&line);
        let mut c = TcpStream::connect(("::1", port)).expect("connect ::1");
        c.set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        c.write_all(b"v6 in").expect("write");
        c.shutdown(Shutdown::Write).expect("shutdown");
        let mut got = Vec::new();
        c.read_to_end(&mut got).expect("read");
        assert_eq!(got, b"v6 out");
        let out = srv.finish();
        out.ok();
        assert_eq!(out.out(), "v6 in");
    }
}

/// -w: no connection in time → exit 4; a connection idle that long → exit 4.
#[test]
fn timeout_exits_4() {
    let t = Instant::now();
    sockx(["listen", "-w", "300ms", "127.0.0.1", "0"])
        .run()
        .code(4)
        .error_line("no connection within 300ms");
    let took = t.elapsed();
    assert!(
        took >= Duration::from_millis(290) && took < Duration::from_secs(5),
        "{took:?}"
    );

    // -w long enough for the test's connect to arrive on a busy machine.
    let (srv, port) = listener(
        &["listen", "-w", "2s", "127.0.0.1", "0"],
        In::Open,
        Sink::Null,
    );
    let c = connect(port);
    let t = Instant::now();
    let out = srv.finish_open();
    out.code(4).error_line("idle");
    assert!(t.elapsed() < Duration::from_secs(5));
    drop(c);

    // The echo server too: no connection, or one that stays idle.
    sockx(["listen", "--echo", "-w", "300ms", "127.0.0.1", "0"])
        .run()
        .code(4)
        .error_line("no connection within 300ms");
    let (srv, port) = listener(
        &["listen", "--echo", "-w", "2s", "127.0.0.1", "0"],
        In::Null,
        Sink::Null,
    );
    let c = connect(port);
    srv.finish().code(4).error_line("idle");
    drop(c);
}

/// A port in use: exit 1 with the errno and the hint.
#[test]
fn address_in_use_exits_1_with_hint() {
    let held = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = held.local_addr().expect("addr").port().to_string();
    let out = sockx(["listen", "127.0.0.1", &port]).run();
    out.code(1)
        .error_line("Address already in use (EADDRINUSE)")
        .error_line("try another port");
    // The holder did not set SO_REUSEPORT: --reuseport would not help.
    assert!(!out.err().contains("--reuseport"), "{}", out.err());
    assert_eq!(out.err().lines().count(), 1, "{}", out.err());
}

/// --reuseport: two listeners share one port (and without it, the second fails).
#[test]
fn reuseport_shares_a_port() {
    let (a, port) = listener(
        &["listen", "--reuseport", "127.0.0.1", "0"],
        In::Null,
        Sink::Null,
    );
    let p = port.to_string();
    let (b, port_b) = listener(
        &["listen", "--reuseport", "127.0.0.1", &p],
        In::Null,
        Sink::Null,
    );
    assert_eq!(port, port_b);
    assert_eq!(tcp_listening(port), 2, "two listening sockets on one port");
    sockx(["listen", "127.0.0.1", &p])
        .run()
        .code(1)
        .error_line("EADDRINUSE");
    // Each connection lands on one of them; both end after theirs.
    let (mut a, mut b) = (a, b);
    for _ in 0..40 {
        if a.exited() && b.exited() {
            break;
        }
        if let Ok(c) = TcpStream::connect(("127.0.0.1", port)) {
            drop(c);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let (oa, ob) = (a.finish(), b.finish());
    oa.ok();
    ob.ok();
}

/// -k (one after another): a connection reset ends only that connection,
/// with a warning; the next one is served.
#[test]
fn keep_open_survives_a_reset() {
    let (mut srv, port) = listener(
        &["--json", "listen", "-k", "127.0.0.1", "0"],
        In::Null,
        Sink::Capture,
    );
    python_run(
        r#"
import struct
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
c.sendall(b"first ")
c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
time.sleep(0.1)
c.close()
"#,
        &[&port.to_string()],
    );
    let warning = srv.line("\"warning\"");
    assert!(warning.contains("ECONNRESET"), "{warning}");
    let mut c = connect(port);
    c.write_all(b"second").expect("write");
    drop(c);
    // The second connection's end (a reset one has no closed event).
    srv.line("\"closed\"");
    srv.signal(libc::SIGTERM);
    let out = srv.finish();
    out.code(143);
    assert_eq!(events_named(&out, "closed").len(), 1);
    assert!(out.out().ends_with("second"), "{:?}", out.out());
}
