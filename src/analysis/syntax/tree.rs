//! A parsed sentence and the questions attribution asks of it.

/// One word of a parse.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub word: String,
    /// Byte offsets of the word in the text it was parsed from: the
    /// article offsets given to [`SyntaxModel::parse_spans`] or
    /// [`SyntaxModel::parse_range`], offsets into the sentence for
    /// [`SyntaxModel::parse_text`], and offsets into the words joined by
    /// single spaces for [`SyntaxModel::parse`].
    ///
    /// [`SyntaxModel::parse_spans`]: super::SyntaxModel::parse_spans
    /// [`SyntaxModel::parse_range`]: super::SyntaxModel::parse_range
    /// [`SyntaxModel::parse_text`]: super::SyntaxModel::parse_text
    /// [`SyntaxModel::parse`]: super::SyntaxModel::parse
    pub span: (usize, usize),
    /// Universal part of speech, e.g. "VERB".
    pub upos: &'static str,
    /// Penn-style tag, e.g. "VBD".
    pub xpos: &'static str,
    /// The head word's index; `None` for the root.
    pub head: Option<usize>,
    /// The UD relation to the head, with its subtype: "nsubj", "obl:agent",
    /// "acl:relcl", "root"…
    pub deprel: &'static str,
}

/// A dependency tree over one sentence's words (a single root, no cycles).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parse {
    pub tokens: Vec<Token>,
}

const SUBJECTS: [&str; 5] = ["nsubj", "nsubj:pass", "csubj", "csubj:pass", "nsubj:outer"];

impl Parse {
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    pub fn root(&self) -> Option<usize> {
        self.tokens.iter().position(|t| t.head.is_none())
    }

    pub fn head(&self, i: usize) -> Option<usize> {
        self.tokens.get(i)?.head
    }

