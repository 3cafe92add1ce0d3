//! Small phrases with numbers inside ("312 clients", "18 % des clients"),
//! built from the i18n table and the shared number formats.

use crate::abc::Basis;
use crate::format;
use crate::i18n::{self, Language};

/// `312 clients` / `1 client` / `0 client` (French keeps the singular for 0
/// and 1), `312 customers` / `1 customer` / `0 customers`.
///
/// ```
/// use segmento::present::count_customers;
/// use segmento::Language;
/// assert_eq!(count_customers(1234, Language::Fr), "1\u{202F}234 clients");
/// assert_eq!(count_customers(0, Language::Fr), "0 client");
/// assert_eq!(count_customers(0, Language::En), "0 customers");
/// ```
pub fn count_customers(count: usize, language: Language) -> String {
    let singular = match language {
        Language::Fr => count <= 1,
        Language::En => count == 1,
    };
    let noun = if singular {
        i18n::CUSTOMER_ONE
    } else {
        i18n::CUSTOMER_MANY
    };
    format!(
        "{} {}",
        format::integer(count as i64, language),
        noun.get(language)
    )
}

/// `18 % des clients` / `18% of customers`.
pub fn share_of_customers(share: f64, language: Language) -> String {
    format!(
        "{} {}",
        format::share(share, language),
        i18n::OF_CUSTOMERS.get(language)
    )
}

/// `80 % du CA` / `80% of revenue`, or of margin for the margin basis.
pub fn share_of_value(share: f64, basis: Basis, language: Language) -> String {
    let of = match basis {
        Basis::Revenue => i18n::OF_REVENUE,
        Basis::Margin => i18n::OF_MARGIN,
    };
    format!("{} {}", format::share(share, language), of.get(language))
}
