//! The Rust-side French/English strings: report headings, explanations of
//! each analysis in plain words, and the column headers of the exports.
//!
//! The page has its own table for its interface (in `www/`); the strings here
//! are the ones that end up in files the user downloads. Each entry is a
//! [`Text`] holding both languages, so a missing translation is a compile
//! error rather than a blank in the report.

use serde::{Deserialize, Serialize};

/// The language of the report, the exports' headers and the sentences.
///
/// Serialized as `"fr"` / `"en"`; French is the default because the tool is
/// made for French businesses.
///
/// ```
/// use segmento::Language;
/// assert_eq!(Language::default(), Language::Fr);
/// assert_eq!(serde_json::to_string(&Language::En).unwrap(), "\"en\"");
/// assert_eq!(Language::from_tag("fr-CA"), Language::Fr);
/// assert_eq!(Language::from_tag("de-DE"), Language::En);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// French.
    #[default]
    Fr,
    /// English.
    En,
}

impl Language {
    /// The BCP 47 code used in `<html lang>`: `fr` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Language::Fr => "fr",
            Language::En => "en",
        }
    }

    /// The language for a browser tag such as `navigator.language`: French
    /// for any `fr…` tag, English otherwise (the rule the page follows).
    pub fn from_tag(tag: &str) -> Language {
        if tag.trim().to_ascii_lowercase().starts_with("fr") {
            Language::Fr
        } else {
            Language::En
        }
    }

    /// Picks the string of this language.
    ///
    /// ```
    /// use segmento::Language;
    /// assert_eq!(Language::En.pick("Clients", "Customers"), "Customers");
    /// ```
    pub fn pick<'a>(self, fr: &'a str, en: &'a str) -> &'a str {
        match self {
            Language::Fr => fr,
            Language::En => en,
        }
    }
}

/// One string in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    /// French.
    pub fr: &'static str,
    /// English.
    pub en: &'static str,
}

impl Text {
    /// The string in `language`.
    ///
    /// ```
    /// use segmento::{i18n, Language};
    /// assert_eq!(i18n::GENERATED_ON.get(Language::Fr), "Généré le");
    /// ```
    pub fn get(self, language: Language) -> &'static str {
        language.pick(self.fr, self.en)
    }
}

const fn t(fr: &'static str, en: &'static str) -> Text {
    Text { fr, en }
}

// --- The document shell -------------------------------------------------------

/// Title of the report.
pub const REPORT_TITLE: Text = t(
    "Rapport de segmentation clients",
    "Customer segmentation report",
);
/// Label before the analysed file name.
pub const FILE: Text = t("Fichier", "File");
/// Label before the generation timestamp.
pub const GENERATED_ON: Text = t("Généré le", "Generated on");
/// Label before the as-of date.
pub const AS_OF: Text = t("Date d'analyse", "As-of date");
/// Heading of the settings table.
pub const SETTINGS: Text = t("Paramètres utilisés", "Settings used");
/// Heading of the table of contents.
pub const CONTENTS: Text = t("Sommaire", "Contents");
/// Header of a settings table's first column.
pub const SETTING: Text = t("Paramètre", "Setting");
/// Header of a settings table's second column.
pub const VALUE: Text = t("Valeur", "Value");
/// The privacy line in the report footer.
pub const PRIVACY_NOTE: Text = t(
    "Rapport calculé entièrement sur votre ordinateur par segmento : aucune donnée n'a été envoyée.",
    "Report computed entirely on your computer by segmento: no data was sent anywhere.",
);
/// Note under a table cut to its first rows; `{shown}` and `{total}` are replaced.
pub const TABLE_TRUNCATED: Text = t(
    "{shown} premières lignes sur {total} : la liste complète est dans l'export.",
    "First {shown} rows of {total}: the full list is in the export.",
);
/// Heading of the "what to do next" lists.
pub const WHAT_TO_DO_NEXT: Text = t("Que faire maintenant ?", "What to do next");

// --- Section titles -------------------------------------------------------------

