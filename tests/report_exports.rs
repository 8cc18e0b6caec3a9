//! Exports as other tools read them: every format written to disk (through
//! the library and through the `export` command), then parsed back — CSV with
//! the csv crate, GraphML with a small strict XML reader and the GraphML rules
//! Gephi and NetworkX rely on.
//!
//! The workspace: three actors on three issues, computed by hand.
//!
//! | actor                          | participation | sanctions | concessions      |
//! |--------------------------------|---------------|-----------|------------------|
//! | Alpha (state)                  | + +           | −         | + and − (mixed)  |
//! | Beta (state)                   | + (− pending) | +         | − (undated)      |
//! | Gamma & "Sons" <Ltd>'s (group, of Alpha) | − − (+ rejected) | − | +          |
//!
//! Congruence: Alpha–Beta 2 (P, K), Alpha–Gamma 2 (S, K), Beta–Gamma 0.
//! Conflict:   Alpha–Beta 2 (S, K), Alpha–Gamma 2 (P, K), Beta–Gamma 3.

use stance_tracker::model::{
    Actor, ActorId, ActorKind, Article, ArticleId, Command, Date, Evidence, IssueId, Origin, Position, Stance,
    StanceId, Status, Timestamp, Workspace,
};
use stance_tracker::report::{self, ExportFormat, Filter};
use stance_tracker::storage;
use std::collections::{HashMap, HashSet};
use std::path::Path;

const GAMMA: &str = "Gamma & \"Sons\" <Ltd>'s";
const TITLE: &str = "Talks, \"round 1\" & more";

struct Fx {
    ws: Workspace,
    alpha: ActorId,
    beta: ActorId,
    gamma: ActorId,
    p: IssueId,
    s: IssueId,
    k: IssueId,
}

fn add_article(ws: &mut Workspace, title: &str, date: Option<Date>, text: &str) -> ArticleId {
    let id = ArticleId(ws.alloc_id());
    ws.apply(Command::AddArticle(Box::new(Article::new(
        id,
        title.into(),
        date,
        "src & co.txt".into(),
        text.into(),
    ))))
    .unwrap();
    id
}

fn add_actor(ws: &mut Workspace, name: &str, kind: ActorKind, affiliation: Option<ActorId>) -> ActorId {
    let id = ActorId(ws.alloc_id());
    let mut a = Actor::new(id, name, kind);
    a.affiliation = affiliation;
    ws.apply(Command::AddActor(a)).unwrap();
    id
}

fn add_stance(
    ws: &mut Workspace,
    article: ArticleId,
    actor: ActorId,
    issue: IssueId,
    position: Position,
    status: Status,
    quote: &str,
) -> StanceId {
    let text = &ws.article(article).unwrap().text;
    let byte = text.find(quote).unwrap_or_else(|| panic!("{quote:?} not in article"));
    let start = text[..byte].chars().count();
    let end = start + quote.chars().count();
    let id = StanceId(ws.alloc_id());
    let now = Timestamp::now();
    ws.apply(Command::AddStance(Stance {
        id,
        article,
        actor,
        issue,
        position,
        evidence: Evidence {
            start,
            end,
            text: quote.into(),
        },
        origin: Origin::Manual,
        status,
        note: String::new(),
        created: now,
        modified: now,
        bulk: None,
        by: Default::default(),
    }))
    .unwrap();
    id
}

