//! The pipeline as a library: building from files held in memory gives the
//! same site as from a folder, and `check` lints what the build's stages
//! produced (each body parsed once) with the same findings as before.

mod common;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use common::files::repo;
use common::{Fixture, tiny};
use pulldown_cmark::Event;
use vitrine::check::{Lint, check_from};
use vitrine::commonmark::LineIndex;
use vitrine::markdown::{BodyInspector, Source};
use vitrine::model::Date;
use vitrine::pipeline::{BuildOptions, Inspector, build_from, build_with};
use vitrine::source::{Files, MemoryFiles, SiteFiles};

/// The tiny site of `Fixture::tiny()`, never written to disk.
fn tiny_in_memory() -> MemoryFiles {
    let mut files: MemoryFiles = [
        ("content/site.yaml", tiny::SITE),
        ("content/convention.yaml", tiny::CONVENTION),
        ("content/partenaires.yaml", tiny::PARTNERS),
        ("content/thematiques.yaml", tiny::THEMES),
        ("content/actualites/premier-article.md", tiny::ARTICLE),
        ("content/pages/a-propos.md", tiny::PAGE),
        ("themes/essai/static/style.css", "body { margin: 0 }"),
    ]
    .into_iter()
    .collect();
    for (name, text) in tiny::TEMPLATES {
        files.insert(format!("themes/essai/templates/{name}"), text);
    }
    files
}

fn options(root: &Path, today: &str) -> BuildOptions {
    let mut options = BuildOptions::new(root);
    options.today = Date::parse(today).expect("date");
    options
}

fn by_path(files: Vec<vitrine::output::OutputFile>) -> BTreeMap<String, Vec<u8>> {
    files.into_iter().map(|f| (f.path, f.contents)).collect()
}

/// Every file below `dir` of the repository, read into memory.
fn read_tree(files: &mut MemoryFiles, relative: &str) {
    for entry in walkdir::WalkDir::new(repo().join(relative)) {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let path = entry.path().strip_prefix(repo()).expect("inside");
            files.insert(path, std::fs::read(entry.path()).expect("read"));
        }
    }
}

#[test]
fn the_tiny_site_builds_from_memory_as_from_disk() {
    let disk = Fixture::tiny().build().expect("disk build").files;
    let memory =
        build_from(&tiny_in_memory(), &options(Path::new(""), tiny::TODAY)).expect("memory build");
    assert!(memory.pages > 0);
    assert_eq!(by_path(memory.files), disk);
}

#[test]
fn the_example_site_builds_from_memory_as_from_disk() {
    let mut files = MemoryFiles::new();
    read_tree(&mut files, "content");
    read_tree(&mut files, "themes");
    let options = options(&repo(), "2026-11-28");
    let disk = vitrine::build(&options).expect("disk build");
    let memory = build_from(&files, &options).expect("memory build");
    assert_eq!(memory.pages, disk.pages);
    assert_eq!(by_path(memory.files), by_path(disk.files));
}

#[test]
fn problems_of_a_site_in_memory_name_its_files() {
    let mut files = tiny_in_memory();
    files.insert(
        "content/actualites/premier-article.md",
        tiny::ARTICLE.replace("@/pages/a-propos.md", "@/pages/apropos.md"),
    );
    let errors = build_from(&files, &options(Path::new(""), tiny::TODAY)).unwrap_err();
    assert_eq!(
        errors.to_string(),
        "erreur : lien vers un fichier introuvable « @/pages/apropos.md »\n  --> content/actualites/premier-article.md:13:6\n  = aide : vouliez-vous dire « @/pages/a-propos.md » ?\n           un lien interne s'écrit « @/actualites/fichier.md » ou « @/pages/fichier.md »"
    );
}

#[test]
fn a_site_in_memory_without_content_says_so() {
    let files: MemoryFiles = [("themes/essai/templates/index.html", "x")]
        .into_iter()
        .collect();
    let errors = build_from(&files, &options(Path::new(""), tiny::TODAY)).unwrap_err();
    let text = errors.to_string();
    assert!(
        text.starts_with("erreur : le dossier de contenu est introuvable\n  --> content\n"),
        "{text}"
    );
}

/// Counts what the build shows of its stages.
#[derive(Default)]
struct Counter {
    loaded: usize,
    validated: usize,
    templates: usize,
    rendered: usize,
    bodies: Mutex<Vec<PathBuf>>,
}

