//! `vitrine check`: everything `build` validates, plus what a careful editor
//! wants to hear about before publishing. Nothing is written.
//!
//! - Build problems are errors, as in `vitrine build`.
//! - Lints (accessibility, editorial rules, unused ids, script in bodies,
//!   links of the built site) are warnings; `--strict` makes them errors.
//! - What will not be published (drafts, future-dated articles) is listed as
//!   notes, which never fail the check.
//!
//! Lints cover what the build publishes: without `--drafts`, drafts and
//! future-dated articles only get their note; with it, they are linted too.
//!
//! Headings: a page's `<h1>` is its title, so a body starts at `##` (h2)
//! and goes down one level at a time; any `#` (h1) in a body is reported.

mod content;
mod images;
mod links;
mod scripts;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use pulldown_cmark::Event;

use crate::addresses;
use crate::commonmark::LineIndex;
use crate::error::{Diagnostics, Location, Message};
use crate::french;
use crate::markdown::{self, BodyInspector, Source};
use crate::model::Site;
use crate::model::{Content, Date};
use crate::pipeline::{BuildOptions, Inspector, build_with};
use crate::routes::Route;
use crate::source::{Files, SiteFiles};
use crate::templates::Templates;
use crate::urls::BaseUrl;
use crate::validate::Publication;

/// Longest title and lead an article may have before a warning.
pub const MAX_TITLE_CHARS: usize = 110;
pub const MAX_LEAD_CHARS: usize = 300;

/// How much a finding matters.
pub use crate::error::Severity;

/// What a lint found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lint {
    /// `![](image.jpg)`: the alternative text is empty.
    ImageWithoutAlt,
    /// A raw `<img>` without any `alt` attribute.
    HtmlImageWithoutAlt,
    /// Front matter `image` without `image_alt`.
    /// `written`: the front matter has an `image_alt` key, left empty.
    FrontMatterImageWithoutAlt {
        written: bool,
    },
    EmptyLinkText,
    /// Link text that says nothing out of context ("cliquez ici").
    VagueLinkText {
        text: String,
    },
    /// A `#` heading in a body, where the page title is the h1.
    H1InBody,
    /// The first heading of a body is not `##`.
    FirstHeading {
        level: u8,
    },
    /// `##` followed by `####`.
    HeadingSkip {
        from: u8,
        to: u8,
    },
    NoPartner,
    NoTheme,
    /// `written`: the front matter has a `chapo` key, left empty.
    MissingLead {
        written: bool,
    },
    LongLead {
        chars: usize,
    },
    LongTitle {
        chars: usize,
    },
    UnusedPartner {
        id: String,
    },
    UnusedTheme {
        id: String,
    },
    /// A raw `<script>` tag in a body.
    RawScript,
    /// An `on…=` event handler attribute in a body's raw HTML.
    EventHandler {
        attribute: String,
    },
    /// A link (Markdown or raw HTML) whose scheme runs code: `javascript:`…
    ScriptLink {
        scheme: String,
    },
    /// An `href`/`src` of the built site that leads to no generated file.
    BrokenLink(links::Broken),
    /// An address of the ledger that the site no longer produces, which
    /// will redirect to `to`.
    Redirected {
        from: String,
        to: String,
    },
    /// An address of the ledger that leads nowhere now: « page retirée ».
    Retired {
        address: String,
    },
    /// An image's alternative text is a file name (`IMG_2041.jpg`).
    AltIsFileName {
        text: String,
    },
    /// An image of `content/medias/` that no page shows.
    UnusedImage,
    /// An original far wider than the widest copy published (`widest`).
    OversizedImage {
        width: u32,
        height: u32,
        widest: u32,
    },
    /// Will not be published: a draft.
    Draft,
    /// Will not be published yet: dated after today.
    Future {
        date: Date,
    },
}

impl Lint {
    /// Notes inform; everything else is a warning (an error with `--strict`).
    pub fn is_note(&self) -> bool {
        matches!(
            self,
            Lint::Draft | Lint::Future { .. } | Lint::Redirected { .. } | Lint::Retired { .. }
        )
    }

