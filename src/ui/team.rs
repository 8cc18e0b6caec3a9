//! Coding as a team in the app: who is coding (asked once, kept in the
//! config folder, stamped on every edit), done marks, whose stances the
//! reader shows, the results' layer, and the blind reliability sample.

use super::app::{Action, Modal, ModalKind, StanceApp};
use crate::model::coders::{self, ReliabilitySample};
use crate::model::{ArticleId, CoderId, Command, Stance, Workspace};
use crate::report;
use eframe::egui::{self, RichText};
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Who is coding on this machine, and where that is kept.
#[derive(Default)]
pub(crate) struct TeamState {
    /// The name every document opened is stamped with; `None` codes anonymously.
    pub coder: Option<String>,
    /// Where the name is saved; `None` (some tests) never asks for one.
    pub config_dir: Option<PathBuf>,
    /// Ask "Who is coding?" as soon as no other dialog is open.
    pub ask: bool,
}

impl TeamState {
    /// The name saved in `config_dir`; without one the app asks.
    pub fn load(config_dir: Option<PathBuf>) -> TeamState {
        let coder = config_dir
            .as_deref()
            .and_then(crate::storage::identity::load_coder_name);
        TeamState {
            ask: config_dir.is_some() && coder.is_none(),
            coder,
            config_dir,
        }
    }
}

/// The "Who is coding?" dialog.
pub(crate) struct CoderPrompt {
    pub name: String,
    /// Asked at start-up (rather than from Coding ▸ Change coder…).
    pub first: bool,
    focused: bool,
}

/// The blind reliability sample dialog.
pub(crate) struct SampleDialog {
    pub how: Draw,
    pub size: usize,
    pub seed: u64,
    pub coders: BTreeSet<CoderId>,
    /// The current coder, before they are in the workspace.
    pub me: bool,
    pub blind: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Draw {
    /// `size` articles at random from all, with `seed`.
    Random,
    /// The articles the list shows now (after its filter).
    Listed,
    /// The article open in the reader.
    Current,
}

/// What the reader and Stances panel show of an article's stances: blind
/// coding hides suggestions and other coders' stances from a coder assigned
/// to the sample; "Show other coders' stances" off hides other layers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Seen {
    /// Someone is coding (stances may be theirs or another's).
    pub named: bool,
    /// Their id, once they are in the workspace.
    pub coder: Option<CoderId>,
    pub hide_others: bool,
}

impl Seen {
    pub fn of(app: &StanceApp) -> Seen {
        Seen {
            named: app.doc.coder_name().is_some(),
            coder: app.doc.coder_id(),
            hide_others: app.view.hide_other_coders,
        }
    }

    /// Whether the current coder codes `article` blind.
    pub fn blind(&self, ws: &Workspace, article: ArticleId) -> bool {
        if !self.named {
            return false;
        }
        match self.coder {
            Some(c) => ws.blind_for(c, article),
            // Not in the workspace yet: blind where the sample is everyone's.
            None => ws
                .reliability_sample()
                .is_some_and(|s| s.blind && s.coders.is_empty() && s.articles.contains(&article)),
        }
    }

    /// Whether `s` is shown.
    pub fn shows(&self, ws: &Workspace, s: &Stance) -> bool {
        if !self.named {
            return true;
        }
        let mine = self.coder.is_some() && s.by.coder == self.coder;
        if mine {
            return true;
        }
        if self.blind(ws, s.article) {
            return false;
        }
        !(self.hide_others && s.by.coder.is_some())
    }
}

impl StanceApp {
    /// Codes as `name` from now on, here and in every workspace opened
    /// later, and keeps the name for the next start.
    pub(crate) fn set_coder_name(&mut self, name: String) {
        let name = name.trim().to_owned();
        if name.is_empty() {
            return;
        }
        if let Some(dir) = &self.team.config_dir
            && let Err(e) = crate::storage::identity::save_coder_name(dir, &name)
        {
            self.message = format!("Now coding as {name} (the name could not be kept for next time: {e})");
        } else {
            self.message = format!("Now coding as {name}; the name is kept for the next start");
        }
        self.team.coder = Some(name.clone());
        self.doc.set_coder(Some(name));
        self.view.results.layer_chosen = false;
    }

