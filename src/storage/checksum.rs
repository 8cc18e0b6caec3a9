//! The checksum at the end of every workspace file.
//!
//! A workspace ends with `"checksum": "xxh3-128:…"`, a hash of every byte
//! before that field. Saving computes it while streaming; opening recomputes
//! it while parsing, so a byte that rots on disk (a note, a position, an id,
//! a character of an article) is noticed instead of opening silently. The
//! field is the last one and has a fixed length, so neither side needs to
//! hold the document in memory, and the file stays plain JSON for other tools.

use std::io::{Read, Write};
use xxhash_rust::xxh3::Xxh3;

/// What precedes the 32 hex digits.
const PREFIX: &[u8] = b",\n  \"checksum\": \"xxh3-128:";
/// What follows them.
const SUFFIX: &[u8] = b"\"\n}\n";
/// The length of the tail that carries the checksum.
pub(crate) const TAIL_LEN: usize = PREFIX.len() + 32 + SUFFIX.len();

/// What the end of a file says about its checksum.
#[derive(Debug, PartialEq)]
pub(crate) enum Verdict {
    /// The checksum matches: the file is as it was saved.
    Intact,
    /// The checksum does not match: the file changed after it was saved.
    Mismatch,
    /// No checksum in our layout: a file of an older version, one rewritten
    /// by another tool, or one whose checksum line was deleted on purpose.
    Absent,
}

fn tail_digest(tail: &[u8]) -> Option<u128> {
    let hex = tail.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    if hex.len() != 32 || !hex.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    u128::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()
}

fn verdict(digest: u128, tail: &[u8]) -> Verdict {
    match tail_digest(tail) {
        Some(d) if d == digest => Verdict::Intact,
        Some(_) => Verdict::Mismatch,
        None => Verdict::Absent,
    }
}

/// Checks a whole file held in memory.
pub(crate) fn check_bytes(bytes: &[u8]) -> Verdict {
    if bytes.len() < TAIL_LEN {
        return Verdict::Absent;
    }
    let (body, tail) = bytes.split_at(bytes.len() - TAIL_LEN);
    verdict(xxhash_rust::xxh3::xxh3_128(body), tail)
}

/// Passes a serialised workspace through, hashing it, and closes the document
/// with the checksum field. The serialiser's closing `\n}` is held back so
/// the field can go before it. Meant to receive large chunks (put a buffer
/// in front of it): the serialiser's own writes are a few bytes each.
pub(crate) struct ChecksumWriter<'a> {
    inner: &'a mut dyn Write,
    hasher: Xxh3,
    held: [u8; HELD],
    held_len: usize,
}

const HELD: usize = 2;

impl<'a> ChecksumWriter<'a> {
    pub(crate) fn new(inner: &'a mut dyn Write) -> ChecksumWriter<'a> {
        ChecksumWriter {
            inner,
            hasher: Xxh3::new(),
            held: [0; HELD],
            held_len: 0,
        }
    }

    /// Writes the checksum field and the closing brace.
    pub(crate) fn finish(self) -> std::io::Result<()> {
        if self.held[..self.held_len] != *b"\n}" {
            return Err(std::io::Error::other("a workspace serialises as one JSON object"));
        }
        let digest = self.hasher.digest128();
        self.inner.write_all(PREFIX)?;
        write!(self.inner, "{digest:032x}")?;
        self.inner.write_all(SUFFIX)
    }

    fn pass(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.hasher.update(bytes);
        self.inner.write_all(bytes)
    }
}

impl Write for ChecksumWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // The last HELD bytes of everything seen so far stay held.
        let total = self.held_len + buf.len();
        if total <= HELD {
            self.held[self.held_len..total].copy_from_slice(buf);
            self.held_len = total;
            return Ok(buf.len());
        }
        let release = total - HELD;
        let from_held = release.min(self.held_len);
        let held = self.held;
        self.pass(&held[..from_held])?;
        let from_buf = release - from_held;
        self.pass(&buf[..from_buf])?;
        let mut next = [0u8; HELD];
        let kept_old = self.held_len - from_held;
        next[..kept_old].copy_from_slice(&held[from_held..self.held_len]);
        next[kept_old..HELD].copy_from_slice(&buf[from_buf..]);
        self.held = next;
        self.held_len = HELD;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Hashes what is read through it except the last [`TAIL_LEN`] bytes, which
/// it keeps: at the end of the file they are the checksum field.
pub(crate) struct ChecksumReader<R> {
    inner: R,
    hasher: Xxh3,
    tail: Vec<u8>,
}

impl<R: Read> ChecksumReader<R> {
    pub(crate) fn new(inner: R) -> ChecksumReader<R> {
        ChecksumReader {
            inner,
            hasher: Xxh3::new(),
            tail: Vec::with_capacity(TAIL_LEN * 2),
        }
    }

