//! The workspace: everything an analyst saves. Fields are private so that every
//! change goes through [`Command`](super::Command) and its invariant checks.

use super::codebook::default_issues;
use super::coders::ReliabilitySample;
use super::ids::{ActorId, ArticleId, CoderId, IssueId, StanceId};
use super::time::Timestamp;
use super::types::{Actor, Article, Coder, Issue, Stance};
use imbl::{HashMap, OrdMap as BTreeMap, OrdSet as BTreeSet};
use serde::{Deserialize, Serialize};

/// Marks a JSON document as a workspace, so other JSON files are refused clearly.
pub const FORMAT_TAG: &str = "stance-tracker-workspace";
/// Bump on any change of the file layout, with a migration in `storage::migrate`.
pub const SCHEMA_VERSION: u32 = 3;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Workspace {
    pub(crate) format: String,
    pub(crate) schema_version: u32,
    pub(crate) created: Timestamp,
    /// Next free id, shared by all entity kinds; ids are never reused.
    pub(crate) next_id: u64,
    #[serde(with = "as_vec")]
    pub(crate) articles: BTreeMap<ArticleId, Article>,
    #[serde(with = "as_vec")]
    pub(crate) actors: BTreeMap<ActorId, Actor>,
    #[serde(with = "as_vec")]
    pub(crate) issues: BTreeMap<IssueId, Issue>,
    #[serde(with = "as_vec")]
    pub(crate) stances: BTreeMap<StanceId, Stance>,
    #[serde(default, with = "as_vec")]
    pub(crate) coders: BTreeMap<CoderId, Coder>,
    /// (article, coder): the coder has finished coding the article, so what
    /// they did not code there counts as "no stance" in reliability.
    #[serde(default, with = "done_marks")]
    pub(crate) done: BTreeSet<(ArticleId, CoderId)>,
    /// The set of articles coded blind for reliability, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) sample: Option<ReliabilitySample>,
    /// The codebook's version, as the study names it ("1.2"); stances
    /// record the version they were coded under.
    #[serde(default = "first_codebook_version")]
    pub(crate) codebook_version: String,
    #[serde(skip)]
    pub(crate) by_hash: HashMap<String, ArticleId>,
    #[serde(skip)]
    pub(crate) by_article: HashMap<ArticleId, BTreeSet<StanceId>>,
    /// Stances still pending, kept by `apply`: the status bar shows it after
    /// every edit, and counting a million stances each time would stall.
    #[serde(skip)]
    pub(crate) pending: usize,
    /// Stances per layer, kept by `apply`: views ask for the layers every
    /// frame, and a scan of every stance per frame would stall.
    #[serde(skip)]
    pub(crate) layer_counts: BTreeMap<CoderId, usize>,
    /// Bumped whenever an article is added, removed or renamed, so views that
    /// depend only on articles (the article list) are not rebuilt on stance edits.
    #[serde(skip)]
    pub(crate) article_changes: u64,
    /// Bytes of article text in all, kept by `apply` (deciding whether to
    /// save on a thread must not walk 100,000 articles).
    #[serde(skip)]
    pub(crate) text_bytes: usize,
}

fn first_codebook_version() -> String {
    "1".to_owned()
}

impl Default for Workspace {
    fn default() -> Self {
        Workspace::new()
    }
}

impl Workspace {
    /// An empty workspace with the default codebook.
    pub fn new() -> Workspace {
        let mut ws = Workspace::empty();
        for mut issue in default_issues() {
            issue.id = IssueId(ws.alloc_id());
            ws.issues.insert(issue.id, issue);
        }
        ws
    }

    /// An empty workspace without any issue.
    pub fn empty() -> Workspace {
        Workspace {
            format: FORMAT_TAG.to_owned(),
            schema_version: SCHEMA_VERSION,
            created: Timestamp::now(),
            next_id: 1,
            articles: BTreeMap::new(),
            actors: BTreeMap::new(),
            issues: BTreeMap::new(),
            stances: BTreeMap::new(),
            coders: BTreeMap::new(),
            done: BTreeSet::new(),
            sample: None,
            codebook_version: first_codebook_version(),
            by_hash: HashMap::new(),
            by_article: HashMap::new(),
            pending: 0,
            layer_counts: BTreeMap::new(),
            article_changes: 0,
            text_bytes: 0,
        }
    }

