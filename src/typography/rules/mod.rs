//! The typography rules, one family per file.

pub(super) mod gaps;
mod numbers;
pub(super) mod quotes;
pub(super) mod words;
