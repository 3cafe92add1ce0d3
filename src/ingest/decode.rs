//! The text encodings the ingestion reads, and their streaming decoders to
//! UTF-8.
//!
//! UTF-8, UTF-16 (LE and BE) and Windows-1252 (which the WHATWG labels
//! `latin1`, `iso-8859-1` and `ascii` also name) are decoded here, by hand:
//! they are what the detection picks and what spreadsheets export, and the
//! page's main wasm module reads them without linking `encoding_rs`, whose
//! tables for every other encoding weigh about 110 KiB gzipped. Any other
//! WHATWG encoding (ISO-8859-15, Mac Roman, Shift_JIS, …) goes through
//! `encoding_rs` with the `legacy-encodings` feature (on natively and in the
//! page's spreadsheet module, which reads such files for the page).
//!
//! Each decoder gives the bytes `encoding_rs` gives, malformed input
//! included (U+FFFD and the error flag); the tests compare them on every
//! byte and on random input cut anywhere.

use std::fmt::Write as _;

/// A text encoding the ingestion can read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TextEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Windows1252,
    /// Any other WHATWG encoding, decoded by `encoding_rs`.
    #[cfg(feature = "legacy-encodings")]
    Legacy(&'static encoding_rs::Encoding),
}

/// What a WHATWG encoding label names, as far as this build can tell.
pub(crate) enum LabelLookup {
    Known(TextEncoding),
    /// A label this build cannot check: it has no `encoding_rs`.
    #[cfg_attr(feature = "legacy-encodings", allow(dead_code))]
    NotBuiltIn,
    #[cfg_attr(not(feature = "legacy-encodings"), allow(dead_code))]
    Unknown,
}

/// The WHATWG labels of the encodings decoded here (encoding_rs'
/// `LABELS_SORTED`, same spelling, already lowercase).
const BUILT_IN_LABELS: [(&str, TextEncoding); 32] = [
    ("unicode-1-1-utf-8", TextEncoding::Utf8),
    ("unicode11utf8", TextEncoding::Utf8),
    ("unicode20utf8", TextEncoding::Utf8),
    ("utf-8", TextEncoding::Utf8),
    ("utf8", TextEncoding::Utf8),
    ("x-unicode20utf8", TextEncoding::Utf8),
    ("unicodefffe", TextEncoding::Utf16Be),
    ("utf-16be", TextEncoding::Utf16Be),
    ("csunicode", TextEncoding::Utf16Le),
    ("iso-10646-ucs-2", TextEncoding::Utf16Le),
    ("ucs-2", TextEncoding::Utf16Le),
    ("unicode", TextEncoding::Utf16Le),
    ("unicodefeff", TextEncoding::Utf16Le),
    ("utf-16", TextEncoding::Utf16Le),
    ("utf-16le", TextEncoding::Utf16Le),
    ("ansi_x3.4-1968", TextEncoding::Windows1252),
    ("ascii", TextEncoding::Windows1252),
    ("cp1252", TextEncoding::Windows1252),
    ("cp819", TextEncoding::Windows1252),
    ("csisolatin1", TextEncoding::Windows1252),
    ("ibm819", TextEncoding::Windows1252),
    ("iso-8859-1", TextEncoding::Windows1252),
    ("iso-ir-100", TextEncoding::Windows1252),
    ("iso8859-1", TextEncoding::Windows1252),
    ("iso88591", TextEncoding::Windows1252),
    ("iso_8859-1", TextEncoding::Windows1252),
    ("iso_8859-1:1987", TextEncoding::Windows1252),
    ("l1", TextEncoding::Windows1252),
    ("latin1", TextEncoding::Windows1252),
    ("us-ascii", TextEncoding::Windows1252),
    ("windows-1252", TextEncoding::Windows1252),
    ("x-cp1252", TextEncoding::Windows1252),
];

impl TextEncoding {
    /// The encoding a WHATWG label names (case and surrounding spaces
    /// ignored, as `encoding_rs::Encoding::for_label` does).
    pub(crate) fn for_label(label: &str) -> LabelLookup {
        let label = label.trim().to_ascii_lowercase();
        if let Some((_, encoding)) = BUILT_IN_LABELS.iter().find(|(name, _)| *name == label) {
            return LabelLookup::Known(*encoding);
        }
        Self::for_other_label(&label)
    }

