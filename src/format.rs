//! Locale-aware formatting of counts, amounts, money, percentages and dates.
//!
//! One place for every number a person reads: the report, the chart ticks,
//! the spreadsheet labels and the campaign sentences all format through here,
//! so "1 234,56 €" looks the same everywhere.
//!
//! The French forms follow what browsers produce with
//! `Intl.NumberFormat("fr-FR")`, so the page (formatting in JavaScript) and the
//! report (formatting here) agree character for character:
//! - thousands are separated by a narrow no-break space (U+202F);
//! - the decimal separator is a comma;
//! - the euro sign follows the amount after a no-break space (U+00A0);
//! - the percent sign follows after a narrow no-break space (U+202F).
//!
//! English uses `en` conventions with the euro sign in front: `€1,234.56`, `18%`.
//!
//! Rounding is Rust's `{:.N}` formatting of the binary value (exact decimal
//! expansion, ties to even), so it is deterministic on every platform. A value
//! that rounds to zero never shows a minus sign. Values that are not finite
//! (NaN, infinities) are shown as an em dash, never as `NaN`.

use chrono::{Datelike, NaiveDate};

use crate::i18n::Language;

/// Narrow no-break space (U+202F): French thousands separator and the space
/// before `%`.
pub const NARROW_NBSP: char = '\u{202F}';
/// No-break space (U+00A0): the space before `€` in French.
pub const NBSP: char = '\u{A0}';
/// Shown in place of a value that is missing or not a finite number.
pub const MISSING: &str = "\u{2014}";

/// A whole number with thousands separators.
///
/// ```
/// use segmento::{format, Language};
/// assert_eq!(format::integer(1234567, Language::En), "1,234,567");
/// assert_eq!(format::integer(-1234, Language::Fr), "-1\u{202F}234");
/// ```
pub fn integer(value: i64, language: Language) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + 4);
    if value < 0 {
        out.push('-');
    }
    push_grouped(&mut out, &digits, thousands_separator(language));
    out
}

/// A number with exactly `decimals` decimal places and thousands separators.
///
/// ```
/// use segmento::{format, Language};
/// assert_eq!(format::number(1234.5, 2, Language::Fr), "1\u{202F}234,50");
/// assert_eq!(format::number(1234.5, 1, Language::En), "1,234.5");
/// assert_eq!(format::number(-0.004, 2, Language::En), "0.00");
/// ```
pub fn number(value: f64, decimals: usize, language: Language) -> String {
    if !value.is_finite() {
        return MISSING.to_string();
    }
    let fixed = format!("{:.*}", decimals, value.abs());
    let (whole, fraction) = match fixed.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (fixed.as_str(), None),
    };
    let is_zero = fixed.bytes().all(|b| b == b'0' || b == b'.');
    let mut out = String::with_capacity(fixed.len() + 6);
    if value < 0.0 && !is_zero {
        out.push('-');
    }
    push_grouped(&mut out, whole, thousands_separator(language));
    if let Some(fraction) = fraction {
        out.push(decimal_separator(language));
        out.push_str(fraction);
    }
    out
}

/// A number with at most `max_decimals` decimals, trailing zeros dropped, for
/// sentences and range labels (`de 12,5 à 45 jours`, `plus de 100`).
///
/// ```
/// use segmento::{format, Language};
/// assert_eq!(format::number_trimmed(1234.5, 2, Language::En), "1,234.5");
/// assert_eq!(format::number_trimmed(1234.5, 2, Language::Fr), "1\u{202F}234,5");
/// assert_eq!(format::number_trimmed(-0.004, 2, Language::En), "0");
/// assert_eq!(format::number_trimmed(7.0, 2, Language::Fr), "7");
/// ```
pub fn number_trimmed(value: f64, max_decimals: usize, language: Language) -> String {
    let mut text = number(value, max_decimals, language);
    if max_decimals > 0 && value.is_finite() {
        let kept = text.trim_end_matches('0').len();
        text.truncate(kept);
        if text.ends_with(decimal_separator(language)) {
            text.pop();
        }
    }
    text
}

/// An amount in euros with cents: `1 234,56 €` (fr) or `€1,234.56` (en).
///
/// ```
/// use segmento::{format, Language};
/// assert_eq!(format::money(1234.56, Language::Fr), "1\u{202F}234,56\u{A0}€");
/// assert_eq!(format::money(-1234.56, Language::En), "-€1,234.56");
/// ```
pub fn money(value: f64, language: Language) -> String {
    money_with_decimals(value, 2, language)
}

