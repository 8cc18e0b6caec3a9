//! GUI tests of the Network tab: the communities and polarisation it shows
//! are `report::netview`'s for the tab's filter and layer, a click on an
//! actor lists its evidence (which opens the reader), and Shift+click on a
//! second actor lists the issues the two share.

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use stance_tracker::model::{
    Actor, ActorId, ActorKind, Article, ArticleId, Command, Date, Document, Position, Workspace, ops,
};
use stance_tracker::report::netview;
use stance_tracker::report::network::NetworkOptions;
use stance_tracker::ui::StanceApp;
use stance_tracker::ui::results::Tab;
mod common;
use common::Fixture;

const BLOC_A: [&str; 3] = ["Alma Reyes", "Bruno Costa", "Clara Nunes"];
const BLOC_B: [&str; 3] = ["Dario Lenz", "Edda Moor", "Fabio Tell"];

/// Two blocs of three actors: bloc A supports the talks and the sanctions,
/// bloc B opposes both; Dario Lenz also supports the sanctions. Each actor
/// speaks in an article of their own, coded by Ana.
fn two_blocs() -> Workspace {
    blocs(false)
}

/// The two blocs, each actor's article a month after the previous one's
/// (Alma Reyes in January 2020 … Fabio Tell in June), or undated.
fn blocs(dated: bool) -> Workspace {
    let mut month = 0;
    let mut doc = Document::new(Workspace::new());
    doc.set_coder(Some("Ana".into()));
    let talks = doc.workspace().issue_by_key("participation").unwrap().id;
    let sanctions = doc.workspace().issue_by_key("sanctions").unwrap().id;
    for (bloc, position) in [(BLOC_A, Position::Support), (BLOC_B, Position::Oppose)] {
        for name in bloc {
            let actor = ActorId(doc.alloc_id());
            doc.execute(Command::AddActor(Actor::new(actor, name, ActorKind::Person)))
                .unwrap();
            let article = ArticleId(doc.alloc_id());
            month += 1;
            let date = dated.then(|| Date::new(2020, month, 10).unwrap());
            let text = format!("{name} spoke on the talks. {name} spoke on the sanctions.");
            let half = text.find(". ").unwrap() + 1;
            doc.execute(Command::AddArticle(Box::new(Article::new(
                article,
                format!("Interview with {name}"),
                date,
                "test".into(),
                text.clone(),
            ))))
            .unwrap();
            let mut stances = vec![(talks, position, 0, half), (sanctions, position, half + 1, text.len())];
            if name == "Dario Lenz" {
                stances.push((sanctions, Position::Support, half + 1, text.len()));
            }
            for (issue, pos, start, end) in stances {
                let mut ws = doc.workspace().clone();
                let cmd =
                    ops::new_manual_stance(&mut ws, article, actor, issue, pos, start, end, String::new()).unwrap();
                doc.execute(cmd).unwrap();
            }
        }
    }
    doc.workspace().clone()
}

