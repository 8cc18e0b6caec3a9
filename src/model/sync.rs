//! Raw puts and removals for a workspace that mirrors another copy (the
//! server's project): the other side has already checked the invariants of
//! the state as a whole, and a set of changes from it may pass through
//! states that no single [`Command`](super::Command) would allow (two actors
//! swapping names), so these skip the checks but keep every derived index
//! right. Nothing outside `server` uses them.

use super::coders::ReliabilitySample;
use super::ids::{ActorId, ArticleId, CoderId, IssueId, StanceId};
use super::types::{Actor, Article, Coder, Issue, Stance, Status};
use super::workspace::Workspace;

impl Workspace {
    pub(crate) fn sync_article(&mut self, id: ArticleId, article: Option<Article>) {
        if let Some(old) = self.articles.remove(&id) {
            self.by_hash.remove(&old.hash);
            self.text_bytes -= old.text.len();
        }
        if let Some(mut a) = article {
            a.reindex();
            self.by_hash.insert(a.hash.clone(), id);
            self.text_bytes += a.text.len();
            self.articles.insert(id, a);
        }
        self.article_changes += 1;
    }

    pub(crate) fn sync_actor(&mut self, id: ActorId, actor: Option<Actor>) {
        match actor {
            Some(a) => self.actors.insert(id, a),
            None => self.actors.remove(&id),
        };
    }

    pub(crate) fn sync_issue(&mut self, id: IssueId, issue: Option<Issue>) {
        match issue {
            Some(i) => self.issues.insert(id, i),
            None => self.issues.remove(&id),
        };
    }

    pub(crate) fn sync_coder(&mut self, id: CoderId, coder: Option<Coder>) {
        match coder {
            Some(c) => self.coders.insert(id, c),
            None => self.coders.remove(&id),
        };
    }

    pub(crate) fn sync_stance(&mut self, id: StanceId, stance: Option<Stance>) {
        if let Some(old) = self.stances.remove(&id) {
            self.pending -= usize::from(old.status == Status::Pending);
            self.count_layer(&old, false);
            if let Some(set) = self.by_article.get_mut(&old.article) {
                set.remove(&id);
            }
        }
        if let Some(s) = stance {
            self.pending += usize::from(s.status == Status::Pending);
            self.count_layer(&s, true);
            self.by_article.entry(s.article).or_default().insert(id);
            self.stances.insert(id, s);
        }
    }

    pub(crate) fn sync_done(&mut self, article: ArticleId, coder: CoderId, done: bool) {
        if done {
            self.done.insert((article, coder));
        } else {
            self.done.remove(&(article, coder));
        }
    }

    pub(crate) fn sync_sample(&mut self, sample: Option<ReliabilitySample>) {
        self.sample = sample;
    }

    pub(crate) fn sync_codebook_version(&mut self, version: String) {
        self.codebook_version = version;
    }

    /// Sets the id counter (a server hands out blocks of ids; the mirror
    /// allocates from the block it holds).
    pub(crate) fn sync_next_id(&mut self, next: u64) {
        self.next_id = next;
    }

    /// A workspace assembled from stored parts (a server project). The
    /// caller validates it as a file is validated.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn from_parts(
        created: super::time::Timestamp,
        next_id: u64,
        codebook_version: String,
        articles: Vec<Article>,
        actors: Vec<Actor>,
        issues: Vec<Issue>,
        stances: Vec<Stance>,
        coders: Vec<Coder>,
        done: Vec<(ArticleId, CoderId)>,
        sample: Option<ReliabilitySample>,
    ) -> Workspace {
        let mut ws = Workspace::empty();
        ws.created = created;
        ws.next_id = next_id;
        ws.codebook_version = codebook_version;
        ws.articles = articles.into_iter().map(|a| (a.id, a)).collect();
        ws.actors = actors.into_iter().map(|a| (a.id, a)).collect();
        ws.issues = issues.into_iter().map(|i| (i.id, i)).collect();
        ws.stances = stances.into_iter().map(|s| (s.id, s)).collect();
        ws.coders = coders.into_iter().map(|c| (c.id, c)).collect();
        ws.done = done.into_iter().collect();
        ws.sample = sample;
        ws
    }
}