fn fixture() -> Fx {
    use Position::*;
    use Status::*;
    let mut ws = Workspace::new();
    let key = |ws: &Workspace, k: &str| ws.issue_by_key(k).unwrap().id;
    let (p, s, k) = (
        key(&ws, "participation"),
        key(&ws, "sanctions"),
        key(&ws, "concessions"),
    );
    let alpha = add_actor(&mut ws, "Alpha", ActorKind::State, None);
    let beta = add_actor(&mut ws, "Beta", ActorKind::State, None);
    let gamma = add_actor(&mut ws, GAMMA, ActorKind::Group, Some(alpha));
    let a1 = add_article(
        &mut ws,
        TITLE,
        Date::new(2019, 12, 30),
        "Alpha joined. Beta joined. Gamma walked out. Beta refused. Gamma came back.",
    );
    let a2 = add_article(
        &mut ws,
        "Second round",
        Date::new(2020, 1, 6),
        "Gamma boycotted. Alpha rejects the embargo. Beta backs sanctions. Gamma opposes sanctions. Alpha will attend.",
    );
    let a3 = add_article(
        &mut ws,
        "Concessions",
        Date::new(2020, 2, 15),
        "Alpha offers concessions. Alpha also refuses concessions. Gamma wants concessions.",
    );
    let a4 = add_article(&mut ws, "Undated", None, "Beta will make no concessions.");
    add_stance(&mut ws, a1, alpha, p, Support, Accepted, "Alpha joined.");
    add_stance(&mut ws, a1, beta, p, Support, Accepted, "Beta joined.");
    add_stance(&mut ws, a1, gamma, p, Oppose, Accepted, "Gamma walked out.");
    add_stance(&mut ws, a1, beta, p, Oppose, Pending, "Beta refused.");
    add_stance(&mut ws, a1, gamma, p, Support, Rejected, "Gamma came back.");
    add_stance(&mut ws, a2, gamma, p, Oppose, Accepted, "Gamma boycotted.");
    add_stance(&mut ws, a2, alpha, s, Oppose, Accepted, "Alpha rejects the embargo.");
    add_stance(&mut ws, a2, beta, s, Support, Accepted, "Beta backs sanctions.");
    add_stance(&mut ws, a2, gamma, s, Oppose, Accepted, "Gamma opposes sanctions.");
    add_stance(&mut ws, a2, alpha, p, Support, Accepted, "Alpha will attend.");
    add_stance(&mut ws, a3, alpha, k, Support, Accepted, "Alpha offers concessions.");
    add_stance(
        &mut ws,
        a3,
        alpha,
        k,
        Oppose,
        Accepted,
        "Alpha also refuses concessions.",
    );
    add_stance(&mut ws, a3, gamma, k, Support, Accepted, "Gamma wants concessions.");
    add_stance(&mut ws, a4, beta, k, Oppose, Accepted, "Beta will make no concessions.");
    Fx {
        ws,
        alpha,
        beta,
        gamma,
        p,
        s,
        k,
    }
}

fn export(ws: &Workspace, format: ExportFormat, dir: &Path) -> Vec<u8> {
    let path = dir.join(format.default_file_name());
    report::export_to_path(ws, format, &path).unwrap();
    std::fs::read(&path).unwrap()
}

fn csv_rows(bytes: &[u8]) -> (Vec<String>, Vec<HashMap<String, String>>) {
    let mut r = csv::Reader::from_reader(bytes);
    let headers: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| {
            headers
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(String::from))
                .collect()
        })
        .collect();
    (headers, rows)
}

// ---------------------------------------------------------------------------
// A small strict XML reader
// ---------------------------------------------------------------------------

#[derive(Debug, Default)]
struct Elem {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Elem>,
    text: String,
}

impl Elem {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn kids<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Elem> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
}

fn is_name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_' || c == ':'
}

