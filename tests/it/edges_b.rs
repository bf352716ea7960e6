//! Issue 11, "Honest at the edges": a datagram cut by --bufsize under --raw,
//! a live AF_UNIX server probed to death, TCP self-connect taken for an open
//! port, an EADDRINUSE hint that names the holder, and the addresses of a
//! create_connection that all failed. Oracles: python3's socket module and
//! OpenBSD nc.

use std::time::Duration;

use serde_json::json;

use super::tcp::{In, Proc, Sink, events_named, listener, python_bg, python_run, python_server};
use super::util::{BIN, Out, TempDir, cmd, free_port, have, is_root, required, sockx};

/// Sends each hex payload of argv[2:] to 127.0.0.1:argv[1] from one socket
/// and prints that socket's port.
const PY_SEND: &str = r#"
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0))
for h in sys.argv[2:]:
    s.sendto(bytes.fromhex(h), ("127.0.0.1", int(sys.argv[1])))
print(s.getsockname()[1])
"#;

fn py_send(port: u16, payloads: &[&[u8]]) -> u16 {
    let p = port.to_string();
    let hexes: Vec<String> = payloads.iter().map(hex::encode).collect();
    let mut args = vec![p.as_str()];
    args.extend(hexes.iter().map(String::as_str));
    python_run(PY_SEND, &args)
        .out()
        .trim()
        .parse()
        .expect("port")
}

// ---- 1. udp-recv --raw cut a datagram silently ----

/// `--raw --bufsize 100` and a 5000-byte datagram: stdout keeps the 100
/// bytes as they came, and stderr says the datagram was cut — with -q too,
/// in the batched (recvmmsg) and the traced (recvfrom) paths.
#[test]
fn udp_recv_raw_never_cuts_a_datagram_silently() {
    let big = super::util::random_bytes(5000, 11);
    for extra in [&["-q"][..], &["--trace"][..]] {
        // -q hides the listening line: a port chosen here, waited for in /proc.
        let port = super::util::free_udp_port();
        let p = port.to_string();
        let mut args = vec!["udp-recv"];
        args.extend_from_slice(extra);
        args.extend(["--raw", "--bufsize", "100", "-c", "2", "127.0.0.1", &p]);
        let rx = Proc::sockx(&args, In::Null, Sink::Capture);
        super::tcp::wait_udp_bound(port);
        let sport = py_send(port, &[&big, b"fits"]);
        let out = rx.finish();
        out.ok();
        let mut want = big[..100].to_vec();
        want.extend_from_slice(b"fits");
        assert_eq!(out.stdout, want, "{extra:?}: the payload, as it came");
        let line =
            format!("datagram from 127.0.0.1:{sport}: 5000 bytes, truncated to 100 (MSG_TRUNC)");
        assert!(out.err().contains(&line), "{extra:?}: {:?}", out.err());
        assert_eq!(
            out.err().matches("truncated").count(),
            1,
            "only the cut one: {}",
            out.err()
        );
    }
}

/// Under --json a `truncated` event {from, bytes, truncated_to} on stderr.
#[test]
fn udp_recv_raw_json_truncated_event() {
    let (rx, port) = listener(
        &[
            "--json",
            "udp-recv",
            "--raw",
            "--bufsize",
            "100",
            "-c",
            "1",
            "127.0.0.1",
            "0",
        ],
        In::Null,
        Sink::Capture,
    );
    let sport = py_send(port, &[&[b'x'; 5000]]);
    let out = rx.finish();
    out.ok();
    assert_eq!(out.stdout, [b'x'; 100]);
    let ev = events_named(&out, "truncated");
    assert_eq!(
        ev,
        [json!({"event": "truncated",
            "from": {"family": "AF_INET", "address": "127.0.0.1", "port": sport},
            "bytes": 5000, "truncated_to": 100})]
    );
}

