use super::ops::{self, IssueRemoval};
use super::*;

fn article(ws: &mut Workspace, title: &str, text: &str) -> ArticleId {
    let id = ArticleId(ws.alloc_id());
    ws.apply(Command::AddArticle(Box::new(Article::new(
        id,
        title.into(),
        None,
        "test".into(),
        text.into(),
    ))))
    .unwrap();
    id
}

fn actor(ws: &mut Workspace, name: &str, kind: ActorKind) -> ActorId {
    let id = ActorId(ws.alloc_id());
    ws.apply(Command::AddActor(Actor::new(id, name, kind))).unwrap();
    id
}

fn issue(ws: &Workspace, key: &str) -> IssueId {
    ws.issue_by_key(key).unwrap().id
}

/// Applies `cmd`, undoes and redoes it, checking the workspace returns exactly
/// to each state: the property every command must have.
fn assert_round_trip(doc: &mut Document, cmd: Command) {
    let before = snapshot(doc.workspace());
    doc.execute(cmd).unwrap();
    let after = snapshot(doc.workspace());
    assert_ne!(before, after, "command changed nothing");
    doc.undo().unwrap();
    assert_eq!(snapshot(doc.workspace()), before, "undo did not restore");
    doc.redo().unwrap();
    assert_eq!(snapshot(doc.workspace()), after, "redo did not reapply");
}

fn snapshot(ws: &Workspace) -> String {
    let mut v = serde_json::to_value(ws).unwrap();
    v.as_object_mut().unwrap().remove("next_id");
    v.to_string()
}

#[test]
fn default_codebook_has_the_three_issues() {
    let ws = Workspace::new();
    let keys: Vec<_> = ws.issues().map(|i| i.key.as_str()).collect();
    assert_eq!(keys, ["participation", "sanctions", "concessions"]);
    assert!(
        ws.issues()
            .all(|i| !i.cues.topic.is_empty() && !i.support_means.is_empty())
    );
}

#[test]
fn every_command_undoes_and_redoes() {
    let mut ws = Workspace::new();
    let art = article(&mut ws, "Talks", "Rubio said talks must go on. Lavrov agreed.");
    let rubio = actor(&mut ws, "Marco Rubio", ActorKind::Person);
    let us = actor(&mut ws, "United States", ActorKind::State);
    let part = issue(&ws, "participation");
    let mut doc = Document::opened(ws);

    // Add / update / remove of each entity.
    let id = ArticleId(doc.alloc_id());
    let a2 = Article::new(id, "Other".into(), None, "x".into(), "Different text here.".into());
    assert_round_trip(&mut doc, Command::AddArticle(Box::new(a2)));
    assert_round_trip(
        &mut doc,
        Command::UpdateArticleMeta {
            id: art,
            title: "Talks 2".into(),
            date: Date::new(2025, 2, 18),
            source: "s".into(),
        },
    );
    assert_round_trip(&mut doc, Command::RemoveArticle(id));

    let mut r = doc.workspace().actor(rubio).unwrap().clone();
    r.affiliation = Some(us);
    r.aliases.push("Rubio".into());
    assert_round_trip(&mut doc, Command::UpdateActor(r));
    let tmp = ActorId(doc.alloc_id());
    assert_round_trip(&mut doc, Command::AddActor(Actor::new(tmp, "Temp", ActorKind::Other)));
    assert_round_trip(&mut doc, Command::RemoveActor(tmp));

    let iid = IssueId(doc.alloc_id());
    let mut new_issue = doc.workspace().issue(part).unwrap().clone();
    new_issue.id = iid;
    new_issue.key = "ceasefire".into();
    new_issue.label = "Ceasefire".into();
    assert_round_trip(&mut doc, Command::AddIssue(new_issue.clone()));
    new_issue.description = "Changed".into();
    assert_round_trip(&mut doc, Command::UpdateIssue(new_issue));
    assert_round_trip(&mut doc, Command::RemoveIssue(iid));

    let mut ws = doc.workspace().clone();
    let cmd = ops::new_manual_stance(&mut ws, art, rubio, part, Position::Support, 0, 27, String::new()).unwrap();
    let Command::AddStance(stance) = &cmd else { panic!() };
    let sid = stance.id;
    assert_eq!(stance.evidence.text, "Rubio said talks must go on");
    assert_round_trip(&mut doc, cmd);
    let upd = ops::update_stance(doc.workspace(), sid, |s| s.position = Position::Mixed).unwrap();
    assert_round_trip(&mut doc, upd);
    assert_round_trip(&mut doc, Command::RemoveStance(sid));
}

