//! The relay's ending rules (issue 10) as one table, through the real binary
//! against real peers on loopback: mode (listen, connect, listen -k, listen
//! -U, connect -U) × stdin (a pipe from the test, `cat FILE |`, a regular
//! file, /dev/null, a terminal, an O_NONBLOCK pipe) × ending order (stdin EOF
//! first, peer FIN first, both at once, peer RST mid-upload, peer FIN then
//! RST, stdout closed mid-upload, SIGINT/SIGTERM mid-flow) × payload (0 B,
//! 1 B, 3 MiB, 100 MB both ways), with the combinations that mean something.
//!
//! Every row checks both directions by length and sha256 (what the peer
//! received against sockx's stdin, what sockx wrote to stdout against what
//! the peer sent), the exit status, and stderr (OK rows: no error line;
//! error rows: one `sockx: error:` line that says what happened and how much
//! was sent). A failing row is reported by name with everything that went
//! wrong; each #[test] runs all its rows before it fails.
//!
//! The rules:
//! - stdin → socket ends at stdin's EOF (then SHUT_WR); socket → stdout ends
//!   at the peer's FIN (then stdout is closed at once); the process ends when
//!   both have. Neither end cuts the other direction short. A terminal on
//!   stdin keeps nc's rule: the session ends when the peer closes.
//! - A direction that cannot finish (peer reset, EPIPE) is exit 1 with one
//!   line, on every copy path (splice, sendfile, the copy of -x/--bufsize).
//! - stdout closed by its reader ends only socket → stdout (read and
//!   discard): the upload goes on to its end, exit 0, quiet.
//! - SIGINT/SIGTERM end the process promptly (130/143) on every path, even
//!   with stderr blocked; stdout holds an exact prefix of what came.
//! - An O_NONBLOCK stdin is waited on, not spun on, and EAGAIN is no timeout.
//!
//! Running it:
//!   cargo test --test it tcp::table                      (CI: every row once)
//!   SOCKX_TABLE_RUNS=5 cargo test --test it tcp::table   (developers: 5 times)
//!   SOCKX_TABLE_FILTER=fin-first:listen cargo test --test it tcp::table -- --nocapture
//!                                           (only rows whose name contains it)
//!   SOCKX_TABLE_DEBUG=1                     (print each row's phases with times)
//!   SOCKX_TABLE_JOBS=N                      (rows at once, all tests together; default 4)
//!
//! Every process is its own process group and is killed with it when its row
//! ends or passes its deadline ([`ROW_TIMEOUT`]); every wait is bounded and
//! waits for a readiness sign (a listening line, a peer's line, a file's
//! size), never for a fixed time. Timing bounds are generous: CI machines
//! are small and loaded.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, Command, Stdio};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::super::util::{BIN, TempDir, free_port, have, random_bytes};
use super::{port_in, tcp_listening};

const MIB: usize = 1 << 20;
const MB100: usize = 100_000_000;
/// A row's processes are killed when it takes longer than this.
const ROW_TIMEOUT: Duration = Duration::from_secs(60);
/// How long a signal or a peer's close may take to end sockx on a loaded
/// machine (the rule is 100 ms; this catches "ignored", not "slow").
const PROMPT: Duration = Duration::from_secs(5);
/// How long a signal may take to end sockx (the rule: 100 ms; this allows
/// for a loaded machine).
const SIGNAL_BOUND: Duration = Duration::from_secs(2);
/// The download of the signal rows: this block, sent again and again (a
/// prime length, so a lost or repeated chunk shows).
const STREAM_BLOCK: usize = 1_000_003;

// ---------------------------------------------------------------- the rows

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    Listen,
    Connect,
    ListenK,
    ListenUnix,
    ConnectUnix,
}

