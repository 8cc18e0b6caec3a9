//! The automaton that matches every gazetteer alias: a path-compressed byte
//! trie over the lower-case spellings, walked from word starts only.
//!
//! Names begin on a word boundary, so the search never needs Aho-Corasick's
//! failure transitions: one anchored walk per candidate word start finds every
//! alias beginning there. Skipping the failure links makes the automaton build
//! in a few milliseconds (they were most of the gazetteer's load time), and
//! visiting only capitalised word starts is several times faster than feeding
//! every byte of the article through an unanchored automaton. Chains of
//! single-child nodes are stored as one byte string each, so a walk touches a
//! few nodes rather than one per letter.

/// Key index stored in a node that ends no key.
const NO_KEY: u32 = u32::MAX;

#[derive(Clone, Copy, Debug)]
struct Node {
    /// The bytes this node spells after its parent: `bytes[seg..seg + seg_len]`
    /// (its first byte is the label of the edge into it).
    seg: u32,
    seg_len: u32,
    /// Outgoing edges: `labels[first..last]` / `targets[first..last]`, sorted by label.
    first: u32,
    last: u32,
    /// The key spelled by the path to the end of this node, if one ends here.
    key: u32,
}

pub struct NameTrie {
    nodes: Vec<Node>,
    bytes: Vec<u8>,
    labels: Vec<u8>,
    targets: Vec<u32>,
    /// The root's transitions as a table: every walk starts with one lookup here.
    root: Box<[u32; 256]>,
}

impl NameTrie {
    /// Builds the trie; key `i` of the result is `keys[i]`. Keys are matched
    /// byte for byte, so they must be spelled as the haystack will be
    /// normalised (here: ASCII lower case).
    pub fn new(keys: &[String]) -> NameTrie {
        let mut order: Vec<u32> = (0..keys.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| keys[a as usize].as_bytes().cmp(keys[b as usize].as_bytes()));
        order.dedup_by(|a, b| keys[*a as usize] == keys[*b as usize]);
        let key = |i: usize| keys[order[i] as usize].as_bytes();
        let empty = Node {
            seg: 0,
            seg_len: 0,
            first: 0,
            last: 0,
            key: NO_KEY,
        };
        let mut trie = NameTrie {
            nodes: vec![empty],
            bytes: Vec::new(),
            labels: Vec::new(),
            targets: Vec::new(),
            root: Box::new([0; 256]),
        };
        // Breadth first over ranges of the sorted keys: the keys below one
        // node share its prefix and are contiguous, and so are its children's.
        let mut queue = std::collections::VecDeque::from([(0u32, 0usize, order.len(), 0usize)]);
        while let Some((node, mut lo, hi, depth)) = queue.pop_front() {
            if lo < hi && key(lo).len() == depth {
                trie.nodes[node as usize].key = order[lo];
                lo += 1;
            }
            let first = trie.labels.len() as u32;
            while lo < hi {
                let byte = key(lo)[depth];
                let mut end = lo + 1;
                while end < hi && key(end)[depth] == byte {
                    end += 1;
                }
                // Sorted keys: the range's common prefix is that of its first and last key.
                let (a, z) = (key(lo), key(end - 1));
                let common = depth + a[depth..].iter().zip(&z[depth..]).take_while(|(x, y)| x == y).count();
                let child = trie.nodes.len() as u32;
                trie.nodes.push(Node {
                    seg: trie.bytes.len() as u32,
                    seg_len: (common - depth) as u32,
                    ..empty
                });
                trie.bytes.extend_from_slice(&a[depth..common]);
                trie.labels.push(byte);
                trie.targets.push(child);
                queue.push_back((child, lo, end, common));
                lo = end;
            }
            let n = &mut trie.nodes[node as usize];
            n.first = first;
            n.last = trie.labels.len() as u32;
        }
        let root = trie.nodes[0];
        for e in root.first as usize..root.last as usize {
            trie.root[trie.labels[e] as usize] = trie.targets[e];
        }
        trie
    }

    #[inline]
    fn child(&self, node: u32, byte: u8) -> Option<u32> {
        if node == 0 {
            return Some(self.root[byte as usize]).filter(|&n| n != 0);
        }
        let n = self.nodes[node as usize];
        let labels = &self.labels[n.first as usize..n.last as usize];
        let found = if labels.len() <= 8 {
            labels.iter().position(|&l| l == byte)
        } else {
            labels.binary_search(&byte).ok()
        };
        found.map(|k| self.targets[n.first as usize + k])
    }

    /// Whether some key begins with the first two bytes of `hay[start..]`
    /// (ASCII case aside): rules out most positions at the cost of two
    /// lookups, before a walk.
    pub fn may_start_at(&self, hay: &[u8], start: usize) -> bool {
        let Some(&b0) = hay.get(start) else {
            return false;
        };
        let n = self.root[b0.to_ascii_lowercase() as usize];
        if n == 0 {
            return false;
        }
        let node = self.nodes[n as usize];
        let Some(&b1) = hay.get(start + 1) else {
            return node.key != NO_KEY;
        };
        let b1 = b1.to_ascii_lowercase();
        if node.seg_len >= 2 {
            self.bytes[node.seg as usize + 1] == b1
        } else {
            node.key != NO_KEY || self.child(n, b1).is_some()
        }
    }

