//! Compact per-customer keys: an id interner whose strings live in one
//! arena (no allocation per customer, no pointer chase per lookup), and
//! the set of order ids seen (a bitmap for numeric ids, fingerprints
//! otherwise).

use std::hash::Hasher;

use rustc_hash::{FxHashSet, FxHasher};

pub(crate) fn hash_of(bytes: &[u8]) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(bytes);
    hasher.finish()
}

/// Ask the CPU to start loading the cache line of `value` (a hint only;
/// nothing where there is no prefetch instruction, as on wasm).
#[inline]
pub(crate) fn prefetch<T>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        // SAFETY: a prefetch never faults and has no architectural effect;
        // the address comes from a live reference anyway. SSE is part of
        // the x86-64 baseline.
        unsafe { _mm_prefetch::<_MM_HINT_T0>((value as *const T).cast::<i8>()) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}

/// Slots announced by [`Interner::touch`] where there is no prefetch
/// instruction (wasm has none), loaded all at once when this many wait.
#[cfg(not(target_arch = "x86_64"))]
const TOUCH_BATCH: usize = 16;

/// The slots announced by [`Interner::touch`] and not loaded yet. Behind
/// `Cell`s because announcing a slot is a hint and takes the interner by
/// shared reference.
#[cfg(not(target_arch = "x86_64"))]
#[derive(Debug, Clone, Default)]
struct Touched {
    positions: [std::cell::Cell<u32>; TOUCH_BATCH],
    len: std::cell::Cell<usize>,
}

const EMPTY: u32 = u32::MAX;
/// The share of slots in use past which the table doubles, as (numerator,
/// denominator). Three quarters, not a half: at 2.44M customers the table
/// stays at 4M slots (134 MB) instead of 8M (268 MB), for about one more
/// slot visited per new key; slots are two to a cache line.
const MAX_LOAD: (usize, usize) = (3, 4);
/// Keys up to this length are compared inside the slot, without touching
/// the arena.
const INLINE: usize = 15;

/// Per-key state read and written on every row, kept in the slot itself so
/// that a row costs one cache miss, not three.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Hot {
    /// Day of the customer's latest day-log entry.
    pub(crate) last_day: i32,
    /// Index of that entry in the engine's day log.
    pub(crate) last_entry: u32,
    /// Attribute bits still unset.
    pub(crate) attributes_missing: u8,
    /// Whether some order row (amount ≥ 0) of the customer was read: until
    /// then, its returns are noted in case it never buys. Fits in the
    /// padding: the slot stays 32 bytes.
    pub(crate) purchased: bool,
}

/// One hash-table slot: the key itself when short, else its hash and prefix.
///
/// 32 bytes, aligned to 32: a slot never straddles two cache lines, so the
/// one line that [`Interner::touch`] prefetches holds all of it.
#[derive(Debug, Clone, Copy)]
#[repr(align(32))]
struct Slot {
    key: [u8; INLINE],
    /// The key's length, capped at 255 (longer keys compare through the arena).
    len: u8,
    index: u32,
    hot: Hot,
}

const VACANT: Slot = Slot {
    key: [0; INLINE],
    len: 0,
    index: EMPTY,
    hot: Hot {
        last_day: 0,
        last_entry: 0,
        attributes_missing: 0,
        purchased: false,
    },
};

/// A key's length as a slot keeps it.
fn stored_len(key: &[u8]) -> u8 {
    key.len().min(usize::from(u8::MAX)) as u8
}

fn fingerprint(key: &[u8], hash: u64) -> [u8; INLINE] {
    let mut bytes = [0u8; INLINE];
    if key.len() <= INLINE {
        bytes[..key.len()].copy_from_slice(key);
    } else {
        bytes[..8].copy_from_slice(&hash.to_le_bytes());
        bytes[8..].copy_from_slice(&key[..INLINE - 8]);
    }
    bytes
}

/// Strings → dense indexes in order of first appearance, each with a
/// [`Hot`] state.
#[derive(Debug, Clone, Default)]
pub(crate) struct Interner {
    arena: Vec<u8>,
    /// End of each string in `arena` (its start is the previous end).
    ends: Vec<usize>,
    /// Open addressing with linear probing, at most [`MAX_LOAD`] full.
    slots: Vec<Slot>,
    #[cfg(not(target_arch = "x86_64"))]
    touched: Touched,
}

impl Interner {
    /// Number of strings.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The `index`-th string.
    pub(crate) fn get(&self, index: usize) -> &[u8] {
        let (start, end) = self.span(index);
        &self.arena[start..end]
    }