    pub fn deprel(&self, i: usize) -> &'static str {
        self.tokens.get(i).map_or("", |t| t.deprel)
    }

    /// The token whose span contains byte offset `at` (as given to the
    /// parse), if any: from an article offset back to a parse token.
    pub fn token_at(&self, at: usize) -> Option<usize> {
        self.tokens.iter().position(|t| t.span.0 <= at && at < t.span.1)
    }

    /// The dependents of `i`, left to right.
    pub fn children(&self, i: usize) -> Vec<usize> {
        (0..self.len()).filter(|&c| self.tokens[c].head == Some(i)).collect()
    }

    /// The first dependent of `i` with relation `rel` (exactly, subtype and all).
    pub fn child_with(&self, i: usize, rel: &str) -> Option<usize> {
        (0..self.len()).find(|&c| self.tokens[c].head == Some(i) && self.tokens[c].deprel == rel)
    }

    /// `i`, its head, its head's head … up to the root.
    pub fn path_to_root(&self, i: usize) -> Vec<usize> {
        let mut path = Vec::new();
        let mut cur = Some(i).filter(|&i| i < self.len());
        while let Some(c) = cur {
            if path.len() > self.len() {
                break; // not a tree: never loop
            }
            path.push(c);
            cur = self.tokens[c].head;
        }
        path
    }

    /// The subject of the predicate `i`: its own nsubj, nsubj:pass or
    /// csubj; else, for a conjunct, the first conjunct's subject ("A met B
    /// and denounced C"); for an xcomp, its controller (the head's object
    /// if it has one, "urged B to leave", else the head's subject, "A
    /// refused to join"); for a relative clause whose subject is a relative
    /// pronoun ("the minister who rejected"), the noun it modifies; for a
    /// participle modifying a noun (acl) the noun; for a subjectless
    /// adverbial clause ("…, saying that") the head clause's subject.
    pub fn subject_of(&self, i: usize) -> Option<usize> {
        self.subject_in(i, 0)
    }

    fn subject_in(&self, i: usize, depth: usize) -> Option<usize> {
        if i >= self.len() || depth > self.len() {
            return None;
        }
        let own =
            (0..self.len()).find(|&c| self.tokens[c].head == Some(i) && SUBJECTS.contains(&self.tokens[c].deprel));
        let rel = self.tokens[i].deprel;
        let head = self.tokens[i].head;
        if let Some(s) = own {
            let relative =
                matches!(self.tokens[s].xpos, "WP" | "WDT") || self.tokens[s].word.eq_ignore_ascii_case("that");
            if rel == "acl:relcl" && relative {
                return head;
            }
            return Some(s);
        }
        let h = head?;
        match rel {
            "conj" => self.subject_in(h, depth + 1),
            "xcomp" => self
                .child_with(h, "obj")
                .or_else(|| self.child_with(h, "iobj"))
                .or_else(|| self.subject_in(h, depth + 1)),
            "acl" | "acl:relcl" => Some(h),
            "advcl" if self.tokens[i].xpos == "VBG" || self.tokens[i].xpos == "VBN" => self.subject_in(h, depth + 1),
            // A purpose infinitive shares its clause's subject: "troops are
            // there to fight rebels".
            "advcl"
                if self.tokens[i].xpos == "VB"
                    && self
                        .child_with(i, "mark")
                        .is_some_and(|m| self.tokens[m].word.eq_ignore_ascii_case("to")) =>
            {
                self.subject_in(h, depth + 1)
            }
            _ => None,
        }
    }

    /// The subjects of `i`'s clause and of every clause above it, nearest
    /// first, without repeats: who a pronoun subject or an embedded clause
    /// may belong to.
    pub fn subject_chain(&self, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        for p in self.path_to_root(i) {
            if let Some(s) = self.subject_of(p)
                && !out.contains(&s)
                && s != i
            {
                out.push(s);
            }
        }
        out
    }

    /// The syntactic path between two words as short text, such as
    /// "nsubj←denounced→obj" (from a subject to an object). Relations and
    /// words alternate: `rel←word` climbs from a dependent to its head,
    /// `word→rel` descends to a dependent; the end words are left out.
    pub fn describe_path(&self, from: usize, to: usize) -> String {
        if from >= self.len() || to >= self.len() {
            return String::new();
        }
        if from == to {
            return self.tokens[from].word.clone();
        }
        let up = self.path_to_root(from);
        let down = self.path_to_root(to);
        let Some((ui, di)) = up
            .iter()
            .enumerate()
            .find_map(|(k, n)| down.iter().position(|m| m == n).map(|j| (k, j)))
        else {
            return String::new();
        };
        let (tok, lca) = (&self.tokens, up[ui]);
        let mut items: Vec<(&str, char)> = Vec::new();
        for k in 0..ui {
            items.push((tok[up[k]].deprel, '←'));
            if k + 1 < ui {
                items.push((&tok[up[k + 1]].word, '←'));
            }
        }
        if lca != from && lca != to {
            items.push((&tok[lca].word, '←'));
        }
        for k in (0..di).rev() {
            items.push((tok[down[k]].deprel, '→'));
            if k > 0 {
                items.push((&tok[down[k]].word, '→'));
            }
        }
        let mut s = String::new();
        for (n, (item, arrow)) in items.into_iter().enumerate() {
            if n > 0 {
                s.push(arrow);
            }
            s.push_str(item);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "A said B supports C": said(1) root; A nsubj; supports(3) ccomp; B nsubj; C obj.
    fn said() -> Parse {
        let t = |w: &str, xpos: &'static str, head: Option<usize>, deprel: &'static str| Token {
            word: w.into(),
            span: (0, 0),
            upos: "X",
            xpos,
            head,
            deprel,
        };
        Parse {
            tokens: vec![
                t("A", "NNP", Some(1), "nsubj"),
                t("said", "VBD", None, "root"),
                t("B", "NNP", Some(3), "nsubj"),
                t("supports", "VBZ", Some(1), "ccomp"),
                t("C", "NNP", Some(3), "obj"),
            ],
        }
    }

    #[test]
    fn subjects_children_and_paths() {
        let p = said();
        assert_eq!(p.subject_of(3), Some(2));
        assert_eq!(p.subject_of(1), Some(0));
        assert_eq!(p.subject_chain(4), [2, 0]);
        assert_eq!(p.children(1), [0, 3]);
        assert_eq!(p.path_to_root(4), [4, 3, 1]);
        assert_eq!(p.describe_path(2, 4), "nsubj←supports→obj");
        assert_eq!(p.describe_path(0, 4), "nsubj←said→ccomp→supports→obj");
        assert_eq!(p.describe_path(4, 0), "obj←supports←ccomp←said→nsubj");
        assert_eq!(p.describe_path(1, 4), "ccomp→supports→obj");
        assert_eq!(p.describe_path(4, 1), "obj←supports←ccomp");
    }
}