    pub fn hint(&self) -> Option<String> {
        let hint = match self {
            Lint::ImageWithoutAlt => {
                "décrivez l'image entre les crochets : ![Deux personnes signent la convention](photo.jpg)"
            }
            Lint::HtmlImageWithoutAlt => {
                "ajoutez alt=\"description de l'image\" (ou alt=\"\" si elle est purement décorative)"
            }
            // Never ask for a key the file already has: say to fill it.
            Lint::FrontMatterImageWithoutAlt { written: true } => {
                "la clé « image_alt » est vide : écrivez-y une description de l'image"
            }
            Lint::FrontMatterImageWithoutAlt { written: false } => {
                "ajoutez une ligne « image_alt: description de l'image » dans l'en-tête"
            }
            Lint::EmptyLinkText => "écrivez le texte du lien entre les crochets : [texte](adresse)",
            Lint::VagueLinkText { .. } => {
                "le texte d'un lien doit dire où il mène, par exemple « [le programme de la journée](…) »"
            }
            Lint::H1InBody => {
                "le titre de l'article est le seul titre de niveau 1 : commencez les intertitres à « ## »"
            }
            Lint::FirstHeading { .. } => {
                "le premier intertitre d'un texte est de niveau 2 : « ## »"
            }
            Lint::HeadingSkip { from, .. } => {
                return Some(format!(
                    "descendez d'un niveau à la fois : après un intertitre de niveau {from}, utilisez « {} »",
                    "#".repeat(usize::from(*from) + 1)
                ));
            }
            Lint::NoPartner => {
                "citez au moins un partenaire, par exemple « partenaires: [upec] » (identifiants dans content/partenaires.yaml)"
            }
            Lint::NoTheme => {
                "citez au moins une thématique, par exemple « thematiques: [ville-durable] » (identifiants dans content/thematiques.yaml)"
            }
            Lint::MissingLead { written: true } => {
                "la clé « chapo » est vide : écrivez-y une ou deux phrases qui résument l'article"
            }
            Lint::MissingLead { written: false } => {
                "ajoutez une ligne « chapo: … » : une ou deux phrases qui résument l'article"
            }
            Lint::LongLead { .. } => {
                return Some(format!(
                    "un chapo tient en {MAX_LEAD_CHARS} caractères au plus : gardez l'essentiel, le détail va dans le texte"
                ));
            }
            Lint::LongTitle { .. } => {
                return Some(format!(
                    "un titre tient en {MAX_TITLE_CHARS} caractères au plus : raccourcissez-le, le chapo peut préciser"
                ));
            }
            Lint::UnusedPartner { .. } => {
                "citez-le dans un article (clé « partenaires ») ou retirez-le de la liste"
            }
            Lint::UnusedTheme { .. } => {
                "citez-la dans un article (clé « thematiques ») ou retirez-la de la liste"
            }
            Lint::RawScript => {
                "le texte d'une page ne peut pas exécuter de script : retirez la balise (un script a sa place dans le thème)"
            }
            Lint::EventHandler { .. } => {
                "retirez l'attribut : le texte d'une page ne peut pas exécuter de script"
            }
            Lint::ScriptLink { .. } => {
                "un lien mène à une page : [texte](https://exemple.fr/) ou [texte](@/pages/a-propos.md)"
            }
            Lint::BrokenLink(broken) => return broken.hint(),
            Lint::Redirected { .. } => {
                "rien à faire : les liens vers l'ancienne adresse mèneront à la nouvelle"
            }
            Lint::Retired { .. } => {
                "si la page a changé d'adresse, déclarez l'ancienne dans son en-tête : « anciennes_adresses: [/actualites/ancien-titre/] »"
            }
            Lint::AltIsFileName { .. } => {
                "décrivez ce que montre l'image pour qui ne la voit pas, par exemple « Deux personnes signent la convention »"
            }
            Lint::UnusedImage => {
                "montrez-la dans un article (« image: » ou ![description](/medias/…)) ou retirez-la de content/medias/"
            }
            Lint::OversizedImage { widest, .. } => {
                return Some(format!(
                    "le site en publie au plus {} pixels de large : réduisez l'original à {} pixels de large, le dépôt et la première construction seront plus légers",
                    images::thousands(*widest),
                    images::thousands(*widest * 2),
                ));
            }
            Lint::Draft => "passez « brouillon: true » à « brouillon: false » pour le publier",
            Lint::Future { .. } => {
                "il sera publié par la première construction faite à cette date ou après"
            }
        };
        Some(hint.to_string())
    }
}

