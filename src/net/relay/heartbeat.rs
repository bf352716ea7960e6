//! connect --heartbeat INTERVAL[,MISSES]: an application-level liveness
//! check, the seeds' "heartbeat" strategy next to SO_KEEPALIVE. When the
//! connection has been idle (no byte either way) for INTERVAL, the
//! heartbeat data is sent; each further INTERVAL that passes with nothing
//! received since is a miss, and MISSES misses in a row declare the peer
//! dead (exit 4, the message names the heartbeat). Anything received clears
//! the count: the peer's echo of the heartbeat, or any data. Heartbeats go
//! only between lines/messages (never inside one) and stop at stdin's EOF,
//! when SHUT_WR has ended our direction; misses are still counted then.

use std::time::Instant;

use super::pump::{Pump, interrupted, would_block};
use super::shape::Heartbeat;
use crate::error::{Error, Result};
use crate::event::{Event, Sink, show_duration};
use crate::net::stream::Stream;

pub struct Beat<'a> {
    plan: &'a Heartbeat,
    /// Counters as last seen, to notice movement.
    rx: u64,
    tx: u64,
    last_rx: Instant,
    last_act: Instant,
    /// A heartbeat went out and nothing came back since.
    outstanding: bool,
    missed: u32,
    /// Bytes of the last heartbeat the socket has not taken yet.
    rest: usize,
}

impl<'a> Beat<'a> {
    pub fn new(plan: &'a Heartbeat, now: Instant) -> Beat<'a> {
        Beat {
            plan,
            rx: 0,
            tx: 0,
            last_rx: now,
            last_act: now,
            outstanding: false,
            missed: 0,
            rest: 0,
        }
    }

    /// Looks at the counters, sends or counts a miss when an interval has
    /// passed; when the next look is due.
    pub fn tick<S: Stream>(
        &mut self,
        stream: &mut S,
        up: &mut Pump,
        down: &Pump,
        sink: &mut dyn Sink,
        peer: &str,
    ) -> Result<Option<Instant>> {
        let now = Instant::now();
        if down.bytes != self.rx {
            self.rx = down.bytes;
            self.last_rx = now;
            self.last_act = now;
            self.outstanding = false;
            self.missed = 0;
        }
        if up.bytes != self.tx {
            self.tx = up.bytes;
            self.last_act = now;
        }
        if !down.active {
            // The peer closed its side: nothing more can come to check.
            return Ok(None);
        }
        if self.rest > 0 && up.active {
            self.send(stream, up, peer)?;
        }
        let due = self.last_act + self.plan.interval;
        if now < due {
            return Ok(Some(due));
        }
        if self.outstanding {
            self.missed += 1;
            sink.event(Event::HeartbeatMissed {
                missed: self.missed,
                of: self.plan.misses,
            });
            if self.missed >= self.plan.misses {
                return Err(Error::timeout(format!(
                    "peer declared dead: {} heartbeat intervals of {} without a byte from {} (--heartbeat {}); nothing received for {}",
                    self.missed,
                    show_duration(self.plan.interval),
                    peer,
                    self.plan.spec,
                    show_duration(round_ms(now - self.last_rx)),
                )));
            }
        }
        self.outstanding = true;
        if up.active && self.rest == 0 && up.between_lines() {
            self.rest = self.plan.data.len();
            self.send(stream, up, peer)?;
            sink.event(Event::HeartbeatSent {
                bytes: self.plan.data.len(),
            });
        }
        self.last_act = now;
        Ok(Some(now + self.plan.interval))
    }

    fn send<S: Stream>(&mut self, stream: &mut S, up: &mut Pump, peer: &str) -> Result<()> {
        let data = &self.plan.data[self.plan.data.len() - self.rest..];
        match stream.write(data) {
            Ok(n) => {
                self.rest -= n;
                up.bytes += n as u64;
                self.tx = up.bytes;
                Ok(())
            }
            Err(e) if would_block(&e) || interrupted(&e) => Ok(()),
            Err(e) => Err(Error::os(format!("send heartbeat to {peer}"), &e)),
        }
    }
}

fn round_ms(d: std::time::Duration) -> std::time::Duration {
    std::time::Duration::from_millis(d.as_millis() as u64)
}
