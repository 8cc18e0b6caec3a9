//! The analysis of one long article: its work grows linearly with the
//! article's length, and its evidence stays small.
//!
//! The article is the Wikinews corpus on one line (one paragraph, the worst
//! case for anything that looks back over the paragraph), every other copy
//! with its names changed, so that a longer article has more mentions of the
//! same actors and also more actors, as a real one would.

use stance_tracker::analysis::stances::MAX_EVIDENCE_CHARS;
use stance_tracker::analysis::{Analyzer, ArticleAnalysis, WINDOW_BYTES};
use stance_tracker::model::Date;
use std::time::{Duration, Instant};

const CORPUS: &str = include_str!("../assets/corpus/wikinews_2019.csv");

fn corpus_texts() -> Vec<String> {
    csv::Reader::from_reader(CORPUS.as_bytes())
        .records()
        .map(|r| r.expect("the bundled corpus parses")[3].to_owned())
        .collect()
}

/// A letter tag for copy `n` ("b", "c", … "bb"): names stay capitalised words.
fn tag(mut n: usize) -> String {
    let mut out = Vec::new();
    n += 1;
    while n > 0 {
        out.push(b'a' + (n % 26) as u8);
        n /= 26;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII")
}

/// Every capitalised word of `text` with `suffix` appended: new names.
fn renamed(text: &str, suffix: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 10);
    let (mut in_name, mut prev_alnum) = (false, false);
    for c in text.chars() {
        let alnum = c.is_alphanumeric();
        if in_name && !alnum {
            out.push_str(suffix);
            in_name = false;
        }
        if alnum && !prev_alnum {
            in_name = c.is_uppercase();
        }
        out.push(c);
        prev_alnum = alnum;
    }
    if in_name {
        out.push_str(suffix);
    }
    out
}

/// One article of about `bytes` on one line.
fn one_long_article(texts: &[String], bytes: usize) -> String {
    let one_line: Vec<String> = texts
        .iter()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let mut out = String::with_capacity(bytes + 100_000);
    let mut copy = 0;
    while out.len() < bytes {
        for t in &one_line {
            let t = if copy % 2 == 1 {
                renamed(t, &tag(copy))
            } else {
                t.clone()
            };
            out.push_str(&t);
            out.push(' ');
        }
        copy += 1;
    }
    let mut end = bytes;
    while !out.is_char_boundary(end) {
        end -= 1;
    }
    out.truncate(end);
    out
}

fn date() -> Option<Date> {
    Date::parse_iso("2019-06-01")
}

/// The fastest of three runs: the least disturbed by a busy machine.
fn best_of_three(analyzer: &Analyzer, text: &str) -> (Duration, ArticleAnalysis) {
    let mut best = Duration::MAX;
    let mut result = ArticleAnalysis::default();
    for _ in 0..3 {
        let t = Instant::now();
        result = analyzer.analyze(text, date());
        best = best.min(t.elapsed());
    }
    (best, result)
}

#[test]
fn analysis_time_of_one_long_article_grows_linearly() {
    let texts = corpus_texts();
    let analyzer = Analyzer::standalone();
    analyzer.analyze(&texts[0], date()); // loads the gazetteer
    let small = one_long_article(&texts, 250_000);
    let big = one_long_article(&texts, 1_000_000);
    let (t_small, small_result) = best_of_three(&analyzer, &small);
    let (t_big, big_result) = best_of_three(&analyzer, &big);
    // Four times the text: four times the work when linear, sixteen when
    // quadratic. The margin absorbs a busy machine and the bigger article's
    // larger maps.
    let growth = t_big.as_secs_f64() / t_small.as_secs_f64();
    eprintln!(
        "250 kB: {t_small:?} ({} stances), 1 MB: {t_big:?} ({} stances), growth {growth:.1}×",
        small_result.stances.len(),
        big_result.stances.len()
    );
    // Not 3×: the small article is one window, the big one four, and in this
    // one-paragraph text a window's start ends the carrying of a quote's
    // speaker to sentences far after it (which credited them wrongly).
    assert!(
        big_result.stances.len() > 2 * small_result.stances.len(),
        "the work itself grows"
    );
    assert!(
        growth < 7.0,
        "4× the text took {growth:.1}× the time ({t_small:?} → {t_big:?})"
    );
}

