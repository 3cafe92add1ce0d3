//! Compact per-customer keys: an id interner whose strings live in one
//! arena (no allocation per customer, no pointer chase per lookup), and
//! the set of order ids seen (a bitmap for numeric ids, fingerprints
//! otherwise).

use std::hash::Hasher;

use rustc_hash::{FxHashSet, FxHasher};

fn hash_of(bytes: &[u8]) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(bytes);
    hasher.finish()
}

const EMPTY: u32 = u32::MAX;

/// Strings → dense indexes in order of first appearance.
#[derive(Debug, Clone, Default)]
pub(crate) struct Interner {
    arena: Vec<u8>,
    /// End of each string in `arena` (its start is the previous end).
    ends: Vec<usize>,
    /// Open addressing with linear probing: (hash tag, index) per slot.
    slots: Vec<(u32, u32)>,
}

impl Interner {
    /// Number of strings.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The `index`-th string.
    pub(crate) fn get(&self, index: usize) -> &[u8] {
        let start = if index == 0 { 0 } else { self.ends[index - 1] };
        &self.arena[start..self.ends[index]]
    }

    /// The index of `key`, if interned.
    #[inline]
    pub(crate) fn find(&self, key: &[u8]) -> Option<usize> {
        if self.slots.is_empty() {
            return None;
        }
        let hash = hash_of(key);
        let mask = self.slots.len() - 1;
        let tag = (hash >> 32) as u32;
        let mut slot = hash as usize & mask;
        loop {
            let (slot_tag, index) = self.slots[slot];
            if index == EMPTY {
                return None;
            }
            if slot_tag == tag && self.get(index as usize) == key {
                return Some(index as usize);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// The index of `key`, interning it if new; the flag says whether it was new.
    #[inline]
    pub(crate) fn intern(&mut self, key: &[u8]) -> (usize, bool) {
        if self.ends.len() * 2 >= self.slots.len() {
            self.grow();
        }
        let hash = hash_of(key);
        let mask = self.slots.len() - 1;
        let tag = (hash >> 32) as u32;
        let mut slot = hash as usize & mask;
        loop {
            let (slot_tag, index) = self.slots[slot];
            if index == EMPTY {
                let index = self.ends.len();
                self.arena.extend_from_slice(key);
                self.ends.push(self.arena.len());
                self.slots[slot] = (tag, index as u32);
                return (index, true);
            }
            if slot_tag == tag && self.get(index as usize) == key {
                return (index as usize, false);
            }
            slot = (slot + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let capacity = (self.slots.len() * 2).max(1024);
        self.slots = vec![(0, EMPTY); capacity];
        let mask = capacity - 1;
        for index in 0..self.ends.len() {
            let hash = hash_of(self.get(index));
            let mut slot = hash as usize & mask;
            while self.slots[slot].1 != EMPTY {
                slot = (slot + 1) & mask;
            }
            self.slots[slot] = ((hash >> 32) as u32, index as u32);
        }
    }
}

/// Order ids seen so far. Plain numbers without leading zeros (the usual
/// sequential order or invoice numbers) go into a bitmap over their range,
/// one bit per number; anything else, or numbers too sparse for a bitmap,
/// into a set of 64-bit fingerprints (FxHash), so memory stays a few bytes
/// per order.
#[derive(Debug, Clone, Default)]
pub(crate) struct OrderIdSet {
    bitmap: Vec<u64>,
    low: u64,
    numeric_count: u64,
    bitmap_disabled: bool,
    fingerprints: FxHashSet<u64>,
}

/// Largest bitmap kept regardless of density (2^27 bits = 16 MiB).
const BITMAP_FREE_BITS: u64 = 1 << 27;

fn plain_number(id: &[u8]) -> Option<u64> {
    if id.is_empty() || id.len() > 18 || (id[0] == b'0' && id.len() > 1) {
        return None;
    }
    let mut value = 0u64;
    for &byte in id {
        if !byte.is_ascii_digit() {
            return None;
        }
        value = value * 10 + u64::from(byte - b'0');
    }
    Some(value)
}

impl OrderIdSet {
    /// Record `id`; true when it was not seen before.
    #[inline]
    pub(crate) fn insert(&mut self, id: &[u8]) -> bool {
        if !self.bitmap_disabled {
            if let Some(number) = plain_number(id) {
                return self.insert_number(number);
            }
        }
        // Numbers share the fingerprint set with text ids; a number and its
        // own text give the same fingerprint, so "123" is one id either way.
        self.fingerprints.insert(hash_of(id))
    }

    fn insert_number(&mut self, number: u64) -> bool {
        let high = self.low + self.bitmap.len() as u64 * 64;
        if self.bitmap.is_empty() || number < self.low || number >= high {
            if !self.rebase(number) {
                return self.fingerprints.insert(hash_of(number.to_string().as_bytes()));
            }
        }
        let bit = number - self.low;
        let word = &mut self.bitmap[(bit / 64) as usize];
        let mask = 1u64 << (bit % 64);
        let new = *word & mask == 0;
        *word |= mask;
        self.numeric_count += u64::from(new);
        new
    }

    /// Widen the bitmap to cover `number`, or give it up (moving its numbers
    /// to the fingerprints) when the numbers are too sparse. True when the
    /// bitmap now covers `number`.
    fn rebase(&mut self, number: u64) -> bool {
        let (old_low, old_high) = (self.low, self.low + self.bitmap.len() as u64 * 64);
        let (low, high) = if self.bitmap.is_empty() {
            (number.saturating_sub(4096) & !63, (number + 4096) | 63)
        } else {
            let span = old_high - old_low;
            (number.min(old_low).saturating_sub(span / 2) & !63, (number.max(old_high) + span / 2) | 63)
        };
        let bits = high - low + 1;
        if bits > BITMAP_FREE_BITS && bits / 64 > self.numeric_count.saturating_mul(4) {
            self.bitmap_disabled = true;
            for (word_index, &word) in self.bitmap.iter().enumerate() {
                let mut rest = word;
                while rest != 0 {
                    let bit = rest.trailing_zeros() as u64;
                    rest &= rest - 1;
                    let value = old_low + word_index as u64 * 64 + bit;
                    self.fingerprints.insert(hash_of(value.to_string().as_bytes()));
                }
            }
            self.bitmap = Vec::new();
            return false;
        }
        let mut bitmap = vec![0u64; (bits / 64) as usize];
        if !self.bitmap.is_empty() {
            let offset = ((old_low - low) / 64) as usize;
            bitmap[offset..offset + self.bitmap.len()].copy_from_slice(&self.bitmap);
        }
        self.bitmap = bitmap;
        self.low = low;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interner_keeps_first_appearance_order() {
        let mut interner = Interner::default();
        let ids: Vec<String> = (0..5000).map(|i| format!("C{}", i * 7919 % 10007)).collect();
        for id in &ids {
            interner.intern(id.as_bytes());
        }
        for id in &ids {
            assert_eq!(interner.intern(id.as_bytes()).1, false);
        }
        assert_eq!(interner.len(), 5000);
        assert_eq!(interner.get(0), b"C0");
        assert_eq!(interner.get(1), b"C7919");
        assert_eq!(interner.find(b"C7919"), Some(1));
        assert_eq!(interner.find(b"nope"), None);
    }

    #[test]
    fn order_ids_in_every_form() {
        let mut seen = OrderIdSet::default();
        assert!(seen.insert(b"1000"));
        assert!(!seen.insert(b"1000"));
        assert!(seen.insert(b"0100"), "leading zero: a different id");
        assert!(seen.insert(b"100"));
        assert!(seen.insert(b"F-12"));
        assert!(!seen.insert(b"F-12"));
        assert!(seen.insert(b"999999999999"), "far away: sparse numbers fall back to fingerprints");
        assert!(!seen.insert(b"999999999999"));
        assert!(!seen.insert(b"1000"), "bitmap content survives the fallback");
        assert!(seen.insert(b"1001"));
        assert!(!seen.insert(b"1001"));
    }

    #[test]
    fn dense_numbers_stay_in_the_bitmap_in_any_order() {
        let mut seen = OrderIdSet::default();
        for n in (0..200_000u64).rev().step_by(3) {
            assert!(seen.insert(n.to_string().as_bytes()));
        }
        for n in (0..200_000u64).rev().step_by(3) {
            assert!(!seen.insert(n.to_string().as_bytes()));
        }
        assert!(!seen.bitmap_disabled);
        assert!(seen.fingerprints.is_empty());
    }
}