impl fmt::Display for Lint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Lint::ImageWithoutAlt | Lint::HtmlImageWithoutAlt => {
                f.write_str("image sans texte alternatif")
            }
            Lint::FrontMatterImageWithoutAlt { .. } => {
                f.write_str("image de l'article sans texte alternatif (image_alt)")
            }
            Lint::EmptyLinkText => f.write_str("lien sans texte"),
            Lint::VagueLinkText { text } => {
                write!(f, "texte de lien peu explicite « {text} »")
            }
            Lint::H1InBody => f.write_str("intertitre de niveau 1 dans le texte"),
            Lint::FirstHeading { level } => {
                write!(
                    f,
                    "le premier intertitre est de niveau {level} au lieu de 2"
                )
            }
            Lint::HeadingSkip { from, to } => {
                write!(f, "niveau d'intertitre sauté : {from} puis {to}")
            }
            Lint::NoPartner => f.write_str("l'article ne cite aucun partenaire"),
            Lint::NoTheme => f.write_str("l'article ne cite aucune thématique"),
            Lint::MissingLead { .. } => f.write_str("l'article n'a pas de chapo"),
            Lint::LongLead { chars } => write!(f, "chapo trop long ({chars} caractères)"),
            Lint::LongTitle { chars } => write!(f, "titre trop long ({chars} caractères)"),
            Lint::UnusedPartner { id } => {
                write!(f, "aucun article publié ne cite le partenaire « {id} »")
            }
            Lint::UnusedTheme { id } => {
                write!(f, "aucun article publié ne cite la thématique « {id} »")
            }
            Lint::RawScript => f.write_str("balise « <script> » dans le texte"),
            Lint::EventHandler { attribute } => write!(
                f,
                "attribut « {attribute} » dans le texte : il peut exécuter du code"
            ),
            Lint::ScriptLink { scheme } => write!(
                f,
                "lien « {scheme}: » dans le texte : il peut exécuter du code"
            ),
            Lint::BrokenLink(broken) => write!(f, "{broken}"),
            Lint::Redirected { from, to } => {
                write!(f, "l'adresse publiée {from} redirigera vers {to}")
            }
            Lint::Retired { address } => write!(
                f,
                "l'adresse publiée {address} n'a plus de page : elle affichera « page retirée »"
            ),
            Lint::AltIsFileName { text } => {
                write!(f, "le texte alternatif « {text} » est un nom de fichier")
            }
            Lint::UnusedImage => f.write_str("image que ne montre aucune page"),
            Lint::OversizedImage { width, height, .. } => write!(
                f,
                "image bien plus grande que nécessaire : {} × {} pixels",
                images::thousands(*width),
                images::thousands(*height),
            ),
            Lint::Draft => f.write_str("ne sera pas publié : brouillon"),
            Lint::Future { date } => write!(
                f,
                "ne sera pas publié : daté du {}",
                french::format_date(date.0, french::DateStyle::Long)
            ),
        }
    }
}

/// One lint result at one place.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Finding {
    pub location: Location,
    pub lint: Lint,
}

impl Finding {
    pub fn new(location: Location, lint: Lint) -> Self {
        Self { location, lint }
    }

    pub fn severity(&self, strict: bool) -> Severity {
        match (self.lint.is_note(), strict) {
            (true, _) => Severity::Note,
            (false, true) => Severity::Error,
            (false, false) => Severity::Warning,
        }
    }

    /// The same layout as build errors: label, location, hint.
    fn write(&self, f: &mut fmt::Formatter<'_>, strict: bool) -> fmt::Result {
        let message = Message::new(self.severity(strict), &self.lint)
            .at(&self.location)
            .hints(self.lint.hint());
        write!(f, "{message}")
    }
}

