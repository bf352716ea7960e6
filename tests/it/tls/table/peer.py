# The python3 TLS peer: `ROLE PORT HOW SEND_FILE CHAIN KEY ROOT`. It runs
# TLS over a MemoryBIO so that close_notify, FIN and RST each happen
# exactly when HOW says (SSLSocket.unwrap() would wait for ours). It
# prints `recv N SHA256 ERRORS sent N SHA256` on stdout, and `port N`,
# `fin`, `flowing` on stderr. SEND_FILE `gen:N:SEED` sends N bytes from
# random.Random(SEED) instead of a file. Every wait is bounded (120 s).
import hashlib, os, random, select, signal, socket, ssl, struct, sys, time
role, port, how, send_path, chain, key, root = sys.argv[1:8]
def say(*a):
    print(*a, file=sys.stderr, flush=True)
end_at = time.time() + 120
small = how in ("rst", "killed")
if role == "server":
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if small:
        ls.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16384)
    ls.bind(("127.0.0.1", 0))
    ls.listen(4)
    ls.settimeout(60)
    say("port", ls.getsockname()[1])
    c, _ = ls.accept()
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(chain, key)
else:
    c = socket.socket()
    if small:
        c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16384)
    c.settimeout(60)
    c.connect(("127.0.0.1", int(port)))
    ctx = ssl.create_default_context(cafile=root)
inc, out = ssl.MemoryBIO(), ssl.MemoryBIO()
obj = ctx.wrap_bio(inc, out, server_side=role == "server",
                   server_hostname=None if role == "server" else "localhost")
c.setblocking(False)
wbuf = bytearray()
rbuf = bytearray()
tcp_eof = eof_fed = False
h = hashlib.sha256()
n = 0
errs = []
def io(rd):
    global tcp_eof
    wbuf.extend(out.read())
    r = [c] if rd and not tcp_eof else []
    w = [c] if wbuf else []
    if not r and not w:
        return
    if time.time() > end_at:
        raise TimeoutError("peer deadline")
    rr, ww, _ = select.select(r, w, [], 1.0)
    if ww:
        del wbuf[:c.send(wbuf)]
    if rr:
        d = c.recv(262144)
        if d:
            rbuf.extend(d)
        else:
            tcp_eof = True
def feed():
    # Records reach OpenSSL only when we read: unwrap() reads whatever is
    # in `inc`, and application data there is an error after close_notify.
    global eof_fed
    if rbuf:
        inc.write(bytes(rbuf))
        rbuf.clear()
    if tcp_eof and not eof_fed:
        inc.write_eof()
        eof_fed = True
while True:
    try:
        obj.do_handshake()
        break
    except ssl.SSLWantReadError:
        # One record at a time: what follows the handshake waits in rbuf.
        if len(rbuf) >= 5 and len(rbuf) >= 5 + int.from_bytes(rbuf[3:5], "big"):
            k = 5 + int.from_bytes(rbuf[3:5], "big")
            inc.write(bytes(rbuf[:k]))
            del rbuf[:k]
        elif tcp_eof:
            sys.exit("EOF during the handshake")
        else:
            io(True)
sh = hashlib.sha256()
sent = [0]
def chunks():
    if send_path.startswith("gen:"):
        _, left, seed = send_path.split(":")
        left, rnd = int(left), random.Random(int(seed))
        while left > 0:
            k = min(left, 65536)
            left -= k
            yield rnd.randbytes(k)
    else:
        with open(send_path, "rb") as f:
            while True:
                k = f.read(65536)
                if not k:
                    return
                yield k
def drive(send=False, recv=False, limit=None, notify=True, stream=False):
    global n
    data = open(send_path, "rb").read() if stream else b""
    src = chunks() if send else None
    off = 0
    sending = send or stream
    closed = not send
    fin = False
    reading = recv
    told = False
    while True:
        while sending and len(wbuf) + out.pending < (1 << 20):
            if stream:
                k = data[off:off + 65536]
                obj.write(k)
                off = (off + len(k)) % len(data)
            else:
                k = next(src, None)
                if k is None:
                    sending = False
                else:
                    obj.write(k)
                    sh.update(k)
                    sent[0] += len(k)
        if not sending and not closed:
            if notify:
                try:
                    obj.unwrap()
                except ssl.SSLWantReadError:
                    pass
            closed = fin = True
        wbuf.extend(out.read())
        if fin and not wbuf:
            c.shutdown(socket.SHUT_WR)
            fin = False
            say("fin")
        if reading:
            feed()
        while reading:
            try:
                d = obj.read(262144)
            except ssl.SSLWantReadError:
                break
            except (ssl.SSLZeroReturnError, ssl.SSLEOFError):
                d = b""
            if not d:
                reading = False
                break
            h.update(d)
            n += len(d)
            if how == "sink" and n >= 65536 and not told:
                say("flowing")
                told = True
            if limit is not None and n >= limit:
                reading = False
        if stream and not told and off > 0:
            say("flowing")
            told = True
        if not reading and not sending and closed and not fin and not wbuf:
            return
        io(reading)
def guard(f, **kw):
    try:
        f(**kw)
    except (OSError, ssl.SSLError) as e:
        errs.append(e.__class__.__name__)
def report():
    print("recv", n, h.hexdigest(), ",".join(errs) or "-", "sent", sent[0], sh.hexdigest(), flush=True)
def rst():
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close()
if how == "stdin-first":
    guard(drive, recv=True); guard(drive, send=True); report()
elif how == "peer-first":
    guard(drive, send=True); guard(drive, recv=True); report()
elif how == "both":
    guard(drive, send=True, recv=True); report()
elif how == "no-close-notify":
    guard(drive, send=True, recv=True, notify=False); report()
elif how == "rst":
    guard(drive, recv=True, limit=65536); report(); rst()
elif how == "killed":
    guard(drive, recv=True, limit=65536); report(); os.kill(os.getpid(), signal.SIGKILL)
elif how == "stream":
    guard(drive, stream=True)
elif how == "sink":
    guard(drive, recv=True)
c.close()
