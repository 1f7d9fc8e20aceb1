//! `vitrine publish`: builds the site in memory and sends what changed to
//! its host (see the library's `publish` module).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use vitrine::BuildOptions;
use vitrine::error::{Describe, Location, Message};
use vitrine::model::SiteConfig;
use vitrine::output::OutputFile;
use vitrine::publish::{
    self, MANIFEST, Options, Progress, PublishError, Summary, Target, Transport,
};

use crate::console::{self, WriteFailed};

#[derive(clap::Args)]
pub struct Args {
    /// Cible nommée sous « publication: » dans content/site.yaml.
    #[arg(value_name = "CIBLE")]
    target: Option<String>,
    /// Adresse de la cible : file:///chemin, sftp://utilisateur@hôte[:port]/chemin ou s3://seau/préfixe.
    #[arg(long = "to", value_name = "URL", conflicts_with = "target")]
    to: Option<String>,
    /// Affiche ce qui serait envoyé et supprimé, sans rien changer.
    #[arg(long)]
    dry_run: bool,
    /// Dossier du site (contient content/ et themes/).
    #[arg(long, default_value = ".", value_name = "DOSSIER")]
    pub root: PathBuf,
    /// S3 : adresse du service (par exemple https://s3.fr-par.scw.cloud).
    #[arg(long, value_name = "URL")]
    endpoint: Option<String>,
    /// S3 : région (par exemple fr-par).
    #[arg(long, value_name = "REGION")]
    region: Option<String>,
    /// SFTP : fichier de clé privée, en plus des clés de l'agent SSH.
    #[arg(long = "cle", value_name = "FICHIER")]
    identity: Option<PathBuf>,
    /// SFTP : fichier de configuration SSH à la place de ~/.ssh/config.
    #[arg(long = "ssh-config", value_name = "FICHIER")]
    ssh_config: Option<PathBuf>,
    /// Prend le verrou de la cible même si une autre machine le détient.
    #[arg(long)]
    lever_verrou: bool,
}

/// A target and the options that go with it, from the command line or
/// `publication:` in site.yaml.
struct Resolved {
    url: String,
    endpoint: Option<String>,
    region: Option<String>,
}

pub fn run(args: Args) -> ExitCode {
    let resolved = match resolve(&args) {
        Ok(resolved) => resolved,
        Err(message) => return console::finish(ExitCode::FAILURE, console::err(message)),
    };
    let target = match Target::parse(&resolved.url) {
        Ok(target) => target,
        Err(error) => return fail(&error, ExitCode::from(2)),
    };
    let mut transport = match transport(&target, &resolved, &args) {
        Ok(transport) => transport,
        Err(error) => return fail(&error, ExitCode::FAILURE),
    };
    // What goes online is a production build: the legal notice complete,
    // the style sheet minified and fingerprinted.
    let mut build_options = BuildOptions::new(&args.root);
    build_options.production = true;
    let site = match vitrine::build(&build_options) {
        Ok(site) => site,
        Err(diagnostics) => {
            let written = console::err(format_args!("{diagnostics}\n")).and_then(|()| {
                console::err("Échec : le site ne se construit pas ; rien n'a été publié.")
            });
            return console::finish(ExitCode::FAILURE, written);
        }
    };
    let options = Options {
        dry_run: args.dry_run,
        break_lock: args.lever_verrou,
    };
    let mut progress = Bar::new();
    match publish::publish(&site.files, transport.as_mut(), &options, &mut progress) {
        Ok(summary) => {
            let name = transport.name();
            let written = report(&name, &summary, args.dry_run);
            if args.dry_run {
                return console::finish(ExitCode::SUCCESS, written);
            }
            after_publish(&args.root, &site.files, written)
        }
        Err(error) => fail(&error, ExitCode::FAILURE),
    }
}

