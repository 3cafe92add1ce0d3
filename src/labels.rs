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
