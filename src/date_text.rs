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

/// An ISO date read exactly as chrono's `NaiveDate::from_str` reads it
/// (what its serde implementation calls): [`parse_iso`], and spaces may
/// also follow each number and end the text. The error is chrono's own
/// message for the same input.
///
/// ```
/// use chrono::NaiveDate;
/// use segmento::date_text::parse_iso_like_from_str;
/// assert_eq!(parse_iso_like_from_str("2024-1-5 "), Ok(NaiveDate::from_ymd_opt(2024, 1, 5).unwrap()));
/// assert_eq!(parse_iso_like_from_str("2024-02-30"), Err("input is out of range"));
/// assert_eq!(parse_iso_like_from_str("2024-12"), Err("premature end of input"));
/// ```
pub fn parse_iso_like_from_str(text: &str) -> Result<NaiveDate, &'static str> {
    // chrono's `ParseErrorKind` messages.
    const OUT_OF_RANGE: &str = "input is out of range";
    const INVALID: &str = "input contains invalid characters";
    const TOO_SHORT: &str = "premature end of input";
    const TOO_LONG: &str = "trailing input";
    // chrono's `scan::number(s, 1, max)`.
    fn number(s: &str, max: usize) -> Result<(i64, &str), &'static str> {
        let bytes = s.as_bytes();
        if bytes.is_empty() {
            return Err(TOO_SHORT);
        }
        let mut value = 0i64;
        for (i, &c) in bytes.iter().take(max).enumerate() {
            if !c.is_ascii_digit() {
                return if i == 0 {
                    Err(INVALID)
                } else {
                    Ok((value, &s[i..]))
                };
            }
            value = value
                .checked_mul(10)
                .and_then(|v| v.checked_add(i64::from(c - b'0')))
                .ok_or(OUT_OF_RANGE)?;
        }
        Ok((value, &s[max.min(bytes.len())..]))
    }
    fn dash(s: &str) -> Result<&str, &'static str> {
        if s.is_empty() {
            return Err(TOO_SHORT);
        }
        s.strip_prefix('-').ok_or(INVALID)
    }
    let s = text.trim_start();
    let (year, s) = if let Some(rest) = s.strip_prefix('-') {
        let (value, rest) = number(rest, usize::MAX)?;
        (0i64.checked_sub(value).ok_or(OUT_OF_RANGE)?, rest)
    } else if let Some(rest) = s.strip_prefix('+') {
        number(rest, usize::MAX)?
    } else {
        number(s, 4)?
    };
    let year = i32::try_from(year).map_err(|_| OUT_OF_RANGE)?;
    let s = dash(s.trim_start())?;
    let (month, s) = number(s.trim_start(), 2)?;
    if !(1..=12).contains(&month) {
        return Err(OUT_OF_RANGE);
    }
    let s = dash(s.trim_start())?;
    let (day, s) = number(s.trim_start(), 2)?;
    if !(1..=31).contains(&day) {
        return Err(OUT_OF_RANGE);
    }
    if !s.trim_start().is_empty() {
        return Err(TOO_LONG);
    }
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).ok_or(OUT_OF_RANGE)
}

/// serde for the settings' optional dates (`#[serde(deserialize_with =
/// "crate::date_text::optional_iso")]`): what chrono's serde reads, with
/// its messages, without linking chrono's strftime parser into the page's
/// main module (BENCHMARKS.md, "Main module size").
pub(crate) fn optional_iso<'de, D>(deserializer: D) -> Result<Option<NaiveDate>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct IsoDate(NaiveDate);
    struct Visitor;
    impl serde::de::Visitor<'_> for Visitor {
        type Value = IsoDate;
        fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
            // chrono's words, so errors read as before.
            formatter.write_str("a formatted date string")
        }
        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<IsoDate, E> {
            parse_iso_like_from_str(value)
                .map(IsoDate)
                .map_err(E::custom)
        }
    }
    impl<'de> serde::Deserialize<'de> for IsoDate {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<IsoDate, D::Error> {
            deserializer.deserialize_str(Visitor)
        }
    }
    let date: Option<IsoDate> = serde::Deserialize::deserialize(deserializer)?;
    Ok(date.map(|date| date.0))
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

    #[test]
    fn iso_dates_as_chrono_from_str_reads_them_with_its_messages() {
        for text in [
            "2024-12-31",
            "2024-1-5",
            " 2024 - 01 - 05 ",
            "2024-12-31 ",
            "2024-12-31x",
            "0099-03-04",
            "+12024-03-04",
            "-0044-03-15",
            "2024-02-30",
            "2024-13-01",
            "2024-00-01",
            "2024-12-00",
            "2024-12-32",
            "2024/12/31",
            "12024-03-04",
            "2024-012-01",
            "2024--1-01",
            "",
            " ",
            "-",
            "+",
            "2024",
            "2024-",
            "2024-12",
            "2024-12-",
            "x2024-12-31",
            "+99999999999-01-01",
            "-99999999999999999999-01-01",
            "2024-1a-01",
            "2024-12-3\u{a0}",
            "\u{2003}2024-12-31",
            "2024-12-31\n",
            "+-1-01-01",
            "2024 -12- 31",
        ] {
            let chrono = text.parse::<NaiveDate>().map_err(|err| err.to_string());
            let ours = parse_iso_like_from_str(text).map_err(str::to_string);
            assert_eq!(ours, chrono, "{text:?}");
        }
    }

    #[test]
    fn the_settings_dates_read_as_chrono_serde_read_them() {
        #[derive(Debug, serde::Deserialize)]
        struct Ours {
            #[serde(default, deserialize_with = "optional_iso")]
            date: Option<NaiveDate>,
        }
        #[derive(Debug, serde::Deserialize)]
        struct Chrono {
            #[serde(default)]
            date: Option<NaiveDate>,
        }
        for json in [
            r#"{"date": "2024-12-31"}"#,
            r#"{"date": null}"#,
            r#"{}"#,
            r#"{"date": 20241231}"#,
            r#"{"date": "31/12/2024"}"#,
            r#"{"date": "2024-02-30"}"#,
            r#"{"date": ["2024-12-31"]}"#,
        ] {
            let ours = serde_json::from_str::<Ours>(json)
                .map(|o| o.date)
                .map_err(|e| e.to_string());
            let chrono = serde_json::from_str::<Chrono>(json)
                .map(|c| c.date)
                .map_err(|e| e.to_string());
            assert_eq!(ours, chrono, "{json}");
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_text_reads_as_chrono_from_str_reads_it(text in "[0-9+ \\-]{0,14}|[0-9]{1,5}-[0-9]{1,3}-[0-9]{1,3}[ x]?") {
            let chrono = text.parse::<NaiveDate>().map_err(|err| err.to_string());
            let ours = parse_iso_like_from_str(&text).map_err(str::to_string);
            prop_assert_eq!(ours, chrono);
        }
    }
}
