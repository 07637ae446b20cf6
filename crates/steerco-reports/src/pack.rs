//! The board pack ("Mødemappe"): one PDF with a cover, the agenda listing each item's
//! papers with the page where each starts, then every PDF paper's own pages in agenda
//! order, and a bookmark per item and per paper.
//!
//! The papers' pages are copied as they are (krilla's "pdf" feature, on hayro), never
//! redrawn. A paper that is not a PDF is listed by name as not included; a PDF that
//! cannot be read (damaged, or locked with a password) is listed as could not be
//! included: one bad file never costs the committee its pack.

use std::sync::Arc;

use krilla::configure::{ConfigurationBuilder, PdfVersion};
use krilla::destination::XyzDestination;
use krilla::geom::Point;
use krilla::outline::{Outline, OutlineNode};
use krilla::pdf::{Pdf, PdfDocument};

use crate::error::ReportError;
use crate::model::{ExportOptions, Lang, MeetingHeader};
use crate::pdf::layout::{CellStyle, Column, Geometry, Laid, Layout, Op, ParaStyle, Span};
use crate::pdf::{fit, fonts, render, Furniture, MUTED, SAMPLE_FILL, SAMPLE_TEXT};
use crate::text::{self, labels, one_line};

/// A meeting's board pack, ready to export: the meeting and its agenda items in order,
/// each with its papers (the newest version of each attachment, bytes included).
#[derive(Clone, Debug, PartialEq)]
pub struct BoardPack {
    /// With demo data, "Eksempeldata" on every page the pack draws itself.
    pub meeting: MeetingHeader,
    /// In agenda order; closed items included, left out with `omit_closed`.
    pub items: Vec<PackItem>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PackItem {
    /// 1-based number shown before the title.
    pub position: u32,
    pub title: String,
    pub presenter: Option<String>,
    /// A closed (confidential) item: with `omit_closed` it and its papers are left out.
    pub closed: bool,
    /// In the order the agenda lists them.
    pub papers: Vec<PackPaper>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PackPaper {
    /// What the agenda calls it; the file name when empty.
    pub title: String,
    pub file_name: String,
    /// E.g. "application/pdf".
    pub media_type: String,
    pub bytes: Vec<u8>,
}

/// The pack's bytes and what went into it (for the CLI's and the app's message).
#[derive(Clone, Debug, PartialEq)]
pub struct PackPdf {
    pub bytes: Vec<u8>,
    /// Pages in all: the cover and agenda pages, then the papers'.
    pub pages: usize,
    /// The file names of papers listed but not included (not PDFs, or unreadable).
    pub left_out: Vec<String>,
}

struct Words {
    pack: &'static str,
    papers: &'static str,
    no_papers: &'static str,
    not_included: &'static str,
    unreadable: &'static str,
}

fn words(lang: Lang) -> &'static Words {
    const DA: Words = Words {
        pack: "Mødemappe",
        papers: "Bilag",
        no_papers: "Ingen bilag.",
        not_included: "ikke medtaget",
        unreadable: "kunne ikke medtages",
    };
    const EN: Words = Words {
        pack: "Board pack",
        papers: "Papers",
        no_papers: "No papers.",
        not_included: "not included",
        unreadable: "could not be included",
    };
    match lang {
        Lang::Da => &DA,
        Lang::En => &EN,
    }
}

/// What becomes of one paper in the pack.
enum Fate {
    /// Its pages are appended: the document and its page count.
    Pages(PdfDocument, usize),
    NotPdf,
    Unreadable,
}

/// One shown item and its papers' fates, in agenda order.
struct Planned<'a> {
    item: &'a PackItem,
    papers: Vec<(&'a PackPaper, Fate)>,
}

/// The board pack as one PDF. Pure: the same pack and options give the same bytes.
pub fn board_pack_pdf(pack: &BoardPack, opts: &ExportOptions) -> Result<PackPdf, ReportError> {
    let mut pdf20 = false;
    let plan: Vec<Planned> = pack
        .items
        .iter()
        .filter(|i| !(opts.omit_closed && i.closed))
        .map(|item| Planned {
            item,
            papers: item
                .papers
                .iter()
                .map(|p| {
                    let (fate, v20) = fate(p);
                    pdf20 |= v20;
                    (p, fate)
                })
                .collect(),
        })
        .collect();
    let fonts = fonts::Fonts::load()?;
    let lang = opts.language;
    let l = labels(lang);
    let title = format!("{}: {}", words(lang).pack, one_line(&pack.meeting.title));
    let papers_pages: usize = plan
        .iter()
        .flat_map(|p| &p.papers)
        .map(|(_, f)| match f {
            Fate::Pages(_, n) => *n,
            _ => 0,
        })
        .sum();
    // "Side 2 af 57": the cover and agenda count the whole pack's pages.
    let furniture = Furniture {
        header: fit(&fonts, &text::running_head(&pack.meeting), 8.0, 360.0),
        footer: fit(&fonts, &title, 8.0, 380.0),
        sample: pack.meeting.sample_data.then_some(l.sample_data),
        page: l.page,
        of: l.of,
    };
    let decorate = |page: &mut Vec<Op>, i, count| {
        furniture.draw(&fonts, page, i, count + papers_pages);
    };

    // The agenda's page numbers depend on how many pages the cover and agenda take; the
    // numbers sit in a column of their own, so laying out again with them changes no
    // line break, and the count settles on the second pass.
    let mut front = 2;
    let (laid, marks) = loop {
        let (laid, marks) = front_matter(pack, &plan, &fonts, lang, front, &decorate);
        if laid.pages.len() == front {
            break (laid, marks);
        }
        front = laid.pages.len();
    };
    let total = front + papers_pages;
    let version = if pdf20 {
        PdfVersion::Pdf20
    } else {
        PdfVersion::default()
    };
    let configuration = ConfigurationBuilder::new()
        .with_version(version)
        .finish()
        .map_err(|e| ReportError::Pdf(format!("{e:?}")))?;
    let bytes = render::render_with(
        laid,
        &fonts,
        &render::Info {
            title: &title,
            lang: text::lang_tag(lang),
        },
        configuration,
        |doc| {
            for (_, fate) in plan.iter().flat_map(|p| &p.papers) {
                if let Fate::Pages(pdf, n) = fate {
                    doc.embed_pdf_pages(pdf, &(0..*n).collect::<Vec<_>>());
                }
            }
            doc.set_outline(outline(&plan, &marks, front, lang));
        },
    )?;
    let left_out = plan
        .iter()
        .flat_map(|p| &p.papers)
        .filter(|(_, f)| !matches!(f, Fate::Pages(..)))
        .map(|(p, _)| p.file_name.clone())
        .collect();
    Ok(PackPdf {
        bytes,
        pages: total,
        left_out,
    })
}

/// A paper is taken as a PDF by its media type or its file name; its pages count only
/// when hayro can read it (an encrypted PDF only opens when its user password is empty).
/// Also says whether it is a PDF 2.0 file: krilla refuses to embed a PDF newer than the
/// document it writes, so such a paper makes the whole pack PDF 2.0.
fn fate(p: &PackPaper) -> (Fate, bool) {
    let is_pdf = p.media_type.eq_ignore_ascii_case("application/pdf")
        || p.file_name.to_ascii_lowercase().ends_with(".pdf");
    if !is_pdf {
        return (Fate::NotPdf, false);
    }
    match Pdf::new(p.bytes.clone()) {
        Ok(pdf) if !pdf.pages().is_empty() => {
            let n = pdf.pages().len();
            let v20 = pdf.version() == hayro_syntax::PdfVersion::Pdf20;
            (Fate::Pages(PdfDocument::new(Arc::new(pdf)), n), v20)
        }
        _ => (Fate::Unreadable, false),
    }
}

fn paper_title(p: &PackPaper) -> String {
    let t = one_line(&p.title);
    if t.is_empty() {
        one_line(&p.file_name)
    } else {
        t
    }
}

fn item_heading(item: &PackItem, lang: Lang) -> String {
    let mut s = format!("{}. {}", item.position, one_line(&item.title));
    if item.closed {
        s.push(' ');
        s.push_str(labels(lang).closed_item);
    }
    s
}

/// Where a bookmark points: page index and y from the top.
type Mark = (usize, f32);

/// The agenda page and each shown item's place on it.
struct Marks {
    agenda: Mark,
    items: Vec<Mark>,
}

/// Cover and agenda, with page numbers counted from `front` pages before the papers.
fn front_matter(
    pack: &BoardPack,
    plan: &[Planned],
    fonts: &fonts::Fonts,
    lang: Lang,
    front: usize,
    decorate: &dyn Fn(&mut Vec<Op>, usize, usize),
) -> (Laid, Marks) {
    let (l, w) = (labels(lang), words(lang));
    let m = &pack.meeting;
    let mut lay = Layout::new(fonts, Geometry::a4());
    let muted = ParaStyle {
        size: 9.0,
        color: MUTED,
        ..ParaStyle::body()
    };
    lay.paragraph(
        &[Span::bold(w.pack)],
        ParaStyle {
            size: 14.0,
            ..muted
        },
    );
    lay.heading(1, &one_line(&m.title), 24.0);
    if m.sample_data {
        lay.banner(l.sample_data, SAMPLE_FILL, SAMPLE_TEXT);
    }
    let mut facts = vec![
        (l.committee, one_line(&m.committee)),
        (
            l.when,
            text::when(m.starts_at, m.duration_min, &m.time_zone),
        ),
    ];
    if let Some(loc) = &m.location {
        facts.push((l.location, one_line(loc)));
    }
    facts.push((l.workspace, one_line(&m.workspace)));
    for (label, value) in facts {
        let label = format!("{label}:");
        lay.paragraph(
            &[Span::bold(&label), Span::plain(&value)],
            ParaStyle {
                size: 11.0,
                space_after: 2.0,
                ..ParaStyle::body()
            },
        );
    }

    lay.new_page();
    let agenda = lay.position();
    lay.heading(2, l.agenda, 16.0);
    let mut next_page = front + 1;
    let mut items = Vec::new();
    for p in plan {
        lay.space(6.0);
        // Keep the heading with its first rows, and mark where it lands.
        lay.ensure(80.0);
        items.push(lay.position());
        lay.heading(3, &item_heading(p.item, lang), 12.0);
        if let Some(presenter) = &p.item.presenter {
            let meta = format!("{}: {}", l.presenter, one_line(presenter));
            lay.paragraph(&[Span::plain(&meta)], muted);
        }
        if p.papers.is_empty() {
            lay.paragraph(&[Span::plain(w.no_papers)], muted);
            continue;
        }
        let rows: Vec<Vec<String>> = p
            .papers
            .iter()
            .map(|(paper, fate)| match fate {
                Fate::Pages(_, n) => {
                    let at = next_page;
                    next_page += n;
                    vec![paper_title(paper), at.to_string()]
                }
                Fate::NotPdf => vec![left_out(paper, w.not_included), "–".into()],
                Fate::Unreadable => vec![left_out(paper, w.unreadable), "–".into()],
            })
            .collect();
        let styles: Vec<Vec<_>> = rows
            .iter()
            .map(|_| {
                vec![
                    Default::default(),
                    CellStyle {
                        fill: None,
                        right: true,
                    },
                ]
            })
            .collect();
        let cols = [
            Column {
                title: w.papers,
                share: 0.84,
            },
            Column {
                title: l.page,
                share: 0.16,
            },
        ];
        lay.table_styled(&cols, &rows, &styles, 9.5);
    }
    if plan.is_empty() {
        lay.paragraph(&[Span::plain(l.no_items)], ParaStyle::body());
    }
    (lay.finish(decorate), Marks { agenda, items })
}

/// "Budget.docx (ikke medtaget: Budget.docx)": the title, why, and the file's name.
fn left_out(p: &PackPaper, why: &str) -> String {
    format!("{} ({why}: {})", paper_title(p), one_line(&p.file_name))
}

/// Agenda first, then an entry per item (its place on the agenda) holding one per
/// paper: an included paper's first page, or, for one left out, its item's place.
fn outline(plan: &[Planned], marks: &Marks, front: usize, lang: Lang) -> Outline {
    let dest = |(page, y): Mark| XyzDestination::new(page, Point::from_xy(0.0, y));
    let mut outline = Outline::new();
    outline.push_child(OutlineNode::new(
        labels(lang).agenda.to_string(),
        dest(marks.agenda),
    ));
    let w = words(lang);
    let mut next = front;
    for (p, at) in plan.iter().zip(&marks.items) {
        let mut node = OutlineNode::new(item_heading(p.item, lang), dest(*at)).with_open(true);
        for (paper, fate) in &p.papers {
            let child = match fate {
                Fate::Pages(_, n) => {
                    let start = next;
                    next += n;
                    OutlineNode::new(paper_title(paper), dest((start, 0.0)))
                }
                Fate::NotPdf => OutlineNode::new(left_out(paper, w.not_included), dest(*at)),
                Fate::Unreadable => OutlineNode::new(left_out(paper, w.unreadable), dest(*at)),
            };
            node.push_child(child);
        }
        outline.push_child(node);
    }
    outline
}
