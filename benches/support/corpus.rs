//! The synthetic news archive of the shared generator (`gen_corpus.py`,
//! found in `../shared/bench/` of the repository or one of its parents, or
//! at `VITRINE_BENCH_GENERATOR`), generated once per flavor and size into
//! `target/tmp/corpus/` and reused while the generator stays the same.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::files::{copy_dir, repo};

/// The site of `articles` articles in the generator's `flavor` (`vitrine`
/// or `hugo`). A vitrine site gets the repository's current `themes/`,
/// copied again on each call.
pub fn corpus(flavor: &str, articles: usize) -> PathBuf {
    let generator = generator();
    let cache = Path::new(env!("CARGO_TARGET_TMPDIR")).join("corpus");
    let dir = cache.join(format!("{flavor}-{articles}"));
    let stamp_file = cache.join(format!("{flavor}-{articles}.stamp"));
    // The generator is deterministic: same script, same arguments, same site.
    let script = std::fs::read(&generator).expect("read the generator");
    let stamp = format!("{flavor} {articles} {:016x}", fnv1a(&script));
    if std::fs::read_to_string(&stamp_file).ok().as_deref() != Some(stamp.as_str()) {
        eprintln!(
            "  generating the {flavor} site of {articles} articles into {}",
            dir.display()
        );
        let _ = std::fs::remove_file(&stamp_file);
        let status = Command::new("python3")
            .arg(&generator)
            .args([
                "--pages",
                &articles.to_string(),
                "--flavor",
                flavor,
                "--force",
            ])
            .arg("--out")
            .arg(&dir)
            .stdout(std::process::Stdio::null())
            .status()
            .expect("python3 runs the generator");
        assert!(status.success(), "{} failed", generator.display());
        std::fs::write(&stamp_file, stamp).expect("write the stamp");
    }
    if flavor == "vitrine" {
        let themes = dir.join("themes");
        let _ = std::fs::remove_dir_all(&themes);
        copy_dir(&repo().join("themes"), &themes);
        add_legal_notice(&dir.join("content/site.yaml"));
    }
    dir
}

/// A site built for publishing needs its legal notice, which the shared
/// generator does not write: the example site's, added once.
fn add_legal_notice(site_yaml: &Path) {
    let text = std::fs::read_to_string(site_yaml).expect("read the corpus's site.yaml");
    if text.contains("\nmentions_legales:") {
        return;
    }
    let notice = "\nmentions_legales:\n  editeur: Établissement public territorial Grand-Orly Seine Bièvre\n  \
                  directeur_publication: Michel Leprêtre\n  hebergeur:\n    nom: OVH SAS\n    \
                  adresse: [2 rue Kellermann, 59100 Roubaix]\n    telephone: +33 9 72 10 10 07\n";
    std::fs::write(site_yaml, text + notice).expect("write the corpus's site.yaml");
}

/// `gen_corpus.py`: `VITRINE_BENCH_GENERATOR`, or `shared/bench/` beside
/// the repository or beside one of its parent folders.
fn generator() -> PathBuf {
    if let Some(path) = std::env::var_os("VITRINE_BENCH_GENERATOR") {
        return path.into();
    }
    repo()
        .ancestors()
        .skip(1)
        .map(|dir| dir.join("shared/bench/gen_corpus.py"))
        .find(|path| path.is_file())
        .unwrap_or_else(|| {
            panic!(
                "gen_corpus.py not found in ../shared/bench/ of the repository or its parents: \
                 set VITRINE_BENCH_GENERATOR to its path"
            )
        })
}

/// FNV-1a, 64 bits: a stable fingerprint of the generator's text.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
