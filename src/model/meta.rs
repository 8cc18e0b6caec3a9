//! Names of the article metadata keys ([`crate::model::Article::meta`]) that
//! importers fill, the reader shows and exports name as columns. A file may
//! bring other keys; they are kept and exported as they are.

/// The newspaper, agency or site ("The Guardian", "Reuters").
pub const OUTLET: &str = "outlet";
/// The author line as printed ("By Jane Doe").
pub const BYLINE: &str = "byline";
pub const SECTION: &str = "section";
/// Length as the source states it ("850 words").
pub const LENGTH: &str = "length";
/// Language of the text, as a BCP 47 tag where known ("en").
pub const LANGUAGE: &str = "language";
/// The file the article was read from, when one file held many.
pub const FILE: &str = "file";

/// The keys above in the order the reader and the exports list them.
pub const KNOWN: [&str; 6] = [OUTLET, BYLINE, SECTION, LENGTH, LANGUAGE, FILE];

/// A human label for a key: the known ones capitalised, others as given.
pub fn label(key: &str) -> String {
    let mut chars = key.chars();
    match chars.next() {
        Some(first) if KNOWN.contains(&key) => first.to_uppercase().chain(chars).collect(),
        _ => key.to_owned(),
    }
}