#[test]
fn dirty_flag_follows_undo_back_to_saved_state() {
    let mut ws = Workspace::new();
    actor(&mut ws, "A", ActorKind::Person);
    let mut doc = Document::opened(ws);
    assert!(!doc.is_dirty());
    let id = ActorId(doc.alloc_id());
    doc.execute(Command::AddActor(Actor::new(id, "B", ActorKind::Person)))
        .unwrap();
    assert!(doc.is_dirty());
    assert_eq!(doc.undo_label(), Some("add actor \"B\""));
    doc.undo();
    assert!(!doc.is_dirty());
    doc.redo();
    assert!(doc.is_dirty());
    doc.mark_saved();
    assert!(!doc.is_dirty());
    doc.undo();
    assert!(doc.is_dirty());
    // A new command drops the redo stack.
    let id = ActorId(doc.alloc_id());
    doc.execute(Command::AddActor(Actor::new(id, "C", ActorKind::Person)))
        .unwrap();
    assert!(!doc.can_redo());
}

#[test]
fn invariants_are_enforced() {
    let mut ws = Workspace::new();
    let art = article(&mut ws, "T", "Some text of an article.");
    let a = actor(&mut ws, "Actor", ActorKind::Person);
    let part = issue(&ws, "participation");

    // Duplicate article, even re-wrapped.
    let dup = Article::new(
        ArticleId(ws.alloc_id()),
        "Copy".into(),
        None,
        "y".into(),
        "Some  text of\nan article.".into(),
    );
    assert!(
        matches!(ws.apply(Command::AddArticle(Box::new(dup))), Err(ModelError::DuplicateArticle { existing, .. }) if existing == art)
    );

    // Offsets outside the text, and evidence not matching the text.
    assert!(matches!(
        ops::new_manual_stance(&mut ws, art, a, part, Position::Support, 5, 500, String::new()),
        Err(ModelError::SpanOutOfRange { .. })
    ));
    let Command::AddStance(mut s) =
        ops::new_manual_stance(&mut ws, art, a, part, Position::Support, 0, 4, String::new()).unwrap()
    else {
        panic!()
    };
    s.evidence.text = "Fake".into();
    assert_eq!(
        ws.apply(Command::AddStance(s.clone())),
        Err(ModelError::EvidenceMismatch { start: 0, end: 4 })
    );
    s.evidence.text = "Some".into();
    s.actor = ActorId(9999);
    assert_eq!(
        ws.apply(Command::AddStance(s.clone())),
        Err(ModelError::NoActor(ActorId(9999)))
    );
    s.actor = a;
    ws.apply(Command::AddStance(s.clone())).unwrap();
    assert!(matches!(
        ws.apply(Command::AddStance(s.clone())),
        Err(ModelError::IdTaken(_))
    ));

    // Referenced entities cannot vanish under their stances.
    assert!(matches!(
        ws.apply(Command::RemoveActor(a)),
        Err(ModelError::StillReferenced { count: 1, .. })
    ));
    assert!(matches!(
        ws.apply(Command::RemoveIssue(part)),
        Err(ModelError::StillReferenced { .. })
    ));
    assert!(matches!(
        ws.apply(Command::RemoveArticle(art)),
        Err(ModelError::StillReferenced { .. })
    ));

    // Names and keys are unique, ignoring case; affiliations cannot loop.
    let mut other = Actor::new(ActorId(ws.alloc_id()), "ACTOR", ActorKind::State);
    assert_eq!(
        ws.apply(Command::AddActor(other.clone())),
        Err(ModelError::DuplicateActorName("ACTOR".into()))
    );
    other.name = "State".into();
    other.affiliation = Some(a);
    ws.apply(Command::AddActor(other.clone())).unwrap();
    let mut looped = ws.actor(a).unwrap().clone();
    looped.affiliation = Some(other.id);
    assert!(matches!(
        ws.apply(Command::UpdateActor(looped)),
        Err(ModelError::AffiliationCycle(_))
    ));
    let mut dup_issue = ws.issue(part).unwrap().clone();
    dup_issue.id = IssueId(ws.alloc_id());
    dup_issue.key = "Sanctions".into();
    assert!(matches!(
        ws.apply(Command::AddIssue(dup_issue)),
        Err(ModelError::DuplicateIssueKey(_))
    ));
}

