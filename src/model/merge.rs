//! Merging another coder's copy of a workspace into this one.
//!
//! Coders work on their own copies, offline; the merge brings their work
//! back without losing or doubling anything:
//! - articles are matched by content hash (the text with whitespace
//!   collapsed), and evidence offsets are carried over through the words,
//!   so a re-wrapped copy of an article still lines up;
//! - issues by key, coders by name (the consensus layers with each other),
//!   actors by name or alias — an actor whose names point at two actors
//!   here is not guessed at: it comes in as an actor of its own and the
//!   report names it;
//! - every stance stays its coder's; one already here (same coding, same
//!   layer, same decision) is not added twice, and a stance edited in both
//!   copies keeps the later edit.
//!
//! The result is one [`Command`] (one undo step) and a [`MergeReport`]
//! saying what was matched, added, and what could not be matched. Merging
//! the same file again finds everything present and changes nothing.

use super::coders::ReliabilitySample;
use super::command::Command;
use super::ids::{ActorId, ArticleId, CoderId, IssueId, StanceId};
use super::types::{Actor, Article, Attribution, Coder, Issue, Stance, Status};
use super::workspace::Workspace;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What a merge did and what it could not do, for the summary the user reads.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MergeReport {
    pub articles_added: usize,
    pub articles_matched: usize,
    /// Matched by hash, but laid out differently (line breaks, spaces):
    /// their evidence offsets were mapped word by word.
    pub articles_realigned: usize,
    pub issues_added: usize,
    pub issues_matched: usize,
    pub actors_added: usize,
    pub actors_matched: usize,
    /// Names the other file knew that an actor here did not, now aliases.
    pub aliases_added: usize,
    pub coders_added: usize,
    pub coders_matched: usize,
    pub stances_added: usize,
    /// Already here: same coding, same layer, same decision.
    pub stances_present: usize,
    /// The same stance changed in both copies; the later edit was kept.
    pub stances_updated: usize,
    pub done_marks_added: usize,
    /// Things the user should look at: unmatched or conflicting parts,
    /// each a sentence naming what and why.
    pub notes: Vec<String>,
}

impl MergeReport {
    /// One line per kind of thing, for the status bar and the CLI.
    pub fn summary(&self) -> String {
        format!(
            "{} article(s) added, {} matched; {} stance(s) added, {} already here, {} updated; \
             {} actor(s) added, {} matched; {} issue(s) added; {} coder(s) added; {} done mark(s) added",
            self.articles_added,
            self.articles_matched,
            self.stances_added,
            self.stances_present,
            self.stances_updated,
            self.actors_added,
            self.actors_matched,
            self.issues_added,
            self.coders_added,
            self.done_marks_added,
        )
    }

    /// Whether the merge would change anything.
    pub fn changes_anything(&self) -> bool {
        self.articles_added
            + self.issues_added
            + self.actors_added
            + self.aliases_added
            + self.coders_added
            + self.stances_added
            + self.stances_updated
            + self.done_marks_added
            > 0
    }
}

/// The merge of `theirs` into `ours`: the command that does it (`None` when
/// nothing is new) and the report. New entities get ids from `ours`'
/// counter on, so the command applies to `ours` as it is. `label` names
/// the other file in the undo menu.
pub fn plan_merge(ours: &Workspace, theirs: &Workspace, label: &str) -> (Option<Command>, MergeReport) {
    let mut m = Merger {
        ours,
        theirs,
        next_id: ours.peek_next_id(),
        report: MergeReport::default(),
        commands: Vec::new(),
        coders: BTreeMap::new(),
        issues: BTreeMap::new(),
        actors: BTreeMap::new(),
        articles: BTreeMap::new(),
    };
    m.coders();
    m.issues();
    m.actors();
    m.articles();
    m.stances();
    m.done_marks();
    m.sample();
    if ours.codebook_version() != theirs.codebook_version() {
        m.report.notes.push(format!(
            "The other file was coded under codebook version {}, this one is at {}; the version stays {}.",
            theirs.codebook_version(),
            ours.codebook_version(),
            ours.codebook_version()
        ));
    }
    let report = m.report;
    let command = (!m.commands.is_empty()).then(|| Command::Batch {
        label: format!("merge {label}"),
        commands: m.commands,
    });
    (command, report)
}

