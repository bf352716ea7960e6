//! The life of one forwarded connection inside the loop: the onward
//! connect (each address in turn, non-blocking), the data phase, and its
//! end (closed, or a reset passed on), with the events each step reports.

use std::io;
use std::time::Instant;

use super::flow::{End, Fault, Flow, flow};
use super::{Conn, Forwarder, POOL, token};
use crate::error::Error;
use crate::event::{Direction, Event, ForwardEnd, Sink};
use crate::net::sock::Sock;
use crate::net::sockopt::{self, Value};
use crate::sys::epoll;
use crate::sys::fd::Pipe;

impl Forwarder<'_> {
    /// Starts the next onward connect; a connect that completes at once
    /// (AF_UNIX, often loopback) goes straight to the data phase.
    pub(super) fn dial(&mut self, slot: usize, sink: &mut dyn Sink) {
        let Some(c) = self.conns[slot].as_mut() else {
            return;
        };
        // The attempt that just failed, when another address is left to try.
        if c.next > 0
            && c.next < self.plan.to.len()
            && let Some(e) = &c.last_err
        {
            let n = e.raw_os_error().unwrap_or(libc::EIO);
            sink.event(Event::ConnectFailed {
                peer: self.plan.to[c.next - 1].clone(),
                errno: crate::net::errno::name_or_number(n),
                error: crate::net::errno::message(n),
            });
        }
        while c.next < self.plan.to.len() {
            let to = &self.plan.to[c.next];
            c.next += 1;
            let sock = match Sock::new_nonblocking(to.family(), libc::SOCK_STREAM, 0) {
                Ok(s) => s,
                Err(e) => {
                    c.last_err = Some(e);
                    continue;
                }
            };
            let token = token(slot, c.id, 1);
            let r = self.ep.add(
                sock.fd(),
                epoll::IN | epoll::OUT | epoll::RDHUP | libc::EPOLLET as u32,
                token,
            );
            if let Err(e) = r {
                c.last_err = Some(e);
                continue;
            }
            match sock.connect(to) {
                Ok(()) => {
                    c.server = Some(End::new(sock));
                    return self.established(slot, sink);
                }
                Err(e) if e.raw_os_error() == Some(libc::EINPROGRESS) => {
                    c.server = Some(End::new(sock));
                    c.connecting = true;
                    return;
                }
                Err(e) => {
                    if c.next < self.plan.to.len() {
                        let n = e.raw_os_error().unwrap_or(libc::EIO);
                        sink.event(Event::ConnectFailed {
                            peer: to.clone(),
                            errno: crate::net::errno::name_or_number(n),
                            error: crate::net::errno::message(n),
                        });
                    }
                    c.last_err = Some(e);
                }
            }
        }
        self.fail(slot, sink);
    }

    /// Every onward address failed: report, close the client.
    pub(super) fn fail(&mut self, slot: usize, sink: &mut dyn Sink) {
        let Some(c) = self.take(slot) else { return };
        let e = c
            .last_err
            .unwrap_or_else(|| io::Error::from_raw_os_error(libc::ECONNREFUSED));
        let n = e.raw_os_error().unwrap_or(libc::EIO);
        sink.event(Event::ForwardFailed {
            conn: c.id,
            to: self.plan.to_name.clone(),
            errno: crate::net::errno::name_or_number(n),
            error: crate::net::errno::message(n),
        });
    }

    fn flow(&mut self) -> io::Result<Flow> {
        Ok(if self.plan.copy_only {
            Flow {
                buf: vec![0; self.plan.bufsize],
                ..Flow::default()
            }
        } else {
            let pipe = match self.pipes.pop() {
                Some(p) => p,
                None => Pipe::new(0)?,
            };
            Flow {
                pipe: Some(pipe),
                ..Flow::default()
            }
        })
    }

    fn established(&mut self, slot: usize, sink: &mut dyn Sink) {
        let plan = self.plan;
        let flows = (self.flow(), self.flow());
        let Some(c) = self.conns[slot].as_mut() else {
            return;
        };
        c.connecting = false;
        let Some(s) = c.server.as_mut() else { return };
        // Registered edge-triggered before connect: assume ready, let EAGAIN say otherwise.
        s.readable = true;
        s.writable = true;
        // The address connected to is known: no getpeername per connection.
        let peer = plan.to[c.next - 1].clone();
        let local = s.sock.local_addr().unwrap_or_else(|_| peer.clone());
        sink.event(Event::ForwardConnected {
            conn: c.id,
            peer,
            local,
        });
        match flows {
            (Ok(up), Ok(down)) => {
                c.up = up;
                c.down = down;
            }
            (Err(e), _) | (_, Err(e)) => {
                sink.event(Event::Warning {
                    message: format!("#{}: {}", c.id, Error::os("pipe", &e)),
                });
                self.end(slot, ForwardEnd::Reset, None, sink);
                return;
            }
        }
        self.run(slot, sink);
    }

    /// An epoll event for one end of a connection.
    pub(super) fn ready(&mut self, token: u64, events: u32, sink: &mut dyn Sink) {
        let slot = (token >> 33) as usize;
        let Some(c) = self.conns.get_mut(slot).and_then(|c| c.as_mut()) else {
            return;
        };
        // An event of a connection that ended earlier in this batch, whose slot was reused.
        if (token >> 1) as u32 != c.id as u32 {
            return;
        }
        let end = if token & 1 == 0 {
            Some(&mut c.client)
        } else {
            c.server.as_mut()
        };
        let Some(end) = end else { return };
        if events & (epoll::IN | epoll::RDHUP | epoll::HUP | epoll::ERR) != 0 {
            end.readable = true;
        }
        if events & (epoll::OUT | epoll::HUP | epoll::ERR) != 0 {
            end.writable = true;
        }
        if c.connecting {
            if token & 1 == 0 {
                return; // the client's bytes wait for the onward connection
            }
            let Some(s) = c.server.as_ref() else { return };
            match s.sock.take_error() {
                Ok(None) if events & epoll::OUT != 0 => self.established(slot, sink),
                Ok(None) => {}
                Ok(Some(e)) | Err(e) => {
                    c.last_err = Some(e);
                    c.server = None;
                    c.connecting = false;
                    self.dial(slot, sink);
                }
            }
            return;
        }
        self.run(slot, sink);
    }

    /// Moves what can move on connection `slot`, then ends it if done.
    pub(super) fn run(&mut self, slot: usize, sink: &mut dyn Sink) {
        let plan = self.plan;
        let Some(c) = self.conns[slot].as_mut() else {
            return;
        };
        let Some(s) = c.server.as_mut() else { return };
        let hex = plan.hex.then_some(c.id);
        let before = c.up.bytes + c.down.bytes;
        let up = flow(&mut c.up, &mut c.client, s, hex, Direction::Out, sink);
        let down = match up {
            Ok(_) => flow(&mut c.down, s, &mut c.client, hex, Direction::In, sink),
            Err(_) => Ok(false),
        };
        // Only bytes that moved count as activity for -w (a FIN alone does not).
        if plan.idle.is_some() && c.up.bytes + c.down.bytes != before {
            c.last_io = Instant::now();
        }
        match (up, down) {
            // A failed end's partner is reset: the reset is passed on.
            (Err(Fault::Src), _) | (_, Err(Fault::Dst)) => {
                self.end(slot, ForwardEnd::Reset, Some(false), sink)
            }
            (Err(Fault::Dst), _) | (_, Err(Fault::Src)) => {
                self.end(slot, ForwardEnd::Reset, Some(true), sink)
            }
            (Ok(a), Ok(b)) => {
                if c.up.shut && c.down.shut {
                    self.end(slot, ForwardEnd::Closed, None, sink);
                } else if (a || b) && !c.queued {
                    c.queued = true;
                    self.again.push(slot);
                }
            }
        }
    }

    fn take(&mut self, slot: usize) -> Option<Conn> {
        let c = self.conns.get_mut(slot)?.take()?;
        self.free.push(slot);
        self.live -= 1;
        self.ended += 1;
        Some(c)
    }

    /// Ends a connection; `reset`: Some(true) resets the client, Some(false)
    /// the server (SO_LINGER 0: close sends RST), None closes both.
    pub(super) fn end(
        &mut self,
        slot: usize,
        how: ForwardEnd,
        reset: Option<bool>,
        sink: &mut dyn Sink,
    ) {
        let Some(c) = self.take(slot) else { return };
        let victim = match reset {
            Some(true) => Some(&c.client.sock),
            Some(false) => c.server.as_ref().map(|s| &s.sock),
            None => None,
        };
        if let Some(v) = victim {
            let _ = v.set(
                &sockopt::SO_LINGER,
                &Value::Linger {
                    onoff: 1,
                    linger: 0,
                },
            );
        }
        sink.event(Event::ForwardClosed {
            conn: c.id,
            peer: c.peer.clone(),
            bytes_up: c.up.bytes,
            bytes_down: c.down.bytes,
            duration_ms: c.opened.elapsed().as_millis() as u64,
            how,
        });
        if how == ForwardEnd::Closed {
            // Both directions ended with their pipes drained: reusable.
            for p in [c.up.pipe, c.down.pipe].into_iter().flatten() {
                if self.pipes.len() < POOL {
                    self.pipes.push(p);
                }
            }
        }
        // Dropping closes both sockets (and with them their epoll entries).
    }
}
