//! The segment key of every customer under each segmentation method, and
//! each method's ladder (segments best first): what migrations, snapshots
//! and the control draw share, so that a key means the same everywhere.
//!
//! | method | key in `migrations` and snapshots | in a control request | keys |
//! |---|---|---|---|
//! | RFM segment | `rfm` | `rfm` | `champions`, `loyal`, … |
//! | ABC class | `abc` | `abc` | `A`, `B`, `C` |
//! | value tier | `points` | `tier` (or `points`) | `vip`, `very_good`, … |
//! | predictive group | `predictive` | `group` (or `predictive`) | `A`, `B`, … |

use serde::{Deserialize, Serialize};

use crate::abc::{self, AbcClass};
use crate::dynamics::migrations::{Ladder, LadderSegment};
use crate::error::{Error, Result};
use crate::pipeline::Analysis;
use crate::predict::GroupLabel;
use crate::present::tier_key;
use crate::{i18n, points, predict, rfm};

/// A segmentation method.
///
/// ```
/// use segmento::segment_keys::SegmentMethod;
/// let method: SegmentMethod = serde_json::from_str("\"tier\"").unwrap();
/// assert_eq!(method, SegmentMethod::Tier);
/// assert_eq!(method.migration_key(), "points");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SegmentMethod {
    /// RFM named segments.
    #[default]
    Rfm,
    /// ABC (Pareto) classes.
    Abc,
    /// Value tiers of the points score.
    #[serde(alias = "points")]
    Tier,
    /// Predictive groups (needs the forecast).
    #[serde(alias = "predictive")]
    Group,
}

impl SegmentMethod {
    /// Every method, in report order.
    pub const ALL: [SegmentMethod; 4] = [
        SegmentMethod::Rfm,
        SegmentMethod::Abc,
        SegmentMethod::Tier,
        SegmentMethod::Group,
    ];

    /// The key of this method in `summary.json`'s `migrations` and in
    /// snapshots (`rfm`, `abc`, `points`, `predictive`).
    pub fn migration_key(self) -> &'static str {
        match self {
            SegmentMethod::Rfm => "rfm",
            SegmentMethod::Abc => "abc",
            SegmentMethod::Tier => "points",
            SegmentMethod::Group => "predictive",
        }
    }
}

/// Every customer's key under `method`, aligned with the analysis'
/// customers. Errors for the predictive groups when the forecast did not run.
pub fn customer_keys(analysis: &Analysis, method: SegmentMethod) -> Result<Vec<String>> {
    outputs_keys(
        method,
        (&analysis.rfm, &analysis.abc, &analysis.points),
        analysis.predict.as_ref(),
    )
}

/// The key of the customer at `index` under `method` (`None` out of range or
/// without a forecast for the predictive groups).
pub fn customer_key(analysis: &Analysis, method: SegmentMethod, index: usize) -> Option<String> {
    Some(match method {
        SegmentMethod::Rfm => analysis.rfm.customers.get(index)?.segment.key().to_string(),
        SegmentMethod::Abc => analysis
            .abc
            .customers
            .get(index)?
            .abc_class
            .as_str()
            .to_string(),
        SegmentMethod::Tier => {
            tier_key(analysis.points.customers.get(index)?.value_tier).to_string()
        }
        SegmentMethod::Group => analysis
            .predict
            .as_ref()?
            .customers
            .get(index)?
            .predictive_group
            .to_string(),
    })
}