/// The app with `ws` open and the Network tab shown, its layout done.
fn open(fx: &Fixture, ws: &Workspace) -> Harness<'static, StanceApp> {
    let mut h = fx.harness();
    h.run();
    h.state_mut().open_document(Document::opened(ws.clone()), None);
    h.run();
    h.get_by_label(Tab::Network.label()).click();
    h.step();
    assert!(h.state().view().results_open);
    assert_eq!(h.state().view().results.tab, Tab::Network);
    for _ in 0..1_000 {
        // Steps, not runs: the spinner repaints until the layout arrives.
        h.step();
        if !h.state().view().results.network_is_computing() && h.query_by_label_contains("Communities: ").is_some() {
            h.run();
            return h;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    panic!("the network never arrived");
}

fn text_of(h: &Harness<'_, StanceApp>, name: &str) -> String {
    let node = h.get_by_label_contains(name);
    let n = node.accesskit_node();
    n.label().or(n.value()).unwrap_or_default().to_string()
}

#[test]
fn the_tab_shows_the_communities_and_polarisation_of_report_netview() {
    let ws = two_blocs();
    let fx = Fixture::new();
    let mut h = open(&fx, &ws);
    let filter = h.state().view().results.filter.clone();
    let expected = netview::compute(&ws, &filter, &NetworkOptions::default(), netview::SEED);
    assert_eq!(expected.network.actors.len(), 6);
    assert_eq!(expected.tied_communities(), 2, "two blocs");
    assert!(expected.polarisation > 0.3, "{}", expected.polarisation);
    assert_eq!(text_of(&h, "Communities: "), "Communities: 2");
    assert_eq!(
        text_of(&h, "Polarisation: "),
        format!("Polarisation: {:.3}", expected.polarisation)
    );
    // The legend names both communities; by kind, every actor is a person.
    assert!(h.query_by_label("community 1 (3 actors)").is_some());
    assert!(h.query_by_label("community 2 (3 actors)").is_some());
    h.get_by_label("Colour by kind").click();
    h.run();
    assert!(h.query_by_label("person").is_some());
    h.get_by_label("Colour by kind").click();
    h.run();
    // Each bloc is one community.
    let community = |name: &str| {
        let id = ws.actor_by_name(name).unwrap().id;
        expected.communities.of[expected.node_of(id).unwrap()]
    };
    assert!(BLOC_A.iter().all(|n| community(n) == community(BLOC_A[0])));
    assert!(BLOC_B.iter().all(|n| community(n) == community(BLOC_B[0])));
    assert_ne!(community(BLOC_A[0]), community(BLOC_B[0]));

    // A click on an actor lists its evidence; a click on one opens the reader there.
    h.get_by_label(&format!("Actor node {}", BLOC_A[0])).click();
    h.run();
    assert!(h.query_by_label_contains("2 stance(s)").is_some());
    let evidence = format!("“{} spoke on the sanctions.”", BLOC_A[0]);
    h.get_by_label(&evidence).click();
    h.run();
    h.run();
    assert!(!h.state().view().results_open, "the reader is shown");
    let stance = h.state().view().stance.expect("a stance is selected");
    let s = ws.stance(stance).unwrap();
    assert_eq!(ws.actor(s.actor).unwrap().name, BLOC_A[0]);
    assert_eq!(s.evidence.text, format!("{} spoke on the sanctions.", BLOC_A[0]));
}

#[test]
fn shift_click_on_a_second_actor_lists_the_issues_they_share() {
    let ws = two_blocs();
    let fx = Fixture::new();
    let mut h = open(&fx, &ws);
    h.get_by_label(&format!("Actor node {}", BLOC_A[0])).click();
    h.run();
    h.get_by_label("Actor node Dario Lenz")
        .click_modifiers(egui::Modifiers::SHIFT);
    h.run();
    assert!(h.query_by_label(&format!("{} and Dario Lenz", BLOC_A[0])).is_some());
    assert!(h.query_by_label("2 shared issue(s)").is_some());
    assert!(h.query_by_label("Dario Lenz: support ×1, oppose ×1").is_some());
    let alma = format!("{}: support ×1", BLOC_A[0]);
    assert_eq!(h.query_all_by_label(&alma).count(), 2, "one line per shared issue");
}

#[test]
fn an_empty_filter_says_what_to_do() {
    let fx = Fixture::new();
    let mut h = open(&fx, &two_blocs());
    h.state_mut().view_mut().results.filter.text = "no such words".into();
    for _ in 0..200 {
        h.step();
        if h.query_by_label("No accepted stances in this layer and filter")
            .is_some()
        {
            assert!(h.query_by_label_contains("Communities: ").is_none());
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    panic!("no empty state");
}

/// The toolbar's tie choice is the network's qualifier: conflict ties join
/// the blocs, and the figures follow `report::netview` with that option.
#[test]
fn conflict_ties_change_the_figures_as_report_netview_does() {
    use stance_tracker::report::network::Qualifier;
    let ws = two_blocs();
    let fx = Fixture::new();
    let mut h = open(&fx, &ws);
    h.get_by_label("conflict").click();
    for _ in 0..1_000 {
        h.step();
        if !h.state().view().results.network_is_computing() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    h.run();
    let filter = h.state().view().results.filter.clone();
    let options = NetworkOptions {
        qualifier: Qualifier::Conflict,
        ..NetworkOptions::default()
    };
    let expected = netview::compute(&ws, &filter, &options, netview::SEED);
    assert!(!expected.network.edges.is_empty());
    assert_eq!(
        text_of(&h, "Communities: "),
        format!("Communities: {}", expected.tied_communities())
    );
    assert_eq!(
        text_of(&h, "Polarisation: "),
        format!("Polarisation: {:.3}", expected.polarisation)
    );
    let ties = format!("{} ties", expected.network.edges.len());
    assert!(h.query_by_label_contains(&ties).is_some(), "{ties}");
}

/// Steps until the network (and the polarisation series) is computed.
fn settle(h: &mut Harness<'static, StanceApp>) {
    for _ in 0..1_000 {
        h.step();
        if !h.state().view().results.network_is_computing() {
            h.run();
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    panic!("the network never arrived");
}

fn has_node(h: &Harness<'_, StanceApp>, name: &str) -> bool {
    h.query_by_label(&format!("Actor node {name}")).is_some()
}

/// The time window shows a few months at a time: the window's actors only,
/// its dates, polarisation per window as `report::netview` computes it; the
/// arrows, a click on the strip and Play move it; Save writes the window's
/// network, off-screen, with its dates in the subtitle, and its ties as CSV.
#[test]
fn the_time_window_steps_through_the_months_and_saves_what_it_shows() {
    let ws = blocs(true);
    let fx = Fixture::new();
    let mut h = open(&fx, &ws);
    assert!(
        has_node(&h, "Alma Reyes") && has_node(&h, "Fabio Tell"),
        "the whole range first"
    );
    h.get_by_label("Time window").click();
    settle(&mut h);
    // Three months by default: Jan–Mar, Feb–Apr, Mar–May, Apr–Jun.
    assert!(h.query_by_label("2020-01-01 to 2020-03-31").is_some());
    assert!(h.query_by_label("(1 of 4)").is_some());
    assert!(has_node(&h, "Alma Reyes") && has_node(&h, "Clara Nunes"));
    assert!(!has_node(&h, "Dario Lenz"), "April is outside the window");
    let filter = h.state().view().results.filter.clone();
    let series = netview::polarisation_series(&ws, &filter, &NetworkOptions::default(), 3);
    assert_eq!(series.len(), 4);
    for p in &series {
        let label = stance_tracker::ui::results::window_point_label(p);
        assert!(h.query_by_label(&label).is_some(), "{label} on the strip");
    }
    assert_eq!((series[0].actors, series[0].ties), (3, 3), "bloc A alone, all tied");
    // The arrow, then a click on the strip's last point.
    h.get_by_label("▶").click();
    settle(&mut h);
    assert!(h.query_by_label("2020-02-01 to 2020-04-30").is_some());
    assert!(has_node(&h, "Dario Lenz") && !has_node(&h, "Alma Reyes"));
    h.get_by_label(&stance_tracker::ui::results::window_point_label(&series[3]))
        .click();
    settle(&mut h);
    assert!(h.query_by_label("(4 of 4)").is_some());
    assert!(has_node(&h, "Fabio Tell") && !has_node(&h, "Bruno Costa"));

    // Save what is shown: the window's network, its dates in the subtitle.
    let svg = fx.path("window.svg");
    fx.dialogs.push(stance_tracker::ui::Answer::Path(svg.clone()));
    h.get_by_label("Save SVG…").click();
    h.run();
    let text = std::fs::read_to_string(&svg).expect("the SVG was written");
    assert!(text.contains("2020-04-01 to 2020-06-30"), "the window in the subtitle");
    assert!(text.contains(">Fabio Tell</text>") && !text.contains(">Alma Reyes</text>"));
    assert!(text.contains("Discourse network"));
    let png = fx.path("window.png");
    fx.dialogs.push(stance_tracker::ui::Answer::Path(png.clone()));
    h.get_by_label("Save PNG…").click();
    h.run();
    let img = image::load_from_memory(&std::fs::read(&png).expect("the PNG was written")).unwrap();
    assert_eq!(
        (img.width(), img.height()),
        (1600, 1000),
        "rendered off-screen, not a screen crop"
    );
    let csv_path = fx.path("ties.csv");
    fx.dialogs.push(stance_tracker::ui::Answer::Path(csv_path.clone()));
    h.get_by_label("Save data CSV…").click();
    h.run();
    let csv = std::fs::read_to_string(&csv_path).expect("the CSV was written");
    let f = netview::window_filter(&filter, series[3].from, series[3].to);
    let window = netview::compute(&ws, &f, &NetworkOptions::default(), netview::SEED);
    assert_eq!(csv.lines().count(), 1 + window.network.edges.len());
    assert!(csv.starts_with("actor_a,actor_b,weight,community_a,community_b,from,to"));
    assert!(csv.contains(",2020-04-01,2020-06-30"));

    // Play from the start runs through every window and stops at the last.
    h.get_by_label("◀").click();
    settle(&mut h);
    assert!(h.query_by_label("(3 of 4)").is_some());
    h.get_by_label("Play").click();
    for _ in 0..2_000 {
        h.step();
        if h.query_by_label("(4 of 4)").is_some() && h.query_by_label("Play").is_some() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    panic!("playing never reached the last window and stopped");
}

/// Undated stances have no time axis: the window cannot be turned on.
#[test]
fn without_dates_there_is_no_time_window() {
    let fx = Fixture::new();
    let h = open(&fx, &two_blocs());
    let node = h.get_by_label("Time window");
    assert!(node.accesskit_node().is_disabled());
}
