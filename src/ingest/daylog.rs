//! The purchase-day log: what reading an order file leaves behind, one
//! entry per (customer, day) run, in file order, and its grouping into
//! per-customer histories at the end.
//!
//! Rows append to one log instead of per-customer vectors: no allocation
//! per customer while reading and no second cache miss per row. At the end
//! a stable counting sort by customer moves every entry once, so each
//! customer's entries become one contiguous run, still in file order, and
//! the histories are built from those runs front to back.

use chrono::NaiveDate;

use crate::customers::Purchase;

/// No channel (the file has no channel column, or the cell is empty).
pub(crate) const NO_CHANNEL: u32 = u32::MAX;

/// One purchase day of one customer, as logged while reading (32 bytes).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct DayEntry {
    pub(crate) revenue: f64,
    pub(crate) margin: f64,
    pub(crate) day: i32,
    pub(crate) orders: u32,
    pub(crate) customer: u32,
    /// Channel of the first row of the day that has one.
    pub(crate) channel: u32,
}

impl DayEntry {
    const VACANT: DayEntry = DayEntry {
        revenue: 0.0,
        margin: 0.0,
        day: 0,
        orders: 0,
        customer: 0,
        channel: NO_CHANNEL,
    };

    /// Add a later order of the same customer and day.
    #[inline]
    pub(crate) fn merge(&mut self, other: &DayEntry) {
        self.revenue += other.revenue;
        self.margin += other.margin;
        self.orders += other.orders;
        if self.channel == NO_CHANNEL {
            self.channel = other.channel;
        }
    }
}

/// Entries per block of the [`DayLog`].
const LOG_BLOCK: usize = 1 << 16;

/// The day log in fixed-size blocks: appending never moves (nor copies)
/// earlier entries, and no block is larger than 2 MiB.
#[derive(Debug, Default)]
pub(crate) struct DayLog {
    blocks: Vec<Vec<DayEntry>>,
    len: usize,
}

impl DayLog {
    /// Number of entries.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Append an entry.
    #[inline]
    pub(crate) fn push(&mut self, entry: DayEntry) {
        if self.len.is_multiple_of(LOG_BLOCK) {
            self.blocks.push(Vec::with_capacity(LOG_BLOCK));
        }
        if let Some(block) = self.blocks.last_mut() {
            block.push(entry);
            self.len += 1;
        }
    }

    /// The `index`-th entry, to merge a later order of the same day into.
    #[inline]
    pub(crate) fn get_mut(&mut self, index: usize) -> Option<&mut DayEntry> {
        self.blocks
            .get_mut(index / LOG_BLOCK)?
            .get_mut(index % LOG_BLOCK)
    }

    /// Group the entries by customer (`customers`: one more than the
    /// largest customer index), keeping file order within each customer.
    /// The grouped copy is allocated whole; the log's blocks are freed as
    /// their entries are moved.
    pub(crate) fn group_by_customer(self, customers: usize) -> GroupedDays {
        // Run ends per customer, first as counts.
        let mut ends = vec![0u32; customers + 1];
        for entry in self.blocks.iter().flatten() {
            ends[entry.customer as usize + 1] += 1;
        }
        for customer in 0..customers {
            ends[customer + 1] += ends[customer];
        }
        // `next[c]`: where customer c's next entry goes.
        let mut next: Vec<u32> = ends[..customers].to_vec();
        let mut entries = vec![DayEntry::VACANT; self.len];
        for block in self.blocks {
            for entry in block {
                let slot = &mut next[entry.customer as usize];
                entries[*slot as usize] = entry;
                *slot += 1;
            }
        }
        GroupedDays { entries, ends }
    }
}

/// The day log grouped by customer (see [`DayLog::group_by_customer`]).
pub(crate) struct GroupedDays {
    entries: Vec<DayEntry>,
    /// Customer c's entries are `entries[ends[c]..ends[c + 1]]`.
    ends: Vec<u32>,
}

/// One customer's purchase days and channels.
pub(crate) struct CustomerDays {
    /// One purchase per distinct day, sorted by day; orders of the same
    /// day merged in file order.
    pub(crate) history: Vec<Purchase>,
    /// Channel of the first row, in file order, of the earliest day that
    /// has one ([`NO_CHANNEL`] when none has).
    pub(crate) first_channel: u32,
    /// Channel of the first row, in file order, of the latest day that has one.
    pub(crate) last_channel: u32,
}