#[test]
fn failed_batch_changes_nothing() {
    let mut ws = Workspace::new();
    let a = actor(&mut ws, "A", ActorKind::Person);
    let before = snapshot(&ws);
    let cmd = Command::Batch {
        label: "two".into(),
        commands: vec![Command::RemoveActor(a), Command::RemoveActor(ActorId(4242))],
    };
    assert_eq!(ws.apply(cmd), Err(ModelError::NoActor(ActorId(4242))));
    assert_eq!(snapshot(&ws), before);
}

#[test]
fn merge_moves_stances_aliases_and_members() {
    let mut ws = Workspace::new();
    let art = article(&mut ws, "T", "Rubio spoke. The Secretary spoke again.");
    let keep = actor(&mut ws, "Marco Rubio", ActorKind::Person);
    let gone = actor(&mut ws, "Rubio", ActorKind::Person);
    let mut member = Actor::new(ActorId(ws.alloc_id()), "Rubio's staff", ActorKind::Group);
    member.affiliation = Some(gone);
    let member_id = member.id;
    ws.apply(Command::AddActor(member)).unwrap();
    let part = issue(&ws, "participation");
    let cmd = ops::new_manual_stance(&mut ws, art, gone, part, Position::Support, 0, 11, String::new()).unwrap();
    ws.apply(cmd).unwrap();

    let mut doc = Document::opened(ws);
    let merge = ops::merge_actors(doc.workspace(), keep, gone).unwrap();
    assert_round_trip(&mut doc, merge);
    let ws = doc.workspace();
    assert!(ws.actor(gone).is_none());
    assert_eq!(ws.actor(keep).unwrap().aliases, ["Rubio"]);
    assert!(ws.stances().all(|s| s.actor == keep));
    assert_eq!(ws.actor(member_id).unwrap().affiliation, Some(keep));
    assert_eq!(ws.actor_by_name("rubio").unwrap().id, keep);
}

#[test]
fn removing_an_issue_moves_or_deletes_its_stances() {
    let mut ws = Workspace::new();
    let art = article(&mut ws, "T", "Text about sanctions and talks.");
    let a = actor(&mut ws, "A", ActorKind::State);
    let (part, sanc) = (issue(&ws, "participation"), issue(&ws, "sanctions"));
    let cmd = ops::new_manual_stance(&mut ws, art, a, part, Position::Oppose, 0, 4, String::new()).unwrap();
    ws.apply(cmd).unwrap();

    let mut moved = ws.clone();
    moved
        .apply(ops::remove_issue(&moved, part, IssueRemoval::MoveStancesTo(sanc)).unwrap())
        .unwrap();
    assert!(moved.issue(part).is_none());
    assert_eq!(moved.stances().next().unwrap().issue, sanc);

    let mut deleted = ws.clone();
    deleted
        .apply(ops::remove_issue(&deleted, part, IssueRemoval::DeleteStances).unwrap())
        .unwrap();
    assert_eq!(deleted.stance_count(), 0);

    let mut doc = Document::opened(ws);
    let cmd = ops::remove_article(doc.workspace(), art).unwrap();
    assert_round_trip(&mut doc, cmd);
    assert_eq!(doc.workspace().article_count(), 0);
}