    /// Every key that `hay[start..]` begins with, as (key, end byte), longest
    /// first. Bytes are ASCII-lower-cased on the way, like the keys.
    pub fn prefixes_at(&self, hay: &[u8], start: usize, out: &mut Vec<(usize, usize)>) {
        out.clear();
        let mut node = 0u32;
        let mut pos = start;
        while let Some(&b) = hay.get(pos) {
            let Some(next) = self.child(node, b.to_ascii_lowercase()) else {
                break;
            };
            let n = self.nodes[next as usize];
            let seg = &self.bytes[n.seg as usize..(n.seg + n.seg_len) as usize];
            let Some(text) = hay.get(pos..pos + seg.len()) else {
                break;
            };
            if !text.iter().zip(seg).all(|(t, s)| t.to_ascii_lowercase() == *s) {
                break;
            }
            pos += seg.len();
            node = next;
            if n.key != NO_KEY {
                out.push((n.key as usize, pos));
            }
        }
        out.reverse();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn finds_every_key_starting_at_a_position_longest_first() {
        let k = keys(&["united states", "united", "un", "united nations", "russia"]);
        let t = NameTrie::new(&k);
        let mut out = Vec::new();
        let hay = b"United States and Russia";
        t.prefixes_at(hay, 0, &mut out);
        let found: Vec<&str> = out.iter().map(|&(key, _)| k[key].as_str()).collect();
        assert_eq!(found, ["united states", "united", "un"]);
        assert_eq!(out[0].1, "United States".len());
        t.prefixes_at(hay, 18, &mut out);
        assert_eq!(out, [(4, hay.len())]);
        t.prefixes_at(hay, 14, &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn two_byte_test_rules_out_only_positions_no_key_starts_at() {
        let k = keys(&["al-assad", "a", "abu dhabi", "9/11"]);
        let t = NameTrie::new(&k);
        let hay = b"Al-Assad and Abu Dhabi, 9/11, at a x";
        for start in 0..hay.len() {
            let mut out = Vec::new();
            t.prefixes_at(hay, start, &mut out);
            if !out.is_empty() {
                assert!(t.may_start_at(hay, start), "{start}");
            }
        }
        assert!(t.may_start_at(hay, 0) && t.may_start_at(hay, 13) && t.may_start_at(hay, 24));
        assert!(t.may_start_at(b"an", 0), "'a' is a key of its own");
        let no_short = NameTrie::new(&keys(&["al-assad", "abu dhabi"]));
        assert!(!no_short.may_start_at(b"and", 0) && !no_short.may_start_at(b"x", 0));
        assert!(no_short.may_start_at(b"ABU", 0) && !no_short.may_start_at(b"a", 0));
    }

    #[test]
    fn duplicate_keys_map_to_one_of_them_and_non_ascii_bytes_match_exactly() {
        let k = keys(&["erdoğan", "erdoğan", "ab"]);
        let t = NameTrie::new(&k);
        let mut out = Vec::new();
        t.prefixes_at("ERDOğAN said".as_bytes(), 0, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(k[out[0].0], "erdoğan");
        t.prefixes_at("ERDOĞAN".as_bytes(), 0, &mut out);
        assert!(out.is_empty(), "only ASCII letters fold case");
    }

    #[test]
    fn many_children_use_the_sorted_search() {
        let k: Vec<String> = (b'a'..=b'z').map(|c| format!("x{}", c as char)).collect();
        let t = NameTrie::new(&k);
        let mut out = Vec::new();
        for (i, key) in k.iter().enumerate() {
            t.prefixes_at(key.as_bytes(), 0, &mut out);
            assert_eq!(out, [(i, 2)]);
        }
        t.prefixes_at(b"x!", 0, &mut out);
        assert!(out.is_empty());
        let k = keys(&["a-b-c-long", "a-b-c", "a-x"]);
        let t = NameTrie::new(&k);
        t.prefixes_at(b"A-B-C-LONG and", 0, &mut out);
        assert_eq!(out, [(0, 10), (1, 5)]);
        t.prefixes_at(b"a-b-c-lonG", 0, &mut out);
        assert_eq!(out, [(0, 10), (1, 5)]);
        t.prefixes_at(b"a-b-c-lon", 0, &mut out);
        assert_eq!(out, [(1, 5)], "a key cut short by the end of the text");
        let empty = NameTrie::new(&[]);
        empty.prefixes_at(b"anything", 0, &mut out);
        assert!(out.is_empty());
    }

    proptest::proptest! {
        /// The trie finds exactly the keys a naive prefix test finds.
        #[test]
        fn agrees_with_a_naive_prefix_test(
            keys in proptest::collection::vec("[ab -]{1,6}", 0..40),
            hay in "[abAB -]{0,12}",
        ) {
            let t = NameTrie::new(&keys);
            let mut out = Vec::new();
            for start in 0..=hay.len() {
                t.prefixes_at(hay.as_bytes(), start, &mut out);
                let lower = hay[start..].to_ascii_lowercase();
                let mut want: Vec<usize> = keys
                    .iter()
                    .filter(|k| lower.starts_with(k.as_str()))
                    .map(|k| start + k.len())
                    .collect();
                want.sort_unstable_by(|a, b| b.cmp(a));
                want.dedup();
                let got: Vec<usize> = out.iter().map(|&(_, e)| e).collect();
                proptest::prop_assert_eq!(&got, &want);
                for &(k, e) in &out {
                    proptest::prop_assert_eq!(keys[k].len(), e - start);
                }
            }
        }
    }
}
