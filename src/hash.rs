//! Content hashes: what a job's output depends on is named by the hashes of its inputs,
//! never by where a value lives in memory. xxh3 is fast enough to hash every rendered post
//! on every build and stable across runs and machines (the build cache relies on it).

use std::hash::{Hash, Hasher};

pub use xxhash_rust::xxh3::Xxh3 as ContentHasher;

/// A hash map keyed by our own values (site paths), hashed with xxh3: faster than std's
/// SipHash, whose protection against chosen keys a map of the site's own paths does not need.
pub type FastMap<K, V> = std::collections::HashMap<K, V, xxhash_rust::xxh3::Xxh3DefaultBuilder>;

/// A hash set of our own values, hashed with xxh3 (see [`FastMap`]).
pub type FastSet<K> = std::collections::HashSet<K, xxhash_rust::xxh3::Xxh3DefaultBuilder>;

/// The hash of a value.
pub fn of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = ContentHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// The hash of bytes (the same bytes give the same hash on every machine).
pub fn bytes(b: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(b)
}

#[cfg(test)]
mod tests {
    #[test]
    fn stable_and_distinct() {
        assert_eq!(super::bytes(b"abc"), super::bytes(b"abc"));
        assert_ne!(super::bytes(b"abc"), super::bytes(b"abd"));
        assert_ne!(super::of(&("a", "bc")), super::of(&("ab", "c")));
    }
}
