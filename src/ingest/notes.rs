//! Every sentence ingestion may add to its report, in French and English.
//!
//! Notes tell the reader what was decided for them (a date order, a decimal
//! separator, a column) and what was set aside. Each is a [`Note`] with a
//! stable key, so the page and the report show it in the reader's language
//! and a front end can pick one out without parsing text. The English
//! sentences are the ones earlier versions gave as plain strings.

use crate::format;
use crate::labels::Note;
use crate::Language;

use super::options::Role;
use super::report::RowExample;
use super::roles::describe_role;

/// A short phrase in both languages, to be set inside a note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Phrase {
    pub(crate) fr: &'static str,
    pub(crate) en: &'static str,
}

/// Why a column without evidence got the decimal separator it got.
pub(crate) mod decimal_reason {
    use super::Phrase;

    /// The settings name the separator.
    pub(crate) const SETTINGS: Phrase = Phrase {
        fr: "comme réglé dans les paramètres",
        en: "as set in the settings",
    };
    /// Semicolon-delimited files are French exports.
    pub(crate) const SEMICOLON: Phrase = Phrase {
        fr: "le fichier est séparé par des points-virgules, comme les exports français",
        en: "the file is semicolon-delimited, as French exports are",
    };
    /// Windows-1252 files are French exports.
    pub(crate) const WINDOWS_1252: Phrase = Phrase {
        fr: "le fichier est encodé en Windows-1252, comme les exports français",
        en: "the file is in the Windows-1252 encoding, as French exports are",
    };
    /// Nothing hints either way.
    pub(crate) const DEFAULT: Phrase = Phrase {
        fr: "la valeur par défaut",
        en: "the default",
    };
}

/// `« text »`, as French quotes a value.
fn quoted(text: &str) -> String {
    format!("«\u{A0}{text}\u{A0}»")
}

/// A count as French writes it (`1 234`).
fn count_fr(count: u64) -> String {
    format::integer(i64::try_from(count).unwrap_or(i64::MAX), Language::Fr)
}

/// The French name of a column role, as [`describe_role`] gives the English.
pub(crate) fn describe_role_fr(role: Role) -> &'static str {
    match role {
        Role::CustomerId => "identifiant client",
        Role::OrderDate => "date de commande",
        Role::Amount => "montant",
        Role::OrderId => "numéro de commande",
        Role::Margin => "marge",
        Role::Quantity => "quantité",
        Role::Channel => "canal",
        Role::Name => "nom",
        Role::Email => "e-mail",
        Role::Postcode => "code postal",
        Role::City => "ville",
        Role::BirthDate => "date de naissance",
        Role::Age => "âge",
        Role::Sex => "sexe",
        Role::LastPurchase => "date de dernier achat",
        Role::FirstPurchase => "date de premier achat",
        Role::OrderCount => "nombre de commandes",
        Role::TotalAmount => "montant total",
        Role::TotalMargin => "marge totale",
    }
}

/// The file was read as one row per customer.
pub(crate) fn customer_level_file(headers: &[&str]) -> Note {
    let en: Vec<String> = headers.iter().map(|h| format!("\"{h}\"")).collect();
    let fr: Vec<String> = headers.iter().map(|h| quoted(h)).collect();
    Note::new(
        "customer_level_file",
        format!(
            "Le fichier a une ligne par client (il a les colonnes {})\u{A0}; il a été lu comme un fichier clients, sans historique d'achats.",
            fr.join(", ")
        ),
        format!(
            "The file has one row per customer (it has {} columns); it was read as a customer-level file, without purchase histories.",
            en.join(", ")
        ),
    )
}

/// A column named for the other file shape stands in for `role`.
pub(crate) fn column_stand_in(header: &str, role: Role) -> Note {
    Note::new(
        "column_stand_in",
        format!(
            "La colonne {} a servi de {}.",
            quoted(header),
            describe_role_fr(role)
        ),
        format!(
            "Column \"{header}\" was used as the {}.",
            describe_role(role)
        ),
    )
}

/// No id column: the e-mail identifies customers.
pub(crate) fn email_as_id(header: &str) -> Note {
    Note::new(
        "email_as_id",
        format!(
            "Aucune colonne d'identifiant client n'a été trouvée\u{A0}: les clients sont identifiés par leur e-mail ({}).",
            quoted(header)
        ),
        format!("No customer id column was found: customers are identified by their e-mail (\"{header}\")."),
    )
}

/// Several headers could fill `role`; `chosen` was taken.
pub(crate) fn several_candidates(role: Role, chosen: &str, others: &[&str]) -> Note {
    let others_en: Vec<String> = others.iter().map(|h| format!("\"{h}\"")).collect();
    let others_fr: Vec<String> = others.iter().map(|h| quoted(h)).collect();
    Note::new(
        "several_candidates",
        format!(
            "Plusieurs colonnes pourraient servir de {}\u{A0}: {} a été retenue plutôt que {}. Réglez columns.{} dans les paramètres pour en choisir une autre.",
            describe_role_fr(role),
            quoted(chosen),
            others_fr.join(", "),
            role.key()
        ),
        format!(
            "Several columns could be the {}: \"{chosen}\" was used rather than {}. Set columns.{} in the settings to choose another.",
            describe_role(role),
            others_en.join(", "),
            role.key()
        ),
    )
}

