//! Stable sorting for the cold paths (charts, tables, dynamics, campaign,
//! role matching) through one shared copy of the standard library's sort.
//!
//! Every `slice::sort_by` call with its own closure makes the compiler emit
//! the whole driftsort again for that closure: about 7 KiB of wasm each, 240
//! KiB in the page's main module before this. Here the items' positions are
//! sorted by a `&mut dyn FnMut` comparator, so one instantiation serves
//! every caller, and the items are then moved into that order. The result
//! is exactly `slice::sort_by`'s (the same stable algorithm on the same
//! comparisons); the cost, one indirect call per comparison, is fine where
//! the lists are short or the sort runs on demand. Hot loops keep their own
//! `sort_unstable`.

use std::cmp::Ordering;
use std::collections::BTreeMap;

/// Sorts `items` as `items.sort_by(compare)` does (stable).
pub(crate) fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_positions(&mut order, &mut |&a, &b| compare(&items[a], &items[b]));
    apply_order(items, &mut order);
}

/// Sorts `items` as `items.sort_by_key(key)` does (stable).
pub(crate) fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// The map `pairs.collect::<BTreeMap<_, _>>()` builds (the last value of a
/// repeated key wins), by inserts: `collect` sorts the pairs first, with
/// another copy of the sort for each key and value type.
pub(crate) fn map_from<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    for (key, value) in pairs {
        map.insert(key, value);
    }
    map
}

/// The one instantiation of the standard sort: positions compared through
/// a trait object.
#[inline(never)]
pub(crate) fn sort_positions(
    positions: &mut [usize],
    compare: &mut dyn FnMut(&usize, &usize) -> Ordering,
) {
    positions.sort_by(compare);
}

/// Rearranges `items` so that position `k` holds the item that was at
/// `order[k]`, following each cycle of the permutation (`order` is used up).
fn apply_order<T>(items: &mut [T], order: &mut [usize]) {
    for start in 0..items.len() {
        let mut current = start;
        loop {
            let source = order[current];
            order[current] = current;
            if source == start || source == current {
                break;
            }
            items.swap(current, source);
            current = source;
        }
    }
}

// Native only: proptest is not built for wasm32.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ties_keep_their_order() {
        let mut pairs = [(2, 'a'), (1, 'b'), (2, 'c'), (1, 'd'), (0, 'e')];
        sort_by(&mut pairs, |a, b| a.0.cmp(&b.0));
        assert_eq!(pairs, [(0, 'e'), (1, 'b'), (1, 'd'), (2, 'a'), (2, 'c')]);
        let mut words = ["pear", "fig", "apple", "kiwi"];
        sort_by_key(&mut words, |word| word.len());
        assert_eq!(words, ["fig", "pear", "kiwi", "apple"]);
    }

    proptest! {
        /// The reference is the standard library's stable sort itself, with
        /// the same comparator as ours (hence `sort_by`, not `sort_by_key`).
        #[test]
        #[allow(clippy::unnecessary_sort_by)]
        fn same_result_as_the_standard_stable_sort(
            items in proptest::collection::vec((0u8..6, any::<u16>()), 0..80),
        ) {
            let mut expected = items.clone();
            expected.sort_by(|a, b| b.0.cmp(&a.0));
            let mut ours = items;
            sort_by(&mut ours, |a, b| b.0.cmp(&a.0));
            prop_assert_eq!(ours, expected);
        }
    }
}
