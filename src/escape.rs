//! Escaping for everything that is rendered (not relayed): bytes from the
//! network or from arguments never reach a terminal raw, so a peer cannot
//! move the cursor, change the title or hide text with control sequences.
//! Payload relayed to stdout (and `--raw`) is the user's data and is not
//! touched here.

use std::borrow::Cow;
use std::fmt::Write;

fn is_control(c: char) -> bool {
    // C0, DEL, C1, and the bidi controls that can reorder what a line shows
    // (embeddings, overrides, isolates, and the invisible LRM/RLM/ALM marks).
    c.is_control()
        || matches!(
            c,
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}'
        )
}

fn push_escaped_char(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if (c as u32) < 0x100 => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c => {
            let _ = write!(out, "\\u{:04x}", c as u32);
        }
    }
}

/// A string with control characters escaped (`\n`, `\x1b`); borrowed when clean.
pub fn text(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_control) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_control(c) {
            push_escaped_char(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Bytes as text for a human rendering: printable UTF-8 kept, backslash
/// doubled, control characters and invalid bytes escaped (`\x00`, `\xff`).
pub fn bytes(b: &[u8]) -> String {
    let mut out = String::with_capacity(b.len());
    for chunk in b.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '\\' {
                out.push_str("\\\\");
            } else if is_control(c) {
                push_escaped_char(&mut out, c);
            } else {
                out.push(c);
            }
        }
        for &x in chunk.invalid() {
            let _ = write!(out, "\\x{x:02x}");
        }
    }
    out
}

/// Python's `repr()` of a str: `'abc'`, `"it's"`, with `\n`, `\x1b` escapes.
pub fn py_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_control(c) => push_escaped_char(&mut out, c),
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Python's `repr()` of bytes: `b'GET /\r\n'`.
pub fn py_bytes(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut out = String::with_capacity(b.len() + 3);
    out.push('b');
    out.push(quote as char);
    for &x in b {
        match x {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            x if x == quote => {
                out.push('\\');
                out.push(x as char);
            }
            0x20..=0x7e => out.push(x as char),
            x => {
                let _ = write!(out, "\\x{x:02x}");
            }
        }
    }
    out.push(quote as char);
    out
}

/// The ASCII column of a hex dump: printable ASCII as is, everything else `.`.
pub fn ascii_column(b: &[u8], out: &mut String) {
    out.extend(b.iter().map(|&x| {
        if (0x20..0x7f).contains(&x) {
            x as char
        } else {
            '.'
        }
    }));
}

/// serde_json escapes only C0 controls, `"` and `\\`; this formatter also
/// writes DEL, C1 and the bidi controls as `\\uXXXX`, so JSON Lines read on
/// a terminal cannot act on it either. The data is the same JSON.
struct TerminalSafe;

impl serde_json::ser::Formatter for TerminalSafe {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if c == '\u{7f}' || is_control(c) {
                w.write_all(&fragment.as_bytes()[start..i])?;
                write!(w, "\\u{:04x}", c as u32)?;
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
    }
}

/// `serde_json::to_writer` with [`TerminalSafe`] escaping.
pub fn json_to_writer<W: std::io::Write, T: serde::Serialize + ?Sized>(
    w: W,
    v: &T,
) -> serde_json::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(w, TerminalSafe);
    v.serialize(&mut ser)
}

/// `serde_json::to_string` with [`TerminalSafe`] escaping.
pub fn json_string<T: serde::Serialize + ?Sized>(v: &T) -> serde_json::Result<String> {
    let mut out = Vec::with_capacity(128);
    json_to_writer(&mut out, v)?;
    // The serializer writes UTF-8 only (strings are str, escapes are ASCII).
    String::from_utf8(out).map_err(|e| serde::ser::Error::custom(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_bytes_never_pass() {
        assert_eq!(text("a\x1b[2Jb"), "a\\x1b[2Jb");
        assert_eq!(text("plain"), Cow::Borrowed("plain"));
        assert_eq!(bytes(b"hi\n\x00\xff\\"), "hi\\n\\x00\\xff\\\\");
        assert_eq!(bytes("加入了群聊".as_bytes()), "加入了群聊");
        assert_eq!(bytes("\u{9b}".as_bytes()), "\\x9b");
        assert_eq!(text("\u{202e}evil"), "\\u202eevil");
    }

    #[test]
    fn python_reprs() {
        assert_eq!(py_str("vm"), "'vm'");
        assert_eq!(py_str("it's"), "\"it's\"");
        assert_eq!(py_str("a\tb"), "'a\\tb'");
        assert_eq!(py_bytes(b"hi\r\n\x00"), "b'hi\\r\\n\\x00'");
    }

    #[test]
    fn json_is_terminal_safe_and_the_same_data() {
        let v = serde_json::json!({"text": "a\u{1b}[2J\u{9b}\u{202e}\u{7f}\"\\\u{0}é你"});
        let s = json_string(&v).unwrap();
        assert_eq!(s, r#"{"text":"a\u001b[2J\u009b\u202e\u007f\"\\\u0000é你"}"#);
        assert_eq!(serde_json::from_str::<serde_json::Value>(&s).unwrap(), v);
    }

    #[test]
    fn hexdump_ascii() {
        let mut s = String::new();
        ascii_column(b"ab\x00\x7f~", &mut s);
        assert_eq!(s, "ab..~");
    }
}
