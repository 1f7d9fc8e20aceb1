//! The bad-input corpus of the output folder: `vitrine build --output` only
//! ever replaces a folder that a previous build made (or an empty one),
//! never the sources however symlinks disguise them, keeps a symlinked
//! output a symlink, refuses mount points, leaves no staging folder behind,
//! and recovers from a swap stopped halfway. Each refusal is checked with
//! its exact French message, through the library and the binary.

mod common;

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use common::assertions::{assert_at, assert_french, single, stderr, stdout};
use common::{Fixture, Snapshot};
use vitrine::output::{self, MARKER, OutputFile};

const ARTICLE: &str = "content/actualites/premier-article.md";

const SOURCES_HINT: &str = "le dossier de sortie est remplacé à chaque construction : choisissez un dossier à part, par exemple public/";

/// The whole diagnostic refusing `output` because it is not vitrine's.
fn foreign(output: &str, folder: &str) -> String {
    format!(
        "erreur : dossier de sortie refusé : « {folder} » n'est pas vide et n'a pas été construit par vitrine\n  --> {output}\n  = aide : vitrine ne remplace qu'un dossier vide ou construit par lui (il y laisse le fichier .vitrine-sortie) :\n           choisissez avec --output un dossier nouveau ou vide, ou videz « {folder} » vous-même si rien n'y est à garder"
    )
}

fn near_sources(output: &str, reason: &str) -> String {
    format!(
        "erreur : dossier de sortie refusé : {reason}\n  --> {output}\n  = aide : {SOURCES_HINT}"
    )
}

/// Publishing the valid site to `output` (as typed after `--output`, from
/// the root) fails with exactly `expected`, in the library and the binary,
/// and the binary does not claim a previous site it did not see.
fn refused(site: &Fixture, output: &str, expected: &str) -> String {
    let diagnostics = site
        .publish_to(&site.path(output))
        .expect_err("the output must be refused");
    let diagnostic = single(&diagnostics);
    assert_french(diagnostic);
    assert_at(diagnostic, output, None);
    assert_eq!(diagnostic.to_string(), expected);

    let run = site.vitrine(&["build", "--output", output]);
    let stderr = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(expected), "{stderr}");
    assert!(!stderr.contains("précédemment"), "{stderr}");
    stderr
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// No staging folder nor previous copy left beside the output.
fn assert_no_leftover(dir: &Path) {
    let leftovers: Vec<String> = names(dir)
        .into_iter()
        .filter(|name| name.contains(".vitrine-"))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
}

fn real(path: &Path) -> PathBuf {
    fs::canonicalize(path).expect("canonicalize")
}

// ---------------------------------------------------------------------------
// Only a folder that vitrine built is replaced.

#[test]
fn a_folder_of_documents_is_refused_and_kept() {
    let site = Fixture::tiny();
    site.write("docs/rapport.txt", "le rapport annuel");
    let stderr = refused(&site, "docs", &foreign("docs", "docs"));
    assert!(
        stderr.contains("Échec : 1 problème à corriger. Rien n'a été changé dans docs."),
        "{stderr}"
    );
    assert_eq!(site.read("docs/rapport.txt"), "le rapport annuel");
    assert_eq!(names(&site.path("docs")), ["rapport.txt"]);
    assert_no_leftover(site.root());
}

#[test]
fn the_git_folder_is_refused_and_kept() {
    let site = Fixture::tiny();
    site.write(".git/HEAD", "ref: refs/heads/main\n")
        .write(".git/config", "[core]\n");
    let before = site.snapshot(".git");
    refused(&site, ".git", &foreign(".git", ".git"));
    assert_eq!(site.snapshot(".git"), before);
    assert_no_leftover(site.root());
}

#[test]
fn a_previous_output_without_marker_is_refused() {
    // What a build before the marker left: its files, no marker.
    let site = Fixture::tiny();
    site.write("public/index.html", "<p>ancien</p>");
    refused(&site, "public", &foreign("public", "public"));
    assert_eq!(site.read("public/index.html"), "<p>ancien</p>");
}

#[test]
fn a_regular_file_is_refused() {
    let site = Fixture::tiny();
    site.write("sortie", "pas un dossier");
    refused(
        &site,
        "sortie",
        &near_sources("sortie", "c'est un fichier, pas un dossier"),
    );
    assert_eq!(site.read("sortie"), "pas un dossier");
}

