//! The egui back-end of `report::figure`: paints a figure's marks into a
//! rect, with tooltips over its data that show the figure's own numbers. The
//! Compare and Over-time tabs build their figure at the size of the panel, so
//! the screen shows what "Save PNG…" and "Save SVG…" write.

use crate::report::figure::{self, Anchor, Color, Figure, Mark};
use crate::ui::fonts::FIGURE_FAMILY;
use eframe::egui::{self, Color32, FontFamily, FontId, Pos2, Sense, Shape, Stroke};

fn color(c: Color) -> Color32 {
    Color32::from_rgb(c.r, c.g, c.b)
}

/// What the pointer did on a figure: the key of the datum under it.
#[derive(Default)]
pub struct FigureResponse {
    pub hovered: Option<(usize, usize)>,
    pub clicked: Option<(usize, usize)>,
}

fn family(ctx: &egui::Context) -> FontFamily {
    let name = FontFamily::Name(FIGURE_FAMILY.into());
    if ctx.fonts(|f| f.families().contains(&name)) {
        name
    } else {
        FontFamily::Proportional
    }
}

/// Paints `fig` at its size (in points) where the cursor is.
pub fn show(ui: &mut egui::Ui, fig: &Figure) -> FigureResponse {
    let (rect, resp) = ui.allocate_exact_size(egui::vec2(fig.width, fig.height), Sense::click());
    let painter = ui.painter_at(rect);
    let o = rect.min.to_vec2();
    let at = |x: f32, y: f32| Pos2::new(x, y) + o;
    let fam = family(ui.ctx());
    let mut shapes = Vec::with_capacity(fig.marks.len());
    for mark in &fig.marks {
        match mark {
            Mark::Rect { rect: r, fill } => {
                let r = egui::Rect::from_min_max(at(r.x0, r.y0), at(r.x1, r.y1));
                shapes.push(Shape::rect_filled(r, 0.0, color(*fill)));
            }
            Mark::Line {
                points,
                color: c,
                width,
                dash,
            } => {
                let pts: Vec<Pos2> = points.iter().map(|p| at(p[0], p[1])).collect();
                let stroke = Stroke::new(*width, color(*c));
                if dash.is_empty() {
                    shapes.push(Shape::line(pts, stroke));
                } else {
                    let dashes: Vec<f32> = dash.iter().step_by(2).copied().collect();
                    let gaps: Vec<f32> = dash.iter().skip(1).step_by(2).copied().collect();
                    Shape::dashed_line_many_with_offset(&pts, stroke, &dashes, &gaps, 0.0, &mut shapes);
                }
            }
            Mark::Circle { x, y, r, fill, stroke } => {
                let stroke = stroke.map_or(Stroke::NONE, |(c, w)| Stroke::new(w, color(c)));
                shapes.push(Shape::circle_filled(at(*x, *y), *r, color(*fill)));
                if stroke.width > 0.0 {
                    shapes.push(Shape::circle_stroke(at(*x, *y), *r, stroke));
                }
            }
            Mark::Text(t) => {
                let font = FontId::new(t.size, fam.clone());
                let galley = painter.layout_no_wrap(t.text.clone(), font, color(t.color));
                let w = galley.size().x;
                let dx = match t.anchor {
                    Anchor::Start => 0.0,
                    Anchor::Middle => -w / 2.0,
                    Anchor::End => -w,
                };
                // From the baseline to the galley's top-left corner, rotated
                // about the anchor as SVG rotates (clockwise, y down).
                let ascent = t.size * 0.93;
                let angle = t.rotation.to_radians();
                let (s, c) = angle.sin_cos();
                let off = egui::vec2(dx * c + ascent * s, dx * s - ascent * c);
                let shape = egui::epaint::TextShape::new(at(t.x, t.y) + off, galley, color(t.color)).with_angle(angle);
                shapes.push(Shape::Text(shape));
            }
        }
    }
    painter.extend(shapes);
    let mut out = FigureResponse::default();
    if let Some(p) = resp.hover_pos() {
        let local = p - o;
        if let Some(h) = fig.hovers.iter().find(|h| h.rect.contains(local.x, local.y)) {
            out.hovered = Some(h.key);
            let r = egui::Rect::from_min_max(at(h.rect.x0, h.rect.y0), at(h.rect.x1, h.rect.y1));
            painter.rect_stroke(
                r,
                2.0,
                Stroke::new(1.0, color(figure::palette::MUTED)),
                egui::StrokeKind::Inside,
            );
            let lines = h.lines.clone();
            resp.clone().on_hover_ui_at_pointer(|ui| {
                for (i, line) in lines.iter().enumerate() {
                    if i == 0 {
                        ui.strong(line);
                    } else {
                        ui.label(line);
                    }
                }
            });
            if resp.clicked() {
                out.clicked = Some(h.key);
            }
        }
    }
    // Screen readers get the title and subtitle.
    let name = format!("{}. {}", fig.title, fig.subtitle.join(". "));
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &name));
    out
}
