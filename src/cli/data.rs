//! Arguments of the streaming subcommands: listen, connect, udp-send, udp-recv,
//! chat and chat-server.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::parse;

#[derive(Debug, Args)]
#[command(
    about = "TCP server: bind, listen, accept one connection and relay it with stdin/stdout",
    override_usage = "sockx listen [OPTIONS] [HOST] <PORT>\n       sockx listen [OPTIONS] [HOST]:<PORT>\n       sockx listen [OPTIONS] -U <PATH>",
    long_about = "\
TCP server: the seeds' phone that waits for a call. It accepts one connection and \
copies socket→stdout and stdin→socket at the same time (full duplex) until both \
directions are done.

Calls, in order: socket, setsockopt(SO_REUSEADDR) (and SO_REUSEPORT with \
--reuseport), bind, getsockname, listen(BACKLOG), accept; then recv and send \
(splice(2) when nothing needs to see the bytes) until both sides are done, \
shutdown(SHUT_WR) on stdin EOF, close. -k goes back to accept (the link loop).

Ending (the two directions end on their own; the connection ends when both have): \
stdin→socket ends at stdin's EOF with shutdown(SHUT_WR), and reading goes on; \
socket→stdout ends at the peer's FIN, and then stdout is closed so a pipeline sees \
EOF (not under -k, where the next connection writes there). The peer's FIN never \
cuts stdin short: a pipe or file on stdin is sent to its end. A terminal on stdin, \
or a stdin that has given this connection nothing yet and has nothing ready (an \
idle pipe: a terminal that never types), ends with the peer, as nc -l does. An \
upload cut by a reset or EPIPE is an error (exit 1) that says how much was sent; \
stdout closed by its reader ends only socket→stdout (what arrives is read and \
dropped, the upload goes on, exit 0). With -k, stdin is carried from a connection \
that ends early (a reset, EPIPE, -w) to the next one: the bytes its kernel accepted \
are gone with it (as with nc), and the next connection starts right after them, so \
nothing is lost or sent twice. -C and -i continue a partly sent line with its rest \
(already converted: no CR is doubled); --frame sends a partly sent message again \
whole, so the next peer never gets a message without its header (the failed peer \
never got it whole). Exit 0 means the peer's TCP \
acknowledged every byte sent (sockx waits for that at the end: a reset meanwhile \
is exit 1). SIGINT/SIGTERM: what arrived is written out, exit 130/143.

HOST defaults to all interfaces (0.0.0.0, or :: with -6); the listening line says \
so. HOST:PORT in one argument works too (127.0.0.1:8080, [::1]:8080; :8080 is all \
interfaces, as 8080 is); an empty HOST ('') is invalid input (exit 2). PORT 0 picks a free port and the listening line shows the real one \
(getsockname). The line is written before accept blocks, so scripts can wait for it.

