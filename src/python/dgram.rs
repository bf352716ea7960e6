//! `--python` for the UDP commands: `udp-send` (sendto per message or
//! line, `--count`, `--interval`, `--wait`, `--broadcast`, `-s`),
//! `udp-recv` (recvfrom with MSG_TRUNC, `-c`, `-w`, `--raw`, `--echo`,
//! `--upper`) and the seeds' chat room (`chat`, `chat-server`).

use super::stream::{bind_steps, port};
use super::{FAIL, Prog, family, s, unsupported};
use crate::cli::{ChatArgs, ChatServerArgs, UdpRecvArgs, UdpSendArgs};
use crate::cmd::Ctx;
use crate::error::{Error, Result};
use crate::net::target;

/// `127.0.0.1:5353 5 bytes: hello`, as sockx prints a datagram.
const SHOW: &str = r#"
def show(addr, data, n):
    """One datagram as sockx prints it: sender, size, the bytes."""
    size = '%d bytes' % n if n == len(data) else '%d bytes, truncated to %d (MSG_TRUNC)' % (n, len(data))
    host = '[%s]' % addr[0] if ':' in addr[0] else addr[0]
    text = data.decode('utf-8', 'backslashreplace')
    print('%s:%d %s: %s' % (host, addr[1], size, text), flush=True)
"#;

/// Steps that resolve HOST PORT for a datagram socket into `sockaddr`.
fn resolve_peer(p: &mut Prog, host: &str, port_expr: &str, ctx: &Ctx) {
    p.step("getaddrinfo(HOST, PORT): the server's address, for a UDP socket")
        .code(&format!(
            "try:
    family, type_, proto, _, sockaddr = socket.getaddrinfo({}, {port_expr}, {}, socket.SOCK_DGRAM)[0]
except socket.gaierror as e:
    fail('getaddrinfo', e)",
            s(host),
            family(ctx.family)
        ))
        .step("socket(family, SOCK_DGRAM): a UDP socket (no connection: each sendto names the peer)")
        .code("sock = socket.socket(family, type_, proto)");
}

pub fn udp_send(a: &UdpSendArgs, ctx: &Ctx) -> Result<String> {
    for (on, opt) in [
        (a.unix.is_some(), "-U"),
        (a.progress, "--progress"),
        (a.raw, "--raw"),
    ] {
        if on {
            return Err(unsupported("udp-send", opt));
        }
    }
    let (host, port_text, messages) = target::peer_host_port(&a.args, "udp-send")?;
    let port_spec = target::port_arg(port_text)?;
    let source = a.source.as_deref().map(target::source_addr).transpose()?;
    let mut p = Prog::new();
    p.import("sys").helper(FAIL);
    resolve_peer(&mut p, &host, &port(&port_spec, "udp"), ctx);
    if a.broadcast {
        p.code("sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)  # --broadcast");
    }
    if let Some(src) = &source {
        p.code(&format!(
            "sock.bind({})  # -s: the source address",
            src.py()
        ));
    }
    if a.wait.is_some() {
        p.code("sock.connect(sockaddr)  # --wait: connected, so an ICMP port unreachable is reported (ECONNREFUSED)");
    }
    let send = if a.wait.is_some() {
        "sock.send(data)                    # send(fd, data)"
    } else {
        "sock.sendto(data, sockaddr)        # sendto(fd, data, sockaddr)"
    };
    let pause = a.interval.map_or(String::new(), |d| {
        p.import("time");
        format!("time.sleep({})  # --interval", d.as_secs_f64())
    });
    if messages.is_empty() {
        p.step("sendto(): each line of stdin is one datagram (without its newline)")
            .code(&format!(
                "for line in sys.stdin.buffer:
    data = line[:-1] if line.endswith(b'\\n') else line
    {send}{}",
                if pause.is_empty() {
                    String::new()
                } else {
                    format!("\n    {pause}")
                }
            ));
    } else {
        let list: Vec<String> = messages.iter().map(|m| s(m)).collect();
        let mut lines = format!(
            "for message in [{}]:\n    data = message.encode()\n    {send}",
            list.join(", ")
        );
        if !pause.is_empty() {
            lines.push_str(&format!("\n    {pause}"));
        }
        if let Some(n) = a.count {
            // --count N: the whole list N times.
            let inner: Vec<String> = lines.lines().map(|l| format!("    {l}")).collect();
            lines = format!("for _ in range({n}):\n{}", inner.join("\n"));
        }
        p.step("sendto(): each MESSAGE is one datagram")
            .code(&lines);
    }
    if let Some(w) = a.wait {
        p.helper(SHOW)
            .step("recv(): print the replies until none came for --wait")
            .code(&format!(
                "sock.settimeout({})
while True:
    try:
        data = sock.recv({})
    except socket.timeout:
        break
    except OSError as e:
        fail('recv', e)
    show(sockaddr, data, len(data))",
                w.as_secs_f64(),
                a.bufsize.unwrap_or(65535)
            ));
    }
    p.step("close()").code("sock.close()");
    Ok(p.finish("A UDP client: one sendto() per datagram."))
}

