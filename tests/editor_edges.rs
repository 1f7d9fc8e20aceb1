//! Editors' rough edges (issue 12): output that cannot be written, command
//! line hints and help, a missing `--root`, what `build` leaves out, drafts
//! kept out of the feed and sitemap, and every problem of a build at once.

mod common;

use std::fs::File;
use std::process::{Command, Output, Stdio};

use common::Fixture;
use common::assertions::{stderr, stdout};

const ARTICLE: &str = "content/actualites/premier-article.md";

/// Runs `vitrine` in the site root with the given stdout and stderr.
fn run(site: &Fixture, args: &[&str], out: Stdio, err: Stdio) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vitrine"))
        .args(args)
        .current_dir(site.root())
        .stdout(out)
        .stderr(err)
        .output()
        .expect("run vitrine")
}

/// A pipe whose reader is already gone: every write gets EPIPE.
fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    writer.into()
}

fn full() -> Stdio {
    File::create("/dev/full").expect("/dev/full").into()
}

fn no_panic(output: &Output) {
    let err = stderr(output);
    assert!(!err.contains("panicked"), "{err}");
    assert_ne!(output.status.code(), Some(101), "{err}");
}

#[test]
fn a_closed_stdout_stops_output_quietly_with_the_commands_own_code() {
    let site = Fixture::tiny();
    let check = run(&site, &["check"], closed_pipe(), Stdio::piped());
    no_panic(&check);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert_eq!(stderr(&check), "");

    let build = run(&site, &["build"], closed_pipe(), Stdio::piped());
    no_panic(&build);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    assert!(site.path("public/index.html").is_file());

    // A `check` that finds errors still says so through its exit code.
    site.replace(ARTICLE, "[upec, territoire]", "[upek, territoire]");
    let check = run(&site, &["check"], closed_pipe(), Stdio::piped());
    no_panic(&check);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));

    let help = run(&site, &["help"], closed_pipe(), Stdio::piped());
    no_panic(&help);
    assert_eq!(help.status.code(), Some(0), "{}", stderr(&help));
}

#[test]
fn a_full_stdout_fails_with_a_french_message() {
    let site = Fixture::tiny();
    for args in [
        &["build"][..],
        &["check"],
        &["--help"],
        &["new", "pages", "Essai"],
    ] {
        let output = run(&site, args, full(), Stdio::piped());
        no_panic(&output);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert_eq!(
            stderr(&output),
            "erreur : écriture sur la sortie standard impossible : le disque est plein\n",
            "{args:?}"
        );
    }
}

