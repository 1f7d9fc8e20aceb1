//! Assertions on build diagnostics and on runs of the `vitrine` binary.

use std::path::PathBuf;
use std::process::Output;

use vitrine::error::Describe;
use vitrine::{Diagnostic, Diagnostics};

/// The only diagnostic of `diagnostics`, or a panic listing them all.
pub fn single(diagnostics: &Diagnostics) -> &Diagnostic {
    assert_eq!(
        diagnostics.len(),
        1,
        "expected one problem, got:\n{diagnostics}"
    );
    diagnostics.iter().next().expect("one")
}

/// Checks file and line of a diagnostic (`None`: no line expected).
pub fn assert_at(diagnostic: &Diagnostic, file: &str, line: Option<usize>) {
    assert_eq!(
        diagnostic.location.file,
        PathBuf::from(file),
        "wrong file in:\n{diagnostic}"
    );
    assert_eq!(
        diagnostic.location.line, line,
        "wrong line in:\n{diagnostic}"
    );
}

/// The message reads as French, names a file, and has no Rust or English leak.
pub fn assert_french(diagnostic: &Diagnostic) {
    let text = diagnostic.to_string();
    assert!(text.starts_with("erreur : "), "{text}");
    let file = diagnostic.location.file.display().to_string();
    assert!(
        !file.is_empty() && text.contains(&file),
        "no file named in:\n{text}"
    );
    for english in [
        "expected",
        "invalid type",
        "unknown field",
        "missing field",
        "No such file",
        "Permission denied",
        "Not a directory",
        "Variable `",
        "Box<",
        "Some(",
        "Error {",
        "while parsing",
    ] {
        assert!(
            !text.contains(english),
            "English or Debug text {english:?} in:\n{text}"
        );
    }
}

/// The problem of a diagnostic, if it is of the type `T`.
pub fn problem<T: Describe>(diagnostic: &Diagnostic) -> Option<&T> {
    diagnostic.problem::<T>()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}
