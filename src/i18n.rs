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

    /// Both languages, French first, with `placeholder` replaced by `value`
    /// (for labels stored in both languages, such as a segment's).
    ///
    /// ```
    /// use segmento::i18n;
    /// assert_eq!(
    ///     i18n::ABC_CLASS_NAME.both_with("{class}", "B"),
    ///     ("Classe B".to_string(), "Class B".to_string())
    /// );
    /// ```
    pub fn both_with(self, placeholder: &str, value: &str) -> (String, String) {
        (
            self.fr.replace(placeholder, value),
            self.en.replace(placeholder, value),
        )
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
pub const SECTION_PREDICTION: Text = t("Prévision", "Forecast");
/// Section: holdout check.
pub const SECTION_HOLDOUT: Text = t("Fiabilité de la prévision", "How good is the forecast?");
/// Section: predictive groups.
pub const SECTION_GROUPS: Text = t("Groupes prédictifs", "Predictive groups");
/// Section: value × potential matrix.
pub const SECTION_CROSS: Text = t("Valeur × potentiel", "Value × potential");
/// Section: campaign P&L.
pub const SECTION_CAMPAIGN: Text = t("Rentabilité des campagnes", "Campaign P&L");
/// Section: migrations.
pub const SECTION_MIGRATIONS: Text = t("Migrations", "Migrations");
/// Section: survival.
pub const SECTION_SURVIVAL: Text = t("Survie par canal", "Survival by channel");
/// Section: cohorts.
pub const SECTION_COHORTS: Text = t("Cohortes", "Cohorts");
/// Section: control groups.
pub const SECTION_CONTROL: Text = t("Groupe témoin", "Control group");
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

// --- Results presentation (src/present): report, charts, workbook ----------------------
//
// Placeholders in braces (`{n}`, `{value}`, …) are replaced by the caller with
// numbers already formatted for the language. French uses a no-break space
// before `:` and inside « ».

/// Title of the report when the file name is unknown.
pub const UNNAMED_FILE: Text = t("(fichier sans nom)", "(unnamed file)");
/// "and" between the last two names of a list.
pub const AND: Text = t("et", "and");
/// The word after a count of one customer (French also uses it for 0).
pub const CUSTOMER_ONE: Text = t("client", "customer");
/// The word after a count of several customers.
pub const CUSTOMER_MANY: Text = t("clients", "customers");
/// After a share: "18 % des clients".
pub const OF_CUSTOMERS: Text = t("des clients", "of customers");
/// After a share: "80 % du CA".
pub const OF_REVENUE: Text = t("du CA", "of revenue");
/// After a share: "80 % de la marge".
pub const OF_MARGIN: Text = t("de la marge", "of margin");
/// Label of a total row.
pub const TOTAL: Text = t("Total", "Total");
/// Shown for a value that was empty in the file.
pub const EMPTY_VALUE: Text = t("(vide)", "(empty)");
/// "3 ans" / "3 years"; `{n}` is the number (2 or more).
pub const YEARS: Text = t("{n} ans", "{n} years");
/// "1 an" / "1 year".
pub const ONE_YEAR: Text = t("1 an", "1 year");

/// Intro of the key figures section.
pub const EXPLAIN_KPIS: Text = t(
    "L'essentiel en un coup d'œil\u{A0}: la taille du fichier client, le chiffre d'affaires analysé et ce qu'il faut en retenir avant d'entrer dans le détail des segments.",
    "The essentials at a glance: the size of the customer file, the revenue analysed and what to take away before the detail of the segments.",
);
/// KPI: buying customers.
pub const KPI_CUSTOMERS: Text = t("Clients acheteurs", "Buying customers");
/// KPI: prospects (customer rows without purchase).
pub const KPI_PROSPECTS: Text = t("Prospects sans achat", "Prospects without purchase");
/// Detail under the customers KPI; `{n}` is the number of prospects.
pub const KPI_PROSPECTS_DETAIL: Text = t(
    "et {n} prospects sans achat",
    "plus {n} prospects with no purchase",
);
/// KPI: net revenue.
pub const KPI_REVENUE: Text = t("Chiffre d'affaires net", "Net revenue");
/// Detail under the revenue KPI; `{value}` is the revenue per customer.
pub const KPI_REVENUE_DETAIL: Text = t("{value} par client", "{value} per customer");
/// KPI: total margin.
pub const KPI_MARGIN: Text = t("Marge totale", "Total margin");
/// Key figure: revenue per customer.
pub const KPI_REVENUE_PER_CUSTOMER: Text = t("CA moyen par client", "Revenue per customer");
/// Key figure: share of customers in class A.
pub const KPI_CLASS_A: Text = t(
    "Part des clients en classe A",
    "Share of customers in class A",
);
/// Key figure: Gini index.
pub const KPI_GINI: Text = t("Indice de Gini", "Gini index");
/// Detail under the rows used KPI: `{skipped}` rows skipped of `{read}` read.
pub const KPI_ROWS_USED_DETAIL: Text = t(
    "{skipped} écartées sur {read} lignes lues",
    "{skipped} skipped of {read} rows read",
);
/// Detail under the rows used KPI when none was skipped; `{read}` rows read.
pub const KPI_ROWS_USED_DETAIL_ALL: Text = t("toutes les lignes lues", "every row read");
/// Added to the revenue KPI's detail; `{value}` is the total margin.
pub const KPI_MARGIN_DETAIL: Text = t(" · marge {value}", " · margin {value}");
/// Short header: share of customers.
pub const SHORT_SHARE_CUSTOMERS: Text = t("% clients", "% customers");
/// Short header: revenue.
pub const SHORT_REVENUE: Text = t("CA", "Revenue");
/// Short header: share of revenue.
pub const SHORT_SHARE_REVENUE: Text = t("% CA", "% revenue");
/// Short header: mean recency.
pub const SHORT_MEAN_RECENCY: Text = t("Récence moy. (j)", "Mean recency (d)");
/// Short header: mean frequency.
pub const SHORT_MEAN_FREQUENCY: Text = t("Fréq. moy.", "Mean freq.");
/// Short header: revenue in whole euros.
pub const SHORT_REVENUE_EUROS: Text = t("CA (€)", "Revenue (€)");
/// Short header: mean revenue per customer in whole euros.
pub const SHORT_MEAN_REVENUE_EUROS: Text = t("CA moyen (€)", "Mean revenue (€)");
/// Short header: mean order value in whole euros.
pub const SHORT_MEAN_ORDER_EUROS: Text = t("Panier moyen (€)", "Mean order (€)");
/// Short header: RFM segment.
pub const SHORT_SEGMENT: Text = t("Segment", "Segment");
/// Short header: value tier.
pub const SHORT_TIER: Text = t("Palier", "Tier");
/// Rows read.
pub const ROWS_READ: Text = t("Lignes lues", "Rows read");
/// Rows used.
pub const ROWS_USED: Text = t("Lignes utilisées", "Rows used");
/// Rows skipped.
pub const ROWS_SKIPPED: Text = t("Lignes écartées", "Rows skipped");
/// Sub-heading of the take-aways.
pub const TAKEAWAYS: Text = t("À retenir", "Key takeaways");
/// Take-away: concentration of revenue.
pub const FINDING_CONCENTRATION: Text = t("Concentration", "Concentration");
/// Appended to the ABC sentence; `{gini}` is the Gini index.
pub const GINI_SUFFIX: Text = t(" (indice de Gini\u{A0}: {gini})", " (Gini index: {gini})");
/// Take-away: the best customers.
pub const FINDING_BEST: Text = t("Meilleurs clients", "Best customers");
/// `{segments}`, `{customers}`, `{share_customers}`, `{share_revenue}`.
pub const FINDING_BEST_TEXT: Text = t(
    "{segments}\u{A0}: {customers}, soit {share_customers} des clients pour {share_revenue} du chiffre d'affaires. Ce sont eux qu'il faut garder.",
    "{segments}: {customers}, {share_customers} of customers making {share_revenue} of revenue. These are the customers to keep.",
);
/// Take-away: valuable customers slipping away.
pub const FINDING_AT_RISK: Text = t("À reconquérir", "To win back");
/// Same placeholders as [`FINDING_BEST_TEXT`].
pub const FINDING_AT_RISK_TEXT: Text = t(
    "{segments}\u{A0}: {customers} ({share_customers} des clients) qui achetaient souvent mais plus depuis longtemps\u{A0}; ils ont fait {share_revenue} du chiffre d'affaires.",
    "{segments}: {customers} ({share_customers} of customers) who used to buy often but not for a long time; they made {share_revenue} of revenue.",
);
/// Take-away: lapsed customers.
pub const FINDING_LAPSED: Text = t("Clients inactifs", "Lapsed customers");
/// Same placeholders as [`FINDING_BEST_TEXT`].
pub const FINDING_LAPSED_TEXT: Text = t(
    "{segments}\u{A0}: {customers} ({share_customers} des clients, {share_revenue} du CA) n'ont acheté que peu, il y a longtemps. Les relancer à faible coût seulement.",
    "{segments}: {customers} ({share_customers} of customers, {share_revenue} of revenue) bought little, long ago. Contact them only at low cost.",
);
/// Take-away: the largest segment.
pub const FINDING_LARGEST: Text = t("Segment le plus nombreux", "Largest segment");
/// `{segment}`, `{share_customers}` (with its noun), `{share_revenue}`.
pub const FINDING_LARGEST_TEXT: Text = t(
    "{segment}\u{A0}: {share_customers}, {share_revenue} du chiffre d'affaires.",
    "{segment}: {share_customers}, {share_revenue} of revenue.",
);

/// Row accounting: every row was used.
pub const ALL_ROWS_USED: Text = t(
    "Toutes les lignes du fichier ont été utilisées.",
    "Every row of the file was used.",
);
/// Caption of the skipped rows table.
pub const CAPTION_SKIPPED_BY_REASON: Text =
    t("Lignes écartées par motif", "Skipped rows by reason");
/// Caption of the skipped row examples.
pub const CAPTION_SKIPPED_EXAMPLES: Text = t(
    "Exemples de lignes écartées (numéro de ligne dans le fichier)",
    "Examples of skipped rows (line number in the file)",
);
/// Title of the warning shown when every date was ambiguous.
pub const DATE_ORDER_ASSUMED_TITLE: Text = t("Dates ambiguës", "Ambiguous dates");
/// Warning shown when every date was ambiguous.
pub const DATE_ORDER_ASSUMED: Text = t(
    "Toutes les dates du fichier pouvaient se lire jour/mois ou mois/jour (aucun jour au-delà du 12). Elles ont été lues jour/mois/année, l'usage français. Si le fichier vient d'un outil américain, relancez l'analyse en choisissant l'ordre mois/jour.",
    "Every date in the file could be read day/month or month/day (no day above 12). They were read day/month/year, the French convention. If the file comes from a US tool, run the analysis again with the month/day order.",
);
/// Sub-heading: how the file was read.
pub const HOW_THE_FILE_WAS_READ: Text = t("Lecture du fichier", "How the file was read");
/// Caption of the column mapping table.
pub const CAPTION_COLUMNS_USED: Text = t("Colonnes utilisées", "Columns used");
/// Sub-heading of ingestion notes.
pub const READING_NOTES: Text = t(
    "Remarques de lecture (rédigées en anglais)",
    "Notes on reading",
);
/// A value from the file, quoted: « N° client » / "Customer no".
pub const QUOTED: Text = t("«\u{A0}{value}\u{A0}»", "\"{value}\"");
/// "séparateur « ; »"; `{value}` is the delimiter.
pub const DELIMITER: Text = t("séparateur «\u{A0}{value}\u{A0}»", "delimiter \"{value}\"");
/// Name of the tab delimiter.
pub const TAB: Text = t("tabulation", "tab");
/// "décimales « , »"; `{value}` is the decimal separator.
pub const DECIMAL_SEPARATOR: Text = t("décimales «\u{A0}{value}\u{A0}»", "decimal \"{value}\"");
/// Dates read day first.
pub const DATE_ORDER_DAY_FIRST: Text = t("dates jour/mois/année", "dates day/month/year");
/// Dates read month first.
pub const DATE_ORDER_MONTH_FIRST: Text = t("dates mois/jour/année", "dates month/day/year");
/// Dates read year first.
pub const DATE_ORDER_YEAR_FIRST: Text = t("dates année-mois-jour", "dates year-month-day");

/// Why a row was skipped: empty customer id.
pub const SKIP_MISSING_ID: Text = t("Identifiant client vide", "Missing customer id");
/// Why a row was skipped: unreadable date.
pub const SKIP_UNPARSEABLE_DATE: Text = t("Date illisible", "Unreadable date");
/// Why a row was skipped: unreadable amount.
pub const SKIP_UNPARSEABLE_AMOUNT: Text = t("Montant illisible", "Unreadable amount");
/// Why a row was skipped: order already seen.
pub const SKIP_DUPLICATE_ORDER: Text = t("Commande en double", "Duplicate order");
/// Why a row was skipped: dated after the as-of date.
pub const SKIP_DATE_AFTER_AS_OF: Text = t(
    "Date postérieure à la date d'analyse",
    "Date after the as-of date",
);
/// Why a row was skipped: customer already seen (customer-level files).
pub const SKIP_DUPLICATE_CUSTOMER: Text = t("Client en double", "Duplicate customer");
/// Why a row was skipped: unreadable order count (customer-level files).
pub const SKIP_UNPARSEABLE_ORDER_COUNT: Text =
    t("Nombre de commandes illisible", "Unreadable order count");
/// Why a row was skipped: a return of a customer with no order in the file.
pub const SKIP_RETURN_WITHOUT_PURCHASE: Text = t("Retour sans achat", "Return without purchase");

/// Column role: customer id.
pub const ROLE_CUSTOMER_ID: Text = t("Identifiant client", "Customer id");
/// Column role: order date.
pub const ROLE_ORDER_DATE: Text = t("Date de commande", "Order date");
/// Column role: amount.
pub const ROLE_AMOUNT: Text = t("Montant", "Amount");
/// Column role: order id.
pub const ROLE_ORDER_ID: Text = t("Numéro de commande", "Order id");
/// Column role: margin.
pub const ROLE_MARGIN: Text = t("Marge", "Margin");
/// Column role: quantity.
pub const ROLE_QUANTITY: Text = t("Quantité", "Quantity");
/// Column role: channel.
pub const ROLE_CHANNEL: Text = t("Canal de vente", "Sales channel");
/// Column role: name.
pub const ROLE_NAME: Text = t("Nom", "Name");
/// Column role: e-mail.
pub const ROLE_EMAIL: Text = t("E-mail", "E-mail");
/// Column role: postcode.
pub const ROLE_POSTCODE: Text = t("Code postal", "Postcode");
/// Column role: city.
pub const ROLE_CITY: Text = t("Ville", "City");
/// Column role: birth date.
pub const ROLE_BIRTH_DATE: Text = t("Date de naissance", "Birth date");
/// Column role: age.
pub const ROLE_AGE: Text = t("Âge", "Age");
/// Column role: sex.
pub const ROLE_SEX: Text = t("Sexe ou civilité", "Sex or title");
/// Column role: last purchase date (customer-level files).
pub const ROLE_LAST_PURCHASE: Text = t("Date du dernier achat", "Last purchase date");
/// Column role: first purchase date (customer-level files).
pub const ROLE_FIRST_PURCHASE: Text = t("Date du premier achat", "First purchase date");
/// Column role: order count (customer-level files).
pub const ROLE_ORDER_COUNT: Text = t("Nombre de commandes", "Number of orders");
/// Column role: total amount (customer-level files).
pub const ROLE_TOTAL_AMOUNT: Text = t("Montant total", "Total amount");
/// Column role: total margin (customer-level files).
pub const ROLE_TOTAL_MARGIN: Text = t("Marge totale", "Total margin");

/// Setting: where the as-of date came from.
pub const SETTING_AS_OF_SOURCE: Text = t("Origine de la date d'analyse", "As-of date from");
/// The as-of date was given in the settings.
pub const AS_OF_GIVEN: Text = t("choisie dans les paramètres", "chosen in the settings");
/// The as-of date is the last order date.
pub const AS_OF_LAST_ORDER: Text = t(
    "date de la dernière commande du fichier",
    "last order date in the file",
);
/// Setting: how the file was read.
pub const SETTING_FILE_READ: Text = t("Lecture du fichier", "File reading");
/// Setting: one row per customer.
pub const SETTING_SHAPE: Text = t("Forme du fichier", "File shape");
/// A customer-level file.
pub const SHAPE_CUSTOMERS: Text = t(
    "une ligne par client (totaux, sans historique daté)",
    "one row per customer (totals, no dated history)",
);
/// Setting: RFM bins and cut points.
pub const SETTING_RFM_BINS: Text = t("Notes RFM", "RFM scores");
/// Setting: what M measures.
pub const SETTING_RFM_MONETARY: Text = t("Montant (M)", "Monetary (M)");
/// Setting: codes moved to another segment.
pub const SETTING_RFM_OVERRIDES: Text = t("Codes RFM réaffectés", "Reassigned RFM codes");
/// M is net revenue.
pub const MONETARY_REVENUE: Text = t("chiffre d'affaires net", "net revenue");
/// M is the average order value.
pub const MONETARY_AOV: Text = t("panier moyen", "average order value");
/// Cut points from quantiles.
pub const SOURCE_QUANTILES: Text = t("seuils aux quantiles", "quantile cut points");
/// Cut points given by the user.
pub const SOURCE_CUSTOM: Text = t("seuils personnalisés", "custom cut points");
/// Setting: ABC basis.
pub const SETTING_ABC_BASIS: Text = t("Base du classement ABC", "ABC ranked by");
/// Setting: ABC cut-offs.
pub const SETTING_ABC_CUTOFFS: Text = t(
    "Seuils ABC (part cumulée)",
    "ABC cut-offs (cumulative share)",
);
/// ABC on revenue.
pub const BASIS_REVENUE: Text = t("chiffre d'affaires", "revenue");
/// ABC on margin.
pub const BASIS_MARGIN: Text = t("marge", "margin");
/// Setting: points window.
pub const SETTING_POINTS_WINDOW: Text = t("Période du score de valeur", "Value score window");
/// Years summed.
pub const AGGREGATION_SUM: Text = t("somme des années", "sum of the years");
/// Annual average.
pub const AGGREGATION_AVERAGE: Text = t("moyenne annuelle", "annual average");
/// Setting: revenue scale.
pub const SETTING_POINTS_REVENUE_SCALE: Text = t("Barème CA annuel", "Annual revenue scale");
/// Setting: margin points.
pub const SETTING_POINTS_MARGIN: Text = t("Points de marge", "Margin points");
/// Margin from the file.
pub const MARGIN_FROM_COLUMN: Text = t("colonne de marge du fichier", "the file's margin column");
/// Margin estimated; `{rate}` is the rate.
pub const MARGIN_FROM_RATE: Text = t(
    "marge estimée à {rate} du CA",
    "margin estimated at {rate} of revenue",
);
/// Margin points left out.
pub const MARGIN_LEFT_OUT: Text = t(
    "non comptés (pas de colonne de marge)",
    "left out (no margin column)",
);
/// Setting: purchase bonus.
pub const SETTING_POINTS_BONUS: Text = t("Bonus d'achat", "Purchase bonus");
/// `{points}` points per purchase day.
pub const POINTS_PER_PURCHASE: Text = t(
    "{points} points par jour d'achat",
    "{points} points per purchase day",
);
/// Setting: tiers.
pub const SETTING_POINTS_TIERS: Text = t("Paliers de valeur", "Value tiers");

/// Caption under the R×F map.
pub const CAPTION_RFM_MAP: Text = t(
    "Lecture\u{A0}: chaque case donne son segment, le nombre de clients et leur chiffre d'affaires\u{A0}; les cases pâles sont vides.",
    "How to read: each cell gives its segment, its number of customers and their revenue; pale cells are empty.",
);
/// Caption of the score bands table.
pub const CAPTION_SCORE_BANDS: Text = t(
    "Valeurs qui donnent chaque note",
    "Values earning each score",
);
/// Recency dimension.
pub const DIMENSION_RECENCY: Text = t(
    "Récence (jours depuis le dernier achat)",
    "Recency (days since the last purchase)",
);
/// Frequency dimension.
pub const DIMENSION_FREQUENCY: Text = t("Fréquence (jours d'achat)", "Frequency (purchase days)");
/// Monetary dimension, revenue.
pub const DIMENSION_MONETARY_REVENUE: Text = t("Montant (CA net)", "Monetary (net revenue)");
/// Monetary dimension, average order value.
pub const DIMENSION_MONETARY_AOV: Text =
    t("Montant (panier moyen)", "Monetary (average order value)");

/// Caption under the segments chart.
pub const CAPTION_SEGMENTS: Text = t(
    "Pour chaque segment, sa part des clients et sa part du chiffre d'affaires\u{A0}: un segment dont la barre orange dépasse la bleue pèse plus que son nombre.",
    "For each segment, its share of customers and its share of revenue: a segment whose orange bar is longer than its blue one weighs more than its numbers.",
);
/// Caption of the segment table; `{n}` is the number of segments.
pub const CAPTION_SEGMENT_TABLE: Text = t("Les {n} segments RFM", "The {n} RFM segments");
/// Sub-heading of the segment definitions.
pub const DEFINITIONS_AND_ACTIONS: Text = t(
    "Définitions et actions recommandées",
    "Definitions and recommended actions",
);
/// Before a recommended action.
pub const ACTION_PREFIX: Text = t("Action\u{A0}:", "Action:");
/// Title of the overrides note.
pub const OVERRIDES_TITLE: Text = t("Codes réaffectés", "Reassigned codes");
/// One override: `{code}`, `{segment}`, `{default}`.
pub const OVERRIDE_ITEM: Text = t(
    "{code} → {segment} (au lieu de {default})",
    "{code} → {segment} (instead of {default})",
);

/// Intro of the ABC section: `{basis}`, `{a}` (class A cut-off), `{b_part}`
/// (the share class B adds).
pub const EXPLAIN_ABC_WITH: Text = t(
    "Les clients sont classés du plus gros au plus petit {basis}. La classe A regroupe ceux qui font ensemble les premiers {a} du total, la classe B les {b_part} suivants, la classe C le reste. La courbe montre quelle part des clients fait quelle part du total\u{A0}; plus elle s'éloigne de la diagonale, plus l'activité est concentrée sur peu de clients.",
    "Customers are ranked from the largest to the smallest {basis}. Class A holds those who together make the first {a} of the total, class B the next {b_part}, class C the rest. The curve shows which share of customers makes which share of the total; the further it bows from the diagonal, the more the business rests on few customers.",
);
/// Lead-in of the class shares in the Pareto caption.
pub const CAPTION_PARETO: Text = t(
    "Courbe\u{A0}: clients classés du plus gros au plus petit. Pointillés\u{A0}: répartition égale.",
    "Curve: customers ranked from largest to smallest. Dashed: an equal split.",
);
/// One class's shares: `{class}`, `{customers}`, `{value}`.
pub const CLASS_SHARES: Text = t(
    "classe {class}\u{A0}: {customers}, {value}",
    "class {class}: {customers}, {value}",
);
/// Caption of the ABC class table.
pub const CAPTION_ABC_CLASSES: Text = t("Classes ABC", "ABC classes");
/// Sub-heading of the top customers; `{n}` is how many.
pub const TOP_CUSTOMERS: Text = t("Les {n} plus gros clients", "The {n} largest customers");

/// Title of the margin warning.
pub const NO_MARGIN_COLUMN: Text = t("Pas de colonne de marge", "No margin column");
/// Title of the estimated margin note.
pub const MARGIN_ESTIMATED: Text = t("Marge estimée", "Estimated margin");
/// Caption under the tiers chart.
pub const CAPTION_TIERS: Text = t(
    "Part des clients et part du chiffre d'affaires de chaque palier, du plus précieux au moins précieux.",
    "Share of customers and share of revenue of each tier, from most to least valuable.",
);
/// Caption of the tier table.
pub const CAPTION_TIER_TABLE: Text = t("Paliers de valeur", "Value tiers");
/// Section: the method appendix.
pub const SECTION_METHOD: Text = t(
    "Annexe\u{A0}: méthode et seuils",
    "Appendix: method and thresholds",
);
/// Intro of the method appendix.
pub const EXPLAIN_METHOD: Text = t(
    "Comment chaque note, classe et palier a été calculé, avec les seuils réellement utilisés pour ce fichier, pour pouvoir vérifier n'importe quel chiffre du rapport.",
    "How every score, class and tier was computed, with the thresholds actually used for this file, so any figure of the report can be checked.",
);
/// Name of one ABC class as a segment (campaign plan, ladders); `{class}`
/// is the letter.
pub const ABC_CLASS_NAME: Text = t("Classe {class}", "Class {class}");
/// Name of one predictive group as a segment (campaign plan, ladders);
/// `{group}` is its letters.
pub const PREDICTIVE_GROUP_NAME: Text = t("Groupe {group}", "Group {group}");
/// Method sub-heading: RFM.
pub const METHOD_RFM: Text = t("Notes RFM et segments", "RFM scores and segments");
/// Method sub-heading: ABC.
pub const METHOD_ABC: Text = t("Classes ABC", "ABC classes");
/// Method sub-heading: points.
pub const METHOD_POINTS: Text = t("Score de valeur", "Value score");
/// The purchase bonus in a sentence; `{points}` is the bonus.
pub const POINTS_PER_PURCHASE_SENTENCE: Text = t(
    "Bonus d'achat\u{A0}: {points} points par jour d'achat dans la période.",
    "Purchase bonus: {points} points per purchase day in the window.",
);
/// The annual revenue scale.
pub const SCALE_REVENUE: Text = t(
    "Points de chiffre d'affaires (par an)",
    "Revenue points (per year)",
);
/// The annual margin scale.
pub const SCALE_MARGIN: Text = t("Points de marge (par an)", "Margin points (per year)");
/// The purchase bonus.
pub const SCALE_BONUS: Text = t("Bonus d'achat", "Purchase bonus");
/// What the purchase bonus counts.
pub const SCALE_BONUS_RANGE: Text = t(
    "par jour d'achat dans la période",
    "per purchase day in the window",
);
/// Points range: strictly above `{low}`, up to `{high}`.
pub const RANGE_ABOVE_UP_TO: Text = t("plus de {low} et jusqu'à {high}", "over {low} up to {high}");
/// Points range: strictly above `{low}`.
pub const RANGE_ABOVE: Text = t("plus de {low}", "over {low}");
/// Points range: up to `{high}`.
pub const RANGE_UP_TO: Text = t("jusqu'à {high}", "up to {high}");
/// Points range: any value.
pub const RANGE_ANY: Text = t("toute valeur", "any value");

/// Intro of the action plan.
pub const EXPLAIN_NEXT_STEPS: Text = t(
    "Une action par segment, du meilleur au moins bon, pour les segments qui comptent des clients. La liste des clients de chaque segment se télécharge depuis la page de résultats.",
    "One action per segment, from best to worst, for the segments that hold customers. Each segment's customer list can be downloaded from the results page.",
);
/// When no segment holds a customer.
pub const NO_SEGMENT: Text = t(
    "Aucun client acheteur\u{A0}: pas de plan d'action.",
    "No buying customer: no action plan.",
);
/// Title of the downloads hint.
pub const DOWNLOADS_TITLE: Text = t("Pour passer à l'action", "To act on it");
/// The downloads hint.
pub const DOWNLOADS_HINT: Text = t(
    "L'export des clients (CSV ou Excel) donne pour chacun ses notes R, F, M, son segment, sa classe ABC et son palier de valeur\u{A0}: filtrez-le par segment pour préparer vos envois.",
    "The customer export (CSV or Excel) gives every customer's R, F and M scores, segment, ABC class and value tier: filter it by segment to prepare your mailings.",
);

/// Chart title: Pareto curve.
pub const CHART_PARETO_TITLE: Text = t("Courbe de Pareto", "Pareto curve");
/// Chart description of the R×F map: `{cells}` populated of `{total}` cells.
pub const CHART_RFM_GRID_DESC: Text = t(
    "Clients et chiffre d'affaires par note de récence (lignes) et de fréquence (colonnes), colorés par segment\u{A0}; {cells} cases sur {total} comptent des clients.",
    "Customers and revenue by recency score (rows) and frequency score (columns), coloured by segment; {cells} of {total} cells hold customers.",
);
/// Tooltip addition for a cell shared by several segments.
pub const GRID_CELL_MIXED: Text = t(
    " — {share} des clients de la case sont {segment}, les autres dans un segment voisin selon leur note M",
    " — {share} of the cell's customers are {segment}, the others in a neighbouring segment by their M score",
);
/// Column axis title of the R×F map; `{best}` is the best score.
pub const AXIS_FREQUENCY_SCORE: Text = t(
    "Fréquence (note F\u{A0}; {best} = achats les plus fréquents)",
    "Frequency (F score; {best} = most frequent)",
);
/// Row axis title of the R×F map; `{best}` is the best score.
pub const AXIS_RECENCY_SCORE: Text = t(
    "Récence (note R\u{A0}; {best} = achat le plus récent)",
    "Recency (R score; {best} = most recent)",
);
/// Pareto x axis.
pub const AXIS_SHARE_OF_CUSTOMERS_RANKED: Text = t(
    "Part des clients (du plus gros au plus petit)",
    "Share of customers (largest first)",
);
/// Pareto y axis, revenue basis.
pub const AXIS_CUMULATIVE_REVENUE: Text = t("Part cumulée du CA", "Cumulative share of revenue");
/// Pareto y axis, margin basis.
pub const AXIS_CUMULATIVE_MARGIN: Text =
    t("Part cumulée de la marge", "Cumulative share of margin");
/// Pareto series: the customers.
pub const SERIES_CUSTOMERS_RANKED: Text = t("Clients classés", "Customers, ranked");
/// Pareto series: the diagonal.
pub const SERIES_EQUAL_SPLIT: Text = t("Répartition égale", "Equal split");
/// Bar series: share of customers.
pub const SERIES_SHARE_CUSTOMERS: Text = t("Part des clients", "Share of customers");
/// Bar series: share of revenue.
pub const SERIES_SHARE_REVENUE: Text = t("Part du chiffre d'affaires", "Share of revenue");
/// Value axis of share bar charts.
pub const AXIS_SHARE: Text = t("Part du total", "Share of the total");
/// Chart title: value tiers.
pub const CHART_TIERS_TITLE: Text = t("Paliers de valeur", "Value tiers");
/// Chart description: value tiers.
pub const CHART_TIERS_DESC: Text = t(
    "Part des clients et part du chiffre d'affaires par palier de valeur.",
    "Share of customers and share of revenue per value tier.",
);
/// Chart title: RFM segments.
pub const CHART_SEGMENTS_TITLE: Text = t("Segments RFM", "RFM segments");
/// Chart description: RFM segments.
pub const CHART_SEGMENTS_DESC: Text = t(
    "Part des clients et part du chiffre d'affaires par segment RFM, du meilleur au moins bon.",
    "Share of customers and share of revenue per RFM segment, from best to worst.",
);

/// Workbook sheet: customers.
pub const SHEET_CUSTOMERS: Text = t("Clients", "Customers");
/// Workbook sheet: key figures.
pub const SHEET_KEY_FIGURES: Text = t("Chiffres clés", "Key figures");
/// Workbook sheet: RFM segments.
pub const SHEET_SEGMENTS: Text = t("Segments RFM", "RFM segments");
/// Workbook sheet: R×F map.
pub const SHEET_GRID: Text = t("Carte RxF", "RxF map");
/// Workbook sheet: RFM thresholds.
pub const SHEET_THRESHOLDS: Text = t("Seuils RFM", "RFM thresholds");
/// Workbook sheet: ABC classes.
pub const SHEET_CLASSES: Text = t("Classes ABC", "ABC classes");
/// Workbook sheet: value tiers.
pub const SHEET_TIERS: Text = t("Paliers de valeur", "Value tiers");
/// Workbook sheet: points scales.
pub const SHEET_SCALES: Text = t("Barèmes de points", "Points scales");
/// Workbook sheet: row accounting.
pub const SHEET_ROWS: Text = t("Lignes du fichier", "File rows");
/// Workbook sheet: skipped row examples.
pub const SHEET_SKIPPED: Text = t("Lignes écartées", "Skipped rows");
/// Workbook sheet: settings.
pub const SHEET_SETTINGS: Text = t("Paramètres", "Settings");
/// Workbook sheet: the columns used.
pub const SHEET_COLUMNS: Text = t("Colonnes utilisées", "Columns used");

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
    (
        "previous_predictive_group",
        t("Groupe prédictif précédent", "Previous predictive group"),
    ),
    ("lapsed", t("Perdu", "Lapsed")),
    (
        "lifetime_days",
        t("Durée de vie (jours)", "Lifetime (days)"),
    ),
    ("campaign_group", t("Groupe de campagne", "Campaign group")),
    (
        "campaign_segment",
        t("Segment de campagne", "Campaign segment"),
    ),
    ("campaign_date", t("Date du tirage", "Draw date")),
    ("campaign_seed", t("Graine du tirage", "Draw seed")),
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
    // Summary tables of the report and the workbook (src/present).
    ("definition", t("Définition", "Definition")),
    ("dimension", t("Critère", "Dimension")),
    ("score", t("Note", "Score")),
    ("range", t("Valeurs", "Values")),
    ("min", t("Minimum", "Minimum")),
    ("max", t("Maximum", "Maximum")),
    ("source", t("Seuils", "Cut points")),
    (
        "segment_share",
        t(
            "Part du segment dans la case",
            "Segment's share of the cell",
        ),
    ),
    ("share_margin", t("Part de la marge", "Share of margin")),
    ("points_range", t("Points", "Points")),
    ("mean_points", t("Points moyens", "Mean points")),
    ("min_points", t("Points minimum", "Minimum points")),
    ("max_points", t("Points maximum", "Maximum points")),
    ("item", t("Élément", "Item")),
    ("rows", t("Lignes", "Rows")),
    (
        "share_rows",
        t("Part des lignes lues", "Share of rows read"),
    ),
    ("reason", t("Motif", "Reason")),
    ("line", t("Ligne", "Line")),
    ("column", t("Colonne", "Column")),
    ("raw_value", t("Valeur lue", "Value found")),
    ("role", t("Information", "Field")),
    ("header", t("Colonne du fichier", "Column in the file")),
    ("setting", t("Paramètre", "Setting")),
    ("value", t("Valeur", "Value")),
    ("rank", t("Rang", "Rank")),
    ("scale", t("Barème", "Scale")),
    ("points", t("Points", "Points")),
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

// --- Forecast, dynamics and campaign charts and report sections -----------------------

/// Chart: holdout tracking title.
pub const CHART_HOLDOUT_TITLE: Text = t(
    "Achats répétés cumulés : prévision et réalité",
    "Cumulative repeat purchases: forecast and actual",
);
/// Chart: holdout tracking description.
pub const CHART_HOLDOUT_DESC: Text = t(
    "Après le {start}, le modèle calé sur le passé prévoyait {predicted} achats répétés ; les clients en ont fait {actual}.",
    "After {start}, the model fitted on the past forecast {predicted} repeat purchases; customers made {actual}.",
);
/// Axis: weeks after the calibration date.
pub const AXIS_WEEKS_AFTER_CALIBRATION: Text = t(
    "Semaines après la date de calage",
    "Weeks after the calibration date",
);
/// Axis: cumulative purchases.
pub const AXIS_CUMULATIVE_PURCHASES: Text =
    t("Achats répétés cumulés", "Cumulative repeat purchases");
/// Series: predicted.
pub const SERIES_PREDICTED: Text = t("Prévu", "Forecast");
/// Series: actual.
pub const SERIES_ACTUAL: Text = t("Réel", "Actual");
/// Series: expected revenue.
pub const SERIES_EXPECTED_REVENUE: Text = t("CA prévu", "Expected revenue");
/// Series: actual revenue.
pub const SERIES_ACTUAL_REVENUE: Text = t("CA réel", "Actual revenue");
/// Axis: revenue.
pub const AXIS_REVENUE: Text = t("Chiffre d'affaires", "Revenue");
/// Chart: predictive groups description.
pub const CHART_GROUPS_DESC: Text = t(
    "Chiffre d'affaires prévu sur l'horizon pour chaque groupe prédictif, du plus prometteur (A) au moins prometteur.",
    "Expected revenue over the horizon for each predictive group, from the most promising (A) down.",
);
/// Node: customers new since the first date.
pub const NEW_CUSTOMERS: Text = t("Nouveaux clients", "New customers");
/// Chart: migration flows description.
pub const CHART_MIGRATIONS_DESC: Text = t(
    "Segment RFM de chaque client au {from} (à gauche) et au {to} (à droite) ; l'épaisseur d'une bande est le nombre de clients.",
    "RFM segment of each customer on {from} (left) and {to} (right); a band's thickness is its number of customers.",
);
/// Chart: survival description.
pub const CHART_SURVIVAL_DESC: Text = t(
    "Part des clients encore actifs (achat dans les {days} derniers jours) selon le temps depuis leur premier achat, par canal du premier achat, avec l'intervalle de confiance à 95 %.",
    "Share of customers still active (a purchase within {days} days) by time since their first purchase, per first-purchase channel, with the 95% confidence band.",
);
/// Axis: months since the first purchase.
pub const AXIS_MONTHS_SINCE_FIRST: Text = t(
    "Mois depuis le premier achat",
    "Months since the first purchase",
);
/// Axis: share still active.
pub const AXIS_STILL_ACTIVE: Text = t("Clients encore actifs", "Customers still active");
/// Reference line: the median.
pub const MEDIAN: Text = t("Médiane", "Median");
/// Chart: cohorts description.
pub const CHART_COHORTS_DESC: Text = t(
    "Pour chaque cohorte d'acquisition, part des clients qui achètent encore n périodes après leur premier achat.",
    "For each acquisition cohort, the share of customers still buying n periods after their first purchase.",
);
/// Axis: months since acquisition.
pub const AXIS_MONTHS_SINCE_ACQUISITION: Text =
    t("Mois depuis l'acquisition", "Months since acquisition");
/// Axis: quarters since acquisition.
pub const AXIS_QUARTERS_SINCE_ACQUISITION: Text = t(
    "Trimestres depuis l'acquisition",
    "Quarters since acquisition",
);
/// Axis: acquisition cohort.
pub const AXIS_COHORT: Text = t("Cohorte", "Cohort");
/// Yes.
pub const YES: Text = t("Oui", "Yes");
/// No.
pub const NO: Text = t("Non", "No");
/// Time unit, plural.
pub const UNIT_DAYS: Text = t("jours", "days");
/// Time unit, plural.
pub const UNIT_WEEKS: Text = t("semaines", "weeks");
/// Time unit, plural.
pub const UNIT_MONTHS: Text = t("mois", "months");
/// Median not reached.
pub const NOT_REACHED: Text = t("non atteinte", "not reached");
/// Forecast: model fitted.
pub const MODEL_FITTED_TITLE: Text = t("Modèle ajusté", "Model fitted");
/// Forecast: what a fitted model means.
pub const MODEL_FITTED: Text = t(
    "Le modèle BG/NBD a convergé sur vos données : les prévisions ci-dessous viennent du modèle.",
    "The BG/NBD model converged on your data: the forecasts below come from the model.",
);
/// Forecast: fallback title.
pub const MODEL_FALLBACK_TITLE: Text = t(
    "Modèle non ajusté : prévisions simplifiées",
    "Model not fitted: simplified forecasts",
);
/// Forecast: what the fallback means.
pub const MODEL_FALLBACK: Text = t(
    "Les prévisions ci-dessous reprennent simplement les taux d'achat observés dans chaque segment RFM ; aucun paramètre de modèle n'est donc affiché.",
    "The forecasts below simply reuse the purchase rates observed in each RFM segment, so no model parameters are shown.",
);
/// KPI: expected buyers.
pub const KPI_EXPECTED_BUYERS: Text = t("Acheteurs attendus", "Expected buyers");
/// KPI: expected purchases.
pub const KPI_EXPECTED_PURCHASES: Text = t("Achats attendus", "Expected purchases");
/// KPI: expected margin.
pub const KPI_EXPECTED_MARGIN: Text = t("Marge attendue", "Expected margin");
/// KPI detail: horizon.
pub const OVER_HORIZON: Text = t("sur les {horizon} à venir", "over the next {horizon}");
/// KPI detail: margin rate.
pub const MARGIN_RATE_DETAIL: Text = t("taux de marge {rate}", "margin rate {rate}");
/// Subheading: model parameters.
pub const MODEL_PARAMETERS: Text = t("Paramètres du modèle", "Model parameters");
/// What the BG/NBD and Gamma-Gamma parameters mean.
pub const EXPLAIN_BGNBD_PARAMETERS: Text = t(
    "r et α décrivent la fréquence d'achat des clients actifs (en moyenne r/α achats par unité de temps) ; a et b décrivent la probabilité qu'un client cesse d'acheter après un achat (en moyenne a/(a+b)). p, q et v décrivent le montant des achats (Gamma-Gamma) : le panier moyen attendu d'un client sans historique est p·v/(q−1).",
    "r and α describe how often active customers buy (on average r/α purchases per time unit); a and b describe the probability that a customer stops buying after a purchase (on average a/(a+b)). p, q and v describe purchase amounts (Gamma-Gamma): a customer without history is expected to spend p·v/(q−1) per purchase.",
);
/// Parameter table caption.
pub const CAPTION_MODEL_PARAMETERS: Text = t(
    "Paramètres estimés, avec leur erreur type (plus elle est petite, plus l'estimation est précise).",
    "Estimated parameters with their standard errors (the smaller, the more precise).",
);
/// Log-likelihood.
pub const LOG_LIKELIHOOD: Text = t("Log-vraisemblance", "Log-likelihood");
/// Converged.
pub const CONVERGED: Text = t("Convergence", "Converged");
/// Iterations.
pub const ITERATIONS: Text = t("{n} itérations", "{n} iterations");
/// Frequency-spend correlation.
pub const FREQ_SPEND_CORRELATION: Text = t(
    "Corrélation fréquence – panier moyen",
    "Frequency – average spend correlation",
);
/// Gamma-Gamma independence warning title.
pub const INDEPENDENCE_WARNING_TITLE: Text = t(
    "Hypothèse d'indépendance douteuse",
    "Independence assumption in doubt",
);
/// Groups table caption.
pub const CAPTION_GROUPS: Text = t(
    "Prévisions par groupe sur les {horizon} à venir (et réalisé sur la période de contrôle, s'il y en a une).",
    "Forecasts per group over the next {horizon} (and actuals over the holdout period, when there is one).",
);
/// KPI: predicted repeat purchases.
pub const KPI_PREDICTED_REPEAT: Text = t("Achats répétés prévus", "Forecast repeat purchases");
/// KPI: actual repeat purchases.
pub const KPI_ACTUAL_REPEAT: Text = t("Achats répétés réels", "Actual repeat purchases");
/// KPI detail: holdout period.
pub const HOLDOUT_PERIOD: Text = t("du {from} au {to}", "from {from} to {to}");
/// KPI detail: per customer.
pub const PER_CUSTOMER: Text = t("écart par client", "error per customer");
/// Holdout table caption.
pub const CAPTION_HOLDOUT_BY_FREQUENCY: Text = t(
    "Prévu et réel selon le nombre d'achats répétés pendant la période de calage.",
    "Forecast and actual by number of repeat purchases in the calibration period.",
);
/// Axis of the value × potential chart: potential classes.
pub const AXIS_POTENTIAL: Text = t("Potentiel (valeur prévue)", "Potential (predicted value)");
/// Axis of the value × potential chart: current value classes.
pub const AXIS_CURRENT_VALUE: Text = t("Valeur actuelle (ABC)", "Current value (ABC)");
/// How prospects get a potential; `{clv}` a new customer's predicted value.
pub const EXPLAIN_PROSPECT_POTENTIAL: Text = t(
    "Les prospects (ligne P) n'ont encore rien acheté : ils reçoivent le potentiel d'un client qui serait acquis aujourd'hui, soit les réachats qu'un nouveau client fait en moyenne sur l'horizon (modèle BG/NBD) au panier moyen de la population, {clv} de marge actualisée, classé avec les mêmes seuils que les clients.",
    "Prospects (row P) have not bought yet: they get the potential of a customer acquired today, the repeat purchases a new customer makes on average over the horizon (BG/NBD model) at the population's average spend, {clv} of discounted margin, classed with the same limits as customers.",
);
/// Prospects when there is no model.
pub const EXPLAIN_PROSPECT_NO_MODEL: Text = t(
    "Les prospects (ligne P) restent en C' : sans modèle de prévision ajusté, rien ne permet d'estimer leur potentiel.",
    "Prospects (row P) stay in C': without a fitted forecasting model nothing estimates their potential.",
);
/// Cross grid caption.
pub const CAPTION_CROSS_GRID: Text = t(
    "Clients et CA passé par case : valeur actuelle (A, B, C, P = prospects) en ligne, potentiel (A', B', C') en colonne.",
    "Customers and past revenue per cell: current value (A, B, C, P = prospects) down, potential (A', B', C') across.",
);
/// Cross strategies caption.
pub const CAPTION_CROSS_STRATEGIES: Text = t(
    "Les trois groupes de stratégie et l'usage recommandé des moyens commerciaux.",
    "The three strategy groups and the recommended use of sales resources.",
);
/// Campaign settings sentence.
pub const CAMPAIGN_SETTINGS: Text = t(
    "Fenêtre de campagne : {weeks} semaines ; taux de marge : {margin} ; taux de réponse {source}.",
    "Campaign window: {weeks} weeks; margin rate: {margin}; response rates {source}.",
);
/// Response source: model.
pub const RESPONSE_FROM_MODEL: Text = t("issus du modèle", "from the model");
/// Response source: observed.
pub const RESPONSE_OBSERVED: Text = t("observés par segment", "observed per segment");
/// Subheading: recommendations.
pub const RECOMMENDATIONS: Text = t("Recommandations", "Recommendations");
/// Campaign table caption.
pub const CAPTION_CAMPAIGN: Text = t(
    "Compte de résultat attendu par segment et par canal. Le seuil est le taux de réponse à partir duquel un contact rapporte plus qu'il ne coûte.",
    "Expected profit and loss per segment and channel. The break-even rate is the response rate above which a contact earns more than it costs.",
);
/// Subheading: detail per segment and channel.
pub const CAMPAIGN_DETAIL: Text = t(
    "Le meilleur canal de chaque segment, en une phrase",
    "Each segment's best channel, in one sentence",
);
/// Subheading: budget selection.
pub const BUDGET_SELECTION: Text = t("Sélection sous budget", "Selection under the budget");
/// Budget sentence.
pub const BUDGET_SENTENCE: Text = t(
    "Avec un budget de {budget}, les contacts les plus rentables d'abord : coût {cost}, CA attendu {revenue}, marge nette attendue {net}.",
    "With a budget of {budget}, the most profitable contacts first: cost {cost}, expected revenue {revenue}, expected net margin {net}.",
);
/// Method name: RFM.
pub const METHOD_RFM_SHORT: Text = t("Segments RFM", "RFM segments");
/// Method name: ABC.
pub const METHOD_ABC_SHORT: Text = t("Classes ABC", "ABC classes");
/// Method name: points.
pub const METHOD_POINTS_SHORT: Text = t("Paliers de valeur", "Value tiers");
/// Method name: predictive groups.
pub const METHOD_GROUPS_SHORT: Text = t("Groupes prédictifs", "Predictive groups");
/// No channel column.
pub const NO_CHANNEL_COLUMN: Text = t(
    "Le fichier n'a pas de colonne de canal : seule la courbe d'ensemble est montrée. La vue par canal d'acquisition demande une colonne « canal » sur les commandes.",
    "The file has no channel column, so only the overall curve is shown. The view by acquisition channel needs a “channel” column on the orders.",
);
/// Lapse rule.
pub const LAPSE_RULE: Text = t(
    "Un client est compté comme perdu après {days} jours sans achat.",
    "A customer counts as lapsed after {days} days without a purchase.",
);
/// Inactivity suggestion title.
pub const INACTIVITY_SUGGESTION: Text = t(
    "Seuil d'inactivité suggéré",
    "Suggested inactivity threshold",
);
/// Survival table caption.
pub const CAPTION_SURVIVAL: Text = t(
    "Par canal du premier achat : clients, clients perdus, durée de vie médiane et part encore active à 6, 12 et 24 mois.",
    "Per first-purchase channel: customers, lapsed customers, median lifetime and share still active at 6, 12 and 24 months.",
);
/// Log-rank: channels differ.
pub const LOGRANK_DIFFERENT: Text = t(
    "Les canaux ne retiennent pas leurs clients de la même façon (test du log-rank : χ² = {statistic}, {df} ddl, p = {p}).",
    "The channels do not keep their customers equally well (log-rank test: χ² = {statistic}, {df} df, p = {p}).",
);
/// Log-rank: no clear difference.
pub const LOGRANK_SIMILAR: Text = t(
    "Pas de différence nette de fidélité entre les canaux (test du log-rank : χ² = {statistic}, {df} ddl, p = {p}).",
    "No clear difference in retention between the channels (log-rank test: χ² = {statistic}, {df} df, p = {p}).",
);
/// Control draw sentence.
pub const CONTROL_DRAW: Text = t(
    "Part témoin : {share}, tirée au hasard dans chaque segment avec la graine {seed} (la même graine redonne exactement le même tirage).",
    "Control share: {share}, drawn at random within each segment with seed {seed} (the same seed gives exactly the same draw).",
);
/// Section: unavailable analyses.
pub const SECTION_UNAVAILABLE: Text = t("Analyses non réalisées", "Analyses not run");
/// Callout title: unavailable analyses.
pub const UNAVAILABLE_TITLE: Text = t(
    "Ces analyses n'ont pas pu être faites sur ce fichier",
    "These analyses could not be run on this file",
);
/// Sheet: predictive groups.
pub const SHEET_GROUPS: Text = t("Groupes prédictifs", "Predictive groups");
/// Sheet: cross matrix.
pub const SHEET_CROSS: Text = t("Valeur x potentiel", "Value x potential");
/// Sheet: campaign plan.
pub const SHEET_CAMPAIGN: Text = t("Campagne", "Campaign");
/// Sheet: survival.
pub const SHEET_SURVIVAL: Text = t("Survie", "Survival");
/// Sheet: after-campaign readout.
pub const SHEET_UPLIFT: Text = t("Effet campagne", "Campaign uplift");

// --- Snapshot comparison and after-campaign readout (issue 6) -------------------------

/// Section: migrations since a saved snapshot.
pub const SECTION_SNAPSHOT: Text = t(
    "Évolution depuis l'instantané enregistré",
    "Changes since the saved snapshot",
);
/// Intro of the snapshot comparison.
pub const EXPLAIN_SNAPSHOT: Text = t(
    "Les segments de ce fichier sont comparés à un instantané enregistré le {date} : les anciennes commandes n'ont pas besoin d'être dans ce fichier. Les clients absents du fichier récent sont comptés comme perdus.",
    "This file's segments are compared with a snapshot saved on {date}: the old orders need not be in this file. Customers missing from the recent file count as lost.",
);
/// Section: after-campaign readout.
pub const SECTION_UPLIFT: Text = t(
    "Résultat de la campagne contre le groupe témoin",
    "Campaign result against the control group",
);
/// Intro of the after-campaign readout (orders).
pub const EXPLAIN_UPLIFT_ORDERS: Text = t(
    "Liste de campagne {list} ({customers} clients, graine {seed}). Un client a répondu s'il a acheté entre le {start} et le {end}. L'écart de taux de réponse entre cibles et témoins mesure ce que la campagne a réellement apporté ; l'intervalle de confiance à 95 % dit s'il peut être dû au hasard.",
    "Campaign list {list} ({customers} customers, seed {seed}). A customer responded when they bought between {start} and {end}. The response-rate gap between targets and controls measures what the campaign really brought; the 95% confidence interval says whether it may be due to chance.",
);
/// Intro of the after-campaign readout (response file).
pub const EXPLAIN_UPLIFT_RESPONSES: Text = t(
    "Fichier de réponses {list} ({customers} clients, graine {seed}). L'écart de taux de réponse entre cibles et témoins mesure ce que la campagne a réellement apporté ; l'intervalle de confiance à 95 % dit s'il peut être dû au hasard.",
    "Response file {list} ({customers} customers, seed {seed}). The response-rate gap between targets and controls measures what the campaign really brought; the 95% confidence interval says whether it may be due to chance.",
);
/// Unknown seed in the readout intro.
pub const SEED_UNKNOWN: Text = t("non indiquée", "not recorded");
/// Chart: uplift title.
pub const CHART_UPLIFT_TITLE: Text = t(
    "Effet de la campagne par segment",
    "Campaign effect by segment",
);
/// Chart: uplift description.
pub const CHART_UPLIFT_DESC: Text = t(
    "Écart de taux de réponse entre clients ciblés et témoins, par segment, avec son intervalle de confiance ; à droite, taux des cibles contre taux des témoins.",
    "Response-rate gap between targeted and control customers, per segment, with its confidence interval; on the right, target rate against control rate.",
);
/// Axis: uplift in points.
pub const AXIS_UPLIFT: Text = t(
    "Écart de taux de réponse, cibles − témoins",
    "Response-rate gap, targets − controls",
);
/// Row label: every segment together.
pub const ALL_SEGMENTS: Text = t("Ensemble", "All segments");
/// Readout note: no contact cost given.
pub const UPLIFT_NO_COST: Text = t(
    "Aucun coût de contact n'est indiqué : le gain net ne déduit aucun coût. Choisissez le canal de la campagne (uplift.channel, tarifs de la rentabilité des campagnes) ou un coût par contact.",
    "No contact cost was given: the net gain deducts no cost. Choose the campaign's channel (uplift.channel, priced as in the campaign P&L) or a cost per contact.",
);
/// "{target} vs {control}" in a chart note.
pub const RATE_VERSUS: Text = t("{target} contre {control}", "{target} vs {control}");

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