#[test]
fn a_full_or_closed_stderr_keeps_the_failure_code() {
    let site = Fixture::tiny();
    site.replace(ARTICLE, "[upec, territoire]", "[upek, territoire]");
    for err in [full(), closed_pipe()] {
        let output = run(&site, &["build"], Stdio::piped(), err);
        assert_eq!(output.status.code(), Some(1));
        assert_eq!(stdout(&output), "");
    }
    // A command-line error keeps its code 2.
    let output = run(&site, &["biuld"], Stdio::piped(), full());
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn hints_name_the_command_that_failed() {
    let site = Fixture::tiny();
    let new = site.vitrine(&["new"]);
    assert_eq!(new.status.code(), Some(2));
    assert_eq!(
        stderr(&new),
        "erreur : il manque <SECTION>, <TITRE>\n\
         \x20 = aide : « vitrine new --help » décrit cette commande et ses options\n"
    );

    let check = site.vitrine(&["check", "--strikt"]);
    assert_eq!(
        stderr(&check),
        "erreur : option inconnue « --strikt »\n\
         \x20 = aide : vouliez-vous dire « --strict » ?\n\
         \x20 = aide : « vitrine check --help » décrit cette commande et ses options\n"
    );

    let unknown = site.vitrine(&["biuld"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert_eq!(
        stderr(&unknown),
        "erreur : commande inconnue « biuld »\n\
         \x20 = aide : vouliez-vous dire « build » ?\n\
         \x20 = aide : « vitrine help » liste les commandes ; « vitrine help COMMANDE » décrit l'une d'elles\n"
    );
}

#[test]
fn help_subcommand_in_french() {
    let site = Fixture::tiny();
    let help = site.vitrine(&["help"]);
    assert_eq!(help.status.code(), Some(0), "{}", stderr(&help));
    let out = stdout(&help);
    assert!(
        out.starts_with(
            "Générateur de microsites statiques en français\n\nUtilisation : vitrine <COMMANDE>\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("\n  help     Affiche l'aide de vitrine ou d'une commande\n"),
        "{out}"
    );
    assert_eq!(out, stdout(&site.vitrine(&["--help"])));

    let build = site.vitrine(&["help", "build"]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    assert_eq!(stdout(&build), stdout(&site.vitrine(&["build", "--help"])));
    assert!(
        stdout(&build).starts_with(
            "Construit le site dans le dossier de sortie\n\nUtilisation : vitrine build [options]\n"
        ),
        "{}",
        stdout(&build)
    );

    let help_help = site.vitrine(&["help", "help"]);
    let out = stdout(&help_help);
    assert!(
        out.starts_with("Affiche l'aide de vitrine ou d'une commande\n\nUtilisation : vitrine help [COMMANDE]\n\nCommandes :\n"),
        "{out}"
    );
    for english in ["Usage", "Commands", "Print", "COMMAND]"] {
        assert!(!out.contains(english), "English « {english} » in:\n{out}");
    }
}

#[test]
fn a_missing_root_is_named_in_full_by_every_command() {
    let site = Fixture::tiny();
    let missing = site.path("ailleurs/site");
    let file = site.path("content/site.yaml");
    let commands: &[&[&str]] = &[
        &["build"],
        &["check"],
        #[cfg(feature = "serve")]
        &["serve", "--port", "0"],
        &["new", "pages", "Essai"],
    ];
    for &command in commands {
        let mut args = command.to_vec();
        args.extend(["--root", "ailleurs/site"]);
        let output = site.vitrine(&args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert_eq!(
            stderr(&output),
            format!(
                "erreur : le dossier du site « {} » est introuvable\n\
                 \x20 = aide : lancez vitrine depuis le dossier du site, ou indiquez-le avec --root DOSSIER\n",
                missing.display()
            ),
            "{args:?}"
        );
        assert_eq!(stdout(&output), "", "{args:?}");

        let mut args = command.to_vec();
        args.extend(["--root", "content/site.yaml"]);
        let output = site.vitrine(&args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&output).starts_with(&format!(
                "erreur : le dossier du site « {} » n'est pas un dossier\n",
                file.display()
            )),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

/// An article that waits: a draft, or dated after the tiny site's "today".
fn article(title: &str, extra: &str) -> String {
    format!(
        "---\ntitre: {title}\ndate: 2024-05-02\n{extra}chapo: Un chapo.\npartenaires: [upec]\nthematiques: [sante]\n---\nTexte.\n"
    )
}

#[test]
fn build_names_the_drafts_and_future_articles_it_left_out() {
    let site = Fixture::tiny();
    site.write(
        "content/actualites/brouillon.md",
        &article("Brouillon", "brouillon: true\n"),
    )
    .write(
        "content/actualites/futur.md",
        &article("Futur", "").replace("2024-05-02", "2999-03-03"),
    )
    .write(
        "content/pages/cachee.md",
        "---\ntitre: Page cachée\nbrouillon: true\n---\nTexte.\n",
    );
    let run = site.vitrine(&["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let out = stdout(&run);
    assert!(out.starts_with("Site construit dans "), "{out}");
    assert!(
        out.ends_with(
            " ms.\n\
             Non publié : content/actualites/brouillon.md (brouillon)\n\
             Non publié : content/actualites/futur.md (daté du 3 mars 2999)\n\
             Non publié : content/pages/cachee.md (brouillon)\n"
        ),
        "{out}"
    );

    // Beyond five, a count and where to look.
    for n in 1..=4 {
        site.write(
            &format!("content/actualites/brouillon-{n}.md"),
            &article(&format!("Brouillon {n}"), "brouillon: true\n"),
        );
    }
    let run = site.vitrine(&["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(
        stdout(&run).ends_with(
            " ms.\nNon publiés : 6 brouillons et 1 article daté dans le futur ; lancez « vitrine check » pour le détail.\n"
        ),
        "{}",
        stdout(&run)
    );

    // Shown with --drafts, so nothing is left out.
    let run = site.vitrine(&["build", "--drafts"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(!stdout(&run).contains("Non publié"), "{}", stdout(&run));
}

#[test]
fn drafts_shown_for_preview_are_not_announced() {
    let site = Fixture::tiny();
    site.write(
        "content/actualites/brouillon.md",
        &article("Brouillon", "brouillon: true\n").replace("2024-05-02", "2024-05-30"),
    )
    .write(
        "content/actualites/futur.md",
        &article("Futur", "").replace("2024-05-02", "2999-03-03"),
    )
    .write(
        "content/pages/cachee.md",
        "---\ntitre: Page cachée\nbrouillon: true\n---\nTexte.\n",
    )
    .write(
        "themes/essai/templates/atom.xml",
        "<feed><updated>{{ mis_a_jour }}</updated>{% for a in articles %}<entry>{{ a.lien_absolu }}</entry>{% endfor %}</feed>",
    );
    let mut options = site.options();
    options.drafts = true;
    let built = site.build_with(&options).unwrap_or_else(|d| panic!("{d}"));
    for page in ["actualites/brouillon/", "actualites/futur/", "page-cachee/"] {
        assert!(built.has(&format!("{page}index.html")), "{page} rendered");
    }
    assert_eq!(
        built.file("sitemap.xml"),
        "<urlset>\
         <url><loc>https://exemple.fr/</loc></url>\
         <url><loc>https://exemple.fr/a-propos/</loc></url>\
         <url><loc>https://exemple.fr/accessibilite/</loc></url>\
         <url><loc>https://exemple.fr/actualites/</loc></url>\
         <url><loc>https://exemple.fr/actualites/premier-article/</loc></url>\
         <url><loc>https://exemple.fr/convention/</loc></url>\
         <url><loc>https://exemple.fr/mentions-legales/</loc></url>\
         <url><loc>https://exemple.fr/partenaires/</loc></url>\
         <url><loc>https://exemple.fr/partenaires/territoire/</loc></url>\
         <url><loc>https://exemple.fr/partenaires/upec/</loc></url>\
         <url><loc>https://exemple.fr/plan-du-site/</loc></url>\
         <url><loc>https://exemple.fr/thematiques/</loc></url>\
         <url><loc>https://exemple.fr/thematiques/sante/</loc></url>\
         <url><loc>https://exemple.fr/thematiques/ville-durable/</loc></url>\
         </urlset>"
    );
    assert_eq!(
        built.file("atom.xml"),
        "<feed><updated>2023-10-15</updated>\
         <entry>https://exemple.fr/actualites/premier-article/</entry></feed>"
    );
}

#[test]
fn a_validation_error_does_not_hide_links_or_static_files() {
    let site = Fixture::tiny();
    let before = site.published();
    site.replace(ARTICLE, "[upec, territoire]", "[upek, territoire]")
        .replace(
            "content/pages/a-propos.md",
            "Un texte.",
            "Un texte et [un lien](@/pages/absente.md).",
        )
        .write("static/present.css", "a {}");
    std::os::unix::fs::symlink("nulle-part.css", site.path("static/casse.css")).expect("symlink");

    let diagnostics = site.fails(&before);
    assert_eq!(
        diagnostics.to_string(),
        "erreur : identifiant de partenaire inconnu « upek »\n\
         \x20 --> content/actualites/premier-article.md:5:15\n\
         \x20 = aide : vouliez-vous dire « upec » ?\n\
         \x20          identifiants définis dans content/partenaires.yaml : upec, territoire\n\
         \n\
         erreur : lien vers un fichier introuvable « @/pages/absente.md »\n\
         \x20 --> content/pages/a-propos.md:7:13\n\
         \x20 = aide : un lien interne s'écrit « @/actualites/fichier.md » ou « @/pages/fichier.md »\n\
         \n\
         erreur : lecture impossible : fichier ou dossier introuvable\n\
         \x20 --> static/casse.css\n\
         \x20 = aide : vérifiez que le fichier existe et qu'il est lisible"
    );

    let run = site.vitrine(&["build"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).ends_with(
            "\n\nÉchec : 3 problèmes à corriger. Le site publié précédemment dans ./public n'a pas été modifié.\n"
        ),
        "{}",
        stderr(&run)
    );
    assert_eq!(site.snapshot("public"), before);
}

/// Now that links are checked after a validation error, a page whose slug
/// is wrong must still exist for them: the only problem is its slug.
#[test]
fn links_to_a_page_with_a_wrong_slug_are_not_reported_broken() {
    let site = Fixture::tiny();
    let before = site.published();
    site.replace(
        "content/pages/a-propos.md",
        "titre: À propos",
        "titre: À propos\nslug: À Propos",
    );
    let diagnostics = site.fails(&before);
    assert_eq!(
        diagnostics.to_string(),
        "erreur : slug invalide « À Propos »\n\
         \x20 --> content/pages/a-propos.md:3:7\n\
         \x20 = aide : utilisez des minuscules sans accents, des chiffres et des tirets, par exemple « a-propos »"
    );
}

/// `vitrine serve | head -1`: the preview keeps serving once its stdout is
/// gone, and Ctrl-C still stops it cleanly.
#[cfg(feature = "serve")]
#[test]
fn serve_outlives_a_closed_stdout() {
    use std::io::{Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::time::{Duration, Instant};

    let site = Fixture::tiny();
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_vitrine"))
        .args(["serve", "--port", &port.to_string()])
        .current_dir(site.root())
        .stdout(closed_pipe())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn serve");
    let get = || -> Option<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
        let request =
            format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).ok()?;
        let mut reply = String::new();
        stream.read_to_string(&mut reply).ok()?;
        Some(reply)
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    let reply = loop {
        if let Some(reply) = get() {
            break reply;
        }
        assert!(Instant::now() < deadline, "serve never answered");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    common::interrupt(child.id());
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().expect("kill");
            panic!("serve did not stop on Ctrl-C");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut err = String::new();
    let _ = child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err);
    assert_eq!(status.code(), Some(0), "{err}");
    assert_eq!(err, "");
}
