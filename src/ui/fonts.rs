//! Fallback fonts, so articles in scripts egui's own fonts lack (Arabic,
//! Hebrew, Chinese, Japanese, Korean…) show as text rather than boxes.
//! Bundled (see `assets/fonts/README.md`): a desktop's fonts differ from
//! machine to machine, and a coder must see the same text as their colleague.

use eframe::egui::{self, FontData, FontFamily, FontInsert, FontPriority, InsertFontFamily};

use crate::report::figure::font::DEJAVU_SANS;
const DROID_FALLBACK: &[u8] = include_bytes!("../../assets/fonts/DroidSansFallbackFull.ttf");
const NANUM_SQUARE: &[u8] = include_bytes!("../../assets/fonts/NanumSquareR.ttf");

/// The family figures are painted in on screen: DejaVu Sans alone, the font
/// their layout measures and the PNG export draws.
pub(crate) const FIGURE_FAMILY: &str = "figure";

/// Adds the fallbacks after egui's fonts, in both families, and the figures' family.
pub(crate) fn install(ctx: &egui::Context) {
    ctx.add_font(FontInsert::new(
        "DejaVu Sans (figures)",
        FontData::from_static(DEJAVU_SANS),
        vec![InsertFontFamily {
            family: FontFamily::Name(FIGURE_FAMILY.into()),
            priority: FontPriority::Highest,
        }],
    ));
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
