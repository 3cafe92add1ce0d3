//! The one error type of the core: what went wrong and where.

use std::fmt;

use crate::error_messages::{Message, Params};

/// Where in the input a problem was found. Every field is optional because
/// some errors (an empty file, a missing column) have no single cell.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Position {
    /// The file name as the user knows it (e.g. `commandes.csv`).
    pub file: Option<String>,
    /// 1-based physical line (CSV) or row (spreadsheet) number.
    pub line: Option<u64>,
    /// The column header, or its 1-based index when there is no header.
    pub column: Option<String>,
    /// The offending raw value, as found.
    pub value: Option<String>,
}

/// `text` between double quotes, with `\` and `"` escaped by a backslash,
/// so that a quote inside a value cannot end it early: `"say \"hi\""`.
///
/// ```
/// use segmento::Position;
/// let at = Position { column: Some("Nom".into()), value: Some("Ann \"Annie\" \\ co".into()), ..Default::default() };
/// assert_eq!(at.to_string(), r#"column "Nom", value "Ann \"Annie\" \\ co""#);
/// ```
pub(crate) fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// `file x.csv, line 3, column "Date", value "31/02"`: the column and the
/// value are quoted with [`quoted`] (a quote or backslash in them escaped).
impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(file) = &self.file {
            parts.push(format!("file {file}"));
        }
        if let Some(line) = self.line {
            parts.push(format!("line {line}"));
        }
        if let Some(column) = &self.column {
            parts.push(format!("column {}", quoted(column)));
        }
        if let Some(value) = &self.value {
            parts.push(format!("value {}", quoted(value)));
        }
        f.write_str(&parts.join(", "))
    }
}

/// The text of an error: a message of the page's table (its key, English
/// template and parameters, kept as they are when the error is built), or a
/// text without a key. The English text is rendered from the template
/// ([`Display`](fmt::Display)); the page words a keyed one in its language
/// (`src/error_messages.rs`).
///
/// ```
/// use segmento::ErrorKind;
/// let err = segmento::predict::GroupParams { min_groups: 0, ..Default::default() }
///     .validate()
///     .unwrap_err();
/// let ErrorKind::InvalidParams { reason, .. } = err.kind() else { panic!() };
/// assert_eq!(reason.key(), Some("at_least"));
/// assert_eq!(reason.to_string(), "must be at least 1");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Text {
    /// A message of the table with the values of its placeholders.
    Keyed {
        /// The message: its key and English template.
        message: Message,
        /// The values of its `{name}` placeholders.
        params: Params,
    },
    /// A text the table does not have (a detail from a library, ...).
    Plain(String),
}

impl Text {
    /// The message's key, for a keyed text.
    pub fn key(&self) -> Option<&'static str> {
        match self {
            Text::Keyed { message, .. } => Some(message.key),
            Text::Plain(_) => None,
        }
    }
}

/// The English text: the template with each `{name}` replaced by its value.
impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (message, params) = match self {
            Text::Plain(text) => return f.write_str(text),
            Text::Keyed { message, params } => (message, params),
        };
        let mut rest = message.en;
        while let Some((before, after)) = rest.split_once('{') {
            f.write_str(before)?;
            let (name, next) = after.split_once('}').unwrap_or((after, ""));
            match params.get(name) {
                Some(value) => f.write_str(value)?,
                None => write!(f, "{{{name}}}")?,
            }
            rest = next;
        }
        f.write_str(rest)
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Text::Plain(text)
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text::Plain(text.to_string())
    }
}

/// A message without placeholders.
impl From<Message> for Text {
    fn from(message: Message) -> Self {
        Text::Keyed {
            message,
            params: Params::default(),
        }
    }
}

/// The kinds of failure the core reports.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input could not be read as any supported format.
    #[error("unreadable input: {0}")]
    Format(Text),
    /// A required column role could not be matched to any header.
    #[error("no column for {role} was found; the headers are: {headers}")]
    MissingColumn {
        /// The role that is missing (e.g. `customer_id`).
        role: String,
        /// The headers that were found, comma separated.
        headers: String,
    },
    /// The configuration or analysis parameters are invalid.
    #[error("invalid setting {key}: {reason}")]
    InvalidParams {
        /// The offending key, e.g. `rfm.bins`.
        key: String,
        /// Why it is invalid.
        reason: Text,
    },
    /// No data row could be used.
    #[error("no usable row: {0}")]
    NoUsableRow(Text),
    /// An analysis could not run on this data.
    #[error("{0}")]
    Analysis(Text),
    /// Reading from the underlying reader failed.
    #[error("read error: {0}")]
    Io(String),
}

/// The error returned by every fallible function of the core.
///
/// ```
/// use segmento::{Error, ErrorKind, Position};
/// let err = Error::new(ErrorKind::Format("not a CSV".into()))
///     .at(Position { file: Some("x.csv".into()), line: Some(3), ..Default::default() });
/// assert_eq!(err.to_string(), "unreadable input: not a CSV (file x.csv, line 3)");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Error(Box<(ErrorKind, Position)>);

impl Error {
    /// An error with no position yet.
    pub fn new(kind: ErrorKind) -> Self {
        Error(Box::new((kind, Position::default())))
    }

    /// Shorthand for an [`ErrorKind::InvalidParams`] error.
    pub fn invalid_params(key: impl Into<String>, reason: impl Into<Text>) -> Self {
        Self::invalid_setting(key.into(), reason.into())
    }

    // Out of line, so that each generic `invalid_params` stays a few
    // instructions (there are dozens of them in the page's module).
    #[inline(never)]
    fn invalid_setting(key: String, reason: Text) -> Self {
        Self::new(ErrorKind::InvalidParams { key, reason })
    }

    /// Shorthand for an [`ErrorKind::Analysis`] error.
    pub fn analysis(message: impl Into<Text>) -> Self {
        Self::new(ErrorKind::Analysis(message.into()))
    }

    /// Attach (or replace) the position.
    pub fn at(mut self, position: Position) -> Self {
        self.0 .1 = position;
        self
    }

    /// Set the file name, keeping the rest of the position.
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.0 .1.file = Some(file.into());
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0 .0
    }

    /// Where it went wrong.
    pub fn position(&self) -> &Position {
        &self.0 .1
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let position = self.position().to_string();
        if position.is_empty() {
            write!(f, "{}", self.kind())
        } else {
            write!(f, "{} ({position})", self.kind())
        }
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(err: std::io::Error) -> Self {
        Error::new(ErrorKind::Io(err.to_string()))
    }
}

/// The core's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
