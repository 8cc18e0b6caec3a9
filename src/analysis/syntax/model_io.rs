//! The model file: `STSYNTAX`, a version, the label lists, the tagger's
//! classes, tag dictionary and ambiguity classes, the two weight tables
//! with i16 weights (one scale per table), and an xxh3 checksum of
//! everything before it.
//! Reading checks every length and index and returns an error, never
//! panics, on a truncated or foreign file.

use super::labels::{DEPRELS, UPOS, XPOS, index_of};
use super::parser::Parser;
use super::perceptron::Weights;
use super::tagger::Tagger;
use super::transition::N_CLASSES;
use std::collections::HashMap;
use xxhash_rust::xxh3::xxh3_64;

pub const MAGIC: &[u8; 8] = b"STSYNTAX";
pub const VERSION: u32 = 2;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ModelError {
    #[error("not a syntax model (no STSYNTAX header)")]
    BadMagic,
    #[error("syntax model version {0}; this build reads version {VERSION}")]
    Version(u32),
    #[error("syntax model truncated at byte {0}")]
    Truncated(usize),
    #[error("syntax model checksum mismatch: the file is damaged")]
    Checksum,
    #[error("syntax model is inconsistent: {0}")]
    Corrupt(String),
}

pub(crate) fn write(tagger: &Tagger, parser: &Parser) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    for list in [&UPOS[..], &XPOS[..], &DEPRELS[..]] {
        out.extend_from_slice(&(list.len() as u16).to_le_bytes());
        for name in list {
            out.push(name.len() as u8);
            out.extend_from_slice(name.as_bytes());
        }
    }
    out.extend_from_slice(&(tagger.classes.len() as u16).to_le_bytes());
    for &(u, x) in &tagger.classes {
        out.extend_from_slice(&[u, x]);
    }
    let mut dict: Vec<(u64, u8)> = tagger.tagdict.iter().map(|(&k, &v)| (k, v)).collect();
    dict.sort_unstable();
    out.extend_from_slice(&(dict.len() as u32).to_le_bytes());
    for (k, v) in dict {
        out.extend_from_slice(&k.to_le_bytes());
        out.push(v);
    }
    let mut amb: Vec<(u64, u32)> = tagger.ambiguity.iter().map(|(&k, &v)| (k, v)).collect();
    amb.sort_unstable();
    out.extend_from_slice(&(amb.len() as u32).to_le_bytes());
    for (k, v) in amb {
        out.extend_from_slice(&k.to_le_bytes());
        out.extend_from_slice(&v.to_le_bytes());
    }
    write_weights(&mut out, &tagger.weights);
    write_weights(&mut out, &parser.weights);
    let sum = xxh3_64(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

fn write_weights(out: &mut Vec<u8>, w: &Weights) {
    let rows: Vec<(u64, Vec<(u8, f32)>)> = w.rows().collect();
    let max = rows
        .iter()
        .flat_map(|r| r.1.iter().map(|e| e.1.abs()))
        .fold(0.0f32, f32::max);
    let scale = if max > 0.0 { max / i16::MAX as f32 } else { 1.0 };
    let rows: Vec<(u64, Vec<(u8, i16)>)> = rows
        .into_iter()
        .map(|(k, row)| {
            (
                k,
                row.into_iter()
                    .map(|(c, v)| (c, (v / scale).round() as i16))
                    .filter(|e| e.1 != 0)
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|r| !r.1.is_empty())
        .collect();
    out.extend_from_slice(&(w.n_classes() as u16).to_le_bytes());
    out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
    out.extend_from_slice(&scale.to_le_bytes());
    for (k, row) in rows {
        out.extend_from_slice(&k.to_le_bytes());
        out.push(row.len() as u8);
        for (c, v) in row {
            out.push(c);
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or(ModelError::Truncated(self.bytes.len()))?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        let mut a = [0; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.take(1)?[0])
    }

    fn u16(&mut self) -> Result<u16, ModelError> {
        self.array().map(u16::from_le_bytes)
    }

    fn u32(&mut self) -> Result<u32, ModelError> {
        self.array().map(u32::from_le_bytes)
    }

    fn u64(&mut self) -> Result<u64, ModelError> {
        self.array().map(u64::from_le_bytes)
    }

    fn f32(&mut self) -> Result<f32, ModelError> {
        self.array().map(f32::from_le_bytes)
    }

    fn name(&mut self) -> Result<&'a str, ModelError> {
        let n = self.u8()? as usize;
        std::str::from_utf8(self.take(n)?).map_err(|_| corrupt("a label is not UTF-8"))
    }
}

fn corrupt(what: &str) -> ModelError {
    ModelError::Corrupt(what.to_owned())
}

pub(crate) fn read(bytes: &[u8]) -> Result<(Tagger, Parser), ModelError> {
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(ModelError::BadMagic);
    }
    let mut r = Reader {
        bytes,
        pos: MAGIC.len(),
    };
    let version = r.u32()?;
    if version != VERSION {
        return Err(ModelError::Version(version));
    }
    if bytes.len() < r.pos + 8 {
        return Err(ModelError::Truncated(bytes.len()));
    }
    let (body, sum) = bytes.split_at(bytes.len() - 8);
    if xxh3_64(body) != u64::from_le_bytes(sum.try_into().expect("8 bytes")) {
        return Err(ModelError::Checksum);
    }
    let mut r = Reader {
        bytes: body,
        pos: r.pos,
    };
    let mut maps: Vec<Vec<u8>> = Vec::new();
    for list in [&UPOS[..], &XPOS[..], &DEPRELS[..]] {
        let n = r.u16()?;
        let mut map = Vec::with_capacity(n as usize);
        for _ in 0..n {
            let name = r.name()?;
            map.push(index_of(list, name).ok_or_else(|| ModelError::Corrupt(format!("unknown label {name:?}")))?);
        }
        maps.push(map);
    }
    if maps[2].iter().enumerate().any(|(i, &m)| m as usize != i) || maps[2].len() != DEPRELS.len() {
        return Err(corrupt("the relation list differs from this build's"));
    }
    let n_classes = r.u16()? as usize;
    let mut classes = Vec::with_capacity(n_classes);
    for _ in 0..n_classes {
        let (u, x) = (r.u8()? as usize, r.u8()? as usize);
        let u = *maps[0].get(u).ok_or_else(|| corrupt("a tag class names no UPOS"))?;
        let x = *maps[1].get(x).ok_or_else(|| corrupt("a tag class names no XPOS"))?;
        classes.push((u, x));
    }
    let n_dict = r.u32()? as usize;
    let mut tagdict = HashMap::with_capacity(n_dict.min(body.len() / 9));
    for _ in 0..n_dict {
        let (k, v) = (r.u64()?, r.u8()?);
        if v as usize >= n_classes {
            return Err(corrupt("a tag dictionary entry names no class"));
        }
        tagdict.insert(k, v);
    }
    let n_amb = r.u32()? as usize;
    let mut ambiguity = HashMap::with_capacity(n_amb.min(body.len() / 12));
    for _ in 0..n_amb {
        let (k, v) = (r.u64()?, r.u32()?);
        if v >> maps[0].len() != 0 {
            return Err(corrupt("an ambiguity class names no UPOS"));
        }
        let bits = (0..maps[0].len())
            .filter(|&u| v >> u & 1 == 1)
            .fold(0u32, |b, u| b | 1 << maps[0][u]);
        ambiguity.insert(k, bits);
    }
    let tagger_weights = read_weights(&mut r)?;
    if tagger_weights.n_classes() != n_classes {
        return Err(corrupt("the tagger's weights do not match its classes"));
    }
    let parser_weights = read_weights(&mut r)?;
    if parser_weights.n_classes() != N_CLASSES {
        return Err(corrupt("the parser's weights do not match the relation list"));
    }
    if r.pos != body.len() {
        return Err(corrupt("bytes after the parser's weights"));
    }
    Ok((
        Tagger {
            classes,
            tagdict,
            ambiguity,
            weights: tagger_weights,
        },
        Parser {
            weights: parser_weights,
        },
    ))
}

fn read_weights(r: &mut Reader) -> Result<Weights, ModelError> {
    let n_classes = r.u16()? as usize;
    let n_rows = r.u32()? as usize;
    let scale = r.f32()?;
    if !scale.is_finite() || n_classes > 256 || n_rows > r.bytes.len() / 12 {
        return Err(corrupt("a weight table's header is out of range"));
    }
    let mut keys = Vec::with_capacity(n_rows);
    let mut starts = Vec::with_capacity(n_rows + 1);
    let (mut classes, mut values) = (Vec::with_capacity(n_rows * 3), Vec::with_capacity(n_rows * 3));
    let mut last = 0u64;
    for _ in 0..n_rows {
        let key = r.u64()?;
        if key <= last {
            return Err(corrupt("weight keys out of order"));
        }
        last = key;
        keys.push(key);
        starts.push(classes.len() as u32);
        let len = r.u8()? as usize;
        for e in r.take(len * 3)?.chunks_exact(3) {
            if e[0] as usize >= n_classes {
                return Err(corrupt("a weight names no class"));
            }
            classes.push(e[0]);
            values.push(i16::from_le_bytes([e[1], e[2]]) as f32 * scale);
        }
    }
    starts.push(classes.len() as u32);
    Ok(Weights::from_flat(n_classes, keys, &starts, classes, values))
}
