//! The per-customer summary that every analysis reads.
//!
//! Ingestion turns order rows (or customer rows) into [`Customers`]. Analyses
//! never see raw rows: they read this summary and, for time-based methods
//! (yearly points, migrations, holdout, cohorts), each customer's
//! [`Purchase`] history, one entry per distinct purchase day.

use std::num::NonZeroU32;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

mod packed;

/// The text type of ids, channels and attributes: a string kept inline up
/// to 24 bytes (no heap allocation for the usual id, name or city), that
/// derefs to `str` and serializes as a plain string.
pub use compact_str::CompactString;

/// One day of one customer's history: every row of that day merged.
///
/// A day with at least one order row (an amount ≥ 0, zero included) is a
/// *purchase day*; a day with only returns (negative amounts) is a
/// *return-only day* and has `orders == 0`. Both are kept in the history,
/// so that revenue and margin stay dated (the returns are netted into the
/// revenue of the date they happened), but only purchase days count as
/// purchases: in [`Customer::frequency`], the first and last purchase
/// dates, and every analysis that counts purchases in a history. Test
/// with [`is_purchase`](Self::is_purchase).
///
/// ```
/// use chrono::NaiveDate;
/// use segmento::Purchase;
/// let date = NaiveDate::from_ymd_opt(2024, 3, 5).unwrap();
/// let free_sample = Purchase { date, revenue: 0.0, margin: 0.0, orders: 1 };
/// let refund = Purchase { date, revenue: -45.0, margin: -15.2, orders: 0 };
/// assert!(free_sample.is_purchase());
/// assert!(!refund.is_purchase());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Purchase {
    /// The calendar day.
    pub date: NaiveDate,
    /// Net revenue of the day: its orders' amounts with its returns netted.
    pub revenue: f64,
    /// Margin of the day, returns netted (0 when the file has no margin
    /// column).
    pub margin: f64,
    /// Number of order rows that day (amount ≥ 0); returns are not orders.
    /// 0 for a return-only day.
    pub orders: u32,
}

impl Purchase {
    /// Whether the day is a purchase day (at least one order), not a
    /// return-only day. The one rule every analysis uses to count
    /// purchases in a history.
    #[inline]
    pub fn is_purchase(&self) -> bool {
        self.orders > 0
    }
}

/// One attribute carried through to the exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attribute {
    /// Customer name.
    Name,
    /// E-mail address.
    Email,
    /// Postcode.
    Postcode,
    /// City.
    City,
    /// Birth date, as found in the file (ISO when it parsed as a date).
    BirthDate,
    /// Age in years, as found in the file.
    Age,
    /// Sex / gender, as found in the file.
    Sex,
}

impl Attribute {
    /// Every attribute, in export order.
    pub const ALL: [Attribute; 7] = [
        Attribute::Name,
        Attribute::Email,
        Attribute::Postcode,
        Attribute::City,
        Attribute::BirthDate,
        Attribute::Age,
        Attribute::Sex,
    ];
}

/// Descriptive attributes of one customer, owned: the shape
/// [`Customers::from_owned`] takes. [`Customers`] keeps them in one shared
/// table instead (see [`Customers::attribute`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Attributes {
    /// Customer name.
    pub name: Option<CompactString>,
    /// E-mail address.
    pub email: Option<CompactString>,
    /// Postcode.
    pub postcode: Option<CompactString>,
    /// City.
    pub city: Option<CompactString>,
    /// Birth date, as found in the file (ISO when it parsed as a date).
    pub birth_date: Option<CompactString>,
    /// Age in years, as found in the file.
    pub age: Option<CompactString>,
    /// Sex / gender, as found in the file.
    pub sex: Option<CompactString>,
}

impl Attributes {
    /// The value of `attribute`.
    pub fn get(&self, attribute: Attribute) -> Option<&str> {
        match attribute {
            Attribute::Name => self.name.as_deref(),
            Attribute::Email => self.email.as_deref(),
            Attribute::Postcode => self.postcode.as_deref(),
            Attribute::City => self.city.as_deref(),
            Attribute::BirthDate => self.birth_date.as_deref(),
            Attribute::Age => self.age.as_deref(),
            Attribute::Sex => self.sex.as_deref(),
        }
    }
}

/// A channel name's place in [`Customers`]' channel table (see
/// [`Customers::channel`]); one more than its index, so that
/// `Option<ChannelId>` takes 4 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ChannelId(NonZeroU32);

