//! The day log: what reading an order file leaves behind, one entry per
//! (customer, day) run, in file order, and its scattering into
//! per-customer histories at the end. A day whose rows are all returns
//! keeps `orders == 0`: a return-only day, not a purchase day (see
//! [`Purchase`]).
//!
//! Rows append to one log instead of per-customer vectors: no allocation
//! per customer while reading and no second cache miss per row. At the end
//! a stable counting sort by customer moves every entry once, straight
//! into the purchase array that [`Customers`](crate::Customers) keeps, so
//! each customer's entries become one contiguous run, still in file order;
//! the runs are then sorted and merged in place, front to back.

use chrono::NaiveDate;

use super::intern::prefetch;
use crate::customers::Purchase;

/// No channel (the file has no channel column, or the cell is empty).
pub(crate) const NO_CHANNEL: u32 = u32::MAX;

/// One day of one customer, as logged while reading (32 bytes): `orders`
/// counts its order rows (amount ≥ 0), not its returns.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct DayEntry {
    pub(crate) revenue: f64,
    pub(crate) margin: f64,
    pub(crate) day: i32,
    pub(crate) orders: u32,
    pub(crate) customer: u32,
    /// Channel of the first order row of the day that has one (returns
    /// carry none).
    pub(crate) channel: u32,
}

impl DayEntry {
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

    /// Every customer's purchase history, in one array (`customers`: one
    /// more than the largest customer index); `date_of` turns a day number
    /// into its date.
    ///
    /// The entries are scattered by customer straight into the final
    /// array, so each
    /// customer's entries become one contiguous run still in file order;
    /// each run is then sorted by day (stably: orders of one day stay in
    /// file order), its days merged, and moved forward over the gaps the
    /// merges left.
    pub(crate) fn into_histories(
        self,
        customers: usize,
        date_of: impl Fn(i32) -> NaiveDate,
    ) -> Histories {
        // Run starts per customer, first as counts.
        let mut starts = vec![0u32; customers + 1];
        for entry in self.blocks.iter().flatten() {
            starts[entry.customer as usize + 1] += 1;
        }
        for customer in 0..customers {
            starts[customer + 1] += starts[customer];
        }
        // Per customer: where its next entry goes, and the channels seen
        // so far (one cache line per entry in the scatter).
        let mut runs: Vec<RunState> = starts[..customers]
            .iter()
            .map(|&next| RunState {
                next,
                first: (0, NO_CHANNEL),
                last: (0, NO_CHANNEL),
            })
            .collect();
        let mut purchases = vec![VACANT_PURCHASE; self.len];
        let blocks = self.blocks;
        let entry_at = |index: usize| &blocks[index / LOG_BLOCK][index % LOG_BLOCK];
        for index in 0..self.len {
            // Each entry's run state and slot are cache misses in a file
            // with many customers: the run state of an entry further on,
            // then, once that state has arrived, its slot are loaded ahead
            // (hints only), so that the misses of several entries overlap.
            if let Some(ahead) =
                (index + 2 * LOOK_AHEAD < self.len).then(|| entry_at(index + 2 * LOOK_AHEAD))
            {
                prefetch(&runs[ahead.customer as usize]);
            }
            if index + LOOK_AHEAD < self.len {
                let ahead = &runs[entry_at(index + LOOK_AHEAD).customer as usize];
                if let Some(slot) = purchases.get(ahead.next as usize) {
                    prefetch(slot);
                }
            }
            let entry = entry_at(index);
            let run = &mut runs[entry.customer as usize];
            purchases[run.next as usize] = Purchase {
                date: date_of(entry.day),
                revenue: entry.revenue,
                margin: entry.margin,
                orders: entry.orders,
            };
            run.next += 1;
            // Entries come in file order. Strict comparisons: on a
            // tie, the earlier row keeps the channel.
            if entry.channel != NO_CHANNEL {
                if run.first.1 == NO_CHANNEL || entry.day < run.first.0 {
                    run.first = (entry.day, entry.channel);
                }
                if run.last.1 == NO_CHANNEL || entry.day > run.last.0 {
                    run.last = (entry.day, entry.channel);
                }
            }
        }
        drop(blocks);
        let mut days = Vec::with_capacity(customers);
        let mut kept = 0usize;
        for (customer, run) in runs.iter().enumerate() {
            let (start, end) = (starts[customer] as usize, starts[customer + 1] as usize);
            let entries = &mut purchases[start..end];
            if !entries.is_sorted_by_key(|purchase| purchase.date) {
                // Stable: orders of one day stay in file order.
                entries.sort_by_key(|purchase| purchase.date);
            }
            let first_kept = kept;
            for index in start..end {
                let purchase = purchases[index];
                match purchases[first_kept..kept].last_mut() {
                    Some(previous) if previous.date == purchase.date => {
                        previous.revenue += purchase.revenue;
                        previous.margin += purchase.margin;
                        previous.orders += purchase.orders;
                    }
                    _ => {
                        purchases[kept] = purchase;
                        kept += 1;
                    }
                }
            }
            days.push(CustomerDays {
                start: first_kept as u32,
                len: (kept - first_kept) as u32,
                first_channel: run.first.1,
                last_channel: run.last.1,
            });
        }
        purchases.truncate(kept);
        Histories { purchases, days }
    }
}