/// Section: how the file's rows were used.
pub const SECTION_ROWS: Text = t("Lignes du fichier", "Rows of the file");
/// Section: key figures.
pub const SECTION_KPIS: Text = t("Chiffres clés", "Key figures");
/// Section: the R×F map.
pub const SECTION_RFM_MAP: Text = t("Carte Récence × Fréquence", "Recency × Frequency map");
/// Section: the RFM segments.
pub const SECTION_SEGMENTS: Text = t("Segments RFM", "RFM segments");
/// Section: ABC / Pareto.
pub const SECTION_ABC: Text = t("Analyse ABC (Pareto)", "ABC analysis (Pareto)");
/// Section: value points.
pub const SECTION_POINTS: Text = t("Score de valeur (points)", "Value score (points)");
/// Section: prediction.
pub const SECTION_PREDICTION: Text = t("Prévision des achats", "Purchase forecast");
/// Section: holdout check.
pub const SECTION_HOLDOUT: Text = t("Fiabilité de la prévision", "How good is the forecast?");
/// Section: predictive groups.
pub const SECTION_GROUPS: Text = t("Groupes prédictifs", "Predictive groups");
/// Section: value × potential matrix.
pub const SECTION_CROSS: Text = t("Matrice valeur × potentiel", "Value × potential matrix");
/// Section: campaign P&L.
pub const SECTION_CAMPAIGN: Text = t("Rentabilité des campagnes", "Campaign profit and loss");
/// Section: migrations.
pub const SECTION_MIGRATIONS: Text = t("Migrations entre segments", "Segment migrations");
/// Section: survival.
pub const SECTION_SURVIVAL: Text = t("Durée de vie des clients", "Customer lifetime");
/// Section: cohorts.
pub const SECTION_COHORTS: Text = t("Rétention par cohorte", "Cohort retention");
/// Section: control groups.
pub const SECTION_CONTROL: Text = t("Groupes témoins", "Control groups");
/// Section: next steps per segment.
pub const SECTION_NEXT_STEPS: Text = t("Plan d'action par segment", "Action plan by segment");

// --- Explanations in plain words ---------------------------------------------------

