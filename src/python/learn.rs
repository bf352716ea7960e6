//! `--python` for the teaching commands: errno (Python's errno module and
//! os.strerror) and socketpair (the sticky-packet lesson, with the same
//! verdict sockx prints).

use super::lookup::ROWS;
use super::{FAIL, Prog, s};
use crate::cli::{ErrnoArgs, PairTypeArg, SocketpairArgs};
use crate::error::{Error, Result};

fn result_prog() -> Prog {
    let mut p = Prog::new();
    p.import("sys").helper(FAIL).helper(ROWS);
    p
}

pub fn errno(a: &ErrnoArgs) -> Result<String> {
    let mut p = result_prog();
    p.import("errno").import("os");
    let q = match (&a.query, a.list) {
        (_, true) => {
            p.step("errno.errorcode: every errno name, with os.strerror's message")
                .code(
                    "for number, name in sorted(errno.errorcode.items()):
    print('%-16s %4d  %s' % (name, number, os.strerror(number)))",
                );
            return Ok(p.finish("Every errno name, number and message."));
        }
        (Some(q), _) => q.clone(),
        (None, _) if a.global.ipv4 => "-4".into(),
        (None, _) if a.global.ipv6 => "-6".into(),
        (None, _) => return Err(Error::usage("errno: give a NAME or NUMBER, or --list")),
    };
    let q = q.trim();
    if q.starts_with('-') || q.to_ascii_uppercase().starts_with("EAI_") {
        p.step("socket.EAI_*: getaddrinfo's error codes (negative numbers)")
            .code(&format!(
                "query = {}
codes = {{name: getattr(socket, name) for name in dir(socket) if name.startswith('EAI_')}}
name = next((n for n, v in codes.items() if str(v) == query or n == query.upper()), None)
if name is None:
    print('error: %s is not an EAI_ name or number' % query, file=sys.stderr)
    sys.exit(2)
rows(('name', name), ('number', codes[name]))",
                s(q)
            ));
    } else {
        p.step("errno: the name and number; os.strerror: the system's message")
            .code(&format!(
                "query = {}
number = int(query) if query.isdigit() else getattr(errno, query.upper(), None)
if number not in errno.errorcode:
    print('error: %s is not an errno name or number' % query, file=sys.stderr)
    sys.exit(2)
rows(('name', errno.errorcode[number]), ('number', number), ('message', os.strerror(number)))",
                s(q)
            ));
    }
    Ok(p.finish("An error code's name, number and message."))
}

pub fn socketpair(a: &SocketpairArgs) -> Result<String> {
    let ty = match a.socktype {
        PairTypeArg::Stream => "SOCK_STREAM",
        PairTypeArg::Dgram => "SOCK_DGRAM",
        PairTypeArg::Seqpacket => "SOCK_SEQPACKET",
    };
    let msgs: Vec<String> = a.messages.iter().map(|m| s(m)).collect();
    let bufsize = a.bufsize;
    let trunc = if ty == "SOCK_STREAM" {
        "0"
    } else {
        "socket.MSG_TRUNC"
    };
    let mut p = Prog::new();
    p.import("itertools").step(&format!(
        "socketpair(AF_UNIX, {ty}): two sockets, already connected to each other"
    ))
    .code(&format!(
        "a, b = socket.socketpair(socket.AF_UNIX, socket.{ty})
print('socketpair(AF_UNIX, {ty})')"
    ))
    .step("send(): one call per message, on the first socket")
    .code(&format!(
        "messages = [{}]
for i, m in enumerate(messages, 1):
    data = m.encode()
    a.sendall(data)                        # send(fd, data)
    print('send %-3d %5d bytes  %r' % (i, len(data), data))
a.shutdown(socket.SHUT_WR)                 # shutdown(fd, SHUT_WR): nothing more",
        msgs.join(", ")
    ))
    .step("recv(): on the other socket, until nothing is left; count what each call returned")
    .code(&format!(
        "b.setblocking(False)
buf = bytearray({bufsize})
recvs, got = 0, []
while True:
    try:
        n = b.recv_into(buf, {bufsize}, {trunc})   # recv(fd, {bufsize}) = bytes (real size with MSG_TRUNC)
    except BlockingIOError:
        break
    if n == 0 and (socket.{ty} == socket.SOCK_STREAM or recvs == len(messages)):
        break
    recvs += 1
    got.append((bytes(buf[:min(n, {bufsize})]), n > {bufsize}))
    cut = '  (cut from %d bytes: the rest is lost)' % n if n > {bufsize} else ''
    print('recv %-3d %5d bytes  %r%s' % (recvs, min(n, {bufsize}), got[-1][0], cut))
a.close()
b.close()"
    ))
    .step("compare: did each recv return one message (kept), several (merged), or part of one (cut)?")
    .code(
        "sent = [m.encode() for m in messages]
ends = set(itertools.accumulate(len(m) for m in sent))
starts = list(itertools.accumulate([0] + [len(d) for d, _ in got]))
if any(c for _, c in got):
    verdict = 'cut'
elif [d for d, _ in got] == sent:
    verdict = 'kept'
elif any(e in ends for s, (d, _) in zip(starts, got) for e in range(s + 1, s + len(d))):
    verdict = 'merged'
else:
    verdict = 'cut'
why = {
    'merged': 'a byte stream keeps no message boundaries: frame your messages (length prefix or delimiter)',
    'kept': 'this time; a byte stream does not promise it' if b.type == socket.SOCK_STREAM else 'one recv, one message',
    'cut': 'recv returned at most its buffer size; the stream goes on in the next recv' if b.type == socket.SOCK_STREAM
           else 'a message longer than the recv buffer is cut and the rest discarded',
}[verdict]
print('boundaries %s: %d sends, %d recvs; %s' % (verdict, len(sent), recvs, why))",
    );
    Ok(p.finish("The sticky-packet lesson: a stream merges messages, datagrams keep them apart."))
}
