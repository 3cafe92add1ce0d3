//! The texts of the core's errors as message keys and parameters, so the
//! page can word them in its own language.
//!
//! The core words its errors in English: the CLI prints them as they are.
//! The page shows them in French or English, so an error that reaches it
//! carries, beside that English text, a key and parameters that the page's
//! table turns into a sentence (`error.<key>` in `www/i18n.js`).
//!
//! Each message a user can cause through a setting or a file (a campaign
//! list, a snapshot) is a [`Message`]: a key and an English template with
//! `{name}` placeholders. The core fills the template ([`Message::with`])
//! to get the text its [`Error`] keeps, and [`PageError::of`] finds the key
//! and the parameters back from that text. `Error` keeps its reasons as
//! text (`src/error.rs`), hence the reading back; a unit test fills every
//! template and reads it back, so a message of the table always keeps its
//! key. Any other text (ingestion's details, for one) gets no key, and the
//! page shows it as written.
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

use crate::error::{Error, ErrorKind, Position};

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

// --- A campaign list read back (`unreadable input: …`, `… (line N, …)`) -----

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

/// Every message, in the order [`PageError::of`] tries them.
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
    /// The English text with each `{name}` replaced by its value.
    pub(crate) fn with(self, params: &[(&str, &dyn Display)]) -> String {
        let mut text = self.en.to_string();
        for (name, value) in params {
            text = text.replace(&format!("{{{name}}}"), &value.to_string());
        }
        text
    }

    /// The parameters, when `text` is this message filled; each value is
    /// what stands where its placeholder stands (the first occurrence of the
    /// literal text after it ends a value, the end of the text ends the last).
    fn read(self, text: &str) -> Option<Params> {
        let mut params = Vec::new();
        let (first, mut template) = split_literal(self.en);
        let mut rest = text.strip_prefix(first)?;
        while let Some(after_brace) = template.strip_prefix('{') {
            let close = after_brace.find('}')?;
            let name = &after_brace[..close];
            let (literal, next) = split_literal(&after_brace[close + 1..]);
            let end = if next.is_empty() {
                // The last placeholder: the literal must end the text.
                rest.strip_suffix(literal)?.len()
            } else {
                rest.find(literal)?
            };
            if end == 0 {
                return None;
            }
            params.push((name, rest[..end].to_string()));
            rest = &rest[end + literal.len()..];
            template = next;
        }
        rest.is_empty().then_some(Params(params))
    }
}

/// The text up to the next `{`, and the rest from it.
fn split_literal(template: &str) -> (&str, &str) {
    template.split_at(template.find('{').unwrap_or(template.len()))
}

/// A message found in the table, with its parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Keyed {
    /// The message's key (`error.<key>` in the page's table).
    pub key: &'static str,
    /// The values of its placeholders, as the English text holds them.
    pub params: Params,
}

/// A message's parameters by placeholder name, in the template's order;
/// serialised as a JSON object. (A `Vec` rather than a `BTreeMap`: the
/// map's code cost the page's module 4 KB for a handful of entries.)
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params(pub Vec<(&'static str, String)>);

impl std::ops::Index<&str> for Params {
    type Output = str;

    /// The value of placeholder `name`; panics when there is none, as a
    /// map's index does.
    fn index(&self, name: &str) -> &str {
        match self.0.iter().find(|(key, _)| *key == name) {
            Some((_, value)) => value,
            None => panic!("no parameter {name}"),
        }
    }
}

impl Serialize for Params {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(name, value)| (name, value)))
    }
}

/// The message of the table that `text` is, if any.
fn recognise(text: &str) -> Option<Keyed> {
    MESSAGES.iter().find_map(|message| {
        message.read(text).map(|params| Keyed {
            key: message.key,
            params,
        })
    })
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
                text
            }
            #[allow(unreachable_patterns)] // ErrorKind is non_exhaustive
            _ => return page,
        };
        page.reason = recognise(text);
        page.text = Some(text.clone());
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
    fn every_message_reads_back_as_itself() {
        for message in MESSAGES {
            let names = placeholders(message.en);
            let owned: Vec<(&str, &str)> = names.iter().map(|name| (*name, sample(name))).collect();
            let values: Vec<(&str, &dyn Display)> = owned
                .iter()
                .map(|(name, value)| (*name, value as &dyn Display))
                .collect();
            let text = message.with(&values);
            assert!(!text.contains('{'), "{text}");
            let found = recognise(&text).unwrap_or_else(|| panic!("not read back: {text}"));
            assert_eq!(found.key, message.key, "{text}");
            let expected: Vec<(&str, String)> = names
                .iter()
                .map(|name| (*name, sample(name).to_string()))
                .collect();
            assert_eq!(found.params, Params(expected), "{text}");
        }
    }

    #[test]
    fn keys_are_unique() {
        let mut keys: Vec<&str> = MESSAGES.iter().map(|m| m.key).collect();
        keys.sort_unstable();
        let count = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), count);
    }

    #[test]
    fn reading_by_hand() {
        assert_eq!(
            BETWEEN.read("must be between -1 and 1"),
            Some(Params(vec![("min", "-1".into()), ("max", "1".into())]))
        );
        // The value of the last placeholder runs to the literal ending the text.
        assert_eq!(
            CHANNEL_NOT_IN_COSTS.read("\"sms\" is not in the campaign cost table (a (b), c)"),
            Some(Params(vec![
                ("channel", "sms".into()),
                ("known", "a (b), c".into())
            ]))
        );
        assert_eq!(AT_LEAST.read("must be at least "), None);
        assert_eq!(AT_LEAST.read("must be at most 3"), None);
        assert_eq!(ZERO_OR_POSITIVE.read("must be zero or positive!"), None);
        // "1 day" is its own message, not "at least" with min = "1 day".
        assert_eq!(
            recognise("must be at least 1 day").unwrap().key,
            "at_least_days"
        );
        assert_eq!(recognise("something the table does not have"), None);
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

        // A text the table does not have keeps no key, only its words.
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
