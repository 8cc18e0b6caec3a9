//! Publication figures as GUI-free descriptions: the data, and the marks that
//! draw it (rectangles, lines, points, text with anchor and rotation), with
//! title, subtitle (layer, filter, dates, n) and source line, in a figure
//! coordinate space of a chosen size (px at scale 1).
//!
//! Back-ends draw the same [`Figure`]: [`svg::svg`] writes SVG, [`png::png`]
//! rasterises it on the CPU (tiny-skia, glyph outlines of the bundled
//! DejaVu Sans), and the app paints it with egui. So the CLI needs no GPU and
//! the file shows what the screen showed.
//!
//! - [`compare`]: actors × issues, diverging stacked bars of counts and the
//!   net position with a bootstrap interval.
//! - [`agreement`]: the actor × actor agreement map (congruence and conflict).
//! - [`over_time`]: an issue's mean position per week or month per actor.
//! - [`issues`]: per issue, the actors by overall position.
//! - [`network`]: the discourse network (`report::netview`) laid out, with
//!   communities, tie weights and the options that made it.

pub mod agreement;
pub mod compare;
pub mod font;
pub mod issues;
pub mod network;
pub mod over_time;
pub mod png;
pub mod svg;

#[cfg(test)]
mod agreement_tests;
#[cfg(test)]
mod tests;

use crate::model::{CoderId, Date, Workspace};
use crate::report::Filter;

pub use agreement::{AgreementOptions, Measure, Order};
pub use compare::{CompareOptions, Sort, bootstrap_net};
pub use over_time::OverTimeOptions;

/// The default size of an exported figure, in px at scale 1.
pub const DEFAULT_SIZE: (f32, f32) = (1600.0, 1000.0);

/// An opaque sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Color {
    pub const fn hex(rgb: u32) -> Color {
        Color {
            r: (rgb >> 16) as u8,
            g: (rgb >> 8) as u8,
            b: rgb as u8,
        }
    }

    /// `#rrggbb`.
    pub fn to_hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }

    /// Relative lightness (Rec. 601 luma, 0–255): what a greyscale print shows.
    pub fn luma(self) -> f32 {
        0.299 * self.r as f32 + 0.587 * self.g as f32 + 0.114 * self.b as f32
    }

    /// Rec. 709 luminance of the (gamma-encoded) values, 0–255: what many
    /// greyscale conversions use instead.
    pub fn luma709(self) -> f32 {
        0.2126 * self.r as f32 + 0.7152 * self.g as f32 + 0.0722 * self.b as f32
    }

    /// Legible text on this colour as a fill: white on dark, ink on light.
    pub fn text_on(self) -> Color {
        if self.luma() < 140.0 {
            palette::WHITE
        } else {
            palette::INK
        }
    }
}

/// The Okabe–Ito colours (colour-blind safe), and the figure's greys.
pub mod palette {
    use super::Color;
    pub const OPPOSE: Color = Color::hex(0xD55E00); // vermillion
    /// Okabe–Ito's blue (#0072B2) darkened, so that in greyscale it is
    /// clearly darker than the vermillion, not nearly the same grey.
    pub const SUPPORT: Color = Color::hex(0x00508A); // dark blue
    pub const NEUTRAL: Color = Color::hex(0xAAAAAA); // grey
    pub const MIXED: Color = Color::hex(0xF0E442); // yellow
    pub const INK: Color = Color::hex(0x1A1A1A);
    pub const MUTED: Color = Color::hex(0x595959);
    pub const GRID: Color = Color::hex(0xDDDDDD);
    pub const BAND: Color = Color::hex(0xF3F3F3);
    pub const WHITE: Color = Color::hex(0xFFFFFF);
    /// Series colours, in order (Okabe–Ito without the yellow, which is too
    /// light for lines on white).
    pub const SERIES: [Color; 7] = [
        Color::hex(0x0072B2),
        Color::hex(0xD55E00),
        Color::hex(0x009E73),
        Color::hex(0xCC79A7),
        Color::hex(0xE69F00),
        Color::hex(0x56B4E9),
        Color::hex(0x000000),
    ];
    /// Dash patterns (px at the base font size 1), so series differ in greyscale too.
    pub const DASHES: [&[f32]; 4] = [&[], &[0.5, 0.25], &[0.12, 0.2], &[0.6, 0.2, 0.12, 0.2]];
}

