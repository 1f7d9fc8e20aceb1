//! Stage 5: static files gathered, then the whole site written to a fresh
//! directory beside the output and swapped in place of it. A failure leaves
//! the previous output exactly as it was.
//!
//! Creating files is what costs on these disks, so each directory is created
//! once (parents first, no `create_dir_all` probing) and each file is written
//! with a single `fs::write`.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Diagnostic, Diagnostics, Location, display_path};
use crate::source::{STATIC_LIMIT, SiteFiles};
use crate::urls::slash_path;

/// One file of the built site; `path` is relative and `/`-separated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub contents: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, contents: impl Into<Vec<u8>>) -> Self {
        OutputFile {
            path: path.into(),
            contents: contents.into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("écriture impossible : {}", crate::error::io_message(.0))]
    Io(#[source] io::Error),
    #[error("dossier de sortie refusé : {0}")]
    Unsafe(&'static str),
    #[error("le fichier statique « {0} » a la même adresse qu'une page générée")]
    Conflict(String),
}

impl OutputError {
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            OutputError::Io(_) => "vérifiez les droits d'écriture et la place disponible, ou choisissez un autre dossier avec --output".into(),
            OutputError::Unsafe(_) => {
                "le dossier de sortie est remplacé à chaque construction : choisissez un dossier à part, par exemple public/".into()
            }
            OutputError::Conflict(_) => "renommez ou supprimez ce fichier statique".into(),
        })
    }
}

/// Reads the static files (theme's, then the site's, then `content/medias/`),
/// later folders replacing earlier ones file by file.
pub fn static_files(root: &Path, dirs: &[(PathBuf, &str)]) -> Result<Vec<OutputFile>, Diagnostics> {
    let site_files = SiteFiles::new(root);
    let mut files = std::collections::BTreeMap::new();
    let mut diagnostics = Diagnostics::default();
    for (dir, prefix) in dirs {
        let (found, refused) = site_files.walk(dir);
        for refused in refused {
            diagnostics.push(site_files.diagnostic(refused));
        }
        for file in found {
            let name = slash_path(file.path.strip_prefix(dir).unwrap_or(&file.path));
            match site_files.read(&file, STATIC_LIMIT) {
                Ok(contents) => {
                    files.insert(format!("{prefix}{name}"), contents);
                }
                Err(refused) => diagnostics.push(site_files.diagnostic(refused)),
            }
        }
    }
    let files = files
        .into_iter()
        .map(|(path, contents)| OutputFile::new(path, contents))
        .collect();
    diagnostics.into_result(files)
}

/// Adds static files to rendered ones; a static file may not replace a page.
pub fn merge(
    mut rendered: Vec<OutputFile>,
    statics: Vec<OutputFile>,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let taken: BTreeSet<String> = rendered.iter().map(|f| f.path.clone()).collect();
    let mut diagnostics = Diagnostics::default();
    for file in statics {
        if taken.contains(&file.path) {
            let location = Location::file(format!("static/{}", file.path));
            diagnostics.push(Diagnostic::new(location, OutputError::Conflict(file.path)));
        } else {
            rendered.push(file);
        }
    }
    rendered.sort_by(|a, b| a.path.cmp(&b.path));
    diagnostics.into_result(rendered)
}

/// Refuses output directories whose replacement would destroy sources.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let root = absolute(root);
    let output = absolute(output);
    let reason = if output == root || root.starts_with(&output) {
        Some("il contient le site lui-même")
    } else if ["content", "themes", "templates", "static"]
        .iter()
        .any(|dir| output.starts_with(root.join(dir)))
    {
        Some("il est à l'intérieur des sources du site")
    } else if output.parent().is_none() {
        Some("c'est la racine du disque")
    } else if output.exists() && !output.is_dir() {
        // Replacing it would delete a file that is not a previous build.
        Some("c'est un fichier, pas un dossier")
    } else {
        None
    };
    match reason {
        Some(reason) => Err(Diagnostic::new(
            Location::file(output),
            OutputError::Unsafe(reason),
        )),
        None => Ok(()),
    }
}