impl Mode {
    fn name(self) -> &'static str {
        match self {
            Mode::Listen => "listen",
            Mode::Connect => "connect",
            Mode::ListenK => "listen-k",
            Mode::ListenUnix => "listen-U",
            Mode::ConnectUnix => "connect-U",
        }
    }
    fn listens(self) -> bool {
        matches!(self, Mode::Listen | Mode::ListenK | Mode::ListenUnix)
    }
    fn unix(self) -> bool {
        matches!(self, Mode::ListenUnix | Mode::ConnectUnix)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum StdinKind {
    /// A pipe the test writes (gated: see `End::FinFirst`).
    Pipe,
    /// `cat FILE |`.
    Cat,
    /// A regular file (sendfile).
    File,
    Null,
    /// A pseudo-terminal's slave.
    Tty,
    /// A pipe whose read end is O_NONBLOCK, fed in two parts with a pause.
    NonBlock,
    /// `cat /dev/zero |`: an upload that never ends.
    Zero,
}

impl StdinKind {
    fn name(self) -> &'static str {
        match self {
            StdinKind::Pipe => "pipe",
            StdinKind::Cat => "cat-pipe",
            StdinKind::File => "file",
            StdinKind::Null => "devnull",
            StdinKind::Tty => "tty",
            StdinKind::NonBlock => "nonblock-pipe",
            StdinKind::Zero => "cat-devzero",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum End {
    /// The peer reads to EOF (sockx's stdin ended), then sends and closes.
    StdinFirst,
    /// The peer sends, shuts down its side, then reads to EOF. For connect,
    /// a test pipe on stdin is fed only after the peer's FIN (and, without
    /// -k, after sockx's stdout reached EOF); for listen it flows from the
    /// start (a listener's idle stdin ends with the peer, by rule).
    FinFirst,
    /// The peer sends and closes entirely at once; stdin is an idle pipe
    /// that then ends without data.
    CloseFirst,
    /// The peer sends and reads at the same time.
    Both,
    /// The peer reads 64 KiB, then resets (SO_LINGER 0; AF_UNIX: closes
    /// with unread data).
    Rst,
    /// The peer sends a little, shuts down its side, reads 64 KiB, resets.
    FinRst,
    /// The peer process is SIGKILLed after 64 KiB (the receiver dies).
    PeerKilled,
    /// sockx's stdout is read for one byte and closed; the peer sends and
    /// reads everything.
    StdoutClosed,
    /// A signal once bytes flow (download: the peer streams a counter;
    /// upload: stdin is endless and the peer reads).
    Signal(i32, Flow),
    /// Terminal stdin: the peer reads what was typed, sends, closes.
    Terminal,
    /// The O_NONBLOCK stdin rows: the peer reads to EOF, then replies.
    Idle,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Flow {
    Download,
    Upload,
}

impl End {
    fn name(self) -> String {
        match self {
            End::StdinFirst => "stdin-eof-first".into(),
            End::FinFirst => "fin-first".into(),
            End::CloseFirst => "peer-closes-first".into(),
            End::Both => "both-at-once".into(),
            End::Rst => "rst".into(),
            End::FinRst => "fin-then-rst".into(),
            End::PeerKilled => "peer-killed".into(),
            End::StdoutClosed => "stdout-closed".into(),
            End::Signal(s, f) => format!(
                "{}-{}",
                if s == libc::SIGINT {
                    "sigint"
                } else {
                    "sigterm"
                },
                if f == Flow::Download {
                    "download"
                } else {
                    "upload"
                }
            ),
            End::Terminal => "terminal".into(),
            End::Idle => "nonblock".into(),
        }
    }
    /// The python peer's behaviour (see [`PEER`]).
    fn how(self) -> &'static str {
        match self {
            End::StdinFirst | End::Idle => "stdin-first",
            End::FinFirst => "fin-first",
            End::CloseFirst => "close-first",
            End::Both | End::StdoutClosed => "both",
            End::Rst => "rst",
            End::FinRst => "fin-rst",
            End::PeerKilled => "killed",
            End::Signal(_, Flow::Download) => "stream",
            End::Signal(_, Flow::Upload) => "sink",
            End::Terminal => "tty",
        }
    }
    fn is_error(self) -> bool {
        matches!(self, End::Rst | End::FinRst | End::PeerKilled)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Peer {
    Python,
    /// sockx connect as the client of a sockx listen row.
    Sockx,
    Nc,
    Ncat,
    Socat,
}

impl Peer {
    fn program(self) -> &'static str {
        match self {
            Peer::Python => "python3",
            Peer::Sockx => "sockx",
            Peer::Nc => "nc",
            Peer::Ncat => "ncat",
            Peer::Socat => "socat",
        }
    }
}

#[derive(Clone, Debug)]
struct Row {
    end: End,
    mode: Mode,
    stdin: StdinKind,
    /// Bytes on sockx's stdin (what the peer must receive).
    up: usize,
    /// Bytes the peer sends (what sockx must write to stdout).
    down: usize,
    extra: &'static [&'static str],
    peer: Peer,
    /// stderr into a pipe nobody reads (after the listening line).
    blocked_stderr: bool,
}

fn row(end: End, mode: Mode, stdin: StdinKind, up: usize) -> Row {
    Row {
        end,
        mode,
        stdin,
        up: if stdin == StdinKind::Null { 0 } else { up },
        down: up,
        extra: &[],
        peer: Peer::Python,
        blocked_stderr: false,
    }
}

impl Row {
    fn down(mut self, n: usize) -> Row {
        self.down = n;
        self
    }
    fn x(mut self, extra: &'static [&'static str]) -> Row {
        self.extra = extra;
        self
    }
    fn peer(mut self, p: Peer) -> Row {
        self.peer = p;
        self
    }
    fn blocked(mut self) -> Row {
        self.blocked_stderr = true;
        self
    }
    fn name(&self) -> String {
        let mut n = format!(
            "{}:{}/{}/{}",
            self.end.name(),
            self.mode.name(),
            self.stdin.name(),
            size(self.up)
        );
        if self.down != self.up {
            n += &format!("+back-{}", size(self.down));
        }
        if !self.extra.is_empty() {
            n += &format!("/{}", self.extra.join(" "));
        }
        if self.peer != Peer::Python {
            n += &format!("/peer={}", self.peer.program());
        }
        if self.blocked_stderr {
            n += "/stderr-blocked";
        }
        n
    }
}

fn size(n: usize) -> String {
    match n {
        MB100 => "100MB".into(),
        n if n >= MIB && n % MIB == 0 => format!("{}MiB", n / MIB),
        n => format!("{n}B"),
    }
}

// ------------------------------------------------------------ the tables

const M3: usize = 3 * MIB;
/// The payload of -x rows (the hex dump is slow in a debug build).
const K512: usize = 512 * 1024;
const IO: [StdinKind; 3] = [StdinKind::Pipe, StdinKind::Cat, StdinKind::File];
const TTY_LINE: &[u8] = b"typed at the terminal\n";

/// The rows of an ending order where everything must arrive (exit 0).
fn orderly(end: End) -> Vec<Row> {
    let mut rows = Vec::new();
    for mode in [Mode::Listen, Mode::Connect] {
        for stdin in IO {
            for n in [0, 1, M3] {
                rows.push(row(end, mode, stdin, n));
            }
        }
        rows.push(row(end, mode, StdinKind::Null, 0).down(M3));
    }
    for mode in [Mode::ListenUnix, Mode::ConnectUnix] {
        for stdin in [StdinKind::Pipe, StdinKind::File] {
            for n in [0, M3] {
                rows.push(row(end, mode, stdin, n));
            }
        }
    }
    for stdin in [StdinKind::Pipe, StdinKind::File] {
        for n in [1, M3] {
            rows.push(row(end, Mode::ListenK, stdin, n));
        }
    }
    rows
}

/// stdin ends first; the peer replies after it has read everything.
#[test]
fn stdin_eof_first() {
    let mut rows = orderly(End::StdinFirst);
    rows.push(row(End::StdinFirst, Mode::Connect, StdinKind::Pipe, K512).x(&["-x"]));
    rows.push(row(End::StdinFirst, Mode::Listen, StdinKind::File, M3).x(&["--bufsize", "4096"]));
    run_table("stdin_eof_first", rows);
}

/// The peer's FIN comes first: stdin still goes out to its end, and
/// sockx's stdout reaches EOF at the FIN (before stdin is even written).
#[test]
fn peer_fin_first() {
    let mut rows = orderly(End::FinFirst);
    rows.push(row(End::FinFirst, Mode::Listen, StdinKind::Pipe, K512).x(&["-x"]));
    rows.push(row(End::FinFirst, Mode::Connect, StdinKind::Pipe, M3).x(&["--bufsize", "4096"]));
    rows.push(row(End::FinFirst, Mode::Listen, StdinKind::File, M3).x(&["--bufsize", "4096"]));
    for mode in [Mode::Listen, Mode::Connect, Mode::ConnectUnix] {
        rows.push(row(End::CloseFirst, mode, StdinKind::Pipe, 0).down(1024));
    }
    // `nc -N -l` sends its file and half-closes; stdin goes out after.
    if have("nc") {
        rows.push(row(End::FinFirst, Mode::Connect, StdinKind::Pipe, M3).peer(Peer::Nc));
    }
    run_table("peer_fin_first", rows);
}

/// Both directions at once, up to 100 MB each way; nc, ncat, socat and
/// sockx itself as the peer.
#[test]
fn both_at_once() {
    let b = End::Both;
    let mut rows = Vec::new();
    for mode in [Mode::Listen, Mode::Connect] {
        for stdin in IO {
            rows.push(row(b, mode, stdin, M3));
        }
        rows.push(row(b, mode, StdinKind::Pipe, 0));
        rows.push(row(b, mode, StdinKind::Pipe, 1));
        rows.push(row(b, mode, StdinKind::Null, 0).down(M3));
    }
    rows.push(row(b, Mode::ListenUnix, StdinKind::Pipe, M3));
    rows.push(row(b, Mode::ConnectUnix, StdinKind::File, M3));
    rows.push(row(b, Mode::ListenK, StdinKind::Pipe, M3));
    rows.push(row(b, Mode::Connect, StdinKind::Pipe, K512).x(&["-x"]));
    rows.push(row(b, Mode::Listen, StdinKind::Cat, M3).x(&["--bufsize", "4096"]));
    rows.push(row(b, Mode::Connect, StdinKind::File, M3).x(&["--bufsize", "4096"]));
    for peer in [Peer::Nc, Peer::Ncat, Peer::Socat] {
        if have(peer.program()) {
            rows.push(row(b, Mode::Listen, StdinKind::Pipe, M3).peer(peer));
            // `nc -l` stops sending its stdin at our FIN (its own rule):
            // its row is in `peer_fin_first`.
            if peer != Peer::Nc {
                rows.push(row(b, Mode::Connect, StdinKind::File, M3).peer(peer));
            }
        }
    }
    rows.push(row(b, Mode::Listen, StdinKind::File, M3).peer(Peer::Sockx));
    rows.push(row(b, Mode::Listen, StdinKind::File, MB100).peer(Peer::Sockx));
    rows.push(row(b, Mode::Listen, StdinKind::Cat, MB100).peer(Peer::Sockx));
    run_table("both_at_once", rows);
}

/// The peer resets (or dies, or closes with unread data) while stdin still
/// has data: exit 1 and one line saying so, on every copy path.
#[test]
fn peer_reset() {
    let mut rows = Vec::new();
    for mode in [Mode::Listen, Mode::Connect] {
        for stdin in IO {
            for extra in [&[][..], &["-x"][..], &["--bufsize", "4096"][..]] {
                rows.push(row(End::Rst, mode, stdin, M3).down(0).x(extra));
            }
            rows.push(row(End::FinRst, mode, stdin, M3).down(1024));
        }
        rows.push(row(End::PeerKilled, mode, StdinKind::Pipe, M3).down(0));
        rows.push(row(End::PeerKilled, mode, StdinKind::File, M3).down(0));
    }
    for mode in [Mode::ListenUnix, Mode::ConnectUnix] {
        rows.push(row(End::Rst, mode, StdinKind::Pipe, M3).down(0));
        rows.push(row(End::Rst, mode, StdinKind::File, M3).down(0));
    }
    run_table("peer_reset", rows);
}

/// stdout closed by its reader after one byte: the upload still goes to
/// its end, exit 0, quiet; with -k the next connection is still served.
#[test]
fn stdout_closed() {
    let s = End::StdoutClosed;
    let mut rows = Vec::new();
    for mode in [Mode::Listen, Mode::Connect] {
        for stdin in IO {
            rows.push(row(s, mode, stdin, M3));
        }
        rows.push(row(s, mode, StdinKind::Pipe, K512).x(&["-x"]));
        rows.push(row(s, mode, StdinKind::File, M3).x(&["--bufsize", "4096"]));
        rows.push(row(s, mode, StdinKind::Pipe, 1));
    }
    rows.push(row(s, Mode::ListenUnix, StdinKind::Pipe, M3));
    rows.push(row(s, Mode::ConnectUnix, StdinKind::File, M3));
    rows.push(row(s, Mode::ListenK, StdinKind::Pipe, M3));
    rows.push(row(s, Mode::ListenK, StdinKind::File, M3));
    run_table("stdout_closed", rows);
}

/// SIGINT / SIGTERM while bytes flow, on every path and with stderr blocked.
#[test]
fn signals() {
    let (int, term) = (libc::SIGINT, libc::SIGTERM);
    let down = |sig| End::Signal(sig, Flow::Download);
    let up = |sig| End::Signal(sig, Flow::Upload);
    let mut rows = Vec::new();
    for mode in [Mode::Listen, Mode::Connect] {
        // stdin an idle pipe (both directions open) ...
        let r = |end| row(end, mode, StdinKind::Pipe, 0).down(0);
        rows.push(r(down(int)));
        rows.push(r(down(term)));
        rows.push(r(down(int)).x(&["-x"]));
        rows.push(r(down(int)).x(&["--trace"]));
        rows.push(r(down(int)).x(&["--bufsize", "1"]));
        rows.push(r(down(int)).x(&["-x"]).blocked());
        rows.push(r(down(term)).x(&["--trace"]).blocked());
        // ... or /dev/null (stdin → socket already ended).
        let n = |end| row(end, mode, StdinKind::Null, 0).down(0);
        rows.push(n(down(int)));
        rows.push(n(down(int)).x(&["-x"]));
        rows.push(n(down(term)).x(&["--trace"]));
        rows.push(n(down(int)).x(&["--bufsize", "1"]));
        rows.push(n(down(int)).x(&["-x"]).blocked());
        rows.push(n(down(term)).x(&["--trace"]).blocked());
        // An upload that never ends.
        let z = |end| row(end, mode, StdinKind::Zero, 0).down(0);
        rows.push(z(up(int)));
        rows.push(z(up(term)).x(&["--bufsize", "1"]));
        rows.push(z(up(int)).x(&["-x"]));
    }
    rows.push(row(down(int), Mode::ListenUnix, StdinKind::Pipe, 0).down(0));
    rows.push(row(down(term), Mode::ConnectUnix, StdinKind::Null, 0).down(0));
    run_table("signals", rows);
}

/// A terminal on stdin: the peer's close ends the session (nc's rule), with
/// what was typed sent and what came on stdout.
#[test]
fn terminal() {
    let mut rows = Vec::new();
    for mode in [Mode::Listen, Mode::Connect, Mode::ListenUnix] {
        for (typed, back) in [(0, 0), (0, M3), (TTY_LINE.len(), 1), (TTY_LINE.len(), M3)] {
            rows.push(row(End::Terminal, mode, StdinKind::Tty, typed).down(back));
        }
    }
    run_table("terminal", rows);
}

/// An O_NONBLOCK pipe on stdin that pauses: waited on, not spun on, and no
/// timeout; every byte arrives.
#[test]
fn nonblocking_stdin() {
    let mut rows = Vec::new();
    for mode in [Mode::Listen, Mode::Connect] {
        for extra in [&[][..], &["-x"][..], &["--bufsize", "4096"][..]] {
            rows.push(
                row(End::Idle, mode, StdinKind::NonBlock, 256 * 1024)
                    .down(1024)
                    .x(extra),
            );
        }
    }
    run_table("nonblocking_stdin", rows);
}

// ----------------------------------------------------------- the runner

/// Runs every row (SOCKX_TABLE_RUNS times, those matching
/// SOCKX_TABLE_FILTER), SOCKX_TABLE_JOBS at once, then fails listing every
/// failing row.
fn run_table(group: &str, rows: Vec<Row>) {
    let runs: usize = env_num("SOCKX_TABLE_RUNS", 1).clamp(1, 100);
    let jobs: usize = env_num("SOCKX_TABLE_JOBS", 4).clamp(1, 16);
    let filter = std::env::var("SOCKX_TABLE_FILTER").unwrap_or_default();
    let mut names = std::collections::HashSet::new();
    for r in &rows {
        assert!(names.insert(r.name()), "duplicate row name {}", r.name());
    }
    let work: Vec<(Row, usize)> = rows
        .into_iter()
        .filter(|r| r.name().contains(&filter))
        .flat_map(|r| (1..=runs).map(move |i| (r.clone(), i)))
        .collect();
    let total = work.len();
    let queue = Mutex::new(work.into_iter());
    let failures = Mutex::new(Vec::new());
    let t0 = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..jobs {
            s.spawn(|| {
                loop {
                    let Some((r, i)) = queue.lock().expect("lock").next() else {
                        break;
                    };
                    let name = if runs > 1 {
                        format!("{} [run {i}]", r.name())
                    } else {
                        r.name()
                    };
                    let t = Instant::now();
                    let res =
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run_row(&r, i)));
                    let problems = match res {
                        Ok(p) => p,
                        Err(e) => vec![format!(
                            "harness panic: {}",
                            e.downcast_ref::<String>()
                                .cloned()
                                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                                .unwrap_or_default()
                        )],
                    };
                    let took = t.elapsed().as_secs_f64();
                    if problems.is_empty() {
                        eprintln!("table {name}: ok ({took:.1} s)");
                    } else {
                        eprintln!("table {name}: FAILED ({took:.1} s)");
                        for p in &problems {
                            eprintln!("    {p}");
                        }
                        failures.lock().expect("lock").push((name, problems));
                    }
                }
            });
        }
    });
    let mut failures = failures.into_inner().expect("lock");
    failures.sort();
    eprintln!(
        "table {group}: {} of {total} rows failed, {:.1} s",
        failures.len(),
        t0.elapsed().as_secs_f64()
    );
    if !failures.is_empty() {
        let list: Vec<String> = failures
            .iter()
            .map(|(n, p)| format!("  {n}\n      {}", p.join("\n      ")))
            .collect();
        panic!(
            "{group}: {} of {total} rows failed:\n{}",
            failures.len(),
            list.join("\n")
        );
    }
}