/// An axis-aligned rectangle, `x0 ≤ x1`, `y0 ≤ y1` (y points down).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Rect {
    pub fn new(x0: f32, y0: f32, x1: f32, y1: f32) -> Rect {
        Rect {
            x0: x0.min(x1),
            y0: y0.min(y1),
            x1: x0.max(x1),
            y1: y0.max(y1),
        }
    }

    pub fn width(&self) -> f32 {
        self.x1 - self.x0
    }

    pub fn height(&self) -> f32 {
        self.y1 - self.y0
    }

    /// Whether the two overlap in an area (touching edges do not count).
    pub fn intersects(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    pub fn contains(&self, x: f32, y: f32) -> bool {
        (self.x0..=self.x1).contains(&x) && (self.y0..=self.y1).contains(&y)
    }
}

/// Where a text's position is on its baseline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// One line of text; `(x, y)` is on its baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct Text {
    pub x: f32,
    pub y: f32,
    pub text: String,
    pub size: f32,
    pub color: Color,
    pub anchor: Anchor,
    /// Degrees, clockwise (as SVG's `rotate`), about `(x, y)`.
    pub rotation: f32,
}

/// What a figure is drawn with.
#[derive(Clone, Debug, PartialEq)]
pub enum Mark {
    Rect {
        rect: Rect,
        fill: Color,
    },
    /// A polyline; `dash` is on-off lengths in px (empty: solid).
    Line {
        points: Vec<[f32; 2]>,
        color: Color,
        width: f32,
        dash: Vec<f32>,
    },
    Circle {
        x: f32,
        y: f32,
        r: f32,
        fill: Color,
        /// Outline colour and width.
        stroke: Option<(Color, f32)>,
    },
    Text(Text),
}

/// How a legend entry shows what it stands for.
#[derive(Clone, Debug, PartialEq)]
pub enum Swatch {
    Box(Color),
    /// A line with a point on it.
    Line {
        color: Color,
        dash: Vec<f32>,
    },
    Dot {
        color: Color,
        r: f32,
    },
    /// A horizontal interval with a point.
    Interval(Color),
}

#[derive(Clone, Debug, PartialEq)]
pub struct LegendEntry {
    pub label: String,
    pub swatch: Swatch,
}

/// An area of the figure with the numbers behind it, for tooltips; `key`
/// says which datum (the back-end's caller knows what it means).
#[derive(Clone, Debug, PartialEq)]
pub struct Hover {
    pub rect: Rect,
    pub lines: Vec<String>,
    pub key: (usize, usize),
}

/// A figure, ready for any back-end.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub width: f32,
    pub height: f32,
    pub title: String,
    pub subtitle: Vec<String>,
    pub source: String,
    /// In painting order.
    pub marks: Vec<Mark>,
    /// The data areas (panels, facets).
    pub plots: Vec<Rect>,
    pub legend: Vec<LegendEntry>,
    pub legend_rect: Option<Rect>,
    pub hovers: Vec<Hover>,
}

/// What a figure says about where it comes from: the app, the workspace file
/// and the day (in the source line).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provenance {
    pub file_name: String,
    pub date: Date,
}

impl Provenance {
    /// For the workspace at `path` (its file name only), today.
    pub fn new(path: Option<&std::path::Path>) -> Provenance {
        let file_name = path
            .and_then(|p| p.file_name())
            .map_or_else(|| "unsaved workspace".to_owned(), |n| n.to_string_lossy().into_owned());
        Provenance {
            file_name,
            date: today(),
        }
    }

    pub fn line(&self) -> String {
        format!(
            "Source: Stance Tracker {}, {}, {}",
            env!("CARGO_PKG_VERSION"),
            self.file_name,
            self.date
        )
    }
}

/// Today (UTC).
pub fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Date::from_days((secs / 86_400) as i64)
}

/// Font sizes and spacing of a figure of a given size: one base size (axis
/// and tick labels derive from it), 22 px at 1600 × 1000.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Style {
    pub base: f32,
}

impl Style {
    pub fn for_size(width: f32, height: f32) -> Style {
        let base = (width / 1600.0 * 22.0).min(height / 1000.0 * 22.0).clamp(11.0, 40.0);
        Style { base }
    }
    pub fn title(&self) -> f32 {
        self.base * 1.3
    }
    pub fn subtitle(&self) -> f32 {
        self.base * 0.82
    }
    pub fn label(&self) -> f32 {
        self.base * 0.86
    }
    pub fn tick(&self) -> f32 {
        self.base * 0.76
    }
    pub fn small(&self) -> f32 {
        self.base * 0.68
    }
}

