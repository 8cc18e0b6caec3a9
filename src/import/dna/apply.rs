//! What was read from a DNA database, added to a workspace: one command
//! (coders, actors, issues, articles, then stances) and its report.

use super::{ActorVariable, DnaEntity, DnaOptions, DnaProject, read};
use crate::import::report::{DnaSummary, ImportReport, Outcome, ReportEntry};
use crate::model::{
    Actor, ActorId, ActorKind, Article, ArticleId, Attribution, Coder, CoderId, Command, Evidence, Issue, IssueCues,
    IssueId, Origin, Stance, StanceId, Status, Timestamp, Workspace,
};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// A machine key for an issue from a concept: lower case, words joined by `-`.
fn issue_key(label: &str) -> String {
    let mut key = String::new();
    for c in label.chars() {
        if c.is_alphanumeric() {
            key.extend(c.to_lowercase());
        } else if !key.is_empty() && !key.ends_with('-') {
            key.push('-');
        }
    }
    key.trim_end_matches('-').to_owned()
}

/// Aliases from DNA's `Alias` attribute: several separated by `;`.
fn aliases_of(e: &DnaEntity) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if let Some(a) = e.attributes.iter().find(|(k, _)| k.eq_ignore_ascii_case("alias")) {
        for alias in a.1.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            if !alias.eq_ignore_ascii_case(&e.value) && !out.iter().any(|x| x.eq_ignore_ascii_case(alias)) {
                out.push(alias.to_owned());
            }
        }
    }
    out
}

/// The actor for a DNA entity: kind from its `Type` attribute where that
/// names one of ours, the rest of its attributes in the notes.
fn new_actor(id: ActorId, e: &DnaEntity, default_kind: ActorKind) -> Actor {
    let ty = e
        .attributes
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("type"))
        .map(|x| x.1);
    let kind = ty.and_then(|t| ActorKind::parse(t)).unwrap_or(default_kind);
    let mut actor = Actor::new(id, e.value.clone(), kind);
    if let Some(c) = e.color {
        actor.color = c;
        actor.color_chosen = true;
    }
    actor.aliases = aliases_of(e);
    actor.notes = e
        .attributes
        .iter()
        .filter(|(k, v)| {
            !k.eq_ignore_ascii_case("alias") && (!k.eq_ignore_ascii_case("type") || ActorKind::parse(v).is_none())
        })
        .map(|(k, v)| format!("{k} (DNA): {v}"))
        .collect::<Vec<_>>()
        .join("\n");
    actor
}

/// Reads `path` and makes the command that adds it to `ws`; a file that
/// cannot be read is a failed entry of the report.
pub fn import(ws: &Workspace, path: &Path, options: &DnaOptions) -> (Option<Command>, ImportReport) {
    match read(path, options) {
        Ok(project) => add_to_workspace(ws, path, project),
        Err(e) => {
            let mut report = ImportReport::default();
            report.entries.push(ReportEntry {
                file: path.display().to_string(),
                source: None,
                outcome: Outcome::Failed(e.to_string()),
            });
            (None, report)
        }
    }
}