    /// Gives the document just put in place the current coder.
    pub(crate) fn apply_coder(&mut self) {
        self.doc.set_coder(self.team.coder.clone());
        if let Some(link) = &mut self.server {
            link.project.set_coder(self.team.coder.clone());
        }
        self.view.results.layer_chosen = false;
    }

    /// Marks the open article done for the current coder, or not done again.
    pub(crate) fn toggle_done(&mut self) {
        let Some(article) = self.view.article.filter(|a| self.workspace().article(*a).is_some()) else {
            self.message = "Open an article first".into();
            return;
        };
        let Some(name) = self.doc.coder_name().map(str::to_owned) else {
            self.message = "Say who is coding first: done marks are a coder's".into();
            self.modal = Some(Modal::Coder(CoderPrompt::new(String::new(), false)));
            return;
        };
        let mut scratch = self.workspace().clone();
        let (coder, add) = coders::coder_named(&mut scratch, &name);
        let done = !self.workspace().is_done(article, coder);
        let mut commands: Vec<Command> = add.into_iter().collect();
        commands.push(Command::SetDone { article, coder, done });
        let label = format!("mark article {} for {name}", if done { "done" } else { "not done" });
        self.handle(Action::Execute(Command::Batch { label, commands }));
    }

    /// Whether the current coder marked `article` done.
    pub(crate) fn done_here(&self, article: ArticleId) -> bool {
        self.doc
            .coder_id()
            .is_some_and(|c| self.workspace().is_done(article, c))
    }

    /// The layer the results and exports count: the one chosen in the
    /// results' Layer box, else [`report::default_layer`] for the current coder.
    pub(crate) fn results_layer(&self) -> Option<CoderId> {
        let st = &self.view.results;
        let ws = self.workspace();
        if st.layer_chosen && st.filter.layer.is_none_or(|l| ws.coder(l).is_some()) {
            return st.filter.layer;
        }
        report::default_layer(ws, self.doc.coder_id())
    }

    /// Puts [`Self::results_layer`] into the results' filter.
    pub(crate) fn sync_results_layer(&mut self) {
        let layer = self.results_layer();
        self.view.results.filter.layer = layer;
    }
}

impl CoderPrompt {
    pub fn new(name: String, first: bool) -> CoderPrompt {
        CoderPrompt {
            name,
            first,
            focused: false,
        }
    }
}

/// How a layer is called in the app: the coder's name, "consensus" for the
/// consensus coder.
pub(crate) fn layer_label(ws: &Workspace, layer: Option<CoderId>) -> String {
    match layer.and_then(|l| ws.coder(l)) {
        Some(c) if c.consensus => "consensus".to_owned(),
        Some(c) => c.name.clone(),
        None if layer.is_some() => "(removed coder)".to_owned(),
        None => "all layers".to_owned(),
    }
}

/// The results' Layer box: every coder layer of the workspace (and the
/// current coder's), "all layers" last.
pub(crate) fn layer_combo(app: &mut StanceApp, ui: &mut egui::Ui) {
    let ws = app.doc.workspace();
    let mut layers = ws.layers();
    if let Some(me) = app.doc.coder_id()
        && !layers.contains(&me)
    {
        layers.push(me);
    }
    if layers.is_empty() && ws.coders().len() == 0 {
        return;
    }
    let current = app.view.results.filter.layer;
    let mut chosen = None;
    let l = ui.label("Layer");
    egui::ComboBox::from_id_salt("results_layer")
        .selected_text(layer_label(ws, current))
        .show_ui(ui, |ui| {
            for &id in &layers {
                if ui
                    .selectable_label(current == Some(id), layer_label(ws, Some(id)))
                    .clicked()
                {
                    chosen = Some(Some(id));
                }
            }
            if ui
                .selectable_label(current.is_none(), "all layers")
                .on_hover_text("Adds the coders' stances up: the same sentence coded by two coders counts twice")
                .clicked()
            {
                chosen = Some(None);
            }
        })
        .response
        .labelled_by(l.id)
        .on_hover_text("Whose coding the tables, charts and exports count");
    if let Some(layer) = chosen {
        app.view.results.filter.layer = layer;
        app.view.results.layer_chosen = true;
    }
}

