//! Amounts as people write them: `1234.56`, `1234,56`, `1 234,56`,
//! `1.234,56`, `1,234.56`, `12,50 €`, `€12.50`, `EUR 12.50`, `-3,20`,
//! `(3.20)`, `3,20-`.
//!
//! The decimal separator is decided per column from its values
//! ([`scan_decimal`] gives the evidence of one cell); every cell is then
//! read with that separator ([`parse_amount`]), so `1.234` means 1234 in a
//! column whose other values look like `12,50` and 1.234 in one whose values
//! look like `12.50`.

/// What one cell says about its column's decimal separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DecimalEvidence {
    /// No `,` or `.` at all (an integer): says nothing.
    Silent,
    /// The cell can only be read with this decimal separator (`b','` or `b'.'`).
    Decides(u8),
    /// A single separator followed by exactly three digits (`1,234`, `1.234`):
    /// could be a decimal or a thousands separator.
    Ambiguous,
    /// Not a number at all.
    NotANumber,
}

const CURRENCY_TOKENS: [&[u8]; 12] = [
    "€".as_bytes(),
    b"$",
    "£".as_bytes(),
    b"euros",
    b"euro",
    b"eur",
    b"usd",
    b"us$",
    b"gbp",
    b"chf",
    b"cad",
    "¥".as_bytes(),
];

/// Length of a Unicode space or apostrophe used as a thousands separator at
/// the start of `bytes` (no-break space, narrow no-break space, thin space,
/// typographic apostrophe), or 0.
fn unicode_group_len(bytes: &[u8]) -> usize {
    match bytes {
        [0xC2, 0xA0, ..] => 2,
        [0xE2, 0x80, 0xAF | 0x89 | 0x99, ..] => 3,
        _ => 0,
    }
}

/// Length of a Unicode space at the end of `bytes`, or 0.
fn unicode_space_len_back(bytes: &[u8]) -> usize {
    match bytes {
        [.., 0xC2, 0xA0] => 2,
        [.., 0xE2, 0x80, 0xAF | 0x89] => 3,
        _ => 0,
    }
}

fn trim_spaces(mut bytes: &[u8]) -> &[u8] {
    loop {
        match bytes {
            [b' ' | b'\t' | b'\r' | b'\n', rest @ ..] => bytes = rest,
            [rest @ .., b' ' | b'\t' | b'\r' | b'\n'] => bytes = rest,
            _ => {
                let front = unicode_group_len(bytes);
                if front > 0 && bytes.get(..3) != Some("’".as_bytes()) {
                    bytes = &bytes[front..];
                    continue;
                }
                let back = unicode_space_len_back(bytes);
                if back > 0 {
                    bytes = &bytes[..bytes.len() - back];
                    continue;
                }
                return bytes;
            }
        }
    }
}

fn strip_currency_prefix(bytes: &[u8]) -> &[u8] {
    for token in CURRENCY_TOKENS {
        if bytes.len() >= token.len() && bytes[..token.len()].eq_ignore_ascii_case(token) {
            return trim_spaces(&bytes[token.len()..]);
        }
    }
    bytes
}

fn strip_currency_suffix(bytes: &[u8]) -> &[u8] {
    for token in CURRENCY_TOKENS {
        if bytes.len() >= token.len()
            && bytes[bytes.len() - token.len()..].eq_ignore_ascii_case(token)
        {
            return trim_spaces(&bytes[..bytes.len() - token.len()]);
        }
    }
    bytes
}

/// Remove spaces, currency symbols or codes and the sign. Returns whether
/// the amount is negative and the remaining digits and separators.
fn strip(text: &[u8]) -> Option<(bool, &[u8])> {
    let mut body = trim_spaces(text);
    // Fast path: plain ASCII digits, optionally signed, nothing to strip.
    if let [first, .., last] = body {
        if first.is_ascii_digit() && last.is_ascii_digit() {
            return Some((false, body));
        }
    }
    let mut negative = false;
    body = strip_currency_prefix(body);
    body = strip_currency_suffix(body);
    if let [b'(', inner @ .., b')'] = body {
        negative = true;
        body = trim_spaces(inner);
    }
    match body {
        [b'-', rest @ ..] => {
            negative = !negative;
            body = trim_spaces(rest);
        }
        [b'+', rest @ ..] => body = trim_spaces(rest),
        [0xE2, 0x88, 0x92, rest @ ..] => {
            // U+2212 MINUS SIGN
            negative = !negative;
            body = trim_spaces(rest);
        }
        [rest @ .., b'-'] => {
            // Trailing minus, as some accounting exports write returns.
            negative = !negative;
            body = trim_spaces(rest);
        }
        _ => {}
    }
    body = strip_currency_prefix(body);
    body = strip_currency_suffix(body);
    match body {
        [] => None,
        [.., last] if !last.is_ascii_digit() => None,
        _ => Some((negative, body)),
    }
}

