//! The search index the build writes (src/search/): what it keys (French
//! stems, folded accents), what it leaves out (the page chrome), that it
//! is the same bytes from one build to the next, that it works under a
//! sub-path, and that a theme without a search page gets none.
//! tests/browser/search.test.mjs types real queries against it.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::Fixture;
use common::assertions::{assert_french, problem, single};
use vitrine::incremental::{Rebuilt, rebuild};
use vitrine::search::{TOP_WEIGHT, bucket_of, buckets, compact};
use vitrine::validate::ContentError;

/// The files of the search index, by path.
fn index(files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<&str, &str> {
    files
        .iter()
        .filter(|(path, _)| path.starts_with("recherche/"))
        .map(|(path, bytes)| (path.as_str(), std::str::from_utf8(bytes).expect("UTF-8")))
        .collect()
}

/// The postings of `key` (document, weight), or None when not indexed.
fn postings(files: &BTreeMap<String, Vec<u8>>, key: &str) -> Option<Vec<(usize, u32)>> {
    let meta = text(files, "recherche/index/meta.json");
    let documents = number_after(&meta, "\"documents\":");
    assert_eq!(number_after(&meta, "\"buckets\":"), buckets(documents));
    let bucket = text(
        files,
        &format!(
            "recherche/index/t-{}.json",
            bucket_of(key, buckets(documents))
        ),
    );
    let start = bucket.find(&format!("\"{key}\":\""))? + key.len() + 4;
    let list = &bucket[start..start + bucket[start..].find('"')?];
    let top = u64::from(TOP_WEIGHT);
    let mut next = 0;
    Some(
        compact::decode(list)
            .expect("postings")
            .into_iter()
            .map(|posting| {
                let document = next + (posting / top) as usize;
                next = document + 1;
                (document, (posting % top) as u32 + 1)
            })
            .collect(),
    )
}

fn text(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        files
            .get(path)
            .unwrap_or_else(|| panic!("no {path}"))
            .clone(),
    )
    .expect("UTF-8")
}

