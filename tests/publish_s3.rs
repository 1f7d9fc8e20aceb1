//! `vitrine publish` to `s3://` against a real S3-compatible server
//! (`s3s-fs`, started on 127.0.0.1): objects with their Content-Type and
//! Cache-Control, incremental sends, and the faults (wrong or missing
//! keys, unreachable service, missing bucket, a lock held elsewhere, the
//! server killed in the middle).

mod common;
mod servers;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use common::Fixture;
use servers::{KEY, S3Server, SECRET, built, failed, ok, sha, tree};
use vitrine::publish::s3::sign::{self, Credentials, Request};

/// A signed GET of `key` in bucket `site`: status, two headers, body.
fn get(server: &S3Server, key: &str) -> (u16, String, String, Vec<u8>) {
    let path = sign::encode_path(&format!("/site/{key}"));
    let host = format!("127.0.0.1:{}", server.port);
    let credentials = Credentials {
        key: KEY.into(),
        secret: SECRET.into(),
        token: None,
    };
    let request = Request {
        method: "GET",
        host: &host,
        path: &path,
        query: "",
        headers: &[],
        payload: b"",
    };
    let date = jiff::Timestamp::now()
        .strftime("%Y%m%dT%H%M%SZ")
        .to_string();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut builder = agent.get(format!("{}{path}", server.endpoint()));
    for (name, value) in sign::sign(&request, &credentials, "us-east-1", &date) {
        builder = builder.header(name, value);
    }
    let mut response = builder.call().expect("GET");
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let (content_type, cache) = (header("content-type"), header("cache-control"));
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_vec().expect("body");
    (status, content_type, cache, body)
}

/// The objects below `prefix` as the server stores them (files of its
/// data folder), vitrine's own left out.
fn objects(server: &S3Server, prefix: &str) -> BTreeMap<String, String> {
    tree(&server.data.path().join("site").join(prefix))
}

#[test]
fn sends_objects_with_their_types_then_only_what_changed() {
    let Some(server) = S3Server::start() else {
        return;
    };
    let site = Fixture::minimal();
    site.write("content/medias/programme.txt", "Programme de la journée");
    let url = "s3://site/hub";
    let first = ok(&server.publish(site.root(), url, SECRET, &[]));
    assert!(
        first.starts_with("Site publié vers « s3://site/hub/ »"),
        "{first}"
    );
    assert_eq!(objects(&server, "hub"), built(&site));

    let page = get(&server, "hub/index.html");
    assert_eq!((page.0, page.1.as_str()), (200, "text/html; charset=utf-8"));
    assert_eq!(page.2, "public, max-age=0, must-revalidate");
    assert_eq!(sha(&page.3), built(&site)["index.html"]);
    let feed = get(&server, "hub/atom.xml");
    assert_eq!(feed.1, "application/atom+xml; charset=utf-8");
    let css = built(&site)
        .keys()
        .find(|p| p.ends_with(".css"))
        .cloned()
        .expect("a stylesheet");
    let style = get(&server, &format!("hub/{css}"));
    assert_eq!(
        (style.1.as_str(), style.2.as_str()),
        // Fingerprinted: a new content gets a new name.
        (
            "text/css; charset=utf-8",
            "public, max-age=31536000, immutable"
        )
    );

    let again = ok(&server.publish(site.root(), url, SECRET, &[]));
    assert_eq!(
        again,
        "« s3://site/hub/ » est déjà à jour : aucun fichier envoyé.\n"
    );

    // A file the host put there, and an article deleted.
    std::fs::create_dir_all(server.data.path().join("site/hub/.well-known")).unwrap();
    std::fs::write(
        server.data.path().join("site/hub/.well-known/security.txt"),
        "x",
    )
    .unwrap();
    site.remove("content/medias/programme.txt");
    site.remove("content/actualites/premier.md");
    site.replace(
        "content/actualites/second.md",
        "Voir le [premier](@/actualites/premier.md#une-section).",
        "Fin.",
    );
    let changed = ok(&server.publish(site.root(), url, SECRET, &[]));
    // Its address was published: it answers « page retirée » now.
    let retired = get(&server, "hub/actualites/premier-article/index.html");
    assert!(String::from_utf8_lossy(&retired.3).contains("<h1>Page retirée</h1>"));
    assert!(changed.contains(": 1 ajouté, "), "{changed}");
    assert!(changed.contains(" 1 supprimé ;"), "{changed}");
    assert_eq!(get(&server, "hub/medias/programme.txt").0, 404);
    assert_eq!(get(&server, "hub/.well-known/security.txt").0, 200);
    let mut expected = built(&site);
    expected.insert(".well-known/security.txt".into(), sha(b"x"));
    assert_eq!(objects(&server, "hub"), expected);
    assert_eq!(
        get(&server, "hub/.vitrine-verrou").0,
        404,
        "the lock is released"
    );
}