fn is_name_char(c: char) -> bool {
    is_name_start(c) || c.is_ascii_digit() || c == '-' || c == '.'
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// Resolves the five predefined entities and character references; a bare `&`
/// or `<` is an error.
fn unescape(s: &str) -> Result<String, String> {
    if s.contains('<') {
        return Err(format!("raw '<' in {s:?}"));
    }
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let end = rest[i..]
            .find(';')
            .ok_or_else(|| format!("unterminated entity in {s:?}"))?
            + i;
        let ent = &rest[i + 1..end];
        let c = match ent {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ if ent.starts_with("#x") => {
                char::from_u32(u32::from_str_radix(&ent[2..], 16).map_err(|e| e.to_string())?).ok_or("bad char ref")?
            }
            _ if ent.starts_with('#') => {
                char::from_u32(ent[1..].parse::<u32>().map_err(|e| e.to_string())?).ok_or("bad char ref")?
            }
            _ => return Err(format!("unknown entity &{ent}; in {s:?}")),
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

struct XmlReader<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> XmlReader<'a> {
    fn rest(&self) -> &'a str {
        &self.s[self.pos..]
    }

    fn skip_ws(&mut self) {
        let r = self.rest();
        self.pos += r.len() - r.trim_start_matches([' ', '\t', '\n', '\r']).len();
    }

    fn name(&mut self) -> Result<String, String> {
        let r = self.rest();
        let mut chars = r.char_indices();
        match chars.next() {
            Some((_, c)) if is_name_start(c) => {}
            _ => return Err(format!("expected a name at {}", self.pos)),
        }
        let len = chars.find(|(_, c)| !is_name_char(*c)).map_or(r.len(), |(i, _)| i);
        self.pos += len;
        Ok(r[..len].to_owned())
    }

    fn expect(&mut self, lit: &str) -> Result<(), String> {
        if self.rest().starts_with(lit) {
            self.pos += lit.len();
            Ok(())
        } else {
            Err(format!(
                "expected {lit:?} at {}: {:?}",
                self.pos,
                &self.rest()[..self.rest().len().min(40)]
            ))
        }
    }

    fn skip_misc(&mut self) -> Result<(), String> {
        loop {
            self.skip_ws();
            if self.rest().starts_with("<!--") {
                let end = self.rest().find("-->").ok_or("unterminated comment")?;
                self.pos += end + 3;
            } else {
                return Ok(());
            }
        }
    }

    fn element(&mut self) -> Result<Elem, String> {
        self.expect("<")?;
        let mut e = Elem {
            name: self.name()?,
            ..Elem::default()
        };
        loop {
            let before = self.pos;
            self.skip_ws();
            if self.rest().starts_with("/>") {
                self.pos += 2;
                return Ok(e);
            }
            if self.rest().starts_with('>') {
                self.pos += 1;
                break;
            }
            if self.pos == before {
                return Err(format!("expected whitespace before an attribute at {}", self.pos));
            }
            let name = self.name()?;
            self.skip_ws();
            self.expect("=")?;
            self.skip_ws();
            let quote = self.rest().chars().next().ok_or("eof in attribute")?;
            if quote != '"' && quote != '\'' {
                return Err(format!("unquoted attribute {name}"));
            }
            self.pos += 1;
            let end = self.rest().find(quote).ok_or("unterminated attribute")?;
            let value = unescape(&self.rest()[..end])?;
            self.pos += end + 1;
            if e.attrs.iter().any(|(n, _)| *n == name) {
                return Err(format!("duplicate attribute {name} on <{}>", e.name));
            }
            e.attrs.push((name, value));
        }
        loop {
            let end = self
                .rest()
                .find('<')
                .ok_or_else(|| format!("<{}> is never closed", e.name))?;
            let raw = &self.rest()[..end];
            if raw.contains("]]>") {
                return Err("']]>' in text".into());
            }
            e.text.push_str(&unescape(raw)?);
            self.pos += end;
            if self.rest().starts_with("</") {
                self.pos += 2;
                let name = self.name()?;
                if name != e.name {
                    return Err(format!("</{name}> closes <{}>", e.name));
                }
                self.skip_ws();
                self.expect(">")?;
                return Ok(e);
            } else if self.rest().starts_with("<!--") {
                self.skip_misc()?;
            } else {
                e.children.push(self.element()?);
            }
        }
    }
}

/// Parses a whole document: optional declaration, one root element, nothing
/// but comments and whitespace around it.
fn parse_xml(s: &str) -> Result<Elem, String> {
    if let Some(c) = s.chars().find(|c| !is_xml_char(*c)) {
        return Err(format!("character U+{:04X} is not allowed in XML", c as u32));
    }
    let mut r = XmlReader { s, pos: 0 };
    if r.rest().starts_with("<?xml") {
        let end = r.rest().find("?>").ok_or("unterminated declaration")?;
        let decl = &r.rest()[..end];
        if !decl.contains("version=\"1.0\"") || !decl.contains("encoding=\"UTF-8\"") {
            return Err(format!("declaration {decl:?}"));
        }
        r.pos += end + 2;
    }
    r.skip_misc()?;
    let root = r.element()?;
    r.skip_misc()?;
    if !r.rest().is_empty() {
        return Err(format!("content after the root element at {}", r.pos));
    }
    Ok(root)
}

// ---------------------------------------------------------------------------
// GraphML rules
// ---------------------------------------------------------------------------

type Attrs = HashMap<String, String>;

struct Graph {
    directed: bool,
    nodes: HashMap<String, Attrs>,
    node_order: Vec<String>,
    edges: Vec<(String, String, Attrs)>,
}

impl Graph {
    fn node_by_label(&self, label: &str) -> &str {
        self.node_order
            .iter()
            .find(|id| self.nodes[*id]["label"] == label)
            .unwrap_or_else(|| panic!("no node {label}"))
    }

    fn edge(&self, a: &str, b: &str) -> Option<&Attrs> {
        self.edges
            .iter()
            .find(|(s, t, _)| (s == a && t == b) || (!self.directed && s == b && t == a))
            .map(|(_, _, d)| d)
    }
}

fn check_value(ty: &str, v: &str) -> Result<(), String> {
    let ok = match ty {
        "string" => true,
        "int" | "long" => v.trim().parse::<i64>().is_ok(),
        "float" | "double" => v.trim().parse::<f64>().is_ok_and(f64::is_finite),
        "boolean" => matches!(v.trim(), "true" | "false"),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("{v:?} is not a valid {ty}"))
    }
}

