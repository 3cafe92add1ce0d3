//! Bytes to UTF-8 text: byte-order marks, encoding detection and streaming
//! decoding, plus the dialect sniffing that works on decoded text
//! (delimiter, line terminator).

use super::decode::{LabelLookup, StreamDecoder, TextEncoding};
use crate::error::{Error, ErrorKind, Result};

/// A byte-order mark at the start of the input: the encoding it announces,
/// its report name and its length.
pub(crate) fn detect_bom(start: &[u8]) -> Option<(TextEncoding, &'static str, usize)> {
    match start {
        [0xEF, 0xBB, 0xBF, ..] => Some((TextEncoding::Utf8, "utf-8-bom", 3)),
        [0xFF, 0xFE, ..] => Some((TextEncoding::Utf16Le, "utf-16le", 2)),
        [0xFE, 0xFF, ..] => Some((TextEncoding::Utf16Be, "utf-16be", 2)),
        _ => None,
    }
}

/// UTF-16 without a byte-order mark shows as a zero byte in every other
/// position of ASCII text.
pub(crate) fn detect_bomless_utf16(sample: &[u8]) -> Option<(TextEncoding, &'static str)> {
    let sample = &sample[..sample.len().min(4096) & !1];
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let zero_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let zero_even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    if zero_odd * 10 >= pairs * 6 && zero_even * 10 <= pairs {
        Some((TextEncoding::Utf16Le, "utf-16le"))
    } else if zero_even * 10 >= pairs * 6 && zero_odd * 10 <= pairs {
        Some((TextEncoding::Utf16Be, "utf-16be"))
    } else {
        None
    }
}

/// Reject input that is clearly not text (after BOM and UTF-16 checks).
pub(crate) fn check_text(sample: &[u8]) -> Result<()> {
    let sample = &sample[..sample.len().min(64 * 1024)];
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1A))
        .count();
    if sample.contains(&0) || controls * 20 > sample.len() {
        return Err(Error::new(ErrorKind::Format(
            crate::error_messages::NOT_TEXT.into(),
        )));
    }
    Ok(())
}

/// The encoding given in the options, by WHATWG label (`utf-8`,
/// `windows-1252`, `latin1`, `iso-8859-15`, `utf-16le`, ...).
pub(crate) fn encoding_for_label(label: &str) -> Result<TextEncoding> {
    match TextEncoding::for_label(label) {
        LabelLookup::Known(encoding) => Ok(encoding),
        LabelLookup::NotBuiltIn => Err(Error::invalid_params(
            "input.encoding",
            crate::error_messages::ENCODING_FULL_BUILD.with(&[("label", &label)]),
        )),
        LabelLookup::Unknown => Err(Error::invalid_params(
            "input.encoding",
            crate::error_messages::ENCODING_UNKNOWN.with(&[("label", &label)]),
        )),
    }
}

/// Whether this build reads the encoding a WHATWG label names; `false` for
/// a label it cannot check (without the `legacy-encodings` feature), and
/// `true` for an unknown label in a build that can tell (its error is then
/// given when the ingestion starts).
pub fn reads_encoding(label: &str) -> bool {
    !matches!(TextEncoding::for_label(label), LabelLookup::NotBuiltIn)
}

enum DecoderState {
    /// Only ASCII seen so far: valid in UTF-8 and Windows-1252 alike.
    /// `held` keeps the first non-ASCII bytes while they are too few to tell.
    Undecided { held: Vec<u8> },
    /// UTF-8: passed through without a copy.
    Utf8,
    /// Anything else, decoded to UTF-8.
    Decoding(StreamDecoder),
}

/// Streaming bytes → UTF-8. UTF-8 input passes through untouched; the
/// first non-ASCII character decides between UTF-8 and Windows-1252 when
/// the encoding is not known.
pub(crate) struct TextDecoder {
    state: DecoderState,
    name: String,
    out: Vec<u8>,
    malformed: bool,
}

/// How the first non-ASCII bytes read.
enum FirstNonAscii {
    Utf8,
    Windows1252,
    NeedMore,
}