    #[cfg(feature = "legacy-encodings")]
    fn for_other_label(label: &str) -> LabelLookup {
        match encoding_rs::Encoding::for_label(label.as_bytes()) {
            Some(encoding) => LabelLookup::Known(Self::from_encoding_rs(encoding)),
            None => LabelLookup::Unknown,
        }
    }

    #[cfg(not(feature = "legacy-encodings"))]
    fn for_other_label(_label: &str) -> LabelLookup {
        LabelLookup::NotBuiltIn
    }

    /// The built-in variant for the four encodings decoded here, so that
    /// they never go through `encoding_rs`.
    #[cfg(feature = "legacy-encodings")]
    fn from_encoding_rs(encoding: &'static encoding_rs::Encoding) -> Self {
        if encoding == encoding_rs::UTF_8 {
            TextEncoding::Utf8
        } else if encoding == encoding_rs::UTF_16LE {
            TextEncoding::Utf16Le
        } else if encoding == encoding_rs::UTF_16BE {
            TextEncoding::Utf16Be
        } else if encoding == encoding_rs::WINDOWS_1252 {
            TextEncoding::Windows1252
        } else {
            TextEncoding::Legacy(encoding)
        }
    }

    /// The name the report gives (the WHATWG name in lowercase).
    pub(crate) fn name(self) -> String {
        match self {
            TextEncoding::Utf8 => "utf-8".into(),
            TextEncoding::Utf16Le => "utf-16le".into(),
            TextEncoding::Utf16Be => "utf-16be".into(),
            TextEncoding::Windows1252 => "windows-1252".into(),
            #[cfg(feature = "legacy-encodings")]
            TextEncoding::Legacy(encoding) => encoding.name().to_ascii_lowercase(),
        }
    }

    /// Whether the encoding uses two bytes per code unit.
    pub(crate) fn is_utf16(self) -> bool {
        matches!(self, TextEncoding::Utf16Le | TextEncoding::Utf16Be)
    }
}

/// Streaming decoding to UTF-8 of any encoding but UTF-8 itself (which
/// passes through untouched). Like `encoding_rs`' decoders "without BOM
/// handling": the caller skips the byte-order mark.
pub(crate) enum StreamDecoder {
    Windows1252,
    Utf16(Utf16Decoder),
    #[cfg(feature = "legacy-encodings")]
    Legacy(Box<encoding_rs::Decoder>),
}

impl StreamDecoder {
    /// The decoder for `encoding`; `None` for UTF-8.
    pub(crate) fn new(encoding: TextEncoding) -> Option<Self> {
        match encoding {
            TextEncoding::Utf8 => None,
            TextEncoding::Windows1252 => Some(StreamDecoder::Windows1252),
            TextEncoding::Utf16Le => Some(StreamDecoder::Utf16(Utf16Decoder::new(false))),
            TextEncoding::Utf16Be => Some(StreamDecoder::Utf16(Utf16Decoder::new(true))),
            #[cfg(feature = "legacy-encodings")]
            TextEncoding::Legacy(encoding) => Some(StreamDecoder::Legacy(Box::new(
                encoding.new_decoder_without_bom_handling(),
            ))),
        }
    }

    /// Appends the UTF-8 of `input` to `out`; `last` ends the stream (an
    /// incomplete character then becomes U+FFFD). Returns whether some
    /// bytes were malformed.
    pub(crate) fn decode(&mut self, input: &[u8], last: bool, out: &mut Vec<u8>) -> bool {
        match self {
            StreamDecoder::Windows1252 => {
                decode_windows_1252(input, out);
                false
            }
            StreamDecoder::Utf16(decoder) => decoder.decode(input, last, out),
            #[cfg(feature = "legacy-encodings")]
            StreamDecoder::Legacy(decoder) => decode_with_encoding_rs(decoder, input, last, out),
        }
    }
}

#[cfg(feature = "legacy-encodings")]
fn decode_with_encoding_rs(
    decoder: &mut encoding_rs::Decoder,
    input: &[u8],
    last: bool,
    out: &mut Vec<u8>,
) -> bool {
    let start = out.len();
    let needed = decoder
        .max_utf8_buffer_length(input.len())
        .unwrap_or(input.len() * 3 + 16);
    out.resize(start + needed, 0);
    let mut read_total = 0;
    let mut written_total = start;
    let mut malformed = false;
    loop {
        let (result, read, written, had_errors) =
            decoder.decode_to_utf8(&input[read_total..], &mut out[written_total..], last);
        read_total += read;
        written_total += written;
        malformed |= had_errors;
        match result {
            encoding_rs::CoderResult::InputEmpty => break,
            encoding_rs::CoderResult::OutputFull => {
                let grow = out.len() + 64;
                out.resize(grow * 2, 0);
            }
        }
    }
    out.truncate(written_total);
    malformed
}

