//! The PDF's typeface and text measurement.
//!
//! DejaVu Sans comes from the `dejavu` crate (its bytes are compiled in; the fonts are
//! under the Bitstream Vera / DejaVu licence, which allows embedding and redistribution).
//! It covers æøå and the rest of Latin, Greek and Cyrillic, and krilla embeds only the
//! glyphs a document uses.

use std::cell::RefCell;
use std::collections::HashMap;

use krilla::text::Font;
use rustybuzz::{Face, UnicodeBuffer};

use crate::error::ReportError;

/// Regular and bold, for drawing (krilla) and for measuring (rustybuzz, the same shaper
/// krilla uses, so measured widths match what is drawn, kerning included).
pub(crate) struct Fonts {
    regular: Font,
    bold: Font,
    faces: [Face<'static>; 2],
    /// Width in font units per (bold, word): minutes repeat the same words many times.
    cache: RefCell<HashMap<(bool, String), f32>>,
}

impl Fonts {
    pub(crate) fn load() -> Result<Self, ReportError> {
        let (reg, bold) = (dejavu::sans::regular(), dejavu::sans::bold());
        Ok(Fonts {
            regular: Font::new(reg.into(), 0).ok_or(ReportError::Font("DejaVu Sans"))?,
            bold: Font::new(bold.into(), 0).ok_or(ReportError::Font("DejaVu Sans Bold"))?,
            faces: [
                Face::from_slice(reg, 0).ok_or(ReportError::Font("DejaVu Sans"))?,
                Face::from_slice(bold, 0).ok_or(ReportError::Font("DejaVu Sans Bold"))?,
            ],
            cache: RefCell::new(HashMap::new()),
        })
    }

    pub(crate) fn font(&self, bold: bool) -> Font {
        if bold {
            self.bold.clone()
        } else {
            self.regular.clone()
        }
    }

    /// The advance width of `text` at `size` points.
    pub(crate) fn width(&self, text: &str, bold: bool, size: f32) -> f32 {
        let face = &self.faces[usize::from(bold)];
        let key = (bold, text.to_string());
        let units = *self.cache.borrow_mut().entry(key).or_insert_with(|| {
            let mut buf = UnicodeBuffer::new();
            buf.push_str(text);
            buf.guess_segment_properties();
            let shaped = rustybuzz::shape(face, &[], buf);
            shaped
                .glyph_positions()
                .iter()
                .map(|p| p.x_advance as f32)
                .sum()
        });
        units * size / face.units_per_em() as f32
    }
}
