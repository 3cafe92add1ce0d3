//! Saved segmentation snapshots: customer ids and their segments at a date,
//! kept by the user (a downloaded JSON file or the browser's IndexedDB, never
//! uploaded), so that next month's file can be compared against it even when
//! the old orders are no longer in the new export.
//!
//! Format, version 1 (UTF-8 JSON, keys sorted so the same segmentation gives
//! the same bytes):
//!
//! ```json
//! {
//!   "format": "segmento-snapshot",
//!   "version": 1,
//!   "as_of": "2024-12-31",
//!   "generator": "segmento 0.1.0",
//!   "methods": {
//!     "abc": { "C001": "A", "C002": "C" },
//!     "rfm": { "C001": "champions", "C002": "lost" }
//!   }
//! }
//! ```
//!
//! Readers accept any later 1.x writer's extra top-level keys (ignored) and
//! reject a newer `version` with a message asking for a newer segmento.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use rustc_hash::FxHashMap;

use super::migrations::{FirstDate, Ladder, LadderSegment, SegmentAssignment};
use crate::date_text;
use crate::error::{Error, ErrorKind, Position, Result};

/// The value of the `format` key.
pub const FORMAT: &str = "segmento-snapshot";
/// The newest format version this build reads and the one it writes.
pub const VERSION: u32 = 1;

/// Segment assignments of one or more methods at one date.
///
/// ```
/// use chrono::NaiveDate;
/// use segmento::dynamics::migrations::SegmentAssignment;
/// use segmento::dynamics::snapshot::Snapshot;
/// let date = NaiveDate::from_ymd_opt(2024, 12, 31).unwrap();
/// let mut snapshot = Snapshot::new(date);
/// snapshot.add(&SegmentAssignment {
///     method: "rfm".into(),
///     date,
///     by_customer: vec![("C1".into(), "champions".into())],
/// }).unwrap();
/// let json = snapshot.to_json();
/// let back = Snapshot::from_json(json.as_bytes()).unwrap();
/// assert_eq!(back, snapshot);
/// assert_eq!(back.assignment("rfm").unwrap().by_customer[0].1, "champions");
/// // A file that is not a snapshot says so.
/// let err = Snapshot::from_json(br#"{"groups": []}"#).unwrap_err();
/// assert!(err.to_string().contains("not a segmento snapshot"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// The date the segments describe.
    pub as_of: NaiveDate,
    /// Who wrote the file (`segmento 0.1.0`).
    pub generator: String,
    /// method → customer id → segment key.
    pub methods: BTreeMap<String, BTreeMap<String, String>>,
}

/// The file layout, for serde: borrowed when writing, owned when reading.
#[derive(Serialize, Deserialize)]
struct SnapshotFile<'a> {
    format: Cow<'a, str>,
    version: u32,
    as_of: Cow<'a, str>,
    #[serde(default)]
    generator: Cow<'a, str>,
    methods: Cow<'a, BTreeMap<String, BTreeMap<String, String>>>,
}

/// Only the identification keys, read first to give a clear error on a
/// file of another kind.
#[derive(Deserialize)]
struct SnapshotHeader {
    format: Option<serde_json::Value>,
    version: Option<serde_json::Value>,
}

impl Snapshot {
    /// An empty snapshot at `as_of`, written by this build.
    pub fn new(as_of: NaiveDate) -> Snapshot {
        Snapshot {
            as_of,
            generator: format!("segmento {}", env!("CARGO_PKG_VERSION")),
            methods: BTreeMap::new(),
        }
    }

