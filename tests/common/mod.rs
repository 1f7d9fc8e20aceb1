//! Test fixtures: a site in a temp dir (the small `minimal()` site with the
//! repository's theme, the repository's `example()` site, or the `tiny()`
//! site with its own theme), edited by the test, then built in memory,
//! published to disk or run through the `vitrine` binary.
//!
//! Each test crate uses part of it.
#![allow(dead_code)]

pub mod assertions;
pub mod files;
#[cfg(feature = "serve")]
pub mod preview;
pub mod sse;
pub mod tiny;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use vitrine::model::Date;
use vitrine::{BuildOptions, BuiltSite, Diagnostics};

use assertions::assert_french;
use files::{copy_dir, example_site, repo};

/// The day the library builds of the minimal and example sites run on.
const TODAY: &str = "2026-11-28";

pub struct Fixture {
    dir: tempfile::TempDir,
    /// The "today" of library builds, so dates are reproducible.
    today: Date,
}

impl Fixture {
    fn new(dir: tempfile::TempDir, today: &str) -> Self {
        Self {
            dir,
            today: Date::parse(today).expect("valid date"),
        }
    }

    /// A small valid site with the repository's theme.
    pub fn minimal() -> Self {
        let fixture = Self::new(tempfile::tempdir().expect("temp dir"), TODAY);
        copy_dir(&repo().join("themes/hub"), &fixture.path("themes/hub"));
        for (path, text) in MINIMAL {
            fixture.write(path, text);
        }
        fixture
    }

    /// The repository's example site.
    pub fn example() -> Self {
        Self::new(example_site(), TODAY)
    }

    /// The tiny valid site of [`tiny`], with its own theme.
    pub fn tiny() -> Self {
        let fixture = Self::new(tempfile::tempdir().expect("temp dir"), tiny::TODAY);
        fixture
            .write("content/site.yaml", tiny::SITE)
            .write("content/convention.yaml", tiny::CONVENTION)
            .write("content/partenaires.yaml", tiny::PARTNERS)
            .write("content/thematiques.yaml", tiny::THEMES)
            .write("content/actualites/premier-article.md", tiny::ARTICLE)
            .write("content/pages/a-propos.md", tiny::PAGE)
            .write("themes/essai/static/style.css", "body { margin: 0 }");
        for (name, text) in tiny::TEMPLATES {
            fixture.write(&format!("themes/essai/templates/{name}"), text);
        }
        fixture
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    pub fn write(&self, relative: &str, text: &str) -> &Self {
        self.write_bytes(relative, text.as_bytes())
    }

    pub fn write_bytes(&self, relative: &str, bytes: &[u8]) -> &Self {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create dir");
        std::fs::write(&path, bytes).expect("write fixture file");
        self
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).expect("read fixture file")
    }

    /// Replaces the first `from` of a file by `to` (which must be there).
    pub fn replace(&self, relative: &str, from: &str, to: &str) -> &Self {
        let text = self.read(relative);
        assert!(text.contains(from), "{relative} has no {from:?}");
        self.write(relative, &text.replacen(from, to, 1))
    }

    pub fn remove(&self, relative: &str) -> &Self {
        let path = self.path(relative);
        if path.is_dir() {
            std::fs::remove_dir_all(path).expect("remove dir");
        } else {
            std::fs::remove_file(path).expect("remove file");
        }
        self
    }

    /// The options of library builds: the fixture's root and "today".
    pub fn options(&self) -> BuildOptions {
        let mut options = BuildOptions::new(self.root());
        options.today = self.today;
        options
    }

    /// The library build, in memory.
    pub fn build(&self) -> Result<Built, Diagnostics> {
        self.build_with(&self.options())
    }

    /// The library build as `vitrine publish` makes it: production (legal
    /// notice required, style sheet fingerprinted).
    pub fn build_for_production(&self) -> Result<Built, Diagnostics> {
        let mut options = self.options();
        options.production = true;
        self.build_with(&options)
    }

    pub fn build_with(&self, options: &BuildOptions) -> Result<Built, Diagnostics> {
        vitrine::build(options).map(Built::from)
    }

    /// Expects a failed build and returns its diagnostics.
    pub fn errors(&self) -> Diagnostics {
        match self.build() {
            Ok(_) => panic!("the build should have failed"),
            Err(diagnostics) => diagnostics,
        }
    }

    /// What `vitrine build` does: build into a fresh folder beside
    /// `output`, file by file, then swap it in.
    pub fn publish_to(&self, output: &Path) -> Result<(), Diagnostics> {
        vitrine::pipeline::publish(&self.options(), output).map(drop)
    }

    /// Builds the valid site into `public/` and returns its bytes, so a test
    /// can check that a failed build left it untouched.
    pub fn published(&self) -> Snapshot {
        self.publish_to(&self.path("public"))
            .unwrap_or_else(|d| panic!("the fixture should build:\n{d}"));
        self.snapshot("public")
    }

    /// Every file below `relative` and its bytes.
    pub fn snapshot(&self, relative: &str) -> Snapshot {
        Snapshot::of(&self.path(relative))
    }

