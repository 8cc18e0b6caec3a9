//! The reader's layout and selections, driven like a user would: real
//! pointer drags and clicks on the characters AccessKit says are there.

use eframe::egui::{self, Modifiers, Pos2, Rect, accesskit::Role};
use egui_kittest::kittest::{By, NodeT as _, Queryable as _};
use egui_kittest::{Harness, Node};
use stance_tracker::ui::{AppConfig, Prefs, ScriptedDialogs, StanceApp};
use std::path::Path;
use std::time::Duration;

const SAMPLE: &str = "tests/fixtures/dev/2025-02-18-riyadh-talks.txt";

/// The app at `size` with the sample article open, and its temp folder.
fn reader(size: egui::Vec2) -> (Harness<'static, StanceApp>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    open(size, Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE), dir)
}

/// The app at `size` with the article at `path` open.
fn open(
    size: egui::Vec2,
    path: std::path::PathBuf,
    dir: tempfile::TempDir,
) -> (Harness<'static, StanceApp>, tempfile::TempDir) {
    // Coding as a saved coder: no "Who is coding?" prompt.
    stance_tracker::storage::identity::save_coder_name(&dir.path().join("config"), "Tester").unwrap();
    let config = AppConfig {
        dialogs: Box::new(ScriptedDialogs::default()),
        config_dir: Some(dir.path().join("config")),
        data_dir: Some(dir.path().join("data")),
        paths: vec![path],
        reopen_last: false,
        autosave_every: Duration::from_secs(60),
    };
    let mut h = Harness::builder()
        .with_size(size)
        .with_max_steps(12)
        // Short frames, so that clicks a frame apart count as a double click.
        .with_step_dt(1.0 / 60.0)
        .build_eframe(move |_cc| StanceApp::new(config, Prefs::default()));
    h.run();
    h.state_mut().finish_job();
    h.run();
    (h, dir)
}

fn article_text(h: &Harness<'_, StanceApp>) -> String {
    h.state().workspace().articles().next().unwrap().text.to_string()
}

/// Char offset of `needle` in the article, plus `into` chars.
fn offset(text: &str, needle: &str, into: usize) -> usize {
    text[..text.find(needle).expect(needle)].chars().count() + into
}

fn selected(h: &Harness<'_, StanceApp>) -> String {
    let (s, e) = h.state().view().selection.expect("a selection");
    article_text(h).chars().skip(s).take(e - s).collect()
}

fn text_view<'t>(h: &'t Harness<'_, StanceApp>) -> Node<'t> {
    h.get_by_role(Role::MultilineTextInput)
}

/// The text view's rows as AccessKit lays them out.
fn rows<'t>(h: &'t Harness<'_, StanceApp>) -> Vec<Node<'t>> {
    text_view(h).query_all(By::new().role(Role::TextRun)).collect()
}

/// The text of the page on screen, as laid out (char offsets match the view's).
fn page_text(h: &Harness<'_, StanceApp>) -> String {
    rows(h).iter().filter_map(|r| r.accesskit_node().value()).collect()
}

/// The middle of the char at page offset `c` on screen (the sample is one
/// page, so there that is the article offset).
fn char_pos(h: &Harness<'_, StanceApp>, c: usize) -> Pos2 {
    let mut first = 0;
    for row in rows(h) {
        let data = row.accesskit_node().data();
        let n = data.character_lengths().len();
        if c < first + n {
            let i = c - first;
            let rect = row.rect();
            let (pos, width) = (data.character_positions().unwrap(), data.character_widths().unwrap());
            let x = rect.left() + pos[i] + width[i] / 2.0;
            return egui::pos2(x, rect.center().y);
        }
        first += n;
    }
    panic!("char {c} is not laid out");
}

/// Presses at char `from`, moves through the middle to char `to`, releases.
fn drag(h: &mut Harness<'_, StanceApp>, from: usize, to: usize) {
    let (a, b) = (char_pos(h, from), char_pos(h, to));
    h.hover_at(a);
    h.run();
    h.drag_at(a);
    h.run();
    h.hover_at(a.lerp(b, 0.5));
    h.run();
    h.hover_at(b);
    h.run();
    h.drop_at(b);
    h.run();
}

