//! User-facing bilingual text: plain-sentence notes attached to an analysis
//! output, and number formatting in French and English.
//!
//! Every sentence a user may read exists in French and English; the report
//! and the page pick one. Numbers inside those sentences follow each
//! language's conventions (`1 234,5` and `18 %` in French, `1,234.5` and
//! `18%` in English).

use serde::{Deserialize, Serialize};

/// A plain sentence explaining something about a result (a degenerate
/// distribution, an assumption, an ignored setting), in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// A stable key naming the situation (e.g. `frequency_all_equal`), so
    /// front ends can style or filter notes without parsing text.
    pub key: String,
    /// The sentence in French.
    pub fr: String,
    /// The sentence in English.
    pub en: String,
}

impl Note {
    /// Build a note from its key and both sentences.
    pub fn new(key: impl Into<String>, fr: impl Into<String>, en: impl Into<String>) -> Self {
        Note {
            key: key.into(),
            fr: fr.into(),
            en: en.into(),
        }
    }
}

/// The language of a formatted string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// French: decimal comma, narrow no-break space between thousands.
    Fr,
    /// English: decimal point, comma between thousands.
    En,
}

/// Format a number with at most `max_decimals` decimals (trailing zeros
/// dropped) and thousands grouping.
///
/// ```
/// use segmento::labels::{format_number, Lang};
/// assert_eq!(format_number(1234.5, 2, Lang::En), "1,234.5");
/// assert_eq!(format_number(1234.5, 2, Lang::Fr), "1\u{202f}234,5");
/// assert_eq!(format_number(-0.004, 2, Lang::En), "0");
/// assert_eq!(format_number(7.0, 2, Lang::Fr), "7");
/// ```
pub fn format_number(value: f64, max_decimals: usize, lang: Lang) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let text = format!("{:.*}", max_decimals, value.abs());
    let (int_part, frac_part) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), f.trim_end_matches('0').to_string()),
        None => (text.clone(), String::new()),
    };
    // Rounding may give zero: never print "-0".
    let is_zero = int_part.chars().all(|c| c == '0') && frac_part.is_empty();
    let (group_sep, decimal_sep) = match lang {
        Lang::Fr => ('\u{202f}', ','),
        Lang::En => (',', '.'),
    };
    let digits: Vec<char> = int_part.chars().collect();
    let mut out = String::with_capacity(text.len() + 4);
    if value < 0.0 && !is_zero {
        out.push('-');
    }
    for (i, digit) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(group_sep);
        }
        out.push(*digit);
    }
    if !frac_part.is_empty() {
        out.push(decimal_sep);
        out.push_str(&frac_part);
    }
    out
}

/// Format a share (0.18 → `18 %` / `18%`). Whole percents, except that a
/// non-zero share that would round to 0 % or 100 % keeps one decimal (or
/// reads `< 0,1 %` / `> 99,9 %`), so a sentence never claims "0 %" for a
/// real group or "100 %" for a partial one.
///
/// ```
/// use segmento::labels::{format_percent, Lang};
/// assert_eq!(format_percent(0.1764, Lang::Fr), "18\u{a0}%");
/// assert_eq!(format_percent(0.1764, Lang::En), "18%");
/// assert_eq!(format_percent(0.004, Lang::Fr), "0,4\u{a0}%");
/// assert_eq!(format_percent(0.9996, Lang::En), "> 99.9%");
/// ```
pub fn format_percent(share: f64, lang: Lang) -> String {
    let percent = share * 100.0;
    let whole = percent.round();
    let number = if whole == 0.0 && percent > 0.0 {
        if percent < 0.05 {
            format!("< {}", format_number(0.1, 1, lang))
        } else {
            format_number(percent, 1, lang)
        }
    } else if whole == 100.0 && percent < 100.0 {
        if percent > 99.95 {
            format!("> {}", format_number(99.9, 1, lang))
        } else {
            format_number(percent, 1, lang)
        }
    } else {
        format_number(percent, 0, lang)
    };
    match lang {
        Lang::Fr => format!("{number}\u{a0}%"),
        Lang::En => format!("{number}%"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_group_thousands_and_trim_zeros() {
        assert_eq!(format_number(1_234_567.891, 2, Lang::En), "1,234,567.89");
        assert_eq!(
            format_number(1_234_567.891, 2, Lang::Fr),
            "1\u{202f}234\u{202f}567,89"
        );
        assert_eq!(format_number(-1500.0, 2, Lang::En), "-1,500");
        assert_eq!(format_number(100.0, 0, Lang::En), "100");
        assert_eq!(format_number(0.5, 2, Lang::Fr), "0,5");
        assert_eq!(format_number(999.999, 2, Lang::En), "1,000");
    }

    #[test]
    fn percents_never_hide_a_real_group() {
        assert_eq!(format_percent(0.0, Lang::En), "0%");
        assert_eq!(format_percent(1.0, Lang::En), "100%");
        assert_eq!(format_percent(0.8, Lang::Fr), "80\u{a0}%");
        assert_eq!(format_percent(0.0004, Lang::En), "< 0.1%");
        assert_eq!(format_percent(0.0004, Lang::Fr), "< 0,1\u{a0}%");
        assert_eq!(format_percent(0.9951, Lang::En), "99.5%");
        assert_eq!(format_percent(0.0049, Lang::En), "0.5%");
    }
}