    /// Where the `index`-th string lies in [`arena`](Self::arena).
    pub(crate) fn span(&self, index: usize) -> (usize, usize) {
        let start = if index == 0 { 0 } else { self.ends[index - 1] };
        (start, self.ends[index])
    }

    /// Every string, one after the other.
    pub(crate) fn arena(&self) -> &[u8] {
        &self.arena
    }

    /// Free the hash table, keeping the strings: after this only
    /// [`len`](Self::len), [`get`](Self::get), [`span`](Self::span) and
    /// [`arena`](Self::arena) make sense.
    pub(crate) fn release_table(&mut self) {
        self.slots = Vec::new();
    }

    /// The slot holding `key` (and its index), or the vacant slot where it would go.
    #[inline]
    fn probe(&self, key: &[u8], hash: u64) -> (usize, Option<usize>) {
        let wanted = fingerprint(key, hash);
        let mask = self.slots.len() - 1;
        let mut position = hash as usize & mask;
        loop {
            let slot = &self.slots[position];
            if slot.index == EMPTY {
                return (position, None);
            }
            if slot.len == stored_len(key)
                && slot.key == wanted
                && (key.len() <= INLINE || self.get(slot.index as usize) == key)
            {
                return (position, Some(slot.index as usize));
            }
            position = (position + 1) & mask;
        }
    }

    /// The index of `key`, if interned.
    #[inline]
    pub(crate) fn find(&self, key: &[u8]) -> Option<usize> {
        if self.slots.is_empty() {
            return None;
        }
        self.probe(key, hash_of(key)).1
    }

    /// The index of `key`, interning it if new; the flag says whether it was new.
    #[inline]
    pub(crate) fn intern(&mut self, key: &[u8]) -> (usize, bool) {
        let (index, new, _) = self.entry(key, hash_of(key), Hot::default());
        (index, new)
    }

    /// Ask the CPU to start loading the slot of a key (by its [`hash_of`])
    /// without waiting for it, so that several rows' cache misses overlap.
    /// A hint only: no effect on results.
    #[cfg(target_arch = "x86_64")]
    #[inline]
    pub(crate) fn touch(&self, hash: u64) {
        if let Some(slot) = self
            .slots
            .get(hash as usize & self.slots.len().wrapping_sub(1))
        {
            // One line: slots are 32 bytes, aligned to 32.
            prefetch(slot);
        }
    }

    /// [`touch`](Self::touch) without a prefetch instruction (wasm): the
    /// slots are noted, and every [`TOUCH_BATCH`]-th call loads them all
    /// with plain reads. A read that misses the cache holds the CPU up once
    /// its reorder window fills, but independent reads issued together miss
    /// in parallel: the batch waits about one memory latency where the rows
    /// would each have waited one. One read per slot: a 32-byte slot
    /// aligned to 32 lies in one cache line.
    #[cfg(not(target_arch = "x86_64"))]
    #[inline]
    pub(crate) fn touch(&self, hash: u64) {
        if self.slots.is_empty() {
            return;
        }
        let touched = &self.touched;
        let len = touched.len.get();
        touched.positions[len].set((hash as usize & (self.slots.len() - 1)) as u32);
        if len + 1 < TOUCH_BATCH {
            touched.len.set(len + 1);
            return;
        }
        touched.len.set(0);
        let mut loaded = 0u32;
        for position in &touched.positions {
            if let Some(slot) = self.slots.get(position.get() as usize) {
                loaded ^= u32::from(slot.key[0]);
            }
        }
        // Keeps the reads: their values are of no use.
        std::hint::black_box(loaded);
    }

    /// Like [`intern`](Self::intern), also giving the key's [`Hot`] state
    /// (`hot` for a new key). `hash` is the key's [`hash_of`].
    #[inline]
    pub(crate) fn entry(&mut self, key: &[u8], hash: u64, hot: Hot) -> (usize, bool, &mut Hot) {
        if self.ends.len() >= self.slots.len() / MAX_LOAD.1 * MAX_LOAD.0 {
            self.grow();
        }
        match self.probe(key, hash) {
            (position, Some(index)) => (index, false, &mut self.slots[position].hot),
            (position, None) => {
                let index = self.ends.len();
                self.arena.extend_from_slice(key);
                self.ends.push(self.arena.len());
                self.slots[position] = Slot {
                    key: fingerprint(key, hash),
                    len: stored_len(key),
                    index: index as u32,
                    hot,
                };
                (index, true, &mut self.slots[position].hot)
            }
        }
    }

