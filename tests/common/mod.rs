//! Fixture sites for integration tests: a small valid site (or the example
//! site) copied into a temp dir, edited by the test, then built.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use vitrine::model::Date;
use vitrine::{BuildOptions, Diagnostics};

/// The repository, to copy the default theme and the example site from.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    /// A small valid site with the default theme.
    pub fn minimal() -> Self {
        let fixture = Self::empty();
        copy_dir(&repo().join("themes/hub"), &fixture.path("themes/hub"));
        for (path, text) in MINIMAL {
            fixture.write(path, text);
        }
        fixture
    }

    /// The repository's example site.
    pub fn example() -> Self {
        let fixture = Self::empty();
        copy_dir(&repo().join("themes/hub"), &fixture.path("themes/hub"));
        copy_dir(&repo().join("content"), &fixture.path("content"));
        fixture
    }

    pub fn empty() -> Self {
        Self {
            dir: tempfile::tempdir().expect("temp dir"),
        }
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
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write");
        self
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).expect("read")
    }

    pub fn remove(&self, relative: &str) -> &Self {
        let path = self.path(relative);
        if path.is_dir() {
            std::fs::remove_dir_all(path).expect("rm -r");
        } else {
            std::fs::remove_file(path).expect("rm");
        }
        self
    }

    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            today: date("2026-11-28"),
            ..BuildOptions::new(self.root())
        }
    }

    /// Builds in memory with a fixed "today".
    pub fn build(&self) -> Result<Built, Diagnostics> {
        self.build_with(&self.options())
    }

    pub fn build_with(&self, options: &BuildOptions) -> Result<Built, Diagnostics> {
        vitrine::build(options).map(|site| Built {
            files: site
                .files
                .into_iter()
                .map(|f| (f.path, f.contents))
                .collect(),
        })
    }

    /// Expects a failed build and returns its diagnostics.
    pub fn errors(&self) -> Diagnostics {
        match self.build() {
            Ok(_) => panic!("the build should have failed"),
            Err(diagnostics) => diagnostics,
        }
    }

    /// Runs the real binary in the fixture's root.
    pub fn run(&self, args: &[&str]) -> Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_vitrine"))
            .args(args)
            .current_dir(self.root())
            .output()
            .expect("run vitrine")
    }
}

pub fn date(text: &str) -> Date {
    Date::parse(text).expect("date")
}

/// A built site in memory, addressed by output path.
pub struct Built {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Built {
    /// The file serving a site path: `/actualites/` → `actualites/index.html`.
    pub fn page(&self, site_path: &str) -> String {
        let mut key = site_path.trim_start_matches('/').to_string();
        if key.is_empty() || key.ends_with('/') {
            key.push_str("index.html");
        }
        let bytes = self.files.get(&key).unwrap_or_else(|| {
            panic!(
                "no file {key}; files: {:?}",
                self.files.keys().collect::<Vec<_>>()
            )
        });
        String::from_utf8(bytes.clone()).expect("utf-8")
    }

    pub fn has(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }
}

/// Every file below `dir`, relative path → bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).expect("prefix").to_path_buf(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

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

const MINIMAL: [(&str, &str); 7] = [
    (
        "content/site.yaml",
        "titre: Hub test\ndescription: Un site de test\nurl: https://example.org/\npagination: 2\nmenu:\n  - titre: Accueil\n    url: /\n  - titre: Actualités\n    url: /actualites/\ncontact:\n  nom: Hub\n  adresse:\n    - 1 rue de la Paix\n  telephone: 01 00 00 00 00\n",
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
