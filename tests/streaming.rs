//! The build streamed into the output: `vitrine build` writes each file to
//! the staging folder as it is produced instead of holding the site, and
//! writes the very bytes of the build kept in memory. A build that fails
//! midway (a template error on one page, a static file on a page's
//! address, a write that fails) still leaves the previous output exactly
//! as it was, and no staging folder.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::sync::Mutex;

use common::assertions::{assert_at, single, stderr};
use common::{Fixture, Snapshot};
use vitrine::Diagnostic;
use vitrine::output::{MARKER, MemorySink, OutputFile, Sink};
use vitrine::pipeline::{BuildOptions, build_into, today};
use vitrine::source::{Opened, SiteFiles};

const ARTICLE: &str = "content/actualites/premier-article.md";

/// The names beside the output that are the swap's (staging, previous).
fn leftovers(root: &Path) -> Vec<String> {
    fs::read_dir(root)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".vitrine-"))
        .collect()
}

/// Adds `count` articles after the tiny site's own, so that rendering has
/// many pages to write around a failing one.
fn more_articles(site: &Fixture, count: usize) {
    for n in 1..=count {
        let text = common::tiny::ARTICLE
            .replace("Premier article", &format!("Article {n}"))
            .replace("2023-10-15", &format!("2023-09-{:02}", n % 28 + 1));
        site.write(&format!("content/actualites/article-{n}.md"), &text);
    }
}

/// Publishes into `public/` and expects a failure that leaves it
/// byte-identical and nothing beside it.
fn fails_cleanly(site: &Fixture, before: &Snapshot) -> vitrine::Diagnostics {
    let diagnostics = site.fails(before);
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
    diagnostics
}

#[test]
fn the_published_site_is_the_build_kept_in_memory() {
    let site = Fixture::example();
    // The binary builds "today": so does the library build compared with
    // it, on the same day (a run across midnight is run again).
    let (built, published) = loop {
        let day = today();
        let run = site.vitrine(&["build", "--output", "public"]);
        assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
        let mut options = BuildOptions::new(site.root());
        options.today = day;
        // What `vitrine build` does: a production build (style sheets
        // fingerprinted, legal notice required).
        options.production = true;
        let built = vitrine::build(&options).expect("the example builds");
        if today() == day {
            break (built, site.snapshot("public"));
        }
    };
    let mut expected: BTreeMap<_, _> = built
        .files
        .into_iter()
        .map(|f| (Path::new(&f.path).to_path_buf(), f.contents))
        .collect();
    assert!(expected.keys().any(|p| p.starts_with("medias")));
    assert!(
        expected
            .keys()
            .any(|p| p.extension() == Some("css".as_ref()))
    );
    expected.insert(
        MARKER.into(),
        fs::read(site.path("public").join(MARKER)).unwrap(),
    );
    assert_eq!(published, Snapshot::from(expected));
}

#[test]
fn a_template_error_on_one_page_midway_leaves_the_previous_site() {
    let site = Fixture::tiny();
    more_articles(&site, 40);
    let before = site.published();
    assert!(before.has("actualites/article-40/index.html"));
    // Only the 20th article fails: the pages around it are rendered, and
    // written to the staging folder, before and after.
    site.replace(
        "themes/essai/templates/article.html",
        "<h1>",
        "{% if article.slug == \"article-20\" %}{{ inconnue }}{% endif %}<h1>",
    );
    let diagnostics = fails_cleanly(&site, &before);
    let diagnostic = single(&diagnostics);
    assert_at(diagnostic, "themes/essai/templates/article.html", Some(1));
    assert_eq!(
        diagnostic.message(),
        "erreur dans le gabarit « article.html » : la variable « inconnue » n'est pas définie"
    );
}

#[test]
fn a_static_file_on_a_page_address_leaves_the_previous_site() {
    let site = Fixture::tiny();
    let before = site.published();
    site.write("static/actualites/index.html", "<p>ancienne liste</p>");
    let diagnostics = fails_cleanly(&site, &before);
    assert_eq!(
        single(&diagnostics).to_string(),
        "erreur : le fichier statique « actualites/index.html » a la même adresse qu'une page générée\n  --> static/actualites/index.html\n  = aide : renommez ou supprimez ce fichier statique"
    );
}

#[test]
fn a_theme_file_on_a_page_address_is_named_where_it_is() {
    let site = Fixture::tiny();
    let before = site.published();
    site.write("themes/essai/static/atom.xml", "<feed/>");
    let diagnostics = fails_cleanly(&site, &before);
    assert_at(single(&diagnostics), "themes/essai/static/atom.xml", None);
}