/// udp-send --wait prints a reply longer than --bufsize with its real length
/// and `truncated`, under -q too.
#[test]
fn udp_send_wait_reports_a_truncated_reply() {
    let (srv, port) = python_server(
        r#"
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); ready(s)
s.settimeout(20)
d, a = s.recvfrom(100)
s.sendto(b"y" * 500, a)
"#,
        &[],
    );
    let out = sockx([
        "-q",
        "--json",
        "udp-send",
        "--wait",
        "3s",
        "--bufsize",
        "10",
        "127.0.0.1",
        &port.to_string(),
        "hi",
    ])
    .run();
    out.ok();
    let v: serde_json::Value = serde_json::from_str(out.out().trim()).expect("json");
    assert_eq!(v["bytes"], 500);
    assert_eq!(v["truncated"], true);
    assert_eq!(v["hex"], hex::encode([b'y'; 10]));
    srv.finish();
}

// ---- 2. listen -U disturbed a live server to find out it was live ----

/// Waits until a socket listens on `path` (from /proc/net/unix).
fn wait_unix_listening(path: &str) {
    let ok = super::util::wait_until(Duration::from_secs(20), || {
        std::fs::read_to_string("/proc/net/unix")
            .unwrap_or_default()
            .lines()
            .any(|l| l.contains(" 00010000 ") && l.ends_with(path))
    });
    assert!(ok, "nothing listens on {path}");
}

/// A python client of the AF_UNIX server at argv[1]: sends argv[2], half-closes,
/// prints what came back.
const PY_UNIX_CLIENT: &str = r#"
c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); c.settimeout(20)
c.connect(sys.argv[1])
c.sendall(sys.argv[2].encode()); c.shutdown(socket.SHUT_WR)
sys.stdout.write(recv_all(c).decode())
"#;

/// `nc -lU PATH` serves one client. `sockx listen -U PATH` must refuse
/// (exit 1, in use, naming nc) without connecting: nc's one client is still
/// to come, and it is served byte for byte.
#[test]
fn listen_unix_does_not_steal_a_one_shot_servers_client() {
    if !have("nc") {
        return;
    }
    let d = TempDir::new("oneshot");
    let path = d.path().join("live.sock").display().to_string();
    let nc = Proc::start(
        "nc",
        &["-lU", &path],
        In::Bytes(b"from nc".to_vec()),
        Sink::Capture,
    );
    wait_unix_listening(&path);
    let out = sockx(["listen", "-U", &path]).run();
    out.code(1).error_line("in use").error_line("nc (pid ");
    let got = python_run(PY_UNIX_CLIENT, &[&path, "from the client"]);
    assert_eq!(got.out(), "from nc");
    let n = nc.finish();
    assert_eq!(n.out(), "from the client");
}

/// A server that bound a relative path from another directory is still
/// found (its path in /proc/net/unix is relative to its cwd), and left alone.
#[test]
fn listen_unix_finds_a_server_bound_by_a_relative_path() {
    if !have("nc") {
        return;
    }
    let d = TempDir::new("relative");
    let dir = d.path().display().to_string();
    let nc = Proc::start(
        "bash",
        &["-c", "cd \"$1\" && exec nc -lU rel.sock", "bash", &dir],
        In::Bytes(b"still here".to_vec()),
        Sink::Capture,
    );
    let path = d.path().join("rel.sock").display().to_string();
    let ok = super::util::wait_until(Duration::from_secs(20), || {
        std::fs::read_to_string("/proc/net/unix")
            .unwrap_or_default()
            .lines()
            .any(|l| l.ends_with(" rel.sock"))
    });
    assert!(ok, "nc did not bind rel.sock");
    sockx(["listen", "-U", &path])
        .run()
        .code(1)
        .error_line("in use");
    let got = python_run(PY_UNIX_CLIENT, &[&path, "hello"]);
    assert_eq!(got.out(), "still here");
    assert_eq!(nc.finish().out(), "hello");
}

// ---- 3. connect -z reported a self-connected port open ----