impl BodyInspector for Counter {
    fn body(&self, source: &Source, _: &LineIndex, _: &[(Event<'_>, Range<usize>)]) {
        self.bodies.lock().unwrap().push(source.file.to_path_buf());
    }
}

impl Inspector for Counter {
    fn loaded(&mut self, _: &vitrine::model::Content) {
        self.loaded += 1;
    }
    fn validated(&mut self, _: &vitrine::model::Site, _: &vitrine::urls::BaseUrl) {
        self.validated += 1;
    }
    fn templates(&mut self, _: &vitrine::templates::Templates) {
        self.templates += 1;
    }
    fn rendered(&mut self, _: &vitrine::markdown::Bodies) {
        self.rendered += 1;
    }
}

#[test]
fn each_stage_shows_its_result_once_and_each_body_once() {
    let site = Fixture::example();
    let mut counter = Counter::default();
    let built =
        build_with(&SiteFiles::new(site.root()), &site.options(), &mut counter).expect("build");
    assert_eq!(
        (
            counter.loaded,
            counter.validated,
            counter.templates,
            counter.rendered
        ),
        (1, 1, 1, 1)
    );
    let mut bodies = counter.bodies.into_inner().unwrap();
    let count = bodies.len();
    bodies.sort();
    bodies.dedup();
    assert_eq!(bodies.len(), count, "a body was shown twice");
    // Every article and page published (not those with `publier: false`),
    // and nothing else.
    let published = built.articles
        + site
            .root()
            .join("content/pages")
            .read_dir()
            .unwrap()
            .filter(|entry| {
                let text = std::fs::read_to_string(entry.as_ref().unwrap().path()).unwrap();
                !text.contains("\npublier: false\n")
            })
            .count();
    assert_eq!(count, published);
}

/// A site with a vague link in the article and, elsewhere, one problem.
fn vague_link_with(problem: impl FnOnce(&mut MemoryFiles)) -> Vec<(String, Lint)> {
    let mut files = tiny_in_memory();
    files.insert(
        "content/actualites/premier-article.md",
        tiny::ARTICLE.replace("[la convention]", "[ici]"),
    );
    problem(&mut files);
    let report = check_from(&files, &options(Path::new(""), tiny::TODAY), false);
    assert!(!report.errors.is_empty() || report.passes());
    report
        .findings
        .into_iter()
        .map(|f| (f.location.to_string(), f.lint))
        .collect()
}

#[test]
fn check_lints_bodies_that_the_build_renders() {
    let findings = vague_link_with(|_| {});
    assert_eq!(
        findings,
        [(
            "content/actualites/premier-article.md:13:40".to_string(),
            Lint::VagueLinkText { text: "ici".into() }
        )]
    );
}

#[test]
fn check_lints_bodies_that_the_build_does_not_render() {
    // Another file that fails to load: bodies are not rendered at all.
    let broken_file = vague_link_with(|files| {
        files.insert(
            "content/pages/casse.md",
            b"---\ntitre: \xff\n---\n".to_vec(),
        );
    });
    // A title with no letter: the article has no address and is not rendered.
    let no_address = vague_link_with(|files| {
        files.insert(
            "content/actualites/premier-article.md",
            tiny::ARTICLE
                .replace("[la convention]", "[ici]")
                .replace("titre: Premier article", "titre: \"!!!\""),
        );
    });
    for findings in [broken_file, no_address] {
        assert!(
            findings.contains(&(
                "content/actualites/premier-article.md:13:40".to_string(),
                Lint::VagueLinkText { text: "ici".into() }
            )),
            "{findings:?}"
        );
    }
}

#[test]
fn check_in_memory_reports_as_on_disk() {
    let site = Fixture::tiny();
    site.replace(
        "content/actualites/premier-article.md",
        "[la convention]",
        "[ici]",
    );
    let disk = vitrine::check::check(&site.options(), false).to_string();
    let mut files = tiny_in_memory();
    files.insert(
        "content/actualites/premier-article.md",
        site.read("content/actualites/premier-article.md"),
    );
    let memory = check_from(&files, &options(Path::new(""), tiny::TODAY), false).to_string();
    assert_eq!(memory, disk);
    assert!(
        disk.contains("texte de lien peu explicite « ici »"),
        "{disk}"
    );
    assert!(SiteFiles::new(site.root()).is_dir(&site.path("content")));
}
