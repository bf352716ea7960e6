//! The socket layer: addresses, the traced socket, the resolver, the option
//! catalogue, and (in the data-path modules) the relay and the servers.

pub mod addr;
pub mod echo;
pub mod errno;
pub mod inet;
pub mod netdb;
pub mod procnet;
pub mod relay;
pub mod resolve;
pub mod server;
pub mod signal;
pub mod sock;
pub mod sockopt;
pub mod stdio;
pub mod target;
pub mod udp;