/// Windows-1252 bytes 0x80–0x9F (WHATWG index; the five unassigned ones
/// map to the C1 control of the same value). 0xA0–0xFF are Latin-1, the
/// code point of the same value.
const WINDOWS_1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

/// The character of one Windows-1252 byte (every byte has one).
fn windows_1252_char(byte: u8) -> char {
    match byte {
        0x80..=0x9F => WINDOWS_1252_HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

/// Appends the UTF-8 of Windows-1252 `input` to `out`. ASCII runs are
/// copied 8 bytes at a time.
pub(crate) fn decode_windows_1252(input: &[u8], out: &mut Vec<u8>) {
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    out.reserve(input.len() + input.len() / 2);
    let mut rest = input;
    while !rest.is_empty() {
        let mut ascii = 0;
        while let Some(word) = rest.get(ascii..).and_then(<[u8]>::first_chunk::<8>) {
            let word = u64::from_le_bytes(*word);
            if word & HIGH_BITS != 0 {
                break;
            }
            ascii += 8;
        }
        ascii += rest[ascii..].iter().take_while(|b| b.is_ascii()).count();
        out.extend_from_slice(&rest[..ascii]);
        let Some((&byte, tail)) = rest[ascii..].split_first() else {
            break;
        };
        let mut buffer = [0; 4];
        out.extend_from_slice(windows_1252_char(byte).encode_utf8(&mut buffer).as_bytes());
        rest = tail;
    }
}

/// Windows-1252 bytes for `text`, as `encoding_rs::WINDOWS_1252.encode`
/// gives them: a character without a byte becomes `&#N;`.
pub(crate) fn encode_windows_1252(text: &str, out: &mut Vec<u8>) {
    for character in text.chars() {
        let code = u32::from(character);
        if code < 0x80 || (0xA0..=0xFF).contains(&code) {
            out.push(code as u8);
        } else if let Some(index) = WINDOWS_1252_HIGH.iter().position(|&high| high == character) {
            out.push(0x80 + index as u8);
        } else {
            let mut reference = String::new();
            let _ = write!(reference, "&#{code};");
            out.extend_from_slice(reference.as_bytes());
        }
    }
}

/// Streaming UTF-16 (WHATWG): an unpaired surrogate, or an odd byte at the
/// end, becomes U+FFFD.
pub(crate) struct Utf16Decoder {
    big_endian: bool,
    /// The first byte of a code unit cut by a chunk boundary.
    lead_byte: Option<u8>,
    /// A high surrogate waiting for its low half.
    lead_surrogate: Option<u16>,
}

const REPLACEMENT: char = '\u{FFFD}';

impl Utf16Decoder {
    fn new(big_endian: bool) -> Self {
        Utf16Decoder {
            big_endian,
            lead_byte: None,
            lead_surrogate: None,
        }
    }

    fn decode(&mut self, input: &[u8], last: bool, out: &mut Vec<u8>) -> bool {
        out.reserve(input.len() / 2 * 3 + 4);
        let mut malformed = false;
        let mut rest = input;
        if let Some(first) = self.lead_byte {
            if let Some((&second, tail)) = rest.split_first() {
                self.lead_byte = None;
                malformed |= self.unit(self.combine(first, second), out);
                rest = tail;
            }
        }
        let mut pairs = rest.chunks_exact(2);
        for pair in &mut pairs {
            malformed |= self.unit(self.combine(pair[0], pair[1]), out);
        }
        if let [odd] = pairs.remainder() {
            self.lead_byte = Some(*odd);
        }
        if last && (self.lead_byte.is_some() || self.lead_surrogate.is_some()) {
            self.lead_byte = None;
            self.lead_surrogate = None;
            push_char(REPLACEMENT, out);
            malformed = true;
        }
        malformed
    }

    fn combine(&self, first: u8, second: u8) -> u16 {
        if self.big_endian {
            u16::from_be_bytes([first, second])
        } else {
            u16::from_le_bytes([first, second])
        }
    }

    /// Decodes one code unit; returns whether it revealed malformed input.
    fn unit(&mut self, unit: u16, out: &mut Vec<u8>) -> bool {
        let mut malformed = false;
        if let Some(high) = self.lead_surrogate.take() {
            if (0xDC00..=0xDFFF).contains(&unit) {
                let code =
                    0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
                push_char(char::from_u32(code).unwrap_or(REPLACEMENT), out);
                return false;
            }
            push_char(REPLACEMENT, out);
            malformed = true;
        }
        match unit {
            0xD800..=0xDBFF => self.lead_surrogate = Some(unit),
            0xDC00..=0xDFFF => {
                push_char(REPLACEMENT, out);
                malformed = true;
            }
            _ => {
                if unit < 0x80 {
                    out.push(unit as u8);
                } else {
                    push_char(char::from_u32(u32::from(unit)).unwrap_or(REPLACEMENT), out);
                }
            }
        }
        malformed
    }
}

fn push_char(character: char, out: &mut Vec<u8>) {
    let mut buffer = [0; 4];
    out.extend_from_slice(character.encode_utf8(&mut buffer).as_bytes());
}

/// A whole buffer as text: UTF-8 or UTF-16 with a byte-order mark (which
/// is dropped), else UTF-8 when valid, else Windows-1252. Malformed
/// sequences become U+FFFD.
pub(crate) fn decode_whole(bytes: &[u8]) -> String {
    let (encoding, rest) = match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => (TextEncoding::Utf8, rest),
        [0xFF, 0xFE, rest @ ..] => (TextEncoding::Utf16Le, rest),
        [0xFE, 0xFF, rest @ ..] => (TextEncoding::Utf16Be, rest),
        _ => match std::str::from_utf8(bytes) {
            Ok(text) => return text.to_string(),
            Err(_) => (TextEncoding::Windows1252, bytes),
        },
    };
    match StreamDecoder::new(encoding) {
        None => String::from_utf8_lossy(rest).into_owned(),
        Some(mut decoder) => {
            let mut out = Vec::new();
            decoder.decode(rest, true, &mut out);
            // The decoders write UTF-8 (whole characters, U+FFFD for what
            // they cannot read); a lossy pass would only ever be a guard.
            String::from_utf8(out)
                .unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into_owned())
        }
    }
}

