//! The `-x` hex dump: each chunk that crosses the socket, on stderr, with a
//! direction mark (`>` sent, `<` received), a running offset per direction,
//! 16 bytes as hex, then ASCII with `.` for anything unprintable, so no byte
//! from the network reaches the terminal raw. Under --json each chunk is a
//! `data` event with the same offset and the bytes in lowercase hex.

use super::escape;

/// Formats `data`, starting at `offset`, as hexdump -C lines behind `mark`.
pub fn lines(mark: char, offset: u64, data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len() * 5 + 16);
    for (i, row) in data.chunks(16).enumerate() {
        let off = offset + (i * 16) as u64;
        out.push_str(&format!("{mark} {off:08x}  "));
        for j in 0..16 {
            match row.get(j) {
                Some(b) => out.push_str(&format!("{b:02x} ")),
                None => out.push_str("   "),
            }
            if j == 7 {
                out.push(' ');
            }
        }
        out.push_str(" |");
        escape::ascii_column(row, &mut out);
        out.push_str("|\n");
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn hexdump_c_layout() {
        let s = super::lines('>', 16, b"hello\x00world\n0123456789");
        let mut l = s.lines();
        assert_eq!(
            l.next().unwrap(),
            "> 00000010  68 65 6c 6c 6f 00 77 6f  72 6c 64 0a 30 31 32 33  |hello.world.0123|"
        );
        assert_eq!(
            l.next().unwrap(),
            "> 00000020  34 35 36 37 38 39                                 |456789|"
        );
    }
}
