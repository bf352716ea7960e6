//! One file per subcommand, each an `impl Run for XArgs`, and the one
//! dispatch `match`. A subcommand reads like the socket program in a
//! textbook; it hands its results to `ui` and returns the exit status.

mod byteorder;
mod chat;
mod connect;
mod errno;
mod errno_table;
mod forward;
mod fqdn;
pub(crate) mod getaddrinfo;
mod getnameinfo;
mod hostname;
pub(crate) mod inet;
mod info;
mod listen;
mod probe;
mod protocol;
mod resolve;
mod service;
mod socketpair;
pub(crate) mod sockopt;
pub(crate) mod tls;
mod udp_recv;
mod udp_send;

use crate::cli::{Command, GlobalOpts};
use crate::error::{Result, exit};

/// What every subcommand may need besides its own arguments.
#[derive(Debug, Clone, Copy)]
pub struct Ctx {
    /// AF_UNSPEC, or AF_INET / AF_INET6 under -4 / -6.
    pub family: i32,
}

impl Ctx {
    pub fn new(g: &GlobalOpts) -> Ctx {
        let family = if g.ipv4 {
            libc::AF_INET
        } else if g.ipv6 {
            libc::AF_INET6
        } else {
            libc::AF_UNSPEC
        };
        Ctx { family }
    }
}

pub trait Run {
    /// Runs the subcommand; Ok carries the exit status (0, or e.g. 1 when a
    /// `-z` probe found a closed port after reporting every port).
    fn run(self, ctx: &Ctx) -> Result<i32>;
}

pub fn dispatch(cmd: Command, ctx: &Ctx) -> Result<i32> {
    match cmd {
        Command::Listen(a) => a.run(ctx),
        Command::Connect(a) => a.run(ctx),
        Command::UdpSend(a) => a.run(ctx),
        Command::UdpRecv(a) => a.run(ctx),
        Command::Resolve(a) => a.run(ctx),
        Command::Getaddrinfo(a) => a.run(ctx),
        Command::Getnameinfo(a) => a.run(ctx),
        Command::Fqdn(a) => a.run(ctx),
        Command::Hostname(a) => a.run(ctx),
        Command::Service(a) => a.run(ctx),
        Command::Protocol(a) => a.run(ctx),
        Command::Byteorder(a) => a.run(ctx),
        Command::Inet(a) => a.run(ctx),
        Command::Sockopt(a) => a.run(ctx),
        Command::Info(a) => a.run(ctx),
        Command::Chat(a) => a.run(ctx),
        Command::ChatServer(a) => a.run(ctx),
        Command::Forward(a) => a.run(ctx),
        Command::Errno(a) => a.run(ctx),
        Command::Socketpair(a) => a.run(ctx),
        Command::Tls(a) => a.run(ctx),
        Command::Generate(a) => crate::docgen::generate(&a.out_dir).map(|_| exit::OK),
    }
}
