//! File ▸ Merge workspace… in the real app: another coder's copy comes in
//! as one undo step, keeps its coder, and a second merge finds nothing new.

mod common;

use common::{Fixture, chord};
use eframe::egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use stance_tracker::model::{
    Actor, ActorId, ActorKind, Article, ArticleId, Command, Document, Position, Workspace, ops,
};
use stance_tracker::ui::{Action, Answer, StanceApp};

const TEXT: &str = "Rubio said talks must go on. Lavrov rejected the talks.";

fn base() -> Workspace {
    let mut ws = Workspace::new();
    let a = ArticleId(ws.alloc_id());
    ws.apply(Command::AddArticle(Box::new(Article::new(
        a,
        "Talks in Riyadh".into(),
        None,
        "talks.txt".into(),
        TEXT.into(),
    ))))
    .unwrap();
    let rubio = ActorId(ws.alloc_id());
    ws.apply(Command::AddActor(Actor::new(rubio, "Marco Rubio", ActorKind::Person)))
        .unwrap();
    ws
}

fn coded_by(ws: &Workspace, coder: &str, position: Position) -> Workspace {
    let mut doc = Document::opened(ws.clone());
    doc.set_coder(Some(coder.into()));
    let mut copy = ws.clone();
    let article = ws.articles().next().unwrap().id;
    let actor = ws.actors().next().unwrap().id;
    let issue = ws.issue_by_key("participation").unwrap().id;
    let cmd = ops::new_manual_stance(&mut copy, article, actor, issue, position, 0, 27, String::new()).unwrap();
    doc.execute(cmd).unwrap();
    doc.workspace().clone()
}

fn settle(h: &mut Harness<'_, StanceApp>) {
    h.state_mut().finish_job();
    h.run();
}

fn merge_via_menu(f: &Fixture, h: &mut Harness<'_, StanceApp>, file: &str) {
    f.dialogs.push(Answer::Path(f.path(file)));
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Merge workspace…").click();
    h.run();
    settle(h);
}

#[test]
fn merging_a_coders_copy_is_one_undo_step_and_idempotent() {
    let f = Fixture::new();
    let start = base();
    let ana = coded_by(&start, "Ana", Position::Support);
    let ben = coded_by(&start, "Ben", Position::Oppose);
    stance_tracker::storage::save_workspace(&ana, &f.path("ana.stance.json")).unwrap();
    stance_tracker::storage::save_workspace(&ben, &f.path("ben.stance.json")).unwrap();

    let mut h = f.harness();
    h.state_mut().handle(Action::OpenPath(f.path("ana.stance.json")));
    h.run();
    settle(&mut h);
    assert_eq!(h.state().workspace().stance_count(), 1);

    merge_via_menu(&f, &mut h, "ben.stance.json");
    assert!(f.opened().contains(&"merge workspace".to_owned()));
    assert!(
        h.query_by_label("Merged ben.stance.json").is_some(),
        "the summary opens"
    );
    let ws = h.state().workspace();
    assert_eq!(ws.stance_count(), 2);
    let ben_id = ws.coder_by_name("Ben").expect("Ben came in").id;
    let bens = ws.stances().find(|s| s.by.coder == Some(ben_id)).expect("Ben's stance");
    assert_eq!(bens.position, Position::Oppose);
    assert_eq!(
        bens.by.modified_by,
        Some(ben_id),
        "the merge does not make it the merger's"
    );
    h.get_by_label("OK").click();
    h.run();
    assert!(h.query_by_label("Merged ben.stance.json").is_none());

    // Again: nothing new, nothing changes, and the summary says so.
    let revision = h.state().document().revision();
    merge_via_menu(&f, &mut h, "ben.stance.json");
    assert!(
        h.query_by_label("Nothing new: everything in that file is already in this workspace.")
            .is_some()
    );
    assert_eq!(h.state().document().revision(), revision);
    h.get_by_label("OK").click();
    h.run();

    // One Ctrl+Z takes the whole merge back.
    chord(&mut h, Modifiers::COMMAND, Key::Z);
    let ws = h.state().workspace();
    assert_eq!(ws.stance_count(), 1);
    assert!(ws.coder_by_name("Ben").is_none());
}

#[test]
fn a_file_that_is_no_workspace_is_named_and_nothing_changes() {
    let f = Fixture::new();
    stance_tracker::storage::save_workspace(&base(), &f.path("mine.stance.json")).unwrap();
    std::fs::write(f.path("broken.stance.json"), b"\x00\x01 not json").unwrap();
    let mut h = f.harness();
    h.state_mut().handle(Action::OpenPath(f.path("mine.stance.json")));
    h.run();
    settle(&mut h);
    let revision = h.state().document().revision();
    merge_via_menu(&f, &mut h, "broken.stance.json");
    assert!(h.query_by_label("Could not merge that workspace").is_some());
    assert!(h.query_all_by_label_contains("broken.stance.json").count() >= 1);
    assert_eq!(h.state().document().revision(), revision);
}