fn number_after(text: &str, label: &str) -> usize {
    let start = text.find(label).expect(label) + label.len();
    let digits: String = text[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().expect("number")
}

/// The document numbers of the pages at `paths`, from the fragments.
fn document_of(files: &BTreeMap<String, Vec<u8>>, path: &str) -> usize {
    let fragment = text(files, "recherche/index/d-0.json");
    let before = &fragment[..fragment.find(&format!("[\"{path}\",")).expect(path)];
    before.matches("[\"/").count()
}

#[test]
fn the_example_site_has_a_search_page_an_index_and_its_client() {
    let built = Fixture::example().build().expect("the example builds");
    let files = index(&built.files);
    for path in [
        "recherche/index.html",
        "recherche/recherche.js",
        "recherche/index/meta.json",
        "recherche/index/d-0.json",
    ] {
        assert!(
            files.contains_key(path),
            "{path} missing: {:?}",
            files.keys()
        );
    }
    // 6 articles, 1 page, the 2 legal pages, 11 partners, 5 themes and
    // the convention.
    let meta = files["recherche/index/meta.json"];
    assert_eq!(number_after(meta, "\"documents\":"), 26, "{meta}");
    // The partner filter: the five articles citing the UPEC, then its page.
    let label = "[\"Université Paris-Est Créteil\",\"";
    let start = meta.find(label).expect(meta) + label.len();
    let gaps = compact::decode(&meta[start..start + meta[start..].find('"').unwrap()]);
    let mut next = 0;
    let upec: Vec<usize> = (gaps.expect("compact numbers").into_iter())
        .map(|gap| {
            next += gap as usize + 1;
            next - 1
        })
        .collect();
    assert_eq!(upec.len(), 6, "{upec:?}");
    let lissi = "/actualites/lissi-et-icmpe-deux-laboratoires-de-lupec-au-service-des-thematiques-du-territoire/";
    assert!(upec.contains(&document_of(&built.files, lissi)), "{upec:?}");
    assert_eq!(upec[5], document_of(&built.files, "/partenaires/upec/"));
    // Each label once in meta.json; a document gives its number.
    let start = meta.find("\"labels\":[\"").expect(meta) + 11;
    let labels: Vec<&str> = meta[start..start + meta[start..].find("\"]").unwrap()]
        .split("\",\"")
        .collect();
    let fragment = files["recherche/index/d-0.json"];
    let record = &fragment[fragment.find(&format!("[\"{lissi}\",")).unwrap()..];
    let number = record.split(',').nth(3).expect("a label's number");
    assert_eq!(labels[number.parse::<usize>().expect(number)], "Recherche");
    let kinds = ["Convention", "Page", "Partenaire", "Thématique"];
    assert!(kinds.iter().all(|k| labels.contains(k)), "{labels:?}");
    assert_eq!(fragment.matches("\"Recherche\"").count(), 0, "{fragment}");
    // The header of every page has the search landmark, leading to /recherche/.
    let home = text(&built.files, "index.html");
    assert!(
        home.contains(
            "role=\"search\" aria-label=\"Rechercher sur le site\" action=\"/recherche/\""
        )
    );
    // The results page is no page to announce.
    assert!(!text(&built.files, "sitemap.xml").contains("/recherche/"));
}

#[test]
fn plural_singular_and_accents_share_one_key() {
    let built = Fixture::example().build().expect("the example builds");
    let files = &built.files;
    let convention = document_of(
        files,
        "/actualites/grand-orly-seine-bievre-et-lupec-un-engagement-renouvele-pour-la-formation-et-linnovation/",
    );
    let a_propos = document_of(files, "/a-propos/");
    // « Laboratoire » (this article) and « laboratoires » (others): one stem.
    let laboratoir = postings(files, "laboratoir").expect("laboratoir is a key");
    assert!(
        laboratoir.iter().any(|(d, _)| *d == convention),
        "{laboratoir:?}"
    );
    assert!(laboratoir.len() > 3, "{laboratoir:?}");
    assert_eq!(postings(files, "laboratoires"), None);
    assert_eq!(postings(files, "laboratoire"), None);
    // « Créteil » is keyed without its accent.
    let creteil = postings(files, "creteil").expect("creteil is a key");
    assert!(creteil.iter().any(|(d, _)| *d == a_propos), "{creteil:?}");
    assert_eq!(postings(files, "créteil"), None);
    // Stop words are not keyed.
    assert_eq!(postings(files, "les"), None);
}

#[test]
fn a_title_weighs_more_than_the_text() {
    let built = Fixture::example().build().expect("the example builds");
    let files = &built.files;
    let lissi = document_of(
        files,
        "/actualites/lissi-et-icmpe-deux-laboratoires-de-lupec-au-service-des-thematiques-du-territoire/",
    );
    let convention = document_of(
        files,
        "/actualites/grand-orly-seine-bievre-et-lupec-un-engagement-renouvele-pour-la-formation-et-linnovation/",
    );
    let laboratoir = postings(files, "laboratoir").expect("laboratoir is a key");
    let weight = |doc| {
        laboratoir
            .iter()
            .find(|(d, _)| *d == doc)
            .expect("indexed")
            .1
    };
    assert!(weight(lissi) > 10, "in the title: {laboratoir:?}");
    assert!(weight(convention) < 10, "in the text only: {laboratoir:?}");
}

#[test]
fn the_page_chrome_is_not_indexed() {
    let site = Fixture::example();
    // A word in the menu, the footer and the breadcrumbs of every page,
    // another in one article's body.
    site.replace(
        "content/site.yaml",
        "menu:",
        "menu:\n  - titre: Zorglub\n    url: /convention/",
    )
    .replace(
        "themes/hub/templates/_pied.html",
        "<footer",
        "<p>Ornithorynque</p><footer",
    )
    .replace(
        "themes/hub/templates/_fil_ariane.html",
        "<ol",
        "<span>Pangolin</span><ol",
    )
    .replace(
        "content/actualites/laboratoires-lissi-icmpe.md",
        "\n\n",
        "\n\nLes xylophones du laboratoire.\n\n",
    );
    let built = site.build().expect("the site builds");
    let files = &built.files;
    assert!(text(files, "index.html").contains("Zorglub"));
    assert!(text(files, "index.html").contains("Ornithorynque"));
    assert!(text(files, "convention/index.html").contains("Pangolin"));
    for chrome in ["zorglub", "ornithorynqu", "ornithorynque", "pangolin"] {
        assert_eq!(postings(files, chrome), None, "{chrome} is chrome");
    }
    let xylophon = postings(files, "xylophon").expect("the body is indexed");
    assert_eq!(xylophon.len(), 1, "{xylophon:?}");
    // Nor is the text of the search page itself, nor the 404 page.
    let data: Vec<&str> = index(files)
        .into_iter()
        .filter(|(p, _)| p.starts_with("recherche/index/"))
        .map(|(_, t)| t)
        .collect();
    assert!(!data.iter().any(|t| t.contains("Mots à chercher")));
    assert!(!data.iter().any(|t| t.contains("Page introuvable")));
}

#[test]
fn the_same_site_gives_the_same_index_bytes() {
    let site = Fixture::example();
    let first = site.build().expect("builds");
    let second = site.build().expect("builds");
    let (first, second) = (index(&first.files), index(&second.files));
    assert!(first.len() > 5);
    assert_eq!(first, second);
}

#[test]
fn under_a_sub_path_the_page_links_below_it_and_the_index_is_the_same() {
    let site = Fixture::example();
    let at_root = site.build().expect("builds");
    let mut options = site.options();
    options.base_url = Some("https://hub-innovation.example.fr/hub/".into());
    let below = site.build_with(&options).expect("builds");
    let page = text(&below.files, "recherche/index.html");
    assert!(
        page.contains("data-index=\"/hub/recherche/index/\" data-racine=\"/hub/\""),
        "{page}"
    );
    assert!(
        page.contains("<script src=\"/hub/recherche/recherche.js\" defer>"),
        "{page}"
    );
    assert!(text(&below.files, "index.html").contains("action=\"/hub/recherche/\""));
    // Addresses in the index are the site's own; the client adds the base.
    // (The texts may differ: the accessibility statement names the site
    // by its full address.)
    let data = |built: &common::Built| {
        let mut files = index(&built.files)
            .into_iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect::<BTreeMap<_, _>>();
        files.remove("recherche/index.html");
        files
    };
    let (root_files, below_files) = (data(&at_root), data(&below));
    assert_eq!(
        root_files.keys().collect::<Vec<_>>(),
        below_files.keys().collect::<Vec<_>>()
    );
    for (path, text) in &below_files {
        assert!(!text.contains("\"/hub/"), "{path}: {text}");
    }
    // Nothing loaded from another host, nor from this one by full address.
    assert!(
        !page.contains("src=\"http") && !page.contains("http://"),
        "{page}"
    );
}

#[test]
fn a_theme_without_a_search_page_has_no_search() {
    let built = Fixture::tiny().build().expect("the tiny site builds");
    assert!(
        index(&built.files).is_empty(),
        "{:?}",
        index(&built.files).keys()
    );
}

#[test]
fn a_page_may_not_take_the_search_page_address() {
    let site = Fixture::minimal();
    site.write(
        "content/pages/chercher.md",
        "---\ntitre: Chercher\nslug: recherche\n---\nTexte.\n",
    );
    let diagnostics = site.errors();
    let diagnostic = single(&diagnostics);
    assert_french(diagnostic);
    let Some(ContentError::DuplicateUrl { path, .. }) = problem(diagnostic) else {
        panic!("{diagnostic}")
    };
    assert_eq!(path, "/recherche/");
    assert!(diagnostic.to_string().contains("réservée"), "{diagnostic}");
    assert_eq!(
        diagnostic.location.file,
        PathBuf::from("content/pages/chercher.md")
    );
    // The title line, which makes the address with the slug.
    assert_eq!(diagnostic.location.line, Some(2), "{diagnostic}");
}

#[test]
fn serve_re_indexes_a_saved_body_like_a_full_build() {
    let site = Fixture::example();
    let options = site.options();
    let (_, kept) = vitrine::incremental::build(&options).expect("builds");
    let article = "content/actualites/laboratoires-lissi-icmpe.md";
    site.replace(article, "\n\n", "\n\nLes xylophones du laboratoire.\n\n");
    let (result, _) = rebuild(Some(kept), &options, &[site.path(article)]);
    let Ok(Rebuilt::Changed(files)) = result else {
        panic!("a body edit is rebuilt incrementally")
    };
    let full = site.build().expect("builds");
    let changed: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert!(
        changed.contains(&"recherche/index/meta.json"),
        "{changed:?}"
    );
    for file in &files {
        assert_eq!(
            full.files[&file.path], file.contents,
            "{} differs",
            file.path
        );
    }
    assert!(postings(&full.files, "xylophon").is_some());
}
