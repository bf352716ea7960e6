//! The copy path of a pump: read into its buffer, write from it (TLS, -x,
//! --bufsize, and stdio that splice cannot take), with the tap's hex dump;
//! and what a pump holds, written out on the way out after a signal.

use super::*;

impl Pump {
    /// On the way out after a signal: writes what was received and not yet
    /// written, without waiting long for a reader that may be stopped.
    pub fn flush_on_exit(&mut self) {
        let limit = std::time::Duration::from_millis(200);
        match &mut self.mode {
            Mode::Via { pipe, held } => {
                let end = std::time::Instant::now() + limit;
                while *held > 0 && std::time::Instant::now() < end {
                    match fd::splice(pipe.r.as_raw_fd(), self.stdio, *held, true) {
                        Ok(n) if n > 0 => *held -= n,
                        Err(e) if would_block(&e) => {
                            let mut p = [fd::pollfd(self.stdio, libc::POLLOUT)];
                            if !matches!(fd::poll(&mut p, 50), Ok(1)) {
                                break;
                            }
                        }
                        _ => break,
                    }
                }
            }
            Mode::Copy { buf, start, end } if self.way == Way::Down => {
                let n = stdio::write_within(self.stdio, &buf[*start..*end], limit);
                *start += n;
            }
            // Whole lines only: a message cut short is not written.
            Mode::Frames(f) => f.flush_within(self.stdio, limit),
            _ => {}
        }
    }

    pub(super) fn step_copy<S: Stream>(
        &mut self,
        s: &mut S,
        sink: &mut dyn Sink,
        tap: &mut Option<Tap>,
    ) -> StepResult {
        let (way, stdio_fd) = (self.way, self.stdio);
        let sock = s.fd();
        let Mode::Copy { buf, start, end } = &mut self.mode else {
            unreachable!("step_copy on a copy pump");
        };
        if *start < *end {
            let r = match way {
                Way::Up => s.write(&buf[*start..*end]),
                Way::Down => fd::write(stdio_fd, &buf[*start..*end]),
            };
            return match r {
                Ok(n) => {
                    if way == Way::Up {
                        // Sent bytes are shown once the kernel took them.
                        if let Some(t) = tap.as_mut() {
                            t.sent(sink, &buf[*start..*start + n]);
                        }
                        self.bytes += n as u64;
                    }
                    *start += n;
                    if *start == *end {
                        *start = 0;
                        *end = 0;
                    }
                    Ok(Step::Moved)
                }
                Err(e) if would_block(&e) => {
                    let fd = if way == Way::Up { sock } else { stdio_fd };
                    self.block(fd, libc::POLLOUT)
                }
                Err(e) if interrupted(&e) => Ok(Step::Moved),
                Err(e) => Err((Side::Dst, e)),
            };
        }
        let src_fd = if way == Way::Up { stdio_fd } else { sock };
        // A stream may hold bytes poll cannot see (TLS: records read along
        // with the handshake's last flight).
        if !(self.src_ready || (way == Way::Down && s.pending())) {
            return self.block(src_fd, libc::POLLIN);
        }
        let r = match way {
            Way::Down => s.read(buf),
            Way::Up if self.nowait => fd::read_nowait(stdio_fd, buf),
            Way::Up => fd::read(stdio_fd, buf),
        };
        match r {
            Ok(0) => Ok(Step::Eof),
            Ok(n) => {
                *start = 0;
                *end = n;
                if way == Way::Down {
                    if let Some(t) = tap.as_mut() {
                        t.received(sink, &buf[..n]);
                    }
                    self.bytes += n as u64;
                }
                // A full buffer from a socket means more is likely waiting; a
                // terminal or pipe is polled again before the next read,
                // unless it is read without blocking (or is a file).
                self.src_ready = (way == Way::Down && (n == buf.len() || s.pending()))
                    || self.nowait
                    || self.file;
                Ok(Step::Moved)
            }
            Err(e) if would_block(&e) => {
                // An O_NONBLOCK stdin, or RWF_NOWAIT with nothing there: wait.
                self.src_ready = false;
                self.block(src_fd, libc::POLLIN)
            }
            Err(e) if interrupted(&e) => Ok(Step::Moved),
            // A kernel without RWF_NOWAIT for pipes: poll before each read.
            Err(e)
                if self.nowait
                    && matches!(e.raw_os_error(), Some(libc::EOPNOTSUPP | libc::EINVAL)) =>
            {
                self.nowait = false;
                self.src_ready = false;
                self.block(src_fd, libc::POLLIN)
            }
            Err(e) => Err((Side::Src, e)),
        }
    }
}

/// Whether stdout has room now (a zero-timeout poll).
pub(super) fn stdout_writable(fd: RawFd) -> bool {
    let mut p = [fd::pollfd(fd, libc::POLLOUT)];
    matches!(fd::poll(&mut p, 0), Ok(1)) && p[0].revents != 0
}