impl ChannelId {
    /// The id of the `index`-th channel name (`None` past `u32::MAX - 1`).
    pub(crate) fn from_index(index: usize) -> Option<ChannelId> {
        u32::try_from(index)
            .ok()
            .and_then(|index| NonZeroU32::new(index.wrapping_add(1)))
            .map(ChannelId)
    }

    fn index(self) -> usize {
        self.0.get() as usize - 1
    }
}

/// The purchase-day summary of a history (see [`Purchase`]): what
/// ingestion and [`Customers::as_of_date`] derive a [`Customer`]'s dates and
/// counts from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PurchaseDays {
    pub(crate) first: NaiveDate,
    pub(crate) last: NaiveDate,
    pub(crate) frequency: u32,
    pub(crate) orders: u32,
}

impl PurchaseDays {
    /// The purchase days of `history` (sorted by date); `None` when it has
    /// none (empty, or return-only days alone).
    #[inline]
    pub(crate) fn of(history: &[Purchase]) -> Option<PurchaseDays> {
        let mut purchases = history.iter().filter(|p| p.is_purchase());
        let first = purchases.next()?;
        let mut days = PurchaseDays {
            first: first.date,
            last: first.date,
            frequency: 1,
            orders: first.orders,
        };
        for purchase in purchases {
            days.last = purchase.date;
            days.frequency += 1;
            days.orders += purchase.orders;
        }
        Some(days)
    }
}

/// A customer's days in [`Customers`]' shared purchase array.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub(crate) struct Span {
    pub(crate) start: u32,
    pub(crate) len: u32,
}

/// A customer without attributes (see [`AttributeTable`]).
pub(crate) const NO_ATTRIBUTES: u32 = u32::MAX;

/// One buying customer: at least one purchase day. The purchase history,
/// channel names and attributes live in the [`Customers`] it belongs to
/// ([`Customers::history`], [`Customers::channel`], [`Customers::attribute`]),
/// shared by every customer, so that a customer is 80 bytes and no
/// allocation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Customer {
    /// The customer id as found in the file (trimmed).
    pub id: CompactString,
    /// Day of the first purchase. For customer-level files without a
    /// first-purchase column this equals `last_purchase` and
    /// [`Customers::first_purchase_known`] is false. A return-only day
    /// (see [`Purchase`]) never moves it.
    pub first_purchase: NaiveDate,
    /// Day of the last purchase; a later return-only day does not move it
    /// (a refund does not make the customer more recent).
    pub last_purchase: NaiveDate,
    /// Distinct purchase days (the BTYD convention); return-only days do
    /// not count.
    pub frequency: u32,
    /// Number of orders: order rows (amount ≥ 0; a return is not an
    /// order), or the order count of a customer-level file.
    pub orders: u32,
    /// Net revenue: every order and every return netted, return-only days
    /// included.
    pub revenue: f64,
    /// Total margin (0 when [`Customers::has_margin`] is false).
    pub margin: f64,
    /// Channel of the first order, when the file has a channel column.
    pub first_channel: Option<ChannelId>,
    /// Channel of the last order.
    pub last_channel: Option<ChannelId>,
    /// Days (purchase days and return-only days) sorted by date, in
    /// [`Customers::history`]. Empty for customer-level files.
    pub(crate) history: Span,
    /// Row in the attribute table ([`NO_ATTRIBUTES`]: none).
    pub(crate) attributes: u32,
}

impl Customer {
    /// Days from the last purchase to `as_of` (0 when bought on `as_of`).
    pub fn recency_days(&self, as_of: NaiveDate) -> i64 {
        (as_of - self.last_purchase).num_days()
    }

    /// Average revenue per order (0 when there is no order).
    pub fn average_order_value(&self) -> f64 {
        if self.orders == 0 {
            0.0
        } else {
            self.revenue / self.orders as f64
        }
    }

    /// Number of days in the history, return-only days included (0 for
    /// customer-level files).
    pub fn history_len(&self) -> usize {
        self.history.len as usize
    }
}

/// A customer-level row with no purchase yet (a prospect).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Prospect {
    /// The id as found in the file.
    pub id: CompactString,
    /// Row in the attribute table ([`NO_ATTRIBUTES`]: none).
    pub(crate) attributes: u32,
}

