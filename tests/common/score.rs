//! The evaluation script's scorer (`eval/score.py`), ported, shared by
//! `tests/analysis_quality.rs` and `examples/score_coded.rs`:
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
#![allow(dead_code)]

use serde_json::{Value, json};
use stance_tracker::analysis::Analyzer;
use stance_tracker::analysis::output::{AnalysisOutput, ArticleOutput};
use stance_tracker::import::{self, LoadOptions};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

/// Python's `str.isspace()`: Unicode White_Space plus the ASCII information separators.
pub fn py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// `norm()` of score.py. `unicodedata.combining(c)` is the canonical
/// combining class, non-zero for combining marks.
pub fn norm(s: &str) -> String {
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
pub fn words(s: &str) -> HashSet<String> {
    norm(s)
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

pub fn get_str<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// Python's `str(x)` for the JSON values that occur (strings, null).
pub fn py_str(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        None | Some(Value::Null) => "None".into(),
        Some(other) => other.to_string(),
    }
}

pub fn arr(v: &Value, key: &str) -> Vec<Value> {
    v.get(key).and_then(Value::as_array).cloned().unwrap_or_default()
}

pub fn basename(p: &str) -> &str {
    Path::new(p).file_name().and_then(|n| n.to_str()).unwrap_or("")
}

/// `pick_article()`: the analysed article whose source file name is the
/// gold's "article", or the only article.
pub fn pick_article<'a>(analysis: &'a Value, gold: &Value) -> Option<&'a Value> {
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
pub struct Counts {
    pub tp_a: usize,
    pub n_pa: usize,
    pub n_ga: usize,
    pub tp_s: usize,
    pub n_ps: usize,
    pub n_gs: usize,
    pub pos_ok: usize,
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

pub fn confidence(s: &Value) -> f64 {
    s.get("confidence").and_then(Value::as_f64).unwrap_or(0.0)
}

/// `score()` of score.py.
/// Predicted actor name → the gold actor it is, as score.py maps them (by
/// name, else by a mention or alias, each gold actor once).
pub fn actor_map(art: &Value, gold: &Value) -> HashMap<String, String> {
    let gactors = arr(gold, "actors");
    let keys: Vec<HashSet<String>> = gactors
        .iter()
        .map(|g| {
            let mut k = HashSet::from([norm(get_str(g, "name"))]);
            k.extend(arr(g, "aliases").iter().map(|x| norm(x.as_str().unwrap_or(""))));
            k
        })
        .collect();
    let mut pmap: HashMap<String, String> = HashMap::new();
    let mut used: HashSet<usize> = HashSet::new();
    for p in &arr(art, "actors") {
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
        }
    }
    pmap
}

/// The first gold stance not `taken` that suggestion `s` matches, as
/// score.py matches: the same (mapped) actor and issue, and at least half
/// the gold evidence's words in the suggestion's evidence.
pub fn matching_gold(
    s: &Value,
    gstances: &[Value],
    pmap: &HashMap<String, String>,
    taken: &HashSet<usize>,
) -> Option<usize> {
    let ga = pmap.get(&py_str(s.get("actor")));
    let ptext = match s.get("evidence") {
        Some(Value::Object(ev)) => words(ev.get("text").and_then(Value::as_str).unwrap_or("")),
        Some(Value::Null) | None => words(""),
        Some(other) => words(&py_str(Some(other))),
    };
    gstances.iter().enumerate().position(|(j, g)| {
        if taken.contains(&j)
            || Some(get_str(g, "actor")) != ga.map(String::as_str)
            || get_str(g, "issue").to_lowercase() != py_str(s.get("issue")).to_lowercase()
        {
            return false;
        }
        let gw = words(get_str(g, "evidence"));
        !gw.is_empty() && gw.intersection(&ptext).count() * 2 >= gw.len()
    })
}

pub fn score(art: &Value, gold: &Value) -> Counts {
    let pmap = actor_map(art, gold);
    let pactors = arr(art, "actors");
    let gactors = arr(gold, "actors");

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
        if let Some(j) = matching_gold(s, &gstances, &pmap, &taken) {
            taken.insert(j);
            matched += 1;
            pos_ok += usize::from(py_str(s.get("position")).to_lowercase() == get_str(&gstances[j], "position"));
        }
    }
    Counts {
        tp_a: pmap.len(),
        n_pa: pactors.len(),
        n_ga: gactors.len(),
        tp_s: matched,
        n_ps: best.len(),
        n_gs: gstances.len(),
        pos_ok,
    }
}