/// Checks what Gephi and NetworkX need and returns the graph with the data
/// keyed by `attr.name`.
fn parse_graphml(s: &str) -> Graph {
    let root = parse_xml(s).unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{s}"));
    assert_eq!(root.name, "graphml");
    assert_eq!(root.attr("xmlns"), Some("http://graphml.graphdrawing.org/xmlns"));
    let mut keys: HashMap<String, (String, String, String)> = HashMap::new();
    let mut names: HashSet<(String, String)> = HashSet::new();
    for k in root.kids("key") {
        let id = k.attr("id").expect("key id").to_owned();
        let for_ = k.attr("for").expect("key for").to_owned();
        let name = k.attr("attr.name").expect("key attr.name").to_owned();
        let ty = k.attr("attr.type").expect("key attr.type").to_owned();
        assert!(["node", "edge", "graph", "all"].contains(&for_.as_str()), "for={for_}");
        assert!(
            ["boolean", "int", "long", "float", "double", "string"].contains(&ty.as_str()),
            "attr.type={ty}"
        );
        assert!(
            names.insert((for_.clone(), name.clone())),
            "attr.name {name} declared twice for {for_}"
        );
        assert!(
            keys.insert(id.clone(), (for_, name, ty)).is_none(),
            "key id {id} declared twice"
        );
    }
    let graphs: Vec<&Elem> = root.kids("graph").collect();
    assert_eq!(graphs.len(), 1);
    let g = graphs[0];
    let directed = match g.attr("edgedefault") {
        Some("directed") => true,
        Some("undirected") => false,
        other => panic!("edgedefault {other:?}"),
    };
    let data = |e: &Elem, for_: &str| -> Attrs {
        let mut out = Attrs::new();
        for d in &e.children {
            assert_eq!(d.name, "data", "only <data> inside <{}>", e.name);
            let key = d.attr("key").expect("data key");
            let (kfor, name, ty) = keys
                .get(key)
                .unwrap_or_else(|| panic!("<data key={key:?}> is not declared"));
            assert!(
                kfor == for_ || kfor == "all",
                "key {key} is for {kfor}, used on a {for_}"
            );
            check_value(ty, &d.text).unwrap();
            assert!(
                out.insert(name.clone(), d.text.clone()).is_none(),
                "{key} twice on one {for_}"
            );
        }
        out
    };
    let mut nodes = HashMap::new();
    let mut node_order = Vec::new();
    let mut edges = Vec::new();
    let mut edge_ids = HashSet::new();
    for child in &g.children {
        match child.name.as_str() {
            "node" => {
                let id = child.attr("id").expect("node id").to_owned();
                assert!(
                    nodes.insert(id.clone(), data(child, "node")).is_none(),
                    "node {id} twice"
                );
                node_order.push(id);
            }
            "edge" => edges.push(child),
            // Graph attributes (the coder layer) come before the nodes.
            "data" => {
                assert!(nodes.is_empty(), "graph <data> after the nodes");
                let key = child.attr("key").expect("data key");
                let (kfor, _, _) = keys
                    .get(key)
                    .unwrap_or_else(|| panic!("<data key={key:?}> is not declared"));
                assert!(
                    kfor == "graph" || kfor == "all",
                    "key {key} is for {kfor}, used on the graph"
                );
            }
            other => panic!("unexpected <{other}> in <graph>"),
        }
    }
    let edges = edges
        .into_iter()
        .map(|e| {
            if let Some(id) = e.attr("id") {
                assert!(edge_ids.insert(id.to_owned()), "edge id {id} twice");
            }
            let (s, t) = (e.attr("source").expect("source"), e.attr("target").expect("target"));
            assert!(
                nodes.contains_key(s) && nodes.contains_key(t),
                "edge {s}–{t} to a missing node"
            );
            (s.to_owned(), t.to_owned(), data(e, "edge"))
        })
        .collect();
    Graph {
        directed,
        nodes,
        node_order,
        edges,
    }
}

