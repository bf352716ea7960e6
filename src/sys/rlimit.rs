//! RLIMIT_NOFILE, read and raised: the prober keeps one descriptor per probe
//! in flight, so its concurrency is bounded by what this limit leaves.

use std::io;

use super::cvt_int;

/// The (soft, hard) RLIMIT_NOFILE.
pub fn nofile() -> io::Result<(u64, u64)> {
    let mut r = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes one rlimit into r, which outlives the call.
    cvt_int(unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut r) })?;
    Ok((r.rlim_cur, r.rlim_max))
}

/// Raises the soft RLIMIT_NOFILE towards `want` (never past the hard limit,
/// never lowering it), as Go programs do at start-up: the soft limit of 1024
/// is a select(2)-era default, not a policy. Returns the soft limit now.
pub fn raise_nofile(want: u64) -> io::Result<u64> {
    let (soft, hard) = nofile()?;
    let target = want.min(hard);
    if target <= soft {
        return Ok(soft);
    }
    let r = libc::rlimit {
        rlim_cur: target,
        rlim_max: hard,
    };
    // SAFETY: setrlimit reads one rlimit from r, which outlives the call.
    cvt_int(unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &r) })?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    #[test]
    fn soft_is_at_most_hard_and_raising_keeps_it_so() {
        let (soft, hard) = super::nofile().unwrap();
        assert!(soft <= hard);
        let now = super::raise_nofile(soft).unwrap();
        assert_eq!(now, soft);
    }
}
