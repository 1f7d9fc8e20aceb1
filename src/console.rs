//! What the `vitrine` command says on stdout and stderr.
//!
//! `println!` and `eprintln!` panic (exit 101) when the reader is gone
//! (`vitrine check | head -1`) or the disk is full (`> /dev/full`): every
//! message goes through [`out`] and [`err`] instead, which return the
//! failure, and [`WriteFailed::exit_code`] turns it into the exit code.

use std::fmt::Display;
use std::io::{self, Write};
use std::process::ExitCode;

use vitrine::error::{Message, io_message};

/// Which of the two streams a write went to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Out,
    Err,
}

/// A write to stdout or stderr that did not happen.
#[derive(Debug)]
pub struct WriteFailed {
    pub stream: Stream,
    pub error: io::Error,
}

/// Writes `text` and a newline to stdout, then flushes.
pub fn out(text: impl Display) -> Result<(), WriteFailed> {
    write_line(&mut io::stdout().lock(), text).map_err(|error| WriteFailed {
        stream: Stream::Out,
        error,
    })
}

/// Writes `text` and a newline to stderr.
pub fn err(text: impl Display) -> Result<(), WriteFailed> {
    write_line(&mut io::stderr().lock(), text).map_err(|error| WriteFailed {
        stream: Stream::Err,
        error,
    })
}

fn write_line(stream: &mut impl Write, text: impl Display) -> io::Result<()> {
    writeln!(stream, "{text}")?;
    stream.flush()
}

/// The exit code of a command that ended with `code` after its output was
/// `written`.
pub fn finish(code: ExitCode, written: Result<(), WriteFailed>) -> ExitCode {
    match written {
        Ok(()) => code,
        Err(failed) => failed.exit_code(code),
    }
}

impl WriteFailed {
    /// The exit code once output failed, `code` being the command's own.
    ///
    /// A reader that stopped reading (broken pipe: `| head -1`) is not a
    /// failure of the command: the output stops quietly and the exit code
    /// stays what the command did (0 for a build that succeeded, 1 for a
    /// `check` that found errors), which `set -o pipefail` scripts rely on;
    /// coreutils die of SIGPIPE instead, which tells nothing about the work.
    /// Anything else (full disk, I/O error) lost text the editor needed: the
    /// command fails, saying why on stderr when stdout was the culprit.
    /// Nothing can be said when stderr itself fails.
    pub fn exit_code(&self, code: ExitCode) -> ExitCode {
        if self.error.kind() == io::ErrorKind::BrokenPipe {
            return code;
        }
        if self.stream == Stream::Out {
            let text = format!(
                "écriture sur la sortie standard impossible : {}",
                io_message(&self.error)
            );
            let _ = err(Message::error(&text));
        }
        if code == ExitCode::SUCCESS {
            ExitCode::FAILURE
        } else {
            code
        }
    }
}
