//! sockx's integration tests: one binary, one module per area. Every test runs
//! the real binary on loopback and compares it with an oracle (python3's socket
//! module, nc, ncat, socat), never with a copy of sockx's own output.

mod util;
mod netns;

mod docs;
mod result_cmds;
