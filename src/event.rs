//! The events that engines and commands report while they run: JSON Lines
//! under --json (`{"event":"listening","local":{...}}`), words in human mode
//! (rendered in `ui::event`). Engines hand them to a `Sink`; they never print.
//! Payload bytes stay bytes here; the renderers encode them.

use serde::{Serialize, Serializer};

use crate::net::addr::Addr;

/// Where engines send what happens. `ui` renders events on stderr; unit
/// tests collect them in a `Vec`.
pub trait Sink {
    fn event(&mut self, e: Event);
    /// A batch of events is complete: a buffering sink writes it out now
    /// (the prober calls this once per wake-up, not once per result).
    fn flush(&mut self) {}
    /// False once the sink can take nothing more (its reader closed
    /// stdout): a long engine stops early instead of working for no one.
    fn is_open(&self) -> bool {
        true
    }
}

impl Sink for Vec<Event> {
    fn event(&mut self, e: Event) {
        self.push(e);
    }
}

fn hex_bytes<S: Serializer>(b: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&hex::encode(b))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// The peer's FIN was seen: nothing more will arrive.
    In,
    /// Our SHUT_WR was sent: nothing more will leave.
    Out,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// One socket call (--trace).
    Call {
        call: String,
        args: String,
        result: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        errno: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        error: Option<String>,
    },
    Warning {
        message: String,
    },
    /// The socket is bound and listening (or bound, for UDP); written before accept blocks.
    Listening {
        local: Addr,
    },
    Accepted {
        peer: Addr,
        local: Addr,
    },
    Connected {
        peer: Addr,
        local: Addr,
    },
    /// One address of a create_connection attempt failed; the next is tried.
    ConnectFailed {
        peer: Addr,
        errno: String,
        error: String,
    },
    Eof {
        direction: Direction,
    },
    Closed {
        peer: Addr,
        bytes_in: u64,
        bytes_out: u64,
        duration_ms: u64,
    },
    /// A chunk of payload crossing the socket (-x under --json); hex is lowercase.
    Data {
        direction: Direction,
        offset: u64,
        bytes: usize,
        #[serde(rename = "hex", serialize_with = "hex_bytes")]
        data: Vec<u8>,
    },
    /// A datagram was longer than the receive buffer and cut to fit
    /// (MSG_TRUNC): `bytes` is its real length, `truncated_to` what was kept.
    /// Reported on stderr when the payload itself goes out raw (--raw).
    Truncated {
        from: Addr,
        bytes: usize,
        truncated_to: usize,
    },
    /// A datagram was sent (udp-send, chat).
    Sent {
        to: Addr,
        bytes: usize,
    },
    /// Periodic transfer counters (--progress under --json).
    Progress {
        bytes_in: u64,
        bytes_out: u64,
        /// Bytes per second over the last interval, each way.
        rate_in: u64,
        rate_out: u64,
        /// Datagrams received (udp-recv) or sent (udp-send).
        #[serde(skip_serializing_if = "Option::is_none")]
        datagrams: Option<u64>,
    },
    /// One --frame message crossed the socket (under --trace, beside the
    /// recv()/send() calls that carried it): `bytes` is its payload.
    Frame {
        direction: Direction,
        bytes: usize,
        frame: String,
    },
    /// --heartbeat: the connection was idle for an interval, the heartbeat went out.
    HeartbeatSent {
        bytes: usize,
    },
    /// --heartbeat: an interval passed with nothing received since the last
    /// heartbeat; `of` misses declare the peer dead.
    HeartbeatMissed {
        missed: u32,
        of: u32,
    },
    /// A client refused right after accept (--allow/--deny) and closed at once.
    Rejected {
        peer: Addr,
        reason: String,
    },
    /// forward: connection `conn` (numbered from 1) was accepted.
    ForwardAccepted {
        conn: u64,
        peer: Addr,
        local: Addr,
    },
    /// forward: connection `conn`'s onward connect succeeded.
    ForwardConnected {
        conn: u64,
        peer: Addr,
        local: Addr,
    },
    /// forward: every onward address of `conn` failed; the client was closed.
    ForwardFailed {
        conn: u64,
        to: String,
        errno: String,
        error: String,
    },
    /// forward: connection `conn` ended. `up` is client → target, `down`
    /// target → client; `how`: closed (both ends' FINs passed on), reset (a
    /// reset passed on as a reset), idle (-w).
    ForwardClosed {
        conn: u64,
        peer: Addr,
        bytes_up: u64,
        bytes_down: u64,
        duration_ms: u64,
        how: ForwardEnd,
    },
    /// forward -x: a chunk crossing connection `conn` (out: client → target).
    ForwardData {
        conn: u64,
        direction: Direction,
        offset: u64,
        bytes: usize,
        #[serde(rename = "hex", serialize_with = "hex_bytes")]
        data: Vec<u8>,
    },
    /// A TLS handshake finished (connect/listen --tls): what was agreed, and
    /// how the peer's certificate was accepted ("chain", "pin", "cafile",
    /// "insecure"; on a server, "client certificate" when one was checked).
    Tls {
        #[serde(flatten)]
        info: crate::net::tls::Info,
        verified_by: Option<String>,
        peer_sha256: Option<String>,
    },
    /// What a TLS client offered in its ClientHello (listen --tls).
    ClientHello {
        #[serde(flatten)]
        offer: crate::net::tls::verify::Offer,
    },
    /// listen --tls: the certificate served, so a client can --pin it.
    TlsCertificate {
        sha256: String,
        /// A throwaway certificate made at start (no --cert).
        generated: bool,
    },
    /// How the peer ended its TLS direction: "close_notify", or "tcp_fin"
    /// (TCP closed without close_notify: data may have been cut short).
    TlsEof {
        eof: crate::net::tls::Eof,
    },
    /// A chat room member joined, left, or said something (chat-server, chat).
    /// `text` is the datagram (for a join or leave: the notice sent to the
    /// others) as text, null when it is not UTF-8, and then `hex` carries its
    /// bytes. A `name` that is not UTF-8 is given with `\xNN` escapes.
    Chat {
        kind: ChatKind,
        from: Option<Addr>,
        name: String,
        text: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        hex: Option<String>,
    },
    /// One port probed (connect -z); a result, written on stdout.
    Probe(crate::net::probe::ProbeResult),
    /// The end of a scan (connect -z).
    ProbeSummary(crate::net::probe::Summary),
    /// One connect attempt of connect --ping.
    Ping(crate::net::ping::Attempt),
    /// The end of connect --ping.
    PingSummary(crate::net::ping::Summary),
}