#[test]
fn an_empty_folder_is_replaced_and_marked() {
    let site = Fixture::tiny();
    fs::create_dir(site.path("public")).expect("mkdir");
    let run = site.vitrine(&["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(site.path("public/index.html").is_file());
    assert!(site.read(&format!("public/{MARKER}")).contains("vitrine"));
    assert_no_leftover(site.root());
}

#[test]
fn a_marked_output_is_rebuilt_again_and_again() {
    let site = Fixture::tiny();
    for _ in 0..2 {
        let run = site.vitrine(&["build"]);
        assert!(run.status.success(), "{}", stderr(&run));
        // A stray file in the output is what a rebuild must remove.
        site.write("public/perime.html", "ancien");
    }
    let run = site.vitrine(&["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(!site.path("public/perime.html").exists(), "stale file kept");
    assert!(output::is_built_site(&site.path("public")));
    assert_no_leftover(site.root());
}

#[test]
fn the_marker_is_written_but_never_part_of_the_site() {
    let site = Fixture::tiny();
    let built = site.build().expect("build");
    assert!(!built.has(MARKER), "serve would serve it");
    site.published();
    let marker = site.read(&format!("public/{MARKER}"));
    assert!(marker.is_ascii(), "{marker}");
    assert!(marker.contains("construit par vitrine"), "{marker}");
}

// ---------------------------------------------------------------------------
// The sources, however symlinks disguise them.

#[test]
fn dot_dot_through_a_symlink_lands_in_content() {
    let site = Fixture::tiny();
    symlink(site.path("content/actualites"), site.path("lien")).expect("symlink");
    let before = site.snapshot("content");
    // The system takes `lien/..` as `content`, not as the root.
    refused(
        &site,
        "lien/../public",
        &near_sources(
            "lien/../public",
            "il est à l'intérieur des sources du site (« content »)",
        ),
    );
    assert_eq!(site.snapshot("content"), before);
}

#[test]
fn an_output_below_a_symlink_into_content() {
    let site = Fixture::tiny();
    symlink(site.path("content"), site.path("raccourci")).expect("symlink");
    refused(
        &site,
        "raccourci/public",
        &near_sources(
            "raccourci/public",
            "il est à l'intérieur des sources du site (« content »)",
        ),
    );
    assert!(!site.path("content/public").exists());
}

/// The tiny site whose `content/` is a symlink to `depot/contenu`, a folder
/// elsewhere in the root (a link leaving the root is refused as a source).
fn content_linked() -> Fixture {
    let site = Fixture::tiny();
    fs::create_dir(site.path("depot")).expect("mkdir");
    fs::rename(site.path("content"), site.path("depot/contenu")).expect("move");
    symlink("depot/contenu", site.path("content")).expect("symlink");
    site.build()
        .expect("the site still builds through the link");
    site
}

#[test]
fn an_output_inside_a_symlinked_content() {
    let site = content_linked();
    refused(
        &site,
        "depot/contenu/public",
        &near_sources(
            "depot/contenu/public",
            "il est à l'intérieur des sources du site (« content »)",
        ),
    );
    assert!(!site.path("depot/contenu/public").exists());
}

#[test]
fn an_output_holding_a_symlinked_content() {
    let site = content_linked();
    let before = Snapshot::of(&site.path("depot"));
    refused(
        &site,
        "depot",
        &near_sources("depot", "il contient les sources du site (« content »)"),
    );
    assert_eq!(Snapshot::of(&site.path("depot")), before);
}

// ---------------------------------------------------------------------------
// Symlinked outputs and mount points.

#[test]
fn a_symlinked_output_stays_a_symlink_to_the_updated_site() {
    let site = Fixture::tiny();
    let server = tempfile::tempdir().expect("temp dir");
    let served = server.path().join("site");
    fs::create_dir(&served).expect("mkdir");
    symlink(&served, site.path("public")).expect("symlink");
    for article in ["Premier", "Second"] {
        site.replace(ARTICLE, "titre: ", &format!("titre: {article} "));
        let run = site.vitrine(&["build"]);
        assert!(run.status.success(), "{}", stderr(&run));
        let link = fs::symlink_metadata(site.path("public")).expect("public");
        assert!(link.is_symlink(), "the link was replaced by a folder");
        assert_eq!(fs::read_link(site.path("public")).expect("link"), served);
        let page = fs::read_to_string(served.join("index.html")).expect("index");
        assert!(page.contains(article), "the served folder is not updated");
        assert!(served.join(MARKER).is_file());
        assert_eq!(names(server.path()), ["site"], "staging left beside it");
        assert_no_leftover(site.root());
    }
}

#[test]
fn a_dangling_symlinked_output_gets_its_target_built() {
    let site = Fixture::tiny();
    let server = tempfile::tempdir().expect("temp dir");
    let served = server.path().join("site");
    symlink(&served, site.path("public")).expect("symlink");
    site.published();
    assert!(
        fs::symlink_metadata(site.path("public"))
            .expect("public")
            .is_symlink()
    );
    assert!(served.join("index.html").is_file());
    assert!(served.join(MARKER).is_file());
}

#[test]
fn a_symlink_to_a_folder_of_documents_is_refused() {
    let site = Fixture::tiny();
    let server = tempfile::tempdir().expect("temp dir");
    let served = real(server.path()).join("www");
    fs::create_dir(&served).expect("mkdir");
    fs::write(served.join("index.html"), "<p>le site d'avant</p>").expect("write");
    symlink(&served, site.path("public")).expect("symlink");
    let folder = served.display().to_string();
    refused(&site, "public", &foreign("public", &folder));
    assert_eq!(names(&served), ["index.html"]);
    assert!(
        fs::symlink_metadata(site.path("public"))
            .expect("public")
            .is_symlink()
    );
}

#[test]
fn a_mount_point_is_refused() {
    // `/proc` is a mount point on every Linux system.
    let site = Fixture::tiny();
    refused(
        &site,
        "/proc",
        "erreur : dossier de sortie refusé : « /proc » est un point de montage, que vitrine ne peut pas remplacer d'un bloc\n  --> /proc\n  = aide : vitrine remplace le dossier de sortie par un nouveau, ce qu'un point de montage ne permet pas :\n           construisez dans un sous-dossier, par exemple --output /proc/site, et publiez ce sous-dossier",
    );
    assert!(!Path::new("/.proc.vitrine-nouveau").exists());
}

// ---------------------------------------------------------------------------
// Staging folders and the swap.

#[test]
fn staging_is_removed_when_a_write_fails_midway() {
    let site = Fixture::tiny();
    let before = site.published();
    let cases: [(&[OutputFile], &str); 2] = [
        (
            &[OutputFile::new("a", "x"), OutputFile::new("a/b.html", "y")],
            "c'est un dossier, pas un fichier",
        ),
        (
            &[
                OutputFile::new("index.html", "x"),
                OutputFile::new("n".repeat(300), "y"),
            ],
            "nom de fichier invalide",
        ),
    ];
    for (files, reason) in cases {
        let diagnostics = output::write_site(site.root(), files, &site.path("public"))
            .expect_err("the write fails");
        assert_eq!(
            single(&diagnostics).to_string(),
            format!(
                "erreur : écriture impossible : {reason}\n  --> public\n  = aide : vérifiez les droits d'écriture et la place disponible, ou choisissez un autre dossier avec --output"
            )
        );
        assert_no_leftover(site.root());
        assert_eq!(site.snapshot("public"), before);
    }
}

#[test]
fn an_interrupted_swap_is_undone_by_the_next_build() {
    // Stopped between the renames: the old site moved aside, a complete or
    // partial staging folder beside it, no output.
    let site = Fixture::tiny();
    let before = site.published();
    fs::rename(site.path("public"), site.path(".public.vitrine-ancien")).expect("rename");
    site.write(&format!(".public.vitrine-nouveau/{MARKER}"), "x")
        .write(".public.vitrine-nouveau/index.html", "à moitié");

    // Even a build that fails on its content puts the old site back first.
    site.write(ARTICLE, "pas d'en-tête\n");
    let run = site.vitrine(&["build"]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(
        stdout(&run).contains(
            "Le site précédent, mis de côté par une construction interrompue, a été remis en place dans ./public."
        ),
        "{}",
        stdout(&run)
    );
    assert!(
        stderr(&run).contains("Le site publié précédemment dans ./public n'a pas été modifié."),
        "{}",
        stderr(&run)
    );
    assert_eq!(site.snapshot("public"), before);
    assert!(!site.path(".public.vitrine-ancien").exists());
}

#[test]
fn a_publish_after_an_interrupted_swap_replaces_the_restored_site() {
    let site = Fixture::tiny();
    site.published();
    fs::rename(site.path("public"), site.path(".public.vitrine-ancien")).expect("rename");
    site.write(&format!(".public.vitrine-nouveau/{MARKER}"), "x");
    assert!(output::restore_interrupted(site.root(), &site.path("public")).expect("restore"));
    assert!(site.path("public/index.html").is_file());
    assert!(!output::restore_interrupted(site.root(), &site.path("public")).expect("nothing"));

    fs::rename(site.path("public"), site.path(".public.vitrine-ancien")).expect("rename");
    site.published();
    assert_no_leftover(site.root());
}

#[test]
fn a_foreign_folder_under_the_swap_name_is_kept() {
    let site = Fixture::tiny();
    let before = site.published();
    site.write(".public.vitrine-ancien/notes.txt", "à garder");
    let folder = real(site.root()).join(".public.vitrine-ancien");
    let folder = folder.display();
    let diagnostics = site.fails(&before);
    assert_eq!(
        single(&diagnostics).to_string(),
        format!(
            "erreur : dossier de sortie refusé : « {folder} » existe déjà et n'a pas été créé par vitrine\n  --> public\n  = aide : vitrine se sert de ce nom pour remplacer le site sans risque : déplacez ou supprimez « {folder} » vous-même"
        )
    );
    assert_eq!(site.read(".public.vitrine-ancien/notes.txt"), "à garder");
    assert!(!site.path(".public.vitrine-nouveau").exists());
}

#[test]
fn a_failed_first_build_says_nothing_was_written() {
    let site = Fixture::tiny();
    site.write(ARTICLE, "pas d'en-tête\n");
    let run = site.vitrine(&["build"]);
    let stderr = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("Échec : 1 problème à corriger. Aucun fichier n'a été écrit."),
        "{stderr}"
    );
    assert!(!stderr.contains("précédemment"), "{stderr}");
    assert!(!site.path("public").exists());
    assert_no_leftover(site.root());
}