/// Rows running now, across every test of the table (cargo runs tests in
/// parallel): at most SOCKX_TABLE_JOBS at once.
static SLOTS: (Mutex<usize>, Condvar) = (Mutex::new(0), Condvar::new());

struct Slot;

impl Slot {
    fn take(max: usize) -> Slot {
        let (m, c) = &SLOTS;
        let mut n = m.lock().unwrap_or_else(|e| e.into_inner());
        while *n >= max {
            n = c.wait(n).unwrap_or_else(|e| e.into_inner());
        }
        *n += 1;
        Slot
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let (m, c) = &SLOTS;
        *m.lock().unwrap_or_else(|e| e.into_inner()) -= 1;
        c.notify_all();
    }
}

fn env_num(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// A deterministic seed per row and run (failures reproduce).
fn seed_of(name: &str, run: usize) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h ^ (run as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// One row: start the processes, drive the ending, check everything.
/// Returns what went wrong (empty: the row passed).
fn run_row(row: &Row, run: usize) -> Vec<String> {
    let t0 = Instant::now();
    let debug = std::env::var_os("SOCKX_TABLE_DEBUG").is_some();
    let phase = |what: &str| {
        if debug {
            eprintln!(
                "  [{:6.2} s] {} {what}",
                t0.elapsed().as_secs_f64(),
                row.name()
            );
        }
    };
    let mut p: Vec<String> = Vec::new();
    let dir = TempDir::new("table");
    let d = dir.path();
    let deadline = Instant::now() + ROW_TIMEOUT;
    let seed = seed_of(&row.name(), run);
    let up = d.join("up");
    let down = d.join("down");
    let down2 = d.join("down2");
    if row.stdin == StdinKind::Tty {
        std::fs::write(&up, &TTY_LINE[..row.up]).expect("write");
    } else {
        write_random(&up, row.up, seed);
    }
    if let End::Signal(_, Flow::Download) = row.end {
        // The peer sends this block again and again as fast as it can.
        write_random(&down, STREAM_BLOCK, seed.wrapping_add(1));
    } else {
        write_random(&down, row.down, seed.wrapping_add(1));
    }
    write_random(&down2, row.down.min(64 * 1024), seed.wrapping_add(2));
    let sock_path = d.join("s.sock");
    let sock = sock_path.display().to_string();
    let out = d.join("sockx.out");
    let k = row.mode == Mode::ListenK;

    // sockx's stdin.
    let mut cat = None;
    let mut tty_master = None;
    let mut nb_writer = None;
    let stdin = match row.stdin {
        StdinKind::Pipe => Stdio::piped(),
        StdinKind::Cat | StdinKind::Zero => {
            let src = if row.stdin == StdinKind::Zero {
                PathBuf::from("/dev/zero")
            } else {
                up.clone()
            };
            let mut c = Kid::spawn(
                "cat",
                &[&src.display().to_string()],
                Stdio::null(),
                Out::Keep,
                &d.join("cat.out"),
                ErrMode::Capture,
            );
            let o = c.child.as_mut().and_then(|c| c.stdout.take()).expect("cat");
            cat = Some(c);
            Stdio::from(o)
        }
        StdinKind::File => Stdio::from(File::open(&up).expect("open")),
        StdinKind::Null => Stdio::null(),
        StdinKind::Tty => {
            let Some((m, slave)) = pty() else {
                eprintln!("notice: no pty; skipping {}", row.name());
                return p;
            };
            tty_master = Some(m);
            Stdio::from(File::open(slave).expect("open pty slave"))
        }
        StdinKind::NonBlock => {
            let (r, w) = nonblocking_pipe();
            nb_writer = Some(File::from(w));
            Stdio::from(r)
        }
    };

    // sockx's arguments (the port is filled in for connect).
    let args = |port: u16| -> Vec<String> {
        let mut a = vec![
            if row.mode.listens() {
                "listen"
            } else {
                "connect"
            }
            .to_string(),
        ];
        if k {
            a.extend(["-k".to_string(), "-v".to_string()]);
        }
        a.extend(row.extra.iter().map(|s| s.to_string()));
        if row.mode.unix() {
            a.extend(["-U".to_string(), sock.clone()]);
        } else if row.mode.listens() {
            a.extend(["127.0.0.1".to_string(), "0".to_string()]);
        } else {
            a.extend(["127.0.0.1".to_string(), port.to_string()]);
        }
        a
    };
    let out_mode = match row.end {
        End::StdoutClosed => Out::Take(1),
        End::Signal(..) => Out::Capped(32 * MIB),
        _ => Out::Pipe,
    };
    let err_mode = match (row.blocked_stderr, row.mode.listens()) {
        (false, _) => ErrMode::Capture,
        (true, true) => ErrMode::BlockAfter("listening"),
        (true, false) => ErrMode::Block,
    };

    // A test pipe on stdin is fed by a thread behind a gate.
    let (gate, gate_rx) = channel::<()>();
    let start_feeder = |sx: &mut Kid| {
        sx.child.as_mut().and_then(|c| c.stdin.take()).map(|mut w| {
            let data = std::fs::read(&up).expect("read");
            std::thread::spawn(move || {
                if gate_rx.recv().is_ok() {
                    let _ = w.write_all(&data);
                }
            })
        })
    };
    // A listener's stdin that has given nothing when its peer closes ends
    // with the peer (an idle pipe is a terminal that never types): where a
    // row wants stdin to be a data source, it flows before the peer starts.
    let early = row.mode.listens() && row.stdin == StdinKind::Pipe && row.end != End::CloseFirst;

    // Start both ends: a listening sockx before its peer, a listening peer
    // before sockx connect.
    let peer_out = d.join("peer.out");
    let (mut sx, mut peer, feeder) = if row.mode.listens() {
        let mut sx = Kid::spawn(BIN, &strs(&args(0)), stdin, out_mode, &out, err_mode);
        let feeder = start_feeder(&mut sx);
        let line = match sx.line("listening", deadline) {
            Ok(l) => l,
            Err(e) => return vec![e],
        };
        if early {
            let _ = gate.send(());
        }
        let port = port_in(&line);
        let peer = start_client(row, port, &sock, &down, &up, &peer_out);
        (sx, peer, feeder)
    } else {
        let (mut peer, port) = match start_server(row, &sock, &down, &up, &peer_out, deadline) {
            Ok(x) => x,
            Err(e) => return vec![e],
        };
        if peer.exited() {
            return vec![format!(
                "peer ended before sockx started: {}",
                peer.err_tail()
            )];
        }
        let mut sx = Kid::spawn(BIN, &strs(&args(port)), stdin, out_mode, &out, err_mode);
        let feeder = start_feeder(&mut sx);
        (sx, peer, feeder)
    };

    let mut gate = Some(gate);
    let mut open_gate = || {
        if let Some(g) = gate.take() {
            let _ = g.send(());
        }
    };

    // Drive the ending.
    phase("drive the ending");
    let mut code = None;
    match row.end {
        End::FinFirst | End::CloseFirst => {
            if row.peer != Peer::Python {
                // An external peer says nothing: its bytes have arrived.
                if !wait_until_dl(deadline, || file_len(&out) >= row.down) {
                    p.push(format!(
                        "only {} B of the peer's {} B arrived",
                        file_len(&out),
                        row.down
                    ));
                }
            } else if let Err(e) = peer.line("fin", deadline) {
                p.push(e);
            }
            if row.stdin == StdinKind::Pipe && !k && !row.mode.listens() {
                let t = Instant::now();
                if !sx.stdout_eof(t + PROMPT) {
                    p.push(format!(
                        "sockx's stdout still open {:?} after the peer's FIN (stdin idle): a pipeline would hang",
                        PROMPT
                    ));
                }
            }
            open_gate();
        }
        End::Signal(sig, flow) => {
            let flowing = match flow {
                Flow::Download if row.blocked_stderr => {
                    // stderr is full once stdout stops growing (with -x
                    // the dump of the first chunk may fill it before any
                    // byte reaches stdout).
                    let ok = peer.line("flowing", deadline).is_ok();
                    stable_len(&out, deadline);
                    ok
                }
                Flow::Download => wait_until_dl(deadline, || file_len(&out) >= 4096),
                Flow::Upload => peer.line("flowing", deadline).is_ok(),
            };
            if !flowing {
                p.push(format!(
                    "no flow before the signal ({} B on stdout); stderr: {}",
                    file_len(&out),
                    sx.err_tail()
                ));
            }
            let t = Instant::now();
            sx.signal(sig);
            code = sx.wait(t + PROMPT);
            let took = t.elapsed();
            if code.is_none() {
                p.push(format!(
                    "still running {PROMPT:?} after signal {sig} (the rule: within 100 ms)"
                ));
            } else if took > SIGNAL_BOUND {
                p.push(format!(
                    "ended {took:.2?} after signal {sig} (the rule: within 100 ms; bound here {SIGNAL_BOUND:?})"
                ));
            }
        }
        End::Terminal => {
            if let Some(m) = tty_master.as_mut() {
                let _ = m.write_all(&TTY_LINE[..row.up]);
            }
        }
        End::Idle => {
            let w = nb_writer.as_mut().expect("writer");
            let data = std::fs::read(&up).expect("read");
            let half = data.len() / 2;
            let _ = w.write_all(&data[..half]);
            // An idle second on a pipe that is O_NONBLOCK: sockx must sleep
            // in poll, not spin on EAGAIN.
            let before = cpu_ticks(sx.pid());
            let t = Instant::now();
            wait_until_dl(t + Duration::from_secs(1), || sx.exited());
            let spent = cpu_ticks(sx.pid()).saturating_sub(before);
            let ticks = t.elapsed().as_millis() as u64 / 10;
            if spent * 100 > ticks * 30 {
                p.push(format!(
                    "spins on an idle O_NONBLOCK stdin: {spent} CPU ticks in {ticks} ticks"
                ));
            }
            let _ = w.write_all(&data[half..]);
            drop(nb_writer.take());
        }
        _ => {}
    }
    open_gate();

    // -k: a second connection after the first, then SIGINT.
    let mut peer2 = None;
    if k {
        let pc = peer.wait(deadline);
        if pc.is_none() {
            p.push(format!(
                "first peer did not end; sockx stderr: {}",
                sx.err_tail()
            ));
        }
        let o2 = d.join("peer2.out");
        let mut r2 = row.clone();
        r2.end = End::StdinFirst;
        let mut pk = start_client(&r2, sx_port(&sx), &sock, &down2, &up, &o2);
        pk.wait(deadline);
        pk.join();
        let closed = |sx: &Kid| sx.err_now().matches("closed ").count();
        wait_until_dl(deadline, || closed(&sx) >= 2 || sx.exited());
        if closed(&sx) < 2 {
            p.push(format!(
                "sockx -k did not serve two connections{}: {}",
                if sx.exited() { " (it ended)" } else { "" },
                sx.err_tail()
            ));
        }
        sx.signal(libc::SIGINT);
        code = sx.wait(Instant::now() + PROMPT);
        peer2 = Some((pk, o2));
    }

    // Wait for the end.
    phase("wait for the end");
    if code.is_none() && !matches!(row.end, End::Signal(..)) {
        let t = Instant::now();
        code = sx.wait(deadline);
        if code.is_none() {
            p.push(format!(
                "sockx did not end within {ROW_TIMEOUT:?} (killed); stderr: {}",
                sx.err_tail()
            ));
        } else if row.end == End::Terminal && peer.exited() && t.elapsed() > PROMPT {
            p.push(format!(
                "took {:?} to end after the peer closed",
                t.elapsed()
            ));
        }
    }
    open_gate();
    drop(tty_master);
    sx.kill();
    phase("kill");
    let pcode = peer.wait(Instant::now() + Duration::from_secs(10));
    peer.kill();
    sx.join();
    phase("join sockx");
    peer.join();
    phase("join the peer");
    if let Some(f) = feeder {
        let _ = f.join();
    }
    drop(cat);

    // Check everything.
    phase("check");
    let err = sx.err_now();
    let errlines: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("sockx: error") || l.contains("panicked"))
        .collect();
    let want_code = match row.end {
        End::Signal(s, _) => Some(128 + s),
        _ if k => Some(130),
        e if e.is_error() => Some(1),
        _ => Some(0),
    };
    if code.is_some() && code != want_code {
        p.push(format!(
            "exit {} (want {}); stderr: {}",
            code.unwrap_or(-1),
            want_code.unwrap_or(-1),
            sx.err_tail()
        ));
    }
    if err.contains("panicked") {
        p.push(format!("panic: {}", sx.err_tail()));
    }
    if row.end.is_error() {
        let one = errlines.len() == 1
            && errlines[0].contains("sent")
            && ["reset", "pipe", "closed"]
                .iter()
                .any(|w| errlines[0].to_lowercase().contains(w));
        if !one {
            p.push(format!(
                "want one error line saying what happened and how much was sent (e.g. `connection reset by peer after 932.0 KiB sent; the rest of stdin was not sent`), got {errlines:?}"
            ));
        }
    } else if !row.blocked_stderr && !errlines.is_empty() {
        p.push(format!("error on stderr: {errlines:?}"));
    }
    if !row.blocked_stderr && err.to_lowercase().contains("timed out") {
        p.push(format!("reports a timeout: {}", sx.err_tail()));
    }

    // What the peer received, against sockx's stdin.
    phase("check the peer");
    let full = !row.end.is_error() && !matches!(row.end, End::Signal(..));
    match peer_received(row, &peer, &peer_out) {
        Err(e) => p.push(e),
        Ok(None) => {}
        Ok(Some((n, sha))) => {
            if let Some((pk, o2)) = &peer2 {
                // -k: the two connections together got stdin, once.
                match peer_received(row, pk, o2) {
                    Ok(Some((n2, sha2))) => {
                        check(&mut p, "peer 1 (stdin → socket)", n, &sha, &up, 0, true);
                        check(
                            &mut p,
                            "peer 2 (the rest of stdin)",
                            n2,
                            &sha2,
                            &up,
                            n,
                            true,
                        );
                        if n + n2 != row.up {
                            p.push(format!(
                                "stdin → sockets: {n} + {n2} B, want {} B (lost or duplicated)",
                                row.up
                            ));
                        }
                    }
                    Ok(None) => {}
                    Err(e) => p.push(format!("second peer: {e}")),
                }
            } else {
                check(
                    &mut p,
                    "peer received (stdin → socket)",
                    n,
                    &sha,
                    &up,
                    0,
                    full,
                );
                if row.end.is_error() && n >= row.up {
                    p.push(format!("the peer reset after all {n} B of stdin had arrived: the row proves nothing"));
                }
            }
        }
    }
    if row.peer == Peer::Python && full && pcode != Some(0) && row.end != End::Terminal {
        p.push(format!("python peer exit {pcode:?}: {}", peer.err_tail()));
    }

    // What sockx wrote, against what the peer sent.
    phase("check stdout");
    let n = file_len(&out);
    match row.end {
        End::Signal(_, Flow::Download) => {
            let got = std::fs::read(&out).unwrap_or_default();
            if got.is_empty() && !row.blocked_stderr {
                p.push("nothing on stdout before the signal".into());
            }
            let block = std::fs::read(&down).expect("read");
            if let Some(i) = got
                .iter()
                .enumerate()
                .position(|(i, b)| *b != block[i % block.len()])
            {
                p.push(format!(
                    "stdout ({} B) is not a prefix of what the peer sent: byte {i} differs",
                    got.len()
                ));
            }
        }
        End::Signal(_, Flow::Upload) => {
            if n != 0 {
                p.push(format!("{n} B on stdout, the peer sent nothing"));
            }
        }
        End::StdoutClosed => {
            if n == 0 && row.down > 0 {
                p.push("the reader got nothing before it closed".into());
            }
            check(
                &mut p,
                "stdout (socket → stdout)",
                n,
                &sha_file(&out),
                &down,
                0,
                false,
            );
        }
        _ if k => {
            let both = d.join("down12");
            let mut all = std::fs::read(&down).expect("read");
            all.extend(std::fs::read(&down2).expect("read"));
            std::fs::write(&both, all).expect("write");
            check(
                &mut p,
                "stdout (both connections)",
                n,
                &sha_file(&out),
                &both,
                0,
                true,
            );
        }
        e => check(
            &mut p,
            "stdout (socket → stdout)",
            n,
            &sha_file(&out),
            &down,
            0,
            !e.is_error(),
        ),
    }
    if matches!(row.peer, Peer::Nc | Peer::Ncat | Peer::Socat | Peer::Sockx) && pcode != Some(0) {
        p.push(format!(
            "peer {} exit {pcode:?}: {}",
            row.peer.program(),
            peer.err_tail()
        ));
    }
    p
}

/// python3's real executable: a pyenv shim costs a shell script per start.
fn python3() -> &'static str {
    static PY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PY.get_or_init(|| {
        Command::new("python3")
            .args(["-c", "import sys; print(sys.executable)"])
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| "python3".to_string())
    })
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// The port in sockx's listening line (0 for AF_UNIX).
fn sx_port(sx: &Kid) -> u16 {
    sx.err_now()
        .lines()
        .find(|l| l.contains("listening"))
        .map(port_in)
        .unwrap_or(0)
}

