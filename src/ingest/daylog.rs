//! The day log: what reading an order file leaves behind, one entry per
//! (customer, day) run, in file order, and its reordering into
//! per-customer histories at the end. A day whose rows are all returns
//! keeps `orders == 0`: a return-only day, not a purchase day (see
//! [`Purchase`]).
//!
//! Rows append to one log instead of per-customer vectors: no allocation
//! per customer while reading and no second cache miss per row. Each
//! entry is already a [`Purchase`], the element of the array that
//! [`Customers`](crate::Customers) keeps; its customer and channel sit at
//! the same index of a second vector. At the end the entries are moved
//! *within* the log into a stable order by customer, so each customer's
//! entries become one contiguous run, still in file order; the runs are
//! then sorted and merged in place, front to back. No second array of the
//! log's size is ever needed: at 10M rows, that second array was 236 MB on
//! top of the log.

use chrono::NaiveDate;

use super::intern::prefetch;
use crate::customers::Purchase;

/// No channel (the file has no channel column, or the cell is empty).
pub(crate) const NO_CHANNEL: u32 = u32::MAX;

/// Whose an entry of the log is: its customer and the channel of its
/// first order row that has one (returns carry none).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Owner {
    /// The customer index while reading; its destination index while
    /// [`DayLog::into_histories`] reorders the log.
    customer: u32,
    channel: u32,
}

/// The day log: each entry's [`Purchase`], and its [`Owner`] at the same
/// index of a second vector.
#[derive(Debug, Default)]
pub(crate) struct DayLog {
    entries: Vec<Purchase>,
    owners: Vec<Owner>,
}

impl DayLog {
    /// Number of entries.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Append the first row of a (customer, day) run.
    #[inline]
    pub(crate) fn push(&mut self, purchase: Purchase, customer: u32, channel: u32) {
        self.entries.push(purchase);
        self.owners.push(Owner { customer, channel });
    }

    /// Add a later row of the same customer and day to the `index`-th
    /// entry.
    #[inline]
    pub(crate) fn merge(&mut self, index: usize, row: &Purchase, channel: u32) {
        if let (Some(entry), Some(owner)) =
            (self.entries.get_mut(index), self.owners.get_mut(index))
        {
            add_same_day(entry, row);
            if owner.channel == NO_CHANNEL {
                owner.channel = channel;
            }
        }
    }

    /// Make room ahead for the entries the rest of an input will bring:
    /// `bytes_read` of `total_bytes` have been read, and the rest is
    /// expected to log entries at the same rate, plus a sixteenth. Nothing
    /// happens while the spare capacity covers that, so the vectors are
    /// reallocated a few times at most, not doubled (a doubling leaves up
    /// to half of the largest array unused, and a move needs the old array
    /// and the new one at once).
    pub(crate) fn make_room(&mut self, bytes_read: u64, total_bytes: u64) {
        let logged = self.entries.len() as u64;
        let rest = total_bytes.saturating_sub(bytes_read);
        let expected = (rest.saturating_mul(logged) / bytes_read.max(1)) * 17 / 16;
        let expected = usize::try_from(expected).unwrap_or(usize::MAX);
        if self.entries.capacity() - self.entries.len() < expected {
            self.entries.reserve_exact(expected);
            self.owners.reserve_exact(expected);
        }
    }

    /// Every customer's purchase history, in one array (`customers`: one
    /// more than the largest customer index).
    ///
    /// Each entry's destination is worked out in file order, so each
    /// customer's run keeps file order, and the entries are moved there
    /// within the log itself (see [`permute`]). Each run then gives its
    /// channels, is sorted by day (stably: orders of one day stay in file
    /// order), its days merged, and moved forward over the gaps the merges
    /// left.
    pub(crate) fn into_histories(self, customers: usize) -> Histories {
        let DayLog {
            mut entries,
            mut owners,
        } = self;
        // Each customer's cursor: the start of its run, as counts first.
        let mut cursor = vec![0u32; customers + 1];
        for owner in &owners {
            cursor[owner.customer as usize + 1] += 1;
        }
        for customer in 0..customers {
            cursor[customer + 1] += cursor[customer];
        }
        let len = entries.len();
        for index in 0..len {
            // A customer's cursor is a cache miss in a file with many
            // customers: one further on is loaded ahead (a hint only), so
            // that the misses of several entries overlap.
            if index + LOOK_AHEAD < len {
                prefetch(&cursor[owners[index + LOOK_AHEAD].customer as usize]);
            }
            let owner = &mut owners[index];
            let next = &mut cursor[owner.customer as usize];
            owner.customer = *next;
            *next += 1;
        }
        permute(&mut entries, &mut owners);
        // Each cursor now stands at the end of its run.
        let mut days = Vec::with_capacity(customers);
        let mut kept = 0usize;
        let mut start = 0usize;
        for &end in &cursor[..customers] {
            let end = end as usize;
            let (first_channel, last_channel) = channels(&entries[start..end], &owners[start..end]);
            let run = &mut entries[start..end];
            if !run.is_sorted_by_key(|purchase| purchase.date) {
                // Stable: orders of one day stay in file order.
                run.sort_by_key(|purchase| purchase.date);
            }
            let first_kept = kept;
            for index in start..end {
                let purchase = entries[index];
                match entries[first_kept..kept].last_mut() {
                    Some(previous) if previous.date == purchase.date => {
                        add_same_day(previous, &purchase);
                    }
                    _ => {
                        entries[kept] = purchase;
                        kept += 1;
                    }
                }
            }
            days.push(CustomerDays {
                start: first_kept as u32,
                len: (kept - first_kept) as u32,
                first_channel,
                last_channel,
            });
            start = end;
        }
        drop(owners);
        entries.truncate(kept);
        // Shrinking a block leaves it in place (dlmalloc, glibc).
        entries.shrink_to_fit();
        Histories {
            purchases: entries,
            days,
        }
    }
}

