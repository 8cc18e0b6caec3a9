//! A CoNLL-U reader: the word tokens of each sentence with their tags,
//! heads and relations. Multiword-token lines (`1-2`) and empty nodes
//! (`8.1`) are skipped, as the CoNLL 2018 evaluation does.

use super::labels::{DEPRELS, UPOS, XPOS, index_of};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sentence {
    pub words: Vec<String>,
    /// Indices into [`UPOS`].
    pub upos: Vec<u8>,
    /// Indices into [`XPOS`].
    pub xpos: Vec<u8>,
    /// 1-based head of each word; 0 is the root.
    pub heads: Vec<u32>,
    /// Indices into [`DEPRELS`].
    pub deprels: Vec<u8>,
}

impl Sentence {
    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether no two arcs cross (the transition system's gold trees).
    pub fn is_projective(&self) -> bool {
        let n = self.len();
        for d in 0..n {
            let h = self.heads[d] as usize;
            let (a, b) = if h == 0 {
                continue;
            } else {
                ((d + 1).min(h), (d + 1).max(h))
            };
            for d2 in 0..n {
                let h2 = self.heads[d2] as usize;
                if h2 == 0 {
                    continue;
                }
                let (c, e) = ((d2 + 1).min(h2), (d2 + 1).max(h2));
                if (c < a && a < e && e < b) || (a < c && c < b && b < e) {
                    return false;
                }
            }
        }
        true
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
#[error("CoNLL-U line {line}: {what}")]
pub struct ConlluError {
    pub line: usize,
    pub what: String,
}

/// Reads every sentence of a CoNLL-U text.
pub fn read(text: &str) -> Result<Vec<Sentence>, ConlluError> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        let err = |what: String| ConlluError { line: n + 1, what };
        if line.is_empty() {
            if !cur.is_empty() {
                check_heads(&cur).map_err(err)?;
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(err(format!("{} columns, not 10", cols.len())));
        }
        if cols[0].contains('-') || cols[0].contains('.') {
            continue;
        }
        let id: usize = cols[0].parse().map_err(|_| err(format!("bad id {:?}", cols[0])))?;
        if id != cur.len() + 1 {
            return Err(err(format!("id {id} out of order")));
        }
        let label =
            |list: &[&str], v: &str, what: &str| index_of(list, v).ok_or_else(|| err(format!("unknown {what} {v:?}")));
        cur.upos.push(label(&UPOS, cols[3], "UPOS")?);
        cur.xpos.push(label(&XPOS, cols[4], "XPOS")?);
        cur.heads
            .push(cols[6].parse().map_err(|_| err(format!("bad head {:?}", cols[6])))?);
        cur.deprels.push(label(&DEPRELS, cols[7], "relation")?);
        cur.words.push(cols[1].to_owned());
    }
    if !cur.is_empty() {
        let line = text.lines().count();
        check_heads(&cur).map_err(|what| ConlluError { line, what })?;
        out.push(cur);
    }
    Ok(out)
}

fn check_heads(s: &Sentence) -> Result<(), String> {
    match s.heads.iter().find(|&&h| h as usize > s.len()) {
        Some(h) => Err(format!("head {h} past the sentence's {} words", s.len())),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO: &str = "# text = I don't.\n1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n\
        1\tdo\tdo\tAUX\tVBP\t_\t3\taux\t_\t_\n2\tn't\tnot\tPART\tRB\t_\t3\tadvmod\t_\t_\n\
        3\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\t_\n3.1\tx\tx\tX\tFW\t_\t_\t_\t_\t_\n\n\
        1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n";

    #[test]
    fn reads_word_tokens_and_skips_ranges_and_empty_nodes() {
        let s = read(TWO).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].words, ["do", "n't", "go"]);
        assert_eq!(s[0].heads, [3, 3, 0]);
        assert_eq!(DEPRELS[s[0].deprels[1] as usize], "advmod");
        assert_eq!(UPOS[s[1].upos[0] as usize], "INTJ");
        assert!(s[0].is_projective());
    }

    #[test]
    fn bad_lines_are_errors() {
        assert!(read("1\tx\tx\tNOPE\tNN\t_\t0\troot\t_\t_\n").is_err());
        assert!(read("1\tx\tx\tNOUN\tNN\t_\t5\troot\t_\t_\n").is_err());
        assert!(read("1\tx\n").is_err());
    }
}
