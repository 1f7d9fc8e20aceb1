//! `vitrine build`: builds the site and writes it to the output folder,
//! leaving the previous site untouched when the build fails.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use vitrine::error::Message;
use vitrine::model::Hold;
use vitrine::urls::{UrlError, UrlField, check_url};
use vitrine::{BuildOptions, Diagnostics, french, output};

use crate::console::{self, WriteFailed};

#[derive(clap::Args)]
pub struct Args {
    /// Dossier du site (contient content/ et themes/).
    #[arg(long, default_value = ".", value_name = "DOSSIER")]
    pub root: PathBuf,
    /// Dossier de sortie (par défaut : public/ dans le dossier du site).
    #[arg(long, value_name = "DOSSIER")]
    output: Option<PathBuf>,
    /// Adresse de publication, remplace « url » de content/site.yaml.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Publie aussi les brouillons et les articles datés dans le futur.
    #[arg(long)]
    drafts: bool,
    /// Ajoute les adresses du site construit au registre content/adresses.txt : à faire pour le site que l'on publie.
    #[arg(long, conflicts_with = "drafts")]
    enregistrer_adresses: bool,
}

pub fn run(args: Args) -> ExitCode {
    if let Some(url) = &args.base_url
        && let Err(error) = check_url(url, UrlField::Base)
    {
        return invalid_base_url(&error);
    }
    let output = args.output.unwrap_or_else(|| args.root.join("public"));
    let mut options = BuildOptions::new(args.root);
    options.base_url = args.base_url;
    options.drafts = args.drafts;
    options.production = !args.drafts;
    run_build(&options, &output, args.enregistrer_adresses)
}

/// `--base-url` goes through the validation of `url` in site.yaml; a
/// refused value is a usage error, as clap's are (exit code 2).
fn invalid_base_url(error: &UrlError) -> ExitCode {
    let text = format!(
        "valeur invalide « {} » pour --base-url : {}",
        error.shown_url(),
        error.reason()
    );
    let message = Message::error(&text).hint(error.hint());
    console::finish(ExitCode::from(2), console::err(message))
}

fn run_build(options: &BuildOptions, output_dir: &Path, record: bool) -> ExitCode {
    let start = Instant::now();
    let built = output::restore_interrupted(&options.root, output_dir).and_then(|restored| {
        if restored {
            // A closed stdout must not stop the build; the summary's write
            // reports it at the end.
            let _ = console::out(format_args!(
                "Le site précédent, mis de côté par une construction interrompue, a été remis en place dans {}.",
                output_dir.display()
            ));
        }
        vitrine::pipeline::publish(options, output_dir)
    });
    match built {
        Ok(site) => {
            let summary = format!(
                "Site construit dans {} : {} pages ({} articles), {} fichiers, en {} ms.",
                output_dir.display(),
                site.pages,
                site.articles,
                site.files,
                start.elapsed().as_millis()
            );
            let written = console::out(summary).and_then(|()| match held_note(&site.held) {
                Some(note) => console::out(note),
                None => Ok(()),
            });
            if !record {
                return console::finish(ExitCode::SUCCESS, written);
            }
            record_addresses(options, output_dir, written)
        }
        Err(diagnostics) => {
            console::finish(ExitCode::FAILURE, report_failure(&diagnostics, output_dir))
        }
    }
}

/// After a good build: adds its pages to the ledger of addresses. The
/// site is built whatever happens here; a failure says so.
fn record_addresses(
    options: &BuildOptions,
    output_dir: &Path,
    written: Result<(), WriteFailed>,
) -> ExitCode {
    match vitrine::addresses::record_built(&options.root, output_dir) {
        Ok(count) => {
            let written = written.and_then(|()| {
                console::out(format_args!(
                    "Adresses enregistrées dans {} : {count} page{}.",
                    vitrine::addresses::ledger_path().display(),
                    plural(count)
                ))
            });
            console::finish(ExitCode::SUCCESS, written)
        }
        Err(diagnostics) => {
            let written = written
                .and_then(|()| console::err(format_args!("{diagnostics}\n")))
                .and_then(|()| {
                    console::err(format_args!(
                        "Échec : le site est construit dans {}, mais ses adresses n'ont pas été enregistrées.",
                        output_dir.display()
                    ))
                });
            console::finish(ExitCode::FAILURE, written)
        }
    }
}

/// Beyond this many files left out, `build` gives their count only.
const HELD_LISTED: usize = 5;

/// What `build` left out (drafts, future-dated articles): a line per file,
/// or a count and a pointer to `check` when the list would drown the rest.
fn held_note(held: &[(PathBuf, Hold)]) -> Option<String> {
    if held.is_empty() {
        return None;
    }
    if held.len() <= HELD_LISTED {
        let lines: Vec<String> = held
            .iter()
            .map(|(file, hold)| {
                let why = match hold {
                    Hold::Draft => "brouillon".to_string(),
                    Hold::Future(date) => format!(
                        "daté du {}",
                        french::format_date(date.0, french::DateStyle::Long)
                    ),
                };
                format!("Non publié : {} ({why})", file.display())
            })
            .collect();
        return Some(lines.join("\n"));
    }
    let drafts = held.iter().filter(|(_, h)| *h == Hold::Draft).count();
    let future = held.len() - drafts;
    let mut counts = Vec::new();
    if drafts > 0 {
        counts.push(format!("{drafts} brouillon{}", plural(drafts)));
    }
    if future > 0 {
        let s = plural(future);
        counts.push(format!("{future} article{s} daté{s} dans le futur"));
    }
    Some(format!(
        "Non publiés : {} ; lancez « vitrine check » pour le détail.",
        counts.join(" et ")
    ))
}

fn plural(count: usize) -> &'static str {
    if count > 1 { "s" } else { "" }
}

fn report_failure(diagnostics: &Diagnostics, output_dir: &Path) -> Result<(), WriteFailed> {
    console::err(format_args!("{diagnostics}\n"))?;
    let count = diagnostics.len();
    let plural = if count > 1 { "s" } else { "" };
    // Say only what is true: there may have been no previous site at all.
    let shown = output_dir.display();
    let untouched = if output::is_built_site(output_dir) {
        format!("Le site publié précédemment dans {shown} n'a pas été modifié.")
    } else if output_dir.exists() {
        format!("Rien n'a été changé dans {shown}.")
    } else {
        "Aucun fichier n'a été écrit.".to_string()
    };
    console::err(format_args!(
        "Échec : {count} problème{plural} à corriger. {untouched}"
    ))
}
