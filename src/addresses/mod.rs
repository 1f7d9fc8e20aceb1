//! Addresses never break: vitrine keeps the ledger of every address it has
//! published (`content/adresses.txt`, versioned with the content), and
//! each build answers every address of the ledger that the site no longer
//! produces: a redirect to the page's new address when the file that
//! published it still publishes (its title or `slug` changed) or an editor
//! declared it among a page's `anciennes_adresses`; a « page retirée »
//! otherwise. Every redirect leads to a live page in one step, so there is
//! no chain and no loop. Host rules (`.htaccess`, `_redirects`,
//! `_headers`) say the same to the hosts that read them.
//!
//! The ledger grows only when a site is published ([`record_published`]),
//! never by a mere build: a preview or a failed draft must not make an
//! address permanent.

mod host;
mod ledger;
mod pages;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::error::{Describe, Diagnostic, Diagnostics, Location, display_path, io_message};
use crate::model::{Placement, Site};
use crate::output::Sink;
use crate::routes::{output_file, site_path};
use crate::source::{Files, SiteFiles};
use crate::templates::Templates;
use crate::urls::{BaseUrl, slash_path};
use crate::validate::{self, Publication};

pub use host::{HEADERS_FILE, HTACCESS_FILE, REDIRECTS_FILE};
pub use ledger::{Entry, Ledger, ledger_path};
pub use pages::{RETIRED_FILE, RETIRED_TEMPLATE};

pub use crate::source::LEDGER_FILE;

/// What went wrong with the ledger or a former address.
#[derive(Debug, thiserror::Error)]
pub enum AddressError {
    #[error("le registre des adresses n'est pas du texte UTF-8 valide")]
    LedgerNotText,
    #[error("ligne illisible dans le registre des adresses : « {text} »")]
    LedgerLine { text: String },
    #[error(
        "l'adresse {address} figure deux fois dans le registre des adresses (déjà ligne {first_line})"
    )]
    LedgerDuplicate { address: String, first_line: usize },
    #[error("écriture du registre des adresses impossible : {}", io_message(.0))]
    Write(std::io::Error),
    #[error("ancienne adresse invalide « {alias} » : {reason}")]
    InvalidAlias { alias: String, reason: String },
    #[error(
        "l'ancienne adresse {alias} est l'adresse actuelle de cette page : elle redirigerait vers elle-même"
    )]
    AliasIsOwn { alias: String },
    #[error("l'ancienne adresse {alias} est l'adresse actuelle de {}", .owner.display())]
    AliasTaken { alias: String, owner: PathBuf },
    #[error("l'ancienne adresse {alias} est celle d'une page que vitrine produit")]
    AliasGenerated { alias: String },
    #[error("l'ancienne adresse {alias} est déjà déclarée par {}", .other.display())]
    AliasTwice { alias: String, other: PathBuf },
    #[error("identifiant invalide « {id} »")]
    InvalidIdentity { id: String },
    #[error("l'identifiant « {id} » est déjà celui de {}", .other.display())]
    IdentityTwice { id: String, other: PathBuf },
}

impl Describe for AddressError {
    fn hint(&self) -> Option<String> {
        Some(match self {
            AddressError::LedgerNotText => "enregistrez le fichier en UTF-8 depuis votre éditeur".into(),
            AddressError::LedgerLine { .. } => "chaque ligne est une adresse du site, de « / » à « / », suivie du fichier qui la publiait, par exemple « /actualites/mon-article/ content/actualites/mon-article.md » ; des lignes « <<<<<<< », « ======= », « >>>>>>> » viennent d'une fusion à terminer".into(),
            AddressError::LedgerDuplicate { .. } => "supprimez l'une des deux lignes".into(),
            AddressError::Write(_) => "vérifiez les droits d'écriture sur le dossier content/ et la place disponible".into(),
            AddressError::InvalidAlias { .. } => "écrivez l'adresse telle qu'elle était publiée, sans le domaine, par exemple « anciennes_adresses: [/actualites/ancien-titre/] »".into(),
            AddressError::AliasIsOwn { .. } => "retirez-la de « anciennes_adresses » : une page n'a pas à se rediriger vers elle-même".into(),
            AddressError::AliasTaken { .. } | AddressError::AliasGenerated { .. } => "une ancienne adresse ne peut pas être celle d'une page publiée : retirez-la de « anciennes_adresses »".into(),
            AddressError::AliasTwice { .. } => "une ancienne adresse ne mène qu'à une page : retirez-la de l'un des deux fichiers".into(),
            AddressError::InvalidIdentity { .. } => "utilisez des minuscules sans accents, des chiffres et des tirets, par exemple « identifiant: rentree-2024 »".into(),
            AddressError::IdentityTwice { .. } => "l'identifiant suit une page d'un nom de fichier à l'autre : donnez-en un différent à chacune".into(),
        })
    }
}

