//! connect: every address of a name in order (inside the test namespace),
//! refused and timed-out connects, -s, --nodelay and --keepalive seen from
//! outside the process, -z port probes, IPv6 and AF_UNIX.

use std::time::{Duration, Instant};

use super::super::netns;
use super::super::util::{Out, free_port, sockx};
use super::*;

/// The attempts of create_connection: a name with three addresses whose
/// first refuses: a `connect_failed` event for it, then the connection to
/// the second; all refusing → exit 1 after two failed events.
#[test]
fn tries_every_address_of_a_name() {
    if !netns::available() {
        return;
    }
    let outs = netns::run(&[
        // A listener on the second address only.
        "D=$(mktemp -d); sockx listen -w 10s 127.0.0.12 5000 >$D/out 2>$D/err </dev/null & \
         for i in $(seq 200); do grep -q listening $D/err && break; sleep 0.01; done; \
         printf 'via the second' | sockx --json connect multi.example.test 5000; \
         wait; cat $D/out; rm -r $D",
        "printf x | sockx --json connect multi.example.test 5001",
        "printf x | sockx -v connect multi.example.test 5001",
    ]);
    let o = &outs[0];
    o.ok();
    let ev = o.events();
    let kinds: Vec<&str> = ev.iter().filter_map(|e| e["event"].as_str()).collect();
    assert_eq!(kinds[..2], ["connect_failed", "connected"], "{}", o.err());
    assert_eq!(ev[0]["peer"]["address"], "127.0.0.11");
    assert_eq!(ev[0]["errno"], "ECONNREFUSED");
    assert_eq!(ev[1]["peer"]["address"], "127.0.0.12");
    assert_eq!(ev[1]["peer"]["port"], 5000);
    assert_eq!(o.out(), "via the second");

    let o = &outs[1];
    o.code(1)
        .error_line("connect to multi.example.test port 5001: every address failed: 127.0.0.11 ECONNREFUSED, 127.0.0.12 ECONNREFUSED, 127.0.0.13 ECONNREFUSED");
    let failed: Vec<String> = events_named(o, "connect_failed")
        .iter()
        .map(|e| e["peer"]["address"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(failed, ["127.0.0.11", "127.0.0.12"]);

    // Human, -v: each failed attempt in words before the next.
    let o = &outs[2];
    o.code(1);
    let e = o.err();
    let i11 = e.find("127.0.0.11 port 5001 failed").expect(&e);
    let i12 = e.find("127.0.0.12 port 5001 failed").expect(&e);
    assert!(i11 < i12, "{e}");
}

/// ECONNREFUSED: exit 1 and the spec's one-line error; the trace shows the
/// failed call with its errno.
#[test]
fn refused_exits_1() {
    let closed = closed_port();
    let p = closed.port.to_string();
    let out = sockx(["connect", "127.0.0.1", &p]).run();
    out.code(1);
    let e = out.err();
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(
        e.starts_with(&format!(
            "sockx: error: connect to 127.0.0.1 port {p}: Connection refused (ECONNREFUSED)"
        )),
        "{e}"
    );
    let out = run(&["--trace", "connect", "127.0.0.1", &p]);
    out.code(1);
    assert!(
        out.err().contains(&format!(
            "connect(3, ('127.0.0.1', {p})) = -1 ECONNREFUSED (Connection refused)"
        )),
        "{}",
        out.err()
    );
}

/// -w: a connect that gets no answer times out with exit 4. The SYN is
/// dropped because the listener's accept queue is full (backlog 0, one
/// connection already waiting).
#[test]
fn connect_timeout_exits_4() {
    let (srv, port) = python_server(
        r#"
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(0)
c = socket.create_connection(s.getsockname(), timeout=5)
ready(s)
time.sleep(20)
"#,
        &[],
    );
    let t = Instant::now();
    let out = sockx(["connect", "-w", "400ms", "127.0.0.1", &port.to_string()]).run();
    let took = t.elapsed();
    out.code(4).error_line("timed out after 400ms (-w)");
    assert!(
        took >= Duration::from_millis(390) && took < Duration::from_secs(5),
        "{took:?}"
    );
    // -z with -w: an unanswered port is filtered (no errno, no rtt), exit 1.
    let out = sockx([
        "--json",
        "connect",
        "-z",
        "-w",
        "300ms",
        "127.0.0.1",
        &port.to_string(),
    ])
    .run();
    out.code(1);
    let (results, summary) = out.results();
    assert_eq!(
        results,
        [
            serde_json::json!({"host": "127.0.0.1", "address": "127.0.0.1", "port": port,
            "state": "filtered", "open": false, "error": null, "rtt_ms": null})
        ]
    );
    assert_eq!(summary.expect("a summary")["filtered"], 1);
    drop(srv);
}

/// -w is also the idle timeout once connected.
#[test]
fn idle_timeout_exits_4() {
    let (srv, port) = python_server(
        "s = tcp_server(); ready(s)\nc, _ = s.accept()\ntime.sleep(20)\n",
        &[],
    );
    let p = Proc::sockx(
        &["connect", "-w", "300ms", "127.0.0.1", &port.to_string()],
        In::Open,
        Sink::Null,
    );
    let t = Instant::now();
    let out = p.finish_open();
    out.code(4).error_line("idle timeout");
    assert!(t.elapsed() < Duration::from_secs(5));
    drop(srv);
}

/// -s ADDR[:PORT]: the server sees that source address and port.
#[test]
fn source_address_and_port() {
    let peer_server = r#"
s = tcp_server("0.0.0.0"); ready(s)
c, addr = s.accept()
print(addr[0], addr[1], flush=True)
c.close()
"#;
    for (src, want_ip) in [("127.0.0.1:{P}", "127.0.0.1"), ("127.0.0.2", "127.0.0.2")] {
        let sport = free_port();
        let src = src.replace("{P}", &sport.to_string());
        let (srv, port) = python_server(peer_server, &[]);
        let out = Proc::sockx(
            &[
                "--json",
                "connect",
                "-s",
                &src,
                "127.0.0.1",
                &port.to_string(),
            ],
            In::Null,
            Sink::Null,
        )
        .finish();
        out.ok();
        let seen = srv.finish();
        seen.ok();
        let seen = seen.out();
        let mut it = seen.split_whitespace();
        assert_eq!(it.next(), Some(want_ip), "-s {src}");
        let seen_port: u16 = it.next().and_then(|p| p.parse().ok()).expect("port");
        let local = &events_named(&out, "connected")[0]["local"];
        assert_eq!(local["address"], want_ip);
        assert_eq!(local["port"], seen_port);
        if src.contains(':') {
            assert_eq!(seen_port, sport, "-s {src}");
        }
    }
    sockx(["connect", "-s", "localhost", "127.0.0.1", "9"])
        .run()
        .code(2)
        .error_line("source address");
}

/// Reads socket options of another process's socket (pidfd_getfd, Linux
/// 5.6+, as root): the oracle for what --nodelay and --keepalive really set.
const PY_PEEK_OPTS: &str = r#"
import ctypes
pid, fd = int(sys.argv[1]), int(sys.argv[2])
libc = ctypes.CDLL(None, use_errno=True)
pidfd = os.pidfd_open(pid)
n = libc.syscall(438, pidfd, fd, 0)
if n < 0:
    print("unsupported", ctypes.get_errno())
    sys.exit(0)
s = socket.socket(fileno=n)
g = lambda level, opt: s.getsockopt(level, opt)
print(g(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0, g(socket.SOL_SOCKET, socket.SO_KEEPALIVE) != 0,
      g(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE), g(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL),
      g(socket.IPPROTO_TCP, socket.TCP_KEEPCNT))
s.detach(); os.close(n)
"#;

fn peek_opts(args: &[&str]) -> (String, String) {
    let (srv, port) = python_server(
        "s = tcp_server(); ready(s)\nc, _ = s.accept()\nc.settimeout(20)\nrecv_all(c)\n",
        &[],
    );
    let p = port.to_string();
    let mut a = vec!["--trace", "connect"];
    a.extend_from_slice(args);
    a.extend(["127.0.0.1", &p]);
    let mut cli = Proc::sockx(&a, In::Open, Sink::Null);
    cli.line("getsockname(3)");
    let seen = python_run(PY_PEEK_OPTS, &[&cli.pid().to_string(), "3"]);
    let out = cli.finish();
    out.ok();
    srv.finish().ok();
    (seen.out().trim().to_string(), out.err())
}

/// --nodelay and --keepalive IDLE,INTVL,CNT: set before connect (trace) and
/// in effect on the connected socket (read back from outside).
#[test]
fn nodelay_and_keepalive() {
    let (seen, trace) = peek_opts(&["--nodelay", "--keepalive", "60,10,5"]);
    for call in [
        "setsockopt(3, IPPROTO_TCP, TCP_NODELAY, 1) = 0",
        "setsockopt(3, SOL_SOCKET, SO_KEEPALIVE, 1) = 0",
        "setsockopt(3, IPPROTO_TCP, TCP_KEEPIDLE, 60) = 0",
        "setsockopt(3, IPPROTO_TCP, TCP_KEEPINTVL, 10) = 0",
        "setsockopt(3, IPPROTO_TCP, TCP_KEEPCNT, 5) = 0",
    ] {
        let i = trace
            .find(call)
            .unwrap_or_else(|| panic!("no {call:?} in {trace}"));
        let c = trace.find("connect(3,").expect("connect call");
        assert!(i < c, "{call} after connect: {trace}");
    }
    if !seen.starts_with("unsupported") {
        assert_eq!(seen, "True True 60 10 5");
        let (seen, _) = peek_opts(&["--keepalive", "120"]);
        assert!(seen.starts_with("False True 120 "), "{seen}");
        let (seen, _) = peek_opts(&[]);
        assert!(seen.starts_with("False False "), "{seen}");
    }
    for bad in ["0", "1,2,3,4", "a", "60,,5", ""] {
        sockx(["connect", "--keepalive", bad, "127.0.0.1", "9"])
            .run()
            .code(2)
            .error_line("--keepalive");
    }
}

/// -z over a range: closed, open, closed (ports held bound so nothing else
/// takes them), against python's connect_ex as the oracle; exit 0 only when
/// all are open.
#[test]
fn zero_io_probe() {
    // Three consecutive ports, bound (not listening) while the test runs.
    let (base, held) = (0..50)
        .find_map(|_| {
            let first = closed_port();
            let b = first.port;
            if b > 65533 {
                return None;
            }
            let bind = |p: u16| {
                let s = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None)
                    .ok()?;
                let a: std::net::SocketAddr = format!("127.0.0.1:{p}").parse().ok()?;
                s.bind(&a.into()).ok()?;
                Some(s)
            };
            let s1 = bind(b + 1)?;
            let s2 = bind(b + 2)?;
            Some((b, (first, s1, s2)))
        })
        .expect("three consecutive free ports");
    held.1.listen(8).expect("listen");
    let range = format!("{}-{}", base, base + 2);
    let oracle = python_run(
        "for p in range(int(sys.argv[1]), int(sys.argv[1]) + 3):\n    s = socket.socket(); print(p, s.connect_ex(('127.0.0.1', p)) == 0); s.close()\n",
        &[&base.to_string()],
    );
    let want_open: Vec<bool> = oracle.out().lines().map(|l| l.ends_with("True")).collect();
    assert_eq!(want_open, [false, true, false]);

    // Results come as they finish: sorted here.
    let out = sockx(["connect", "-z", "127.0.0.1", &range]).run();
    out.code(1);
    let mut lines: Vec<String> = out.out().lines().map(String::from).collect();
    lines.sort();
    assert_eq!(lines.len(), 3, "{lines:?}");
    let want = [
        format!("127.0.0.1 port {base} closed (ECONNREFUSED, "),
        format!("127.0.0.1 port {} open (", base + 1),
        format!("127.0.0.1 port {} closed (ECONNREFUSED, ", base + 2),
    ];
    for (l, w) in lines.iter().zip(&want) {
        assert!(
            l.starts_with(w.as_str()) && l.ends_with(" ms)"),
            "{l:?} vs {w:?}"
        );
    }
    let brief = |out: &Out| {
        let mut v: Vec<(u64, bool, serde_json::Value)> = out
            .results()
            .0
            .iter()
            .map(|r| {
                (
                    r["port"].as_u64().unwrap(),
                    r["open"] == true,
                    r["error"].clone(),
                )
            })
            .collect();
        v.sort_by_key(|r| (r.0, r.1));
        v
    };
    let out = sockx(["--json", "connect", "-z", "127.0.0.1", &range]).run();
    out.code(1);
    let refused = serde_json::json!("ECONNREFUSED");
    assert_eq!(
        brief(&out),
        [
            (u64::from(base), false, refused.clone()),
            (u64::from(base) + 1, true, serde_json::Value::Null),
            (u64::from(base) + 2, false, refused),
        ]
    );
    // Only the open one (as a list): exit 0.
    let open = (base + 1).to_string();
    let out = sockx([
        "--json",
        "connect",
        "-z",
        "127.0.0.1",
        &format!("{open},{open}"),
    ])
    .run();
    out.ok();
    let o = u64::from(base) + 1;
    assert_eq!(
        brief(&out),
        [
            (o, true, serde_json::Value::Null),
            (o, true, serde_json::Value::Null)
        ]
    );
    sockx(["connect", "-z", "127.0.0.1", "5-3"]).run().code(2);
    drop(held);
}

/// IPv6 literals, bare and in brackets, to a python server on ::1.
#[test]
fn ipv6_literals() {
    for host in ["::1", "[::1]"] {
        let (srv, port) = python_server(
            "s = tcp_server('::1', socket.AF_INET6); ready(s)\nc, _ = s.accept(); c.settimeout(10)\nd = recv_all(c); c.sendall(d[::-1]); c.close()\n",
            &[],
        );
        let out = Proc::sockx(
            &["connect", host, &port.to_string()],
            In::Bytes(b"abc\x00\xff".to_vec()),
            Sink::Capture,
        )
        .finish();
        out.ok();
        assert_eq!(out.stdout, b"\xff\x00cba", "{host}");
        srv.finish().ok();
    }
}

/// A reset (the server closes with SO_LINGER 0): what came first is on
/// stdout, then exit 1 with ECONNRESET.
#[test]
fn reset_by_peer_exits_1() {
    let (srv, port) = python_server(
        r#"
import struct
s = tcp_server(); ready(s)
c, _ = s.accept()
c.sendall(b"partial")
c.recv(10)
c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
c.close()
"#,
        &[],
    );
    let mut cli = Proc::sockx(
        &["connect", "127.0.0.1", &port.to_string()],
        In::Open,
        Sink::Capture,
    );
    std::io::Write::write_all(cli.stdin(), b"go").expect("stdin");
    let out = cli.finish_open();
    out.code(1)
        .error_line("Connection reset by peer (ECONNRESET)");
    assert_eq!(out.out(), "partial");
    srv.finish().ok();
}
