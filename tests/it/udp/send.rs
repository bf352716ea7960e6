//! udp-send: one datagram per MESSAGE, per stdin line, per read of a
//! packet-mode pipe (--raw); --count/--interval; --wait with replies and
//! with ICMP port unreachable; JSON events; -s; --broadcast; AF_UNIX.

use std::time::{Duration, Instant};

use super::super::tcp::{closed_port, python_run, python_server, run};
use super::super::util::{BIN, TempDir, free_udp_port, sockx};
use super::*;

#[test]
fn each_message_is_one_datagram() {
    let (rx, port) = py_receiver(5, "1", false);
    let msgs = ["hello", "", "wörld 你好", "\x1b[2J", "a b c"];
    let mut args = vec!["udp-send", "127.0.0.1"];
    let p = port.to_string();
    args.push(&p);
    args.extend(msgs);
    sockx(&args).run().ok();
    let got = received(rx);
    let want: Vec<Vec<u8>> = msgs.iter().map(|m| m.as_bytes().to_vec()).collect();
    assert_eq!(payloads(&got), want);
    // All from one socket.
    assert!(got.windows(2).all(|w| w[0].1 == w[1].1));
}

#[test]
fn each_stdin_line_is_one_datagram() {
    let (rx, port) = py_receiver(5, "1", false);
    sockx(["udp-send", "127.0.0.1", &port.to_string()])
        .stdin(b"a\nbb\n\ncr\r\n\xff\x00last".to_vec())
        .run()
        .ok();
    assert_eq!(
        payloads(&received(rx)),
        [
            b"a".to_vec(),
            b"bb".to_vec(),
            b"".to_vec(),
            b"cr\r".to_vec(),
            b"\xff\x00last".to_vec()
        ]
    );
}

/// --raw from a packet-mode pipe (O_DIRECT): each write stays one datagram,
/// counted and compared by a python receiver.
#[test]
fn raw_keeps_packet_boundaries() {
    let out = python_run(
        r#"
import subprocess, random
rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
rx.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
rx.bind(("127.0.0.1", 0))
r, w = os.pipe2(os.O_DIRECT)
p = subprocess.Popen([sys.argv[1], "udp-send", "--raw", "127.0.0.1", str(rx.getsockname()[1])], stdin=r)
os.close(r)
rng = random.Random(3)
sizes = [1, 2, 100, 1500, 4096, 7, 0x100, 4000] + [rng.randrange(1, 4097) for _ in range(300)]
sent = []
for n in sizes:
    d = rng.randbytes(n)
    assert os.write(w, d) == n
    sent.append(d)
os.close(w)
assert p.wait(timeout=20) == 0
rx.settimeout(5)
got = []
while len(got) < len(sent):
    got.append(rx.recv(70000))
rx.setblocking(False)
try:
    extra = rx.recv(70000)
    raise SystemExit("an extra datagram: %d bytes" % len(extra))
except BlockingIOError:
    pass
assert [len(g) for g in got] == [len(s) for s in sent], "boundaries"
assert got == sent
print(len(got))
"#,
        &[BIN],
    );
    assert_eq!(out.out().trim(), "308");
}

/// --raw sends runs of equal-sized packets with UDP GSO (one sendmsg, the
/// kernel cuts it into datagrams): a plain python receiver (no UDP_GRO) must
/// still get every packet as its own datagram, in order, intact — including a
/// shorter one inside a run, and many more packets than one GSO send carries.
/// (An empty packet cannot be tested this way: a zero-length write to a pipe
/// makes no packet.) The receiving kernel's InDatagrams must grow by the packet count.
#[test]
fn raw_equal_sized_packets_stay_separate_datagrams() {
    let out = python_run(
        r#"
import subprocess
def snmp():
    l = [x.split() for x in open("/proc/net/snmp") if x.startswith("Udp:")]
    return dict(zip(l[0][1:], map(int, l[1][1:])))
rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
# Room for every datagram before we read (UDP drops on a full buffer, which is
# not what this test is about): SO_RCVBUFFORCE as root, else fewer packets.
try:
    rx.setsockopt(socket.SOL_SOCKET, 33, 64 << 20)
    n = 3000
except PermissionError:
    rx.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
    n = 600
rx.bind(("127.0.0.1", 0))
r, w = os.pipe2(os.O_DIRECT)
import fcntl
fcntl.fcntl(w, 1031, 1 << 20)
before = snmp()["InDatagrams"]
p = subprocess.Popen([sys.argv[1], "udp-send", "--raw", "127.0.0.1", str(rx.getsockname()[1])], stdin=r)
os.close(r)
sent = []
for i in range(n):
    if i == n // 2:
        d = b"short" + i.to_bytes(4, "big")
    else:
        d = i.to_bytes(4, "big") * 256          # 1024 bytes, each one different
    assert os.write(w, d) == len(d)
    sent.append(d)
os.close(w)
assert p.wait(timeout=20) == 0
rx.settimeout(5)
got = [rx.recv(70000) for _ in sent]
rx.setblocking(False)
try:
    extra = rx.recv(70000)
    raise SystemExit("an extra datagram: %d bytes" % len(extra))
except BlockingIOError:
    pass
assert [len(g) for g in got] == [len(s) for s in sent], "boundaries"
assert got == sent, "content or order"
# Other traffic on the machine may add to the counter, never subtract.
assert snmp()["InDatagrams"] - before >= len(sent)
print("ok")
"#,
        &[BIN],
    );
    assert_eq!(out.out().trim(), "ok");
}

