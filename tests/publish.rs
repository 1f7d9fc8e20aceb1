//! `vitrine publish` to a `file://` target: incremental sends, deletions
//! of vitrine's files only, dry run, named targets, lock, a manifest
//! edited by hand, and the faults a folder can show (a file in its place,
//! a full disk, a file-size limit). Each fault leaves a whole site.

mod common;
mod servers;

use std::path::Path;
use std::process::{Command, Output};

use common::Fixture;
use servers::{
    assert_complete, assert_sends_nothing, built, failed, manifest, ok, text, times, tree, vitrine,
};

fn publish(site: &Fixture, target: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "publish".to_string(),
        "--root".into(),
        site.root().display().to_string(),
        "--to".into(),
        format!("file://{}", target.display()),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    vitrine(&args, &[])
}

#[test]
fn sends_the_site_then_nothing_then_only_what_changed() {
    let site = Fixture::minimal();
    let target = tempfile::tempdir().unwrap();
    let www = target.path().join("www");
    let first = ok(&publish(&site, &www, &[]));
    assert!(first.contains("Site publié vers « file://"), "{first}");
    assert_eq!(tree(&www), built(&site));
    assert_complete(&www);

    assert_sends_nothing(&www, || publish(&site, &www, &[]));
    let before = times(&www);

    site.replace("content/actualites/second.md", "Voir le", "Revoir le");
    let changed = ok(&publish(&site, &www, &[]));
    assert!(changed.contains(": 0 ajouté, "), "{changed}");
    assert_eq!(tree(&www), built(&site));
    let after = times(&www);
    assert_ne!(
        after["actualites/second-article/index.html"],
        before["actualites/second-article/index.html"]
    );
    assert_eq!(after["a-propos/index.html"], before["a-propos/index.html"]);
    assert_complete(&www);
}

#[test]
fn deletes_only_what_vitrine_published() {
    let site = Fixture::minimal();
    let target = tempfile::tempdir().unwrap();
    let www = target.path().to_path_buf();
    site.write("content/medias/programme.txt", "Programme de la journée");
    ok(&publish(&site, &www, &[]));
    assert!(www.join("medias/programme.txt").exists());
    std::fs::create_dir_all(www.join(".well-known")).unwrap();
    std::fs::write(www.join(".well-known/security.txt"), "Contact: x").unwrap();
    std::fs::write(www.join("google0123.html"), "google-site-verification").unwrap();
    std::fs::write(www.join("actualites/premier-article/notes.txt"), "à garder").unwrap();
    site.remove("content/medias/programme.txt");
    site.remove("content/actualites/premier.md");
    site.replace(
        "content/actualites/second.md",
        "Voir le [premier](@/actualites/premier.md#une-section).",
        "Fin.",
    );
    let out = ok(&publish(&site, &www, &[]));
    assert!(out.contains(" 1 supprimé ;"), "{out}");
    assert!(!www.join("medias/programme.txt").exists());
    assert!(!manifest(&www).contains_key("medias/programme.txt"));
    // The first publish recorded the article's address: deleted, it
    // answers « page retirée » rather than a 404.
    let retired = std::fs::read_to_string(www.join("actualites/premier-article/index.html"));
    assert!(retired.unwrap().contains("<h1>Page retirée</h1>"));
    // Files vitrine did not publish stay, and so does the folder holding one.
    assert!(www.join(".well-known/security.txt").exists());
    assert!(www.join("google0123.html").exists());
    assert!(www.join("actualites/premier-article/notes.txt").exists());
    assert_complete(&www);
}

#[test]
fn a_dry_run_prints_the_plan_and_changes_nothing() {
    let site = Fixture::minimal();
    let target = tempfile::tempdir().unwrap();
    let www = target.path().join("www");
    ok(&publish(&site, &www, &[]));
    site.replace("content/actualites/second.md", "Voir le", "Revoir le");
    site.write(
        "content/pages/nouvelle.md",
        "---\ntitre: Nouvelle\n---\n\nTexte.\n",
    );
    let before = times(&www);
    let plan = ok(&publish(&site, &www, &["--dry-run"]));
    assert!(plan.contains("(rien n'a été envoyé)"), "{plan}");
    assert!(plan.contains("  ajoutés : 1 fichier ("), "{plan}");
    assert!(plan.contains("  supprimés : 0 fichier (0 octet)"), "{plan}");
    assert!(!plan.contains("  modifiés : 0 fichier"), "{plan}");
    assert_eq!(times(&www), before);

    let fresh = target.path().join("neuf");
    let plan = ok(&publish(&site, &fresh, &["--dry-run"]));
    assert!(plan.contains("  modifiés : 0 fichier (0 octet)"), "{plan}");
    assert!(!fresh.exists(), "a dry run creates no folder");
}