pub fn udp_recv(a: &UdpRecvArgs, ctx: &Ctx) -> Result<String> {
    for (on, opt) in [(a.unix.is_some(), "-U"), (a.progress, "--progress")] {
        if on {
            return Err(unsupported("udp-recv", opt));
        }
    }
    let (host, port_spec) = target::host_port(&a.address, false, "udp-recv")?;
    let port_spec = port_spec.ok_or_else(|| Error::usage("udp-recv needs a PORT"))?;
    let mut p = Prog::new();
    p.import("sys").helper(FAIL).helper(SHOW);
    bind_steps(
        &mut p,
        host.as_deref(),
        &port(&port_spec, "udp"),
        ctx,
        "socket.SOCK_DGRAM",
        false,
        a.reuseport,
    );
    p.code(
        "host, port = server.getsockname()[:2]   # getsockname(fd)
print('listening on %s:%d' % (host, port), file=sys.stderr, flush=True)",
    );
    if let Some(t) = a.timeout {
        p.code(&format!(
            "server.settimeout({})  # -w: stop when nothing arrived for this long",
            t.as_secs_f64()
        ));
    }
    let bufsize = a.bufsize.unwrap_or(65535);
    let out = if a.raw {
        "sys.stdout.buffer.write(data)\n    sys.stdout.buffer.flush()"
    } else {
        "show(addr, data, n)"
    };
    let reply = match (a.echo, a.upper) {
        (true, _) => "\n    server.sendto(data, addr)          # sendto(fd, data, sender): --echo",
        (_, true) => "\n    server.sendto(data.upper(), addr)  # sendto(fd, data, sender): --upper",
        _ => "",
    };
    let (limit, after) = match a.count {
        Some(n) => (
            format!("range({n})"),
            format!("sys.exit(0 if got == {n} else 4)  # -c: fewer than N by -w is a timeout"),
        ),
        None => ("iter(int, 1)".to_string(), "sys.exit(0)".to_string()),
    };
    p.step("recvfrom(): one datagram and its sender per call (MSG_TRUNC: its real length)")
        .code(&format!(
            "buf = bytearray({bufsize})
got = 0
for _ in {limit}:
    try:
        n, addr = server.recvfrom_into(buf, {bufsize}, socket.MSG_TRUNC)  # recvfrom(fd, {bufsize}, MSG_TRUNC)
    except socket.timeout:
        break
    data = bytes(buf[:min(n, {bufsize})])
    got += 1
    {out}{reply}
server.close()
{after}"
        ));
    Ok(p.finish("A UDP server: print every datagram with its sender."))
}

pub fn chat(a: &ChatArgs, ctx: &Ctx) -> Result<String> {
    let (host, port_text, rest) = target::peer_host_port(&a.address, "chat")?;
    if !rest.is_empty() {
        return Err(Error::usage("chat takes HOST PORT or HOST:PORT"));
    }
    let port_spec = target::port_arg(port_text)?;
    let mut p = Prog::new();
    p.import("os")
        .import("sys")
        .import("selectors")
        .helper(FAIL);
    resolve_peer(&mut p, &host, &port(&port_spec, "udp"), ctx);
    p.step("sendto(NAME): the first datagram joins the room under this name")
        .code(&format!(
            "NAME = {}\nsock.sendto(NAME.encode(), sockaddr)",
            s(&a.name)
        ))
        .step("select() on stdin and the socket: show what arrives while the user types")
        .code(
            "sel = selectors.SelectSelector()
sel.register(sock, selectors.EVENT_READ)
sel.register(sys.stdin.fileno(), selectors.EVENT_READ)
pending, done = b'', False
while not done:
    for key, _ in sel.select():
        if key.fileobj is sock:
            data, addr = sock.recvfrom(65536)          # recvfrom(fd, 65536)
            print(data.decode('utf-8', 'backslashreplace'), flush=True)
            continue
        chunk = os.read(sys.stdin.fileno(), 65536)     # what was typed (or piped)
        pending += chunk
        lines = pending.split(b'\\n')
        pending = lines.pop()                          # a line not finished yet
        if not chunk:                                  # EOF: the last line, then leave
            lines, pending, done = lines + [pending] * (pending != b''), b'', True
        for text in lines:
            if text == b'q':                           # q: leave
                done = True
                break
            sock.sendto(NAME.encode() + b':' + text, sockaddr)  # sendto(fd, b'NAME:text', server)
        if done:
            break",
        )
        .step("sendto(b'q'): leave the room, then close()")
        .code("sock.sendto(b'q', sockaddr)\nsock.close()");
    Ok(p.finish("The seeds' UDP chat client: join as NAME, send stdin lines, q leaves."))
}

pub fn chat_server(a: &ChatServerArgs, ctx: &Ctx) -> Result<String> {
    let (host, port_spec) = target::host_port(&a.address, false, "chat-server")?;
    let port_spec = port_spec.ok_or_else(|| Error::usage("chat-server needs a PORT"))?;
    let mut p = Prog::new();
    p.import("sys");
    bind_steps(
        &mut p,
        host.as_deref(),
        &port(&port_spec, "udp"),
        ctx,
        "socket.SOCK_DGRAM",
        false,
        false,
    );
    p.code(
        "host, port = server.getsockname()[:2]   # getsockname(fd)
print('listening on %s:%d' % (host, port), file=sys.stderr, flush=True)",
    )
    .step("recvfrom() in a loop: a newcomer's first datagram is its name, q leaves, the rest is relayed")
    .code(
        "JOINED = ': 加入了群聊'.encode()
LEFT = '：离开了聊天室'.encode()
members = {}  # {address: name}, in join order
while True:
    data, addr = server.recvfrom(65536)                # recvfrom(fd, 65536)
    if addr not in members:
        for member in members:                         # tell the others
            server.sendto(data + JOINED, member)
        members[addr] = data
        print('%s joined from %s' % (data.decode('utf-8', 'backslashreplace'), addr), file=sys.stderr, flush=True)
        continue
    if data == b'q':
        name = members.pop(addr)
        for member in members:
            server.sendto(name + LEFT, member)
        print('%s left' % name.decode('utf-8', 'backslashreplace'), file=sys.stderr, flush=True)
        continue
    for member in members:                             # everyone but the sender
        if member != addr:
            server.sendto(data, member)                # sendto(fd, data, member)",
    );
    Ok(p.finish("The seeds' UDP chat room server: relay each message to the others."))
}