/// --count repeats the messages, --interval spaces them.
#[test]
fn count_and_interval() {
    let (rx, port) = py_receiver(6, "2", false);
    let t = Instant::now();
    sockx([
        "udp-send",
        "--count",
        "3",
        "--interval",
        "100ms",
        "127.0.0.1",
        &port.to_string(),
        "a",
        "b",
    ])
    .run()
    .ok();
    let took = t.elapsed();
    assert_eq!(
        payloads(&received(rx)),
        ["a", "b", "a", "b", "a", "b"].map(|s| s.as_bytes().to_vec())
    );
    assert!(
        took >= Duration::from_millis(490) && took < Duration::from_secs(15),
        "5 pauses of 100ms: {took:?}"
    );
    sockx(["udp-send", "--count", "2", "127.0.0.1", "9"])
        .stdin("x\n")
        .run()
        .code(2);
}

/// A python UDP server replying upper-cased, twice per datagram.
const PY_UDP_UPPER: &str = r#"
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); ready(s)
s.settimeout(20)
d, a = s.recvfrom(70000)
s.sendto(d.upper(), a)
s.sendto(b"\x00\x1b[2J", a)
"#;

/// --wait: replies on stdout in udp-recv's format (human and JSON).
#[test]
fn wait_prints_replies() {
    let (srv, port) = python_server(PY_UDP_UPPER, &[]);
    let out = sockx([
        "udp-send",
        "--wait",
        "2s",
        "127.0.0.1",
        &port.to_string(),
        "ping é",
    ])
    .run();
    out.ok();
    assert_eq!(
        out.out(),
        format!("127.0.0.1:{port} 7 bytes: PING é\n127.0.0.1:{port} 5 bytes: \\x00\\x1b[2J\n")
    );
    srv.finish().ok();

    let (srv, port) = python_server(PY_UDP_UPPER, &[]);
    let out = sockx([
        "--json",
        "udp-send",
        "--wait",
        "2s",
        "127.0.0.1",
        &port.to_string(),
        "ping",
    ])
    .run();
    out.ok();
    let objs: Vec<Value> = out
        .out()
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let from = serde_json::json!({"family": "AF_INET", "address": "127.0.0.1", "port": port});
    assert_eq!(
        objs,
        [
            serde_json::json!({"from": from, "bytes": 4, "truncated": false, "hex": "50494e47", "text": "PING"}),
            serde_json::json!({"from": from, "bytes": 5, "truncated": false, "hex": "001b5b324a", "text": "\u{0}\u{1b}[2J"}),
        ]
    );
    // The sent event on stderr.
    let sent = &out.events()[0];
    assert_eq!(sent["event"], "sent");
    assert_eq!(sent["to"], from);
    assert_eq!(sent["bytes"], 4);
    srv.finish().ok();
}

/// --wait to a port nobody listens on: ICMP port unreachable surfaces as
/// ECONNREFUSED, exit 1, in words.
#[test]
fn wait_to_closed_port_is_refused() {
    let port = free_udp_port().to_string();
    let out = run(&[
        "--trace",
        "udp-send",
        "--wait",
        "2s",
        "127.0.0.1",
        &port,
        "anyone?",
    ]);
    out.code(1).error_line(&format!(
        "nobody is listening on 127.0.0.1 port {port}/udp: Connection refused (ECONNREFUSED)"
    ));
    assert!(
        out.err()
            .contains(&format!("connect(3, ('127.0.0.1', {port})) = 0")),
        "{}",
        out.err()
    );
    // Without --wait nothing can tell (as with nc): exit 0.
    sockx(["udp-send", "127.0.0.1", &port, "anyone?"])
        .run()
        .ok();
}