/// An amount in euros with a chosen number of decimals (0 for large totals).
///
/// ```
/// use segmento::{format, Language};
/// assert_eq!(format::money_with_decimals(254300.4, 0, Language::Fr), "254\u{202F}300\u{A0}€");
/// ```
pub fn money_with_decimals(value: f64, decimals: usize, language: Language) -> String {
    if !value.is_finite() {
        return MISSING.to_string();
    }
    let amount = number(value, decimals, language);
    match language {
        Language::Fr => format!("{amount}{NBSP}€"),
        Language::En => match amount.strip_prefix('-') {
            Some(positive) => format!("-€{positive}"),
            None => format!("€{amount}"),
        },
    }
}

/// A share (0.18 for 18 %) as a percentage with `decimals` decimals.
///
/// ```
/// use segmento::{format, Language};
/// assert_eq!(format::percent(0.18, 0, Language::Fr), "18\u{202F}%");
/// assert_eq!(format::percent(0.1834, 1, Language::En), "18.3%");
/// ```
pub fn percent(share: f64, decimals: usize, language: Language) -> String {
    if !share.is_finite() {
        return MISSING.to_string();
    }
    let value = number(share * 100.0, decimals, language);
    match language {
        Language::Fr => format!("{value}{NARROW_NBSP}%"),
        Language::En => format!("{value}%"),
    }
}

/// A share as a whole percentage for sentences (`18 %`), except that a
/// non-zero share that would round to 0 % or 100 % keeps one decimal (or
/// reads `< 0,1 %` / `> 99,9 %`), so a sentence never claims "0 %" for a real
/// group or "100 %" for a partial one.
///
/// ```
/// use segmento::{format, Language};
/// assert_eq!(format::share(0.1764, Language::Fr), "18\u{202F}%");
/// assert_eq!(format::share(0.1764, Language::En), "18%");
/// assert_eq!(format::share(0.004, Language::Fr), "0,4\u{202F}%");
/// assert_eq!(format::share(0.9996, Language::En), "> 99.9%");
/// ```
pub fn share(share: f64, language: Language) -> String {
    if !share.is_finite() {
        return MISSING.to_string();
    }
    let percent = share * 100.0;
    let whole = percent.round();
    let value = if whole == 0.0 && percent > 0.0 {
        if percent < 0.05 {
            format!("< {}", number(0.1, 1, language))
        } else {
            number(percent, 1, language)
        }
    } else if whole == 100.0 && percent < 100.0 {
        if percent > 99.95 {
            format!("> {}", number(99.9, 1, language))
        } else {
            number(percent, 1, language)
        }
    } else {
        number(percent, 0, language)
    };
    match language {
        Language::Fr => format!("{value}{NARROW_NBSP}%"),
        Language::En => format!("{value}%"),
    }
}

/// A large amount shortened for chart ticks: `12 k€` / `€12K`, `1,5 M€` / `€1.5M`.
///
/// Below 1 000 the amount is shown whole. One decimal is kept below 10 units
/// of the suffix (`1,5 M€`), none above (`12 k€`).
///
/// ```
/// use segmento::{format, Language};
/// assert_eq!(format::money_compact(12_000.0, Language::Fr), "12\u{A0}k€");
/// assert_eq!(format::money_compact(1_500_000.0, Language::En), "€1.5M");
/// assert_eq!(format::money_compact(950.0, Language::En), "€950");
/// ```
pub fn money_compact(value: f64, language: Language) -> String {
    if !value.is_finite() {
        return MISSING.to_string();
    }
    let (scaled, suffix) = compact_scale(value, language);
    let decimals = if scaled.abs() < 10.0 && !suffix.is_empty() {
        1
    } else {
        0
    };
    let amount = trim_zero_decimals(number(scaled, decimals, language), language);
    match language {
        Language::Fr if suffix.is_empty() => format!("{amount}{NBSP}€"),
        Language::Fr => format!("{amount}{NBSP}{suffix}€"),
        Language::En => match amount.strip_prefix('-') {
            Some(positive) => format!("-€{positive}{suffix}"),
            None => format!("€{amount}{suffix}"),
        },
    }
}

/// A large count shortened for chart ticks: `12 k` / `12K`, `1,5 M` / `1.5M`.
///
/// ```
/// use segmento::{format, Language};
/// assert_eq!(format::number_compact(2_500.0, Language::Fr), "2,5\u{A0}k");
/// assert_eq!(format::number_compact(40_000.0, Language::En), "40K");
/// assert_eq!(format::number_compact(999.0, Language::En), "999");
/// ```
pub fn number_compact(value: f64, language: Language) -> String {
    if !value.is_finite() {
        return MISSING.to_string();
    }
    let (scaled, suffix) = compact_scale(value, language);
    let decimals = if scaled.abs() < 10.0 && !suffix.is_empty() {
        1
    } else {
        0
    };
    let amount = trim_zero_decimals(number(scaled, decimals, language), language);
    match (language, suffix.is_empty()) {
        (_, true) => amount,
        (Language::Fr, false) => format!("{amount}{NBSP}{suffix}"),
        (Language::En, false) => format!("{amount}{suffix}"),
    }
}

