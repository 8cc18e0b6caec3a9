//! Inter-coder reliability of a workspace: the figures of the Reliability
//! view, `stance-tracker agreement` and the methods report.
//!
//! Units and values are defined in [`units`]. Per issue and over all
//! issues: Krippendorff's alpha, nominal over the five values (support,
//! oppose, neutral, mixed, no stance) and interval over the score (+1, 0,
//! −1; *no stance* missing), each with its bootstrap 95% interval; Cohen's
//! kappa of each pair of coders (nominal); percent agreement; Krippendorff's
//! unitizing alpha of the evidence spans, the done articles laid end to end
//! as one continuum of chars. Also alpha of which actors each coder coded
//! in each article, and the same figures with the suggester as one more
//! coder (the analysis run afresh on the articles, so what coders did with
//! its suggestions does not make it look better).

pub mod units;

use super::reliability::{BootstrapOptions, Coincidences, Metric, cohen_kappa, percent_agreement, unitizing_alpha};
use crate::analysis::Analyzer;
use crate::model::{ActorId, ArticleId, CoderId, IssueId, Workspace};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::Range;
use units::{Coded, Coding, Unit, UnitValue};

/// What to compare.
#[derive(Clone, Debug)]
pub struct AgreementOptions {
    /// The coders (layers) compared; empty means [`compared_coders`].
    pub coders: Vec<CoderId>,
    /// Also score the suggester as one more coder.
    pub suggester: bool,
    pub bootstrap: BootstrapOptions,
}

impl Default for AgreementOptions {
    fn default() -> Self {
        AgreementOptions {
            coders: Vec::new(),
            suggester: true,
            bootstrap: BootstrapOptions {
                draws: 2_000,
                ..BootstrapOptions::default()
            },
        }
    }
}

/// Every coder but the consensus who marked at least one article done.
pub fn compared_coders(ws: &Workspace) -> Vec<CoderId> {
    let mut out: Vec<CoderId> = ws
        .coders()
        .filter(|c| !c.consensus && ws.done_marks().any(|(_, d)| d == c.id))
        .map(|c| c.id)
        .collect();
    out.sort();
    out
}

/// An estimate with its bootstrap 95% interval.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Estimate {
    /// `None` where it is undefined (no variation, or nothing pairable).
    pub value: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PairKappa {
    pub first: String,
    pub second: String,
    pub kappa: Option<f64>,
    pub units: usize,
}

/// The figures of one variable (an issue, or all issues).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Figures {
    /// Units: (article, actor, issue) anybody coded.
    pub units: usize,
    /// Units with two or more values, and the values in them (n), nominal.
    pub pairable_units: usize,
    pub pairable_values: usize,
    pub alpha_nominal: Estimate,
    /// Interval alpha over the score; *no stance* is missing, so it has
    /// fewer pairable values.
    pub alpha_interval: Estimate,
    pub pairable_values_interval: usize,
    pub percent_agreement: Option<f64>,
    pub kappa: Vec<PairKappa>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IssueFigures {
    pub issue: String,
    pub label: String,
    #[serde(flatten)]
    pub figures: Figures,
    /// Unitizing alpha of this issue's evidence spans.
    pub unitizing_alpha: Option<f64>,
}

/// Figures over one set of coders (columns).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tables {
    pub coders: Vec<String>,
    pub overall: Figures,
    pub issues: Vec<IssueFigures>,
    /// Nominal alpha of which actors each coder coded per article.
    pub actors_identified: Estimate,
    pub actor_units: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AgreementReport {
    /// Articles every compared coder marked done: the only ones counted.
    pub articles: usize,
    #[serde(flatten)]
    pub coders: Tables,
    /// The same with the suggester as one more coder.
    pub with_suggester: Option<Tables>,
    /// Suggestions about actors the workspace does not have, left out of
    /// the suggester's coding.
    pub suggester_unknown_actors: usize,
    pub bootstrap_draws: usize,
    pub bootstrap_seed: u64,
}

/// The name of the suggester's column.
pub const SUGGESTER: &str = "suggester";

