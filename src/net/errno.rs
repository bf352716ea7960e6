//! errno and getaddrinfo error names (`ECONNREFUSED`, `EAI_NONAME`) and messages.
//!
//! The errno table is Linux's (generated from Python's `errno.errorcode`, so the
//! names match what a Python user sees); messages come from libc's strerror
//! (`sys::errno`).

use crate::sys;

/// The symbolic name of an errno value, as Python's `errno.errorcode` gives it.
pub fn name(errno: i32) -> Option<&'static str> {
    Some(match errno {
        1 => "EPERM",
        2 => "ENOENT",
        3 => "ESRCH",
        4 => "EINTR",
        5 => "EIO",
        6 => "ENXIO",
        7 => "E2BIG",
        8 => "ENOEXEC",
        9 => "EBADF",
        10 => "ECHILD",
        11 => "EAGAIN",
        12 => "ENOMEM",
        13 => "EACCES",
        14 => "EFAULT",
        15 => "ENOTBLK",
        16 => "EBUSY",
        17 => "EEXIST",
        18 => "EXDEV",
        19 => "ENODEV",
        20 => "ENOTDIR",
        21 => "EISDIR",
        22 => "EINVAL",
        23 => "ENFILE",
        24 => "EMFILE",
        25 => "ENOTTY",
        26 => "ETXTBSY",
        27 => "EFBIG",
        28 => "ENOSPC",
        29 => "ESPIPE",
        30 => "EROFS",
        31 => "EMLINK",
        32 => "EPIPE",
        33 => "EDOM",
        34 => "ERANGE",
        35 => "EDEADLOCK",
        36 => "ENAMETOOLONG",
        37 => "ENOLCK",
        38 => "ENOSYS",
        39 => "ENOTEMPTY",
        40 => "ELOOP",
        42 => "ENOMSG",
        43 => "EIDRM",
        44 => "ECHRNG",
        45 => "EL2NSYNC",
        46 => "EL3HLT",
        47 => "EL3RST",
        48 => "ELNRNG",
        49 => "EUNATCH",
        50 => "ENOCSI",
        51 => "EL2HLT",
        52 => "EBADE",
        53 => "EBADR",
        54 => "EXFULL",
        55 => "ENOANO",
        56 => "EBADRQC",
        57 => "EBADSLT",
        59 => "EBFONT",
        60 => "ENOSTR",
        61 => "ENODATA",
        62 => "ETIME",
        63 => "ENOSR",
        64 => "ENONET",
        65 => "ENOPKG",
        66 => "EREMOTE",
        67 => "ENOLINK",
        68 => "EADV",
        69 => "ESRMNT",
        70 => "ECOMM",
        71 => "EPROTO",
        72 => "EMULTIHOP",
        73 => "EDOTDOT",
        74 => "EBADMSG",
        75 => "EOVERFLOW",
        76 => "ENOTUNIQ",
        77 => "EBADFD",
        78 => "EREMCHG",
        79 => "ELIBACC",
        80 => "ELIBBAD",
        81 => "ELIBSCN",
        82 => "ELIBMAX",
        83 => "ELIBEXEC",
        84 => "EILSEQ",
        85 => "ERESTART",
        86 => "ESTRPIPE",
        87 => "EUSERS",
        88 => "ENOTSOCK",
        89 => "EDESTADDRREQ",
        90 => "EMSGSIZE",
        91 => "EPROTOTYPE",
        92 => "ENOPROTOOPT",
        93 => "EPROTONOSUPPORT",
        94 => "ESOCKTNOSUPPORT",
        95 => "ENOTSUP",
        96 => "EPFNOSUPPORT",
        97 => "EAFNOSUPPORT",
        98 => "EADDRINUSE",
        99 => "EADDRNOTAVAIL",
        100 => "ENETDOWN",
        101 => "ENETUNREACH",
        102 => "ENETRESET",
        103 => "ECONNABORTED",
        104 => "ECONNRESET",
        105 => "ENOBUFS",
        106 => "EISCONN",
        107 => "ENOTCONN",
        108 => "ESHUTDOWN",
        109 => "ETOOMANYREFS",
        110 => "ETIMEDOUT",
        111 => "ECONNREFUSED",
        112 => "EHOSTDOWN",
        113 => "EHOSTUNREACH",
        114 => "EALREADY",
        115 => "EINPROGRESS",
        116 => "ESTALE",
        117 => "EUCLEAN",
        118 => "ENOTNAM",
        119 => "ENAVAIL",
        120 => "EISNAM",
        121 => "EREMOTEIO",
        122 => "EDQUOT",
        123 => "ENOMEDIUM",
        124 => "EMEDIUMTYPE",
        125 => "ECANCELED",
        126 => "ENOKEY",
        127 => "EKEYEXPIRED",
        128 => "EKEYREVOKED",
        129 => "EKEYREJECTED",
        130 => "EOWNERDEAD",
        131 => "ENOTRECOVERABLE",
        132 => "ERFKILL",
        _ => return None,
    })
}

/// The name, or `errno N` for a number the table does not know.
pub fn name_or_number(errno: i32) -> String {
    name(errno).map_or_else(|| format!("errno {errno}"), str::to_string)
}

/// libc's message for an errno value (`Connection refused`).
pub fn message(errno: i32) -> String {
    sys::errno::strerror(errno).unwrap_or_else(|| format!("Unknown error {errno}"))
}

/// The errno of an io::Error, if it came from the OS.
pub fn of(e: &std::io::Error) -> Option<i32> {
    e.raw_os_error()
}

/// glibc's EAI_ADDRFAMILY (a GNU extension the libc crate does not export).
pub const EAI_ADDRFAMILY: i32 = -9;

/// The symbolic name of a getaddrinfo/getnameinfo error code.
pub fn gai_name(code: i32) -> &'static str {
    match code {
        EAI_ADDRFAMILY => "EAI_ADDRFAMILY",
        libc::EAI_AGAIN => "EAI_AGAIN",
        libc::EAI_BADFLAGS => "EAI_BADFLAGS",
        libc::EAI_FAIL => "EAI_FAIL",
        libc::EAI_FAMILY => "EAI_FAMILY",
        libc::EAI_MEMORY => "EAI_MEMORY",
        libc::EAI_NODATA => "EAI_NODATA",
        libc::EAI_NONAME => "EAI_NONAME",
        libc::EAI_OVERFLOW => "EAI_OVERFLOW",
        libc::EAI_SERVICE => "EAI_SERVICE",
        libc::EAI_SOCKTYPE => "EAI_SOCKTYPE",
        libc::EAI_SYSTEM => "EAI_SYSTEM",
        _ => "EAI_UNKNOWN",
    }
}

/// libc's message for a getaddrinfo error code (gai_strerror).
pub fn gai_message(code: i32) -> String {
    sys::errno::gai_strerror(code).unwrap_or_else(|| format!("Unknown error {code}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_and_messages() {
        assert_eq!(super::name(libc::ECONNREFUSED), Some("ECONNREFUSED"));
        assert_eq!(super::name(libc::EADDRINUSE), Some("EADDRINUSE"));
        assert_eq!(super::message(libc::ECONNREFUSED), "Connection refused");
        assert_eq!(super::name_or_number(9999), "errno 9999");
        assert_eq!(super::gai_name(libc::EAI_NONAME), "EAI_NONAME");
        assert_eq!(
            super::gai_message(libc::EAI_NONAME),
            "Name or service not known"
        );
    }
}