/// How many entries ahead the scatter starts loading a slot (and twice
/// as many, a run state).
const LOOK_AHEAD: usize = 8;

/// A purchase slot not written yet.
const VACANT_PURCHASE: Purchase = Purchase {
    date: NaiveDate::MIN,
    revenue: 0.0,
    margin: 0.0,
    orders: 0,
};

/// One customer's state while the log is scattered.
#[derive(Clone, Copy)]
struct RunState {
    /// Where the customer's next entry goes.
    next: u32,
    /// (day, channel) of the earliest day with a channel.
    first: (i32, u32),
    /// (day, channel) of the latest day with a channel.
    last: (i32, u32),
}

/// Every customer's purchase days (see [`DayLog::into_histories`]).
pub(crate) struct Histories {
    /// Customer after customer, each run sorted by day.
    pub(crate) purchases: Vec<Purchase>,
    /// By customer index.
    pub(crate) days: Vec<CustomerDays>,
}

/// One customer's purchase days and channels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct CustomerDays {
    /// First of the customer's days in [`Histories::purchases`]: one
    /// entry per distinct day (return-only days included), sorted by day,
    /// rows of the same day merged in file order.
    pub(crate) start: u32,
    /// Number of days.
    pub(crate) len: u32,
    /// Channel of the first row, in file order, of the earliest day that
    /// has one ([`NO_CHANNEL`] when none has).
    pub(crate) first_channel: u32,
    /// Channel of the first row, in file order, of the latest day that has one.
    pub(crate) last_channel: u32,
}

impl Histories {
    /// The purchase days of one customer.
    pub(crate) fn of(&self, days: &CustomerDays) -> &[Purchase] {
        let start = days.start as usize;
        &self.purchases[start..start + days.len as usize]
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
        let histories = log.into_histories(3, date_of);
        let one = histories.days[1];
        let days: Vec<(NaiveDate, f64, f64, u32)> = histories
            .of(&one)
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
        let zero = histories.days[0];
        assert_eq!(histories.of(&zero).len(), 1);
        assert_eq!(
            (zero.first_channel, zero.last_channel),
            (NO_CHANNEL, NO_CHANNEL)
        );
        assert!(histories.of(&histories.days[2]).is_empty());
        // Customer 0's day, then customer 1's two: no gap left.
        assert_eq!(histories.purchases.len(), 3);
    }

    #[test]
    fn entries_cross_log_blocks() {
        let mut log = DayLog::default();
        let total = LOG_BLOCK + 10;
        for i in 0..total {
            log.push(entry((i % 2) as u32, i as i32, 1.0, NO_CHANNEL));
        }
        let histories = log.into_histories(2, date_of);
        let even = histories.of(&histories.days[0]);
        assert_eq!(even.len(), total / 2);
        assert_eq!(even[1].date, date_of(2));
    }
}
