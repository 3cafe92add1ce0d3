//! The seeded control-group draw, stratified by segment.
//!
//! Before a campaign, the user picks segments and a control share. Within
//! each selected segment, `share × size` customers (rounded, see below) are
//! held out as the **control** group (`témoin`); the others are the
//! **target** (`cible`). The same file, segments, share and seed always give
//! the same groups, natively and in the browser, whatever the row order of
//! the file. The draw is fully specified here, so it can be re-implemented
//! and audited (algorithm `segmento-control-v1`):
//!
//! 1. **Sizes** (largest remainder, Hamilton's method): segment `i` with
//!    `nᵢ` customers gets `⌊share·nᵢ⌋` controls, then the
//!    `round(share·Σnᵢ) − Σ⌊share·nᵢ⌋` segments with the largest fractional
//!    parts (ties: segment key order) get one more. Each segment's control is
//!    thus within 1 customer of its exact share, and the overall control size
//!    is the rounded overall share.
//! 2. **Order**: the segment's customer ids are sorted by their UTF-8 bytes,
//!    so the file's row order does not matter.
//! 3. **Random stream**: ChaCha with 8 rounds (`rand_chacha::ChaCha8Rng`,
//!    value-stable across platforms and versions), seeded with
//!    `seed_from_u64(seed)` and switched to stream
//!    `FNV-1a-64(segment key bytes)`, so each segment's draw depends only on
//!    the seed, its key and its own customers.
//! 4. **Shuffle**: a partial Fisher-Yates: for `i` in `0..controls`, swap
//!    position `i` with `i + u(n − i)`, where `u(m)` is a uniform integer in
//!    `[0, m)` by Lemire's multiply-and-reject method (Lemire 2019, "Fast
//!    random integer generation in an interval", ACM TOMACS 29(1), alg. 5)
//!    on `next_u64()`. The first `controls` ids are the control group.
//!
//! Front ends should pass a fresh seed for each campaign (and record it), so
//! that the same customers are not held out campaign after campaign.

use std::collections::BTreeMap;

use rand_chacha::rand_core::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::segment_keys::SegmentMethod;

/// The name of the algorithm above, recorded in the output.
pub const ALGORITHM: &str = "segmento-control-v1";

/// Which side of the campaign a customer is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CampaignGroup {
    /// Receives the campaign (`cible`).
    Target,
    /// Held out (`témoin`).
    Control,
}

impl CampaignGroup {
    /// `cible` / `témoin`.
    pub fn label_fr(self) -> &'static str {
        match self {
            CampaignGroup::Target => "cible",
            CampaignGroup::Control => "témoin",
        }
    }

    /// `target` / `control`.
    pub fn label_en(self) -> &'static str {
        match self {
            CampaignGroup::Target => "target",
            CampaignGroup::Control => "control",
        }
    }

    /// Reads a `campaign_group` cell in French or English, ignoring case,
    /// accents and surrounding spaces.
    ///
    /// ```
    /// use segmento::dynamics::control::CampaignGroup;
    /// assert_eq!(CampaignGroup::parse(" Témoin "), Some(CampaignGroup::Control));
    /// assert_eq!(CampaignGroup::parse("TARGET"), Some(CampaignGroup::Target));
    /// assert_eq!(CampaignGroup::parse("maybe"), None);
    /// ```
    pub fn parse(text: &str) -> Option<CampaignGroup> {
        let folded: String = text
            .trim()
            .chars()
            .flat_map(char::to_lowercase)
            .map(|c| match c {
                'é' | 'è' | 'ê' | 'ë' => 'e',
                other => other,
            })
            .collect();
        match folded.as_str() {
            "cible" | "target" | "treatment" | "test" => Some(CampaignGroup::Target),
            "temoin" | "control" | "controle" | "holdout" => Some(CampaignGroup::Control),
            _ => None,
        }
    }
}