pub fn prf(tp: usize, npred: usize, ngold: usize) -> (f64, f64, f64) {
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

pub fn article_line(name: &str, r: &Counts) -> String {
    let (ap, ar, _) = prf(r.tp_a, r.n_pa, r.n_ga);
    let (sp, sr, _) = prf(r.tp_s, r.n_ps, r.n_gs);
    format!(
        "{name}: actors P={ap:.2} R={ar:.2} ({}/{} pred, {} ref) | stances P={sp:.2} R={sr:.2} ({}/{} pred, {} ref)",
        r.tp_a, r.n_pa, r.n_ga, r.tp_s, r.n_ps, r.n_gs
    )
}

pub struct Totals {
    pub actors: (f64, f64, f64),
    pub stances: (f64, f64, f64),
    pub position_acc: f64,
}

pub fn totals(t: &Counts) -> Totals {
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

pub fn total_line(t: &Counts) -> String {
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
pub fn score_all(analysis: &Value, golds: &[(String, Value)]) -> (Vec<String>, Counts) {
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

/// The actors of each article the analysis and the coding disagree on:
/// found but not coded ("+ name"), coded but not found ("- name").
pub fn actor_differences(analysis: &Value, golds: &[(String, Value)]) -> Vec<String> {
    let mut lines = Vec::new();
    for (name, gold) in golds {
        let Some(art) = pick_article(analysis, gold) else {
            continue;
        };
        let map = actor_map(art, gold);
        let extra: Vec<String> = arr(art, "actors")
            .iter()
            .map(|a| py_str(a.get("name")))
            .filter(|n| !map.contains_key(n))
            .collect();
        let found: HashSet<&String> = map.values().collect();
        let missed: Vec<String> = arr(gold, "actors")
            .iter()
            .map(|a| get_str(a, "name").to_owned())
            .filter(|n| !found.contains(n))
            .collect();
        if !extra.is_empty() || !missed.is_empty() {
            lines.push(format!("{name}:"));
            lines.extend(extra.iter().map(|n| format!("    + {n}")));
            lines.extend(missed.iter().map(|n| format!("    - {n}")));
        }
    }
    lines
}

// ---------------------------------------------------------------------------
// The analysis, as `analyze --json` prints it
// ---------------------------------------------------------------------------

pub fn analyse_files(files: &[PathBuf]) -> Value {
    let analyzer = Analyzer::standalone();
    let mut articles = Vec::new();
    for path in files {
        let loaded = import::load_file(path, &LoadOptions::default())
            .result
            .expect("fixture loads")
            .remove(0);
        let result = analyzer.analyze(&loaded.text, loaded.date);
        articles.push(ArticleOutput::new(path.display().to_string(), &loaded, &result));
    }
    serde_json::to_value(AnalysisOutput { articles }).unwrap()
}

/// Reads a reference coding (`*.gold.json`), named by its file name as
/// score.py names it.
pub fn load_gold(path: &Path) -> (String, Value) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let v: Value = serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: not JSON: {e}", path.display()));
    (basename(&path.display().to_string()).to_owned(), v)
}

/// Every `X.txt` with its `X.gold.json` in a folder.
pub fn pairs_in(dir: &Path) -> Vec<(PathBuf, PathBuf)> {
    let mut v: Vec<(PathBuf, PathBuf)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| {
            let p = e.ok()?.path();
            let stem = p.file_name()?.to_str()?.strip_suffix(".gold.json")?.to_owned();
            Some((dir.join(format!("{stem}.txt")), p))
        })
        .collect();
    v.sort();
    v
}

pub fn named(dir: &Path, names: &[String]) -> Vec<(PathBuf, PathBuf)> {
    names
        .iter()
        .map(|n| (dir.join(format!("{n}.txt")), dir.join(format!("{n}.gold.json"))))
        .collect()
}

/// The articles of one set of `coded/SPLIT.json` ("tuning",
/// "final_heldout"), with their codings.
pub fn coded_set(coded: &Path, key: &str) -> Vec<(PathBuf, PathBuf)> {
    let split: Value = serde_json::from_slice(&std::fs::read(coded.join("SPLIT.json")).expect("SPLIT.json"))
        .expect("SPLIT.json is JSON");
    let names: Vec<String> = split[key]
        .as_array()
        .unwrap_or_else(|| panic!("SPLIT.json has no {key}"))
        .iter()
        .map(|v| v.as_str().expect("a name").to_owned())
        .collect();
    named(coded, &names)
}