With --echo or --upper and -k, connections are served concurrently from one \
readiness loop (epoll); without them, -k serves connections one after another, \
like nc -k. sockx never runs a program for a peer (there is no -e: nc's -e is a \
remote shell).

--allow/--deny LIST (addresses and CIDR prefixes, IPv4 and IPv6; --allow-file, \
--deny-file with one per line) are checked right after accept: a refused client is \
closed at once and reported (a `rejected` event), and listen waits for the next. \
--max-conns N caps the connections held at once. The echo server stops accepting \
at the cap (the kernel's backlog holds the rest). Relaying stdin/stdout with -k \
serves one connection at a time; without --max-conns the next clients wait in the \
backlog (as with nc -k), and with it at most N are held: the one served and N-1 \
accepted and waiting their turn, first come first served. A client that arrives \
while N are held is accepted and closed at once, with a `rejected` event (as ncat \
refuses one over its --max-conns), even in the middle of a transfer or of a TLS \
handshake. Without -k one \
connection is served and --max-conns changes nothing.

--progress shows the bytes each way and the current rate on stderr: redrawn in \
place while stderr is a terminal, one summary line otherwise, `progress` events \
under --json (not with --echo/--upper, whose connections run side by side).

Relay options: -C sends each LF from stdin as CRLF; -i pauses between lines sent; \
--frame len32|len16|line sends each stdin line as one message and writes each message \
received as one line (with --echo/--upper too: messages are echoed whole, headers never \
upper-cased); --send-only never reads the socket (and ends at stdin's EOF); \
--recv-only never reads stdin and sends no SHUT_WR (as ncat). Each moves only the \
direction it touches from splice/sendfile to recv/send. -o FILE logs both directions \
as a hex dump with timestamps, --log-json FILE as JSON Lines (bytes in hex).

--tls wraps each accepted connection (Python's wrap_socket(server_side=True), \
do_handshake) with --cert/--key, or with a throwaway P-256 certificate made at start \
(names localhost, 127.0.0.1, ::1, the host name, the bound address) whose SHA-256 \
fingerprint is printed after the listening line for a client's --pin. \
--verify-client --cafile FILE asks for a client certificate and checks it. -v (and \
always under --json) shows what each client offered: SNI, the TLS versions \
(supported_versions, or the legacy version), ALPN, cipher suites, groups. With -k \
--echo the handshakes run inside the readiness loop. stdin's EOF sends close_notify \
before shutdown(SHUT_WR); a handshake failure is exit 5. The server picks the cipher \
suite in its own order, AES-128-GCM first (as Go's TLS server does on AES hardware: \
as safe, and cheaper than AES-256 with SHA-384). Its first flight leaves in two \
writes: ServerHello to Certificate before the signature is made, the rest after it, so \
that the client checks the chain while the server signs (--trace -vv shows both).

Python equivalent:
  s = socket.socket(); s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
  s.bind((HOST, PORT)); s.listen(128); conn, addr = s.accept()",
    after_long_help = "\
Examples:
  sockx listen 8080                       one connection on all interfaces
  sockx listen -k --upper 127.0.0.1 9000  the seeds' upper-casing server, concurrent
  sockx --trace listen --bufsize 1024 127.0.0.1 50007   watch recv(1024) split a stream
  sockx listen --progress 127.0.0.1 0 >/dev/null   a free port, bytes and rate as they come"
)]
pub struct ListenArgs {
    /// [HOST] PORT or [HOST]:PORT: address to bind (default all interfaces) and port (0 = any free port)
    #[arg(value_name = "ADDRESS", num_args = 0..=2)]
    pub address: Vec<String>,

    /// listen() backlog: how many finished handshakes may wait for accept
    #[arg(short, long, value_name = "N", default_value_t = 128)]
    pub backlog: u32,

    /// Accept again after each connection (the seeds' link loop)
    #[arg(short, long)]
    pub keep_open: bool,

    /// Send back what arrives (with -k: many connections at once)
    #[arg(long, conflicts_with = "upper")]
    pub echo: bool,

    /// Send back what arrives, ASCII letters upper-cased (like bytes.upper())
    #[arg(long)]
    pub upper: bool,

    /// At most N connections at once (relaying with -k: 1 served, N-1 wait, more are refused)
    #[arg(long, value_name = "N", value_parser = parse::count)]
    pub max_conns: Option<u64>,

    /// Listen on an AF_UNIX stream socket at PATH (@NAME: abstract namespace)
    #[arg(short = 'U', long = "unix", value_name = "PATH")]
    pub unix: Option<PathBuf>,

    /// Time allowed for a connection to arrive and to stay idle (exit 4)
    #[arg(short = 'w', long = "timeout", value_name = "DURATION", value_parser = parse::duration)]
    pub timeout: Option<Duration>,

    /// Bytes per recv() call (default 128k, 64k with --echo/--upper; 1024 reproduces the seeds)
    #[arg(long, value_name = "BYTES", value_parser = parse::size)]
    pub bufsize: Option<usize>,

    /// Hex dump of both directions on stderr
    #[arg(short = 'x', long)]
    pub hex: bool,

    /// Set SO_REUSEPORT before bind
    #[arg(long)]
    pub reuseport: bool,

    /// Bytes each way and the current rate on stderr
    #[arg(long, conflicts_with_all = ["echo", "upper"])]
    pub progress: bool,

    #[command(flatten)]
    pub relay: super::RelayOpts,

    #[command(flatten)]
    pub access: super::AccessArgs,

    #[command(flatten)]
    pub tls: super::ServerTls,

    #[command(flatten)]
    pub global: super::GlobalOpts,
}

#[derive(Debug, Args)]
#[command(
    about = "TCP client: connect (trying every address) and relay with stdin/stdout; -z probes ports",
    override_usage = "sockx connect [OPTIONS] <HOST> <PORT>\n       sockx connect [OPTIONS] <HOST>:<PORT>\n       sockx connect -z [OPTIONS] <HOST> <PORTS>\n       sockx connect -z [OPTIONS] <HOST>:<PORTS>\n       sockx connect --ping [OPTIONS] <HOST> <PORT>\n       sockx connect [OPTIONS] -U <PATH>",
    long_about = "\
TCP client, the counterpart of listen: the seeds' phone that dials. It connects \
(Python's create_connection: every address getaddrinfo returns is tried in order, \
each failed attempt reported with its errno) and relays socket→stdout and \
stdin→socket at the same time. HOST:PORT in one argument works too \
(127.0.0.1:8080, localhost:http; an IPv6 literal in brackets, [::1]:8080); an empty \
HOST is invalid input (exit 2).

Calls, in order: getaddrinfo; for each address socket, bind (-s), setsockopt \
(--nodelay, --keepalive), connect, until one succeeds; getpeername, getsockname; \
then send and recv until both sides are done, shutdown(SHUT_WR) on stdin EOF, close.

Ending (the two directions end on their own; the connection ends when both have): \
stdin→socket ends at stdin's EOF with shutdown(SHUT_WR), and reading goes on; \
socket→stdout ends at the peer's FIN, and then stdout is closed, so a pipeline or \
an ssh ProxyCommand sees EOF at once. The peer's FIN never cuts stdin short: a \
piped or file stdin is sent to its end (the peer may only have half-closed); a \
terminal on stdin ends with the peer. An upload cut by a reset or EPIPE is an error \
(exit 1) that says how much was sent and that the rest was not; stdout closed by \
its reader ends only socket→stdout (the upload goes on, exit 0); an O_NONBLOCK \
stdin is waited on. Exit 0 means the peer's TCP acknowledged every byte sent \
(sockx waits for that at the end: a reset meanwhile is exit 1). SIGINT/SIGTERM: \
what arrived is written out, exit 130/143. -w is both the connect timeout (a non-blocking connect, poll and \
getsockopt(SO_ERROR), as Python's settimeout does) and the idle timeout.

--proxy HOST[:PORT] connects to the proxy instead (getaddrinfo, socket, connect as \
above), asks it for the target (--proxy-type socks5: greeting, method, [RFC 1929 \
authentication], CONNECT with the target's name, which the proxy resolves, as \
curl's socks5h; socks4: SOCKS4a; http: CONNECT HOST:PORT), then relays as usual. \
Each step is a --trace line with the reply explained (0x05 connection refused); \
a refusal is exit 1 with the proxy's reason.

-z makes no I/O: it probes each port of a list (20-25,80,443; 1-65535) on every \
address of HOST, --concurrency at a time (default 1000, lowered to what RLIMIT_NOFILE \
leaves; -v says so). Per probe: socket(SOCK_NONBLOCK), bind (-s), connect_ex = \
EINPROGRESS, then epoll says the socket is writable and getsockopt(SO_ERROR) decides: \
0 is open (a SYN-ACK came back; a socket connected to itself is closed, \
self-connect), ECONNREFUSED or ECONNRESET is closed (a RST came back), another \
errno (EHOSTUNREACH, ENETUNREACH: an ICMP unreachable) is filtered and named, and no \
answer within the timeout is filtered. The timeout is -w; without it, max(250ms, 5 \
x the slowest round trip so far), at most 3s. Results stream as they finish, each \
with its connect time: every port for up to 20 ports (or with -v), else the open \
ones and a summary line; --json gives one object per port, then a summary object. \
SIGINT leaves every result so far and the summary. Exit 0 only when every port is \
open (on some address of HOST).

--ping connects to HOST PORT again and again, -i apart (default 1s), --count times \
(default until Ctrl-C), each attempt timed and reported (open, closed or filtered as \
with -z; -w is each attempt's timeout, default the interval and at least 1s), then \
ping's summary (sent, connected, failed, min/avg/max/mdev); exit 0 when at least one \
attempt connected.

--progress shows the bytes each way and the current rate on stderr: redrawn in \
place while stderr is a terminal, one summary line otherwise, `progress` events \
under --json.

Relay options: -C sends each LF from stdin as CRLF; -i pauses between lines sent; \
--frame len32|len16|line sends each stdin line as one message (struct.pack('!I', n)) \
and writes each message received as one line; --send-only never reads the socket and \
ends at stdin's EOF after shutdown(SHUT_WR); --recv-only never reads stdin and sends \
no SHUT_WR (as ncat). Each moves only the direction it touches from splice/sendfile to \
recv/send. -o FILE logs both directions as a hex dump with timestamps, --log-json FILE \
as JSON Lines (bytes in hex). --heartbeat INTERVAL[,MISSES] sends --heartbeat-data \
(default a newline) when the connection is idle and declares a peer that stops \
answering dead (exit 4): the application-level check, next to --keepalive's TCP probes.

--tls wraps the connection after connect (ctx.wrap_socket(sock, server_hostname=HOST), \
do_handshake) and verifies the server by default: against the system's trust store, \
or only --cafile FILE; the name checked is HOST (a DNS name, or an IP address against \
the IP SANs) or --sni NAME. --pin sha256:HEX accepts exactly that certificate; a \
--cafile or --pin certificate made by `openssl req -x509` (CA:TRUE) is accepted. \
--insecure connects anyway and lists every problem on stderr. A failed handshake or \
verification is exit 5, with every reason. The relay is the same: stdin's EOF sends \
close_notify, then shutdown(SHUT_WR); the peer's close_notify is its FIN, and a peer \
that closes TCP without one is a warning. --starttls smtp|imap|pop3 upgrades a \
plain-text session first (EHLO/STARTTLS, a1 STARTTLS, STLS).

Python equivalent:
  s = socket.create_connection((HOST, PORT), timeout)
  s.sendall(data); s.shutdown(socket.SHUT_WR); s.recv(65536)",
    after_long_help = "\
Examples:
  printf 'GET / HTTP/1.0\\r\\n\\r\\n' | sockx connect 127.0.0.1 80
  sockx connect -z 127.0.0.1 1-65535        every port: the open ones and a summary
  sockx connect --proxy 127.0.0.1:1080 db.internal 5432   through a SOCKS5 proxy
  sockx --trace connect -x 127.0.0.1 50007  every call and every byte"
)]
pub struct ConnectArgs {
    /// HOST PORT or HOST:PORT (with -z: HOST PORTS or HOST:PORTS, e.g. 20-25,80)
    #[arg(value_name = "ADDRESS", num_args = 0..=2)]
    pub address: Vec<String>,

    /// Connect timeout and idle timeout (settimeout)
    #[arg(short = 'w', long = "timeout", value_name = "DURATION", value_parser = parse::duration)]
    pub timeout: Option<Duration>,

    /// Bind to ADDR[:PORT] before connect
    #[arg(short, long, value_name = "ADDR[:PORT]")]
    pub source: Option<String>,

    /// Set TCP_NODELAY (no Nagle delay for small writes)
    #[arg(long)]
    pub nodelay: bool,

    /// SO_KEEPALIVE with TCP_KEEPIDLE[,TCP_KEEPINTVL[,TCP_KEEPCNT]] (seconds, seconds, count)
    #[arg(long, value_name = "IDLE[,INTVL[,CNT]]", value_parser = parse::keepalive)]
    pub keepalive: Option<parse::Keepalive>,

    /// Zero-I/O probe: report each port open, closed or filtered (connect_ex)
    #[arg(short = 'z', long = "zero")]
    pub zero: bool,

    /// With -z: probes in flight at once (default 1000, lowered to fit RLIMIT_NOFILE)
    #[arg(long, value_name = "N", value_parser = parse::count)]
    pub concurrency: Option<u64>,

    /// Connect again and again, timing each connect, like ping
    #[arg(long, conflicts_with = "zero")]
    pub ping: bool,

    /// With --ping: stop after N attempts (default: until Ctrl-C). Long
    /// only: nc's -c runs a command, and no sockx option does
    #[arg(long = "count", value_name = "N", value_parser = parse::count)]
    pub count: Option<u64>,

    /// Connect to an AF_UNIX stream socket at PATH (@NAME: abstract namespace)
    #[arg(short = 'U', long = "unix", value_name = "PATH")]
    pub unix: Option<PathBuf>,

    /// Bytes per recv() call (default 128k)
    #[arg(long, value_name = "BYTES", value_parser = parse::size)]
    pub bufsize: Option<usize>,

    /// Hex dump of both directions on stderr
    #[arg(short = 'x', long)]
    pub hex: bool,

    /// Bytes each way and the current rate on stderr
    #[arg(long)]
    pub progress: bool,

    /// Connect through the proxy at HOST[:PORT] (default port 1080, 3128 for http)
    #[arg(long, value_name = "HOST[:PORT]", conflicts_with_all = ["zero", "unix"])]
    pub proxy: Option<String>,

    /// The proxy's protocol: socks5 (the target's name resolved by the proxy), socks4 (4a), http (CONNECT)
    #[arg(long, value_name = "TYPE", value_enum, default_value_t = ProxyType::Socks5, requires = "proxy")]
    pub proxy_type: ProxyType,

    /// USER:PASS for the proxy (socks5 username/password, http Basic)
    #[arg(long, value_name = "USER:PASS", requires = "proxy")]
    pub proxy_auth: Option<String>,
    /// Wrap the connection in TLS after connect (ssl.wrap_socket), verifying the server
    #[arg(long, help_heading = "TLS")]
    pub tls: bool,

    #[command(flatten)]
    pub tls_opts: super::ClientTls,

    #[command(flatten)]
    pub relay: super::RelayOpts,

    #[command(flatten)]
    pub heartbeat: super::HeartbeatOpts,

    #[command(flatten)]
    pub global: super::GlobalOpts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ProxyType {
    Socks5,
    Socks4,
    Http,
}

#[derive(Debug, Args)]
#[command(
    about = "UDP client: send each MESSAGE (or each stdin line) as one datagram (sendto)",
    override_usage = "sockx udp-send [OPTIONS] <HOST> <PORT> [MESSAGE]...\n       sockx udp-send [OPTIONS] <HOST>:<PORT> [MESSAGE]...\n       sockx udp-send [OPTIONS] -U <PATH> [MESSAGE]...",
    long_about = "\
UDP client: no connection, each datagram carries its destination. Each MESSAGE \
argument is one datagram; without messages, each line of stdin is one datagram \
(newline removed); with --raw, each read of stdin (at most --bufsize bytes) is one \
datagram, so a packet-mode pipe keeps its boundaries.

The first argument is HOST:PORT when it has one colon (localhost:9999) or is a \
bracketed IPv6 literal with a port ([::1]:9999): every argument after it is then a \
MESSAGE. Otherwise the first two are HOST and PORT (a bare ::1 is a HOST). An empty \
HOST is invalid input (exit 2).

Calls, in order: getaddrinfo, socket(SOCK_DGRAM), setsockopt(SO_BROADCAST) with \
--broadcast, bind with -s, then sendto for each datagram (with --raw and no --trace, \
batches of them through sendmmsg or UDP GSO); with --wait, connect before sending \
(send then replaces sendto) and recvfrom after it; close.

With --wait the socket is connected (connect on a datagram socket only sets the \
default peer) and replies are printed until it is quiet for that long, in udp-recv's \
format; an ICMP port-unreachable then surfaces as ECONNREFUSED, where nc stays silent.

--progress counts the datagrams and bytes sent (and replies' bytes) with the \
current rate on stderr: redrawn in place while stderr is a terminal, one summary \
line otherwise, `progress` events under --json.

Python equivalent:
  s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
  s.sendto(b'hello', (HOST, PORT))",
    after_long_help = "\
Examples:
  sockx udp-send 127.0.0.1 9999 hello world     two datagrams
  printf 'a\\nb\\n' | sockx udp-send 127.0.0.1 9999   one datagram per line
  sockx udp-send --wait 1s 127.0.0.1 9999 ping  print the replies
  sockx udp-send --count 10 --interval 100ms 127.0.0.1 9999 tick"
)]
pub struct UdpSendArgs {
    /// HOST PORT or HOST:PORT, then the messages
    #[arg(value_name = "ARGS", num_args = 0.., allow_hyphen_values = false)]
    pub args: Vec<String>,

    /// Each read of stdin (up to --bufsize bytes) is one datagram, bytes untouched
    #[arg(long)]
    pub raw: bool,

    /// Send the messages N times
    #[arg(long, value_name = "N", value_parser = parse::count)]
    pub count: Option<u64>,

    /// Pause between datagrams
    #[arg(long, value_name = "DURATION", value_parser = parse::duration)]
    pub interval: Option<Duration>,

    /// Then print replies (recvfrom) until quiet this long
    #[arg(long, value_name = "DURATION", value_parser = parse::duration)]
    pub wait: Option<Duration>,

    /// Set SO_BROADCAST (needed to send to a broadcast address)
    #[arg(long)]
    pub broadcast: bool,

    /// Send to an AF_UNIX datagram socket at PATH
    #[arg(short = 'U', long = "unix", value_name = "PATH")]
    pub unix: Option<PathBuf>,

    /// Largest datagram read from stdin with --raw (default: the largest UDP payload, 65507 over IPv4, 65527 over IPv6), and the reply buffer
    #[arg(long, value_name = "BYTES", value_parser = parse::size)]
    pub bufsize: Option<usize>,

    /// Bind to ADDR[:PORT] before sending
    #[arg(short, long, value_name = "ADDR[:PORT]")]
    pub source: Option<String>,

    /// Datagrams and bytes sent, and the current rate, on stderr
    #[arg(long)]
    pub progress: bool,

    #[command(flatten)]
    pub global: super::GlobalOpts,
}

#[derive(Debug, Args)]
#[command(
    about = "UDP server: bind and print each datagram with its sender (recvfrom)",
    override_usage = "sockx udp-recv [OPTIONS] [HOST] <PORT>\n       sockx udp-recv [OPTIONS] [HOST]:<PORT>\n       sockx udp-recv [OPTIONS] -U <PATH>",
    long_about = "\
UDP server: bind a port and print each datagram with its sender and size; bytes \
that are not printable are escaped. --raw writes only the payload bytes, untouched. \
HOST defaults to all interfaces; HOST:PORT in one argument works too (127.0.0.1:9999, \
[::1]:9999, :9999); an empty HOST ('') is invalid input (exit 2).

Calls, in order: socket(SOCK_DGRAM), setsockopt(SO_REUSEPORT) with --reuseport, \
bind, getsockname, setsockopt(SO_RCVBUFFORCE or SO_RCVBUF), then recvfrom in a loop \
(sendto back to the sender with --echo/--upper), close.

A datagram larger than --bufsize is reported as truncated with its real length (MSG_TRUNC), never silently cut \
(with --raw the payload stays as it came and the report goes to stderr, even with -q). The receive buffer \
is enlarged (SO_RCVBUFFORCE when permitted, else SO_RCVBUF) so bursts are not dropped. \
SO_REUSEADDR is not set: on UDP it would let a second receiver silently take the \
datagrams; --reuseport shares a port on purpose. Without --trace, datagrams are taken in \
recvmmsg batches; with --trace, one recvfrom per datagram, as a Python loop does.

-w exits 0 when nothing arrived for that long (4 only when -c N was given and fewer \
than N datagrams came). --progress counts datagrams and bytes on stderr (redrawn on \
a terminal, a summary line otherwise, `progress` events under --json).

Python equivalent:
  s = socket.socket(AF_INET, SOCK_DGRAM); s.bind((HOST, PORT))
  data, addr = s.recvfrom(65535)",
    after_long_help = "\
Examples:
  sockx udp-recv 127.0.0.1 9999            print datagrams as they come
  sockx udp-recv -c 1 --json 127.0.0.1 0   one datagram as JSON
  sockx udp-recv --upper 127.0.0.1 9999    reply upper-cased (sendto)
  sockx udp-recv --bufsize 16 127.0.0.1 9999   see MSG_TRUNC at work"
)]
pub struct UdpRecvArgs {
    /// [HOST] PORT or [HOST]:PORT: address to bind (default all interfaces) and port (0 = any free port)
    #[arg(value_name = "ADDRESS", num_args = 0..=2)]
    pub address: Vec<String>,