/// Settings of the draw (config key `control`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// Share of each selected segment held out (0.10).
    pub share: f64,
    /// Seed of the draw (recorded in the output).
    pub seed: u64,
    /// Segment keys in the campaign; empty means every segment.
    pub segments: Vec<String>,
    /// The segmentation the segments belong to (RFM by default).
    pub method: SegmentMethod,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            share: 0.10,
            seed: 1,
            segments: Vec::new(),
            method: SegmentMethod::Rfm,
        }
    }
}

impl Params {
    /// Checks every setting; the error names the config key.
    pub fn validate(&self) -> Result<()> {
        if !(self.share > 0.0 && self.share < 1.0) {
            return Err(Error::invalid_params(
                "control.share",
                crate::error_messages::CONTROL_SHARE.with(&[("value", &self.share)]),
            ));
        }
        Ok(())
    }
}

/// The draw in one segment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentDraw {
    /// Segment key.
    pub segment: String,
    /// Customers of the segment.
    pub customers: u32,
    /// Customers who receive the campaign.
    pub target: u32,
    /// Customers held out.
    pub control: u32,
}

/// Result of [`draw`]; goes into `summary.json` under `control`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draw {
    /// The seed.
    pub seed: u64,
    /// The segmentation drawn on.
    pub method: SegmentMethod,
    /// The control share asked for.
    pub share: f64,
    /// [`ALGORITHM`].
    pub algorithm: String,
    /// Per selected segment, in key order.
    pub by_segment: Vec<SegmentDraw>,
    /// Customers in the selected segments.
    pub selected_customers: u32,
    /// Of which target.
    pub target: u32,
    /// Of which control.
    pub control: u32,
    /// Per customer, aligned with the input: `None` outside the selected
    /// segments.
    #[serde(skip)]
    pub customers: Vec<Option<CampaignGroup>>,
}

/// Draws the control group among `customers` (id, segment key).
///
/// ```
/// use segmento::dynamics::control::{draw, CampaignGroup, Params};
/// let customers: Vec<(String, String)> =
///     (0..100).map(|i| (format!("C{i}"), if i < 60 { "a" } else { "b" }.to_string())).collect();
/// let params = Params { share: 0.1, seed: 42, ..Params::default() };
/// let first = draw(&customers, &params).unwrap();
/// assert_eq!((first.by_segment[0].control, first.by_segment[1].control), (6, 4));
/// assert_eq!(first.customers, draw(&customers, &params).unwrap().customers);
/// ```
pub fn draw(customers: &[(String, String)], params: &Params) -> Result<Draw> {
    params.validate()?;
    let selected: FxHashSet<&str> = params.segments.iter().map(String::as_str).collect();
    let mut ids = FxHashSet::default();
    ids.reserve(customers.len());
    let mut members: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for key in &params.segments {
        members.entry(key.as_str()).or_default();
    }
    for (index, (id, segment)) in customers.iter().enumerate() {
        if id.is_empty() {
            return Err(Error::analysis(format!(
                "row {} of the control draw has an empty customer id",
                index + 1
            )));
        }
        if !ids.insert(id.as_str()) {
            return Err(Error::analysis(format!(
                "customer {id} appears twice in the control draw"
            )));
        }
        if selected.is_empty() || selected.contains(segment.as_str()) {
            members.entry(segment.as_str()).or_default().push(index);
        }
    }

    let sizes: Vec<usize> = members.values().map(Vec::len).collect();
    let controls = allocate(&sizes, params.share);
    let mut groups = vec![None; customers.len()];
    let mut by_segment = Vec::with_capacity(members.len());
    for ((segment, indexes), &control) in members.iter_mut().zip(&controls) {
        // Ids are unique, so the shared stable sort gives the unstable one's order.
        crate::sorting::sort_positions(indexes, &mut |&a, &b| {
            customers[a].0.as_bytes().cmp(customers[b].0.as_bytes())
        });
        let mut rng = ChaCha8Rng::seed_from_u64(params.seed);
        rng.set_stream(fnv1a_64(segment.as_bytes()));
        let n = indexes.len();
        for i in 0..control {
            let j = i + bounded(&mut rng, (n - i) as u64) as usize;
            indexes.swap(i, j);
        }
        for (position, &index) in indexes.iter().enumerate() {
            groups[index] = Some(if position < control {
                CampaignGroup::Control
            } else {
                CampaignGroup::Target
            });
        }
        by_segment.push(SegmentDraw {
            segment: segment.to_string(),
            customers: n as u32,
            target: (n - control) as u32,
            control: control as u32,
        });
    }
    let selected_customers: u32 = by_segment.iter().map(|s| s.customers).sum();
    let control: u32 = by_segment.iter().map(|s| s.control).sum();
    Ok(Draw {
        seed: params.seed,
        method: params.method,
        share: params.share,
        algorithm: ALGORITHM.to_string(),
        by_segment,
        selected_customers,
        target: selected_customers - control,
        control,
        customers: groups,
    })
}