/// The evidence one cell gives about its column's decimal separator.
pub(crate) fn scan_decimal(text: &[u8]) -> DecimalEvidence {
    let Some((_, body)) = strip(text) else {
        return DecimalEvidence::NotANumber;
    };
    let mut commas = 0usize;
    let mut dots = 0usize;
    let mut last_separator = 0u8;
    let mut last_separator_at = 0usize;
    let mut spaced = false;
    let mut i = 0;
    while i < body.len() {
        let byte = body[i];
        match byte {
            b'0'..=b'9' => {}
            b',' | b'.' => {
                if byte == b',' {
                    commas += 1;
                } else {
                    dots += 1;
                }
                last_separator = byte;
                last_separator_at = i;
            }
            b' ' | b'\'' => spaced = true,
            _ => {
                let len = unicode_group_len(&body[i..]);
                if len == 0 {
                    return DecimalEvidence::NotANumber;
                }
                spaced = true;
                i += len;
                continue;
            }
        }
        i += 1;
    }
    match (commas, dots) {
        (0, 0) => DecimalEvidence::Silent,
        (c, d) if c > 0 && d > 0 => DecimalEvidence::Decides(last_separator),
        (c, 0) if c > 1 => DecimalEvidence::Decides(b'.'),
        (0, d) if d > 1 => DecimalEvidence::Decides(b','),
        _ => {
            let after = body.len() - last_separator_at - 1;
            let before = &body[..last_separator_at];
            let digits_before = before
                .iter()
                .rev()
                .take_while(|b| b.is_ascii_digit())
                .count();
            let leading_zero = before.first() == Some(&b'0');
            if after != 3 || spaced || leading_zero || digits_before == 0 || digits_before > 3 {
                DecimalEvidence::Decides(last_separator)
            } else {
                DecimalEvidence::Ambiguous
            }
        }
    }
}

const POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Read an amount with the given decimal separator (`b','` or `b'.'`).
/// The other of the two, spaces and apostrophes are accepted as thousands
/// separators, but only between groups of exactly three digits, so a cell
/// that contradicts the separator (`12.5` in a decimal-comma column) is
/// rejected rather than misread.
///
/// Returns `None` for anything that is not such a number.
pub(crate) fn parse_amount(text: &[u8], decimal: u8) -> Option<f64> {
    if let Some(value) = parse_plain_amount(text, decimal) {
        return Some(value);
    }
    let (negative, body) = strip(text)?;
    let mut mantissa: u64 = 0;
    let mut significant = 0u32;
    let mut overflow = false;
    let mut int_digits = 0u32;
    let mut frac_digits = 0u32;
    let mut seen_decimal = false;
    // Grouping: the separator kind used (0 = none yet) and digits since it.
    let mut group_kind = 0u8;
    let mut digits_in_group = 0u32;
    let mut i = 0;
    while i < body.len() {
        let byte = body[i];
        if byte.is_ascii_digit() {
            if significant < 19 {
                mantissa = mantissa * 10 + u64::from(byte - b'0');
                if mantissa > 0 {
                    significant += 1;
                }
            } else {
                overflow = true;
            }
            if seen_decimal {
                frac_digits += 1;
            } else {
                int_digits += 1;
                digits_in_group += 1;
            }
            i += 1;
            continue;
        }
        if byte == decimal {
            if seen_decimal || (group_kind != 0 && digits_in_group != 3) {
                return None;
            }
            seen_decimal = true;
            i += 1;
            continue;
        }
        let (kind, len) = match byte {
            b',' | b'.' => (byte, 1),
            b' ' | b'\'' => (b' ', 1),
            _ => match unicode_group_len(&body[i..]) {
                0 => return None,
                len => (b' ', len),
            },
        };
        if seen_decimal || int_digits == 0 {
            return None;
        }
        if group_kind == 0 {
            if digits_in_group > 3 {
                return None;
            }
            group_kind = kind;
        } else if group_kind != kind || digits_in_group != 3 {
            return None;
        }
        digits_in_group = 0;
        i += len;
    }
    if int_digits + frac_digits == 0 || (seen_decimal && frac_digits == 0) {
        return None;
    }
    if group_kind != 0 && !seen_decimal && digits_in_group != 3 {
        return None;
    }
    let value = if !overflow && mantissa < (1 << 53) && (frac_digits as usize) < POWERS_OF_TEN.len()
    {
        // Both operands are exact, so one correctly rounded division gives
        // the correctly rounded decimal (Clinger's fast path).
        mantissa as f64 / POWERS_OF_TEN[frac_digits as usize]
    } else {
        slow_parse(body, decimal)?
    };
    Some(if negative { -value } else { value })
}