/// Everything `check` found.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct Report {
    /// What makes `vitrine build` fail.
    pub errors: Diagnostics,
    /// Lints, in file and line order.
    pub findings: Vec<Finding>,
    pub strict: bool,
}

impl Report {
    pub fn error_count(&self) -> usize {
        self.errors.len() + self.count(Severity::Error)
    }

    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    pub fn note_count(&self) -> usize {
        self.count(Severity::Note)
    }

    fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity(self.strict) == severity)
            .count()
    }

    /// The check passes when nothing is an error.
    pub fn passes(&self) -> bool {
        self.error_count() == 0
    }

    /// « Vérification terminée : 0 erreur, 2 avertissements. »
    pub fn summary(&self) -> String {
        let count = |n: usize, word: &str| {
            let plural = if n > 1 { "s" } else { "" };
            format!("{n} {word}{plural}")
        };
        let mut summary = format!(
            "Vérification terminée : {}, {}",
            count(self.error_count(), "erreur"),
            count(self.warning_count(), "avertissement")
        );
        if self.note_count() > 0 {
            summary.push_str(&format!(", {}", count(self.note_count(), "note")));
        }
        summary.push('.');
        summary
    }
}

impl fmt::Display for Report {
    /// Each problem as a block, then the summary line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in self.errors.iter() {
            write!(f, "{diagnostic}\n\n")?;
        }
        for finding in &self.findings {
            finding.write(f, self.strict)?;
            f.write_str("\n\n")?;
        }
        f.write_str(&self.summary())
    }
}

/// Checks the site of `options.root` in memory.
pub fn check(options: &BuildOptions, strict: bool) -> Report {
    check_from(&SiteFiles::new(&options.root), options, strict)
}

/// [`check`] from any source of files. The build runs once; the lints look
/// at what its stages produced.
pub fn check_from(files: &dyn Files, options: &BuildOptions, strict: bool) -> Report {
    let mut linter = Linter::new(Publication {
        drafts: options.drafts,
        today: options.today,
        production: options.production,
    });
    let built = build_with(files, options, &mut linter);
    let mut report = Report {
        strict,
        ..Report::default()
    };
    // Lint every file that loads, even when the build failed elsewhere.
    report.findings = linter.content_findings();
    match built {
        Ok(site) => {
            if let Some(base) = &linter.base {
                let sources = linter.sources();
                let broken = links::check(&site.files, base, &sources);
                report.findings.extend(broken);
            }
        }
        Err(errors) => report.errors = errors,
    }
    report
        .findings
        .sort_by(|a, b| (&a.location, a.lint.is_note()).cmp(&(&b.location, b.lint.is_note())));
    report.findings.dedup();
    report
}

/// What the lints gather from the build's stages: the loaded content, each
/// body as the Markdown stage parses it, the validated site, the templates.
struct Linter {
    publication: Publication,
    /// Lints of front matter and data files, and notes.
    findings: Vec<Finding>,
    /// Published bodies: file, text, first line.
    bodies: Vec<(PathBuf, String, usize)>,
    /// Lints of the bodies the Markdown stage parsed, by file.
    linted: Mutex<Vec<(PathBuf, Vec<Finding>)>>,
    /// Output path of each published page → its Markdown file.
    pages: Vec<(String, PathBuf)>,
    base: Option<BaseUrl>,
    site_yaml: String,
    templates: Vec<(PathBuf, String)>,
    media: images::Media,
}

impl Linter {
    fn new(publication: Publication) -> Self {
        Self {
            publication,
            findings: Vec::new(),
            bodies: Vec::new(),
            linted: Mutex::default(),
            pages: Vec::new(),
            base: None,
            site_yaml: String::new(),
            templates: Vec::new(),
            media: images::Media::default(),
        }
    }

