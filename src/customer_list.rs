//! Customer lists: the customers of one RFM segment, ABC class or points
//! tier, searched, sorted and cut into pages on demand.
//!
//! The page asks for one page at a time (`{filter, search, sort_by,
//! descending, offset, limit}`), so a segment of 200 000 customers never
//! crosses the wasm boundary whole; the same [`select`] gives the rows of a
//! filtered CSV export.
//!
//! ```
//! use segmento::customer_list::{CustomerQuery, Filter};
//! let query: CustomerQuery = serde_json::from_str(
//!     r#"{"filter": {"kind": "rfm", "key": "champions"}, "search": "dupont",
//!         "sort_by": "recency_days", "descending": false, "offset": 0, "limit": 50}"#,
//! ).unwrap();
//! assert!(matches!(query.filter, Filter::Rfm(_)));
//! assert!(serde_json::from_str::<CustomerQuery>(r#"{"sort": "monetary"}"#).is_err());
//! ```

use std::cmp::Ordering;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::abc::AbcClass;
use crate::pipeline::Results;
use crate::points::Tier;
use crate::rfm::Segment;

/// Which customers a list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "kind", content = "key", rename_all = "snake_case")]
pub enum Filter {
    /// Every buying customer.
    #[default]
    All,
    /// One RFM segment, e.g. `{"kind": "rfm", "key": "champions"}`.
    Rfm(Segment),
    /// One ABC class, e.g. `{"kind": "abc", "key": "A"}`.
    Abc(AbcClass),
    /// One points tier, e.g. `{"kind": "tier", "key": "vip"}`.
    Tier(Tier),
}

/// The column a list is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    /// The id as text.
    CustomerId,
    /// The customer's name (customers without one last).
    Name,
    /// E-mail address.
    Email,
    /// City.
    City,
    /// Last purchase day.
    LastPurchase,
    /// Days since the last purchase.
    RecencyDays,
    /// Distinct purchase days.
    Frequency,
    /// Net revenue (the default: the most valuable first when descending).
    #[default]
    Monetary,
    /// The RFM code, e.g. `545`.
    RfmCode,
    /// The RFM segment, in the segment map's order.
    RfmSegment,
    /// The ABC class.
    AbcClass,
    /// Total value points.
    ValuePoints,
    /// The points tier, best first.
    ValueTier,
}

/// One request for a page of a customer list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CustomerQuery {
    /// Which customers.
    pub filter: Filter,
    /// Text searched in the id, name, e-mail, city and postcode (ignoring
    /// case and accents); empty keeps every customer of the filter.
    pub search: String,
    /// The sort column; ties keep the file's order.
    pub sort_by: SortKey,
    /// Largest first.
    pub descending: bool,
    /// Rows to skip.
    pub offset: usize,
    /// Rows to return, at most [`MAX_LIMIT`].
    pub limit: usize,
}

/// The most rows one page returns.
pub const MAX_LIMIT: usize = 1000;

impl Default for CustomerQuery {
    fn default() -> Self {
        CustomerQuery {
            filter: Filter::All,
            search: String::new(),
            sort_by: SortKey::Monetary,
            descending: true,
            offset: 0,
            limit: 50,
        }
    }
}

/// One customer as a list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerRow {
    /// The id as found in the file.
    pub customer_id: String,
    /// Name, when the file has one.
    pub name: Option<String>,
    /// E-mail, when the file has one.
    pub email: Option<String>,
    /// City, when the file has one.
    pub city: Option<String>,
    /// Last purchase day.
    pub last_purchase: NaiveDate,
    /// Days from the last purchase to the as-of date.
    pub recency_days: i64,
    /// Distinct purchase days.
    pub frequency: u32,
    /// Net revenue.
    pub monetary: f64,
    /// The RFM code, e.g. `"545"`.
    pub rfm_code: String,
    /// The RFM segment key.
    pub rfm_segment: Segment,
    /// The ABC class.
    pub abc_class: AbcClass,
    /// Total value points.
    pub value_points: f64,
    /// The points tier key.
    pub value_tier: Tier,
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerPage {
    /// Customers matching the filter and the search, all pages together.
    pub total: usize,
    /// The offset of the first row.
    pub offset: usize,
    /// The rows of this page.
    pub rows: Vec<CustomerRow>,
}

