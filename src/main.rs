//! The `vitrine` command: a thin layer over the library that parses
//! arguments and speaks French to the editor.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

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
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Dossier de sortie (par défaut : public/ dans le dossier du site).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Adresse de publication, remplace « url » de content/site.yaml.
        #[arg(long)]
        base_url: Option<String>,
        /// Publie aussi les brouillons et les articles datés dans le futur.
        #[arg(long)]
        drafts: bool,
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
        } => {
            let output = output.unwrap_or_else(|| root.join("public"));
            let options = BuildOptions {
                base_url,
                drafts,
                ..BuildOptions::new(root)
            };
            run_build(&options, &output)
        }
    }
}

fn run_build(options: &BuildOptions, output_dir: &std::path::Path) -> ExitCode {
    let start = Instant::now();
    let built = build(options).and_then(|site| {
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
        Err(diagnostics) => report_failure(&diagnostics),
    }
}

fn report_failure(diagnostics: &Diagnostics) -> ExitCode {
    eprintln!("{diagnostics}\n");
    let count = diagnostics.len();
    let plural = if count > 1 { "s" } else { "" };
    eprintln!(
        "Échec : {count} problème{plural} à corriger. Le site publié précédemment n'a pas été modifié."
    );
    ExitCode::FAILURE
}