#[test]
fn accept_all_above_threshold_only_takes_confident_pending() {
    let mut ws = Workspace::new();
    let art = article(&mut ws, "T", "One. Two. Three.");
    let a = actor(&mut ws, "A", ActorKind::State);
    let part = issue(&ws, "participation");
    for (conf, status) in [(0.9, Status::Pending), (0.4, Status::Pending), (0.95, Status::Rejected)] {
        let Command::AddStance(mut s) =
            ops::new_manual_stance(&mut ws, art, a, part, Position::Support, 0, 3, String::new()).unwrap()
        else {
            panic!()
        };
        s.origin = Origin::Suggested {
            rule: "test".into(),
            confidence: conf,
        };
        s.status = status;
        ws.apply(Command::AddStance(s)).unwrap();
    }
    let cmd = ops::accept_all_above(&ws, Some(art), 0.8).unwrap();
    ws.apply(cmd).unwrap();
    let statuses: Vec<_> = ws.stances().map(|s| s.status).collect();
    assert_eq!(statuses, [Status::Accepted, Status::Pending, Status::Rejected]);
    assert!(ops::accept_all_above(&ws, Some(art), 0.8).is_none());
    // The bulk decision is recorded, and a later individual one clears it.
    let accepted = ws.stances().next().unwrap().id;
    assert_eq!(
        ws.stance(accepted).unwrap().bulk.as_deref(),
        Some("accepted in bulk: confidence ≥ 0.80")
    );
    assert!(ws.stances().skip(1).all(|s| s.bulk.is_none()));
    let cmd = ops::set_status(&ws, accepted, Status::Rejected).unwrap();
    ws.apply(cmd).unwrap();
    assert_eq!(ws.stance(accepted).unwrap().bulk, None);
    // Reject below a threshold, for one issue only.
    let rule = ops::ReviewRule {
        issue: Some(issue(&ws, "sanctions")),
        reject_below: Some(0.5),
        ..ops::ReviewRule::default()
    };
    assert!(ops::review(&ws, &rule).is_none(), "no pending stance on that issue");
    let rule = ops::ReviewRule {
        issue: Some(part),
        reject_below: Some(0.5),
        ..ops::ReviewRule::default()
    };
    let (cmd, counts) = ops::review(&ws, &rule).unwrap();
    assert_eq!(
        counts,
        ops::ReviewCounts {
            accepted: 0,
            rejected: 1
        }
    );
    ws.apply(cmd).unwrap();
    assert_eq!(ws.pending_count(), 0);
}

#[test]
fn pending_count_and_article_changes_follow_every_edit_and_undo() {
    let mut ws = Workspace::new();
    let art = article(&mut ws, "Talks", "Rubio said talks must go on. Lavrov agreed.");
    let rubio = actor(&mut ws, "Marco Rubio", ActorKind::Person);
    let talks = issue(&ws, "participation");
    let cmd = ops::new_manual_stance(&mut ws, art, rubio, talks, Position::Support, 0, 10, String::new()).unwrap();
    let Command::AddStance(mut s) = cmd else { unreachable!() };
    s.status = Status::Pending;
    ws.apply(Command::AddStance(s)).unwrap();
    let mut doc = Document::opened(ws);
    let id = doc.workspace().stances().next().unwrap().id;
    let count = |d: &Document| d.workspace().stances().filter(|s| s.status == Status::Pending).count();
    assert_eq!(doc.workspace().pending_count(), 1);
    let articles_before = doc.workspace().article_changes();

    let accept = ops::set_status(doc.workspace(), id, Status::Accepted).unwrap();
    doc.execute(accept).unwrap();
    assert_eq!(doc.workspace().pending_count(), 0);
    doc.undo().unwrap();
    assert_eq!(doc.workspace().pending_count(), 1);
    doc.execute(Command::RemoveStance(id)).unwrap();
    assert_eq!((doc.workspace().pending_count(), count(&doc)), (0, 0));
    doc.undo().unwrap();
    assert_eq!((doc.workspace().pending_count(), count(&doc)), (1, 1));
    assert_eq!(
        doc.workspace().article_changes(),
        articles_before,
        "stance edits leave articles alone"
    );

    // A batch that fails half-way leaves the count as it was.
    let bad = Command::Batch {
        label: "bad".into(),
        commands: vec![Command::RemoveStance(id), Command::RemoveStance(StanceId(999_999))],
    };
    assert!(doc.execute(bad).is_err());
    assert_eq!(doc.workspace().pending_count(), 1);

    let mut ws = doc.workspace().clone();
    let more = article(&mut ws, "More", "Another text.");
    assert!(ws.article_changes() > articles_before);
    let after_add = ws.article_changes();
    ws.apply(Command::RemoveArticle(more)).unwrap();
    assert!(ws.article_changes() > after_add);
}

