//! The texts of the core's errors as message keys and parameters, so the
//! page can word them in its own language.
//!
//! The core words its errors in English: the CLI prints them as they are.
//! The page shows them in French or English, so an error that reaches it
//! carries, beside that English text, a key and parameters that the page's
//! table turns into a sentence (`error.<key>` in `www/i18n.js`).
//!
//! Each message a user can cause through a setting or a file (the
//! ingestion options, a campaign list, a snapshot, ...) is a [`Message`]: a
//! key and an English template with `{name}` placeholders. The core builds
//! its [`Error`] with the message and the values of its placeholders
//! ([`Message::with`], kept in a [`Text`]); the English text is rendered from
//! them, and [`PageError::of`] hands the key and the parameters to the page
//! as they are. A text without a key (a library's detail, for one) is shown
//! as written.
//!
//! ```
//! use segmento::error_messages::PageError;
//! use segmento::predict::GroupParams;
//! let err = GroupParams { min_groups: 0, ..GroupParams::default() }.validate().unwrap_err();
//! let page = PageError::of(&err);
//! assert_eq!(page.kind, "invalid_params");
//! assert_eq!(page.setting.as_deref(), Some("predict.groups.min_groups"));
//! let reason = page.reason.unwrap();
//! assert_eq!(reason.key, "at_least");
//! assert_eq!(&reason.params["min"], "1");
//! ```

use std::fmt::Display;

use serde::Serialize;

use crate::error::{Error, ErrorKind, Position, Text};

/// One error message: its key in the page's table and its English
/// template, whose `{name}` placeholders are filled by [`Message::with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Message {
    /// The key; the page's text is `error.<key>`.
    pub key: &'static str,
    /// The English text, with `{name}` placeholders.
    pub en: &'static str,
}

const fn m(key: &'static str, en: &'static str) -> Message {
    Message { key, en }
}

// --- Reasons of an invalid setting (`invalid setting KEY: REASON`) -----------
// More specific templates come before the general ones they would also
// match ("must be at least 1 day" before "must be at least {min}").

pub(crate) const AT_LEAST_DAYS: Message = m("at_least_days", "must be at least {min} day");
pub(crate) const AT_LEAST: Message = m("at_least", "must be at least {min}");
pub(crate) const AT_MOST: Message = m("at_most", "must be at most {max}");
pub(crate) const BETWEEN_DAYS_NOT: Message = m(
    "between_days_not",
    "must be between {min} and {max} days, not {value}",
);
pub(crate) const BETWEEN_NOT: Message = m(
    "between_not",
    "must be between {min} and {max}, not {value}",
);
pub(crate) const BETWEEN: Message = m("between", "must be between {min} and {max}");
pub(crate) const FROM_TO_GOT: Message =
    m("from_to_got", "must be from {min} to {max} (got {value})");
pub(crate) const ZERO_OR_POSITIVE: Message = m("zero_or_positive", "must be zero or positive");
pub(crate) const CHANNEL_ZERO_OR_POSITIVE: Message = m(
    "channel_zero_or_positive",
    "{channel} must be zero or positive",
);
pub(crate) const COST_ZERO_OR_MORE: Message = m("cost_zero_or_more", "must be a cost of 0 or more");
pub(crate) const NUMBER_ZERO_OR_MORE: Message = m(
    "number_zero_or_more",
    "must be a number at least 0, got {value}",
);
pub(crate) const NUMBER_ABOVE_MINUS_ONE: Message =
    m("number_above_minus_one", "must be a number above -1");
pub(crate) const HORIZON_RANGE: Message =
    m("horizon_range", "must be positive and at most 100 years");
