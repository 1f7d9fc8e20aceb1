//! A new article or page: writes a Markdown file with a complete front
//! matter, as a draft, so editors start from something that builds. The
//! valid partner and theme ids are listed in YAML comments, read from the
//! data files by the library's loader. A service of the library, not only
//! of `vitrine new`: any front end (a CMS back end) creates content the
//! same way, with the same slug, the same reserved addresses, and without
//! ever replacing a file.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::error::io_message;
use crate::french::slugify;
use crate::load::{self, ARTICLES_DIR, PAGES_DIR};
use crate::model::{Date, Partner, Theme};
use crate::routes::{self, Route};

/// The sections `new` can write to.
pub const SECTIONS: [&str; 2] = [ARTICLES_DIR, PAGES_DIR];

#[derive(Debug, thiserror::Error)]
pub enum NewError {
    #[error("section inconnue « {0} »")]
    UnknownSection(String),
    #[error("impossible de tirer un nom de fichier du titre « {0} »")]
    EmptySlug(String),
    #[error("l'adresse /{0}/ est réservée par le site")]
    ReservedSlug(String),
    #[error("le fichier {} existe déjà", .0.display())]
    Exists(PathBuf),
    #[error("le dossier de contenu {} est introuvable", .0.display())]
    NoContentDir(PathBuf),
    #[error("écriture impossible de {} : {}", .0.display(), io_message(.1))]
    Io(PathBuf, #[source] io::Error),
}

impl NewError {
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            NewError::UnknownSection(_) => format!(
                "sections possibles : {} (par exemple : vitrine new actualites \"Mon article\")",
                SECTIONS.join(", ")
            ),
            NewError::EmptySlug(_) | NewError::ReservedSlug(_) => {
                "donnez un titre avec des lettres ou des chiffres ; le nom du fichier en est tiré"
                    .into()
            }
            NewError::Exists(_) => {
                "ouvrez ce fichier pour le modifier, ou choisissez un autre titre".into()
            }
            NewError::NoContentDir(_) => {
                "lancez vitrine depuis le dossier du site, ou indiquez-le avec --root DOSSIER"
                    .into()
            }
            NewError::Io(..) => return None,
        })
    }
}

/// A file written by [`create`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Created {
    /// The new file, as the editor can open it (below `--root`).
    pub path: PathBuf,
    pub section: &'static str,
}

/// Writes `content/<section>/<slug of title>.md` below `root`; never
/// replaces an existing file.
pub fn create(root: &Path, section: &str, title: &str, today: Date) -> Result<Created, NewError> {
    let Some(section) = SECTIONS.iter().copied().find(|s| *s == section) else {
        return Err(NewError::UnknownSection(section.to_string()));
    };
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(NewError::EmptySlug(title.to_string()));
    }
    if section == PAGES_DIR && routes::is_reserved(&Route::Page(&slug).path()) {
        return Err(NewError::ReservedSlug(slug));
    }
    let content = root.join("content");
    if !content.is_dir() {
        return Err(NewError::NoContentDir(content));
    }
    let dir = content.join(section);
    let path = dir.join(format!("{slug}.md"));
    let shown = shown_path(root, section, &slug);
    if path.exists() {
        return Err(NewError::Exists(shown));
    }
    let text = if section == ARTICLES_DIR {
        article_text(title, today, &ids::<Partner>(root), &ids::<Theme>(root))
    } else {
        page_text(title)
    };
    let io_error = |e| NewError::Io(shown.clone(), e);
    std::fs::create_dir_all(&dir).map_err(io_error)?;
    // `create_new` refuses to replace a file created in the meantime.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            io::ErrorKind::AlreadyExists => NewError::Exists(shown.clone()),
            _ => io_error(e),
        })?;
    file.write_all(text.as_bytes()).map_err(io_error)?;
    Ok(Created {
        path: shown,
        section,
    })
}

/// `content/actualites/x.md`, below `root` unless `root` is the current folder.
fn shown_path(root: &Path, section: &str, slug: &str) -> PathBuf {
    let relative = Path::new("content")
        .join(section)
        .join(format!("{slug}.md"));
    if root == Path::new(".") || root.as_os_str().is_empty() {
        relative
    } else {
        root.join(relative)
    }
}

/// What a list of ids can be: the ids, or why they could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ids {
    Known(Vec<String>),
    /// The data file has a problem; `vitrine check` explains it.
    Unreadable(&'static str),
}

trait HasId: serde::de::DeserializeOwned {
    const FILE: &'static str;
    fn id(&self) -> &str;
}

impl HasId for Partner {
    const FILE: &'static str = "partenaires.yaml";
    fn id(&self) -> &str {
        &self.id
    }
}

impl HasId for Theme {
    const FILE: &'static str = "thematiques.yaml";
    fn id(&self) -> &str {
        &self.id
    }
}

fn ids<T: HasId>(root: &Path) -> Ids {
    match load::data::<Vec<T>>(root, T::FILE) {
        Ok(items) => Ids::Known(items.iter().map(|i| i.id().to_string()).collect()),
        Err(_) => Ids::Unreadable(T::FILE),
    }
}

