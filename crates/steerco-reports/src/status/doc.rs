//! A report as a list of blocks, built once from the data and then written as PDF, DOCX
//! or Markdown: the three formats cannot drift apart in content, and each writer only
//! decides how a block looks.

use crate::model::Lang;

/// A whole report.
pub(crate) struct Doc {
    pub lang: Lang,
    /// The document title (PDF metadata, first heading).
    pub title: String,
    /// The running page header's left part, e.g. "Workspace · Statusredegørelse 2026".
    pub running_head: String,
    /// Demo data: every page (and the top) says so.
    pub sample: bool,
    pub blocks: Vec<Block>,
}

pub(crate) enum Block {
    /// A heading, level 1-3.
    Heading(u8, String),
    /// Label: value lines under the title.
    Facts(Vec<(String, String)>),
    /// A notice no reader may miss (a cancelled meeting): a tinted full-width box.
    Banner(String),
    Para(String),
    /// Small grey text (notes under tables).
    Note(String),
    Table(Table),
    HeatMap(Box<HeatFigure>),
    Bars(BarFigure),
}

/// A semantic colour. Writers choose the tint; the cell's text always says the same in
/// words, so nothing is told by colour alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tone {
    Green,
    Amber,
    Red,
    Grey,
    BandLow,
    BandMedium,
    BandHigh,
}

impl Tone {
    pub(crate) fn of_rag(rag: &str) -> Option<Tone> {
        match rag {
            "green" => Some(Tone::Green),
            "amber" => Some(Tone::Amber),
            "red" => Some(Tone::Red),
            "grey" => Some(Tone::Grey),
            _ => None,
        }
    }

    pub(crate) fn of_band(band: &str) -> Option<Tone> {
        match band {
            "low" => Some(Tone::BandLow),
            "medium" => Some(Tone::BandMedium),
            "high" => Some(Tone::BandHigh),
            _ => None,
        }
    }

    /// Tints whose grey values differ by 25 or more (green/low about 240, amber/medium
    /// 205, grey 180, red/high 150), so a greyscale print keeps them apart and in order;
    /// black text stays legible on all of them.
    pub(crate) fn rgb(self) -> (u8, u8, u8) {
        match self {
            Tone::Green | Tone::BandLow => (230, 246, 232),
            Tone::Amber | Tone::BandMedium => (250, 203, 96),
            Tone::Red | Tone::BandHigh => (228, 118, 108),
            Tone::Grey => (180, 180, 180),
        }
    }

    /// The colour as hex, for DOCX shading.
    pub(crate) fn hex(self) -> String {
        let (r, g, b) = self.rgb();
        format!("{r:02X}{g:02X}{b:02X}")
    }
}

pub(crate) struct Cell {
    pub text: String,
    pub tone: Option<Tone>,
    /// Right-aligned in the formats that can (amounts).
    pub numeric: bool,
}

impl Cell {
    pub(crate) fn text(s: impl Into<String>) -> Cell {
        Cell {
            text: s.into(),
            tone: None,
            numeric: false,
        }
    }
    pub(crate) fn toned(s: impl Into<String>, tone: Option<Tone>) -> Cell {
        Cell {
            tone,
            ..Cell::text(s)
        }
    }
    pub(crate) fn number(s: impl Into<String>) -> Cell {
        Cell {
            numeric: true,
            ..Cell::text(s)
        }
    }
}

pub(crate) struct Table {
    /// Header text and share of the width (shares sum to 1).
    pub cols: Vec<(String, f32)>,
    pub rows: Vec<Vec<Cell>>,
}

/// The 5x5 risk map, with everything a reader needs already in words.
pub(crate) struct HeatFigure {
    pub caption: String,
    /// A description of the map for screen readers and the Markdown reader.
    pub alt: String,
    pub likelihood: String,
    pub impact: String,
    /// `cells[likelihood - 1][impact - 1]`: (count, band word, tone).
    pub cells: [[(u32, String, Option<Tone>); 5]; 5],
    /// (band word with its score range, tone), low to high.
    pub legend: Vec<(String, Option<Tone>)>,
    /// What the number in a cell means.
    pub note: String,
}

/// Horizontal stacked bars: one bar per row, one segment per series.
pub(crate) struct BarFigure {
    pub caption: String,
    pub alt: String,
    /// What the rows are, as a table's first column heading (e.g. "Fokusområde").
    pub rows_title: String,
    /// Per series, in stacking order: the word for legends and tables, a short word for
    /// the text beside each bar (where "Grå (ikke rapporteret)" would not fit), the tone.
    pub series: Vec<Series>,
    /// (row label, value per series).
    pub rows: Vec<(String, Vec<u32>)>,
}

pub(crate) struct Series {
    pub name: String,
    pub short: String,
    pub tone: Tone,
}

impl BarFigure {
    /// A row's values in words, e.g. "Grøn 3 · Gul 1", for the text beside each bar.
    pub(crate) fn row_words(&self, values: &[u32]) -> String {
        self.series
            .iter()
            .zip(values)
            .filter(|(_, v)| **v > 0)
            .map(|(s, v)| format!("{} {v}", s.short))
            .collect::<Vec<_>>()
            .join(" · ")
    }
}