/// Add a row or entry of the same customer and day to an entry.
#[inline]
fn add_same_day(entry: &mut Purchase, same_day: &Purchase) {
    entry.revenue += same_day.revenue;
    entry.margin += same_day.margin;
    entry.orders += same_day.orders;
}

/// The channels of one customer's run, still in file order (its entries
/// and their owners): that of its earliest day with one, and that of its
/// latest. Strict comparisons: on a tie, the earlier row keeps the
/// channel.
fn channels(run: &[Purchase], owners: &[Owner]) -> (u32, u32) {
    let mut first: Option<(NaiveDate, u32)> = None;
    let mut last: Option<(NaiveDate, u32)> = None;
    for (purchase, owner) in run.iter().zip(owners) {
        if owner.channel == NO_CHANNEL {
            continue;
        }
        if first.is_none_or(|(date, _)| purchase.date < date) {
            first = Some((purchase.date, owner.channel));
        }
        if last.is_none_or(|(date, _)| purchase.date > date) {
            last = Some((purchase.date, owner.channel));
        }
    }
    let channel = |seen: Option<(NaiveDate, u32)>| seen.map_or(NO_CHANNEL, |(_, c)| c);
    (channel(first), channel(last))
}

/// Entries per region of [`permute`]'s first step: with their owners,
/// about 1 MiB, which stays in cache while the second step works on it.
const REGION: usize = 1 << 15;

/// Move each entry (and its owner) to the index its owner's `customer`
/// names, those indexes being a permutation of the log's. In two steps,
/// each moving every entry at most once, and neither needing memory of
/// the log's size:
/// 1. each entry goes to the region of [`REGION`] indexes its destination
///    lies in: the regions fill front to back, each at its own cursor, so
///    the writes go to a few hundred places in turn, not to random ones;
/// 2. within each region (in cache by now), each cycle of the permutation
///    is followed until every entry of the region is in place.
fn permute(entries: &mut [Purchase], owners: &mut [Owner]) {
    let len = entries.len();
    let region_of = |owner: &Owner| owner.customer as usize / REGION;
    let regions = len.div_ceil(REGION);
    let mut cursors: Vec<usize> = (0..regions).map(|region| region * REGION).collect();
    for region in 0..regions {
        let end = ((region + 1) * REGION).min(len);
        while cursors[region] < end {
            let index = cursors[region];
            let target = region_of(&owners[index]);
            if target == region {
                cursors[region] += 1;
            } else {
                // A region holds exactly as many indexes as entries bound
                // for it, so the target's cursor is still inside it.
                let slot = cursors[target];
                cursors[target] += 1;
                swap(entries, owners, index, slot);
            }
        }
    }
    for index in 0..len {
        loop {
            let destination = owners[index].customer as usize;
            if destination == index {
                break;
            }
            swap(entries, owners, index, destination);
        }
    }
}

/// Swap two entries of the log and their owners.
#[inline]
fn swap(entries: &mut [Purchase], owners: &mut [Owner], a: usize, b: usize) {
    entries.swap(a, b);
    owners.swap(a, b);
}

