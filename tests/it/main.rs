//! sockx's integration tests: one binary, one module per area. Every test runs
//! the real binary on loopback and compares it with an oracle (python3's socket
//! module, nc, ncat, socat), never with a copy of sockx's own output.

mod netns;
mod python_gen;
mod python_run;
mod util;

mod acl;
mod chat;
mod completions;
mod docs;
mod edges_a;
mod edges_b;
mod engine;
mod faults;
mod forward;
mod hostile;
mod learn;
mod load;
mod module_cmds;
mod probe;
mod proxy;
mod result_cmds;
mod safety;
mod tcp;
mod terminal;
mod tls;
mod tutorial;
mod udp;
mod ux;