/// "Coding as NAME" in the status bar, in the coder's colour; a click
/// changes the coder. False when it shows nothing.
pub(crate) fn status(app: &mut StanceApp, ui: &mut egui::Ui) -> bool {
    let Some(name) = app.doc.coder_name().map(str::to_owned) else {
        if app.team.config_dir.is_some()
            && ui
                .add(egui::Label::new(RichText::new("Coding anonymously").weak()).sense(egui::Sense::click()))
                .on_hover_text("Say who is coding (Coding > Change coder...)")
                .clicked()
        {
            app.emit(Action::ShowModal(ModalKind::ChangeCoder));
        }
        return app.team.config_dir.is_some();
    };
    let ws = app.workspace();
    let mut text = RichText::new(format!("Coding as {name}")).strong();
    if let Some(c) = ws.coder_by_name(&name) {
        text = text.color(super::palette::actor(c.color));
    }
    let clicked = ui
        .add(egui::Label::new(text).sense(egui::Sense::click()))
        .on_hover_text("Change coder...")
        .clicked();
    if let Some(id) = app.doc.coder_id() {
        let done = ws.done_marks().filter(|&(_, c)| c == id).count();
        ui.weak(format!("{done} of {} done", ws.article_count()));
    }
    if clicked {
        app.emit(Action::ShowModal(ModalKind::ChangeCoder));
    }
    true
}

/// The reader's line about the article's done mark and blind coding.
/// The reader header's done state and its toggle (on the line of counts);
/// true when the toggle was clicked.
pub(crate) fn done_toggle(ui: &mut egui::Ui, done: bool) -> bool {
    if done {
        let green = super::palette::status(crate::model::Status::Accepted);
        ui.label(RichText::new("Done").strong().color(green));
    } else {
        ui.weak("Not done");
    }
    let label = if done { "Mark not done" } else { "Mark done" };
    ui.small_button(label)
        .on_hover_text("Your done mark on this article (Ctrl+D)")
        .clicked()
}

/// Says why an article in a blind sample looks bare.
pub(crate) fn blind_banner(ui: &mut egui::Ui) {
    egui::Frame::group(ui.style())
        .fill(ui.visuals().warn_fg_color.gamma_multiply(0.12))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new("Blind coding").strong().color(ui.visuals().warn_fg_color));
            ui.label(
                "This article is in the reliability sample: suggestions and other coders' \
                 stances are hidden here, so your coding is your own.",
            );
        });
}