    /// The [`Hot`] state of an interned key.
    pub(crate) fn hot_mut(&mut self, key: &[u8]) -> Option<&mut Hot> {
        if self.slots.is_empty() {
            return None;
        }
        match self.probe(key, hash_of(key)) {
            (position, Some(_)) => Some(&mut self.slots[position].hot),
            _ => None,
        }
    }

    fn grow(&mut self) {
        let capacity = (self.slots.len() * 2).max(1024);
        let old = std::mem::replace(&mut self.slots, vec![VACANT; capacity]);
        let mask = capacity - 1;
        for slot in old.into_iter().filter(|slot| slot.index != EMPTY) {
            // The slot knows its key's hash without a visit to the arena
            // (a cache miss per key): short keys are inline, long ones keep
            // their hash in the fingerprint.
            let len = slot.len as usize;
            let hash = if len <= INLINE {
                hash_of(&slot.key[..len])
            } else {
                let mut hash = [0u8; 8];
                hash.copy_from_slice(&slot.key[..8]);
                u64::from_le_bytes(hash)
            };
            let mut position = hash as usize & mask;
            while self.slots[position].index != EMPTY {
                position = (position + 1) & mask;
            }
            self.slots[position] = slot;
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
        let outside = self.bitmap.is_empty() || number < self.low || number >= high;
        if outside && !self.rebase(number) {
            return self
                .fingerprints
                .insert(hash_of(number.to_string().as_bytes()));
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
            (
                number.min(old_low).saturating_sub(span / 2) & !63,
                (number.max(old_high) + span / 2) | 63,
            )
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
                    self.fingerprints
                        .insert(hash_of(value.to_string().as_bytes()));
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
    // Also on the wasm build (`make wasm-test`), where `touch` batches.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn interner_keeps_first_appearance_order() {
        let mut interner = Interner::default();
        let ids: Vec<String> = (0..5000)
            .map(|i| format!("C{}", i * 7919 % 10007))
            .collect();
        for (n, id) in ids.iter().enumerate() {
            // Announcing keys (some never interned) is a hint only.
            interner.touch(hash_of(id.as_bytes()));
            interner.touch(hash_of(format!("X{n}").as_bytes()));
            interner.intern(id.as_bytes());
        }
        for id in &ids {
            assert!(!interner.intern(id.as_bytes()).1);
        }
        assert_eq!(interner.len(), 5000);
        assert_eq!(interner.get(0), b"C0");
        assert_eq!(interner.get(1), b"C7919");
        assert_eq!(interner.find(b"C7919"), Some(1));
        assert_eq!(interner.find(b"nope"), None);
        // Keys longer than the inline part compare through the arena.
        let long = "a.very.long.customer.email@example.com";
        let (index, new) = interner.intern(long.as_bytes());
        assert!(new);
        assert_eq!(interner.find(long.as_bytes()), Some(index));
        assert_eq!(
            interner.find(b"a.very.long.customer.email@example.org"),
            None
        );
    }

    #[test]
    fn slots_fill_cache_lines_exactly() {
        assert_eq!(std::mem::size_of::<Slot>(), 32);
        assert_eq!(std::mem::align_of::<Slot>(), 32);
    }

    #[test]
    fn keys_at_and_past_the_inline_length() {
        let mut interner = Interner::default();
        // 15 bytes (inline), 16 (through the arena), and two keys longer
        // than 255 bytes that share their length cap and first bytes.
        let inline = "C12345678901234";
        let sixteen = "C123456789012345";
        let long_a = format!("{}a", "x".repeat(300));
        let long_b = format!("{}b", "x".repeat(300));
        let keys = [inline, sixteen, &long_a, &long_b];
        for (expected, key) in keys.iter().enumerate() {
            assert_eq!(interner.intern(key.as_bytes()), (expected, true));
        }
        // Enough new keys to grow the table several times.
        for i in 0..3000 {
            interner.intern(format!("K{i}").as_bytes());
        }
        for (expected, key) in keys.iter().enumerate() {
            assert_eq!(interner.intern(key.as_bytes()), (expected, false));
            assert_eq!(interner.get(expected), key.as_bytes());
        }
        assert_eq!(interner.find(&long_a.as_bytes()[..300]), None);
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
        assert!(
            seen.insert(b"999999999999"),
            "far away: sparse numbers fall back to fingerprints"
        );
        assert!(!seen.insert(b"999999999999"));
        assert!(
            !seen.insert(b"1000"),
            "bitmap content survives the fallback"
        );
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
