//! The quality floor of the analysis on the dev fixtures, scored exactly as
//! the evaluation script (`eval/score.py`) scores `analyze --json` output:
//!
//! - names are compared after NFKD, dropping combining marks, lower-casing,
//!   unifying apostrophes, collapsing spaces and dropping a leading "the ";
//! - a predicted actor matches a reference actor when its name (first) or one
//!   of its mention texts equals the reference name or an alias; one-to-one;
//! - predicted stances are reduced to one per (actor, issue), keeping the
//!   most confident; a stance matches a reference stance of the mapped actor
//!   and the same issue when at least half of the reference evidence's words
//!   occur in the predicted evidence.
//!
//! The port works on the same JSON the CLI prints (built from
//! `analysis::output`), so its figures equal the script's.

use serde_json::{Value, json};
use stance_tracker::analysis::Analyzer;
use stance_tracker::analysis::output::{ActorOutput, AnalysisOutput, ArticleOutput, SpanOutput, StanceOutput};
use stance_tracker::import::{self, LoadOptions};
use stance_tracker::model::text::CharIndex;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

// ---------------------------------------------------------------------------
// The scorer, ported from score.py
// ---------------------------------------------------------------------------

/// Python's `str.isspace()`: Unicode White_Space plus the ASCII information separators.
fn py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// `norm()` of score.py. `unicodedata.combining(c)` is the canonical
/// combining class, non-zero for combining marks.
fn norm(s: &str) -> String {
    let stripped: String = s.nfkd().filter(|&c| canonical_combining_class(c) == 0).collect();
    let lower = stripped.to_lowercase();
    let apos: String = lower
        .chars()
        .map(|c| if matches!(c, '’' | '\'' | '`') { '\'' } else { c })
        .collect();
    let collapsed = apos
        .split(py_space)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    match collapsed.strip_prefix("the ") {
        Some(rest) => rest.to_owned(),
        None => collapsed,
    }
}

/// `words()`: the set of ASCII letter/digit runs of the normalised text.
fn words(s: &str) -> HashSet<String> {
    norm(s)
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

fn get_str<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// Python's `str(x)` for the JSON values that occur (strings, null).
fn py_str(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        None | Some(Value::Null) => "None".into(),
        Some(other) => other.to_string(),
    }
}

fn arr(v: &Value, key: &str) -> Vec<Value> {
    v.get(key).and_then(Value::as_array).cloned().unwrap_or_default()
}

fn basename(p: &str) -> &str {
    Path::new(p).file_name().and_then(|n| n.to_str()).unwrap_or("")
}

/// `pick_article()`: the analysed article whose source file name is the
/// gold's "article", or the only article.
fn pick_article<'a>(analysis: &'a Value, gold: &Value) -> Option<&'a Value> {
    let arts = analysis.get("articles").and_then(Value::as_array)?;
    let want = get_str(gold, "article");
    if !want.is_empty()
        && let Some(a) = arts.iter().find(|a| basename(&py_str(a.get("source"))) == want)
    {
        return Some(a);
    }
    (arts.len() == 1).then(|| &arts[0])
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Counts {
    tp_a: usize,
    n_pa: usize,
    n_ga: usize,
    tp_s: usize,
    n_ps: usize,
    n_gs: usize,
    pos_ok: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.tp_a += o.tp_a;
        self.n_pa += o.n_pa;
        self.n_ga += o.n_ga;
        self.tp_s += o.tp_s;
        self.n_ps += o.n_ps;
        self.n_gs += o.n_gs;
        self.pos_ok += o.pos_ok;
    }
}

fn confidence(s: &Value) -> f64 {
    s.get("confidence").and_then(Value::as_f64).unwrap_or(0.0)
}

