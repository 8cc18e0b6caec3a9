//! Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM or recognised
//! by its zero bytes, otherwise Windows-1252, which decodes any byte and is
//! what unlabelled Western news files almost always are. Binary files are
//! refused.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};

#[derive(Debug, PartialEq)]
pub struct Decoded {
    pub text: String,
    /// Set when the encoding was guessed rather than known, to tell the user.
    pub note: Option<String>,
}

#[derive(Debug, PartialEq)]
pub enum DecodeError {
    Empty,
    Binary,
}

/// Takes the file's bytes, so that UTF-8, most files, becomes the text in
/// place: an enormous file is not held twice.
pub fn decode(mut bytes: Vec<u8>) -> Result<Decoded, DecodeError> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
        return utf8(bytes);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let enc = if bytes[0] == 0xFF { UTF_16LE } else { UTF_16BE };
        let (text, had_errors) = enc.decode_with_bom_removal(&bytes);
        if text.trim().is_empty() {
            return Err(DecodeError::Empty);
        }
        let note = had_errors.then(|| format!("invalid {} sequences were replaced with �", enc.name()));
        return check_text(text.into_owned(), note);
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(DecodeError::Empty);
    }
    if let Some(decoded) = utf16_without_bom(&bytes) {
        return Ok(decoded);
    }
    if looks_binary(&bytes) {
        return Err(DecodeError::Binary);
    }
    match String::from_utf8(bytes) {
        Ok(s) => check_text(s, None),
        Err(e) => {
            let (text, _) = WINDOWS_1252.decode_without_bom_handling(e.as_bytes());
            check_text(
                text.into_owned(),
                Some("not valid UTF-8; decoded as Windows-1252".into()),
            )
        }
    }
}

fn utf8(bytes: Vec<u8>) -> Result<Decoded, DecodeError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(DecodeError::Empty);
    }
    match String::from_utf8(bytes) {
        Ok(s) => check_text(s, None),
        Err(e) => {
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            check_text(
                text,
                Some("the file says UTF-8 but has invalid bytes; they were replaced with �".into()),
            )
        }
    }
}

fn check_text(text: String, note: Option<String>) -> Result<Decoded, DecodeError> {
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0c'))
        .count();
    if controls * 20 > text.chars().count().max(1) {
        return Err(DecodeError::Binary);
    }
    Ok(Decoded { text, note })
}

/// UTF-16 saved without a BOM (some Windows tools do): Latin-script text in
/// it has a zero high byte in most code units, so zeros crowd one parity of
/// positions and are all but absent from the other. It must also decode
/// cleanly, which keeps binaries with many zeros out.
fn utf16_without_bom(bytes: &[u8]) -> Option<Decoded> {
    let head = &bytes[..bytes.len().min(8192)];
    let zeros = |parity: usize| {
        let at: Vec<&u8> = head.iter().skip(parity).step_by(2).collect();
        (at.iter().filter(|&&&b| b == 0).count(), at.len().max(1))
    };
    let mostly_zero = |(z, n): (usize, usize)| z * 10 >= n * 3;
    let almost_none = |(z, n): (usize, usize)| z * 100 <= n;
    let (even, odd) = (zeros(0), zeros(1));
    let enc: &'static Encoding = if mostly_zero(odd) && almost_none(even) {
        UTF_16LE
    } else if mostly_zero(even) && almost_none(odd) {
        UTF_16BE
    } else {
        return None;
    };
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors || text.contains('\0') {
        return None;
    }
    let note = format!("decoded as {} (no byte order mark)", enc.name().replace("-16", "-16 "));
    check_text(text.into_owned(), Some(note)).ok()
}

/// NUL bytes never occur in text without a UTF-16 BOM; a run of other control
/// bytes in the first block also gives binaries away.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let odd = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    odd * 20 > head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("Erdoğan".into()).unwrap().text, "Erdoğan");
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("Kyiv".as_bytes());
        assert_eq!(
            decode(b).unwrap(),
            Decoded {
                text: "Kyiv".into(),
                note: None
            }
        );
    }

    #[test]
    fn utf16_with_bom_both_endians() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in "Zelensky – Київ".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(le).unwrap().text, "Zelensky – Київ");
        assert_eq!(decode(be).unwrap().text, "Zelensky – Київ");
    }

    #[test]
    fn windows_1252_fallback_is_announced() {
        let d = decode(b"Caf\xe9 \x93quoted\x94".to_vec()).unwrap();
        assert_eq!(d.text, "Café “quoted”");
        assert!(d.note.unwrap().contains("Windows-1252"));
    }

    #[test]
    fn empty_and_binary_are_refused() {
        assert_eq!(decode(b"".to_vec()), Err(DecodeError::Empty));
        assert_eq!(decode(b" \n\t ".to_vec()), Err(DecodeError::Empty));
        assert_eq!(decode(vec![0xEF, 0xBB, 0xBF]), Err(DecodeError::Empty));
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()),
            Err(DecodeError::Binary)
        );
        assert_eq!(decode(vec![1, 2, 3, 4, 5, 6, 7, 8, b'a']), Err(DecodeError::Binary));
    }

    fn utf16(s: &str, to_bytes: fn(u16) -> [u8; 2]) -> Vec<u8> {
        s.encode_utf16().flat_map(to_bytes).collect()
    }

    #[test]
    fn utf16_without_bom_is_recognised_and_announced() {
        let text = "Talks in Київ\r\n\r\nZelensky received the envoys on Tuesday.";
        let le = decode(utf16(text, u16::to_le_bytes)).unwrap();
        assert_eq!(le.text, text);
        assert_eq!(le.note.as_deref(), Some("decoded as UTF-16 LE (no byte order mark)"));
        let be = decode(utf16(text, u16::to_be_bytes)).unwrap();
        assert_eq!(be.text, text);
        assert_eq!(be.note.as_deref(), Some("decoded as UTF-16 BE (no byte order mark)"));
    }

    #[test]
    fn binaries_with_zeros_on_one_side_stay_refused() {
        // Little-endian 16-bit samples: zero high bytes, but control characters as text.
        let samples: Vec<u8> = (0..200u16).flat_map(|i| (i % 20 + 1).to_le_bytes()).collect();
        assert_eq!(decode(samples), Err(DecodeError::Binary));
        // 32-bit integers: zeros at both parities.
        let ints: Vec<u8> = (0..200u32).flat_map(|i| (i * 7 + 65).to_le_bytes()).collect();
        assert_eq!(decode(ints), Err(DecodeError::Binary));
    }
}
