//! Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM or recognised
//! by its zero bytes, otherwise a legacy encoding detected from the bytes
//! (chardetng, the detector Firefox uses: Windows-1252, Windows-1251,
//! ISO-8859-2, Shift_JIS, GBK/GB18030, EUC-KR, Big5…), named in the import
//! report since it is a guess. Binary files are refused.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

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
            let bytes = e.into_bytes();
            let enc = detect_legacy(&bytes);
            let (text, had_errors) = enc.decode_without_bom_handling(&bytes);
            let mut note = format!("not valid UTF-8; detected and decoded as {}", display_name(enc));
            if had_errors {
                note.push_str(" (some bytes did not fit it and were replaced with �)");
            }
            check_text(text.into_owned(), Some(note))
        }
    }
}

/// The legacy encoding the bytes most likely are. The detector sees the
/// first 64 kB: enough for any script, and a huge file is not scanned twice.
fn detect_legacy(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new();
    let head = &bytes[..bytes.len().min(64 * 1024)];
    detector.feed(head, head.len() == bytes.len());
    detector.guess(None, false)
}

/// The name analysts know the encoding by.
fn display_name(enc: &'static Encoding) -> String {
    match enc.name() {
        "windows-1252" => "Windows-1252 (Western European)".into(),
        "windows-1251" => "Windows-1251 (Cyrillic)".into(),
        "windows-1250" => "Windows-1250 (Central European)".into(),
        "ISO-8859-2" => "ISO-8859-2 (Central European)".into(),
        "windows-1253" => "Windows-1253 (Greek)".into(),
        "ISO-8859-7" => "ISO-8859-7 (Greek)".into(),
        "windows-1256" => "Windows-1256 (Arabic)".into(),
        "KOI8-R" | "KOI8-U" => format!("{} (Cyrillic)", enc.name()),
        "Shift_JIS" | "EUC-JP" | "ISO-2022-JP" => format!("{} (Japanese)", enc.name()),
        "GBK" | "gb18030" => "GB18030/GBK (Chinese)".into(),
        "Big5" => "Big5 (Traditional Chinese)".into(),
        "EUC-KR" => "EUC-KR (Korean)".into(),
        other => other.to_owned(),
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

    /// Real sentences of news in each script, encoded as the legacy files are.
    #[test]
    fn legacy_encodings_are_detected_and_named() {
        let cases: [(&str, &'static Encoding, &str); 6] = [
            (
                "Министр иностранных дел России Сергей Лавров заявил, что переговоры в Эр-Рияде \
                 прошли конструктивно и что делегации встретятся снова.",
                encoding_rs::WINDOWS_1251,
                "Windows-1251",
            ),
            (
                "Przedstawiciele Unii Europejskiej oświadczyli, że sankcje wobec Rosji zostaną \
                 przedłużone, a rozmowy pokojowe muszą obejmować Ukrainę.",
                encoding_rs::ISO_8859_2,
                "ISO-8859-2",
            ),
            (
                "外務大臣は記者会見で、制裁の解除には交渉の進展が必要だと述べ、対話の継続を求めた。",
                encoding_rs::SHIFT_JIS,
                "Japanese",
            ),
            (
                "外交部发言人表示，中方支持通过对话和谈判解决危机，反对单方面制裁。",
                encoding_rs::GB18030,
                "Chinese",
            ),
            (
                "Ο υπουργός Εξωτερικών δήλωσε ότι οι κυρώσεις θα παραμείνουν μέχρι να υπάρξει πρόοδος \
                 στις διαπραγματεύσεις.",
                encoding_rs::WINDOWS_1253,
                "Greek",
            ),
            (
                "Le ministre a déclaré que les négociations à Genève étaient « difficiles » mais \
                 nécessaires, et qu'il fallait éviter l'escalade.",
                encoding_rs::WINDOWS_1252,
                "Windows-1252",
            ),
        ];
        for (text, enc, named) in cases {
            let (bytes, _, unmappable) = enc.encode(text);
            assert!(!unmappable, "{} cannot hold the sample", enc.name());
            let d = decode(bytes.into_owned()).unwrap();
            assert_eq!(d.text, text, "decoded as {:?}", d.note);
            let note = d.note.unwrap();
            assert!(note.contains(named), "{note}");
        }
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
