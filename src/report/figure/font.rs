//! The one font figures are laid out and rasterised with: DejaVu Sans, which
//! the app bundles (assets/fonts) and egui reads through skrifa too. Layout
//! measures text with its advance widths, so labels fit in every back-end;
//! the PNG back-end draws its glyph outlines.

use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use std::sync::OnceLock;

/// DejaVu Sans (assets/fonts/DejaVuSans.ttf, Bitstream Vera licence).
pub const DEJAVU_SANS: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

/// What SVG asks for: DejaVu Sans where installed, else a similar sans-serif.
pub const SVG_FONT_FAMILY: &str = "'DejaVu Sans', Verdana, Arial, sans-serif";

fn font() -> skrifa::FontRef<'static> {
    skrifa::FontRef::new(DEJAVU_SANS).expect("the bundled DejaVu Sans parses")
}

/// Advance widths at 1 px, by char, for the ASCII range (the common case).
fn ascii_advances() -> &'static [f32; 128] {
    static TABLE: OnceLock<[f32; 128]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = [0.0; 128];
        for (i, w) in t.iter_mut().enumerate() {
            *w = advance_slow(char::from(i as u8));
        }
        t
    })
}

fn advance_slow(c: char) -> f32 {
    let f = font();
    let metrics = f.glyph_metrics(Size::new(1.0), LocationRef::default());
    let gid = f.charmap().map(c).unwrap_or_default();
    metrics.advance_width(gid).unwrap_or(0.6)
}

/// The advance width of one character at `size` px.
pub fn advance(c: char, size: f32) -> f32 {
    let per_px = if c.is_ascii() {
        ascii_advances()[c as usize]
    } else {
        advance_slow(c)
    };
    per_px * size
}

/// The width of a line of text at `size` px (no kerning, as SVG viewers
/// differ there anyway).
pub fn text_width(text: &str, size: f32) -> f32 {
    text.chars().map(|c| advance(c, size)).sum()
}

/// Shortens `text` with an ellipsis to fit `width` at `size` px.
pub fn fit(text: &str, size: f32, width: f32) -> String {
    if text_width(text, size) <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let budget = width - advance('…', size);
    let mut used = 0.0;
    for c in text.chars() {
        let w = advance(c, size);
        if used + w > budget {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// Receives glyph outlines in pixels, y pointing down.
pub trait PathSink {
    fn move_to(&mut self, x: f32, y: f32);
    fn line_to(&mut self, x: f32, y: f32);
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32);
    fn cubic_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32);
    fn close(&mut self);
}

/// Moves a glyph's outline (font units scaled to px, y up) to its pen position.
struct Placed<'a, S: PathSink> {
    sink: &'a mut S,
    x: f32,
    y: f32,
}

impl<S: PathSink> OutlinePen for Placed<'_, S> {
    fn move_to(&mut self, x: f32, y: f32) {
        self.sink.move_to(self.x + x, self.y - y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.sink.line_to(self.x + x, self.y - y);
    }
    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        self.sink.quad_to(self.x + cx0, self.y - cy0, self.x + x, self.y - y);
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        self.sink.cubic_to(
            self.x + cx0,
            self.y - cy0,
            self.x + cx1,
            self.y - cy1,
            self.x + x,
            self.y - y,
        );
    }
    fn close(&mut self) {
        self.sink.close();
    }
}

/// Draws a line of text with its baseline starting at (0, 0).
pub fn outline_text(text: &str, size: f32, sink: &mut impl PathSink) {
    let f = font();
    let charmap = f.charmap();
    let glyphs = f.outline_glyphs();
    let mut x = 0.0;
    for c in text.chars() {
        let gid = charmap.map(c).unwrap_or_default();
        if let Some(glyph) = glyphs.get(gid) {
            let mut pen = Placed { sink, x, y: 0.0 };
            let _ = glyph.draw(
                DrawSettings::unhinted(Size::new(size), LocationRef::default()),
                &mut pen,
            );
        }
        x += advance(c, size);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn widths_grow_with_text_and_size() {
        let a = super::text_width("Boris Johnson", 10.0);
        assert!(a > 40.0 && a < 90.0, "{a}");
        assert!((super::text_width("Boris Johnson", 20.0) - 2.0 * a).abs() < 1e-3);
        let short = super::fit("United States Department of Transportation", 10.0, 60.0);
        assert!(short.ends_with('…') && super::text_width(&short, 10.0) <= 60.0);
    }
}
