use super::*;
use crate::model::{ActorKind, Document, Origin, Position, ops};

const TALKS: &str = "Rubio said talks must go on. Lavrov rejected the talks. Kallas backed sanctions.";

fn base() -> Workspace {
    let mut ws = Workspace::new();
    let a = ArticleId(ws.alloc_id());
    ws.apply(Command::AddArticle(Box::new(Article::new(
        a,
        "Talks".into(),
        None,
        "talks.txt".into(),
        TALKS.into(),
    ))))
    .unwrap();
    let mut rubio = Actor::new(ActorId(ws.alloc_id()), "Marco Rubio", ActorKind::Person);
    rubio.aliases.push("Rubio".into());
    ws.apply(Command::AddActor(rubio)).unwrap();
    let lavrov = Actor::new(ActorId(ws.alloc_id()), "Sergei Lavrov", ActorKind::Person);
    ws.apply(Command::AddActor(lavrov)).unwrap();
    ws
}

fn first_article(ws: &Workspace) -> ArticleId {
    ws.articles().next().unwrap().id
}

fn actor_named(ws: &Workspace, name: &str) -> ActorId {
    ws.actor_by_name(name).unwrap().id
}

/// Codes a stance as `coder` through a Document, as the app does.
fn code(ws: Workspace, coder: &str, actor: &str, issue: &str, pos: Position, span: (usize, usize)) -> Workspace {
    let mut doc = Document::opened(ws);
    doc.set_coder(Some(coder.into()));
    let mut copy = doc.workspace().clone();
    let art = first_article(&copy);
    let actor = actor_named(&copy, actor);
    let issue = copy.issue_by_key(issue).unwrap().id;
    let cmd = ops::new_manual_stance(&mut copy, art, actor, issue, pos, span.0, span.1, String::new()).unwrap();
    doc.execute(cmd).unwrap();
    doc.workspace().clone()
}

fn done(ws: Workspace, coder: &str) -> Workspace {
    let mut ws = ws;
    let id = ws.coder_by_name(coder).unwrap().id;
    let art = first_article(&ws);
    ws.apply(coders::set_done(&ws, id, &[art], true).unwrap()).unwrap();
    ws
}

fn merged(ours: &Workspace, theirs: &Workspace) -> (Workspace, MergeReport) {
    let (cmd, report) = plan_merge(ours, theirs, "b.stance.json");
    let mut ws = ours.clone();
    if let Some(cmd) = cmd {
        ws.apply(cmd).unwrap();
    }
    (ws, report)
}

fn snapshot(ws: &Workspace) -> String {
    let mut v = serde_json::to_value(ws).unwrap();
    v.as_object_mut().unwrap().remove("next_id");
    v.to_string()
}

use crate::model::coders;

#[test]
fn two_coders_copies_merge_into_one_workspace_with_both_layers_and_done_marks() {
    let start = base();
    let a = done(
        code(
            start.clone(),
            "Ana",
            "Rubio",
            "participation",
            Position::Support,
            (0, 27),
        ),
        "Ana",
    );
    let mut b = code(start, "Ben", "Rubio", "participation", Position::Oppose, (0, 27));
    b = code(b, "Ben", "Sergei Lavrov", "participation", Position::Oppose, (29, 54));
    b = done(b, "Ben");

    let (m, report) = merged(&a, &b);
    assert_eq!(report.articles_matched, 1);
    assert_eq!(report.articles_added, 0);
    assert_eq!(report.stances_added, 2, "{report:?}");
    assert_eq!(report.coders_added, 1);
    assert_eq!(report.done_marks_added, 1);
    assert_eq!(m.article_count(), 1);
    assert_eq!(m.stance_count(), 3);
    let ana = m.coder_by_name("Ana").unwrap().id;
    let ben = m.coder_by_name("Ben").unwrap().id;
    let layers: Vec<_> = m.stances().map(|s| (s.by.coder, s.position)).collect();
    assert!(layers.contains(&(Some(ana), Position::Support)));
    assert!(layers.contains(&(Some(ben), Position::Oppose)));
    let art = first_article(&m);
    assert!(m.is_done(art, ana) && m.is_done(art, ben));
    // Ben's stances keep Ben as creator, not whoever merged.
    assert!(
        m.stances()
            .filter(|s| s.by.coder == Some(ben))
            .all(|s| s.by.created_by == Some(ben))
    );

    // Merging again finds everything present.
    let (cmd, again) = plan_merge(&m, &b, "b");
    assert!(cmd.is_none(), "{again:?}");
    assert!(!again.changes_anything());
    assert_eq!(again.stances_present, 2);
    // And merging the other way round gives the same content.
    let (m2, _) = merged(&b, &a);
    assert_eq!(m2.stance_count(), 3);
    assert_eq!(plan_merge(&m2, &a, "a").0, None);
}