/// What the row accounting shows.
pub const EXPLAIN_ROWS: Text = t(
    "Chaque ligne du fichier a été lue. Les lignes écartées sont comptées par motif, avec des exemples, pour que rien ne disparaisse sans explication.",
    "Every row of the file was read. Rows that could not be used are counted by reason, with examples, so nothing disappears unexplained.",
);
/// What RFM is.
pub const EXPLAIN_RFM: Text = t(
    "La méthode RFM note chaque client de 1 à 5 sur trois critères : la Récence (depuis combien de temps il n'a pas acheté), la Fréquence (combien de jours d'achat) et le Montant (combien il a dépensé). 5 est la meilleure note. Les clients à égalité reçoivent toujours la même note. Chaque combinaison de notes correspond à un segment nommé, avec une action recommandée.",
    "RFM scores every customer from 1 to 5 on three criteria: Recency (how long since the last purchase), Frequency (how many purchase days) and Monetary value (how much was spent). 5 is best. Tied customers always get the same score. Every combination of scores belongs to one named segment with a recommended action.",
);
/// How to read the R×F map.
pub const EXPLAIN_RFM_MAP: Text = t(
    "Chaque case regroupe les clients d'une même note de récence (lignes) et de fréquence (colonnes), avec leur nombre et leur chiffre d'affaires. En haut à droite, les clients récents et fidèles ; en bas à gauche, ceux qui n'ont acheté qu'une fois, il y a longtemps.",
    "Each cell groups the customers with the same recency score (rows) and frequency score (columns), with their number and revenue. Top right are recent, frequent customers; bottom left are those who bought once, long ago.",
);
/// What ABC is.
pub const EXPLAIN_ABC: Text = t(
    "Les clients sont classés du plus gros au plus petit chiffre d'affaires. La classe A regroupe ceux qui font ensemble les premiers 80 % du chiffre d'affaires, la classe B les 15 % suivants, la classe C le reste. La courbe montre quelle part des clients fait quelle part du chiffre d'affaires ; plus elle s'éloigne de la diagonale, plus le chiffre d'affaires est concentré.",
    "Customers are ranked from the largest to the smallest revenue. Class A holds those who together make the first 80% of revenue, class B the next 15%, class C the rest. The curve shows which share of customers makes which share of revenue; the further it bows from the diagonal, the more concentrated revenue is.",
);
/// What the points score is.
pub const EXPLAIN_POINTS: Text = t(
    "Le score de valeur additionne, pour chaque année de la période, des points de chiffre d'affaires et de marge selon des barèmes, plus un bonus par achat. Les clients sont ensuite répartis en paliers, du plus précieux au moins précieux.",
    "The value score adds up, for each year of the window, revenue points and margin points from fixed scales, plus a bonus per purchase. Customers are then sorted into tiers, from most to least valuable.",
);
/// What the prediction is.
pub const EXPLAIN_PREDICTION: Text = t(
    "Un modèle statistique (BG/NBD et Gamma-Gamma) estime pour chaque client la probabilité qu'il soit encore actif, le nombre d'achats attendus sur l'horizon choisi et le montant moyen de ses prochains achats, d'où sa valeur future.",
    "A statistical model (BG/NBD and Gamma-Gamma) estimates for every customer the probability of still being active, the number of purchases expected over the chosen horizon and the average value of future purchases, hence future customer value.",
);
/// What the holdout check is.
pub const EXPLAIN_HOLDOUT: Text = t(
    "Le modèle a été ajusté sur les commandes jusqu'à la date de calibration, puis comparé aux achats réellement observés ensuite. Plus les courbes prévue et réelle sont proches, plus la prévision est fiable.",
    "The model was fitted on orders up to the calibration date, then compared with the purchases actually seen afterwards. The closer the predicted and actual curves, the more trustworthy the forecast.",
);
/// What the predictive groups are.
pub const EXPLAIN_GROUPS: Text = t(
    "Les clients sont classés par valeur prévue puis découpés en groupes de taille homogène, A étant le meilleur. Chaque groupe reçoit sa prévision d'acheteurs, d'achats, de chiffre d'affaires et de marge.",
    "Customers are ranked by predicted value and cut into groups of similar size, A being the best. Each group gets its forecast of buyers, purchases, revenue and margin.",
);
/// What the cross matrix is.
pub const EXPLAIN_CROSS: Text = t(
    "La matrice croise la valeur actuelle (classe ABC) et le potentiel (A', B', C' selon la valeur prévue). Elle distingue le fond de commerce à préserver, le potentiel de développement à travailler, et les clients à gérer à l'économie.",
    "The matrix crosses current value (ABC class) with potential (A', B', C' from predicted value). It separates the core business to protect, the growth potential to develop, and the customers to manage at low cost.",
);
/// What the campaign P&L is.
pub const EXPLAIN_CAMPAIGN: Text = t(
    "Pour chaque segment et chaque canal, la marge attendue d'un contact est comparée à son coût. Un segment ne vaut un envoi payant que si la marge attendue dépasse le coût du contact.",
    "For every segment and channel, the margin expected from one contact is compared with its cost. A segment is worth a paid contact only when the expected margin exceeds the contact cost.",
);
/// What migrations are.
pub const EXPLAIN_MIGRATIONS: Text = t(
    "Chaque client est segmenté à deux dates. Le tableau montre d'où viennent et où vont les clients : ceux qui montent, ceux qui glissent, les nouveaux et les perdus.",
    "Every customer is segmented at two dates. The table shows where customers came from and where they went: those who climbed, those who slipped, the new and the lost.",
);
/// What survival is.
pub const EXPLAIN_SURVIVAL: Text = t(
    "Un client est considéré comme perdu après une période sans achat. La courbe donne la part des clients encore actifs selon l'ancienneté, par canal de premier achat, avec un intervalle de confiance à 95 %.",
    "A customer counts as lapsed after a period without purchase. The curve gives the share of customers still active by time since their first purchase, by first-purchase channel, with a 95% confidence band.",
);
/// What cohorts are.
pub const EXPLAIN_COHORTS: Text = t(
    "Les clients sont regroupés par mois de premier achat. Chaque case donne la part de la cohorte qui achète encore tant de mois plus tard.",
    "Customers are grouped by month of first purchase. Each cell gives the share of the cohort still buying so many months later.",
);
/// What control groups are.
pub const EXPLAIN_CONTROL: Text = t(
    "Un groupe témoin tiré au hasard dans chaque segment ne reçoit pas la campagne. La différence d'achat entre cibles et témoins mesure ce que la campagne a vraiment rapporté.",
    "A control group drawn at random in each segment does not receive the campaign. The difference in buying between targets and controls measures what the campaign really earned.",
);

// --- Column headers of the exports --------------------------------------------------------