/// Indices (into `results.customers.customers`) of the customers of
/// `filter`, in file order.
pub fn select(results: &Results, filter: &Filter) -> Vec<usize> {
    let analysis = &results.analysis;
    (0..results.customers.customers.len())
        .filter(|&i| match filter {
            Filter::All => true,
            Filter::Rfm(segment) => analysis
                .rfm
                .customers
                .get(i)
                .is_some_and(|c| c.segment == *segment),
            Filter::Abc(class) => analysis
                .abc
                .customers
                .get(i)
                .is_some_and(|c| c.abc_class == *class),
            Filter::Tier(tier) => analysis
                .points
                .customers
                .get(i)
                .is_some_and(|c| c.value_tier == *tier),
        })
        .collect()
}

/// The page of the list `query` asks for.
pub fn customer_page(results: &Results, query: &CustomerQuery) -> CustomerPage {
    let mut selection = select(results, &query.filter);
    let needle = fold(query.search.trim());
    if !needle.is_empty() {
        selection.retain(|&i| matches_search(results, i, &needle));
    }
    // A stable sort: equal keys keep the file's order, so pages never shuffle.
    selection.sort_by(|&a, &b| {
        let order = compare(results, query.sort_by, a, b);
        if query.descending {
            order.reverse()
        } else {
            order
        }
    });
    let total = selection.len();
    let limit = query.limit.clamp(1, MAX_LIMIT);
    let rows = selection
        .iter()
        .skip(query.offset)
        .take(limit)
        .filter_map(|&i| row(results, i))
        .collect();
    CustomerPage {
        total,
        offset: query.offset,
        rows,
    }
}

fn row(results: &Results, index: usize) -> Option<CustomerRow> {
    let customers = &results.customers;
    let customer = customers.customers.get(index)?;
    let analysis = &results.analysis;
    let rfm = analysis.rfm.customers.get(index)?;
    let abc = analysis.abc.customers.get(index)?;
    let points = analysis.points.customers.get(index)?;
    Some(CustomerRow {
        customer_id: customer.id.clone(),
        name: customer.attributes.name.clone(),
        email: customer.attributes.email.clone(),
        city: customer.attributes.city.clone(),
        last_purchase: customer.last_purchase,
        recency_days: customer.recency_days(customers.as_of),
        frequency: customer.frequency,
        monetary: customer.revenue,
        rfm_code: rfm.code.to_string(),
        rfm_segment: rfm.segment,
        abc_class: abc.abc_class,
        value_points: points.value_points,
        value_tier: points.value_tier,
    })
}

fn matches_search(results: &Results, index: usize, needle: &str) -> bool {
    let Some(customer) = results.customers.customers.get(index) else {
        return false;
    };
    let attributes = &customer.attributes;
    std::iter::once(Some(customer.id.as_str()))
        .chain([
            attributes.name.as_deref(),
            attributes.email.as_deref(),
            attributes.city.as_deref(),
            attributes.postcode.as_deref(),
        ])
        .flatten()
        .any(|text| fold(text).contains(needle))
}