#[test]
fn the_xml_checker_rejects_what_it_should() {
    for bad in [
        "<a>",
        "<a></b>",
        "<a x=1/>",
        "<a x=\"1\" x=\"2\"/>",
        "<a>&</a>",
        "<a>a & b</a>",
        "<a>&nbsp;</a>",
        "<a x=\"<\"/>",
        "<a/><b/>",
        "<a>\u{1}</a>",
        "<a x=\"1\"y=\"2\"/>",
    ] {
        assert!(parse_xml(bad).is_err(), "{bad:?} should be refused");
    }
    let ok = parse_xml(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a x='&quot;&#38;'><!-- c --><b>&lt;&gt;&amp;</b></a>\n",
    )
    .unwrap();
    assert_eq!(ok.attr("x"), Some("\"&"));
    assert_eq!(ok.children[0].text, "<>&");
}

// ---------------------------------------------------------------------------
// The exports
// ---------------------------------------------------------------------------

#[test]
fn graphml_issues_is_a_two_mode_network() {
    let fx = fixture();
    let dir = tempfile::tempdir().unwrap();
    let bytes = export(&fx.ws, ExportFormat::GraphmlIssues, dir.path());
    let text = String::from_utf8(bytes).unwrap();
    assert!(
        text.contains("Gamma &amp; &quot;Sons&quot; &lt;Ltd&gt;&apos;s"),
        "escaped name"
    );
    let g = parse_graphml(&text);
    assert!(!g.directed);
    assert_eq!(g.nodes.len(), 6, "3 actors + 3 issues");
    let types: Vec<&str> = g.node_order.iter().map(|id| g.nodes[id]["type"].as_str()).collect();
    assert_eq!(types, ["actor", "actor", "actor", "issue", "issue", "issue"]);

    let gamma = &g.nodes[&fx.gamma.to_string()];
    assert_eq!(gamma["label"], GAMMA);
    assert_eq!(gamma["kind"], "group");
    assert_eq!(gamma["affiliation"], "Alpha");
    let color = &gamma["color"];
    assert!(
        color.len() == 7 && color.starts_with('#') && color[1..].chars().all(|c| c.is_ascii_hexdigit()),
        "{color}"
    );
    let rgb = fx.ws.actor(fx.gamma).unwrap().color;
    assert_eq!(*color, format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2]));
    assert_eq!(g.nodes[&fx.p.to_string()]["label"], "Participation");
    assert_eq!(g.nodes[&fx.p.to_string()]["issue_key"], "participation");

    // One edge per actor and issue with accepted stances: 3 × 3.
    assert_eq!(g.edges.len(), 9);
    for (s, t, _) in &g.edges {
        assert_eq!(g.nodes[s]["type"], "actor", "edges go from actors");
        assert_eq!(g.nodes[t]["type"], "issue", "to issues");
    }
    let e = |a: ActorId, i: IssueId| g.edge(&a.to_string(), &i.to_string()).unwrap();
    let pw = |d: &Attrs| (d["position"].clone(), d["weight"].parse::<u32>().unwrap());
    assert_eq!(pw(e(fx.alpha, fx.p)), ("support".into(), 2));
    assert_eq!(pw(e(fx.alpha, fx.k)), ("mixed".into(), 2));
    assert_eq!(
        pw(e(fx.beta, fx.p)),
        ("support".into(), 1),
        "the pending −P does not count"
    );
    assert_eq!(
        pw(e(fx.gamma, fx.p)),
        ("oppose".into(), 2),
        "the rejected +P does not count"
    );
    assert_eq!(pw(e(fx.beta, fx.k)), ("oppose".into(), 1));
    assert_eq!(pw(e(fx.beta, fx.s)), ("support".into(), 1));
    assert_eq!(e(fx.gamma, fx.p)["net"].parse::<f64>().unwrap(), -1.0);
    assert_eq!(e(fx.alpha, fx.k)["support"], "1");
    assert_eq!(e(fx.alpha, fx.k)["oppose"], "1");
}

