//! The example site's output, byte for byte: a committed manifest of every
//! file's size and hash, so a refactoring that changes one byte of one page
//! fails here. After a deliberate change of the output, regenerate it with
//! `VITRINE_BLESS=1 cargo test --test example_output` and review the diff.

mod common;

use common::Fixture;
use common::files::repo;

const MANIFEST: &str = "tests/snapshots/example-site.manifest";

/// FNV-1a, 64 bits: stable across Rust releases, unlike std's hasher.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn manifest() -> String {
    let built = Fixture::example().build().expect("the example site builds");
    built
        .files
        .iter()
        .map(|(path, bytes)| format!("{:016x} {:>7} {path}\n", fnv1a(bytes), bytes.len()))
        .collect()
}

#[test]
fn the_example_site_output_matches_its_manifest() {
    let path = repo().join(MANIFEST);
    let actual = manifest();
    if std::env::var("VITRINE_BLESS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &actual).expect("write manifest");
        return;
    }
    let expected = std::fs::read_to_string(&path).expect("committed manifest");
    assert!(
        actual == expected,
        "the example site's output changed; if on purpose, run \
         VITRINE_BLESS=1 cargo test --test example_output and commit the manifest.\n\
         expected:\n{expected}\nactual:\n{actual}"
    );
}

#[test]
fn the_hash_tells_one_byte_apart() {
    assert_ne!(fnv1a(b"<p>a</p>"), fnv1a(b"<p>b</p>"));
    assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
}
