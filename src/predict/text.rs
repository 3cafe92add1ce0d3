//! Bilingual messages and French number formatting.

use serde::{Deserialize, Serialize};

/// A message shown to users, in French and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// French text.
    pub fr: String,
    /// English text.
    pub en: String,
}

impl Message {
    /// A message from its two texts.
    pub fn new(fr: impl Into<String>, en: impl Into<String>) -> Self {
        Message {
            fr: fr.into(),
            en: en.into(),
        }
    }
}

/// A number in French typography: decimal comma and a narrow no-break space
/// (U+202F) between thousands.
///
/// ```
/// use segmento::predict::text::format_fr;
/// assert_eq!(format_fr(0.617, 2), "0,62");
/// // 0.615 is stored as 0.61499999…, so it rounds down like any binary float.
/// assert_eq!(format_fr(0.615, 2), "0,61");
/// assert_eq!(format_fr(-12345.5, 1), "-12\u{202f}345,5");
/// assert_eq!(format_fr(1200.0, 0), "1\u{202f}200");
/// ```
pub fn format_fr(value: f64, decimals: usize) -> String {
    group_thousands(&format!("{value:.decimals$}"), '\u{202f}', ',')
}

/// A number in English typography: decimal point and comma thousands.
///
/// ```
/// use segmento::predict::text::format_en;
/// assert_eq!(format_en(-12345.5, 1), "-12,345.5");
/// ```
pub fn format_en(value: f64, decimals: usize) -> String {
    group_thousands(&format!("{value:.decimals$}"), ',', '.')
}

fn group_thousands(plain: &str, thousands: char, decimal: char) -> String {
    let (sign, digits) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain),
    };
    let (integer, fraction) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let mut grouped = String::new();
    for (i, c) in integer.chars().enumerate() {
        if i > 0 && (integer.len() - i) % 3 == 0 {
            grouped.push(thousands);
        }
        grouped.push(c);
    }
    // "-0,00" reads oddly: drop the sign of a value that rounds to zero.
    let is_zero =
        integer.chars().all(|c| c == '0') && fraction.is_none_or(|f| f.chars().all(|c| c == '0'));
    let mut out = String::from(if is_zero { "" } else { sign });
    out.push_str(&grouped);
    if let Some(f) = fraction {
        out.push(decimal);
        out.push_str(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_and_english_formatting() {
        assert_eq!(format_fr(1.2, 2), "1,20");
        assert_eq!(format_fr(1234567.891, 2), "1\u{202f}234\u{202f}567,89");
        assert_eq!(format_fr(-0.001, 2), "0,00");
        assert_eq!(format_fr(999.0, 0), "999");
        assert_eq!(format_en(1234567.891, 2), "1,234,567.89");
        assert_eq!(format_en(0.5, 0), "0");
    }
}
