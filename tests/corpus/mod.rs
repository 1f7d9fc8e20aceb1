//! A tiny valid site, written into a temp dir, that each bad-input or CLI
//! test breaks in one way. The site has its own small theme (every template
//! of `templates::REQUIRED`), so these tests do not depend on `themes/hub`.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use vitrine::error::Problem;
use vitrine::model::Date;
use vitrine::{BuildOptions, BuiltSite, Diagnostic, Diagnostics, output};

pub const SITE: &str = "\
titre: Site d'essai
description: Un site pour les tests.
url: https://exemple.fr/
theme: essai
menu:
  - titre: Actualités
    url: /actualites/
  - titre: À propos
    url: /a-propos/
contact:
  nom: Mairie d'essai
  adresse:
    - 1 place de la Mairie
";

pub const CONVENTION: &str = "\
titre: Convention d'essai
signee_le: 2023-10-09
depuis: 2015
duree_ans: 3
parties: [upec, territoire]
domaines:
  - id: formation
    titre: Formation
    thematiques: [ville-durable]
thematiques: [ville-durable, sante]
";

pub const PARTNERS: &str = "\
- id: upec
  nom: Université Paris-Est Créteil
  type: Université
  description: Signataire.

- id: territoire
  nom: Territoire d'essai
  type: Collectivité
  description: Signataire.
";

pub const THEMES: &str = "\
- id: ville-durable
  titre: Ville durable
  description: Aménager la ville.

- id: sante
  titre: Santé
  description: Bien vieillir.
";

/// Line 2 is `titre`, line 5 `partenaires`, line 6 `thematiques`, the body starts at line 8.
pub const ARTICLE: &str = "\
---
titre: Premier article
date: 2023-10-15
chapo: Un article pour les tests.
partenaires: [upec, territoire]
thematiques: [ville-durable, sante]
---

Un paragraphe d'introduction.

## Un intertitre

Voir [la page](@/pages/a-propos.md) et [la convention](/convention/).
";

pub const PAGE: &str = "\
---
titre: À propos
---

## Qui sommes-nous

Un texte.
";

const TEMPLATES: [(&str, &str); 12] = [
    (
        "_menu.html",
        "<nav>{% for item in site.menu %}<a href=\"{{ item.url | lien }}\">{{ item.titre }}</a>{% endfor %}</nav>",
    ),
    (
        "index.html",
        "<h1>{{ site.titre }}</h1>{% include \"_menu.html\" %}{% for a in articles %}<a href=\"{{ a.lien }}\">{{ a.titre }}</a>{% endfor %}",
    ),
    (
        "article.html",
        "<h1>{{ article.titre }}</h1>{% include \"_menu.html\" %}{{ article.contenu | safe }}{% for p in article.partenaires %}<a href=\"{{ p.lien }}\">{{ p.nom }}</a>{% endfor %}",
    ),
    (
        "list.html",
        "<h1>Actualités</h1>{% for a in articles %}<a href=\"{{ a.lien }}\">{{ a.titre }}</a>{% endfor %}",
    ),
    (
        "partner.html",
        "<h1>{{ partenaire.nom }}</h1><p>{{ partenaire.description }}</p>",
    ),
    ("thematique.html", "<h1>{{ thematique.titre }}</h1>"),
    (
        "convention.html",
        "<h1>{{ convention.titre }}</h1>{% for p in convention.parties %}<a href=\"{{ p.lien }}\">{{ p.nom }}</a>{% endfor %}",
    ),
    (
        "page.html",
        "<h1>{{ page.titre }}</h1>{{ page.contenu | safe }}",
    ),
    ("404.html", "<h1>Page introuvable</h1>"),
    (
        "atom.xml",
        "<feed>{% for a in articles %}<entry>{{ a.titre }}</entry>{% endfor %}</feed>",
    ),
    (
        "sitemap.xml",
        "<urlset>{% for e in entrees %}<url><loc>{{ e.loc }}</loc></url>{% endfor %}</urlset>",
    ),
    ("robots.txt", "User-agent: *"),
];

/// The day the library builds run on, so dates are reproducible.
pub fn today() -> Date {
    Date::parse("2024-06-01").expect("valid date")
}