/// Every customer's attributes: `spans[row * columns.len() + k]` is the
/// value of attribute `columns[k]` in `text`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct AttributeTable {
    /// The attributes the file has, in column order.
    pub(crate) columns: Vec<Attribute>,
    /// Every value, one after the other.
    pub(crate) text: String,
    /// (start, end) of each value in `text`; [`UNSET`] when absent.
    pub(crate) spans: Vec<(u32, u32)>,
}

/// An absent attribute value (an empty one is `(n, n)`).
pub(crate) const UNSET: (u32, u32) = (u32::MAX, 0);

impl AttributeTable {
    fn get(&self, row: u32, attribute: Attribute) -> Option<&str> {
        if row == NO_ATTRIBUTES {
            return None;
        }
        let k = self.columns.iter().position(|&a| a == attribute)?;
        let slot = (row as usize).checked_mul(self.columns.len())? + k;
        let &(start, end) = self.spans.get(slot)?;
        self.text.get(start as usize..end as usize)
    }

    /// Append a row with `attributes`; returns its index.
    fn push_row(&mut self, attributes: &Attributes) -> u32 {
        let row = self.spans.len() / self.columns.len().max(1);
        for &attribute in &self.columns {
            let span = match attributes.get(attribute) {
                Some(value) => {
                    let start = self.text.len();
                    self.text.push_str(value);
                    (start as u32, self.text.len() as u32)
                }
                None => UNSET,
            };
            self.spans.push(span);
        }
        row as u32
    }
}

/// One buying customer in the owned shape (history, channels and
/// attributes inline), for building [`Customers`] by hand with
/// [`Customers::from_owned`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OwnedCustomer {
    /// See [`Customer::id`].
    pub id: CompactString,
    /// See [`Customer::first_purchase`].
    pub first_purchase: NaiveDate,
    /// See [`Customer::last_purchase`].
    pub last_purchase: NaiveDate,
    /// See [`Customer::frequency`].
    pub frequency: u32,
    /// See [`Customer::orders`].
    pub orders: u32,
    /// See [`Customer::revenue`].
    pub revenue: f64,
    /// See [`Customer::margin`].
    pub margin: f64,
    /// Channel of the first order.
    pub first_channel: Option<CompactString>,
    /// Channel of the last order.
    pub last_channel: Option<CompactString>,
    /// Attributes carried through to the exports.
    pub attributes: Attributes,
    /// Purchase days sorted by date.
    pub history: Vec<Purchase>,
}

/// A prospect in the owned shape (see [`OwnedCustomer`]).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OwnedProspect {
    /// The id as found in the file.
    pub id: CompactString,
    /// Attributes carried through to the exports.
    pub attributes: Attributes,
}

/// [`Customers`] in the owned shape: what [`Customers::from_owned`] takes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OwnedCustomers {
    /// See [`Customers::as_of`].
    pub as_of: NaiveDate,
    /// Buying customers.
    pub customers: Vec<OwnedCustomer>,
    /// Customer-level rows without any purchase.
    pub prospects: Vec<OwnedProspect>,
    /// See [`Customers::has_margin`].
    pub has_margin: bool,
    /// See [`Customers::has_channel`].
    pub has_channel: bool,
    /// See [`Customers::has_history`].
    pub has_history: bool,
    /// See [`Customers::first_purchase_known`].
    pub first_purchase_known: bool,
}

/// Every customer of one file, as of one date.
///
/// Stored by columns: the purchase days of all customers in one array,
/// the channel names and the attributes in shared tables; each
/// [`Customer`] points into them. The shared parts sit behind [`Arc`], so
/// [`as_of_date`](Self::as_of_date) and [`purchases_as_of`](Self::purchases_as_of)
/// share them and only rewrite the customers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Customers {
    /// The date at which recency is measured.
    pub as_of: NaiveDate,
    /// Buying customers, in order of first appearance in the file.
    pub customers: Vec<Customer>,
    /// Customer-level rows without any purchase.
    pub prospects: Vec<Prospect>,
    /// Whether a margin column was present.
    pub has_margin: bool,
    /// Whether a channel column was present.
    pub has_channel: bool,
    /// Whether per-day purchase histories are available (order-level files).
    pub has_history: bool,
    /// Whether first purchase dates are real (false for customer-level files
    /// without a first-purchase column).
    pub first_purchase_known: bool,
    /// Every customer's purchase days, each customer's run sorted by date.
    purchases: Arc<Vec<Purchase>>,
    /// Channel names, by [`ChannelId`].
    channels: Arc<Vec<CompactString>>,
    /// Attribute values, by [`Customer`]'s row.
    attributes: Arc<AttributeTable>,
}