pub(crate) const BINS_CHOICE: Message = m("bins_choice", "must be 3, 4 or 5 (got {value})");
pub(crate) const TIERS_CHOICE: Message = m("tiers_choice", "must be 4 or 5 (got {value})");
pub(crate) const SHARE: Message = m(
    "share",
    "must be a share from 0 to 1 (0.3 for 30 %), got {value}",
);
pub(crate) const CONTROL_SHARE: Message = m(
    "control_share",
    "must be strictly between 0 and 1 (0.10 holds out 10 %), not {value}",
);
pub(crate) const BEFORE_ANALYSIS_DATE: Message = m(
    "before_analysis_date",
    "must be before the analysis date {as_of}",
);
pub(crate) const DATE_BEFORE_AS_OF: Message = m(
    "date_before_as_of",
    "{date} must be before the as-of date {as_of}",
);
pub(crate) const CUT_POINTS_COUNT_BINS: Message = m(
    "cut_points_count_bins",
    "needs {expected} cut points for {bins} bins (got {count})",
);
pub(crate) const CUT_POINTS_COUNT_TIERS: Message = m(
    "cut_points_count_tiers",
    "needs {expected} cut points for {tiers} tiers (got {count})",
);
pub(crate) const CUT_POINTS_NUMBERS: Message = m(
    "cut_points_numbers",
    "cut points must be numbers (got {value})",
);
pub(crate) const CUT_POINTS_ASCENDING: Message = m(
    "cut_points_ascending",
    "cut points must be strictly ascending",
);
pub(crate) const CUT_POINTS_NUMBERS_ASCENDING: Message = m(
    "cut_points_numbers_ascending",
    "cut points must be numbers in strictly ascending order",
);
pub(crate) const LABEL_PER_TIER: Message = m(
    "label_per_tier",
    "needs one label per tier ({tiers}), got {count}",
);
pub(crate) const SEGMENT_CODE: Message = m(
    "segment_code",
    "a code is three digits, each from 1 to {bins} (the number of bins), such as \"{example}\"",
);
pub(crate) const B_CUTOFF_RANGE: Message = m(
    "b_cutoff_range",
    "must be above 0 and at most 1, got {value}",
);
pub(crate) const A_CUTOFF_RANGE: Message = m(
    "a_cutoff_range",
    "must be above 0 and below abc.b_cutoff ({b_cutoff}), got {value}",
);
pub(crate) const ABOVE_A_CUTOFF: Message =
    m("above_a_cutoff", "must be above a_cutoff and at most 1");
pub(crate) const MARGIN_BASIS_WITHOUT_MARGIN: Message = m(
    "margin_basis_without_margin",
    "ranking by margin needs a margin column, and this file has none; use \"revenue\"",
);
pub(crate) const AT_LEAST_ONE_CHANNEL: Message =
    m("at_least_one_channel", "needs at least one channel");
pub(crate) const CHANNEL_KEY_REPEATED: Message =
    m("channel_key_repeated", "\"{channel}\" is empty or repeated");
pub(crate) const BANDS_AT_MOST: Message = m("bands_at_most", "at most {max} bands (got {count})");
pub(crate) const BANDS_DESCENDING: Message = m(
    "bands_descending",
    "bands go from the highest amount down: each `from` must be below the previous one",
);
pub(crate) const CHANNEL_NOT_IN_COSTS: Message = m(
    "channel_not_in_costs",
    "\"{channel}\" is not in the campaign cost table ({known})",
);

// --- The orders file and the options to read it (`input.*`) -------------------