/// Clicks char `c` `times` times in quick succession (a press and its
/// release in one frame, a frame between clicks).
fn click_times(h: &mut Harness<'_, StanceApp>, c: usize, times: usize) {
    let p = char_pos(h, c);
    h.hover_at(p);
    h.run();
    for _ in 0..times {
        for pressed in [true, false] {
            h.event(egui::Event::PointerButton {
                pos: p,
                button: egui::PointerButton::Primary,
                pressed,
                modifiers: Modifiers::NONE,
            });
        }
        h.step();
    }
    h.run();
}

#[test]
fn a_drag_from_mid_word_to_mid_word_selects_whole_words() {
    let (mut h, _dir) = reader(egui::vec2(1280.0, 800.0));
    let text = article_text(&h);
    // From inside "diplomats" to inside "Saudi".
    drag(
        &mut h,
        offset(&text, "diplomats met", 3),
        offset(&text, "Saudi Arabia to", 2),
    );
    assert_eq!(selected(&h), "diplomats met in Saudi");
    // The text view shows the snapped selection, not the dragged one.
    let (s, e) = h.state().view().selection.unwrap();
    assert_eq!(shown_selection(&h), (s, e));
}

/// The selection the text view shows, from AccessKit's row positions.
fn shown_selection(h: &Harness<'_, StanceApp>) -> (usize, usize) {
    let sel = text_view(h).accesskit_node().data().text_selection().expect("shown");
    let mut first = 0;
    let mut at = std::collections::HashMap::new();
    for row in rows(h) {
        at.insert(row.accesskit_node().locate().0, first);
        first += row.accesskit_node().data().character_lengths().len();
    }
    let offset = |p: egui::accesskit::TextPosition| at[&p.node] + p.character_index;
    let (a, b) = (offset(sel.anchor), offset(sel.focus));
    (a.min(b), a.max(b))
}

#[test]
fn alt_held_while_dragging_keeps_the_exact_selection() {
    let (mut h, _dir) = reader(egui::vec2(1280.0, 800.0));
    let text = article_text(&h);
    h.event(egui::Event::ModifiersChanged(Modifiers::ALT));
    drag(
        &mut h,
        offset(&text, "diplomats met", 3),
        offset(&text, "Saudi Arabia to", 2),
    );
    h.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    h.run();
    // The cursor lands on the nearer edge of the pressed and released chars.
    let s = selected(&h);
    assert!(s.starts_with("lomats") || s.starts_with("omats"), "{s:?}");
    assert!(s.ends_with(" Sa") || s.ends_with(" Sau"), "{s:?}");
}

#[test]
fn double_click_selects_a_word_and_triple_click_a_sentence() {
    let (mut h, _dir) = reader(egui::vec2(1280.0, 800.0));
    let text = article_text(&h);
    let at = offset(&text, "signaling a potential", 4);
    click_times(&mut h, at, 2);
    assert_eq!(selected(&h), "signaling");
    let at = offset(&text, "Ukrainian officials", 3);
    click_times(&mut h, at, 3);
    assert_eq!(
        selected(&h),
        "However, the absence of Ukrainian officials from the talks has sparked concerns about their exclusion from key negotiations."
    );
}

#[test]
fn the_evidence_of_a_new_stance_is_whole_words() {
    let (mut h, _dir) = reader(egui::vec2(1280.0, 800.0));
    let text = article_text(&h);
    drag(
        &mut h,
        offset(&text, "absence of Ukrainian", 2),
        offset(&text, "from the talks has", 10),
    );
    h.ctx
        .memory_mut(|m| m.surrender_focus(egui::Id::unique(stance_tracker::ui::READER_ID)));
    h.run();
    h.key_press(egui::Key::N);
    h.run();
    assert!(h.query_by_label("New stance").is_some(), "editor open");
    assert!(
        h.query_by_label("“absence of Ukrainian officials from the talks”")
            .is_some(),
        "the editor quotes the snapped selection"
    );
}