#[test]
fn a_write_that_fails_after_the_pages_leaves_the_previous_site() {
    // `actualites` is a folder of pages: a static file by that name cannot
    // be written beside it, which only the write finds out.
    let site = Fixture::tiny();
    let before = site.published();
    site.write("static/actualites", "pas un dossier");
    let diagnostics = fails_cleanly(&site, &before);
    assert_eq!(
        single(&diagnostics).to_string(),
        "erreur : écriture impossible : c'est un dossier, pas un fichier\n  --> public\n  = aide : vérifiez les droits d'écriture et la place disponible, ou choisissez un autre dossier avec --output"
    );

    let run = site.vitrine(&["build"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).ends_with("Le site publié précédemment dans ./public n'a pas été modifié.\n"),
        "{}",
        stderr(&run)
    );
    assert_eq!(site.snapshot("public"), before);
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

#[test]
fn a_folder_of_static_files_over_a_page_file_fails_the_write() {
    let site = Fixture::tiny();
    let before = site.published();
    site.write("static/atom.xml/ancien.xml", "<feed/>");
    let diagnostics = fails_cleanly(&site, &before);
    assert_eq!(
        single(&diagnostics).message(),
        "écriture impossible : le fichier existe déjà"
    );
}

/// A sink that records the order files come in, as `vitrine build` would
/// write them.
#[derive(Default)]
struct Recorder {
    files: Mutex<Vec<String>>,
}

impl Sink for Recorder {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        self.files.lock().unwrap().push(file.path);
        Ok(())
    }

    fn copy(&self, path: &str, from: Opened) -> Result<(), Diagnostic> {
        drop(from);
        self.files.lock().unwrap().push(path.to_string());
        Ok(())
    }
}

#[test]
fn each_file_goes_to_the_sink_once_pages_before_static_files() {
    let site = Fixture::tiny();
    more_articles(&site, 5);
    let recorder = Recorder::default();
    let files = SiteFiles::new(site.root());
    let report = build_into(&files, &site.options(), &recorder, &mut ()).expect("builds");
    let taken = recorder.files.into_inner().unwrap();
    let memory = site.build().expect("builds");
    let mut sorted = taken.clone();
    sorted.sort();
    assert_eq!(sorted, memory.files.keys().cloned().collect::<Vec<_>>());
    assert_eq!(report.files, taken.len());
    // … and the five legal and index pages of issue 17.
    assert_eq!(report.pages, 6 + 4 + 2 + 1 + 1 + 1 + 5);
    // The one static file comes last: by then every page's address is known.
    assert_eq!(taken.last().map(String::as_str), Some("style.css"));
}

#[test]
fn a_failed_build_still_reports_every_problem_at_once() {
    let site = Fixture::tiny();
    let before = site.published();
    site.replace(ARTICLE, "[upec, territoire]", "[upek, territoire]")
        .replace(
            "themes/essai/templates/page.html",
            "<h1>",
            "{{ inconnue }}<h1>",
        )
        .write("static/index.html", "<p>accueil</p>");
    let diagnostics = fails_cleanly(&site, &before);
    let places: Vec<String> = diagnostics
        .iter()
        .map(|d| d.location.file.display().to_string())
        .collect();
    assert_eq!(
        places,
        [
            ARTICLE,
            "static/index.html",
            "themes/essai/templates/page.html"
        ]
    );
}

#[test]
fn the_memory_sink_sorts_what_it_took() {
    let sink = MemorySink::new(Path::new(""));
    sink.put(OutputFile::new("b.html", "b")).unwrap();
    sink.put(OutputFile::new("a.html", "a")).unwrap();
    let paths: Vec<String> = sink.into_files().into_iter().map(|f| f.path).collect();
    assert_eq!(paths, ["a.html", "b.html"]);
}

/// A sink that refuses the search index's files, as a full disk would.
struct RefusesIndex;

#[derive(Debug)]
struct Refused;

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("écriture impossible")
    }
}

impl vitrine::error::Describe for Refused {
    fn hint(&self) -> Option<String> {
        None
    }
}

impl Sink for RefusesIndex {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        match file.path.starts_with("recherche/index/") {
            true => Err(Diagnostic::new(
                vitrine::error::Location::file(file.path),
                Refused,
            )),
            false => Ok(()),
        }
    }

    fn copy(&self, _: &str, from: Opened) -> Result<(), Diagnostic> {
        drop(from);
        Ok(())
    }
}

#[test]
fn a_search_index_file_that_cannot_be_written_fails_the_build_naming_it() {
    let site = Fixture::minimal();
    let files = SiteFiles::new(site.root());
    let Err(diagnostics) = build_into(&files, &site.options(), &RefusesIndex, &mut ()) else {
        panic!("the build goes on as if the index were written");
    };
    let named: Vec<String> = diagnostics
        .iter()
        .map(|d| d.location.file.display().to_string())
        .collect();
    assert!(
        named.contains(&"recherche/index/meta.json".to_string()),
        "{named:?}"
    );
    assert!(
        named.contains(&"recherche/index/d-0.json".to_string()),
        "{named:?}"
    );
    assert!(
        named
            .iter()
            .all(|file| file.starts_with("recherche/index/")),
        "{named:?}"
    );
}
