//! Which language an article is in. The rules read English only; on another
//! language they would make actors of capitalised nouns and stances of
//! look-alike words, so such an article gets no suggestions and says why.
//!
//! Detection is whatlang's trigram model over a sample of the text. Only a
//! *reliable* verdict for another language counts: a short or mixed text
//! stays English, so an English article is never silently skipped.

/// A language other than English that an article was found to be in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Language {
    /// ISO 639-3, as whatlang gives it ("deu", "fra").
    pub code: &'static str,
    /// In English ("German").
    pub name: &'static str,
}

/// Enough text for a stable verdict; more only costs time on long articles.
const SAMPLE_BYTES: usize = 4096;

/// Fewer letters than this decide nothing (a headline, a table of figures).
const MIN_LETTERS: usize = 60;

/// `Some` when `text` is reliably in a language other than English.
pub fn not_english(text: &str) -> Option<Language> {
    let sample = sample(text);
    if sample.chars().filter(|c| c.is_alphabetic()).count() < MIN_LETTERS {
        return None;
    }
    let info = whatlang::detect(sample)?;
    if info.lang() == whatlang::Lang::Eng || !info.is_reliable() {
        return None;
    }
    Some(Language {
        code: info.lang().code(),
        name: info.lang().eng_name(),
    })
}

/// The first [`SAMPLE_BYTES`] of the text, past its first line when there is
/// more (a dateline or a byline is often in English whatever follows), cut
/// at a char boundary.
fn sample(text: &str) -> &str {
    let body = match text.split_once('\n') {
        Some((_, rest)) if rest.trim().len() >= 200 => rest,
        _ => text,
    };
    let mut end = body.len().min(SAMPLE_BYTES);
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    &body[..end]
}

/// One line for the analyst: why there are no suggestions.
pub fn explain(lang: Language) -> String {
    format!(
        "This article looks {} ({}): no suggestions were made, the analysis reads English only. Code it by hand.",
        lang.name, lang.code
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const GERMAN: &str = "Die Bundesregierung hat am Montag neue Sanktionen gegen Russland \
        angekündigt. Der Außenminister sagte, man werde die Gespräche mit Moskau erst dann \
        wieder aufnehmen, wenn die Truppen abgezogen seien. Die Opposition kritisierte den \
        Schritt als zu spät und forderte weitere Maßnahmen.";
    const FRENCH: &str = "Le gouvernement français a annoncé lundi de nouvelles sanctions contre \
        la Russie. Le ministre des Affaires étrangères a déclaré que les négociations ne \
        reprendraient qu'après le retrait des troupes. L'opposition a jugé la décision tardive.";
    const SPANISH: &str = "El gobierno de España anunció el lunes nuevas sanciones contra Rusia. \
        El ministro de Asuntos Exteriores dijo que las negociaciones solo se reanudarán cuando \
        las tropas se retiren. La oposición criticó la medida por llegar demasiado tarde.";
    const RUSSIAN: &str = "Правительство объявило в понедельник о новых санкциях. Министр \
        иностранных дел заявил, что переговоры возобновятся только после отвода войск. \
        Оппозиция раскритиковала это решение как запоздалое.";
    const ENGLISH: &str = "The government announced new sanctions against Russia on Monday. The \
        foreign minister said talks would resume only after the troops had withdrawn. The \
        opposition called the move too late and demanded further measures.";

    #[test]
    fn other_languages_are_recognised() {
        for (text, code) in [(GERMAN, "deu"), (FRENCH, "fra"), (SPANISH, "spa"), (RUSSIAN, "rus")] {
            let found = not_english(text).unwrap_or_else(|| panic!("{code} not recognised"));
            assert_eq!(found.code, code);
        }
        assert_eq!(not_english(GERMAN).unwrap().name, "German");
    }

    #[test]
    fn english_and_too_little_text_stay_english() {
        assert_eq!(not_english(ENGLISH), None);
        assert_eq!(not_english(""), None);
        assert_eq!(not_english("Die Regierung sagt nein."), None, "too short to decide");
        assert_eq!(not_english("1 2 3 4 5 6 7 8 9 10 — 11 12 13 14"), None);
    }

    #[test]
    fn an_english_dateline_does_not_hide_the_language_after_it() {
        let text = format!("Berlin, Monday, March 4, 2019 (Reuters)\n{GERMAN}");
        assert_eq!(not_english(&text).map(|l| l.code), Some("deu"));
        let text = format!("Berlin (dpa)\n{ENGLISH}");
        assert_eq!(not_english(&text), None);
    }

    #[test]
    fn the_sample_cuts_at_a_char_boundary() {
        let text = "ä".repeat(5000);
        assert!(sample(&text).len() <= SAMPLE_BYTES);
        assert!(explain(not_english(GERMAN).unwrap()).contains("German (deu)"));
    }
}
