//! `--python` for the TCP commands: `listen` (one connection, `-k`, the
//! `--echo`/`--upper` server) and `connect` (create_connection with
//! `-w`, `-s`, `--nodelay`, `--keepalive`; `-z` as connect_ex per port).

use super::{FAIL, Prog, family, s, unsupported};
use crate::cli::parse::{self, PortSpec};
use crate::cli::{ConnectArgs, ListenArgs};
use crate::cmd::Ctx;
use crate::error::{Error, Result};
use crate::net::{addr, target};

/// stdin to the socket and the socket to stdout, half-close on stdin's end.
const RELAY: &str = r#"
def relay(conn, bufsize, idle):
    """Copy stdin to conn and conn to stdout until both directions are done.

    Each direction ends on its own, as in sockx: stdin's end is passed on as
    shutdown(SHUT_WR) (our FIN) while the peer's data is still read, and the
    peer's FIN ends only what it sends. A terminal on stdin ends with the
    peer, as with nc.
    """
    sel = selectors.SelectSelector()  # select() also takes a regular file
    sel.register(conn, selectors.EVENT_READ)
    sel.register(sys.stdin.fileno(), selectors.EVENT_READ)
    sending, receiving = True, True
    while sending or receiving:
        ready = sel.select(idle)
        if not ready:
            fail('relay', socket.timeout('idle for %s s' % idle))
        for key, _ in ready:
            if key.fileobj is conn:
                data = conn.recv(bufsize)          # recv(fd, bufsize)
                if data:
                    sys.stdout.buffer.write(data)
                    sys.stdout.buffer.flush()
                    continue
                receiving = False                  # = 0: the peer's FIN
                sel.unregister(conn)
                if sys.stdin.isatty():
                    return
            else:
                data = os.read(sys.stdin.fileno(), bufsize)
                if data:
                    conn.sendall(data)             # send(fd, ...) until all is sent
                    continue
                sending = False                    # stdin ended:
                conn.shutdown(socket.SHUT_WR)      # shutdown(fd, SHUT_WR): our FIN
                sel.unregister(sys.stdin.fileno())
"#;

/// Python's expression for a port argument (a service name is looked up).
pub fn port(p: &PortSpec, proto: &str) -> String {
    match p {
        PortSpec::Num(n) => n.to_string(),
        PortSpec::Name(n) => format!("socket.getservbyname({}, {})", s(n), s(proto)),
    }
}

/// Steps that make `server` a bound socket of `socktype` ("socket.SOCK_STREAM"),
/// as sockx binds: the wildcard without HOST, a numeric address as given, a
/// name through getaddrinfo(AI_PASSIVE).
pub fn bind_steps(
    p: &mut Prog,
    host: Option<&str>,
    port_expr: &str,
    ctx: &Ctx,
    socktype: &str,
    reuseaddr: bool,
    reuseport: bool,
) {
    let (fam, host_expr) = match host {
        None if ctx.family == libc::AF_INET6 => ("socket.AF_INET6".to_string(), s("::")),
        None => ("socket.AF_INET".to_string(), s("0.0.0.0")),
        Some(h) => match addr::numeric_ip(h) {
            Some((ip, _)) if ip.is_ipv6() => ("socket.AF_INET6".to_string(), s(h)),
            Some(_) => ("socket.AF_INET".to_string(), s(h)),
            None => {
                p.step("getaddrinfo: the address of HOST to bind (AI_PASSIVE)")
                    .code(&format!(
                        "family, _, _, _, sockaddr = socket.getaddrinfo({}, {port_expr}, {}, {socktype}, 0, socket.AI_PASSIVE)[0]",
                        s(h),
                        family(ctx.family)
                    ));
                ("family".to_string(), "sockaddr[0]".to_string())
            }
        },
    };
    p.step(&format!(
        "socket({}, {}): a new socket",
        fam.trim_start_matches("socket."),
        socktype.trim_start_matches("socket.")
    ))
    .code(&format!("server = socket.socket({fam}, {socktype})"));
    if reuseaddr {
        p.step("setsockopt(SO_REUSEADDR): bind again at once after a restart (TIME_WAIT)")
            .code("server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)");
    }
    if reuseport {
        p.step("setsockopt(SO_REUSEPORT): other sockets may bind the same port (--reuseport)")
            .code("server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)");
    }
    p.step("bind((HOST, PORT)): the address and port (port 0: the kernel picks a free one)")
        .code(&format!("server.bind(({host_expr}, {port_expr}))"));
}

