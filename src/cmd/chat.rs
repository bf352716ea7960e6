//! `chat HOST PORT --name NAME` and `chat-server [HOST] PORT`: the seeds' UDP
//! chat room, made robust and full duplex.
//!
//! The protocol (spec §4): a member's first datagram is its name; then each
//! message is `NAME:text`; the datagram `q` leaves. The server keeps
//! {address: name} in join order, tells the others `NAME: 加入了群聊` when
//! someone joins and `NAME：离开了聊天室` (full-width colon) when someone
//! leaves, and relays every other datagram, bytes untouched, to all members
//! but the sender. Python clients and servers speaking it interoperate.
//!
//! Both sides wait in one poll() on their socket, stdin (client) and the
//! SIGINT/SIGTERM self-pipe (`net::signal`), so what arrives is shown while
//! the user types and a signal ends the loop promptly: the client then still
//! sends `q`; the server closes its socket (the members are not told: the
//! protocol has no datagram for it). Both exit 130 or 143.

use std::io::{self, Write};
use std::os::fd::RawFd;

use super::{Ctx, Run};
use crate::cli::{ChatArgs, ChatServerArgs};
use crate::error::{Error, Result, exit};
use crate::net::addr::Addr;
use crate::net::sock::Sock;
use crate::net::{signal, stdio, target};
use crate::sys::fd::poll;
use crate::ui::event::ChatKind;
use crate::ui::{self, Event, escape};

/// One entry of a poll set (`struct pollfd`).
type PollFd = libc::pollfd;

/// What the server appends to a newcomer's name for the others.
const JOINED: &str = ": 加入了群聊";
/// What the server appends to a leaver's name (U+FF1A FULLWIDTH COLON).
const LEFT: &str = "：离开了聊天室";
/// The datagram that leaves the room.
const QUIT: &[u8] = b"q";
/// recvfrom buffer: the largest UDP payload fits (the seeds used 1024 and
/// cut longer messages).
const DGRAM_MAX: usize = 65536;
/// A stdin line longer than this is sent in pieces (one datagram each).
const LINE_MAX: usize = 60 * 1024;
/// The server stops admitting newcomers beyond this many members, so a
/// flood of source ports cannot grow its table (and each relay) without end.
const MEMBERS_MAX: usize = 10_000;

fn pollfd(fd: RawFd) -> PollFd {
    crate::sys::fd::pollfd(fd, libc::POLLIN)
}

/// poll(fds, forever) with the signal pipe added; on return `revents` says
/// who is ready. A signal (SIGINT, SIGTERM) ends the wait: check
/// `signal::pending()` after it.
fn wait(fds: &mut [PollFd]) -> Result<()> {
    if let Some(last) = fds.last_mut() {
        *last = pollfd(signal::fd());
    }
    loop {
        let e = match poll(fds, -1) {
            Ok(_) => return Ok(()),
            Err(e) => e,
        };
        if signal::pending().is_some() {
            return Ok(());
        }
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(Error::os("poll", &e));
        }
    }
}