#[test]
fn graphml_congruence_and_conflict_weights() {
    let fx = fixture();
    let dir = tempfile::tempdir().unwrap();
    let weights = |format| {
        let g = parse_graphml(&String::from_utf8(export(&fx.ws, format, dir.path())).unwrap());
        assert!(!g.directed);
        assert_eq!(g.nodes.len(), 3);
        assert!(g.nodes.values().all(|n| n["type"] == "actor"));
        let (a, b, c) = (
            g.node_by_label("Alpha"),
            g.node_by_label("Beta"),
            g.node_by_label(GAMMA),
        );
        let w = |x: &str, y: &str| g.edge(x, y).map_or(0, |d| d["weight"].parse::<u32>().unwrap());
        assert!(g.edges.iter().all(|(s, t, _)| s != t), "no self-loops");
        (w(a, b), w(a, c), w(b, c), g.edges.len())
    };
    assert_eq!(weights(ExportFormat::GraphmlCongruence), (2, 2, 0, 2));
    assert_eq!(weights(ExportFormat::GraphmlConflict), (2, 2, 3, 3));

    // The same numbers through the aggregate, and with a filter.
    let jan = Filter {
        to: Date::new(2020, 1, 31),
        ..Filter::default()
    };
    let ag = report::agreement(&fx.ws, &jan);
    let (a, b, c) = (
        ag.index_of(fx.alpha).unwrap(),
        ag.index_of(fx.beta).unwrap(),
        ag.index_of(fx.gamma).unwrap(),
    );
    // Until January: P (Alpha +, Beta +, Gamma −) and S (Alpha −, Beta +, Gamma −).
    assert_eq!(
        (ag.congruence(a, b), ag.congruence(a, c), ag.congruence(b, c)),
        (1, 1, 0)
    );
    assert_eq!((ag.conflict(a, b), ag.conflict(a, c), ag.conflict(b, c)), (1, 1, 2));
    let g = parse_graphml(&report::graphml_agreement(&fx.ws, &ag, true, ""));
    assert_eq!(g.edges.len(), 3);
}

#[test]
fn graphml_of_an_empty_workspace_is_valid() {
    let ws = Workspace::new();
    for f in [
        ExportFormat::GraphmlIssues,
        ExportFormat::GraphmlCongruence,
        ExportFormat::GraphmlConflict,
    ] {
        let g = parse_graphml(&String::from_utf8(report::export_bytes(&ws, f, &Filter::default()).unwrap()).unwrap());
        assert!(g.edges.is_empty());
        let issues = if f == ExportFormat::GraphmlIssues { 3 } else { 0 };
        assert_eq!(g.nodes.len(), issues);
    }
}

#[test]
fn xml_escape_handles_markup_and_forbidden_characters() {
    assert_eq!(
        report::xml_escape("a & b < c > d \" e ' f"),
        "a &amp; b &lt; c &gt; d &quot; e &apos; f"
    );
    assert_eq!(report::xml_escape("bell\u{7}tab\tnl\n"), "bell\u{FFFD}tab\tnl\n");
    let doc = format!("<a x=\"{0}\">{0}</a>", report::xml_escape("\u{0}<&>\"'"));
    let e = parse_xml(&doc).unwrap();
    assert_eq!(e.text, "\u{FFFD}<&>\"'");
}

#[test]
fn matrix_csv_reads_back() {
    let fx = fixture();
    let dir = tempfile::tempdir().unwrap();
    let (headers, rows) = csv_rows(&export(&fx.ws, ExportFormat::MatrixCsv, dir.path()));
    assert_eq!(
        &headers[..6],
        [
            "actor",
            "kind",
            "affiliation",
            "participation_net_position",
            "sanctions_net_position",
            "concessions_net_position"
        ]
    );
    assert_eq!(headers.len(), 13);
    let names: Vec<&str> = rows.iter().map(|r| r["actor"].as_str()).collect();
    assert_eq!(names, ["Alpha", "Beta", GAMMA], "states, then the group");
    let gamma = &rows[2];
    assert_eq!(
        (gamma["kind"].as_str(), gamma["affiliation"].as_str()),
        ("group", "Alpha")
    );
    assert_eq!(gamma["participation_net_position"], "-1.000");
    assert_eq!(gamma["participation_oppose"], "2");
    assert_eq!(gamma["participation_support"], "0", "the rejected +P does not count");
    assert_eq!(rows[0]["concessions_net_position"], "0.000");
    assert_eq!(rows[1]["concessions_oppose"], "1");
}