    /// Adds (or replaces) one method's assignment. Errors when its date is
    /// not the snapshot's, or an id is empty or repeated.
    pub fn add(&mut self, assignment: &SegmentAssignment) -> Result<()> {
        if assignment.date != self.as_of {
            return Err(Error::analysis(format!(
                "the {} segments are dated {}, the snapshot {}",
                assignment.method, assignment.date, self.as_of
            )));
        }
        // Sorted first, then bulk-built: a quarter of a million inserts one
        // by one would rebalance the tree at every step.
        let mut pairs: Vec<&(String, String)> = assignment.by_customer.iter().collect();
        pairs.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        if let Some(pair) = pairs.first().filter(|p| p.0.is_empty()) {
            return Err(Error::analysis(format!(
                "an empty customer id in the {} segments (segment {})",
                assignment.method, pair.1
            )));
        }
        if let Some(pair) = pairs.windows(2).find(|w| w[0].0 == w[1].0) {
            return Err(Error::analysis(format!(
                "customer {} appears twice in the {} segments",
                pair[0].0, assignment.method
            )));
        }
        let by_customer: BTreeMap<String, String> = pairs.into_iter().cloned().collect();
        self.methods.insert(assignment.method.clone(), by_customer);
        Ok(())
    }

    /// The methods held, in key order.
    pub fn method_names(&self) -> impl Iterator<Item = &str> {
        self.methods.keys().map(String::as_str)
    }

    /// One method's assignment, usable as the `from` side of
    /// [`migrations::run`](super::migrations::run). Customers come in id order.
    pub fn assignment(&self, method: &str) -> Result<SegmentAssignment> {
        let by_customer = self.segments_of(method)?;
        Ok(SegmentAssignment {
            method: method.to_string(),
            date: self.as_of,
            by_customer: by_customer
                .iter()
                .map(|(id, s)| (id.clone(), s.clone()))
                .collect(),
        })
    }

    /// One method's segments matched to the customers of a later file,
    /// without copying an id or a segment: `position_of` maps each later
    /// customer's id to their index (built once for every method), and
    /// `ladder` gains at its bottom every segment the method no longer has
    /// (labelled by its key). The result goes to
    /// [`migrations::run_matched`](super::migrations::run_matched).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use rustc_hash::FxHashMap;
    /// use segmento::dynamics::migrations::{Ladder, LadderSegment};
    /// use segmento::dynamics::snapshot::Snapshot;
    /// let snapshot = Snapshot::from_json(br#"{"format": "segmento-snapshot", "version": 1,
    ///     "as_of": "2024-06-30", "methods": {"abc": {"P": "A", "Q": "D", "W": "B"}}}"#).unwrap();
    /// let seg = |k: &str| LadderSegment { key: k.into(), label_fr: k.into(), label_en: k.into() };
    /// let mut ladder = Ladder { method: "abc".into(), segments: vec![seg("A"), seg("B"), seg("C")], lost_key: None };
    /// // The later file: Q, then V (new), then P; W is gone.
    /// let position_of: FxHashMap<&str, u32> = [("Q", 0), ("V", 1), ("P", 2)].into_iter().collect();
    /// let first = snapshot.first_date("abc", &position_of, 3, &mut ladder).unwrap();
    /// assert_eq!(ladder.segments.len(), 4); // "D" added at the bottom
    /// assert_eq!(first.previous, [Some(3), None, Some(0)]);
    /// assert_eq!((first.totals, first.absent), (vec![1, 1, 0, 1], vec![0, 1, 0, 0]));
    /// ```
    pub fn first_date(
        &self,
        method: &str,
        position_of: &FxHashMap<&str, u32>,
        customers: usize,
        ladder: &mut Ladder,
    ) -> Result<FirstDate> {
        let by_customer = self.segments_of(method)?;
        let mut index_of: FxHashMap<String, u16> = ladder
            .segments
            .iter()
            .enumerate()
            .map(|(i, s)| (s.key.clone(), i as u16))
            .collect();
        let mut first = FirstDate {
            date: self.as_of,
            previous: vec![None; customers],
            totals: vec![0; ladder.segments.len()],
            absent: vec![0; ladder.segments.len()],
        };
        for (id, key) in by_customer {
            let segment = match index_of.get(key.as_str()) {
                Some(&index) => index,
                None => {
                    let index = u16::try_from(ladder.segments.len()).map_err(|_| {
                        Error::analysis(format!(
                            "the snapshot's {method} segments are too many to compare"
                        ))
                    })?;
                    ladder.segments.push(LadderSegment {
                        key: key.clone(),
                        label_fr: key.clone(),
                        label_en: key.clone(),
                    });
                    index_of.insert(key.clone(), index);
                    first.totals.push(0);
                    first.absent.push(0);
                    index
                }
            };
            first.totals[usize::from(segment)] += 1;
            match position_of
                .get(id.as_str())
                .and_then(|&p| first.previous.get_mut(p as usize))
            {
                Some(previous) => *previous = Some(segment),
                None => first.absent[usize::from(segment)] += 1,
            }
        }
        Ok(first)
    }