#[test]
fn a_named_target_of_site_yaml() {
    let site = Fixture::minimal();
    let target = tempfile::tempdir().unwrap();
    let yaml = site.read("content/site.yaml");
    site.write(
        "content/site.yaml",
        &format!(
            "{yaml}publication:\n  production:\n    adresse: file://{}\n",
            target.path().display()
        ),
    );
    let out = Command::new(env!("CARGO_BIN_EXE_vitrine"))
        .args(["publish", "production"])
        .current_dir(site.root())
        .output()
        .unwrap();
    ok(&out);
    assert_complete(target.path());

    let unknown = Command::new(env!("CARGO_BIN_EXE_vitrine"))
        .args(["publish", "prod"])
        .current_dir(site.root())
        .output()
        .unwrap();
    assert_eq!(
        failed(&unknown),
        "erreur : aucune cible de publication nommée « prod » dans content/site.yaml\n  \
         --> content/site.yaml\n  = aide : cibles déclarées : production\n"
    );
}

#[test]
fn a_bad_address_is_a_usage_error() {
    let site = Fixture::minimal();
    let out = vitrine(
        &[
            "publish".into(),
            "--root".into(),
            site.root().display().to_string(),
            "--to".into(),
            "ftp://h/x".into(),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "erreur : adresse de publication invalide « ftp://h/x » : protocole inconnu\n  \
         = aide : adresses acceptées : file:///chemin, sftp://utilisateur@hôte[:port]/chemin, s3://seau/préfixe\n"
    );
}

#[test]
fn a_target_that_is_a_file() {
    let site = Fixture::minimal();
    let target = tempfile::tempdir().unwrap();
    let file = target.path().join("fichier");
    std::fs::write(&file, "pas un dossier").unwrap();
    let err = failed(&publish(&site, &file, &[]));
    assert_eq!(
        err,
        format!(
            "erreur : le chemin de la cible « file://{} » n'est pas un dossier\n  \
             = aide : indiquez le dossier qui doit recevoir le site, pas un fichier\n",
            file.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "pas un dossier");
}

/// Runs `vitrine publish` under a file-size limit of `kib` KiB, as a quota
/// would: writes past it fail with EFBIG (the signal is ignored).
fn publish_limited(site: &Fixture, target: &Path, kib: u32) -> Output {
    Command::new("bash")
        .arg("-c")
        .arg(format!("trap '' XFSZ; ulimit -f {kib}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_vitrine"))
        .args(["publish", "--root"])
        .arg(site.root())
        .arg("--to")
        .arg(format!("file://{}", target.display()))
        .output()
        .unwrap()
}

#[test]
fn a_file_size_limit_stops_the_publish_and_the_next_completes_it() {
    let site = Fixture::minimal();
    let target = tempfile::tempdir().unwrap();
    let www = target.path().to_path_buf();
    ok(&publish(&site, &www, &[]));
    let before = tree(&www);
    site.write_bytes("static/documents/rapport.pdf", &vec![b'x'; 300 * 1024]);
    site.replace("content/actualites/second.md", "Voir le", "Revoir le");
    let err = failed(&publish_limited(&site, &www, 100));
    assert!(
        err.starts_with(&format!(
            "erreur : la cible « file://{} » est pleine (disque ou quota) : ",
            www.display()
        )),
        "{err}"
    );
    assert!(
        err.contains("= aide : le site en ligne reste complet"),
        "{err}"
    );
    // The pages wait for their assets: nothing else was replaced.
    assert_eq!(tree(&www), before);
    assert_complete(&www);
    assert!(!www.join(".vitrine-envoi").exists());

    ok(&publish(&site, &www, &[]));
    assert_eq!(tree(&www), built(&site));
    assert_complete(&www);
}

#[test]
fn a_full_disk_leaves_the_site_whole() {
    let site = Fixture::minimal();
    let target = tempfile::tempdir().unwrap();
    let Some(small) = servers::SmallDisk::mount(&target.path().join("petit")) else {
        return;
    };
    let mount = small.path();
    ok(&publish(&site, mount, &[]));
    let before = tree(mount);
    site.write_bytes("static/documents/rapport.pdf", &vec![b'x'; 600 * 1024]);
    let err = failed(&publish(&site, mount, &[]));
    assert!(
        err.contains("est pleine (disque ou quota) : le disque est plein"),
        "{err}"
    );
    assert_eq!(tree(mount), before);
    assert_complete(mount);
}

#[test]
fn a_lock_held_elsewhere_stops_the_publish() {
    let site = Fixture::minimal();
    let target = tempfile::tempdir().unwrap();
    let www = target.path().to_path_buf();
    ok(&publish(&site, &www, &[]));
    site.replace("content/actualites/second.md", "Voir le", "Revoir le");
    std::fs::create_dir(www.join(".vitrine-verrou")).unwrap();
    std::fs::write(
        www.join(".vitrine-verrou/proprietaire"),
        "hote=poste-de-claire\npid=4242\ndepuis=2026-11-30T06:00:00Z\n",
    )
    .unwrap();
    let before = tree(&www);
    let err = failed(&publish(&site, &www, &[]));
    assert_eq!(
        err,
        format!(
            "erreur : une autre publication vers « file://{} » est en cours (verrou posé par la machine « poste-de-claire », processus 4242, le 2026-11-30T06:00:00Z)\n  \
             = aide : attendez la fin de l'autre publication ; si elle a été interrompue sur une autre machine, relancez avec --lever-verrou\n",
            www.display()
        )
    );
    assert_eq!(tree(&www), before);
    ok(&publish(&site, &www, &["--lever-verrou"]));
    assert_eq!(tree(&www), built(&site));
    assert_complete(&www);
}

#[test]
fn the_lock_of_a_publish_of_this_machine_that_died_is_taken_over() {
    let site = Fixture::minimal();
    let target = tempfile::tempdir().unwrap();
    let www = target.path().to_path_buf();
    ok(&publish(&site, &www, &[]));
    site.replace("content/actualites/second.md", "Voir le", "Revoir le");
    let mut gone = Command::new("true").spawn().unwrap();
    let pid = gone.id();
    gone.wait().unwrap();
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap();
    std::fs::create_dir(www.join(".vitrine-verrou")).unwrap();
    std::fs::write(
        www.join(".vitrine-verrou/proprietaire"),
        format!(
            "hote={}\npid={pid}\ndepuis=2026-11-30T06:00:00Z\n",
            host.trim()
        ),
    )
    .unwrap();
    // What the dead publish left under temporary names.
    std::fs::create_dir(www.join(".vitrine-envoi")).unwrap();
    std::fs::write(www.join(".vitrine-envoi/3"), "moitié d'un fich").unwrap();
    let out = ok(&publish(&site, &www, &[]));
    assert!(
        out.starts_with("Verrou d'une publication interrompue repris (verrou posé par la machine"),
        "{out}"
    );
    assert!(!www.join(".vitrine-envoi").exists());
    assert_eq!(tree(&www), built(&site));
    assert_complete(&www);
}

#[test]
fn a_manifest_edited_by_hand() {
    let site = Fixture::minimal();
    let target = tempfile::tempdir().unwrap();
    let www = target.path().to_path_buf();
    ok(&publish(&site, &www, &[]));
    let path = www.join(".vitrine-manifeste");
    let text_before = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text_before.lines().map(str::to_string).collect();
    let damaged = lines[2].split(' ').nth(2).unwrap().to_string();
    lines[2] = "n'importe quoi".into();
    lines.push(format!("{} 3 ../../hors-du-site.txt", "0".repeat(64)));
    std::fs::write(&path, lines.join("\n")).unwrap();
    let outside = target.path().parent().unwrap().join("hors-du-site.txt");
    let out = publish(&site, &www, &[]);
    let stdout = ok(&out);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "avertissement : ligne illisible dans le manifeste de la cible : il faut trois champs : empreinte, taille, chemin\n  \
             --> file://{}/.vitrine-manifeste:3\n",
            www.display()
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("le chemin sort du site ou désigne un fichier de vitrine"),
        "{stderr}"
    );
    assert!(
        stdout.contains("1 ajouté"),
        "the file of the unreadable line is sent again: {stdout}"
    );
    assert!(manifest(&www).contains_key(&damaged));
    assert!(!outside.exists());
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        text_before,
        "the manifest is rewritten whole"
    );
    assert_complete(&www);
}

