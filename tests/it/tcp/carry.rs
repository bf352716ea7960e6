//! listen -k's carry through the binary (issue 14): stdin is a pipe of
//! numbered lines; a first python3 client reads a little and resets
//! (SO_LINGER 0); a second reads to EOF. With -C, -i and --frame the line
//! path holds bytes of its own (a line half sent, lines cut or not yet cut),
//! and none of them may be lost or sent twice.
//!
//! The oracle is exact: under `-x --json` every byte the kernel accepted for
//! each connection is a `data` event, so "what connection 1 took, then what
//! connection 2 took" must be the transformed stdin, once. Bytes the kernel
//! accepted for the connection that reset are gone with it (as with nc): the
//! check is that sockx resumes right after them. The -i case needs no -x:
//! one line at a time crosses, so the union of what the two clients got is
//! every line exactly once.

use super::{In, Sink, listener, python_run};
use crate::util::TempDir;

/// The first client: a small receive window (set before connect), reads
/// argv[2] bytes, then resets. argv[2] = -1: reads to EOF and closes.
const CLIENT: &str = r#"
import struct
port, want, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
c = socket.socket()
if want >= 0:
    c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
c.settimeout(30)
c.connect(("127.0.0.1", port))
got = bytearray()
if want >= 0:
    while len(got) < want:
        d = c.recv(min(4096, want - len(got)))
        if not d:
            break
        got += d
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
else:
    got = recv_all(c)
c.close()
open(out, "wb").write(got)
"#;

fn numbered(n: usize, width: usize) -> Vec<u8> {
    let mut v = Vec::new();
    for i in 0..n {
        v.extend_from_slice(format!("line {i:0width$}\n").as_bytes());
    }
    v
}

/// What one `listen -k` run with two clients gave.
pub struct Run {
    /// Per connection, the bytes the kernel accepted (from -x's events).
    pub sent: Vec<Vec<u8>>,
    pub got1: Vec<u8>,
    pub got2: Vec<u8>,
}

/// sockx listen -k OPTS (with -x --json when `hex`), stdin `input`; the
/// first client reads `first` bytes and resets, the second reads to EOF.
fn two_clients(opts: &[&str], input: Vec<u8>, first: usize, hex: bool) -> Run {
    let dir = TempDir::new("carry");
    let mut args = vec!["--json", "listen", "-k"];
    if hex {
        args.push("-x");
    }
    args.extend_from_slice(opts);
    args.extend(["127.0.0.1", "0"]);
    let (mut srv, port) = listener(&args, In::Bytes(input), Sink::Null);
    let port = port.to_string();
    let (o1, o2) = (dir.path().join("c1"), dir.path().join("c2"));
    let (o1s, o2s) = (o1.to_string_lossy(), o2.to_string_lossy());
    python_run(CLIENT, &[&port, &first.to_string(), &o1s]);
    let warning = srv.line("\"warning\"");
    assert!(warning.contains("ECONNRESET"), "{warning}");
    python_run(CLIENT, &[&port, "-1", &o2s]);
    srv.line("\"closed\"");
    srv.signal(libc::SIGTERM);
    let out = srv.finish();
    out.code(143);
    Run::of(&out, &o1, &o2)
}

impl Run {
    /// From `listen -k -x --json`'s events (per connection, the bytes the
    /// kernel accepted) and the two clients' output files.
    pub fn of(out: &crate::util::Out, o1: &std::path::Path, o2: &std::path::Path) -> Run {
        let mut sent: Vec<Vec<u8>> = Vec::new();
        for e in out.events() {
            match e["event"].as_str() {
                Some("accepted") => sent.push(Vec::new()),
                Some("data") if e["direction"] == "out" => {
                    let b = hex::decode(e["hex"].as_str().expect("hex")).expect("hex");
                    sent.last_mut().expect("data before accepted").extend(b);
                }
                _ => {}
            }
        }
        let read = |p: &std::path::Path| std::fs::read(p).expect("client output");
        Run {
            sent,
            got1: read(o1),
            got2: read(o2),
        }
    }
}

/// The byte-stream shapes (-C, -i): connection 1's bytes, then connection
/// 2's, are the transformed stdin exactly; each client got its connection's.
pub fn check_stream(r: &Run, want: &[u8]) {
    assert_eq!(r.sent.len(), 2, "two connections");
    let (s1, s2) = (&r.sent[0], &r.sent[1]);
    assert!(!s2.is_empty(), "nothing was left for the second connection");
    assert!(
        r.got1.len() < want.len() && s1.starts_with(&r.got1),
        "client 1 got what connection 1 sent"
    );
    assert!(r.got2 == *s2, "client 2 got all connection 2 sent");
    let mut both = s1.clone();
    both.extend_from_slice(s2);
    if both != want {
        let at = both.iter().zip(want).take_while(|(a, b)| a == b).count();
        panic!(
            "sent {} + {} B, want {} B; differs at {at} (connection 1 ended at {}): got {:?}, want {:?}",
            s1.len(),
            s2.len(),
            want.len(),
            s1.len(),
            String::from_utf8_lossy(&both[at..(at + 40).min(both.len())]),
            String::from_utf8_lossy(&want[at..(at + 40).min(want.len())]),
        );
    }
}

