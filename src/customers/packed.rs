//! [`Customers`] as one compact byte buffer, so that the page's spreadsheet
//! module (which reads workbooks and legacy encodings) can hand the
//! customers it ingested to the main module (which runs the analyses)
//! without the main module linking a deserializer for them.
//!
//! The encoding is exact: numbers as their IEEE 754 bits, dates as day
//! numbers, texts as their UTF-8 bytes, the shared tables (purchases,
//! channel names, attributes) as they are, so the analyses of the unpacked
//! customers are those of the original ones.
//!
//! Layout, little-endian: the magic `SGCU1`; `as_of` (`i32` days from the
//! common era); a flag byte (margin, channel, history, first purchase
//! known); the customers, prospects, purchases, channel names, attribute
//! columns and attribute spans, each as a count (`u32`) and its items;
//! the attribute text. A text is its byte length (`u32`) and its bytes.
//!
//! ```
//! use chrono::NaiveDate;
//! use segmento::{Customers, OwnedCustomer, OwnedCustomers};
//! let day = NaiveDate::from_ymd_opt(2024, 3, 5).unwrap();
//! let ada = OwnedCustomer { id: "ada".into(), first_purchase: day,
//!     last_purchase: day, frequency: 1, orders: 1, revenue: 10.5, ..Default::default() };
//! let customers = Customers::from_owned(OwnedCustomers { as_of: day,
//!     customers: vec![ada], prospects: vec![], has_margin: false,
//!     has_channel: false, has_history: false, first_purchase_known: true });
//! let packed = customers.to_packed();
//! let back = Customers::from_packed(&packed)?;
//! assert_eq!(back.customers[0].id, "ada");
//! assert_eq!(back.customers[0].revenue, 10.5);
//! assert!(Customers::from_packed(&packed[..packed.len() - 1]).is_err());
//! # Ok::<(), segmento::Error>(())
//! ```

use std::num::NonZeroU32;

use chrono::{Datelike, NaiveDate};

use super::{
    Attribute, AttributeTable, ChannelId, CompactString, Customer, CustomerParts, Customers,
    Prospect, Purchase, Span,
};
use crate::{Error, ErrorKind, Result};

const MAGIC: &[u8] = b"SGCU1";

const HAS_MARGIN: u8 = 1;
const HAS_CHANNEL: u8 = 2;
const HAS_HISTORY: u8 = 4;
const FIRST_PURCHASE_KNOWN: u8 = 8;