#[test]
fn a_progress_bar_on_a_terminal_and_one_line_otherwise() {
    let site = Fixture::minimal();
    let target = tempfile::tempdir().unwrap();
    let plain = publish(&site, &target.path().join("a"), &[]);
    assert_eq!(text(&plain.stderr), "", "no progress bar in a pipe");
    // The summary, then the ledger's first lines.
    let lines = ok(&plain);
    assert_eq!(lines.lines().count(), 2, "{lines}");
    assert!(lines.contains("Nouvelles adresses publiées enregistrées dans content/adresses.txt"));
    if !servers::available("script", "util-linux, for a terminal") {
        return;
    }
    // `script` runs the command on a terminal of its own.
    let command = format!(
        "{} publish --root {} --to file://{}",
        env!("CARGO_BIN_EXE_vitrine"),
        site.root().display(),
        target.path().join("b").display()
    );
    let shown = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .output()
        .unwrap();
    let shown = ok(&shown);
    assert!(
        shown.contains("\rEnvoi [##############################] 100 % : "),
        "{shown:?}"
    );
    assert!(shown.contains("Site publié vers"), "{shown:?}");
}

/// The page addresses of a target: its folders' `index.html` files.
fn page_files(www: &Path) -> std::collections::BTreeSet<String> {
    tree(www)
        .into_keys()
        .filter(|path| path.ends_with("index.html"))
        .collect()
}

