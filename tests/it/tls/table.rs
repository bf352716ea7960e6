//! The relay's ending table over TLS (issue 12), as tcp/table.rs is for
//! plain TCP: mode (connect --tls, listen --tls) × stdin (a pipe, a regular
//! file, /dev/null) × ending (stdin EOF first, the peer's close_notify
//! first, both at once, peer RST, peer closes TCP without close_notify,
//! peer killed, stdout closed, SIGINT/SIGTERM) × payload (0 B, 1 B, 3 MiB),
//! against python3's ssl module (a MemoryBIO peer that sends close_notify and
//! FIN exactly when the row says), openssl s_server/s_client, and sockx
//! itself on the other side.
//!
//! Every row checks both directions by length and sha256, the exit status,
//! and stderr. The TLS rules (man page ENDING, README "TLS"): stdin's EOF
//! sends close_notify and then FIN, and the peer's data is still read to its
//! end; the peer's close_notify is its FIN and never cuts the upload; a peer
//! that closes TCP without close_notify is a warning (exit 0, everything
//! that came is written); a peer reset mid-upload is exit 1 with one line
//! saying how much was sent; stdout closed is quiet and the upload goes on;
//! SIGINT/SIGTERM are 130/143 with an exact prefix on stdout.
//!
//! Rows run one after another inside a test (the tests run in parallel);
//! a failing row is reported by name and every row runs before the test
//! fails. Every wait is a readiness sign (a listening line, a peer's line,
//! a file's size) with a generous deadline; `SOCKX_TABLE_FILTER=NAME` runs
//! only the rows whose name contains NAME, `SOCKX_TABLE_RUNS=N` runs each
//! N times (`SOCKX_TABLE_RUNS=5 cargo test --test it tls::table`). The
//! runner is table/run.rs, the python peer table/peer.py.

use std::time::Duration;

mod run;
use run::run_table;

const MIB: usize = 1 << 20;
const M3: usize = 3 * MIB;
/// How long a row's processes may take under load before they are killed.
const ROW_TIMEOUT: Duration = Duration::from_secs(90);
/// How long a signal may take to end sockx on a loaded machine (the rule
/// is 100 ms; this catches "ignored", not "slow").
const SIGNAL_BOUND: Duration = Duration::from_secs(5);
/// The download of the signal rows, sent again and again (a prime length,
/// so a lost or repeated chunk shows).
const STREAM_BLOCK: usize = 1_000_003;
/// sockx's -x: every chunk dumped on stderr.
const HEX: &[&str] = &["-x"];
/// One-byte reads: every turn of the relay's loop moves one byte.
const BYTEWISE: &[&str] = &["--bufsize", "1"];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    Connect,
    Listen,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Stdin {
    Pipe,
    File,
    Null,
    /// /dev/zero: an upload that never ends (signal rows).
    Zero,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum End {
    /// The peer reads to close_notify, then sends and closes.
    StdinFirst,
    /// The peer sends, close_notify + FIN, then reads to the end.
    PeerFirst,
    /// The peer sends and reads at once.
    Both,
    /// The peer reads 64 KiB, then resets (SO_LINGER 0).
    Rst,
    /// The peer sends, then FIN without close_notify, and reads to the end.
    NoCloseNotify,
    /// The peer reads 64 KiB, then SIGKILLs itself.
    PeerKilled,
    /// sockx's stdout is `| head -c1`; the peer sends and reads everything.
    StdoutClosed,
    /// A signal once bytes flow (the peer streams, or reads an endless
    /// upload).
    Signal(i32),
}

impl End {
    fn name(self) -> &'static str {
        match self {
            End::StdinFirst => "stdin-eof-first",
            End::PeerFirst => "close-notify-first",
            End::Both => "both-at-once",
            End::Rst => "rst",
            End::NoCloseNotify => "no-close-notify",
            End::PeerKilled => "peer-killed",
            End::StdoutClosed => "stdout-closed",
            End::Signal(libc::SIGINT) => "sigint",
            End::Signal(_) => "sigterm",
        }
    }
    /// The python peer's behaviour (see [`PEER`]).
    fn how(self, stdin: Stdin) -> &'static str {
        match self {
            End::StdinFirst => "stdin-first",
            End::PeerFirst => "peer-first",
            End::Both | End::StdoutClosed => "both",
            End::Rst => "rst",
            End::NoCloseNotify => "no-close-notify",
            End::PeerKilled => "killed",
            End::Signal(_) if stdin == Stdin::Zero => "sink",
            End::Signal(_) => "stream",
        }
    }
    fn is_error(self) -> bool {
        matches!(self, End::Rst | End::PeerKilled)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Peer {
    Python,
    /// openssl s_server (connect rows: it prints what it gets, sends
    /// nothing) or s_client -quiet (listen rows: it prints what it gets,
    /// sends nothing).
    Openssl,
    /// sockx listen --tls / connect --tls with a file on stdin.
    Sockx,
}

#[derive(Clone, Debug)]
struct Row {
    end: End,
    mode: Mode,
    stdin: Stdin,
    /// Bytes on sockx's stdin (what the peer must receive).
    up: usize,
    /// Bytes the peer sends (what sockx must write to stdout).
    down: usize,
    peer: Peer,
    /// Options for sockx after the subcommand (-x, --bufsize N): the copy
    /// path's other shapes, as the TCP table has them.
    opts: &'static [&'static str],
}

