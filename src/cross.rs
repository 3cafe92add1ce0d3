//! The value × potential matrix ("méthode croisée").
//!
//! Current value is the ABC class (A, B, C) from past revenue; potential is
//! A', B', C' from predicted future value (the CLV of [`crate::predict`]),
//! cut with the same Pareto rule: customers ranked by CLV, highest first,
//! are A' while the cumulative share of total CLV (their own included) is at
//! most `a_cutoff`, then B' while it is at most `b_cutoff`, then C'.
//! Negative CLVs count as zero in the shares (a loss is no potential), and
//! when the total is zero everyone is C'. One exception keeps A' from being
//! empty: the top-ranked customer is A' even when they alone hold more than
//! `a_cutoff` of the value.
//!
//! Prospects (customer rows without any purchase) form row P. Their
//! potential is a new customer's predicted value
//! ([`predict::NewCustomerForecast`]: BG/NBD repeat purchases of a customer
//! acquired today, FHL eq. (9), at the population mean spend), placed by the
//! customers' own value cut-offs so that adding prospects changes no
//! customer's class: A' when it reaches the lowest value of an A' customer,
//! else B' when it reaches the lowest value of a B' customer, else C'. Every
//! prospect has the same potential, so all of them sit in one cell. Without
//! a fitted model (fallback) there is no such forecast and prospects stay
//! in PC'.
//!
//! The three strategy groups, as the method names them (AA' is in two):
//! - fond de commerce (core business): AA', AB', AC';
//! - potentiel de développement (growth potential): AA', BA', CA', PA';
//! - à gérer à l'économie (manage at low cost): BB', BC', CB', CC'.
//!
//! PB' and PC' (prospects without known potential) belong to none.

use crate::customers::Customers;
use crate::error::{Error, Result};
use crate::predict;
use serde::{Deserialize, Serialize};

/// Cut-offs (`cross` in the config).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// Cumulative share of predicted value closing class A'; default 0.8.
    pub a_cutoff: f64,
    /// Cumulative share closing class B'; default 0.95.
    pub b_cutoff: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            a_cutoff: 0.8,
            b_cutoff: 0.95,
        }
    }
}

impl Params {
    /// 0 < a_cutoff < b_cutoff ≤ 1.
    pub fn validate(&self) -> Result<()> {
        if !(self.a_cutoff > 0.0 && self.a_cutoff < 1.0) {
            return Err(Error::invalid_params(
                "cross.a_cutoff",
                crate::error_messages::BETWEEN.with(&[("min", &0), ("max", &1)]),
            ));
        }
        if !(self.b_cutoff > self.a_cutoff && self.b_cutoff <= 1.0) {
            return Err(Error::invalid_params(
                "cross.b_cutoff",
                crate::error_messages::ABOVE_A_CUTOFF,
            ));
        }
        Ok(())
    }
}

/// One cell of the matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// "AB'": value class then potential class.
    pub cell: String,
    /// "A", "B", "C" or "P" (prospects).
    pub value_class: String,
    /// "A'", "B'" or "C'".
    pub potential_class: String,
    /// Customers (or prospects) in the cell.
    pub customers: usize,
    /// Their past revenue.
    pub revenue: f64,
    /// Their predicted value (Σ CLV).
    pub predicted_value: f64,
}

/// One strategy group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Strategy {
    /// `core_business`, `growth_potential` or `low_cost`.
    pub key: String,
    /// French name.
    pub label_fr: String,
    /// English name.
    pub label_en: String,
    /// Its cells.
    pub cells: Vec<String>,
    /// Customers in those cells.
    pub customers: usize,
    /// Their past revenue.
    pub revenue: f64,
    /// Their predicted value.
    pub predicted_value: f64,
    /// Share of all customers and prospects.
    pub customer_share: f64,
    /// Share of past revenue.
    pub revenue_share: f64,
    /// Share of predicted value.
    pub predicted_value_share: f64,
    /// Recommended use of sales / visit resources, French.
    pub action_fr: String,
    /// Recommended use of sales / visit resources, English.
    pub action_en: String,
}

/// A customer's place in the matrix (export columns): one byte, the
/// cell's index in `matrix` order, kept for every customer while the page
/// shows the results (2.4 MB at 10M rows, where two names took 78 MB).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CustomerCross(u8);

impl CustomerCross {
    /// The cell's name: "AB'".
    pub fn cross_cell(self) -> &'static str {
        CELL_NAMES[self.0 as usize]
    }

    /// The potential class: "A'", "B'" or "C'".
    pub fn potential_class(self) -> &'static str {
        POTENTIAL_CLASSES[self.0 as usize % POTENTIAL_CLASSES.len()]
    }
}

