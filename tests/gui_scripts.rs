//! Articles in other scripts show as text: the bundled fallback fonts
//! cover Arabic, Hebrew, Chinese, Japanese and Korean besides egui's
//! Latin, Greek and Cyrillic, in the reader and in monospace.

mod common;

use common::Fixture;
use eframe::egui::{FontFamily, FontId};

const SAMPLES: [&str; 7] = [
    "Сергей Лавров заявил о переговорах",
    "Ο υπουργός Εξωτερικών δήλωσε",
    "وزير الخارجية أعلن عن المفاوضات",
    "שר החוץ הודיע על המשא ומתן",
    "外交部发言人表示支持对话",
    "外務大臣は記者会見で述べた",
    "외교부 장관은 협상을 발표했다",
];

#[test]
fn text_in_seven_scripts_has_glyphs_after_the_first_frame() {
    let f = Fixture::new();
    let mut h = f.harness();
    let missing = |h: &egui_kittest::Harness<'_, _>, family: FontFamily| -> Vec<&str> {
        let font = FontId::new(14.0, family);
        SAMPLES
            .into_iter()
            .filter(|s| !h.ctx.fonts_mut(|f| f.has_glyphs(&font, &s.replace(' ', ""))))
            .collect()
    };
    h.run();
    assert_eq!(missing(&h, FontFamily::Proportional), Vec::<&str>::new());
    assert_eq!(missing(&h, FontFamily::Monospace), Vec::<&str>::new());
}

#[test]
fn egui_alone_lacks_them_so_the_check_can_fail() {
    let mut h = egui_kittest::Harness::new_ui(|ui| {
        ui.label("plain");
    });
    h.run();
    let font = FontId::new(14.0, FontFamily::Proportional);
    assert!(!h.ctx.fonts_mut(|f| f.has_glyphs(&font, "外交部")));
    assert!(!h.ctx.fonts_mut(|f| f.has_glyphs(&font, "외교부")));
}
