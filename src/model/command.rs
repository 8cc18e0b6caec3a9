//! Every change to a workspace is a [`Command`]. Applying one checks the
//! invariants and returns its inverse, so undo/redo, autosave and tests all go
//! through the same door.

use super::coders::ReliabilitySample;
use super::ids::{ActorId, ArticleId, CoderId, IssueId, StanceId};
use super::time::Date;
use super::types::{Actor, Article, Coder, Issue, Stance, Status};
use super::workspace::Workspace;
use thiserror::Error;

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Command {
    AddArticle(Box<Article>),
    RemoveArticle(ArticleId),
    /// Title, date and source; the text of an article never changes, since
    /// stance offsets point into it.
    UpdateArticleMeta {
        id: ArticleId,
        title: String,
        date: Option<Date>,
        source: String,
    },
    AddActor(Actor),
    RemoveActor(ActorId),
    UpdateActor(Actor),
    AddIssue(Issue),
    RemoveIssue(IssueId),
    UpdateIssue(Issue),
    AddStance(Stance),
    RemoveStance(StanceId),
    UpdateStance(Stance),
    AddCoder(Coder),
    RemoveCoder(CoderId),
    UpdateCoder(Coder),
    /// A coder's done mark on an article.
    SetDone {
        article: ArticleId,
        coder: CoderId,
        done: bool,
    },
    /// Sets or clears the reliability sample.
    SetSample(Option<ReliabilitySample>),
    SetCodebookVersion(String),
    /// Several commands as one undo step; all or nothing.
    Batch {
        label: String,
        commands: Vec<Command>,
    },
}