impl Serialize for CustomerCross {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut names = serializer.serialize_struct("CustomerCross", 2)?;
        names.serialize_field("potential_class", self.potential_class())?;
        names.serialize_field("cross_cell", self.cross_cell())?;
        names.end()
    }
}

/// The matrix (`cross` in summary.json).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Output {
    /// Cut-off of A'.
    pub a_cutoff: f64,
    /// Cut-off of B'.
    pub b_cutoff: f64,
    /// Twelve cells: rows A, B, C, P × columns A', B', C'.
    pub matrix: Vec<Cell>,
    /// The three strategy groups.
    pub strategies: Vec<Strategy>,
    /// Per customer, index-aligned with `Customers::customers`.
    #[serde(skip)]
    pub customers: Vec<CustomerCross>,
    /// Per prospect, index-aligned with `Customers::prospects`.
    #[serde(skip)]
    pub prospects: Vec<CustomerCross>,
}

impl Output {
    /// The cell of value class `value` (`A`…`P`) and potential `potential`
    /// (`A'`…`C'`).
    pub fn cell(&self, value: &str, potential: &str) -> Option<&Cell> {
        self.matrix
            .iter()
            .find(|c| c.value_class == value && c.potential_class == potential)
    }
}

const VALUE_CLASSES: [&str; 4] = ["A", "B", "C", "P"];
const POTENTIAL_CLASSES: [&str; 3] = ["A'", "B'", "C'"];
/// The matrix's cells, value class by potential class, in `matrix` order.
const CELL_NAMES: [&str; 12] = [
    "AA'", "AB'", "AC'", "BA'", "BB'", "BC'", "CA'", "CB'", "CC'", "PA'", "PB'", "PC'",
];

/// A potential class: one byte per customer, where a name would take 16.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum PotentialClass {
    /// A': the customers making the first 80 % (by default) of the
    /// predicted value.
    High,
    /// B': the next 15 %.
    Medium,
    /// C': the rest.
    Low,
}

impl PotentialClass {
    /// "A'", "B'" or "C'".
    pub fn as_str(self) -> &'static str {
        POTENTIAL_CLASSES[self as usize]
    }
}