/// The peer as a client of a listening sockx.
fn start_client(row: &Row, port: u16, sock: &str, down: &Path, up: &Path, peer_out: &Path) -> Kid {
    let p = port.to_string();
    let addr = if row.mode.unix() {
        format!("unix:{sock}")
    } else {
        format!("tcp:{port}")
    };
    let ds = down.display().to_string();
    let file_in = || Stdio::from(File::open(down).expect("open"));
    match row.peer {
        Peer::Python => python_peer("client", &addr, row, &ds, up, peer_out),
        // `cat FILE | sockx connect`: one process group, killed together.
        Peer::Sockx if row.stdin == StdinKind::Cat => Kid::spawn(
            "sh",
            &[
                "-c",
                "cat \"$0\" | \"$1\" connect 127.0.0.1 \"$2\"",
                &ds,
                BIN,
                &p,
            ],
            Stdio::null(),
            Out::Pipe,
            peer_out,
            ErrMode::Capture,
        ),
        Peer::Sockx => Kid::spawn(
            BIN,
            &["connect", "127.0.0.1", &p],
            file_in(),
            Out::Pipe,
            peer_out,
            ErrMode::Capture,
        ),
        Peer::Nc => Kid::spawn(
            "nc",
            &["-N", "127.0.0.1", &p],
            file_in(),
            Out::Pipe,
            peer_out,
            ErrMode::Capture,
        ),
        Peer::Ncat => Kid::spawn(
            "ncat",
            &["127.0.0.1", &p],
            file_in(),
            Out::Pipe,
            peer_out,
            ErrMode::Capture,
        ),
        Peer::Socat => Kid::spawn(
            "socat",
            &["-t", "30", "-", &format!("TCP:127.0.0.1:{p}")],
            file_in(),
            Out::Pipe,
            peer_out,
            ErrMode::Capture,
        ),
    }
}