/// `score()` of score.py.
fn score(art: &Value, gold: &Value) -> Counts {
    let gactors = arr(gold, "actors");
    let keys: Vec<HashSet<String>> = gactors
        .iter()
        .map(|g| {
            let mut k = HashSet::from([norm(get_str(g, "name"))]);
            k.extend(arr(g, "aliases").iter().map(|x| norm(x.as_str().unwrap_or(""))));
            k
        })
        .collect();
    let pactors = arr(art, "actors");
    let mut pmap: HashMap<String, String> = HashMap::new();
    let mut used: HashSet<usize> = HashSet::new();
    let mut tp_a = 0;
    for p in &pactors {
        let pname = norm(get_str(p, "name"));
        let mut cands = HashSet::from([pname.clone()]);
        cands.extend(arr(p, "mentions").iter().map(|m| norm(get_str(m, "text"))));
        let hit = keys
            .iter()
            .position(|k| k.contains(&pname))
            .or_else(|| keys.iter().position(|k| !cands.is_disjoint(k)));
        if let Some(i) = hit
            && used.insert(i)
        {
            pmap.insert(py_str(p.get("name")), get_str(&gactors[i], "name").to_owned());
            tp_a += 1;
        }
    }

    // One stance per (actor, issue), the most confident; insertion order as a Python dict.
    let mut best: Vec<((String, String), Value)> = Vec::new();
    for s in arr(art, "stances") {
        let k = (py_str(s.get("actor")), py_str(s.get("issue")).to_lowercase());
        match best.iter_mut().find(|(bk, _)| *bk == k) {
            None => best.push((k, s)),
            Some((_, b)) => {
                if confidence(&s) > confidence(b) {
                    *b = s;
                }
            }
        }
    }
    let gstances = arr(gold, "stances");
    let (mut matched, mut pos_ok) = (0, 0);
    let mut taken: HashSet<usize> = HashSet::new();
    for (_, s) in &best {
        let ga = pmap.get(&py_str(s.get("actor")));
        let ptext = match s.get("evidence") {
            Some(Value::Object(ev)) => words(ev.get("text").and_then(Value::as_str).unwrap_or("")),
            Some(Value::Null) | None => words(""),
            Some(other) => words(&py_str(Some(other))),
        };
        for (j, g) in gstances.iter().enumerate() {
            if taken.contains(&j)
                || Some(get_str(g, "actor")) != ga.map(String::as_str)
                || get_str(g, "issue").to_lowercase() != py_str(s.get("issue")).to_lowercase()
            {
                continue;
            }
            let gw = words(get_str(g, "evidence"));
            if !gw.is_empty() && gw.intersection(&ptext).count() * 2 >= gw.len() {
                taken.insert(j);
                matched += 1;
                pos_ok += usize::from(py_str(s.get("position")).to_lowercase() == get_str(g, "position"));
                break;
            }
        }
    }
    Counts {
        tp_a,
        n_pa: pactors.len(),
        n_ga: gactors.len(),
        tp_s: matched,
        n_ps: best.len(),
        n_gs: gstances.len(),
        pos_ok,
    }
}

fn prf(tp: usize, npred: usize, ngold: usize) -> (f64, f64, f64) {
    let p = if npred > 0 {
        tp as f64 / npred as f64
    } else if ngold == 0 {
        1.0
    } else {
        0.0
    };
    let r = if ngold > 0 { tp as f64 / ngold as f64 } else { 1.0 };
    let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    (p, r, f)
}

fn article_line(name: &str, r: &Counts) -> String {
    let (ap, ar, _) = prf(r.tp_a, r.n_pa, r.n_ga);
    let (sp, sr, _) = prf(r.tp_s, r.n_ps, r.n_gs);
    format!(
        "{name}: actors P={ap:.2} R={ar:.2} ({}/{} pred, {} ref) | stances P={sp:.2} R={sr:.2} ({}/{} pred, {} ref)",
        r.tp_a, r.n_pa, r.n_ga, r.tp_s, r.n_ps, r.n_gs
    )
}

struct Totals {
    actors: (f64, f64, f64),
    stances: (f64, f64, f64),
    position_acc: f64,
}

fn totals(t: &Counts) -> Totals {
    Totals {
        actors: prf(t.tp_a, t.n_pa, t.n_ga),
        stances: prf(t.tp_s, t.n_ps, t.n_gs),
        position_acc: if t.tp_s > 0 {
            t.pos_ok as f64 / t.tp_s as f64
        } else {
            0.0
        },
    }
}

fn total_line(t: &Counts) -> String {
    let Totals {
        actors: (ap, ar, af),
        stances: (sp, sr, sf),
        position_acc: acc,
    } = totals(t);
    format!(
        "TOTAL actors P={ap:.2} R={ar:.2} F1={af:.2} | stances P={sp:.2} R={sr:.2} F1={sf:.2} | position acc={acc:.2}"
    )
}