/// A calendar date: `12/03/2024` (fr, day first) or `2024-03-12` (en, ISO 8601,
/// which no English reader misreads as 3 December).
///
/// ```
/// use chrono::NaiveDate;
/// use segmento::{format, Language};
/// let day = NaiveDate::from_ymd_opt(2024, 3, 12).unwrap();
/// assert_eq!(format::date(day, Language::Fr), "12/03/2024");
/// assert_eq!(format::date(day, Language::En), "2024-03-12");
/// ```
pub fn date(day: NaiveDate, language: Language) -> String {
    match language {
        Language::Fr => format!("{:02}/{:02}/{:04}", day.day(), day.month(), day.year()),
        Language::En => format!("{:04}-{:02}-{:02}", day.year(), day.month(), day.day()),
    }
}

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The month of `day` in words: `mars` / `March`.
///
/// ```
/// use chrono::NaiveDate;
/// use segmento::{format, Language};
/// let day = NaiveDate::from_ymd_opt(2024, 8, 15).unwrap();
/// assert_eq!(format::month_name(day, Language::Fr), "août");
/// assert_eq!(format::month_name(day, Language::En), "August");
/// ```
pub fn month_name(day: NaiveDate, language: Language) -> &'static str {
    let month = day.month0() as usize;
    language.pick(MONTHS_FR[month], MONTHS_EN[month])
}

/// A date in words, for headings and sentences: `1er mars 2024`, `12 March 2024`.
///
/// ```
/// use chrono::NaiveDate;
/// use segmento::{format, Language};
/// let day = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
/// assert_eq!(format::date_long(day, Language::Fr), "1er mars 2024");
/// assert_eq!(format::date_long(day, Language::En), "1 March 2024");
/// ```
pub fn date_long(day: NaiveDate, language: Language) -> String {
    let month = month_name(day, language);
    match language {
        // French writes the first day of a month as an ordinal: « 1er mars ».
        Language::Fr if day.day() == 1 => format!("1er {month} {}", day.year()),
        _ => format!("{} {month} {}", day.day(), day.year()),
    }
}

fn thousands_separator(language: Language) -> char {
    match language {
        Language::Fr => NARROW_NBSP,
        Language::En => ',',
    }
}

fn decimal_separator(language: Language) -> char {
    match language {
        Language::Fr => ',',
        Language::En => '.',
    }
}

/// Appends ASCII `digits`, inserting `separator` every three digits from the right.
fn push_grouped(out: &mut String, digits: &str, separator: char) {
    let len = digits.len();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (len - index).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
}

/// The value divided down to thousands or millions, with its suffix.
fn compact_scale(value: f64, language: Language) -> (f64, &'static str) {
    let magnitude = value.abs();
    // Decide on the rounded value so that 999 999 shows as "1 M", not "1 000 k".
    if magnitude >= 999_950.0 {
        (value / 1_000_000.0, "M")
    } else if magnitude >= 999.5 {
        let suffix = match language {
            Language::Fr => "k",
            Language::En => "K",
        };
        (value / 1_000.0, suffix)
    } else {
        (value, "")
    }
}