/// After a publish that succeeded, the ledger of published addresses
/// records what is online now, so that a later rename or deletion keeps
/// these addresses answering. The site is online whatever happens here; a
/// failure says so and what to commit.
fn after_publish(root: &Path, files: &[OutputFile], written: Result<(), WriteFailed>) -> ExitCode {
    let addresses = published_addresses(files);
    match vitrine::addresses::record_published(root, &addresses) {
        Ok(false) => console::finish(ExitCode::SUCCESS, written),
        Ok(true) => {
            let written = written.and_then(|()| {
                console::out(format_args!(
                    "Nouvelles adresses publiées enregistrées dans {} : ajoutez-le au dépôt avec le contenu.",
                    vitrine::addresses::ledger_path().display()
                ))
            });
            console::finish(ExitCode::SUCCESS, written)
        }
        Err(diagnostics) => {
            let written = written
                .and_then(|()| console::err(format_args!("{diagnostics}\n")))
                .and_then(|()| {
                    console::err(
                        "Échec : le site est publié, mais ses adresses n'ont pas été enregistrées ; corrigez puis relancez la publication (rien ne sera renvoyé).",
                    )
                });
            console::finish(ExitCode::FAILURE, written)
        }
    }
}

/// The address of each published file: `a/index.html` is `/a/`.
fn published_addresses(files: &[OutputFile]) -> Vec<String> {
    files
        .iter()
        .map(|file| match file.path.strip_suffix("index.html") {
            Some(folder) => format!("/{folder}"),
            None => format!("/{}", file.path),
        })
        .collect()
}

fn resolve(args: &Args) -> Result<Resolved, String> {
    if let Some(url) = &args.to {
        return Ok(Resolved {
            url: url.clone(),
            endpoint: args.endpoint.clone(),
            region: args.region.clone(),
        });
    }
    let Some(name) = &args.target else {
        let text = "indiquez où publier";
        return Err(Message::error(&text)
            .hint("« vitrine publish NOM » pour une cible de « publication: » dans content/site.yaml, ou « vitrine publish --to URL »")
            .to_string());
    };
    let config: SiteConfig =
        vitrine::load::data(&args.root, "site.yaml").map_err(|diagnostics| {
            format!("{diagnostics}\nÉchec : content/site.yaml est illisible ; rien n'a été publié.")
        })?;
    let Some(named) = config.publication.get(name) else {
        let error = PublishError::UnknownTarget {
            name: name.clone(),
            known: config.publication.keys().cloned().collect(),
        };
        let location = Location::file("content/site.yaml");
        return Err(Message::error(&error)
            .at(&location)
            .hints(error.hint())
            .to_string());
    };
    Ok(Resolved {
        url: named.url.clone(),
        endpoint: args.endpoint.clone().or_else(|| named.endpoint.clone()),
        region: args.region.clone().or_else(|| named.region.clone()),
    })
}

fn transport(
    target: &Target,
    resolved: &Resolved,
    args: &Args,
) -> Result<Box<dyn Transport>, PublishError> {
    Ok(match target {
        Target::File { path } => Box::new(publish::file::FileTarget::new(path)),
        Target::Sftp {
            user,
            host,
            port,
            path,
        } => {
            let mut sftp =
                publish::sftp::SftpTarget::new(user.clone(), host.clone(), *port, path.clone())?;
            sftp.identity.clone_from(&args.identity);
            sftp.ssh_config.clone_from(&args.ssh_config);
            Box::new(sftp)
        }
        Target::S3 { bucket, prefix } => Box::new(publish::s3::S3Target::new(
            bucket.clone(),
            prefix.clone(),
            resolved.endpoint.clone(),
            resolved.region.clone(),
        )?),
    })
}

fn fail(error: &PublishError, code: ExitCode) -> ExitCode {
    let message = Message::error(error).hints(error.hint());
    console::finish(code, console::err(message))
}

