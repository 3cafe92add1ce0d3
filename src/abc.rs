//! ABC (Pareto) classes: which few customers make most of the revenue (or
//! margin), the Pareto curve, the Gini coefficient and a plain sentence
//! ("18 % des clients font 80 % du CA").
//!
//! **Ranking.** Customers are ranked by their value (net revenue, or margin
//! when `abc.basis` is `margin`), highest first. Equal values are ranked in
//! input order (order of first appearance in the file), so the ranking is
//! deterministic; two customers with equal values can therefore fall on
//! either side of a cut-off.
//!
//! **Classes.** The cumulative share of a customer is the summed value of
//! every customer ranked up to and including them, divided by the total of
//! the positive values. Class A: cumulative share ≤ `a_cutoff` (0.80);
//! class B: ≤ `b_cutoff` (0.95); class C: the rest. Two rules complete the
//! literal test:
//! - the top-ranked customer is always A, even when they alone exceed
//!   `a_cutoff` (a single very large account); otherwise class A would be
//!   empty, which no user expects of "the customers who make most of the
//!   revenue";
//! - customers with a zero or negative value (returns exceeding purchases)
//!   contribute nothing: they rank last and are C, their cumulative share
//!   is 1.
//!
//! Comparisons with the cut-offs allow 1e-9 of rounding, so a customer whose
//! share is exactly 80 % on paper is not pushed to B by floating-point sums.
//!
//! **Gini.** From the Lorenz curve of the values (negative values counted as
//! 0), by the trapezoid rule over every customer: with `D_j` the cumulative
//! share of the top `j` customers (the Pareto curve, `D_0 = 0`, `D_n = 1`),
//! `G = 2 · Σ_{j=1..n} (D_{j-1} + D_j) / (2n) − 1`, which equals
//! `1 − 2 · (area under the Lorenz curve)` since the Lorenz curve is the
//! Pareto curve turned half a turn, and equals the textbook
//! `G = 2 Σ i·x_(i) / (n Σ x) − (n + 1) / n` over the ascending values
//! (the rank form of Gini's coefficient, as in Damgaard & Weiner,
//! "Describing inequality in plant size or fecundity", Ecology 81(4), 2000,
//! without their small-sample correction n / (n − 1)). 0 = everyone spends
//! the same, close to 1 = one customer makes everything.

use serde::{Deserialize, Serialize};

use crate::customers::Customers;
use crate::error::{Error, Result};
use crate::format;
use crate::i18n::Language;
use crate::labels::Note;

/// Tolerance of the cut-off comparisons (see the module docs).
const CUTOFF_TOLERANCE: f64 = 1e-9;
/// Most points kept on the curve.
pub const MAX_CURVE_POINTS: usize = 200;

/// What customers are ranked by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Net revenue (the default).
    #[default]
    Revenue,
    /// Margin; needs a margin column.
    Margin,
}

/// Settings of the ABC analysis (the `abc` key of the config JSON).
///
/// ```
/// use segmento::abc::{Basis, Params};
/// let params: Params = serde_json::from_str(r#"{"a_cutoff": 0.7}"#).unwrap();
/// assert_eq!(params.basis, Basis::Revenue);
/// assert_eq!(params.b_cutoff, 0.95);
/// params.validate().unwrap();
/// let bad = Params { a_cutoff: 0.96, ..Params::default() };
/// assert_eq!(bad.validate().unwrap_err().to_string(),
///            "invalid setting abc.a_cutoff: must be above 0 and below abc.b_cutoff (0.95), got 0.96");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// Rank by net revenue (default) or margin.
    pub basis: Basis,
    /// Largest cumulative share of class A (default 0.80).
    pub a_cutoff: f64,
    /// Largest cumulative share of class B (default 0.95).
    pub b_cutoff: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            basis: Basis::Revenue,
            a_cutoff: 0.80,
            b_cutoff: 0.95,
        }
    }
}

impl Params {
    /// Check the cut-offs: `0 < a_cutoff < b_cutoff ≤ 1`.
    pub fn validate(&self) -> Result<()> {
        if !(self.b_cutoff.is_finite() && self.b_cutoff > 0.0 && self.b_cutoff <= 1.0) {
            return Err(Error::invalid_params(
                "abc.b_cutoff",
                crate::error_messages::B_CUTOFF_RANGE.with(&[("value", &self.b_cutoff)]),
            ));
        }
        if !(self.a_cutoff.is_finite() && self.a_cutoff > 0.0 && self.a_cutoff < self.b_cutoff) {
            return Err(Error::invalid_params(
                "abc.a_cutoff",
                crate::error_messages::A_CUTOFF_RANGE
                    .with(&[("b_cutoff", &self.b_cutoff), ("value", &self.a_cutoff)]),
            ));
        }
        Ok(())
    }
}