/// The front matter and body skeleton of a new article.
pub fn article_text(title: &str, today: Date, partners: &Ids, themes: &Ids) -> String {
    let mut text = String::from("---\n");
    text.push_str(&format!("titre: {}\n", yaml_quote(title)));
    text.push_str(&format!("date: {today}\n"));
    text.push_str(
        "# Rubrique affichée au-dessus du titre, par exemple :\n# rubrique: Innovation\n",
    );
    text.push_str("# Une ou deux phrases qui résument l'article (300 caractères au plus).\n");
    text.push_str("chapo: \"\"\n");
    text.push_str(&ids_comment("Partenaires cités", "partenaires", partners));
    text.push_str("partenaires: []\n");
    text.push_str(&ids_comment(
        "Thématiques de l'article",
        "thematiques",
        themes,
    ));
    text.push_str("thematiques: []\n");
    text.push_str("# Image d'illustration, placée dans content/medias/ :\n");
    text.push_str("# image: /medias/photo.jpg\n");
    text.push_str("# image_alt: Ce que montre l'image, pour qui ne la voit pas\n");
    text.push_str("# Un brouillon n'est pas publié ; mettez false pour publier.\n");
    text.push_str("brouillon: true\n---\n\n");
    text.push_str(
        "Premier paragraphe : l'essentiel de l'information en deux ou trois phrases.\n\n",
    );
    text.push_str("## Premier intertitre\n\nDéveloppez ici.\n");
    text
}

/// The front matter and body skeleton of a new page.
pub fn page_text(title: &str) -> String {
    format!(
        "---\ntitre: {}\n# Une phrase qui présente la page.\nchapo: \"\"\n# Un brouillon n'est pas publié ; mettez false pour publier.\nbrouillon: true\n---\n\n## Premier intertitre\n\nTexte de la page.\n",
        yaml_quote(title)
    )
}

/// `# Partenaires cités, par exemple [upec]. Identifiants possibles :`
/// followed by the ids, wrapped as comment lines.
fn ids_comment(what: &str, key: &str, ids: &Ids) -> String {
    let ids = match ids {
        Ids::Known(ids) if !ids.is_empty() => ids,
        Ids::Known(_) => return format!("# {what} : content/{key}.yaml n'en définit aucun.\n"),
        Ids::Unreadable(file) => {
            return format!(
                "# {what} : liste indisponible, content/{file} contient une erreur (lancez « vitrine check »).\n"
            );
        }
    };
    let mut comment = format!(
        "# {what}, par exemple « {key}: [{}] ». Identifiants possibles :\n",
        ids[0]
    );
    let mut line = String::from("#  ");
    for (i, id) in ids.iter().enumerate() {
        let piece = if i + 1 < ids.len() {
            format!(" {id},")
        } else {
            format!(" {id}")
        };
        if line.len() + piece.len() > 78 && line.len() > 3 {
            comment.push_str(&line);
            comment.push('\n');
            line = String::from("#  ");
        }
        line.push_str(&piece);
    }
    comment.push_str(&line);
    comment.push('\n');
    comment
}

/// A YAML double-quoted scalar holding exactly `text`.
pub fn yaml_quote(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            '\r' => quoted.push_str("\\r"),
            c if c.is_control() || matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}') => {
                quoted.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ArticleMeta, PageMeta};
    use crate::{frontmatter, yaml};
    use proptest::prelude::*;

    fn today() -> Date {
        Date::parse("2024-03-05").unwrap()
    }

    #[test]
    fn article_front_matter_parses_and_lists_ids() {
        let partners = Ids::Known(vec!["upec".into(), "lissi".into()]);
        let text = article_text(
            "L'UPEC : \"bilan\"",
            today(),
            &partners,
            &Ids::Unreadable("thematiques.yaml"),
        );
        let split = frontmatter::split(&text).unwrap();
        let meta: ArticleMeta = yaml::parse(split.front_matter).unwrap();
        assert_eq!(meta.title, "L'UPEC : \"bilan\"");
        assert_eq!(meta.date, today());
        assert!(meta.draft);
        assert!(meta.partners.is_empty() && meta.themes.is_empty());
        assert!(text.contains("#   upec, lissi\n"), "{text}");
        assert!(text.contains("contient une erreur"), "{text}");
    }

    #[test]
    fn long_id_lists_are_wrapped() {
        let ids = Ids::Known((0..30).map(|i| format!("partenaire-{i}")).collect());
        let comment = ids_comment("Partenaires", "partenaires", &ids);
        let ids_lines: Vec<&str> = comment.lines().skip(1).collect();
        assert!(ids_lines.len() > 3, "{comment}");
        assert!(
            ids_lines
                .iter()
                .all(|l| l.len() <= 80 && l.starts_with("#   ")),
            "{comment}"
        );
        assert!(comment.contains("partenaire-29\n"));
    }

    #[test]
    fn page_front_matter_parses() {
        let text = page_text("Mentions légales");
        let split = frontmatter::split(&text).unwrap();
        let meta: PageMeta = yaml::parse(split.front_matter).unwrap();
        assert_eq!(meta.title, "Mentions légales");
        assert!(meta.draft);
    }

    proptest! {
        #[test]
        fn any_title_round_trips_through_yaml(title in "\\PC*|[\"'\\\\:#\\-\\[\\]{}&*!|>%@` \\t\\n]{0,20}") {
            let parsed: String = yaml::parse(&yaml_quote(&title)).unwrap();
            prop_assert_eq!(parsed, title);
        }
    }
}