/// The common case, fast: an optional `-`, digits, and optionally the
/// decimal separator and more digits (`30,42`, `-7`, `1234.5`), at most 18
/// digits so the mantissa is exact. `None` for anything else, which
/// [`parse_amount`] then reads in full; both give the same value here.
#[inline]
fn parse_plain_amount(text: &[u8], decimal: u8) -> Option<f64> {
    let (negative, digits) = match text {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, text),
    };
    if !digits.first()?.is_ascii_digit() || digits.len() > 19 {
        return None;
    }
    // The whole part, then the fraction after one decimal separator.
    let mut mantissa = 0u64;
    let mut whole_digits = 0;
    for &byte in digits {
        let digit = byte.wrapping_sub(b'0');
        if digit > 9 {
            break;
        }
        mantissa = mantissa * 10 + u64::from(digit);
        whole_digits += 1;
    }
    let mut frac_digits = 0;
    if whole_digits < digits.len() {
        let fraction = &digits[whole_digits + 1..];
        if digits[whole_digits] != decimal || fraction.is_empty() {
            return None;
        }
        for &byte in fraction {
            let digit = byte.wrapping_sub(b'0');
            if digit > 9 {
                return None;
            }
            mantissa = mantissa * 10 + u64::from(digit);
        }
        frac_digits = fraction.len();
    }
    // At most 19 digits (checked above), so `mantissa` did not overflow;
    // at most 18 keep it exact.
    if whole_digits + frac_digits > 18 {
        return None;
    }
    // Clinger's fast path, as in `parse_amount`: below 2^53 the mantissa is
    // exact, and so is the power of ten, so one division rounds correctly.
    if mantissa >= 1 << 53 {
        return None;
    }
    let value = mantissa as f64 / POWERS_OF_TEN[frac_digits];
    Some(if negative { -value } else { value })
}

/// Rebuild a plain `123.45` string and let the standard library round it.
fn slow_parse(body: &[u8], decimal: u8) -> Option<f64> {
    let mut plain = String::with_capacity(body.len());
    for &byte in body {
        if byte.is_ascii_digit() {
            plain.push(byte as char);
        } else if byte == decimal {
            plain.push('.');
        }
    }
    plain.parse().ok()
}

