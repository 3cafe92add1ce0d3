//! Dates as exports write them: ISO `2024-03-05` (with or without a time),
//! `05/03/2024`, `05/03/24`, `05-03-2024`, `05.03.2024`, `20240305`,
//! `2024/03/05`, `5 mars 2024`, `05-Mar-2024`, `Mar 5, 2024` and Excel
//! serial numbers.
//!
//! Days are kept as `i32` days since 1970-01-01 on the hot path and become
//! [`NaiveDate`]s at the end.

use chrono::{Datelike, NaiveDate};

/// Years outside this range are taken for typing mistakes, not dates.
pub(crate) const MIN_YEAR: i32 = 1900;
/// See [`MIN_YEAR`].
pub(crate) const MAX_YEAR: i32 = 2100;

/// Days since 1970-01-01 of a valid civil date (proleptic Gregorian).
///
/// Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms",
/// `days_from_civil`.
pub(crate) fn days_from_civil(year: i32, month: u32, day: u32) -> Option<i32> {
    if !(MIN_YEAR..=MAX_YEAR).contains(&year) || !(1..=12).contains(&month) || day == 0 {
        return None;
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if day > month_days[(month - 1) as usize] {
        return None;
    }
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The day number of a [`NaiveDate`].
pub(crate) fn day_of(date: NaiveDate) -> i32 {
    date.num_days_from_ce() - 719_163
}

/// The [`NaiveDate`] of a day number. Day numbers come from
/// [`days_from_civil`], so they are always in range.
pub(crate) fn date_of(day: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(day + 719_163).unwrap_or(NaiveDate::MIN)
}

/// [`date_of`] with its last answer kept: the rows of an order file mostly
/// come in date order, so most rows reuse it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LastDate {
    day: i32,
    date: NaiveDate,
}

impl Default for LastDate {
    fn default() -> Self {
        LastDate {
            day: 0,
            date: date_of(0),
        }
    }
}

impl LastDate {
    /// The date of a day number.
    #[inline]
    pub(crate) fn date(&mut self, day: i32) -> NaiveDate {
        if day != self.day {
            *self = LastDate {
                day,
                date: date_of(day),
            };
        }
        self.date
    }
}

/// Whether a date lies in the plausible range.
pub(crate) fn plausible(date: NaiveDate) -> Option<i32> {
    (MIN_YEAR..=MAX_YEAR)
        .contains(&date.year())
        .then(|| day_of(date))
}

/// The day of an Excel serial date (1900 system; serial 1 is 1900-01-01,
/// and Excel's phantom 1900-02-29, serial 60, is rejected).
pub(crate) fn excel_serial_day(serial: f64) -> Option<i32> {
    if !serial.is_finite() || serial < 1.0 {
        return None;
    }
    let whole = serial.floor();
    if whole == 60.0 {
        return None;
    }
    // 25 569 is the serial of 1970-01-01; before the phantom leap day the
    // offset is one less.
    let offset = if whole > 60.0 { 25_569.0 } else { 25_568.0 };
    let day = whole - offset;
    let max = days_from_civil(MAX_YEAR, 12, 31)? as f64;
    let min = days_from_civil(MIN_YEAR, 1, 1)? as f64;
    (min..=max).contains(&day).then_some(day as i32)
}

/// What a date cell is, before the column's day/month order is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateScan {
    /// Unambiguous (ISO, `yyyymmdd`, month name, Excel serial): the day.
    Day(i32),
    /// `a/b/year` with both `a` and `b` possible as day or month: the
    /// column's order decides. `first > 12` proves day-first, `second > 12`
    /// month-first.
    Pair { first: u8, second: u8, year: i32 },
    /// Not a date.
    Invalid,
}