#[test]
fn the_merge_is_one_undo_step_that_restores_the_workspace() {
    let start = base();
    let a = code(
        start.clone(),
        "Ana",
        "Rubio",
        "participation",
        Position::Support,
        (0, 27),
    );
    let b = done(
        code(start, "Ben", "Rubio", "sanctions", Position::Neutral, (0, 27)),
        "Ben",
    );
    let before = snapshot(&a);
    let (cmd, _) = plan_merge(&a, &b, "b.stance.json");
    let mut doc = Document::opened(a);
    doc.set_coder(Some("Ana".into()));
    doc.execute_verbatim(cmd.unwrap()).unwrap();
    assert_eq!(doc.undo_label(), Some("merge b.stance.json"));
    let after = snapshot(doc.workspace());
    assert_ne!(before, after);
    // Merged stances stay Ben's even though Ana merged them.
    let ben = doc.workspace().coder_by_name("Ben").unwrap().id;
    assert!(doc.workspace().stances().any(|s| s.by.modified_by == Some(ben)));
    doc.undo();
    assert_eq!(snapshot(doc.workspace()), before);
    doc.redo();
    assert_eq!(snapshot(doc.workspace()), after);
}

#[test]
fn actors_match_by_alias_and_bring_their_new_names() {
    let ours = base();
    let mut theirs = Workspace::new();
    let mut rubio = Actor::new(ActorId(theirs.alloc_id()), "Rubio", ActorKind::Person);
    rubio.aliases.push("US Secretary of State".into());
    theirs.apply(Command::AddActor(rubio)).unwrap();
    let (m, report) = merged(&ours, &theirs);
    assert_eq!(report.actors_matched, 1);
    assert_eq!(report.actors_added, 0);
    assert_eq!(report.aliases_added, 1);
    let here = m.actor_by_name("Marco Rubio").unwrap();
    assert!(here.aliases.iter().any(|a| a == "US Secretary of State"));
    assert_eq!(plan_merge(&m, &theirs, "x").0, None);
}

#[test]
fn an_actor_whose_names_point_at_two_actors_is_reported_not_guessed() {
    let ours = base();
    let mut theirs = Workspace::new();
    let mut odd = Actor::new(ActorId(theirs.alloc_id()), "The diplomats", ActorKind::Organization);
    odd.aliases = vec!["Rubio".into(), "Sergei Lavrov".into()];
    theirs.apply(Command::AddActor(odd)).unwrap();
    let (m, report) = merged(&ours, &theirs);
    assert_eq!(report.actors_added, 1);
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("The diplomats") && n.contains("Marco Rubio")),
        "{:?}",
        report.notes
    );
    assert!(m.actor_by_name("The diplomats").is_some());
    assert_eq!(plan_merge(&m, &theirs, "x").0, None);
}

#[test]
fn evidence_is_realigned_in_an_article_wrapped_differently() {
    let ours = base();
    let mut theirs = Workspace::new();
    let wrapped = TALKS.replace(". ", ".\n\n").replace("the talks", "the\n  talks");
    let art = ArticleId(theirs.alloc_id());
    theirs
        .apply(Command::AddArticle(Box::new(Article::new(
            art,
            "Talks (wrapped)".into(),
            None,
            "w.txt".into(),
            wrapped.clone(),
        ))))
        .unwrap();
    let lavrov = ActorId(theirs.alloc_id());
    theirs
        .apply(Command::AddActor(Actor::new(
            lavrov,
            "Sergei Lavrov",
            ActorKind::Person,
        )))
        .unwrap();
    let start = wrapped.find("Lavrov").unwrap();
    let end = wrapped.find("talks.").unwrap() + "talks".len();
    let (start, end) = (wrapped[..start].chars().count(), wrapped[..end].chars().count());
    let issue = theirs.issue_by_key("participation").unwrap().id;
    let cmd = ops::new_manual_stance(
        &mut theirs,
        art,
        lavrov,
        issue,
        Position::Oppose,
        start,
        end,
        String::new(),
    )
    .unwrap();
    theirs.apply(cmd).unwrap();

    let (m, report) = merged(&ours, &theirs);
    assert_eq!(report.articles_matched, 1);
    assert_eq!(report.articles_realigned, 1);
    assert_eq!(m.article_count(), 1);
    let s = m.stances().next().unwrap();
    assert_eq!(s.evidence.text, "Lavrov rejected the talks");
    assert_eq!(
        m.article(s.article).unwrap().slice(s.evidence.start, s.evidence.end),
        Some("Lavrov rejected the talks")
    );
}

#[test]
fn a_stance_edited_in_both_copies_keeps_the_later_edit() {
    let start = code(base(), "Ana", "Rubio", "participation", Position::Support, (0, 27));
    let id = start.stances().next().unwrap().id;
    let mut ours = start.clone();
    let mut theirs = start;
    let edit = |ws: &mut Workspace, pos: Position, note: &str, at: i64| {
        let Command::UpdateStance(mut s) = ops::update_stance(ws, id, |s| {
            s.position = pos;
            s.note = note.into();
        })
        .unwrap() else {
            unreachable!()
        };
        s.modified = crate::model::Timestamp(at);
        ws.apply(Command::UpdateStance(s)).unwrap();
    };
    edit(&mut ours, Position::Neutral, "ours", 1_000);
    edit(&mut theirs, Position::Oppose, "theirs", 2_000);
    let (m, report) = merged(&ours, &theirs);
    assert_eq!(report.stances_updated, 1);
    assert_eq!(m.stance_count(), 1);
    assert_eq!(m.stance(id).unwrap().note, "theirs");
    // The other way round, ours is the later one and is kept, with a note.
    let (m, report) = merged(&theirs, &ours);
    assert_eq!(report.stances_updated, 0);
    assert_eq!(m.stance(id).unwrap().note, "theirs");
    assert!(report.notes.iter().any(|n| n.contains("changed in both")));
}

