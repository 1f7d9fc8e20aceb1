//! `vitrine new <section> "Titre"`: the library writes the draft
//! ([`vitrine::new`]); this says where it is and what to do next.

use std::fmt;
use std::path::PathBuf;
use std::process::ExitCode;

use vitrine::error::Message;
use vitrine::load::ARTICLES_DIR;
use vitrine::new::{Created, create};

use crate::console;

#[derive(clap::Args)]
pub struct Args {
    /// Section : actualites ou pages.
    #[arg(value_name = "SECTION")]
    section: String,
    /// Titre de l'article ou de la page, entre guillemets.
    #[arg(value_name = "TITRE")]
    title: String,
    /// Dossier du site (contient content/ et themes/).
    #[arg(long, default_value = ".", value_name = "DOSSIER")]
    pub root: PathBuf,
}

pub fn run(args: Args) -> ExitCode {
    let today = vitrine::pipeline::today();
    match create(&args.root, &args.section, &args.title, today) {
        Ok(created) => console::finish(ExitCode::SUCCESS, console::out(NextSteps(&created))),
        Err(error) => {
            let message = Message::error(&error).hints(error.hint());
            console::finish(ExitCode::FAILURE, console::err(message))
        }
    }
}

/// The file written, and what the editor does next with this command's
/// tools (another front end would point elsewhere).
struct NextSteps<'a>(&'a Created);

impl fmt::Display for NextSteps<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let created = self.0;
        writeln!(f, "Fichier créé : {}", created.path.display())?;
        writeln!(f)?;
        writeln!(f, "Prochaines étapes :")?;
        if created.section == ARTICLES_DIR {
            writeln!(
                f,
                "  1. Complétez l'en-tête : chapo, partenaires et thématiques (les identifiants possibles sont en commentaire)."
            )?;
        } else {
            writeln!(
                f,
                "  1. Complétez l'en-tête : chapo (une phrase qui présente la page)."
            )?;
        }
        writeln!(f, "  2. Rédigez le texte sous l'en-tête, en Markdown.")?;
        writeln!(
            f,
            "  3. Relisez le rendu avec « vitrine serve --drafts », puis vérifiez avec « vitrine check --drafts »."
        )?;
        write!(
            f,
            "  4. Pour publier, remplacez « brouillon: true » par « brouillon: false »."
        )
    }
}
