//! Number and date formatting for the sentences the dynamics modules write.
//!
//! French follows the Imprimerie nationale conventions as encoded in CLDR:
//! a narrow no-break space (U+202F) groups thousands and precedes `%`, and the
//! decimal separator is a comma (`1 234,5 %`). English uses `1,234.5%`.

use chrono::NaiveDate;

/// Narrow no-break space: French thousands separator and space before `%`.
pub(crate) const NNBSP: char = '\u{202f}';

/// Groups the digits of a non-negative integer string by three.
fn group_digits(digits: &str, separator: char) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
    let len = digits.len();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (len - index).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

/// Formats `value` with `decimals` digits after the separator, grouping
/// thousands. Non-finite values are written as "—".
fn decimal(value: f64, decimals: usize, thousands: char, point: char) -> String {
    if !value.is_finite() {
        return "—".to_string();
    }
    let text = format!("{:.*}", decimals, value.abs());
    // `-0` after rounding is written without its sign.
    let negative = value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0');
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (text.as_str(), None),
    };
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&group_digits(whole, thousands));
    if let Some(fraction) = fraction {
        out.push(point);
        out.push_str(fraction);
    }
    out
}

/// French integer: `12345` → `12 345` (narrow no-break space).
pub(crate) fn int_fr(value: i64) -> String {
    decimal(value as f64, 0, NNBSP, ',')
}

/// English integer: `12345` → `12,345`.
pub(crate) fn int_en(value: i64) -> String {
    decimal(value as f64, 0, ',', '.')
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
    decimal(value, decimals, NNBSP, ',')
}

/// English decimal with `decimals` digits: `1234.5` → `1,234.5`.
pub(crate) fn decimal_en(value: f64, decimals: usize) -> String {
    decimal(value, decimals, ',', '.')
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
    if amount < 0.0 && decimal_en(amount, 0) != "0" {
        format!("-€{}", decimal_en(-amount, 0))
    } else {
        format!("€{}", decimal_en(amount.abs(), 0))
    }
}

/// French date: `31/12/2024`.
pub(crate) fn date_fr(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// English date: `2024-12-31` (ISO, unambiguous for every English reader).
pub(crate) fn date_en(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
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