#[test]
fn articles_csv_reads_back() {
    let fx = fixture();
    let dir = tempfile::tempdir().unwrap();
    let (headers, rows) = csv_rows(&export(&fx.ws, ExportFormat::ArticlesCsv, dir.path()));
    assert_eq!(headers, report::ARTICLE_COLUMNS);
    assert_eq!(rows.len(), 4);
    let r = &rows[0];
    assert_eq!(r["title"], TITLE);
    assert_eq!(r["date"], "2019-12-30");
    assert_eq!(r["source"], "src & co.txt");
    let counts = |r: &HashMap<String, String>| {
        [
            "actors_with_accepted_stances",
            "accepted",
            "pending",
            "rejected",
            "stances",
        ]
        .map(|c| r[c].parse::<usize>().unwrap())
    };
    assert_eq!(counts(r), [3, 3, 1, 1, 5]);
    assert_eq!(counts(&rows[2]), [2, 3, 0, 0, 3]);
    assert_eq!(rows[3]["date"], "");
}

#[test]
fn csv_and_json_keep_their_contract() {
    let fx = fixture();
    let dir = tempfile::tempdir().unwrap();
    let (headers, rows) = csv_rows(&export(&fx.ws, ExportFormat::Csv, dir.path()));
    assert_eq!(headers[0], "stance_id");
    assert_eq!(
        rows.len(),
        fx.ws.stance_count(),
        "the flat CSV lists every stance, with its status"
    );
    assert_eq!(rows.iter().filter(|r| r["status"] != "accepted").count(), 2);
    let ws = storage::parse_workspace(&export(&fx.ws, ExportFormat::Json, dir.path())).unwrap();
    assert_eq!(ws.stance_count(), fx.ws.stance_count());

    // A view's filter narrows the flat CSV.
    let f = Filter {
        actors: [fx.beta].into(),
        ..Filter::all_stances()
    };
    let mut buf = Vec::new();
    report::stances_csv_filtered(&fx.ws, &f, &mut buf).unwrap();
    let (_, rows) = csv_rows(&buf);
    assert_eq!(rows.len(), 4);
    assert!(rows.iter().all(|r| r["actor"] == "Beta"));
}

#[test]
fn exports_leave_no_temporary_files() {
    let fx = fixture();
    let dir = tempfile::tempdir().unwrap();
    for f in ExportFormat::ALL {
        export(&fx.ws, f, dir.path());
    }
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let mut expected: Vec<String> = ExportFormat::ALL
        .iter()
        .map(|f| f.default_file_name().to_owned())
        .collect();
    expected.sort();
    assert_eq!(names, expected);
}

// ---------------------------------------------------------------------------
// The command line
// ---------------------------------------------------------------------------

#[test]
fn export_command_writes_every_format() {
    let fx = fixture();
    let dir = tempfile::tempdir().unwrap();
    let wsp = dir.path().join("p.stance.json");
    storage::save_workspace(&fx.ws, &wsp).unwrap();
    for f in ExportFormat::ALL {
        let out = dir.path().join(format!("out-{}", f.default_file_name()));
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_stance-tracker"))
            .args([
                "export".as_ref(),
                wsp.as_os_str(),
                "--format".as_ref(),
                f.cli_name().as_ref(),
                "--out".as_ref(),
            ])
            .arg(&out)
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "{}: {err}", f.cli_name());
        assert!(err.starts_with("exported "), "{err}");
        let expected = report::export_bytes(&fx.ws, f, &report::default_filter(f)).unwrap();
        assert!(
            std::fs::read(&out).unwrap() == expected,
            "{}: the CLI writes what the library makes",
            f.cli_name()
        );
    }
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_stance-tracker"))
        .args(["export", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&o.stdout);
    for f in ExportFormat::ALL {
        assert!(
            help.contains(&format!("--format {}", f.cli_name())),
            "an example for {}:\n{help}",
            f.cli_name()
        );
    }
}