fn compare(results: &Results, key: SortKey, a: usize, b: usize) -> Ordering {
    let customers = &results.customers.customers;
    let analysis = &results.analysis;
    let (ca, cb) = (&customers[a], &customers[b]);
    // `None < Some`: customers without a name (e-mail, city) come first
    // ascending and last descending.
    match key {
        SortKey::CustomerId => natural(&ca.id, &cb.id),
        SortKey::Name => ca.attributes.name.cmp(&cb.attributes.name),
        SortKey::Email => ca.attributes.email.cmp(&cb.attributes.email),
        SortKey::City => ca.attributes.city.cmp(&cb.attributes.city),
        // Recency grows as the last purchase gets older: compare dates reversed.
        SortKey::LastPurchase => ca.last_purchase.cmp(&cb.last_purchase),
        SortKey::RecencyDays => cb.last_purchase.cmp(&ca.last_purchase),
        SortKey::Frequency => ca.frequency.cmp(&cb.frequency),
        SortKey::Monetary => ca.revenue.total_cmp(&cb.revenue),
        SortKey::RfmCode => analysis.rfm.customers[a]
            .code
            .cmp(&analysis.rfm.customers[b].code),
        SortKey::RfmSegment => analysis.rfm.customers[a]
            .segment
            .cmp(&analysis.rfm.customers[b].segment),
        SortKey::AbcClass => analysis.abc.customers[a]
            .abc_class
            .cmp(&analysis.abc.customers[b].abc_class),
        SortKey::ValuePoints => analysis.points.customers[a]
            .value_points
            .total_cmp(&analysis.points.customers[b].value_points),
        SortKey::ValueTier => analysis.points.customers[a]
            .value_tier
            .cmp(&analysis.points.customers[b].value_tier),
    }
}

/// Ids compared as people read them: `C9` before `C10` (digit runs by value).
fn natural(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.as_bytes(), b.as_bytes());
    while let (Some(&p), Some(&q)) = (x.first(), y.first()) {
        if p.is_ascii_digit() && q.is_ascii_digit() {
            let run = |s: &[u8]| s.iter().take_while(|c| c.is_ascii_digit()).count();
            let (m, n) = (run(x), run(y));
            let (dx, dy) = (trim_zeros(&x[..m]), trim_zeros(&y[..n]));
            let order = dx.len().cmp(&dy.len()).then_with(|| dx.cmp(dy));
            if order != Ordering::Equal {
                return order;
            }
            x = &x[m..];
            y = &y[n..];
        } else {
            if p != q {
                return p.cmp(&q);
            }
            x = &x[1..];
            y = &y[1..];
        }
    }
    x.len().cmp(&y.len()).then_with(|| a.cmp(b))
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    let zeros = digits.iter().take_while(|&&c| c == b'0').count();
    &digits[zeros..]
}