struct Merger<'a> {
    ours: &'a Workspace,
    theirs: &'a Workspace,
    next_id: u64,
    report: MergeReport,
    commands: Vec<Command>,
    coders: BTreeMap<CoderId, CoderId>,
    issues: BTreeMap<IssueId, IssueId>,
    actors: BTreeMap<ActorId, ActorId>,
    articles: BTreeMap<ArticleId, Mapped>,
}

/// Where one of their articles is here, and how to move offsets into it.
struct Mapped {
    id: ArticleId,
    offsets: Offsets,
}

impl Merger<'_> {
    fn fresh(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    fn coders(&mut self) {
        let mut names: Vec<String> = self.ours.coders().map(|c| c.name.clone()).collect();
        for coder in self.theirs.coders() {
            let here = if coder.consensus {
                self.ours.consensus_coder()
            } else {
                self.ours.coder_by_name(&coder.name).filter(|c| !c.consensus)
            };
            if let Some(here) = here {
                self.coders.insert(coder.id, here.id);
                self.report.coders_matched += 1;
                continue;
            }
            // A name taken here by a coder of the other kind (a consensus
            // layer named like a person) gets a suffix rather than a clash.
            let mut name = coder.name.trim().to_owned();
            if names.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
                let base = name.clone();
                let mut n = 2;
                while names.iter().any(|x| x.eq_ignore_ascii_case(&name)) {
                    name = format!("{base} ({n})");
                    n += 1;
                }
                self.report.notes.push(format!(
                    "Coder \"{base}\" of the other file is a {} here; it came in as \"{name}\".",
                    if coder.consensus { "person" } else { "consensus layer" }
                ));
            }
            names.push(name.clone());
            let id = CoderId(self.fresh());
            self.coders.insert(coder.id, id);
            self.commands.push(Command::AddCoder(Coder {
                id,
                name,
                color: coder.color,
                consensus: coder.consensus,
            }));
            self.report.coders_added += 1;
        }
    }

    fn issues(&mut self) {
        for issue in self.theirs.issues() {
            if let Some(here) = self.ours.issue_by_key(&issue.key) {
                self.issues.insert(issue.id, here.id);
                self.report.issues_matched += 1;
                let same = here.label == issue.label
                    && here.description == issue.description
                    && here.support_means == issue.support_means
                    && here.oppose_means == issue.oppose_means
                    && here.cues == issue.cues;
                if !same {
                    self.report.notes.push(format!(
                        "Issue \"{}\" is defined differently in the other file; this file's definition was kept.",
                        issue.key
                    ));
                }
                continue;
            }
            let id = IssueId(self.fresh());
            self.issues.insert(issue.id, id);
            self.commands.push(Command::AddIssue(Issue { id, ..issue.clone() }));
            self.report.issues_added += 1;
        }
    }

    /// Actors by name first, then by any name of theirs that is a name or
    /// alias of exactly one actor here.
    fn actors(&mut self) {
        let mut added: Vec<Actor> = Vec::new();
        let mut updated: BTreeMap<ActorId, Actor> = BTreeMap::new();
        // Names here, folded as `eq_ignore_ascii_case` compares them: a
        // lookup per name of theirs, not a scan of every actor here.
        let fold = |n: &str| n.trim().to_ascii_lowercase();
        let mut canonical: HashMap<String, ActorId> = HashMap::new();
        let mut any_name: HashMap<String, BTreeSet<ActorId>> = HashMap::new();
        for a in self.ours.actors() {
            canonical.entry(fold(&a.name)).or_insert(a.id);
            for n in a.names() {
                any_name.entry(fold(n)).or_default().insert(a.id);
            }
        }
        for actor in self.theirs.actors() {
            let by_name = canonical.get(&fold(&actor.name)).and_then(|&id| self.ours.actor(id));
            let here = match by_name {
                Some(a) => Some(a),
                None => {
                    let candidates: BTreeSet<ActorId> = actor
                        .names()
                        .filter_map(|n| any_name.get(&fold(n)))
                        .flatten()
                        .copied()
                        .collect();
                    if candidates.len() > 1 {
                        let names: Vec<String> = candidates
                            .iter()
                            .filter_map(|&id| self.ours.actor(id))
                            .map(|a| format!("\"{}\"", a.name))
                            .collect();
                        self.report.notes.push(format!(
                            "Actor \"{}\" of the other file shares names with {} here; it came in as an actor of \
                             its own — merge it by hand in the Actors window if it is one of them.",
                            actor.name,
                            names.join(" and ")
                        ));
                        None
                    } else {
                        candidates.first().and_then(|&id| self.ours.actor(id))
                    }
                }
            };
            match here {
                Some(here) => {
                    self.actors.insert(actor.id, here.id);
                    self.report.actors_matched += 1;
                    let current = updated.entry(here.id).or_insert_with(|| here.clone());
                    for name in actor.names() {
                        let known = current.names().any(|n| n.trim().eq_ignore_ascii_case(name.trim()));
                        if !known && !current.rejects(name) {
                            current.aliases.push(name.trim().to_owned());
                            self.report.aliases_added += 1;
                        }
                    }
                    if here.kind != actor.kind {
                        self.report.notes.push(format!(
                            "Actor \"{}\" is a {} here and a {} in the other file; kept {}.",
                            here.name,
                            here.kind.as_str(),
                            actor.kind.as_str(),
                            here.kind.as_str()
                        ));
                    }
                }
                None => {
                    let id = ActorId(self.fresh());
                    self.actors.insert(actor.id, id);
                    added.push(Actor { id, ..actor.clone() });
                    self.report.actors_added += 1;
                }
            }
        }
        // Affiliations point at their actors; bring them over, and give a
        // matched actor without one the other file's.
        let map = self.actors.clone();
        for actor in &mut added {
            actor.affiliation = actor.affiliation.and_then(|a| map.get(&a).copied());
        }
        for actor in self.theirs.actors() {
            let (Some(&here), Some(theirs_aff)) = (map.get(&actor.id), actor.affiliation) else {
                continue;
            };
            if let Some(current) = updated.get_mut(&here)
                && current.affiliation.is_none()
                && let Some(&aff) = map.get(&theirs_aff)
                && aff != here
            {
                current.affiliation = Some(aff);
            }
        }
        // Parents before members: an actor's affiliation must exist when it is added.
        let mut order: Vec<Actor> = Vec::with_capacity(added.len());
        let mut placed: BTreeSet<ActorId> = BTreeSet::new();
        while !added.is_empty() {
            let before = added.len();
            added.retain(|a| {
                let ready = a
                    .affiliation
                    .is_none_or(|p| placed.contains(&p) || self.ours.actor(p).is_some() || updated.contains_key(&p));
                if ready {
                    placed.insert(a.id);
                    order.push(a.clone());
                }
                !ready
            });
            if added.len() == before {
                // A cycle in the other file: leave those affiliations out.
                for a in added.drain(..) {
                    self.report.notes.push(format!(
                        "Actor \"{}\" had a circular affiliation in the other file; it came in without one.",
                        a.name
                    ));
                    placed.insert(a.id);
                    order.push(Actor { affiliation: None, ..a });
                }
            }
        }
        self.commands.extend(order.into_iter().map(Command::AddActor));
        for (id, actor) in updated {
            if self.ours.actor(id) != Some(&actor) {
                self.commands.push(Command::UpdateActor(actor));
            }
        }
    }

    fn articles(&mut self) {
        for article in self.theirs.articles() {
            if let Some(here) = self.ours.article_by_hash(&article.hash) {
                let offsets = Offsets::between(&article.text, &here.text);
                if !matches!(offsets, Offsets::Same) {
                    self.report.articles_realigned += 1;
                }
                self.articles.insert(article.id, Mapped { id: here.id, offsets });
                self.report.articles_matched += 1;
                continue;
            }
            let id = ArticleId(self.fresh());
            self.articles.insert(
                article.id,
                Mapped {
                    id,
                    offsets: Offsets::Same,
                },
            );
            let mut copy: Article = article.clone();
            copy.id = id;
            self.commands.push(Command::AddArticle(Box::new(copy)));
            self.report.articles_added += 1;
        }
    }

    fn coder(&self, id: Option<CoderId>) -> Option<CoderId> {
        id.and_then(|c| self.coders.get(&c).copied())
    }

    /// Their stance as it would be here, or why it cannot be.
    fn translate(&self, s: &Stance) -> Result<Stance, String> {
        let article = self.articles.get(&s.article).ok_or("its article is missing")?;
        let actor = *self.actors.get(&s.actor).ok_or("its actor is missing")?;
        let issue = *self.issues.get(&s.issue).ok_or("its issue is missing")?;
        let (start, end) = article
            .offsets
            .span(s.evidence.start, s.evidence.end)
            .ok_or("its evidence could not be found in the article here")?;
        let text = match self.ours.article(article.id) {
            Some(a) => a
                .slice(start, end)
                .ok_or("its evidence lies outside the article")?
                .to_owned(),
            // An article the merge adds keeps its text, so its offsets.
            None => s.evidence.text.clone(),
        };
        let by = Attribution {
            coder: self.coder(s.by.coder),
            created_by: self.coder(s.by.created_by),
            modified_by: self.coder(s.by.modified_by),
            adopted_from: self.coder(s.by.adopted_from),
            ..s.by.clone()
        };
        let mut t = s.clone();
        t.article = article.id;
        t.actor = actor;
        t.issue = issue;
        t.evidence.start = start;
        t.evidence.end = end;
        t.evidence.text = text;
        t.by = by;
        Ok(t)
    }

    fn stances(&mut self) {
        // Stances here by article, to compare against without a full scan each.
        let mut added_here: BTreeMap<ArticleId, Vec<Stance>> = BTreeMap::new();
        let mut unmapped = 0usize;
        let mut conflicts = 0usize;
        let mut kept_ours = 0usize;
        let mut first_problem = None;
        for s in self.theirs.stances() {
            let t = match self.translate(s) {
                Ok(t) => t,
                Err(why) => {
                    unmapped += 1;
                    first_problem.get_or_insert(why);
                    continue;
                }
            };
            let here: Vec<&Stance> = self.ours.stances_of(t.article).collect();
            let same = |o: &Stance| o.same_coding(&t) && o.by.coder == t.by.coder && o.status == t.status;
            let present =
                here.iter().any(|o| same(o)) || added_here.get(&t.article).is_some_and(|v| v.iter().any(same));
            if present {
                self.report.stances_present += 1;
                continue;
            }
            // The same stance of the same layer in both copies (a copy keeps
            // ids and times), edited in one or both: the later edit wins.
            let same_stance = self
                .ours
                .stance(s.id)
                .filter(|o| o.created == s.created && o.article == t.article && o.by.coder == t.by.coder);
            if let Some(o) = same_stance {
                if o.modified < t.modified {
                    self.commands.push(Command::UpdateStance(Stance { id: o.id, ..t }));
                    self.report.stances_updated += 1;
                } else {
                    kept_ours += 1;
                }
                continue;
            }
            if t.status == Status::Pending && here.iter().any(|o| o.same_coding(&t)) {
                // A suggestion someone here has decided already.
                self.report.stances_present += 1;
                continue;
            }
            let same_unit_other_decision = here
                .iter()
                .any(|o| o.same_coding(&t) && o.by.coder == t.by.coder && t.by.coder.is_some());
            if same_unit_other_decision {
                conflicts += 1;
                continue;
            }
            let id = StanceId(self.fresh());
            let new = Stance { id, ..t };
            added_here.entry(new.article).or_default().push(new.clone());
            self.commands.push(Command::AddStance(new));
            self.report.stances_added += 1;
        }
        if unmapped > 0 {
            self.report.notes.push(format!(
                "{unmapped} stance(s) of the other file were left out: {}.",
                first_problem.unwrap_or_else(|| "they could not be placed".into())
            ));
        }
        if kept_ours > 0 {
            self.report.notes.push(format!(
                "{kept_ours} stance(s) were changed in both files; this file's edit is the later one and was kept."
            ));
        }
        if conflicts > 0 {
            self.report.notes.push(format!(
                "{conflicts} stance(s) were decided differently by the same coder in the two files; this file's \
                 decision was kept."
            ));
        }
    }

    fn done_marks(&mut self) {
        for (article, coder) in self.theirs.done_marks() {
            let (Some(a), Some(&c)) = (self.articles.get(&article), self.coders.get(&coder)) else {
                continue;
            };
            if !self.ours.is_done(a.id, c) {
                self.commands.push(Command::SetDone {
                    article: a.id,
                    coder: c,
                    done: true,
                });
                self.report.done_marks_added += 1;
            }
        }
    }

    fn sample(&mut self) {
        let Some(theirs) = self.theirs.reliability_sample() else {
            return;
        };
        let mapped = ReliabilitySample {
            articles: theirs
                .articles
                .iter()
                .filter_map(|a| self.articles.get(a))
                .map(|m| m.id)
                .collect(),
            coders: theirs
                .coders
                .iter()
                .filter_map(|c| self.coders.get(c))
                .copied()
                .collect(),
            blind: theirs.blind,
            drawn: theirs.drawn.clone(),
        };
        match self.ours.reliability_sample() {
            None => self.commands.push(Command::SetSample(Some(mapped))),
            Some(ours) if *ours == mapped => {}
            Some(_) => self
                .report
                .notes
                .push("The other file has a different reliability sample; this file's sample was kept.".to_owned()),
        }
    }
}

