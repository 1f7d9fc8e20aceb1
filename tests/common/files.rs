//! Copies of the repository's files into temp dirs. Shared by the tests
//! (through `common`) and the benchmarks (`benches/support` includes this file).

use std::path::{Path, PathBuf};

/// The repository, to copy the default theme and the example site from.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies the tree `from` to `to`, creating `to` and its folders.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let target = to.join(entry.path().strip_prefix(from).expect("prefix"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Copies the repository's example site (`content/` and `themes/`) under `root`.
pub fn copy_example(root: &Path) {
    for dir in ["content", "themes"] {
        copy_dir(&repo().join(dir), &root.join(dir));
    }
}

/// A temp copy of the repository's example site.
pub fn example_site() -> tempfile::TempDir {
    let site = tempfile::tempdir().expect("temp dir");
    copy_example(site.path());
    site
}
