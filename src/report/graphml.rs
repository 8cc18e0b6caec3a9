//! GraphML networks for Gephi, NetworkX, igraph or visone: the two-mode
//! actor–issue network and the one-mode congruence and conflict networks.
//!
//! Node ids are the workspace ids (`p12` for actors, `i3` for issues). Every
//! attribute is declared by a `<key>` whose id equals its `attr.name`.

use super::aggregate::{Agreement, matrix, net_position};
use super::filter::Filter;
use super::network::{NetworkOptions, Qualifier, actor_network};
use crate::model::{Actor, Workspace};
use std::fmt::Write;

/// XML-escapes text for element content and attribute values, replacing
/// characters that XML 1.0 does not allow with U+FFFD.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// `#rrggbb`.
pub fn hex_color(rgb: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2])
}

struct Key {
    id: &'static str,
    for_: &'static str,
    ty: &'static str,
}

const fn key(id: &'static str, for_: &'static str, ty: &'static str) -> Key {
    Key { id, for_, ty }
}

/// Node attributes every actor gets.
const ACTOR_KEYS: [Key; 8] = [
    key("type", "node", "string"),
    key("label", "node", "string"),
    key("kind", "node", "string"),
    key("affiliation", "node", "string"),
    key("color", "node", "string"),
    key("r", "node", "int"),
    key("g", "node", "int"),
    key("b", "node", "int"),
];

/// Issue node and edge attributes of the two-mode network.
const TWO_MODE_KEYS: [Key; 8] = [
    key("issue_key", "node", "string"),
    key("position", "edge", "string"),
    key("weight", "edge", "int"),
    key("support", "edge", "int"),
    key("oppose", "edge", "int"),
    key("neutral", "edge", "int"),
    key("mixed", "edge", "int"),
    key("net", "edge", "double"),
];

const ONE_MODE_KEYS: [Key; 1] = [key("weight", "edge", "double")];

/// `layer` names whose coding the network counts (graph attribute `coder`).
fn header(out: &mut String, keys: &[&Key], edgedefault: &str, layer: &str) {
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
         http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    for k in keys {
        let _ = writeln!(
            out,
            "  <key id=\"{id}\" for=\"{for_}\" attr.name=\"{id}\" attr.type=\"{ty}\"/>",
            id = k.id,
            for_ = k.for_,
            ty = k.ty
        );
    }
    out.push_str("  <key id=\"coder\" for=\"graph\" attr.name=\"coder\" attr.type=\"string\"/>\n");
    let _ = writeln!(out, "  <graph id=\"G\" edgedefault=\"{edgedefault}\">");
    out.push_str("    ");
    data(out, "coder", layer);
    out.push('\n');
}

fn footer(out: &mut String) {
    out.push_str("  </graph>\n</graphml>\n");
}

fn data(out: &mut String, key: &str, value: &str) {
    let _ = write!(out, "<data key=\"{key}\">{}</data>", xml_escape(value));
}

fn actor_node(out: &mut String, ws: &Workspace, a: &Actor) {
    let affiliation = a
        .affiliation
        .and_then(|id| ws.actor(id))
        .map_or("", |x| x.name.as_str());
    let _ = write!(out, "    <node id=\"{}\">", a.id);
    data(out, "type", "actor");
    data(out, "label", &a.name);
    data(out, "kind", a.kind.as_str());
    data(out, "affiliation", affiliation);
    data(out, "color", &hex_color(a.color));
    data(out, "r", &a.color[0].to_string());
    data(out, "g", &a.color[1].to_string());
    data(out, "b", &a.color[2].to_string());
    out.push_str("</node>\n");
}