fn ready(p: &PollFd) -> bool {
    p.revents & (libc::POLLIN | libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
}

/// A datagram as a human line: text with control characters escaped; bytes
/// that are not UTF-8 as `\xNN`.
fn render(data: &[u8]) -> String {
    match std::str::from_utf8(data) {
        Ok(t) => escape::text(t).into_owned(),
        Err(_) => escape::bytes(data),
    }
}

/// The name for events: as is when UTF-8, else with `\xNN` escapes.
fn name_text(name: &[u8]) -> String {
    match std::str::from_utf8(name) {
        Ok(t) => t.to_string(),
        Err(_) => escape::bytes(name),
    }
}

fn chat_event(kind: ChatKind, from: &Addr, name: &[u8], data: &[u8]) {
    let text = std::str::from_utf8(data).ok().map(str::to_string);
    let hex = text.is_none().then(|| hex::encode(data));
    ui::event(&Event::Chat {
        kind,
        from: Some(from.clone()),
        name: name_text(name),
        text,
        hex,
    });
}

/// Receives every datagram already queued (MSG_DONTWAIT) and hands it to `f`.
fn drain(sock: &Sock, buf: &mut [u8], mut f: impl FnMut(&[u8], Addr) -> Result<()>) -> Result<()> {
    loop {
        match sock.recv_from(buf, libc::MSG_DONTWAIT) {
            Ok((n, from)) => f(&buf[..n.min(buf.len())], from)?,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(()),
            // An ICMP error queued on the socket: not fatal for a datagram loop.
            Err(e) if e.raw_os_error() == Some(libc::ECONNREFUSED) => continue,
            Err(e) => return Err(Error::os("recvfrom", &e)),
        }
    }
}

// ---------------------------------------------------------------- client

/// What a received datagram is, by the protocol's shapes: a join or leave
/// notice, or `NAME:text`.
fn classify(data: &[u8]) -> (ChatKind, &[u8]) {
    if let Some(name) = data.strip_suffix(JOINED.as_bytes()) {
        return (ChatKind::Join, name);
    }
    if let Some(name) = data.strip_suffix(LEFT.as_bytes()) {
        return (ChatKind::Leave, name);
    }
    let name = data
        .iter()
        .position(|&b| b == b':')
        .map_or(&data[..0], |i| &data[..i]);
    (ChatKind::Message, name)
}

struct Client {
    sock: Sock,
    server: Addr,
    name: String,
}

impl Client {
    fn send(&self, data: &[u8]) -> io::Result<()> {
        let n = self.sock.send_to(data, Some(&self.server))?;
        ui::event(&Event::Sent {
            to: self.server.clone(),
            bytes: n,
        });
        Ok(())
    }

    /// One line of stdin: `q` leaves (true), anything else is `NAME:line`.
    fn line(&self, line: &[u8]) -> bool {
        if line == QUIT {
            return true;
        }
        let mut msg = Vec::with_capacity(self.name.len() + 1 + line.len());
        msg.extend_from_slice(self.name.as_bytes());
        msg.push(b':');
        msg.extend_from_slice(line);
        if let Err(e) = self.send(&msg) {
            // One lost message (too long, a full buffer) does not end the chat.
            ui::warn(&Error::os(format!("sendto {}", self.server.describe()), &e).message);
        }
        false
    }

    fn show(&self, data: &[u8], from: Addr) -> Result<()> {
        let mut out = io::stdout().lock();
        let mut line = render(data);
        line.push('\n');
        out.write_all(line.as_bytes())
            .and_then(|_| out.flush())
            .map_err(|e| Error::stdout(&e))?;
        if ui::json() {
            let (kind, name) = classify(data);
            chat_event(kind, &from, name, data);
        }
        Ok(())
    }

    /// Leaves the room: shows what is already queued, then sends `q`.
    fn leave(&self, buf: &mut [u8]) -> Result<()> {
        let shown = drain(&self.sock, buf, |d, a| self.show(d, a));
        let sent = self
            .send(QUIT)
            .map_err(|e| Error::os(format!("sendto {}", self.server.describe()), &e));
        shown.and(sent)
    }
}

impl Run for ChatArgs {
    fn run(self, ctx: &Ctx) -> Result<i32> {
        if self.name.is_empty() {
            return Err(Error::usage("invalid --name '': a member needs a name"));
        }
        if self.name.len() > LINE_MAX {
            return Err(Error::usage(format!(
                "invalid --name: longer than {LINE_MAX} bytes"
            )));
        }
        let (host, port) = match target::peer_host_port(&self.address, "chat")? {
            (host, port, []) => (host, target::port_arg(port)?),
            _ => {
                target::no_port_in_host(&self.address[0], "chat")?;
                return Err(Error::usage("chat takes HOST PORT or HOST:PORT"));
            }
        };
        let port = target::port(&port, "udp")?;
        let server = target::peer_addrs(&host, port, ctx.family, libc::SOCK_DGRAM)?
            .into_iter()
            .find(|a| matches!(a, Addr::Inet(_)))
            .ok_or_else(|| {
                Error::not_found(format!("resolve {}: no address", escape::text(&host)))
            })?;
        signal::install().map_err(|e| Error::os("sigaction", &e))?;
        let sock =
            Sock::new(server.family(), libc::SOCK_DGRAM, 0).map_err(|e| Error::os("socket", &e))?;
        let client = Client {
            sock,
            server,
            name: self.name,
        };
        // The seed's first datagram: the name, so the server records us.
        client
            .send(client.name.as_bytes())
            .map_err(|e| Error::os(format!("sendto {}", client.server.describe()), &e))?;

        let mut dgram = vec![0u8; DGRAM_MAX];
        let mut input = vec![0u8; 64 * 1024];
        let mut pending: Vec<u8> = Vec::new();
        loop {
            let mut fds = [
                pollfd(client.sock.fd()),
                pollfd(libc::STDIN_FILENO),
                pollfd(-1), // the signal pipe
            ];
            wait(&mut fds)?;
            if let Some(sig) = signal::pending() {
                client.leave(&mut dgram)?;
                return Err(signal::interrupted(sig));
            }
            // What arrived first, so it shows before what stdin makes us do.
            if ready(&fds[0])
                && let Err(e) = drain(&client.sock, &mut dgram, |d, a| client.show(d, a))
            {
                // stdout closed or the socket failed: still say goodbye.
                let _ = client.send(QUIT);
                return Err(e);
            }
            if !ready(&fds[1]) {
                continue;
            }
            let n = match stdio::read(libc::STDIN_FILENO, &mut input) {
                Ok(n) => n,
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted
                    ) =>
                {
                    continue;
                }
                // No stdin at all (closed fd 0): as good as EOF.
                Err(e) if e.raw_os_error() == Some(libc::EBADF) => 0,
                Err(e) => {
                    let _ = client.send(QUIT);
                    return Err(Error::os("read stdin", &e));
                }
            };
            if n == 0 {
                // EOF: a last line without its newline is still a line.
                if !pending.is_empty() {
                    client.line(&pending);
                }
                client.leave(&mut dgram)?;
                return Ok(exit::OK);
            }
            pending.extend_from_slice(&input[..n]);
            let mut start = 0;
            while let Some(i) = pending[start..].iter().position(|&b| b == b'\n') {
                let line = &pending[start..start + i];
                start += i + 1;
                if client.line(line) {
                    client.leave(&mut dgram)?;
                    return Ok(exit::OK);
                }
            }
            pending.drain(..start);
            while pending.len() >= LINE_MAX {
                let piece: Vec<u8> = pending.drain(..LINE_MAX).collect();
                client.line(&piece);
            }
        }
    }
}