/// How a forwarded connection ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ForwardEnd {
    Closed,
    Reset,
    Idle,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChatKind {
    Join,
    Leave,
    Message,
}

/// The -x tap of an engine: each chunk that crosses the socket becomes a
/// `Data` event with a running offset per direction.
#[derive(Debug, Default)]
pub struct Tap {
    sent: u64,
    received: u64,
}

impl Tap {
    pub fn sent(&mut self, sink: &mut dyn Sink, data: &[u8]) {
        let offset = self.sent;
        self.sent += data.len() as u64;
        emit_data(sink, Direction::Out, offset, data);
    }

    pub fn received(&mut self, sink: &mut dyn Sink, data: &[u8]) {
        let offset = self.received;
        self.received += data.len() as u64;
        emit_data(sink, Direction::In, offset, data);
    }
}

fn emit_data(sink: &mut dyn Sink, direction: Direction, offset: u64, data: &[u8]) {
    if !data.is_empty() {
        sink.event(Event::Data {
            direction,
            offset,
            bytes: data.len(),
            data: data.to_vec(),
        });
    }
}

/// `1.5 KiB` style sizes for progress, summaries and messages.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < UNITS.len() {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

/// A duration as the user would type it back: `5s`, `500ms`.
pub fn show_duration(d: std::time::Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{}s", d.as_secs())
    } else {
        format!("{}ms", d.as_millis())
    }
}

/// A progress meter (--progress) the engines tick; `ui` draws it.
pub trait Meter {
    /// How long until the next redraw is due (for wait timeouts).
    fn next_in(&self, now: std::time::Instant) -> Option<std::time::Duration>;
    /// `count`: datagrams so far, where they are counted (UDP).
    fn tick(&mut self, now: std::time::Instant, bytes_in: u64, bytes_out: u64, count: Option<u64>);
    fn finish(&mut self, bytes_in: u64, bytes_out: u64, count: Option<u64>);
}