/// A later sheet was read because the ones before it are empty.
#[cfg(feature = "spreadsheets")]
pub(crate) fn sheet_after_empty(name: &str) -> Note {
    Note::new(
        "sheet_after_empty",
        format!(
            "La feuille {} a été lue\u{A0}: les feuilles avant elle sont vides.",
            quoted(name)
        ),
        format!("Sheet \"{name}\" was read: the sheets before it are empty."),
    )
}

/// The first of several sheets was read.
#[cfg(feature = "spreadsheets")]
pub(crate) fn sheet_of_many(name: &str, sheets: usize) -> Note {
    Note::new(
        "sheet_of_many",
        format!(
            "La feuille {} a été lue (le classeur a {} feuilles\u{A0}; réglez sheet pour en lire une autre).",
            quoted(name),
            count_fr(sheets as u64)
        ),
        format!(
            "Sheet \"{name}\" was read (the workbook has {sheets} sheets; set sheet to read another)."
        ),
    )
}

/// Bytes not valid in the detected encoding became U+FFFD.
pub(crate) fn malformed_bytes(encoding: &str) -> Note {
    Note::new(
        "malformed_bytes",
        format!(
            "Certains octets ne sont pas du {encoding} valide et ont été remplacés par \u{FFFD}."
        ),
        format!("Some bytes are not valid {encoding} and were replaced by \u{FFFD}."),
    )
}

/// A quote that nothing closes, read as text so that later rows still count.
pub(crate) fn unclosed_quote(line: u64, column: usize) -> Note {
    Note::new(
        "unclosed_quote",
        format!("Ligne {line}, colonne {column}\u{A0}: un guillemet ouvre un champ sans jamais être refermé\u{A0}; il a été lu comme du texte, pour que les lignes suivantes soient lues normalement. Vérifiez cette ligne."),
        format!("Line {line}, column {column}: a quote opens a field and is never closed; it was read as text, so that the following rows are read as usual. Check that line."),
    )
}

/// The preview's word on a date order still undecided.
pub(crate) fn preview_date_order_assumed() -> Note {
    Note::new(
        "date_order_assumed",
        "Les dates sont ambiguës (chaque jour et chaque mois vaut 12 ou moins)\u{A0}; elles seront lues comme jour/mois/année.",
        "Dates are ambiguous (every day and month is 12 or less); they will be read as day/month/year.",
    )
}

/// No date of the column told day-first from month-first; day-first was taken.
pub(crate) fn date_order_assumed(header: &str, stopped_at_cap: bool) -> Note {
    let (why_fr, why_en) = if stopped_at_cap {
        (
            "aucune date des 200\u{A0}000 premières lignes n'avait un jour supérieur à 12",
            "no date in the first 200 000 rows had a day above 12",
        )
    } else {
        (
            "chaque jour et chaque mois valait 12 ou moins",
            "every day and month was 12 or less",
        )
    };
    Note::new(
        "date_order_assumed",
        format!(
            "Les dates de {} étaient ambiguës ({why_fr})\u{A0}; elles ont été lues comme jour/mois/année. Réglez date_order sur month_first si elles sont au format mois/jour/année.",
            quoted(header)
        ),
        format!(
            "Dates in \"{header}\" were ambiguous ({why_en}); they were read as day/month/year. Set date_order to month_first if they are month/day/year."
        ),
    )
}

/// One date of the column decided its order.
pub(crate) fn date_order_found(header: &str, day_first: bool, line: u64, value: &str) -> Note {
    let (order_fr, order_en) = if day_first {
        ("jour/mois/année", "day/month/year")
    } else {
        ("mois/jour/année", "month/day/year")
    };
    Note::new(
        "date_order_found",
        format!(
            "Les dates de {} ont été lues comme {order_fr} (ligne {line}\u{A0}: {}).",
            quoted(header),
            quoted(value)
        ),
        format!("Dates in \"{header}\" were read as {order_en} (line {line}: \"{value}\")."),
    )
}

/// Numbers such as 1.234 left the decimal separator open; a default was taken.
pub(crate) fn decimal_separator_assumed(header: &str, comma: bool, reason: Phrase) -> Note {
    let (separator_fr, separator_en) = if comma {
        ("une virgule", "comma")
    } else {
        ("un point", "point")
    };
    Note::new(
        "decimal_separator_assumed",
        format!(
            "Les nombres de {} comme 1.234 ou 1,234 étaient ambigus\u{A0}; le séparateur décimal retenu est {separator_fr} ({}). Réglez decimal_separator si ce n'est pas le bon.",
            quoted(header),
            reason.fr
        ),
        format!(
            "Numbers in \"{header}\" such as 1.234 or 1,234 were ambiguous; the decimal separator was taken to be a {separator_en} ({}). Set decimal_separator if this is wrong.",
            reason.en
        ),
    )
}