/// [`customer_keys`] on the outputs themselves (the pipeline uses it on the
/// segmentation at the compare date, before any [`Analysis`] exists).
pub(crate) fn outputs_keys(
    method: SegmentMethod,
    (rfm, abc, points): (&rfm::Output, &abc::Output, &points::Output),
    predict: Option<&predict::Output>,
) -> Result<Vec<String>> {
    Ok(match method {
        SegmentMethod::Rfm => rfm
            .customers
            .iter()
            .map(|c| c.segment.key().to_string())
            .collect(),
        SegmentMethod::Abc => abc
            .customers
            .iter()
            .map(|c| c.abc_class.as_str().to_string())
            .collect(),
        SegmentMethod::Tier => points
            .customers
            .iter()
            .map(|c| tier_key(c.value_tier).to_string())
            .collect(),
        SegmentMethod::Group => predict
            .ok_or_else(no_forecast)?
            .customers
            .iter()
            .map(|c| c.predictive_group.to_string())
            .collect(),
    })
}

/// Every customer's segment under `method` as an index into `ladder` (the
/// method's [`ladder`], possibly extended), aligned with the analysis'
/// customers: what a snapshot comparison needs, without building a key
/// string per customer.
pub(crate) fn customer_segment_indices(
    analysis: &Analysis,
    method: SegmentMethod,
    ladder: &Ladder,
) -> Result<Vec<u16>> {
    let output = MethodOutput::of(
        method,
        (&analysis.rfm, &analysis.abc, &analysis.points),
        analysis.predict.as_ref(),
    )?;
    outputs_segment_indices(output, &mut ladder.clone(), OffLadder::Refuse)
}