impl DateScan {
    /// The day this cell means under `day_first` (true) or month-first order.
    pub(crate) fn resolve(self, day_first: bool) -> Option<i32> {
        match self {
            DateScan::Day(day) => Some(day),
            DateScan::Pair {
                first,
                second,
                year,
            } => {
                let (day, month) = if day_first {
                    (first, second)
                } else {
                    (second, first)
                };
                days_from_civil(year, u32::from(month), u32::from(day))
            }
            DateScan::Invalid => None,
        }
    }

    /// Some(true) when the cell proves day-first, Some(false) month-first,
    /// None when it says nothing.
    pub(crate) fn evidence(self) -> Option<bool> {
        match self {
            DateScan::Pair { first, second, .. } if first > 12 && second <= 12 => Some(true),
            DateScan::Pair { first, second, .. } if second > 12 && first <= 12 => Some(false),
            _ => None,
        }
    }

    /// Whether the cell is readable either way and the order matters.
    pub(crate) fn is_ambiguous(self) -> bool {
        matches!(self, DateScan::Pair { first, second, .. }
            if first <= 12 && second <= 12 && first != second && first > 0 && second > 0)
    }
}

/// Parse up to `max` ASCII digits; returns (value, digits read).
#[inline]
fn digits(bytes: &[u8], max: usize) -> (u32, usize) {
    let mut value = 0u32;
    let mut count = 0;
    while count < max && count < bytes.len() && bytes[count].is_ascii_digit() {
        value = value * 10 + u32::from(bytes[count] - b'0');
        count += 1;
    }
    (value, count)
}

/// Whether what follows a date is a time (or nothing), e.g. ` 14:32`,
/// `T14:32:00Z`, ` 00:00:00.000`.
#[inline]
fn is_time_tail(tail: &[u8]) -> bool {
    match tail {
        [] => true,
        [b' ' | b'T' | b't', rest @ ..] => {
            let rest = rest.trim_ascii_start();
            rest.is_empty() || rest.first().is_some_and(|b| b.is_ascii_digit())
        }
        _ => false,
    }
}

fn expand_year(year: u32, len: usize) -> i32 {
    match len {
        // Two-digit years pivot at 70: 24 → 2024, 85 → 1985.
        2 if year < 70 => 2000 + year as i32,
        2 => 1900 + year as i32,
        _ => year as i32,
    }
}

/// Read a date cell.
pub(crate) fn scan_date(text: &[u8]) -> DateScan {
    let text = text.trim_ascii();
    let (first, first_len) = digits(text, 8);
    if first_len == 0 {
        return scan_month_name(text);
    }
    let rest = &text[first_len..];
    // `20240305` or an Excel serial number written as text.
    if first_len == 8 && is_time_tail(rest) {
        let (year, month, day) = (first / 10_000, first / 100 % 100, first % 100);
        return days_from_civil(year as i32, month, day).map_or(DateScan::Invalid, DateScan::Day);
    }
    if first_len == 5 {
        return match rest {
            [] => excel_serial_day(f64::from(first)).map_or(DateScan::Invalid, DateScan::Day),
            [b'.' | b',', fraction @ ..]
                if !fraction.is_empty() && fraction.iter().all(u8::is_ascii_digit) =>
            {
                excel_serial_day(f64::from(first)).map_or(DateScan::Invalid, DateScan::Day)
            }
            _ => DateScan::Invalid,
        };
    }
    let separator = match rest.first() {
        Some(&byte @ (b'/' | b'-' | b'.')) => byte,
        Some(b' ') if first_len <= 2 => return scan_month_name(text),
        _ => return DateScan::Invalid,
    };
    let rest = &rest[1..];
    let (second, second_len) = digits(rest, 3);
    if second_len == 0 {
        return scan_month_name(text);
    }
    if second_len > 2 || rest.get(second_len) != Some(&separator) {
        return DateScan::Invalid;
    }
    let rest = &rest[second_len + 1..];
    let (third, third_len) = digits(rest, 5);
    if !is_time_tail(&rest[third_len..]) {
        return DateScan::Invalid;
    }
    match (first_len, third_len) {
        (4, 1 | 2) => {
            days_from_civil(first as i32, second, third).map_or(DateScan::Invalid, DateScan::Day)
        }
        (1 | 2, 2 | 4) => {
            let year = expand_year(third, third_len);
            if !(MIN_YEAR..=MAX_YEAR).contains(&year)
                || first == 0
                || second == 0
                || (first > 12 && second > 12)
            {
                return DateScan::Invalid;
            }
            if first > 31 || second > 31 {
                return DateScan::Invalid;
            }
            DateScan::Pair {
                first: first as u8,
                second: second as u8,
                year,
            }
        }
        _ => DateScan::Invalid,
    }
}

