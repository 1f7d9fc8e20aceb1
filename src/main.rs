//! The `vitrine` command: a thin layer over the library that parses
//! arguments and speaks French to the editor. One file per command in
//! `cmd/`; `cli` puts clap in French, `console` writes to the terminal.

use std::path::Path;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cli;
mod cmd;
mod console;

use vitrine::error::{Message, io_message};

/// mimalloc: per-thread free lists; see Cargo.toml for the measure.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    Build(cmd::build::Args),
    /// Construit le site en mémoire, le sert en local et le reconstruit à chaque modification.
    #[cfg(feature = "serve")]
    Serve(cmd::serve::Args),
    /// Vérifie le site sans rien écrire : erreurs de construction, liens, accessibilité, relecture.
    Check(cmd::check::Args),
    /// Crée un article ou une page à compléter, en brouillon.
    New(cmd::new::Args),
    /// Envoie le site construit vers son hébergement (dossier, SFTP ou S3), fichiers modifiés seulement.
    Publish(cmd::publish::Args),
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
        Command::Build(args) => cmd::build::run(args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => cmd::serve::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::New(args) => cmd::new::run(args),
        Command::Publish(args) => cmd::publish::run(args),
    }
}

impl Command {
    /// The site folder the command works on.
    fn root(&self) -> &Path {
        match self {
            Command::Build(args) => &args.root,
            #[cfg(feature = "serve")]
            Command::Serve(args) => &args.root,
            Command::Check(args) => &args.root,
            Command::New(args) => &args.root,
            Command::Publish(args) => &args.root,
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
