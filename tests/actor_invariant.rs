//! Actors do not change with the workspace's history (issue 13): an article
//! analysed inside a workspace gives at least the mentions it gives alone,
//! whichever order the articles came in, and the analysis never stores a
//! common word, a bare title or a fragment of a longer name as an alias.
//!
//! Run on the whole Wikinews corpus plus the seed article, in both import
//! orders, each import analysed as the app does (`suggest_into`).

use rayon::prelude::*;
use stance_tracker::analysis::aliases::{is_bare_title, is_common_word};
use stance_tracker::analysis::gazetteer::Gazetteer;
use stance_tracker::analysis::{Analyzer, ArticleAnalysis, suggest_into, workspace_entries};
use stance_tracker::import::{self, LoadOptions};
use stance_tracker::model::{Article, Command, Document, Workspace};
use std::path::Path;
use std::sync::LazyLock;

const CORPUS: &str = "assets/corpus/wikinews_2019.csv";
const SEED: &str = "tests/fixtures/dev/2025-02-18-riyadh-talks.txt";

/// Imports the files one after the other, analysing each import.
fn workspace(order: [&str; 2]) -> Workspace {
    let mut doc = Document::new(Workspace::new());
    for file in order {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
        let load = import::load_file(&path, &LoadOptions::default());
        let (cmd, report) = import::add_to_workspace(doc.workspace(), vec![load]);
        doc.execute(cmd.expect("the file imports")).unwrap();
        suggest_into(&mut doc, &report.imported_ids()).unwrap();
    }
    assert_eq!(
        doc.workspace().articles().count(),
        172,
        "171 Wikinews articles and the seed"
    );
    doc.workspace().clone()
}

static CSV_THEN_SEED: LazyLock<Workspace> = LazyLock::new(|| workspace([CORPUS, SEED]));
static SEED_THEN_CSV: LazyLock<Workspace> = LazyLock::new(|| workspace([SEED, CORPUS]));

fn both_orders() -> [(&'static str, &'static Workspace); 2] {
    [("CSV then seed", &CSV_THEN_SEED), ("seed then CSV", &SEED_THEN_CSV)]
}

fn spans(r: &ArticleAnalysis) -> Vec<(usize, usize, &str)> {
    r.actors
        .iter()
        .flat_map(|a| a.mentions.iter().map(|&(s, e)| (s, e, a.name.as_str())))
        .collect()
}

fn slice(a: &Article, (s, e): (usize, usize)) -> &str {
    a.slice(s, e).unwrap_or("?")
}

/// Every mention found alone is found inside the workspace: the same span,
/// or within a longer name the workspace knows ("Thai" of "Thai Raksa Chart
/// party" once the party is an actor: the longest name wins).
#[test]
fn an_article_in_a_workspace_keeps_every_mention_it_has_alone() {
    let alone = Analyzer::standalone();
    for (order, ws) in both_orders() {
        let inside = Analyzer::for_workspace(ws);
        let articles: Vec<&Article> = ws.articles().collect();
        let lost: Vec<String> = articles
            .par_iter()
            .flat_map_iter(|a| {
                let here = spans(&inside.analyze(&a.text, a.date))
                    .into_iter()
                    .map(|(s, e, _)| (s, e))
                    .collect::<Vec<_>>();
                spans(&alone.analyze(&a.text, a.date))
                    .into_iter()
                    .filter(move |&(s, e, _)| !here.iter().any(|&(hs, he)| hs <= s && e <= he))
                    .map(|(s, e, name)| format!("{}: {:?} ({name})", a.title, slice(a, (s, e))))
                    .collect::<Vec<_>>()
            })
            .collect();
        assert!(
            lost.is_empty(),
            "{order}: {} mention(s) lost:\n{}",
            lost.len(),
            lost.join("\n")
        );
    }
}

/// The seed article's own report: after the CSV, U.S., Russian, Rubio and
/// Ukrainian are still someone, and no generic word is.
#[test]
fn the_seed_article_keeps_its_actors_after_the_corpus() {
    let ws = &*CSV_THEN_SEED;
    let seed = ws
        .articles()
        .find(|a| a.title.contains("Riyadh"))
        .expect("the seed article");
    let found = Analyzer::for_workspace(ws).analyze(&seed.text, seed.date);
    let texts: Vec<(&str, &str)> = spans(&found)
        .into_iter()
        .map(|(s, e, name)| (slice(seed, (s, e)), name))
        .collect();
    for (text, name) in [
        ("U.S.", "United States"),
        ("Russian", "Russia"),
        ("Rubio", "Marco Rubio"),
        ("Ukrainian", "Ukraine"),
    ] {
        assert!(texts.contains(&(text, name)), "{text} is not {name}: {texts:?}");
    }
    for (text, name) in &texts {
        assert!(
            !is_common_word(text) && !is_bare_title(text, Gazetteer::bundled()),
            "{text:?} as {name}"
        );
    }
    // The reader marks the workspace's actors by the same names.
    let marks = Gazetteer::from_entries(workspace_entries(ws), "");
    let ids: Vec<_> = ws.actors().map(|a| a.name.as_str()).collect();
    let marked: Vec<(&str, &str)> = marks
        .find(&seed.text)
        .iter()
        .map(|h| (&seed.text[h.start..h.end], ids[h.entry]))
        .collect();
    for want in [
        ("U.S.", "United States"),
        ("Rubio", "Marco Rubio"),
        ("Russian", "Russia"),
    ] {
        assert!(marked.contains(&want), "{want:?} unmarked: {marked:?}");
    }
    for (text, name) in &marked {
        assert!(
            !is_common_word(text) && !is_bare_title(text, Gazetteer::bundled()),
            "{text:?} marked as {name}"
        );
    }
}

