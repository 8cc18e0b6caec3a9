//! Actor colours: the analysis gives the actors of one article different
//! palette colours, the same ones on every run; a colour the analyst picked
//! is never reassigned; reassigning is one undo step.

use stance_tracker::analysis::suggest_into;
use stance_tracker::import::{self, LoadOptions};
use stance_tracker::model::{ACTOR_PALETTE, Actor, Command, Document, Workspace, ops};
use std::collections::HashMap;
use std::path::Path;

fn imported() -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dev/2025-02-18-riyadh-talks.txt");
    let load = import::load_file(&path, &LoadOptions::default());
    let mut doc = Document::new(Workspace::new());
    let (cmd, report) = import::add_to_workspace(doc.workspace(), vec![load]);
    doc.execute(cmd.unwrap()).unwrap();
    suggest_into(&mut doc, &report.imported_ids()).unwrap();
    doc
}

fn colour_of(ws: &Workspace, name: &str) -> [u8; 3] {
    ws.actor_by_name(name).unwrap_or_else(|| panic!("{name}")).color
}

fn colours(ws: &Workspace) -> HashMap<String, [u8; 3]> {
    ws.actors().map(|a| (a.name.clone(), a.color)).collect()
}

#[test]
fn the_seed_articles_actors_get_distinct_colours_as_far_as_the_palette_goes() {
    let doc = imported();
    let ws = doc.workspace();
    let actors: Vec<&Actor> = ws.actors().collect();
    assert!(actors.len() > ACTOR_PALETTE.len(), "{} actors", actors.len());
    // The first actors found (the article's main ones) each get their own colour…
    let first: Vec<[u8; 3]> = actors[..ACTOR_PALETTE.len()].iter().map(|a| a.color).collect();
    for (i, c) in first.iter().enumerate() {
        assert!(!first[i + 1..].contains(c), "{} shares {c:02X?}", actors[i].name);
    }
    // …and beyond the palette, the colours are spread evenly.
    let uses: Vec<usize> = ACTOR_PALETTE
        .iter()
        .map(|p| actors.iter().filter(|a| a.color == *p).count())
        .collect();
    assert_eq!(uses.iter().sum::<usize>(), actors.len(), "palette colours only");
    assert!(uses.iter().max().unwrap() - uses.iter().min().unwrap() <= 1, "{uses:?}");
    assert_ne!(colour_of(ws, "Russia"), colour_of(ws, "Ukraine"));
    assert_ne!(colour_of(ws, "Marco Rubio"), colour_of(ws, "Saudi Arabia"));
    // No randomness, no clock: the same colours on every run.
    assert_eq!(colours(ws), colours(imported().workspace()));
}

#[test]
fn reassigning_colours_keeps_the_analysts_choice_and_is_one_undo_step() {
    let mut doc = imported();
    let ws = doc.workspace();
    let mut russia = ws.actor_by_name("Russia").unwrap().clone();
    russia.color = [1, 2, 3];
    russia.color_chosen = true;
    // An actor with a colour of the old palette (yellow, hard to read on white).
    let mut ukraine = ws.actor_by_name("Ukraine").unwrap().clone();
    ukraine.color = [0xbc, 0xbd, 0x22];
    doc.execute(Command::Batch {
        label: "colours".into(),
        commands: vec![Command::UpdateActor(russia), Command::UpdateActor(ukraine)],
    })
    .unwrap();
    let before = colours(doc.workspace());

    let cmd = ops::reassign_colors(doc.workspace()).expect("Ukraine's colour changes");
    doc.execute(cmd).unwrap();
    let ws = doc.workspace();
    assert_eq!(colour_of(ws, "Russia"), [1, 2, 3], "chosen by the analyst");
    assert!(ACTOR_PALETTE.contains(&colour_of(ws, "Ukraine")));
    assert!(
        ws.actors()
            .filter(|a| !a.color_chosen)
            .all(|a| ACTOR_PALETTE.contains(&a.color))
    );
    assert!(ops::reassign_colors(ws).is_none(), "nothing left to change");
    doc.undo();
    assert_eq!(colours(doc.workspace()), before);
}

#[test]
fn only_a_chosen_colour_is_marked_in_the_file() {
    let doc = imported();
    let mut actor = doc.workspace().actors().next().unwrap().clone();
    let json = serde_json::to_string(&actor).unwrap();
    assert!(
        !json.contains("color_chosen"),
        "files of unchosen colours stay as they were: {json}"
    );
    actor.color_chosen = true;
    let back: Actor = serde_json::from_str(&serde_json::to_string(&actor).unwrap()).unwrap();
    assert!(back.color_chosen);
}
