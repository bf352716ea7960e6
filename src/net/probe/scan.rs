//! The scan itself: slots of in-flight probes on one epoll instance, a
//! queue in launch order for the timeouts, and the check that a connected
//! probe reached a listener and not one of our own sockets.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use super::{Outcome, Plan, ProbeResult, SELF_CONNECT, State, Summary, Timeout};
use super::{classify, ends, ip_text, ms, so_error};
use crate::error::{Error, Result};
use crate::event::{Event, Sink};
use crate::net::addr::Addr;
use crate::net::sock::Sock;
use crate::sys::epoll::{self, Epoll};

struct Slot {
    sock: Option<Sock>,
    /// Index into the work list (address × port).
    work: usize,
    started: Instant,
    generation: u32,
    /// Connected to another probe of ours (TCP simultaneous open): not open.
    crossed: bool,
}

struct Scan<'a> {
    plan: &'a Plan,
    sink: &'a mut dyn Sink,
    ep: Epoll,
    slots: Vec<Slot>,
    free: Vec<usize>,
    /// In-flight probes in launch order: with one timeout for all, the
    /// front is always the next to expire.
    order: VecDeque<(usize, u32)>,
    /// (address index, port) → slot, to find a probe that another one
    /// connected to.
    by_target: HashMap<(usize, u16), usize>,
    in_flight: usize,
    limit: usize,
    next: usize,
    total: usize,
    slowest: Option<Duration>,
    counts: [usize; 3],
    open_ports: Vec<bool>,
    addr_text: Vec<String>,
}