    /// Exit after N datagrams
    #[arg(short = 'c', long, value_name = "N", value_parser = parse::count)]
    pub count: Option<u64>,

    /// Exit when no datagram arrived for this long
    #[arg(short = 'w', long = "timeout", value_name = "DURATION", value_parser = parse::duration)]
    pub timeout: Option<Duration>,

    /// Write payload bytes only, untouched, to stdout
    #[arg(long)]
    pub raw: bool,

    /// Send each datagram back to its sender
    #[arg(long, conflicts_with = "upper")]
    pub echo: bool,

    /// Send each datagram back upper-cased (ASCII letters, like bytes.upper())
    #[arg(long)]
    pub upper: bool,

    /// recvfrom buffer size; larger datagrams are reported truncated (default 65535)
    #[arg(long, value_name = "BYTES", value_parser = parse::size)]
    pub bufsize: Option<usize>,

    /// Bind an AF_UNIX datagram socket at PATH (@NAME: abstract namespace)
    #[arg(short = 'U', long = "unix", value_name = "PATH")]
    pub unix: Option<PathBuf>,

    /// Set SO_REUSEPORT before bind
    #[arg(long)]
    pub reuseport: bool,

    /// Datagram and byte counts and the current rate on stderr
    #[arg(long)]
    pub progress: bool,