/// What ingestion hands to [`Customers::from_parts`].
pub(crate) struct CustomerParts {
    pub(crate) as_of: NaiveDate,
    pub(crate) customers: Vec<Customer>,
    pub(crate) prospects: Vec<Prospect>,
    pub(crate) has_margin: bool,
    pub(crate) has_channel: bool,
    pub(crate) has_history: bool,
    pub(crate) first_purchase_known: bool,
    pub(crate) purchases: Vec<Purchase>,
    pub(crate) channels: Vec<CompactString>,
    pub(crate) attributes: AttributeTable,
}

impl Customers {
    /// Customers from their columns (ingestion's builder).
    pub(crate) fn from_parts(parts: CustomerParts) -> Customers {
        Customers {
            as_of: parts.as_of,
            customers: parts.customers,
            prospects: parts.prospects,
            has_margin: parts.has_margin,
            has_channel: parts.has_channel,
            has_history: parts.has_history,
            first_purchase_known: parts.first_purchase_known,
            purchases: Arc::new(parts.purchases),
            channels: Arc::new(parts.channels),
            attributes: Arc::new(parts.attributes),
        }
    }

    /// No customers at `as_of` (the report written from the analyses
    /// alone, [`crate::present::report_html_from_input`], reads none).
    pub(crate) fn without_customers(as_of: NaiveDate) -> Customers {
        Customers::from_parts(CustomerParts {
            as_of,
            customers: Vec::new(),
            prospects: Vec::new(),
            has_margin: false,
            has_channel: false,
            has_history: false,
            first_purchase_known: false,
            purchases: Vec::new(),
            channels: Vec::new(),
            attributes: AttributeTable::default(),
        })
    }

    /// Customers built from the owned shape (tests, examples, generators):
    /// histories are concatenated, channel names and attributes go into
    /// the shared tables.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use segmento::{Attribute, Customers, OwnedCustomer, OwnedCustomers};
    /// let day = NaiveDate::from_ymd_opt(2024, 3, 5).unwrap();
    /// let mut ada = OwnedCustomer { id: "ada".into(), first_purchase: day,
    ///     last_purchase: day, frequency: 1, orders: 1, revenue: 10.0,
    ///     first_channel: Some("web".into()), ..Default::default() };
    /// ada.attributes.city = Some("Lyon".into());
    /// let customers = Customers::from_owned(OwnedCustomers { as_of: day,
    ///     customers: vec![ada], prospects: vec![], has_margin: false,
    ///     has_channel: true, has_history: false, first_purchase_known: true });
    /// let c = &customers.customers[0];
    /// assert_eq!(customers.channel(c.first_channel), Some("web"));
    /// assert_eq!(customers.attribute(c, Attribute::City), Some("Lyon"));
    /// assert!(customers.history(c).is_empty());
    /// ```
    pub fn from_owned(owned: OwnedCustomers) -> Customers {
        let mut purchases = Vec::new();
        let mut channels: Vec<CompactString> = Vec::new();
        let mut channel_id = |name: &Option<CompactString>| {
            let name = name.as_ref()?;
            let index = match channels.iter().position(|known| known == name) {
                Some(index) => index,
                None => {
                    channels.push(name.clone());
                    channels.len() - 1
                }
            };
            ChannelId::from_index(index)
        };
        let mut attributes = AttributeTable {
            columns: Attribute::ALL.to_vec(),
            ..Default::default()
        };
        let mut customers = Vec::with_capacity(owned.customers.len());
        for c in owned.customers {
            let start = purchases.len() as u32;
            purchases.extend_from_slice(&c.history);
            customers.push(Customer {
                id: c.id,
                first_purchase: c.first_purchase,
                last_purchase: c.last_purchase,
                frequency: c.frequency,
                orders: c.orders,
                revenue: c.revenue,
                margin: c.margin,
                first_channel: channel_id(&c.first_channel),
                last_channel: channel_id(&c.last_channel),
                history: Span {
                    start,
                    len: c.history.len() as u32,
                },
                attributes: attributes.push_row(&c.attributes),
            });
        }
        let prospects = owned
            .prospects
            .into_iter()
            .map(|p| Prospect {
                attributes: attributes.push_row(&p.attributes),
                id: p.id,
            })
            .collect();
        Customers::from_parts(CustomerParts {
            as_of: owned.as_of,
            customers,
            prospects,
            has_margin: owned.has_margin,
            has_channel: owned.has_channel,
            has_history: owned.has_history,
            first_purchase_known: owned.first_purchase_known,
            purchases,
            channels,
            attributes,
        })
    }