impl Customers {
    /// The customers packed for [`Customers::from_packed`] (see the module
    /// documentation for the layout).
    pub fn to_packed(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        put_date(&mut out, self.as_of);
        let flags = [
            (self.has_margin, HAS_MARGIN),
            (self.has_channel, HAS_CHANNEL),
            (self.has_history, HAS_HISTORY),
            (self.first_purchase_known, FIRST_PURCHASE_KNOWN),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .fold(0, |flags, (_, bit)| flags | bit);
        out.push(flags);
        put_u32(&mut out, self.customers.len());
        for customer in &self.customers {
            put_text(&mut out, &customer.id);
            put_date(&mut out, customer.first_purchase);
            put_date(&mut out, customer.last_purchase);
            out.extend_from_slice(&customer.frequency.to_le_bytes());
            out.extend_from_slice(&customer.orders.to_le_bytes());
            out.extend_from_slice(&customer.revenue.to_bits().to_le_bytes());
            out.extend_from_slice(&customer.margin.to_bits().to_le_bytes());
            for channel in [customer.first_channel, customer.last_channel] {
                let raw = channel.map_or(0, |id| id.0.get());
                out.extend_from_slice(&raw.to_le_bytes());
            }
            out.extend_from_slice(&customer.history.start.to_le_bytes());
            out.extend_from_slice(&customer.history.len.to_le_bytes());
            out.extend_from_slice(&customer.attributes.to_le_bytes());
        }
        put_u32(&mut out, self.prospects.len());
        for prospect in &self.prospects {
            put_text(&mut out, &prospect.id);
            out.extend_from_slice(&prospect.attributes.to_le_bytes());
        }
        put_u32(&mut out, self.purchases.len());
        for purchase in self.purchases.iter() {
            put_date(&mut out, purchase.date);
            out.extend_from_slice(&purchase.revenue.to_bits().to_le_bytes());
            out.extend_from_slice(&purchase.margin.to_bits().to_le_bytes());
            out.extend_from_slice(&purchase.orders.to_le_bytes());
        }
        put_u32(&mut out, self.channels.len());
        for channel in self.channels.iter() {
            put_text(&mut out, channel);
        }
        let attributes = &self.attributes;
        put_u32(&mut out, attributes.columns.len());
        for column in &attributes.columns {
            let index = Attribute::ALL.iter().position(|a| a == column).unwrap_or(0);
            out.push(index as u8);
        }
        put_u32(&mut out, attributes.spans.len());
        for &(start, end) in &attributes.spans {
            out.extend_from_slice(&start.to_le_bytes());
            out.extend_from_slice(&end.to_le_bytes());
        }
        put_text(&mut out, &attributes.text);
        out
    }

    /// Customers from [`Customers::to_packed`]'s bytes; an error names the
    /// byte where they stop making sense.
    pub fn from_packed(bytes: &[u8]) -> Result<Customers> {
        let mut reader = Reader { bytes, at: 0 };
        if reader.take(MAGIC.len()) != Some(MAGIC) {
            return Err(damaged(0, "they do not start with SGCU1"));
        }
        let parts = reader.parts().ok_or_else(|| reader.damaged())?;
        if reader.at != bytes.len() {
            return Err(damaged(reader.at, "bytes follow the customers"));
        }
        Ok(Customers::from_parts(parts))
    }
}

fn damaged(at: usize, what: &str) -> Error {
    Error::new(ErrorKind::Format(
        format!("the packed customers are damaged at byte {at}: {what}").into(),
    ))
}

fn put_u32(out: &mut Vec<u8>, len: usize) {
    // Counts and texts stay far below 4 GiB: wasm32's whole memory.
    out.extend_from_slice(&u32::try_from(len).unwrap_or(u32::MAX).to_le_bytes());
}

fn put_text(out: &mut Vec<u8>, text: &str) {
    put_u32(out, text.len());
    out.extend_from_slice(text.as_bytes());
}

fn put_date(out: &mut Vec<u8>, date: NaiveDate) {
    out.extend_from_slice(&date.num_days_from_ce().to_le_bytes());
}

/// A position in the packed bytes; every read is `None` past the end or
/// on an invalid value.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn damaged(&self) -> Error {
        damaged(self.at, "a value is cut short or invalid")
    }

    fn take(&mut self, count: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(count)?;
        let slice = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(slice)
    }

    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }

    fn byte(&mut self) -> Option<u8> {
        Some(self.array::<1>()?[0])
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.array()?))
    }

    /// A count of items at least `item_bytes` long each: more than the
    /// bytes left could hold is damage (and no huge allocation).
    fn count(&mut self, item_bytes: usize) -> Option<usize> {
        let count = usize::try_from(self.u32()?).ok()?;
        let left = self.bytes.len() - self.at;
        (count.checked_mul(item_bytes)? <= left).then_some(count)
    }

    fn float(&mut self) -> Option<f64> {
        Some(f64::from_bits(u64::from_le_bytes(self.array()?)))
    }

    fn date(&mut self) -> Option<NaiveDate> {
        NaiveDate::from_num_days_from_ce_opt(i32::from_le_bytes(self.array()?))
    }

    fn text(&mut self) -> Option<&'a str> {
        let len = self.count(1)?;
        std::str::from_utf8(self.take(len)?).ok()
    }

    fn parts(&mut self) -> Option<CustomerParts> {
        let as_of = self.date()?;
        let flags = self.byte()?;
        // The customers come before the channel names they point into: read
        // them first, check their channel ids once the names are known.
        let mut customers = Vec::with_capacity(self.count(52)?);
        let mut channel_ids = Vec::with_capacity(customers.capacity());
        for _ in 0..customers.capacity() {
            let id = CompactString::from(self.text()?);
            let first_purchase = self.date()?;
            let last_purchase = self.date()?;
            let frequency = self.u32()?;
            let orders = self.u32()?;
            let revenue = self.float()?;
            let margin = self.float()?;
            channel_ids.push((self.u32()?, self.u32()?));
            let history = Span {
                start: self.u32()?,
                len: self.u32()?,
            };
            customers.push(Customer {
                id,
                first_purchase,
                last_purchase,
                frequency,
                orders,
                revenue,
                margin,
                first_channel: None,
                last_channel: None,
                history,
                attributes: self.u32()?,
            });
        }
        let mut prospects = Vec::with_capacity(self.count(8)?);
        for _ in 0..prospects.capacity() {
            let id = CompactString::from(self.text()?);
            prospects.push(Prospect {
                id,
                attributes: self.u32()?,
            });
        }
        let mut purchases = Vec::with_capacity(self.count(24)?);
        for _ in 0..purchases.capacity() {
            purchases.push(Purchase {
                date: self.date()?,
                revenue: self.float()?,
                margin: self.float()?,
                orders: self.u32()?,
            });
        }
        let mut channels = Vec::with_capacity(self.count(4)?);
        for _ in 0..channels.capacity() {
            channels.push(CompactString::from(self.text()?));
        }
        for (customer, (first, last)) in customers.iter_mut().zip(channel_ids) {
            let id = |raw: u32| -> Option<Option<ChannelId>> {
                match NonZeroU32::new(raw) {
                    None => Some(None),
                    Some(raw) => {
                        ((raw.get() as usize) <= channels.len()).then_some(Some(ChannelId(raw)))
                    }
                }
            };
            customer.first_channel = id(first)?;
            customer.last_channel = id(last)?;
            let Span { start, len } = customer.history;
            (start as usize)
                .checked_add(len as usize)
                .filter(|end| *end <= purchases.len())?;
        }
        let mut columns = Vec::with_capacity(self.count(1)?);
        for _ in 0..columns.capacity() {
            columns.push(*Attribute::ALL.get(usize::from(self.byte()?))?);
        }
        let mut spans = Vec::with_capacity(self.count(8)?);
        for _ in 0..spans.capacity() {
            spans.push((self.u32()?, self.u32()?));
        }
        let text = self.text()?.to_string();
        Some(CustomerParts {
            as_of,
            customers,
            prospects,
            has_margin: flags & HAS_MARGIN != 0,
            has_channel: flags & HAS_CHANNEL != 0,
            has_history: flags & HAS_HISTORY != 0,
            first_purchase_known: flags & FIRST_PURCHASE_KNOWN != 0,
            purchases,
            channels,
            attributes: AttributeTable {
                columns,
                text,
                spans,
            },
        })
    }
}
