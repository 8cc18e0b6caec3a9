//! GEXF 1.3 (Gephi's own format) of the one-mode actor network: the same
//! network as `graphml-network` ([`actor_network`] with its
//! [`NetworkOptions`]), with the dates of the stances behind every node and
//! edge as spells, so Gephi's timeline can play the network.
//!
//! - Nodes are actors (`p12`, the workspace id), labelled with the name;
//!   attributes `kind`, `affiliation`, `aliases` (joined by `; `) and
//!   `stances` (the actor's stances the network counts, before duplicates
//!   are dropped); `viz:color` is the actor's colour.
//! - Edges carry the network's `weight`.
//! - **Spells** (`timeformat="date"`, `mode="dynamic"`): an edge lives
//!   from the first day both actors had spoken on an issue they share to
//!   the last statement either made on one; a node from its first
//!   statement to its last, stretched to cover its edges (so Gephi never
//!   shows an edge without its ends). Stances of undated articles give no
//!   date; an element without any dated stance has no spell, which GEXF
//!   reads as "always there".
//! - GEXF has no graph attributes: the coder layer and the network's
//!   choices are in `<meta>`, as `<keywords>` (`coder=NAME; qualifier=…`)
//!   and a sentence in `<description>`.

use super::filter::Filter;
use super::network::{NetworkOptions, actor_network, level};
use super::weight_text;
use crate::model::{ActorId, Date, IssueId, Workspace};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io;