    /// The customers in the owned shape (the inverse of
    /// [`from_owned`](Self::from_owned)).
    pub fn to_owned_customers(&self) -> OwnedCustomers {
        let attributes_of = |row: u32| {
            let get = |a| self.attributes.get(row, a).map(CompactString::from);
            Attributes {
                name: get(Attribute::Name),
                email: get(Attribute::Email),
                postcode: get(Attribute::Postcode),
                city: get(Attribute::City),
                birth_date: get(Attribute::BirthDate),
                age: get(Attribute::Age),
                sex: get(Attribute::Sex),
            }
        };
        let channel = |id| self.channel(id).map(CompactString::from);
        OwnedCustomers {
            as_of: self.as_of,
            customers: self
                .customers
                .iter()
                .map(|c| OwnedCustomer {
                    id: c.id.clone(),
                    first_purchase: c.first_purchase,
                    last_purchase: c.last_purchase,
                    frequency: c.frequency,
                    orders: c.orders,
                    revenue: c.revenue,
                    margin: c.margin,
                    first_channel: channel(c.first_channel),
                    last_channel: channel(c.last_channel),
                    attributes: attributes_of(c.attributes),
                    history: self.history(c).to_vec(),
                })
                .collect(),
            prospects: self
                .prospects
                .iter()
                .map(|p| OwnedProspect {
                    id: p.id.clone(),
                    attributes: attributes_of(p.attributes),
                })
                .collect(),
            has_margin: self.has_margin,
            has_channel: self.has_channel,
            has_history: self.has_history,
            first_purchase_known: self.first_purchase_known,
        }
    }

    /// The days of `customer` (one of `self.customers`), sorted by date:
    /// its purchase days and its return-only days (tell them apart with
    /// [`Purchase::is_purchase`]); empty for customer-level files.
    #[inline]
    pub fn history(&self, customer: &Customer) -> &[Purchase] {
        let Span { start, len } = customer.history;
        let start = start as usize;
        self.purchases
            .get(start..start + len as usize)
            .unwrap_or_default()
    }

    /// Bytes reserved on the heap by the shared tables, as
    /// `(purchases, attributes)`: what a profile adds to the customers'
    /// own vector (a clone shares these tables, so it does not count them).
    pub fn shared_table_bytes(&self) -> (usize, usize) {
        let purchases = self.purchases.capacity() * std::mem::size_of::<Purchase>();
        let attributes = self.attributes.text.capacity()
            + self.attributes.spans.capacity() * std::mem::size_of::<(u32, u32)>();
        (purchases, attributes)
    }

    /// A customer's days up to the end of `date` (histories are sorted by
    /// date): what they had done as of then.
    #[inline]
    pub fn history_through(&self, customer: &Customer, date: NaiveDate) -> &[Purchase] {
        let history = self.history(customer);
        &history[..history.partition_point(|p| p.date <= date)]
    }

    /// How many customers had bought by the end of `date` (a first
    /// purchase is a purchase day, never a return-only one).
    pub fn bought_by(&self, date: NaiveDate) -> usize {
        self.customers
            .iter()
            .filter(|c| c.first_purchase <= date)
            .count()
    }

    /// The name of a channel (`None` for no channel).
    #[inline]
    pub fn channel(&self, id: Option<ChannelId>) -> Option<&str> {
        self.channels.get(id?.index()).map(CompactString::as_str)
    }

    /// The value of `attribute` for `customer` (one of `self.customers`).
    pub fn attribute(&self, customer: &Customer, attribute: Attribute) -> Option<&str> {
        self.attributes.get(customer.attributes, attribute)
    }

    /// The value of `attribute` for `prospect` (one of `self.prospects`).
    pub fn prospect_attribute(&self, prospect: &Prospect, attribute: Attribute) -> Option<&str> {
        self.attributes.get(prospect.attributes, attribute)
    }