pub fn agreement(ws: &Workspace, options: &AgreementOptions) -> AgreementReport {
    let coders = if options.coders.is_empty() {
        compared_coders(ws)
    } else {
        options.coders.clone()
    };
    let names: Vec<String> = coders
        .iter()
        .map(|&c| ws.coder(c).map_or_else(|| c.to_string(), |c| c.name.clone()))
        .collect();
    let mut coding = Coding::collect(ws, &coders);
    let humans = tables(ws, &coding, &names, &options.bootstrap);
    let (with_suggester, unknown) = if options.suggester && !coding.articles.is_empty() {
        let (column, unknown) = suggester_column(ws, &coding.articles);
        coding.add_column(column);
        let mut all = names.clone();
        all.push(SUGGESTER.to_owned());
        (Some(tables(ws, &coding, &all, &options.bootstrap)), unknown)
    } else {
        (None, 0)
    };
    AgreementReport {
        articles: coding.articles.len(),
        coders: humans,
        with_suggester,
        suggester_unknown_actors: unknown,
        bootstrap_draws: options.bootstrap.draws,
        bootstrap_seed: options.bootstrap.seed,
    }
}

fn tables(ws: &Workspace, coding: &Coding, names: &[String], boot: &BootstrapOptions) -> Tables {
    let (units, values) = coding.values(|_| true);
    let overall = figures(&values, names, boot);
    let mut issues = Vec::new();
    for issue in ws.issues() {
        let keep: Vec<usize> = (0..units.len()).filter(|&u| units[u].issue == issue.id).collect();
        let sub: Vec<Vec<UnitValue>> = values
            .iter()
            .map(|row| keep.iter().map(|&u| row[u]).collect())
            .collect();
        issues.push(IssueFigures {
            issue: issue.key.clone(),
            label: issue.label.clone(),
            figures: figures(&sub, names, boot),
            unitizing_alpha: unitizing(ws, coding, issue.id),
        });
    }
    let actors = coding.actors_identified();
    let actor_units = actors.first().map_or(0, Vec::len);
    Tables {
        coders: names.to_vec(),
        overall,
        issues,
        actors_identified: estimate(&actors, Metric::Nominal, boot).0,
        actor_units,
    }
}

fn figures(values: &[Vec<UnitValue>], names: &[String], boot: &BootstrapOptions) -> Figures {
    let nominal: Vec<Vec<Option<f64>>> = values
        .iter()
        .map(|row| row.iter().map(|v| Some(v.category())).collect())
        .collect();
    let interval: Vec<Vec<Option<f64>>> = values
        .iter()
        .map(|row| row.iter().map(|v| v.score()).collect())
        .collect();
    let (alpha_nominal, n) = estimate(&nominal, Metric::Nominal, boot);
    let (alpha_interval, ni) = estimate(&interval, Metric::Interval, boot);
    let mut kappa = Vec::new();
    for a in 0..nominal.len() {
        for b in a + 1..nominal.len() {
            let k = cohen_kappa(&nominal[a], &nominal[b]);
            kappa.push(PairKappa {
                first: names[a].clone(),
                second: names[b].clone(),
                kappa: k.kappa,
                units: k.units,
            });
        }
    }
    Figures {
        units: values.first().map_or(0, Vec::len),
        pairable_units: n.0,
        pairable_values: n.1,
        alpha_nominal,
        alpha_interval,
        pairable_values_interval: ni.1,
        percent_agreement: percent_agreement(&nominal).proportion,
        kappa,
    }
}

/// Alpha with its interval, and (pairable units, pairable values).
fn estimate(data: &[Vec<Option<f64>>], metric: Metric, boot: &BootstrapOptions) -> (Estimate, (usize, usize)) {
    let co = Coincidences::new(data);
    let alpha = co.alpha(metric);
    let interval = alpha.alpha.and_then(|_| co.bootstrap(metric, boot));
    (
        Estimate {
            value: alpha.alpha,
            ci_low: interval.as_ref().map(|b| b.low),
            ci_high: interval.as_ref().map(|b| b.high),
        },
        (alpha.units, alpha.pairable_values),
    )
}

/// Unitizing alpha of one issue: every column's spans (merged where one
/// coder's overlap), the articles laid end to end.
fn unitizing(ws: &Workspace, coding: &Coding, issue: IssueId) -> Option<f64> {
    let mut offset = BTreeMap::new();
    let mut length = 0u64;
    for &a in &coding.articles {
        offset.insert(a, length);
        length += ws.article(a).map_or(0, |a| a.char_len() as u64);
    }
    let mut spans: Vec<Vec<Range<u64>>> = vec![Vec::new(); coding.columns];
    for (unit, by) in coding.stances.iter().filter(|(u, _)| u.issue == issue) {
        let base = offset[&unit.article];
        for (c, coded) in by.iter().enumerate() {
            for span in coded.iter().filter_map(|k| k.span.clone()) {
                spans[c].push(base + span.start..base + span.end);
            }
        }
    }
    for s in &mut spans {
        *s = merge_overlaps(std::mem::take(s));
    }
    unitizing_alpha(length, &spans).alpha
}

