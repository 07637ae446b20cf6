//! A small page-layout engine: flows headings, wrapped paragraphs and tables onto A4
//! pages and records, next to the drawing, the document's logical structure (the tag
//! tree that makes the PDF accessible).
//!
//! Layout and drawing are separate steps: layout produces plain [`Op`]s per page and a
//! [`TagNode`] tree whose leaves are numbered text runs; `render` turns both into krilla
//! calls. That keeps this module free of krilla's borrow-heavy page API, lets the page
//! count be known before headers and footers ("Side 3 af 7") are added, and is reusable
//! for other reports (the status report will add charts as further `Op`s).

use std::num::NonZeroU16;

use krilla::tagging::{TableHeaderScope, Tag, TagKind};

use super::fonts::Fonts;

/// An RGB colour.
pub(crate) type Rgb = (u8, u8, u8);
pub(crate) const BLACK: Rgb = (0, 0, 0);

/// Page size and margins, in points (1/72 inch).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Geometry {
    pub width: f32,
    pub height: f32,
    pub margin_x: f32,
    pub margin_top: f32,
    pub margin_bottom: f32,
}

impl Geometry {
    pub(crate) fn a4() -> Self {
        Geometry {
            width: 595.28,
            height: 841.89,
            margin_x: 56.7, // 2 cm
            margin_top: 62.0,
            margin_bottom: 62.0,
        }
    }
}

/// One drawing instruction; `y` grows downwards from the page's top edge.
#[derive(Clone, Debug)]
pub(crate) enum Op {
    /// A single line of text at its baseline. `leaf` numbers the run in the tag tree;
    /// `None` marks an artifact (page header, footer, repeated table header).
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        color: Rgb,
        text: String,
        leaf: Option<usize>,
    },
    /// A filled rectangle (decoration, always an artifact).
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Rgb,
    },
    /// A horizontal rule (decoration, always an artifact).
    HLine {
        x1: f32,
        x2: f32,
        y: f32,
        width: f32,
        color: Rgb,
    },
    /// A rectangle's outline (decoration unless inside a figure).
    Frame {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        width: f32,
        color: Rgb,
    },
    /// A chart: its ops are drawn as one marked-content sequence, which the tag tree
    /// holds as a Figure with alternative text (numbered like a text run by `leaf`).
    Figure { leaf: usize, ops: Vec<Op> },
}

/// How one table cell looks beyond its text.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct CellStyle {
    pub fill: Option<Rgb>,
    /// Right-aligned (amounts).
    pub right: bool,
}

/// The logical structure: groups (heading, paragraph, table cell…) holding text runs.
#[derive(Debug)]
pub(crate) enum TagNode {
    Group(TagKind, Vec<TagNode>),
    Leaf(usize),
}

/// A laid-out document, ready to render.
pub(crate) struct Laid {
    pub geometry: Geometry,
    pub pages: Vec<Vec<Op>>,
    pub tree: Vec<TagNode>,
    pub leaves: usize,
}

/// A piece of inline text with one style. Span boundaries count as word breaks.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Span<'a> {
    pub text: &'a str,
    pub bold: bool,
}

impl<'a> Span<'a> {
    pub(crate) fn plain(text: &'a str) -> Self {
        Span { text, bold: false }
    }
    pub(crate) fn bold(text: &'a str) -> Self {
        Span { text, bold: true }
    }
}

/// How a paragraph looks.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ParaStyle {
    pub size: f32,
    pub indent: f32,
    pub color: Rgb,
    pub space_after: f32,
}

impl ParaStyle {
    pub(crate) fn body() -> Self {
        ParaStyle {
            size: 10.0,
            indent: 0.0,
            color: BLACK,
            space_after: 4.0,
        }
    }
}

/// A table column: header text and share of the content width (shares sum to 1).
pub(crate) struct Column<'a> {
    pub title: &'a str,
    pub share: f32,
}

/// One laid-out line: runs of one style each, with their x offsets from the line start.
struct Line {
    runs: Vec<(f32, String, bool)>,
}

