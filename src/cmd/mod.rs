//! One file per command: its arguments (clap) and what it does, in French
//! on the terminal, over the library.

pub mod build;
pub mod check;
pub mod new;
pub mod publish;
#[cfg(feature = "serve")]
pub mod serve;

use vitrine::error::Message;

/// What `vitrine <name>` says when `name` is a command this vitrine was
/// compiled without: it is missing from the help, and the editor who
/// read about it elsewhere learns why rather than « commande inconnue ».
pub fn left_out(name: &str) -> Option<String> {
    if name != "serve" || cfg!(feature = "serve") {
        return None;
    }
    let text =
        "cette version de vitrine a été compilée sans l'aperçu : « vitrine serve » n'y existe pas";
    let hint = "« vitrine build » construit le site dans public/ ; pour l'aperçu, compilez vitrine \
                avec la fonctionnalité « serve » (active par défaut)";
    Some(Message::error(&text).hint(hint).to_string())
}