    /// Total net revenue of all customers.
    pub fn revenue_total(&self) -> f64 {
        self.customers.iter().map(|c| c.revenue).sum()
    }

    /// The same customers as they stood at the end of `date`: days after
    /// `date` are dropped, customers with no purchase day left disappear
    /// (a return dated before any purchase does not keep one), and the
    /// summary fields are recomputed from the history by the same rules as
    /// ingestion (see [`Purchase`]). Channels keep their
    /// first value; the last channel is only known for the full file.
    /// Histories, channel names and attributes are shared with `self`.
    ///
    /// Needs histories: returns `None` for customer-level files.
    pub fn as_of_date(&self, date: NaiveDate) -> Option<Customers> {
        self.truncated(date, true)
    }

    /// [`as_of_date`](Self::as_of_date) without the attributes and channels
    /// (left empty, and `has_channel` false): what segmenting the customers
    /// again at an earlier date reads (RFM, ABC, points, the forecast).
    pub fn purchases_as_of(&self, date: NaiveDate) -> Option<Customers> {
        self.truncated(date, false)
    }

    fn truncated(&self, date: NaiveDate, describe: bool) -> Option<Customers> {
        if !self.has_history {
            return None;
        }
        // Sized for those who had bought by `date`, not for every customer of now.
        let mut customers = Vec::with_capacity(self.bought_by(date));
        for c in &self.customers {
            let kept = self.history_through(c, date);
            let Some(days) = PurchaseDays::of(kept) else {
                continue;
            };
            customers.push(Customer {
                id: c.id.clone(),
                first_purchase: days.first,
                last_purchase: days.last,
                frequency: days.frequency,
                orders: days.orders,
                revenue: kept.iter().map(|p| p.revenue).sum(),
                margin: kept.iter().map(|p| p.margin).sum(),
                first_channel: c.first_channel.filter(|_| describe),
                last_channel: None,
                history: Span {
                    start: c.history.start,
                    len: kept.len() as u32,
                },
                attributes: if describe {
                    c.attributes
                } else {
                    NO_ATTRIBUTES
                },
            });
        }
        Some(Customers {
            as_of: date,
            customers,
            prospects: Vec::new(),
            has_margin: self.has_margin,
            has_channel: describe && self.has_channel,
            has_history: true,
            first_purchase_known: true,
            purchases: Arc::clone(&self.purchases),
            channels: Arc::clone(&self.channels),
            attributes: Arc::clone(&self.attributes),
        })
    }
}