/// The month number of a French or English month name or abbreviation.
fn month_number(word: &[u8]) -> Option<u32> {
    let word = String::from_utf8_lossy(word).to_lowercase();
    let word = word.trim_end_matches('.');
    const NAMES: &[(&str, u32)] = &[
        ("janvier", 1),
        ("january", 1),
        ("janv", 1),
        ("jan", 1),
        ("février", 2),
        ("fevrier", 2),
        ("february", 2),
        ("févr", 2),
        ("fevr", 2),
        ("feb", 2),
        ("fév", 2),
        ("fev", 2),
        ("mars", 3),
        ("march", 3),
        ("mar", 3),
        ("avril", 4),
        ("april", 4),
        ("avr", 4),
        ("apr", 4),
        ("mai", 5),
        ("may", 5),
        ("juin", 6),
        ("june", 6),
        ("jun", 6),
        ("juillet", 7),
        ("july", 7),
        ("juil", 7),
        ("jul", 7),
        ("août", 8),
        ("aout", 8),
        ("august", 8),
        ("aug", 8),
        ("septembre", 9),
        ("september", 9),
        ("sept", 9),
        ("sep", 9),
        ("octobre", 10),
        ("october", 10),
        ("oct", 10),
        ("novembre", 11),
        ("november", 11),
        ("nov", 11),
        ("décembre", 12),
        ("decembre", 12),
        ("december", 12),
        ("déc", 12),
        ("dec", 12),
    ];
    NAMES
        .iter()
        .find(|(name, _)| *name == word)
        .map(|&(_, number)| number)
}

