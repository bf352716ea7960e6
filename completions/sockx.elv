
use builtin;
use str;

set edit:completion:arg-completer[sockx] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'sockx'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'sockx'= {
            cand --color 'When to colour human output'
            cand --json 'Machine output: JSON documents (results) or JSON Lines events'
            cand --trace 'Print every socket call on stderr, as it happens, with its result'
            cand -v 'More status lines on stderr (repeatable)'
            cand --verbose 'More status lines on stderr (repeatable)'
            cand -q 'Fewer status lines on stderr'
            cand --quiet 'Fewer status lines on stderr'
            cand -4 'Use IPv4 only'
            cand -6 'Use IPv6 only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand listen 'TCP server: bind, listen, accept one connection and relay it with stdin/stdout'
            cand connect 'TCP client: connect (trying every address) and relay with stdin/stdout; -z probes ports'
            cand udp-send 'UDP client: send each MESSAGE (or each stdin line) as one datagram (sendto)'
            cand udp-recv 'UDP server: bind and print each datagram with its sender (recvfrom)'
            cand resolve 'Look a host up: gethostbyname_ex for a name, gethostbyaddr for an address'
            cand getaddrinfo 'Every (family, type, proto, canonname, sockaddr) tuple getaddrinfo returns'
            cand getnameinfo 'Address and port to host and service names (getnameinfo)'
            cand fqdn 'The fully qualified name of a host (Python''s socket.getfqdn)'
            cand hostname 'This host''s name (gethostname)'
            cand service 'A service''s port, or a port''s service name (getservbyname, getservbyport)'
            cand protocol 'A protocol''s number, or a number''s protocol name (getprotobyname, getprotobynumber)'
            cand byteorder 'Byte order of a value: htons/htonl/ntohs/ntohl (and 64-bit)'
            cand inet 'Text address to packed bytes (inet_pton/inet_aton) and back (inet_ntop)'
            cand sockopt 'Read (getsockopt) and set (setsockopt) socket options on a fresh socket'
            cand info 'What this host''s socket layer supports: families, types, limits, defaults'
            cand chat 'UDP chat room client (the seeds'' protocol): join as NAME, send stdin lines'
            cand chat-server 'UDP chat room server (the seeds'' protocol): relay each message to the others'
            cand tls 'TLS report: connect, handshake, and show the version, cipher, chain and verdict'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sockx;listen'= {
            cand -b 'listen() backlog: how many finished handshakes may wait for accept'
            cand --backlog 'listen() backlog: how many finished handshakes may wait for accept'
            cand --max-conns 'With --echo/--upper and -k: at most N connections at once'
            cand -U 'Listen on an AF_UNIX stream socket at PATH (@NAME: abstract namespace)'
            cand --unix 'Listen on an AF_UNIX stream socket at PATH (@NAME: abstract namespace)'
            cand -w 'Time allowed for a connection to arrive and to stay idle (exit 4)'
            cand --timeout 'Time allowed for a connection to arrive and to stay idle (exit 4)'
            cand --bufsize 'Bytes per recv() call (default 128k, 64k with --echo/--upper; 1024 reproduces the seeds)'
            cand --cert 'Certificate chain to present (PEM, leaf first); default: a throwaway one made at start'
            cand --key 'Private key of --cert (PEM)'
            cand --cafile 'CA certificates (PEM) that client certificates must chain to (--verify-client)'
            cand --alpn 'Protocols to accept with ALPN, in order of preference (h2,http/1.1)'
            cand --tls-min 'Lowest TLS version to accept: 1.2 or 1.3'
            cand --tls-max 'Highest TLS version to accept: 1.2 or 1.3'
            cand --color 'When to colour human output'
            cand -k 'Accept again after each connection (the seeds'' link loop)'
            cand --keep-open 'Accept again after each connection (the seeds'' link loop)'
            cand --echo 'Send back what arrives (with -k: many connections at once)'
            cand --upper 'Send back what arrives, ASCII letters upper-cased (like bytes.upper())'
            cand -x 'Hex dump of both directions on stderr'
            cand --hex 'Hex dump of both directions on stderr'
            cand --reuseport 'Set SO_REUSEPORT before bind'
            cand --progress 'Bytes each way and the current rate on stderr'
            cand --tls 'Wrap each accepted connection in TLS (ssl.wrap_socket(server_side=True))'
            cand --verify-client 'Ask for a client certificate and check it against --cafile'
            cand --json 'Machine output: JSON documents (results) or JSON Lines events'
            cand --trace 'Print every socket call on stderr, as it happens, with its result'
            cand -v 'More status lines on stderr (repeatable)'
            cand --verbose 'More status lines on stderr (repeatable)'
            cand -q 'Fewer status lines on stderr'
            cand --quiet 'Fewer status lines on stderr'
            cand -4 'Use IPv4 only'
            cand -6 'Use IPv6 only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sockx;connect'= {
            cand -w 'Connect timeout and idle timeout (settimeout)'
            cand --timeout 'Connect timeout and idle timeout (settimeout)'
            cand -s 'Bind to ADDR[:PORT] before connect'
            cand --source 'Bind to ADDR[:PORT] before connect'
            cand --keepalive 'SO_KEEPALIVE with TCP_KEEPIDLE[,TCP_KEEPINTVL[,TCP_KEEPCNT]] (seconds, seconds, count)'
            cand -U 'Connect to an AF_UNIX stream socket at PATH (@NAME: abstract namespace)'
            cand --unix 'Connect to an AF_UNIX stream socket at PATH (@NAME: abstract namespace)'
            cand --bufsize 'Bytes per recv() call (default 128k)'
            cand --cafile 'Trust only the CA certificates in FILE (PEM), not the system store'
            cand --sni 'Name to send (SNI) and to check the certificate against (default: HOST)'
            cand --pin 'Accept exactly the certificate with this SHA-256 fingerprint (sha256:HEX, colons optional)'
            cand --alpn 'Protocols to offer with ALPN, comma-separated (h2,http/1.1)'
            cand --tls-min 'Lowest TLS version to use: 1.2 or 1.3'
            cand --tls-max 'Highest TLS version to use: 1.2 or 1.3'
            cand --cert 'Client certificate chain (PEM), with --key'
            cand --key 'Private key of --cert (PEM)'
            cand --starttls 'Upgrade a plain-text session first: smtp (EHLO, STARTTLS), imap (a1 STARTTLS) or pop3 (STLS)'
            cand --color 'When to colour human output'
            cand --nodelay 'Set TCP_NODELAY (no Nagle delay for small writes)'
            cand -z 'Zero-I/O probe: report each port open or closed (connect_ex)'
            cand --zero 'Zero-I/O probe: report each port open or closed (connect_ex)'
            cand -x 'Hex dump of both directions on stderr'
            cand --hex 'Hex dump of both directions on stderr'
            cand --progress 'Bytes each way and the current rate on stderr'
            cand --tls 'Wrap the connection in TLS after connect (ssl.wrap_socket), verifying the server'
            cand --insecure 'Do not verify the certificate (every problem is still listed on stderr)'
            cand --json 'Machine output: JSON documents (results) or JSON Lines events'
            cand --trace 'Print every socket call on stderr, as it happens, with its result'
            cand -v 'More status lines on stderr (repeatable)'
            cand --verbose 'More status lines on stderr (repeatable)'
            cand -q 'Fewer status lines on stderr'
            cand --quiet 'Fewer status lines on stderr'
            cand -4 'Use IPv4 only'
            cand -6 'Use IPv6 only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sockx;udp-send'= {
            cand --count 'Send the messages N times'
            cand --interval 'Pause between datagrams'
            cand --wait 'Then print replies (recvfrom) until quiet this long'
            cand -U 'Send to an AF_UNIX datagram socket at PATH'
            cand --unix 'Send to an AF_UNIX datagram socket at PATH'
            cand --bufsize 'Largest datagram read from stdin with --raw (default: the largest UDP payload, 65507 over IPv4, 65527 over IPv6), and the reply buffer'
            cand -s 'Bind to ADDR[:PORT] before sending'
            cand --source 'Bind to ADDR[:PORT] before sending'
            cand --color 'When to colour human output'
            cand --raw 'Each read of stdin (up to --bufsize bytes) is one datagram, bytes untouched'
            cand --broadcast 'Set SO_BROADCAST (needed to send to a broadcast address)'
            cand --progress 'Datagrams and bytes sent, and the current rate, on stderr'
            cand --json 'Machine output: JSON documents (results) or JSON Lines events'
            cand --trace 'Print every socket call on stderr, as it happens, with its result'
            cand -v 'More status lines on stderr (repeatable)'
            cand --verbose 'More status lines on stderr (repeatable)'
            cand -q 'Fewer status lines on stderr'
            cand --quiet 'Fewer status lines on stderr'
            cand -4 'Use IPv4 only'
            cand -6 'Use IPv6 only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sockx;udp-recv'= {
            cand -c 'Exit after N datagrams'
            cand --count 'Exit after N datagrams'
            cand -w 'Exit when no datagram arrived for this long'
            cand --timeout 'Exit when no datagram arrived for this long'
            cand --bufsize 'recvfrom buffer size; larger datagrams are reported truncated (default 65535)'
            cand -U 'Bind an AF_UNIX datagram socket at PATH (@NAME: abstract namespace)'
            cand --unix 'Bind an AF_UNIX datagram socket at PATH (@NAME: abstract namespace)'
            cand --color 'When to colour human output'
            cand --raw 'Write payload bytes only, untouched, to stdout'
            cand --echo 'Send each datagram back to its sender'
            cand --upper 'Send each datagram back upper-cased (ASCII letters, like bytes.upper())'
            cand --reuseport 'Set SO_REUSEPORT before bind'
            cand --progress 'Datagram and byte counts and the current rate on stderr'
            cand --json 'Machine output: JSON documents (results) or JSON Lines events'
            cand --trace 'Print every socket call on stderr, as it happens, with its result'
            cand -v 'More status lines on stderr (repeatable)'
            cand --verbose 'More status lines on stderr (repeatable)'
            cand -q 'Fewer status lines on stderr'
            cand --quiet 'Fewer status lines on stderr'
            cand -4 'Use IPv4 only'
            cand -6 'Use IPv6 only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sockx;resolve'= {
            cand --color 'When to colour human output'
            cand --all 'IPv4 and IPv6 addresses (via getaddrinfo)'
            cand --json 'Machine output: JSON documents (results) or JSON Lines events'
            cand --trace 'Print every socket call on stderr, as it happens, with its result'
            cand -v 'More status lines on stderr (repeatable)'
            cand --verbose 'More status lines on stderr (repeatable)'
            cand -q 'Fewer status lines on stderr'
            cand --quiet 'Fewer status lines on stderr'
            cand -4 'Use IPv4 only'
            cand -6 'Use IPv6 only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sockx;getaddrinfo'= {
            cand --family 'ai_family: inet (AF_INET), inet6 (AF_INET6) or unspec (AF_UNSPEC)'
            cand --type 'ai_socktype: stream, dgram or raw'
            cand --proto 'ai_protocol: tcp, udp or a protocol number'
            cand --flags 'ai_flags, comma separated: canonname,passive,numerichost,numericserv,addrconfig,v4mapped,all'
            cand --color 'When to colour human output'
            cand --no-host 'HOST is NULL (Python''s None); the one argument is then PORT'
            cand --json 'Machine output: JSON documents (results) or JSON Lines events'
            cand --trace 'Print every socket call on stderr, as it happens, with its result'
            cand -v 'More status lines on stderr (repeatable)'
            cand --verbose 'More status lines on stderr (repeatable)'
            cand -q 'Fewer status lines on stderr'
            cand --quiet 'Fewer status lines on stderr'
            cand -4 'Use IPv4 only'
            cand -6 'Use IPv6 only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sockx;getnameinfo'= {
            cand --flags 'NI_ flags, comma separated: namereqd,numerichost,numericserv,dgram,nofqdn'
            cand --flowinfo 'IPv6 only: sin6_flowinfo of the 4-tuple (0 to 1048575)'
            cand --scope-id 'IPv6 only: sin6_scope_id of the 4-tuple (an interface index)'
            cand --color 'When to colour human output'
            cand --json 'Machine output: JSON documents (results) or JSON Lines events'
            cand --trace 'Print every socket call on stderr, as it happens, with its result'
            cand -v 'More status lines on stderr (repeatable)'
            cand --verbose 'More status lines on stderr (repeatable)'
            cand -q 'Fewer status lines on stderr'
            cand --quiet 'Fewer status lines on stderr'
            cand -4 'Use IPv4 only'
            cand -6 'Use IPv6 only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sockx;fqdn'= {
            cand --color 'When to colour human output'
            cand --json 'Machine output: JSON documents (results) or JSON Lines events'
            cand --trace 'Print every socket call on stderr, as it happens, with its result'
            cand -v 'More status lines on stderr (repeatable)'
            cand --verbose 'More status lines on stderr (repeatable)'
            cand -q 'Fewer status lines on stderr'
            cand --quiet 'Fewer status lines on stderr'
            cand -4 'Use IPv4 only'
            cand -6 'Use IPv6 only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sockx;hostname'= {
            cand --color 'When to colour human output'
            cand --json 'Machine output: JSON documents (results) or JSON Lines events'
            cand --trace 'Print every socket call on stderr, as it happens, with its result'
            cand -v 'More status lines on stderr (repeatable)'
            cand --verbose 'More status lines on stderr (repeatable)'
            cand -q 'Fewer status lines on stderr'
            cand --quiet 'Fewer status lines on stderr'
            cand -4 'Use IPv4 only'
            cand -6 'Use IPv6 only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sockx;service'= {
            cand --proto 'Protocol to look it up for (default: any, as with a NULL proto)'
            cand --color 'When to colour human output'
            cand --json 'Machine output: JSON documents (results) or JSON Lines events'
            cand --trace 'Print every socket call on stderr, as it happens, with its result'
            cand -v 'More status lines on stderr (repeatable)'
            cand --verbose 'More status lines on stderr (repeatable)'
            cand -q 'Fewer status lines on stderr'
            cand --quiet 'Fewer status lines on stderr'
            cand -4 'Use IPv4 only'
            cand -6 'Use IPv6 only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sockx;protocol'= {
            cand --color 'When to colour human output'
            cand --json 'Machine output: JSON documents (results) or JSON Lines events'
            cand --trace 'Print every socket call on stderr, as it happens, with its result'
            cand -v 'More status lines on stderr (repeatable)'
            cand --verbose 'More status lines on stderr (repeatable)'
            cand -q 'Fewer status lines on stderr'
            cand --quiet 'Fewer status lines on stderr'
            cand -4 'Use IPv4 only'
            cand -6 'Use IPv6 only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sockx;byteorder'= {
            cand --bits 'Width in bits: 16 (htons), 32 (htonl) or 64 (htobe64)'
            cand --color 'When to colour human output'
            cand --json 'Machine output: JSON documents (results) or JSON Lines events'
            cand --trace 'Print every socket call on stderr, as it happens, with its result'
            cand -v 'More status lines on stderr (repeatable)'
            cand --verbose 'More status lines on stderr (repeatable)'
            cand -q 'Fewer status lines on stderr'
            cand --quiet 'Fewer status lines on stderr'
            cand -4 'Use IPv4 only'
            cand -6 'Use IPv6 only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sockx;inet'= {
            cand --color 'When to colour human output'
            cand --unpack 'ADDRESS is packed bytes in hex: print the text form (inet_ntop)'
            cand --json 'Machine output: JSON documents (results) or JSON Lines events'
            cand --trace 'Print every socket call on stderr, as it happens, with its result'
            cand -v 'More status lines on stderr (repeatable)'
            cand --verbose 'More status lines on stderr (repeatable)'
            cand -q 'Fewer status lines on stderr'
            cand --quiet 'Fewer status lines on stderr'
            cand -4 'Use IPv4 only'
            cand -6 'Use IPv6 only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sockx;sockopt'= {
            cand --type 'The kind of socket to create'
            cand --color 'When to colour human output'
            cand --json 'Machine output: JSON documents (results) or JSON Lines events'
            cand --trace 'Print every socket call on stderr, as it happens, with its result'
            cand -v 'More status lines on stderr (repeatable)'
            cand --verbose 'More status lines on stderr (repeatable)'
            cand -q 'Fewer status lines on stderr'
            cand --quiet 'Fewer status lines on stderr'
            cand -4 'Use IPv4 only'
            cand -6 'Use IPv6 only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sockx;info'= {
            cand --color 'When to colour human output'
            cand --json 'Machine output: JSON documents (results) or JSON Lines events'
            cand --trace 'Print every socket call on stderr, as it happens, with its result'
            cand -v 'More status lines on stderr (repeatable)'
            cand --verbose 'More status lines on stderr (repeatable)'
            cand -q 'Fewer status lines on stderr'
            cand --quiet 'Fewer status lines on stderr'
            cand -4 'Use IPv4 only'
            cand -6 'Use IPv6 only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sockx;chat'= {
            cand --name 'Your name in the room (sent as the first datagram)'
            cand --color 'When to colour human output'
            cand --json 'Machine output: JSON documents (results) or JSON Lines events'
            cand --trace 'Print every socket call on stderr, as it happens, with its result'
            cand -v 'More status lines on stderr (repeatable)'
            cand --verbose 'More status lines on stderr (repeatable)'
            cand -q 'Fewer status lines on stderr'
            cand --quiet 'Fewer status lines on stderr'
            cand -4 'Use IPv4 only'
            cand -6 'Use IPv6 only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sockx;chat-server'= {
            cand --color 'When to colour human output'
            cand --json 'Machine output: JSON documents (results) or JSON Lines events'
            cand --trace 'Print every socket call on stderr, as it happens, with its result'
            cand -v 'More status lines on stderr (repeatable)'
            cand --verbose 'More status lines on stderr (repeatable)'
            cand -q 'Fewer status lines on stderr'
            cand --quiet 'Fewer status lines on stderr'
            cand -4 'Use IPv4 only'
            cand -6 'Use IPv6 only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sockx;tls'= {
            cand -w 'Connect and handshake timeout'
            cand --timeout 'Connect and handshake timeout'
            cand --cafile 'Trust only the CA certificates in FILE (PEM), not the system store'
            cand --sni 'Name to send (SNI) and to check the certificate against (default: HOST)'
            cand --pin 'Accept exactly the certificate with this SHA-256 fingerprint (sha256:HEX, colons optional)'
            cand --alpn 'Protocols to offer with ALPN, comma-separated (h2,http/1.1)'
            cand --tls-min 'Lowest TLS version to use: 1.2 or 1.3'
            cand --tls-max 'Highest TLS version to use: 1.2 or 1.3'
            cand --cert 'Client certificate chain (PEM), with --key'
            cand --key 'Private key of --cert (PEM)'
            cand --starttls 'Upgrade a plain-text session first: smtp (EHLO, STARTTLS), imap (a1 STARTTLS) or pop3 (STLS)'
            cand --color 'When to colour human output'
            cand --insecure 'Do not verify the certificate (every problem is still listed on stderr)'
            cand --json 'Machine output: JSON documents (results) or JSON Lines events'
            cand --trace 'Print every socket call on stderr, as it happens, with its result'
            cand -v 'More status lines on stderr (repeatable)'
            cand --verbose 'More status lines on stderr (repeatable)'
            cand -q 'Fewer status lines on stderr'
            cand --quiet 'Fewer status lines on stderr'
            cand -4 'Use IPv4 only'
            cand -6 'Use IPv6 only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'sockx;help'= {
            cand listen 'TCP server: bind, listen, accept one connection and relay it with stdin/stdout'
            cand connect 'TCP client: connect (trying every address) and relay with stdin/stdout; -z probes ports'
            cand udp-send 'UDP client: send each MESSAGE (or each stdin line) as one datagram (sendto)'
            cand udp-recv 'UDP server: bind and print each datagram with its sender (recvfrom)'
            cand resolve 'Look a host up: gethostbyname_ex for a name, gethostbyaddr for an address'
            cand getaddrinfo 'Every (family, type, proto, canonname, sockaddr) tuple getaddrinfo returns'
            cand getnameinfo 'Address and port to host and service names (getnameinfo)'
            cand fqdn 'The fully qualified name of a host (Python''s socket.getfqdn)'
            cand hostname 'This host''s name (gethostname)'
            cand service 'A service''s port, or a port''s service name (getservbyname, getservbyport)'
            cand protocol 'A protocol''s number, or a number''s protocol name (getprotobyname, getprotobynumber)'
            cand byteorder 'Byte order of a value: htons/htonl/ntohs/ntohl (and 64-bit)'
            cand inet 'Text address to packed bytes (inet_pton/inet_aton) and back (inet_ntop)'
            cand sockopt 'Read (getsockopt) and set (setsockopt) socket options on a fresh socket'
            cand info 'What this host''s socket layer supports: families, types, limits, defaults'
            cand chat 'UDP chat room client (the seeds'' protocol): join as NAME, send stdin lines'
            cand chat-server 'UDP chat room server (the seeds'' protocol): relay each message to the others'
            cand tls 'TLS report: connect, handshake, and show the version, cipher, chain and verdict'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sockx;help;listen'= {
        }
        &'sockx;help;connect'= {
        }
        &'sockx;help;udp-send'= {
        }
        &'sockx;help;udp-recv'= {
        }
        &'sockx;help;resolve'= {
        }
        &'sockx;help;getaddrinfo'= {
        }
        &'sockx;help;getnameinfo'= {
        }
        &'sockx;help;fqdn'= {
        }
        &'sockx;help;hostname'= {
        }
        &'sockx;help;service'= {
        }
        &'sockx;help;protocol'= {
        }
        &'sockx;help;byteorder'= {
        }
        &'sockx;help;inet'= {
        }
        &'sockx;help;sockopt'= {
        }
        &'sockx;help;info'= {
        }
        &'sockx;help;chat'= {
        }
        &'sockx;help;chat-server'= {
        }
        &'sockx;help;tls'= {
        }
        &'sockx;help;help'= {
        }
    ]
    $completions[$command]
}