const LINE_HEIGHT: f32 = 1.35;
/// Baseline below the line's top, as a share of the font size (DejaVu's ascent ≈ 0.93).
const ASCENT: f32 = 0.95;
const CELL_PAD: f32 = 4.0;

pub(crate) struct Layout<'f> {
    fonts: &'f Fonts,
    geo: Geometry,
    pages: Vec<Vec<Op>>,
    /// Top of the free space on the current page.
    y: f32,
    /// Open tag groups, innermost last; closed ones are added to their parent.
    stack: Vec<(TagKind, Vec<TagNode>)>,
    root: Vec<TagNode>,
    leaves: usize,
}

impl<'f> Layout<'f> {
    pub(crate) fn new(fonts: &'f Fonts, geo: Geometry) -> Self {
        Layout {
            fonts,
            geo,
            pages: vec![Vec::new()],
            y: geo.margin_top,
            stack: Vec::new(),
            root: Vec::new(),
            leaves: 0,
        }
    }

    pub(crate) fn fonts(&self) -> &Fonts {
        self.fonts
    }

    pub(crate) fn content_width(&self) -> f32 {
        self.geo.width - 2.0 * self.geo.margin_x
    }

    /// Where the next thing goes: page index and y (bookmark targets).
    pub(crate) fn position(&self) -> (usize, f32) {
        (self.pages.len() - 1, self.y)
    }

    fn bottom(&self) -> f32 {
        self.geo.height - self.geo.margin_bottom
    }

    fn page_is_empty(&self) -> bool {
        self.y <= self.geo.margin_top
    }