#[test]
fn evidence_in_one_long_article_without_punctuation_is_bounded() {
    // Without sentence punctuation the text is cut into 400-token pieces of
    // one paragraph, which the same stance used to merge into one span.
    let texts = corpus_texts();
    let flat: String = one_long_article(&texts, 300_000)
        .chars()
        .filter(|c| !matches!(c, '.' | '!' | '?' | ';' | ':' | '"' | '“' | '”'))
        .collect();
    let result = Analyzer::standalone().analyze(&flat, date());
    assert!(result.stances.len() > 20, "{} stances", result.stances.len());
    for s in &result.stances {
        assert!(
            s.end - s.start <= MAX_EVIDENCE_CHARS,
            "evidence of {} chars at {}: {}",
            s.end - s.start,
            s.start,
            s.rule
        );
    }
}

#[test]
fn a_sentence_longer_than_the_cap_gives_a_window_around_the_cue() {
    // 400 tokens without punctuation are one "sentence" of about 3,000 chars.
    let filler = "the delegations met again in the capital for another long round ".repeat(30);
    let text = format!("{filler}Russia rejected the sanctions {filler}");
    let result = Analyzer::standalone().analyze(&text, date());
    let s = result
        .stances
        .iter()
        .find(|s| s.issue == "sanctions")
        .unwrap_or_else(|| panic!("a sanctions stance: {result:?}"));
    let evidence: String = text.chars().skip(s.start).take(s.end - s.start).collect();
    assert!(
        evidence.chars().count() <= MAX_EVIDENCE_CHARS,
        "{} chars",
        evidence.len()
    );
    assert!(evidence.len() > MAX_EVIDENCE_CHARS / 2, "a wide window: {evidence:?}");
    assert!(evidence.contains("Russia rejected the sanctions"), "{evidence:?}");
    // The text is ASCII: char offsets are byte offsets.
    let bytes = text.as_bytes();
    assert!(
        s.start == 0 || bytes[s.start - 1] == b' ',
        "starts at a word: {evidence:?}"
    );
    assert!(
        s.end == bytes.len() || bytes[s.end] == b' ',
        "ends at a word: {evidence:?}"
    );
}

#[test]
fn an_article_longer_than_a_window_has_one_actor_per_name_and_offsets_into_the_whole() {
    // Non-ASCII text, so that char and byte offsets differ.
    let paragraph = "Jonas Pirelli, the mayor of Zürich, said the city would join the talks. \
                     Pirelli said sanctions “would hurt everyone”. Marco Rubio rejected any sanctions relief. ";
    let tail = "Pirelli said he rejected the sanctions.\n\n";
    let head = paragraph.repeat(3 * WINDOW_BYTES / paragraph.len());
    // The head is one paragraph, cut at sentence ends; the tail, paragraphs
    // of a surname only, comes after the last full name in a window of its own.
    let text = format!("{head}{}", tail.repeat(WINDOW_BYTES / tail.len() + 10));
    let result = Analyzer::standalone().analyze(&text, date());
    let chars: Vec<char> = text.chars().collect();
    let slice = |a: usize, b: usize| chars[a..b].iter().collect::<String>();

    let mut names: Vec<&str> = result.actors.iter().map(|a| a.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), result.actors.len(), "one actor per name: {names:?}");
    let pirelli = result
        .actors
        .iter()
        .position(|a| a.name == "Jonas Pirelli")
        .unwrap_or_else(|| panic!("{names:?}"));
    assert!(
        !names.contains(&"Pirelli"),
        "the surname alone is the same actor: {names:?}"
    );
    let mentions = &result.actors[pirelli].mentions;
    assert!(mentions.windows(2).all(|w| w[0] <= w[1]), "mentions in order");
    assert!(
        mentions.last().unwrap().0 > head.chars().count(),
        "mentions from every window"
    );
    for &(a, b) in mentions {
        assert!(slice(a, b).ends_with("Pirelli"), "{a}..{b}: {:?}", slice(a, b));
    }
    let late = result
        .stances
        .iter()
        .filter(|s| s.actor == pirelli && s.start > head.chars().count())
        .count();
    assert!(late > 100, "{late} suggestions from the last window");
    for s in &result.stances {
        assert!(s.end - s.start <= MAX_EVIDENCE_CHARS);
        let evidence = slice(s.start, s.end);
        assert!(evidence.ends_with('.'), "whole sentences: {evidence:?}");
    }
}