fn classify_non_ascii(bytes: &[u8], last: bool) -> FirstNonAscii {
    let width = match bytes.first() {
        Some(0xC2..=0xDF) => 2,
        Some(0xE0..=0xEF) => 3,
        Some(0xF0..=0xF4) => 4,
        _ => return FirstNonAscii::Windows1252,
    };
    if bytes.len() < width {
        return if last {
            FirstNonAscii::Windows1252
        } else {
            FirstNonAscii::NeedMore
        };
    }
    if std::str::from_utf8(&bytes[..width]).is_ok() {
        FirstNonAscii::Utf8
    } else {
        FirstNonAscii::Windows1252
    }
}

impl TextDecoder {
    /// A decoder for a known encoding (`name` is what the report says).
    pub(crate) fn known(encoding: TextEncoding, name: &str) -> Self {
        let state = match StreamDecoder::new(encoding) {
            None => DecoderState::Utf8,
            Some(decoder) => DecoderState::Decoding(decoder),
        };
        TextDecoder {
            state,
            name: name.to_string(),
            out: Vec::new(),
            malformed: false,
        }
    }

    /// A decoder that tells UTF-8 from Windows-1252 by the first non-ASCII character.
    pub(crate) fn detecting() -> Self {
        TextDecoder {
            state: DecoderState::Undecided { held: Vec::new() },
            name: "utf-8".into(),
            out: Vec::new(),
            malformed: false,
        }
    }

    /// The encoding as the report names it (pure ASCII reads as `utf-8`).
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// Whether the input was found to be Windows-1252 (or another legacy
    /// single-byte encoding), which hints at French-style decimals.
    pub(crate) fn is_legacy(&self) -> bool {
        self.name.starts_with("windows") || self.name.starts_with("iso-8859")
    }

    /// Whether some bytes could not be decoded and became U+FFFD.
    pub(crate) fn malformed(&self) -> bool {
        self.malformed
    }

    /// Decode the next chunk; `last` is true for the final call. The
    /// returned UTF-8 is either `input` itself or the decoder's buffer.
    pub(crate) fn decode<'a>(&'a mut self, input: &'a [u8], last: bool) -> &'a [u8] {
        match &mut self.state {
            DecoderState::Utf8 => input,
            DecoderState::Decoding(_) => {
                self.run_decoder(input, last);
                &self.out
            }
            DecoderState::Undecided { held } if held.is_empty() => {
                let Some(position) = input.iter().position(|b| !b.is_ascii()) else {
                    return input;
                };
                match classify_non_ascii(&input[position..], last) {
                    FirstNonAscii::Utf8 => {
                        self.state = DecoderState::Utf8;
                        input
                    }
                    FirstNonAscii::Windows1252 => {
                        self.switch_to_windows_1252();
                        self.run_decoder(input, last);
                        &self.out
                    }
                    FirstNonAscii::NeedMore => {
                        *held = input[position..].to_vec();
                        &input[..position]
                    }
                }
            }
            DecoderState::Undecided { held } => {
                let mut combined = std::mem::take(held);
                combined.extend_from_slice(input);
                match classify_non_ascii(&combined, last) {
                    FirstNonAscii::Utf8 => {
                        self.state = DecoderState::Utf8;
                        self.out = combined;
                        &self.out
                    }
                    FirstNonAscii::Windows1252 => {
                        self.switch_to_windows_1252();
                        self.run_decoder(&combined, last);
                        &self.out
                    }
                    FirstNonAscii::NeedMore => {
                        *held = combined;
                        &[]
                    }
                }
            }
        }
    }

    fn switch_to_windows_1252(&mut self) {
        self.state = DecoderState::Decoding(StreamDecoder::Windows1252);
        self.name = "windows-1252".into();
    }

    fn run_decoder(&mut self, input: &[u8], last: bool) {
        let DecoderState::Decoding(decoder) = &mut self.state else {
            return;
        };
        self.out.clear();
        self.malformed |= decoder.decode(input, last, &mut self.out);
    }
}

