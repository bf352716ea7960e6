//! The seeds' UDP chat room, both ways: sockx chat-server with three python3
//! clients, and the seed's python3 server (fixed for Python 3) with three
//! sockx chat clients. Every wait is bounded; every process is killed by pid.

use std::io::{Read, Write};
use std::net::UdpSocket;
use std::process::ChildStdin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::util::{Bg, cmd, have, sockx, wait_until};

const WAIT: Duration = Duration::from_secs(10);

/// The seed's server, fixed for Python 3 (str/bytes, the leaver's name read
/// before it is removed), on 127.0.0.1 and a free port; it prints the port,
/// then one line per join, message and leave, after it has sent the datagrams.
const PY_SERVER: &str = "\
import socket, sys
sys.stdout.reconfigure(encoding='utf-8')
server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
server.bind(('127.0.0.1', 0))
print(server.getsockname()[1], flush=True)
userdic = {}
while True:
    data, addr = server.recvfrom(1024)
    if addr not in userdic:
        for address in userdic:
            server.sendto(data + ': 加入了群聊'.encode('utf-8'), address)
        userdic[addr] = data.decode('utf-8')
        print('JOIN', userdic[addr], flush=True)
        continue
    if data.decode('utf-8') == 'q':
        name = userdic.pop(addr)
        for address in userdic:
            server.sendto((name + '：离开了聊天室').encode('utf-8'), address)
        print('LEAVE', name, flush=True)
    else:
        for address in userdic:
            if address != addr:
                server.sendto(data, address)
        print('MSG', data.decode('utf-8'), flush=True)
";

/// The seed's client (two threads), fixed for Python 3 and speaking the
/// spec's protocol: a line `q` or EOF sends the datagram `q`.
const PY_CLIENT: &str = "\
import socket, sys, threading
host, port, name = sys.argv[1], int(sys.argv[2]), sys.argv[3]
addr = (host, port)
client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
client.sendto(name.encode('utf-8'), addr)
def recv():
    while True:
        data = client.recv(1024)
        sys.stdout.buffer.write(data + b'\\n')
        sys.stdout.buffer.flush()
threading.Thread(target=recv, daemon=True).start()
while True:
    line = sys.stdin.buffer.readline()
    if not line:
        break
    msg = line.rstrip(b'\\n')
    if msg == b'q':
        break
    client.sendto(name.encode('utf-8') + b':' + msg, addr)
client.sendto(b'q', addr)
";

/// A running process whose stdout and stderr are collected as they come, so
/// a test can wait for a line and then act.
struct Live {
    bg: Bg,
    stdin: Option<ChildStdin>,
    out: Arc<Mutex<Vec<u8>>>,
    err: Arc<Mutex<Vec<u8>>>,
}

fn collect(mut r: impl Read + Send + 'static) -> Arc<Mutex<Vec<u8>>> {
    let buf = Arc::new(Mutex::new(Vec::new()));
    let b = buf.clone();
    std::thread::spawn(move || {
        let mut chunk = [0u8; 4096];
        while let Ok(n) = r.read(&mut chunk) {
            if n == 0 {
                break;
            }
            b.lock().unwrap().extend_from_slice(&chunk[..n]);
        }
    });
    buf
}