/// -C: stdin's LFs go out as CRLF; a reset in the middle of the upload
/// (with 128 KiB cut and converted, and a chunk half sent) loses nothing.
#[test]
fn crlf_reset_mid_upload_carries_the_rest() {
    let input = numbered(200_000, 6);
    let want: Vec<u8> = String::from_utf8(input.clone())
        .expect("ascii")
        .replace('\n', "\r\n")
        .into_bytes();
    let r = two_clients(&["-C"], input, 20_000, true);
    check_stream(&r, &want);
}

/// stdin with CRLF already: -C keeps a CR LF as it is, across the carry too.
#[test]
fn crlf_input_is_not_doubled_across_connections() {
    let input: Vec<u8> = (0..150_000)
        .flat_map(|i| format!("row {i:06}\r\n").into_bytes())
        .collect();
    let want = input.clone();
    let r = two_clients(&["-C"], input, 10_000, true);
    check_stream(&r, &want);
}

/// The message shapes: each connection's bytes are whole messages, except
/// that connection 1 may end inside one, which connection 2 then sends
/// whole (its first message is the one cut short; none is repeated that
/// client 1 could have got whole).
fn check_messages(r: &Run, want: &[u8], boundaries: &[usize]) {
    assert_eq!(r.sent.len(), 2, "two connections");
    let (s1, s2) = (&r.sent[0], &r.sent[1]);
    assert!(!s2.is_empty(), "nothing was left for the second connection");
    assert!(want.starts_with(s1), "connection 1 sent a prefix of stdin");
    assert!(
        s1.starts_with(&r.got1),
        "client 1 got what connection 1 sent"
    );
    assert!(r.got2 == *s2, "client 2 got all connection 2 sent");
    let resume = boundaries
        .iter()
        .copied()
        .filter(|&b| b <= s1.len())
        .max()
        .unwrap_or(0);
    assert_eq!(
        s2.len(),
        want.len() - resume,
        "connection 2 resumes at the start of the message connection 1 did not finish ({resume}; connection 1 sent {} B)",
        s1.len()
    );
    assert!(*s2 == want[resume..], "connection 2 sent the rest of stdin");
}

fn framed(lines: &[u8], len: usize) -> (Vec<u8>, Vec<usize>) {
    let (mut out, mut at) = (Vec::new(), Vec::new());
    for l in lines.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        at.push(out.len());
        match len {
            2 => out.extend_from_slice(&(l.len() as u16).to_be_bytes()),
            _ => out.extend_from_slice(&(l.len() as u32).to_be_bytes()),
        }
        out.extend_from_slice(l);
    }
    (out, at)
}

/// --frame len16, small messages: the carried lines go out framed once.
#[test]
fn frame_len16_reset_mid_upload_carries_whole_messages() {
    let input = numbered(150_000, 6);
    let (want, at) = framed(&input, 2);
    let r = two_clients(&["--frame", "len16"], input, 7_000, true);
    check_messages(&r, &want, &at);
}

/// --frame len32 with messages larger than all the kernel can buffer for
/// connection 1 (tcp_wmem's 4 MiB at most, and client 1's tiny window):
/// connection 1 necessarily ends inside the first message, so connection 2
/// must send everything, from that message's header on (no -x needed).
#[test]
fn frame_len32_message_cut_by_a_reset_is_sent_again_whole() {
    let mut input = Vec::new();
    for i in 0..3u8 {
        input.extend(std::iter::repeat_n(b'a' + i, 6 << 20));
        input.push(b'\n');
    }
    let (want, _) = framed(&input, 4);
    let r = two_clients(&["--frame", "len32"], input, 50_000, false);
    assert!(
        r.got1 == want[..50_000],
        "client 1 got the start of message 1"
    );
    assert_eq!(r.got2.len(), want.len(), "client 2 got every message");
    assert!(r.got2 == want, "client 2 got every message, once, in order");
}

/// --frame line with -C: each line one CRLF-ended message.
#[test]
fn frame_line_crlf_reset_mid_upload() {
    let input = numbered(150_000, 6);
    let text = String::from_utf8(input.clone()).expect("ascii");
    let want = text.replace('\n', "\r\n").into_bytes();
    let mut at = vec![0];
    at.extend(
        want.windows(2)
            .enumerate()
            .filter(|(_, w)| w == b"\r\n")
            .map(|(i, _)| i + 2),
    );
    let r = two_clients(&["--frame", "line", "-C"], input, 9_000, true);
    check_messages(&r, &want, &at);
}

/// -i: one line per interval, so nothing is in flight when client 1 resets
/// right after its third line: the two clients together get every line
/// exactly once, in order (the pending line is carried, not lost), without
/// -x. The interval is long next to a reset, so a loaded machine cannot
/// put a line in flight either.
#[test]
fn interval_reset_between_lines_every_line_once() {
    let input = numbered(6, 1);
    let third = "line 0\nline 1\nline 2\n".len();
    let r = two_clients(&["-i", "1s"], input.clone(), third, false);
    let mut both = r.got1.clone();
    both.extend_from_slice(&r.got2);
    assert_eq!(
        String::from_utf8_lossy(&both),
        String::from_utf8_lossy(&input),
        "client 1 got {:?}",
        String::from_utf8_lossy(&r.got1)
    );
}

/// The plain path: a reset seen first on the recv side (sockx waits to
/// send, the RST makes the socket readable) kept no carry before: the rest
/// of stdin in the copy buffer was lost.
#[test]
fn plain_reset_seen_on_recv_still_carries() {
    let input = numbered(200_000, 6);
    let want = input.clone();
    let r = two_clients(&["--bufsize", "65536"], input, 20_000, true);
    check_stream(&r, &want);
}
