//! The `vitrine` command: a thin layer over the library that parses
//! arguments and speaks French to the editor.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

mod cli;

use vitrine::console::{self, WriteFailed};
use vitrine::error::{Message, io_message};
use vitrine::model::Hold;
use vitrine::{BuildOptions, Diagnostics, french, output};

#[derive(Parser)]
#[command(
    name = "vitrine",
    version,
    about = "Générateur de microsites statiques en français"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Construit le site dans le dossier de sortie.
    Build {
        /// Dossier du site (contient content/ et themes/).
        #[arg(long, default_value = ".", value_name = "DOSSIER")]
        root: PathBuf,
        /// Dossier de sortie (par défaut : public/ dans le dossier du site).
        #[arg(long, value_name = "DOSSIER")]
        output: Option<PathBuf>,
        /// Adresse de publication, remplace « url » de content/site.yaml.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Publie aussi les brouillons et les articles datés dans le futur.
        #[arg(long)]
        drafts: bool,
    },
    /// Construit le site en mémoire, le sert en local et le reconstruit à chaque modification.
    Serve {
        /// Dossier du site (contient content/ et themes/).
        #[arg(long, default_value = ".", value_name = "DOSSIER")]
        root: PathBuf,
        /// Port d'écoute.
        #[arg(long, default_value_t = 1111, value_name = "PORT")]
        port: u16,
        /// Adresse d'écoute (127.0.0.1 : visible de cet ordinateur seulement).
        #[arg(long, default_value = "127.0.0.1", value_name = "ADRESSE")]
        bind: std::net::IpAddr,
        /// Affiche aussi les brouillons et les articles datés dans le futur.
        #[arg(long)]
        drafts: bool,
        /// Ouvre le site dans le navigateur.
        #[arg(long)]
        open: bool,
    },
    /// Vérifie le site sans rien écrire : erreurs de construction, liens, accessibilité, relecture.
    Check {
        /// Dossier du site (contient content/ et themes/).
        #[arg(long, default_value = ".", value_name = "DOSSIER")]
        root: PathBuf,
        /// Traite les avertissements comme des erreurs.
        #[arg(long)]
        strict: bool,
        /// Vérifie aussi les brouillons et les articles datés dans le futur.
        #[arg(long)]
        drafts: bool,
    },
    /// Crée un article ou une page à compléter, en brouillon.
    New {
        /// Section : actualites ou pages.
        #[arg(value_name = "SECTION")]
        section: String,
        /// Titre de l'article ou de la page, entre guillemets.
        #[arg(value_name = "TITRE")]
        title: String,
        /// Dossier du site (contient content/ et themes/).
        #[arg(long, default_value = ".", value_name = "DOSSIER")]
        root: PathBuf,
    },
}

fn main() -> ExitCode {
    let command = match cli::parse::<Cli>() {
        Ok(cli) => cli.command,
        Err(code) => return code,
    };
    if let Err(message) = check_root(command.root()) {
        return console::finish(ExitCode::FAILURE, console::err(message));
    }
    match command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
        } => {
            if let Some(url) = &base_url
                && let Err(error) = vitrine::urls::check_url(url, vitrine::urls::UrlField::Base)
            {
                return invalid_base_url(&error);
            }
            let output = output.unwrap_or_else(|| root.join("public"));
            let options = BuildOptions {
                base_url,
                drafts,
                ..BuildOptions::new(root)
            };
            run_build(&options, &output)
        }
        Command::Serve {
            root,
            port,
            bind,
            drafts,
            open,
        } => {
            let options = vitrine::serve::ServeOptions {
                port,
                bind,
                drafts,
                ..vitrine::serve::ServeOptions::new(root)
            };
            vitrine::serve::run(options, open)
        }
        Command::Check {
            root,
            strict,
            drafts,
        } => {
            let options = BuildOptions {
                drafts,
                ..BuildOptions::new(root)
            };
            let report = vitrine::check::check(&options, strict);
            let code = if report.passes() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            };
            console::finish(code, console::out(report))
        }
        Command::New {
            section,
            title,
            root,
        } => match vitrine::new::create(&root, &section, &title, vitrine::pipeline::today()) {
            Ok(created) => console::finish(ExitCode::SUCCESS, console::out(created)),
            Err(error) => {
                let message = Message::error(&error).hints(error.hint());
                console::finish(ExitCode::FAILURE, console::err(message))
            }
        },
    }
}

/// `--base-url` goes through the validation of `url` in site.yaml; a
/// refused value is a usage error, as clap's are (exit code 2).
fn invalid_base_url(error: &vitrine::urls::UrlError) -> ExitCode {
    let text = format!(
        "valeur invalide « {} » pour --base-url : {}",
        error.shown_url(),
        error.reason()
    );
    let message = Message::error(&text).hint(error.hint());
    console::finish(ExitCode::from(2), console::err(message))
}

impl Command {
    fn root(&self) -> &Path {
        match self {
            Command::Build { root, .. }
            | Command::Serve { root, .. }
            | Command::Check { root, .. }
            | Command::New { root, .. } => root,
        }
    }
}

/// The site folder must exist before any command looks inside it: the error
/// names it in full, as a relative `--root` means little in a report.
fn check_root(root: &Path) -> Result<(), String> {
    let problem = match std::fs::metadata(root) {
        Ok(metadata) if metadata.is_dir() => return Ok(()),
        Ok(_) => "n'est pas un dossier".to_string(),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => "est introuvable".to_string(),
        Err(error) => format!("est inaccessible : {}", io_message(&error)),
    };
    let shown = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let text = format!("le dossier du site « {} » {problem}", shown.display());
    let message = Message::error(&text)
        .hint("lancez vitrine depuis le dossier du site, ou indiquez-le avec --root DOSSIER");
    Err(message.to_string())
}

fn run_build(options: &BuildOptions, output_dir: &Path) -> ExitCode {
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
            console::finish(ExitCode::SUCCESS, written)
        }
        Err(diagnostics) => {
            console::finish(ExitCode::FAILURE, report_failure(&diagnostics, output_dir))
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