fn report(name: &str, summary: &Summary, dry_run: bool) -> Result<(), WriteFailed> {
    for bad in &summary.bad_lines {
        let location = Location::at(
            format!(
                "{}/{MANIFEST}",
                name.trim_matches(['«', '»', ' ', '\u{a0}'])
            ),
            bad.line,
            None,
        );
        let text = format!(
            "ligne illisible dans le manifeste de la cible : {}",
            bad.reason
        );
        console::err(
            Message::warning(&text)
                .at(&location)
                .hint("cette ligne est ignorée : le fichier qu'elle nommait est renvoyé et ne sera jamais supprimé ; le manifeste est réécrit en fin de publication"),
        )?;
    }
    if let Some(owner) = &summary.stale_lock {
        console::out(format_args!(
            "Verrou d'une publication interrompue repris ({owner})."
        ))?;
    }
    let (added, changed, deleted) = (summary.added, summary.changed, summary.deleted);
    if dry_run {
        return console::out(format_args!(
            "Plan de publication vers {name} (rien n'a été envoyé) :\n  ajoutés : {}\n  modifiés : {}\n  supprimés : {}",
            files(added),
            files(changed),
            files(deleted)
        ));
    }
    if summary.sent_files == 0 && deleted.0 == 0 {
        return console::out(format_args!(
            "{name} est déjà à jour : aucun fichier envoyé."
        ));
    }
    console::out(format_args!(
        "Site publié vers {name} : {} ajouté{}, {} modifié{}, {} supprimé{} ; {} octets envoyés ({}) en {} s.",
        added.0,
        plural(added.0),
        changed.0,
        plural(changed.0),
        deleted.0,
        plural(deleted.0),
        summary.sent_bytes,
        size(summary.sent_bytes),
        format!("{:.1}", summary.elapsed.as_secs_f64()).replace('.', ",")
    ))
}

fn files((count, bytes): (usize, u64)) -> String {
    format!("{count} fichier{} ({})", plural(count), size(bytes))
}

fn plural(count: usize) -> &'static str {
    if count > 1 { "s" } else { "" }
}

/// A size as editors read it: `512 octets`, `340 Ko`, `1,2 Mo`.
fn size(bytes: u64) -> String {
    const K: f64 = 1024.0;
    let b = bytes as f64;
    if bytes < 1024 {
        format!("{bytes} octet{}", if bytes > 1 { "s" } else { "" })
    } else if b < K * K {
        format!("{} Ko", (b / K).round())
    } else {
        format!("{:.1} Mo", b / K / K).replace('.', ",")
    }
}

/// A progress bar on a terminal; nothing otherwise (the summary says it all).
struct Bar {
    terminal: bool,
    files: (usize, usize),
    bytes: (u64, u64),
    drawn: Option<Instant>,
}

impl Bar {
    fn new() -> Self {
        Bar {
            terminal: std::io::stderr().is_terminal(),
            files: (0, 0),
            bytes: (0, 0),
            drawn: None,
        }
    }

    fn draw(&mut self) {
        let share = if self.bytes.1 == 0 {
            1.0
        } else {
            self.bytes.0 as f64 / self.bytes.1 as f64
        };
        let filled = (share * 30.0).round() as usize;
        let line = format!(
            "\rEnvoi [{}{}] {:>3} % : {}/{} fichiers, {} sur {}",
            "#".repeat(filled),
            " ".repeat(30 - filled.min(30)),
            (share * 100.0).round(),
            self.files.0,
            self.files.1,
            size(self.bytes.0),
            size(self.bytes.1)
        );
        let mut stderr = std::io::stderr().lock();
        let _ = stderr.write_all(line.as_bytes());
        let _ = stderr.flush();
        self.drawn = Some(Instant::now());
    }
}

impl Progress for Bar {
    fn start(&mut self, files: usize, bytes: u64) {
        self.files = (0, files);
        self.bytes = (0, bytes);
        if self.terminal {
            self.draw();
        }
    }

    fn sent(&mut self, bytes: u64) {
        self.files.0 += 1;
        self.bytes.0 += bytes;
        let due = self.drawn.is_none_or(|at| at.elapsed().as_millis() >= 100);
        if self.terminal && (due || self.files.0 == self.files.1) {
            self.draw();
        }
    }

    fn done(&mut self) {
        if self.terminal && self.drawn.is_some() {
            let _ = std::io::stderr().write_all(b"\n");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_of_files() {
        let files = [
            OutputFile::new("index.html", ""),
            OutputFile::new("a/b/index.html", ""),
            OutputFile::new("style.css", ""),
        ];
        assert_eq!(published_addresses(&files), ["/", "/a/b/", "/style.css"]);
    }

    #[test]
    fn sizes_in_french() {
        assert_eq!(size(1), "1 octet");
        assert_eq!(size(512), "512 octets");
        assert_eq!(size(340 * 1024), "340 Ko");
        assert_eq!(size(1258291), "1,2 Mo");
    }
}