/// `5 mars 2024`, `05-Mar-2024`, `5-mars-24`, `Mar 5, 2024`, `mardi 5 mars 2024`.
fn scan_month_name(text: &[u8]) -> DateScan {
    let mut parts = text
        .split(|&b| matches!(b, b' ' | b'-' | b'/' | b'.' | b','))
        .filter(|part| !part.is_empty());
    let mut tokens: [&[u8]; 4] = [&[]; 4];
    let mut count = 0;
    for part in parts.by_ref() {
        if count == 4 {
            return DateScan::Invalid;
        }
        tokens[count] = part;
        count += 1;
    }
    // Drop a leading weekday name ("mardi 5 mars 2024").
    let mut tokens = &tokens[..count];
    if tokens.len() == 4 && tokens[0].iter().all(|b| !b.is_ascii_digit()) {
        tokens = &tokens[1..];
    }
    if tokens.len() != 3 {
        return DateScan::Invalid;
    }
    let number = |token: &[u8]| -> Option<(u32, usize)> {
        let (value, len) = digits(token, 4);
        (len == token.len()).then_some((value, len))
    };
    let (day, month, year) = match (
        number(tokens[0]),
        month_number(tokens[1]),
        number(tokens[2]),
    ) {
        (Some((day, 1 | 2)), Some(month), Some((year, len @ (2 | 4)))) => {
            (day, month, expand_year(year, len))
        }
        _ => match (
            month_number(tokens[0]),
            number(tokens[1]),
            number(tokens[2]),
        ) {
            (Some(month), Some((day, 1 | 2)), Some((year, len @ (2 | 4)))) => {
                (day, month, expand_year(year, len))
            }
            _ => return DateScan::Invalid,
        },
    };
    days_from_civil(year, month, day).map_or(DateScan::Invalid, DateScan::Day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> i32 {
        day_of(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    fn read(text: &str, day_first: bool) -> Option<i32> {
        scan_date(text.as_bytes()).resolve(day_first)
    }

    #[test]
    fn civil_days_agree_with_chrono() {
        for (y, m, d) in [
            (1970, 1, 1),
            (2000, 2, 29),
            (2024, 3, 5),
            (1900, 1, 1),
            (2100, 12, 31),
            (1999, 12, 31),
        ] {
            assert_eq!(days_from_civil(y, m, d), Some(day(y, m, d)), "{y}-{m}-{d}");
            assert_eq!(
                date_of(day(y, m, d)),
                NaiveDate::from_ymd_opt(y, m, d).unwrap()
            );
        }
        assert_eq!(days_from_civil(2023, 2, 29), None);
        assert_eq!(days_from_civil(2024, 4, 31), None);
        assert_eq!(days_from_civil(1899, 12, 31), None);
    }

    #[test]
    fn reads_every_written_form() {
        let march_5 = Some(day(2024, 3, 5));
        assert_eq!(read("2024-03-05", true), march_5);
        assert_eq!(read("2024-03-05 14:32:10", true), march_5);
        assert_eq!(read("2024-03-05T14:32:10Z", true), march_5);
        assert_eq!(read("2024/3/5", true), march_5);
        assert_eq!(read("05/03/2024", true), march_5);
        assert_eq!(read("05/03/24", true), march_5);
        assert_eq!(read("5/3/2024 08:00", true), march_5);
        assert_eq!(read("05-03-2024", true), march_5);
        assert_eq!(read("05.03.2024", true), march_5);
        assert_eq!(read("03/05/2024", false), march_5);
        assert_eq!(read("20240305", true), march_5);
        // 45356 is 2024-03-05 in Excel's 1900 system.
        assert_eq!(read("45356", true), march_5);
        assert_eq!(read("45356.75", true), march_5);
        assert_eq!(read("5 mars 2024", true), march_5);
        assert_eq!(read("05-Mar-2024", true), march_5);
        assert_eq!(read("5-mars-24", true), march_5);
        assert_eq!(read("Mar 5, 2024", true), march_5);
        assert_eq!(read("mardi 5 mars 2024", true), march_5);
        assert_eq!(read(" 05/03/2024 ", true), march_5);
    }

    #[test]
    fn rejects_non_dates() {
        for text in [
            "",
            "abc",
            "31/02/2024",
            "2024-13-01",
            "13/13/2024",
            "05/03",
            "1234",
            "05/03/2024x",
            "12,50",
            "0/0/2024",
            "01/01/1850",
        ] {
            assert_eq!(read(text, true), None, "{text}");
        }
    }

    #[test]
    fn evidence_and_ambiguity() {
        assert_eq!(scan_date(b"13/03/2024").evidence(), Some(true));
        assert_eq!(scan_date(b"03/13/2024").evidence(), Some(false));
        assert_eq!(scan_date(b"05/03/2024").evidence(), None);
        assert!(scan_date(b"05/03/2024").is_ambiguous());
        assert!(!scan_date(b"05/05/2024").is_ambiguous(), "same either way");
        assert!(!scan_date(b"2024-03-05").is_ambiguous());
    }

    #[test]
    fn excel_serials_follow_the_1900_system() {
        assert_eq!(excel_serial_day(1.0), Some(day(1900, 1, 1)));
        assert_eq!(excel_serial_day(59.0), Some(day(1900, 2, 28)));
        assert_eq!(excel_serial_day(60.0), None);
        assert_eq!(excel_serial_day(61.0), Some(day(1900, 3, 1)));
        assert_eq!(excel_serial_day(25_569.0), Some(0));
        assert_eq!(excel_serial_day(-3.0), None);
    }
}