/// Control sizes per segment by the largest-remainder rule (module docs).
fn allocate(sizes: &[usize], share: f64) -> Vec<usize> {
    let exact: Vec<f64> = sizes.iter().map(|&n| share * n as f64).collect();
    let mut counts: Vec<usize> = exact.iter().map(|x| x.floor() as usize).collect();
    let total: usize = sizes.iter().sum();
    let wanted = (share * total as f64).round() as usize;
    let mut missing = wanted.saturating_sub(counts.iter().sum());
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    // Largest fractional part first; the stable sort keeps key order on ties.
    crate::sorting::sort_positions(&mut order, &mut |&a, &b| {
        (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor()))
    });
    for &i in &order {
        if missing == 0 {
            break;
        }
        if counts[i] < sizes[i] {
            counts[i] += 1;
            missing -= 1;
        }
    }
    counts
}

/// FNV-1a, 64 bits (Fowler, Noll, Vo): the stream number of a segment.
fn fnv1a_64(bytes: &[u8]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// A uniform integer in `[0, range)` (`range ≥ 1`), Lemire's method.
fn bounded(rng: &mut ChaCha8Rng, range: u64) -> u64 {
    // 2^64 mod range: products whose low half falls below it are rejected,
    // which removes the modulo bias exactly.
    let threshold = range.wrapping_neg() % range;
    loop {
        let product = u128::from(rng.next_u64()) * u128::from(range);
        if (product as u64) >= threshold {
            return (product >> 64) as u64;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allocation_is_within_one_and_exact_overall() {
        // 0.1 × [15, 15, 15, 3] = 1.5, 1.5, 1.5, 0.3 → floors 1, 1, 1, 0;
        // overall round(4.8) = 5 → two of the three 0.5 remainders get one
        // more, in key order: [2, 2, 1, 0].
        assert_eq!(allocate(&[15, 15, 15, 3], 0.1), vec![2, 2, 1, 0]);
        assert_eq!(allocate(&[100], 0.29), vec![29]);
        assert_eq!(allocate(&[], 0.1), Vec::<usize>::new());
    }

    #[test]
    fn bounded_stays_in_range() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        for range in [1_u64, 2, 3, 10, 1 << 40] {
            for _ in 0..100 {
                assert!(bounded(&mut rng, range) < range);
            }
        }
    }

    #[test]
    fn fnv_matches_reference_vectors() {
        // FNV-1a 64 test vectors: "" → cbf29ce484222325, "a" → af63dc4c8601ec8c.
        assert_eq!(fnv1a_64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a_64(b"a"), 0xaf63dc4c8601ec8c);
    }

    #[test]
    fn share_must_be_a_fraction() {
        let p = Params {
            share: 10.0,
            ..Params::default()
        };
        assert!(p
            .validate()
            .unwrap_err()
            .to_string()
            .contains("control.share"));
    }
}