    /// One method's map of customer id to segment; the error lists the
    /// methods the snapshot holds.
    fn segments_of(&self, method: &str) -> Result<&BTreeMap<String, String>> {
        self.methods.get(method).ok_or_else(|| {
            let held: Vec<&str> = self.method_names().collect();
            Error::analysis(format!(
                "the snapshot of {} has no {method} segments (it has: {})",
                self.as_of,
                if held.is_empty() {
                    "none".to_string()
                } else {
                    held.join(", ")
                }
            ))
        })
    }

    /// The snapshot as JSON text (compact, keys sorted).
    pub fn to_json(&self) -> String {
        let file = SnapshotFile {
            format: Cow::Borrowed(FORMAT),
            version: VERSION,
            as_of: Cow::Owned(self.as_of.to_string()),
            generator: Cow::Borrowed(&self.generator),
            methods: Cow::Borrowed(&self.methods),
        };
        // Serializing maps of strings cannot fail.
        serde_json::to_string(&file).unwrap_or_default()
    }

    /// Reads a snapshot file. Errors say what is wrong and, for JSON syntax
    /// errors, on which line.
    pub fn from_json(bytes: &[u8]) -> Result<Snapshot> {
        // One parse when the file is right (a month of 250 000 customers is
        // about 15 MB); the header is read apart only to explain a failure.
        let file: SnapshotFile = match serde_json::from_slice::<SnapshotFile>(bytes) {
            Ok(file) if file.format == FORMAT && file.version == VERSION => file,
            Ok(_) => {
                return Err(header_problem(bytes)
                    .unwrap_or_else(|| format_error(crate::error_messages::SNAPSHOT_NOT_SNAPSHOT)))
            }
            Err(err) => return Err(header_problem(bytes).unwrap_or_else(|| json_error(&err))),
        };
        let as_of = date_text::parse_iso(&file.as_of).ok_or_else(|| {
            format_error(format!(
                "the snapshot's \"as_of\" must be a YYYY-MM-DD date, found \"{}\"",
                file.as_of
            ))
        })?;
        for (method, by_customer) in file.methods.iter() {
            if method.is_empty() {
                return Err(format_error(
                    "the snapshot has a method with an empty name".to_string(),
                ));
            }
            for (id, segment) in by_customer {
                if id.is_empty() {
                    return Err(format_error(format!(
                        "the snapshot's {method} segments have an empty customer id"
                    )));
                }
                if segment.is_empty() {
                    return Err(format_error(format!(
                        "the snapshot gives customer {id} an empty {method} segment"
                    )));
                }
            }
        }
        Ok(Snapshot {
            as_of,
            generator: file.generator.into_owned(),
            methods: file.methods.into_owned(),
        })
    }
}

const PACKED_MAGIC: &[u8] = b"SGSN1";

