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

pub fn actor(rgb: [u8; 3]) -> Color32 {
    Color32::from_rgb(rgb[0], rgb[1], rgb[2])
}

/// A translucent version of a colour for text backgrounds.
pub fn highlight(c: Color32, dark: bool) -> Color32 {
    let alpha = if dark { 90 } else { 60 };
    Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), alpha)
}

pub const FIND_MATCH: Color32 = Color32::from_rgb(0xF0, 0xE4, 0x42);