pub(crate) const DELIMITER: Message = m(
    "delimiter",
    "\"{value}\" cannot be a delimiter; use \",\", \";\", \"\\t\" or \"|\"",
);
pub(crate) const DECIMAL_SEPARATOR: Message = m(
    "decimal_separator",
    "must be \",\" or \".\", not \"{value}\"",
);
pub(crate) const ENCODING_FULL_BUILD: Message = m(
    "encoding_full_build",
    "\"{label}\" is read by the full build only (this one reads utf-8, utf-16le, utf-16be and windows-1252)",
);
pub(crate) const ENCODING_UNKNOWN: Message = m(
    "encoding_unknown",
    "unknown encoding \"{label}\"; use e.g. utf-8, windows-1252, iso-8859-15 or utf-16le",
);
pub(crate) const COLUMN_NOT_NAMED: Message = m(
    "column_not_named",
    "no column is named \"{name}\"; the headers are: {headers}",
);
#[cfg_attr(not(feature = "spreadsheets"), allow(dead_code))] // read by calamine
pub(crate) const SHEET_NOT_NAMED: Message = m(
    "sheet_not_named",
    "no sheet is named \"{name}\"; the sheets are: {sheets}",
);
pub(crate) const FILE_EMPTY: Message = m("file_empty", "the file is empty");
pub(crate) const NO_HEADER_LINE: Message = m("no_header_line", "the file has no header line");
pub(crate) const NO_COMPLETE_LINE: Message = m(
    "no_complete_line",
    "no complete line in the first 64 KB: this does not look like a CSV file",
);
pub(crate) const NOT_TEXT: Message = m(
    "not_text",
    "this is not a text (CSV) file nor an Excel or OpenDocument spreadsheet; export the data as CSV, .xlsx, .xls or .ods",
);
pub(crate) const RECORD_TOO_LONG: Message = m(
    "record_too_long",
    "a record is longer than 4 MB: a quoted field (starting with \") is probably never closed",
);
pub(crate) const SHEET_EMPTY: Message = m("sheet_empty", "sheet \"{sheet}\" is empty");
#[cfg_attr(not(feature = "spreadsheets"), allow(dead_code))] // read by calamine
pub(crate) const WORKBOOK_UNREADABLE: Message = m(
    "workbook_unreadable",
    "the {format} workbook cannot be read ({detail})",
);
#[cfg_attr(not(feature = "spreadsheets"), allow(dead_code))] // read by calamine
pub(crate) const WORKBOOK_NO_SHEET: Message =
    m("workbook_no_sheet", "the {format} workbook has no sheet");
#[cfg_attr(not(feature = "spreadsheets"), allow(dead_code))] // read by calamine
pub(crate) const WORKBOOK_ALL_EMPTY: Message = m(
    "workbook_all_empty",
    "every sheet of the {format} workbook is empty",
);
pub(crate) const HEADER_NO_ROWS: Message = m(
    "header_no_rows",
    "the file has a header line but no data rows",
);
/// `{skips}` is the English list of the reasons, with an example each; the
/// page words `{reasons}` instead (`reason count; ...`, a parameter the
/// English text does not show).
pub(crate) const ROWS_NONE_USED: Message = m(
    "rows_none_used",
    "{count} rows read, none could be used: {skips}",
);
pub(crate) const ROWS_ALL_PROSPECTS: Message = m(
    "rows_all_prospects",
    "{count} rows read, none could be used: every row is a prospect without purchases",
);

// --- A campaign list read back (`unreadable input: …`, `… (line N, …)`) -----

#[cfg_attr(not(feature = "spreadsheets"), allow(dead_code))] // read by calamine
pub(crate) const LIST_WORKBOOK_UNREADABLE: Message = m(
    "list_workbook_unreadable",
    "the campaign list workbook cannot be read ({detail})",
);
pub(crate) const LIST_GROUP_VALUE: Message = m(
    "list_group_value",
    "a campaign group must be cible/témoin or target/control",
);
pub(crate) const LIST_NO_ID: Message = m("list_no_id", "a campaign row has no customer id");
pub(crate) const LIST_ID_TWICE: Message =
    m("list_id_twice", "customer {id} is already on line {line}");
