//! A small, fast hasher for the analyser's short string and integer keys
//! (the Fx hash of rustc). Not DoS-resistant, which does not matter for keys
//! that come from our own word lists and token positions.

use std::hash::{BuildHasherDefault, Hasher};

#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // Byte by byte: a copy into a buffer compiles to a memcpy call,
            // which cost more than the hashing for short words.
            let word = rest.iter().rev().fold(0u64, |acc, &b| acc << 8 | b as u64);
            self.add(word);
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }

    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// `bytes` with ASCII letters lower-cased, in `buf`: short words are looked
/// up without allocating. `None` when they do not fit.
pub fn ascii_lower<'a>(bytes: &[u8], buf: &'a mut [u8; 64]) -> Option<&'a [u8]> {
    let lower = buf.get_mut(..bytes.len())?;
    lower.copy_from_slice(bytes);
    lower.make_ascii_lowercase();
    Some(lower)
}

/// The hash of a byte string, for sets that only need to rule things out.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(bytes);
    h.finish()
}

pub type FastMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FxHasher>>;
pub type FastSet<K> = std::collections::HashSet<K, BuildHasherDefault<FxHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_work_with_it() {
        let s: FastSet<String> = ["sanctions", "talks", "a"].iter().map(|w| w.to_string()).collect();
        assert!(s.contains("talks") && s.contains("a") && !s.contains("talk"));
    }
}
