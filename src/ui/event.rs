//! The events streaming commands report on stderr: JSON Lines under --json
//! (`{"event":"listening","local":{...}}`), words in human mode. Each event
//! knows the verbosity at which its human line appears.

use super::{Paint, escape};
pub use crate::event::{ChatKind, Direction, Event};
use crate::net::addr::Addr;

pub use crate::event::human_bytes;

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
                data,
                ..
            } => {
                let mark = if *direction == Direction::Out {
                    '>'
                } else {
                    '<'
                };
                (
                    -1,
                    super::hexdump::lines(mark, *offset, data)
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
            Event::Frame {
                direction,
                bytes,
                frame,
            } => {
                let way = if *direction == Direction::Out {
                    "sent"
                } else {
                    "received"
                };
                (-1, format!("  ({frame} message {way}: {bytes} bytes)"))
            }
            Event::HeartbeatSent { bytes } => (1, format!("heartbeat sent ({bytes} B)")),
            Event::HeartbeatMissed { missed, of } => (
                0,
                p.warn(&format!(
                    "heartbeat missed ({missed} of {of}): nothing received since the last one"
                )),
            ),
            Event::Rejected { peer, reason } => (
                0,
                format!(
                    "rejected {}: {}",
                    p.addr(&peer.to_string()),
                    escape::text(reason)
                ),
            ),
            Event::ForwardAccepted { conn, peer, local } => (
                1,
                format!(
                    "#{conn} connection from {} to {}",
                    p.addr(&peer.to_string()),
                    p.addr(&local.to_string())
                ),
            ),
            Event::ForwardConnected { conn, peer, local } => (
                1,
                format!(
                    "#{conn} forwarding to {} from {}",
                    p.addr(&peer.to_string()),
                    p.addr(&local.to_string())
                ),
            ),
            Event::ForwardFailed {
                conn,
                to,
                errno,
                error,
            } => (
                0,
                format!(
                    "#{conn} {} {}: {} ({errno}); client closed",
                    p.warn("connect onward failed:"),
                    escape::text(to),
                    escape::text(error)
                ),
            ),
            Event::ForwardClosed {
                conn,
                peer,
                bytes_up,
                bytes_down,
                duration_ms,
                how,
            } => (
                1,
                format!(
                    "#{conn} {} {}: {} up, {} down, {duration_ms} ms",
                    match how {
                        crate::event::ForwardEnd::Closed => "closed",
                        crate::event::ForwardEnd::Reset => "reset",
                        crate::event::ForwardEnd::Idle => "idle (-w), closed",
                    },
                    p.addr(&peer.to_string()),
                    human_bytes(*bytes_up),
                    human_bytes(*bytes_down),
                ),
            ),
            Event::ForwardData {
                conn,
                direction,
                offset,
                data,
                ..
            } => {
                let mark = if *direction == Direction::Out {
                    '>'
                } else {
                    '<'
                };
                let dump = super::hexdump::lines(mark, *offset, data);
                let lines: Vec<String> = dump
                    .trim_end()
                    .lines()
                    .map(|l| format!("#{conn} {l}"))
                    .collect();
                (-1, lines.join("\n"))
            }
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
            // Results, not events: `ui::probe` writes them on stdout.
            Event::Probe(_) | Event::ProbeSummary(_) | Event::Ping(_) | Event::PingSummary(_) => {
                return None;
            }
            Event::Tls { .. }
            | Event::ClientHello { .. }
            | Event::TlsCertificate { .. }
            | Event::TlsEof { .. } => return super::tls::human(self, p),
        })
    }
}