pub(crate) const LIST_DRAW_DATE: Message = m(
    "list_draw_date",
    "the draw date must be a date (YYYY-MM-DD or DD/MM/YYYY)",
);
pub(crate) const LIST_DRAW_DATE_DIFFERS: Message = m(
    "list_draw_date_differs",
    "the draw date differs from line {line}'s: a list holds one draw",
);
pub(crate) const LIST_SEED: Message = m("list_seed", "the draw seed must be a whole number");
pub(crate) const LIST_SEED_DIFFERS: Message = m(
    "list_seed_differs",
    "the draw seed differs from line {line}'s: a list holds one draw",
);
pub(crate) const LIST_RESPONSE: Message = m(
    "list_response",
    "a response must be yes/no, oui/non, 1/0 or true/false",
);
pub(crate) const LIST_REVENUE: Message = m("list_revenue", "the revenue is not a number");
pub(crate) const LIST_NO_GROUP: Message = m(
    "list_no_group",
    "no row of the campaign list has a campaign group (column \"{column}\")",
);
pub(crate) const LIST_EMPTY: Message = m("list_empty", "the campaign list is empty");
pub(crate) const LIST_NO_DRAW_DATE: Message = m(
    "list_no_draw_date",
    "the campaign list {file} does not record its draw date (no campaign_date column): \
     give the campaign's first day (--campaign-start YYYY-MM-DD)",
);

// --- A snapshot read back and compared ----------------------------------------

pub(crate) const SNAPSHOT_NOT_BEFORE: Message = m(
    "snapshot_not_before",
    "the snapshot is dated {date}, which is not before this file's as-of date {as_of}",
);
pub(crate) const SNAPSHOT_NOTHING_IN_COMMON: Message = m(
    "snapshot_nothing_in_common",
    "the snapshot of {date} has no segmentation this file also has (it has: {methods})",
);
pub(crate) const SNAPSHOT_NOT_JSON: Message = m(
    "snapshot_not_json",
    "the snapshot is not valid JSON: {detail}",
);
pub(crate) const SNAPSHOT_INVALID: Message = m(
    "snapshot_invalid",
    "not a valid segmento snapshot: {detail}",
);
pub(crate) const SNAPSHOT_NOT_SNAPSHOT: Message =
    m("snapshot_not_snapshot", "not a segmento snapshot");

/// Every message (the tests check that the page words each one).
#[cfg(test)]
pub(crate) const MESSAGES: &[Message] = &[
    AT_LEAST_DAYS,
    AT_LEAST,
    AT_MOST,
    BETWEEN_DAYS_NOT,
    BETWEEN_NOT,
    BETWEEN,
    FROM_TO_GOT,
    ZERO_OR_POSITIVE,
    CHANNEL_ZERO_OR_POSITIVE,
    COST_ZERO_OR_MORE,
    NUMBER_ZERO_OR_MORE,
    NUMBER_ABOVE_MINUS_ONE,
    HORIZON_RANGE,
    BINS_CHOICE,
    TIERS_CHOICE,
    SHARE,
    CONTROL_SHARE,
    BEFORE_ANALYSIS_DATE,
    DATE_BEFORE_AS_OF,
    CUT_POINTS_COUNT_BINS,
    CUT_POINTS_COUNT_TIERS,
    CUT_POINTS_NUMBERS,
    CUT_POINTS_ASCENDING,
    CUT_POINTS_NUMBERS_ASCENDING,
    LABEL_PER_TIER,
    SEGMENT_CODE,
    B_CUTOFF_RANGE,
    A_CUTOFF_RANGE,
    ABOVE_A_CUTOFF,
    MARGIN_BASIS_WITHOUT_MARGIN,
    AT_LEAST_ONE_CHANNEL,
    CHANNEL_KEY_REPEATED,
    BANDS_AT_MOST,
    BANDS_DESCENDING,
    CHANNEL_NOT_IN_COSTS,
    DELIMITER,
    DECIMAL_SEPARATOR,
    ENCODING_FULL_BUILD,
    ENCODING_UNKNOWN,
    COLUMN_NOT_NAMED,
    SHEET_NOT_NAMED,
    FILE_EMPTY,
    NO_HEADER_LINE,
    NO_COMPLETE_LINE,
    NOT_TEXT,
    RECORD_TOO_LONG,
    SHEET_EMPTY,
    WORKBOOK_UNREADABLE,
    WORKBOOK_NO_SHEET,
    WORKBOOK_ALL_EMPTY,
    HEADER_NO_ROWS,
    ROWS_NONE_USED,
    ROWS_ALL_PROSPECTS,
    LIST_WORKBOOK_UNREADABLE,
    LIST_GROUP_VALUE,
    LIST_NO_ID,
    LIST_ID_TWICE,
    LIST_DRAW_DATE,
    LIST_DRAW_DATE_DIFFERS,
    LIST_SEED,
    LIST_SEED_DIFFERS,
    LIST_RESPONSE,
    LIST_REVENUE,
    LIST_NO_GROUP,
    LIST_EMPTY,
    LIST_NO_DRAW_DATE,
    SNAPSHOT_NOT_BEFORE,
    SNAPSHOT_NOTHING_IN_COMMON,
    SNAPSHOT_NOT_JSON,
    SNAPSHOT_INVALID,
    SNAPSHOT_NOT_SNAPSHOT,
];

