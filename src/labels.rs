//! Plain-sentence notes attached to an analysis output, in French and
//! English.
//!
//! Every sentence a user may read exists in both languages; the report and
//! the page pick one. Numbers inside those sentences are formatted by
//! [`crate::format`] (`1 234,5` and `18 %` in French, `1,234.5` and `18%` in
//! English), the same module that formats the report, the charts and the
//! exports, so a figure reads the same everywhere.

use serde::{Deserialize, Serialize};

/// A plain sentence explaining something about a result (a degenerate
/// distribution, an assumption, an ignored setting), in both languages.
///
/// ```
/// use segmento::labels::Note;
/// use segmento::Language;
/// let note = Note::new("no_customer", "Aucun client.", "No customer.");
/// assert_eq!(note.get(Language::En), "No customer.");
/// ```
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

    /// The sentence in `language`.
    pub fn get(&self, language: crate::Language) -> &str {
        language.pick(&self.fr, &self.en)
    }
}

/// Why an analysis could not run on a file, in both languages (the values
/// of `summary.json`'s `unavailable` map). The reasons a real file gives
/// (no purchase histories, no repeat purchase, …) have their own key and
/// French sentence; any other error keeps its English message under the
/// key `analysis_failed`, and the French sentence quotes it.
///
/// ```
/// use segmento::labels::unavailable_note;
/// use segmento::Error;
/// let note = unavailable_note(&Error::analysis("BG/NBD: no repeat purchase to fit"));
/// assert_eq!(note.key, "no_repeat_purchase");
/// assert_eq!(note.en, "BG/NBD: no repeat purchase to fit");
/// assert!(note.fr.starts_with("BG/NBD\u{A0}: aucun achat répété"));
/// ```
pub fn unavailable_note(err: &crate::Error) -> Note {
    let en = err.to_string();
    let known: &[(&str, &str, &str)] = &[
        (
            "a calibration date needs per-purchase histories",
            "no_history",
            "La prévision a besoin de l'historique daté de chaque achat, que ce fichier (une ligne par client) n'a pas.",
        ),
        (
            "migrations need one row per order: this file has one row per customer",
            "no_history",
            "Les migrations ont besoin d'une ligne par commande\u{A0}: ce fichier a une ligne par client.",
        ),
        (
            "BG/NBD: no customer to fit",
            "no_customer_to_fit",
            "BG/NBD\u{A0}: aucun client sur lequel ajuster le modèle.",
        ),
        (
            "BG/NBD: no repeat purchase to fit",
            "no_repeat_purchase",
            "BG/NBD\u{A0}: aucun achat répété sur lequel ajuster le modèle (chaque client a acheté un seul jour).",
        ),
        (
            "Gamma-Gamma: fewer than 2 customers with repeat spend",
            "too_few_repeat_customers",
            "Gamma-Gamma\u{A0}: moins de 2 clients ont des achats répétés.",
        ),
        (
            "the campaign is planned on predictive groups, but the forecast is unavailable",
            "forecast_unavailable",
            "La campagne est prévue sur les groupes prédictifs, mais la prévision n'est pas disponible.",
        ),
    ];
    if let Some((_, key, fr)) = known.iter().find(|(message, _, _)| *message == en) {
        return Note::new(*key, *fr, en);
    }
    if let Some(date) = en.strip_prefix("no customer had bought by the compare date ") {
        return Note::new(
            "no_customer_at_compare_date",
            format!("Aucun client n'avait encore acheté à la date de comparaison ({date})."),
            en,
        );
    }
    Note::new(
        "analysis_failed",
        format!("Cette analyse n'a pas pu être faite sur ce fichier (détail technique, en anglais\u{A0}: {en})."),
        en,
    )
}
