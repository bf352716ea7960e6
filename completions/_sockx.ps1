
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'sockx' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'sockx'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'sockx' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: JSON documents (results) or JSON Lines events')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Print every socket call on stderr, as it happens, with its result')
            [CompletionResult]::new('--trace-time', '--trace-time', [CompletionResultType]::ParameterName, 'With --trace: time since start, since the previous call, and each call''s duration')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'Print a Python 3 program that does what the command would do, instead of doing it')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('-4', '-4', [CompletionResultType]::ParameterName, 'Use IPv4 only')
            [CompletionResult]::new('-6', '-6', [CompletionResultType]::ParameterName, 'Use IPv6 only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'TCP server: bind, listen, accept one connection and relay it with stdin/stdout')
            [CompletionResult]::new('connect', 'connect', [CompletionResultType]::ParameterValue, 'TCP client: connect (trying every address) and relay with stdin/stdout; -z probes ports')
            [CompletionResult]::new('udp-send', 'udp-send', [CompletionResultType]::ParameterValue, 'UDP client: send each MESSAGE (or each stdin line) as one datagram (sendto)')
            [CompletionResult]::new('udp-recv', 'udp-recv', [CompletionResultType]::ParameterValue, 'UDP server: bind and print each datagram with its sender (recvfrom)')
            [CompletionResult]::new('resolve', 'resolve', [CompletionResultType]::ParameterValue, 'Look a host up: gethostbyname_ex for a name, gethostbyaddr for an address')
            [CompletionResult]::new('getaddrinfo', 'getaddrinfo', [CompletionResultType]::ParameterValue, 'Every (family, type, proto, canonname, sockaddr) tuple getaddrinfo returns')
            [CompletionResult]::new('getnameinfo', 'getnameinfo', [CompletionResultType]::ParameterValue, 'Address and port to host and service names (getnameinfo)')
            [CompletionResult]::new('fqdn', 'fqdn', [CompletionResultType]::ParameterValue, 'The fully qualified name of a host (Python''s socket.getfqdn)')
            [CompletionResult]::new('hostname', 'hostname', [CompletionResultType]::ParameterValue, 'This host''s name (gethostname)')
            [CompletionResult]::new('service', 'service', [CompletionResultType]::ParameterValue, 'A service''s port, or a port''s service name (getservbyname, getservbyport)')
            [CompletionResult]::new('protocol', 'protocol', [CompletionResultType]::ParameterValue, 'A protocol''s number, or a number''s protocol name (getprotobyname, getprotobynumber)')
            [CompletionResult]::new('byteorder', 'byteorder', [CompletionResultType]::ParameterValue, 'Byte order of a value: htons/htonl/ntohs/ntohl (and 64-bit)')
            [CompletionResult]::new('inet', 'inet', [CompletionResultType]::ParameterValue, 'Text address to packed bytes (inet_pton/inet_aton) and back (inet_ntop)')
            [CompletionResult]::new('sockopt', 'sockopt', [CompletionResultType]::ParameterValue, 'Read (getsockopt) and set (setsockopt) socket options on a fresh socket')
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'What this host''s socket layer supports: families, types, limits, defaults')
            [CompletionResult]::new('chat', 'chat', [CompletionResultType]::ParameterValue, 'UDP chat room client (the seeds'' protocol): join as NAME, send stdin lines')
            [CompletionResult]::new('chat-server', 'chat-server', [CompletionResultType]::ParameterValue, 'UDP chat room server (the seeds'' protocol): relay each message to the others')
            [CompletionResult]::new('forward', 'forward', [CompletionResultType]::ParameterValue, 'TCP forwarder: accept on one address, connect onward to another, relay both ways')
            [CompletionResult]::new('errno', 'errno', [CompletionResultType]::ParameterValue, 'What an errno or EAI_ code means: its number, message, the calls that return it, what to try')
            [CompletionResult]::new('socketpair', 'socketpair', [CompletionResultType]::ParameterValue, 'Send MESSAGES through a socketpair and show how the type keeps or merges their boundaries')
            [CompletionResult]::new('tls', 'tls', [CompletionResultType]::ParameterValue, 'TLS report: connect, handshake, and show the version, cipher, chain and verdict')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sockx;listen' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'listen() backlog: how many finished handshakes may wait for accept')
            [CompletionResult]::new('--backlog', '--backlog', [CompletionResultType]::ParameterName, 'listen() backlog: how many finished handshakes may wait for accept')
            [CompletionResult]::new('--max-conns', '--max-conns', [CompletionResultType]::ParameterName, 'At most N connections at once (relaying with -k: 1 served, N-1 wait, more are refused)')
            [CompletionResult]::new('-U', '-U ', [CompletionResultType]::ParameterName, 'Listen on an AF_UNIX stream socket at PATH (@NAME: abstract namespace)')
            [CompletionResult]::new('--unix', '--unix', [CompletionResultType]::ParameterName, 'Listen on an AF_UNIX stream socket at PATH (@NAME: abstract namespace)')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Time allowed for a connection to arrive and to stay idle (exit 4)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed for a connection to arrive and to stay idle (exit 4)')
            [CompletionResult]::new('--bufsize', '--bufsize', [CompletionResultType]::ParameterName, 'Bytes per recv() call (default 128k, 64k with --echo/--upper; 1024 reproduces the seeds)')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Pause between lines sent from stdin (with --ping: between attempts, default 1s)')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Pause between lines sent from stdin (with --ping: between attempts, default 1s)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Session log: both directions as a hex dump with direction marks and timestamps')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Session log: both directions as a hex dump with direction marks and timestamps')
            [CompletionResult]::new('--log-json', '--log-json', [CompletionResultType]::ParameterName, 'Session log as JSON Lines events (data in hex, t_us, unix_us)')
            [CompletionResult]::new('--frame', '--frame', [CompletionResultType]::ParameterName, 'Messages: each stdin line goes out as one, each one received comes out as a line')
            [CompletionResult]::new('--allow', '--allow', [CompletionResultType]::ParameterName, 'Let in only clients matching LIST (addresses, CIDR prefixes; comma-separated, repeatable)')
            [CompletionResult]::new('--deny', '--deny', [CompletionResultType]::ParameterName, 'Refuse clients matching LIST (addresses, CIDR prefixes; wins over --allow)')
            [CompletionResult]::new('--allow-file', '--allow-file', [CompletionResultType]::ParameterName, '--allow for each line of FILE (# comments, blank lines skipped)')
            [CompletionResult]::new('--deny-file', '--deny-file', [CompletionResultType]::ParameterName, '--deny for each line of FILE (# comments, blank lines skipped)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Certificate chain to present (PEM, leaf first); default: a throwaway one made at start')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of --cert (PEM)')
            [CompletionResult]::new('--cafile', '--cafile', [CompletionResultType]::ParameterName, 'CA certificates (PEM) that client certificates must chain to (--verify-client)')
            [CompletionResult]::new('--alpn', '--alpn', [CompletionResultType]::ParameterName, 'Protocols to accept with ALPN, in order of preference (h2,http/1.1)')
            [CompletionResult]::new('--tls-min', '--tls-min', [CompletionResultType]::ParameterName, 'Lowest TLS version to accept: 1.2 or 1.3')
            [CompletionResult]::new('--tls-max', '--tls-max', [CompletionResultType]::ParameterName, 'Highest TLS version to accept: 1.2 or 1.3')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Accept again after each connection (the seeds'' link loop)')
            [CompletionResult]::new('--keep-open', '--keep-open', [CompletionResultType]::ParameterName, 'Accept again after each connection (the seeds'' link loop)')
            [CompletionResult]::new('--echo', '--echo', [CompletionResultType]::ParameterName, 'Send back what arrives (with -k: many connections at once)')
            [CompletionResult]::new('--upper', '--upper', [CompletionResultType]::ParameterName, 'Send back what arrives, ASCII letters upper-cased (like bytes.upper())')
            [CompletionResult]::new('-x', '-x', [CompletionResultType]::ParameterName, 'Hex dump of both directions on stderr')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Hex dump of both directions on stderr')
            [CompletionResult]::new('--reuseport', '--reuseport', [CompletionResultType]::ParameterName, 'Set SO_REUSEPORT before bind')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'Bytes each way and the current rate on stderr')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Send each LF from stdin as CRLF (as ncat -C)')
            [CompletionResult]::new('--crlf', '--crlf', [CompletionResultType]::ParameterName, 'Send each LF from stdin as CRLF (as ncat -C)')
            [CompletionResult]::new('--send-only', '--send-only', [CompletionResultType]::ParameterName, 'Only send: never read the socket; end at stdin''s EOF after shutdown(SHUT_WR)')
            [CompletionResult]::new('--recv-only', '--recv-only', [CompletionResultType]::ParameterName, 'Only receive: never read stdin (and send no SHUT_WR, as ncat)')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Wrap each accepted connection in TLS (ssl.wrap_socket(server_side=True))')
            [CompletionResult]::new('--verify-client', '--verify-client', [CompletionResultType]::ParameterName, 'Ask for a client certificate and check it against --cafile')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: JSON documents (results) or JSON Lines events')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Print every socket call on stderr, as it happens, with its result')
            [CompletionResult]::new('--trace-time', '--trace-time', [CompletionResultType]::ParameterName, 'With --trace: time since start, since the previous call, and each call''s duration')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'Print a Python 3 program that does what the command would do, instead of doing it')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('-4', '-4', [CompletionResultType]::ParameterName, 'Use IPv4 only')
            [CompletionResult]::new('-6', '-6', [CompletionResultType]::ParameterName, 'Use IPv6 only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sockx;connect' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Connect timeout and idle timeout (settimeout)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Connect timeout and idle timeout (settimeout)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Bind to ADDR[:PORT] before connect')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Bind to ADDR[:PORT] before connect')
            [CompletionResult]::new('--keepalive', '--keepalive', [CompletionResultType]::ParameterName, 'SO_KEEPALIVE with TCP_KEEPIDLE[,TCP_KEEPINTVL[,TCP_KEEPCNT]] (seconds, seconds, count)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'With -z: probes in flight at once (default 1000, lowered to fit RLIMIT_NOFILE)')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'With --ping: stop after N attempts (default: until Ctrl-C). Long only: nc''s -c runs a command, and no sockx option does')
            [CompletionResult]::new('-U', '-U ', [CompletionResultType]::ParameterName, 'Connect to an AF_UNIX stream socket at PATH (@NAME: abstract namespace)')
            [CompletionResult]::new('--unix', '--unix', [CompletionResultType]::ParameterName, 'Connect to an AF_UNIX stream socket at PATH (@NAME: abstract namespace)')
            [CompletionResult]::new('--bufsize', '--bufsize', [CompletionResultType]::ParameterName, 'Bytes per recv() call (default 128k)')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Connect through the proxy at HOST[:PORT] (default port 1080, 3128 for http)')
            [CompletionResult]::new('--proxy-type', '--proxy-type', [CompletionResultType]::ParameterName, 'The proxy''s protocol: socks5 (the target''s name resolved by the proxy), socks4 (4a), http (CONNECT)')
            [CompletionResult]::new('--proxy-auth', '--proxy-auth', [CompletionResultType]::ParameterName, 'USER:PASS for the proxy (socks5 username/password, http Basic)')
            [CompletionResult]::new('--cafile', '--cafile', [CompletionResultType]::ParameterName, 'Trust only the CA certificates in FILE (PEM), not the system store')
            [CompletionResult]::new('--sni', '--sni', [CompletionResultType]::ParameterName, 'Name to send (SNI) and to check the certificate against (default: HOST)')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Accept exactly the certificate with this SHA-256 fingerprint (sha256:HEX, colons optional)')
            [CompletionResult]::new('--alpn', '--alpn', [CompletionResultType]::ParameterName, 'Protocols to offer with ALPN, comma-separated (h2,http/1.1)')
            [CompletionResult]::new('--tls-min', '--tls-min', [CompletionResultType]::ParameterName, 'Lowest TLS version to use: 1.2 or 1.3')
            [CompletionResult]::new('--tls-max', '--tls-max', [CompletionResultType]::ParameterName, 'Highest TLS version to use: 1.2 or 1.3')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate chain (PEM), with --key')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of --cert (PEM)')
            [CompletionResult]::new('--starttls', '--starttls', [CompletionResultType]::ParameterName, 'Upgrade a plain-text session first: smtp (EHLO, STARTTLS), imap (a1 STARTTLS) or pop3 (STLS)')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Pause between lines sent from stdin (with --ping: between attempts, default 1s)')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Pause between lines sent from stdin (with --ping: between attempts, default 1s)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Session log: both directions as a hex dump with direction marks and timestamps')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Session log: both directions as a hex dump with direction marks and timestamps')
            [CompletionResult]::new('--log-json', '--log-json', [CompletionResultType]::ParameterName, 'Session log as JSON Lines events (data in hex, t_us, unix_us)')
            [CompletionResult]::new('--frame', '--frame', [CompletionResultType]::ParameterName, 'Messages: each stdin line goes out as one, each one received comes out as a line')
            [CompletionResult]::new('--heartbeat', '--heartbeat', [CompletionResultType]::ParameterName, 'When idle for INTERVAL send a heartbeat; MISSES (default 3) unanswered: peer dead, exit 4')
            [CompletionResult]::new('--heartbeat-data', '--heartbeat-data', [CompletionResultType]::ParameterName, 'The heartbeat''s bytes (default "\n"; \n \r \t \\ \xNN escapes)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('--nodelay', '--nodelay', [CompletionResultType]::ParameterName, 'Set TCP_NODELAY (no Nagle delay for small writes)')
            [CompletionResult]::new('-z', '-z', [CompletionResultType]::ParameterName, 'Zero-I/O probe: report each port open, closed or filtered (connect_ex)')
            [CompletionResult]::new('--zero', '--zero', [CompletionResultType]::ParameterName, 'Zero-I/O probe: report each port open, closed or filtered (connect_ex)')
            [CompletionResult]::new('--ping', '--ping', [CompletionResultType]::ParameterName, 'Connect again and again, timing each connect, like ping')
            [CompletionResult]::new('-x', '-x', [CompletionResultType]::ParameterName, 'Hex dump of both directions on stderr')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Hex dump of both directions on stderr')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'Bytes each way and the current rate on stderr')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Wrap the connection in TLS after connect (ssl.wrap_socket), verifying the server')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the certificate (every problem is still listed on stderr)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Send each LF from stdin as CRLF (as ncat -C)')
            [CompletionResult]::new('--crlf', '--crlf', [CompletionResultType]::ParameterName, 'Send each LF from stdin as CRLF (as ncat -C)')
            [CompletionResult]::new('--send-only', '--send-only', [CompletionResultType]::ParameterName, 'Only send: never read the socket; end at stdin''s EOF after shutdown(SHUT_WR)')
            [CompletionResult]::new('--recv-only', '--recv-only', [CompletionResultType]::ParameterName, 'Only receive: never read stdin (and send no SHUT_WR, as ncat)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: JSON documents (results) or JSON Lines events')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Print every socket call on stderr, as it happens, with its result')
            [CompletionResult]::new('--trace-time', '--trace-time', [CompletionResultType]::ParameterName, 'With --trace: time since start, since the previous call, and each call''s duration')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'Print a Python 3 program that does what the command would do, instead of doing it')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('-4', '-4', [CompletionResultType]::ParameterName, 'Use IPv4 only')
            [CompletionResult]::new('-6', '-6', [CompletionResultType]::ParameterName, 'Use IPv6 only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sockx;udp-send' {
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Send the messages N times')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Pause between datagrams')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Then print replies (recvfrom) until quiet this long')
            [CompletionResult]::new('-U', '-U ', [CompletionResultType]::ParameterName, 'Send to an AF_UNIX datagram socket at PATH')
            [CompletionResult]::new('--unix', '--unix', [CompletionResultType]::ParameterName, 'Send to an AF_UNIX datagram socket at PATH')
            [CompletionResult]::new('--bufsize', '--bufsize', [CompletionResultType]::ParameterName, 'Largest datagram read from stdin with --raw (default: the largest UDP payload, 65507 over IPv4, 65527 over IPv6), and the reply buffer')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Bind to ADDR[:PORT] before sending')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Bind to ADDR[:PORT] before sending')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Each read of stdin (up to --bufsize bytes) is one datagram, bytes untouched')
            [CompletionResult]::new('--broadcast', '--broadcast', [CompletionResultType]::ParameterName, 'Set SO_BROADCAST (needed to send to a broadcast address)')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'Datagrams and bytes sent, and the current rate, on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: JSON documents (results) or JSON Lines events')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Print every socket call on stderr, as it happens, with its result')
            [CompletionResult]::new('--trace-time', '--trace-time', [CompletionResultType]::ParameterName, 'With --trace: time since start, since the previous call, and each call''s duration')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'Print a Python 3 program that does what the command would do, instead of doing it')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('-4', '-4', [CompletionResultType]::ParameterName, 'Use IPv4 only')
            [CompletionResult]::new('-6', '-6', [CompletionResultType]::ParameterName, 'Use IPv6 only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sockx;udp-recv' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Exit after N datagrams')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Exit after N datagrams')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Exit when no datagram arrived for this long')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Exit when no datagram arrived for this long')
            [CompletionResult]::new('--bufsize', '--bufsize', [CompletionResultType]::ParameterName, 'recvfrom buffer size; larger datagrams are reported truncated (default 65535)')
            [CompletionResult]::new('-U', '-U ', [CompletionResultType]::ParameterName, 'Bind an AF_UNIX datagram socket at PATH (@NAME: abstract namespace)')
            [CompletionResult]::new('--unix', '--unix', [CompletionResultType]::ParameterName, 'Bind an AF_UNIX datagram socket at PATH (@NAME: abstract namespace)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Write payload bytes only, untouched, to stdout')
            [CompletionResult]::new('--echo', '--echo', [CompletionResultType]::ParameterName, 'Send each datagram back to its sender')
            [CompletionResult]::new('--upper', '--upper', [CompletionResultType]::ParameterName, 'Send each datagram back upper-cased (ASCII letters, like bytes.upper())')
            [CompletionResult]::new('--reuseport', '--reuseport', [CompletionResultType]::ParameterName, 'Set SO_REUSEPORT before bind')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'Datagram and byte counts and the current rate on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: JSON documents (results) or JSON Lines events')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Print every socket call on stderr, as it happens, with its result')
            [CompletionResult]::new('--trace-time', '--trace-time', [CompletionResultType]::ParameterName, 'With --trace: time since start, since the previous call, and each call''s duration')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'Print a Python 3 program that does what the command would do, instead of doing it')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('-4', '-4', [CompletionResultType]::ParameterName, 'Use IPv4 only')
            [CompletionResult]::new('-6', '-6', [CompletionResultType]::ParameterName, 'Use IPv6 only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sockx;resolve' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'IPv4 and IPv6 addresses (via getaddrinfo)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: JSON documents (results) or JSON Lines events')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Print every socket call on stderr, as it happens, with its result')
            [CompletionResult]::new('--trace-time', '--trace-time', [CompletionResultType]::ParameterName, 'With --trace: time since start, since the previous call, and each call''s duration')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'Print a Python 3 program that does what the command would do, instead of doing it')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('-4', '-4', [CompletionResultType]::ParameterName, 'Use IPv4 only')
            [CompletionResult]::new('-6', '-6', [CompletionResultType]::ParameterName, 'Use IPv6 only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sockx;getaddrinfo' {
            [CompletionResult]::new('--family', '--family', [CompletionResultType]::ParameterName, 'ai_family: inet (AF_INET), inet6 (AF_INET6) or unspec (AF_UNSPEC)')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'ai_socktype: stream, dgram or raw')
            [CompletionResult]::new('--proto', '--proto', [CompletionResultType]::ParameterName, 'ai_protocol: tcp, udp or a protocol number')
            [CompletionResult]::new('--flags', '--flags', [CompletionResultType]::ParameterName, 'ai_flags, comma separated: canonname,passive,numerichost,numericserv,addrconfig,v4mapped,all')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('--no-host', '--no-host', [CompletionResultType]::ParameterName, 'HOST is NULL (Python''s None); the one argument is then PORT')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: JSON documents (results) or JSON Lines events')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Print every socket call on stderr, as it happens, with its result')
            [CompletionResult]::new('--trace-time', '--trace-time', [CompletionResultType]::ParameterName, 'With --trace: time since start, since the previous call, and each call''s duration')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'Print a Python 3 program that does what the command would do, instead of doing it')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('-4', '-4', [CompletionResultType]::ParameterName, 'Use IPv4 only')
            [CompletionResult]::new('-6', '-6', [CompletionResultType]::ParameterName, 'Use IPv6 only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sockx;getnameinfo' {
            [CompletionResult]::new('--flags', '--flags', [CompletionResultType]::ParameterName, 'NI_ flags, comma separated: namereqd,numerichost,numericserv,dgram,nofqdn')
            [CompletionResult]::new('--flowinfo', '--flowinfo', [CompletionResultType]::ParameterName, 'IPv6 only: sin6_flowinfo of the 4-tuple (0 to 1048575)')
            [CompletionResult]::new('--scope-id', '--scope-id', [CompletionResultType]::ParameterName, 'IPv6 only: sin6_scope_id of the 4-tuple (an interface index)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: JSON documents (results) or JSON Lines events')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Print every socket call on stderr, as it happens, with its result')
            [CompletionResult]::new('--trace-time', '--trace-time', [CompletionResultType]::ParameterName, 'With --trace: time since start, since the previous call, and each call''s duration')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'Print a Python 3 program that does what the command would do, instead of doing it')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('-4', '-4', [CompletionResultType]::ParameterName, 'Use IPv4 only')
            [CompletionResult]::new('-6', '-6', [CompletionResultType]::ParameterName, 'Use IPv6 only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sockx;fqdn' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: JSON documents (results) or JSON Lines events')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Print every socket call on stderr, as it happens, with its result')
            [CompletionResult]::new('--trace-time', '--trace-time', [CompletionResultType]::ParameterName, 'With --trace: time since start, since the previous call, and each call''s duration')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'Print a Python 3 program that does what the command would do, instead of doing it')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('-4', '-4', [CompletionResultType]::ParameterName, 'Use IPv4 only')
            [CompletionResult]::new('-6', '-6', [CompletionResultType]::ParameterName, 'Use IPv6 only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sockx;hostname' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: JSON documents (results) or JSON Lines events')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Print every socket call on stderr, as it happens, with its result')
            [CompletionResult]::new('--trace-time', '--trace-time', [CompletionResultType]::ParameterName, 'With --trace: time since start, since the previous call, and each call''s duration')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'Print a Python 3 program that does what the command would do, instead of doing it')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('-4', '-4', [CompletionResultType]::ParameterName, 'Use IPv4 only')
            [CompletionResult]::new('-6', '-6', [CompletionResultType]::ParameterName, 'Use IPv6 only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sockx;service' {
            [CompletionResult]::new('--proto', '--proto', [CompletionResultType]::ParameterName, 'Protocol to look it up for (default: any, as with a NULL proto)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: JSON documents (results) or JSON Lines events')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Print every socket call on stderr, as it happens, with its result')
            [CompletionResult]::new('--trace-time', '--trace-time', [CompletionResultType]::ParameterName, 'With --trace: time since start, since the previous call, and each call''s duration')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'Print a Python 3 program that does what the command would do, instead of doing it')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('-4', '-4', [CompletionResultType]::ParameterName, 'Use IPv4 only')
            [CompletionResult]::new('-6', '-6', [CompletionResultType]::ParameterName, 'Use IPv6 only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sockx;protocol' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: JSON documents (results) or JSON Lines events')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Print every socket call on stderr, as it happens, with its result')
            [CompletionResult]::new('--trace-time', '--trace-time', [CompletionResultType]::ParameterName, 'With --trace: time since start, since the previous call, and each call''s duration')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'Print a Python 3 program that does what the command would do, instead of doing it')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('-4', '-4', [CompletionResultType]::ParameterName, 'Use IPv4 only')
            [CompletionResult]::new('-6', '-6', [CompletionResultType]::ParameterName, 'Use IPv6 only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sockx;byteorder' {
            [CompletionResult]::new('--bits', '--bits', [CompletionResultType]::ParameterName, 'Width in bits: 16 (htons), 32 (htonl) or 64 (htobe64)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: JSON documents (results) or JSON Lines events')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Print every socket call on stderr, as it happens, with its result')
            [CompletionResult]::new('--trace-time', '--trace-time', [CompletionResultType]::ParameterName, 'With --trace: time since start, since the previous call, and each call''s duration')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'Print a Python 3 program that does what the command would do, instead of doing it')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('-4', '-4', [CompletionResultType]::ParameterName, 'Use IPv4 only')
            [CompletionResult]::new('-6', '-6', [CompletionResultType]::ParameterName, 'Use IPv6 only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sockx;inet' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('--unpack', '--unpack', [CompletionResultType]::ParameterName, 'ADDRESS is packed bytes in hex: print the text form (inet_ntop)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: JSON documents (results) or JSON Lines events')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Print every socket call on stderr, as it happens, with its result')
            [CompletionResult]::new('--trace-time', '--trace-time', [CompletionResultType]::ParameterName, 'With --trace: time since start, since the previous call, and each call''s duration')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'Print a Python 3 program that does what the command would do, instead of doing it')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('-4', '-4', [CompletionResultType]::ParameterName, 'Use IPv4 only')
            [CompletionResult]::new('-6', '-6', [CompletionResultType]::ParameterName, 'Use IPv6 only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sockx;sockopt' {
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'The kind of socket to create')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: JSON documents (results) or JSON Lines events')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Print every socket call on stderr, as it happens, with its result')
            [CompletionResult]::new('--trace-time', '--trace-time', [CompletionResultType]::ParameterName, 'With --trace: time since start, since the previous call, and each call''s duration')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'Print a Python 3 program that does what the command would do, instead of doing it')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('-4', '-4', [CompletionResultType]::ParameterName, 'Use IPv4 only')
            [CompletionResult]::new('-6', '-6', [CompletionResultType]::ParameterName, 'Use IPv6 only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sockx;info' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: JSON documents (results) or JSON Lines events')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Print every socket call on stderr, as it happens, with its result')
            [CompletionResult]::new('--trace-time', '--trace-time', [CompletionResultType]::ParameterName, 'With --trace: time since start, since the previous call, and each call''s duration')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'Print a Python 3 program that does what the command would do, instead of doing it')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('-4', '-4', [CompletionResultType]::ParameterName, 'Use IPv4 only')
            [CompletionResult]::new('-6', '-6', [CompletionResultType]::ParameterName, 'Use IPv6 only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sockx;chat' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Your name in the room (sent as the first datagram)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: JSON documents (results) or JSON Lines events')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Print every socket call on stderr, as it happens, with its result')
            [CompletionResult]::new('--trace-time', '--trace-time', [CompletionResultType]::ParameterName, 'With --trace: time since start, since the previous call, and each call''s duration')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'Print a Python 3 program that does what the command would do, instead of doing it')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('-4', '-4', [CompletionResultType]::ParameterName, 'Use IPv4 only')
            [CompletionResult]::new('-6', '-6', [CompletionResultType]::ParameterName, 'Use IPv6 only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sockx;chat-server' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: JSON documents (results) or JSON Lines events')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Print every socket call on stderr, as it happens, with its result')
            [CompletionResult]::new('--trace-time', '--trace-time', [CompletionResultType]::ParameterName, 'With --trace: time since start, since the previous call, and each call''s duration')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'Print a Python 3 program that does what the command would do, instead of doing it')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('-4', '-4', [CompletionResultType]::ParameterName, 'Use IPv4 only')
            [CompletionResult]::new('-6', '-6', [CompletionResultType]::ParameterName, 'Use IPv6 only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sockx;forward' {
            [CompletionResult]::new('--from-unix', '--from-unix', [CompletionResultType]::ParameterName, 'Listen on an AF_UNIX stream socket at PATH instead of [HOST] PORT')
            [CompletionResult]::new('--to-unix', '--to-unix', [CompletionResultType]::ParameterName, 'Connect onward to an AF_UNIX stream socket at PATH instead of TO_HOST TO_PORT')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Close a connection idle this long (no byte either way)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Close a connection idle this long (no byte either way)')
            [CompletionResult]::new('--max-conns', '--max-conns', [CompletionResultType]::ParameterName, 'At most N connections at once (accepting pauses at the cap)')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'listen() backlog')
            [CompletionResult]::new('--backlog', '--backlog', [CompletionResultType]::ParameterName, 'listen() backlog')
            [CompletionResult]::new('--bufsize', '--bufsize', [CompletionResultType]::ParameterName, 'Bytes per recv() call; moves bytes through user space (default: splice)')
            [CompletionResult]::new('--allow', '--allow', [CompletionResultType]::ParameterName, 'Let in only clients matching LIST (addresses, CIDR prefixes; comma-separated, repeatable)')
            [CompletionResult]::new('--deny', '--deny', [CompletionResultType]::ParameterName, 'Refuse clients matching LIST (addresses, CIDR prefixes; wins over --allow)')
            [CompletionResult]::new('--allow-file', '--allow-file', [CompletionResultType]::ParameterName, '--allow for each line of FILE (# comments, blank lines skipped)')
            [CompletionResult]::new('--deny-file', '--deny-file', [CompletionResultType]::ParameterName, '--deny for each line of FILE (# comments, blank lines skipped)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('-x', '-x', [CompletionResultType]::ParameterName, 'Hex dump of both directions of every connection on stderr')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Hex dump of both directions of every connection on stderr')
            [CompletionResult]::new('--reuseport', '--reuseport', [CompletionResultType]::ParameterName, 'Set SO_REUSEPORT before bind')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: JSON documents (results) or JSON Lines events')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Print every socket call on stderr, as it happens, with its result')
            [CompletionResult]::new('--trace-time', '--trace-time', [CompletionResultType]::ParameterName, 'With --trace: time since start, since the previous call, and each call''s duration')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'Print a Python 3 program that does what the command would do, instead of doing it')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('-4', '-4', [CompletionResultType]::ParameterName, 'Use IPv4 only')
            [CompletionResult]::new('-6', '-6', [CompletionResultType]::ParameterName, 'Use IPv6 only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sockx;errno' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List every code sockx explains')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: JSON documents (results) or JSON Lines events')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Print every socket call on stderr, as it happens, with its result')
            [CompletionResult]::new('--trace-time', '--trace-time', [CompletionResultType]::ParameterName, 'With --trace: time since start, since the previous call, and each call''s duration')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'Print a Python 3 program that does what the command would do, instead of doing it')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('-4', '-4', [CompletionResultType]::ParameterName, 'Use IPv4 only')
            [CompletionResult]::new('-6', '-6', [CompletionResultType]::ParameterName, 'Use IPv6 only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sockx;socketpair' {
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Socket type of the pair')
            [CompletionResult]::new('--bufsize', '--bufsize', [CompletionResultType]::ParameterName, 'Buffer size of each recv()')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: JSON documents (results) or JSON Lines events')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Print every socket call on stderr, as it happens, with its result')
            [CompletionResult]::new('--trace-time', '--trace-time', [CompletionResultType]::ParameterName, 'With --trace: time since start, since the previous call, and each call''s duration')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'Print a Python 3 program that does what the command would do, instead of doing it')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('-4', '-4', [CompletionResultType]::ParameterName, 'Use IPv4 only')
            [CompletionResult]::new('-6', '-6', [CompletionResultType]::ParameterName, 'Use IPv6 only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sockx;tls' {
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Connect and handshake timeout')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Connect and handshake timeout')
            [CompletionResult]::new('--cafile', '--cafile', [CompletionResultType]::ParameterName, 'Trust only the CA certificates in FILE (PEM), not the system store')
            [CompletionResult]::new('--sni', '--sni', [CompletionResultType]::ParameterName, 'Name to send (SNI) and to check the certificate against (default: HOST)')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Accept exactly the certificate with this SHA-256 fingerprint (sha256:HEX, colons optional)')
            [CompletionResult]::new('--alpn', '--alpn', [CompletionResultType]::ParameterName, 'Protocols to offer with ALPN, comma-separated (h2,http/1.1)')
            [CompletionResult]::new('--tls-min', '--tls-min', [CompletionResultType]::ParameterName, 'Lowest TLS version to use: 1.2 or 1.3')
            [CompletionResult]::new('--tls-max', '--tls-max', [CompletionResultType]::ParameterName, 'Highest TLS version to use: 1.2 or 1.3')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate chain (PEM), with --key')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key of --cert (PEM)')
            [CompletionResult]::new('--starttls', '--starttls', [CompletionResultType]::ParameterName, 'Upgrade a plain-text session first: smtp (EHLO, STARTTLS), imap (a1 STARTTLS) or pop3 (STLS)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the certificate (every problem is still listed on stderr)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: JSON documents (results) or JSON Lines events')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Print every socket call on stderr, as it happens, with its result')
            [CompletionResult]::new('--trace-time', '--trace-time', [CompletionResultType]::ParameterName, 'With --trace: time since start, since the previous call, and each call''s duration')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'Print a Python 3 program that does what the command would do, instead of doing it')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More status lines on stderr (repeatable)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Fewer status lines on stderr')
            [CompletionResult]::new('-4', '-4', [CompletionResultType]::ParameterName, 'Use IPv4 only')
            [CompletionResult]::new('-6', '-6', [CompletionResultType]::ParameterName, 'Use IPv6 only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'sockx;help' {
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'TCP server: bind, listen, accept one connection and relay it with stdin/stdout')
            [CompletionResult]::new('connect', 'connect', [CompletionResultType]::ParameterValue, 'TCP client: connect (trying every address) and relay with stdin/stdout; -z probes ports')
            [CompletionResult]::new('udp-send', 'udp-send', [CompletionResultType]::ParameterValue, 'UDP client: send each MESSAGE (or each stdin line) as one datagram (sendto)')
            [CompletionResult]::new('udp-recv', 'udp-recv', [CompletionResultType]::ParameterValue, 'UDP server: bind and print each datagram with its sender (recvfrom)')
            [CompletionResult]::new('resolve', 'resolve', [CompletionResultType]::ParameterValue, 'Look a host up: gethostbyname_ex for a name, gethostbyaddr for an address')
            [CompletionResult]::new('getaddrinfo', 'getaddrinfo', [CompletionResultType]::ParameterValue, 'Every (family, type, proto, canonname, sockaddr) tuple getaddrinfo returns')
            [CompletionResult]::new('getnameinfo', 'getnameinfo', [CompletionResultType]::ParameterValue, 'Address and port to host and service names (getnameinfo)')
            [CompletionResult]::new('fqdn', 'fqdn', [CompletionResultType]::ParameterValue, 'The fully qualified name of a host (Python''s socket.getfqdn)')
            [CompletionResult]::new('hostname', 'hostname', [CompletionResultType]::ParameterValue, 'This host''s name (gethostname)')
            [CompletionResult]::new('service', 'service', [CompletionResultType]::ParameterValue, 'A service''s port, or a port''s service name (getservbyname, getservbyport)')
            [CompletionResult]::new('protocol', 'protocol', [CompletionResultType]::ParameterValue, 'A protocol''s number, or a number''s protocol name (getprotobyname, getprotobynumber)')
            [CompletionResult]::new('byteorder', 'byteorder', [CompletionResultType]::ParameterValue, 'Byte order of a value: htons/htonl/ntohs/ntohl (and 64-bit)')
            [CompletionResult]::new('inet', 'inet', [CompletionResultType]::ParameterValue, 'Text address to packed bytes (inet_pton/inet_aton) and back (inet_ntop)')
            [CompletionResult]::new('sockopt', 'sockopt', [CompletionResultType]::ParameterValue, 'Read (getsockopt) and set (setsockopt) socket options on a fresh socket')
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'What this host''s socket layer supports: families, types, limits, defaults')
            [CompletionResult]::new('chat', 'chat', [CompletionResultType]::ParameterValue, 'UDP chat room client (the seeds'' protocol): join as NAME, send stdin lines')
            [CompletionResult]::new('chat-server', 'chat-server', [CompletionResultType]::ParameterValue, 'UDP chat room server (the seeds'' protocol): relay each message to the others')
            [CompletionResult]::new('forward', 'forward', [CompletionResultType]::ParameterValue, 'TCP forwarder: accept on one address, connect onward to another, relay both ways')
            [CompletionResult]::new('errno', 'errno', [CompletionResultType]::ParameterValue, 'What an errno or EAI_ code means: its number, message, the calls that return it, what to try')
            [CompletionResult]::new('socketpair', 'socketpair', [CompletionResultType]::ParameterValue, 'Send MESSAGES through a socketpair and show how the type keeps or merges their boundaries')
            [CompletionResult]::new('tls', 'tls', [CompletionResultType]::ParameterValue, 'TLS report: connect, handshake, and show the version, cipher, chain and verdict')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sockx;help;listen' {
            break
        }
        'sockx;help;connect' {
            break
        }
        'sockx;help;udp-send' {
            break
        }
        'sockx;help;udp-recv' {
            break
        }
        'sockx;help;resolve' {
            break
        }
        'sockx;help;getaddrinfo' {
            break
        }
        'sockx;help;getnameinfo' {
            break
        }
        'sockx;help;fqdn' {
            break
        }
        'sockx;help;hostname' {
            break
        }
        'sockx;help;service' {
            break
        }
        'sockx;help;protocol' {
            break
        }
        'sockx;help;byteorder' {
            break
        }
        'sockx;help;inet' {
            break
        }
        'sockx;help;sockopt' {
            break
        }
        'sockx;help;info' {
            break
        }
        'sockx;help;chat' {
            break
        }
        'sockx;help;chat-server' {
            break
        }
        'sockx;help;forward' {
            break
        }
        'sockx;help;errno' {
            break
        }
        'sockx;help;socketpair' {
            break
        }
        'sockx;help;tls' {
            break
        }
        'sockx;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