/// Equal when they describe the same customers (same values, histories,
/// channel names and attributes), however the shared tables are laid out.
impl PartialEq for Customers {
    fn eq(&self, other: &Customers) -> bool {
        self.to_owned_customers() == other.to_owned_customers()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn purchase(date: NaiveDate, revenue: f64) -> Purchase {
        Purchase {
            date,
            revenue,
            margin: revenue / 4.0,
            orders: 1,
        }
    }

    #[test]
    fn as_of_date_truncates_histories_and_recomputes() {
        let history = vec![
            purchase(day(2024, 1, 10), 100.0),
            purchase(day(2024, 3, 5), 40.0),
            purchase(day(2024, 6, 1), -10.0),
        ];
        let customers = Customers::from_owned(OwnedCustomers {
            as_of: day(2024, 6, 30),
            customers: vec![OwnedCustomer {
                id: "C1".into(),
                first_purchase: day(2024, 1, 10),
                last_purchase: day(2024, 6, 1),
                frequency: 3,
                orders: 3,
                revenue: 130.0,
                margin: 32.5,
                first_channel: Some("web".into()),
                last_channel: Some("shop".into()),
                attributes: Attributes::default(),
                history,
            }],
            prospects: vec![],
            has_margin: true,
            has_channel: true,
            has_history: true,
            first_purchase_known: true,
        });
        let earlier = customers.as_of_date(day(2024, 3, 5)).unwrap();
        let c = &earlier.customers[0];
        assert_eq!(c.last_purchase, day(2024, 3, 5));
        assert_eq!(c.frequency, 2);
        assert_eq!(c.revenue, 140.0);
        assert_eq!(c.margin, 35.0);
        assert_eq!(c.recency_days(day(2024, 3, 15)), 10);
        assert!(customers
            .as_of_date(day(2023, 12, 31))
            .unwrap()
            .customers
            .is_empty());
    }

    #[test]
    fn purchases_as_of_keeps_the_purchases_and_drops_the_description() {
        // C1 buys on Jan 10th, Mar 5th (two orders) and Jun 1st; "late"
        // buys only in May.
        let file = "client;date;montant;marge;canal;ville\n\
                    C1;10/01/2024;100;25;web;Lyon\n\
                    late;01/05/2024;10;2;shop;Nice\n\
                    C1;05/03/2024;30;7,5;shop;Lyon\n\
                    C1;05/03/2024;10;2,5;shop;Lyon\n\
                    C1;01/06/2024;-10;-2,5;web;Lyon\n";
        let full = crate::ingest::ingest_bytes(file.as_bytes(), Default::default())
            .unwrap()
            .customers;
        assert!(full.has_channel);
        assert_eq!(
            full.attribute(&full.customers[0], Attribute::City),
            Some("Lyon")
        );
        let earlier = full.purchases_as_of(day(2024, 3, 31)).unwrap();
        assert_eq!(earlier.as_of, day(2024, 3, 31));
        assert!(!earlier.has_channel && earlier.has_margin);
        // "late" had not bought by March 31st; C1 had, on two days.
        let [c] = earlier.customers.as_slice() else {
            panic!("one customer expected, got {:?}", earlier.customers);
        };
        assert_eq!((&*c.id, c.frequency, c.orders), ("C1", 2, 3));
        assert_eq!((c.revenue, c.margin), (140.0, 35.0));
        assert_eq!(
            (c.first_purchase, c.last_purchase),
            (day(2024, 1, 10), day(2024, 3, 5))
        );
        assert_eq!(c.first_channel, None);
        assert_eq!(earlier.attribute(c, Attribute::City), None);
        assert_eq!(earlier.history(c), &full.history(&full.customers[0])[..2]);
        // The earlier customers share the purchase array.
        assert!(Arc::ptr_eq(&earlier.purchases, &full.purchases));
    }

    #[test]
    fn a_customer_fits_in_80_bytes() {
        assert!(std::mem::size_of::<Customer>() <= 80);
    }

    #[test]
    fn owned_shape_round_trips_through_the_tables_and_serde() {
        let ada = OwnedCustomer {
            id: "ada".into(),
            first_purchase: day(2024, 1, 10),
            last_purchase: day(2024, 3, 5),
            frequency: 2,
            orders: 3,
            revenue: 140.0,
            margin: 35.0,
            first_channel: Some("web".into()),
            last_channel: Some("shop".into()),
            attributes: Attributes {
                name: Some("Ada".into()),
                city: Some(String::new().into()),
                ..Default::default()
            },
            history: vec![
                purchase(day(2024, 1, 10), 100.0),
                purchase(day(2024, 3, 5), 40.0),
            ],
        };
        let bob = OwnedCustomer {
            id: "bob".into(),
            first_channel: Some("shop".into()),
            history: vec![purchase(day(2024, 2, 1), 7.0)],
            ..ada.clone()
        };
        let owned = OwnedCustomers {
            as_of: day(2024, 6, 30),
            customers: vec![ada, bob],
            prospects: vec![OwnedProspect {
                id: "cy".into(),
                attributes: Attributes {
                    email: Some("cy@example.org".into()),
                    ..Default::default()
                },
            }],
            has_margin: true,
            has_channel: true,
            has_history: true,
            first_purchase_known: true,
        };
        let customers = Customers::from_owned(owned.clone());
        // Two channel names for three uses; bob's history after ada's.
        assert_eq!(customers.channels.len(), 2);
        let bob = &customers.customers[1];
        assert_eq!(customers.channel(bob.first_channel), Some("shop"));
        assert_eq!(customers.history(bob)[0].revenue, 7.0);
        // An empty value stays set, apart from an absent one.
        let ada = &customers.customers[0];
        assert_eq!(customers.attribute(ada, Attribute::City), Some(""));
        assert_eq!(customers.attribute(ada, Attribute::Email), None);
        assert_eq!(
            customers.prospect_attribute(&customers.prospects[0], Attribute::Email),
            Some("cy@example.org")
        );
        assert_eq!(customers.to_owned_customers(), owned);
        let json = serde_json::to_string(&customers).unwrap();
        let back: Customers = serde_json::from_str(&json).unwrap();
        assert_eq!(back.to_owned_customers(), owned);
    }
}