/// The peer as the server sockx connects to, and its port.
fn start_server(
    row: &Row,
    sock: &str,
    down: &Path,
    up: &Path,
    peer_out: &Path,
    deadline: Instant,
) -> Result<(Kid, u16), String> {
    let ds = down.display().to_string();
    let file_in = || Stdio::from(File::open(down).expect("open"));
    let external = |prog: &str, args: &[&str], port: u16| -> Result<(Kid, u16), String> {
        let k = Kid::spawn(prog, args, file_in(), Out::Pipe, peer_out, ErrMode::Capture);
        if !wait_until_dl(
            deadline.min(Instant::now() + Duration::from_secs(20)),
            || tcp_listening(port) > 0,
        ) {
            return Err(format!("{prog} did not listen on {port}: {}", k.err_tail()));
        }
        Ok((k, port))
    };
    match row.peer {
        Peer::Python | Peer::Sockx => {
            let addr = if row.mode.unix() {
                format!("unix:{sock}")
            } else {
                "tcp:0".to_string()
            };
            let mut k = python_peer("server", &addr, row, &ds, up, peer_out);
            let line = k.line("port ", deadline)?;
            let port = line
                .split_whitespace()
                .nth(1)
                .and_then(|p| p.parse().ok())
                .unwrap_or(0);
            Ok((k, port))
        }
        Peer::Nc => {
            let port = free_port();
            external("nc", &["-N", "-l", "127.0.0.1", &port.to_string()], port)
        }
        Peer::Ncat => {
            let port = free_port();
            external("ncat", &["-l", "127.0.0.1", &port.to_string()], port)
        }
        Peer::Socat => {
            let port = free_port();
            external(
                "socat",
                &[
                    "-t",
                    "30",
                    &format!("TCP-LISTEN:{port},bind=127.0.0.1,reuseaddr"),
                    "-",
                ],
                port,
            )
        }
    }
}