/// -s ADDR:PORT: the receiver sees that source.
#[test]
fn source_port() {
    let (rx, port) = py_receiver(1, "1", false);
    let sport = free_udp_port();
    sockx([
        "udp-send",
        "-s",
        &format!("127.0.0.1:{sport}"),
        "127.0.0.1",
        &port.to_string(),
        "from a chosen port",
    ])
    .run()
    .ok();
    let got = received(rx);
    assert_eq!(got, [(b"from a chosen port".to_vec(), sport)]);
}

/// --broadcast sets SO_BROADCAST: without it the loopback broadcast address
/// is refused (EACCES, exit 1); with it the datagram goes out.
#[test]
fn broadcast_sets_so_broadcast() {
    let port = free_udp_port().to_string();
    sockx(["udp-send", "127.255.255.255", &port, "x"])
        .run()
        .code(1)
        .error_line("EACCES");
    let out = run(&[
        "--trace",
        "udp-send",
        "--broadcast",
        "127.255.255.255",
        &port,
        "x",
    ]);
    out.ok();
    assert!(
        out.err()
            .contains("setsockopt(3, SOL_SOCKET, SO_BROADCAST, 1) = 0"),
        "{}",
        out.err()
    );
}

/// -U PATH: AF_UNIX datagrams to a python receiver, and --wait replies
/// (sockx autobinds so the peer has an address to answer).
#[test]
fn unix_datagrams() {
    let d = TempDir::new("udpunix");
    let path = d.path().join("rx.sock").display().to_string();
    let (srv, _) = python_server(
        r#"
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind(sys.argv[1])
print("port 0", file=sys.stderr, flush=True)
s.settimeout(20)
got = []
for _ in range(2):
    d, a = s.recvfrom(70000)
    got.append(d)
d, a = s.recvfrom(70000)
s.sendto(b"reply to " + d, a)
print(got, a != None and a != "")
"#,
        &[&path],
    );
    sockx(["udp-send", "-U", &path, "one", "two"]).run().ok();
    let out = sockx(["udp-send", "-U", &path, "--wait", "2s", "three"]).run();
    out.ok();
    assert!(
        out.out().ends_with(" 14 bytes: reply to three\n"),
        "{}",
        out.out()
    );
    let s = srv.finish();
    s.ok();
    assert_eq!(s.out().trim(), "[b'one', b'two'] True");
    // -s and -U do not mix; a missing path is an error.
    sockx(["udp-send", "-U", &path, "-s", "127.0.0.1", "x"])
        .run()
        .code(2);
    let missing = d.path().join("missing").display().to_string();
    sockx(["udp-send", "-U", &missing, "x"]).run().code(1);
    drop(closed_port());
}

/// IPv6: a python receiver on ::1, bare and bracketed literals.
#[test]
fn ipv6() {
    for host in ["::1", "[::1]"] {
        let (rx, port) = py_receiver(1, "1", true);
        sockx(["udp-send", host, &port.to_string(), "v6"])
            .run()
            .ok();
        assert_eq!(payloads(&received(rx)), [b"v6".to_vec()], "{host}");
    }
}

/// --raw from a file: reads of the largest datagram the family carries
/// (65507 bytes over IPv4, 65527 over IPv6), not 65535 (EMSGSIZE).
#[test]
fn raw_from_a_file_uses_the_largest_datagram() {
    let d = TempDir::new("rawfile");
    let data = super::super::util::random_bytes(100_000, 43);
    let f = super::super::tcp::file(d.path(), "in.bin", &data);
    for (v6, host, first) in [(false, "127.0.0.1", 65507), (true, "::1", 65527)] {
        let (rx, port) = py_receiver(2, "1", v6);
        Proc::sockx(
            &["udp-send", "--raw", host, &port.to_string()],
            In::File(f.clone()),
            Sink::Null,
        )
        .finish()
        .ok();
        let got = payloads(&received(rx));
        let sizes: Vec<usize> = got.iter().map(Vec::len).collect();
        assert_eq!(sizes, [first, 100_000 - first], "{host}");
        assert!(got.concat() == data);
    }
    // An explicit --bufsize is the read size (the kernel refuses more than fits).
    sockx(["udp-send", "--raw", "--bufsize", "65535", "127.0.0.1", "9"])
        .stdin(data)
        .run()
        .code(1)
        .error_line("EMSGSIZE");
}