    #[command(flatten)]
    pub global: super::GlobalOpts,
}

#[derive(Debug, Args)]
#[command(
    about = "UDP chat room client (the seeds' protocol): join as NAME, send stdin lines",
    override_usage = "sockx chat [OPTIONS] --name <NAME> <HOST> <PORT>\n       sockx chat [OPTIONS] --name <NAME> <HOST>:<PORT>",
    long_about = "\
The UDP chat room client of the seeds. Sends NAME as its first datagram, then each \
line of stdin as `NAME:line`, and prints each datagram that arrives on stdout while \
you type: one poll() waits on stdin and the socket, as the seed's two threads did.

Calls, in order: getaddrinfo, socket(SOCK_DGRAM), sendto(NAME), then sendto for \
each line and recvfrom for each datagram that arrives, sendto(q), close.

 Printed datagrams are escaped like every \
rendering (control characters and bytes that are not UTF-8 as \\xNN). A line \
`q`, or stdin EOF (a last line without a newline is still sent), sends the \
datagram `q` and leaves with status 0; SIGINT or SIGTERM also send `q`, then exit \
130 or 143.

Under --json, each datagram sent is a `sent` event and each one received also a \
`chat` event on stderr, classified by the protocol's shapes: `NAME: 加入了群聊` \
(join), `NAME：离开了聊天室` (leave), `NAME:text` (message).