fn python_peer(role: &str, addr: &str, row: &Row, send: &str, up: &Path, out: &Path) -> Kid {
    let expect = std::fs::metadata(up)
        .map(|m| m.len())
        .unwrap_or(0)
        .to_string();
    Kid::spawn(
        python3(),
        &["-c", PEER, role, addr, row.end.how(), send, &expect],
        Stdio::null(),
        Out::Pipe,
        out,
        ErrMode::Capture,
    )
}

/// What the peer received: python reports `recv N SHA256`; the other peers'
/// stdout is hashed. None when the row does not look at it.
fn peer_received(row: &Row, peer: &Kid, out: &Path) -> Result<Option<(usize, String)>, String> {
    if matches!(row.end, End::Signal(..)) {
        return Ok(None);
    }
    if row.peer != Peer::Python {
        return Ok(Some((file_len(out), sha_file(out))));
    }
    let text = std::fs::read_to_string(out).unwrap_or_default();
    let line = text.lines().find(|l| l.starts_with("recv "));
    let Some(line) = line else {
        return Err(format!(
            "the peer reported nothing received; peer stderr: {}",
            peer.err_tail()
        ));
    };
    let f: Vec<&str> = line.split_whitespace().collect();
    let n = f.get(1).and_then(|n| n.parse().ok()).unwrap_or(0);
    if let Some(e) = f.get(3).filter(|_| !row.end.is_error()) {
        return Err(format!("the peer got {n} B of {} B and saw {e}", row.up));
    }
    Ok(Some((n, f.get(2).unwrap_or(&"").to_string())))
}