/// How char offsets of one text map into another with the same words.
enum Offsets {
    Same,
    Words {
        /// For each of their char offsets (and the end), the number of
        /// non-whitespace chars before it.
        before: Vec<usize>,
        /// The offsets here of the non-whitespace chars, in order.
        ours: Vec<usize>,
        ours_len: usize,
    },
}

impl Offsets {
    /// Texts with the same content hash have the same words in the same
    /// order; only the whitespace between them differs.
    fn between(theirs: &str, ours: &str) -> Offsets {
        if theirs == ours {
            return Offsets::Same;
        }
        let mut ours_len = 0;
        let mut word_chars = Vec::new();
        for (i, c) in ours.chars().enumerate() {
            if !c.is_whitespace() {
                word_chars.push(i);
            }
            ours_len = i + 1;
        }
        let mut before = Vec::with_capacity(theirs.len() + 1);
        let mut k = 0usize;
        for c in theirs.chars() {
            before.push(k);
            if !c.is_whitespace() {
                k += 1;
            }
        }
        before.push(k);
        Offsets::Words {
            before,
            ours: word_chars,
            ours_len,
        }
    }

    /// A span of their text as a span here: from its first to its last
    /// non-whitespace char.
    fn span(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        match self {
            Offsets::Same => Some((start, end)),
            Offsets::Words { before, ours, ours_len } => {
                if start > end {
                    return None;
                }
                let (&k0, &k1) = (before.get(start)?, before.get(end)?);
                let s = ours.get(k0).copied().unwrap_or(*ours_len);
                if k1 == k0 {
                    return Some((s, s));
                }
                let e = ours.get(k1 - 1)? + 1;
                Some((s, e))
            }
        }
    }
}

#[cfg(test)]
mod tests;