/// The one analysis output a method's segments are read from: the
/// migrations run each method at the compare date in turn and keep only
/// its indices, so no two of those outputs are held at once.
#[derive(Debug, Clone, Copy)]
pub(crate) enum MethodOutput<'a> {
    /// RFM segments.
    Rfm(&'a rfm::Output),
    /// ABC classes.
    Abc(&'a abc::Output),
    /// Value tiers.
    Tier(&'a points::Output),
    /// Predictive groups.
    Group(&'a predict::Output),
    /// Predictive groups, as each customer's label alone (what the
    /// migrations keep of the forecast at the compare date).
    GroupLabels(&'a [GroupLabel]),
}

impl<'a> MethodOutput<'a> {
    /// `method`'s output among these (an error for the predictive groups
    /// without a forecast).
    pub(crate) fn of(
        method: SegmentMethod,
        (rfm, abc, points): (&'a rfm::Output, &'a abc::Output, &'a points::Output),
        predict: Option<&'a predict::Output>,
    ) -> Result<Self> {
        Ok(match method {
            SegmentMethod::Rfm => MethodOutput::Rfm(rfm),
            SegmentMethod::Abc => MethodOutput::Abc(abc),
            SegmentMethod::Tier => MethodOutput::Tier(points),
            SegmentMethod::Group => MethodOutput::Group(predict.ok_or_else(no_forecast)?),
        })
    }
}

/// What [`outputs_segment_indices`] does with a key its ladder lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OffLadder {
    /// Adds it at the bottom of the ladder, labelled by its key (a
    /// predictive group of an earlier, larger cut), in the order customers
    /// first hold such keys.
    Extend,
    /// Fails, naming the key.
    Refuse,
}

/// [`customer_segment_indices`] on the outputs themselves, which may add
/// the keys `ladder` lacks (see [`OffLadder`]). Each distinct segment's key
/// is looked up once, not once per customer: 250,000 customers hold a
/// dozen segments.
pub(crate) fn outputs_segment_indices(
    output: MethodOutput,
    ladder: &mut Ladder,
    off_ladder: OffLadder,
) -> Result<Vec<u16>> {
    let mut indices = LadderIndices {
        ladder,
        off_ladder,
        by_code: Vec::new(),
    };
    match output {
        MethodOutput::Rfm(rfm) => rfm
            .customers
            .iter()
            .map(|c| indices.of(c.segment as usize, || c.segment.key().into()))
            .collect(),
        MethodOutput::Abc(abc) => abc
            .customers
            .iter()
            .map(|c| indices.of(c.abc_class as usize, || c.abc_class.as_str().into()))
            .collect(),
        MethodOutput::Tier(points) => points
            .customers
            .iter()
            .map(|c| indices.of(c.value_tier as usize, || tier_key(c.value_tier).into()))
            .collect(),
        MethodOutput::Group(predict) => predict
            .customers
            .iter()
            .map(|c| indices.of_group(c.predictive_group))
            .collect(),
        MethodOutput::GroupLabels(labels) => labels
            .iter()
            .map(|&label| indices.of_group(label))
            .collect(),
    }
}

/// A ladder's index for each segment code (an enum's discriminant or a
/// group's number), found the first time a customer holds the code.
struct LadderIndices<'a> {
    ladder: &'a mut Ladder,
    off_ladder: OffLadder,
    by_code: Vec<Option<u16>>,
}

impl LadderIndices<'_> {
    fn of_group(&mut self, label: GroupLabel) -> Result<u16> {
        self.of(label.0 as usize, || label.to_string())
    }

    fn of(&mut self, code: usize, key: impl FnOnce() -> String) -> Result<u16> {
        if let Some(Some(index)) = self.by_code.get(code) {
            return Ok(*index);
        }
        let key = key();
        let segments = &mut self.ladder.segments;
        let index = match segments.iter().position(|s| s.key == key) {
            Some(index) => index,
            None if self.off_ladder == OffLadder::Extend => {
                segments.push(ladder_segment(&key, &key, &key));
                segments.len() - 1
            }
            None => {
                return Err(Error::analysis(format!(
                    "segment \"{key}\" is not on the {} ladder",
                    self.ladder.method
                )))
            }
        };
        let index = u16::try_from(index).map_err(|_| {
            Error::analysis(format!(
                "the {} ladder has too many segments",
                self.ladder.method
            ))
        })?;
        if self.by_code.len() <= code {
            self.by_code.resize(code + 1, None);
        }
        self.by_code[code] = Some(index);
        Ok(index)
    }
}

/// The ladder of `method` (segments best first, labels in both languages).
pub fn ladder(analysis: &Analysis, method: SegmentMethod) -> Result<Ladder> {
    outputs_ladder(
        method,
        (&analysis.rfm, &analysis.points),
        analysis.predict.as_ref(),
    )
}

/// [`ladder`] on the outputs themselves.
pub(crate) fn outputs_ladder(
    method: SegmentMethod,
    (rfm, points): (&rfm::Output, &points::Output),
    predict: Option<&predict::Output>,
) -> Result<Ladder> {
    let (segments, lost_key) = match method {
        SegmentMethod::Rfm => (
            rfm.segments
                .iter()
                .map(|s| ladder_segment(s.key.key(), &s.label_fr, &s.label_en))
                .collect(),
            Some(rfm::Segment::Lost.key().to_string()),
        ),
        SegmentMethod::Abc => (
            AbcClass::ALL
                .iter()
                .map(|class| ladder_segment(class.as_str(), class.as_str(), class.as_str()))
                .collect(),
            None,
        ),
        SegmentMethod::Tier => (
            points
                .tiers
                .iter()
                .map(|tier| ladder_segment(tier_key(tier.key), &tier.label_fr, &tier.label_en))
                .collect(),
            None,
        ),
        SegmentMethod::Group => (
            predict
                .ok_or_else(no_forecast)?
                .groups
                .iter()
                .map(|g| {
                    let (fr, en) = i18n::PREDICTIVE_GROUP_NAME.both_with("{group}", &g.label);
                    ladder_segment(&g.label, &fr, &en)
                })
                .collect(),
            None,
        ),
    };
    Ok(Ladder {
        method: method.migration_key().to_string(),
        segments,
        lost_key,
    })
}

fn ladder_segment(key: &str, label_fr: &str, label_en: &str) -> LadderSegment {
    LadderSegment {
        key: key.to_string(),
        label_fr: label_fr.to_string(),
        label_en: label_en.to_string(),
    }
}

fn no_forecast() -> Error {
    Error::analysis("the predictive groups need the forecast, which did not run on this file")
}
