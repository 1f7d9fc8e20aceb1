//! clap in French: help pages with French headings, and command-line errors
//! worded for editors instead of clap's English.

use std::process::ExitCode;

use clap::error::{ContextKind, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};

const ROOT_HELP: &str = "\
{about}

Utilisation : {usage}

Commandes :
{subcommands}

Options :
{options}
";

const COMMAND_HELP: &str = "\
{about}

Utilisation : {usage}

{positionals}Options :
{options}
";

/// Parses the command line, or says in French what is wrong with it.
/// `Err` carries the exit code: 0 after `--help`/`--version`, 2 otherwise.
pub fn parse<P: CommandFactory + FromArgMatches>() -> Result<P, ExitCode> {
    let matches = french(P::command())
        .try_get_matches()
        .map_err(|e| report(&e))?;
    P::from_arg_matches(&matches).map_err(|e| report(&e))
}

/// French help headings and flag descriptions, on every subcommand.
fn french(command: Command) -> Command {
    command
        .help_template(ROOT_HELP)
        .subcommand_value_name("COMMANDE")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .disable_version_flag(true)
        .arg(help_flag())
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("Affiche la version"),
        )
        .mut_subcommands(|sub| {
            let template = if sub.get_positionals().next().is_some() {
                COMMAND_HELP.replace("{positionals}", "Arguments :\n{positionals}\n\n")
            } else {
                COMMAND_HELP.replace("{positionals}", "")
            };
            let name = sub.get_name().to_string();
            let sub = sub
                .help_template(template)
                .disable_help_flag(true)
                .arg(help_flag())
                .mut_args(french_default);
            let usage = sub.clone().render_usage().to_string();
            let usage =
                usage
                    .trim_start_matches("Usage: ")
                    .replacen(&name, &format!("vitrine {name}"), 1);
            sub.override_usage(usage.replace("[OPTIONS]", "[options]"))
        })
}

/// `[default: .]` becomes `(par défaut : .)`.
fn french_default(arg: Arg) -> Arg {
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if defaults.is_empty() {
        return arg;
    }
    let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
    arg.hide_default_value(true)
        .help(format!("{help} (par défaut : {})", defaults.join(", ")))
}

fn help_flag() -> Arg {
    Arg::new("help")
        .short('h')
        .long("help")
        .action(ArgAction::Help)
        .help("Affiche cette aide")
}

/// Prints help and version as clap does; turns every other error into a
/// French message with a hint.
fn report(error: &clap::Error) -> ExitCode {
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = error.print();
            return ExitCode::SUCCESS;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            let _ = error.print();
            return ExitCode::from(2);
        }
        _ => {}
    }
    let context = |kind| error.get(kind).map(ToString::to_string).unwrap_or_default();
    let message = match error.kind() {
        ErrorKind::UnknownArgument => {
            format!("option inconnue « {} »", context(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidSubcommand => {
            format!(
                "commande inconnue « {} »",
                context(ContextKind::InvalidSubcommand)
            )
        }
        ErrorKind::MissingRequiredArgument => {
            format!("il manque {}", context(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => format!(
            "valeur invalide « {} » pour {}",
            context(ContextKind::InvalidValue),
            context(ContextKind::InvalidArg)
        ),
        ErrorKind::ArgumentConflict => {
            format!(
                "{} ne peut pas servir ici",
                context(ContextKind::InvalidArg)
            )
        }
        _ => "ligne de commande incomplète ou incorrecte".to_string(),
    };
    eprintln!("erreur : {message}");
    let suggestion = [ContextKind::SuggestedSubcommand, ContextKind::SuggestedArg]
        .into_iter()
        .map(context)
        .find(|s| !s.is_empty());
    if let Some(suggestion) = suggestion {
        eprintln!("  = aide : vouliez-vous dire « {suggestion} » ?");
    }
    eprintln!(
        "  = aide : « vitrine --help » liste les commandes ; « vitrine build --help », leurs options"
    );
    ExitCode::from(2)
}
