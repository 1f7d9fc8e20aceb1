//! clap in French: help pages with French headings, and command-line errors
//! worded for editors instead of clap's English.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::process::ExitCode;

use crate::console;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};
use vitrine::error::Message;

const ROOT_HELP: &str = "\
{about}

Utilisation : {usage}

Commandes :
{subcommands}

Options :
{options}
";

const HELP_HELP: &str = "\
{about}

Utilisation : {usage}

Commandes :
{subcommands}
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
    let args: Vec<OsString> = std::env::args_os().collect();
    let command = french(P::command());
    let matches = command
        .clone()
        .try_get_matches_from(&args)
        .map_err(|e| report(&e, &command, &args))?;
    P::from_arg_matches(&matches).map_err(|e| report(&e, &command, &args))
}

/// French help headings and flag descriptions, on every subcommand, and
/// `vitrine help [COMMANDE]`.
fn french(command: Command) -> Command {
    let mut command = command
        .help_template(ROOT_HELP)
        .subcommand_value_name("COMMANDE")
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
        });
    // clap adds its `help` subcommand, in English, when the command is
    // built: build it first, then translate it.
    command.build();
    // Built that way, it has one subcommand per command (help included).
    let about = "Affiche l'aide de vitrine ou d'une commande";
    command.mut_subcommand("help", |help| {
        help.about(about)
            .help_template(HELP_HELP)
            .override_usage("vitrine help [COMMANDE]")
            .mut_subcommand("help", |help| {
                help.about(about)
                    .help_template("{about}\n\nUtilisation : {usage}\n")
                    .override_usage("vitrine help help")
            })
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
/// French message with a hint on the command that failed.
fn report(error: &clap::Error, command: &Command, args: &[OsString]) -> ExitCode {
    let (code, written) = match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            (ExitCode::SUCCESS, console::out(rendered(error)))
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            (ExitCode::from(2), console::err(rendered(error)))
        }
        _ => (
            ExitCode::from(2),
            console::err(message(error, command, args)),
        ),
    };
    console::finish(code, written)
}

/// clap's help or usage text, without the trailing newline `console` adds,
/// styled only for a terminal.
fn rendered(error: &clap::Error) -> String {
    let styled = error.render();
    let text = if std::io::stdout().is_terminal() {
        styled.ansi().to_string()
    } else {
        styled.to_string()
    };
    text.trim_end_matches('\n').to_string()
}

/// A command-line error in French, with the hints that fit it.
fn message(error: &clap::Error, command: &Command, args: &[OsString]) -> String {
    let context = |kind| error.get(kind).map(ToString::to_string).unwrap_or_default();
    let problem = match error.kind() {
        ErrorKind::UnknownArgument => {
            format!("option inconnue « {} »", context(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidSubcommand => {
            let name = context(ContextKind::InvalidSubcommand);
            if let Some(message) = crate::cmd::left_out(&name) {
                return message;
            }
            format!("commande inconnue « {name} »")
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
    // clap lists every close name, the closest last: « bulid » is close
    // to `build` and, less, to `publish`; only the closest is suggested.
    let suggestion = [ContextKind::SuggestedSubcommand, ContextKind::SuggestedArg]
        .into_iter()
        .filter_map(|kind| match error.get(kind)? {
            ContextValue::Strings(names) => names.last().cloned(),
            value => Some(value.to_string()),
        })
        .find(|s| !s.is_empty());
    let help = match failed_command(command, args) {
        Some(name) => format!("« vitrine {name} --help » décrit cette commande et ses options"),
        None => {
            "« vitrine help » liste les commandes ; « vitrine help COMMANDE » décrit l'une d'elles"
                .to_string()
        }
    };
    Message::error(&problem)
        .hints(suggestion.map(|s| format!("vouliez-vous dire « {s} » ?")))
        .hint(help)
        .to_string()
}

/// The subcommand the editor ran, if the command line names one: the first
/// argument that is not an option (`vitrine` itself has none that take a
/// value). `help` has no options of its own to describe.
fn failed_command<'c>(command: &'c Command, args: &[OsString]) -> Option<&'c str> {
    let first = args
        .iter()
        .skip(1)
        .find(|arg| !arg.to_string_lossy().starts_with('-'))?;
    command
        .get_subcommands()
        .map(Command::get_name)
        .find(|name| *name != "help" && first.to_str() == Some(*name))
}
