//! `socketpair [--type stream|dgram|seqpacket] MESSAGE...`: the sticky-packet
//! lesson. Every MESSAGE goes out with its own send() on one end of an
//! AF_UNIX pair; then the other end reads until nothing is left, and the
//! report sets what each recv() returned beside what was sent: a stream
//! merges the messages, a datagram or seqpacket socket keeps them apart.

use serde::Serialize;

use super::{Ctx, Run};
use crate::cli::{PairTypeArg, SocketpairArgs};
use crate::error::{Error, Result, exit};
use crate::net::addr::socktype_name;
use crate::net::sock::Sock;
use crate::ui::{self, Paint, Report, escape};

/// Everything is sent before anything is read, so it must fit the pair's
/// buffers (about 200 KiB on Linux); this keeps well under.
const MAX_TOTAL: usize = 64 * 1024;

#[derive(Debug, Serialize)]
struct Chunk {
    /// Bytes the call moved (for a cut datagram, what recv returned).
    bytes: usize,
    /// The datagram's real length when recv cut it (MSG_TRUNC).
    #[serde(skip_serializing_if = "Option::is_none")]
    truncated_from: Option<usize>,
    /// The bytes as Python's repr shows them: b'hello'.
    data: String,
}

#[derive(Debug, Serialize)]
struct Pair {
    family: &'static str,
    #[serde(rename = "type")]
    socktype: String,
    sent: Vec<Chunk>,
    received: Vec<Chunk>,
    /// kept (one recv per message), merged (a recv held more than one
    /// message) or cut (a message was split or truncated).
    boundaries: &'static str,
}

impl Report for Pair {
    fn human(&self, p: &Paint) -> String {
        let mut s = format!("socketpair(AF_UNIX, {})\n", self.socktype);
        for (i, c) in self.sent.iter().enumerate() {
            s.push_str(&format!(
                "send {:<3} {:>5} bytes  {}\n",
                i + 1,
                c.bytes,
                escape::text(&c.data)
            ));
        }
        for (i, c) in self.received.iter().enumerate() {
            let cut = c
                .truncated_from
                .map(|n| format!("  (cut from {n} bytes: the rest is lost)"))
                .unwrap_or_default();
            s.push_str(&format!(
                "recv {:<3} {:>5} bytes  {}{cut}\n",
                i + 1,
                c.bytes,
                escape::text(&c.data)
            ));
        }
        let why = match (self.boundaries, self.socktype.as_str()) {
            ("merged", _) => {
                "a byte stream keeps no message boundaries: frame your messages (length prefix or delimiter)"
            }
            ("kept", "SOCK_STREAM") => "this time; a byte stream does not promise it",
            ("kept", _) => "one recv, one message",
            (_, "SOCK_STREAM") => {
                "recv returned at most its buffer size; the stream goes on in the next recv"
            }
            _ => "a message longer than the recv buffer is cut and the rest discarded",
        };
        s.push_str(&format!(
            "boundaries {}: {} sends, {} recvs; {why}\n",
            p.value(self.boundaries),
            self.sent.len(),
            self.received.len()
        ));
        s
    }
}

fn chunk(data: &[u8], truncated_from: Option<usize>) -> Chunk {
    Chunk {
        bytes: data.len(),
        truncated_from,
        data: escape::py_bytes(data),
    }
}

/// Compares the messages with what each recv returned.
fn verdict(sent: &[&[u8]], got: &[(Vec<u8>, Option<usize>)]) -> &'static str {
    if got.iter().any(|(_, t)| t.is_some()) {
        return "cut";
    }
    if sent.len() == got.len() && sent.iter().zip(got).all(|(a, (b, _))| *a == b.as_slice()) {
        return "kept";
    }
    // Merged when some recv spans a message boundary of the sent stream.
    let mut ends = std::collections::BTreeSet::new();
    let mut at = 0;
    for m in sent {
        at += m.len();
        ends.insert(at);
    }
    let mut pos = 0;
    for (b, _) in got {
        let (start, end) = (pos, pos + b.len());
        if ends.range(start + 1..end).next().is_some() {
            return "merged";
        }
        pos = end;
    }
    "cut"
}

impl Run for SocketpairArgs {
    fn run(self, _ctx: &Ctx) -> Result<i32> {
        let total: usize = self.messages.iter().map(String::len).sum();
        if total > MAX_TOTAL {
            return Err(Error::usage(format!(
                "socketpair: {total} bytes of MESSAGES, more than the {MAX_TOTAL} sent before reading"
            )));
        }
        let socktype = match self.socktype {
            PairTypeArg::Stream => libc::SOCK_STREAM,
            PairTypeArg::Dgram => libc::SOCK_DGRAM,
            PairTypeArg::Seqpacket => libc::SOCK_SEQPACKET,
        };
        let (a, b) = Sock::pair(socktype).map_err(|e| Error::os("socketpair", &e))?;
        let msgs: Vec<&[u8]> = self.messages.iter().map(|m| m.as_bytes()).collect();
        for m in &msgs {
            let mut off = 0;
            // A stream send may take part of the message; the rest goes in
            // the next send (sendall). A datagram goes whole or fails.
            loop {
                let n = a
                    .send(&m[off..], 0)
                    .map_err(|e| Error::os(format!("send on fd {}", a.fd()), &e))?;
                off += n;
                if off >= m.len() || socktype != libc::SOCK_STREAM {
                    break;
                }
            }
        }
        a.shutdown(std::net::Shutdown::Write)
            .map_err(|e| Error::os("shutdown", &e))?;
        let mut buf = vec![0u8; self.bufsize as usize];
        let flags = libc::MSG_DONTWAIT
            | if socktype == libc::SOCK_STREAM {
                0
            } else {
                libc::MSG_TRUNC
            };
        let mut got: Vec<(Vec<u8>, Option<usize>)> = Vec::new();
        // Bounded: every turn takes at least one byte or one message.
        for _ in 0..=total + msgs.len() {
            match b.recv(&mut buf, flags) {
                Ok(0) if socktype == libc::SOCK_STREAM || msgs.len() == got.len() => break,
                Ok(n) => {
                    let kept = n.min(buf.len());
                    let cut = (n > buf.len()).then_some(n);
                    got.push((buf[..kept].to_vec(), cut));
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break,
                Err(e) => return Err(Error::os(format!("recv on fd {}", b.fd()), &e)),
            }
        }
        let report = Pair {
            family: "AF_UNIX",
            socktype: socktype_name(socktype),
            boundaries: verdict(&msgs, &got),
            sent: msgs.iter().map(|m| chunk(m, None)).collect(),
            received: got.iter().map(|(d, t)| chunk(d, *t)).collect(),
        };
        drop((a, b));
        ui::result(&report)?;
        Ok(exit::OK)
    }
}

#[cfg(test)]
mod tests {
    use super::verdict;

    #[test]
    fn verdicts() {
        let sent: Vec<&[u8]> = vec![b"ab", b"cd"];
        assert_eq!(
            verdict(&sent, &[(b"ab".to_vec(), None), (b"cd".to_vec(), None)]),
            "kept"
        );
        assert_eq!(verdict(&sent, &[(b"abcd".to_vec(), None)]), "merged");
        assert_eq!(
            verdict(
                &sent,
                &[
                    (b"a".to_vec(), None),
                    (b"b".to_vec(), None),
                    (b"cd".to_vec(), None)
                ]
            ),
            "cut"
        );
        assert_eq!(
            verdict(&sent, &[(b"a".to_vec(), Some(2)), (b"c".to_vec(), Some(2))]),
            "cut"
        );
    }
}
