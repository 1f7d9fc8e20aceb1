//! `vitrine publish` to `sftp://` against a real OpenSSH server started on
//! 127.0.0.1 with temporary host and user keys: incremental sends, and the
//! faults (unknown host key, wrong key, unreachable host, a file in place
//! of the folder, a server killed in the middle, two publishes at once, a
//! full disk). Each leaves the target serving a whole site.

mod common;
mod servers;

use std::process::Command;
use std::time::{Duration, Instant};

use common::Fixture;
use servers::{
    Sshd, assert_complete, assert_sends_nothing, built, failed, manifest, ok, sha, text, times,
    tree,
};

/// A site with `count` more articles, so a publish takes a while.
fn large_site(count: usize) -> Fixture {
    let site = Fixture::minimal();
    for i in 0..count {
        site.write(
            &format!("content/actualites/article-{i}.md"),
            &format!("---\ntitre: Article numéro {i}\ndate: 2023-09-01\n---\n\nTexte {i}.\n"),
        );
    }
    site
}

/// Edits every article, so the next publish sends them all again.
fn edit_all(site: &Fixture, count: usize) {
    for i in 0..count {
        site.replace(
            &format!("content/actualites/article-{i}.md"),
            "Texte",
            "Nouveau texte",
        );
    }
}

fn wait_until(what: &str, condition: impl Fn() -> bool) {
    let start = Instant::now();
    while !condition() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn sends_the_site_then_nothing_then_only_what_changed() {
    let Some(sshd) = Sshd::start() else { return };
    let site = Fixture::minimal();
    let target = tempfile::tempdir().unwrap();
    let www = target.path().join("www");
    let plan = ok(&sshd.publish(site.root(), &www, "ssh_config", &["--dry-run"]));
    assert!(
        plan.contains("(rien n'a été envoyé) :\n  ajoutés : "),
        "{plan}"
    );
    assert!(!www.exists(), "a dry run creates no folder");
    ok(&sshd.publish(site.root(), &www, "ssh_config", &[]));
    assert_eq!(tree(&www), built(&site));
    assert_complete(&www);

    assert_sends_nothing(&www, || sshd.publish(site.root(), &www, "ssh_config", &[]));
    let before = times(&www);

    site.replace("content/actualites/second.md", "Voir le", "Revoir le");
    let changed = ok(&sshd.publish(site.root(), &www, "ssh_config", &[]));
    assert!(changed.contains(": 0 ajouté, "), "{changed}");
    assert_eq!(tree(&www), built(&site));
    assert_eq!(
        times(&www)["a-propos/index.html"],
        before["a-propos/index.html"]
    );
    assert!(!www.join(".vitrine-envoi").exists());
    assert_complete(&www);
}

#[test]
fn an_unknown_host_key_is_refused_with_its_fingerprint() {
    let Some(sshd) = Sshd::start() else { return };
    let site = Fixture::minimal();
    let target = tempfile::tempdir().unwrap();
    let listed = Command::new("ssh-keygen")
        .arg("-lf")
        .arg(sshd.path("host.pub"))
        .output()
        .unwrap();
    let fingerprint = text(&listed.stdout)
        .split_whitespace()
        .nth(1)
        .unwrap()
        .to_string();
    let err = failed(&sshd.publish(site.root(), target.path(), "ssh_config_unknown_host", &[]));
    assert_eq!(
        err,
        format!(
            "erreur : la clé de l'hôte 127.0.0.1 est inconnue (empreinte ED25519 {fingerprint})\n  \
             = aide : vérifiez cette empreinte auprès de l'hébergeur, puis acceptez la clé avec :\n           \
             ssh-keyscan -p {} 127.0.0.1 >> ~/.ssh/known_hosts\n",
            sshd.port
        )
    );
    assert!(tree(target.path()).is_empty(), "nothing was sent");
}

#[test]
fn a_wrong_key_is_refused() {
    let Some(sshd) = Sshd::start() else { return };
    let site = Fixture::minimal();
    let target = tempfile::tempdir().unwrap();
    let err = failed(&sshd.publish(site.root(), target.path(), "ssh_config_wrong_key", &[]));
    assert_eq!(
        err,
        format!(
            "erreur : la cible « {} » a refusé l'identification : {}@127.0.0.1: Permission denied (publickey).\n  \
             = aide : vérifiez l'utilisateur et la clé SSH (celles de l'agent, ou --cle FICHIER)\n",
            sshd.url(target.path()),
            servers::user()
        )
    );
}

#[test]
fn an_unreachable_host() {
    let Some(mut sshd) = Sshd::start() else {
        return;
    };
    sshd.kill();
    let site = Fixture::minimal();
    let target = tempfile::tempdir().unwrap();
    let err = failed(&sshd.publish(site.root(), target.path(), "ssh_config", &[]));
    assert_eq!(
        err,
        format!(
            "erreur : la cible « {} » est injoignable : ssh: connect to host 127.0.0.1 port {}: Connection refused\n  \
             = aide : vérifiez le nom de l'hôte, le port et la connexion réseau\n",
            sshd.url(target.path()),
            sshd.port
        )
    );
}

#[test]
fn a_target_path_that_is_a_file() {
    let Some(sshd) = Sshd::start() else { return };
    let site = Fixture::minimal();
    let target = tempfile::tempdir().unwrap();
    let file = target.path().join("fichier");
    std::fs::write(&file, "pas un dossier").unwrap();
    let err = failed(&sshd.publish(site.root(), &file, "ssh_config", &[]));
    assert_eq!(
        err,
        format!(
            "erreur : le chemin de la cible « {} » n'est pas un dossier\n  \
             = aide : indiquez le dossier qui doit recevoir le site, pas un fichier\n",
            sshd.url(&file)
        )
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "pas un dossier");
}

#[test]
fn a_server_killed_in_the_middle_then_a_publish_that_completes() {
    let Some(mut sshd) = Sshd::start() else {
        return;
    };
    let site = large_site(300);
    let target = tempfile::tempdir().unwrap();
    let www = target.path().to_path_buf();
    ok(&sshd.publish(site.root(), &www, "ssh_config", &[]));
    let old = manifest(&www);
    edit_all(&site, 300);
    let new = built(&site);

    let mut args = vec![
        "publish".to_string(),
        "--root".into(),
        site.root().display().to_string(),
    ];
    args.extend(["--to".into(), sshd.url(&www), "--ssh-config".into()]);
    args.push(sshd.path("ssh_config").display().to_string());
    let publish = servers::spawn_vitrine(&args, &[]);
    let first_page = www.join("actualites/article-numero-0/index.html");
    let old_first = old["actualites/article-numero-0/index.html"].clone();
    // Cut once some pages are replaced, long before all are.
    wait_until("the first pages to be replaced", || {
        std::fs::read(&first_page).is_ok_and(|b| sha(&b) != old_first)
    });
    sshd.kill();
    let out = publish.wait_with_output().unwrap();
    let err = failed(&out);
    assert!(
        err.starts_with("erreur : la connexion à la cible « sftp://"),
        "{err}"
    );
    assert!(
        err.contains("= aide : le site en ligne reste complet"),
        "{err}"
    );
    // Every file of the site online is there whole, old or new.
    let files = tree(&www);
    for (path, hash) in &old {
        let now = files.get(path).unwrap_or_else(|| panic!("{path} vanished"));
        assert!(
            now == hash || new.get(path) == Some(now),
            "{path} is partial"
        );
    }
    assert_eq!(
        manifest(&www),
        old,
        "the manifest is the old one until all is sent"
    );

    sshd.restart();
    let out = ok(&sshd.publish(site.root(), &www, "ssh_config", &[]));
    assert!(
        out.starts_with("Verrou d'une publication interrompue repris"),
        "{out}"
    );
    assert_eq!(tree(&www), new);
    assert!(!www.join(".vitrine-envoi").exists());
    assert_complete(&www);
}

#[test]
fn two_publishes_at_once() {
    let Some(sshd) = Sshd::start() else { return };
    let site = large_site(200);
    let target = tempfile::tempdir().unwrap();
    let www = target.path().to_path_buf();
    let mut args = vec![
        "publish".to_string(),
        "--root".into(),
        site.root().display().to_string(),
    ];
    args.extend(["--to".into(), sshd.url(&www), "--ssh-config".into()]);
    args.push(sshd.path("ssh_config").display().to_string());
    let first = servers::spawn_vitrine(&args, &[]);
    wait_until("the first publish to take the lock", || {
        www.join(".vitrine-verrou/proprietaire").exists()
    });
    // The first publish holds the lock: pause it (and its `sftp`) while
    // the second one tries, so neither finishes first by chance.
    let paused: Vec<u32> = std::iter::once(first.id())
        .chain(servers::descendants(first.id()))
        .collect();
    signal(&paused, "-STOP");
    let err = failed(&sshd.publish(site.root(), &www, "ssh_config", &[]));
    signal(&paused, "-CONT");
    assert!(
        err.starts_with(&format!(
            "erreur : une autre publication vers « {} » est en cours (verrou posé par la machine « ",
            sshd.url(&www)
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(", processus {}, le ", first.id())),
        "{err}"
    );
    ok(&first.wait_with_output().unwrap());
    assert_eq!(tree(&www), built(&site));
    assert_complete(&www);
}

fn signal(pids: &[u32], signal: &str) {
    for pid in pids {
        let _ = Command::new("kill")
            .args([signal, &pid.to_string()])
            .status();
    }
}

#[test]
fn a_full_disk_on_the_server() {
    let Some(sshd) = Sshd::start() else { return };
    let site = Fixture::minimal();
    let target = tempfile::tempdir().unwrap();
    let Some(small) = servers::SmallDisk::mount(&target.path().join("petit")) else {
        return;
    };
    let mount = small.path();
    ok(&sshd.publish(site.root(), mount, "ssh_config", &[]));
    let before = tree(mount);
    site.write_bytes("static/documents/rapport.pdf", &vec![b'x'; 600 * 1024]);
    let err = failed(&sshd.publish(site.root(), mount, "ssh_config", &[]));
    assert!(
        err.starts_with(&format!(
            "erreur : la cible « {} » est pleine (disque ou quota) : ",
            sshd.url(mount)
        )),
        "{err}"
    );
    assert_eq!(tree(mount), before);
    assert_complete(mount);
}