/// Prints `listening on HOST:PORT` (or the path) on stderr, as sockx does:
/// after listen(), so a client that waits for the line is never refused.
const ANNOUNCE: &str = "where = server.getsockname()               # getsockname(fd)
if isinstance(where, tuple):
    where = '%s:%d' % where[:2]
print('listening on %s' % (where or '(unnamed)',), file=sys.stderr, flush=True)";

pub fn listen(a: &ListenArgs, ctx: &Ctx) -> Result<String> {
    let acl = !(a.access.allow.is_empty()
        && a.access.deny.is_empty()
        && a.access.allow_file.is_empty()
        && a.access.deny_file.is_empty());
    for (on, opt) in [
        (a.hex, "-x"),
        (a.progress, "--progress"),
        (a.max_conns.is_some(), "--max-conns"),
        (a.tls.tls, "--tls"),
        (acl, "--allow/--deny"),
    ] {
        if on {
            return Err(unsupported("listen", opt));
        }
    }
    let (host, port_spec) = target::host_port(&a.address, a.unix.is_some(), "listen")?;
    let mut p = Prog::new();
    p.import("sys").helper(FAIL);
    let idle = a
        .timeout
        .map_or("None".to_string(), |d| format!("{}", d.as_secs_f64()));
    match (&a.unix, &port_spec) {
        (Some(path), _) => {
            let to = addr::unix_addr(path)?;
            p.step("socket(AF_UNIX, SOCK_STREAM): a Unix stream socket")
                .code("server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)")
                .step("bind(PATH): the socket's name in the file system")
                .code(&format!("server.bind({})", to.py()));
        }
        (None, Some(port)) => {
            bind_steps(
                &mut p,
                host.as_deref(),
                &super::stream::port(port, "tcp"),
                ctx,
                "socket.SOCK_STREAM",
                true,
                a.reuseport,
            );
        }
        (None, None) => return Err(Error::usage("listen needs a PORT (or -U PATH)")),
    }
    p.step(&format!(
        "listen({}): up to {} finished handshakes wait for accept",
        a.backlog, a.backlog
    ))
    .code(&format!("server.listen({})", a.backlog))
    .code(ANNOUNCE);
    if let Some(t) = a.timeout {
        p.code(&format!(
            "server.settimeout({})  # -w: accept waits this long at most",
            t.as_secs_f64()
        ));
    }
    if a.echo || a.upper {
        echo_server(&mut p, a, &idle);
        return Ok(p.finish(&format!(
            "A TCP {} server: every byte that arrives goes back{}.",
            if a.upper { "upper-case" } else { "echo" },
            if a.upper {
                " upper-cased (bytes.upper())"
            } else {
                ""
            }
        )));
    }
    let bufsize = a.bufsize.unwrap_or(128 * 1024);
    p.import("os").import("selectors").helper(RELAY);
    p.step(if a.keep_open {
        "accept(): wait for a connection, serve it, then wait for the next (-k)"
    } else {
        "accept(): wait for one connection (blocks)"
    })
    .code(&format!(
        "while True:
    try:
        conn, addr = server.accept()       # accept(fd) = new fd, (peer address)
    except socket.timeout as e:
        fail('accept', e)
    print('connection from %s' % (addr,), file=sys.stderr, flush=True)
    # recv()/send(): the conversation, until the peer closes
    with conn:
        relay(conn, {bufsize}, {idle})
    # close(conn): the connection is done{}",
        if a.keep_open { "" } else { "\n    break" }
    ))
    .step("close(): no more connections")
    .code("server.close()");
    Ok(p.finish("A TCP server: stdin goes to the client, what it sends goes to stdout."))
}