Python equivalent (the seed's client):
  c = socket.socket(AF_INET, SOCK_DGRAM); c.sendto(name.encode(), addr)
  c.sendto(f'{name}:{line}'.encode(), addr); data = c.recv(1024)",
    after_long_help = "\
Examples:
  sockx chat-server 127.0.0.1 8000 &     the room (see sockx-chat-server(1))
  sockx chat --name alice 127.0.0.1 8000  join as alice, type lines, q leaves
  sockx --trace chat --name bob 127.0.0.1 8000   the same, every sendto and recvfrom"
)]
pub struct ChatArgs {
    /// HOST PORT or HOST:PORT: the chat server
    #[arg(value_name = "ADDRESS", num_args = 1..=2, required = true)]
    pub address: Vec<String>,

    /// Your name in the room (sent as the first datagram)
    #[arg(long, value_name = "NAME")]
    pub name: String,

    #[command(flatten)]
    pub global: super::GlobalOpts,
}

#[derive(Debug, Args)]
#[command(
    about = "UDP chat room server (the seeds' protocol): relay each message to the others",
    override_usage = "sockx chat-server [OPTIONS] [HOST] <PORT>\n       sockx chat-server [OPTIONS] [HOST]:<PORT>",
    long_about = "\
The UDP chat room server of the seeds. Binds (HOST defaults to all interfaces, \
0.0.0.0, or :: with -6; PORT 0 picks a free port, shown in the listening line), \
then keeps {address: name} in join order.