/// An address as the ledger and the host rules hold it: a site path
/// (without the base's sub-path) of a page, ending in `/` (or `.html`, a
/// page of a former site), without `index.html`. A missing final `/` is
/// added where the last segment has no dot. `Err` says why in French.
pub fn normalize(address: &str) -> Result<String, String> {
    if !address.starts_with('/') {
        return Err("elle commence par « / », sans le domaine".into());
    }
    if address.starts_with("//") {
        return Err("« // » au début désignerait un autre site".into());
    }
    if let Some(c) = address.chars().find(|c| {
        c.is_whitespace()
            || c.is_control()
            || matches!(c, '?' | '#' | '\\' | '"' | '\'' | '<' | '>' | '`')
    }) {
        let shown = if c.is_whitespace() || c.is_control() {
            "un espace ou un caractère de contrôle".to_string()
        } else {
            format!("« {c} »")
        };
        return Err(format!("elle contient {shown}"));
    }
    let segments: Vec<&str> = address[1..].split('/').collect();
    if segments.iter().any(|s| *s == "." || *s == "..") {
        return Err("« . » et « .. » n'y sont pas des dossiers".into());
    }
    if segments[..segments.len() - 1].iter().any(|s| s.is_empty()) {
        return Err("elle contient « // »".into());
    }
    let address = address.strip_suffix("index.html").unwrap_or(address);
    let last = address.rsplit('/').next().unwrap_or_default();
    if last.is_empty() {
        return Ok(address.to_string());
    }
    if !last.contains('.') {
        return Ok(format!("{address}/"));
    }
    if last.ends_with(".html") || last.ends_with(".htm") {
        return Ok(address.to_string());
    }
    Err("c'est celle d'un fichier : une adresse de page finit par « / » ou « .html »".into())
}

/// Why a former address redirects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// The ledger has it (at this line), and the file that published it
    /// publishes elsewhere now (or, for a list's page, the list remains).
    Ledger(usize),
    /// An editor declared it, there.
    Alias(Location),
}

/// A former address and where it leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    /// A live address of the site.
    pub to: String,
    pub why: Why,
}

/// What the build answers at the addresses the site no longer produces.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Former address → where it leads.
    pub redirects: BTreeMap<String, Moved>,
    /// Addresses of the ledger that lead nowhere now, with their line.
    pub retired: BTreeMap<String, usize>,
}

/// What [`render`] did: the plan, the files it wrote (which static files
/// may not replace), and the problems.
pub struct Rendered {
    pub plan: Plan,
    pub paths: Vec<String>,
    pub problems: Diagnostics,
}

