//! Codings that come with imported articles: actors, issues and stances
//! read from a file that holds coded text (a REFI-QDA project), before they
//! join a workspace. A loader returns them beside its articles
//! ([`super::Parsed::codings`]); `add_to_workspace` turns them into
//! commands in the same undo step as the articles ([`coding_commands`]),
//! once it knows the articles' ids. Another coded format only has to fill
//! [`Codings`].

use crate::model::{
    Actor, ActorId, ActorKind, Article, Coder, CoderId, Command, Evidence, Issue, IssueCues, IssueId, Origin, Position,
    Stance, StanceId, Status, Timestamp, Workspace, palette_color_avoiding,
};
use std::collections::HashMap;

/// Actors, issues and stances of a project; stances refer to the file's
/// articles, actors and issues by index.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Codings {
    pub actors: Vec<CodedActor>,
    pub issues: Vec<CodedIssue>,
    pub stances: Vec<CodedStance>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CodedActor {
    pub name: String,
    pub kind: ActorKind,
    pub aliases: Vec<String>,
    pub color: Option<[u8; 3]>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CodedIssue {
    pub key: String,
    pub label: String,
    pub description: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CodedStance {
    pub article: usize,
    pub actor: usize,
    pub issue: usize,
    pub position: Position,
    /// Char offsets into the article's (normalised) text.
    pub start: usize,
    pub end: usize,
    pub coder: Option<String>,
    pub note: String,
}

/// The commands that add a file's codings once its articles have ids
/// (`articles[i]`: the i-th article as added, `None` when it was a duplicate): coders,
/// actors and issues the workspace lacks, then the stances. Ids are taken
/// from `next_id`. Returns the commands and a line for the report.
pub(crate) fn coding_commands(
    ws: &Workspace,
    next_id: &mut u64,
    articles: &[Option<Article>],
    codings: &Codings,
) -> (Vec<Command>, String) {
    let mut commands = Vec::new();
    let mut take = || {
        *next_id += 1;
        *next_id - 1
    };
    let mut coder_ids: HashMap<String, CoderId> = HashMap::new();
    let mut used_colors: Vec<[u8; 3]> = ws.coders().map(|c| c.color).collect();
    let mut actor_ids: Vec<Option<ActorId>> = vec![None; codings.actors.len()];
    let mut issue_ids: Vec<Option<IssueId>> = vec![None; codings.issues.len()];
    let (mut added, mut skipped) = (0usize, 0usize);
    let now = Timestamp::now();
    for s in &codings.stances {
        let Some(Some(article)) = articles.get(s.article) else {
            skipped += 1;
            continue;
        };
        let Some(text) = article.slice(s.start, s.end) else {
            skipped += 1;
            continue;
        };
        let coder = s.coder.as_ref().filter(|n| !n.trim().is_empty()).map(|name| {
            *coder_ids
                .entry(name.trim().to_lowercase())
                .or_insert_with(|| match ws.coder_by_name(name) {
                    Some(c) => c.id,
                    None => {
                        let color = palette_color_avoiding(name, &used_colors);
                        used_colors.push(color);
                        let id = CoderId(take());
                        commands.push(Command::AddCoder(Coder {
                            id,
                            name: name.trim().to_owned(),
                            color,
                            consensus: false,
                        }));
                        id
                    }
                })
        });
        let actor = *actor_ids[s.actor].get_or_insert_with(|| {
            let a = &codings.actors[s.actor];
            match ws.actor_by_name(&a.name) {
                Some(found) => found.id,
                None => {
                    let id = ActorId(take());
                    let mut actor = Actor::new(id, a.name.clone(), a.kind);
                    actor.aliases = a.aliases.clone();
                    if let Some(c) = a.color {
                        actor.color = c;
                    }
                    commands.push(Command::AddActor(actor));
                    id
                }
            }
        });
        let issue = *issue_ids[s.issue].get_or_insert_with(|| {
            let i = &codings.issues[s.issue];
            let found = ws
                .issue_by_key(&i.key)
                .or_else(|| ws.issues().find(|x| x.label.eq_ignore_ascii_case(&i.label)));
            match found {
                Some(found) => found.id,
                None => {
                    let id = IssueId(take());
                    commands.push(Command::AddIssue(Issue {
                        id,
                        key: i.key.clone(),
                        label: i.label.clone(),
                        description: i.description.clone(),
                        support_means: String::new(),
                        oppose_means: String::new(),
                        cues: IssueCues::default(),
                    }));
                    id
                }
            }
        });
        let mut stance = Stance {
            id: StanceId(take()),
            article: article.id,
            actor,
            issue,
            position: s.position,
            evidence: Evidence {
                start: s.start,
                end: s.end,
                text: text.to_owned(),
            },
            origin: Origin::Manual,
            status: Status::Accepted,
            note: s.note.clone(),
            created: now,
            modified: now,
            bulk: None,
            by: Default::default(),
        };
        stance.by.coder = coder;
        stance.by.created_by = coder;
        stance.by.modified_by = coder;
        commands.push(Command::AddStance(stance));
        added += 1;
    }
    let mut line = format!("{added} coded selection(s) imported as accepted stances");
    if skipped > 0 {
        line.push_str(&format!(
            "; {skipped} left out (their source was already in the workspace, or their span does not fit it)"
        ));
    }
    (commands, line)
}