impl Snapshot {
    /// The snapshot as one compact byte buffer for [`Snapshot::from_packed`]:
    /// the page's second module reads a snapshot file ([`Snapshot::from_json`],
    /// with its checks and messages) and hands it on packed, so the main
    /// module links no JSON reader for it. Layout, little-endian: `SGSN1`,
    /// `as_of` (`i32` days from the common era), the generator, the method
    /// count (`u32`) and per method its name, its customer count (`u32`) and
    /// each (id, segment); a text is its byte length (`u32`) and its bytes.
    ///
    /// ```
    /// use segmento::dynamics::snapshot::Snapshot;
    /// let json = br#"{"format": "segmento-snapshot", "version": 1, "as_of": "2024-06-30",
    ///     "methods": {"abc": {"P": "C", "Q": "A"}}}"#;
    /// let snapshot = Snapshot::from_json(json)?;
    /// let packed = snapshot.to_packed();
    /// assert_eq!(Snapshot::from_packed(&packed)?, snapshot);
    /// assert!(Snapshot::from_packed(&packed[..packed.len() - 1]).is_err());
    /// # Ok::<(), segmento::Error>(())
    /// ```
    pub fn to_packed(&self) -> Vec<u8> {
        use chrono::Datelike;
        fn put_len(out: &mut Vec<u8>, len: usize) {
            out.extend_from_slice(&u32::try_from(len).unwrap_or(u32::MAX).to_le_bytes());
        }
        fn put_text(out: &mut Vec<u8>, text: &str) {
            put_len(out, text.len());
            out.extend_from_slice(text.as_bytes());
        }
        let mut out = PACKED_MAGIC.to_vec();
        out.extend_from_slice(&self.as_of.num_days_from_ce().to_le_bytes());
        put_text(&mut out, &self.generator);
        put_len(&mut out, self.methods.len());
        for (method, by_customer) in &self.methods {
            put_text(&mut out, method);
            put_len(&mut out, by_customer.len());
            for (id, segment) in by_customer {
                put_text(&mut out, id);
                put_text(&mut out, segment);
            }
        }
        out
    }

    /// A snapshot from [`Snapshot::to_packed`]'s bytes; an error names the
    /// byte where they stop making sense.
    pub fn from_packed(bytes: &[u8]) -> Result<Snapshot> {
        let mut at = 0;
        let snapshot = read_packed(bytes, &mut at);
        match snapshot {
            Some(snapshot) if at == bytes.len() => Ok(snapshot),
            _ => Err(format_error(format!(
                "the packed snapshot is damaged at byte {at}"
            ))),
        }
    }
}

/// Reads a packed snapshot from `at` on, leaving `at` where it stopped.
fn read_packed(bytes: &[u8], at: &mut usize) -> Option<Snapshot> {
    fn take<'a>(bytes: &'a [u8], at: &mut usize, count: usize) -> Option<&'a [u8]> {
        let slice = bytes.get(*at..at.checked_add(count)?)?;
        *at += count;
        Some(slice)
    }
    fn len(bytes: &[u8], at: &mut usize) -> Option<usize> {
        let raw: [u8; 4] = take(bytes, at, 4)?.try_into().ok()?;
        usize::try_from(u32::from_le_bytes(raw)).ok()
    }
    fn text(bytes: &[u8], at: &mut usize) -> Option<String> {
        let count = len(bytes, at)?;
        String::from_utf8(take(bytes, at, count)?.to_vec()).ok()
    }
    if take(bytes, at, PACKED_MAGIC.len())? != PACKED_MAGIC {
        *at = 0;
        return None;
    }
    let days: [u8; 4] = take(bytes, at, 4)?.try_into().ok()?;
    let as_of = NaiveDate::from_num_days_from_ce_opt(i32::from_le_bytes(days))?;
    let generator = text(bytes, at)?;
    let mut methods = BTreeMap::new();
    for _ in 0..len(bytes, at)? {
        let method = text(bytes, at)?;
        let mut pairs = Vec::new();
        for _ in 0..len(bytes, at)? {
            pairs.push((text(bytes, at)?, text(bytes, at)?));
        }
        methods.insert(method, pairs.into_iter().collect());
    }
    Some(Snapshot {
        as_of,
        generator,
        methods,
    })
}