/// The command that adds what was read to `ws` (coders, actors, issues,
/// articles, then stances; one undo step), and the report. Coders, actors
/// and issues the workspace has already (by name, by label or key) are
/// used, not added again; an article with the same text is the same
/// article, and a stance it has already is not added twice, so importing
/// the same file again adds nothing.
pub fn add_to_workspace(ws: &Workspace, path: &Path, project: DnaProject) -> (Option<Command>, ImportReport) {
    let file = path.display().to_string();
    let mut report = ImportReport::default();
    let mut summary = DnaSummary {
        file: file.clone(),
        actor_variable: project.actor.as_str().to_owned(),
        other_types: project.other_types.clone(),
        problems: project.problems.clone(),
        ..DnaSummary::default()
    };
    let mut next = ws.peek_next_id();
    let mut alloc = || {
        next += 1;
        next - 1
    };
    let mut commands = Vec::new();

    // Coders, matched by name.
    let mut coders: HashMap<i64, CoderId> = HashMap::new();
    let mut new_coders: Vec<Coder> = Vec::new();
    let used_coders: HashSet<i64> = project
        .documents
        .iter()
        .flat_map(|d| d.statements.iter().filter_map(|s| s.coder))
        .collect();
    for (dna_id, c) in &project.coders {
        let existing = ws.coder_by_name(&c.name).map(|x| x.id).or_else(|| {
            new_coders
                .iter()
                .find(|x| x.name.eq_ignore_ascii_case(&c.name))
                .map(|x| x.id)
        });
        let id = match existing {
            Some(id) => id,
            None if used_coders.contains(dna_id) => {
                let coder = Coder {
                    id: CoderId(alloc()),
                    name: c.name.clone(),
                    color: c.color,
                    consensus: false,
                };
                new_coders.push(coder.clone());
                coder.id
            }
            None => continue,
        };
        coders.insert(*dna_id, id);
    }

    // Actors: the others of the pair first, as persons' affiliations.
    let mut actor_ids: HashMap<String, ActorId> = HashMap::new();
    let mut new_actors: Vec<Actor> = Vec::new();
    let find_actor = |name: &str, new_actors: &[Actor]| {
        ws.actor_by_name(name).map(|a| a.id).or_else(|| {
            new_actors
                .iter()
                .find(|a| a.names().any(|n| n.eq_ignore_ascii_case(name)))
                .map(|a| a.id)
        })
    };
    // A person's affiliation: the organisation named most often with them.
    let mut affiliation: HashMap<&str, &str> = HashMap::new();
    if project.actor == ActorVariable::Person {
        let mut counts: HashMap<&str, BTreeMap<&str, usize>> = HashMap::new();
        for s in project.documents.iter().flat_map(|d| &d.statements) {
            if let Some(o) = &s.other {
                *counts.entry(&s.actor).or_default().entry(o).or_default() += 1;
            }
        }
        for (person, orgs) in counts {
            let best = orgs.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|x| *x.0);
            if let Some(org) = best.filter(|o| !o.eq_ignore_ascii_case(person)) {
                affiliation.insert(person, org);
            }
        }
        let mut orgs: Vec<&str> = affiliation.values().copied().collect();
        orgs.sort_unstable();
        orgs.dedup();
        for org in orgs {
            if let Some(id) = find_actor(org, &new_actors) {
                actor_ids.insert(org.to_owned(), id);
            } else if let Some(e) = project.others.get(org) {
                let actor = new_actor(ActorId(alloc()), e, ActorKind::Organization);
                actor_ids.insert(org.to_owned(), actor.id);
                new_actors.push(actor);
            }
        }
    }
    for (name, e) in &project.actors {
        if let Some(id) = find_actor(name, &new_actors) {
            actor_ids.insert(name.clone(), id);
            continue;
        }
        let mut actor = new_actor(ActorId(alloc()), e, project.actor.kind());
        actor.affiliation = affiliation.get(name.as_str()).and_then(|o| actor_ids.get(*o)).copied();
        actor_ids.insert(name.clone(), actor.id);
        new_actors.push(actor);
    }

    // Issues, matched by label or key.
    let mut issue_ids: HashMap<String, IssueId> = HashMap::new();
    let mut new_issues: Vec<Issue> = Vec::new();
    for (label, e) in &project.concepts {
        let mut key = issue_key(label);
        if key.is_empty() {
            key = format!("concept-{}", new_issues.len() + 1);
        }
        let existing = ws
            .issues()
            .find(|i| i.label.eq_ignore_ascii_case(label) || i.key.eq_ignore_ascii_case(&key))
            .map(|i| i.id)
            .or_else(|| {
                new_issues
                    .iter()
                    .find(|i| i.label.eq_ignore_ascii_case(label))
                    .map(|i| i.id)
            });
        if let Some(id) = existing {
            issue_ids.insert(label.clone(), id);
            continue;
        }
        let base = key.clone();
        let mut n = 2;
        while new_issues.iter().any(|i| i.key.eq_ignore_ascii_case(&key)) || ws.issue_by_key(&key).is_some() {
            key = format!("{base}-{n}");
            n += 1;
        }
        let description = e
            .attributes
            .iter()
            .map(|(k, v)| format!("{k} (DNA): {v}"))
            .collect::<Vec<_>>()
            .join("\n");
        let issue = Issue {
            id: IssueId(alloc()),
            key,
            label: label.clone(),
            description,
            support_means: String::new(),
            oppose_means: String::new(),
            cues: IssueCues::default(),
        };
        issue_ids.insert(label.clone(), issue.id);
        new_issues.push(issue);
    }

    // Articles, then their stances.
    let mut articles: Vec<Article> = Vec::new();
    let mut stances: Vec<Stance> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let now = Timestamp::now();
    for doc in project.documents {
        let loaded = doc.article;
        let mut article = Article::new(
            ArticleId(0),
            loaded.title,
            loaded.date,
            loaded.source.clone().unwrap_or_else(|| file.clone()),
            loaded.text,
        );
        article.meta = loaded.meta;
        let source = Some(format!("document {}", doc.id));
        if article.text.trim().is_empty() {
            report.entries.push(ReportEntry {
                file: file.clone(),
                source,
                outcome: Outcome::Failed("the document has no text".into()),
            });
            continue;
        }
        // The article the stances go to: an existing one with the very same
        // text, or this one.
        let target: Option<(ArticleId, Option<&Article>)> = if let Some(old) = ws.article_by_hash(&article.hash) {
            report.entries.push(ReportEntry {
                file: file.clone(),
                source: source.clone(),
                outcome: Outcome::Duplicate { of: old.title.clone() },
            });
            (*old.text == *article.text).then_some((old.id, Some(old)))
        } else if let Some(&i) = seen.get(&article.hash) {
            report.entries.push(ReportEntry {
                file: file.clone(),
                source: source.clone(),
                outcome: Outcome::Duplicate {
                    of: articles[i].title.clone(),
                },
            });
            (articles[i].text == article.text).then_some((articles[i].id, None))
        } else {
            article.id = ArticleId(alloc());
            seen.insert(article.hash.clone(), articles.len());
            report.entries.push(ReportEntry {
                file: file.clone(),
                source: source.clone(),
                outcome: Outcome::Imported {
                    id: article.id,
                    title: article.title.clone(),
                    date: article.date,
                    note: None,
                },
            });
            let id = article.id;
            articles.push(article);
            Some((id, None))
        };
        let Some((article_id, existing)) = target else {
            if !doc.statements.is_empty() {
                summary.problems.push(format!(
                    "document {}: its {} statement(s) were not imported: the workspace has this article with other line breaks or spacing, so DNA's offsets do not fit it",
                    doc.id,
                    doc.statements.len()
                ));
            }
            continue;
        };
        for s in doc.statements {
            let coder = s.coder.and_then(|c| coders.get(&c)).copied();
            let by = Attribution {
                coder,
                created_by: coder,
                modified_by: coder,
                ..Attribution::default()
            };
            let mut note = format!("DNA statement {}", s.id);
            if let Some(o) = &s.other {
                note.push_str(&format!("; {}: {o}", project.actor.other()));
            }
            let stance = Stance {
                id: StanceId(0),
                article: article_id,
                actor: actor_ids[&s.actor],
                issue: issue_ids[&s.concept],
                position: s.position,
                evidence: Evidence {
                    start: s.start,
                    end: s.end,
                    text: s.text,
                },
                origin: Origin::Manual,
                status: Status::Accepted,
                note,
                created: now,
                modified: now,
                bulk: None,
                by,
            };
            let already = existing.is_some_and(|_| {
                ws.stances_of(article_id)
                    .any(|x| x.same_coding(&stance) && x.by.coder == stance.by.coder)
            }) || stances
                .iter()
                .any(|x| x.same_coding(&stance) && x.by.coder == stance.by.coder);
            if already {
                summary.already_present += 1;
                continue;
            }
            stances.push(Stance {
                id: StanceId(alloc()),
                ..stance
            });
        }
    }

    summary.stances = stances.len();
    // Only what the stances use joins the workspace.
    let used_actors: HashSet<ActorId> = stances
        .iter()
        .map(|s| s.actor)
        .chain(new_actors.iter().filter_map(|a| a.affiliation))
        .collect();
    let used_issues: HashSet<IssueId> = stances.iter().map(|s| s.issue).collect();
    let used_coder_ids: HashSet<CoderId> = stances.iter().filter_map(|s| s.by.coder).collect();
    new_coders.retain(|c| used_coder_ids.contains(&c.id));
    new_actors.retain(|a| used_actors.contains(&a.id));
    new_issues.retain(|i| used_issues.contains(&i.id));
    summary.coders = new_coders.len();
    summary.actors = new_actors.len();
    summary.issues = new_issues.len();
    commands.extend(new_coders.into_iter().map(Command::AddCoder));
    // Affiliations first: an actor's affiliation must exist when it is added.
    new_actors.sort_by_key(|a| a.affiliation.is_some());
    commands.extend(new_actors.into_iter().map(Command::AddActor));
    commands.extend(new_issues.into_iter().map(Command::AddIssue));
    let n_articles = articles.len();
    commands.extend(articles.into_iter().map(|a| Command::AddArticle(Box::new(a))));
    commands.extend(stances.into_iter().map(Command::AddStance));
    report.dna.push(summary);
    let n_stances = report.dna[0].stances;
    let name = path
        .file_name()
        .map_or_else(|| file.clone(), |n| n.to_string_lossy().into_owned());
    let cmd = (!commands.is_empty()).then(|| Command::Batch {
        label: format!("import {name}: {n_articles} article(s), {n_stances} stance(s)"),
        commands,
    });
    (cmd, report)
}