/// The CSV delimiter: among `;` tab `,` `|`, the one that appears in the
/// header line and the same number of times on the most following lines
/// (counted outside quotes). Ties prefer `;`, then tab, `,`, `|`.
/// `complete` says whether `text` is the whole file (else its last line may
/// be cut and is ignored).
pub(crate) fn detect_delimiter(text: &[u8], complete: bool) -> u8 {
    const CANDIDATES: [u8; 4] = [b';', b'\t', b',', b'|'];
    let mut lines: Vec<[u32; 4]> = Vec::new();
    let mut counts = [0u32; 4];
    let mut in_quotes = false;
    let mut non_blank = false;
    let mut finished_last = true;
    for &byte in text {
        finished_last = false;
        if byte == b'"' {
            in_quotes = !in_quotes;
            non_blank = true;
            continue;
        }
        if in_quotes {
            continue;
        }
        if byte == b'\n' || byte == b'\r' {
            if non_blank {
                lines.push(counts);
            }
            counts = [0; 4];
            non_blank = false;
            finished_last = true;
            if lines.len() >= 50 {
                break;
            }
            continue;
        }
        if let Some(index) = CANDIDATES.iter().position(|&c| c == byte) {
            counts[index] += 1;
        }
        if !byte.is_ascii_whitespace() {
            non_blank = true;
        }
    }
    if non_blank && (complete || lines.is_empty()) && !finished_last {
        lines.push(counts);
    }
    let Some(header) = lines.first() else {
        return b',';
    };
    let rows = &lines[1..];
    let mut best: Option<(usize, u32, usize)> = None;
    for (index, &delimiter_count) in header.iter().enumerate() {
        if delimiter_count == 0 {
            continue;
        }
        let consistent = rows
            .iter()
            .filter(|row| row[index] == delimiter_count)
            .count();
        let better = match best {
            None => true,
            Some((best_consistent, best_count, _)) => {
                consistent > best_consistent
                    || (consistent == best_consistent
                        && rows.is_empty()
                        && delimiter_count > best_count)
            }
        };
        if better {
            best = Some((consistent, delimiter_count, index));
        }
    }
    best.map_or(b',', |(_, _, index)| CANDIDATES[index])
}

/// `\n` (also for CRLF files), or `\r` for old Mac files with bare carriage returns.
pub(crate) fn detect_terminator(text: &[u8]) -> u8 {
    if memchr::memchr(b'\n', text).is_none() && memchr::memchr(b'\r', text).is_some() {
        b'\r'
    } else {
        b'\n'
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_is_the_consistent_one() {
        assert_eq!(detect_delimiter(b"a;b;c\n1;2,5;3\n4;5,5;6\n", true), b';');
        assert_eq!(detect_delimiter(b"a,b,c\n1,\"2,5\",3\n4,5,6\n", true), b',');
        assert_eq!(detect_delimiter(b"a\tb\n1\t2,5\n", true), b'\t');
        assert_eq!(detect_delimiter(b"a|b|c\n1|2|3\n", true), b'|');
        assert_eq!(detect_delimiter(b"only\n1\n", true), b',');
        assert_eq!(detect_delimiter(b"a;b\r\n1;2\r\n", true), b';');
        assert_eq!(detect_delimiter(b"", true), b',');
    }

    #[test]
    fn first_non_ascii_character_decides_the_encoding() {
        let mut decoder = TextDecoder::detecting();
        assert_eq!(decoder.decode(b"abc;", false), b"abc;");
        assert_eq!(decoder.decode(b"caf\xC3", false), b"caf");
        assert_eq!(decoder.decode(b"\xA9;x", false), "é;x".as_bytes());
        assert_eq!(decoder.name(), "utf-8");

        let mut decoder = TextDecoder::detecting();
        assert_eq!(decoder.decode(b"caf\xE9;x", false), "café;x".as_bytes());
        assert_eq!(decoder.name(), "windows-1252");
        assert_eq!(
            decoder.decode(b"1 234,56 \x80", true),
            "1 234,56 €".as_bytes()
        );

        let mut decoder = TextDecoder::detecting();
        assert_eq!(decoder.decode(b"caf\xC3", false), b"caf");
        assert_eq!(
            decoder.decode(b"", true),
            "cafÃ".as_bytes().get(3..).unwrap()
        );
        assert_eq!(decoder.name(), "windows-1252");
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let text: Vec<u8> = "a;b\n1;2\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(
            detect_bomless_utf16(&text).map(|(_, name)| name),
            Some("utf-16le")
        );
        assert_eq!(detect_bomless_utf16(b"a;b\n1;2\n"), None);
    }
}