/// The redirect and « page retirée » pages and the host files of the
/// site, given the files the rest of the build produced (`live`, output
/// paths), handed to `sink`. A problem of the ledger or of an alias stops
/// the build, as any other content problem does.
pub fn render(
    files: &dyn Files,
    site: &Site,
    base: &BaseUrl,
    templates: &Templates,
    live: &[String],
    sink: &dyn Sink,
) -> Rendered {
    let mut problems = Diagnostics::default();
    let ledger = Ledger::read(files).unwrap_or_else(|found| {
        problems.extend(found);
        Ledger::default()
    });
    let (plan, found) = plan(site, &ledger, live);
    problems.extend(found);
    let mut paths = Vec::new();
    let mut put = |path: String, contents: Result<Vec<u8>, Diagnostic>| {
        let result = contents
            .and_then(|contents| sink.put(crate::output::OutputFile::new(path.clone(), contents)));
        if let Err(problem) = result {
            problems.push(problem);
        }
        paths.push(path);
    };
    for (from, moved) in &plan.redirects {
        put(output_file(from), Ok(pages::redirect(base, &moved.to)));
    }
    for address in plan.retired.keys() {
        put(
            output_file(address),
            pages::retired(templates, base, address, site),
        );
    }
    if !plan.retired.is_empty() {
        let address = format!("/{RETIRED_FILE}");
        put(
            RETIRED_FILE.to_string(),
            pages::retired(templates, base, &address, site),
        );
    }
    for (file, text) in host::files(base, &plan) {
        put(file.to_string(), Ok(text.into_bytes()));
    }
    Rendered {
        plan,
        paths,
        problems,
    }
}

/// What the addresses need of a published article or page.
struct Doc<'a> {
    source: &'a Path,
    front_matter: &'a str,
    first_line: usize,
    aliases: &'a [String],
    id: Option<&'a str>,
    /// Its address.
    path: &'a str,
}

impl Doc<'_> {
    /// What the ledger records it by: its `identifiant`, which survives a
    /// renamed file, or else its file.
    fn identity(&self) -> String {
        match self.id {
            Some(id) => format!("{IDENTITY}{id}"),
            None => slash_path(self.source),
        }
    }

    fn locate(&self, needle: &str) -> Location {
        validate::locate(self.source, self.front_matter, self.first_line, needle, 0)
    }
}

/// The ledger's mark of an identity, where a file's path goes otherwise.
const IDENTITY: &str = "identifiant:";

/// Every published article and page, in the site's order.
fn docs(site: &Site) -> Vec<Doc<'_>> {
    fn doc<'a, M: Placement>(doc: &'a crate::model::Document<M>, path: &'a str) -> Doc<'a> {
        Doc {
            source: &doc.source,
            front_matter: &doc.front_matter,
            first_line: doc.front_matter_line,
            aliases: doc.meta.aliases(),
            id: doc.meta.id(),
            path,
        }
    }
    site.articles
        .iter()
        .map(|a| doc(&a.doc, &a.path))
        .chain(site.pages.iter().map(|p| doc(&p.doc, &p.path)))
        .collect()
}

/// Where each former address leads: aliases first (the editor said so),
/// then the ledger's addresses that no file produces now.
pub fn plan(site: &Site, ledger: &Ledger, live: &[String]) -> (Plan, Diagnostics) {
    let mut live: BTreeSet<&str> = live.iter().map(String::as_str).collect();
    // Written when an address is retired: no former address may take it.
    live.insert(RETIRED_FILE);
    let docs = docs(site);
    let mut plan = Plan::default();
    let mut problems = Diagnostics::default();
    let identities = identities(&docs, &mut problems);
    alias_redirects(&docs, &live, &mut plan, &mut problems);
    for (address, entry) in &ledger.entries {
        if live.contains(output_file(address).as_str()) || plan.redirects.contains_key(address) {
            continue;
        }
        let to = entry
            .source
            .as_deref()
            .and_then(|source| identities.get(source))
            .map(|to| to.to_string())
            .or_else(|| list_of(address).filter(|list| live.contains(output_file(list).as_str())));
        match to {
            Some(to) => {
                let why = Why::Ledger(entry.line);
                plan.redirects.insert(address.clone(), Moved { to, why });
            }
            None => {
                plan.retired.insert(address.clone(), entry.line);
            }
        }
    }
    (plan, problems)
}

