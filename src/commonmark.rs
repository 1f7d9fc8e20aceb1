//! The Markdown every stage reads: pulldown-cmark's options, and where a
//! byte of a body is in its file. Shared by the image stage (which finds
//! the images a body shows), the Markdown stage and `check`.

use pulldown_cmark::Options;

use crate::error::Location;

/// The extensions editors may use (tables, footnotes, strikethrough,
/// heading ids).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Byte offset in a body → line in the file.
pub struct LineIndex {
    starts: Vec<usize>,
    first_line: usize,
}

impl LineIndex {
    pub fn new(body: &str, first_line: usize) -> Self {
        let starts = std::iter::once(0)
            .chain(body.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { starts, first_line }
    }

    pub fn location(&self, file: &std::path::Path, offset: usize) -> Location {
        let line = self.starts.partition_point(|start| *start <= offset);
        let column = offset - self.starts[line.saturating_sub(1)] + 1;
        Location::at(file, self.first_line + line - 1, Some(column))
    }
}