/// Checks that `n` bytes with this sha256 are `want[start..]` (`full`) or a
/// prefix of it.
fn check(
    p: &mut Vec<String>,
    what: &str,
    n: usize,
    sha: &str,
    want: &Path,
    start: usize,
    full: bool,
) {
    let total = file_len(want).saturating_sub(start);
    if full && n != total {
        p.push(format!(
            "{what}: {n} B (sha256 {}), want all {total} B (sha256 {})",
            short(sha),
            short(&sha_range(want, start, total))
        ));
        return;
    }
    if n > total {
        p.push(format!("{what}: {n} B, more than the {total} B sent"));
        return;
    }
    let want_sha = sha_range(want, start, n);
    if sha != want_sha {
        p.push(format!(
            "{what}: {n} B with sha256 {}, but the first {n} B sent have sha256 {} (corrupt)",
            short(sha),
            short(&want_sha)
        ));
    }
}

fn short(s: &str) -> &str {
    &s[..s.len().min(16)]
}

// --------------------------------------------------------------- the peer

/// The python peer: `python3 -c PEER ROLE ADDR HOW SENDFILE EXPECT`. ROLE
/// client|server, ADDR `tcp:PORT` (127.0.0.1; 0 for a server) or
/// `unix:PATH`. HOW is the ending (see [`End::how`]). It prints `recv N
/// SHA256` on stdout for what it received, and progress lines on stderr
/// (`port N`, `fin`, `flowing`).
const PEER: &str = r#"
import hashlib, os, signal, socket, struct, sys, threading, time
role, addr, how, send_path, expect = sys.argv[1:6]
expect = int(expect)
def say(*a):
    print(*a, file=sys.stderr, flush=True)
unix = addr.startswith("unix:")
fam = socket.AF_UNIX if unix else socket.AF_INET
target = addr[5:] if unix else ("127.0.0.1", int(addr[4:]))
small = how in ("rst", "fin-rst", "killed")
def mk():
    s = socket.socket(fam, socket.SOCK_STREAM)
    if small:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16384)
    return s
if role == "server":
    s = mk()
    if not unix:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(target)
    s.listen(4)
    s.settimeout(60)
    say("port", 0 if unix else s.getsockname()[1])
    c, _ = s.accept()
else:
    c = mk()
    c.settimeout(60)
    c.connect(target)
c.settimeout(60)
h = hashlib.sha256()
n = 0
errs = []
def guard(f, *a):
    try:
        f(*a)
    except OSError as e:
        errs.append(f"{f.__name__}={e.__class__.__name__}")
def recv_all(limit=None):
    global n
    while limit is None or n < limit:
        d = c.recv(262144)
        if not d:
            return
        h.update(d)
        n += len(d)
def report():
    print("recv", n, h.hexdigest(), ",".join(errs), flush=True)
def send():
    with open(send_path, "rb") as f:
        while True:
            b = f.read(1 << 20)
            if not b:
                break
            c.sendall(b)
def fin():
    c.shutdown(socket.SHUT_WR)
def rst():
    if not unix:
        c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close()
if how == "stdin-first":
    guard(recv_all); guard(send); guard(fin); report(); c.close()
elif how == "fin-first":
    guard(send); guard(fin); say("fin"); guard(recv_all); report(); c.close()
elif how == "close-first":
    guard(send); c.close(); say("fin"); report()
elif how == "both":
    def tx():
        guard(send); guard(fin)
    t = threading.Thread(target=tx); t.start()
    guard(recv_all); t.join(); report(); c.close()
elif how == "rst":
    guard(recv_all, 65536); report(); rst()
elif how == "fin-rst":
    guard(send); guard(fin); say("fin"); guard(recv_all, 65536); report(); rst()
elif how == "killed":
    guard(recv_all, 65536); report(); os.kill(os.getpid(), signal.SIGKILL)
elif how == "stream":
    with open(send_path, "rb") as f:
        block = memoryview(f.read())
    end = time.time() + 60
    told = False
    try:
        while time.time() < end:
            for i in range(0, len(block), 65536):
                c.sendall(block[i:i + 65536])
                if not told:
                    say("flowing"); told = True
    except OSError:
        pass
elif how == "sink":
    told = False
    end = time.time() + 60
    try:
        while time.time() < end:
            d = c.recv(262144)
            if not d:
                break
            n += len(d)
            if n >= 65536 and not told:
                say("flowing"); told = True
    except OSError:
        pass
elif how == "tty":
    guard(recv_all, expect); report(); guard(send); c.close()
"#;

// ------------------------------------------------------------ processes

#[derive(Clone, Copy)]
enum Out {
    /// A pipe copied into the file; EOF is noticed.
    Pipe,
    /// A pipe read for this many bytes, then closed.
    Take(usize),
    /// A pipe left in `Child::stdout` (to feed another process).
    Keep,
    /// A pipe read to its end; only the first this many bytes are kept.
    Capped(usize),
}

#[derive(Clone, Copy)]
enum ErrMode {
    Capture,
    /// Read until a line with this, then never again (kept open).
    BlockAfter(&'static str),
    /// Never read (kept open).
    Block,
}

/// A child in its own process group, with stdout copied into a file and
/// stderr read line by line (or left blocked); killed with its group when
/// dropped.
struct Kid {
    child: Option<Child>,
    lines: Receiver<String>,
    err: Arc<Mutex<Vec<u8>>>,
    held: Arc<Mutex<Option<ChildStderr>>>,
    threads: Vec<JoinHandle<()>>,
    out_eof: Receiver<()>,
    eof_seen: bool,
    code: Option<i32>,
}

impl Kid {
    fn spawn(
        program: &str,
        args: &[&str],
        stdin: Stdio,
        out: Out,
        out_file: &Path,
        err: ErrMode,
    ) -> Kid {
        let mut c = Command::new(program);
        c.args(args)
            .env_remove("NO_COLOR")
            .stdin(stdin)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0);
        // SAFETY: close_range(2) is async-signal-safe; descriptors leaked by
        // other threads' forks become close-on-exec.
        unsafe {
            c.pre_exec(|| {
                libc::syscall(libc::SYS_close_range, 3u32, u32::MAX, 4u32);
                Ok(())
            });
        }
        let mut child = c.spawn().unwrap_or_else(|e| panic!("spawn {program}: {e}"));
        drop(c);
        let mut threads = Vec::new();
        let (eof_tx, out_eof) = channel();
        let (limit, keep) = match out {
            Out::Pipe => (usize::MAX, usize::MAX),
            Out::Take(n) => (n, n),
            Out::Keep => (0, 0),
            Out::Capped(k) => (usize::MAX, k),
        };
        let mut o = if limit > 0 { child.stdout.take() } else { None };
        let mut f = File::create(out_file).expect("create out file");
        threads.push(std::thread::spawn(move || {
            let Some(mut o) = o.take() else {
                return;
            };
            let mut buf = vec![0u8; 256 * 1024];
            let mut got = 0;
            while got < limit {
                let want = buf.len().min(limit - got);
                match o.read(&mut buf[..want]) {
                    Ok(0) | Err(_) => break,
                    Ok(k) => {
                        let w = k.min(keep.saturating_sub(got));
                        let _ = f.write_all(&buf[..w]);
                        got += k;
                    }
                }
            }
            drop(o);
            let _ = eof_tx.send(());
        }));
        let (tx, lines) = channel();
        let acc = Arc::new(Mutex::new(Vec::new()));
        let held = Arc::new(Mutex::new(None));
        let e = child.stderr.take().expect("stderr");
        match err {
            ErrMode::Block => *held.lock().expect("lock") = Some(e),
            ErrMode::Capture => threads.push(read_lines(e, tx, acc.clone(), None, held.clone())),
            ErrMode::BlockAfter(n) => {
                threads.push(read_lines(e, tx, acc.clone(), Some(n), held.clone()))
            }
        }
        Kid {
            child: Some(child),
            lines,
            err: acc,
            held,
            threads,
            out_eof,
            eof_seen: false,
            code: None,
        }
    }

