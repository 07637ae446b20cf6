//! Minutes as Markdown (CommonMark / GitHub-flavoured).
//!
//! Every piece of user text goes through [`escape`]: titles and outcomes are data, and a
//! title such as `[x](javascript:…)` or `<script>` must stay literal text wherever the
//! file is later rendered.

use crate::model::{ExportOptions, Minutes};
use crate::text::{self, labels};

/// The minutes as a Markdown document (LF line endings, ends with a newline).
pub fn minutes_markdown(m: &Minutes, opts: &ExportOptions) -> String {
    let lang = opts.language;
    let l = labels(lang);
    let mut out = String::new();
    let sample = |out: &mut String| {
        if m.meeting.sample_data {
            out.push_str(&format!("> **{}**\n\n", l.sample_data));
        }
    };

    out.push_str(&format!("# {}\n\n", escape(&text::document_title(m, lang))));
    sample(&mut out);
    for (label, value) in text::facts(m, lang) {
        // Two trailing spaces: a hard line break, so the facts stay one per line.
        out.push_str(&format!("**{}:** {}  \n", label, escape(&value)));
    }
    out.push('\n');

    out.push_str(&format!("## {}\n\n", l.attendance));
    sample(&mut out);
    if m.attendance.is_empty() {
        out.push_str(&format!("{}\n\n", l.no_attendance));
    } else {
        out.push_str(&format!(
            "| {} | {} | {} |\n|---|---|---|\n",
            l.name, l.role, l.status
        ));
        for a in &m.attendance {
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                escape(&a.name),
                escape(&text::vocabulary(a.role.as_deref().unwrap_or(""), lang)),
                text::attendance_status(a.status, lang)
            ));
        }
        out.push('\n');
    }

    out.push_str(&format!("## {}\n\n", l.agenda));
    sample(&mut out);
    let mut any = false;
    for item in text::visible_items(m, opts) {
        any = true;
        out.push_str(&format!(
            "### {}\n\n",
            escape(&text::item_heading(item, lang))
        ));
        if let Some(meta) = text::item_meta(item, lang) {
            out.push_str(&format!("*{}*\n\n", escape(&meta)));
        }
        let lines = text::item_lines(item, lang);
        for (label, body) in &lines {
            out.push_str(&format!("- **{}** {}\n", label, escape(body)));
        }
        if !lines.is_empty() {
            out.push('\n');
        }
        if item.follow_up {
            follow_up(&mut out, m, lang);
        }
    }
    if !any {
        out.push_str(&format!("{}\n\n", l.no_items));
    }
    if text::follow_up_orphaned(m) {
        out.push_str(&format!("### {}\n\n", escape(l.follow_up)));
        follow_up(&mut out, m, lang);
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// The carried-over actions with their state at the meeting, one bullet each.
fn follow_up(out: &mut String, m: &Minutes, lang: crate::model::Lang) {
    for f in &m.follow_up {
        out.push_str(&format!(
            "- {}\n",
            escape(&text::follow_up_line(f, lang, true))
        ));
    }
    if !m.follow_up.is_empty() {
        out.push('\n');
    }
}

/// Escapes text so it renders literally, inline, on one line.
///
/// CommonMark lets a backslash escape any ASCII punctuation, so every character that can
/// start or end inline markup is escaped: that stops links and images (`[`, `]`; with
/// those escaped, `(`, `)` and `!` cannot form one and stay readable), raw HTML and
/// autolinks (`<`), entities (`&`), emphasis, strike-through, code, table cells (`|`) and
/// heading closers (`#`). Line breaks become spaces so text cannot open a new block.
/// Block markers that only count at the start of a line (`-`, `+`, `1.`) are left alone,
/// which keeps dates readable: every caller puts a prefix ("# ", "| ", "- **…** ")
/// before escaped text, so it never starts a line.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in text::one_line(s).chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '<' | '>' | '&' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_link_and_html() {
        assert_eq!(escape("[x](y)"), "\\[x\\](y)");
        assert_eq!(escape("<b>"), "\\<b\\>");
        assert_eq!(escape("a\nb"), "a b");
    }
}