#[derive(Debug, Error, PartialEq)]
pub enum ModelError {
    #[error("article {0} does not exist")]
    NoArticle(ArticleId),
    #[error("actor {0} does not exist")]
    NoActor(ActorId),
    #[error("issue {0} does not exist")]
    NoIssue(IssueId),
    #[error("stance {0} does not exist")]
    NoStance(StanceId),
    #[error("coder {0} does not exist")]
    NoCoder(CoderId),
    #[error("a coder named \"{0}\" already exists")]
    DuplicateCoderName(String),
    #[error("the workspace already has a consensus layer")]
    SecondConsensus,
    #[error("id {0} is already used")]
    IdTaken(String),
    #[error("this article is already in the workspace as \"{existing_title}\"")]
    DuplicateArticle {
        existing: ArticleId,
        existing_title: String,
    },
    #[error("an actor named \"{0}\" already exists")]
    DuplicateActorName(String),
    #[error("an issue with key \"{0}\" already exists")]
    DuplicateIssueKey(String),
    #[error("{0} must not be empty")]
    Empty(&'static str),
    #[error("evidence {start}..{end} lies outside the article ({len} characters)")]
    SpanOutOfRange { start: usize, end: usize, len: usize },
    #[error("evidence text does not match the article text at {start}..{end}")]
    EvidenceMismatch { start: usize, end: usize },
    #[error("actor \"{0}\" cannot be affiliated with itself or its own members")]
    AffiliationCycle(String),
    #[error("{what} is still used by {count} stance(s); move or delete them first")]
    StillReferenced { what: String, count: usize },
    #[error("actor \"{name}\" is the affiliation of {count} other actor(s); change those first")]
    StillAffiliated { name: String, count: usize },
}

impl Command {
    /// What the Edit menu shows after "Undo"/"Redo".
    pub fn label(&self) -> String {
        match self {
            Command::AddArticle(a) => format!("add article \"{}\"", a.title),
            Command::RemoveArticle(_) => "remove article".into(),
            Command::UpdateArticleMeta { .. } => "edit article details".into(),
            Command::AddActor(a) => format!("add actor \"{}\"", a.name),
            Command::RemoveActor(_) => "delete actor".into(),
            Command::UpdateActor(a) => format!("edit actor \"{}\"", a.name),
            Command::AddIssue(i) => format!("add issue \"{}\"", i.label),
            Command::RemoveIssue(_) => "delete issue".into(),
            Command::UpdateIssue(i) => format!("edit issue \"{}\"", i.label),
            Command::AddStance(_) => "add stance".into(),
            Command::RemoveStance(_) => "delete stance".into(),
            Command::UpdateStance(_) => "edit stance".into(),
            Command::AddCoder(c) => format!("add coder \"{}\"", c.name),
            Command::RemoveCoder(_) => "remove coder".into(),
            Command::UpdateCoder(c) => format!("edit coder \"{}\"", c.name),
            Command::SetDone { done: true, .. } => "mark article done".into(),
            Command::SetDone { done: false, .. } => "mark article not done".into(),
            Command::SetSample(Some(_)) => "set the reliability sample".into(),
            Command::SetSample(None) => "end the reliability sample".into(),
            Command::SetCodebookVersion(v) => format!("set codebook version {v}"),
            Command::Batch { label, .. } => label.clone(),
        }
    }
}

impl Workspace {
    /// Applies `cmd` and returns the command that undoes it. On error the
    /// workspace is unchanged.
    pub fn apply(&mut self, cmd: Command) -> Result<Command, ModelError> {
        match cmd {
            Command::AddArticle(article) => self.add_article(*article),
            Command::RemoveArticle(id) => self.remove_article(id),
            Command::UpdateArticleMeta {
                id,
                title,
                date,
                source,
            } => {
                let a = self.articles.get_mut(&id).ok_or(ModelError::NoArticle(id))?;
                if title.trim().is_empty() {
                    return Err(ModelError::Empty("article title"));
                }
                self.article_changes += 1;
                let old = Command::UpdateArticleMeta {
                    id,
                    title: std::mem::replace(&mut a.title, title),
                    date: std::mem::replace(&mut a.date, date),
                    source: std::mem::replace(&mut a.source, source),
                };
                Ok(old)
            }
            Command::AddActor(actor) => {
                self.check_fresh_id(actor.id.0)?;
                self.check_actor(&actor, true)?;
                self.bump_next_id(actor.id.0);
                let id = actor.id;
                self.actors.insert(id, actor);
                Ok(Command::RemoveActor(id))
            }
            Command::RemoveActor(id) => {
                let actor = self.actors.get(&id).ok_or(ModelError::NoActor(id))?;
                let used = self.stances.values().filter(|s| s.actor == id).count();
                if used > 0 {
                    return Err(ModelError::StillReferenced {
                        what: format!("actor \"{}\"", actor.name),
                        count: used,
                    });
                }
                let members = self.actors.values().filter(|a| a.affiliation == Some(id)).count();
                if members > 0 {
                    return Err(ModelError::StillAffiliated {
                        name: actor.name.clone(),
                        count: members,
                    });
                }
                let actor = self.actors.remove(&id).expect("checked above");
                Ok(Command::AddActor(actor))
            }
            Command::UpdateActor(actor) => {
                if !self.actors.contains_key(&actor.id) {
                    return Err(ModelError::NoActor(actor.id));
                }
                self.check_actor(&actor, false)?;
                let old = self.actors.insert(actor.id, actor).expect("checked above");
                Ok(Command::UpdateActor(old))
            }
            Command::AddIssue(issue) => {
                self.check_fresh_id(issue.id.0)?;
                self.check_issue(&issue, true)?;
                self.bump_next_id(issue.id.0);
                let id = issue.id;
                self.issues.insert(id, issue);
                Ok(Command::RemoveIssue(id))
            }
            Command::RemoveIssue(id) => {
                let issue = self.issues.get(&id).ok_or(ModelError::NoIssue(id))?;
                let used = self.stances.values().filter(|s| s.issue == id).count();
                if used > 0 {
                    return Err(ModelError::StillReferenced {
                        what: format!("issue \"{}\"", issue.label),
                        count: used,
                    });
                }
                let issue = self.issues.remove(&id).expect("checked above");
                Ok(Command::AddIssue(issue))
            }
            Command::UpdateIssue(issue) => {
                if !self.issues.contains_key(&issue.id) {
                    return Err(ModelError::NoIssue(issue.id));
                }
                self.check_issue(&issue, false)?;
                let old = self.issues.insert(issue.id, issue).expect("checked above");
                Ok(Command::UpdateIssue(old))
            }
            Command::AddStance(stance) => {
                self.check_fresh_id(stance.id.0)?;
                self.check_stance(&stance)?;
                self.bump_next_id(stance.id.0);
                let (id, article) = (stance.id, stance.article);
                self.pending += usize::from(stance.status == Status::Pending);
                self.count_layer(&stance, true);
                self.stances.insert(id, stance);
                self.by_article.entry(article).or_default().insert(id);
                Ok(Command::RemoveStance(id))
            }
            Command::RemoveStance(id) => {
                let stance = self.stances.remove(&id).ok_or(ModelError::NoStance(id))?;
                self.pending -= usize::from(stance.status == Status::Pending);
                self.count_layer(&stance, false);
                if let Some(set) = self.by_article.get_mut(&stance.article) {
                    set.remove(&id);
                }
                Ok(Command::AddStance(stance))
            }
            Command::UpdateStance(stance) => {
                let old_article = self
                    .stances
                    .get(&stance.id)
                    .ok_or(ModelError::NoStance(stance.id))?
                    .article;
                self.check_stance(&stance)?;
                if old_article != stance.article {
                    if let Some(set) = self.by_article.get_mut(&old_article) {
                        set.remove(&stance.id);
                    }
                    self.by_article.entry(stance.article).or_default().insert(stance.id);
                }
                self.pending += usize::from(stance.status == Status::Pending);
                self.count_layer(&stance, true);
                let old = self.stances.insert(stance.id, stance).expect("checked above");
                self.pending -= usize::from(old.status == Status::Pending);
                self.count_layer(&old, false);
                Ok(Command::UpdateStance(old))
            }
            Command::AddCoder(coder) => {
                self.check_fresh_id(coder.id.0)?;
                self.check_coder(&coder, true)?;
                self.bump_next_id(coder.id.0);
                let id = coder.id;
                self.coders.insert(id, coder);
                Ok(Command::RemoveCoder(id))
            }
            Command::RemoveCoder(id) => {
                let coder = self.coders.get(&id).ok_or(ModelError::NoCoder(id))?;
                let used = self.coder_uses(id);
                let in_sample = self.sample.as_ref().is_some_and(|s| s.coders.contains(&id));
                if used > 0 || in_sample {
                    return Err(ModelError::StillReferenced {
                        what: format!("coder \"{}\"", coder.name),
                        count: used.max(1),
                    });
                }
                let coder = self.coders.remove(&id).expect("checked above");
                Ok(Command::AddCoder(coder))
            }
            Command::UpdateCoder(coder) => {
                if !self.coders.contains_key(&coder.id) {
                    return Err(ModelError::NoCoder(coder.id));
                }
                self.check_coder(&coder, false)?;
                let old = self.coders.insert(coder.id, coder).expect("checked above");
                Ok(Command::UpdateCoder(old))
            }
            Command::SetDone { article, coder, done } => {
                if !self.articles.contains_key(&article) {
                    return Err(ModelError::NoArticle(article));
                }
                if !self.coders.contains_key(&coder) {
                    return Err(ModelError::NoCoder(coder));
                }
                let was = if done {
                    self.done.insert((article, coder)).is_some()
                } else {
                    self.done.remove(&(article, coder)).is_some()
                };
                Ok(Command::SetDone {
                    article,
                    coder,
                    done: was,
                })
            }
            Command::SetSample(sample) => {
                if let Some(s) = &sample {
                    if let Some(a) = s.articles.iter().find(|&&a| !self.articles.contains_key(&a)) {
                        return Err(ModelError::NoArticle(*a));
                    }
                    if let Some(c) = s.coders.iter().find(|&&c| !self.coders.contains_key(&c)) {
                        return Err(ModelError::NoCoder(*c));
                    }
                }
                Ok(Command::SetSample(std::mem::replace(&mut self.sample, sample)))
            }
            Command::SetCodebookVersion(v) => {
                if v.trim().is_empty() {
                    return Err(ModelError::Empty("codebook version"));
                }
                Ok(Command::SetCodebookVersion(std::mem::replace(
                    &mut self.codebook_version,
                    v.trim().to_owned(),
                )))
            }
            Command::Batch { label, commands } => {
                let mut inverses = Vec::with_capacity(commands.len());
                for cmd in commands {
                    match self.apply(cmd) {
                        Ok(inv) => inverses.push(inv),
                        Err(e) => {
                            for inv in inverses.into_iter().rev() {
                                self.apply(inv).expect("inverse of an applied command applies");
                            }
                            return Err(e);
                        }
                    }
                }
                inverses.reverse();
                Ok(Command::Batch {
                    label,
                    commands: inverses,
                })
            }
        }
    }

