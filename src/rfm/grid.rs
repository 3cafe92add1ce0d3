//! The R×F map: customers and revenue per (recency score, frequency score)
//! cell, with the segment shown in each cell, for the classic picture.
//!
//! The segment map is defined on all three scores (R, F, M), so a cell of the
//! R×F picture can hold customers of several segments (Champions and Loyal
//! share the top-right cells, split by M). A cell is labelled with its
//! **dominant segment**: the segment with the most customers in the cell;
//! ties go to the segment with more revenue there, then to the better
//! segment of the ladder. An empty cell is labelled with the segment that
//! most of its codes (one per M score) map to, ties again to the better
//! segment, so the picture has no hole.

use serde::{Deserialize, Serialize};

use super::segments::{Segment, SegmentMap};

/// One cell of the R×F map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GridCell {
    /// Recency score (1 = longest ago).
    pub r: u8,
    /// Frequency score (1 = fewest purchase days).
    pub f: u8,
    /// Customers in the cell.
    pub customers: usize,
    /// Their net revenue.
    pub revenue: f64,
    /// Share of all customers (0 when there is none).
    pub share_customers: f64,
    /// Share of total net revenue (0 when the total is 0).
    pub share_revenue: f64,
    /// The dominant segment (see the module docs for how it is chosen).
    pub segment: Segment,
    /// Share of the cell's customers in that segment (`None` for an empty
    /// cell, labelled from the map).
    pub segment_share: Option<f64>,
}

/// The R×F map: `bins × bins` cells, ordered by `r` then `f`, both
/// ascending (cell `(r, f)` is at index `(r - 1) * bins + (f - 1)`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Grid {
    /// Number of scores per side.
    pub bins: u8,
    /// The cells.
    pub cells: Vec<GridCell>,
    /// How each cell's segment is chosen, French.
    pub rule_fr: String,
    /// How each cell's segment is chosen, English.
    pub rule_en: String,
}

/// Per-cell tallies gathered while scoring customers.
#[derive(Debug, Clone)]
pub(crate) struct GridTally {
    bins: usize,
    customers: Vec<usize>,
    revenue: Vec<f64>,
    /// `[cell][segment]` customers and revenue.
    segment_customers: Vec<[usize; 11]>,
    segment_revenue: Vec<[f64; 11]>,
}

impl GridTally {
    pub(crate) fn new(bins: u8) -> Self {
        let cells = usize::from(bins) * usize::from(bins);
        GridTally {
            bins: usize::from(bins),
            customers: vec![0; cells],
            revenue: vec![0.0; cells],
            segment_customers: vec![[0; 11]; cells],
            segment_revenue: vec![[0.0; 11]; cells],
        }
    }

    #[inline]
    pub(crate) fn add(&mut self, r: u8, f: u8, segment: Segment, revenue: f64) {
        let cell = (usize::from(r) - 1) * self.bins + (usize::from(f) - 1);
        let s = segment.ladder_index();
        self.customers[cell] += 1;
        self.revenue[cell] += revenue;
        self.segment_customers[cell][s] += 1;
        self.segment_revenue[cell][s] += revenue;
    }

    pub(crate) fn finish(
        self,
        map: &SegmentMap,
        customers_total: usize,
        revenue_total: f64,
    ) -> Grid {
        let bins = self.bins as u8;
        let mut cells = Vec::with_capacity(self.customers.len());
        for r in 1..=bins {
            for f in 1..=bins {
                let cell = (usize::from(r) - 1) * self.bins + (usize::from(f) - 1);
                let customers = self.customers[cell];
                let (segment, segment_share) = if customers > 0 {
                    let counts = &self.segment_customers[cell];
                    let revenue = &self.segment_revenue[cell];
                    // Ladder order is the last tie-break: scan best → worst
                    // and replace only on a strictly better (count, revenue).
                    let mut best = 0;
                    for s in 1..11 {
                        if counts[s] > counts[best]
                            || (counts[s] == counts[best] && revenue[s] > revenue[best])
                        {
                            best = s;
                        }
                    }
                    (
                        Segment::LADDER[best],
                        Some(counts[best] as f64 / customers as f64),
                    )
                } else {
                    let mut votes = [0usize; 11];
                    for m in 1..=bins {
                        votes[map.segment(r, f, m).ladder_index()] += 1;
                    }
                    let mut best = 0;
                    for s in 1..11 {
                        if votes[s] > votes[best] {
                            best = s;
                        }
                    }
                    (Segment::LADDER[best], None)
                };
                cells.push(GridCell {
                    r,
                    f,
                    customers,
                    revenue: self.revenue[cell],
                    share_customers: share(customers as f64, customers_total as f64),
                    share_revenue: share(self.revenue[cell], revenue_total),
                    segment,
                    segment_share,
                });
            }
        }
        Grid {
            bins,
            cells,
            rule_fr: "Chaque case (R, F) porte le segment le plus représenté parmi ses clients \
                      (à égalité : celui qui pèse le plus de chiffre d'affaires, puis le meilleur segment). \
                      Une case vide porte le segment auquel la plupart de ses codes (un par score M) sont rattachés."
                .to_string(),
            rule_en: "Each (R, F) cell shows the segment most of its customers belong to \
                      (ties: the one with more revenue, then the better segment). \
                      An empty cell shows the segment most of its codes (one per M score) map to."
                .to_string(),
        }
    }
}

/// `part / total`, or 0 when the total is 0 (never NaN in the summary).
pub(crate) fn share(part: f64, total: f64) -> f64 {
    if total == 0.0 {
        0.0
    } else {
        part / total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dominant_segment_and_ties() {
        let map = SegmentMap::new(5, []);
        let mut tally = GridTally::new(5);
        // Cell (5, 5): 2 champions (revenue 10 + 10), 2 loyal (revenue 30):
        // equal counts, loyal has more revenue → loyal.
        tally.add(5, 5, Segment::Champions, 10.0);
        tally.add(5, 5, Segment::Champions, 10.0);
        tally.add(5, 5, Segment::Loyal, 30.0);
        tally.add(5, 5, Segment::Loyal, 0.0);
        // Cell (4, 4): one of each with equal revenue → champions (ladder).
        tally.add(4, 4, Segment::Champions, 5.0);
        tally.add(4, 4, Segment::Loyal, 5.0);
        let grid = tally.finish(&map, 6, 60.0);
        assert_eq!(grid.cells.len(), 25);
        let cell = |r: u8, f: u8| &grid.cells[usize::from(r - 1) * 5 + usize::from(f - 1)];
        assert_eq!(cell(5, 5).segment, Segment::Loyal);
        assert_eq!(cell(5, 5).segment_share, Some(0.5));
        assert_eq!(cell(5, 5).customers, 4);
        assert_eq!(cell(5, 5).revenue, 50.0);
        assert_eq!(cell(5, 5).share_revenue, 50.0 / 60.0);
        assert_eq!(cell(4, 4).segment, Segment::Champions);
        // Empty cells from the map: (5, 4) codes 541..545 → 3 loyal, 2
        // champions → loyal; (1, 1) → lost; (3, 3) → need attention.
        assert_eq!(cell(5, 4).segment, Segment::Loyal);
        assert_eq!(cell(5, 4).segment_share, None);
        assert_eq!(cell(1, 1).segment, Segment::Lost);
        assert_eq!(cell(3, 3).segment, Segment::NeedAttention);
        assert_eq!(cell(1, 5).segment, Segment::AtRisk);
    }
}