impl Message {
    /// The message with the values of its `{name}` placeholders.
    #[inline(never)]
    pub(crate) fn with(self, params: &[(&'static str, &dyn Display)]) -> Text {
        Text::Keyed {
            message: self,
            params: Params(
                params
                    .iter()
                    .map(|(name, value)| (*name, value.to_string()))
                    .collect(),
            ),
        }
    }
}

/// A keyed message as the page receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Keyed {
    /// The message's key (`error.<key>` in the page's table).
    pub key: &'static str,
    /// The values of its placeholders, as the English text shows them.
    pub params: Params,
}

/// A message's parameters by placeholder name, in the template's order;
/// serialised as a JSON object. (A `Vec` rather than a `BTreeMap`: the
/// map's code cost the page's module 4 KB for a handful of entries.)
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params(pub Vec<(&'static str, String)>);

impl Params {
    /// The value of placeholder `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.as_str())
    }
}

impl std::ops::Index<&str> for Params {
    type Output = str;

    /// The value of placeholder `name`; panics when there is none, as a
    /// map's index does.
    fn index(&self, name: &str) -> &str {
        match self.get(name) {
            Some(value) => value,
            None => panic!("no parameter {name}"),
        }
    }
}

impl Serialize for Params {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(name, value)| (name, value)))
    }
}

/// An error as the page receives it: the English text, the kind and its
/// fields, the keyed message when the table has it, and the position.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageError {
    /// The English text, as the CLI prints it.
    pub message: String,
    /// `format`, `missing_column`, `invalid_params`, `no_usable_row`,
    /// `analysis`, `io` (or `other` for a kind added later).
    pub kind: &'static str,
    /// The setting an `invalid_params` error names, e.g. `rfm.bins`.
    pub setting: Option<String>,
    /// The role a `missing_column` error names, e.g. `amount`.
    pub role: Option<String>,
    /// The headers a `missing_column` error lists.
    pub headers: Option<String>,
    /// The kind's own text: the reason of an invalid setting, the detail
    /// of the others.
    pub text: Option<String>,
    /// That text as a keyed message, when it is one of the table's.
    pub reason: Option<Keyed>,
    /// Where in the input.
    pub position: Position,
}

impl PageError {
    /// The page's form of `error`.
    pub fn of(error: &Error) -> PageError {
        let mut page = PageError {
            message: error.to_string(),
            kind: "other",
            setting: None,
            role: None,
            headers: None,
            text: None,
            reason: None,
            position: error.position().clone(),
        };
        let text = match error.kind() {
            ErrorKind::Format(text) => {
                page.kind = "format";
                text
            }
            ErrorKind::MissingColumn { role, headers } => {
                page.kind = "missing_column";
                page.role = Some(role.clone());
                page.headers = Some(headers.clone());
                return page;
            }
            ErrorKind::InvalidParams { key, reason } => {
                page.kind = "invalid_params";
                page.setting = Some(key.clone());
                reason
            }
            ErrorKind::NoUsableRow(text) => {
                page.kind = "no_usable_row";
                text
            }
            ErrorKind::Analysis(text) => {
                page.kind = "analysis";
                text
            }
            ErrorKind::Io(text) => {
                page.kind = "io";
                page.text = Some(text.clone());
                return page;
            }
            #[allow(unreachable_patterns)] // ErrorKind is non_exhaustive
            _ => return page,
        };
        if let Text::Keyed { message, params } = text {
            page.reason = Some(Keyed {
                key: message.key,
                params: params.clone(),
            });
        }
        page.text = Some(text.to_string());
        page
    }