    fn bump_next_id(&mut self, used: u64) {
        if used >= self.next_id {
            self.next_id = used + 1;
        }
    }

    /// Ids are unique across every kind of entity (files and exports rely
    /// on it), so a new entity's id must be free in all of them.
    fn check_fresh_id(&self, id: u64) -> Result<(), ModelError> {
        let taken = self.articles.contains_key(&ArticleId(id))
            || self.actors.contains_key(&ActorId(id))
            || self.issues.contains_key(&IssueId(id))
            || self.stances.contains_key(&StanceId(id))
            || self.coders.contains_key(&CoderId(id));
        if taken {
            return Err(ModelError::IdTaken(id.to_string()));
        }
        Ok(())
    }

    fn add_article(&mut self, mut article: Article) -> Result<Command, ModelError> {
        self.check_fresh_id(article.id.0)?;
        if article.title.trim().is_empty() {
            return Err(ModelError::Empty("article title"));
        }
        if article.text.trim().is_empty() {
            return Err(ModelError::Empty("article text"));
        }
        if let Some(existing) = self.article_by_hash(&article.hash) {
            return Err(ModelError::DuplicateArticle {
                existing: existing.id,
                existing_title: existing.title.clone(),
            });
        }
        article.reindex();
        self.bump_next_id(article.id.0);
        let id = article.id;
        self.by_hash.insert(article.hash.clone(), id);
        self.text_bytes += article.text.len();
        self.articles.insert(id, article);
        self.article_changes += 1;
        Ok(Command::RemoveArticle(id))
    }

