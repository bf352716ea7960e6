//! What lives from one connection to the next and beside the one a relay
//! serves (listen -k): `Session`, stdin's and stdout's state; `Carry`, the
//! stdin bytes a connection that ended early did not send, for the next
//! one; and `Aside`, another descriptor the relay's poll watches meanwhile
//! (the listening socket, for --max-conns).

use std::os::fd::RawFd;

use crate::event::Sink;

/// What lives from one connection to the next (listen -k): stdin's state.
#[derive(Debug, Default)]
pub struct Session {
    /// stdin reached EOF: later connections get SHUT_WR at once (once
    /// `carry` is sent).
    pub stdin_eof: bool,
    /// What a connection that ended early left of stdin; the next
    /// connection sends it first, so nothing is lost or repeated.
    pub carry: Carry,
    /// stdout's reader is gone: later connections' bytes are dropped.
    pub stdout_gone: bool,
}

/// Bytes read from stdin that a connection ended without sending (a reset,
/// EPIPE, -w, a terminal's end), in the two forms the up pump holds them.
/// The rule, for every path: bytes the kernel accepted are gone (they
/// belong to the failed connection); everything after them is carried.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Carry {
    /// Bytes already in their wire form (through -C, -i, --frame) that the
    /// connection did not finish: the rest of a partly sent line, sent as
    /// they are. Under --frame a partly sent message is here whole, so the
    /// next peer gets a whole message (the failed peer never got it whole).
    pub wire: Vec<u8>,
    /// stdin bytes not yet cut into lines (on the plain path: all of them):
    /// they go through -C, -i, --frame like any other stdin bytes.
    pub raw: Vec<u8>,
    /// -C: the last stdin byte already converted, so a CR LF split between
    /// `wire` and `raw` stays one CRLF (no CR is doubled).
    pub last: u8,
    /// --frame: the payload size of the message in `wire`, whose `frame`
    /// event (--trace) is given again when it is sent again.
    pub frame_bytes: Option<usize>,
}

/// A descriptor the relay also watches while it relays, handled without
/// blocking when it is readable: listen -k --max-conns's listening socket,
/// so clients over the cap are answered at once, not left in the backlog.
pub trait Aside {
    fn fd(&self) -> RawFd;
    /// `fd` is readable (or in error): handle it, never blocking.
    fn ready(&mut self, sink: &mut dyn Sink);
}