    /// How many stances are pending (suggested, not yet decided).
    pub fn pending_count(&self) -> usize {
        self.pending
    }

    /// Bytes of article text in the workspace.
    pub fn text_bytes(&self) -> usize {
        self.text_bytes
    }

    /// Changes whenever the set of articles or their titles, dates or
    /// sources change; stays put on stance edits.
    pub fn article_changes(&self) -> u64 {
        self.article_changes
    }

    /// Reserves a fresh id. Reserving is not a change of the workspace: an unused
    /// id is simply skipped.
    pub fn alloc_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// The id the next [`alloc_id`](Self::alloc_id) will return.
    pub fn peek_next_id(&self) -> u64 {
        self.next_id
    }

    pub fn schema_version(&self) -> u32 {
        self.schema_version
    }

    pub fn created(&self) -> Timestamp {
        self.created
    }

    pub fn articles(&self) -> impl DoubleEndedIterator<Item = &Article> + ExactSizeIterator {
        self.articles.values()
    }

    pub fn actors(&self) -> impl DoubleEndedIterator<Item = &Actor> + ExactSizeIterator {
        self.actors.values()
    }

    pub fn issues(&self) -> impl DoubleEndedIterator<Item = &Issue> + ExactSizeIterator {
        self.issues.values()
    }

    pub fn stances(&self) -> impl DoubleEndedIterator<Item = &Stance> + ExactSizeIterator {
        self.stances.values()
    }

    pub fn coders(&self) -> impl DoubleEndedIterator<Item = &Coder> + ExactSizeIterator {
        self.coders.values()
    }

    pub fn coder(&self, id: CoderId) -> Option<&Coder> {
        self.coders.get(&id)
    }

    /// A coder by name, ignoring case.
    pub fn coder_by_name(&self, name: &str) -> Option<&Coder> {
        let name = name.trim();
        self.coders.values().find(|c| c.name.trim().eq_ignore_ascii_case(name))
    }

    /// The consensus layer, once adjudication has made it.
    pub fn consensus_coder(&self) -> Option<&Coder> {
        self.coders.values().find(|c| c.consensus)
    }

    pub fn is_done(&self, article: ArticleId, coder: CoderId) -> bool {
        self.done.contains(&(article, coder))
    }