    /// Reads whatever the parser left (trailing whitespace) and judges.
    pub(crate) fn finish(mut self) -> std::io::Result<Verdict> {
        std::io::copy(&mut self, &mut std::io::sink())?;
        if self.tail.len() < TAIL_LEN {
            return Ok(Verdict::Absent);
        }
        Ok(verdict(self.hasher.digest128(), &self.tail))
    }
}

impl<R: Read> Read for ChecksumReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let new = &buf[..n];
        if new.len() >= TAIL_LEN {
            let (pass, keep) = new.split_at(new.len() - TAIL_LEN);
            self.hasher.update(&self.tail);
            self.hasher.update(pass);
            self.tail.clear();
            self.tail.extend_from_slice(keep);
        } else {
            self.tail.extend_from_slice(new);
            if self.tail.len() > TAIL_LEN {
                let cut = self.tail.len() - TAIL_LEN;
                self.hasher.update(&self.tail[..cut]);
                self.tail.drain(..cut);
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealed(body: &[u8], chunk: usize) -> Vec<u8> {
        let mut out = Vec::new();
        let mut w = ChecksumWriter::new(&mut out);
        for c in body.chunks(chunk) {
            w.write_all(c).unwrap();
        }
        w.finish().unwrap();
        out
    }

    fn read_verdict(bytes: &[u8], chunk: usize) -> Verdict {
        struct Trickle<'a>(&'a [u8], usize);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = self.0.len().min(self.1).min(buf.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut r = ChecksumReader::new(Trickle(bytes, chunk));
        let mut sink = Vec::new();
        r.read_to_end(&mut sink).unwrap();
        assert_eq!(sink, bytes, "the reader passes everything through");
        r.finish().unwrap()
    }

    #[test]
    fn every_chunking_agrees_and_any_flipped_byte_is_caught() {
        let body = b"{\n  \"format\": \"x\",\n  \"notes\": \"\xc3\xa9t\xc3\xa9\"\n}";
        let reference = sealed(body, 1000);
        assert!(reference.ends_with(b"\"\n}\n"));
        serde_json::from_slice::<serde_json::Value>(&reference).expect("still plain JSON");
        for chunk in [1, 2, 3, 7, TAIL_LEN - 1, TAIL_LEN, TAIL_LEN + 1, 4096] {
            assert_eq!(sealed(body, chunk), reference, "writer chunk {chunk}");
            assert_eq!(read_verdict(&reference, chunk), Verdict::Intact, "reader chunk {chunk}");
        }
        assert_eq!(check_bytes(&reference), Verdict::Intact);
        for i in 0..reference.len() {
            let mut damaged = reference.clone();
            damaged[i] ^= 0x01;
            let v = check_bytes(&damaged);
            assert_ne!(v, Verdict::Intact, "flip at {i} not caught");
            assert_eq!(read_verdict(&damaged, 5), v);
        }
    }

    #[test]
    fn files_without_the_field_are_absent_not_damaged() {
        assert_eq!(check_bytes(b"{}"), Verdict::Absent);
        assert_eq!(check_bytes(&[b' '; 200]), Verdict::Absent);
        assert_eq!(read_verdict(b"{\"a\": 1}\n", 3), Verdict::Absent);
    }

    #[test]
    fn a_document_that_does_not_end_in_a_brace_is_refused() {
        let mut out = Vec::new();
        let mut w = ChecksumWriter::new(&mut out);
        w.write_all(b"[1, 2]").unwrap();
        assert!(w.finish().is_err());
    }
}
