//! Turns a laid-out document into a tagged PDF with krilla.

use krilla::color::rgb;
use krilla::configure::Configuration;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, Node, SpanTag, TagGroup, TagTree,
};
use krilla::text::TextDirection;
use krilla::{Document, SerializeSettings};

use super::fonts::Fonts;
use super::layout::{Laid, Op, Rgb, TagNode};
use crate::error::ReportError;

/// Document-level facts written into the PDF.
pub(crate) struct Info<'a> {
    pub title: &'a str,
    /// BCP 47, e.g. "da-DK": lets screen readers choose the right voice.
    pub lang: &'a str,
}

pub(crate) fn render(laid: Laid, fonts: &Fonts, info: &Info) -> Result<Vec<u8>, ReportError> {
    render_with(laid, fonts, info, Configuration::default(), |_| {})
}

/// [`render`] with a chosen configuration (PDF version), and `extend` run after the laid
/// out pages: the board pack appends its papers' pages and sets the outline there.
pub(crate) fn render_with(
    laid: Laid,
    fonts: &Fonts,
    info: &Info,
    configuration: Configuration,
    extend: impl FnOnce(&mut Document),
) -> Result<Vec<u8>, ReportError> {
    let settings = SerializeSettings {
        enable_tagging: true,
        configuration,
        ..SerializeSettings::default()
    };
    let mut doc = Document::new_with(settings);
    let mut ids: Vec<Option<Identifier>> = vec![None; laid.leaves];
    let g = laid.geometry;

    for ops in &laid.pages {
        let page_settings =
            PageSettings::from_wh(g.width, g.height).ok_or(ReportError::Pdf("page size".into()))?;
        let mut page = doc.start_page_with(page_settings);
        let mut surface = page.surface();
        for op in ops {
            draw(&mut surface, op, fonts, &mut ids, false);
        }
        surface.finish();
        page.finish();
    }

    extend(&mut doc);

    let mut tree = TagTree::new().with_lang(Some(info.lang.to_string()));
    for node in laid.tree {
        tree.push(convert(node, &mut ids));
    }
    doc.set_tag_tree(tree);
    // No creation date and no random id: krilla derives the document id from the
    // content, so the same minutes give the same bytes.
    doc.set_metadata(
        Metadata::new()
            .title(info.title.to_string())
            .language(info.lang.to_string())
            .creator("Steerco".to_string()),
    );
    doc.finish().map_err(|e| ReportError::Pdf(format!("{e:?}")))
}

/// Draws one op. Inside a figure (`in_figure`) nothing opens its own marked content:
/// the figure's sequence already holds it, and marked content must not nest.
fn draw(
    surface: &mut Surface,
    op: &Op,
    fonts: &Fonts,
    ids: &mut [Option<Identifier>],
    in_figure: bool,
) {
    match op {
        Op::Text {
            x,
            y,
            size,
            bold,
            color,
            text,
            leaf,
        } => {
            let id = match (in_figure, leaf) {
                (true, _) => None,
                (false, Some(_)) => Some(surface.start_tagged(ContentTag::Span(SpanTag::empty()))),
                (false, None) => Some(surface.start_tagged(ContentTag::Artifact(
                    Artifact::with_kind(ArtifactType::PaginationOther),
                ))),
            };
            surface.set_fill(Some(fill(*color)));
            surface.draw_text(
                Point::from_xy(*x, *y),
                fonts.font(*bold),
                *size,
                text,
                false,
                TextDirection::Auto,
            );
            if let Some(id) = id {
                surface.end_tagged();
                if let Some(i) = leaf {
                    ids[*i] = Some(id);
                }
            }
        }
        Op::Rect {
            x,
            y,
            w,
            h,
            fill: c,
        } => {
            let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) else {
                return;
            };
            let mut pb = PathBuilder::new();
            pb.push_rect(rect);
            let Some(path) = pb.finish() else { return };
            layout_artifact(surface, in_figure, |s| {
                s.set_stroke(None);
                s.set_fill(Some(fill(*c)));
                s.draw_path(&path);
            });
        }
        Op::HLine {
            x1,
            x2,
            y,
            width,
            color,
        } => {
            let mut pb = PathBuilder::new();
            pb.move_to(*x1, *y);
            pb.line_to(*x2, *y);
            let Some(path) = pb.finish() else { return };
            layout_artifact(surface, in_figure, |s| stroke(s, &path, *width, *color));
        }
        Op::Frame {
            x,
            y,
            w,
            h,
            width,
            color,
        } => {
            let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) else {
                return;
            };
            let mut pb = PathBuilder::new();
            pb.push_rect(rect);
            let Some(path) = pb.finish() else { return };
            layout_artifact(surface, in_figure, |s| stroke(s, &path, *width, *color));
        }
        Op::Figure { leaf, ops } => {
            let id = surface.start_tagged(ContentTag::Other);
            for op in ops {
                draw(surface, op, fonts, ids, true);
            }
            surface.end_tagged();
            ids[*leaf] = Some(id);
        }
    }
}

/// Runs `paint` as a layout artifact, or untagged inside a figure.
fn layout_artifact(surface: &mut Surface, in_figure: bool, paint: impl FnOnce(&mut Surface)) {
    if in_figure {
        paint(surface);
    } else {
        surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
            ArtifactType::Layout,
        )));
        paint(surface);
        surface.end_tagged();
    }
}

fn stroke(surface: &mut Surface, path: &krilla::geom::Path, width: f32, color: Rgb) {
    surface.set_fill(None);
    surface.set_stroke(Some(Stroke {
        paint: rgb::Color::new(color.0, color.1, color.2).into(),
        width,
        ..Stroke::default()
    }));
    surface.draw_path(path);
    surface.set_stroke(None);
}

fn fill(c: Rgb) -> Fill {
    Fill {
        paint: rgb::Color::new(c.0, c.1, c.2).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

fn convert(node: TagNode, ids: &mut [Option<Identifier>]) -> Node {
    match node {
        TagNode::Leaf(i) => ids[i]
            .take()
            .expect("each text run is drawn once and used once")
            .into(),
        TagNode::Group(kind, children) => {
            let children = children.into_iter().map(|c| convert(c, ids)).collect();
            TagGroup::with_children(kind, children).into()
        }
    }
}