/// `main()` of score.py over gold files: the printed lines and the summed counts.
fn score_all(analysis: &Value, golds: &[(String, Value)]) -> (Vec<String>, Counts) {
    let mut lines = Vec::new();
    let mut tot = Counts::default();
    let empty = json!({});
    for (name, gold) in golds {
        let art = match pick_article(analysis, gold) {
            Some(a) => a,
            None => {
                lines.push(format!("{name}: no matching article in the analysis"));
                &empty
            }
        };
        let r = score(art, gold);
        tot += r;
        lines.push(article_line(name, &r));
    }
    lines.push(total_line(&tot));
    (lines, tot)
}

// ---------------------------------------------------------------------------
// The analysis, as `analyze --json` prints it
// ---------------------------------------------------------------------------

fn fixture_dir(set: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(set)
}

fn fixture_files(set: &str, suffix: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(fixture_dir(set))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(suffix))
        })
        .collect();
    v.sort();
    v
}

fn analyse_files(files: &[PathBuf]) -> Value {
    let analyzer = Analyzer::standalone();
    let mut articles = Vec::new();
    for path in files {
        let loaded = import::load_file(path, &LoadOptions::default())
            .result
            .expect("fixture loads")
            .remove(0);
        let text = &loaded.text;
        let result = analyzer.analyze(text, loaded.date);
        let index = CharIndex::new(text);
        let span = |start: usize, end: usize| SpanOutput {
            start,
            end,
            text: index
                .slice(text, start, end)
                .expect("offsets inside the text")
                .to_owned(),
        };
        articles.push(ArticleOutput {
            source: path.display().to_string(),
            title: loaded.title.clone(),
            date: loaded.date.map(|d| d.to_string()),
            actors: result
                .actors
                .iter()
                .map(|a| ActorOutput {
                    name: a.name.clone(),
                    kind: a.kind.as_str().to_owned(),
                    affiliation: a.affiliation.clone(),
                    aliases: a.aliases.clone(),
                    mentions: a.mentions.iter().map(|&(s, e)| span(s, e)).collect(),
                })
                .collect(),
            stances: result
                .stances
                .iter()
                .map(|s| StanceOutput {
                    actor: result.actors[s.actor].name.clone(),
                    issue: s.issue.clone(),
                    position: s.position.as_str().to_owned(),
                    confidence: s.confidence,
                    evidence: span(s.start, s.end),
                    rule: s.rule.clone(),
                })
                .collect(),
        });
    }
    serde_json::to_value(AnalysisOutput { articles }).unwrap()
}

fn load_golds_of(set: &str) -> Vec<(String, Value)> {
    fixture_files(set, ".gold.json")
        .iter()
        .map(|p| {
            let v: Value = serde_json::from_slice(&std::fs::read(p).unwrap()).expect("gold file is JSON");
            (basename(&p.display().to_string()).to_owned(), v)
        })
        .collect()
}

/// Analyses a fixture set of `articles` articles and scores it as
/// score.py does: the per-article lines (printed) and the totals.
fn score_set(set: &str, articles: usize) -> (Vec<String>, Totals) {
    let texts = fixture_files(set, ".txt");
    let golds = load_golds_of(set);
    assert_eq!(texts.len(), articles);
    assert_eq!(golds.len(), articles);
    let analysis = analyse_files(&texts);
    let (lines, tot) = score_all(&analysis, &golds);
    for l in &lines {
        println!("{l}");
    }
    assert!(
        !lines.iter().any(|l| l.contains("no matching article")),
        "every gold file finds its article"
    );
    (lines, totals(&tot))
}

#[test]
fn dev_fixtures_meet_the_quality_floor() {
    let (lines, t) = score_set("dev", 3);
    let mut failures = Vec::new();
    let mut floor = |what: &str, value: f64, min: f64| {
        if value < min {
            failures.push(format!("{what} = {value:.3} < {min}"));
        }
    };
    floor("actors precision", t.actors.0, 0.90);
    floor("actors recall", t.actors.1, 0.90);
    floor("stances precision", t.stances.0, 0.70);
    floor("stances recall", t.stances.1, 0.60);
    floor("position accuracy", t.position_acc, 0.85);
    assert!(
        failures.is_empty(),
        "below the quality floor: {}\n{}",
        failures.join("; "),
        lines.join("\n")
    );
}