    fn remove_article(&mut self, id: ArticleId) -> Result<Command, ModelError> {
        let article = self.articles.get(&id).ok_or(ModelError::NoArticle(id))?;
        let used = self.by_article.get(&id).map_or(0, |s| s.len()) + self.done_by(id).count();
        if used > 0 {
            return Err(ModelError::StillReferenced {
                what: format!("article \"{}\"", article.title),
                count: used,
            });
        }
        let article = self.articles.remove(&id).expect("checked above");
        self.by_hash.remove(&article.hash);
        self.by_article.remove(&id);
        self.text_bytes -= article.text.len();
        self.article_changes += 1;
        Ok(Command::AddArticle(Box::new(article)))
    }

    fn check_actor(&self, actor: &Actor, is_new: bool) -> Result<(), ModelError> {
        if is_new && self.actors.contains_key(&actor.id) {
            return Err(ModelError::IdTaken(actor.id.to_string()));
        }
        let name = actor.name.trim();
        if name.is_empty() {
            return Err(ModelError::Empty("actor name"));
        }
        if self
            .actors
            .values()
            .any(|a| a.id != actor.id && a.name.trim().eq_ignore_ascii_case(name))
        {
            return Err(ModelError::DuplicateActorName(name.to_owned()));
        }
        self.check_affiliation_chain(actor)
    }

    /// Walks up the actor's affiliation chain: it must exist and never come
    /// back to this actor (code that walks affiliations relies on chains ending).
    pub(crate) fn check_affiliation_chain(&self, actor: &Actor) -> Result<(), ModelError> {
        let mut next = actor.affiliation;
        let mut steps = 0;
        while let Some(id) = next {
            if id == actor.id || steps > self.actors.len() {
                return Err(ModelError::AffiliationCycle(actor.name.clone()));
            }
            next = self.actors.get(&id).ok_or(ModelError::NoActor(id))?.affiliation;
            steps += 1;
        }
        Ok(())
    }

    fn check_issue(&self, issue: &Issue, is_new: bool) -> Result<(), ModelError> {
        if is_new && self.issues.contains_key(&issue.id) {
            return Err(ModelError::IdTaken(issue.id.to_string()));
        }
        let key = issue.key.trim();
        if key.is_empty() {
            return Err(ModelError::Empty("issue key"));
        }
        if issue.label.trim().is_empty() {
            return Err(ModelError::Empty("issue label"));
        }
        if self
            .issues
            .values()
            .any(|i| i.id != issue.id && i.key.eq_ignore_ascii_case(key))
        {
            return Err(ModelError::DuplicateIssueKey(key.to_owned()));
        }
        Ok(())
    }

    pub(crate) fn check_stance(&self, stance: &Stance) -> Result<(), ModelError> {
        let article = self
            .articles
            .get(&stance.article)
            .ok_or(ModelError::NoArticle(stance.article))?;
        if !self.actors.contains_key(&stance.actor) {
            return Err(ModelError::NoActor(stance.actor));
        }
        if !self.issues.contains_key(&stance.issue) {
            return Err(ModelError::NoIssue(stance.issue));
        }
        self.check_stance_coders(stance)?;
        let ev = &stance.evidence;
        let slice = article.slice(ev.start, ev.end).ok_or(ModelError::SpanOutOfRange {
            start: ev.start,
            end: ev.end,
            len: article.char_len(),
        })?;
        if slice != ev.text {
            return Err(ModelError::EvidenceMismatch {
                start: ev.start,
                end: ev.end,
            });
        }
        Ok(())
    }
}