/// Binding the probe to the port it probes (-s 127.0.0.1:P, P free) makes the
/// kernel connect the socket to itself, as python shows; that port is closed.
#[test]
fn connect_z_reports_a_self_connect_closed() {
    let oracle = free_port();
    let same = python_run(
        r#"
c = socket.socket(); c.bind(("127.0.0.1", int(sys.argv[1])))
c.connect(("127.0.0.1", int(sys.argv[1])))
print(c.getsockname() == c.getpeername())
"#,
        &[&oracle.to_string()],
    );
    assert_eq!(
        same.out().trim(),
        "True",
        "python: the socket connects to itself"
    );

    let p = free_port().to_string();
    let src = format!("127.0.0.1:{p}");
    let out = sockx(["--json", "connect", "-z", "-s", &src, "127.0.0.1", &p]).run();
    out.code(1);
    let (results, _) = out.results();
    assert_eq!(results.len(), 1, "{results:?}");
    assert_eq!(results[0]["port"], json!(p.parse::<u16>().unwrap()));
    assert_eq!(results[0]["state"], "closed");
    assert_eq!(results[0]["error"], "self-connect");
}

/// Plain connect refuses a socket connected to itself (exit 1).
#[test]
fn connect_refuses_a_self_connected_socket() {
    let p = free_port().to_string();
    let src = format!("127.0.0.1:{p}");
    let out = sockx(["connect", "-s", &src, "127.0.0.1", &p])
        .stdin(b"lost".to_vec())
        .run();
    out.code(1).error_line("self-connect");
    assert!(out.stdout.is_empty(), "{:?}", out.out());
    assert_eq!(out.err().lines().count(), 1, "{}", out.err());
}

/// -z binds to -s before each probe (the server sees that source port).
#[test]
fn connect_z_honours_source() {
    let (srv, port) = python_server(
        "s = tcp_server(); ready(s)\nc, a = s.accept()\nprint(a[1])\n",
        &[],
    );
    let sport = free_port().to_string();
    let src = format!("127.0.0.1:{sport}");
    sockx(["connect", "-z", "-s", &src, "127.0.0.1", &port.to_string()])
        .run()
        .ok();
    let o = srv.finish();
    assert_eq!(o.out().trim(), sport);
}

// ---- 6. an EADDRINUSE hint that helps ----

/// A python holder of 127.0.0.1:0 (TCP listening, or UDP), with SO_REUSEPORT
/// when argv[2] is "1"; prints its pid on stdout, `port N` on stderr.
const PY_HOLDER: &str = r#"
udp = sys.argv[1] == "udp"
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM if udp else socket.SOCK_STREAM)
if sys.argv[2] == "1":
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
s.bind(("127.0.0.1", 0))
if not udp:
    s.listen(8)
print(os.getpid(), flush=True)
ready(s)
time.sleep(30)
"#;

fn holder(proto: &str, reuseport: bool) -> (Proc, u16) {
    let mut p = python_bg(
        PY_HOLDER,
        &[proto, if reuseport { "1" } else { "0" }],
        In::Null,
        Sink::Null,
    );
    let line = p.line("port ");
    let port = line
        .split_whitespace()
        .nth(1)
        .and_then(|x| x.parse().ok())
        .expect("port");
    (p, port)
}