/// Articles no rule was written against, coded by the project itself (see
/// `tests/fixtures/README.md`): the actors must hold up there too. Their
/// stance codings read the issues more broadly than the default cue words
/// (joining a trade bloc or a naval coalition as participation), so stance
/// figures are printed for the record, not held to the dev floor.
#[test]
fn held_out_articles_keep_the_actor_floor() {
    let (lines, t) = score_set("heldout", 4);
    assert!(
        t.actors.0 >= 0.90 && t.actors.1 >= 0.90,
        "held-out actors below 0.90: P {:.3} R {:.3}\n{}",
        t.actors.0,
        t.actors.1,
        lines.join("\n")
    );
}

// ---------------------------------------------------------------------------
// The scorer itself
// ---------------------------------------------------------------------------

#[test]
fn scorer_normalisation_matches_score_py() {
    assert_eq!(norm("  The  Erdoğan’s\tgovernment "), "erdogan's government");
    assert_eq!(norm("the"), "the", "only a leading \"the \" goes");
    assert_eq!(norm("Theresa May"), "theresa may");
    assert_eq!(norm("THE `Élysée`"), "'elysee'");
    assert_eq!(norm("ﬁve\u{a0}Ｋyiv"), "five kyiv", "NFKD folds compatibility forms");
    assert_eq!(norm("Erdog\u{306}an"), norm("Erdoğan"));
    let w = words("The U.S.-Russia talks, Rubio’s 2nd round");
    let mut w: Vec<&str> = w.iter().map(String::as_str).collect();
    w.sort();
    assert_eq!(w, ["2nd", "round", "rubio", "russia", "s", "talks", "u"]);
}

#[test]
fn scorer_prf_edge_cases() {
    assert_eq!(prf(0, 0, 0), (1.0, 1.0, 1.0));
    assert_eq!(prf(0, 0, 4), (0.0, 0.0, 0.0));
    assert_eq!(prf(0, 3, 0), (0.0, 1.0, 0.0));
    assert_eq!(prf(1, 2, 4), (0.5, 0.25, 2.0 * 0.5 * 0.25 / 0.75));
    // Python's format rounds the exact binary value, ties to even.
    assert_eq!(format!("{:.2}", 0.125f64), "0.12");
    assert_eq!(format!("{:.2}", 0.375f64), "0.38");
    assert_eq!(format!("{:.2}", 2.0f64 / 3.0), "0.67");
}

/// A small hand-scored example exercising every rule of the scorer.
fn tiny_example() -> (Value, Value) {
    let gold = json!({
        "article": "talks.txt",
        "actors": [
            {"name": "United States", "kind": "state", "aliases": ["United States", "US", "Washington"]},
            {"name": "Sergei Lavrov", "kind": "person", "aliases": ["Sergei Lavrov", "Lavrov"]},
            {"name": "The Kremlin", "kind": "organization", "aliases": []},
            {"name": "Recep Tayyip Erdoğan", "kind": "person", "aliases": ["Erdoğan"]}
        ],
        "stances": [
            {"actor": "Sergei Lavrov", "issue": "participation", "position": "support",
             "evidence": "talks were very useful for both sides today"},
            {"actor": "United States", "issue": "sanctions", "position": "support",
             "evidence": "Washington will keep its sanctions on Moscow"},
            {"actor": "Recep Tayyip Erdoğan", "issue": "participation", "position": "support",
             "evidence": "Erdogan offered to host the next round"},
            {"actor": "Kremlin", "issue": "concessions", "position": "oppose",
             "evidence": "no concessions"}
        ]
    });
    let ev = |text: &str| json!({"start": 0, "end": 1, "text": text});
    let actor = |name: &str, mentions: &[&str]| {
        json!({"name": name, "kind": "person", "affiliation": null, "aliases": [],
               "mentions": mentions.iter().map(|m| ev(m)).collect::<Vec<_>>()})
    };
    let stance = |actor: &str, issue: &str, position: &str, confidence: f64, text: &str| {
        json!({"actor": actor, "issue": issue, "position": position, "confidence": confidence,
               "evidence": ev(text), "rule": "r"})
    };
    let analysis = json!({"articles": [
        {"source": "/elsewhere/other.txt", "title": "o", "date": null, "actors": [], "stances": []},
        {"source": "/data/talks.txt", "title": "t", "date": null,
         "actors": [
            // Matched through a mention text, not its name.
            actor("Russian foreign minister", &["Lavrov"]),
            // Matched by name, ignoring a leading "the" and case.
            actor("the kremlin", &[]),
            // Matched by name, ignoring diacritics.
            actor("Erdogan", &[]),
            // A second actor for Lavrov: a false positive, mapped to nobody.
            actor("Sergei Lavrov", &["Lavrov"]),
            // Matched through an alias.
            actor("US", &[]),
            actor("Nobody", &["Washington"]),
         ],
         "stances": [
            // Reduced away by the more confident one below (issue compared in lower case).
            stance("Russian foreign minister", "participation", "support", 0.5, "the talks were useful"),
            // 4 of the 8 reference words: just enough. Wrong position.
            stance("Russian foreign minister", "Participation", "Oppose", 0.9, "Talks: useful, very — said the minister for…"),
            // The right words, but the actor maps to no reference actor.
            stance("Sergei Lavrov", "participation", "support", 0.9, "talks were very useful for both sides today"),
            // The right evidence loses to a more confident stance with 3 of 7 words: no match.
            stance("US", "sanctions", "support", 0.4, "Washington will keep its sanctions on Moscow"),
            stance("US", "sanctions", "support", 0.6, "Washington will keep"),
            // Diacritics differ between reference and prediction: 4 of 7 words match.
            stance("Erdogan", "participation", "support", 0.7, "Erdoğan offered to host it"),
            // The reference names "Kremlin", the actor map gives "The Kremlin": never equal.
            stance("the kremlin", "concessions", "oppose", 0.7, "no concessions"),
         ]}
    ]});
    (gold, analysis)
}

