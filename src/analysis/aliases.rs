//! Which surface forms the analysis may store as an actor's alias. A stored
//! alias is matched in every article from then on (by the analysis and by
//! the reader's marks), so a generic word stored once would become someone
//! everywhere: "State" as *State Fire Brigade* in "Secretary of State",
//! "Foreign Minister" as whoever held the office in the first article.

use super::FoundActor;
use super::gazetteer::Gazetteer;
use crate::model::Article;
use aho_corasick::AhoCorasick;
use std::collections::HashSet;
use std::sync::LazyLock;

/// Words the bundled Wikinews corpus writes in lower case at least three
/// times (`tools/common_words/build.py`): names almost never are.
const CORPUS_WORDS: &str = include_str!("../../assets/common_words.txt");

/// Generic words of names that the corpus writes capitalised more often
/// than not, so its counts miss them.
const WRITTEN: &[&str] = &[
    "jr",
    "sr",
    "ii",
    "iii",
    "university",
    "college",
    "council",
    "committee",
    "department",
    "ministry",
    "agency",
    "institute",
    "foundation",
    "association",
    "league",
    "union",
    "republic",
    "kingdom",
    "federal",
    "national",
    "international",
    "democratic",
    "republican",
    "conservative",
    "liberal",
    "labour",
    "socialist",
    "communist",
    "catholic",
    "christianity",
    "islam",
    "fields",
];

static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    CORPUS_WORDS
        .lines()
        .filter(|l| !l.starts_with('#'))
        .chain(WRITTEN.iter().copied())
        .collect()
});

/// A single word that ordinary text uses as a word, not a name. Acronyms
/// ("US", "WHO") are names whatever their letters spell.
pub fn is_common_word(word: &str) -> bool {
    if word.contains(char::is_whitespace) || is_acronym(word) {
        return false;
    }
    COMMON.contains(word.to_lowercase().as_str())
}

fn is_acronym(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && word.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
}

/// A title on its own ("Foreign Minister", "the President"): it names an
/// office, and whoever holds it changes.
pub fn is_bare_title(alias: &str, gazetteer: &Gazetteer) -> bool {
    let lower = alias.trim().to_lowercase();
    let lower = lower.strip_prefix("the ").unwrap_or(&lower);
    gazetteer.title(lower).is_some()
        || super::lexicon::singular(lower).is_some_and(|one| gazetteer.title(one).is_some())
}

/// The aliases of `found` (one of `all`, the actors found in `article`)
/// that may be stored: not its name, not a common word or a bare title, and never a fragment of a longer name or title at
/// one of its places in the article ("State" in "Secretary of State").
pub fn storable(found: &FoundActor, all: &[FoundActor], article: &Article) -> Vec<String> {
    let gazetteer = Gazetteer::bundled();
    let candidates: Vec<&String> = found
        .aliases
        .iter()
        .filter(|a| **a != found.name && !is_common_word(a) && !is_bare_title(a, gazetteer))
        .collect();
    if candidates.is_empty() {
        return Vec::new();
    }
    let fragments = fragments(&candidates, found, all, article, gazetteer);
    candidates
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !fragments.contains(i))
        .map(|(_, a)| a.clone())
        .collect()
}

/// Indexes of the candidates that occur somewhere in the article inside a
/// longer mention of another actor or inside a title. One pass over the
/// text for all of them.
fn fragments(
    candidates: &[&String],
    found: &FoundActor,
    all: &[FoundActor],
    article: &Article,
    gazetteer: &Gazetteer,
) -> HashSet<usize> {
    let text: &str = &article.text;
    let Ok(automaton) = AhoCorasick::new(candidates) else {
        return HashSet::new();
    };
    let mut others: Vec<(usize, usize)> = all
        .iter()
        .filter(|a| !std::ptr::eq(*a, found))
        .flat_map(|a| a.mentions.iter().copied())
        .collect();
    others.sort_unstable();
    let mut out = HashSet::new();
    for m in automaton.find_overlapping_iter(text) {
        let (s, e) = (m.start(), m.end());
        let alnum_at = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        if out.contains(&m.pattern().as_usize())
            || alnum_at(text[..s].chars().next_back())
            || alnum_at(text[e..].chars().next())
        {
            continue;
        }
        let (cs, ce) = (article.byte_to_char(s), article.byte_to_char(e));
        if inside_mention(&others, cs, ce) || inside_title(text, s, e, gazetteer) {
            out.insert(m.pattern().as_usize());
        }
    }
    out
}

/// Whether a span in `sorted` (by start) strictly contains `start..end`.
/// Mentions of different actors hardly overlap, so one that contains it is
/// among the last few that start before it.
fn inside_mention(sorted: &[(usize, usize)], start: usize, end: usize) -> bool {
    let upto = sorted.partition_point(|&(s, _)| s <= start);
    sorted[..upto]
        .iter()
        .rev()
        .take(8)
        .any(|&(s, e)| e >= end && e - s > end - start)
}

/// Whether the words around `start..end` make a title with it.
fn inside_title(text: &str, start: usize, end: usize, gazetteer: &Gazetteer) -> bool {
    let n = gazetteer.max_title_words();
    let own = text[start..end].split_whitespace().count();
    if own >= n {
        return false;
    }
    let plain = |w: &&str| w.chars().all(char::is_alphabetic);
    let before: Vec<&str> = text[..start]
        .split_whitespace()
        .rev()
        .take(n - own)
        .take_while(plain)
        .collect();
    let after: Vec<&str> = text[end..].split_whitespace().take(n - own).take_while(plain).collect();
    let alias = text[start..end].to_lowercase();
    for i in 0..=before.len() {
        for j in 0..=after.len().min(n - own - i) {
            if i + j == 0 {
                continue;
            }
            let mut phrase: Vec<String> = before[..i].iter().rev().map(|w| w.to_lowercase()).collect();
            phrase.push(alias.clone());
            phrase.extend(after[..j].iter().map(|w| w.to_lowercase()));
            if gazetteer.title(&phrase.join(" ")).is_some() {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_words_titles_and_acronyms() {
        let g = Gazetteer::bundled();
        for w in ["State", "Day", "Let", "Party", "Committee", "Jr"] {
            assert!(is_common_word(w), "{w}");
        }
        for w in ["Rubio", "Trump", "US", "WHO", "Russian", "Supreme Court"] {
            assert!(!is_common_word(w), "{w}");
        }
        for t in [
            "Foreign Minister",
            "foreign minister",
            "Secretary of State",
            "the President",
            "Senator",
        ] {
            assert!(is_bare_title(t, g), "{t}");
        }
        assert!(!is_bare_title("Marco Rubio", g));
    }

    #[test]
    fn a_word_inside_a_title_is_a_fragment() {
        let g = Gazetteer::bundled();
        let text = "U.S. Secretary of State Marco Rubio met Lavrov.";
        let at = |w: &str| text.find(w).map(|s| (s, s + w.len())).unwrap();
        let (s, e) = at("State");
        assert!(inside_title(text, s, e, g));
        let (s, e) = at("Rubio");
        assert!(!inside_title(text, s, e, g));
        assert!(inside_mention(&[(0, 4), (10, 30)], 12, 20));
        assert!(!inside_mention(&[(12, 20)], 12, 20), "the same span is not inside");
    }
}