/// Text with the characters XML 1.0 does not allow replaced by U+FFFD;
/// quick-xml escapes the rest.
pub(crate) fn xml_safe(s: &str) -> Cow<'_, str> {
    let bad = |c: char| (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}';
    if s.chars().any(bad) {
        Cow::Owned(s.chars().map(|c| if bad(c) { '\u{FFFD}' } else { c }).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// First and last date.
type Span = (Date, Date);

fn widen(span: &mut Option<Span>, d: Date) {
    *span = Some(match *span {
        None => (d, d),
        Some((a, b)) => (a.min(d), b.max(d)),
    });
}

fn union(a: Option<Span>, b: Option<Span>) -> Option<Span> {
    match (a, b) {
        (Some((a0, a1)), Some((b0, b1))) => Some((a0.min(b0), a1.max(b1))),
        (x, None) | (None, x) => x,
    }
}

/// The spells of a network: per actor, and per edge (in edge order).
#[derive(Debug, PartialEq)]
pub(crate) struct Spells {
    pub nodes: Vec<Option<Span>>,
    pub edges: Vec<Option<Span>>,
    /// Stances behind each node.
    pub stances: Vec<usize>,
}

/// The dates of the stances behind each node and edge of `net`.
pub(crate) fn spells(
    ws: &Workspace,
    filter: &Filter,
    options: &NetworkOptions,
    net: &super::network::Network,
) -> Spells {
    let prepared = filter.prepare(ws);
    let index: BTreeMap<ActorId, usize> = net.actors.iter().enumerate().map(|(i, a)| (*a, i)).collect();
    // Per actor and issue: the span of its dated statements, and whether it spoke at all.
    let mut per: Vec<BTreeMap<IssueId, Option<Span>>> = vec![BTreeMap::new(); net.actors.len()];
    let mut stances = vec![0usize; net.actors.len()];
    for s in ws.stances() {
        if !prepared.matches(s) || level(options.neutral, s.position).is_none() {
            continue;
        }
        let Some(&i) = index.get(&s.actor) else { continue };
        stances[i] += 1;
        let span = per[i].entry(s.issue).or_default();
        if let Some(d) = ws.article(s.article).and_then(|a| a.date) {
            widen(span, d);
        }
    }
    let mut nodes: Vec<Option<Span>> = per
        .iter()
        .map(|m| m.values().fold(None, |acc, s| union(acc, *s)))
        .collect();
    let edges: Vec<Option<Span>> = net
        .edges
        .iter()
        .map(|&(i, j, _)| {
            let (mut start, mut end): (Option<Date>, Option<Date>) = (None, None);
            for (issue, a) in &per[i] {
                let Some(b) = per[j].get(issue) else { continue };
                let (Some(a), Some(b)) = (a, b) else { continue };
                let formed = a.0.max(b.0);
                start = Some(start.map_or(formed, |s| s.min(formed)));
                let last = a.1.max(b.1);
                end = Some(end.map_or(last, |e| e.max(last)));
            }
            start.zip(end)
        })
        .collect();
    for (&(i, j, _), span) in net.edges.iter().zip(&edges) {
        nodes[i] = union(nodes[i], *span);
        nodes[j] = union(nodes[j], *span);
    }
    Spells { nodes, edges, stances }
}

fn value_name<T: clap::ValueEnum>(v: T) -> String {
    v.to_possible_value()
        .map(|p| p.get_name().to_owned())
        .unwrap_or_default()
}

/// The network's choices and layer, as `key=value` pairs.
fn keywords(layer: &str, o: &NetworkOptions) -> String {
    format!(
        "coder={layer}; qualifier={}; normalize={}; duplicates={}; neutral={}; threshold={}",
        value_name(o.qualifier),
        value_name(o.normalize),
        value_name(o.duplicates),
        value_name(o.neutral),
        weight_text(o.threshold)
    )
}

fn spell_element(w: &mut Writer<Vec<u8>>, span: Option<Span>) -> io::Result<()> {
    let Some((start, end)) = span else { return Ok(()) };
    let (start, end) = (start.to_string(), end.to_string());
    w.create_element("spells").write_inner_content(|w| {
        w.create_element("spell")
            .with_attributes([("start", start.as_str()), ("end", end.as_str())])
            .write_empty()?;
        Ok(())
    })?;
    Ok(())
}

/// The actor network of the stances passing `filter` as GEXF 1.3.
pub fn gexf_network(ws: &Workspace, filter: &Filter, options: &NetworkOptions) -> String {
    let bytes = write_gexf(ws, filter, options).expect("writing to memory does not fail");
    String::from_utf8(bytes).expect("quick-xml writes the UTF-8 it is given")
}

fn write_gexf(ws: &Workspace, filter: &Filter, options: &NetworkOptions) -> io::Result<Vec<u8>> {
    let net = actor_network(ws, filter, options);
    let spells = spells(ws, filter, options, &net);
    let layer = super::export::layer_name(ws, filter);
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let text = |s: &str| BytesText::new(&xml_safe(s)).into_owned();
    w.create_element("gexf")
        .with_attributes([
            ("xmlns", "http://gexf.net/1.3"),
            ("xmlns:viz", "http://gexf.net/1.3/viz"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            ("xsi:schemaLocation", "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"),
            ("version", "1.3"),
        ])
        .write_inner_content(|w| {
            w.create_element("meta").write_inner_content(|w| {
                w.create_element("creator").write_text_content(text("Stance Tracker"))?;
                w.create_element("keywords")
                    .write_text_content(text(&keywords(&layer, options)))?;
                let whose = if layer.is_empty() {
                    String::new()
                } else {
                    format!(", the coding of {layer}")
                };
                let description = format!(
                    "Actor network ({} ties) of the accepted stances{whose}; spells are the dates of the stances behind each node and edge.",
                    value_name(options.qualifier)
                );
                w.create_element("description").write_text_content(text(&description))?;
                Ok(())
            })?;
            w.create_element("graph")
                .with_attributes([
                    ("mode", "dynamic"),
                    ("defaultedgetype", "undirected"),
                    ("timeformat", "date"),
                ])
                .write_inner_content(|w| {
                    w.create_element("attributes")
                        .with_attributes([("class", "node"), ("mode", "static")])
                        .write_inner_content(|w| {
                            for (id, ty) in [
                                ("kind", "string"),
                                ("affiliation", "string"),
                                ("aliases", "string"),
                                ("stances", "integer"),
                            ] {
                                w.create_element("attribute")
                                    .with_attributes([("id", id), ("title", id), ("type", ty)])
                                    .write_empty()?;
                            }
                            Ok(())
                        })?;
                    w.create_element("nodes").write_inner_content(|w| {
                        for (i, id) in net.actors.iter().enumerate() {
                            let Some(a) = ws.actor(*id) else { continue };
                            write_node(w, ws, a, spells.stances[i], spells.nodes[i])?;
                        }
                        Ok(())
                    })?;
                    w.create_element("edges").write_inner_content(|w| {
                        for (e, &(i, j, weight)) in net.edges.iter().enumerate() {
                            let (id, source, target) =
                                (format!("e{e}"), net.actors[i].to_string(), net.actors[j].to_string());
                            let weight = weight_text(weight);
                            let el = w.create_element("edge").with_attributes([
                                ("id", id.as_str()),
                                ("source", source.as_str()),
                                ("target", target.as_str()),
                                ("weight", weight.as_str()),
                            ]);
                            match spells.edges[e] {
                                Some(span) => el.write_inner_content(|w| spell_element(w, Some(span)))?,
                                None => el.write_empty()?,
                            };
                        }
                        Ok(())
                    })?;
                    Ok(())
                })?;
            Ok(())
        })?;
    let mut out = w.into_inner();
    out.push(b'\n');
    Ok(out)
}

fn write_node(
    w: &mut Writer<Vec<u8>>,
    ws: &Workspace,
    a: &crate::model::Actor,
    stances: usize,
    span: Option<Span>,
) -> io::Result<()> {
    let affiliation = a
        .affiliation
        .and_then(|id| ws.actor(id))
        .map_or("", |x| x.name.as_str());
    let (id, label) = (a.id.to_string(), xml_safe(&a.name));
    let aliases = xml_safe(&a.aliases.join("; ")).into_owned();
    let affiliation = xml_safe(affiliation);
    let count = stances.to_string();
    w.create_element("node")
        .with_attributes([("id", id.as_str()), ("label", label.as_ref())])
        .write_inner_content(|w| {
            w.create_element("attvalues").write_inner_content(|w| {
                for (key, value) in [
                    ("kind", a.kind.as_str()),
                    ("affiliation", affiliation.as_ref()),
                    ("aliases", aliases.as_str()),
                    ("stances", count.as_str()),
                ] {
                    w.create_element("attvalue")
                        .with_attributes([("for", key), ("value", value)])
                        .write_empty()?;
                }
                Ok(())
            })?;
            spell_element(w, span)?;
            let [r, g, b] = a.color.map(|c| c.to_string());
            w.create_element("viz:color")
                .with_attributes([("r", r.as_str()), ("g", g.as_str()), ("b", b.as_str())])
                .write_empty()?;
            Ok(())
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actor, ActorKind, Article, ArticleId, Command, Position, ops};
    use crate::report::network::{Duplicates, Qualifier};

    fn date(day: u8) -> Date {
        Date::new(2020, 1, day).unwrap()
    }

    /// A (with alias "Alpha & Co", colour #102030), B, C; participation P,
    /// sanctions S. 2020-01-06: A supports P, C opposes P. 2020-01-08: B
    /// supports P, A opposes S. 2020-01-10: B opposes S, C neutral on S.
    /// Undated: A supports P.
    fn fixture() -> (Workspace, [ActorId; 3]) {
        let mut ws = Workspace::new();
        let article = |ws: &mut Workspace, day: Option<u8>| {
            let id = ArticleId(ws.alloc_id());
            let text = format!("Statements of {day:?} on the talks and sanctions.");
            let a = Article::new(id, "t".into(), day.map(date), "t".into(), text);
            ws.apply(Command::AddArticle(Box::new(a))).unwrap();
            id
        };
        let days = [
            article(&mut ws, Some(6)),
            article(&mut ws, Some(8)),
            article(&mut ws, Some(10)),
            article(&mut ws, None),
        ];
        let actor = |ws: &mut Workspace, name: &str| {
            let id = ActorId(ws.alloc_id());
            let mut a = Actor::new(id, name, ActorKind::State);
            if name == "A" {
                a.aliases = vec!["Alpha & Co".into(), "\"A\"".into()];
                a.color = [0x10, 0x20, 0x30];
            }
            ws.apply(Command::AddActor(a)).unwrap();
            id
        };
        let ids = [actor(&mut ws, "A"), actor(&mut ws, "B"), actor(&mut ws, "C")];
        let p = ws.issue_by_key("participation").unwrap().id;
        let s = ws.issue_by_key("sanctions").unwrap().id;
        use Position::*;
        for (art, who, issue, pos) in [
            (0, 0, p, Support),
            (0, 2, p, Oppose),
            (1, 1, p, Support),
            (1, 0, s, Oppose),
            (2, 1, s, Oppose),
            (2, 2, s, Neutral),
            (3, 0, p, Support),
        ] {
            let cmd = ops::new_manual_stance(&mut ws, days[art], ids[who], issue, pos, 0, 10, String::new()).unwrap();
            ws.apply(cmd).unwrap();
        }
        (ws, ids)
    }

    #[test]
    fn spells_span_the_stances_behind_nodes_and_edges() {
        let (ws, ids) = fixture();
        let options = NetworkOptions {
            duplicates: Duplicates::Include,
            ..NetworkOptions::default()
        };
        let net = actor_network(&ws, &Filter::default(), &options);
        assert_eq!(net.actors, ids);
        // Congruence: A–B share P (yes, yes: 2 × 1) and S (no, no: 1 × 1).
        assert_eq!(net.edges, [(0, 1, 3.0)]);
        let sp = spells(&ws, &Filter::default(), &options, &net);
        // A–B formed on 01-08 (B's first on P, A's first on S); last 01-10 (B on S).
        assert_eq!(sp.edges, [Some((date(8), date(10)))]);
        // A spoke 01-06..01-08, stretched to its edge's 01-10; C's neutral is left out.
        assert_eq!(
            sp.nodes,
            [
                Some((date(6), date(10))),
                Some((date(8), date(10))),
                Some((date(6), date(6)))
            ]
        );
        assert_eq!(sp.stances, [3, 2, 1]);
    }

    #[test]
    fn gexf_has_attributes_colours_weights_spells_and_escapes() {
        let (ws, ids) = fixture();
        let options = NetworkOptions {
            qualifier: Qualifier::Conflict,
            duplicates: Duplicates::Include,
            ..NetworkOptions::default()
        };
        let g = gexf_network(&ws, &Filter::default(), &options);
        assert!(g.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gexf xmlns=\"http://gexf.net/1.3\""));
        assert!(g.contains("<graph mode=\"dynamic\" defaultedgetype=\"undirected\" timeformat=\"date\">"));
        assert!(g.contains("<keywords>coder=; qualifier=conflict; normalize=no; duplicates=include; neutral=leave-out; threshold=0</keywords>"));
        // Conflict: A–C on P (2 yes × 1 no), B–C on P (1 × 1); A–B none.
        let (a, b, c) = (ids[0], ids[1], ids[2]);
        assert!(g.contains(&format!("<edge id=\"e0\" source=\"{a}\" target=\"{c}\" weight=\"2\">")));
        assert!(g.contains(&format!("<edge id=\"e1\" source=\"{b}\" target=\"{c}\" weight=\"1\">")));
        assert!(
            g.contains("<spell start=\"2020-01-06\" end=\"2020-01-06\"/>"),
            "A–C on 01-06"
        );
        assert!(
            g.contains("<spell start=\"2020-01-08\" end=\"2020-01-08\"/>"),
            "B–C from B's 01-08"
        );
        assert!(g.contains("<attvalue for=\"aliases\" value=\"Alpha &amp; Co; &quot;A&quot;\"/>"));
        assert!(g.contains("<attvalue for=\"stances\" value=\"3\"/>"));
        assert!(g.contains("<viz:color r=\"16\" g=\"32\" b=\"48\"/>"));
        assert_eq!(g.matches("<node ").count(), 3);
    }

    #[test]
    fn control_characters_are_replaced() {
        assert_eq!(xml_safe("a\u{1}b\tc"), "a\u{FFFD}b\tc");
        assert!(matches!(xml_safe("plain"), Cow::Borrowed(_)));
    }
}
