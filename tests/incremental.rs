//! The incremental rebuild of `serve` (`vitrine::incremental`) gives,
//! after every edit, exactly the files and the diagnostics of a full build.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::Fixture;
use proptest::prelude::*;
use vitrine::incremental::{Kept, Rebuilt, rebuild};

const NAMES: [&str; 5] = ["premier", "second", "troisieme", "quatrieme", "cinquieme"];
const TITLES: [&str; 3] = ["(le nom du fichier)", "Un titre « cité »", "Autre nouvelle"];
const DATES: [&str; 4] = ["2023-10-15", "2023-10-01", "2024-01-05", "2023-10-15"];
const PARTNERS: [&str; 4] = ["[]", "[alpha]", "[alpha, beta]", "[inconnu]"];
/// Bodies; most edits keep the headings, so that most take the short way.
const BODIES: [&str; 8] = [
    "## Une section\n\nDu texte.\n",
    "## Une section\n\nUn autre texte, plus long : « bravo » !\n",
    "## Une section\n\nVoir le [second](@/actualites/second.md).\n",
    "Voir le [premier](@/actualites/premier.md#une-section).\n",
    "Vers [la page](@/pages/a-propos.md) et [le second](@/actualites/second.md).\n",
    "Un *seul* paragraphe.\n",
    "## Autre titre\n\nDu texte.\n",
    "Lien cassé vers [rien](@/actualites/absent.md).\n",
];

/// One article's file, as its fields.
#[derive(Debug, Clone, Copy, Default)]
struct Article {
    title: usize,
    date: usize,
    partners: usize,
    draft: bool,
    body: usize,
}

impl Article {
    /// The file of article `index`: titles differ by the article's name,
    /// so that only some title edits make two addresses collide.
    fn text(self, index: usize) -> String {
        let draft = if self.draft { "brouillon: true\n" } else { "" };
        let title = match self.title {
            0 => NAMES[index].to_string(),
            title => TITLES[title].to_string(),
        };
        format!(
            "---\ntitre: {title}\ndate: {}\npartenaires: {}\nthematiques: [sante]\n{draft}---\n\n{}",
            DATES[self.date], PARTNERS[self.partners], BODIES[self.body]
        )
    }
}

#[derive(Debug, Clone, Copy)]
enum Edit {
    Body(usize, usize),
    Title(usize, usize),
    Date(usize, usize),
    Partners(usize, usize),
    Draft(usize, bool),
    Delete(usize),
    /// Shows every article's body in its card and its neighbours' bodies
    /// on its page, or stops.
    Template(bool),
}

fn edit() -> impl Strategy<Value = Edit> {
    let name = 0..NAMES.len();
    prop_oneof![
        6 => (name.clone(), 0..BODIES.len()).prop_map(|(a, b)| Edit::Body(a, b)),
        1 => (name.clone(), 0..TITLES.len()).prop_map(|(a, t)| Edit::Title(a, t)),
        1 => (name.clone(), 0..DATES.len()).prop_map(|(a, d)| Edit::Date(a, d)),
        1 => (name.clone(), 0..PARTNERS.len()).prop_map(|(a, p)| Edit::Partners(a, p)),
        1 => (name.clone(), any::<bool>()).prop_map(|(a, d)| Edit::Draft(a, d)),
        1 => name.prop_map(Edit::Delete),
        1 => any::<bool>().prop_map(Edit::Template),
    ]
}

/// The minimal site with three articles linking to each other, its
/// templates showing other articles' bodies when `shown`.
fn site(shown: bool) -> (Fixture, BTreeMap<usize, Article>) {
    let fixture = Fixture::minimal();
    let mut articles = BTreeMap::new();
    apply(&fixture, &mut articles, Edit::Template(shown));
    articles.extend([
        (0, Article::default()),
        (
            1,
            Article {
                date: 1,
                partners: 2,
                body: 3,
                ..Article::default()
            },
        ),
        (
            2,
            Article {
                title: 2,
                date: 2,
                partners: 1,
                body: 4,
                ..Article::default()
            },
        ),
    ]);
    for (index, article) in &articles {
        write_article(&fixture, *index, *article);
    }
    // Every article's first address and three list pages were published:
    // title edits, drafts and deletions make redirects and retired pages.
    let mut ledger = String::from("/actualites/page/2/\n/actualites/page/3/\n");
    for (index, name) in NAMES.iter().enumerate() {
        ledger.push_str(&format!("/actualites/{name}/ {}\n", article_path(index)));
    }
    fixture.write("content/adresses.txt", &ledger);
    (fixture, articles)
}

fn article_path(index: usize) -> String {
    format!("content/actualites/{}.md", NAMES[index])
}

fn write_article(fixture: &Fixture, index: usize, article: Article) -> PathBuf {
    fixture.write(&article_path(index), &article.text(index));
    fixture.path(&article_path(index))
}

