//! The suggester learns from the analyst's one-at-a-time decisions in the
//! workspace: a cue whose suggestions were rejected loses confidence on the
//! next article, and the rule says what was learned. Bulk decisions and the
//! blind reliability sample teach nothing.

use stance_tracker::analysis::suggest_into;
use stance_tracker::import;
use stance_tracker::model::{ArticleId, Command, Document, Origin, ReliabilitySample, Status, Workspace, ops};

/// Adds one article (a file in a temp folder) and its suggestions.
fn add(doc: &mut Document, title: &str, text: &str) -> ArticleId {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{title}.txt"));
    std::fs::write(&path, text).unwrap();
    let load = import::load_file(&path, &import::LoadOptions::default());
    let (cmd, report) = import::add_to_workspace(doc.workspace(), vec![load]);
    doc.execute(cmd.unwrap()).unwrap();
    let id = report.imported_ids()[0];
    suggest_into(doc, &[id]).unwrap();
    id
}

fn suggestions_of(ws: &Workspace, article: ArticleId) -> Vec<(Status, f32, String)> {
    ws.stances_of(article)
        .filter_map(|s| match &s.origin {
            Origin::Suggested { rule, confidence } => Some((s.status, *confidence, rule.clone())),
            Origin::Manual => None,
        })
        .collect()
}

fn decide_all(doc: &mut Document, article: ArticleId, status: Status) {
    let ids: Vec<_> = doc.workspace().stances_of(article).map(|s| s.id).collect();
    for id in ids {
        let cmd = ops::set_status(doc.workspace(), id, status).unwrap();
        doc.execute(cmd).unwrap();
    }
}

const STATES: [&str; 5] = ["Norway", "Sweden", "Finland", "Denmark", "Iceland"];

fn text(state: &str) -> String {
    format!("{state} rejected the talks in Geneva on Monday.")
}

#[test]
fn rejected_cues_lose_confidence_and_the_rule_says_why() {
    let mut doc = Document::new(Workspace::new());
    let first = add(&mut doc, "a0", &text(STATES[0]));
    let (status, base, rule) = suggestions_of(doc.workspace(), first).remove(0);
    assert_eq!(status, Status::Pending);
    assert!(!rule.contains("you accepted"), "nothing learned yet: {rule}");
    decide_all(&mut doc, first, Status::Rejected);
    for (i, state) in STATES[1..3].iter().enumerate() {
        let a = add(&mut doc, &format!("a{}", i + 1), &text(state));
        decide_all(&mut doc, a, Status::Rejected);
    }
    let next = add(&mut doc, "a3", &text(STATES[3]));
    let (_, confidence, rule) = suggestions_of(doc.workspace(), next).remove(0);
    assert!(confidence < base - 0.2, "{base} → {confidence}");
    assert!(rule.contains("you accepted 0 of 3 'rejected' suggestions"), "{rule}");

    // Accepting them after all turns it around.
    for a in doc.workspace().articles().map(|a| a.id).collect::<Vec<_>>() {
        let ids: Vec<_> = doc.workspace().stances_of(a).map(|s| s.id).collect();
        for id in ids {
            let cmd = ops::set_status(doc.workspace(), id, Status::Accepted).unwrap();
            doc.execute(cmd).unwrap();
        }
    }
    let last = add(&mut doc, "a4", &text(STATES[4]));
    let (_, confidence, rule) = suggestions_of(doc.workspace(), last).remove(0);
    assert!(confidence > base, "{base} → {confidence}");
    assert!(rule.contains("you accepted 4 of 4 'rejected' suggestions"), "{rule}");
}

#[test]
fn bulk_decisions_and_the_blind_sample_teach_nothing() {
    let mut doc = Document::new(Workspace::new());
    let mut articles = Vec::new();
    for (i, state) in STATES[..3].iter().enumerate() {
        articles.push(add(&mut doc, &format!("b{i}"), &text(state)));
    }
    // A bulk reject: one decision about a threshold.
    let cmd = ops::review(
        doc.workspace(),
        &ops::ReviewRule {
            reject_below: Some(0.99),
            ..Default::default()
        },
    )
    .map(|(cmd, _)| cmd)
    .expect("something to reject");
    doc.execute(cmd).unwrap();
    assert!(
        doc.workspace()
            .stances()
            .all(|s| s.status == Status::Rejected && s.bulk.is_some())
    );
    let next = add(&mut doc, "b3", &text(STATES[3]));
    let (_, _, rule) = suggestions_of(doc.workspace(), next).remove(0);
    assert!(!rule.contains("you accepted"), "bulk decisions are not learned: {rule}");

    // One at a time, but in a blind reliability sample.
    let mut doc = Document::new(Workspace::new());
    let mut sample = ReliabilitySample {
        blind: true,
        ..Default::default()
    };
    for (i, state) in STATES[..3].iter().enumerate() {
        let a = add(&mut doc, &format!("c{i}"), &text(state));
        sample.articles.insert(a);
    }
    for &a in &sample.articles.clone() {
        decide_all(&mut doc, a, Status::Rejected);
    }
    doc.execute(Command::SetSample(Some(sample))).unwrap();
    let next = add(&mut doc, "c3", &text(STATES[3]));
    let (_, _, rule) = suggestions_of(doc.workspace(), next).remove(0);
    assert!(
        !rule.contains("you accepted"),
        "the blind sample is not learned from: {rule}"
    );
}