/// Builds a figure's marks.
pub(crate) struct Canvas {
    pub fig: Figure,
    pub style: Style,
}

impl Canvas {
    /// A white figure with title, subtitle and source line; the canvas and
    /// the body rect (what is left for axes, panels and legend).
    pub fn new(width: f32, height: f32, title: String, subtitle: &[String], source: String) -> (Canvas, Rect) {
        let style = Style::for_size(width, height);
        let margin = style.base;
        let mut c = Canvas {
            fig: Figure {
                width,
                height,
                title: title.clone(),
                subtitle: Vec::new(),
                source: source.clone(),
                marks: vec![Mark::Rect {
                    rect: Rect::new(0.0, 0.0, width, height),
                    fill: palette::WHITE,
                }],
                plots: Vec::new(),
                legend: Vec::new(),
                legend_rect: None,
                hovers: Vec::new(),
            },
            style,
        };
        let mut y = margin + style.title();
        let title = font::fit(&title, style.title(), width - 2.0 * margin);
        c.text(margin, y, &title, style.title(), palette::INK, Anchor::Start);
        // The subtitle's parts, wrapped at their separators.
        let mut lines = Vec::new();
        for part in subtitle {
            let mut line = String::new();
            for piece in part.split(" · ") {
                let candidate = if line.is_empty() {
                    piece.to_owned()
                } else {
                    format!("{line} · {piece}")
                };
                if !line.is_empty() && font::text_width(&candidate, style.subtitle()) > width - 2.0 * margin {
                    lines.push(std::mem::replace(&mut line, piece.to_owned()));
                } else {
                    line = candidate;
                }
            }
            if !line.is_empty() {
                lines.push(line);
            }
        }
        y += style.subtitle() * 0.5;
        for line in &lines {
            y += style.subtitle() * 1.3;
            let fitted = font::fit(line, style.subtitle(), width - 2.0 * margin);
            c.text(margin, y, &fitted, style.subtitle(), palette::MUTED, Anchor::Start);
        }
        c.fig.subtitle = lines;
        let source_y = height - margin * 0.7;
        let fitted = font::fit(&source, style.small(), width - 2.0 * margin);
        c.text(margin, source_y, &fitted, style.small(), palette::MUTED, Anchor::Start);
        let body = Rect::new(
            margin,
            y + style.base * 1.0,
            width - margin,
            source_y - style.small() * 1.8,
        );
        (c, body)
    }

    pub fn text(&mut self, x: f32, y: f32, text: &str, size: f32, color: Color, anchor: Anchor) {
        self.rotated(x, y, text, size, color, anchor, 0.0);
    }

    #[allow(clippy::too_many_arguments)]
    pub fn rotated(&mut self, x: f32, y: f32, text: &str, size: f32, color: Color, anchor: Anchor, rotation: f32) {
        self.fig.marks.push(Mark::Text(Text {
            x,
            y,
            text: text.to_owned(),
            size,
            color,
            anchor,
            rotation,
        }));
    }

    pub fn rect(&mut self, rect: Rect, fill: Color) {
        self.fig.marks.push(Mark::Rect { rect, fill });
    }

    pub fn line(&mut self, points: Vec<[f32; 2]>, color: Color, width: f32, dash: Vec<f32>) {
        self.fig.marks.push(Mark::Line {
            points,
            color,
            width,
            dash,
        });
    }

    pub fn circle(&mut self, x: f32, y: f32, r: f32, fill: Color, stroke: Option<(Color, f32)>) {
        self.fig.marks.push(Mark::Circle { x, y, r, fill, stroke });
    }

    /// A legend swatch of `size` px, its left edge at `x`, centred on `y`.
    pub fn swatch(&mut self, swatch: &Swatch, x: f32, y: f32, size: f32) {
        match swatch {
            Swatch::Box(c) => self.rect(Rect::new(x, y - size * 0.4, x + size, y + size * 0.4), *c),
            Swatch::Line { color, dash } => {
                self.line(vec![[x, y], [x + size * 1.6, y]], *color, size * 0.14, dash.clone());
                self.circle(
                    x + size * 0.8,
                    y,
                    size * 0.25,
                    *color,
                    Some((palette::WHITE, size * 0.06)),
                );
            }
            Swatch::Dot { color, r } => self.circle(x + size * 0.5, y, *r, *color, None),
            Swatch::Interval(c) => {
                self.line(vec![[x, y], [x + size * 1.6, y]], *c, size * 0.12, Vec::new());
                self.circle(x + size * 0.8, y, size * 0.28, *c, Some((palette::WHITE, size * 0.06)));
            }
        }
    }