/// The two-mode actor–issue network of the stances passing `filter`: actor
/// and issue nodes (`type` = `actor` | `issue`), one undirected edge from an
/// actor to each issue it took a position on, with `position` (the overall
/// position, see [`Cell::position`](super::Cell::position)), `weight` (number
/// of stances), the count per position and `net` (net position in [−1, 1]).
/// Issues without any stance are still nodes.
pub fn graphml_issues(ws: &Workspace, filter: &Filter) -> String {
    let m = matrix(ws, filter);
    let keys = ACTOR_KEYS.iter().chain(&TWO_MODE_KEYS).collect::<Vec<_>>();
    let mut out = String::new();
    header(&mut out, &keys, "undirected", &super::export::layer_name(ws, filter));
    for id in &m.rows {
        if let Some(a) = ws.actor(*id) {
            actor_node(&mut out, ws, a);
        }
    }
    for id in &m.columns {
        let Some(issue) = ws.issue(*id) else { continue };
        let _ = write!(out, "    <node id=\"{}\">", issue.id);
        data(&mut out, "type", "issue");
        data(&mut out, "label", &issue.label);
        data(&mut out, "issue_key", &issue.key);
        out.push_str("</node>\n");
    }
    let mut e = 0usize;
    for (r, actor) in m.rows.iter().enumerate() {
        for (c, issue) in m.columns.iter().enumerate() {
            let cell = m.cell(r, c);
            let Some(position) = cell.position() else { continue };
            let _ = write!(out, "    <edge id=\"e{e}\" source=\"{actor}\" target=\"{issue}\">");
            data(&mut out, "position", position.as_str());
            data(&mut out, "weight", &cell.total().to_string());
            data(&mut out, "support", &cell.support.to_string());
            data(&mut out, "oppose", &cell.oppose.to_string());
            data(&mut out, "neutral", &cell.neutral.to_string());
            data(&mut out, "mixed", &cell.mixed.to_string());
            data(&mut out, "net", &format!("{:.4}", net_position(cell).unwrap_or(0.0)));
            out.push_str("</edge>\n");
            e += 1;
        }
    }
    footer(&mut out);
    out
}

/// A one-mode actor network (undirected, edge `weight`) from an [`Agreement`]:
/// congruence, or conflict with `conflict`. Every actor with a matching
/// stance is a node, isolated or not.
/// `layer` names the coder whose stances it counts.
pub fn graphml_agreement(ws: &Workspace, agreement: &Agreement, conflict: bool, layer: &str) -> String {
    let keys = ACTOR_KEYS.iter().chain(&ONE_MODE_KEYS).collect::<Vec<_>>();
    let mut out = String::new();
    header(&mut out, &keys, "undirected", layer);
    for id in &agreement.actors {
        if let Some(a) = ws.actor(*id) {
            actor_node(&mut out, ws, a);
        }
    }
    for (e, (i, j, w)) in agreement.edges(conflict).into_iter().enumerate() {
        let _ = writeln!(
            out,
            "    <edge id=\"e{e}\" source=\"{}\" target=\"{}\"><data key=\"weight\">{w}</data></edge>",
            agreement.actors[i], agreement.actors[j]
        );
    }
    footer(&mut out);
    out
}

/// The congruence network of the stances passing `filter` (DNA's default
/// choices, see [`NetworkOptions`]).
pub fn graphml_congruence(ws: &Workspace, filter: &Filter) -> String {
    graphml_network(ws, filter, &NetworkOptions::default())
}

/// The conflict network of the stances passing `filter`.
pub fn graphml_conflict(ws: &Workspace, filter: &Filter) -> String {
    let options = NetworkOptions {
        qualifier: Qualifier::Conflict,
        ..NetworkOptions::default()
    };
    graphml_network(ws, filter, &options)
}

/// An actor network with DNA's choices of qualifier, normalisation,
/// duplicates and threshold; the graph attributes say which were made.
pub fn graphml_network(ws: &Workspace, filter: &Filter, options: &NetworkOptions) -> String {
    let net = actor_network(ws, filter, options);
    let keys = ACTOR_KEYS.iter().chain(&ONE_MODE_KEYS).collect::<Vec<_>>();
    let mut out = String::new();
    header(&mut out, &keys, "undirected", &super::export::layer_name(ws, filter));
    for id in &net.actors {
        if let Some(a) = ws.actor(*id) {
            actor_node(&mut out, ws, a);
        }
    }
    for (e, &(i, j, w)) in net.edges.iter().enumerate() {
        let _ = writeln!(
            out,
            "    <edge id=\"e{e}\" source=\"{}\" target=\"{}\"><data key=\"weight\">{}</data></edge>",
            net.actors[i],
            net.actors[j],
            weight_text(w)
        );
    }
    footer(&mut out);
    out
}

/// Whole weights as integers (what a count is), others with enough digits.
pub fn weight_text(w: f64) -> String {
    if w.fract() == 0.0 && w.abs() < 1e15 {
        format!("{}", w as i64)
    } else {
        format!("{w:.9}")
    }
}
