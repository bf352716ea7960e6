//! The socket layer: addresses, the traced socket, the resolver, the option
//! catalogue, and (in the data-path modules) the relay and the servers.

pub mod addr;
// TODO(engine core): unsafe moves to sys/
#[allow(unsafe_code)]
pub mod echo;
pub mod errno;
pub mod inet;
pub mod netdb;
// TODO(engine core): unsafe moves to sys/
#[allow(unsafe_code)]
pub mod relay;
pub mod resolve;
pub mod server;
// TODO(engine core): unsafe moves to sys/
#[allow(unsafe_code)]
pub mod signal;
// TODO(engine core): unsafe moves to sys/
#[allow(unsafe_code)]
pub mod sock;
pub mod sockopt;
// TODO(engine core): unsafe moves to sys/
#[allow(unsafe_code)]
pub mod stdio;
pub mod target;
// TODO(engine core): unsafe moves to sys/
#[allow(unsafe_code)]
pub mod udp;