    /// How wide a swatch is drawn.
    pub fn swatch_width(swatch: &Swatch, size: f32) -> f32 {
        match swatch {
            Swatch::Line { .. } | Swatch::Interval(_) => size * 1.6,
            Swatch::Box(_) | Swatch::Dot { .. } => size,
        }
    }

    pub fn finish(self) -> Figure {
        self.fig
    }

    /// Draws `legend` as one row at the top of `body`, outside the data, and
    /// keeps it as the figure's legend; returns the row's height.
    pub fn legend_row(&mut self, body: Rect, legend: Vec<LegendEntry>) -> f32 {
        let ls = self.style.label();
        let legend_h = ls * 1.6;
        let mut x = body.x0;
        let ly = body.y0 + legend_h / 2.0;
        for e in &legend {
            self.swatch(&e.swatch, x, ly, ls);
            x += Canvas::swatch_width(&e.swatch, ls) + ls * 0.4;
            self.text(x, ly + ls * 0.35, &e.label, ls, palette::INK, Anchor::Start);
            x += font::text_width(&e.label, ls) + ls * 1.4;
        }
        self.fig.legend_rect = Some(Rect::new(body.x0, body.y0, x.min(body.x1), body.y0 + legend_h));
        self.fig.legend = legend;
        legend_h
    }

    /// The figure with only the line that says why it has no data, at the
    /// top of `body` (the body rect `Canvas::new` gave).
    pub fn finish_empty(mut self, body: Rect, why: &str) -> Figure {
        let st = self.style;
        self.text(
            body.x0,
            body.y0 + st.base * 2.0,
            why,
            st.label(),
            palette::MUTED,
            Anchor::Start,
        );
        self.fig
    }
}

/// The subtitle's first line: layer, constraints of the filter besides dates
/// and layer, the date range shown, and n.
pub fn describe(
    ws: &Workspace,
    filter: &Filter,
    dates: Option<(Date, Date)>,
    stances: usize,
    articles: usize,
) -> String {
    let mut parts = vec![layer_label(ws, filter.layer)];
    for (part, label) in filter.chip_parts(ws) {
        if !matches!(
            part,
            crate::report::FilterPart::Layer | crate::report::FilterPart::Dates
        ) {
            parts.push(label);
        }
    }
    if filter.statuses == Filter::default().statuses {
        parts.push("accepted stances".to_owned());
    }
    // The filter's bounds; the data's where the filter leaves one open.
    let from = filter.from.or(dates.map(|d| d.0));
    let to = filter.to.or(dates.map(|d| d.1));
    match (from, to) {
        (Some(f), Some(t)) => parts.push(format!("{f} to {t}")),
        (Some(f), None) => parts.push(format!("from {f}")),
        (None, Some(t)) => parts.push(format!("until {t}")),
        (None, None) => {}
    }
    parts.push(format!(
        "n = {stances} stance{} in {articles} article{}",
        if stances == 1 { "" } else { "s" },
        if articles == 1 { "" } else { "s" }
    ));
    parts.join(" · ")
}

/// "layer: Ana", "layer: consensus", or "all layers".
pub fn layer_label(ws: &Workspace, layer: Option<CoderId>) -> String {
    match layer {
        None => "all layers".to_owned(),
        Some(id) if ws.consensus_coder().is_some_and(|c| c.id == id) => "layer: consensus".to_owned(),
        Some(id) => format!(
            "layer: {}",
            ws.coder(id).map_or_else(|| id.to_string(), |c| c.name.clone())
        ),
    }
}

/// Round tick values covering `[lo, hi]`, about `target` of them.
pub fn nice_ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    if hi.partial_cmp(&lo) != Some(std::cmp::Ordering::Greater) {
        return vec![lo];
    }
    let raw = (hi - lo) / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

/// A number as a tick label: no trailing zeros, a real minus sign.
pub fn tick_label(v: f64, signed: bool) -> String {
    let s = if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    };
    let s = s.replace('-', "\u{2212}");
    if signed && v > 1e-9 { format!("+{s}") } else { s }
}

/// SplitMix64: a small seeded generator, so bootstrap intervals are the same
/// on every run and machine.
#[derive(Clone, Debug)]
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`), by Lemire's multiply-shift.
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }
}