    /// Every (article, coder) done mark, by article.
    pub fn done_marks(&self) -> impl Iterator<Item = (ArticleId, CoderId)> + '_ {
        self.done.iter().copied()
    }

    /// The coders who marked `article` done.
    pub fn done_by(&self, article: ArticleId) -> impl Iterator<Item = CoderId> + '_ {
        self.done
            .range((article, CoderId(0))..=(article, CoderId(u64::MAX)))
            .map(|(_, c)| *c)
    }

    pub fn reliability_sample(&self) -> Option<&ReliabilitySample> {
        self.sample.as_ref()
    }

    pub fn codebook_version(&self) -> &str {
        &self.codebook_version
    }

    pub fn article(&self, id: ArticleId) -> Option<&Article> {
        self.articles.get(&id)
    }

    pub fn actor(&self, id: ActorId) -> Option<&Actor> {
        self.actors.get(&id)
    }

    pub fn issue(&self, id: IssueId) -> Option<&Issue> {
        self.issues.get(&id)
    }

    pub fn stance(&self, id: StanceId) -> Option<&Stance> {
        self.stances.get(&id)
    }

    pub fn issue_by_key(&self, key: &str) -> Option<&Issue> {
        self.issues.values().find(|i| i.key.eq_ignore_ascii_case(key))
    }

    /// Finds an actor by canonical name or alias, ignoring case.
    pub fn actor_by_name(&self, name: &str) -> Option<&Actor> {
        let name = name.trim();
        self.actors
            .values()
            .find(|a| a.name.eq_ignore_ascii_case(name))
            .or_else(|| {
                self.actors
                    .values()
                    .find(|a| a.aliases.iter().any(|x| x.eq_ignore_ascii_case(name)))
            })
    }

    pub fn article_by_hash(&self, hash: &str) -> Option<&Article> {
        self.by_hash.get(hash).and_then(|id| self.articles.get(id))
    }

    /// Stances of one article, in id order.
    pub fn stances_of(&self, article: ArticleId) -> impl Iterator<Item = &Stance> {
        self.by_article
            .get(&article)
            .into_iter()
            .flat_map(|ids| ids.iter())
            .filter_map(|id| self.stances.get(id))
    }

    pub fn article_count(&self) -> usize {
        self.articles.len()
    }

    pub fn stance_count(&self) -> usize {
        self.stances.len()
    }

    /// Rebuilds the derived indexes; called after deserialisation.
    pub(crate) fn rebuild_indexes(&mut self) {
        self.by_hash = self.articles.values().map(|a| (a.hash.clone(), a.id)).collect();
        self.by_article.clear();
        self.pending = 0;
        let mut layers = BTreeMap::new();
        for s in self.stances.values() {
            self.by_article.entry(s.article).or_default().insert(s.id);
            self.pending += usize::from(s.status == super::types::Status::Pending);
            if let Some(c) = s.by.coder {
                *layers.entry(c).or_insert(0) += 1;
            }
        }
        self.layer_counts = layers;
        self.article_changes += 1;
        self.text_bytes = self.articles.values().map(|a| a.text.len()).sum();
    }

    /// Adds (or with `add` false, removes) a stance from the layer counts.
    pub(crate) fn count_layer(&mut self, s: &Stance, add: bool) {
        let Some(c) = s.by.coder else { return };
        let n = self.layer_counts.entry(c).or_insert(0);
        if add {
            *n += 1;
        } else {
            *n -= 1;
            if *n == 0 {
                self.layer_counts.remove(&c);
            }
        }
    }

    pub(crate) fn set_schema_version(&mut self, v: u32) {
        self.schema_version = v;
    }
}

/// Serialises an id-keyed map as a JSON array of its values, which is what other
/// tools expect to read; the key is the value's own `id` field.
mod as_vec {
    use imbl::OrdMap as BTreeMap;
    use serde::de::DeserializeOwned;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub trait Keyed {
        type Key: Ord + Copy + std::fmt::Display;
        fn key(&self) -> Self::Key;
    }

    pub fn serialize<K: Ord + Clone, V: Serialize + Clone, S: Serializer>(
        map: &BTreeMap<K, V>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_seq(map.values())
    }

    pub fn deserialize<'de, V, D>(d: D) -> Result<BTreeMap<V::Key, V>, D::Error>
    where
        V: Keyed + DeserializeOwned + Clone,
        D: Deserializer<'de>,
    {
        let items = Vec::<V>::deserialize(d)?;
        let mut map = BTreeMap::new();
        for item in items {
            let key = item.key();
            if map.insert(key, item).is_some() {
                return Err(serde::de::Error::custom(format!("duplicate id {key}")));
            }
        }
        Ok(map)
    }

    macro_rules! keyed {
        ($t:ty, $k:ty) => {
            impl Keyed for $t {
                type Key = $k;
                fn key(&self) -> $k {
                    self.id
                }
            }
        };
    }
    use crate::model::ids::*;
    use crate::model::types::*;
    keyed!(Article, ArticleId);
    keyed!(Actor, ActorId);
    keyed!(Issue, IssueId);
    keyed!(Stance, StanceId);
    keyed!(Coder, CoderId);
}

/// Done marks as a JSON array of `{"article": 1, "coder": 2}`.
mod done_marks {
    use crate::model::ids::{ArticleId, CoderId};
    use imbl::OrdSet as BTreeSet;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    struct Mark {
        article: ArticleId,
        coder: CoderId,
    }

    pub fn serialize<S: Serializer>(set: &BTreeSet<(ArticleId, CoderId)>, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(set.iter().map(|&(article, coder)| Mark { article, coder }))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeSet<(ArticleId, CoderId)>, D::Error> {
        Ok(Vec::<Mark>::deserialize(d)?
            .into_iter()
            .map(|m| (m.article, m.coder))
            .collect())
    }
}
