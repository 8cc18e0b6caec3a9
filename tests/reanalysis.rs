//! Re-analysing articles keeps every decision the analyst made: accepted
//! and rejected suggestions stay as they are and are never suggested again.

use stance_tracker::analysis::{suggest_command, suggest_into};
use stance_tracker::import::{self, LoadOptions};
use stance_tracker::model::{Document, Status, Workspace, ops};
use std::path::Path;

fn imported() -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dev/2025-02-18-riyadh-talks.txt");
    let load = import::load_file(&path, &LoadOptions::default());
    let mut doc = Document::new(Workspace::new());
    let (cmd, report) = import::add_to_workspace(doc.workspace(), vec![load]);
    doc.execute(cmd.unwrap()).unwrap();
    let n = suggest_into(&mut doc, &report.imported_ids()).unwrap();
    assert!(n >= 10, "{n} suggestions");
    doc
}

#[test]
fn reanalysis_keeps_decisions_and_never_resuggests_rejected() {
    let mut doc = imported();
    let ids: Vec<_> = doc.workspace().stances().map(|s| s.id).collect();
    let (accepted, rejected) = (ids[0], ids[1]);
    doc.execute(ops::set_status(doc.workspace(), accepted, Status::Accepted).unwrap())
        .unwrap();
    doc.execute(ops::set_status(doc.workspace(), rejected, Status::Rejected).unwrap())
        .unwrap();
    let before = doc.workspace().stance_count();
    let actors_before = doc.workspace().actors().len();

    let articles: Vec<_> = doc.workspace().articles().map(|a| a.id).collect();
    let (cmd, n) = suggest_command(doc.workspace(), &articles);
    assert_eq!(n, 0, "nothing new to suggest");
    assert!(cmd.is_none());
    assert_eq!(doc.workspace().stance_count(), before);
    assert_eq!(
        doc.workspace().actors().len(),
        actors_before,
        "actors are reused, not duplicated"
    );
    assert_eq!(doc.workspace().stance(accepted).unwrap().status, Status::Accepted);
    assert_eq!(doc.workspace().stance(rejected).unwrap().status, Status::Rejected);

    // Deleting a pending suggestion lets the analysis offer it again; a rejected one never comes back.
    let pending = ids[2];
    doc.execute(stance_tracker::model::Command::RemoveStance(pending))
        .unwrap();
    let (_, n) = suggest_command(doc.workspace(), &articles);
    assert_eq!(n, 1);
}

#[test]
fn workspace_actors_take_precedence_over_the_gazetteer() {
    let mut doc = imported();
    // The analyst renames an actor and gives it an alias; the next analysis uses them.
    let lavrov = doc
        .workspace()
        .actors()
        .find(|a| a.name.contains("Lavrov"))
        .unwrap()
        .clone();
    let mut renamed = lavrov.clone();
    renamed.name = "S. V. Lavrov (FM)".into();
    renamed.aliases.push("Russian Foreign Minister".into());
    doc.execute(stance_tracker::model::Command::UpdateActor(renamed))
        .unwrap();
    let analyzer = stance_tracker::analysis::Analyzer::for_workspace(doc.workspace());
    let article = doc.workspace().articles().next().unwrap();
    let result = analyzer.analyze(&article.text, article.date);
    let found = result
        .actors
        .iter()
        .find(|a| a.actor == Some(lavrov.id))
        .expect("the workspace actor is recognised");
    assert_eq!(found.name, "S. V. Lavrov (FM)");
    assert!(
        !result.actors.iter().any(|a| a.name == "Sergey Lavrov"),
        "no second entity from the gazetteer"
    );
}
