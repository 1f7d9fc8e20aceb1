//! `vitrine check`: everything `build` would refuse, and the lints, without
//! writing anything.

use std::path::PathBuf;
use std::process::ExitCode;

use vitrine::BuildOptions;

use crate::console;

#[derive(clap::Args)]
pub struct Args {
    /// Dossier du site (contient content/ et themes/).
    #[arg(long, default_value = ".", value_name = "DOSSIER")]
    pub root: PathBuf,
    /// Traite les avertissements comme des erreurs.
    #[arg(long)]
    strict: bool,
    /// Vérifie aussi les brouillons et les articles datés dans le futur.
    #[arg(long)]
    drafts: bool,
}

pub fn run(args: Args) -> ExitCode {
    let mut options = BuildOptions::new(args.root);
    options.drafts = args.drafts;
    let report = vitrine::check::check(&options, args.strict);
    let code = if report.passes() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    };
    console::finish(code, console::out(report))
}
