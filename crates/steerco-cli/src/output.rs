//! Writing to stdout without panicking on a closed pipe, and plain tables.

use std::io::Write;

/// Print a line; a closed pipe (`steerco ... | head`) ends quietly.
pub fn line(s: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{s}")
}

pub fn json<T: serde::Serialize>(value: &T) -> Result<(), crate::commands::CliError> {
    line(&serde_json::to_string_pretty(value)?)?;
    Ok(())
}

/// Left-aligned columns, widths from the content (counted in characters).
pub fn table(header: &[&str], rows: &[Vec<String>]) -> std::io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let fmt = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            s.push_str(cell);
            if i + 1 < cells.len() {
                s.push_str(&" ".repeat(w - cell.chars().count() + 2));
            }
        }
        s
    };
    line(&fmt(header.to_vec()))?;
    for row in rows {
        line(&fmt(row.iter().map(String::as_str).collect()))?;
    }
    Ok(())
}

/// Shorten to `max` characters with an ellipsis.
pub fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}