/// How many entries ahead the destination pass loads a cursor.
const LOOK_AHEAD: usize = 8;

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

    /// Log one row as its own entry: customer, day, revenue, channel.
    fn log_row(log: &mut DayLog, customer: u32, day: i32, revenue: f64, channel: u32) {
        let purchase = Purchase {
            date: date_of(day),
            revenue,
            margin: revenue / 2.0,
            orders: 1,
        };
        log.push(purchase, customer, channel);
    }

    #[test]
    fn groups_by_customer_sorts_days_and_picks_channels_in_file_order() {
        let mut log = DayLog::default();
        // Customer 1 buys on days 20, 10, 20 again (a separate run), 10;
        // customer 0 once; customer 2 never (an index with no entry).
        for (customer, day, revenue, channel) in [
            (1, 20, 5.0, 7),
            (0, 15, 3.0, NO_CHANNEL),
            (1, 10, 2.0, NO_CHANNEL),
            (1, 20, 1.0, 8),
            (1, 10, 4.0, 9),
        ] {
            log_row(&mut log, customer, day, revenue, channel);
        }
        let histories = log.into_histories(3);
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
    fn a_merged_row_adds_up_and_gives_a_channel_to_an_entry_without_one() {
        let mut log = DayLog::default();
        log_row(&mut log, 0, 3, 10.0, NO_CHANNEL);
        let later = Purchase {
            date: date_of(3),
            revenue: -4.0,
            margin: -1.0,
            orders: 0,
        };
        log.merge(0, &later, 5);
        log.merge(0, &later, 6);
        let histories = log.into_histories(1);
        let day = histories.purchases[0];
        assert_eq!((day.revenue, day.margin, day.orders), (2.0, 3.0, 1));
        assert_eq!(histories.days[0].first_channel, 5);
    }

    #[test]
    fn reorders_many_interleaved_customers_across_regions_like_a_stable_sort() {
        // Customers in a scrambled order over three regions, so the
        // permutation has long cycles; each entry's revenue is its row
        // number, and days repeat so that some rows merge.
        let (rows, customers) = (2 * REGION + 4_321, 997u32);
        let mut log = DayLog::default();
        let mut expected: Vec<Vec<(i32, f64, u32)>> = vec![Vec::new(); customers as usize];
        for row in 0..rows {
            let customer = (row as u32).wrapping_mul(7_919) % customers;
            let day = ((row * 31) % 53) as i32;
            log_row(&mut log, customer, day, row as f64, NO_CHANNEL);
            // The expected history, built the plain way: per customer, by
            // day, rows of one day summed in file order.
            let history = &mut expected[customer as usize];
            match history.iter_mut().find(|(d, _, _)| *d == day) {
                Some(entry) => {
                    entry.1 += row as f64;
                    entry.2 += 1;
                }
                None => history.push((day, row as f64, 1)),
            }
        }
        let histories = log.into_histories(customers as usize);
        let mut total = 0;
        for (customer, want) in expected.iter_mut().enumerate() {
            want.sort_by_key(|&(day, _, _)| day);
            let got: Vec<(i32, f64, u32)> = histories
                .of(&histories.days[customer])
                .iter()
                .map(|p| (crate::ingest::date::day_of(p.date), p.revenue, p.orders))
                .collect();
            assert_eq!(&got, want, "customer {customer}");
            assert_eq!(histories.days[customer].start as usize, total);
            total += want.len();
        }
        assert_eq!(histories.purchases.len(), total);
    }

    #[test]
    fn permute_moves_every_entry_to_its_destination() {
        // Entry i goes to (i * 7 + 3) mod len: one permutation of three
        // regions, with its cycles crossing them. Each entry carries its
        // destination as its order count, so entry i ends with orders == i.
        let len = 2 * REGION + 7;
        let mut log = DayLog::default();
        for index in 0..len {
            let destination = ((index * 7 + 3) % len) as u32;
            let purchase = Purchase {
                date: date_of(0),
                revenue: 0.0,
                margin: 0.0,
                orders: destination,
            };
            log.push(purchase, destination, destination + 1);
        }
        permute(&mut log.entries, &mut log.owners);
        for index in 0..len {
            assert_eq!(log.entries[index].orders, index as u32);
            let owner = log.owners[index];
            assert_eq!(
                (owner.customer, owner.channel),
                (index as u32, index as u32 + 1)
            );
        }
    }

    #[test]
    fn room_is_made_for_the_rest_of_the_input_at_the_rate_seen() {
        let mut log = DayLog::default();
        log.make_room(1_000, 100_000);
        assert_eq!(log.entries.capacity(), 0, "no rate yet");
        for row in 0..10 {
            log_row(&mut log, 0, row, 1.0, NO_CHANNEL);
        }
        // 10 entries in the first 1 000 bytes: 990 more in the other
        // 99 000, and a sixteenth more: 1 051 (rounded down), 1 061 in all.
        log.make_room(1_000, 100_000);
        assert_eq!(log.entries.capacity(), 10 + 1_051);
        assert_eq!(log.owners.capacity(), 10 + 1_051);
        // Enough room already: nothing changes.
        log.make_room(2_000, 100_000);
        assert_eq!(log.entries.capacity(), 1_061);
    }
}