    fn pid(&self) -> i32 {
        self.child.as_ref().map_or(0, |c| c.id() as i32)
    }

    /// Waits (until `deadline`) for a stderr line containing `needle`.
    fn line(&mut self, needle: &str, deadline: Instant) -> Result<String, String> {
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(l) if l.contains(needle) => return Ok(l),
                Ok(_) => {}
                Err(_) => {
                    return Err(format!(
                        "no stderr line with {needle:?}; stderr: {}",
                        self.err_tail()
                    ));
                }
            }
        }
    }

    /// Whether stdout reached EOF (or was closed by the reader) by `deadline`.
    fn stdout_eof(&mut self, deadline: Instant) -> bool {
        if !self.eof_seen {
            let left = deadline.saturating_duration_since(Instant::now());
            self.eof_seen = self.out_eof.recv_timeout(left).is_ok();
        }
        self.eof_seen
    }

    fn err_now(&self) -> String {
        String::from_utf8_lossy(&self.err.lock().expect("lock")).into_owned()
    }

    /// The end of stderr, for messages (-x dumps are megabytes).
    fn err_tail(&self) -> String {
        let e = self.err_now();
        let cut = e.len().saturating_sub(600);
        let cut = (cut..e.len()).find(|&i| e.is_char_boundary(i)).unwrap_or(0);
        format!("{:?}", &e[cut..])
    }

    fn signal(&self, sig: i32) {
        if self.code.is_none() && self.pid() > 0 {
            // SAFETY: a signal to our own child, by pid.
            unsafe { libc::kill(self.pid(), sig) };
        }
    }

    fn exited(&mut self) -> bool {
        if self.code.is_some() {
            return true;
        }
        let Some(c) = self.child.as_mut() else {
            return true;
        };
        match c.try_wait() {
            Ok(Some(st)) => {
                use std::os::unix::process::ExitStatusExt;
                self.code = Some(st.code().unwrap_or_else(|| 128 + st.signal().unwrap_or(0)));
                true
            }
            _ => false,
        }
    }

    /// Waits until the process ends or `deadline`; its exit code.
    fn wait(&mut self, deadline: Instant) -> Option<i32> {
        wait_until_dl(deadline, || self.exited());
        self.code
    }

    /// Kills the process group (if still running) and reaps it.
    fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            if self.code.is_none() {
                // SAFETY: our child is the leader of its own process group.
                unsafe { libc::kill(-(c.id() as i32), libc::SIGKILL) };
            }
            let _ = c.wait();
        }
    }

    /// Kills if needed and joins the reader threads.
    fn join(&mut self) {
        self.kill();
        drop(self.held.lock().expect("lock").take());
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

impl Drop for Kid {
    fn drop(&mut self) {
        self.kill();
    }
}

fn read_lines(
    mut e: ChildStderr,
    tx: Sender<String>,
    acc: Arc<Mutex<Vec<u8>>>,
    stop_at: Option<&'static str>,
    held: Arc<Mutex<Option<ChildStderr>>>,
) -> JoinHandle<()> {
    std::thread::spawn(move || {
        let mut buf = vec![0u8; 64 * 1024];
        let mut pending = Vec::new();
        loop {
            let n = match e.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => n,
            };
            acc.lock().expect("lock").extend_from_slice(&buf[..n]);
            pending.extend_from_slice(&buf[..n]);
            let mut stop = false;
            while let Some(i) = pending.iter().position(|&b| b == b'\n') {
                let line: Vec<u8> = pending.drain(..=i).collect();
                let line = String::from_utf8_lossy(&line).trim_end().to_string();
                stop |= stop_at.is_some_and(|s| line.contains(s));
                let _ = tx.send(line);
            }
            if pending.len() > 4096 {
                pending.clear();
            }
            if stop {
                *held.lock().expect("lock") = Some(e);
                return;
            }
        }
    })
}

// ----------------------------------------------------------------- utils

fn write_random(path: &Path, n: usize, seed: u64) {
    let mut f = File::create(path).expect("create");
    let mut left = n;
    let mut s = seed;
    while left > 0 {
        let k = left.min(8 * MIB);
        f.write_all(&random_bytes(k, s)).expect("write");
        s = s.wrapping_add(0x9e37_79b9);
        left -= k;
    }
}

fn file_len(p: &Path) -> usize {
    std::fs::metadata(p).map(|m| m.len() as usize).unwrap_or(0)
}

fn sha_file(p: &Path) -> String {
    sha_range(p, 0, file_len(p))
}

/// sha256 of `len` bytes of the file from `start`.
fn sha_range(p: &Path, start: usize, len: usize) -> String {
    let out = Command::new("sh")
        .args([
            "-c",
            "tail -c +$(($1 + 1)) \"$0\" | head -c \"$2\" | sha256sum",
            &p.display().to_string(),
            &start.to_string(),
            &len.to_string(),
        ])
        .stdin(Stdio::null())
        .output()
        .expect("sha256sum");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Polls `f` every 10 ms until it holds or `deadline` passes.
fn wait_until_dl(deadline: Instant, mut f: impl FnMut() -> bool) -> bool {
    loop {
        if f() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Waits until the file stops growing for 300 ms (bounded).
fn stable_len(p: &Path, deadline: Instant) {
    let end = deadline.min(Instant::now() + Duration::from_secs(5));
    let mut last = (file_len(p), Instant::now());
    while Instant::now() < end {
        std::thread::sleep(Duration::from_millis(20));
        let n = file_len(p);
        if n != last.0 {
            last = (n, Instant::now());
        } else if last.1.elapsed() >= Duration::from_millis(300) {
            return;
        }
    }
}

/// utime + stime of a process, in clock ticks.
fn cpu_ticks(pid: i32) -> u64 {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let rest = s.rsplit_once(')').map(|x| x.1).unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let t = |i: usize| f.get(i).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    t(11) + t(12)
}

/// A pipe whose read end is O_NONBLOCK (both ends close-on-exec).
fn nonblocking_pipe() -> (OwnedFd, OwnedFd) {
    let mut fds = [0; 2];
    // SAFETY: plain libc calls on descriptors we own.
    unsafe {
        assert_eq!(libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC), 0, "pipe2");
        let fl = libc::fcntl(fds[0], libc::F_GETFL);
        libc::fcntl(fds[0], libc::F_SETFL, fl | libc::O_NONBLOCK);
        (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1]))
    }
}

/// A pseudo-terminal: the master (kept open) and the slave's path.
fn pty() -> Option<(File, PathBuf)> {
    // SAFETY: plain libc calls; the buffer is large enough for ptsname_r.
    unsafe {
        let m = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY | libc::O_CLOEXEC);
        if m < 0 {
            return None;
        }
        let master = File::from_raw_fd(m);
        if libc::grantpt(m) != 0 || libc::unlockpt(m) != 0 {
            return None;
        }
        let mut buf = [0 as libc::c_char; 128];
        if libc::ptsname_r(m, buf.as_mut_ptr(), buf.len()) != 0 {
            return None;
        }
        let name = std::ffi::CStr::from_ptr(buf.as_ptr());
        Some((master, PathBuf::from(name.to_str().ok()?)))
    }
}
