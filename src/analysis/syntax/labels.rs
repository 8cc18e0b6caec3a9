//! The tag and relation inventories of UD English-EWT. A model names its
//! labels in its file; loading maps them onto these lists, so a parse can
//! hand out `&'static str` labels.

/// Universal part-of-speech tags.
pub const UPOS: [&str; 17] = [
    "NOUN", "PUNCT", "VERB", "PRON", "ADP", "DET", "ADJ", "PROPN", "AUX", "ADV", "CCONJ", "PART", "NUM", "SCONJ",
    "INTJ", "SYM", "X",
];

/// The Penn-style language-specific tags (XPOS) of EWT.
pub const XPOS: [&str; 49] = [
    "NN", "IN", "DT", "NNP", "PRP", "JJ", ".", "RB", "VB", "NNS", ",", "CC", "VBP", "VBD", "VBZ", "CD", "VBN", "VBG",
    "MD", "TO", "PRP$", "-RRB-", "-LRB-", "WDT", ":", "WRB", "``", "WP", "''", "RP", "UH", "HYPH", "POS", "NNPS",
    "JJS", "JJR", "NFP", "ADD", "EX", "RBR", "GW", "$", "SYM", "PDT", "FW", "RBS", "LS", "AFX", "WP$",
];

/// Basic dependency relations with their subtypes (CoNLL-U column 8).
/// At most 64, so a set of them fits a `u64`.
pub const DEPRELS: [&str; 51] = [
    "punct",
    "case",
    "nsubj",
    "det",
    "root",
    "advmod",
    "obj",
    "amod",
    "obl",
    "conj",
    "compound",
    "mark",
    "nmod",
    "cc",
    "aux",
    "cop",
    "advcl",
    "nmod:poss",
    "xcomp",
    "ccomp",
    "flat",
    "acl:relcl",
    "parataxis",
    "appos",
    "nummod",
    "acl",
    "aux:pass",
    "nsubj:pass",
    "obl:unmarked",
    "nmod:unmarked",
    "discourse",
    "list",
    "compound:prt",
    "iobj",
    "expl",
    "fixed",
    "nmod:desc",
    "obl:agent",
    "csubj",
    "nsubj:outer",
    "det:predet",
    "vocative",
    "goeswith",
    "advcl:relcl",
    "cc:preconj",
    "reparandum",
    "orphan",
    "csubj:pass",
    "dislocated",
    "dep",
    "csubj:outer",
];

/// The index of `root` in [`DEPRELS`].
pub const ROOT: u8 = 4;
/// The index of `punct` in [`DEPRELS`].
pub const PUNCT: u8 = 0;
/// The index of `parataxis` in [`DEPRELS`].
pub const PARATAXIS: u8 = 22;

pub fn index_of(list: &[&str], name: &str) -> Option<u8> {
    list.iter().position(|l| *l == name).map(|i| i as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_indices_name_their_labels() {
        assert_eq!(DEPRELS[ROOT as usize], "root");
        assert_eq!(DEPRELS[PUNCT as usize], "punct");
        assert_eq!(DEPRELS[PARATAXIS as usize], "parataxis");
        assert!(DEPRELS.len() <= 64);
    }
}