pub struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    /// The tiny valid site.
    pub fn new() -> Self {
        let fixture = Self {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        fixture
            .write("content/site.yaml", SITE)
            .write("content/convention.yaml", CONVENTION)
            .write("content/partenaires.yaml", PARTNERS)
            .write("content/thematiques.yaml", THEMES)
            .write("content/actualites/premier-article.md", ARTICLE)
            .write("content/pages/a-propos.md", PAGE)
            .write("themes/essai/static/style.css", "body { margin: 0 }");
        for (name, text) in TEMPLATES {
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

    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            today: today(),
            ..BuildOptions::new(self.root())
        }
    }

    /// The library build, in memory.
    pub fn build(&self) -> Result<BuiltSite, Diagnostics> {
        vitrine::build(&self.options())
    }

    /// What `vitrine build` does: build, then write to `output`.
    pub fn publish_to(&self, output: &Path) -> Result<BuiltSite, Diagnostics> {
        let site = self.build()?;
        output::write_site(self.root(), &site.files, output)?;
        Ok(site)
    }

    /// Builds the valid site into `public/` and returns its bytes, so a test
    /// can check that a failed build left it untouched.
    pub fn published(&self) -> Snapshot {
        self.publish_to(&self.path("public"))
            .unwrap_or_else(|d| panic!("the fixture should build:\n{d}"));
        self.snapshot("public")
    }

    pub fn snapshot(&self, relative: &str) -> Snapshot {
        Snapshot::of(&self.path(relative))
    }

    /// Publishes into `public/` and expects failure; checks that `public/` is
    /// byte-identical afterwards and that every message is French and names a file.
    pub fn fails(&self, before: &Snapshot) -> Diagnostics {
        let result = self.publish_to(&self.path("public"));
        let diagnostics = match result {
            Ok(_) => panic!("the build should fail"),
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
        Command::new(env!("CARGO_BIN_EXE_vitrine"))
            .args(args)
            .current_dir(self.root())
            .output()
            .expect("run vitrine")
    }
}

/// Every file of a directory tree and its bytes.
#[derive(Debug, PartialEq, Eq)]
pub struct Snapshot(BTreeMap<PathBuf, Vec<u8>>);

impl Snapshot {
    pub fn of(dir: &Path) -> Self {
        let mut files = BTreeMap::new();
        if dir.exists() {
            for entry in walkdir(dir) {
                let bytes = std::fs::read(&entry).expect("read output file");
                files.insert(
                    entry.strip_prefix(dir).expect("inside").to_path_buf(),
                    bytes,
                );
            }
        }
        Self(files)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read dir") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The only diagnostic of `diagnostics`, or a panic listing them all.
pub fn single(diagnostics: &Diagnostics) -> &Diagnostic {
    assert_eq!(
        diagnostics.len(),
        1,
        "expected one problem, got:\n{diagnostics}"
    );
    diagnostics.iter().next().expect("one")
}

/// Checks file and line of a diagnostic (`None`: no line expected).
pub fn assert_at(diagnostic: &Diagnostic, file: &str, line: Option<usize>) {
    assert_eq!(
        diagnostic.location.file,
        PathBuf::from(file),
        "wrong file in:\n{diagnostic}"
    );
    assert_eq!(
        diagnostic.location.line, line,
        "wrong line in:\n{diagnostic}"
    );
}

/// The message reads as French, names a file, and has no Rust or English leak.
pub fn assert_french(diagnostic: &Diagnostic) {
    let text = diagnostic.to_string();
    assert!(text.starts_with("erreur : "), "{text}");
    let file = diagnostic.location.file.display().to_string();
    assert!(
        !file.is_empty() && text.contains(&file),
        "no file named in:\n{text}"
    );
    for english in [
        "expected",
        "invalid type",
        "unknown field",
        "missing field",
        "No such file",
        "Permission denied",
        "Not a directory",
        "Variable `",
        "Box<",
        "Some(",
        "Error {",
        "while parsing",
    ] {
        assert!(
            !text.contains(english),
            "English or Debug text {english:?} in:\n{text}"
        );
    }
}

pub fn problem(diagnostic: &Diagnostic) -> &Problem {
    &diagnostic.problem
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}
