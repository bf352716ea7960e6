//! The events streaming commands report on stderr: JSON Lines under --json
//! (`{"event":"listening","local":{...}}`), words in human mode. Each event
//! knows the verbosity at which its human line appears.

use serde::Serialize;

use super::{Paint, escape};
use crate::net::addr::Addr;

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
        hex: String,
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChatKind {
    Join,
    Leave,
    Message,
}

/// `1.5 KiB` style sizes for progress and summaries.
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

impl Event {
    /// The human line and the verbosity it needs (-1: even with -q).
    pub fn human(&self, p: &Paint) -> Option<(i8, String)> {
        Some(match self {
            Event::Call {
                call,
                args,
                result,
                errno,
                error,
            } => {
                let mut s = format!("{}({}) = ", p.call(call), escape::text(args));
                match (errno, error) {
                    (Some(n), Some(m)) if result == "-1" => {
                        s.push_str(&p.bad(&format!("-1 {n}")));
                        s.push_str(&format!(" ({})", escape::text(m)));
                    }
                    (Some(n), Some(m)) => {
                        s.push_str(&p.bad(n));
                        s.push_str(&format!(" ({})", escape::text(m)));
                    }
                    _ => s.push_str(&escape::text(result)),
                }
                (-1, s)
            }
            Event::Warning { message } => (
                0,
                format!("{} {}", p.warn("sockx: warning:"), escape::text(message)),
            ),
            Event::Listening { local } => {
                let what = match local {
                    Addr::Inet(s) if s.ip().is_unspecified() => " (all interfaces)",
                    Addr::Inet(s) if s.ip().is_loopback() => " (loopback only)",
                    _ => "",
                };
                (
                    0,
                    format!("listening on {}{what}", p.addr(&local.to_string())),
                )
            }
            Event::Accepted { peer, local } => (
                1,
                format!(
                    "connection from {} to {}",
                    p.addr(&peer.to_string()),
                    p.addr(&local.to_string())
                ),
            ),
            Event::Connected { peer, local } => (
                1,
                format!(
                    "connected to {} from {}",
                    p.addr(&peer.to_string()),
                    p.addr(&local.to_string())
                ),
            ),
            Event::ConnectFailed { peer, errno, error } => (
                1,
                format!(
                    "connect to {} failed: {} ({errno}), trying the next address",
                    peer.describe(),
                    escape::text(error)
                ),
            ),
            Event::Eof {
                direction: Direction::In,
            } => (
                1,
                "peer closed its side (EOF): nothing more will arrive".to_string(),
            ),
            Event::Eof {
                direction: Direction::Out,
            } => (1, "stdin ended: shutdown(SHUT_WR) sent".to_string()),
            Event::Closed {
                peer,
                bytes_in,
                bytes_out,
                duration_ms,
            } => (
                1,
                format!(
                    "closed {}: {} in, {} out, {} ms",
                    p.addr(&peer.to_string()),
                    human_bytes(*bytes_in),
                    human_bytes(*bytes_out),
                    duration_ms
                ),
            ),
            Event::Data {
                direction,
                offset,
                hex,
                ..
            } => {
                let mark = if *direction == Direction::Out {
                    '>'
                } else {
                    '<'
                };
                let raw = hex::decode(hex).unwrap_or_default();
                (
                    0,
                    super::hexdump::lines(mark, *offset, &raw)
                        .trim_end()
                        .to_string(),
                )
            }
            // Shown even with -q: bytes were lost, and stdout cannot say so.
            Event::Truncated {
                from,
                bytes,
                truncated_to,
            } => (
                -1,
                format!(
                    "datagram from {}: {}",
                    p.addr(&from.to_string()),
                    p.warn(&format!(
                        "{bytes} bytes, truncated to {truncated_to} (MSG_TRUNC)"
                    ))
                ),
            ),
            Event::Sent { to, bytes } => (
                1,
                format!("sent {bytes} bytes to {}", p.addr(&to.to_string())),
            ),
            Event::Progress {
                bytes_in,
                bytes_out,
                rate_in,
                rate_out,
                datagrams,
            } => (
                0,
                format!(
                    "in {} ({}/s)  out {} ({}/s){}",
                    human_bytes(*bytes_in),
                    human_bytes(*rate_in),
                    human_bytes(*bytes_out),
                    human_bytes(*rate_out),
                    datagrams
                        .map(|n| format!("  {n} datagrams"))
                        .unwrap_or_default()
                ),
            ),
            Event::Chat {
                kind,
                from,
                name,
                text,
                hex,
            } => {
                let who = from.as_ref().map(|a| format!(" ({a})")).unwrap_or_default();
                let name = escape::text(name);
                let line = match (kind, text) {
                    (ChatKind::Join, _) => format!("{name}{who} joined"),
                    (ChatKind::Leave, _) => format!("{name}{who} left"),
                    (ChatKind::Message, Some(t)) => escape::text(t).into_owned(),
                    (ChatKind::Message, None) => escape::bytes(
                        &hex.as_deref()
                            .and_then(|h| ::hex::decode(h).ok())
                            .unwrap_or_default(),
                    ),
                };
                (0, line)
            }
        })
    }
}