/// The "Who is coding?" dialog; returns it while it stays open.
pub(crate) fn coder_modal(app: &mut StanceApp, ctx: &egui::Context, mut st: CoderPrompt) -> Option<Modal> {
    let known: Vec<String> = app
        .workspace()
        .coders()
        .filter(|c| !c.consensus)
        .map(|c| c.name.clone())
        .collect();
    let now = app.doc.coder_name().unwrap_or("e.g. Ana Ruiz").to_owned();
    // The consensus is written by adjudication, never coded under.
    let taken = app
        .workspace()
        .coder_by_name(&st.name)
        .is_some_and(|c| c.consensus)
        .then(|| format!("\"{}\" is the consensus layer: choose your own name", st.name.trim()));
    let valid = !st.name.trim().is_empty() && taken.is_none();
    let mut ok = false;
    let mut cancel = false;
    let r = egui::Modal::new(egui::Id::unique("who_is_coding")).show(ctx, |ui| {
        ui.set_width(420.0);
        ui.heading("Who is coding?");
        ui.label(
            "Your name is kept on this computer and recorded with every stance you code, \
             so the codings of a team stay apart.",
        );
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let l = ui.label("Your name");
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut st.name)
                        .hint_text(now.as_str())
                        .desired_width(240.0),
                )
                .labelled_by(l.id);
            if !st.focused {
                field.request_focus();
                st.focused = true;
            }
            if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                ok = true;
            }
        });
        if let Some(why) = &taken {
            ui.colored_label(ui.visuals().warn_fg_color, why);
        }
        if !known.is_empty() {
            ui.horizontal_wrapped(|ui| {
                ui.weak("Coders of this workspace:");
                for name in &known {
                    if ui.small_button(name).clicked() {
                        st.name = name.clone();
                    }
                }
            });
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.add_enabled(valid, egui::Button::new("OK")).clicked() {
                ok = true;
            }
            let cancel_label = if st.first { "Code anonymously" } else { "Cancel" };
            if ui.button(cancel_label).clicked() {
                cancel = true;
            }
        });
    });
    if ok && valid {
        app.emit(Action::SetCoder(st.name.trim().to_owned()));
        return None;
    }
    if cancel || r.should_close() {
        return None;
    }
    Some(Modal::Coder(st))
}

impl SampleDialog {
    pub fn new(app: &StanceApp) -> SampleDialog {
        let ws = app.workspace();
        let coders: BTreeSet<CoderId> = ws.coders().filter(|c| !c.consensus).map(|c| c.id).collect();
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_secs() % 10_000);
        SampleDialog {
            how: Draw::Random,
            size: ws.article_count().min(20),
            seed,
            coders,
            me: app.doc.coder_name().is_some() && app.doc.coder_id().is_none(),
            blind: true,
        }
    }

    /// The articles chosen and how, for the methods report.
    fn articles(&self, app: &mut StanceApp) -> (BTreeSet<ArticleId>, String) {
        match self.how {
            Draw::Random => {
                let all: Vec<ArticleId> = app.workspace().articles().map(|a| a.id).collect();
                let n = self.size.min(all.len());
                (
                    draw(&all, n, self.seed),
                    format!("random sample of {n} of {} articles, seed {}", all.len(), self.seed),
                )
            }
            Draw::Listed => {
                let list: BTreeSet<ArticleId> = app.visible_articles().iter().copied().collect();
                let what = format!("{} articles chosen in the article list", list.len());
                (list, what)
            }
            Draw::Current => (
                app.view.article.into_iter().collect(),
                "the article chosen in the reader".to_owned(),
            ),
        }
    }
}