/// French and English headers of the known export columns, by key.
///
/// Keys are the stable English names of `customers.csv` and of the summary
/// tables; the standard CSV uses the key itself as header, the French Excel
/// CSV and the XLSX use the header of the chosen language.
const COLUMN_HEADERS: &[(&str, Text)] = &[
    ("customer_id", t("Identifiant client", "Customer id")),
    ("name", t("Nom", "Name")),
    ("email", t("E-mail", "E-mail")),
    ("postcode", t("Code postal", "Postcode")),
    ("city", t("Ville", "City")),
    ("birth_date", t("Date de naissance", "Birth date")),
    ("age", t("Âge", "Age")),
    ("sex", t("Sexe", "Sex")),
    ("first_purchase", t("Premier achat", "First purchase")),
    ("last_purchase", t("Dernier achat", "Last purchase")),
    ("recency_days", t("Récence (jours)", "Recency (days)")),
    (
        "frequency",
        t("Fréquence (jours d'achat)", "Frequency (purchase days)"),
    ),
    ("orders", t("Commandes", "Orders")),
    ("monetary", t("Montant", "Monetary")),
    ("margin", t("Marge", "Margin")),
    (
        "first_channel",
        t("Canal du premier achat", "First channel"),
    ),
    ("r_score", t("Note R", "R score")),
    ("f_score", t("Note F", "F score")),
    ("m_score", t("Note M", "M score")),
    ("rfm_code", t("Code RFM", "RFM code")),
    ("rfm_segment", t("Segment RFM (clé)", "RFM segment (key)")),
    ("rfm_segment_label", t("Segment RFM", "RFM segment")),
    ("abc_class", t("Classe ABC", "ABC class")),
    ("revenue_points", t("Points CA", "Revenue points")),
    ("margin_points", t("Points marge", "Margin points")),
    ("bonus_points", t("Points achats", "Purchase bonus")),
    ("value_points", t("Points de valeur", "Value points")),
    (
        "value_tier",
        t("Palier de valeur (clé)", "Value tier (key)"),
    ),
    ("value_tier_label", t("Palier de valeur", "Value tier")),
    (
        "p_alive",
        t("Probabilité d'être actif", "Probability alive"),
    ),
    (
        "expected_purchases",
        t("Achats attendus", "Expected purchases"),
    ),
    (
        "expected_avg_spend",
        t("Panier moyen attendu", "Expected average spend"),
    ),
    ("clv", t("Valeur client future", "Customer lifetime value")),
    (
        "predictive_group",
        t("Groupe prédictif", "Predictive group"),
    ),
    (
        "potential_class",
        t("Classe de potentiel", "Potential class"),
    ),
    (
        "cross_cell",
        t("Case valeur × potentiel", "Value × potential cell"),
    ),
    (
        "previous_rfm_segment",
        t("Segment RFM précédent", "Previous RFM segment"),
    ),
    (
        "previous_abc_class",
        t("Classe ABC précédente", "Previous ABC class"),
    ),
    (
        "previous_value_tier",
        t("Palier de valeur précédent", "Previous value tier"),
    ),
    ("lapsed", t("Perdu", "Lapsed")),
    (
        "lifetime_days",
        t("Durée de vie (jours)", "Lifetime (days)"),
    ),
    ("campaign_group", t("Groupe de campagne", "Campaign group")),
    ("segment", t("Segment", "Segment")),
    ("customers", t("Clients", "Customers")),
    ("revenue", t("Chiffre d'affaires", "Revenue")),
    (
        "share_customers",
        t("Part des clients", "Share of customers"),
    ),
    ("share_revenue", t("Part du CA", "Share of revenue")),
    (
        "mean_recency_days",
        t("Récence moyenne (jours)", "Mean recency (days)"),
    ),
    ("mean_frequency", t("Fréquence moyenne", "Mean frequency")),
    ("mean_monetary", t("Montant moyen", "Mean monetary")),
    ("action", t("Action recommandée", "Recommended action")),
    ("class", t("Classe", "Class")),
    ("tier", t("Palier", "Tier")),
];

/// The French and English header of an export column `key`, when it is a
/// known column.
///
/// ```
/// use segmento::{i18n, Language};
/// assert_eq!(i18n::column_header("abc_class").unwrap().get(Language::Fr), "Classe ABC");
/// assert!(i18n::column_header("no_such_column").is_none());
/// ```
pub fn column_header(key: &str) -> Option<Text> {
    COLUMN_HEADERS
        .iter()
        .find(|(known, _)| *known == key)
        .map(|(_, text)| *text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_serde_round_trip_and_default() {
        assert_eq!(
            serde_json::from_str::<Language>("\"fr\"").unwrap(),
            Language::Fr
        );
        assert_eq!(
            serde_json::from_str::<Language>("\"en\"").unwrap(),
            Language::En
        );
        assert!(serde_json::from_str::<Language>("\"de\"").is_err());
        assert_eq!(Language::from_tag(" FR "), Language::Fr);
        assert_eq!(Language::from_tag(""), Language::En);
        assert_eq!(Language::En.code(), "en");
    }

    #[test]
    fn column_keys_are_unique_and_headers_filled() {
        for (index, (key, text)) in COLUMN_HEADERS.iter().enumerate() {
            assert!(!text.fr.is_empty() && !text.en.is_empty(), "{key}");
            assert!(
                COLUMN_HEADERS[index + 1..]
                    .iter()
                    .all(|(other, _)| other != key),
                "duplicate key {key}"
            );
        }
    }

    #[test]
    fn placeholders_exist_in_both_languages() {
        for placeholder in ["{shown}", "{total}"] {
            assert!(TABLE_TRUNCATED.fr.contains(placeholder));
            assert!(TABLE_TRUNCATED.en.contains(placeholder));
        }
    }
}
