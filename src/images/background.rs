//! The preview's image work: an image missing from the cache is processed
//! on a thread of its own while the preview shows its original, so that a
//! new photo never holds back the preview of a text edit. The next rebuild
//! finds it in the cache.

use std::collections::HashSet;
use std::sync::{Condvar, Mutex, PoisonError};

use super::cache::Cache;
use super::{Picture, Processed, Use, encode_entry};

/// Cache keys being processed, and the signal that one is done.
static PENDING: Mutex<Option<HashSet<String>>> = Mutex::new(None);
static DONE: Condvar = Condvar::new();

/// Starts processing `bytes` into `cache` under `key` (unless it already
/// is) and returns the original as the picture to show meanwhile, with
/// its size read from its header (oriented), or nothing for a card.
pub(super) fn defer(
    bytes: Vec<u8>,
    use_: Use,
    key: String,
    cache: &Cache,
    address: &str,
) -> Processed {
    let size = super::encode::oriented_size(&bytes);
    let started = {
        let mut pending = PENDING.lock().unwrap_or_else(PoisonError::into_inner);
        pending.get_or_insert_with(HashSet::new).insert(key.clone())
    };
    if started {
        let cache = cache.clone();
        std::thread::spawn(move || {
            // A bad image is reported by the build that reads it: here,
            // simply not cached.
            if let Ok(entry) = encode_entry(&bytes, use_) {
                cache.put(&key, &entry);
            }
            let mut pending = PENDING.lock().unwrap_or_else(PoisonError::into_inner);
            pending.get_or_insert_with(HashSet::new).remove(&key);
            DONE.notify_all();
        });
    }
    if matches!(use_, Use::Card { .. }) {
        return None;
    }
    let picture = Picture::Single {
        path: address.to_string(),
        size,
    };
    Some((picture, Vec::new()))
}

/// Waits until no image is being processed in the background.
pub fn settle() {
    let mut pending = PENDING.lock().unwrap_or_else(PoisonError::into_inner);
    while pending.as_ref().is_some_and(|p| !p.is_empty()) {
        pending = DONE.wait(pending).unwrap_or_else(PoisonError::into_inner);
    }
}