/// What the ledger may name each page by → its address: its file, and
/// its `identifiant` when it has a good one (well formed, its own).
fn identities<'a>(docs: &[Doc<'a>], problems: &mut Diagnostics) -> HashMap<String, &'a str> {
    let mut identities = HashMap::new();
    let mut owners: HashMap<&str, &Path> = HashMap::new();
    for doc in docs {
        identities.insert(slash_path(doc.source), doc.path);
        let Some(id) = doc.id else { continue };
        let problem = if crate::french::slugify(id) != id {
            AddressError::InvalidIdentity { id: id.to_string() }
        } else if let Some(other) = owners.get(id) {
            AddressError::IdentityTwice {
                id: id.to_string(),
                other: other.to_path_buf(),
            }
        } else {
            owners.insert(id, doc.source);
            identities.insert(doc.identity(), doc.path);
            continue;
        };
        problems.push(Diagnostic::new(doc.locate(id), problem));
    }
    identities
}

/// The redirects editors declared (`anciennes_adresses`), each to be a
/// site path that no page has and no other page declares.
fn alias_redirects(
    docs: &[Doc<'_>],
    live: &BTreeSet<&str>,
    plan: &mut Plan,
    problems: &mut Diagnostics,
) {
    let owners: HashMap<&str, &Path> = docs.iter().map(|d| (d.path, d.source)).collect();
    let mut claimed: HashMap<String, &Path> = HashMap::new();
    for doc in docs {
        for raw in doc.aliases {
            let at = doc.locate(raw);
            let problem = match normalize(raw) {
                Err(reason) => AddressError::InvalidAlias {
                    alias: raw.clone(),
                    reason,
                },
                Ok(alias) if alias == doc.path => AddressError::AliasIsOwn { alias },
                Ok(alias) if live.contains(output_file(&alias).as_str()) => {
                    match owners.get(alias.as_str()) {
                        Some(owner) => AddressError::AliasTaken {
                            alias,
                            owner: owner.to_path_buf(),
                        },
                        None => AddressError::AliasGenerated { alias },
                    }
                }
                Ok(alias) => match claimed.get(&alias) {
                    Some(other) => AddressError::AliasTwice {
                        alias,
                        other: other.to_path_buf(),
                    },
                    None => {
                        claimed.insert(alias.clone(), doc.source);
                        let to = doc.path.to_string();
                        let why = Why::Alias(at);
                        plan.redirects.insert(alias, Moved { to, why });
                        continue;
                    }
                },
            };
            problems.push(Diagnostic::new(at, problem));
        }
    }
}

/// The list a list's page belongs to: `/actualites/page/7/` → `/actualites/`
/// (fewer articles, fewer pages: its articles are on the list still).
fn list_of(address: &str) -> Option<String> {
    let inner = address.strip_suffix('/')?;
    let (rest, number) = inner.rsplit_once('/')?;
    let list = rest.strip_suffix("/page")?;
    number.parse::<usize>().ok()?;
    Some(format!("{list}/"))
}

/// Records `addresses` in the ledger of the site at `site_root`, after a
/// publish: new ones are added, each with the file that publishes it now;
/// none is ever removed; the file is sorted, and written whole or not at
/// all. `addresses` are site paths without the base's sub-path
/// (`/actualites/x/`) or files of the built site (`actualites/x/index.html`);
/// only pages are kept (files, `404.html`, host files are not addresses
/// to keep). Says whether the ledger changed (new lines to commit).
pub fn record_published(site_root: &Path, addresses: &[String]) -> Result<bool, Diagnostics> {
    record(site_root, addresses).map(|(_, changed)| changed)
}

/// [`record_published`], saying how many addresses it kept and whether
/// the ledger changed.
fn record(site_root: &Path, addresses: &[String]) -> Result<(usize, bool), Diagnostics> {
    let files = SiteFiles::new(site_root);
    let mut ledger = Ledger::read(&files)?;
    let sources = current_sources(&files);
    let mut kept = 0;
    for given in addresses {
        let Some(address) = page_address(given, &sources) else {
            continue;
        };
        let source = sources.get(&address).cloned();
        ledger.record(address, source);
        kept += 1;
    }
    let changed = ledger.write(site_root).map_err(|error| {
        let location = Location::file(ledger_path());
        Diagnostic::new(location, AddressError::Write(error))
    })?;
    Ok((kept, changed))
}

/// The address a published file or path stands for, if it is one to keep:
/// a page (`/x/`), or a former address an editor declared (`/ancien.html`);
/// not a file such as `404.html`, `style.css` or `_redirects`.
fn page_address(given: &str, sources: &HashMap<String, String>) -> Option<String> {
    let path = if given.starts_with('/') {
        given.to_string()
    } else {
        site_path(given)
    };
    let address = normalize(&path).ok()?;
    let declared = address == path && sources.contains_key(&address);
    (path.ends_with('/') || declared).then_some(address)
}

/// Which file publishes each address now (articles, pages and their
/// aliases, drafts included: only addresses that were published are
/// recorded). A site that does not load gives none.
fn current_sources(files: &dyn Files) -> HashMap<String, String> {
    let (Some(content), _) = crate::load::load_from(files) else {
        return HashMap::new();
    };
    let publication = Publication::new(true, crate::model::Date::today());
    let (site, _) = validate::validate_partial(content, publication);
    let mut sources = HashMap::new();
    for doc in docs(&site) {
        let identity = doc.identity();
        for alias in doc.aliases.iter().filter_map(|a| normalize(a).ok()) {
            sources.insert(alias, identity.clone());
        }
        sources.insert(doc.path.to_string(), identity);
    }
    sources
}

/// Records every page of a built site's folder (what `vitrine build
/// --enregistrer-adresses` does after writing it).
pub fn record_built(site_root: &Path, output: &Path) -> Result<usize, Diagnostics> {
    let mut addresses = Vec::new();
    for entry in walkdir::WalkDir::new(output).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        if entry.file_type().is_file()
            && let Ok(relative) = entry.path().strip_prefix(output)
        {
            addresses.push(slash_path(relative));
        }
    }
    record(site_root, &addresses).map(|(kept, _)| kept)
}