/// An ABC class. Serialized as `"A"`, `"B"`, `"C"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AbcClass {
    /// The few customers making most of the value.
    A,
    /// The next band.
    B,
    /// The rest, including customers with no positive value.
    C,
}

impl AbcClass {
    /// All classes, A first.
    pub const ALL: [AbcClass; 3] = [AbcClass::A, AbcClass::B, AbcClass::C];

    /// `"A"`, `"B"` or `"C"`.
    pub fn as_str(self) -> &'static str {
        match self {
            AbcClass::A => "A",
            AbcClass::B => "B",
            AbcClass::C => "C",
        }
    }
}

/// One class's line of the summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassSummary {
    /// The class.
    pub class: AbcClass,
    /// Customers in the class.
    pub customers: usize,
    /// Their net revenue.
    pub revenue: f64,
    /// Their summed basis value (equal to `revenue` for the revenue basis).
    pub value: f64,
    /// Share of all customers.
    pub share_customers: f64,
    /// Share of total net revenue (the three classes sum to 1).
    pub share_revenue: f64,
    /// Share of the total basis value (the three classes sum to 1).
    pub share_value: f64,
}

/// A point of the Pareto curve: the top `share_customers` of customers make
/// `share_value` of the positive value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CurvePoint {
    /// Share of customers, best first (0 to 1).
    pub share_customers: f64,
    /// Their cumulative share of the positive value (0 to 1).
    pub share_value: f64,
}

/// One customer's ABC result (aligned with `Customers::customers`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AbcCustomer {
    /// The class.
    pub abc_class: AbcClass,
    /// 1-based rank by value (1 = highest).
    pub rank: u32,
    /// Cumulative share including this customer (see the module docs).
    pub cumulative_share: f64,
}

/// The ABC result: what goes under `abc` in `summary.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Output {
    /// What customers were ranked by.
    pub basis: Basis,
    /// Cut-off of class A.
    pub a_cutoff: f64,
    /// Cut-off of class B.
    pub b_cutoff: f64,
    /// Customers ranked.
    pub customers_total: usize,
    /// Total net revenue.
    pub revenue_total: f64,
    /// Total basis value (net).
    pub value_total: f64,
    /// Total of the positive basis values, the denominator of the
    /// cumulative shares.
    pub positive_value_total: f64,
    /// Classes A, B, C in that order, empty ones included.
    pub classes: Vec<ClassSummary>,
    /// Gini coefficient of the values (`None` when no value is positive).
    pub gini: Option<f64>,
    /// The Pareto curve, from (0, 0) to (1, 1), at most 200 points, always
    /// including the ends of classes A and B.
    pub curve: Vec<CurvePoint>,
    /// The headline, French ("18 % des clients font 80 % du CA").
    pub sentence_fr: String,
    /// The headline, English ("18% of customers make 80% of revenue").
    pub sentence_en: String,
    /// The class rule in words, French.
    pub rule_fr: String,
    /// The class rule in words, English.
    pub rule_en: String,
    /// Plain sentences about special cases met in this file.
    pub notes: Vec<Note>,
    /// Per-customer class, rank and cumulative share, index-aligned with
    /// `Customers::customers`.
    #[serde(skip)]
    pub customers: Vec<AbcCustomer>,
}

/// A sort key of `value` that orders like `f64::total_cmp`, descending.
#[inline]
fn descending_key(value: f64) -> u64 {
    // `+ 0.0` turns -0.0 into 0.0 so equal values tie.
    let bits = (value + 0.0).to_bits();
    let ascending = if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    };
    !ascending
}

/// Indices of `values` from the highest value to the lowest, equal values
/// in input order. A stable LSD radix sort on the order-preserving 64-bit
/// keys (6 passes of 11 bits; passes where every key shares the digit are
/// skipped): linear time, and stability gives the input-order tie-break for
/// free.
///
/// ```
/// use segmento::abc::rank_descending;
/// assert_eq!(rank_descending(&[10.0, 0.0, 30.0, 10.0, -5.0, 30.0]), vec![2, 5, 0, 3, 1, 4]);
/// ```
pub fn rank_descending(values: &[f64]) -> Vec<u32> {
    radix_rank(values).0
}