#[test]
fn removed_aliases_are_remembered_and_given_back_ones_forgotten() {
    let mut a = Actor::new(ActorId(1), "United States", ActorKind::State);
    a.aliases = vec!["U.S.".into(), "US".into(), "Washington".into()];
    let edited = a.with_aliases(vec!["US".into()]);
    assert_eq!(edited.aliases, ["US"]);
    assert_eq!(edited.rejected_aliases, ["U.S.", "Washington"]);
    assert!(edited.rejects("washington"));
    let back = edited.with_aliases(vec!["US".into(), "washington".into()]);
    assert_eq!(back.rejected_aliases, ["U.S."]);
    // Saved only when there is something to say, so old files read back the same.
    let json = serde_json::to_string(&a).unwrap();
    assert!(!json.contains("rejected_aliases"));
    let read: Actor = serde_json::from_str(&serde_json::to_string(&back).unwrap()).unwrap();
    assert_eq!(read, back);
}

mod coders {
    use super::*;
    use crate::model::coders::{self, ReliabilitySample};

    fn setup() -> (Document, ArticleId, ActorId, IssueId) {
        let mut ws = Workspace::new();
        let art = article(&mut ws, "Talks", "Rubio said talks must go on. Lavrov agreed.");
        let rubio = actor(&mut ws, "Rubio", ActorKind::Person);
        let talks = issue(&ws, "participation");
        (Document::new(ws), art, rubio, talks)
    }

    fn suggestion(doc: &mut Document, art: ArticleId, actor: ActorId, issue: IssueId) -> StanceId {
        let mut ws = doc.workspace().clone();
        let Command::AddStance(mut s) =
            ops::new_manual_stance(&mut ws, art, actor, issue, Position::Support, 0, 5, String::new()).unwrap()
        else {
            unreachable!()
        };
        s.id = StanceId(doc.alloc_id());
        s.origin = Origin::Suggested {
            rule: "test".into(),
            confidence: 0.9,
        };
        s.status = Status::Pending;
        let id = s.id;
        doc.execute(Command::AddStance(s)).unwrap();
        id
    }

    #[test]
    fn a_manual_stance_is_its_coders_and_adds_the_coder_in_the_same_undo_step() {
        let (mut doc, art, rubio, talks) = setup();
        doc.set_coder(Some("Ana".into()));
        let mut ws = doc.workspace().clone();
        let cmd = ops::new_manual_stance(&mut ws, art, rubio, talks, Position::Support, 0, 5, String::new()).unwrap();
        doc.execute(cmd).unwrap();
        let ana = doc.coder_id().expect("Ana was added");
        let s = doc.workspace().stances().next().unwrap();
        assert_eq!(
            (s.by.coder, s.by.created_by, s.by.modified_by),
            (Some(ana), Some(ana), Some(ana))
        );
        assert_eq!(s.by.codebook.as_deref(), Some("1"));
        assert_eq!(s.provenance(), Provenance::Manual);
        assert_eq!(doc.workspace().layers(), [ana]);
        doc.undo();
        assert!(doc.workspace().layers().is_empty());
        assert_eq!(doc.workspace().coders().count(), 0, "one undo removes stance and coder");
        assert_eq!(doc.workspace().stance_count(), 0);
    }

    #[test]
    fn accepting_or_editing_a_suggestion_makes_it_the_coders() {
        let (mut doc, art, rubio, talks) = setup();
        let id = suggestion(&mut doc, art, rubio, talks);
        assert_eq!(doc.workspace().stance(id).unwrap().by, Attribution::default());
        doc.set_coder(Some("Ben".into()));
        doc.execute(ops::set_status(doc.workspace(), id, Status::Accepted).unwrap())
            .unwrap();
        let ben = doc.coder_id().unwrap();
        let s = doc.workspace().stance(id).unwrap();
        assert_eq!((s.by.coder, s.by.created_by), (Some(ben), Some(ben)));
        assert_eq!(s.provenance(), Provenance::SuggestedAccepted);
        // Another coder edits it: it stays Ben's, Cleo is the last editor, and
        // a changed position makes it an edited suggestion.
        doc.set_coder(Some("Cleo".into()));
        let cmd = ops::update_stance(doc.workspace(), id, |s| s.position = Position::Oppose).unwrap();
        doc.execute(cmd).unwrap();
        let cleo = doc.coder_id().unwrap();
        let s = doc.workspace().stance(id).unwrap();
        assert_eq!((s.by.coder, s.by.modified_by), (Some(ben), Some(cleo)));
        assert_eq!(s.provenance(), Provenance::SuggestedEdited);
        // Back to pending: nobody's suggestion again.
        doc.execute(ops::set_status(doc.workspace(), id, Status::Pending).unwrap())
            .unwrap();
        assert_eq!(doc.workspace().stance(id).unwrap().by.coder, None);
    }

