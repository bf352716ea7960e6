//! The socket layer: addresses, the traced socket, the resolver, the option
//! catalogue, and (in the data-path modules) the relay and the servers.

pub mod addr;
pub mod errno;
pub mod resolve;
pub mod sock;
pub mod sockopt;