impl PartialEq<&str> for PotentialClass {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// A predicted value as the classes count it: negative or not finite is 0.
fn counted_value(value: f64) -> f64 {
    if value.is_finite() {
        value.max(0.0)
    } else {
        0.0
    }
}

/// Potential class of every customer from predicted values (see module docs).
pub fn potential_classes(values: &[f64], params: &Params) -> Vec<PotentialClass> {
    let total: f64 = values.iter().copied().map(counted_value).sum();
    let mut classes = vec![PotentialClass::Low; values.len()];
    if total <= 0.0 {
        return classes;
    }
    // Descending value, then ascending index: a total order, so the
    // unstable sort of the pairs (no lookup per comparison) is deterministic.
    let mut order: Vec<(f64, u32)> = values.iter().copied().map(counted_value).zip(0..).collect();
    order.sort_unstable_by(|(v, i), (w, j)| w.total_cmp(v).then(i.cmp(j)));
    let mut cumulative = 0.0;
    for (rank, (value, i)) in order.into_iter().enumerate() {
        cumulative += value;
        let share = cumulative / total;
        // A tiny tolerance so that an exact 80 % is not lost to rounding.
        classes[i as usize] = if share <= params.a_cutoff + 1e-12 || (rank == 0 && value > 0.0) {
            PotentialClass::High
        } else if share <= params.b_cutoff + 1e-12 {
            PotentialClass::Medium
        } else {
            PotentialClass::Low
        };
    }
    classes
}

/// The potential class of a prospect worth `value`, by the customers'
/// cut-offs (module docs): the lowest value of an A' customer, then of a
/// B' customer. A worthless prospect is C'.
pub fn prospect_potential(
    value: f64,
    customer_values: &[f64],
    classes: &[PotentialClass],
) -> PotentialClass {
    let floor = |class: PotentialClass| {
        customer_values
            .iter()
            .zip(classes)
            .filter(|(_, c)| **c == class)
            .map(|(v, _)| *v)
            .min_by(f64::total_cmp)
    };
    if !(value.is_finite() && value > 0.0) {
        return PotentialClass::Low;
    }
    if floor(PotentialClass::High).is_some_and(|a| value >= a) {
        PotentialClass::High
    } else if floor(PotentialClass::Medium).is_some_and(|b| value >= b) {
        PotentialClass::Medium
    } else {
        PotentialClass::Low
    }
}

/// Build the matrix. `abc_classes` gives each customer's ABC class ("A",
/// "B" or "C"), index-aligned with `customers.customers`, as is
/// `predictions.customers`.
pub fn run<S: AsRef<str>>(
    customers: &Customers,
    abc_classes: impl IntoIterator<Item = S, IntoIter: ExactSizeIterator>,
    predictions: &predict::Output,
    params: &Params,
) -> Result<Output> {
    params.validate()?;
    let n = customers.customers.len();
    let abc_classes = abc_classes.into_iter();
    if abc_classes.len() != n || predictions.customers.len() != n {
        return Err(Error::analysis(format!(
            "cross: {} ABC classes and {} predictions for {n} customers",
            abc_classes.len(),
            predictions.customers.len()
        )));
    }
    let values: Vec<f64> = predictions.customers.iter().map(|p| p.clv).collect();
    let potentials = potential_classes(&values, params);
    let mut matrix: Vec<Cell> = VALUE_CLASSES
        .iter()
        .flat_map(|v| {
            POTENTIAL_CLASSES.iter().map(move |p| Cell {
                cell: format!("{v}{p}"),
                value_class: v.to_string(),
                potential_class: p.to_string(),
                customers: 0,
                revenue: 0.0,
                predicted_value: 0.0,
            })
        })
        .collect();
    let cell_index = |value: usize, potential: PotentialClass| value * 3 + potential as usize;
    let mut per_customer = Vec::with_capacity(n);
    for ((i, c), abc_class) in customers.customers.iter().enumerate().zip(abc_classes) {
        let value = match abc_class.as_ref() {
            "A" => 0,
            "B" => 1,
            "C" => 2,
            other => {
                return Err(Error::analysis(format!(
                    "cross: ABC class \"{other}\" of customer {} is not A, B or C",
                    c.id
                )))
            }
        };
        let index = cell_index(value, potentials[i]);
        let cell = &mut matrix[index];
        cell.customers += 1;
        cell.revenue += c.revenue;
        cell.predicted_value += values[i];
        per_customer.push(CustomerCross(index as u8));
    }
    let prospect_value = predictions.new_customer.as_ref().map_or(0.0, |f| f.clv);
    let prospect_class = prospect_potential(prospect_value, &values, &potentials);
    let prospect_cell = cell_index(3, prospect_class);
    matrix[prospect_cell].customers += customers.prospects.len();
    matrix[prospect_cell].predicted_value += prospect_value * customers.prospects.len() as f64;
    let prospect_cross = CustomerCross(prospect_cell as u8);
    let prospects = vec![prospect_cross; customers.prospects.len()];

    let total_customers = (n + customers.prospects.len()).max(1) as f64;
    let total_revenue: f64 = matrix.iter().map(|c| c.revenue).sum();
    let total_value: f64 = matrix.iter().map(|c| c.predicted_value).sum();
    let share = |part: f64, total: f64| if total != 0.0 { part / total } else { 0.0 };
    let strategies = STRATEGIES
        .iter()
        .map(|s| {
            let members: Vec<&Cell> = matrix
                .iter()
                .filter(|c| s.cells.contains(&c.cell.as_str()))
                .collect();
            let customers: usize = members.iter().map(|c| c.customers).sum();
            let revenue: f64 = members.iter().map(|c| c.revenue).sum();
            let predicted_value: f64 = members.iter().map(|c| c.predicted_value).sum();
            Strategy {
                key: s.key.into(),
                label_fr: s.label_fr.into(),
                label_en: s.label_en.into(),
                cells: s.cells.iter().map(|c| c.to_string()).collect(),
                customers,
                revenue,
                predicted_value,
                customer_share: customers as f64 / total_customers,
                revenue_share: share(revenue, total_revenue),
                predicted_value_share: share(predicted_value, total_value),
                action_fr: s.action_fr.into(),
                action_en: s.action_en.into(),
            }
        })
        .collect();
    Ok(Output {
        a_cutoff: params.a_cutoff,
        b_cutoff: params.b_cutoff,
        matrix,
        strategies,
        customers: per_customer,
        prospects,
    })
}

struct StrategySpec {
    key: &'static str,
    label_fr: &'static str,
    label_en: &'static str,
    cells: &'static [&'static str],
    action_fr: &'static str,
    action_en: &'static str,
}