/// "1,0" → "1", "2,5" stays: compact ticks drop a decimal that is zero.
fn trim_zero_decimals(text: String, language: Language) -> String {
    let zero_fraction = match language {
        Language::Fr => ",0",
        Language::En => ".0",
    };
    match text.strip_suffix(zero_fraction) {
        Some(trimmed) => trimmed.to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Language::{En, Fr};

    const N: char = NARROW_NBSP;

    #[test]
    fn integers_group_by_three() {
        assert_eq!(integer(0, Fr), "0");
        assert_eq!(integer(999, Fr), "999");
        assert_eq!(integer(1000, Fr), format!("1{N}000"));
        assert_eq!(integer(254_321, En), "254,321");
        assert_eq!(integer(-1_000_000, En), "-1,000,000");
        assert_eq!(integer(i64::MIN, En), "-9,223,372,036,854,775,808");
    }

    #[test]
    fn numbers_use_the_locale_separators() {
        assert_eq!(number(1234.56, 2, Fr), format!("1{N}234,56"));
        assert_eq!(number(1234.56, 2, En), "1,234.56");
        assert_eq!(number(1234567.891, 1, Fr), format!("1{N}234{N}567,9"));
        assert_eq!(number(0.5, 0, En), "0"); // ties to even: 0.5 → 0
        assert_eq!(number(1.5, 0, En), "2");
        assert_eq!(number(12.0, 0, Fr), "12");
    }

    #[test]
    fn negative_zero_never_shows_a_sign() {
        assert_eq!(number(-0.0, 2, Fr), "0,00");
        assert_eq!(number(-0.001, 2, En), "0.00");
        assert_eq!(money(-0.001, En), "€0.00");
        assert_eq!(number(-0.01, 2, En), "-0.01");
    }

    #[test]
    fn non_finite_values_show_a_dash() {
        assert_eq!(number(f64::NAN, 2, Fr), MISSING);
        assert_eq!(money(f64::INFINITY, En), MISSING);
        assert_eq!(percent(f64::NAN, 0, Fr), MISSING);
        assert_eq!(money_compact(f64::NEG_INFINITY, Fr), MISSING);
    }

    #[test]
    fn money_in_both_languages() {
        assert_eq!(money(1234.56, Fr), format!("1{N}234,56{NBSP}€"));
        assert_eq!(money(1234.56, En), "€1,234.56");
        assert_eq!(money(-5.0, Fr), format!("-5,00{NBSP}€"));
        assert_eq!(money(-5.0, En), "-€5.00");
        // 0.625 is exact in binary, so ties-to-even gives 0.62.
        assert_eq!(money(0.625, Fr), format!("0,62{NBSP}€"));
        assert_eq!(money_with_decimals(1_999.5, 0, En), "€2,000");
    }

    #[test]
    fn percentages_from_shares() {
        assert_eq!(percent(0.18, 0, Fr), format!("18{N}%"));
        assert_eq!(percent(0.18, 0, En), "18%");
        assert_eq!(percent(0.8, 1, Fr), format!("80,0{N}%"));
        assert_eq!(percent(1.0, 0, En), "100%");
        assert_eq!(percent(-0.035, 1, En), "-3.5%");
        assert_eq!(percent(0.00004, 1, Fr), format!("0,0{N}%"));
    }

    #[test]
    fn trimmed_numbers_group_thousands_and_drop_zeros() {
        assert_eq!(number_trimmed(1_234_567.891, 2, En), "1,234,567.89");
        assert_eq!(
            number_trimmed(1_234_567.891, 2, Fr),
            format!("1{N}234{N}567,89")
        );
        assert_eq!(number_trimmed(-1500.0, 2, En), "-1,500");
        assert_eq!(number_trimmed(100.0, 0, En), "100");
        assert_eq!(number_trimmed(0.5, 2, Fr), "0,5");
        assert_eq!(number_trimmed(999.999, 2, En), "1,000");
        assert_eq!(number_trimmed(1000.0, 2, Fr), format!("1{N}000"));
        assert_eq!(number_trimmed(f64::NAN, 2, Fr), MISSING);
    }

    #[test]
    fn shares_never_hide_a_real_group() {
        assert_eq!(share(0.0, En), "0%");
        assert_eq!(share(1.0, En), "100%");
        assert_eq!(share(0.8, Fr), format!("80{N}%"));
        assert_eq!(share(0.0004, En), "< 0.1%");
        assert_eq!(share(0.0004, Fr), format!("< 0,1{N}%"));
        assert_eq!(share(0.9951, En), "99.5%");
        assert_eq!(share(0.0049, En), "0.5%");
        assert_eq!(share(f64::INFINITY, En), MISSING);
    }

    #[test]
    fn compact_forms_for_ticks() {
        assert_eq!(money_compact(0.0, Fr), format!("0{NBSP}€"));
        assert_eq!(money_compact(1_000.0, Fr), format!("1{NBSP}k€"));
        assert_eq!(money_compact(2_500.0, En), "€2.5K");
        assert_eq!(money_compact(250_000.0, Fr), format!("250{NBSP}k€"));
        assert_eq!(money_compact(999_999.0, En), "€1M");
        assert_eq!(money_compact(-40_000.0, En), "-€40K");
        assert_eq!(money_compact(12_345_678.0, Fr), format!("12{NBSP}M€"));
        assert_eq!(number_compact(1_200_000.0, Fr), format!("1,2{NBSP}M"));
        assert_eq!(number_compact(10_000.0, En), "10K");
    }

    #[test]
    fn dates_short_and_long() {
        let day = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
        assert_eq!(date(day, Fr), "31/12/2025");
        assert_eq!(date(day, En), "2025-12-31");
        assert_eq!(date_long(day, Fr), "31 décembre 2025");
        assert_eq!(date_long(day, En), "31 December 2025");
        let first = NaiveDate::from_ymd_opt(2024, 8, 1).unwrap();
        assert_eq!(date_long(first, Fr), "1er août 2024");
    }
}