/// No alias the analysis stored is a common word, a bare title, or a word
/// inside a longer title or another actor's name where the actor was found
/// by it.
#[test]
fn stored_aliases_are_names() {
    let g = Gazetteer::bundled();
    let alone = Analyzer::standalone();
    for (order, ws) in both_orders() {
        let mut bad: Vec<String> = Vec::new();
        for actor in ws.actors() {
            for alias in &actor.aliases {
                if is_common_word(alias) || is_bare_title(alias, g) {
                    bad.push(format!("{:?} of {}", alias, actor.name));
                }
            }
        }
        let articles: Vec<&Article> = ws.articles().collect();
        bad.par_extend(articles.par_iter().flat_map_iter(|a| {
            let found = alone.analyze(&a.text, a.date);
            let all = spans(&found);
            let mut out = Vec::new();
            for f in &found.actors {
                let Some(actor) = ws.actor_by_name(&f.name) else {
                    continue;
                };
                for &(s, e) in &f.mentions {
                    let text = slice(a, (s, e));
                    if !actor.aliases.iter().any(|x| x == text) {
                        continue;
                    }
                    let inside = all
                        .iter()
                        .find(|&&(os, oe, name)| name != f.name && os <= s && e <= oe && oe - os > e - s);
                    if let Some(&(os, oe, name)) = inside {
                        out.push(format!(
                            "{text:?} of {} inside {:?} ({name})",
                            f.name,
                            slice(a, (os, oe))
                        ));
                    }
                    if let Some(title) = title_around(a, s, e, g) {
                        out.push(format!("{text:?} of {} inside the title {title:?}", f.name));
                    }
                }
            }
            out
        }));
        assert!(
            bad.is_empty(),
            "{order}: {} bad alias(es):\n{}",
            bad.len(),
            bad.join("\n")
        );
    }
}

/// A title of up to four words that contains the words at `s..e` and more.
fn title_around(a: &Article, s: usize, e: usize, g: &Gazetteer) -> Option<String> {
    let words = |t: &str| -> Vec<String> { t.split_whitespace().map(str::to_lowercase).collect() };
    let before = words(a.slice(0, s)?);
    let after = words(a.slice(e, a.char_len())?);
    let own = words(a.slice(s, e)?);
    for i in 0..=before.len().min(3) {
        for j in 0..=after.len().min(3) {
            if i + j == 0 {
                continue;
            }
            let phrase = [&before[before.len() - i..], &own[..], &after[..j]].concat().join(" ");
            if g.title(&phrase).is_some() {
                return Some(phrase);
            }
        }
    }
    None
}

/// An alias the analyst removed stays removed: re-analysis neither stores it
/// again nor finds the actor by it, even where the bundled gazetteer knows it.
#[test]
fn a_removed_alias_stays_removed() {
    let mut doc = Document::new(SEED_THEN_CSV.clone());
    let us = doc
        .workspace()
        .actor_by_name("United States")
        .expect("an actor")
        .clone();
    assert!(us.aliases.iter().any(|a| a == "U.S."), "{:?}", us.aliases);
    let kept: Vec<String> = us.aliases.iter().filter(|a| *a != "U.S.").cloned().collect();
    let edited = us.with_aliases(kept);
    assert_eq!(edited.rejected_aliases, ["U.S."]);
    doc.execute(Command::UpdateActor(edited)).unwrap();

    let articles: Vec<_> = doc.workspace().articles().map(|a| a.id).collect();
    suggest_into(&mut doc, &articles).unwrap();
    let ws = doc.workspace();
    let id = us.id;
    let us = ws.actor(id).unwrap();
    assert!(!us.aliases.iter().any(|a| a == "U.S."), "{:?}", us.aliases);
    let seed = ws.articles().find(|a| a.title.contains("Riyadh")).unwrap();
    let found = Analyzer::for_workspace(ws).analyze(&seed.text, seed.date);
    let us_found = found
        .actors
        .iter()
        .find(|f| f.actor == Some(us.id))
        .expect("still found by its name");
    assert!(!us_found.aliases.iter().any(|a| a == "U.S."), "{:?}", us_found.aliases);

    // Undo gives the alias back, rejected no more.
    while doc.undo().is_some() {}
    let us = doc.workspace().actor(id).unwrap();
    assert!(us.aliases.iter().any(|a| a == "U.S.") && us.rejected_aliases.is_empty());
}
