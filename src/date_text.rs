//! Dates read from text in the two forms the analyses accept outside the
//! order file: ISO `2024-12-31` and French `31/12/2024`.
//!
//! chrono's `parse_from_str` and `format` interpret a strftime pattern at
//! run time, so they link its whole pattern parser and formatter (every
//! specifier, RFC 2822 and 3339 included): about 6 KB of the page's main
//! module, gzipped, for two fixed patterns (BENCHMARKS.md, "Main module
//! size"). These readers accept what `parse_from_str` accepted for those
//! patterns: each number may follow spaces, a day or month has one or two
//! digits, a year one to four (or a sign and any number), the separators
//! are exact and nothing may follow. Dates are written with
//! [`crate::format::date`] or `NaiveDate`'s `Display` (ISO).

use chrono::NaiveDate;

/// `2024-12-31` (also `2024-1-5`); `None` when the text is not such a date
/// or the day does not exist.
///
/// ```
/// use chrono::NaiveDate;
/// use segmento::date_text::parse_iso;
/// assert_eq!(parse_iso("2024-02-29"), NaiveDate::from_ymd_opt(2024, 2, 29));
/// assert_eq!(parse_iso("2023-02-29"), None);
/// ```
pub fn parse_iso(text: &str) -> Option<NaiveDate> {
    let (year, rest) = year(text)?;
    let rest = rest.strip_prefix('-')?;
    let (month, rest) = unsigned(rest, 2)?;
    let rest = rest.strip_prefix('-')?;
    let (day, rest) = unsigned(rest, 2)?;
    date(year, month, day, rest)
}

/// `31/12/2024` (also `1/2/2024`); `None` when the text is not such a date
/// or the day does not exist.
///
/// ```
/// use chrono::NaiveDate;
/// use segmento::date_text::parse_day_first;
/// assert_eq!(parse_day_first("31/12/2024"), NaiveDate::from_ymd_opt(2024, 12, 31));
/// assert_eq!(parse_day_first("31/11/2024"), None);
/// ```
pub fn parse_day_first(text: &str) -> Option<NaiveDate> {
    let (day, rest) = unsigned(text, 2)?;
    let rest = rest.strip_prefix('/')?;
    let (month, rest) = unsigned(rest, 2)?;
    let rest = rest.strip_prefix('/')?;
    let (year, rest) = year(rest)?;
    date(year, month, day, rest)
}

/// Either form: ISO `2024-12-31`, else French `31/12/2024` (Excel rewrites
/// ISO dates the French way when it saves a list the page wrote).
///
/// ```
/// use chrono::NaiveDate;
/// use segmento::date_text::parse_iso_or_day_first;
/// let day = NaiveDate::from_ymd_opt(2024, 12, 31);
/// assert_eq!(parse_iso_or_day_first("2024-12-31"), day);
/// assert_eq!(parse_iso_or_day_first("31/12/2024"), day);
/// assert_eq!(parse_iso_or_day_first("12/31/2024"), None);
/// ```
pub fn parse_iso_or_day_first(text: &str) -> Option<NaiveDate> {
    parse_iso(text).or_else(|| parse_day_first(text))
}

fn date(year: i64, month: i64, day: i64, rest: &str) -> Option<NaiveDate> {
    if !rest.is_empty() {
        return None;
    }
    NaiveDate::from_ymd_opt(
        i32::try_from(year).ok()?,
        u32::try_from(month).ok()?,
        u32::try_from(day).ok()?,
    )
}

/// A year: one to four digits, or a sign and one digit or more.
fn year(text: &str) -> Option<(i64, &str)> {
    let text = text.trim_start();
    if let Some(rest) = text.strip_prefix('-') {
        let (value, rest) = digits(rest, usize::MAX)?;
        Some((-value, rest))
    } else if let Some(rest) = text.strip_prefix('+') {
        digits(rest, usize::MAX)
    } else {
        digits(text, 4)
    }
}

/// One to `max_digits` digits after optional spaces.
fn unsigned(text: &str, max_digits: usize) -> Option<(i64, &str)> {
    digits(text.trim_start(), max_digits)
}

/// One to `max_digits` leading ASCII digits and the text after them; `None`
/// when there is no digit or the value passes i64.
fn digits(text: &str, max_digits: usize) -> Option<(i64, &str)> {
    let count = text
        .bytes()
        .take(max_digits)
        .take_while(u8::is_ascii_digit)
        .count();
    if count == 0 {
        return None;
    }
    let value = text[..count].bytes().try_fold(0i64, |value, digit| {
        value.checked_mul(10)?.checked_add(i64::from(digit - b'0'))
    })?;
    Some((value, &text[count..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(year, month, day)
    }

    #[test]
    fn iso_dates_as_chrono_read_the_same_pattern() {
        for (text, expected) in [
            ("2024-12-31", ymd(2024, 12, 31)),
            ("2024-1-5", ymd(2024, 1, 5)),
            (" 2024- 01- 05", ymd(2024, 1, 5)),
            ("0099-03-04", ymd(99, 3, 4)),
            ("+12024-03-04", ymd(12024, 3, 4)),
            ("-0044-03-15", ymd(-44, 3, 15)),
            ("2024-02-30", None),
            ("2024-13-01", None),
            ("2024-12-31 ", None),
            ("2024/12/31", None),
            ("12024-03-04", None),
            ("2024-012-01", None),
            ("2024--1-01", None),
            ("", None),
        ] {
            assert_eq!(parse_iso(text), expected, "{text:?}");
            assert_eq!(
                NaiveDate::parse_from_str(text, "%Y-%m-%d").ok(),
                expected,
                "chrono on {text:?}"
            );
        }
    }

    #[test]
    fn day_first_dates_as_chrono_read_the_same_pattern() {
        for (text, expected) in [
            ("31/12/2024", ymd(2024, 12, 31)),
            ("1/2/2024", ymd(2024, 2, 1)),
            ("29/02/2023", None),
            ("2024-12-31", None),
            ("31/12/24", ymd(24, 12, 31)),
            ("31/12/2024x", None),
            ("311/12/2024", None),
        ] {
            assert_eq!(parse_day_first(text), expected, "{text:?}");
            assert_eq!(
                NaiveDate::parse_from_str(text, "%d/%m/%Y").ok(),
                expected,
                "chrono on {text:?}"
            );
        }
    }
}
