//! The chair's charts as vector drawing ops: the 5x5 risk map and stacked bars. No
//! images: vectors stay sharp in print, are small, and their text can be extracted.
//! Every tint comes with a number and a word, so the charts read in greyscale too.

use super::fonts::Fonts;
use super::layout::{Op, Rgb, BLACK};
use crate::status::doc::{BarFigure, HeatFigure};

const GRID_LINE: Rgb = (110, 110, 110);
const MUTED: Rgb = (90, 90, 90);
const WHITE: Rgb = (255, 255, 255);
const ZERO: Rgb = (60, 60, 60);

/// Side of one risk-map cell, in points.
const CELL: f32 = 50.0;
/// Room left of the grid for the likelihood numbers.
const AXIS: f32 = 34.0;

pub(crate) fn heat_map_height() -> f32 {
    18.0 + 5.0 * CELL + 34.0
}

fn text(ops: &mut Vec<Op>, x: f32, y: f32, size: f32, bold: bool, color: Rgb, s: &str) {
    ops.push(Op::Text {
        x,
        y,
        size,
        bold,
        color,
        text: s.to_string(),
        leaf: None,
    });
}

/// Text centred on `cx`.
#[allow(clippy::too_many_arguments)] // a drawing primitive; named fields would not help
fn centred(
    ops: &mut Vec<Op>,
    fonts: &Fonts,
    cx: f32,
    y: f32,
    size: f32,
    bold: bool,
    color: Rgb,
    s: &str,
) {
    let w = fonts.width(s, bold, size);
    text(ops, cx - w / 2.0, y, size, bold, color, s);
}

/// The map with its top-left corner at (x, y): the likelihood title above the grid,
/// likelihood 5 at the top, impact 1-5 below with its title, the legend to the right.
pub(crate) fn heat_map(fonts: &Fonts, h: &HeatFigure, x: f32, y: f32) -> Vec<Op> {
    let mut ops = Vec::new();
    let gx = x + AXIS;
    let gy = y + 18.0;
    text(
        &mut ops,
        x,
        y + 9.0,
        9.0,
        true,
        BLACK,
        &format!("{} ↑", h.likelihood),
    );
    for row in 0..5 {
        let likelihood = 5 - row;
        let cy = gy + row as f32 * CELL;
        let n = likelihood.to_string();
        let nw = fonts.width(&n, true, 10.0);
        text(
            &mut ops,
            gx - 8.0 - nw,
            cy + CELL / 2.0 + 3.5,
            10.0,
            true,
            BLACK,
            &n,
        );
        for impact in 1..=5 {
            let cx = gx + (impact - 1) as f32 * CELL;
            let (count, band, tone) = &h.cells[likelihood - 1][impact - 1];
            if let Some(t) = tone {
                ops.push(Op::Rect {
                    x: cx,
                    y: cy,
                    w: CELL,
                    h: CELL,
                    fill: t.rgb(),
                });
            }
            // Zeros smaller and lighter so occupied cells stand out, yet still dark
            // enough to read on the darkest tint.
            let (size, colour) = if *count > 0 {
                (17.0, BLACK)
            } else {
                (12.0, ZERO)
            };
            let mid = cx + CELL / 2.0;
            centred(
                &mut ops,
                fonts,
                mid,
                cy + CELL / 2.0 + 3.0,
                size,
                *count > 0,
                colour,
                &count.to_string(),
            );
            centred(
                &mut ops,
                fonts,
                mid,
                cy + CELL - 6.0,
                7.0,
                false,
                BLACK,
                band,
            );
        }
    }
    // Cell outlines over the fills, so neighbouring cells of one band stay separate.
    for row in 0..5 {
        for col in 0..5 {
            ops.push(Op::Frame {
                x: gx + col as f32 * CELL,
                y: gy + row as f32 * CELL,
                w: CELL,
                h: CELL,
                width: 0.75,
                color: GRID_LINE,
            });
        }
    }
    let below = gy + 5.0 * CELL;
    for impact in 1..=5 {
        let cx = gx + (impact as f32 - 0.5) * CELL;
        centred(
            &mut ops,
            fonts,
            cx,
            below + 13.0,
            10.0,
            true,
            BLACK,
            &impact.to_string(),
        );
    }
    centred(
        &mut ops,
        fonts,
        gx + 2.5 * CELL,
        below + 28.0,
        9.0,
        true,
        BLACK,
        &format!("{} →", h.impact),
    );

    // Legend: a swatch and the band's word with its score range.
    let lx = gx + 5.0 * CELL + 28.0;
    let mut ly = gy;
    for (word, tone) in &h.legend {
        swatch(&mut ops, lx, ly, 14.0, tone.map_or(WHITE, |t| t.rgb()));
        text(&mut ops, lx + 20.0, ly + 10.5, 9.0, false, BLACK, word);
        ly += 22.0;
    }
    text(&mut ops, lx, ly + 10.0, 8.0, false, MUTED, &h.note);
    ops
}