Calls, in order: socket(SOCK_DGRAM), bind, getsockname, then recvfrom for each \
datagram and sendto for each member it is relayed to, close.

Protocol: a new member's first datagram is its \
name, and the members already there get `NAME: 加入了群聊`; every other datagram \
is relayed, bytes untouched, to all members but the sender; `q` removes the \
member and the others get `NAME：离开了聊天室` (full-width colon). Datagrams up to \
64 KiB are relayed whole (the seed's recvfrom(1024) cut longer ones). At most \
10000 members: beyond that newcomers are ignored, with a warning.

Joins, leaves and messages are printed on stderr, escaped: a datagram that is \
not UTF-8 is still relayed untouched but shown with \\xNN escapes. Under --json \
they are `chat` events {kind, from, name, text, hex?}: `text` is null for bytes \
that are not UTF-8, and `hex` then has them.

SIGINT or SIGTERM end the server at once: the socket is closed and the exit \
status is 130 or 143. The members are not told (the protocol has no datagram for \
that).

Python equivalent (the seed's server):
  data, addr = server.recvfrom(1024)
  for a in userdic: server.sendto(data, a)",
    after_long_help = "\
Examples:
  sockx chat-server 127.0.0.1 8000      the seeds' room, on loopback
  sockx --json chat-server 127.0.0.1 0  a free port; joins, leaves and messages as JSON
  sockx -6 chat-server 9000             all IPv6 interfaces"
)]
pub struct ChatServerArgs {
    /// [HOST] PORT or [HOST]:PORT: address to bind (default all interfaces) and port (0 = any free port)
    #[arg(value_name = "ADDRESS", num_args = 1..=2)]
    pub address: Vec<String>,

    #[command(flatten)]
    pub global: super::GlobalOpts,
}