fn row(end: End, mode: Mode, stdin: Stdin, up: usize) -> Row {
    Row {
        end,
        mode,
        stdin,
        up: if matches!(stdin, Stdin::Null | Stdin::Zero) {
            0
        } else {
            up
        },
        down: up,
        peer: Peer::Python,
        opts: &[],
    }
}

impl Row {
    fn down(mut self, n: usize) -> Row {
        self.down = n;
        self
    }
    fn peer(mut self, p: Peer) -> Row {
        self.peer = p;
        self
    }
    fn opts(mut self, o: &'static [&'static str]) -> Row {
        self.opts = o;
        self
    }
    fn name(&self) -> String {
        let mode = match self.mode {
            Mode::Connect => "connect-tls",
            Mode::Listen => "listen-tls",
        };
        let stdin = format!("{:?}", self.stdin).to_lowercase();
        let mut n = format!("{}:{mode}/{stdin}/{}", self.end.name(), size(self.up));
        if self.down != self.up {
            n += &format!("+back-{}", size(self.down));
        }
        if self.peer != Peer::Python {
            n += &format!("/peer={:?}", self.peer).to_lowercase();
        }
        if !self.opts.is_empty() {
            n += &format!("/{}", self.opts.join(" "));
        }
        n
    }
}

fn size(n: usize) -> String {
    match n {
        n if n >= MIB && n % MIB == 0 => format!("{}MiB", n / MIB),
        n => format!("{n}B"),
    }
}

/// Every mode × stdin × payload for an ending where everything arrives.
fn orderly(end: End) -> Vec<Row> {
    let mut rows = Vec::new();
    for mode in [Mode::Connect, Mode::Listen] {
        for stdin in [Stdin::Pipe, Stdin::File] {
            for n in [0, 1, M3] {
                rows.push(row(end, mode, stdin, n));
            }
        }
        rows.push(row(end, mode, Stdin::Null, 0).down(M3));
        rows.push(row(end, mode, Stdin::Pipe, M3).down(1));
    }
    rows
}

/// stdin ends first (close_notify, then FIN); the peer's reply after it is
/// still read to its end. openssl and sockx peers too.
#[test]
fn tls_table_stdin_eof_first() {
    let mut rows = orderly(End::StdinFirst);
    for stdin in [Stdin::Pipe, Stdin::File] {
        rows.push(
            row(End::StdinFirst, Mode::Connect, stdin, M3)
                .down(0)
                .peer(Peer::Openssl),
        );
        rows.push(
            row(End::StdinFirst, Mode::Listen, stdin, M3)
                .down(0)
                .peer(Peer::Openssl),
        );
    }
    run_table("tls_table_stdin_eof_first", rows);
}