    pub(crate) fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.geo.margin_top;
    }

    /// Starts a new page unless `h` points still fit on this one.
    pub(crate) fn ensure(&mut self, h: f32) {
        if self.y + h > self.bottom() && !self.page_is_empty() {
            self.new_page();
        }
    }

    pub(crate) fn space(&mut self, h: f32) {
        if !self.page_is_empty() {
            self.y += h;
        }
    }

    /// Opens a structure group; everything laid out until [`Layout::close`] belongs to it.
    pub(crate) fn open(&mut self, kind: impl Into<TagKind>) {
        self.stack.push((kind.into(), Vec::new()));
    }

    pub(crate) fn close(&mut self) {
        let (kind, children) = self.stack.pop().expect("close() matches an open()");
        self.push_node(TagNode::Group(kind, children));
    }

    fn push_node(&mut self, node: TagNode) {
        match self.stack.last_mut() {
            Some((_, children)) => children.push(node),
            None => self.root.push(node),
        }
    }

    fn op(&mut self, op: Op) {
        self.pages.last_mut().expect("a page").push(op);
    }

    /// Text belonging to the innermost open group.
    fn tagged_text(&mut self, x: f32, y: f32, size: f32, bold: bool, color: Rgb, text: String) {
        let leaf = self.leaves;
        self.leaves += 1;
        self.push_node(TagNode::Leaf(leaf));
        self.op(Op::Text {
            x,
            y,
            size,
            bold,
            color,
            text,
            leaf: Some(leaf),
        });
    }

    /// A heading of `level` (1–6): bold, kept on the page with at least two lines after it.
    pub(crate) fn heading(&mut self, level: u16, text: &str, size: f32) {
        let lh = size * LINE_HEIGHT;
        let lines = self.wrap(&[Span::bold(text)], size, self.content_width());
        self.ensure(lh * lines.len() as f32 + 2.0 * 10.0 * LINE_HEIGHT);
        let level = NonZeroU16::new(level.clamp(1, 6)).expect("clamped to 1..=6");
        self.open(Tag::Hn(level, Some(text.to_string())));
        self.lines(lines, self.geo.margin_x, size, BLACK);
        self.close();
        self.y += size * 0.4;
    }

    /// A wrapped paragraph of mixed regular and bold text.
    pub(crate) fn paragraph(&mut self, spans: &[Span], style: ParaStyle) {
        let lines = self.wrap(spans, style.size, self.content_width() - style.indent);
        self.open(Tag::P);
        self.lines(
            lines,
            self.geo.margin_x + style.indent,
            style.size,
            style.color,
        );
        self.close();
        self.y += style.space_after;
    }

    /// A full-width tinted box with a bold line of text, e.g. "Eksempeldata".
    pub(crate) fn banner(&mut self, text: &str, fill: Rgb, color: Rgb) {
        let size = 10.0;
        let h = size * LINE_HEIGHT + 2.0 * CELL_PAD;
        self.ensure(h);
        let (x, y, w) = (self.geo.margin_x, self.y, self.content_width());
        self.op(Op::Rect { x, y, w, h, fill });
        self.open(Tag::P);
        let baseline = y + CELL_PAD + size * ASCENT;
        self.tagged_text(x + CELL_PAD, baseline, size, true, color, text.to_string());
        self.close();
        self.y += h + 6.0;
    }

    /// Lays lines, breaking pages between them.
    fn lines(&mut self, lines: Vec<Line>, x: f32, size: f32, color: Rgb) {
        let lh = size * LINE_HEIGHT;
        for line in lines {
            self.ensure(lh);
            let baseline = self.y + size * ASCENT;
            for (dx, text, bold) in line.runs {
                self.tagged_text(x + dx, baseline, size, bold, color, text);
            }
            self.y += lh;
        }
    }

    /// A table with a shaded header row, wrapped cells and row rules. A row never splits
    /// across pages; the header is repeated (as decoration) on each continuation page.
    pub(crate) fn table(&mut self, cols: &[Column], rows: &[Vec<String>], size: f32) {
        self.table_styled(cols, rows, &[], size);
    }

    /// [`Layout::table`] with per-cell styles (`styles[row][col]`; missing ones plain).
    pub(crate) fn table_styled(
        &mut self,
        cols: &[Column],
        rows: &[Vec<String>],
        styles: &[Vec<CellStyle>],
        size: f32,
    ) {
        let lh = size * LINE_HEIGHT;
        let widths: Vec<f32> = cols
            .iter()
            .map(|c| c.share * self.content_width())
            .collect();
        let wrap_row = |me: &Self, cells: &[&str], bold: bool| -> Vec<Vec<Line>> {
            cells
                .iter()
                .zip(&widths)
                .map(|(c, w)| me.wrap(&[Span { text: c, bold }], size, w - 2.0 * CELL_PAD))
                .collect()
        };
        let row_height = |cells: &[Vec<Line>]| {
            cells.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * lh + 2.0 * CELL_PAD
        };
        let titles: Vec<&str> = cols.iter().map(|c| c.title).collect();
        let head = wrap_row(self, &titles, true);
        let head_h = row_height(&head);

        self.ensure(head_h + lh + 2.0 * CELL_PAD);
        self.open(Tag::Table);
        self.open(Tag::THead);
        self.open(Tag::TR);
        self.table_row(&head, &widths, &[], head_h, size, true, true);
        self.close();
        self.close();
        self.open(Tag::TBody);
        for (r, row) in rows.iter().enumerate() {
            let style = styles.get(r).map(Vec::as_slice).unwrap_or(&[]);
            let cells: Vec<&str> = row.iter().map(String::as_str).collect();
            let laid = wrap_row(self, &cells, false);
            let h = row_height(&laid);
            if self.y + h > self.bottom() && !self.page_is_empty() {
                self.new_page();
                self.table_row(&head, &widths, &[], head_h, size, true, false);
            }
            self.open(Tag::TR);
            self.table_row(&laid, &widths, style, h, size, false, true);
            self.close();
        }
        self.close();
        self.close();
        self.y += 8.0;
    }

    /// Draws one row at the cursor. `tagged` false draws a repeated header as decoration.
    #[allow(clippy::too_many_arguments)] // private; one call per kind of row
    fn table_row(
        &mut self,
        cells: &[Vec<Line>],
        widths: &[f32],
        styles: &[CellStyle],
        h: f32,
        size: f32,
        header: bool,
        tagged: bool,
    ) {
        let (x0, y0) = (self.geo.margin_x, self.y);
        if header {
            let w = self.content_width();
            self.op(Op::Rect {
                x: x0,
                y: y0,
                w,
                h,
                fill: (225, 228, 232),
            });
        }
        let mut x = x0;
        for (c, (lines, w)) in cells.iter().zip(widths).enumerate() {
            let style = styles.get(c).copied().unwrap_or_default();
            if let Some(fill) = style.fill {
                self.op(Op::Rect {
                    x,
                    y: y0,
                    w: *w,
                    h,
                    fill,
                });
            }
            if tagged {
                if header {
                    self.open(Tag::TH(TableHeaderScope::Column));
                } else {
                    self.open(Tag::TD);
                }
            }
            for (i, line) in lines.iter().enumerate() {
                let baseline = y0 + CELL_PAD + i as f32 * size * LINE_HEIGHT + size * ASCENT;
                let shift = if style.right {
                    w - 2.0 * CELL_PAD - self.line_width(line, size)
                } else {
                    0.0
                };
                for (dx, text, bold) in &line.runs {
                    let (tx, text, bold) = (x + CELL_PAD + shift + dx, text.clone(), *bold);
                    if tagged {
                        self.tagged_text(tx, baseline, size, bold, BLACK, text);
                    } else {
                        self.op(Op::Text {
                            x: tx,
                            y: baseline,
                            size,
                            bold,
                            color: BLACK,
                            text,
                            leaf: None,
                        });
                    }
                }
            }
            if tagged {
                self.close();
            }
            x += w;
        }
        self.op(Op::HLine {
            x1: x0,
            x2: x0 + self.content_width(),
            y: y0 + h,
            width: 0.5,
            color: (160, 160, 160),
        });
        self.y = y0 + h;
    }

    fn line_width(&self, line: &Line, size: f32) -> f32 {
        line.runs
            .last()
            .map(|(dx, text, bold)| dx + self.fonts.width(text, *bold, size))
            .unwrap_or(0.0)
    }

    /// A figure `h` points tall at the cursor, kept whole on one page. `draw(x, y, w)`
    /// returns its ops for the top-left corner (x, y) and width w; the tag tree gets a
    /// Figure carrying `alt`, so a screen reader reads the description, not the shapes.
    pub(crate) fn figure(
        &mut self,
        h: f32,
        alt: &str,
        draw: impl FnOnce(f32, f32, f32) -> Vec<Op>,
    ) {
        self.ensure(h);
        let ops = draw(self.geo.margin_x, self.y, self.content_width());
        let leaf = self.leaves;
        self.leaves += 1;
        self.open(Tag::Figure(Some(alt.to_string())));
        self.push_node(TagNode::Leaf(leaf));
        self.close();
        self.op(Op::Figure { leaf, ops });
        self.y += h;
    }

    /// Greedy word wrap. Words wider than the line are broken between characters.
    fn wrap(&self, spans: &[Span], size: f32, max: f32) -> Vec<Line> {
        let mut lines = vec![Line { runs: Vec::new() }];
        let mut x = 0.0f32;
        for span in spans {
            let space = self.fonts.width(" ", span.bold, size);
            for word in span.text.split_whitespace() {
                for piece in self.break_word(word, span.bold, size, max) {
                    let w = self.fonts.width(&piece, span.bold, size);
                    let line = lines.last_mut().expect("a line");
                    if line.runs.is_empty() {
                        line.runs.push((0.0, piece, span.bold));
                        x = w;
                    } else if x + space + w <= max {
                        let last = line.runs.last_mut().expect("a run");
                        if last.2 == span.bold {
                            last.1.push(' ');
                            last.1.push_str(&piece);
                        } else {
                            // The word break is written as a real space at the start of the
                            // new run, so text extraction and screen readers see it.
                            line.runs.push((x, format!(" {piece}"), span.bold));
                        }
                        x += space + w;
                    } else {
                        lines.push(Line {
                            runs: vec![(0.0, piece, span.bold)],
                        });
                        x = w;
                    }
                }
            }
        }
        if lines.len() == 1 && lines[0].runs.is_empty() {
            lines.clear();
        }
        lines
    }

    fn break_word(&self, word: &str, bold: bool, size: f32, max: f32) -> Vec<String> {
        if self.fonts.width(word, bold, size) <= max {
            return vec![word.to_string()];
        }
        let mut out = Vec::new();
        let mut cur = String::new();
        for c in word.chars() {
            cur.push(c);
            if cur.chars().count() > 1 && self.fonts.width(&cur, bold, size) > max {
                cur.pop();
                out.push(std::mem::take(&mut cur));
                cur.push(c);
            }
        }
        out.push(cur);
        out
    }

    /// Text outside the logical structure (page header and footer).
    pub(crate) fn artifact_text(
        page: &mut Vec<Op>,
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        color: Rgb,
        text: String,
    ) {
        page.push(Op::Text {
            x,
            y,
            size,
            bold,
            color,
            text,
            leaf: None,
        });
    }

    /// Ends layout; `decorate(page, index, count)` adds headers and footers to each page.
    pub(crate) fn finish(mut self, decorate: impl Fn(&mut Vec<Op>, usize, usize)) -> Laid {
        assert!(self.stack.is_empty(), "every open() was closed");
        if self.pages.len() > 1 && self.pages.last().is_some_and(Vec::is_empty) {
            self.pages.pop();
        }
        let count = self.pages.len();
        for (i, page) in self.pages.iter_mut().enumerate() {
            decorate(page, i, count);
        }
        Laid {
            geometry: self.geo,
            pages: self.pages,
            tree: self.root,
            leaves: self.leaves,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(laid: &Laid) -> Vec<String> {
        laid.pages
            .iter()
            .flatten()
            .filter_map(|op| match op {
                Op::Text { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn wraps_within_width_and_keeps_every_word() {
        let fonts = Fonts::load().unwrap();
        let mut l = Layout::new(&fonts, Geometry::a4());
        let words = "ærlig øvelse åben ".repeat(40);
        l.paragraph(
            &[Span::bold("Beslutning:"), Span::plain(&words)],
            ParaStyle::body(),
        );
        let laid = l.finish(|_, _, _| {});
        let lines = texts(&laid);
        assert!(lines.len() > 3, "{lines:?}");
        let joined = lines.join(" ");
        assert_eq!(joined.split_whitespace().count(), 1 + 120);
        let max = Geometry::a4().width - 2.0 * Geometry::a4().margin_x;
        for op in laid.pages.iter().flatten() {
            if let Op::Text {
                x,
                text,
                bold,
                size,
                ..
            } = op
            {
                let right = x + fonts.width(text, *bold, *size);
                assert!(right <= Geometry::a4().margin_x + max + 0.01, "{text}");
            }
        }
    }

    #[test]
    fn breaks_pages_and_balances_tags() {
        let fonts = Fonts::load().unwrap();
        let mut l = Layout::new(&fonts, Geometry::a4());
        for i in 0..200 {
            l.paragraph(&[Span::plain(&format!("Linje {i}"))], ParaStyle::body());
        }
        let laid = l.finish(|_, _, _| {});
        assert!(laid.pages.len() >= 3);
        assert_eq!(laid.tree.len(), 200);
        assert_eq!(laid.leaves, 200);
    }

    #[test]
    fn overlong_word_is_split() {
        let fonts = Fonts::load().unwrap();
        let l = Layout::new(&fonts, Geometry::a4());
        let pieces = l.break_word(&"x".repeat(500), false, 10.0, 100.0);
        assert!(pieces.len() > 5);
        assert_eq!(pieces.concat().len(), 500);
    }
}