fn merge_overlaps(mut spans: Vec<Range<u64>>) -> Vec<Range<u64>> {
    spans.retain(|s| s.start < s.end);
    spans.sort_by_key(|s| (s.start, s.end));
    let mut out: Vec<Range<u64>> = Vec::new();
    for s in spans {
        match out.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

/// The suggester's coding of `articles`, and how many of its suggestions
/// are about actors the workspace does not know.
fn suggester_column(ws: &Workspace, articles: &[ArticleId]) -> (Vec<(Unit, Coded)>, usize) {
    let analyzer = Analyzer::for_workspace(ws);
    let per_article: Vec<(Vec<(Unit, Coded)>, usize)> = articles
        .par_iter()
        .filter_map(|&id| ws.article(id))
        .map(|article| {
            let found = analyzer.analyze(&article.text, article.date);
            let mut out = Vec::new();
            let mut unknown = 0;
            for s in &found.stances {
                let fa = &found.actors[s.actor];
                let actor: Option<ActorId> = fa.actor.or_else(|| ws.actor_by_name(&fa.name).map(|a| a.id));
                let issue = ws.issue_by_key(&s.issue).map(|i| i.id);
                match (actor, issue) {
                    (Some(actor), Some(issue)) => out.push((
                        Unit {
                            article: article.id,
                            actor,
                            issue,
                        },
                        Coded {
                            position: s.position,
                            stance: None,
                            span: Some(s.start as u64..s.end as u64),
                        },
                    )),
                    _ => unknown += 1,
                }
            }
            (out, unknown)
        })
        .collect();
    let unknown = per_article.iter().map(|(_, n)| n).sum();
    (per_article.into_iter().flat_map(|(c, _)| c).collect(), unknown)
}

/// A unit the compared coders coded differently, for adjudication.
#[derive(Clone, Debug, PartialEq)]
pub struct Disagreement {
    pub unit: Unit,
    /// Per compared coder: their value and the stances behind it.
    pub values: Vec<(CoderId, UnitValue, Vec<crate::model::StanceId>)>,
    /// What the consensus layer holds for the unit, once adjudicated.
    pub consensus: Option<UnitValue>,
}

/// Every unit on which the coders' values differ, in article order.
pub fn disagreements(ws: &Workspace, coders: &[CoderId]) -> Vec<Disagreement> {
    let coding = Coding::collect(ws, coders);
    let consensus = ws.consensus_coder().map(|c| c.id);
    coding
        .stances
        .iter()
        .filter_map(|(unit, by)| {
            let values: Vec<UnitValue> = by.iter().map(|c| units::collapse(c)).collect();
            if values.windows(2).all(|w| w[0] == w[1]) {
                return None;
            }
            Some(Disagreement {
                unit: *unit,
                values: coders
                    .iter()
                    .zip(values)
                    .zip(by)
                    .map(|((&c, v), coded)| (c, v, coded.iter().filter_map(|k| k.stance).collect()))
                    .collect(),
                consensus: consensus.and_then(|c| consensus_value(ws, *unit, c)),
            })
        })
        .collect()
}

/// The consensus layer's value for a unit: its accepted stances' position,
/// *no stance* when it holds only rejected ones, `None` when it holds none.
pub fn consensus_value(ws: &Workspace, unit: Unit, consensus: CoderId) -> Option<UnitValue> {
    let held: Vec<_> = ws
        .stances_of(unit.article)
        .filter(|s| s.actor == unit.actor && s.issue == unit.issue && s.by.coder == Some(consensus))
        .collect();
    if held.is_empty() {
        return None;
    }
    let accepted: Vec<Coded> = held
        .iter()
        .filter(|s| s.counts())
        .map(|s| Coded {
            position: s.position,
            stance: Some(s.id),
            span: None,
        })
        .collect();
    Some(units::collapse(&accepted))
}

#[cfg(test)]
mod tests;
