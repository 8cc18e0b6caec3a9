//! One organisation under several names in the same article: "the House of
//! Representatives" and "the House"; "U.S. Congress", "United States
//! Congress" and "Congress". Found after every name is known, since the
//! short form often comes first (a headline, a lead). Two different known
//! actors (gazetteer or workspace entries) are never merged: the lists
//! already say they differ.

use super::entities::{Entities, Entity, Known, drop_unmentioned};
use crate::model::ActorKind;
use std::collections::HashMap;

/// Merges the variants and drops the entities left without mentions; the
/// fullest name (most words, then most mentions) names the merged one.
pub fn merge_org_variants(ents: &mut Entities) {
    let n = ents.list.len();
    let mut parent: Vec<usize> = (0..n).collect();
    // Candidate pairs by key, not all pairs: an enormous article has
    // thousands of organisations.
    let orgs: Vec<usize> = (0..n)
        .filter(|&e| ents.list[e].kind == ActorKind::Organization)
        .collect();
    let mut by_name: HashMap<&str, usize> = HashMap::new();
    let mut by_rest: HashMap<(&str, String), usize> = HashMap::new();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for &e in &orgs {
        by_name.entry(ents.list[e].name.as_str()).or_insert(e);
    }
    for &e in &orgs {
        let ent = &ents.list[e];
        let words: Vec<&str> = ent.name.split_whitespace().collect();
        // "House of Representatives" and "House".
        if words.len() >= 3
            && words[1] == "of"
            && let Some(&short) = by_name.get(words[0])
        {
            pairs.push((short, e));
        }
        if let Some((aff, rest)) = rest_after_state(ent, &words) {
            if let Some(&bare) = by_name.get(rest.as_str()) {
                pairs.push((bare, e));
            }
            let first = *by_rest.entry((aff, rest)).or_insert(e);
            if first != e {
                pairs.push((first, e));
            }
        }
    }
    // The known actor each group is, if any: two different ones never join.
    let mut known: Vec<Option<Known>> = ents.list.iter().map(|e| e.known).collect();
    for (a, b) in pairs {
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        let clash = matches!((known[ra], known[rb]), (Some(x), Some(y)) if x != y);
        if ra != rb && !clash {
            parent[rb] = ra;
            known[ra] = known[ra].or(known[rb]);
        }
    }
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in 0..n {
        let r = root(&mut parent, e);
        groups[r].push(e);
    }
    if groups.iter().all(|g| g.len() <= 1) {
        return;
    }
    let mut target_of: Vec<usize> = (0..n).collect();
    for g in groups.iter().filter(|g| g.len() > 1) {
        let words = |e: usize| ents.list[e].name.split_whitespace().count();
        let target = *g
            .iter()
            .max_by_key(|&&e| (words(e), ents.list[e].mentions.len(), std::cmp::Reverse(e)))
            .expect("a group has members");
        for &e in g.iter().filter(|&&e| e != target) {
            target_of[e] = target;
            let moved = std::mem::take(&mut ents.list[e].mentions);
            let its_known = ents.list[e].known.take();
            let affiliation = ents.list[e].affiliation.take();
            let t = &mut ents.list[target];
            t.mentions.extend(moved);
            t.known = t.known.or(its_known);
            t.affiliation = t.affiliation.take().or(affiliation);
        }
        ents.list[target].mentions.sort_by_key(|m| m.first_tok);
    }
    for slot in ents.token_entity.iter_mut() {
        *slot = slot.map(|e| target_of[e]);
    }
    drop_unmentioned(&mut ents.list, &mut ents.token_entity);
}

fn root(parent: &mut [usize], mut e: usize) -> usize {
    while parent[e] != e {
        parent[e] = parent[parent[e]];
        e = parent[e];
    }
    e
}

/// "U.S. Congress" (of the United States) → ("United States", "Congress"):
/// the name without the state's name in front.
fn rest_after_state<'a>(e: &'a Entity, words: &[&str]) -> Option<(&'a str, String)> {
    let aff = e.affiliation.as_deref()?;
    (1..words.len())
        .find(|&k| state_prefix(&words[..k].join(" "), aff))
        .map(|k| (aff, words[k..].join(" ")))
}

/// Whether `prefix` names the state `affiliation`: its name, or the
/// initials of a name of two words or more ("U.S.", "US", "UK").
fn state_prefix(prefix: &str, affiliation: &str) -> bool {
    if prefix.eq_ignore_ascii_case(affiliation) {
        return true;
    }
    let initials: String = affiliation
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect();
    let letters: String = prefix.chars().filter(|c| c.is_alphabetic()).collect();
    initials.chars().count() >= 2 && letters == initials
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::entities::Mention;

    fn ent(name: &str, affiliation: Option<&str>, at: usize) -> Entity {
        Entity {
            name: name.into(),
            kind: ActorKind::Organization,
            affiliation: affiliation.map(str::to_owned),
            known: None,
            mentions: vec![Mention {
                start: at,
                end: at + 1,
                first_tok: at,
                last_tok: at,
            }],
            titles: Vec::new(),
        }
    }

    #[test]
    fn a_state_prefix_or_a_short_form_is_the_same_organisation() {
        let mut ents = Entities {
            list: vec![
                ent("House", None, 0),
                ent("United States Congress", Some("United States"), 1),
                ent("House of Representatives", None, 2),
                ent("Congress", None, 3),
                ent("U.S. Congress", Some("United States"), 4),
                ent("UK Parliament", Some("United Kingdom"), 5),
                ent("Parliament of Canada", None, 6),
            ],
            token_entity: (0..7).map(Some).collect(),
        };
        merge_org_variants(&mut ents);
        let names: Vec<&str> = ents.list.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "United States Congress",
                "House of Representatives",
                "UK Parliament",
                "Parliament of Canada"
            ]
        );
        assert_eq!(ents.list[0].mentions.len(), 3);
        assert_eq!(
            ents.token_entity,
            [Some(1), Some(0), Some(1), Some(0), Some(0), Some(2), Some(3)]
        );
    }

    #[test]
    fn different_states_organisations_stay_apart() {
        assert!(!state_prefix("US", "United Kingdom"));
        assert!(state_prefix("U.S.", "United States") && state_prefix("UK", "United Kingdom"));
        let mut ents = Entities {
            list: vec![
                ent("US Congress", Some("United States"), 0),
                ent("UK Congress", Some("United Kingdom"), 1),
                ent("Bank", None, 2),
                ent("Bank Audi", None, 3),
            ],
            token_entity: (0..4).map(Some).collect(),
        };
        merge_org_variants(&mut ents);
        assert_eq!(ents.list.len(), 4);
    }
}