/// Rows with a negative amount were netted as returns.
pub(crate) fn returns(rows: u64) -> Note {
    Note::new(
        "returns",
        format!("{} lignes au montant négatif ont été traitées comme des retours et déduites du chiffre d'affaires\u{A0}; un retour n'est pas une commande, et un jour sans autre ligne qu'un retour ne compte pas comme jour d'achat.", count_fr(rows)),
        format!("{rows} rows with a negative amount were treated as returns and netted against revenue; a return is not an order, and a day with only returns is not a purchase day."),
    )
}

/// Orders with a zero amount still count.
pub(crate) fn zero_amounts(orders: u64) -> Note {
    Note::new(
        "zero_amounts",
        format!(
            "{} commandes avaient un montant nul\u{A0}; elles comptent comme des commandes.",
            count_fr(orders)
        ),
        format!("{orders} orders had a zero amount; they count as orders."),
    )
}

/// Unreadable margins counted as 0.
pub(crate) fn margin_unreadable(values: u64, example: &RowExample) -> Note {
    let mut example_fr = format!("ligne {}", example.line);
    if let Some(column) = &example.column {
        example_fr.push_str(&format!(", colonne {}", quoted(column)));
    }
    example_fr.push_str(&format!(", valeur {}", quoted(&example.value)));
    Note::new(
        "margin_unreadable",
        format!(
            "{} valeurs de marge n'ont pas pu être lues et ont compté pour 0 (par exemple {example_fr}).",
            count_fr(values)
        ),
        format!(
            "{values} margin values could not be read and were counted as 0 (e.g. {example})."
        ),
    )
}

/// Many rows repeat an order number: perhaps one row per product line.
pub(crate) fn many_duplicate_orders(rows: u64, header: &str) -> Note {
    Note::new(
        "many_duplicate_orders",
        format!(
            "{} lignes répètent un numéro de commande déjà vu dans {} et ont été ignorées. Si le fichier a une ligne par article, réglez columns.order_id sur \"\" pour que chaque ligne compte.",
            count_fr(rows),
            quoted(header)
        ),
        format!(
            "{rows} rows repeat an order number already seen in \"{header}\" and were skipped. If the file has one row per product line, set columns.order_id to \"\" so that every line counts."
        ),
    )
}

/// Blank rows were ignored.
pub(crate) fn blank_rows(rows: u64) -> Note {
    Note::new(
        "blank_rows",
        format!("{} lignes vides ont été ignorées.", count_fr(rows)),
        format!("{rows} blank rows were ignored."),
    )
}

/// Customer ids with bytes that are not text.
pub(crate) fn invalid_text_ids(ids: u64) -> Note {
    Note::new(
        "invalid_text_ids",
        format!("{} identifiants clients contenaient des octets qui ne sont pas du texte valide dans l'encodage détecté\u{A0}; ils ont été lus avec des caractères de remplacement.", count_fr(ids)),
        format!("{ids} customer ids contained bytes that are not valid text in the detected encoding; they were read with replacement characters."),
    )
}

/// Customers without a readable first purchase date.
pub(crate) fn first_purchase_missing(customers: u64) -> Note {
    Note::new(
        "first_purchase_missing",
        format!("{} clients n'ont pas de date de premier achat lisible\u{A0}; leur date de dernier achat a été utilisée.", count_fr(customers)),
        format!("{customers} customers have no readable first purchase date; their last purchase date was used."),
    )
}

/// Customers whose first purchase comes after their last.
pub(crate) fn first_after_last(customers: u64) -> Note {
    Note::new(
        "first_after_last",
        format!("{} clients ont une date de premier achat postérieure à celle du dernier\u{A0}; la date de dernier achat a été utilisée.", count_fr(customers)),
        format!("{customers} customers have a first purchase date after their last one; the last purchase date was used."),
    )
}

/// Customer-level rows without a purchase, kept as prospects.
pub(crate) fn prospects(customers: u64) -> Note {
    Note::new(
        "prospects",
        format!(
            "{} clients n'ont encore rien acheté\u{A0}; ils sont gardés comme prospects.",
            count_fr(customers)
        ),
        format!("{customers} customers have no purchase yet; they are kept as prospects."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_counts_and_quotes_follow_french_typography() {
        let note = returns(1234);
        assert_eq!(note.key, "returns");
        assert!(
            note.fr
                .starts_with("1\u{202F}234 lignes au montant négatif"),
            "{}",
            note.fr
        );
        assert_eq!(
            note.en,
            "1234 rows with a negative amount were treated as returns and netted against revenue; \
             a return is not an order, and a day with only returns is not a purchase day."
        );
        let note = date_order_found("Date", false, 7, "03/25/2024");
        assert_eq!(
            note.fr,
            "Les dates de «\u{A0}Date\u{A0}» ont été lues comme mois/jour/année (ligne 7\u{A0}: «\u{A0}03/25/2024\u{A0}»)."
        );
    }
}