/// The value a [`descending_key`] was made from (-0.0 comes back as 0.0).
#[inline]
fn value_of_key(key: u64) -> f64 {
    let ascending = !key;
    let bits = if ascending >> 63 == 1 {
        ascending & !(1 << 63)
    } else {
        !ascending
    };
    f64::from_bits(bits)
}

/// [`rank_descending`], also returning the sorted keys, from which the
/// values can be read back in rank order without random access.
fn radix_rank(values: &[f64]) -> (Vec<u32>, Vec<u64>) {
    const BITS: usize = 11;
    const BUCKETS: usize = 1 << BITS;
    const PASSES: usize = 64usize.div_ceil(BITS);
    let n = values.len();
    let mut keys: Vec<u64> = values.iter().map(|&v| descending_key(v)).collect();
    let mut order: Vec<u32> = (0..n as u32).collect();
    let mut counts = vec![[0u32; BUCKETS]; PASSES];
    for &key in &keys {
        for (pass, count) in counts.iter_mut().enumerate() {
            count[((key >> (BITS * pass)) as usize) & (BUCKETS - 1)] += 1;
        }
    }
    let mut keys_out = vec![0u64; n];
    let mut order_out = vec![0u32; n];
    let mut offsets = vec![0u32; BUCKETS];
    for (pass, count) in counts.iter().enumerate() {
        if count.iter().any(|&c| c as usize == n) {
            continue; // every key has the same digit here
        }
        let mut running = 0u32;
        for (offset, &c) in offsets.iter_mut().zip(count.iter()) {
            *offset = running;
            running += c;
        }
        let shift = BITS * pass;
        for (&key, &index) in keys.iter().zip(&order) {
            let bucket = ((key >> shift) as usize) & (BUCKETS - 1);
            let slot = offsets[bucket] as usize;
            offsets[bucket] += 1;
            keys_out[slot] = key;
            order_out[slot] = index;
        }
        std::mem::swap(&mut keys, &mut keys_out);
        std::mem::swap(&mut order, &mut order_out);
    }
    (order, keys)
}