    /// The content lints; bodies the build did not render (a file failed
    /// to load, a page has no address) are parsed here, once.
    fn content_findings(&mut self) -> Vec<Finding> {
        let linted = std::mem::take(self.linted.get_mut().unwrap_or_else(|e| e.into_inner()));
        let done: HashSet<&Path> = linted.iter().map(|(file, _)| file.as_path()).collect();
        let mut findings = std::mem::take(&mut self.findings);
        for (file, body, first_line) in &self.bodies {
            if !done.contains(file.as_path()) {
                findings.extend(lint_body(file, body, *first_line));
            }
        }
        findings.extend(linted.into_iter().flat_map(|(_, found)| found));
        findings
    }

    /// Where the links of the built pages are written.
    fn sources(&self) -> links::Sources<'_> {
        let bodies: HashMap<&Path, (&str, usize)> = self
            .bodies
            .iter()
            .map(|(file, body, line)| (file.as_path(), (body.as_str(), *line)))
            .collect();
        let pages = self.pages.iter().filter_map(|(output, file)| {
            let (body, line) = bodies.get(file.as_path())?;
            Some((output.clone(), (file.as_path(), *body, *line)))
        });
        links::Sources::new(pages.collect(), &self.site_yaml, &self.templates)
    }
}

impl BodyInspector for Linter {
    fn body(&self, source: &Source, lines: &LineIndex, events: &[(Event<'_>, Range<usize>)]) {
        let found = content::body(source.file, lines, events);
        let mut linted = self.linted.lock().unwrap_or_else(|e| e.into_inner());
        linted.push((source.file.to_path_buf(), found));
    }
}

impl Inspector for Linter {
    fn loaded(&mut self, content: &Content) {
        let (findings, bodies) = content::lint(content, self.publication);
        self.findings = findings;
        self.bodies = bodies
            .into_iter()
            .map(|(file, body, line)| (file.to_path_buf(), body.to_string(), line))
            .collect();
        self.site_yaml = content.sources.site.clone();
        self.media = images::Media::of(content);
    }

    fn images(&mut self, images: &crate::images::Images) {
        self.findings.extend(self.media.lint(images));
    }

    fn validated(&mut self, site: &Site, base: &BaseUrl) {
        let docs = site
            .articles
            .iter()
            .map(|a| (Route::article(a), &a.doc.source))
            .chain(site.pages.iter().map(|p| (Route::page(p), &p.doc.source)));
        self.pages = docs
            .map(|(route, source)| (route.output_file(), source.clone()))
            .collect();
        self.base = Some(base.clone());
    }

    fn templates(&mut self, templates: &Templates) {
        self.templates = templates.texts().to_vec();
    }

    fn addresses(&mut self, plan: &addresses::Plan) {
        let at = |line: usize| Location::at(addresses::ledger_path(), line, None);
        for (from, moved) in &plan.redirects {
            if let addresses::Why::Ledger(line) = moved.why {
                let lint = Lint::Redirected {
                    from: from.clone(),
                    to: moved.to.clone(),
                };
                self.findings.push(Finding::new(at(line), lint));
            }
        }
        for (address, line) in &plan.retired {
            let lint = Lint::Retired {
                address: address.clone(),
            };
            self.findings.push(Finding::new(at(*line), lint));
        }
    }
}

/// The lints of a body that the Markdown stage did not parse.
fn lint_body(file: &Path, body: &str, first_line: usize) -> Vec<Finding> {
    let found = Mutex::default();
    let linter = BodyLints(&found);
    let source = Source {
        key: String::new(),
        file,
        first_line,
    };
    markdown::inspect(body, &source, &linter);
    found.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// Collects the lints of bodies shown to it.
struct BodyLints<'a>(&'a Mutex<Vec<Finding>>);

impl BodyInspector for BodyLints<'_> {
    fn body(&self, source: &Source, lines: &LineIndex, events: &[(Event<'_>, Range<usize>)]) {
        let found = content::body(source.file, lines, events);
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(found);
    }
}

/// Where a lint points when the key it is about is absent: line 1, the
/// opening `---` of the front matter.
fn header(file: &std::path::Path) -> Location {
    Location::at(PathBuf::from(file), 1, Some(1))
}
