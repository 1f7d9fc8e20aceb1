//! The typography rules, one family per file.

pub(super) mod quotes;
pub(super) mod words;