#[test]
fn the_same_suggestion_accepted_in_two_copies_stays_each_coders() {
    let mut ws = base();
    let art = first_article(&ws);
    let rubio = actor_named(&ws, "Rubio");
    let issue = ws.issue_by_key("participation").unwrap().id;
    let Command::AddStance(mut s) =
        ops::new_manual_stance(&mut ws, art, rubio, issue, Position::Support, 0, 27, String::new()).unwrap()
    else {
        unreachable!()
    };
    s.origin = Origin::Suggested {
        rule: "test".into(),
        confidence: 0.8,
    };
    s.status = Status::Pending;
    let sid = s.id;
    ws.apply(Command::AddStance(s)).unwrap();
    let accept = |ws: &Workspace, who: &str| {
        let mut doc = Document::opened(ws.clone());
        doc.set_coder(Some(who.into()));
        doc.execute(ops::set_status(ws, sid, Status::Accepted).unwrap())
            .unwrap();
        doc.workspace().clone()
    };
    let a = accept(&ws, "Ana");
    let b = accept(&ws, "Ben");
    let (m, report) = merged(&a, &b);
    assert_eq!(report.stances_added, 1, "{report:?}");
    let layers: BTreeSet<_> = m
        .stances()
        .map(|s| m.coder(s.by.coder.unwrap()).unwrap().name.clone())
        .collect();
    assert_eq!(layers, BTreeSet::from(["Ana".to_owned(), "Ben".to_owned()]));
    // A copy where the suggestion is still pending brings nothing new.
    let (cmd, report) = plan_merge(&m, &ws, "base");
    assert!(cmd.is_none(), "{report:?}");
}

#[test]
fn new_articles_issues_and_differing_definitions_are_reported() {
    let ours = base();
    let mut theirs = ours.clone();
    let art = ArticleId(theirs.alloc_id());
    theirs
        .apply(Command::AddArticle(Box::new(Article::new(
            art,
            "Second".into(),
            None,
            "b.txt".into(),
            "Kallas backed new sanctions on Monday.".into(),
        ))))
        .unwrap();
    let mut issue = theirs.issue_by_key("sanctions").unwrap().clone();
    issue.description = "Changed in the other copy".into();
    theirs.apply(Command::UpdateIssue(issue)).unwrap();
    let mut new_issue = theirs.issue_by_key("sanctions").unwrap().clone();
    new_issue.id = IssueId(theirs.alloc_id());
    new_issue.key = "ceasefire".into();
    new_issue.label = "Ceasefire".into();
    theirs.apply(Command::AddIssue(new_issue)).unwrap();
    theirs.apply(Command::SetCodebookVersion("2".into())).unwrap();

    let (m, report) = merged(&ours, &theirs);
    assert_eq!(report.articles_added, 1);
    assert_eq!(report.issues_added, 1);
    assert!(m.issue_by_key("ceasefire").is_some());
    assert_ne!(
        m.issue_by_key("sanctions").unwrap().description,
        "Changed in the other copy"
    );
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("\"sanctions\" is defined differently"))
    );
    assert!(report.notes.iter().any(|n| n.contains("codebook version 2")));
}

#[test]
fn consensus_layers_match_each_other_and_a_name_clash_is_renamed() {
    let mut ours = base();
    let (_, add) = coders::coder_named(&mut ours, "Consensus");
    ours.apply(add.unwrap()).unwrap();
    let mut theirs = base();
    let (_, add) = coders::consensus_layer(&mut theirs);
    theirs.apply(add.unwrap()).unwrap();
    let (m, report) = merged(&ours, &theirs);
    assert_eq!(report.coders_added, 1);
    let cons = m.consensus_coder().unwrap();
    assert_eq!(cons.name, "Consensus (2)");
    assert!(report.notes.iter().any(|n| n.contains("Consensus (2)")));
    assert_eq!(plan_merge(&m, &theirs, "x").0, None);
}

#[test]
fn offsets_map_word_by_word_including_empty_and_edge_spans() {
    let theirs = "A  b\n\ncd e";
    let ours = "A b cd e";
    let o = Offsets::between(theirs, ours);
    assert_eq!(o.span(0, 1), Some((0, 1)));
    assert_eq!(o.span(3, 8), Some((2, 6)), "b..cd");
    assert_eq!(o.span(1, 3), Some((2, 2)), "whitespace only maps to an empty span");
    assert_eq!(o.span(0, 10), Some((0, 8)));
    assert_eq!(o.span(0, 11), None, "past the end");
    assert_eq!(o.span(5, 3), None);
}
