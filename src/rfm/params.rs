//! Settings of the RFM analysis (the `rfm` key of the config JSON).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::segments::{parse_code, Segment};
use crate::error::{Error, Result};

/// What the monetary (M) dimension measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Monetary {
    /// Net revenue over the whole file (returns netted). The default.
    #[default]
    Revenue,
    /// Net revenue divided by the number of orders.
    AverageOrderValue,
}

/// User-given cut points for some dimensions; a dimension left out (`null`)
/// uses quantiles of the customer distribution.
///
/// Each list holds `bins - 1` strictly ascending numbers. A customer passes a
/// cut point only when strictly better than it: recency (days) strictly
/// below, frequency and monetary strictly above. So `recency: [30, 90, 180,
/// 365]` gives R 5 below 30 days, R 4 from 30 to 89 days, …, R 1 from 365
/// days on; `frequency: [1, 2, 4, 8]` gives F 1 for one purchase day, F 2 for
/// two, F 3 for 3-4, F 4 for 5-8 and F 5 above 8.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CustomThresholds {
    /// Recency cut points in days since the last purchase.
    pub recency: Option<Vec<f64>>,
    /// Frequency cut points in distinct purchase days.
    pub frequency: Option<Vec<f64>>,
    /// Monetary cut points, in the file's currency (revenue or average
    /// order value according to [`Params::monetary`]).
    pub monetary: Option<Vec<f64>>,
}

/// Settings of the RFM analysis.
///
/// ```
/// use segmento::rfm::{Monetary, Params};
/// let params: Params = serde_json::from_str(
///     r#"{"bins": 4, "monetary": "average_order_value",
///         "thresholds": {"recency": [30, 90, 365]},
///         "segment_overrides": {"444": "loyal"}}"#,
/// ).unwrap();
/// assert_eq!(params.bins, 4);
/// assert_eq!(params.monetary, Monetary::AverageOrderValue);
/// params.validate().unwrap();
///
/// let bad = Params { bins: 6, ..Params::default() };
/// assert_eq!(bad.validate().unwrap_err().to_string(),
///            "invalid setting rfm.bins: must be 3, 4 or 5 (got 6)");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// Number of scores per dimension: 3, 4 or 5 (default 5, quintiles).
    pub bins: u8,
    /// What M measures (default: net revenue).
    pub monetary: Monetary,
    /// Custom cut points per dimension (default: quantiles for all three).
    pub thresholds: Option<CustomThresholds>,
    /// User overrides of the code → segment map: a code such as `"545"`
    /// (scores on the chosen `bins` scale) to a segment key.
    pub segment_overrides: BTreeMap<String, Segment>,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            bins: 5,
            monetary: Monetary::Revenue,
            thresholds: None,
            segment_overrides: BTreeMap::new(),
        }
    }
}

impl Params {
    /// Check every setting; the error names the offending key.
    pub fn validate(&self) -> Result<()> {
        if !(3..=5).contains(&self.bins) {
            return Err(Error::invalid_params(
                "rfm.bins",
                crate::error_messages::BINS_CHOICE.with(&[("value", &self.bins)]),
            ));
        }
        if let Some(thresholds) = &self.thresholds {
            for (name, cuts) in [
                ("recency", &thresholds.recency),
                ("frequency", &thresholds.frequency),
                ("monetary", &thresholds.monetary),
            ] {
                if let Some(cuts) = cuts {
                    validate_cut_points(&format!("rfm.thresholds.{name}"), cuts, self.bins)?;
                }
            }
        }
        for code in self.segment_overrides.keys() {
            if parse_code(code, self.bins).is_none() {
                return Err(Error::invalid_params(
                    format!("rfm.segment_overrides.{code}"),
                    crate::error_messages::SEGMENT_CODE.with(&[
                        ("bins", &self.bins),
                        ("example", &format!("{}{}1", self.bins, self.bins)),
                    ]),
                ));
            }
        }
        Ok(())
    }
}

fn validate_cut_points(key: &str, cuts: &[f64], bins: u8) -> Result<()> {
    let expected = usize::from(bins) - 1;
    if cuts.len() != expected {
        return Err(Error::invalid_params(
            key,
            crate::error_messages::CUT_POINTS_COUNT_BINS.with(&[
                ("expected", &expected),
                ("bins", &bins),
                ("count", &cuts.len()),
            ]),
        ));
    }
    if let Some(bad) = cuts.iter().find(|c| !c.is_finite()) {
        return Err(Error::invalid_params(
            key,
            crate::error_messages::CUT_POINTS_NUMBERS.with(&[("value", &bad)]),
        ));
    }
    if cuts.windows(2).any(|pair| pair[0] >= pair[1]) {
        return Err(Error::invalid_params(
            key,
            crate::error_messages::CUT_POINTS_ASCENDING,
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_documented_values() {
        let params: Params = serde_json::from_str("{}").unwrap();
        assert_eq!(params, Params::default());
        assert_eq!(params.bins, 5);
        assert_eq!(params.monetary, Monetary::Revenue);
        assert!(params.thresholds.is_none());
        params.validate().unwrap();
    }

    #[test]
    fn unknown_keys_are_rejected() {
        assert!(serde_json::from_str::<Params>(r#"{"binz": 5}"#).is_err());
        assert!(serde_json::from_str::<Params>(r#"{"thresholds": {"r": [1]}}"#).is_err());
        assert!(
            serde_json::from_str::<Params>(r#"{"segment_overrides": {"555": "others"}}"#).is_err()
        );
    }

    #[test]
    fn invalid_settings_name_their_key() {
        let key_of = |params: Params| match params.validate().unwrap_err().kind() {
            crate::ErrorKind::InvalidParams { key, .. } => key.clone(),
            other => panic!("{other:?}"),
        };
        let with = |thresholds: CustomThresholds| Params {
            thresholds: Some(thresholds),
            ..Params::default()
        };
        assert_eq!(
            key_of(Params {
                bins: 2,
                ..Params::default()
            }),
            "rfm.bins"
        );
        assert_eq!(
            key_of(with(CustomThresholds {
                frequency: Some(vec![1.0, 2.0, 3.0]),
                ..Default::default()
            })),
            "rfm.thresholds.frequency"
        );
        assert_eq!(
            key_of(with(CustomThresholds {
                recency: Some(vec![30.0, 30.0, 90.0, 180.0]),
                ..Default::default()
            })),
            "rfm.thresholds.recency"
        );
        assert_eq!(
            key_of(with(CustomThresholds {
                monetary: Some(vec![1.0, f64::NAN, 3.0, 4.0]),
                ..Default::default()
            })),
            "rfm.thresholds.monetary"
        );
        let mut overrides = BTreeMap::new();
        overrides.insert("155".to_string(), Segment::Loyal);
        let params = Params {
            bins: 4,
            segment_overrides: overrides,
            ..Params::default()
        };
        assert_eq!(key_of(params), "rfm.segment_overrides.155");
    }
}