#[test]
fn wrong_keys_are_refused() {
    let Some(server) = S3Server::start() else {
        return;
    };
    let site = Fixture::minimal();
    let err = failed(&server.publish(site.root(), "s3://site/hub", "pas-le-bon-secret", &[]));
    assert_eq!(
        err,
        "erreur : la cible « s3://site/hub/ » a refusé l'identification : réponse 403\n  \
         = aide : vérifiez les variables AWS_ACCESS_KEY_ID et AWS_SECRET_ACCESS_KEY (clés d'accès de l'hébergeur)\n"
    );
    assert!(objects(&server, "hub").is_empty());
}

#[test]
fn missing_keys() {
    let Some(server) = S3Server::start() else {
        return;
    };
    let site = Fixture::minimal();
    let args = server.publish_args(site.root(), "s3://site/hub");
    let err = failed(&servers::vitrine(&args, &[]));
    assert_eq!(
        err,
        "erreur : la cible « s3://site/hub/ » a refusé l'identification : les variables AWS_ACCESS_KEY_ID et AWS_SECRET_ACCESS_KEY ne sont pas définies\n  \
         = aide : vérifiez les variables AWS_ACCESS_KEY_ID et AWS_SECRET_ACCESS_KEY (clés d'accès de l'hébergeur)\n"
    );
}

#[test]
fn an_unreachable_service_and_a_missing_bucket() {
    let Some(mut server) = S3Server::start() else {
        return;
    };
    let site = Fixture::minimal();
    let err = failed(&server.publish(site.root(), "s3://pas-de-seau/hub", SECRET, &[]));
    assert_eq!(
        err,
        format!(
            "erreur : le seau « pas-de-seau » n'existe pas sur {}\n  \
             = aide : créez le seau chez l'hébergeur, ou corrigez son nom et --endpoint\n",
            server.endpoint()
        )
    );
    server.kill();
    let err = failed(&server.publish(site.root(), "s3://site/hub", SECRET, &[]));
    assert_eq!(
        err,
        format!(
            "erreur : la cible « s3://site/hub/ » est injoignable : connexion refusée par {}\n  \
             = aide : vérifiez le nom de l'hôte, le port et la connexion réseau\n",
            server.endpoint()
        )
    );
}

#[test]
fn a_lock_held_elsewhere() {
    let Some(server) = S3Server::start() else {
        return;
    };
    let site = Fixture::minimal();
    std::fs::create_dir_all(server.data.path().join("site/hub")).unwrap();
    std::fs::write(
        server.data.path().join("site/hub/.vitrine-verrou"),
        "hote=poste-de-claire\npid=4242\ndepuis=2026-11-30T06:00:00Z\n",
    )
    .unwrap();
    let err = failed(&server.publish(site.root(), "s3://site/hub", SECRET, &[]));
    assert!(
        err.starts_with("erreur : une autre publication vers « s3://site/hub/ » est en cours (verrou posé par la machine « poste-de-claire », processus 4242, le 2026-11-30T06:00:00Z)\n"),
        "{err}"
    );
    assert!(objects(&server, "hub").is_empty());
    ok(&server.publish(site.root(), "s3://site/hub", SECRET, &["--lever-verrou"]));
    assert_eq!(objects(&server, "hub"), built(&site));
}

#[test]
fn a_server_killed_in_the_middle_then_a_publish_that_completes() {
    let Some(mut server) = S3Server::start() else {
        return;
    };
    let site = Fixture::minimal();
    for i in 0..400 {
        site.write(
            &format!("content/actualites/article-{i}.md"),
            &format!("---\ntitre: Article numéro {i}\ndate: 2023-09-01\n---\n\nTexte {i}.\n"),
        );
    }
    let args = server.publish_args(site.root(), "s3://site/hub");
    let publish = servers::spawn_vitrine(
        &args,
        &[
            ("AWS_ACCESS_KEY_ID", KEY),
            ("AWS_SECRET_ACCESS_KEY", SECRET),
        ],
    );
    let some_page = server
        .data
        .path()
        .join("site/hub/actualites/article-numero-0/index.html");
    let start = Instant::now();
    while !some_page.exists() {
        assert!(start.elapsed() < Duration::from_secs(60), "no page sent");
        std::thread::sleep(Duration::from_millis(2));
    }
    server.kill();
    let err = failed(&publish.wait_with_output().unwrap());
    assert!(
        err.starts_with(&format!(
            "erreur : la connexion à la cible « s3://site/hub/ » a été coupée : {} ne répond plus\n",
            server.endpoint()
        )),
        "{err}"
    );
    assert!(
        err.contains("= aide : le site en ligne reste complet"),
        "{err}"
    );
    server.restart();
    let out = ok(&server.publish(site.root(), "s3://site/hub", SECRET, &[]));
    assert!(
        out.starts_with("Verrou d'une publication interrompue repris"),
        "{out}"
    );
    assert_eq!(objects(&server, "hub"), built(&site));
    assert_eq!(get(&server, "hub/.vitrine-verrou").0, 404);
}
