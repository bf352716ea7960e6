//! What `sockx errno` knows about each code beyond its number and message:
//! the socket calls that return it, what usually causes it, and what to try.
//! The numbers and messages come from libc at run time (`net::errno`); only
//! the advice is written here, once per code.

/// One code's advice. `name` is the canonical name (Python's
/// `errno.errorcode` spelling, or the EAI_ constant's).
pub struct Advice {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub calls: &'static [&'static str],
    pub cause: &'static str,
    pub fix: &'static str,
}

const fn a(
    name: &'static str,
    calls: &'static [&'static str],
    cause: &'static str,
    fix: &'static str,
) -> Advice {
    Advice {
        name,
        aliases: &[],
        calls,
        cause,
        fix,
    }
}

/// Every code sockx explains, errno values first, then the EAI_ codes.
pub const TABLE: &[Advice] = &[
    a(
        "EPERM",
        &["socket", "bind", "connect", "sendto"],
        "the operation is not permitted to this process: a raw or packet socket without CAP_NET_RAW, or a firewall rule (iptables REJECT --reject-with ... / an nftables policy) refusing an outgoing packet",
        "run with the capability it needs (sudo, setcap cap_net_raw), or look at the firewall rules (iptables -S, nft list ruleset)",
    ),
    a(
        "EINTR",
        &["accept", "connect", "recv", "send", "poll", "epoll_wait"],
        "a signal arrived while the call was blocked (Python retries it for you since 3.5, PEP 475)",
        "retry the call; sockx retries unless the signal was SIGINT or SIGTERM",
    ),
    Advice {
        aliases: &["EWOULDBLOCK"],
        ..a(
            "EAGAIN",
            &["recv", "send", "accept", "connect (AF_UNIX)", "recvfrom"],
            "a non-blocking socket has nothing to read, no room to write or no pending connection; on a blocking socket, SO_RCVTIMEO/SO_SNDTIMEO expired (Python's socket.timeout)",
            "wait for readiness with poll/select/epoll (Python's selectors) and call again; on a timeout, raise it or find out why the peer is slow",
        )
    },
    a(
        "EACCES",
        &["bind", "connect", "sendto"],
        "bind to a port below 1024 without CAP_NET_BIND_SERVICE, sendto a broadcast address without SO_BROADCAST, or a Unix socket path the process may not write",
        "use a port of 1024 or more (or lower net.ipv4.ip_unprivileged_port_start), set SO_BROADCAST for broadcast, check the path's permissions",
    ),
    a(
        "ENFILE",
        &["socket", "accept", "socketpair"],
        "the whole system reached its limit of open files (fs.file-max)",
        "close descriptors somewhere, or raise fs.file-max (sysctl fs.file-max)",
    ),
    a(
        "EMFILE",
        &["socket", "accept", "socketpair"],
        "this process reached its limit of open descriptors (ulimit -n): usually a leak, sockets that are never closed",
        "close every socket you are done with (Python: with socket.socket() as s), or raise the limit (ulimit -n 4096)",
    ),
    a(
        "EPIPE",
        &["send", "sendall", "write"],
        "writing to a connection whose peer has closed it (or after shutdown(SHUT_WR)); without MSG_NOSIGNAL the process also gets SIGPIPE (Python's BrokenPipeError)",
        "treat it as the peer having gone: stop writing and close; check the peer's logs for why it closed",
    ),
    a(
        "ENOTSOCK",
        &["any socket call"],
        "the descriptor is not a socket (a file, a pipe, or a number reused after close)",
        "check which descriptor you pass; do not use a socket after closing it",
    ),
    a(
        "EDESTADDRREQ",
        &["send", "write"],
        "send on an unconnected datagram socket, which has no default destination",
        "use sendto with an address, or connect the socket first",
    ),
    a(
        "EMSGSIZE",
        &["send", "sendto", "sendmsg"],
        "the datagram is larger than the protocol allows (65507 bytes of UDP over IPv4) or than the path MTU with IP_PMTUDISC_DO, or larger than the AF_UNIX send buffer",
        "send less per datagram (split it and number the pieces), or use a stream socket",
    ),
    a(
        "EPROTOTYPE",
        &["socket", "connect"],
        "the protocol does not fit the socket type, or connect to an AF_UNIX socket of another type",
        "match the type to the protocol: SOCK_STREAM with TCP, SOCK_DGRAM with UDP",
    ),
    a(
        "ENOPROTOOPT",
        &["getsockopt", "setsockopt"],
        "this socket does not know that option at that level (a TCP option on a UDP socket, an option this kernel lacks)",
        "check the level (SOL_SOCKET, IPPROTO_TCP, ...) and the socket type; sockx sockopt lists what a socket knows",
    ),
    a(
        "EPROTONOSUPPORT",
        &["socket"],
        "the protocol is not supported in this family and type (IPPROTO_TCP with SOCK_DGRAM, SCTP without the module)",
        "pass proto 0 to get the default one, or load the protocol's module",
    ),
    a(
        "ESOCKTNOSUPPORT",
        &["socket"],
        "the socket type is not supported in this family",
        "sockx info lists which (family, type) pairs this host creates",
    ),
    Advice {
        aliases: &["EOPNOTSUPP"],
        ..a(
            "ENOTSUP",
            &["listen", "accept", "shutdown", "send"],
            "the operation makes no sense for this socket: listen or accept on a datagram socket, MSG_OOB on a Unix socket",
            "use a SOCK_STREAM socket for listen/accept; drop the flag",
        )
    },
    a(
        "EAFNOSUPPORT",
        &["socket", "bind", "connect", "sendto", "gethostbyaddr"],
        "the address family is not supported, or the address does not match the socket's family (an IPv6 address on an AF_INET socket, IPv6 disabled in the kernel)",
        "create the socket with the address's family (getaddrinfo gives both), or use -4/-6; check net.ipv6.conf.all.disable_ipv6",
    ),
    a(
        "EADDRINUSE",
        &["bind", "listen", "connect (no free ephemeral port)"],
        "another socket is bound to that address and port (or a closed one lingers in TIME_WAIT)",
        "pick another port, stop the other program (ss -ltnp sport = :PORT names it), or set SO_REUSEADDR before bind for TIME_WAIT",
    ),
    a(
        "EADDRNOTAVAIL",
        &["bind", "connect"],
        "the address is not on any interface of this host (bind), or no local port is left for the destination (connect: ip_local_port_range exhausted)",
        "bind to an address this host has (ip addr) or to 0.0.0.0; for connect, close idle connections or widen net.ipv4.ip_local_port_range",
    ),
    a(
        "ENETDOWN",
        &["connect", "send", "sendto"],
        "the interface the route uses is down",
        "bring the link up (ip link set DEV up)",
    ),
    a(
        "ENETUNREACH",
        &["connect", "sendto"],
        "no route to that network: no default route, or IPv6 without an IPv6 route",
        "check the routing table (ip route, ip -6 route); try the other family with -4/-6",
    ),
    a(
        "ECONNABORTED",
        &["accept", "recv", "send"],
        "the connection was aborted on this side: the client reset it while it waited in the accept queue, or the local stack gave up on it",
        "for accept, just accept the next connection; otherwise reconnect",
    ),
    a(
        "ECONNRESET",
        &["recv", "send", "connect"],
        "the peer sent a RST: it closed with unread data, crashed, set SO_LINGER to 0, or a middlebox killed the connection",
        "treat it as the peer hanging up abruptly; reconnect if the protocol allows; look at the peer's side for why",
    ),
    a(
        "ENOBUFS",
        &["send", "sendto", "socket", "connect"],
        "the kernel ran out of buffer memory for sockets, or a queue (a qdisc, a netlink socket) is full",
        "send more slowly, check net.core.wmem_max and memory pressure; retry after a moment",
    ),
    a(
        "EISCONN",
        &["connect", "sendto"],
        "connect on a socket that is already connected (or sendto with an address on a connected stream)",
        "connect once per socket; to reconnect, close it and create a new one",
    ),
    a(
        "ENOTCONN",
        &["send", "recv", "getpeername", "shutdown"],
        "the socket is not connected: send before connect finished, or after the connection ended",
        "connect first (wait for a non-blocking connect to become writable), or use sendto for datagrams",
    ),
    a(
        "ETIMEDOUT",
        &["connect", "recv", "send"],
        "the peer never answered: connect got no SYN-ACK after its retries (about 2 minutes), or a connection's retransmissions or keepalive probes went unanswered",
        "check that the host is up and that no firewall drops the packets; use a shorter timeout (connect -w) to fail sooner",
    ),
    a(
        "ECONNREFUSED",
        &["connect", "recv (UDP after ICMP port unreachable)", "send"],
        "nothing listens on that port (the host answered with a RST), or a connected UDP socket got an ICMP port unreachable",
        "start the server or check the port (sockx connect -z HOST PORT), and the address family: a server on 127.0.0.1 is not on ::1",
    ),
    a(
        "EHOSTDOWN",
        &["connect", "sendto"],
        "the host is known to be down",
        "check the host",
    ),
    a(
        "EHOSTUNREACH",
        &["connect", "sendto"],
        "no route to the host: it does not answer ARP/neighbour discovery on the local network, or a router or firewall answered with ICMP host unreachable",
        "check the address and that the host is up (ip neigh, ping), and the firewall (REJECT --reject-with icmp-host-prohibited)",
    ),
    a(
        "EALREADY",
        &["connect"],
        "a non-blocking connect on this socket is still in progress",
        "wait for the socket to become writable, then read SO_ERROR",
    ),
    a(
        "EINPROGRESS",
        &["connect"],
        "a non-blocking connect has started and not finished yet (this is not a failure; Python's connect_ex returns it)",
        "wait until the socket is writable (poll/select), then getsockopt(SO_ERROR) gives the real result",
    ),
    a(
        "EAI_BADFLAGS",
        &["getaddrinfo", "getnameinfo"],
        "the flags are invalid (AI_CANONNAME without a host)",
        "check the flags",
    ),
    a(
        "EAI_NONAME",
        &["getaddrinfo", "getnameinfo"],
        "the name (or service) does not resolve: a typo, no entry in /etc/hosts or DNS, or AI_NUMERICHOST with a name",
        "check the spelling, /etc/hosts and the DNS servers in /etc/resolv.conf; sockx getaddrinfo NAME shows what resolves",
    ),
    a(
        "EAI_AGAIN",
        &["getaddrinfo", "getnameinfo"],
        "a temporary failure: the DNS server did not answer (or no DNS server is reachable)",
        "try again later; check /etc/resolv.conf and the network to the DNS server",
    ),
    a(
        "EAI_FAIL",
        &["getaddrinfo", "getnameinfo"],
        "a permanent failure of the name server (SERVFAIL, REFUSED)",
        "ask the DNS server's administrator; try another server",
    ),
    a(
        "EAI_NODATA",
        &["getaddrinfo"],
        "the name exists but has no address of the family asked for",
        "ask for the other family (-4/-6 or --family unspec)",
    ),
    a(
        "EAI_FAMILY",
        &["getaddrinfo", "getnameinfo"],
        "the address family is not supported (or not valid for this call)",
        "use AF_INET, AF_INET6 or AF_UNSPEC",
    ),
    a(
        "EAI_SOCKTYPE",
        &["getaddrinfo"],
        "the socket type is not supported for this service (a UDP-only service with SOCK_STREAM)",
        "use SOCK_STREAM or SOCK_DGRAM, or 0 for both",
    ),
    a(
        "EAI_SERVICE",
        &["getaddrinfo"],
        "the service name is unknown for this socket type (not in /etc/services)",
        "give the port as a number, or check /etc/services",
    ),
    a(
        "EAI_ADDRFAMILY",
        &["getaddrinfo"],
        "the host has no address of the family asked for (a numeric address of the other family)",
        "drop -4/-6 or give an address of that family",
    ),
    a(
        "EAI_MEMORY",
        &["getaddrinfo", "getnameinfo"],
        "the resolver ran out of memory",
        "free memory; retry",
    ),
    a(
        "EAI_SYSTEM",
        &["getaddrinfo", "getnameinfo"],
        "a system error: the real cause is in errno",
        "look at the errno it carried (sockx reports it instead)",
    ),
    a(
        "EAI_OVERFLOW",
        &["getnameinfo"],
        "the buffer for the host or service name was too small",
        "use a larger buffer (NI_MAXHOST)",
    ),
];

/// The advice for a canonical name (or an alias).
pub fn find(name: &str) -> Option<&'static Advice> {
    TABLE.iter().find(|a| {
        a.name.eq_ignore_ascii_case(name) || a.aliases.iter().any(|x| x.eq_ignore_ascii_case(name))
    })
}
