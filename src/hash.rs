//! Content hashes: what a job's output depends on is named by the hashes of its inputs,
//! never by where a value lives in memory. xxh3 is fast enough to hash every rendered post
//! on every build and stable across runs and machines (the build cache relies on it).

use std::hash::{Hash, Hasher};

pub use xxhash_rust::xxh3::Xxh3 as ContentHasher;

/// How in-memory maps of our own values hash their keys: foldhash (hashbrown's own
/// default) with a fixed seed, so iteration order is the same on every run. Several times
/// faster than std's SipHash for short keys such as site paths; the protection SipHash
/// gives against chosen keys is not needed for the site's own paths. Never persisted.
pub type FastHash = foldhash::fast::FixedState;

/// A hash map keyed by our own values (site paths), see [`FastHash`].
pub type FastMap<K, V> = std::collections::HashMap<K, V, FastHash>;

/// A hash set of our own values, see [`FastHash`].
pub type FastSet<K> = std::collections::HashSet<K, FastHash>;

/// The hash of a few words at once: for keys computed for every job of every update,
/// where setting up a streaming hasher would cost more than the hashing.
pub fn words(words: &[u64]) -> u64 {
    let mut bytes = [0u8; 8 * 8];
    assert!(words.len() <= 8, "words() hashes at most 8 words");
    for (chunk, w) in bytes.chunks_exact_mut(8).zip(words) {
        chunk.copy_from_slice(&w.to_le_bytes());
    }
    xxhash_rust::xxh3::xxh3_64(&bytes[..8 * words.len()])
}

/// A hasher for small values hashed very often (every job's key on every update): it
/// gathers the bytes and hashes them at once with xxh3, several times faster for short
/// inputs than the streaming state (which sets up its buffers for every value).
#[derive(Default)]
pub struct KeyHasher(Vec<u8>);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }

    fn finish(&self) -> u64 {
        xxhash_rust::xxh3::xxh3_64(&self.0)
    }
}

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