/// Rank customers, assign classes and summarise. See the module docs for
/// the rules.
///
/// ```
/// use chrono::NaiveDate;
/// use segmento::{abc, Attributes, Customers, OwnedCustomer, OwnedCustomers};
/// let day = NaiveDate::from_ymd_opt(2024, 6, 1).unwrap();
/// let customer = |revenue| OwnedCustomer {
///     id: format!("C{revenue}").into(), first_purchase: day, last_purchase: day,
///     frequency: 1, orders: 1, revenue, margin: 0.0, first_channel: None,
///     last_channel: None, attributes: Attributes::default(), history: vec![],
/// };
/// let customers = Customers::from_owned(OwnedCustomers {
///     as_of: day,
///     // Total 100: cumulative shares 0.5, 0.8, 0.9, 0.95, 1.0.
///     customers: [50.0, 30.0, 10.0, 5.0, 5.0].map(customer).to_vec(),
///     prospects: vec![], has_margin: false, has_channel: false,
///     has_history: false, first_purchase_known: false,
/// });
/// let out = abc::run(&customers, &abc::Params::default()).unwrap();
/// let classes: Vec<&str> = out.customers.iter().map(|c| c.abc_class.as_str()).collect();
/// assert_eq!(classes, ["A", "A", "B", "B", "C"]);
/// assert_eq!(out.sentence_en, "40% of customers make 80% of revenue");
/// ```
pub fn run(customers: &Customers, params: &Params) -> Result<Output> {
    params.validate()?;
    if params.basis == Basis::Margin && !customers.has_margin {
        return Err(Error::invalid_params(
            "abc.basis",
            crate::error_messages::MARGIN_BASIS_WITHOUT_MARGIN,
        ));
    }
    let list = &customers.customers;
    let n = list.len();
    if u32::try_from(n).is_err() {
        return Err(Error::analysis(format!("too many customers to rank ({n})")));
    }
    // Compact columns: the ranking loop then never touches the large
    // customer records in random order.
    let values: Vec<f64> = match params.basis {
        Basis::Revenue => list.iter().map(|c| c.revenue).collect(),
        Basis::Margin => list.iter().map(|c| c.margin).collect(),
    };
    // Revenue separately only when ranking by margin.
    let revenues: Vec<f64> = match params.basis {
        Basis::Revenue => Vec::new(),
        Basis::Margin => list.iter().map(|c| c.revenue).collect(),
    };
    let finite = |i: usize| values[i].is_finite() && revenues.get(i).is_none_or(|r| r.is_finite());
    if let Some(bad) = (0..n).find(|&i| !finite(i)) {
        return Err(Error::analysis(format!(
            "customer {}: {} is not a number ({})",
            list[bad].id,
            match params.basis {
                Basis::Revenue => "net revenue",
                Basis::Margin => "net revenue or margin",
            },
            values[bad]
        )));
    }

    // Rank: value descending, then input order.
    let (order, sorted_keys) = radix_rank(&values);
    let index_at = |rank: usize| order[rank] as usize;

    // Positive total in rank order (the same order the cumulative sums use,
    // so the last positive customer's cumulative sum equals it exactly).
    let mut positive_total = 0.0;
    let mut positive_count = 0usize;
    for &key in &sorted_keys {
        let value = value_of_key(key);
        if value > 0.0 {
            positive_total += value;
            positive_count += 1;
        } else {
            break;
        }
    }

    let mut per_customer = vec![
        AbcCustomer {
            abc_class: AbcClass::C,
            rank: 0,
            cumulative_share: 0.0,
        };
        n
    ];
    let mut cumulative = 0.0;
    let mut previous_share = 0.0;
    let mut pareto_area = 0.0; // Σ (D_{j-1} + D_j) / 2, divided by n below
    let mut class_customers = [0usize; 3];
    let mut class_revenue = [0.0f64; 3];
    let mut class_value = [0.0f64; 3];
    let mut top_forced = false;
    let same_revenue = params.basis == Basis::Revenue;
    for (rank, (&index, &key)) in order.iter().zip(&sorted_keys).enumerate() {
        let index = index as usize;
        let value = value_of_key(key);
        let (class, share) = if value > 0.0 {
            cumulative += value;
            let share = cumulative / positive_total;
            let class = if share <= params.a_cutoff + CUTOFF_TOLERANCE {
                AbcClass::A
            } else if rank == 0 {
                top_forced = true;
                AbcClass::A
            } else if share <= params.b_cutoff + CUTOFF_TOLERANCE {
                AbcClass::B
            } else {
                AbcClass::C
            };
            (class, share)
        } else {
            (AbcClass::C, if positive_total > 0.0 { 1.0 } else { 0.0 })
        };
        pareto_area += (previous_share + share) / 2.0;
        previous_share = share;
        let c = class as usize;
        class_customers[c] += 1;
        class_revenue[c] += if same_revenue { value } else { revenues[index] };
        class_value[c] += value;
        per_customer[index] = AbcCustomer {
            abc_class: class,
            rank: rank as u32 + 1,
            cumulative_share: share,
        };
    }

    let revenue_total: f64 = class_revenue.iter().sum();
    let value_total: f64 = class_value.iter().sum();
    let share = |part: f64, total: f64| if total == 0.0 { 0.0 } else { part / total };
    let classes: Vec<ClassSummary> = AbcClass::ALL
        .iter()
        .map(|&class| {
            let c = class as usize;
            ClassSummary {
                class,
                customers: class_customers[c],
                revenue: class_revenue[c],
                value: class_value[c],
                share_customers: share(class_customers[c] as f64, n as f64),
                share_revenue: share(class_revenue[c], revenue_total),
                share_value: share(class_value[c], value_total),
            }
        })
        .collect();
    let gini = (positive_total > 0.0).then(|| 2.0 * pareto_area / n as f64 - 1.0);

    // The curve: D at ranks j = 0..n, downsampled, with the ends of A and B.
    let a_end = class_customers[0];
    let b_end = a_end + class_customers[1];
    let share_at = |j: usize| {
        if j == 0 {
            0.0
        } else {
            per_customer[index_at(j - 1)].cumulative_share
        }
    };
    let mut ranks: Vec<usize> = if n < MAX_CURVE_POINTS {
        (0..=n).collect()
    } else {
        let even = MAX_CURVE_POINTS - 3; // room for the ends of A, B and positives
        (0..=even)
            .map(|k| ((k * n) as f64 / even as f64).round() as usize)
            .collect()
    };
    ranks.extend([a_end, b_end, positive_count]);
    ranks.sort_unstable();
    ranks.dedup();
    let curve: Vec<CurvePoint> = ranks
        .into_iter()
        .filter(|&j| j <= n)
        .map(|j| CurvePoint {
            share_customers: share(j as f64, n as f64),
            share_value: share_at(j),
        })
        .collect();

    let basis_fr = match params.basis {
        Basis::Revenue => "du CA",
        Basis::Margin => "de la marge",
    };
    let basis_en = match params.basis {
        Basis::Revenue => "of revenue",
        Basis::Margin => "of margin",
    };
    let a_value_share = if a_end > 0 { share_at(a_end) } else { 0.0 };
    let a_customer_share = share(a_end as f64, n as f64);
    let (sentence_fr, sentence_en) = if positive_total > 0.0 {
        (
            format!(
                "{} des clients font {} {basis_fr}",
                format::share(a_customer_share, Language::Fr),
                format::share(a_value_share, Language::Fr)
            ),
            format!(
                "{} of customers make {} {basis_en}",
                format::share(a_customer_share, Language::En),
                format::share(a_value_share, Language::En)
            ),
        )
    } else {
        (
            format!("Aucun client n'a de valeur positive ({basis_fr}) : pas de classement ABC."),
            format!("No customer has a positive value ({basis_en}): no ABC ranking."),
        )
    };

    let mut notes = Vec::new();
    if top_forced {
        notes.push(Note::new(
            "top_customer_alone_exceeds_a_cutoff",
            format!(
                "Le premier client fait à lui seul {} {basis_fr}, plus que le seuil de la classe A ({}) : il est tout de même classé A.",
                format::share(share_at(1), Language::Fr),
                format::share(params.a_cutoff, Language::Fr)
            ),
            format!(
                "The top customer alone makes {} {basis_en}, more than the class A cut-off ({}): they are still class A.",
                format::share(share_at(1), Language::En),
                format::share(params.a_cutoff, Language::En)
            ),
        ));
    }
    let non_positive = n - positive_count;
    if non_positive > 0 {
        notes.push(Note::new(
            "non_positive_values",
            format!(
                "{non_positive} client(s) ont une valeur nulle ou négative (retours) : classés en dernier, en classe C ; \
                 les parts cumulées se calculent sur le total des valeurs positives."
            ),
            format!(
                "{non_positive} customer(s) have a zero or negative value (returns): ranked last, in class C; \
                 cumulative shares are computed over the total of positive values."
            ),
        ));
    }

    Ok(Output {
        basis: params.basis,
        a_cutoff: params.a_cutoff,
        b_cutoff: params.b_cutoff,
        customers_total: n,
        revenue_total,
        value_total,
        positive_value_total: positive_total,
        classes,
        gini,
        curve,
        sentence_fr,
        sentence_en,
        rule_fr: format!(
            "Clients classés par {} décroissant (à égalité : ordre du fichier). Classe A : part cumulée, client compris, \
             d'au plus {} ; classe B : d'au plus {} ; classe C : les autres. Le premier client est toujours A ; \
             les clients sans valeur positive sont C.",
            match params.basis {
                Basis::Revenue => "chiffre d'affaires net",
                Basis::Margin => "marge",
            },
            format::share(params.a_cutoff, Language::Fr),
            format::share(params.b_cutoff, Language::Fr)
        ),
        rule_en: format!(
            "Customers ranked by {} from highest (ties: file order). Class A: cumulative share, the customer included, \
             at most {}; class B: at most {}; class C: the rest. The top customer is always A; customers with no \
             positive value are C.",
            match params.basis {
                Basis::Revenue => "net revenue",
                Basis::Margin => "margin",
            },
            format::share(params.a_cutoff, Language::En),
            format::share(params.b_cutoff, Language::En)
        ),
        notes,
        customers: per_customer,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customers::{Attributes, OwnedCustomer, OwnedCustomers};
    use chrono::NaiveDate;

    fn set(values: &[(f64, f64)], has_margin: bool) -> Customers {
        let day = NaiveDate::from_ymd_opt(2024, 6, 1).unwrap();
        Customers::from_owned(OwnedCustomers {
            as_of: day,
            customers: values
                .iter()
                .enumerate()
                .map(|(i, &(revenue, margin))| OwnedCustomer {
                    id: format!("C{i}").into(),
                    first_purchase: day,
                    last_purchase: day,
                    frequency: 1,
                    orders: 1,
                    revenue,
                    margin,
                    first_channel: None,
                    last_channel: None,
                    attributes: Attributes::default(),
                    history: vec![],
                })
                .collect(),
            prospects: vec![],
            has_margin,
            has_channel: false,
            has_history: false,
            first_purchase_known: false,
        })
    }

    fn revenues(values: &[f64]) -> Customers {
        set(&values.iter().map(|&v| (v, 0.0)).collect::<Vec<_>>(), false)
    }

    #[test]
    fn descending_key_orders_like_total_cmp() {
        let values = [-5.0, -0.0, 0.0, 1e-300, 1.0, 2.5, f64::MAX];
        for pair in values.windows(2) {
            assert!(
                descending_key(pair[0]) >= descending_key(pair[1]),
                "{pair:?}"
            );
        }
        assert_eq!(descending_key(-0.0), descending_key(0.0));
        for value in values {
            assert_eq!(value_of_key(descending_key(value)), value + 0.0);
        }
    }

    #[test]
    fn top_customer_is_always_a() {
        // 90 / 100 = 0.9 > 0.8, yet A; then 0.95 → B; 1.0 → C.
        let out = run(&revenues(&[90.0, 5.0, 5.0]), &Params::default()).unwrap();
        let classes: Vec<AbcClass> = out.customers.iter().map(|c| c.abc_class).collect();
        assert_eq!(classes, [AbcClass::A, AbcClass::B, AbcClass::C]);
        assert!(out
            .notes
            .iter()
            .any(|n| n.key == "top_customer_alone_exceeds_a_cutoff"));
        assert_eq!(
            out.sentence_fr,
            "33\u{202F}% des clients font 90\u{202F}% du CA"
        );
    }

    #[test]
    fn ties_ranked_in_input_order_and_non_positive_last() {
        // Values 10, 0, 30, 10, -5, 30: ranks 30 (#2), 30 (#5), 10 (#0),
        // 10 (#3), then 0 (#1) and -5 (#4), both C with share 1.
        // Positive total 80: shares 0.375, 0.75, 0.875, 1.0.
        let out = run(
            &revenues(&[10.0, 0.0, 30.0, 10.0, -5.0, 30.0]),
            &Params::default(),
        )
        .unwrap();
        let ranks: Vec<u32> = out.customers.iter().map(|c| c.rank).collect();
        assert_eq!(ranks, [3, 5, 1, 4, 6, 2]);
        let classes: String = out.customers.iter().map(|c| c.abc_class.as_str()).collect();
        assert_eq!(classes, "BCACCA");
        assert_eq!(out.customers[1].cumulative_share, 1.0);
        assert_eq!(out.positive_value_total, 80.0);
        assert_eq!(out.value_total, 75.0);
        // Revenue preserved: A 60, B 10, C 10 + 0 - 5 = 5; total 75.
        let revenue: Vec<f64> = out.classes.iter().map(|c| c.revenue).collect();
        assert_eq!(revenue, [60.0, 10.0, 5.0]);
        assert!(out.notes.iter().any(|n| n.key == "non_positive_values"));
    }

    #[test]
    fn gini_by_hand() {
        // Values 1, 2, 3, 4 (total 10). Ascending formula:
        // 2·(1·1 + 2·2 + 3·3 + 4·4)/(4·10) − 5/4 = 60/40 − 1.25 = 0.25.
        let out = run(&revenues(&[3.0, 1.0, 4.0, 2.0]), &Params::default()).unwrap();
        assert!((out.gini.unwrap() - 0.25).abs() < 1e-12);
        // Equal values → 0; one customer with everything among 4 → 1 − 1/4.
        let out = run(&revenues(&[5.0; 4]), &Params::default()).unwrap();
        assert!(out.gini.unwrap().abs() < 1e-12);
        let out = run(&revenues(&[0.0, 0.0, 8.0, -1.0]), &Params::default()).unwrap();
        assert!((out.gini.unwrap() - 0.75).abs() < 1e-12);
        assert_eq!(
            run(&revenues(&[0.0, -2.0]), &Params::default())
                .unwrap()
                .gini,
            None
        );
    }

    #[test]
    fn curve_is_bounded_and_keeps_class_ends() {
        let values: Vec<f64> = (1..=1000).map(|i| (i * i) as f64).collect();
        let out = run(&revenues(&values), &Params::default()).unwrap();
        assert!(out.curve.len() <= MAX_CURVE_POINTS, "{}", out.curve.len());
        assert_eq!(
            out.curve.first(),
            Some(&CurvePoint {
                share_customers: 0.0,
                share_value: 0.0
            })
        );
        let last = out.curve.last().unwrap();
        assert_eq!((last.share_customers, last.share_value), (1.0, 1.0));
        let a = out.classes[0].customers as f64 / 1000.0;
        assert!(out.curve.iter().any(|p| p.share_customers == a));
        assert!(out
            .curve
            .windows(2)
            .all(|w| w[0].share_customers < w[1].share_customers
                && w[0].share_value <= w[1].share_value));
        // Small sets keep every point.
        let out = run(&revenues(&[3.0, 1.0]), &Params::default()).unwrap();
        assert_eq!(out.curve.len(), 3);
    }

    #[test]
    fn margin_basis_needs_a_margin_column() {
        let err = run(
            &revenues(&[1.0]),
            &Params {
                basis: Basis::Margin,
                ..Params::default()
            },
        )
        .unwrap_err();
        assert!(
            matches!(err.kind(), crate::ErrorKind::InvalidParams { key, .. } if key == "abc.basis")
        );
        // With margins: rank by margin, revenue still summed per class.
        let customers = set(&[(100.0, 10.0), (50.0, 40.0), (10.0, 2.0)], true);
        let out = run(
            &customers,
            &Params {
                basis: Basis::Margin,
                ..Params::default()
            },
        )
        .unwrap();
        let ranks: Vec<u32> = out.customers.iter().map(|c| c.rank).collect();
        assert_eq!(ranks, [2, 1, 3]);
        // Margin shares 40/52 = 0.769 → A; 50/52 = 0.96 → C; 1.0 → C.
        let classes: String = out.customers.iter().map(|c| c.abc_class.as_str()).collect();
        assert_eq!(classes, "CAC");
        assert_eq!(out.classes[0].revenue, 50.0);
        assert_eq!(out.classes[0].value, 40.0);
        assert_eq!(out.sentence_en, "33% of customers make 77% of margin");
    }

    #[test]
    fn exact_cutoff_share_stays_in_class() {
        // On paper (2.91 + 1.05) / 4.95 = 3.96 / 4.95 = 0.8 exactly; in
        // floating point the sums give 0.8000000000000002. The tolerance keeps
        // the second customer in A. Then 4.68 / 4.95 = 0.945 → B; 1 → C.
        let out = run(&revenues(&[2.91, 1.05, 0.72, 0.27]), &Params::default()).unwrap();
        assert!(out.customers[1].cumulative_share > 0.8);
        let classes: String = out.customers.iter().map(|c| c.abc_class.as_str()).collect();
        assert_eq!(classes, "AABC");
    }

    #[test]
    fn params_reject_unknown_keys_and_bad_cutoffs() {
        assert!(serde_json::from_str::<Params>(r#"{"a": 0.8}"#).is_err());
        assert!(serde_json::from_str::<Params>(r#"{"basis": "profit"}"#).is_err());
        let params: Params =
            serde_json::from_str(r#"{"basis": "margin", "b_cutoff": 1.0}"#).unwrap();
        params.validate().unwrap();
        let key_of = |params: Params| match params.validate().unwrap_err().kind() {
            crate::ErrorKind::InvalidParams { key, .. } => key.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            key_of(Params {
                b_cutoff: 1.2,
                ..Params::default()
            }),
            "abc.b_cutoff"
        );
        assert_eq!(
            key_of(Params {
                a_cutoff: 0.0,
                ..Params::default()
            }),
            "abc.a_cutoff"
        );
        assert_eq!(
            key_of(Params {
                a_cutoff: f64::NAN,
                ..Params::default()
            }),
            "abc.a_cutoff"
        );
    }

    #[test]
    fn empty_input() {
        let out = run(&revenues(&[]), &Params::default()).unwrap();
        assert_eq!(out.classes.len(), 3);
        assert_eq!(out.gini, None);
        assert_eq!(out.curve.len(), 1);
    }
}