#[test]
fn scorer_on_a_hand_scored_example() {
    let (gold, analysis) = tiny_example();
    if std::env::var_os("PRINT_TINY_EXAMPLE").is_some() {
        println!("GOLD {gold}");
        println!("ANALYSIS {analysis}");
    }
    let art = pick_article(&analysis, &gold).expect("picked by file name");
    assert_eq!(art["source"], "/data/talks.txt");
    let c = score(art, &gold);
    assert_eq!(
        c,
        Counts {
            // Lavrov (by mention), Kremlin, Erdoğan, US; the second Lavrov and Nobody are false.
            tp_a: 4,
            n_pa: 6,
            n_ga: 4,
            // One per (actor, issue): 5 of the 7.
            n_ps: 5,
            // Lavrov/participation and Erdoğan/participation.
            tp_s: 2,
            n_gs: 4,
            // Only Erdoğan's position is right.
            pos_ok: 1,
        }
    );
    let (lines, _) = score_all(&analysis, &[("talks.gold.json".into(), gold)]);
    assert_eq!(
        lines,
        [
            "talks.gold.json: actors P=0.67 R=1.00 (4/6 pred, 4 ref) | stances P=0.40 R=0.50 (2/5 pred, 4 ref)",
            "TOTAL actors P=0.67 R=1.00 F1=0.80 | stances P=0.40 R=0.50 F1=0.44 | position acc=0.50",
        ]
    );
}

#[test]
fn scorer_picks_the_only_article_or_none() {
    let gold = json!({"article": "x.txt", "actors": [{"name": "A", "aliases": []}], "stances": []});
    let one = json!({"articles": [{"source": "y.txt", "actors": [{"name": "a", "mentions": []}], "stances": []}]});
    assert!(
        pick_article(&one, &gold).is_some(),
        "a single article is taken whatever its name"
    );
    let two = json!({"articles": [{"source": "y.txt"}, {"source": "z.txt"}]});
    assert!(pick_article(&two, &gold).is_none());
    let (lines, tot) = score_all(&two, &[("x.gold.json".into(), gold.clone())]);
    assert_eq!(lines[0], "x.gold.json: no matching article in the analysis");
    assert_eq!(
        lines[1],
        "x.gold.json: actors P=0.00 R=0.00 (0/0 pred, 1 ref) | stances P=1.00 R=1.00 (0/0 pred, 0 ref)"
    );
    assert_eq!(tot.n_ga, 1);
    let (lines, _) = score_all(&one, &[("x.gold.json".into(), gold)]);
    assert_eq!(
        lines.last().unwrap(),
        "TOTAL actors P=1.00 R=1.00 F1=1.00 | stances P=1.00 R=1.00 F1=1.00 | position acc=0.00"
    );
}