/// The left edge of the Stances panel and the right edge of the article list.
fn neighbours(h: &Harness<'_, StanceApp>) -> (f32, f32) {
    // The heading, not the tab of the same name in the strip above.
    let stances = h
        .get_all_by_label("Stances")
        .map(|n| n.rect().left())
        .fold(f32::MIN, f32::max);
    let list = h
        .get_all_by_label("Articles")
        .map(|n| n.rect())
        .find(|r| r.left() < 20.0)
        .expect("the list's heading");
    (list.left(), stances)
}

fn assert_text_within_panel(h: &Harness<'_, StanceApp>) {
    let (list_left, stances_left) = neighbours(h);
    let text = text_view(h).rect();
    assert!(text.left() > list_left, "{text:?}");
    assert!(
        text.right() < stances_left,
        "text {text:?} runs under the Stances panel at {stances_left}"
    );
    for row in rows(h) {
        let r = row.rect();
        assert!(
            r.right() < stances_left,
            "a row {r:?} ends under the Stances panel at {stances_left}"
        );
    }
}

#[test]
fn the_text_wraps_inside_its_panel_in_small_windows() {
    for size in [egui::vec2(800.0, 600.0), egui::vec2(1024.0, 700.0)] {
        let (h, _dir) = reader(size);
        assert_text_within_panel(&h);
        let (_, stances_left) = neighbours(&h);
        assert!(
            text_view(&h).rect().width() > 0.4 * size.x,
            "the reader keeps room to read at {size:?}"
        );
        assert!(stances_left < size.x, "the Stances panel is on screen");
    }
}

/// Everything that must not move while the selection changes.
fn layout(h: &Harness<'_, StanceApp>) -> Vec<Rect> {
    let mut rects = vec![
        h.get_by_label("New stance from selection  (N)").rect(),
        text_view(h).rect(),
    ];
    rects.extend(rows(h).iter().map(|r| r.rect()));
    rects
}

#[test]
fn nothing_moves_while_dragging_a_selection() {
    let (mut h, _dir) = reader(egui::vec2(1400.0, 900.0));
    let text = article_text(&h);
    let before = layout(&h);
    let (a, b) = (
        char_pos(&h, offset(&text, "diplomats met", 3)),
        char_pos(&h, offset(&text, "economic measures", 3)),
    );
    h.drag_at(a);
    h.run();
    for t in [0.3, 0.7, 1.0] {
        h.hover_at(a.lerp(b, t));
        h.run();
        let (s, e) = h.state().view().selection.expect("selecting");
        assert!(e - s > 20);
        assert_eq!(layout(&h), before, "layout moved at {t} of the drag");
        assert_text_within_panel(&h);
    }
    h.drop_at(b);
    h.run();
    assert_eq!(layout(&h), before, "layout moved after the drag");
    assert!(selected(&h).ends_with("economic"));
}

#[test]
fn a_drag_on_a_later_page_of_non_ascii_text_snaps_in_article_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("Title: Ankara talks\nDate: 2025-02-18\n\n");
    for i in 0..600 {
        text.push_str(&format!(
            "Paragraph {i}. Erdoğan’s envoy told Лавров that the talks would go on.\n\n"
        ));
    }
    let path = dir.path().join("long.txt");
    std::fs::write(&path, &text).unwrap();
    let (mut h, _dir) = open(egui::vec2(1280.0, 800.0), path, dir);
    h.get_by_label("Next page ›").click();
    h.run();
    assert!(h.query_by_label("Page 2 of 2").is_some());
    let page = page_text(&h);
    // From inside "Erdoğan’s" (after the ğ) to inside "Лавров".
    let from = offset(&page, "an’s envoy", 0);
    let to = offset(&page, "ров that", 1);
    drag(&mut h, from, to);
    let (s, _) = h.state().view().selection.expect("a selection");
    assert!(s > 10_000, "an offset into the whole article ({s})");
    assert_eq!(selected(&h), "Erdoğan’s envoy told Лавров");
}