impl GroupedDays {
    /// The purchase history and channels of `customer`; `date_of` turns a
    /// day number into its date.
    pub(crate) fn customer(
        &self,
        customer: usize,
        date_of: impl Fn(i32) -> NaiveDate,
    ) -> CustomerDays {
        let run = &self.entries[self.ends[customer] as usize..self.ends[customer + 1] as usize];
        let (mut first, mut last) = ((0, NO_CHANNEL), (0, NO_CHANNEL));
        let mut sorted = true;
        let mut previous_day = i32::MIN;
        for entry in run {
            sorted &= entry.day >= previous_day;
            previous_day = entry.day;
            if entry.channel != NO_CHANNEL {
                // Strict comparisons: on a tie, the earlier row keeps the channel.
                if first.1 == NO_CHANNEL || entry.day < first.0 {
                    first = (entry.day, entry.channel);
                }
                if last.1 == NO_CHANNEL || entry.day > last.0 {
                    last = (entry.day, entry.channel);
                }
            }
        }
        let mut history: Vec<Purchase> = run
            .iter()
            .map(|entry| Purchase {
                date: date_of(entry.day),
                revenue: entry.revenue,
                margin: entry.margin,
                orders: entry.orders,
            })
            .collect();
        if !sorted {
            // Stable: orders of one day stay in file order.
            history.sort_by_key(|purchase| purchase.date);
        }
        history.dedup_by(|later, kept| {
            if later.date != kept.date {
                return false;
            }
            kept.revenue += later.revenue;
            kept.margin += later.margin;
            kept.orders += later.orders;
            true
        });
        CustomerDays {
            history,
            first_channel: first.1,
            last_channel: last.1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::date::date_of;

    fn entry(customer: u32, day: i32, revenue: f64, channel: u32) -> DayEntry {
        DayEntry {
            revenue,
            margin: revenue / 2.0,
            day,
            orders: 1,
            customer,
            channel,
        }
    }

    #[test]
    fn groups_by_customer_sorts_days_and_picks_channels_in_file_order() {
        let mut log = DayLog::default();
        // Customer 1 buys on days 20, 10, 20 again (a separate run), 10;
        // customer 0 once; customer 2 never (an index with no entry).
        for e in [
            entry(1, 20, 5.0, 7),
            entry(0, 15, 3.0, NO_CHANNEL),
            entry(1, 10, 2.0, NO_CHANNEL),
            entry(1, 20, 1.0, 8),
            entry(1, 10, 4.0, 9),
        ] {
            log.push(e);
        }
        let grouped = log.group_by_customer(3);
        let one = grouped.customer(1, date_of);
        let days: Vec<(NaiveDate, f64, f64, u32)> = one
            .history
            .iter()
            .map(|p| (p.date, p.revenue, p.margin, p.orders))
            .collect();
        assert_eq!(
            days,
            vec![(date_of(10), 6.0, 3.0, 2), (date_of(20), 6.0, 3.0, 2)]
        );
        // Earliest day with a channel is day 10 (only its 2nd row has one);
        // the latest is day 20, whose first row in file order says 7.
        assert_eq!((one.first_channel, one.last_channel), (9, 7));
        let zero = grouped.customer(0, date_of);
        assert_eq!(zero.history.len(), 1);
        assert_eq!(
            (zero.first_channel, zero.last_channel),
            (NO_CHANNEL, NO_CHANNEL)
        );
        assert!(grouped.customer(2, date_of).history.is_empty());
    }

    #[test]
    fn entries_cross_log_blocks() {
        let mut log = DayLog::default();
        let total = LOG_BLOCK + 10;
        for i in 0..total {
            log.push(entry((i % 2) as u32, i as i32, 1.0, NO_CHANNEL));
        }
        let grouped = log.group_by_customer(2);
        let even = grouped.customer(0, date_of);
        assert_eq!(even.history.len(), total / 2);
        assert_eq!(even.history[1].date, date_of(2));
    }
}