/// The peer's close_notify (and FIN) first: the upload is not cut.
#[test]
fn tls_table_close_notify_first() {
    run_table("tls_table_close_notify_first", orderly(End::PeerFirst));
}

/// Both directions at once; sockx on both sides too.
#[test]
fn tls_table_both_at_once() {
    let mut rows = orderly(End::Both);
    for mode in [Mode::Connect, Mode::Listen] {
        rows.push(row(End::Both, mode, Stdin::File, M3).peer(Peer::Sockx));
        rows.push(row(End::Both, mode, Stdin::Pipe, 1).peer(Peer::Sockx));
        // The copy path's other shapes: a hex dump, and one-byte reads.
        rows.push(row(End::Both, mode, Stdin::Pipe, M3).opts(HEX));
        rows.push(row(End::Both, mode, Stdin::File, 65_536).opts(BYTEWISE));
    }
    run_table("tls_table_both_at_once", rows);
}

/// A peer that closes TCP without close_notify: a warning, exit 0, and
/// nothing lost either way.
#[test]
fn tls_table_no_close_notify() {
    let mut rows = Vec::new();
    for mode in [Mode::Connect, Mode::Listen] {
        for stdin in [Stdin::Pipe, Stdin::File] {
            for n in [0, 1, M3] {
                rows.push(row(End::NoCloseNotify, mode, stdin, n));
            }
        }
        rows.push(row(End::NoCloseNotify, mode, Stdin::Null, 0).down(M3));
    }
    run_table("tls_table_no_close_notify", rows);
}

/// A peer that resets or dies mid-upload: exit 1 and one line saying how
/// much was sent and that the rest of stdin was not.
#[test]
fn tls_table_peer_reset() {
    let mut rows = Vec::new();
    for mode in [Mode::Connect, Mode::Listen] {
        for stdin in [Stdin::Pipe, Stdin::File] {
            rows.push(row(End::Rst, mode, stdin, M3).down(0));
            rows.push(row(End::PeerKilled, mode, stdin, M3).down(0));
        }
    }
    run_table("tls_table_peer_reset", rows);
}

/// stdout closed by its reader (`| head -c1`): quiet, exit 0, and the
/// upload still goes to its end.
#[test]
fn tls_table_stdout_closed() {
    let mut rows = Vec::new();
    for mode in [Mode::Connect, Mode::Listen] {
        for stdin in [Stdin::Pipe, Stdin::File] {
            rows.push(row(End::StdoutClosed, mode, stdin, M3));
        }
        rows.push(row(End::StdoutClosed, mode, Stdin::Null, 0).down(M3));
    }
    run_table("tls_table_stdout_closed", rows);
}

/// SIGINT/SIGTERM mid-download (stdin an idle pipe or /dev/null) and
/// mid-upload (stdin /dev/zero): 130/143, promptly, stdout an exact prefix.
#[test]
fn tls_table_signals() {
    let mut rows = Vec::new();
    for mode in [Mode::Connect, Mode::Listen] {
        for sig in [libc::SIGINT, libc::SIGTERM] {
            rows.push(row(End::Signal(sig), mode, Stdin::Pipe, 0).down(0));
            rows.push(row(End::Signal(sig), mode, Stdin::Null, 0).down(0));
            rows.push(row(End::Signal(sig), mode, Stdin::Zero, 0).down(0));
        }
        // While -x dumps and while one-byte reads keep the loop busy, a
        // signal is still seen (the plain TCP relay once ignored it).
        for opts in [HEX, BYTEWISE] {
            rows.push(
                row(End::Signal(libc::SIGINT), mode, Stdin::Pipe, 0)
                    .down(0)
                    .opts(opts),
            );
            rows.push(
                row(End::Signal(libc::SIGTERM), mode, Stdin::Zero, 0)
                    .down(0)
                    .opts(opts),
            );
        }
    }
    run_table("tls_table_signals", rows);
}