    /// As JSON, the form the page's worker reads back from a thrown error.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| {
            // Strings and maps of strings always serialise; keep the text anyway.
            serde_json::json!({ "message": self.message }).to_string()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sample value per placeholder name, of the kind the core fills in.
    fn sample(name: &str) -> &'static str {
        match name {
            "min" => "1",
            "max" => "520",
            "value" => "0.25",
            "date" => "2024-06-30",
            "as_of" => "2024-12-31",
            "expected" => "4",
            "bins" => "5",
            "tiers" => "5",
            "count" => "3",
            "example" => "551",
            "b_cutoff" => "0.95",
            "channel" => "courrier",
            "known" => "courrier, email",
            "id" => "C042",
            "line" => "12",
            "column" => "Groupe de campagne",
            "file" => "liste.csv",
            "methods" => "abc, rfm",
            "detail" => "EOF while parsing a value at line 1 column 10",
            "label" => "klingon",
            "name" => "Prix",
            "headers" => "Client, Date",
            "sheets" => "\"Ventes\", \"Notes\"",
            "sheet" => "Ventes",
            "format" => "xlsx",
            "skips" => "3 unparseable date (e.g. line 4, value \"31/02\")",
            other => panic!("no sample for {{{other}}}"),
        }
    }

    fn placeholders(template: &str) -> Vec<&str> {
        template
            .split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}').map(|(name, _)| name))
            .collect()
    }

    #[test]
    fn every_message_renders_with_its_parameters_and_keeps_its_key() {
        for message in MESSAGES {
            let names = placeholders(message.en);
            let samples: Vec<&str> = names.iter().map(|name| sample(name)).collect();
            let values: Vec<(&'static str, &dyn Display)> = names
                .iter()
                .zip(&samples)
                .map(|(name, value)| (*name, value as &dyn Display))
                .collect();
            let text = message.with(&values);
            let english = text.to_string();
            assert!(!english.contains('{'), "{english}");
            for name in &names {
                assert!(english.contains(sample(name)), "{english}");
            }
            let page = PageError::of(&Error::analysis(text));
            let reason = page.reason.unwrap_or_else(|| panic!("no key: {english}"));
            assert_eq!(reason.key, message.key, "{english}");
            for name in &names {
                assert_eq!(&reason.params[name], sample(name), "{english}");
            }
            assert_eq!(page.text.as_deref(), Some(english.as_str()));
        }
    }

    #[test]
    fn rendering_by_hand() {
        let text = BETWEEN.with(&[("min", &-1), ("max", &1)]);
        assert_eq!(text.to_string(), "must be between -1 and 1");
        assert_eq!(text.key(), Some("between"));
        // A value holding braces is written as it is, not read as a placeholder.
        let text = CHANNEL_NOT_IN_COSTS.with(&[("channel", &"{x}"), ("known", &"a (b), c")]);
        assert_eq!(
            text.to_string(),
            "\"{x}\" is not in the campaign cost table (a (b), c)"
        );
        // A parameter the template does not show is kept for the page only.
        let text = ROWS_NONE_USED.with(&[
            ("count", &3),
            ("skips", &"3 unparseable date"),
            ("reasons", &"unparseable_date 3"),
        ]);
        assert_eq!(
            text.to_string(),
            "3 rows read, none could be used: 3 unparseable date"
        );
        // A text without a key is written as it is.
        let text = Text::from("something the table does not have {x}");
        assert_eq!(text.to_string(), "something the table does not have {x}");
        assert_eq!(text.key(), None);
    }

    #[test]
    fn an_error_of_each_kind() {
        let err = Error::invalid_params("rfm.bins", BINS_CHOICE.with(&[("value", &7)]));
        let page = PageError::of(&err);
        assert_eq!(
            page.message,
            "invalid setting rfm.bins: must be 3, 4 or 5 (got 7)"
        );
        assert_eq!(page.kind, "invalid_params");
        assert_eq!(page.setting.as_deref(), Some("rfm.bins"));
        assert_eq!(page.text.as_deref(), Some("must be 3, 4 or 5 (got 7)"));
        assert_eq!(
            page.reason,
            Some(Keyed {
                key: "bins_choice",
                params: Params(vec![("value", "7".to_string())])
            })
        );

        let err = Error::new(ErrorKind::MissingColumn {
            role: "amount".into(),
            headers: "Client, Date".into(),
        });
        let page = PageError::of(&err);
        assert_eq!(page.kind, "missing_column");
        assert_eq!(
            (page.role.as_deref(), page.headers.as_deref()),
            (Some("amount"), Some("Client, Date"))
        );
        assert_eq!((page.text, page.reason), (None, None));

        let err = Error::new(ErrorKind::Format(
            LIST_ID_TWICE.with(&[("id", &"C7"), ("line", &3)]),
        ))
        .at(Position {
            file: Some("liste.csv".into()),
            line: Some(9),
            column: Some("Identifiant client".into()),
            value: Some("C7".into()),
        });
        let page = PageError::of(&err);
        assert_eq!(page.kind, "format");
        assert_eq!(page.reason.as_ref().unwrap().key, "list_id_twice");
        assert_eq!(&page.reason.as_ref().unwrap().params["line"], "3");
        assert_eq!(page.position.line, Some(9));

        // A text without a key keeps only its words.
        let page = PageError::of(&Error::new(ErrorKind::NoUsableRow(
            "every row was empty".into(),
        )));
        assert_eq!(page.kind, "no_usable_row");
        assert_eq!(page.text.as_deref(), Some("every row was empty"));
        assert_eq!(page.reason, None);
        let json: serde_json::Value = serde_json::from_str(&page.to_json()).unwrap();
        assert_eq!(json["message"], "no usable row: every row was empty");
        assert_eq!(json["reason"], serde_json::Value::Null);
        // The parameters go out as an object.
        let page = PageError::of(&Error::invalid_params(
            "cohorts.max_periods",
            BETWEEN.with(&[("min", &1), ("max", &120)]),
        ));
        let json: serde_json::Value = serde_json::from_str(&page.to_json()).unwrap();
        assert_eq!(
            json["reason"],
            serde_json::json!({"key": "between", "params": {"min": "1", "max": "120"}})
        );
        assert_eq!(json["setting"], "cohorts.max_periods");
    }

    /// Every message has a French and an English text in the page's table,
    /// with the same placeholders as the core's template.
    #[test]
    fn the_page_words_every_message() {
        let table = include_str!("../www/i18n.js");
        for message in MESSAGES {
            let entry = format!("'error.{}': ", message.key);
            let texts: Vec<&str> = table
                .match_indices(&entry)
                .map(|(at, _)| {
                    let line = &table[at + entry.len()..];
                    &line[..line.find('\n').unwrap_or(line.len())]
                })
                .collect();
            assert_eq!(
                texts.len(),
                2,
                "error.{} in French and English",
                message.key
            );
            let mut wanted = placeholders(message.en);
            // The page words the reasons' keys, not the English list.
            if message.key == ROWS_NONE_USED.key {
                wanted.retain(|name| *name != "skips");
                wanted.push("reasons");
            }
            wanted.sort_unstable();
            for text in texts {
                let mut found: Vec<&str> = placeholders(text)
                    .into_iter()
                    .filter(|name| *name != "nbsp")
                    .collect();
                found.sort_unstable();
                found.dedup();
                let mut unique = wanted.clone();
                unique.dedup();
                assert_eq!(
                    found, unique,
                    "placeholders of error.{}: {text}",
                    message.key
                );
            }
        }
    }
}
