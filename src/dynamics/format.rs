//! Number and date formatting for the sentences the dynamics modules write.
//!
//! French follows the Imprimerie nationale conventions as encoded in CLDR:
//! a narrow no-break space (U+202F) groups thousands and precedes `%`, and the
//! decimal separator is a comma (`1 234,5 %`). English uses `1,234.5%`.
//! The digits come from [`crate::format`]; this module only adds what the
//! dynamics sentences need on top (agreement, percentage points, whole
//! euros with a narrow space, the shares' adaptive decimals).

use chrono::NaiveDate;

use crate::format;
use crate::i18n::Language;

/// Narrow no-break space: French thousands separator and space before `%`.
pub(crate) const NNBSP: char = '\u{202f}';

/// French integer: `12345` → `12 345` (narrow no-break space).
pub(crate) fn int_fr(value: i64) -> String {
    format::integer(value, Language::Fr)
}

/// English integer: `12345` → `12,345`.
pub(crate) fn int_en(value: i64) -> String {
    format::integer(value, Language::En)
}

/// French count with agreement (0 and 1 take the singular):
/// `count_fr(1, "canal", "canaux")` → `1 canal`.
pub(crate) fn count_fr(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", int_fr(n as i64), if n <= 1 { one } else { many })
}

/// English count with agreement: `count_en(2, "cohort", "cohorts")` → `2 cohorts`.
pub(crate) fn count_en(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", int_en(n as i64), if n == 1 { one } else { many })
}

/// French decimal with `decimals` digits: `1234.5` → `1 234,5`.
pub(crate) fn decimal_fr(value: f64, decimals: usize) -> String {
    format::number(value, decimals, Language::Fr)
}

/// English decimal with `decimals` digits: `1234.5` → `1,234.5`.
pub(crate) fn decimal_en(value: f64, decimals: usize) -> String {
    format::number(value, decimals, Language::En)
}

/// Digits shown for a share: whole percents from 10 %, one decimal below
/// (so a 4.5 % slide is not shown as "5 %" next to a 45 % one).
fn percent_decimals(share: f64) -> usize {
    if share.abs() >= 0.095 {
        0
    } else {
        1
    }
}

/// French percentage of a share in [0, 1]: `0.18` → `18 %`, `0.045` → `4,5 %`.
pub(crate) fn percent_fr(share: f64) -> String {
    let percent = share * 100.0;
    format!("{}{NNBSP}%", decimal_fr(percent, percent_decimals(share)))
}

/// English percentage of a share in [0, 1]: `0.18` → `18%`.
pub(crate) fn percent_en(share: f64) -> String {
    let percent = share * 100.0;
    format!("{}%", decimal_en(percent, percent_decimals(share)))
}

/// Percentage points with one decimal, French: `0.042` → `4,2 points`.
pub(crate) fn points_fr(difference: f64) -> String {
    let points = difference * 100.0;
    let unit = if points.abs() < 2.0 {
        "point"
    } else {
        "points"
    };
    format!("{} {unit}", decimal_fr(points, 1))
}

/// Percentage points with one decimal, English: `0.042` → `4.2 points`.
pub(crate) fn points_en(difference: f64) -> String {
    let points = difference * 100.0;
    let unit = if points.abs() == 1.0 {
        "point"
    } else {
        "points"
    };
    format!("{} {unit}", decimal_en(points, 1))
}

/// Amount in euros, French: `3450.4` → `3 450 €`.
pub(crate) fn euros_fr(amount: f64) -> String {
    format!("{}{NNBSP}€", decimal_fr(amount, 0))
}

/// Amount in euros, English: `3450.4` → `€3,450`.
pub(crate) fn euros_en(amount: f64) -> String {
    format::money_with_decimals(amount, 0, Language::En)
}

/// French date: `31/12/2024`.
pub(crate) fn date_fr(date: NaiveDate) -> String {
    format::date(date, Language::Fr)
}

/// English date: `2024-12-31` (ISO, unambiguous for every English reader).
pub(crate) fn date_en(date: NaiveDate) -> String {
    format::date(date, Language::En)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_numbers_use_narrow_spaces_and_commas() {
        assert_eq!(int_fr(0), "0");
        assert_eq!(int_fr(999), "999");
        assert_eq!(int_fr(1000), "1\u{202f}000");
        assert_eq!(int_fr(1_234_567), "1\u{202f}234\u{202f}567");
        assert_eq!(int_fr(-4321), "-4\u{202f}321");
        assert_eq!(decimal_fr(1234.56, 1), "1\u{202f}234,6");
        assert_eq!(decimal_fr(-0.04, 1), "0,0");
        assert_eq!(percent_fr(0.18), "18\u{202f}%");
        assert_eq!(count_fr(1, "canal", "canaux"), "1 canal");
        assert_eq!(count_fr(1200, "canal", "canaux"), "1\u{202f}200 canaux");
        assert_eq!(count_en(0, "cohort", "cohorts"), "0 cohorts");
        assert_eq!(percent_fr(0.045), "4,5\u{202f}%");
        assert_eq!(percent_fr(1.0), "100\u{202f}%");
        assert_eq!(euros_fr(3450.4), "3\u{202f}450\u{202f}€");
        assert_eq!(points_fr(0.042), "4,2 points");
        assert_eq!(
            date_fr(NaiveDate::from_ymd_opt(2024, 3, 5).unwrap()),
            "05/03/2024"
        );
    }

    #[test]
    fn english_numbers_use_commas_and_points() {
        assert_eq!(int_en(1_234_567), "1,234,567");
        assert_eq!(decimal_en(1234.56, 2), "1,234.56");
        assert_eq!(percent_en(0.18), "18%");
        assert_eq!(percent_en(0.045), "4.5%");
        assert_eq!(euros_en(-3450.4), "-€3,450");
        assert_eq!(euros_en(12.0), "€12");
        assert_eq!(points_en(-0.013), "-1.3 points");
        assert_eq!(decimal_en(f64::NAN, 1), "—");
    }
}