/// The ledger's location for a note about its line.
pub fn ledger_location(root: &Path, line: usize) -> Location {
    let file = display_path(root, &root.join(ledger_path()));
    if line == 0 {
        Location::file(file)
    } else {
        Location::at(file, line, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_normalized_or_refused_in_french() {
        assert_eq!(normalize("/actualites/x/").unwrap(), "/actualites/x/");
        assert_eq!(normalize("/actualites/x").unwrap(), "/actualites/x/");
        assert_eq!(normalize("/ancien/index.html").unwrap(), "/ancien/");
        assert_eq!(normalize("/ancien.html").unwrap(), "/ancien.html");
        assert!(
            normalize("actualites/x/")
                .unwrap_err()
                .contains("commence par « / »")
        );
        assert!(normalize("//autre.fr/x/").is_err());
        assert!(normalize("/a/../b/").is_err());
        assert!(normalize("/a b/").unwrap_err().contains("espace"));
        assert!(normalize("/a?b=1").unwrap_err().contains("« ? »"));
        assert!(normalize("/photo.jpg").unwrap_err().contains("fichier"));
        assert!(normalize("/a//b/").is_err());
    }

    #[test]
    fn a_list_page_leads_to_its_list() {
        assert_eq!(
            list_of("/actualites/page/7/").as_deref(),
            Some("/actualites/")
        );
        assert_eq!(
            list_of("/partenaires/upec/page/2/").as_deref(),
            Some("/partenaires/upec/")
        );
        assert_eq!(list_of("/actualites/x/"), None);
        assert_eq!(list_of("/page/x/"), None);
    }

    #[test]
    fn published_files_stand_for_their_pages() {
        let sources =
            HashMap::from([("/ancien.html".to_string(), "content/pages/a.md".to_string())]);
        let page = |given| page_address(given, &sources);
        assert_eq!(
            page("actualites/x/index.html").as_deref(),
            Some("/actualites/x/")
        );
        assert_eq!(page("/actualites/x/").as_deref(), Some("/actualites/x/"));
        assert_eq!(page("index.html").as_deref(), Some("/"));
        assert_eq!(page("ancien.html").as_deref(), Some("/ancien.html"));
        for file in [
            "404.html",
            "410.html",
            "_redirects",
            "_headers",
            ".htaccess",
            "style.css",
        ] {
            assert_eq!(page(file), None, "{file}");
        }
    }
}