/// Why a file is not a snapshot this build reads, from its `format` and
/// `version` keys; `None` when both are right.
fn header_problem(bytes: &[u8]) -> Option<Error> {
    let header: SnapshotHeader = match serde_json::from_slice(bytes) {
        Ok(header) => header,
        Err(err) => return Some(json_error(&err)),
    };
    match header.format.as_ref().and_then(|f| f.as_str()) {
        Some(FORMAT) => {}
        Some(other) => {
            return Some(format_error(format!(
                "not a segmento snapshot (its \"format\" is \"{other}\", expected \"{FORMAT}\")"
            )))
        }
        None => {
            return Some(format_error(format!(
                "not a segmento snapshot (no \"format\": \"{FORMAT}\" key)"
            )))
        }
    }
    Some(match header.version.as_ref().and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(VERSION) => return None,
        Some(v) if v > u64::from(VERSION) => format_error(format!(
            "this snapshot has format version {v}; this segmento reads up to version {VERSION}: \
             use a newer segmento"
        )),
        _ => format_error(format!(
            "the snapshot's \"version\" must be a whole number from 1 to {VERSION}, found {}",
            header
                .version
                .map_or("nothing".to_string(), |v| v.to_string())
        )),
    })
}

fn format_error(message: impl Into<crate::Text>) -> Error {
    Error::new(ErrorKind::Format(message.into()))
}

fn json_error(error: &serde_json::Error) -> Error {
    let message = match error.classify() {
        serde_json::error::Category::Data => {
            crate::error_messages::SNAPSHOT_INVALID.with(&[("detail", error)])
        }
        _ => crate::error_messages::SNAPSHOT_NOT_JSON.with(&[("detail", error)]),
    };
    let line = (error.line() > 0).then_some(error.line() as u64);
    format_error(message).at(Position {
        line,
        ..Position::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 12, 31).unwrap()
    }

    #[test]
    fn writes_the_documented_layout() {
        let mut s = Snapshot::new(date());
        s.generator = "segmento test".into();
        s.add(&SegmentAssignment {
            method: "rfm".into(),
            date: date(),
            by_customer: vec![
                ("b".into(), "lost".into()),
                ("a".into(), "champions".into()),
            ],
        })
        .unwrap();
        assert_eq!(
            s.to_json(),
            r#"{"format":"segmento-snapshot","version":1,"as_of":"2024-12-31","generator":"segmento test","methods":{"rfm":{"a":"champions","b":"lost"}}}"#
        );
    }

    #[test]
    fn errors_name_the_problem() {
        let cases: [(&[u8], &str); 7] = [
            (b"{\"format\": \"segmento-snapshot\",\n \"version\": 1,", "not valid JSON"),
            (br#"{"format":"other","version":1}"#, "its \"format\" is \"other\""),
            (br#"{"format":"segmento-snapshot","version":2,"as_of":"2024-01-01","methods":{}}"#, "version 2"),
            (br#"{"format":"segmento-snapshot","version":"1"}"#, "must be a whole number"),
            (br#"{"format":"segmento-snapshot","version":1,"as_of":"31/12/2024","methods":{}}"#, "YYYY-MM-DD"),
            (br#"{"format":"segmento-snapshot","version":1,"as_of":"2024-12-31"}"#, "missing field `methods`"),
            (br#"{"format":"segmento-snapshot","version":1,"as_of":"2024-12-31","methods":{"rfm":{"x":""}}}"#, "empty rfm segment"),
        ];
        for (bytes, expected) in cases {
            let err = Snapshot::from_json(bytes).unwrap_err();
            assert!(
                err.to_string().contains(expected),
                "{err} should mention {expected}"
            );
        }
        let err = Snapshot::from_json(b"{\"format\": \"segmento-snapshot\",\n \"version\": 1,")
            .unwrap_err();
        assert_eq!(err.position().line, Some(2));
    }

    #[test]
    fn add_checks_dates_and_duplicates() {
        let mut s = Snapshot::new(date());
        let mut a = SegmentAssignment {
            method: "abc".into(),
            date: date(),
            by_customer: vec![("x".into(), "A".into()), ("x".into(), "B".into())],
        };
        assert!(s.add(&a).unwrap_err().to_string().contains("twice"));
        a.by_customer.pop();
        a.date = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        assert!(s.add(&a).is_err());
        assert!(s
            .assignment("abc")
            .unwrap_err()
            .to_string()
            .contains("has no abc"));
    }
}