const BAR_ROW: f32 = 30.0;
const BAR_H: f32 = 12.0;
/// Room right of the bars for the counts in words.
const WORDS_W: f32 = 130.0;

pub(crate) fn bars_height(b: &BarFigure) -> f32 {
    22.0 + b.rows.len() as f32 * BAR_ROW
}

/// Stacked horizontal bars: the legend on top, then per row its label on a line of its
/// own (focus area names are long), the bar (each segment with its count when it
/// fits) and the counts in words to the right.
pub(crate) fn bars(fonts: &Fonts, b: &BarFigure, x: f32, y: f32, w: f32) -> Vec<Op> {
    let mut ops = Vec::new();
    let mut lx = x;
    for s in &b.series {
        swatch(&mut ops, lx, y, 10.0, s.tone.rgb());
        text(&mut ops, lx + 14.0, y + 8.5, 8.5, false, BLACK, &s.name);
        lx += 14.0 + fonts.width(&s.name, false, 8.5) + 16.0;
    }
    let bar_w = w - WORDS_W - 10.0;
    let max = b
        .rows
        .iter()
        .map(|(_, v)| v.iter().sum::<u32>())
        .max()
        .unwrap_or(0)
        .max(1) as f32;
    for (k, (label, values)) in b.rows.iter().enumerate() {
        let top = y + 22.0 + k as f32 * BAR_ROW;
        let label = super::fit(fonts, label, 8.5, w);
        text(&mut ops, x, top + 8.0, 8.5, false, BLACK, &label);
        let ry = top + 11.5;
        let mut sx = x;
        for (s, v) in b.series.iter().zip(values) {
            if *v == 0 {
                continue;
            }
            let sw = *v as f32 / max * bar_w;
            ops.push(Op::Rect {
                x: sx,
                y: ry,
                w: sw,
                h: BAR_H,
                fill: s.tone.rgb(),
            });
            // A white edge between segments keeps them apart in greyscale.
            ops.push(Op::Frame {
                x: sx,
                y: ry,
                w: sw,
                h: BAR_H,
                width: 1.0,
                color: WHITE,
            });
            let n = v.to_string();
            if fonts.width(&n, true, 8.0) + 4.0 <= sw {
                centred(
                    &mut ops,
                    fonts,
                    sx + sw / 2.0,
                    ry + 9.0,
                    8.0,
                    true,
                    BLACK,
                    &n,
                );
            }
            sx += sw;
        }
        let words = super::fit(fonts, &b.row_words(values), 8.0, WORDS_W);
        text(
            &mut ops,
            x + w - WORDS_W,
            ry + 9.0,
            8.0,
            false,
            BLACK,
            &words,
        );
    }
    ops
}

/// A tinted square with a thin outline (the outline keeps a pale tint visible on paper).
fn swatch(ops: &mut Vec<Op>, x: f32, y: f32, side: f32, fill: Rgb) {
    ops.push(Op::Rect {
        x,
        y,
        w: side,
        h: side,
        fill,
    });
    ops.push(Op::Frame {
        x,
        y,
        w: side,
        h: side,
        width: 0.5,
        color: GRID_LINE,
    });
}
