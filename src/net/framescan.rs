//! --frame on the echo server: the echo sends back the bytes as they came,
//! so messages come back whole; this scanner follows the message boundaries
//! across recv() chunks so that --upper changes only payload bytes (never a
//! length header), an oversized header or a message cut by the peer's EOF
//! is reported, and --trace can show each message.

use std::io;

use crate::net::relay::frame::{Kind, MAX};

pub struct Scanner {
    kind: Kind,
    head: [u8; 4],
    /// Header bytes seen of the current message.
    got: usize,
    /// The current message's length, and the payload bytes still to come.
    len: usize,
    left: usize,
}

fn bad(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg)
}

impl Scanner {
    pub fn new(kind: Kind) -> Scanner {
        Scanner {
            kind,
            head: [0; 4],
            got: 0,
            len: 0,
            left: 0,
        }
    }

    fn header(&self) -> usize {
        match self.kind {
            Kind::Len32 => 4,
            Kind::Len16 => 2,
            Kind::Line => 0,
        }
    }

    /// Walks one received chunk; `done(len)` for each message it completes.
    pub fn scan(
        &mut self,
        chunk: &mut [u8],
        upper: bool,
        mut done: impl FnMut(usize),
    ) -> io::Result<()> {
        if self.kind == Kind::Line {
            if upper {
                chunk.make_ascii_uppercase();
            }
            for &b in chunk.iter() {
                if b == b'\n' {
                    done(self.len);
                    self.len = 0;
                } else {
                    self.len += 1;
                    if self.len > MAX {
                        return Err(bad(format!(
                            "a line message longer than {MAX} bytes arrived (no newline)"
                        )));
                    }
                }
            }
            return Ok(());
        }
        let h = self.header();
        let mut i = 0;
        while i < chunk.len() {
            if self.got < h {
                self.head[self.got] = chunk[i];
                self.got += 1;
                i += 1;
                if self.got == h {
                    self.len = if h == 4 {
                        u32::from_be_bytes(self.head) as usize
                    } else {
                        u16::from_be_bytes([self.head[0], self.head[1]]) as usize
                    };
                    if self.len > MAX {
                        return Err(bad(format!(
                            "a {} header announces a message of {} bytes, more than the limit of {MAX}",
                            self.kind.name(),
                            self.len
                        )));
                    }
                    self.left = self.len;
                    if self.left == 0 {
                        done(0);
                        self.got = 0;
                    }
                }
                continue;
            }
            let take = self.left.min(chunk.len() - i);
            if upper {
                chunk[i..i + take].make_ascii_uppercase();
            }
            i += take;
            self.left -= take;
            if self.left == 0 {
                done(self.len);
                self.got = 0;
            }
        }
        Ok(())
    }

    /// At the peer's EOF: a message left unfinished is an error.
    pub fn finish(&self) -> io::Result<()> {
        let h = self.header();
        let msg = match self.kind {
            Kind::Line if self.len > 0 => format!(
                "the peer closed the connection in the middle of a line message ({} bytes without a newline)",
                self.len
            ),
            Kind::Line => return Ok(()),
            _ if self.got == 0 => return Ok(()),
            _ if self.got < h => format!(
                "the peer closed the connection in the middle of a {} header ({} of {h} bytes)",
                self.kind.name(),
                self.got
            ),
            _ => format!(
                "short message: the {} header announced {} bytes, the peer closed the connection after {}",
                self.kind.name(),
                self.len,
                self.len - self.left
            ),
        };
        Err(bad(msg))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upper_spares_the_header_across_chunks() {
        let mut s = Scanner::new(Kind::Len16);
        let mut seen = Vec::new();
        // A header of 0x0061 ('a' as its second byte) split from its payload.
        let mut a = *b"\x00";
        let mut b = *b"\x03abc\x00\x61";
        s.scan(&mut a, true, |n| seen.push(n)).unwrap();
        s.scan(&mut b, true, |n| seen.push(n)).unwrap();
        assert_eq!(&b, b"\x03ABC\x00\x61");
        assert_eq!(seen, [3]);
        assert!(
            s.finish()
                .unwrap_err()
                .to_string()
                .contains("announced 97 bytes")
        );
    }
}