/// `n` of `all` drawn at random with `seed` (the same seed draws the same
/// articles from the same workspace).
pub(crate) fn draw(all: &[ArticleId], n: usize, seed: u64) -> BTreeSet<ArticleId> {
    let mut ids = all.to_vec();
    ids.sort_unstable();
    let mut state = seed;
    let mut next = || {
        // splitmix64
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let n = n.min(ids.len());
    for i in 0..n {
        let j = i + (next() % (ids.len() - i) as u64) as usize;
        ids.swap(i, j);
    }
    ids.truncate(n);
    ids.into_iter().collect()
}

/// The reliability sample dialog; returns it while it stays open.
pub(crate) fn sample_modal(app: &mut StanceApp, ctx: &egui::Context, mut st: Box<SampleDialog>) -> Option<Modal> {
    let ws = app.doc.workspace();
    let total = ws.article_count();
    let existing = ws.reliability_sample().cloned();
    let coders: Vec<(CoderId, String)> = ws
        .coders()
        .filter(|c| !c.consensus)
        .map(|c| (c.id, c.name.clone()))
        .collect();
    let me = app.doc.coder_name().map(str::to_owned);
    let me_missing = me.is_some() && app.doc.coder_id().is_none();
    let mut set = false;
    let mut end = false;
    let mut close = false;
    let r = egui::Modal::new(egui::Id::unique("reliability_sample")).show(ctx, |ui| {
        ui.set_width(480.0);
        ui.heading("Reliability sample");
        ui.label(
            "Articles set aside for two or more coders to code independently, to measure \
             how far they agree.",
        );
        if let Some(s) = &existing {
            ui.add_space(4.0);
            ui.label(RichText::new(format!(
                "Now: {} article(s), {}{}",
                s.articles.len(),
                if s.blind { "blind" } else { "not blind" },
                if s.drawn.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", s.drawn)
                }
            )))
            .on_hover_text("Setting a new sample replaces it");
        }
        ui.separator();
        ui.radio_value(&mut st.how, Draw::Random, "Draw at random");
        ui.add_enabled_ui(st.how == Draw::Random, |ui| {
            ui.horizontal(|ui| {
                ui.add_space(18.0);
                let l = ui.label("Articles");
                ui.add(egui::DragValue::new(&mut st.size).range(1..=total.max(1)))
                    .labelled_by(l.id);
                ui.weak(format!("of {total}"));
                let l = ui.label("Seed");
                ui.add(egui::DragValue::new(&mut st.seed)).labelled_by(l.id);
            });
        });
        ui.radio_value(&mut st.how, Draw::Listed, "The articles the list shows now");
        ui.add_enabled_ui(app.view.article.is_some(), |ui| {
            ui.radio_value(&mut st.how, Draw::Current, "The article open in the reader");
        });
        ui.separator();
        ui.label("Assigned to (none checked: every coder)");
        ui.horizontal_wrapped(|ui| {
            for (id, name) in &coders {
                let mut on = st.coders.contains(id);
                if ui.checkbox(&mut on, name).changed() {
                    if on {
                        st.coders.insert(*id);
                    } else {
                        st.coders.remove(id);
                    }
                }
            }
            if me_missing && let Some(me) = &me {
                ui.checkbox(&mut st.me, me.as_str());
            }
        });
        ui.checkbox(&mut st.blind, "Blind")
            .on_hover_text("Assigned coders see neither suggestions nor other coders' stances on these articles");
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            set = ui.button("Set sample").clicked();
            if existing.is_some() {
                end = ui.button("End sample").clicked();
            }
            close = ui.button("Cancel").clicked();
        });
    });
    if set {
        let (articles, drawn) = st.articles(app);
        if articles.is_empty() {
            app.message = "No articles to put in the sample".into();
            return Some(Modal::Sample(st));
        }
        let mut commands = Vec::new();
        let mut assigned = st.coders.clone();
        if me_missing
            && st.me
            && let Some(me) = &me
        {
            let mut scratch = app.workspace().clone();
            let (id, add) = coders::coder_named(&mut scratch, me);
            commands.extend(add);
            assigned.insert(id);
        }
        let n = articles.len();
        commands.push(Command::SetSample(Some(ReliabilitySample {
            articles,
            coders: assigned,
            blind: st.blind,
            drawn,
        })));
        app.emit(Action::Execute(Command::Batch {
            label: format!("set the reliability sample ({n} articles)"),
            commands,
        }));
        return None;
    }
    if end {
        app.emit(Action::Execute(Command::SetSample(None)));
        return None;
    }
    if close || r.should_close() {
        return None;
    }
    Some(Modal::Sample(st))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_draws_the_same_articles_every_time() {
        let all: Vec<ArticleId> = (1..=50).map(ArticleId).collect();
        let a = draw(&all, 10, 7);
        assert_eq!(a.len(), 10);
        assert_eq!(a, draw(&all, 10, 7));
        let mut shuffled = all.clone();
        shuffled.reverse();
        assert_eq!(a, draw(&shuffled, 10, 7), "the order of the input does not matter");
        assert_ne!(a, draw(&all, 10, 8));
        assert_eq!(draw(&all, 80, 1).len(), 50);
    }
}