/// The --echo/--upper server: one thread, a selector for every connection.
fn echo_server(p: &mut Prog, a: &ListenArgs, idle: &str) {
    p.import("selectors");
    let bufsize = a.bufsize.unwrap_or(64 * 1024);
    let reply = if a.upper { "data.upper()" } else { "data" };
    p.step("the link loop (accept) and the communication loop (recv/send) in one: select() says which socket is ready, so many callers are served at once")
        .code(&format!(
            "sel = selectors.DefaultSelector()
sel.register(server, selectors.EVENT_READ)
while True:
    ready = sel.select({idle}){idle_check}
    for key, _ in ready:
        if key.fileobj is server:
            conn, addr = server.accept()          # accept(fd) = new fd, (peer address)
            print('connection from %s' % (addr,), file=sys.stderr, flush=True)
            sel.register(conn, selectors.EVENT_READ){stop_accepting}
            continue
        conn = key.fileobj
        data = conn.recv({bufsize})                # recv(fd, {bufsize})
        if data:
            conn.sendall({reply})  # send(fd, ...): back to the sender
            continue
        sel.unregister(conn)                      # recv = 0: the peer's FIN
        conn.close()                              # close(fd){done}",
            idle_check = if idle == "None" {
                String::new()
            } else {
                "\n    if not ready:\n        fail('echo', socket.timeout('idle for %s s' % \"".to_string()
                    + idle
                    + "\"))"
            },
            stop_accepting = if a.keep_open {
                ""
            } else {
                "\n            sel.unregister(server)  # without -k: this one connection only"
            },
            done = if a.keep_open {
                ""
            } else {
                "\n        server.close()\n        sys.exit(0)"
            },
        ));
}

