//! Colours with meaning. Positions use the Okabe–Ito palette, which stays
//! distinguishable with the common forms of colour blindness.

use crate::model::{Position, Status};
use eframe::egui::Color32;

pub fn position(p: Position) -> Color32 {
    match p {
        Position::Support => Color32::from_rgb(0x00, 0x72, 0xB2), // blue
        Position::Oppose => Color32::from_rgb(0xD5, 0x5E, 0x00),  // vermillion
        Position::Neutral => Color32::from_rgb(0x99, 0x99, 0x99), // grey
        Position::Mixed => Color32::from_rgb(0xCC, 0x79, 0xA7),   // reddish purple
    }
}

pub fn status(s: Status) -> Color32 {
    match s {
        Status::Pending => Color32::from_rgb(0xE6, 0x9F, 0x00),  // orange
        Status::Accepted => Color32::from_rgb(0x00, 0x9E, 0x73), // bluish green
        Status::Rejected => Color32::from_rgb(0x99, 0x99, 0x99),
    }
}

/// An actor's colour. The palette's own colours (`model::ACTOR_PALETTE`)
/// read as text on both themes (see the tests); a colour the analyst picked
/// is shown as picked.
pub fn actor(rgb: [u8; 3]) -> Color32 {
    Color32::from_rgb(rgb[0], rgb[1], rgb[2])
}

/// A translucent version of a colour for text backgrounds.
pub fn highlight(c: Color32, dark: bool) -> Color32 {
    let alpha = if dark { 90 } else { 60 };
    Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), alpha)
}

pub const FIND_MATCH: Color32 = Color32::from_rgb(0xF0, 0xE4, 0x42);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ACTOR_PALETTE;
    use eframe::egui::Visuals;

    /// An sRGB channel in linear light.
    fn lin(v: u8) -> f64 {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    }

    /// WCAG 2 relative luminance of an sRGB colour.
    fn luminance(c: Color32) -> f64 {
        0.2126 * lin(c.r()) + 0.7152 * lin(c.g()) + 0.0722 * lin(c.b())
    }

    fn contrast(a: Color32, b: Color32) -> f64 {
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    /// Every background actor names are drawn on: panels, windows, text
    /// fields and plots, and the stripes of table rows.
    fn backgrounds(v: &Visuals) -> [Color32; 4] {
        let striped = v.panel_fill + v.faint_bg_color;
        [v.panel_fill, v.window_fill, v.extreme_bg_color, striped]
    }

    /// CIE L*a*b* (D65) of an sRGB colour.
    fn lab(c: Color32) -> [f64; 3] {
        let (r, g, b) = (lin(c.r()), lin(c.g()), lin(c.b()));
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
        let f = |t: f64| {
            if t > 0.008856 {
                t.cbrt()
            } else {
                7.787 * t + 16.0 / 116.0
            }
        };
        [116.0 * f(y) - 16.0, 500.0 * (f(x) - f(y)), 200.0 * (f(y) - f(z))]
    }

    /// CIE76 colour difference: about 2.3 is just noticeable, above 20 the
    /// colours read as different ones.
    fn delta_e(a: Color32, b: Color32) -> f64 {
        let (p, q) = (lab(a), lab(b));
        ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2) + (p[2] - q[2]).powi(2)).sqrt()
    }

    #[test]
    fn actor_colours_reach_3_to_1_on_both_themes() {
        for rgb in ACTOR_PALETTE {
            for (theme, visuals) in [("light", Visuals::light()), ("dark", Visuals::dark())] {
                for bg in backgrounds(&visuals) {
                    let c = contrast(actor(rgb), bg);
                    assert!(c >= 3.0, "{rgb:02X?} on the {theme} background {bg:?}: {c:.2}");
                }
            }
        }
    }

    /// How a colour looks with a colour-vision deficiency (Machado, Oliveira
    /// and Fernandes 2009, severity 1), in linear RGB.
    fn simulate(c: Color32, m: [[f64; 3]; 3]) -> Color32 {
        let gamma = |x: f64| {
            let x = x.clamp(0.0, 1.0);
            let v = if x <= 0.003_130_8 {
                12.92 * x
            } else {
                1.055 * x.powf(1.0 / 2.4) - 0.055
            };
            (v * 255.0).round() as u8
        };
        let rgb = [lin(c.r()), lin(c.g()), lin(c.b())];
        let row = |i: usize| gamma(m[i][0] * rgb[0] + m[i][1] * rgb[1] + m[i][2] * rgb[2]);
        Color32::from_rgb(row(0), row(1), row(2))
    }

    const DEFICIENCIES: [(&str, [[f64; 3]; 3]); 3] = [
        (
            "deuteranopia",
            [
                [0.367322, 0.860646, -0.227968],
                [0.280085, 0.672501, 0.047413],
                [-0.011820, 0.042940, 0.968881],
            ],
        ),
        (
            "protanopia",
            [
                [0.152286, 1.052583, -0.204868],
                [0.114503, 0.786281, 0.099216],
                [-0.003882, -0.048116, 1.051998],
            ],
        ),
        (
            "tritanopia",
            [
                [1.255528, -0.076749, -0.178779],
                [-0.078411, 0.930809, 0.147602],
                [0.004733, 0.691367, 0.303900],
            ],
        ),
    ];

    /// Two actors of one article stay apart for colour-blind readers too:
    /// at least 10 (CIE76) under each simulated deficiency, where the old
    /// palette had pairs below 1.
    #[test]
    fn actor_colours_stay_apart_with_colour_blindness() {
        for (name, m) in DEFICIENCIES {
            for (i, &a) in ACTOR_PALETTE.iter().enumerate() {
                for &b in &ACTOR_PALETTE[i + 1..] {
                    let d = delta_e(simulate(actor(a), m), simulate(actor(b), m));
                    assert!(d >= 10.0, "{a:02X?} and {b:02X?} are {d:.1} apart with {name}");
                }
            }
        }
    }

    #[test]
    fn actor_colours_stay_clear_of_position_colours_and_of_each_other() {
        for (i, &a) in ACTOR_PALETTE.iter().enumerate() {
            for p in Position::ALL {
                let d = delta_e(actor(a), position(p));
                assert!(d >= 30.0, "{a:02X?} is {d:.1} from the {} colour", p.as_str());
            }
            for &b in &ACTOR_PALETTE[i + 1..] {
                let d = delta_e(actor(a), actor(b));
                assert!(d >= 25.0, "{a:02X?} and {b:02X?} are only {d:.1} apart");
            }
        }
    }
}
