//! vitrine: a static microsite generator for French-language institutional
//! sites. The pipeline reads forward, one module per stage:
//!
//! load (files → typed model) → validate (references, URLs) → markdown
//! (bodies → typeset HTML) → render (Tera jobs in parallel) → output (write
//! to a fresh directory, then swap).
//!
//! The `vitrine` command (`src/main.rs`, one file per command in
//! `src/cmd/`) is one front end over it. The preview server, the `serve` module,
//! comes with the `serve` feature (on by default); without it the library
//! builds, checks and creates content with no async runtime at all.

pub mod addresses;
pub mod assets;
pub mod check;
pub mod commonmark;
pub mod error;
pub mod french;
pub mod frontmatter;
pub mod images;
pub mod incremental;
pub mod legal;
pub mod load;
pub mod markdown;
pub mod model;
pub mod new;
pub mod output;
pub mod pipeline;
pub mod publish;
pub mod quotes;
pub mod render;
pub mod routes;
pub mod search;
#[cfg(feature = "serve")]
pub mod serve;
pub mod source;
pub mod suggest;
pub mod templates;
pub mod typography;
pub mod urls;
pub mod validate;
pub mod yaml;

/// The most items (files, bodies, pages) a thread takes at once in the
/// parallel stages: in small pieces, a thread never holds a long run the
/// other, done, cannot take (the render's last tenth ran on one core).
pub(crate) const PARALLEL_PIECE: usize = 32;

/// Frees `value` on a thread of its own: a large site's model and pages'
/// values take tens of milliseconds to free, one core alone, which a build
/// need not wait for (`vitrine build` exits without waiting at all).
pub(crate) fn drop_in_background<T: Send + 'static>(value: T) {
    std::thread::spawn(move || drop(value));
}

pub use error::{Diagnostic, Diagnostics};
pub use pipeline::{BuildOptions, BuiltSite, build};