    /// Publishes into `public/` and expects failure; checks that `public/` is
    /// byte-identical afterwards and that every message is French and names a file.
    pub fn fails(&self, before: &Snapshot) -> Diagnostics {
        let result = self.publish_to(&self.path("public"));
        let diagnostics = match result {
            Ok(()) => panic!("the build should fail"),
            Err(diagnostics) => diagnostics,
        };
        assert_eq!(
            &self.snapshot("public"),
            before,
            "a failed build must leave the previous output untouched"
        );
        for diagnostic in diagnostics.iter() {
            assert_french(diagnostic);
        }
        diagnostics
    }

    /// Runs the `vitrine` binary in the site root.
    pub fn vitrine(&self, args: &[&str]) -> Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_vitrine"))
            .args(args)
            .current_dir(self.root())
            .output()
            .expect("run vitrine")
    }
}

/// A built site in memory, addressed by output path.
pub struct Built {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl From<BuiltSite> for Built {
    fn from(site: BuiltSite) -> Self {
        Self {
            files: site
                .files
                .into_iter()
                .map(|f| (f.path, f.contents))
                .collect(),
        }
    }
}

impl Built {
    /// The text of the output file `path` (`actualites/x/index.html`).
    pub fn file(&self, path: &str) -> &str {
        let bytes = self.files.get(path).unwrap_or_else(|| {
            panic!(
                "no file {path}; files: {:?}",
                self.files.keys().collect::<Vec<_>>()
            )
        });
        std::str::from_utf8(bytes).expect("utf-8")
    }

    /// The file serving a site path: `/actualites/` → `actualites/index.html`.
    pub fn page(&self, site_path: &str) -> String {
        let mut key = site_path.trim_start_matches('/').to_string();
        if key.is_empty() || key.ends_with('/') {
            key.push_str("index.html");
        }
        self.file(&key).to_string()
    }

    pub fn has(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }
}

/// Every file of a directory tree and its bytes (none if it does not exist).
#[derive(Debug, PartialEq, Eq)]
pub struct Snapshot(BTreeMap<PathBuf, Vec<u8>>);

impl From<BTreeMap<PathBuf, Vec<u8>>> for Snapshot {
    fn from(files: BTreeMap<PathBuf, Vec<u8>>) -> Self {
        Self(files)
    }
}

impl Snapshot {
    /// Whether the tree holds the file at `relative`.
    pub fn has(&self, relative: &str) -> bool {
        self.0.contains_key(Path::new(relative))
    }

    pub fn of(dir: &Path) -> Self {
        Self(
            walkdir::WalkDir::new(dir)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(|e| {
                    (
                        e.path().strip_prefix(dir).expect("inside").to_path_buf(),
                        std::fs::read(e.path()).expect("read output file"),
                    )
                })
                .collect(),
        )
    }
}

const MINIMAL: [(&str, &str); 7] = [
    (
        "content/site.yaml",
        "titre: Hub test\ndescription: Un site de test\nurl: https://example.org/\npagination: 2\nmenu:\n  - titre: Accueil\n    url: /\n  - titre: Actualités\n    url: /actualites/\ncontact:\n  nom: Hub\n  adresse:\n    - 1 rue de la Paix\n  telephone: 01 00 00 00 00\nmentions_legales:\n  editeur: Hub\n  directeur_publication: Camille Martin\n  hebergeur: { nom: Hébergeur, adresse: [1 rue du Serveur], telephone: 01 00 00 00 01 }\n",
    ),
    (
        "content/convention.yaml",
        "titre: Convention test\nsignee_le: 2023-10-09\ndepuis: 2015\nduree_ans: 3\nparties: [alpha, beta]\ndomaines:\n  - id: recherche\n    titre: Recherche\n    actions: [Chercher]\n    thematiques: [sante]\nthematiques: [sante]\ncitations:\n  - auteur: Ada\n    fonction: Présidente\n    texte: Bravo.\n",
    ),
    (
        "content/partenaires.yaml",
        "- id: alpha\n  nom: Alpha\n  type: Collectivité\n  description: Le territoire.\n- id: beta\n  nom: Beta\n  type: Université\n  description: L'université.\n",
    ),
    (
        "content/thematiques.yaml",
        "- id: sante\n  titre: Santé\n  description: Bien vieillir.\n",
    ),
    (
        "content/actualites/premier.md",
        "---\ntitre: Premier article\ndate: 2023-10-15\nrubrique: Innovation\nchapo: Le chapo.\npartenaires: [alpha]\nthematiques: [sante]\n---\n\n## Une section\n\nDu texte.\n",
    ),
    (
        "content/actualites/second.md",
        "---\ntitre: Second article\ndate: 2023-10-01\npartenaires: [beta]\nthematiques: [sante]\n---\n\nVoir le [premier](@/actualites/premier.md#une-section).\n",
    ),
    (
        "content/pages/a-propos.md",
        "---\ntitre: À propos\n---\n\nLe hub.\n",
    ),
];

/// The tiny site with `defect` applied; it must build.
pub fn accepted(defect: impl FnOnce(&Fixture)) -> (Fixture, Built) {
    let site = Fixture::tiny();
    defect(&site);
    let built = site
        .build()
        .unwrap_or_else(|d| panic!("should build:\n{d}"));
    (site, built)
}

/// Sends Ctrl-C (SIGINT) to the process `pid`, as a terminal would.
pub fn interrupt(pid: u32) {
    let sent = std::process::Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(sent.success(), "kill -INT {pid}");
}
