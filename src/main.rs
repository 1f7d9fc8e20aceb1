//! The `vitrine` command: a thin layer over the library that parses
//! arguments and speaks French to the editor.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

mod cli;

use vitrine::{BuildOptions, Diagnostics, build, output};

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
            println!("{report}");
            if report.passes() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Command::New {
            section,
            title,
            root,
        } => match vitrine::new::create(&root, &section, &title, vitrine::pipeline::today()) {
            Ok(created) => {
                println!("{created}");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("erreur : {error}");
                if let Some(hint) = error.hint() {
                    eprintln!("  = aide : {hint}");
                }
                ExitCode::FAILURE
            }
        },
    }
}

/// `--base-url` goes through the validation of `url` in site.yaml; a
/// refused value is a usage error, as clap's are (exit code 2).
fn invalid_base_url(error: &vitrine::urls::UrlError) -> ExitCode {
    eprintln!(
        "erreur : valeur invalide « {} » pour --base-url : {}",
        error.shown_url(),
        error.reason()
    );
    eprintln!("  = aide : {}", error.hint());
    ExitCode::from(2)
}

fn run_build(options: &BuildOptions, output_dir: &std::path::Path) -> ExitCode {
    let start = Instant::now();
    let built = output::restore_interrupted(&options.root, output_dir).and_then(|restored| {
        if restored {
            println!(
                "Le site précédent, mis de côté par une construction interrompue, a été remis en place dans {}.",
                output_dir.display()
            );
        }
        let site = build(options)?;
        output::write_site(&options.root, &site.files, output_dir)?;
        Ok(site)
    });
    match built {
        Ok(site) => {
            println!(
                "Site construit dans {} : {} pages ({} articles), {} fichiers, en {} ms.",
                output_dir.display(),
                site.pages,
                site.articles,
                site.files.len(),
                start.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(diagnostics) => report_failure(&diagnostics, output_dir),
    }
}

fn report_failure(diagnostics: &Diagnostics, output_dir: &std::path::Path) -> ExitCode {
    eprintln!("{diagnostics}\n");
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
    eprintln!("Échec : {count} problème{plural} à corriger. {untouched}");
    ExitCode::FAILURE
}