/// Read a whole, non-negative count (`12`, `12.0`, `1 204`).
pub(crate) fn parse_count(text: &[u8], decimal: u8) -> Option<u32> {
    let value = parse_amount(text, decimal)?;
    if value >= 0.0 && value.fract() == 0.0 && value <= f64::from(u32::MAX) {
        Some(value as u32)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comma(text: &str) -> Option<f64> {
        parse_amount(text.as_bytes(), b',')
    }

    fn dot(text: &str) -> Option<f64> {
        parse_amount(text.as_bytes(), b'.')
    }

    #[test]
    fn reads_every_written_form() {
        assert_eq!(dot("1234.56"), Some(1234.56));
        assert_eq!(comma("1234,56"), Some(1234.56));
        assert_eq!(comma("1 234,56"), Some(1234.56));
        assert_eq!(comma("1\u{a0}234,56"), Some(1234.56));
        assert_eq!(comma("1\u{202f}234,56"), Some(1234.56));
        assert_eq!(comma("1.234,56"), Some(1234.56));
        assert_eq!(dot("1,234.56"), Some(1234.56));
        assert_eq!(dot("1'234.56"), Some(1234.56));
        assert_eq!(comma("12,50 €"), Some(12.5));
        assert_eq!(comma("12,50€"), Some(12.5));
        assert_eq!(dot("€12.50"), Some(12.5));
        assert_eq!(dot("EUR 12.50"), Some(12.5));
        assert_eq!(dot("12.50 USD"), Some(12.5));
        assert_eq!(comma("-3,20"), Some(-3.2));
        assert_eq!(comma("- 3,20 €"), Some(-3.2));
        assert_eq!(comma("-3,20 €"), Some(-3.2));
        assert_eq!(dot("€-3.20"), Some(-3.2));
        assert_eq!(dot("(3.20)"), Some(-3.2));
        assert_eq!(comma("3,20-"), Some(-3.2));
        assert_eq!(comma("\u{2212}3,20"), Some(-3.2));
        assert_eq!(comma("0"), Some(0.0));
        assert_eq!(comma(",5"), Some(0.5));
        assert_eq!(dot("1 234 567.8"), Some(1_234_567.8));
        assert_eq!(comma(" 42 "), Some(42.0));
        assert_eq!(dot("12345678901234567890.5"), Some(12345678901234567890.5));
    }

    #[test]
    fn plain_amounts_take_the_fast_path_with_the_same_values() {
        let cases: [(&str, u8, f64); 6] = [
            ("30,42", b',', 30.42),
            ("-7", b'.', -7.0),
            ("0.1", b'.', 0.1),
            ("007,50", b',', 7.5),
            ("99999999999.99", b'.', 99999999999.99),
            ("1234567,891", b',', 1234567.891),
        ];
        for (text, decimal, value) in cases {
            assert_eq!(
                parse_plain_amount(text.as_bytes(), decimal),
                Some(value),
                "{text}"
            );
            assert_eq!(
                parse_amount(text.as_bytes(), decimal),
                Some(value),
                "{text}"
            );
        }
        // Anything else goes to the full reader.
        for text in [
            "12,",
            ",5",
            " 1",
            "1 234,5",
            "12.5",
            "--3",
            "123456789012345678901",
        ] {
            assert_eq!(parse_plain_amount(text.as_bytes(), b','), None, "{text}");
        }
    }

    #[test]
    fn rejects_what_contradicts_the_separator() {
        assert_eq!(comma("12.5"), None, "a dot group must have three digits");
        assert_eq!(dot("12,5"), None);
        assert_eq!(comma("1.234.5"), None);
        assert_eq!(comma("12,x"), None);
        assert_eq!(comma("12,"), None);
        assert_eq!(comma(""), None);
        assert_eq!(comma("€"), None);
        assert_eq!(comma("abc"), None);
        assert_eq!(comma("1 23,4"), None);
        assert_eq!(comma("12345 678"), None);
        assert_eq!(comma("1,2,3"), None);
        assert_eq!(comma("--3"), None);
    }

    #[test]
    fn one_value_decides_unless_it_is_three_digits_after_one_separator() {
        use DecimalEvidence::*;
        assert_eq!(scan_decimal(b"12,50"), Decides(b','));
        assert_eq!(scan_decimal(b"12.5"), Decides(b'.'));
        assert_eq!(scan_decimal(b"1.234,5"), Decides(b','));
        assert_eq!(scan_decimal(b"1,234.5"), Decides(b'.'));
        assert_eq!(scan_decimal(b"1,234,567"), Decides(b'.'));
        assert_eq!(scan_decimal(b"1.234.567"), Decides(b','));
        assert_eq!(scan_decimal(b"1 234,567"), Decides(b','));
        assert_eq!(scan_decimal(b"0,125"), Decides(b','));
        assert_eq!(scan_decimal(b"1234,567"), Decides(b','));
        assert_eq!(scan_decimal(b"1,234"), Ambiguous);
        assert_eq!(scan_decimal(b"123.456"), Ambiguous);
        assert_eq!(scan_decimal(b"-1.234 EUR"), Ambiguous);
        assert_eq!(scan_decimal(b"1234"), Silent);
        assert_eq!(scan_decimal(b"n/a"), NotANumber);
    }

    #[test]
    fn counts_are_whole() {
        assert_eq!(parse_count(b"12", b','), Some(12));
        assert_eq!(parse_count(b"12,0", b','), Some(12));
        assert_eq!(parse_count(b"1 204", b','), Some(1204));
        assert_eq!(parse_count(b"1.5", b'.'), None);
        assert_eq!(parse_count(b"-1", b'.'), None);
    }
}