// Native only: the reference decoder and proptest are not built for wasm32.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    //! The reference is `encoding_rs` (a dev-dependency), the WHATWG
    //! decoders the browsers use.
    use super::*;
    use proptest::prelude::*;

    fn reference(encoding: &'static encoding_rs::Encoding, input: &[u8]) -> (Vec<u8>, bool) {
        let (text, malformed) = encoding.decode_without_bom_handling(input);
        (text.into_owned().into_bytes(), malformed)
    }

    fn decode_in_chunks(encoding: TextEncoding, input: &[u8], cuts: &[usize]) -> (Vec<u8>, bool) {
        let mut decoder = StreamDecoder::new(encoding).expect("not UTF-8");
        let mut out = Vec::new();
        let mut malformed = false;
        let mut start = 0;
        for &cut in cuts {
            let cut = cut.clamp(start, input.len());
            malformed |= decoder.decode(&input[start..cut], false, &mut out);
            start = cut;
        }
        malformed |= decoder.decode(&input[start..], true, &mut out);
        (out, malformed)
    }

    #[test]
    fn windows_1252_matches_the_whatwg_index_on_every_byte() {
        let every_byte: Vec<u8> = (0..=255).collect();
        let (expected, _) = reference(encoding_rs::WINDOWS_1252, &every_byte);
        assert_eq!(
            decode_in_chunks(TextEncoding::Windows1252, &every_byte, &[]),
            (expected, false)
        );
        // Spot checks from the code page itself.
        let mut out = Vec::new();
        decode_windows_1252(b"\x80 \x9c \xe9 \x81", &mut out);
        assert_eq!(String::from_utf8(out).unwrap(), "€ œ é \u{81}");
    }

    #[test]
    fn windows_1252_encoding_inverts_decoding() {
        let text = "Hélène Dupré, Besançon, 12 € – « œuvre » ™ 漢";
        let mut ours = Vec::new();
        encode_windows_1252(text, &mut ours);
        let (expected, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        assert_eq!(ours, expected.into_owned());
    }

    #[test]
    fn utf16_handles_surrogates_and_odd_ends() {
        // "a😀" little-endian, then an unpaired low surrogate, then a lone high one at the end.
        let input = [0x61, 0x00, 0x3D, 0xD8, 0x00, 0xDE, 0x00, 0xDC, 0x3D, 0xD8];
        let (out, malformed) = decode_in_chunks(TextEncoding::Utf16Le, &input, &[3, 5]);
        assert_eq!(String::from_utf8(out).unwrap(), "a😀\u{FFFD}\u{FFFD}");
        assert!(malformed);
        let (out, malformed) = decode_in_chunks(TextEncoding::Utf16Be, &[0x00, 0x41, 0x00], &[]);
        assert_eq!(String::from_utf8(out).unwrap(), "A\u{FFFD}");
        assert!(malformed);
    }

    #[test]
    fn labels_name_the_whatwg_encodings() {
        let known = |label| match TextEncoding::for_label(label) {
            LabelLookup::Known(encoding) => Some(encoding),
            _ => None,
        };
        assert_eq!(known(" Latin1 "), Some(TextEncoding::Windows1252));
        assert_eq!(known("UTF-16"), Some(TextEncoding::Utf16Le));
        assert_eq!(known("utf8"), Some(TextEncoding::Utf8));
        // Every built-in label is one encoding_rs gives the same encoding for.
        for (label, encoding) in BUILT_IN_LABELS {
            let theirs = encoding_rs::Encoding::for_label(label.as_bytes()).expect(label);
            assert_eq!(
                encoding.name(),
                theirs.name().to_ascii_lowercase(),
                "{label}"
            );
        }
    }

    #[cfg(feature = "legacy-encodings")]
    #[test]
    fn other_labels_go_to_encoding_rs() {
        let LabelLookup::Known(encoding) = TextEncoding::for_label("ISO-8859-15") else {
            panic!("iso-8859-15 is a WHATWG label");
        };
        assert_eq!(encoding.name(), "iso-8859-15");
        let mut out = Vec::new();
        StreamDecoder::new(encoding)
            .unwrap()
            .decode(b"\xa4\xbc", true, &mut out);
        assert_eq!(String::from_utf8(out).unwrap(), "€Œ");
        assert!(matches!(
            TextEncoding::for_label("klingon"),
            LabelLookup::Unknown
        ));
    }

    #[test]
    fn whole_buffers_follow_their_byte_order_mark() {
        assert_eq!(decode_whole(b"\xEF\xBB\xBFcaf\xC3\xA9"), "café");
        assert_eq!(decode_whole(b"\xFF\xFEc\x00\xE9\x00"), "cé");
        assert_eq!(decode_whole(b"\xFE\xFF\x00c\x00\xE9"), "cé");
        assert_eq!(decode_whole(b"caf\xE9"), "café");
        assert_eq!(decode_whole("café".as_bytes()), "café");
    }

    proptest! {
        #[test]
        fn utf16_matches_encoding_rs_cut_anywhere(
            // Surrogate bytes (0xD8–0xDF) often, so that pairs, lone halves and cut pairs all occur.
            input in proptest::collection::vec(prop_oneof![any::<u8>(), 0xD8u8..=0xDF], 0..64),
            cuts in proptest::collection::vec(0usize..64, 0..4),
            big_endian in any::<bool>(),
        ) {
            let mut cuts = cuts;
            cuts.sort_unstable();
            let (ours, theirs) = if big_endian {
                (TextEncoding::Utf16Be, encoding_rs::UTF_16BE)
            } else {
                (TextEncoding::Utf16Le, encoding_rs::UTF_16LE)
            };
            prop_assert_eq!(decode_in_chunks(ours, &input, &cuts), reference(theirs, &input));
        }

        #[test]
        fn windows_1252_matches_encoding_rs_cut_anywhere(
            input in proptest::collection::vec(any::<u8>(), 0..64),
            cuts in proptest::collection::vec(0usize..64, 0..4),
        ) {
            let mut cuts = cuts;
            cuts.sort_unstable();
            prop_assert_eq!(
                decode_in_chunks(TextEncoding::Windows1252, &input, &cuts),
                reference(encoding_rs::WINDOWS_1252, &input)
            );
        }
    }
}
