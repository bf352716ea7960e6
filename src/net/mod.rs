//! The socket layer: addresses, the resolver, the option catalogue, the
//! byte-stream seam, and the engines of the data path (the relay, the echo
//! server). Safe code only: the raw calls are in `sys`.

pub mod acl;
pub mod addr;
pub mod dgram_recv;
pub mod dgram_send;
pub mod echo;
pub mod errno;
pub mod forward;
pub mod framescan;
pub mod inet;
pub mod lobby;
pub mod netdb;
pub mod ping;
pub mod probe;
pub mod procnet;
pub mod proxy;
pub mod relay;
pub mod resolve;
pub mod server;
pub mod signal;
pub use crate::sys::sock;
pub mod sockopt;
pub mod stdio;
pub mod stream;
pub mod target;
pub mod tls;
/// Datagram batches (recvmmsg/sendmmsg, UDP GSO): raw calls, so in `sys`.
pub use crate::sys::mmsg as udp;