impl Live {
    fn start(mut bg: Bg) -> Live {
        let child = bg.child.as_mut().expect("child");
        let stdin = child.stdin.take();
        let out = collect(child.stdout.take().expect("stdout"));
        let err = collect(child.stderr.take().expect("stderr"));
        Live {
            bg,
            stdin,
            out,
            err,
        }
    }
    fn out(&self) -> String {
        String::from_utf8_lossy(&self.out.lock().unwrap()).into_owned()
    }
    fn err(&self) -> String {
        String::from_utf8_lossy(&self.err.lock().unwrap()).into_owned()
    }
    fn line(&mut self, s: &str) {
        let w = self.stdin.as_mut().expect("stdin open");
        w.write_all(format!("{s}\n").as_bytes())
            .expect("write stdin");
        w.flush().expect("flush");
    }
    fn close(&mut self) {
        self.stdin.take();
    }
    #[track_caller]
    fn wait_out(&self, needle: &str) {
        assert!(
            wait_until(WAIT, || self.out().contains(needle)),
            "no {needle:?} on stdout: {:?} / stderr {:?}",
            self.out(),
            self.err()
        );
    }
    #[track_caller]
    fn wait_err(&self, needle: &str) {
        assert!(
            wait_until(WAIT, || self.err().contains(needle)),
            "no {needle:?} on stderr: {:?}",
            self.err()
        );
    }
    /// Waits (bounded) for the process to end; its exit status.
    #[track_caller]
    fn exit(&mut self) -> i32 {
        use std::os::unix::process::ExitStatusExt;
        let child = self.bg.child.as_mut().expect("child");
        let end = Instant::now() + WAIT;
        while Instant::now() < end {
            if let Some(st) = child.try_wait().expect("wait") {
                return st.code().unwrap_or_else(|| 128 + st.signal().unwrap_or(0));
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("still running after {WAIT:?}: stderr {:?}", self.err());
    }
    fn lines(&self) -> Vec<String> {
        self.out().lines().map(str::to_string).collect()
    }
}

fn py(code: &str, args: &[&str]) -> Live {
    let mut a = vec!["-c", code];
    a.extend_from_slice(args);
    Live::start(cmd("python3", a).timeout(Duration::from_secs(60)).spawn())
}

fn sockx_live(args: &[&str]) -> Live {
    Live::start(sockx(args).timeout(Duration::from_secs(60)).spawn())
}

/// The port in a sockx listening line (human or JSON).
fn listening_port(server: &Live) -> String {
    server.wait_err("listening");
    let err = server.err();
    let line = err.lines().find(|l| l.contains("listening")).expect("line");
    super::util::port_of(line).to_string()
}

/// (kind, name, text) of every chat event in JSON Lines.
fn chat_events(stderr: &str) -> Vec<(String, String, String)> {
    stderr
        .lines()
        .filter(|l| l.starts_with('{'))
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["event"] == "chat")
        .map(|v| {
            (
                v["kind"].as_str().unwrap_or("").to_string(),
                v["name"].as_str().unwrap_or("").to_string(),
                v["text"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn ev(kind: &str, name: &str, text: &str) -> (String, String, String) {
    (kind.into(), name.into(), text.into())
}

#[test]
fn sockx_server_with_three_python_clients() {
    if !have("python3") {
        return;
    }
    let server = sockx_live(&["--json", "chat-server", "127.0.0.1", "0"]);
    let port = listening_port(&server);
    let client = |name: &str| py(PY_CLIENT, &["127.0.0.1", &port, name]);

    let mut alice = client("alice");
    server.wait_err(r#""kind":"join","#);
    let mut bob = client("bob");
    alice.wait_out("bob: 加入了群聊");
    let mut carol = client("carol");
    alice.wait_out("carol: 加入了群聊");
    bob.wait_out("carol: 加入了群聊");

    alice.line("hello from alice");
    bob.wait_out("alice:hello from alice");
    carol.wait_out("alice:hello from alice");
    bob.line("hi, 你好");
    alice.wait_out("bob:hi, 你好");
    carol.wait_out("bob:hi, 你好");

    carol.close(); // EOF: the client sends `q`
    assert_eq!(carol.exit(), 0);
    alice.wait_out("carol：离开了聊天室");
    bob.wait_out("carol：离开了聊天室");
    alice.line("q");
    assert_eq!(alice.exit(), 0);
    bob.wait_out("alice：离开了聊天室");
    bob.line("q");
    assert_eq!(bob.exit(), 0);
    server.wait_err(r#""kind":"leave","from":"#);
    assert!(wait_until(WAIT, || chat_events(&server.err()).len() == 8));

    assert_eq!(
        alice.lines(),
        [
            "bob: 加入了群聊",
            "carol: 加入了群聊",
            "bob:hi, 你好",
            "carol：离开了聊天室"
        ]
    );
    assert_eq!(
        bob.lines(),
        [
            "carol: 加入了群聊",
            "alice:hello from alice",
            "carol：离开了聊天室",
            "alice：离开了聊天室"
        ]
    );
    assert_eq!(carol.lines(), ["alice:hello from alice", "bob:hi, 你好"]);
    assert_eq!(
        chat_events(&server.err()),
        [
            ev("join", "alice", "alice: 加入了群聊"),
            ev("join", "bob", "bob: 加入了群聊"),
            ev("join", "carol", "carol: 加入了群聊"),
            ev("message", "alice", "alice:hello from alice"),
            ev("message", "bob", "bob:hi, 你好"),
            ev("leave", "carol", "carol：离开了聊天室"),
            ev("leave", "alice", "alice：离开了聊天室"),
            ev("leave", "bob", "bob：离开了聊天室"),
        ]
    );
}

#[test]
fn python_server_with_three_sockx_clients() {
    if !have("python3") {
        return;
    }
    let server = py(PY_SERVER, &[]);
    assert!(wait_until(WAIT, || server.out().contains('\n')), "no port");
    let port = server.out().lines().next().unwrap_or_default().to_string();
    let client = |name: &str, json: bool| {
        let mut a = vec!["chat", "--name", name, "127.0.0.1", &port];
        if json {
            a.insert(0, "--json");
        }
        sockx_live(&a)
    };

    let mut alice = client("alice", false);
    server.wait_out("JOIN alice");
    let mut bob = client("bob", true);
    server.wait_out("JOIN bob");
    alice.wait_out("bob: 加入了群聊");
    let mut carol = client("carol", false);
    server.wait_out("JOIN carol");
    alice.wait_out("carol: 加入了群聊");
    bob.wait_out("carol: 加入了群聊");

    alice.line("hello from alice");
    server.wait_out("MSG alice:hello from alice");
    bob.wait_out("alice:hello from alice");
    carol.wait_out("alice:hello from alice");
    bob.line("hi, 你好");
    server.wait_out("MSG bob:hi, 你好");
    alice.wait_out("bob:hi, 你好");
    carol.wait_out("bob:hi, 你好");

    carol.close(); // EOF sends `q`
    assert_eq!(carol.exit(), 0);
    server.wait_out("LEAVE carol");
    alice.wait_out("carol：离开了聊天室");
    bob.wait_out("carol：离开了聊天室");
    alice.line("q");
    assert_eq!(alice.exit(), 0);
    server.wait_out("LEAVE alice");
    bob.wait_out("alice：离开了聊天室");
    bob.close();
    assert_eq!(bob.exit(), 0);
    server.wait_out("LEAVE bob");

    assert_eq!(
        alice.lines(),
        [
            "bob: 加入了群聊",
            "carol: 加入了群聊",
            "bob:hi, 你好",
            "carol：离开了聊天室"
        ]
    );
    assert_eq!(
        bob.lines(),
        [
            "carol: 加入了群聊",
            "alice:hello from alice",
            "carol：离开了聊天室",
            "alice：离开了聊天室"
        ]
    );
    assert_eq!(carol.lines(), ["alice:hello from alice", "bob:hi, 你好"]);
    // What the server saw, in order: the sockx clients spoke the protocol.
    let log: Vec<String> = server.out().lines().skip(1).map(str::to_string).collect();
    assert_eq!(
        log,
        [
            "JOIN alice",
            "JOIN bob",
            "JOIN carol",
            "MSG alice:hello from alice",
            "MSG bob:hi, 你好",
            "LEAVE carol",
            "LEAVE alice",
            "LEAVE bob"
        ]
    );
    // bob ran with --json: what arrived, classified, as chat events on stderr.
    assert_eq!(
        chat_events(&bob.err()),
        [
            ev("join", "carol", "carol: 加入了群聊"),
            ev("message", "alice", "alice:hello from alice"),
            ev("leave", "carol", "carol：离开了聊天室"),
            ev("leave", "alice", "alice：离开了聊天室"),
        ]
    );
}

/// A member as a plain loopback socket: the bytes it gets are the oracle.
fn member(port: u16, name: &[u8]) -> UdpSocket {
    let s = UdpSocket::bind("127.0.0.1:0").expect("bind");
    s.set_read_timeout(Some(WAIT)).expect("timeout");
    s.send_to(name, ("127.0.0.1", port)).expect("send");
    s
}

fn recv(s: &UdpSocket) -> Vec<u8> {
    let mut buf = [0u8; 2048];
    let n = s.recv(&mut buf).expect("datagram within the timeout");
    buf[..n].to_vec()
}

#[test]
fn server_relays_bytes_untouched_and_renders_them_escaped() {
    for json in [false, true] {
        let mut args = vec!["chat-server", "127.0.0.1", "0"];
        if json {
            args.insert(0, "--json");
        }
        let server = sockx_live(&args);
        let port: u16 = listening_port(&server).parse().expect("port");
        let x = member(port, b"x\xff");
        if json {
            server.wait_err(r#""kind":"join""#);
        } else {
            server.wait_err("joined");
        }
        let y = member(port, b"y");
        assert_eq!(recv(&x), recv_join_of(b"y"));
        let payload = b"x:\xff\xfe\x1b[2J\x00end".to_vec();
        x.send_to(&payload, ("127.0.0.1", port)).expect("send");
        assert_eq!(recv(&y), payload, "relayed bytes untouched");
        x.send_to(b"q", ("127.0.0.1", port)).expect("send");
        let mut leave = b"x\xff".to_vec();
        leave.extend_from_slice("：离开了聊天室".as_bytes());
        assert_eq!(recv(&y), leave);
        if json {
            server.wait_err(r#""kind":"leave""#);
            let err = server.err();
            let msg: serde_json::Value = err
                .lines()
                .filter_map(|l| serde_json::from_str(l).ok())
                .find(|v: &serde_json::Value| v["kind"] == "message")
                .expect("message event");
            assert_eq!(msg["text"], serde_json::Value::Null);
            assert_eq!(msg["hex"], hex_of(&payload));
            assert_eq!(msg["name"], "x\\xff");
            assert_eq!(msg["from"]["address"], "127.0.0.1");
        } else {
            server.wait_err("left");
            let err = server.err();
            assert!(
                !err.contains('\x1b'),
                "raw escape reached the terminal: {err:?}"
            );
            assert!(err.contains("x:\\xff\\xfe\\x1b[2J\\x00end"), "{err:?}");
            assert!(err.contains("x\\xff (127.0.0.1:"), "{err:?}");
        }
    }
}

/// The join notice the earlier members get for `name`.
fn recv_join_of(name: &[u8]) -> Vec<u8> {
    let mut v = name.to_vec();
    v.extend_from_slice(": 加入了群聊".as_bytes());
    v
}

fn hex_of(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn server_ends_promptly_on_sigint_and_sigterm() {
    for (sig, code) in [(libc::SIGTERM, 143), (libc::SIGINT, 130)] {
        let mut server = sockx_live(&["chat-server", "127.0.0.1", "0"]);
        let port: u16 = listening_port(&server).parse().expect("port");
        let _m = member(port, b"m");
        server.wait_err("joined");
        let t = Instant::now();
        server.bg.signal(sig);
        assert_eq!(server.exit(), code, "signal {sig}");
        assert!(t.elapsed() < Duration::from_secs(10), "slow to stop");
    }
}

#[test]
fn client_leaves_on_sigint_and_shows_messages_while_typing() {
    let room = UdpSocket::bind("127.0.0.1:0").expect("bind");
    room.set_read_timeout(Some(WAIT)).expect("timeout");
    let port = room.local_addr().expect("addr").port().to_string();
    let mut c = sockx_live(&["chat", "--name", "dana", "127.0.0.1", &port]);
    let mut buf = [0u8; 2048];
    let (n, from) = room.recv_from(&mut buf).expect("the name first");
    assert_eq!(&buf[..n], b"dana");
    // Something arrives while stdin is open and silent: shown at once, escaped.
    room.send_to(b"eve:hi \x1b]0;x\x07", from).expect("send");
    c.wait_out("eve:hi \\x1b]0;x\\x07");
    c.line("typed");
    let (n, _) = room.recv_from(&mut buf).expect("a line");
    assert_eq!(&buf[..n], b"dana:typed");
    c.bg.signal(libc::SIGINT);
    let (n, _) = room.recv_from(&mut buf).expect("q on SIGINT");
    assert_eq!(&buf[..n], b"q");
    assert_eq!(c.exit(), 130);
}

#[test]
fn client_sends_last_line_without_newline_then_q() {
    let room = UdpSocket::bind("127.0.0.1:0").expect("bind");
    room.set_read_timeout(Some(WAIT)).expect("timeout");
    let port = room.local_addr().expect("addr").port().to_string();
    let out = sockx(["chat", "--name", "fay", "127.0.0.1", &port])
        .stdin("one\n\ntwo")
        .run();
    out.ok();
    let mut got = Vec::new();
    let mut buf = [0u8; 2048];
    for _ in 0..4 {
        let n = room.recv(&mut buf).expect("datagram");
        got.push(buf[..n].to_vec());
    }
    assert_eq!(
        got,
        [
            b"fay".to_vec(),
            b"fay:one".to_vec(),
            b"fay:".to_vec(),
            b"fay:two".to_vec()
        ]
    );
    let n = room.recv(&mut buf).expect("q");
    assert_eq!(&buf[..n], b"q");
}

/// No SO_REUSEADDR (as in the seed): for UDP it would let a second server
/// bind the same port and silently take the room's datagrams.
#[test]
fn second_server_on_the_same_port_is_refused() {
    let first = sockx_live(&["chat-server", "127.0.0.1", "0"]);
    let port = listening_port(&first);
    let out = sockx(["chat-server", "127.0.0.1", &port]).run();
    out.code(1).error_line("EADDRINUSE");
    // And it is not a python-vs-sockx quirk: python's bind says the same.
    let py = cmd(
        "python3",
        [
            "-c",
            "import socket,sys\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n\
             try:\n s.bind(('127.0.0.1',int(sys.argv[1])))\nexcept OSError as e:\n print(e.errno)",
            &port,
        ],
    )
    .run();
    assert_eq!(py.out().trim(), libc::EADDRINUSE.to_string());
}

#[test]
fn chat_bad_input() {
    let bad = |args: &[&str], needle: &str| {
        let out = sockx(args).run();
        out.code(2).error_line(needle);
    };
    bad(&["chat", "--name", "", "127.0.0.1", "9"], "--name");
    bad(&["chat", "--name", "a", "127.0.0.1", "65536"], "65536");
    bad(
        &["chat", "--name", "a", "127.0.0.1", "no-such-service-sockx"],
        "no-such-service-sockx",
    );
    bad(&["chat", "127.0.0.1", "9"], "--name");
    bad(&["chat-server", "127.0.0.1", "70000"], "70000");
    bad(&["chat-server", "[::1", "0"], "[::1");
    bad(&["chat-server", "1", "2", "3"], "3");
}