/// Where the page at `file` leads: itself, the target of its redirect, or
/// nowhere (« page retirée »); panics on anything else.
fn answer(www: &Path, file: &str) -> Option<String> {
    let html = std::fs::read_to_string(www.join(file))
        .unwrap_or_else(|_| panic!("{file}: a published address no longer answers"));
    if html.contains("<h1>Page retirée</h1>") {
        return None;
    }
    match html.split_once("http-equiv=\"refresh\" content=\"0; url=") {
        Some((_, rest)) => Some(rest[..rest.find('"').unwrap()].to_string()),
        None => Some(format!("/{}", file.trim_end_matches("index.html"))),
    }
}

#[test]
fn addresses_published_before_keep_answering_across_three_publishes() {
    let site = Fixture::minimal();
    let target = tempfile::tempdir().unwrap();
    let www = target.path().join("www");
    let mut ever = std::collections::BTreeSet::new();
    // 1. As written; 2. a title edited (its address follows the title)
    // and a file renamed; 3. an article deleted.
    ok(&publish(&site, &www, &[]));
    ever.extend(page_files(&www));
    assert!(
        site.read("content/adresses.txt")
            .contains("/actualites/premier-article/")
    );
    site.replace(
        "content/actualites/second.md",
        "titre: Second article",
        "titre: Deuxième article",
    );
    let text = site.read("content/pages/a-propos.md");
    site.remove("content/pages/a-propos.md");
    site.write(
        "content/pages/qui-sommes-nous.md",
        &text.replace("À propos", "Qui sommes-nous"),
    );
    ok(&publish(&site, &www, &[]));
    ever.extend(page_files(&www));
    site.remove("content/actualites/premier.md");
    site.replace(
        "content/actualites/second.md",
        "Voir le [premier](@/actualites/premier.md#une-section).",
        "Fin.",
    );
    ok(&publish(&site, &www, &[]));
    assert_complete(&www);
    assert_eq!(
        answer(&www, "actualites/second-article/index.html").as_deref(),
        Some("/actualites/deuxieme-article/"),
        "the former address of an edited title redirects to the new one"
    );
    assert_eq!(answer(&www, "actualites/premier-article/index.html"), None);
    for file in &ever {
        if let Some(to) = answer(&www, file) {
            let live = to.as_str();
            let page = format!("{}index.html", live.trim_start_matches('/'));
            assert!(
                www.join(&page).exists() && answer(&www, &page).as_deref() == Some(live),
                "{file} leads to {to}, which is no live page"
            );
        }
    }
}