/// Lower case without the accents of French and its neighbours, so that
/// `helene` finds `Hélène` and `OEUVRE` finds `Œuvre`.
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => out.push('a'),
            'ç' => out.push('c'),
            'è' | 'é' | 'ê' | 'ë' => out.push('e'),
            'ì' | 'í' | 'î' | 'ï' => out.push('i'),
            'ñ' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => out.push('o'),
            'ù' | 'ú' | 'û' | 'ü' => out.push('u'),
            'ý' | 'ÿ' => out.push('y'),
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{IngestOptions, Ingestor};
    use crate::pipeline::{analyze, Config};

    /// Six customers; C10 and C9 check the natural id order, Hélène the
    /// accent-blind search.
    const FILE: &str = "client;date;montant;nom;ville\n\
        C1;02/01/2024;100,00;Hélène Dupré;Lyon\n\
        C1;10/06/2024;50,00;Hélène Dupré;Lyon\n\
        C2;15/03/2024;20,00;Marc Petit;Caen\n\
        C9;01/06/2024;300,00;Zoé Martin;Nîmes\n\
        C10;20/06/2024;10,00;Luc Moreau;Lyon\n\
        C10;25/06/2024;10,00;Luc Moreau;Lyon\n\
        C3;01/01/2024;5,00;;Brest\n";

    fn results() -> Results {
        let mut ingestor = Ingestor::new(IngestOptions::default()).unwrap();
        ingestor.push(FILE.as_bytes()).unwrap();
        let ingested = ingestor.finish().unwrap();
        analyze(ingested, &Config::default(), &mut |_| {}).unwrap()
    }

    fn ids(page: &CustomerPage) -> Vec<&str> {
        page.rows.iter().map(|r| r.customer_id.as_str()).collect()
    }

    #[test]
    fn all_customers_sorted_by_revenue_descending_by_default() {
        let results = results();
        let page = customer_page(&results, &CustomerQuery::default());
        assert_eq!(page.total, 5);
        // Revenues: C9 300, C1 150, C2 20, C10 20, C3 5; C2 before C10 (file order on ties).
        assert_eq!(ids(&page), ["C9", "C1", "C2", "C10", "C3"]);
        assert_eq!(page.rows[1].monetary, 150.0);
        assert_eq!(page.rows[1].frequency, 2);
        assert_eq!(page.rows[1].name.as_deref(), Some("Hélène Dupré"));
    }

    #[test]
    fn ids_sort_naturally_and_pages_cut() {
        let results = results();
        let query = CustomerQuery {
            sort_by: SortKey::CustomerId,
            descending: false,
            offset: 1,
            limit: 3,
            ..CustomerQuery::default()
        };
        let page = customer_page(&results, &query);
        assert_eq!(page.total, 5);
        assert_eq!(page.offset, 1);
        assert_eq!(ids(&page), ["C2", "C3", "C9"]);
    }

    #[test]
    fn search_ignores_case_and_accents_and_looks_at_city() {
        let results = results();
        let find = |search: &str| {
            let query = CustomerQuery {
                search: search.into(),
                ..CustomerQuery::default()
            };
            customer_page(&results, &query)
        };
        assert_eq!(ids(&find("HELENE")), ["C1"]);
        assert_eq!(ids(&find("nimes")), ["C9"]);
        assert_eq!(find("lyon").total, 2);
        assert_eq!(find("nobody").total, 0);
    }

    #[test]
    fn recency_sorts_by_days_since_last_purchase() {
        let results = results();
        let query = CustomerQuery {
            sort_by: SortKey::RecencyDays,
            descending: false,
            ..CustomerQuery::default()
        };
        let page = customer_page(&results, &query);
        // As-of is the last order, 25/06/2024: C10 0 days, C1 15, C9 24, C2 102, C3 176.
        assert_eq!(ids(&page), ["C10", "C1", "C9", "C2", "C3"]);
        assert_eq!(
            page.rows.iter().map(|r| r.recency_days).collect::<Vec<_>>(),
            [0, 15, 24, 102, 176]
        );
    }

    #[test]
    fn filters_select_exactly_their_customers() {
        let results = results();
        let analysis = &results.analysis;
        for summary in &analysis.rfm.segments {
            let selected = select(&results, &Filter::Rfm(summary.key));
            assert_eq!(
                selected.len(),
                summary.customers,
                "segment {:?}",
                summary.key
            );
        }
        for class in &analysis.abc.classes {
            assert_eq!(
                select(&results, &Filter::Abc(class.class)).len(),
                class.customers
            );
        }
        for tier in &analysis.points.tiers {
            assert_eq!(
                select(&results, &Filter::Tier(tier.key)).len(),
                tier.customers
            );
        }
        assert_eq!(select(&results, &Filter::All), [0, 1, 2, 3, 4]);
    }

    #[test]
    fn limits_are_bounded() {
        let results = results();
        let query = CustomerQuery {
            limit: 0,
            ..CustomerQuery::default()
        };
        assert_eq!(customer_page(&results, &query).rows.len(), 1);
        let query = CustomerQuery {
            offset: 99,
            ..CustomerQuery::default()
        };
        let page = customer_page(&results, &query);
        assert_eq!((page.total, page.rows.len()), (5, 0));
    }

    #[test]
    fn the_filter_reads_the_page_json() {
        let filter: Filter =
            serde_json::from_str(r#"{"kind": "tier", "key": "very_good"}"#).unwrap();
        assert_eq!(filter, Filter::Tier(Tier::VeryGood));
        let filter: Filter = serde_json::from_str(r#"{"kind": "abc", "key": "B"}"#).unwrap();
        assert_eq!(filter, Filter::Abc(AbcClass::B));
        assert!(serde_json::from_str::<Filter>(r#"{"kind": "rfm", "key": "nobody"}"#).is_err());
    }

    #[test]
    fn natural_order_reads_digit_runs_as_numbers() {
        assert_eq!(natural("C9", "C10"), Ordering::Less);
        assert_eq!(natural("C010", "C9"), Ordering::Greater);
        assert_eq!(natural("A2b", "A2a"), Ordering::Greater);
        assert_eq!(
            natural("C007", "C7"),
            Ordering::Less,
            "equal values fall back to the text"
        );
    }
}