/// Applies `edit` to the site on disk; returns the path it changed.
fn apply(fixture: &Fixture, articles: &mut BTreeMap<usize, Article>, edit: Edit) -> PathBuf {
    let mut change = |index: usize, change: &dyn Fn(&mut Article)| {
        // Editing an article that is not there creates it.
        let article = articles.entry(index).or_default();
        change(article);
        write_article(fixture, index, *article)
    };
    match edit {
        Edit::Body(a, body) => change(a, &|article| article.body = body),
        Edit::Title(a, title) => change(a, &|article| article.title = title),
        Edit::Date(a, date) => change(a, &|article| article.date = date),
        Edit::Partners(a, partners) => change(a, &|article| article.partners = partners),
        Edit::Draft(a, draft) => change(a, &|article| article.draft = draft),
        Edit::Delete(a) => {
            if articles.remove(&a).is_some() {
                fixture.remove(&article_path(a));
            }
            fixture.path(&article_path(a))
        }
        Edit::Template(shown) => {
            let (card, page) = templates(shown);
            fixture.write("themes/hub/templates/_carte_article.html", &card);
            fixture.write("themes/hub/templates/article.html", &page);
            fixture.path("themes/hub/templates/article.html")
        }
    }
}

/// The hub theme's article card and page, showing other articles' bodies
/// when `shown`.
fn templates(shown: bool) -> (String, String) {
    let theme = common::files::repo().join("themes/hub/templates");
    let card = std::fs::read_to_string(theme.join("_carte_article.html")).unwrap();
    let page = std::fs::read_to_string(theme.join("article.html")).unwrap();
    if !shown {
        return (card, page);
    }
    let body = "{{ article.contenu | safe }}";
    let neighbours = "{% if precedent %}{{ precedent.contenu | safe }}{% endif %}\
                      {% if suivant %}{{ suivant.contenu | safe }}{% endif %}";
    assert!(card.contains("</article>") && page.contains(body));
    (
        card.replace("</article>", &format!("{body}</article>")),
        page.replacen(body, &format!("{body}{neighbours}"), 1),
    )
}

/// The files served after each rebuild, as `serve` keeps them.
#[derive(Default)]
struct Served {
    files: BTreeMap<String, Vec<u8>>,
    kept: Option<Kept>,
}

impl Served {
    /// Rebuilds as `serve` does; returns the diagnostics of a failed build.
    fn rebuild(&mut self, fixture: &Fixture, changed: Vec<PathBuf>) -> Result<(), String> {
        let (result, kept) = rebuild(self.kept.take(), &fixture.options(), &changed);
        self.kept = kept;
        match result.map_err(|diagnostics| diagnostics.to_string())? {
            Rebuilt::Whole(site) => {
                self.files = site
                    .files
                    .into_iter()
                    .map(|f| (f.path, f.contents))
                    .collect();
            }
            Rebuilt::Changed(files) => {
                self.files
                    .extend(files.into_iter().map(|f| (f.path, f.contents)));
            }
        }
        Ok(())
    }
}

/// Whether the served site is what a full build gives now: the same files,
/// or the same diagnostics.
fn assert_same_as_full_build(fixture: &Fixture, served: &Served, outcome: Result<(), String>) {
    match (fixture.build(), outcome) {
        (Ok(full), Ok(())) => {
            let paths =
                |files: &BTreeMap<String, Vec<u8>>| files.keys().cloned().collect::<Vec<_>>();
            assert_eq!(paths(&served.files), paths(&full.files));
            for (path, bytes) in &full.files {
                assert!(
                    served.files[path] == *bytes,
                    "{path} differs from a full build"
                );
            }
        }
        (Err(full), Err(incremental)) => assert_eq!(incremental, full.to_string()),
        (full, incremental) => panic!(
            "full build: {:?}, incremental: {incremental:?}",
            full.map(drop).map_err(|d| d.to_string())
        ),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn incremental_rebuilds_equal_full_builds(
        shown: bool,
        edits in prop::collection::vec(edit(), 1..12),
    ) {
        let (fixture, mut articles) = site(shown);
        let mut served = Served::default();
        let first = served.rebuild(&fixture, Vec::new());
        assert_same_as_full_build(&fixture, &served, first);
        for edit in edits {
            let changed = apply(&fixture, &mut articles, edit);
            let outcome = served.rebuild(&fixture, vec![changed]);
            assert_same_as_full_build(&fixture, &served, outcome);
        }
    }
}

#[test]
fn a_body_edit_renders_only_the_files_showing_the_article() {
    let (fixture, mut articles) = site(true);
    let mut served = Served::default();
    served.rebuild(&fixture, Vec::new()).unwrap();
    let (result, _) = rebuild(
        served.kept.take(),
        &fixture.options(),
        &[apply(&fixture, &mut articles, Edit::Body(0, 1))],
    );
    let files = match result {
        Ok(Rebuilt::Changed(files)) => files,
        Ok(Rebuilt::Whole(_)) => panic!("a body edit should not rebuild the whole site"),
        Err(diagnostics) => panic!("{diagnostics}"),
    };
    // The search index's files whose bytes changed: its version, the
    // article's text, the keys of its new words (tests/search.rs).
    let (index, paths): (Vec<&str>, Vec<&str>) = files
        .iter()
        .map(|f| f.path.as_str())
        .partition(|path| path.starts_with("recherche/"));
    assert!(index.contains(&"recherche/index/meta.json"), "{index:?}");
    assert!(index.contains(&"recherche/index/d-0.json"), "{index:?}");
    // The second newest article of three, citing no partner: its page and
    // its neighbours', the home page, the first list page, the feed, and
    // its theme's first page; with the same anchors, no other body.
    assert_eq!(
        paths,
        [
            "actualites/autre-nouvelle/index.html",
            "actualites/index.html",
            "actualites/premier/index.html",
            "actualites/second/index.html",
            "atom.xml",
            "index.html",
            "thematiques/sante/index.html",
        ]
    );
}
