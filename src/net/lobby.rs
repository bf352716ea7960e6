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

#[cfg(test)]
mod tests {
    //! The lobby through a `Vec<Event>` sink on a loopback listener.
    use std::io::Read;
    use std::net::TcpStream;
    use std::time::{Duration, Instant};

    use super::*;

    fn listener() -> Sock {
        let s = Sock::new(libc::AF_INET, libc::SOCK_STREAM, 0).unwrap();
        s.bind(&Addr::Inet("127.0.0.1:0".parse().unwrap())).unwrap();
        s.listen(16).unwrap();
        s
    }

    /// Calls `ready` (as the relay does when poll says so) until `n`
    /// clients were kept or refused; bounded.
    fn admit_until(lobby: &mut Lobby, sink: &mut Vec<Event>, n: usize) {
        let end = Instant::now() + Duration::from_secs(10);
        while lobby.waiting.len() + sink.len() < n {
            assert!(Instant::now() < end, "clients not seen: {sink:?}");
            let mut p = [fd::pollfd(lobby.fd(), libc::POLLIN)];
            let _ = fd::poll(&mut p, 100);
            lobby.ready(sink);
        }
    }

    /// --max-conns 3 while one is served: two wait their turn, in order;
    /// the fourth is refused (closed at once) with a `rejected` event.
    #[test]
    fn holds_n_minus_one_then_refuses() {
        let l = listener();
        let port = l.local_addr().unwrap().port().unwrap();
        let acl = Acl::default();
        let mut lobby = Lobby::new(&l, &acl, 3).unwrap();
        let mut sink: Vec<Event> = Vec::new();
        let mut clients = Vec::new();
        for _ in 0..3 {
            clients.push(TcpStream::connect(("127.0.0.1", port)).unwrap());
            // One at a time, so the order of arrival is known.
            admit_until(&mut lobby, &mut sink, clients.len());
        }
        assert_eq!(lobby.held(), 3);
        assert_eq!(sink.len(), 1, "{sink:?}");
        let Event::Rejected { reason, .. } = &sink[0] else {
            panic!("{sink:?}")
        };
        assert_eq!(
            reason,
            "--max-conns 3: 3 connections held (1 served, 2 waiting)"
        );
        let mut third = clients.pop().unwrap();
        third
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut x = [0u8; 4];
        assert_eq!(third.read(&mut x).unwrap_or(0), 0, "refused: closed");
        // First come, first served.
        let first = clients[0].local_addr().unwrap().port();
        let (_, peer) = lobby.next().expect("a waiting client");
        assert_eq!(peer.port(), Some(first));
        assert!(lobby.next().is_some());
        assert!(lobby.next().is_none());
    }
}
