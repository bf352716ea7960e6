//! The human renderer's palette and layout helpers. A `Paint` either colours
//! or passes text through, so renderers never branch on colour (dog's
//! colours.rs idea); alignment is computed on the plain text.

use colored::Colorize;

#[derive(Debug, Clone, Copy)]
pub struct Paint {
    on: bool,
}

impl Paint {
    pub fn new(on: bool) -> Paint {
        if on {
            // The decision is ours (NO_COLOR, --color, isatty per stream); keep
            // the crate from second-guessing it from its own environment checks.
            colored::control::set_override(true);
        }
        Paint { on }
    }

    pub fn enabled(&self) -> bool {
        self.on
    }

    fn paint(&self, s: &str, f: impl FnOnce(&str) -> colored::ColoredString) -> String {
        if self.on {
            f(s).to_string()
        } else {
            s.to_string()
        }
    }

    /// Row labels and table headers.
    pub fn label(&self, s: &str) -> String {
        self.paint(s, |s| s.cyan())
    }
    /// The value a command was asked for.
    pub fn value(&self, s: &str) -> String {
        self.paint(s, |s| s.bold())
    }
    /// Open ports, successful calls.
    pub fn good(&self, s: &str) -> String {
        self.paint(s, |s| s.green())
    }
    /// Errors, closed ports, failed calls.
    pub fn bad(&self, s: &str) -> String {
        self.paint(s, |s| s.red().bold())
    }
    /// Warnings and notable values (a requested value the kernel changed).
    pub fn warn(&self, s: &str) -> String {
        self.paint(s, |s| s.yellow())
    }
    /// Secondary text: hints, offsets.
    pub fn dim(&self, s: &str) -> String {
        self.paint(s, |s| s.dimmed())
    }
    /// Function names in the trace.
    pub fn call(&self, s: &str) -> String {
        self.paint(s, |s| s.blue().bold())
    }
    /// Addresses.
    pub fn addr(&self, s: &str) -> String {
        self.paint(s, |s| s.magenta())
    }
}

/// Display width of plain text (one column per char; good enough for the
/// ASCII and CJK-free text that lands in tables).
fn width(s: &str) -> usize {
    s.chars().count()
}

/// A space-separated list for a table cell, escaped; a dim `-` when empty.
pub fn list(p: &Paint, items: &[String]) -> String {
    if items.is_empty() {
        p.dim("-")
    } else {
        super::escape::text(&items.join(" ")).into_owned()
    }
}

/// Key/value lines with the keys aligned: `host order   little`.
pub fn kv(p: &Paint, rows: &[(&str, String)]) -> String {
    let w = rows.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
    let mut out = String::new();
    for (k, v) in rows {
        out.push_str(&p.label(k));
        out.push_str(&" ".repeat(w - width(k) + 2));
        out.push_str(v);
        out.push('\n');
    }
    out
}

/// A table: optional header, columns padded to their widest plain cell.
/// Cells are given plain, and `style(row, col, text)` may colour them after
/// padding is computed. The last column is not padded.
pub fn table(
    p: &Paint,
    header: &[&str],
    rows: &[Vec<String>],
    style: impl Fn(usize, usize, &str) -> String,
) -> String {
    let ncol = header
        .len()
        .max(rows.iter().map(Vec::len).max().unwrap_or(0));
    let mut widths = vec![0; ncol];
    for (i, h) in header.iter().enumerate() {
        widths[i] = widths[i].max(width(h));
    }
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(width(c));
        }
    }
    let mut out = String::new();
    let mut push_row = |cells: Vec<(usize, String)>| {
        let n = cells.len();
        for (i, (plain_w, styled)) in cells.into_iter().enumerate() {
            out.push_str(&styled);
            if i + 1 < n {
                out.push_str(&" ".repeat(widths[i].saturating_sub(plain_w) + 2));
            }
        }
        out.push('\n');
    };
    if !header.is_empty() {
        push_row(header.iter().map(|h| (width(h), p.label(h))).collect());
    }
    for (ri, r) in rows.iter().enumerate() {
        push_row(
            r.iter()
                .enumerate()
                .map(|(i, c)| (width(c), style(ri, i, c)))
                .collect(),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kv_aligns_keys() {
        let p = Paint::new(false);
        let s = kv(&p, &[("a", "1".into()), ("long key", "2".into())]);
        assert_eq!(s, "a         1\nlong key  2\n");
    }

    #[test]
    fn table_aligns_columns() {
        let p = Paint::new(false);
        let rows = vec![
            vec!["x".to_string(), "1".into()],
            vec!["yyy".into(), "2".into()],
        ];
        let s = table(&p, &["name", "v"], &rows, |_, _, c| c.to_string());
        assert_eq!(s, "name  v\nx     1\nyyy   2\n");
    }
}
