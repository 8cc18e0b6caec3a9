//! The SVG back-end: the marks as SVG elements, text as `<text>` in a
//! generic font family (so it stays editable and searchable in a paper's
//! figure), every string escaped. Deterministic: the same figure gives the
//! same bytes.

use super::{Anchor, Figure, Mark, font};
use crate::report::xml_escape;
use std::fmt::Write;

/// A number with at most two decimals and no trailing zeros.
fn num(v: f32) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".to_owned() } else { s.to_owned() }
}

/// The figure as an SVG document, `scale` × its size (the drawing scales
/// with it: the view box stays the figure's coordinate space).
pub fn svg(fig: &Figure, scale: f32) -> String {
    let mut out = String::new();
    let _ = writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}" font-family="{}">"#,
        num(fig.width * scale),
        num(fig.height * scale),
        num(fig.width),
        num(fig.height),
        xml_escape(font::SVG_FONT_FAMILY)
    );
    let _ = writeln!(out, "<title>{}</title>", xml_escape(&fig.title));
    if !fig.subtitle.is_empty() {
        let _ = writeln!(out, "<desc>{}</desc>", xml_escape(&fig.subtitle.join("\n")));
    }
    for mark in &fig.marks {
        match mark {
            Mark::Rect { rect, fill } => {
                let _ = writeln!(
                    out,
                    r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>"#,
                    num(rect.x0),
                    num(rect.y0),
                    num(rect.width()),
                    num(rect.height()),
                    fill.to_hex()
                );
            }
            Mark::Line {
                points,
                color,
                width,
                dash,
            } => {
                let pts: Vec<String> = points.iter().map(|p| format!("{},{}", num(p[0]), num(p[1]))).collect();
                let dash = if dash.is_empty() {
                    String::new()
                } else {
                    let d: Vec<String> = dash.iter().map(|v| num(*v)).collect();
                    format!(r#" stroke-dasharray="{}""#, d.join(" "))
                };
                let _ = writeln!(
                    out,
                    r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="{}" stroke-linejoin="round"{dash}/>"#,
                    pts.join(" "),
                    color.to_hex(),
                    num(*width)
                );
            }
            Mark::Circle { x, y, r, fill, stroke } => {
                let stroke = stroke.map_or(String::new(), |(c, w)| {
                    format!(r#" stroke="{}" stroke-width="{}""#, c.to_hex(), num(w))
                });
                let _ = writeln!(
                    out,
                    r#"<circle cx="{}" cy="{}" r="{}" fill="{}"{stroke}/>"#,
                    num(*x),
                    num(*y),
                    num(*r),
                    fill.to_hex()
                );
            }
            Mark::Text(t) => {
                let anchor = match t.anchor {
                    Anchor::Start => "start",
                    Anchor::Middle => "middle",
                    Anchor::End => "end",
                };
                let rotate = if t.rotation == 0.0 {
                    String::new()
                } else {
                    format!(r#" transform="rotate({} {} {})""#, num(t.rotation), num(t.x), num(t.y))
                };
                let _ = writeln!(
                    out,
                    r#"<text x="{}" y="{}" font-size="{}" fill="{}" text-anchor="{anchor}"{rotate}>{}</text>"#,
                    num(t.x),
                    num(t.y),
                    num(t.size),
                    t.color.to_hex(),
                    xml_escape(&t.text)
                );
            }
        }
    }
    out.push_str("</svg>\n");
    out
}