pub fn connect(a: &ConnectArgs, ctx: &Ctx) -> Result<String> {
    for (on, opt) in [
        (a.hex, "-x"),
        (a.progress, "--progress"),
        (a.tls, "--tls"),
        (a.proxy.is_some(), "--proxy"),
        (a.ping, "--ping"),
    ] {
        if on {
            return Err(unsupported("connect", opt));
        }
    }
    if let Some(path) = &a.unix {
        return connect_unix(a, path);
    }
    let source = a.source.as_deref().map(target::source_addr).transpose()?;
    let (host, ports, rest) = target::peer_host_port(&a.address, "connect")?;
    if !rest.is_empty() {
        return Err(Error::usage("connect takes HOST PORT or HOST:PORT"));
    }
    let mut p = Prog::new();
    p.import("sys").helper(FAIL);
    let fam = family(ctx.family);
    let timeout = a.timeout.map(|d| d.as_secs_f64().to_string());
    let mut prepare = String::new();
    if a.nodelay {
        prepare.push_str("    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # --nodelay: no Nagle delay\n");
    }
    if let Some(parse::Keepalive(k)) = &a.keepalive {
        prepare.push_str(
            "    sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)  # --keepalive\n",
        );
        for (name, v) in ["TCP_KEEPIDLE", "TCP_KEEPINTVL", "TCP_KEEPCNT"]
            .iter()
            .zip(k)
        {
            prepare.push_str(&format!(
                "    sock.setsockopt(socket.IPPROTO_TCP, socket.{name}, {v})\n"
            ));
        }
    }
    if let Some(src) = &source {
        prepare.push_str(&format!(
            "    sock.bind({})  # -s: the source address\n",
            src.py()
        ));
    }
    if let Some(t) = &timeout {
        prepare.push_str(&format!(
            "    sock.settimeout({t})  # -w: connect waits this long at most\n"
        ));
    }
    if a.zero {
        let list = parse::port_list(ports)
            .map_err(|r| Error::usage(parse::invalid("port list", ports, &r)))?;
        let exprs: Vec<String> = list.iter().map(|x| port(x, "tcp")).collect();
        p.import("errno")
            .step("for each port: getaddrinfo, socket, connect_ex (0 when open), close")
            .code(&format!(
                "closed = 0
for port in [{}]:
    family, type_, proto, _, sockaddr = socket.getaddrinfo({}, port, {fam}, socket.SOCK_STREAM)[0]
    sock = socket.socket(family, type_, proto)
{prepare}    rc = sock.connect_ex(sockaddr)         # connect(fd, sockaddr) = 0 or errno
    sock.close()
    if rc == 0:
        print('%d open' % port)
    else:
        closed += 1
        print('%d closed (%s)' % (port, errno.errorcode.get(rc, rc)))
sys.exit(1 if closed else 0)",
                exprs.join(", "),
                s(&host)
            ));
        return Ok(p.finish("A TCP port probe: connect_ex to each port, open or closed."));
    }
    let port_spec = target::port_arg(ports)?;
    let bufsize = a.bufsize.unwrap_or(128 * 1024);
    p.import("os").import("selectors").helper(RELAY);
    p.step("getaddrinfo(HOST, PORT): every address of HOST, for a TCP socket")
        .code(&format!(
            "try:
    infos = socket.getaddrinfo({}, {}, {fam}, socket.SOCK_STREAM)
except socket.gaierror as e:
    fail('getaddrinfo', e)",
            s(&host),
            port(&port_spec, "tcp")
        ))
        .step(
            "socket() and connect() to each address in turn, until one answers (create_connection)",
        )
        .code(&format!(
            "sock, err = None, None
for family, type_, proto, _, sockaddr in infos:
    sock = socket.socket(family, type_, proto)  # socket(family, SOCK_STREAM, 6)
{prepare}    try:
        sock.connect(sockaddr)                 # connect(fd, sockaddr) = 0
        break
    except OSError as e:
        err = e
        sock.close()
        sock = None
if sock is None:
    fail('connect', err)
sock.settimeout(None)
print('connected to %s' % (sock.getpeername(),), file=sys.stderr, flush=True)"
        ))
        .step("recv/send: stdin to the server, the server to stdout, until it closes")
        .code(&format!(
            "relay(sock, {bufsize}, {})",
            timeout.as_deref().unwrap_or("None")
        ))
        .step("close(): done")
        .code("sock.close()");
    Ok(p.finish("A TCP client: stdin goes to the server, what it sends goes to stdout."))
}

/// `connect -U PATH`: an AF_UNIX stream client.
fn connect_unix(a: &ConnectArgs, path: &std::path::Path) -> Result<String> {
    if !a.address.is_empty() {
        return Err(Error::usage("connect -U takes no HOST or PORT"));
    }
    if a.nodelay || a.keepalive.is_some() || a.source.is_some() || a.zero {
        return Err(Error::usage(
            "--nodelay, --keepalive, -s and -z apply to TCP, not to -U",
        ));
    }
    let to = addr::unix_addr(path)?;
    let timeout = a.timeout.map(|d| d.as_secs_f64().to_string());
    let mut p = Prog::new();
    p.import("sys")
        .import("os")
        .import("selectors")
        .helper(FAIL)
        .helper(RELAY);
    p.step("socket(AF_UNIX, SOCK_STREAM): a Unix stream socket")
        .code("sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)");
    if let Some(t) = &timeout {
        p.code(&format!(
            "sock.settimeout({t})  # -w: connect waits this long at most"
        ));
    }
    p.step("connect(PATH): the server's name in the file system")
        .code(&format!(
            "try:
    sock.connect({})
except OSError as e:
    fail('connect', e)
sock.settimeout(None)",
            to.py()
        ))
        .step("recv/send: stdin to the server, the server to stdout, until it closes")
        .code(&format!(
            "relay(sock, {}, {})",
            a.bufsize.unwrap_or(128 * 1024),
            timeout.as_deref().unwrap_or("None")
        ))
        .step("close(): done")
        .code("sock.close()");
    Ok(p.finish("A Unix-socket client: stdin goes to the server, what it sends goes to stdout."))
}