// ---------------------------------------------------------------- server

struct Member {
    addr: Addr,
    name: Vec<u8>,
}

struct Room {
    sock: Sock,
    members: Vec<Member>,
}

impl Room {
    /// sendto each member but `except`; a failed send is a warning, not the end.
    fn tell(&self, data: &[u8], except: Option<&Addr>) {
        for m in &self.members {
            if Some(&m.addr) == except {
                continue;
            }
            if let Err(e) = self.sock.send_to(data, Some(&m.addr)) {
                ui::warn(&Error::os(format!("sendto {}", m.addr.describe()), &e).message);
            }
        }
    }

    fn datagram(&mut self, data: &[u8], from: Addr) {
        match self.members.iter().position(|m| m.addr == from) {
            None => {
                if self.members.len() >= MEMBERS_MAX {
                    ui::warn(&format!(
                        "{} members already: ignoring a datagram from {from}",
                        self.members.len()
                    ));
                    return;
                }
                // A newcomer's first datagram is its name.
                let mut notice = data.to_vec();
                notice.extend_from_slice(JOINED.as_bytes());
                self.tell(&notice, None);
                chat_event(ChatKind::Join, &from, data, &notice);
                self.members.push(Member {
                    addr: from,
                    name: data.to_vec(),
                });
            }
            Some(i) if data == QUIT => {
                let m = self.members.remove(i);
                let mut notice = m.name.clone();
                notice.extend_from_slice(LEFT.as_bytes());
                self.tell(&notice, None);
                chat_event(ChatKind::Leave, &m.addr, &m.name, &notice);
            }
            Some(i) => {
                self.tell(data, Some(&from));
                chat_event(ChatKind::Message, &from, &self.members[i].name, data);
            }
        }
    }
}

impl Run for ChatServerArgs {
    fn run(self, ctx: &Ctx) -> Result<i32> {
        let (host, port) = target::host_port(&self.address, false, "chat-server")?;
        let port = match port {
            Some(p) => target::port(&p, "udp")?,
            None => return Err(Error::usage("chat-server needs a PORT")),
        };
        let local = target::bind_addr(host.as_deref(), port, ctx.family, libc::SOCK_DGRAM)?;
        signal::install().map_err(|e| Error::os("sigaction", &e))?;
        // socket and bind as the seed does: no SO_REUSEADDR, which for UDP
        // would let a second server bind the same port and take the datagrams.
        let sock =
            Sock::new(local.family(), libc::SOCK_DGRAM, 0).map_err(|e| Error::os("socket", &e))?;
        sock.bind(&local)
            .map_err(|e| target::bind_error(&local, &e, libc::SOCK_DGRAM, false))?;
        let bound = sock
            .local_addr()
            .map_err(|e| Error::os("getsockname", &e))?;
        ui::event(&Event::Listening { local: bound });

        let mut room = Room {
            sock,
            members: Vec::new(),
        };
        let mut buf = vec![0u8; DGRAM_MAX];
        loop {
            let mut fds = [pollfd(room.sock.fd()), pollfd(-1)];
            wait(&mut fds)?;
            signal::check()?;
            if !ready(&fds[0]) {
                continue;
            }
            // Every datagram already queued, one at a time.
            loop {
                match room.sock.recv_from(&mut buf, libc::MSG_DONTWAIT) {
                    Ok((n, from)) => room.datagram(&buf[..n.min(buf.len())], from),
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                    Err(e) if e.raw_os_error() == Some(libc::ECONNREFUSED) => continue,
                    Err(e) => return Err(Error::os("recvfrom", &e)),
                }
            }
        }
    }
}
