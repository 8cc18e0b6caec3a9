//! Fallback fonts, so articles in scripts egui's own fonts lack (Arabic,
//! Hebrew, Chinese, Japanese, Korean…) show as text rather than boxes.
//! Bundled (see `assets/fonts/README.md`): a desktop's fonts differ from
//! machine to machine, and a coder must see the same text as their colleague.

use eframe::egui::{self, FontData, FontFamily, FontInsert, FontPriority, InsertFontFamily};

const DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const DROID_FALLBACK: &[u8] = include_bytes!("../../assets/fonts/DroidSansFallbackFull.ttf");
const NANUM_SQUARE: &[u8] = include_bytes!("../../assets/fonts/NanumSquareR.ttf");

/// Adds the fallbacks after egui's fonts, in both families.
pub(crate) fn install(ctx: &egui::Context) {
    for (name, bytes) in [
        ("DejaVu Sans", DEJAVU_SANS),
        ("Droid Sans Fallback", DROID_FALLBACK),
        ("NanumSquare", NANUM_SQUARE),
    ] {
        let families = [FontFamily::Proportional, FontFamily::Monospace]
            .into_iter()
            .map(|family| InsertFontFamily {
                family,
                priority: FontPriority::Lowest,
            })
            .collect();
        ctx.add_font(FontInsert::new(name, FontData::from_static(bytes), families));
    }
}
