//! Arguments of `forward`, and the access-control options every serving
//! mode shares (listen, its echo server, forward).

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::parse;
use crate::error::{Error, Result};
use crate::net::acl::{self, Acl, NetList};

/// --allow/--deny and their file forms, flattened into each server's Args.
#[derive(Debug, Clone, Default, Args)]
pub struct AccessArgs {
    /// Let in only clients matching LIST (addresses, CIDR prefixes; comma-separated, repeatable)
    #[arg(long, value_name = "LIST", value_parser = parse::net_list)]
    pub allow: Vec<NetList>,

    /// Refuse clients matching LIST (addresses, CIDR prefixes; wins over --allow)
    #[arg(long, value_name = "LIST", value_parser = parse::net_list)]
    pub deny: Vec<NetList>,

    /// --allow for each line of FILE (# comments, blank lines skipped)
    #[arg(long, value_name = "FILE")]
    pub allow_file: Vec<PathBuf>,

    /// --deny for each line of FILE (# comments, blank lines skipped)
    #[arg(long, value_name = "FILE")]
    pub deny_file: Vec<PathBuf>,
}

impl AccessArgs {
    /// The policy, with the files read (a missing or bad file is exit 2).
    pub fn acl(&self) -> Result<Acl> {
        let read = |files: &[PathBuf], opt: &str| -> Result<Vec<acl::Net>> {
            let mut v = Vec::new();
            for f in files {
                let text = std::fs::read_to_string(f)
                    .map_err(|e| Error::usage(format!("{opt} {}: {e}", f.display())))?;
                v.extend(
                    acl::parse_file(&text)
                        .map_err(|r| Error::usage(format!("invalid {opt} {}: {r}", f.display())))?,
                );
            }
            Ok(v)
        };
        let mut allow: Vec<acl::Net> = self.allow.iter().flat_map(|l| l.0.clone()).collect();
        allow.extend(read(&self.allow_file, "--allow-file")?);
        let mut deny: Vec<acl::Net> = self.deny.iter().flat_map(|l| l.0.clone()).collect();
        deny.extend(read(&self.deny_file, "--deny-file")?);
        if (!self.allow.is_empty() || !self.allow_file.is_empty()) && allow.is_empty() {
            return Err(Error::usage(
                "--allow-file lists no address: nobody could connect",
            ));
        }
        Ok(Acl { allow, deny })
    }
}

#[derive(Debug, Args)]
#[command(
    about = "TCP forwarder: accept on one address, connect onward to another, relay both ways",
    override_usage = "sockx forward [OPTIONS] [HOST] <PORT> <TO_HOST> <TO_PORT>\n       sockx forward [OPTIONS] [HOST]:<PORT> <TO_HOST>:<TO_PORT>\n       sockx forward [OPTIONS] --from-unix <PATH> <TO_HOST> <TO_PORT>\n       sockx forward [OPTIONS] [HOST] <PORT> --to-unix <PATH>",
    long_about = "\
TCP forwarder (socat TCP-LISTEN:PORT,fork TCP:TO_HOST:TO_PORT, without a process per \
connection): listens on [HOST] PORT (all interfaces without HOST), and for each \
client connects onward to TO_HOST TO_PORT, trying every address in order, then \
relays both ways until both are done. Clients are served concurrently from one \
readiness loop (epoll). Either side may be an AF_UNIX stream socket (--from-unix, \
--to-unix): a local socket exposed on TCP, or the reverse. HOST:PORT forms work on \
both sides ([::1]:8080 for IPv6).

Calls, in order: getaddrinfo(TO_HOST), socket, setsockopt(SO_REUSEADDR), bind, \
listen, then for each client: accept, socket, connect (non-blocking, each address \
in turn), and splice(2) through a pipe per direction (recv and send with -x, \
--trace or --bufsize), shutdown(SHUT_WR) onward at each FIN, close.

Ending: a FIN from either end is passed on (shutdown(SHUT_WR)) once what came \
before it is delivered, and the connection closes when both ends have finished; a \
reset is passed on as a reset (SO_LINGER 0, close). A failed onward connect closes \
the client and is reported; the forwarder keeps serving until SIGINT/SIGTERM \
(exit 130/143). -w closes a connection idle that long (a pending onward connect \
that long has failed). Each connection is numbered (#1, #2...) in the events \
and in the -x hex dump. --allow/--deny are checked right after accept.

Python equivalent:
  c, _ = srv.accept(); up = socket.create_connection((TO, TO_PORT))
  # copy c→up and up→c in two threads, shutdown(SHUT_WR) at EOF",
    after_long_help = "\
Examples:
  sockx forward 8080 127.0.0.1 5432        expose a local service on port 8080
  sockx forward 127.0.0.1:8080 --to-unix /run/app.sock   a unix socket on TCP
  sockx -v forward -x 9000 127.0.0.1 80    watch a protocol pass by
  sockx forward --allow 10.0.0.0/8 --max-conns 100 2222 127.0.0.1 22"
)]
pub struct ForwardArgs {
    /// [HOST] PORT TO_HOST TO_PORT (HOST:PORT forms too)
    #[arg(value_name = "ADDRESS", num_args = 0..=4)]
    pub address: Vec<String>,

    /// Listen on an AF_UNIX stream socket at PATH instead of [HOST] PORT
    #[arg(long, value_name = "PATH")]
    pub from_unix: Option<PathBuf>,

    /// Connect onward to an AF_UNIX stream socket at PATH instead of TO_HOST TO_PORT
    #[arg(long, value_name = "PATH")]
    pub to_unix: Option<PathBuf>,

    /// Close a connection idle this long (no byte either way)
    #[arg(short = 'w', long = "timeout", value_name = "DURATION", value_parser = parse::duration)]
    pub timeout: Option<Duration>,

    /// At most N connections at once (accepting pauses at the cap)
    #[arg(long, value_name = "N", value_parser = parse::count)]
    pub max_conns: Option<u64>,

    /// listen() backlog
    #[arg(short, long, value_name = "N", default_value_t = 1024)]
    pub backlog: u32,

    /// Bytes per recv() call; moves bytes through user space (default: splice)
    #[arg(long, value_name = "BYTES", value_parser = parse::size)]
    pub bufsize: Option<usize>,

    /// Hex dump of both directions of every connection on stderr
    #[arg(short = 'x', long)]
    pub hex: bool,

    /// Set SO_REUSEPORT before bind
    #[arg(long)]
    pub reuseport: bool,

    #[command(flatten)]
    pub access: AccessArgs,

    #[command(flatten)]
    pub global: super::GlobalOpts,
}