    #[test]
    fn coder_commands_undo_and_keep_their_invariants() {
        let (mut doc, art, rubio, talks) = setup();
        let mut ws = doc.workspace().clone();
        let ana = coders::new_coder(&mut ws, "Ana", false);
        let ana_id = ana.id;
        assert_round_trip(&mut doc, Command::AddCoder(ana.clone()));
        let dup = Coder {
            id: CoderId(doc.alloc_id()),
            ..ana.clone()
        };
        assert_eq!(
            doc.execute(Command::AddCoder(dup)),
            Err(ModelError::DuplicateCoderName("Ana".into()))
        );
        let done = coders::set_done(doc.workspace(), ana_id, &[art], true).unwrap();
        assert_round_trip(&mut doc, done);
        assert!(doc.workspace().is_done(art, ana_id));
        assert!(
            coders::set_done(doc.workspace(), ana_id, &[art], true).is_none(),
            "already done"
        );
        // A coder with done marks cannot go; an article with them goes with
        // its marks, in one step.
        assert!(matches!(
            doc.execute(Command::RemoveCoder(ana_id)),
            Err(ModelError::StillReferenced { .. })
        ));
        assert!(doc.execute(Command::RemoveArticle(art)).is_err());
        let remove = ops::remove_article(doc.workspace(), art).unwrap();
        assert_round_trip(&mut doc, remove);
        let _ = (rubio, talks);
        let mut ws = doc.workspace().clone();
        let (c1, add) = coders::consensus_layer(&mut ws);
        doc.execute(add.unwrap()).unwrap();
        let second = Coder {
            id: CoderId(doc.alloc_id()),
            name: "Other".into(),
            color: [0, 0, 0],
            consensus: true,
        };
        assert_eq!(doc.execute(Command::AddCoder(second)), Err(ModelError::SecondConsensus));
        assert!(doc.workspace().coder(c1).unwrap().consensus);
    }

    #[test]
    fn blind_coding_hides_suggestions_and_other_coders_stances_in_the_sample_only() {
        let (mut doc, art, rubio, talks) = setup();
        let other = {
            let mut ws = doc.workspace().clone();
            let id = article(&mut ws, "Other", "Lavrov said no.");
            let a = ws.article(id).unwrap().clone();
            doc.execute(Command::AddArticle(Box::new(a))).unwrap();
            id
        };
        let sug = suggestion(&mut doc, art, rubio, talks);
        let elsewhere = suggestion(&mut doc, other, rubio, talks);
        doc.set_coder(Some("Ana".into()));
        let mut ws = doc.workspace().clone();
        let (ana, add) = coders::coder_named(&mut ws, "Ana");
        doc.execute(add.unwrap()).unwrap();
        let sample = ReliabilitySample {
            articles: [art].into(),
            coders: Default::default(),
            blind: true,
            drawn: "by hand".into(),
        };
        assert_round_trip(&mut doc, Command::SetSample(Some(sample)));
        let ws = doc.workspace();
        assert!(ws.hidden_from(Some(ana), ws.stance(sug).unwrap()));
        assert!(!ws.hidden_from(Some(ana), ws.stance(elsewhere).unwrap()));
        assert!(!ws.may_learn_from(art) && ws.may_learn_from(other));
        doc.execute(ops::set_status(doc.workspace(), sug, Status::Accepted).unwrap())
            .unwrap();
        let ws = doc.workspace();
        assert!(
            !ws.hidden_from(Some(ana), ws.stance(sug).unwrap()),
            "her own stance shows"
        );
    }
}