/// The hint names the holder (its name and pid, as `ss -lnp` would) and
/// offers --reuseport only when the holder set SO_REUSEPORT — where the
/// offer is then taken and works.
#[test]
fn address_in_use_names_the_holder_and_offers_reuseport_only_when_it_works() {
    for (proto, cmd_name) in [("tcp", "listen"), ("udp", "udp-recv")] {
        for reuse in [false, true] {
            let (h, port) = holder(proto, reuse);
            let pid = h.pid();
            let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).expect("comm");
            let p = port.to_string();
            let out = sockx([cmd_name, "127.0.0.1", &p]).run();
            out.code(1).error_line("EADDRINUSE").error_line(&format!(
                "address 127.0.0.1:{port} already in use by {} (pid {pid})",
                comm.trim()
            ));
            assert!(comm.starts_with("python"), "{comm}");
            assert_eq!(
                out.err().contains("--reuseport"),
                reuse,
                "{proto} reuseport={reuse}: {}",
                out.err()
            );
            if reuse {
                let (second, _) = listener(
                    &[cmd_name, "--reuseport", "-w", "1s", "127.0.0.1", &p],
                    In::Null,
                    Sink::Null,
                );
                drop(second);
            } else {
                sockx([cmd_name, "--reuseport", "127.0.0.1", &p])
                    .run()
                    .code(1)
                    .error_line("EADDRINUSE");
            }
            drop(h);
        }
    }
}

// ---- 7. when every address fails, say so ----

/// Runs `args` (sockx first: the binary under test) inside a private mount
/// and network namespace whose /etc/hosts is `hosts` and whose resolver
/// reads only files: names resolve there and nowhere else.
fn in_hosts_ns(hosts: &str, args: &[&str]) -> Option<Out> {
    if !is_root() {
        if required() {
            panic!("namespace tests need root");
        }
        eprintln!("notice: not root; skipping a namespace test");
        return None;
    }
    if !have("unshare") || !have("ip") {
        return None;
    }
    let d = TempDir::new("hostsns");
    let h = d.path().join("hosts");
    let n = d.path().join("nsswitch.conf");
    std::fs::write(&h, hosts).expect("hosts");
    std::fs::write(&n, "hosts: files\n").expect("nsswitch");
    let script = "ip link set lo up && mount --bind \"$1\" /etc/hosts && \
                  mount --bind \"$2\" /etc/nsswitch.conf && shift 2 && exec \"$@\"";
    let (h, n) = (h.display().to_string(), n.display().to_string());
    let mut a = vec!["--mount", "--net", "bash", "-c", script, "bash", &h, &n];
    let prog = if args[0] == "sockx" { BIN } else { args[0] };
    a.push(prog);
    a.extend_from_slice(&args[1..]);
    Some(cmd("unshare", a).run())
}

const MULTI_HOSTS: &str = "127.0.0.1 localhost\n::1 www.example.test\n\
127.0.0.10 www.example.test\n127.0.0.11 www.example.test\n127.0.0.12 single.example.test\n";

/// Three addresses, all refusing: the error lists each with its errno, in
/// the order python's getaddrinfo gives them; one address keeps its message.
#[test]
fn connect_lists_every_address_when_all_fail() {
    let Some(order) = in_hosts_ns(
        MULTI_HOSTS,
        &[
            "python3",
            "-c",
            "import socket\nfor *_, sa in socket.getaddrinfo('www.example.test', 9, type=socket.SOCK_STREAM):\n    ip = sa[0]\n    print(f'[{ip}]' if ':' in ip else ip)",
        ],
    ) else {
        return;
    };
    let order: Vec<String> = order.out().lines().map(String::from).collect();
    assert_eq!(order.len(), 3, "{order:?}");
    let Some(out) = in_hosts_ns(MULTI_HOSTS, &["sockx", "connect", "www.example.test", "9"]) else {
        return;
    };
    let list: Vec<String> = order.iter().map(|a| format!("{a} ECONNREFUSED")).collect();
    out.code(1).error_line(&format!(
        "connect to www.example.test port 9: every address failed: {}",
        list.join(", ")
    ));
    assert_eq!(out.err().lines().count(), 1, "{}", out.err());

    let out = in_hosts_ns(
        MULTI_HOSTS,
        &["sockx", "connect", "single.example.test", "9"],
    )
    .expect("ran before");
    out.code(1)
        .error_line("connect to 127.0.0.12 port 9: Connection refused (ECONNREFUSED)");
    assert!(!out.err().contains("every address"), "{}", out.err());
}
