//! listen -k --max-conns N when relaying stdin/stdout, where one connection
//! is served at a time: at most N clients are held at once, the one being
//! served and N-1 accepted and waiting their turn (first come, first
//! served); a client that arrives while N are held is accepted and closed
//! at once with a `rejected` event, as ncat refuses one over its
//! --max-conns ("connection limit reached"), instead of waiting unseen in
//! the kernel's backlog. While a connection is relayed the listening socket
//! is the relay's `Aside`, so arrivals are answered during the relay too.
//! --allow/--deny are checked at that accept as well.

use std::collections::VecDeque;
use std::io;
use std::os::fd::RawFd;

use super::acl::Acl;
use super::addr::Addr;
use super::relay::Aside;
use super::sock::Sock;
use crate::event::{Event, Sink};
use crate::sys::fd;

pub struct Lobby<'a> {
    listener: &'a Sock,
    acl: &'a Acl,
    max: u64,
    waiting: VecDeque<(Sock, Addr)>,
    /// accept failed in a way that would make the listener readable
    /// forever (EMFILE): it is not watched again during this relay.
    paused: bool,
}

impl<'a> Lobby<'a> {
    /// The listener is made non-blocking: a client that resets between
    /// poll and accept must not stall the relay in accept.
    pub fn new(listener: &'a Sock, acl: &'a Acl, max: u64) -> io::Result<Lobby<'a>> {
        fd::set_nonblocking(listener.fd(), true)?;
        Ok(Lobby {
            listener,
            acl,
            max: max.max(1),
            waiting: VecDeque::new(),
            paused: false,
        })
    }

    /// The client whose turn is next, if one is waiting.
    pub fn next(&mut self) -> Option<(Sock, Addr)> {
        self.paused = false;
        self.waiting.pop_front()
    }

    /// How many are held: the one served and those waiting.
    pub fn held(&self) -> u64 {
        1 + self.waiting.len() as u64
    }

    /// Accepts every client the backlog holds now (bounded by the backlog
    /// itself: accept ends at EAGAIN), keeping or refusing each.
    fn admit(&mut self, sink: &mut dyn Sink) {
        for _ in 0..4096 {
            let (conn, peer) = match self.listener.accept() {
                Ok(c) => c,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return,
                // The client reset before it was accepted: the next one.
                Err(e)
                    if e.kind() == io::ErrorKind::Interrupted
                        || e.raw_os_error() == Some(libc::ECONNABORTED) =>
                {
                    continue;
                }
                Err(e) => {
                    sink.event(Event::Warning {
                        message: format!(
                            "accept: {e}; clients wait in the backlog until this connection ends"
                        ),
                    });
                    self.paused = true;
                    return;
                }
            };
            if let Some(reason) = self.acl.refuses(&peer) {
                sink.event(Event::Rejected { peer, reason });
            } else if self.held() >= self.max {
                let reason = match self.max {
                    1 => "--max-conns 1: a connection is being served".to_string(),
                    n => format!(
                        "--max-conns {n}: {n} connections held (1 served, {} waiting)",
                        n - 1
                    ),
                };
                sink.event(Event::Rejected { peer, reason });
            } else {
                self.waiting.push_back((conn, peer));
                continue;
            }
            drop(conn);
        }
    }
}

impl Aside for Lobby<'_> {
    fn fd(&self) -> RawFd {
        // poll(2) skips a negative descriptor.
        if self.paused { -1 } else { self.listener.fd() }
    }

    fn ready(&mut self, sink: &mut dyn Sink) {
        self.admit(sink);
    }
}