const STRATEGIES: [StrategySpec; 3] = [
    StrategySpec {
        key: "core_business",
        label_fr: "Fond de commerce",
        label_en: "Core business",
        cells: &["AA'", "AB'", "AC'"],
        action_fr: "Priorité de la force de vente : visites régulières et personnalisées, interlocuteur attitré, conditions de fidélité. Ces clients font l'essentiel du chiffre d'affaires actuel ; surveiller de près ceux dont le potentiel baisse (AB', AC') pour les retenir avant qu'ils ne partent.",
        action_en: "Sales-force priority: regular, personal visits, a dedicated contact, loyalty terms. These customers make most of today's revenue; watch closely those whose potential is falling (AB', AC') and act to keep them before they leave.",
    },
    StrategySpec {
        key: "growth_potential",
        label_fr: "Potentiel de développement",
        label_en: "Growth potential",
        cells: &["AA'", "BA'", "CA'", "PA'"],
        action_fr: "Investir du temps commercial pour faire grandir ces clients : rendez-vous de prospection, offres d'élargissement de gamme, suivi rapproché des nouveaux achats. C'est là que les visites supplémentaires rapportent le plus.",
        action_en: "Invest sales time to grow these customers: prospecting appointments, range-extension offers, close follow-up of new purchases. This is where extra visits pay back most.",
    },
    StrategySpec {
        key: "low_cost",
        label_fr: "À gérer à l'économie",
        label_en: "Manage at low cost",
        cells: &["BB'", "BC'", "CB'", "CC'"],
        action_fr: "Canaux peu coûteux : e-mail, catalogue, vente à distance ou téléphone ; pas de visite terrain, sauf si le potentiel remonte.",
        action_en: "Low-cost channels: e-mail, catalogue, remote selling or phone; no field visits unless the potential rises.",
    },
];

#[cfg(test)]
mod tests {
    #[test]
    fn cell_names_follow_the_matrix_order() {
        // Row-major: value classes A, B, C, P, each by potential A', B', C'.
        let mut expected = Vec::new();
        for value in ["A", "B", "C", "P"] {
            for potential in ["A'", "B'", "C'"] {
                expected.push(format!("{value}{potential}"));
            }
        }
        assert_eq!(CELL_NAMES.to_vec(), expected);
    }

    #[test]
    fn a_customer_place_is_one_byte_that_names_its_cell_and_potential() {
        assert_eq!(std::mem::size_of::<CustomerCross>(), 1);
        // Index 5 in row-major order: value class B, potential C'.
        let place = CustomerCross(5);
        assert_eq!((place.cross_cell(), place.potential_class()), ("BC'", "C'"));
        let prospect = CustomerCross(9);
        assert_eq!(
            (prospect.cross_cell(), prospect.potential_class()),
            ("PA'", "A'")
        );
        assert_eq!(
            serde_json::to_string(&place).unwrap(),
            r#"{"potential_class":"C'","cross_cell":"BC'"}"#
        );
    }

    use super::*;

    #[test]
    fn pareto_cut_by_hand() {
        // Values 50, 30, 10, 6, 4 (total 100), given out of order.
        // Cumulative shares by rank: 0.50 A', 0.80 A' (≤ 0.8), 0.90 B', 0.96 C' (> 0.95), 1.00 C'.
        let classes = potential_classes(&[10.0, 50.0, 4.0, 30.0, 6.0], &Params::default());
        assert_eq!(classes, vec!["B'", "A'", "C'", "A'", "C'"]);
        // Negative values count as zero; the top customer is A' even with 100 %; all-zero → all C'.
        assert_eq!(
            potential_classes(&[-5.0, 10.0], &Params::default()),
            vec!["C'", "A'"]
        );
        assert_eq!(
            potential_classes(&[0.0, 0.0], &Params::default()),
            vec!["C'", "C'"]
        );
    }

    #[test]
    fn prospects_are_placed_by_the_customers_cut_offs() {
        // Customers 50, 30 (A'), 10 (B'), 6, 4 (C'): floors A' 30, B' 10.
        let values = [10.0, 50.0, 4.0, 30.0, 6.0];
        let classes = potential_classes(&values, &Params::default());
        assert_eq!(prospect_potential(30.0, &values, &classes), "A'");
        assert_eq!(prospect_potential(29.9, &values, &classes), "B'");
        assert_eq!(prospect_potential(10.0, &values, &classes), "B'");
        assert_eq!(prospect_potential(9.9, &values, &classes), "C'");
        assert_eq!(prospect_potential(0.0, &values, &classes), "C'");
        assert_eq!(prospect_potential(f64::NAN, &values, &classes), "C'");
        // No customer at all: nothing to compare with.
        assert_eq!(prospect_potential(5.0, &[], &[]), "C'");
    }

    #[test]
    fn params_validate() {
        assert!(Params::default().validate().is_ok());
        assert!(Params {
            a_cutoff: 0.9,
            b_cutoff: 0.8
        }
        .validate()
        .is_err());
    }
}