/// An absolute, lexically normalized path (the output may not exist yet).
fn absolute(path: &Path) -> PathBuf {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    // Resolve symlinks of the part that exists, so `public -> content` is caught.
    let mut normalized = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::ParentDir => {
                normalized.pop();
            }
            std::path::Component::CurDir => {}
            other => normalized.push(other),
        }
    }
    let mut existing = normalized.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return normalized,
        }
    }
    let mut resolved = fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
    resolved.extend(rest.iter().rev());
    resolved
}

/// Writes `files` into a fresh sibling of `output`, then swaps it in.
pub fn write_site(root: &Path, files: &[OutputFile], output: &Path) -> Result<(), Diagnostics> {
    check_output_dir(root, output)?;
    let name = output
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let staging = parent.join(format!(".{name}.vitrine-nouveau"));
    let previous = parent.join(format!(".{name}.vitrine-ancien"));
    let fail =
        |path: &Path, e: io::Error| Diagnostics::from(problem(root, path, OutputError::Io(e)));

    // Editors know the output folder, not our staging folders: name it.
    remove_if_present(&staging).map_err(|e| fail(output, e))?;
    if let Err(error) = write_tree(&staging, files) {
        let _ = fs::remove_dir_all(&staging);
        return Err(fail(output, error));
    }
    // Two renames: at no moment does `output` hold a mix of old and new.
    remove_if_present(&previous).map_err(|e| fail(output, e))?;
    let had_previous = output.exists();
    if had_previous {
        fs::rename(output, &previous).map_err(|e| fail(output, e))?;
    }
    if let Err(error) = fs::rename(&staging, output) {
        if had_previous {
            let _ = fs::rename(&previous, output);
        }
        let _ = fs::remove_dir_all(&staging);
        return Err(fail(output, error));
    }
    if had_previous {
        // The new site is in place; a leftover old copy is only disk space.
        let _ = fs::remove_dir_all(&previous);
    }
    Ok(())
}

fn remove_if_present(path: &Path) -> io::Result<()> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Creates each directory once, parents first, then writes files in parallel.
fn write_tree(dir: &Path, files: &[OutputFile]) -> io::Result<()> {
    let mut directories = BTreeSet::new();
    for file in files {
        let mut path = file.path.as_str();
        while let Some((parent, _)) = path.rsplit_once('/') {
            if !directories.insert(parent) {
                break;
            }
            path = parent;
        }
    }
    fs::create_dir(dir)?;
    // BTreeSet order puts every parent before its children.
    for directory in &directories {
        fs::create_dir(dir.join(directory))?;
    }
    files
        .par_iter()
        .try_for_each(|file| fs::write(dir.join(&file.path), &file.contents))
}

fn problem(root: &Path, path: &Path, error: OutputError) -> Diagnostic {
    Diagnostic::new(Location::file(display_path(root, path)), error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_then_replaces_the_whole_tree() {
        let temp = tempfile::tempdir().unwrap();
        let output = temp.path().join("public");
        write_site(
            temp.path(),
            &[
                OutputFile::new("a/b/index.html", "1"),
                OutputFile::new("old.txt", "x"),
            ],
            &output,
        )
        .unwrap();
        write_site(
            temp.path(),
            &[
                OutputFile::new("a/b/index.html", "2"),
                OutputFile::new("a/c.css", "c"),
            ],
            &output,
        )
        .unwrap();
        assert_eq!(
            fs::read_to_string(output.join("a/b/index.html")).unwrap(),
            "2"
        );
        assert!(!output.join("old.txt").exists(), "stale files are gone");
        let names: Vec<_> = fs::read_dir(temp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            names,
            vec![std::ffi::OsString::from("public")],
            "no staging left behind"
        );
    }

    #[test]
    fn refuses_outputs_that_would_destroy_sources() {
        let temp = tempfile::tempdir().unwrap();
        let root = temp.path();
        fs::create_dir(root.join("content")).unwrap();
        assert!(check_output_dir(root, root).is_err());
        assert!(check_output_dir(root, &root.join("content/public")).is_err());
        assert!(check_output_dir(root, &root.join("..")).is_err());
        assert!(check_output_dir(root, &root.join("public")).is_ok());
        fs::write(root.join("README.md"), "x").unwrap();
        assert!(check_output_dir(root, &root.join("README.md")).is_err());
    }
}
