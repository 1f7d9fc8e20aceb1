//! `vitrine serve` in the terminal: start, say where the site is, report
//! every rebuild in French, stop cleanly on Ctrl-C.

use std::future::Future;
use std::net::IpAddr;
use std::path::PathBuf;
use std::pin::Pin;
use std::process::ExitCode;

use tokio::sync::broadcast::error::RecvError;
use vitrine::error::Message;
use vitrine::serve::{Change, ServeOptions, start};

use crate::console;

#[derive(clap::Args)]
pub struct Args {
    /// Dossier du site (contient content/ et themes/).
    #[arg(long, default_value = ".", value_name = "DOSSIER")]
    pub root: PathBuf,
    /// Port d'écoute.
    #[arg(long, default_value_t = 1111, value_name = "PORT")]
    port: u16,
    /// Adresse d'écoute (127.0.0.1 : visible de cet ordinateur seulement).
    #[arg(long, default_value = "127.0.0.1", value_name = "ADRESSE")]
    bind: IpAddr,
    /// Affiche aussi les brouillons et les articles datés dans le futur.
    #[arg(long)]
    drafts: bool,
    /// Ouvre le site dans le navigateur.
    #[arg(long)]
    open: bool,
}

/// Runs the preview until Ctrl-C (or SIGTERM). Exit code 1 when it could not
/// start; a site that does not build is no reason to stop.
pub fn run(args: Args) -> ExitCode {
    let mut options = ServeOptions::new(args.root);
    options.port = args.port;
    options.bind = args.bind;
    options.drafts = args.drafts;
    serve_until_stopped(options, args.open)
}

fn serve_until_stopped(options: ServeOptions, open_browser: bool) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            let text = format!("démarrage du serveur impossible : {error}");
            warn(format_args!("{}", Message::error(&text)));
            return ExitCode::FAILURE;
        }
    };
    let code = runtime.block_on(serve(options, open_browser));
    // A build stuck on a file still runs on its thread: do not wait for it.
    runtime.shutdown_background();
    code
}

async fn serve(options: ServeOptions, open_browser: bool) -> ExitCode {
    // Listening before the first build: Ctrl-C stops it too.
    let mut stop = stop_signal();
    let started = tokio::select! {
        started = start(options) => started,
        () = &mut stop => {
            say(format_args!("\nArrêt de l'aperçu."));
            return ExitCode::SUCCESS;
        }
    };
    let server = match started {
        Ok(server) => server,
        Err(error) => {
            warn(format_args!(
                "{}",
                Message::error(&error).hints(error.hint())
            ));
            return ExitCode::FAILURE;
        }
    };
    let mut changes = server.subscribe();
    report(server.first_build());
    say(format_args!(
        "\nAperçu du site : {}  (Ctrl-C pour arrêter)\n\
         Chaque modification de content/, themes/, templates/ ou static/ reconstruit le site \
         et recharge le navigateur.",
        server.url()
    ));
    if !server.address().ip().is_loopback() {
        say(format_args!(
            "Attention : l'aperçu écoute sur {} : il est visible des autres machines du réseau.",
            server.address().ip()
        ));
    }
    if open_browser && let Err(error) = open::that_detached(server.url()) {
        let text = format!(
            "le navigateur n'a pas pu être ouvert ({error}) ; ouvrez {} vous-même.",
            server.url()
        );
        warn(format_args!("{}", Message::warning(&text)));
    }
    loop {
        tokio::select! {
            () = &mut stop => break,
            change = changes.recv() => match change {
                Ok(change) => report(&change),
                Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => break,
            },
        }
    }
    say(format_args!("\nArrêt de l'aperçu."));
    if let Err(error) = server.stop().await {
        let text = format!("arrêt incomplet du serveur : {error}");
        warn(format_args!("{}", Message::warning(&text)));
    }
    ExitCode::SUCCESS
}

fn report(change: &Change) {
    let time = jiff::ZonedDateTime::now().strftime("%H:%M:%S").to_string();
    match change {
        Change::Rebuilt {
            report,
            styles_only,
            ..
        } => {
            let what = if report.changed.is_empty() {
                "Site construit".to_string()
            } else {
                format!("{} modifié — site reconstruit", list(&report.changed))
            };
            let reload = if *styles_only {
                " Feuilles de style rechargées."
            } else {
                ""
            };
            say(format_args!(
                "[{time}] {what} : {} pages ({} articles), {} fichiers, en {} ms.{reload}",
                report.pages,
                report.articles,
                report.files,
                report.elapsed.as_millis()
            ));
        }
        Change::Failed {
            report,
            problems,
            changed,
            kept,
            ..
        } => {
            let plural = if *problems > 1 { "s" } else { "" };
            let cause = if changed.is_empty() {
                String::new()
            } else {
                format!(" après la modification de {}", list(changed))
            };
            let shown = if *kept {
                "L'aperçu montre la dernière version correcte du site, avec ces erreurs par-dessus."
            } else {
                "Le site n'a encore jamais pu être construit : l'aperçu affiche ces erreurs \
                 à la place du site."
            };
            warn(format_args!(
                "[{time}] Échec de la construction{cause}.\n\n{report}\n\n\
                 {problems} problème{plural} à corriger. {shown}"
            ));
        }
    }
}

/// A line on stdout. The preview keeps serving when its terminal goes
/// away or fills up: a lost log line is no reason to stop, nor to panic
/// as `println!` does.
fn say(text: std::fmt::Arguments) {
    let _ = console::out(text);
}

/// A line on stderr, kept or lost as [`say`]'s.
fn warn(text: std::fmt::Arguments) {
    let _ = console::err(text);
}

/// `a.md`, `a.md et b.md`, `a.md et 3 autres fichiers`.
fn list(paths: &[PathBuf]) -> String {
    match paths {
        [] => String::new(),
        [one] => one.display().to_string(),
        [one, two] => format!("{} et {}", one.display(), two.display()),
        [one, rest @ ..] => format!("{} et {} autres fichiers", one.display(), rest.len()),
    }
}

/// Ctrl-C, or SIGTERM from a process manager. The handlers are installed
/// by this call, before the address is printed, so a stop asked as soon as
/// the address shows is never missed.
#[cfg(unix)]
fn stop_signal() -> Pin<Box<dyn Future<Output = ()> + Send>> {
    use tokio::signal::unix::{SignalKind, signal};
    match (
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
    ) {
        (Ok(mut interrupt), Ok(mut terminate)) => Box::pin(async move {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
        }),
        // Without handlers the signals keep their default effect: they end
        // the process.
        _ => Box::pin(std::future::pending()),
    }
}

#[cfg(windows)]
fn stop_signal() -> Pin<Box<dyn Future<Output = ()> + Send>> {
    match tokio::signal::windows::ctrl_c() {
        Ok(mut ctrl_c) => Box::pin(async move {
            ctrl_c.recv().await;
        }),
        Err(_) => Box::pin(std::future::pending()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_files_are_listed_briefly() {
        let paths: Vec<PathBuf> = ["a.md", "b.md", "c.md"].iter().map(PathBuf::from).collect();
        assert_eq!(list(&paths[..1]), "a.md");
        assert_eq!(list(&paths[..2]), "a.md et b.md");
        assert_eq!(list(&paths), "a.md et 2 autres fichiers");
    }
}