/// Runs the scan: results go to `sink` as they finish (`Event::Probe`),
/// then `Event::ProbeSummary`. A pending SIGINT/SIGTERM stops it between
/// two waits; what finished so far has been reported, and the summary says
/// it was interrupted. A sink that closed (stdout gone) stops it too.
pub fn scan(plan: &Plan, sink: &mut dyn Sink) -> Result<Outcome> {
    let started = Instant::now();
    let ep = Epoll::new().map_err(|e| Error::os("epoll_create1", &e))?;
    let limit = plan.concurrency.max(1);
    let mut s = Scan {
        plan,
        sink,
        ep,
        slots: Vec::with_capacity(limit),
        free: Vec::new(),
        order: VecDeque::with_capacity(limit),
        by_target: HashMap::with_capacity(limit),
        in_flight: 0,
        limit,
        next: 0,
        total: plan.addrs.len() * plan.ports.len(),
        slowest: None,
        counts: [0; 3],
        open_ports: vec![false; plan.ports.len()],
        addr_text: plan.addrs.iter().map(ip_text).collect(),
    };
    let signal = s.run()?;
    let summary = Summary {
        host: plan.host.clone(),
        addresses: s.addr_text.clone(),
        ports: plan.ports.len(),
        probed: s.counts.iter().sum(),
        open: s.counts[0],
        closed: s.counts[1],
        filtered: s.counts[2],
        timeout_ms: ms(plan.timeout.now(s.slowest)),
        adaptive: matches!(plan.timeout, Timeout::Adaptive),
        concurrency: s.limit,
        elapsed_s: (started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0,
        interrupted: signal.is_some(),
    };
    s.sink.event(Event::ProbeSummary(summary));
    s.sink.flush();
    Ok(Outcome {
        every_port_open: s.open_ports.iter().all(|o| *o),
        signal,
    })
}

impl Scan<'_> {
    fn run(&mut self) -> Result<Option<i32>> {
        let mut events = epoll::events(256);
        // Launching waits for a completion after the system ran out of
        // something (descriptors, ephemeral ports).
        let mut paused = false;
        loop {
            if let Some(sig) = crate::sys::signal::pending() {
                return Ok(Some(sig));
            }
            if !self.sink.is_open() {
                return Ok(None);
            }
            if !paused {
                paused = self.launch()?;
            }
            if self.in_flight == 0 {
                if self.next >= self.total {
                    return Ok(None);
                }
                paused = false;
                continue;
            }
            let now = Instant::now();
            if self.expire(now) {
                paused = false;
            }
            let wait = self.order.front().map_or(0, |&(i, _)| {
                let deadline = self.slots[i].started + self.plan.timeout.now(self.slowest);
                crate::sys::fd::poll_ms(Some(deadline.saturating_duration_since(now)))
            });
            let n = match self.ep.wait(&mut events, wait, now) {
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => 0,
                Err(e) => return Err(Error::os("epoll_wait", &e)),
            };
            crate::trace::ok(
                "epoll.poll",
                || format!("{:.3}", wait as f64 / 1000.0),
                || format!("{n} ready"),
            );
            let now = Instant::now();
            for ev in &events[..n] {
                let token = ev.u64;
                if token != epoll::SIGNAL {
                    self.finish(token as usize, now);
                    paused = false;
                }
            }
            self.sink.flush();
        }
    }

    /// Starts probes up to the limit; true when the system said "not now".
    fn launch(&mut self) -> Result<bool> {
        let nports = self.plan.ports.len();
        while self.in_flight < self.limit && self.next < self.total {
            let work = self.next;
            let (ai, pi) = (work / nports, work % nports);
            let mut to = self.plan.addrs[ai].clone();
            if let Addr::Inet(sa) = &mut to {
                sa.set_port(self.plan.ports[pi]);
            }
            let sock = match Sock::new_nonblocking(to.family(), libc::SOCK_STREAM, 0) {
                Ok(s) => s,
                Err(e) if crate::net::server::exhausted(&e) && self.in_flight > 0 => {
                    self.lower_limit(&e);
                    return Ok(true);
                }
                Err(e) => return Err(Error::os("socket", &e)),
            };
            if let Some(src) = &self.plan.source {
                // One source port, one probe after another: an open port's
                // connection leaves that port in TIME_WAIT, which SO_REUSEADDR
                // lets the next probe (to another port) bind again.
                if src.port().is_some_and(|p| p != 0) {
                    sock.set_int(&crate::net::sockopt::SO_REUSEADDR, 1)
                        .map_err(|e| Error::os("setsockopt SO_REUSEADDR", &e))?;
                }
                sock.bind(src).map_err(|e| {
                    crate::net::target::bind_error(src, &e, libc::SOCK_STREAM, false)
                })?;
            }
            let started = Instant::now();
            let code = sock.connect_ex(&to);
            match code {
                libc::EINPROGRESS => {}
                libc::EADDRNOTAVAIL | libc::EAGAIN if self.in_flight > 0 => return Ok(true),
                code => {
                    self.next += 1;
                    // Answered at once (loopback can): the time is real.
                    // Another errno came from our own stack: no answer.
                    let answered = matches!(code, 0 | libc::ECONNREFUSED | libc::ECONNRESET);
                    let rtt = answered.then(|| started.elapsed());
                    let crossed = false;
                    self.report(work, &sock, code, rtt, crossed);
                    continue;
                }
            }
            let i = match self.free.pop() {
                Some(i) => i,
                None => {
                    self.slots.push(Slot {
                        sock: None,
                        work: 0,
                        started,
                        generation: 0,
                        crossed: false,
                    });
                    self.slots.len() - 1
                }
            };
            if let Err(e) = self.ep.add(sock.fd(), epoll::OUT, i as u64) {
                self.free.push(i);
                return Err(Error::os("epoll_ctl", &e));
            }
            let slot = &mut self.slots[i];
            slot.generation = slot.generation.wrapping_add(1);
            slot.sock = Some(sock);
            slot.work = work;
            slot.started = started;
            slot.crossed = false;
            self.order.push_back((i, slot.generation));
            self.by_target.insert((ai, self.plan.ports[pi]), i);
            self.in_flight += 1;
            self.next += 1;
        }
        Ok(false)
    }

    fn lower_limit(&mut self, e: &std::io::Error) {
        if self.in_flight < self.limit {
            self.limit = self.in_flight;
            self.sink.event(Event::Warning {
                message: format!(
                    "socket: {} with {} probes in flight: --concurrency lowered to {}",
                    crate::net::errno::name_or_number(e.raw_os_error().unwrap_or(0)),
                    self.in_flight,
                    self.limit
                ),
            });
        }
    }

    /// Probes whose time ran out are filtered: no answer at all. True when
    /// any was (a slot is free again).
    fn expire(&mut self, now: Instant) -> bool {
        let timeout = self.plan.timeout.now(self.slowest);
        let mut freed = false;
        while let Some(&(i, generation)) = self.order.front() {
            let slot = &self.slots[i];
            if slot.generation != generation || slot.sock.is_none() {
                self.order.pop_front();
                continue;
            }
            if now.duration_since(slot.started) < timeout {
                break;
            }
            self.order.pop_front();
            freed = true;
            // The answer may be in and not yet collected: this process was
            // off the CPU past the deadline. A port that answered is not
            // filtered, however late we look.
            let fd = slot.sock.as_ref().map_or(-1, Sock::fd);
            let mut p = [crate::sys::fd::pollfd(fd, libc::POLLOUT)];
            if matches!(crate::sys::fd::poll(&mut p, 0), Ok(1)) {
                self.finish(i, now);
                continue;
            }
            let (sock, work) = self.release(i);
            self.emit(work, State::Filtered, None, None);
            drop(sock);
        }
        freed
    }

    fn release(&mut self, i: usize) -> (Sock, usize) {
        let slot = &mut self.slots[i];
        // Cannot fail: release is only called for slots in flight (taken
        // from the in-flight set or an epoll token of a launched probe),
        // and every launched slot holds its socket until released here.
        let sock = slot.sock.take().expect("a live slot");
        let work = slot.work;
        let nports = self.plan.ports.len();
        let key = (work / nports, self.plan.ports[work % nports]);
        if self.by_target.get(&key) == Some(&i) {
            self.by_target.remove(&key);
        }
        self.free.push(i);
        self.in_flight -= 1;
        (sock, work)
    }

    /// The socket of slot `i` is writable: the handshake is over.
    fn finish(&mut self, i: usize, now: Instant) {
        if self.slots.get(i).is_none_or(|s| s.sock.is_none()) {
            return;
        }
        let rtt = now.duration_since(self.slots[i].started);
        let crossed = self.slots[i].crossed;
        let (sock, work) = self.release(i);
        let code = so_error(&sock);
        self.report(work, &sock, code, Some(rtt), crossed);
    }

    /// Reports a finished probe (`code`: its errno, 0 when connected).
    fn report(
        &mut self,
        work: usize,
        sock: &Sock,
        code: i32,
        rtt: Option<Duration>,
        crossed: bool,
    ) {
        let (mut state, mut error) = classify(code);
        if state == State::Open && (crossed || self.connected_to_us(sock)) {
            state = State::Closed;
            error = Some(SELF_CONNECT.to_string());
        }
        if let Some(r) = rtt
            && state != State::Filtered
        {
            self.slowest = Some(self.slowest.map_or(r, |s| s.max(r)));
        }
        self.emit(work, state, error, rtt);
    }

    /// A connect that reached one of our own sockets: itself (its source
    /// port was the port probed), or another probe that was connecting from
    /// the port this one probes to the port this one comes from (TCP
    /// simultaneous open between two probes). Neither is a listener.
    fn connected_to_us(&mut self, sock: &Sock) -> bool {
        let Some((local, peer)) = ends(sock) else {
            return false;
        };
        if local == peer {
            return true;
        }
        if local.ip() != peer.ip() {
            return false;
        }
        let Some(ai) = self
            .addr_text
            .iter()
            .position(|a| *a == local.ip().to_string())
        else {
            return false;
        };
        let Some(&j) = self.by_target.get(&(ai, local.port())) else {
            return false;
        };
        let other = &mut self.slots[j];
        match other.sock.as_ref().and_then(ends) {
            Some((l, p)) if l == peer && p == local => {
                other.crossed = true;
                true
            }
            _ => false,
        }
    }

    fn emit(&mut self, work: usize, state: State, error: Option<String>, rtt: Option<Duration>) {
        let nports = self.plan.ports.len();
        let (ai, pi) = (work / nports, work % nports);
        self.counts[state as usize] += 1;
        if state == State::Open {
            self.open_ports[pi] = true;
        }
        self.sink.event(Event::Probe(ProbeResult {
            host: self.plan.host.clone(),
            address: self.addr_text[ai].clone(),
            port: self.plan.ports[pi],
            state,
            open: state == State::Open,
            error,
            rtt_ms: rtt.map(ms),
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A listener, a refusing port and (when free) its neighbour, through a
    /// `Vec<Event>` sink: one result per port, then the summary.
    #[test]
    fn scan_reports_each_port_then_a_summary() {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let open = l.local_addr().unwrap().port();
        let closed = {
            let t = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            t.local_addr().unwrap().port()
        };
        let plan = Plan {
            host: "127.0.0.1".into(),
            addrs: vec![Addr::Inet("127.0.0.1:0".parse().unwrap())],
            ports: vec![open, closed, open],
            source: None,
            timeout: Timeout::Fixed(Duration::from_secs(5)),
            concurrency: 2,
        };
        let mut sink: Vec<Event> = Vec::new();
        let out = scan(&plan, &mut sink).unwrap();
        assert!(!out.every_port_open);
        let Some(Event::ProbeSummary(sum)) = sink.last() else {
            panic!("no summary last: {sink:?}");
        };
        assert_eq!((sum.open, sum.closed, sum.probed), (2, 1, 3));
        let mut states: Vec<(u16, State)> = sink
            .iter()
            .filter_map(|e| match e {
                Event::Probe(r) => Some((r.port, r.state)),
                _ => None,
            })
            .collect();
        states.sort_by_key(|s| (s.0, s.1 as u8));
        let mut want = vec![
            (open, State::Open),
            (open, State::Open),
            (closed, State::Closed),
        ];
        want.sort_by_key(|s| (s.0, s.1 as u8));
        assert_eq!(states, want);
    }
}
