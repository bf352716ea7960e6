# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_sockx_global_optspecs
    string join \n json trace trace-time python color= v/verbose q/quiet 4 6 h/help V/version
end

function __fish_sockx_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_sockx_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_sockx_using_subcommand
    set -l cmd (__fish_sockx_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c sockx -n "__fish_sockx_needs_command" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sockx -n "__fish_sockx_needs_command" -l json -d 'Machine output: JSON documents (results) or JSON Lines events'
complete -c sockx -n "__fish_sockx_needs_command" -l trace -d 'Print every socket call on stderr, as it happens, with its result'
complete -c sockx -n "__fish_sockx_needs_command" -l trace-time -d 'With --trace: time since start, since the previous call, and each call\'s duration'
complete -c sockx -n "__fish_sockx_needs_command" -l python -d 'Print a Python 3 program that does what the command would do, instead of doing it'
complete -c sockx -n "__fish_sockx_needs_command" -s v -l verbose -d 'More status lines on stderr (repeatable)'
complete -c sockx -n "__fish_sockx_needs_command" -s q -l quiet -d 'Fewer status lines on stderr'
complete -c sockx -n "__fish_sockx_needs_command" -s 4 -d 'Use IPv4 only'
complete -c sockx -n "__fish_sockx_needs_command" -s 6 -d 'Use IPv6 only'
complete -c sockx -n "__fish_sockx_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sockx -n "__fish_sockx_needs_command" -s V -l version -d 'Print version'
complete -c sockx -n "__fish_sockx_needs_command" -f -a "listen" -d 'TCP server: bind, listen, accept one connection and relay it with stdin/stdout'
complete -c sockx -n "__fish_sockx_needs_command" -f -a "connect" -d 'TCP client: connect (trying every address) and relay with stdin/stdout; -z probes ports'
complete -c sockx -n "__fish_sockx_needs_command" -f -a "udp-send" -d 'UDP client: send each MESSAGE (or each stdin line) as one datagram (sendto)'
complete -c sockx -n "__fish_sockx_needs_command" -f -a "udp-recv" -d 'UDP server: bind and print each datagram with its sender (recvfrom)'
complete -c sockx -n "__fish_sockx_needs_command" -f -a "resolve" -d 'Look a host up: gethostbyname_ex for a name, gethostbyaddr for an address'
complete -c sockx -n "__fish_sockx_needs_command" -f -a "getaddrinfo" -d 'Every (family, type, proto, canonname, sockaddr) tuple getaddrinfo returns'
complete -c sockx -n "__fish_sockx_needs_command" -f -a "getnameinfo" -d 'Address and port to host and service names (getnameinfo)'
complete -c sockx -n "__fish_sockx_needs_command" -f -a "fqdn" -d 'The fully qualified name of a host (Python\'s socket.getfqdn)'
complete -c sockx -n "__fish_sockx_needs_command" -f -a "hostname" -d 'This host\'s name (gethostname)'
complete -c sockx -n "__fish_sockx_needs_command" -f -a "service" -d 'A service\'s port, or a port\'s service name (getservbyname, getservbyport)'
complete -c sockx -n "__fish_sockx_needs_command" -f -a "protocol" -d 'A protocol\'s number, or a number\'s protocol name (getprotobyname, getprotobynumber)'
complete -c sockx -n "__fish_sockx_needs_command" -f -a "byteorder" -d 'Byte order of a value: htons/htonl/ntohs/ntohl (and 64-bit)'
complete -c sockx -n "__fish_sockx_needs_command" -f -a "inet" -d 'Text address to packed bytes (inet_pton/inet_aton) and back (inet_ntop)'
complete -c sockx -n "__fish_sockx_needs_command" -f -a "sockopt" -d 'Read (getsockopt) and set (setsockopt) socket options on a fresh socket'
complete -c sockx -n "__fish_sockx_needs_command" -f -a "info" -d 'What this host\'s socket layer supports: families, types, limits, defaults'
complete -c sockx -n "__fish_sockx_needs_command" -f -a "chat" -d 'UDP chat room client (the seeds\' protocol): join as NAME, send stdin lines'
complete -c sockx -n "__fish_sockx_needs_command" -f -a "chat-server" -d 'UDP chat room server (the seeds\' protocol): relay each message to the others'
complete -c sockx -n "__fish_sockx_needs_command" -f -a "forward" -d 'TCP forwarder: accept on one address, connect onward to another, relay both ways'
complete -c sockx -n "__fish_sockx_needs_command" -f -a "errno" -d 'What an errno or EAI_ code means: its number, message, the calls that return it, what to try'
complete -c sockx -n "__fish_sockx_needs_command" -f -a "socketpair" -d 'Send MESSAGES through a socketpair and show how the type keeps or merges their boundaries'
complete -c sockx -n "__fish_sockx_needs_command" -f -a "tls" -d 'TLS report: connect, handshake, and show the version, cipher, chain and verdict'
complete -c sockx -n "__fish_sockx_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sockx -n "__fish_sockx_using_subcommand listen" -s b -l backlog -d 'listen() backlog: how many finished handshakes may wait for accept' -r
complete -c sockx -n "__fish_sockx_using_subcommand listen" -l max-conns -d 'At most N connections at once (relaying with -k: 1 served, N-1 wait, more are refused)' -r
complete -c sockx -n "__fish_sockx_using_subcommand listen" -s U -l unix -d 'Listen on an AF_UNIX stream socket at PATH (@NAME: abstract namespace)' -r -F
complete -c sockx -n "__fish_sockx_using_subcommand listen" -s w -l timeout -d 'Time allowed for a connection to arrive and to stay idle (exit 4)' -r
complete -c sockx -n "__fish_sockx_using_subcommand listen" -l bufsize -d 'Bytes per recv() call (default 128k, 64k with --echo/--upper; 1024 reproduces the seeds)' -r
complete -c sockx -n "__fish_sockx_using_subcommand listen" -s i -l interval -d 'Pause between lines sent from stdin (with --ping: between attempts, default 1s)' -r
complete -c sockx -n "__fish_sockx_using_subcommand listen" -s o -l output -d 'Session log: both directions as a hex dump with direction marks and timestamps' -r -F
complete -c sockx -n "__fish_sockx_using_subcommand listen" -l log-json -d 'Session log as JSON Lines events (data in hex, t_us, unix_us)' -r -F
complete -c sockx -n "__fish_sockx_using_subcommand listen" -l frame -d 'Messages: each stdin line goes out as one, each one received comes out as a line' -r -f -a "len32\t''
len16\t''
line\t''"
complete -c sockx -n "__fish_sockx_using_subcommand listen" -l allow -d 'Let in only clients matching LIST (addresses, CIDR prefixes; comma-separated, repeatable)' -r
complete -c sockx -n "__fish_sockx_using_subcommand listen" -l deny -d 'Refuse clients matching LIST (addresses, CIDR prefixes; wins over --allow)' -r
complete -c sockx -n "__fish_sockx_using_subcommand listen" -l allow-file -d '--allow for each line of FILE (# comments, blank lines skipped)' -r -F
complete -c sockx -n "__fish_sockx_using_subcommand listen" -l deny-file -d '--deny for each line of FILE (# comments, blank lines skipped)' -r -F
complete -c sockx -n "__fish_sockx_using_subcommand listen" -l cert -d 'Certificate chain to present (PEM, leaf first); default: a throwaway one made at start' -r -F
complete -c sockx -n "__fish_sockx_using_subcommand listen" -l key -d 'Private key of --cert (PEM)' -r -F
complete -c sockx -n "__fish_sockx_using_subcommand listen" -l cafile -d 'CA certificates (PEM) that client certificates must chain to (--verify-client)' -r -F
complete -c sockx -n "__fish_sockx_using_subcommand listen" -l alpn -d 'Protocols to accept with ALPN, in order of preference (h2,http/1.1)' -r
complete -c sockx -n "__fish_sockx_using_subcommand listen" -l tls-min -d 'Lowest TLS version to accept: 1.2 or 1.3' -r
complete -c sockx -n "__fish_sockx_using_subcommand listen" -l tls-max -d 'Highest TLS version to accept: 1.2 or 1.3' -r
complete -c sockx -n "__fish_sockx_using_subcommand listen" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sockx -n "__fish_sockx_using_subcommand listen" -s k -l keep-open -d 'Accept again after each connection (the seeds\' link loop)'
complete -c sockx -n "__fish_sockx_using_subcommand listen" -l echo -d 'Send back what arrives (with -k: many connections at once)'
complete -c sockx -n "__fish_sockx_using_subcommand listen" -l upper -d 'Send back what arrives, ASCII letters upper-cased (like bytes.upper())'
complete -c sockx -n "__fish_sockx_using_subcommand listen" -s x -l hex -d 'Hex dump of both directions on stderr'
complete -c sockx -n "__fish_sockx_using_subcommand listen" -l reuseport -d 'Set SO_REUSEPORT before bind'
complete -c sockx -n "__fish_sockx_using_subcommand listen" -l progress -d 'Bytes each way and the current rate on stderr'
complete -c sockx -n "__fish_sockx_using_subcommand listen" -s C -l crlf -d 'Send each LF from stdin as CRLF (as ncat -C)'
complete -c sockx -n "__fish_sockx_using_subcommand listen" -l send-only -d 'Only send: never read the socket; end at stdin\'s EOF after shutdown(SHUT_WR)'
complete -c sockx -n "__fish_sockx_using_subcommand listen" -l recv-only -d 'Only receive: never read stdin (and send no SHUT_WR, as ncat)'
complete -c sockx -n "__fish_sockx_using_subcommand listen" -l tls -d 'Wrap each accepted connection in TLS (ssl.wrap_socket(server_side=True))'
complete -c sockx -n "__fish_sockx_using_subcommand listen" -l verify-client -d 'Ask for a client certificate and check it against --cafile'
complete -c sockx -n "__fish_sockx_using_subcommand listen" -l json -d 'Machine output: JSON documents (results) or JSON Lines events'
complete -c sockx -n "__fish_sockx_using_subcommand listen" -l trace -d 'Print every socket call on stderr, as it happens, with its result'
complete -c sockx -n "__fish_sockx_using_subcommand listen" -l trace-time -d 'With --trace: time since start, since the previous call, and each call\'s duration'
complete -c sockx -n "__fish_sockx_using_subcommand listen" -l python -d 'Print a Python 3 program that does what the command would do, instead of doing it'
complete -c sockx -n "__fish_sockx_using_subcommand listen" -s v -l verbose -d 'More status lines on stderr (repeatable)'
complete -c sockx -n "__fish_sockx_using_subcommand listen" -s q -l quiet -d 'Fewer status lines on stderr'
complete -c sockx -n "__fish_sockx_using_subcommand listen" -s 4 -d 'Use IPv4 only'
complete -c sockx -n "__fish_sockx_using_subcommand listen" -s 6 -d 'Use IPv6 only'
complete -c sockx -n "__fish_sockx_using_subcommand listen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sockx -n "__fish_sockx_using_subcommand listen" -s V -l version -d 'Print version'
complete -c sockx -n "__fish_sockx_using_subcommand connect" -s w -l timeout -d 'Connect timeout and idle timeout (settimeout)' -r
complete -c sockx -n "__fish_sockx_using_subcommand connect" -s s -l source -d 'Bind to ADDR[:PORT] before connect' -r
complete -c sockx -n "__fish_sockx_using_subcommand connect" -l keepalive -d 'SO_KEEPALIVE with TCP_KEEPIDLE[,TCP_KEEPINTVL[,TCP_KEEPCNT]] (seconds, seconds, count)' -r
complete -c sockx -n "__fish_sockx_using_subcommand connect" -l concurrency -d 'With -z: probes in flight at once (default 1000, lowered to fit RLIMIT_NOFILE)' -r
complete -c sockx -n "__fish_sockx_using_subcommand connect" -l count -d 'With --ping: stop after N attempts (default: until Ctrl-C). Long only: nc\'s -c runs a command, and no sockx option does' -r
complete -c sockx -n "__fish_sockx_using_subcommand connect" -s U -l unix -d 'Connect to an AF_UNIX stream socket at PATH (@NAME: abstract namespace)' -r -F
complete -c sockx -n "__fish_sockx_using_subcommand connect" -l bufsize -d 'Bytes per recv() call (default 128k)' -r
complete -c sockx -n "__fish_sockx_using_subcommand connect" -l proxy -d 'Connect through the proxy at HOST[:PORT] (default port 1080, 3128 for http)' -r
complete -c sockx -n "__fish_sockx_using_subcommand connect" -l proxy-type -d 'The proxy\'s protocol: socks5 (the target\'s name resolved by the proxy), socks4 (4a), http (CONNECT)' -r -f -a "socks5\t''
socks4\t''
http\t''"
complete -c sockx -n "__fish_sockx_using_subcommand connect" -l proxy-auth -d 'USER:PASS for the proxy (socks5 username/password, http Basic)' -r
complete -c sockx -n "__fish_sockx_using_subcommand connect" -l cafile -d 'Trust only the CA certificates in FILE (PEM), not the system store' -r -F
complete -c sockx -n "__fish_sockx_using_subcommand connect" -l sni -d 'Name to send (SNI) and to check the certificate against (default: HOST)' -r
complete -c sockx -n "__fish_sockx_using_subcommand connect" -l pin -d 'Accept exactly the certificate with this SHA-256 fingerprint (sha256:HEX, colons optional)' -r
complete -c sockx -n "__fish_sockx_using_subcommand connect" -l alpn -d 'Protocols to offer with ALPN, comma-separated (h2,http/1.1)' -r
complete -c sockx -n "__fish_sockx_using_subcommand connect" -l tls-min -d 'Lowest TLS version to use: 1.2 or 1.3' -r
complete -c sockx -n "__fish_sockx_using_subcommand connect" -l tls-max -d 'Highest TLS version to use: 1.2 or 1.3' -r
complete -c sockx -n "__fish_sockx_using_subcommand connect" -l cert -d 'Client certificate chain (PEM), with --key' -r -F
complete -c sockx -n "__fish_sockx_using_subcommand connect" -l key -d 'Private key of --cert (PEM)' -r -F
complete -c sockx -n "__fish_sockx_using_subcommand connect" -l starttls -d 'Upgrade a plain-text session first: smtp (EHLO, STARTTLS), imap (a1 STARTTLS) or pop3 (STLS)' -r
complete -c sockx -n "__fish_sockx_using_subcommand connect" -s i -l interval -d 'Pause between lines sent from stdin (with --ping: between attempts, default 1s)' -r
complete -c sockx -n "__fish_sockx_using_subcommand connect" -s o -l output -d 'Session log: both directions as a hex dump with direction marks and timestamps' -r -F
complete -c sockx -n "__fish_sockx_using_subcommand connect" -l log-json -d 'Session log as JSON Lines events (data in hex, t_us, unix_us)' -r -F
complete -c sockx -n "__fish_sockx_using_subcommand connect" -l frame -d 'Messages: each stdin line goes out as one, each one received comes out as a line' -r -f -a "len32\t''
len16\t''
line\t''"
complete -c sockx -n "__fish_sockx_using_subcommand connect" -l heartbeat -d 'When idle for INTERVAL send a heartbeat; MISSES (default 3) unanswered: peer dead, exit 4' -r
complete -c sockx -n "__fish_sockx_using_subcommand connect" -l heartbeat-data -d 'The heartbeat\'s bytes (default "\\n"; \\n \\r \\t \\\\ \\xNN escapes)' -r
complete -c sockx -n "__fish_sockx_using_subcommand connect" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sockx -n "__fish_sockx_using_subcommand connect" -l nodelay -d 'Set TCP_NODELAY (no Nagle delay for small writes)'
complete -c sockx -n "__fish_sockx_using_subcommand connect" -s z -l zero -d 'Zero-I/O probe: report each port open, closed or filtered (connect_ex)'
complete -c sockx -n "__fish_sockx_using_subcommand connect" -l ping -d 'Connect again and again, timing each connect, like ping'
complete -c sockx -n "__fish_sockx_using_subcommand connect" -s x -l hex -d 'Hex dump of both directions on stderr'
complete -c sockx -n "__fish_sockx_using_subcommand connect" -l progress -d 'Bytes each way and the current rate on stderr'
complete -c sockx -n "__fish_sockx_using_subcommand connect" -l tls -d 'Wrap the connection in TLS after connect (ssl.wrap_socket), verifying the server'
complete -c sockx -n "__fish_sockx_using_subcommand connect" -l insecure -d 'Do not verify the certificate (every problem is still listed on stderr)'
complete -c sockx -n "__fish_sockx_using_subcommand connect" -s C -l crlf -d 'Send each LF from stdin as CRLF (as ncat -C)'
complete -c sockx -n "__fish_sockx_using_subcommand connect" -l send-only -d 'Only send: never read the socket; end at stdin\'s EOF after shutdown(SHUT_WR)'
complete -c sockx -n "__fish_sockx_using_subcommand connect" -l recv-only -d 'Only receive: never read stdin (and send no SHUT_WR, as ncat)'
complete -c sockx -n "__fish_sockx_using_subcommand connect" -l json -d 'Machine output: JSON documents (results) or JSON Lines events'
complete -c sockx -n "__fish_sockx_using_subcommand connect" -l trace -d 'Print every socket call on stderr, as it happens, with its result'
complete -c sockx -n "__fish_sockx_using_subcommand connect" -l trace-time -d 'With --trace: time since start, since the previous call, and each call\'s duration'
complete -c sockx -n "__fish_sockx_using_subcommand connect" -l python -d 'Print a Python 3 program that does what the command would do, instead of doing it'
complete -c sockx -n "__fish_sockx_using_subcommand connect" -s v -l verbose -d 'More status lines on stderr (repeatable)'
complete -c sockx -n "__fish_sockx_using_subcommand connect" -s q -l quiet -d 'Fewer status lines on stderr'
complete -c sockx -n "__fish_sockx_using_subcommand connect" -s 4 -d 'Use IPv4 only'
complete -c sockx -n "__fish_sockx_using_subcommand connect" -s 6 -d 'Use IPv6 only'
complete -c sockx -n "__fish_sockx_using_subcommand connect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sockx -n "__fish_sockx_using_subcommand connect" -s V -l version -d 'Print version'
complete -c sockx -n "__fish_sockx_using_subcommand udp-send" -l count -d 'Send the messages N times' -r
complete -c sockx -n "__fish_sockx_using_subcommand udp-send" -l interval -d 'Pause between datagrams' -r
complete -c sockx -n "__fish_sockx_using_subcommand udp-send" -l wait -d 'Then print replies (recvfrom) until quiet this long' -r
complete -c sockx -n "__fish_sockx_using_subcommand udp-send" -s U -l unix -d 'Send to an AF_UNIX datagram socket at PATH' -r -F
complete -c sockx -n "__fish_sockx_using_subcommand udp-send" -l bufsize -d 'Largest datagram read from stdin with --raw (default: the largest UDP payload, 65507 over IPv4, 65527 over IPv6), and the reply buffer' -r
complete -c sockx -n "__fish_sockx_using_subcommand udp-send" -s s -l source -d 'Bind to ADDR[:PORT] before sending' -r
complete -c sockx -n "__fish_sockx_using_subcommand udp-send" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sockx -n "__fish_sockx_using_subcommand udp-send" -l raw -d 'Each read of stdin (up to --bufsize bytes) is one datagram, bytes untouched'
complete -c sockx -n "__fish_sockx_using_subcommand udp-send" -l broadcast -d 'Set SO_BROADCAST (needed to send to a broadcast address)'
complete -c sockx -n "__fish_sockx_using_subcommand udp-send" -l progress -d 'Datagrams and bytes sent, and the current rate, on stderr'
complete -c sockx -n "__fish_sockx_using_subcommand udp-send" -l json -d 'Machine output: JSON documents (results) or JSON Lines events'
complete -c sockx -n "__fish_sockx_using_subcommand udp-send" -l trace -d 'Print every socket call on stderr, as it happens, with its result'
complete -c sockx -n "__fish_sockx_using_subcommand udp-send" -l trace-time -d 'With --trace: time since start, since the previous call, and each call\'s duration'
complete -c sockx -n "__fish_sockx_using_subcommand udp-send" -l python -d 'Print a Python 3 program that does what the command would do, instead of doing it'
complete -c sockx -n "__fish_sockx_using_subcommand udp-send" -s v -l verbose -d 'More status lines on stderr (repeatable)'
complete -c sockx -n "__fish_sockx_using_subcommand udp-send" -s q -l quiet -d 'Fewer status lines on stderr'
complete -c sockx -n "__fish_sockx_using_subcommand udp-send" -s 4 -d 'Use IPv4 only'
complete -c sockx -n "__fish_sockx_using_subcommand udp-send" -s 6 -d 'Use IPv6 only'
complete -c sockx -n "__fish_sockx_using_subcommand udp-send" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sockx -n "__fish_sockx_using_subcommand udp-send" -s V -l version -d 'Print version'
complete -c sockx -n "__fish_sockx_using_subcommand udp-recv" -s c -l count -d 'Exit after N datagrams' -r
complete -c sockx -n "__fish_sockx_using_subcommand udp-recv" -s w -l timeout -d 'Exit when no datagram arrived for this long' -r
complete -c sockx -n "__fish_sockx_using_subcommand udp-recv" -l bufsize -d 'recvfrom buffer size; larger datagrams are reported truncated (default 65535)' -r
complete -c sockx -n "__fish_sockx_using_subcommand udp-recv" -s U -l unix -d 'Bind an AF_UNIX datagram socket at PATH (@NAME: abstract namespace)' -r -F
complete -c sockx -n "__fish_sockx_using_subcommand udp-recv" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sockx -n "__fish_sockx_using_subcommand udp-recv" -l raw -d 'Write payload bytes only, untouched, to stdout'
complete -c sockx -n "__fish_sockx_using_subcommand udp-recv" -l echo -d 'Send each datagram back to its sender'
complete -c sockx -n "__fish_sockx_using_subcommand udp-recv" -l upper -d 'Send each datagram back upper-cased (ASCII letters, like bytes.upper())'
complete -c sockx -n "__fish_sockx_using_subcommand udp-recv" -l reuseport -d 'Set SO_REUSEPORT before bind'
complete -c sockx -n "__fish_sockx_using_subcommand udp-recv" -l progress -d 'Datagram and byte counts and the current rate on stderr'
complete -c sockx -n "__fish_sockx_using_subcommand udp-recv" -l json -d 'Machine output: JSON documents (results) or JSON Lines events'
complete -c sockx -n "__fish_sockx_using_subcommand udp-recv" -l trace -d 'Print every socket call on stderr, as it happens, with its result'
complete -c sockx -n "__fish_sockx_using_subcommand udp-recv" -l trace-time -d 'With --trace: time since start, since the previous call, and each call\'s duration'
complete -c sockx -n "__fish_sockx_using_subcommand udp-recv" -l python -d 'Print a Python 3 program that does what the command would do, instead of doing it'
complete -c sockx -n "__fish_sockx_using_subcommand udp-recv" -s v -l verbose -d 'More status lines on stderr (repeatable)'
complete -c sockx -n "__fish_sockx_using_subcommand udp-recv" -s q -l quiet -d 'Fewer status lines on stderr'
complete -c sockx -n "__fish_sockx_using_subcommand udp-recv" -s 4 -d 'Use IPv4 only'
complete -c sockx -n "__fish_sockx_using_subcommand udp-recv" -s 6 -d 'Use IPv6 only'
complete -c sockx -n "__fish_sockx_using_subcommand udp-recv" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sockx -n "__fish_sockx_using_subcommand udp-recv" -s V -l version -d 'Print version'
complete -c sockx -n "__fish_sockx_using_subcommand resolve" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sockx -n "__fish_sockx_using_subcommand resolve" -l all -d 'IPv4 and IPv6 addresses (via getaddrinfo)'
complete -c sockx -n "__fish_sockx_using_subcommand resolve" -l json -d 'Machine output: JSON documents (results) or JSON Lines events'
complete -c sockx -n "__fish_sockx_using_subcommand resolve" -l trace -d 'Print every socket call on stderr, as it happens, with its result'
complete -c sockx -n "__fish_sockx_using_subcommand resolve" -l trace-time -d 'With --trace: time since start, since the previous call, and each call\'s duration'
complete -c sockx -n "__fish_sockx_using_subcommand resolve" -l python -d 'Print a Python 3 program that does what the command would do, instead of doing it'
complete -c sockx -n "__fish_sockx_using_subcommand resolve" -s v -l verbose -d 'More status lines on stderr (repeatable)'
complete -c sockx -n "__fish_sockx_using_subcommand resolve" -s q -l quiet -d 'Fewer status lines on stderr'
complete -c sockx -n "__fish_sockx_using_subcommand resolve" -s 4 -d 'Use IPv4 only'
complete -c sockx -n "__fish_sockx_using_subcommand resolve" -s 6 -d 'Use IPv6 only'
complete -c sockx -n "__fish_sockx_using_subcommand resolve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sockx -n "__fish_sockx_using_subcommand resolve" -s V -l version -d 'Print version'
complete -c sockx -n "__fish_sockx_using_subcommand getaddrinfo" -l family -d 'ai_family: inet (AF_INET), inet6 (AF_INET6) or unspec (AF_UNSPEC)' -r -f -a "inet\t''
inet6\t''
unspec\t''"
complete -c sockx -n "__fish_sockx_using_subcommand getaddrinfo" -l type -d 'ai_socktype: stream, dgram or raw' -r -f -a "stream\t''
dgram\t''
raw\t''"
complete -c sockx -n "__fish_sockx_using_subcommand getaddrinfo" -l proto -d 'ai_protocol: tcp, udp or a protocol number' -r
complete -c sockx -n "__fish_sockx_using_subcommand getaddrinfo" -l flags -d 'ai_flags, comma separated: canonname,passive,numerichost,numericserv,addrconfig,v4mapped,all' -r -f -a "canonname\t''
passive\t''
numerichost\t''
numericserv\t''
addrconfig\t''
v4mapped\t''
all\t''"
complete -c sockx -n "__fish_sockx_using_subcommand getaddrinfo" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sockx -n "__fish_sockx_using_subcommand getaddrinfo" -l no-host -d 'HOST is NULL (Python\'s None); the one argument is then PORT'
complete -c sockx -n "__fish_sockx_using_subcommand getaddrinfo" -l json -d 'Machine output: JSON documents (results) or JSON Lines events'
complete -c sockx -n "__fish_sockx_using_subcommand getaddrinfo" -l trace -d 'Print every socket call on stderr, as it happens, with its result'
complete -c sockx -n "__fish_sockx_using_subcommand getaddrinfo" -l trace-time -d 'With --trace: time since start, since the previous call, and each call\'s duration'
complete -c sockx -n "__fish_sockx_using_subcommand getaddrinfo" -l python -d 'Print a Python 3 program that does what the command would do, instead of doing it'
complete -c sockx -n "__fish_sockx_using_subcommand getaddrinfo" -s v -l verbose -d 'More status lines on stderr (repeatable)'
complete -c sockx -n "__fish_sockx_using_subcommand getaddrinfo" -s q -l quiet -d 'Fewer status lines on stderr'
complete -c sockx -n "__fish_sockx_using_subcommand getaddrinfo" -s 4 -d 'Use IPv4 only'
complete -c sockx -n "__fish_sockx_using_subcommand getaddrinfo" -s 6 -d 'Use IPv6 only'
complete -c sockx -n "__fish_sockx_using_subcommand getaddrinfo" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sockx -n "__fish_sockx_using_subcommand getaddrinfo" -s V -l version -d 'Print version'
complete -c sockx -n "__fish_sockx_using_subcommand getnameinfo" -l flags -d 'NI_ flags, comma separated: namereqd,numerichost,numericserv,dgram,nofqdn' -r -f -a "namereqd\t''
numerichost\t''
numericserv\t''
dgram\t''
nofqdn\t''"
complete -c sockx -n "__fish_sockx_using_subcommand getnameinfo" -l flowinfo -d 'IPv6 only: sin6_flowinfo of the 4-tuple (0 to 1048575)' -r
complete -c sockx -n "__fish_sockx_using_subcommand getnameinfo" -l scope-id -d 'IPv6 only: sin6_scope_id of the 4-tuple (an interface index)' -r
complete -c sockx -n "__fish_sockx_using_subcommand getnameinfo" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sockx -n "__fish_sockx_using_subcommand getnameinfo" -l json -d 'Machine output: JSON documents (results) or JSON Lines events'
complete -c sockx -n "__fish_sockx_using_subcommand getnameinfo" -l trace -d 'Print every socket call on stderr, as it happens, with its result'
complete -c sockx -n "__fish_sockx_using_subcommand getnameinfo" -l trace-time -d 'With --trace: time since start, since the previous call, and each call\'s duration'
complete -c sockx -n "__fish_sockx_using_subcommand getnameinfo" -l python -d 'Print a Python 3 program that does what the command would do, instead of doing it'
complete -c sockx -n "__fish_sockx_using_subcommand getnameinfo" -s v -l verbose -d 'More status lines on stderr (repeatable)'
complete -c sockx -n "__fish_sockx_using_subcommand getnameinfo" -s q -l quiet -d 'Fewer status lines on stderr'
complete -c sockx -n "__fish_sockx_using_subcommand getnameinfo" -s 4 -d 'Use IPv4 only'
complete -c sockx -n "__fish_sockx_using_subcommand getnameinfo" -s 6 -d 'Use IPv6 only'
complete -c sockx -n "__fish_sockx_using_subcommand getnameinfo" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sockx -n "__fish_sockx_using_subcommand getnameinfo" -s V -l version -d 'Print version'
complete -c sockx -n "__fish_sockx_using_subcommand fqdn" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sockx -n "__fish_sockx_using_subcommand fqdn" -l json -d 'Machine output: JSON documents (results) or JSON Lines events'
complete -c sockx -n "__fish_sockx_using_subcommand fqdn" -l trace -d 'Print every socket call on stderr, as it happens, with its result'
complete -c sockx -n "__fish_sockx_using_subcommand fqdn" -l trace-time -d 'With --trace: time since start, since the previous call, and each call\'s duration'
complete -c sockx -n "__fish_sockx_using_subcommand fqdn" -l python -d 'Print a Python 3 program that does what the command would do, instead of doing it'
complete -c sockx -n "__fish_sockx_using_subcommand fqdn" -s v -l verbose -d 'More status lines on stderr (repeatable)'
complete -c sockx -n "__fish_sockx_using_subcommand fqdn" -s q -l quiet -d 'Fewer status lines on stderr'
complete -c sockx -n "__fish_sockx_using_subcommand fqdn" -s 4 -d 'Use IPv4 only'
complete -c sockx -n "__fish_sockx_using_subcommand fqdn" -s 6 -d 'Use IPv6 only'
complete -c sockx -n "__fish_sockx_using_subcommand fqdn" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sockx -n "__fish_sockx_using_subcommand fqdn" -s V -l version -d 'Print version'
complete -c sockx -n "__fish_sockx_using_subcommand hostname" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sockx -n "__fish_sockx_using_subcommand hostname" -l json -d 'Machine output: JSON documents (results) or JSON Lines events'
complete -c sockx -n "__fish_sockx_using_subcommand hostname" -l trace -d 'Print every socket call on stderr, as it happens, with its result'
complete -c sockx -n "__fish_sockx_using_subcommand hostname" -l trace-time -d 'With --trace: time since start, since the previous call, and each call\'s duration'
complete -c sockx -n "__fish_sockx_using_subcommand hostname" -l python -d 'Print a Python 3 program that does what the command would do, instead of doing it'
complete -c sockx -n "__fish_sockx_using_subcommand hostname" -s v -l verbose -d 'More status lines on stderr (repeatable)'
complete -c sockx -n "__fish_sockx_using_subcommand hostname" -s q -l quiet -d 'Fewer status lines on stderr'
complete -c sockx -n "__fish_sockx_using_subcommand hostname" -s 4 -d 'Use IPv4 only'
complete -c sockx -n "__fish_sockx_using_subcommand hostname" -s 6 -d 'Use IPv6 only'
complete -c sockx -n "__fish_sockx_using_subcommand hostname" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sockx -n "__fish_sockx_using_subcommand hostname" -s V -l version -d 'Print version'
complete -c sockx -n "__fish_sockx_using_subcommand service" -l proto -d 'Protocol to look it up for (default: any, as with a NULL proto)' -r -f -a "tcp\t''
udp\t''"
complete -c sockx -n "__fish_sockx_using_subcommand service" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sockx -n "__fish_sockx_using_subcommand service" -l json -d 'Machine output: JSON documents (results) or JSON Lines events'
complete -c sockx -n "__fish_sockx_using_subcommand service" -l trace -d 'Print every socket call on stderr, as it happens, with its result'
complete -c sockx -n "__fish_sockx_using_subcommand service" -l trace-time -d 'With --trace: time since start, since the previous call, and each call\'s duration'
complete -c sockx -n "__fish_sockx_using_subcommand service" -l python -d 'Print a Python 3 program that does what the command would do, instead of doing it'
complete -c sockx -n "__fish_sockx_using_subcommand service" -s v -l verbose -d 'More status lines on stderr (repeatable)'
complete -c sockx -n "__fish_sockx_using_subcommand service" -s q -l quiet -d 'Fewer status lines on stderr'
complete -c sockx -n "__fish_sockx_using_subcommand service" -s 4 -d 'Use IPv4 only'
complete -c sockx -n "__fish_sockx_using_subcommand service" -s 6 -d 'Use IPv6 only'
complete -c sockx -n "__fish_sockx_using_subcommand service" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sockx -n "__fish_sockx_using_subcommand service" -s V -l version -d 'Print version'
complete -c sockx -n "__fish_sockx_using_subcommand protocol" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sockx -n "__fish_sockx_using_subcommand protocol" -l json -d 'Machine output: JSON documents (results) or JSON Lines events'
complete -c sockx -n "__fish_sockx_using_subcommand protocol" -l trace -d 'Print every socket call on stderr, as it happens, with its result'
complete -c sockx -n "__fish_sockx_using_subcommand protocol" -l trace-time -d 'With --trace: time since start, since the previous call, and each call\'s duration'
complete -c sockx -n "__fish_sockx_using_subcommand protocol" -l python -d 'Print a Python 3 program that does what the command would do, instead of doing it'
complete -c sockx -n "__fish_sockx_using_subcommand protocol" -s v -l verbose -d 'More status lines on stderr (repeatable)'
complete -c sockx -n "__fish_sockx_using_subcommand protocol" -s q -l quiet -d 'Fewer status lines on stderr'
complete -c sockx -n "__fish_sockx_using_subcommand protocol" -s 4 -d 'Use IPv4 only'
complete -c sockx -n "__fish_sockx_using_subcommand protocol" -s 6 -d 'Use IPv6 only'
complete -c sockx -n "__fish_sockx_using_subcommand protocol" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sockx -n "__fish_sockx_using_subcommand protocol" -s V -l version -d 'Print version'
complete -c sockx -n "__fish_sockx_using_subcommand byteorder" -l bits -d 'Width in bits: 16 (htons), 32 (htonl) or 64 (htobe64)' -r -f -a "16\t''
32\t''
64\t''"
complete -c sockx -n "__fish_sockx_using_subcommand byteorder" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sockx -n "__fish_sockx_using_subcommand byteorder" -l json -d 'Machine output: JSON documents (results) or JSON Lines events'
complete -c sockx -n "__fish_sockx_using_subcommand byteorder" -l trace -d 'Print every socket call on stderr, as it happens, with its result'
complete -c sockx -n "__fish_sockx_using_subcommand byteorder" -l trace-time -d 'With --trace: time since start, since the previous call, and each call\'s duration'
complete -c sockx -n "__fish_sockx_using_subcommand byteorder" -l python -d 'Print a Python 3 program that does what the command would do, instead of doing it'
complete -c sockx -n "__fish_sockx_using_subcommand byteorder" -s v -l verbose -d 'More status lines on stderr (repeatable)'
complete -c sockx -n "__fish_sockx_using_subcommand byteorder" -s q -l quiet -d 'Fewer status lines on stderr'
complete -c sockx -n "__fish_sockx_using_subcommand byteorder" -s 4 -d 'Use IPv4 only'
complete -c sockx -n "__fish_sockx_using_subcommand byteorder" -s 6 -d 'Use IPv6 only'
complete -c sockx -n "__fish_sockx_using_subcommand byteorder" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sockx -n "__fish_sockx_using_subcommand byteorder" -s V -l version -d 'Print version'
complete -c sockx -n "__fish_sockx_using_subcommand inet" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sockx -n "__fish_sockx_using_subcommand inet" -l unpack -d 'ADDRESS is packed bytes in hex: print the text form (inet_ntop)'
complete -c sockx -n "__fish_sockx_using_subcommand inet" -l json -d 'Machine output: JSON documents (results) or JSON Lines events'
complete -c sockx -n "__fish_sockx_using_subcommand inet" -l trace -d 'Print every socket call on stderr, as it happens, with its result'
complete -c sockx -n "__fish_sockx_using_subcommand inet" -l trace-time -d 'With --trace: time since start, since the previous call, and each call\'s duration'
complete -c sockx -n "__fish_sockx_using_subcommand inet" -l python -d 'Print a Python 3 program that does what the command would do, instead of doing it'
complete -c sockx -n "__fish_sockx_using_subcommand inet" -s v -l verbose -d 'More status lines on stderr (repeatable)'
complete -c sockx -n "__fish_sockx_using_subcommand inet" -s q -l quiet -d 'Fewer status lines on stderr'
complete -c sockx -n "__fish_sockx_using_subcommand inet" -s 4 -d 'Use IPv4 only'
complete -c sockx -n "__fish_sockx_using_subcommand inet" -s 6 -d 'Use IPv6 only'
complete -c sockx -n "__fish_sockx_using_subcommand inet" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sockx -n "__fish_sockx_using_subcommand inet" -s V -l version -d 'Print version'
complete -c sockx -n "__fish_sockx_using_subcommand sockopt" -l type -d 'The kind of socket to create' -r -f -a "tcp\t''
udp\t''
unix-stream\t''
unix-dgram\t''"
complete -c sockx -n "__fish_sockx_using_subcommand sockopt" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sockx -n "__fish_sockx_using_subcommand sockopt" -l json -d 'Machine output: JSON documents (results) or JSON Lines events'
complete -c sockx -n "__fish_sockx_using_subcommand sockopt" -l trace -d 'Print every socket call on stderr, as it happens, with its result'
complete -c sockx -n "__fish_sockx_using_subcommand sockopt" -l trace-time -d 'With --trace: time since start, since the previous call, and each call\'s duration'
complete -c sockx -n "__fish_sockx_using_subcommand sockopt" -l python -d 'Print a Python 3 program that does what the command would do, instead of doing it'
complete -c sockx -n "__fish_sockx_using_subcommand sockopt" -s v -l verbose -d 'More status lines on stderr (repeatable)'
complete -c sockx -n "__fish_sockx_using_subcommand sockopt" -s q -l quiet -d 'Fewer status lines on stderr'
complete -c sockx -n "__fish_sockx_using_subcommand sockopt" -s 4 -d 'Use IPv4 only'
complete -c sockx -n "__fish_sockx_using_subcommand sockopt" -s 6 -d 'Use IPv6 only'
complete -c sockx -n "__fish_sockx_using_subcommand sockopt" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sockx -n "__fish_sockx_using_subcommand sockopt" -s V -l version -d 'Print version'
complete -c sockx -n "__fish_sockx_using_subcommand info" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sockx -n "__fish_sockx_using_subcommand info" -l json -d 'Machine output: JSON documents (results) or JSON Lines events'
complete -c sockx -n "__fish_sockx_using_subcommand info" -l trace -d 'Print every socket call on stderr, as it happens, with its result'
complete -c sockx -n "__fish_sockx_using_subcommand info" -l trace-time -d 'With --trace: time since start, since the previous call, and each call\'s duration'
complete -c sockx -n "__fish_sockx_using_subcommand info" -l python -d 'Print a Python 3 program that does what the command would do, instead of doing it'
complete -c sockx -n "__fish_sockx_using_subcommand info" -s v -l verbose -d 'More status lines on stderr (repeatable)'
complete -c sockx -n "__fish_sockx_using_subcommand info" -s q -l quiet -d 'Fewer status lines on stderr'
complete -c sockx -n "__fish_sockx_using_subcommand info" -s 4 -d 'Use IPv4 only'
complete -c sockx -n "__fish_sockx_using_subcommand info" -s 6 -d 'Use IPv6 only'
complete -c sockx -n "__fish_sockx_using_subcommand info" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sockx -n "__fish_sockx_using_subcommand info" -s V -l version -d 'Print version'
complete -c sockx -n "__fish_sockx_using_subcommand chat" -l name -d 'Your name in the room (sent as the first datagram)' -r
complete -c sockx -n "__fish_sockx_using_subcommand chat" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sockx -n "__fish_sockx_using_subcommand chat" -l json -d 'Machine output: JSON documents (results) or JSON Lines events'
complete -c sockx -n "__fish_sockx_using_subcommand chat" -l trace -d 'Print every socket call on stderr, as it happens, with its result'
complete -c sockx -n "__fish_sockx_using_subcommand chat" -l trace-time -d 'With --trace: time since start, since the previous call, and each call\'s duration'
complete -c sockx -n "__fish_sockx_using_subcommand chat" -l python -d 'Print a Python 3 program that does what the command would do, instead of doing it'
complete -c sockx -n "__fish_sockx_using_subcommand chat" -s v -l verbose -d 'More status lines on stderr (repeatable)'
complete -c sockx -n "__fish_sockx_using_subcommand chat" -s q -l quiet -d 'Fewer status lines on stderr'
complete -c sockx -n "__fish_sockx_using_subcommand chat" -s 4 -d 'Use IPv4 only'
complete -c sockx -n "__fish_sockx_using_subcommand chat" -s 6 -d 'Use IPv6 only'
complete -c sockx -n "__fish_sockx_using_subcommand chat" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sockx -n "__fish_sockx_using_subcommand chat" -s V -l version -d 'Print version'
complete -c sockx -n "__fish_sockx_using_subcommand chat-server" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sockx -n "__fish_sockx_using_subcommand chat-server" -l json -d 'Machine output: JSON documents (results) or JSON Lines events'
complete -c sockx -n "__fish_sockx_using_subcommand chat-server" -l trace -d 'Print every socket call on stderr, as it happens, with its result'
complete -c sockx -n "__fish_sockx_using_subcommand chat-server" -l trace-time -d 'With --trace: time since start, since the previous call, and each call\'s duration'
complete -c sockx -n "__fish_sockx_using_subcommand chat-server" -l python -d 'Print a Python 3 program that does what the command would do, instead of doing it'
complete -c sockx -n "__fish_sockx_using_subcommand chat-server" -s v -l verbose -d 'More status lines on stderr (repeatable)'
complete -c sockx -n "__fish_sockx_using_subcommand chat-server" -s q -l quiet -d 'Fewer status lines on stderr'
complete -c sockx -n "__fish_sockx_using_subcommand chat-server" -s 4 -d 'Use IPv4 only'
complete -c sockx -n "__fish_sockx_using_subcommand chat-server" -s 6 -d 'Use IPv6 only'
complete -c sockx -n "__fish_sockx_using_subcommand chat-server" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sockx -n "__fish_sockx_using_subcommand chat-server" -s V -l version -d 'Print version'
complete -c sockx -n "__fish_sockx_using_subcommand forward" -l from-unix -d 'Listen on an AF_UNIX stream socket at PATH instead of [HOST] PORT' -r -F
complete -c sockx -n "__fish_sockx_using_subcommand forward" -l to-unix -d 'Connect onward to an AF_UNIX stream socket at PATH instead of TO_HOST TO_PORT' -r -F
complete -c sockx -n "__fish_sockx_using_subcommand forward" -s w -l timeout -d 'Close a connection idle this long (no byte either way)' -r
complete -c sockx -n "__fish_sockx_using_subcommand forward" -l max-conns -d 'At most N connections at once (accepting pauses at the cap)' -r
complete -c sockx -n "__fish_sockx_using_subcommand forward" -s b -l backlog -d 'listen() backlog' -r
complete -c sockx -n "__fish_sockx_using_subcommand forward" -l bufsize -d 'Bytes per recv() call; moves bytes through user space (default: splice)' -r
complete -c sockx -n "__fish_sockx_using_subcommand forward" -l allow -d 'Let in only clients matching LIST (addresses, CIDR prefixes; comma-separated, repeatable)' -r
complete -c sockx -n "__fish_sockx_using_subcommand forward" -l deny -d 'Refuse clients matching LIST (addresses, CIDR prefixes; wins over --allow)' -r
complete -c sockx -n "__fish_sockx_using_subcommand forward" -l allow-file -d '--allow for each line of FILE (# comments, blank lines skipped)' -r -F
complete -c sockx -n "__fish_sockx_using_subcommand forward" -l deny-file -d '--deny for each line of FILE (# comments, blank lines skipped)' -r -F
complete -c sockx -n "__fish_sockx_using_subcommand forward" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sockx -n "__fish_sockx_using_subcommand forward" -s x -l hex -d 'Hex dump of both directions of every connection on stderr'
complete -c sockx -n "__fish_sockx_using_subcommand forward" -l reuseport -d 'Set SO_REUSEPORT before bind'
complete -c sockx -n "__fish_sockx_using_subcommand forward" -l json -d 'Machine output: JSON documents (results) or JSON Lines events'
complete -c sockx -n "__fish_sockx_using_subcommand forward" -l trace -d 'Print every socket call on stderr, as it happens, with its result'
complete -c sockx -n "__fish_sockx_using_subcommand forward" -l trace-time -d 'With --trace: time since start, since the previous call, and each call\'s duration'
complete -c sockx -n "__fish_sockx_using_subcommand forward" -l python -d 'Print a Python 3 program that does what the command would do, instead of doing it'
complete -c sockx -n "__fish_sockx_using_subcommand forward" -s v -l verbose -d 'More status lines on stderr (repeatable)'
complete -c sockx -n "__fish_sockx_using_subcommand forward" -s q -l quiet -d 'Fewer status lines on stderr'
complete -c sockx -n "__fish_sockx_using_subcommand forward" -s 4 -d 'Use IPv4 only'
complete -c sockx -n "__fish_sockx_using_subcommand forward" -s 6 -d 'Use IPv6 only'
complete -c sockx -n "__fish_sockx_using_subcommand forward" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sockx -n "__fish_sockx_using_subcommand forward" -s V -l version -d 'Print version'
complete -c sockx -n "__fish_sockx_using_subcommand errno" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sockx -n "__fish_sockx_using_subcommand errno" -l list -d 'List every code sockx explains'
complete -c sockx -n "__fish_sockx_using_subcommand errno" -l json -d 'Machine output: JSON documents (results) or JSON Lines events'
complete -c sockx -n "__fish_sockx_using_subcommand errno" -l trace -d 'Print every socket call on stderr, as it happens, with its result'
complete -c sockx -n "__fish_sockx_using_subcommand errno" -l trace-time -d 'With --trace: time since start, since the previous call, and each call\'s duration'
complete -c sockx -n "__fish_sockx_using_subcommand errno" -l python -d 'Print a Python 3 program that does what the command would do, instead of doing it'
complete -c sockx -n "__fish_sockx_using_subcommand errno" -s v -l verbose -d 'More status lines on stderr (repeatable)'
complete -c sockx -n "__fish_sockx_using_subcommand errno" -s q -l quiet -d 'Fewer status lines on stderr'
complete -c sockx -n "__fish_sockx_using_subcommand errno" -s 4 -d 'Use IPv4 only'
complete -c sockx -n "__fish_sockx_using_subcommand errno" -s 6 -d 'Use IPv6 only'
complete -c sockx -n "__fish_sockx_using_subcommand errno" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sockx -n "__fish_sockx_using_subcommand errno" -s V -l version -d 'Print version'
complete -c sockx -n "__fish_sockx_using_subcommand socketpair" -l type -d 'Socket type of the pair' -r -f -a "stream\t''
dgram\t''
seqpacket\t''"
complete -c sockx -n "__fish_sockx_using_subcommand socketpair" -l bufsize -d 'Buffer size of each recv()' -r
complete -c sockx -n "__fish_sockx_using_subcommand socketpair" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sockx -n "__fish_sockx_using_subcommand socketpair" -l json -d 'Machine output: JSON documents (results) or JSON Lines events'
complete -c sockx -n "__fish_sockx_using_subcommand socketpair" -l trace -d 'Print every socket call on stderr, as it happens, with its result'
complete -c sockx -n "__fish_sockx_using_subcommand socketpair" -l trace-time -d 'With --trace: time since start, since the previous call, and each call\'s duration'
complete -c sockx -n "__fish_sockx_using_subcommand socketpair" -l python -d 'Print a Python 3 program that does what the command would do, instead of doing it'
complete -c sockx -n "__fish_sockx_using_subcommand socketpair" -s v -l verbose -d 'More status lines on stderr (repeatable)'
complete -c sockx -n "__fish_sockx_using_subcommand socketpair" -s q -l quiet -d 'Fewer status lines on stderr'
complete -c sockx -n "__fish_sockx_using_subcommand socketpair" -s 4 -d 'Use IPv4 only'
complete -c sockx -n "__fish_sockx_using_subcommand socketpair" -s 6 -d 'Use IPv6 only'
complete -c sockx -n "__fish_sockx_using_subcommand socketpair" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sockx -n "__fish_sockx_using_subcommand socketpair" -s V -l version -d 'Print version'
complete -c sockx -n "__fish_sockx_using_subcommand tls" -s w -l timeout -d 'Connect and handshake timeout' -r
complete -c sockx -n "__fish_sockx_using_subcommand tls" -l cafile -d 'Trust only the CA certificates in FILE (PEM), not the system store' -r -F
complete -c sockx -n "__fish_sockx_using_subcommand tls" -l sni -d 'Name to send (SNI) and to check the certificate against (default: HOST)' -r
complete -c sockx -n "__fish_sockx_using_subcommand tls" -l pin -d 'Accept exactly the certificate with this SHA-256 fingerprint (sha256:HEX, colons optional)' -r
complete -c sockx -n "__fish_sockx_using_subcommand tls" -l alpn -d 'Protocols to offer with ALPN, comma-separated (h2,http/1.1)' -r
complete -c sockx -n "__fish_sockx_using_subcommand tls" -l tls-min -d 'Lowest TLS version to use: 1.2 or 1.3' -r
complete -c sockx -n "__fish_sockx_using_subcommand tls" -l tls-max -d 'Highest TLS version to use: 1.2 or 1.3' -r
complete -c sockx -n "__fish_sockx_using_subcommand tls" -l cert -d 'Client certificate chain (PEM), with --key' -r -F
complete -c sockx -n "__fish_sockx_using_subcommand tls" -l key -d 'Private key of --cert (PEM)' -r -F
complete -c sockx -n "__fish_sockx_using_subcommand tls" -l starttls -d 'Upgrade a plain-text session first: smtp (EHLO, STARTTLS), imap (a1 STARTTLS) or pop3 (STLS)' -r
complete -c sockx -n "__fish_sockx_using_subcommand tls" -l color -d 'When to colour human output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sockx -n "__fish_sockx_using_subcommand tls" -l insecure -d 'Do not verify the certificate (every problem is still listed on stderr)'
complete -c sockx -n "__fish_sockx_using_subcommand tls" -l json -d 'Machine output: JSON documents (results) or JSON Lines events'
complete -c sockx -n "__fish_sockx_using_subcommand tls" -l trace -d 'Print every socket call on stderr, as it happens, with its result'
complete -c sockx -n "__fish_sockx_using_subcommand tls" -l trace-time -d 'With --trace: time since start, since the previous call, and each call\'s duration'
complete -c sockx -n "__fish_sockx_using_subcommand tls" -l python -d 'Print a Python 3 program that does what the command would do, instead of doing it'
complete -c sockx -n "__fish_sockx_using_subcommand tls" -s v -l verbose -d 'More status lines on stderr (repeatable)'
complete -c sockx -n "__fish_sockx_using_subcommand tls" -s q -l quiet -d 'Fewer status lines on stderr'
complete -c sockx -n "__fish_sockx_using_subcommand tls" -s 4 -d 'Use IPv4 only'
complete -c sockx -n "__fish_sockx_using_subcommand tls" -s 6 -d 'Use IPv6 only'
complete -c sockx -n "__fish_sockx_using_subcommand tls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sockx -n "__fish_sockx_using_subcommand tls" -s V -l version -d 'Print version'
complete -c sockx -n "__fish_sockx_using_subcommand help; and not __fish_seen_subcommand_from listen connect udp-send udp-recv resolve getaddrinfo getnameinfo fqdn hostname service protocol byteorder inet sockopt info chat chat-server forward errno socketpair tls help" -f -a "listen" -d 'TCP server: bind, listen, accept one connection and relay it with stdin/stdout'
complete -c sockx -n "__fish_sockx_using_subcommand help; and not __fish_seen_subcommand_from listen connect udp-send udp-recv resolve getaddrinfo getnameinfo fqdn hostname service protocol byteorder inet sockopt info chat chat-server forward errno socketpair tls help" -f -a "connect" -d 'TCP client: connect (trying every address) and relay with stdin/stdout; -z probes ports'
complete -c sockx -n "__fish_sockx_using_subcommand help; and not __fish_seen_subcommand_from listen connect udp-send udp-recv resolve getaddrinfo getnameinfo fqdn hostname service protocol byteorder inet sockopt info chat chat-server forward errno socketpair tls help" -f -a "udp-send" -d 'UDP client: send each MESSAGE (or each stdin line) as one datagram (sendto)'
complete -c sockx -n "__fish_sockx_using_subcommand help; and not __fish_seen_subcommand_from listen connect udp-send udp-recv resolve getaddrinfo getnameinfo fqdn hostname service protocol byteorder inet sockopt info chat chat-server forward errno socketpair tls help" -f -a "udp-recv" -d 'UDP server: bind and print each datagram with its sender (recvfrom)'
complete -c sockx -n "__fish_sockx_using_subcommand help; and not __fish_seen_subcommand_from listen connect udp-send udp-recv resolve getaddrinfo getnameinfo fqdn hostname service protocol byteorder inet sockopt info chat chat-server forward errno socketpair tls help" -f -a "resolve" -d 'Look a host up: gethostbyname_ex for a name, gethostbyaddr for an address'
complete -c sockx -n "__fish_sockx_using_subcommand help; and not __fish_seen_subcommand_from listen connect udp-send udp-recv resolve getaddrinfo getnameinfo fqdn hostname service protocol byteorder inet sockopt info chat chat-server forward errno socketpair tls help" -f -a "getaddrinfo" -d 'Every (family, type, proto, canonname, sockaddr) tuple getaddrinfo returns'
complete -c sockx -n "__fish_sockx_using_subcommand help; and not __fish_seen_subcommand_from listen connect udp-send udp-recv resolve getaddrinfo getnameinfo fqdn hostname service protocol byteorder inet sockopt info chat chat-server forward errno socketpair tls help" -f -a "getnameinfo" -d 'Address and port to host and service names (getnameinfo)'
complete -c sockx -n "__fish_sockx_using_subcommand help; and not __fish_seen_subcommand_from listen connect udp-send udp-recv resolve getaddrinfo getnameinfo fqdn hostname service protocol byteorder inet sockopt info chat chat-server forward errno socketpair tls help" -f -a "fqdn" -d 'The fully qualified name of a host (Python\'s socket.getfqdn)'
complete -c sockx -n "__fish_sockx_using_subcommand help; and not __fish_seen_subcommand_from listen connect udp-send udp-recv resolve getaddrinfo getnameinfo fqdn hostname service protocol byteorder inet sockopt info chat chat-server forward errno socketpair tls help" -f -a "hostname" -d 'This host\'s name (gethostname)'
complete -c sockx -n "__fish_sockx_using_subcommand help; and not __fish_seen_subcommand_from listen connect udp-send udp-recv resolve getaddrinfo getnameinfo fqdn hostname service protocol byteorder inet sockopt info chat chat-server forward errno socketpair tls help" -f -a "service" -d 'A service\'s port, or a port\'s service name (getservbyname, getservbyport)'
complete -c sockx -n "__fish_sockx_using_subcommand help; and not __fish_seen_subcommand_from listen connect udp-send udp-recv resolve getaddrinfo getnameinfo fqdn hostname service protocol byteorder inet sockopt info chat chat-server forward errno socketpair tls help" -f -a "protocol" -d 'A protocol\'s number, or a number\'s protocol name (getprotobyname, getprotobynumber)'
complete -c sockx -n "__fish_sockx_using_subcommand help; and not __fish_seen_subcommand_from listen connect udp-send udp-recv resolve getaddrinfo getnameinfo fqdn hostname service protocol byteorder inet sockopt info chat chat-server forward errno socketpair tls help" -f -a "byteorder" -d 'Byte order of a value: htons/htonl/ntohs/ntohl (and 64-bit)'
complete -c sockx -n "__fish_sockx_using_subcommand help; and not __fish_seen_subcommand_from listen connect udp-send udp-recv resolve getaddrinfo getnameinfo fqdn hostname service protocol byteorder inet sockopt info chat chat-server forward errno socketpair tls help" -f -a "inet" -d 'Text address to packed bytes (inet_pton/inet_aton) and back (inet_ntop)'
complete -c sockx -n "__fish_sockx_using_subcommand help; and not __fish_seen_subcommand_from listen connect udp-send udp-recv resolve getaddrinfo getnameinfo fqdn hostname service protocol byteorder inet sockopt info chat chat-server forward errno socketpair tls help" -f -a "sockopt" -d 'Read (getsockopt) and set (setsockopt) socket options on a fresh socket'
complete -c sockx -n "__fish_sockx_using_subcommand help; and not __fish_seen_subcommand_from listen connect udp-send udp-recv resolve getaddrinfo getnameinfo fqdn hostname service protocol byteorder inet sockopt info chat chat-server forward errno socketpair tls help" -f -a "info" -d 'What this host\'s socket layer supports: families, types, limits, defaults'
complete -c sockx -n "__fish_sockx_using_subcommand help; and not __fish_seen_subcommand_from listen connect udp-send udp-recv resolve getaddrinfo getnameinfo fqdn hostname service protocol byteorder inet sockopt info chat chat-server forward errno socketpair tls help" -f -a "chat" -d 'UDP chat room client (the seeds\' protocol): join as NAME, send stdin lines'
complete -c sockx -n "__fish_sockx_using_subcommand help; and not __fish_seen_subcommand_from listen connect udp-send udp-recv resolve getaddrinfo getnameinfo fqdn hostname service protocol byteorder inet sockopt info chat chat-server forward errno socketpair tls help" -f -a "chat-server" -d 'UDP chat room server (the seeds\' protocol): relay each message to the others'
complete -c sockx -n "__fish_sockx_using_subcommand help; and not __fish_seen_subcommand_from listen connect udp-send udp-recv resolve getaddrinfo getnameinfo fqdn hostname service protocol byteorder inet sockopt info chat chat-server forward errno socketpair tls help" -f -a "forward" -d 'TCP forwarder: accept on one address, connect onward to another, relay both ways'
complete -c sockx -n "__fish_sockx_using_subcommand help; and not __fish_seen_subcommand_from listen connect udp-send udp-recv resolve getaddrinfo getnameinfo fqdn hostname service protocol byteorder inet sockopt info chat chat-server forward errno socketpair tls help" -f -a "errno" -d 'What an errno or EAI_ code means: its number, message, the calls that return it, what to try'
complete -c sockx -n "__fish_sockx_using_subcommand help; and not __fish_seen_subcommand_from listen connect udp-send udp-recv resolve getaddrinfo getnameinfo fqdn hostname service protocol byteorder inet sockopt info chat chat-server forward errno socketpair tls help" -f -a "socketpair" -d 'Send MESSAGES through a socketpair and show how the type keeps or merges their boundaries'
complete -c sockx -n "__fish_sockx_using_subcommand help; and not __fish_seen_subcommand_from listen connect udp-send udp-recv resolve getaddrinfo getnameinfo fqdn hostname service protocol byteorder inet sockopt info chat chat-server forward errno socketpair tls help" -f -a "tls" -d 'TLS report: connect, handshake, and show the version, cipher, chain and verdict'
complete -c sockx -n "__fish_sockx_using_subcommand help; and not __fish_seen_subcommand_from listen connect udp-send udp-recv resolve getaddrinfo getnameinfo fqdn hostname service protocol byteorder inet sockopt info chat chat-server forward errno socketpair tls help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
