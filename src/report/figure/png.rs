//! The PNG back-end: the marks rasterised on the CPU with tiny-skia, text
//! drawn from the glyph outlines of the bundled DejaVu Sans (see
//! [`font`]), so a figure renders without a GPU or a display and looks the
//! same on every machine.

use super::{Anchor, Color, Figure, Mark, font};
use tiny_skia::{FillRule, LineCap, LineJoin, Paint, PathBuilder, Pixmap, Stroke, StrokeDash, Transform};

fn paint(c: Color) -> Paint<'static> {
    let mut p = Paint::default();
    p.set_color_rgba8(c.r, c.g, c.b, 255);
    p.anti_alias = true;
    p
}

impl font::PathSink for PathBuilder {
    fn move_to(&mut self, x: f32, y: f32) {
        PathBuilder::move_to(self, x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        PathBuilder::line_to(self, x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        PathBuilder::quad_to(self, x1, y1, x, y);
    }
    fn cubic_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        PathBuilder::cubic_to(self, x1, y1, x2, y2, x, y);
    }
    fn close(&mut self) {
        PathBuilder::close(self);
    }
}

/// The figure's pixels, `scale` × its size: RGBA, opaque.
pub fn rasterize(fig: &Figure, scale: f32) -> Result<(u32, u32, Vec<u8>), String> {
    let (w, h) = ((fig.width * scale).round() as u32, (fig.height * scale).round() as u32);
    let mut pixmap = Pixmap::new(w, h).ok_or_else(|| format!("cannot render a figure of {w} × {h} px"))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let base = Transform::from_scale(scale, scale);
    for mark in &fig.marks {
        match mark {
            Mark::Rect { rect, fill } => {
                if let Some(r) = tiny_skia::Rect::from_ltrb(rect.x0, rect.y0, rect.x1, rect.y1) {
                    pixmap.fill_rect(r, &paint(*fill), base, None);
                }
            }
            Mark::Line {
                points,
                color,
                width,
                dash,
            } => {
                let mut pb = PathBuilder::new();
                for (i, p) in points.iter().enumerate() {
                    if i == 0 {
                        pb.move_to(p[0], p[1]);
                    } else {
                        pb.line_to(p[0], p[1]);
                    }
                }
                let Some(path) = pb.finish() else { continue };
                let stroke = Stroke {
                    width: *width,
                    line_cap: LineCap::Butt,
                    line_join: LineJoin::Round,
                    dash: if dash.is_empty() {
                        None
                    } else {
                        StrokeDash::new(dash.clone(), 0.0)
                    },
                    ..Stroke::default()
                };
                pixmap.stroke_path(&path, &paint(*color), &stroke, base, None);
            }
            Mark::Circle { x, y, r, fill, stroke } => {
                let Some(path) = PathBuilder::from_circle(*x, *y, *r) else {
                    continue;
                };
                pixmap.fill_path(&path, &paint(*fill), FillRule::Winding, base, None);
                if let Some((c, sw)) = stroke {
                    let s = Stroke {
                        width: *sw,
                        ..Stroke::default()
                    };
                    pixmap.stroke_path(&path, &paint(*c), &s, base, None);
                }
            }
            Mark::Text(t) => {
                let mut pb = PathBuilder::new();
                font::outline_text(&t.text, t.size, &mut pb);
                let Some(path) = pb.finish() else { continue };
                let w = font::text_width(&t.text, t.size);
                let dx = match t.anchor {
                    Anchor::Start => 0.0,
                    Anchor::Middle => -w / 2.0,
                    Anchor::End => -w,
                };
                let tr = base
                    .pre_translate(t.x, t.y)
                    .pre_rotate(t.rotation)
                    .pre_translate(dx, 0.0);
                pixmap.fill_path(&path, &paint(t.color), FillRule::Winding, tr, None);
            }
        }
    }
    // Opaque throughout (a white ground), so premultiplied is straight RGBA.
    Ok((w, h, pixmap.take()))
}

/// The figure as a PNG file's bytes, `scale` × its size.
pub fn png(fig: &Figure, scale: f32) -> Result<Vec<u8>, String> {
    let (w, h, rgba) = rasterize(fig, scale)?;
    let img = image::RgbaImage::from_raw(w, h, rgba).ok_or("the figure's pixels do not fit its size")?;
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .map_err(|e| e.to_string())?;
    Ok(out)
}
