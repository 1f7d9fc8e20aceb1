//! The items a run is made of, and what the rules ask of them.

use super::scan::{is_alphabetic, is_alphanumeric};

/// Placeholder character of opaque items; rules look at their kind instead.
pub(super) const OPAQUE: char = '\u{fffc}';

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Kind {
    /// A character of text (possibly written as an entity in HTML).
    Char,
    /// Word-like content never modified: unknown entity, protected element,
    /// URL or e-mail character.
    Opaque,
    /// Inline tag or comment: transparent to the rules, zero width.
    Markup,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Edit {
    Keep,
    Put(char),
    Drop,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Item {
    pub(super) start: u32,
    pub(super) end: u32,
    /// The character the rules see: decoded entity, or the resolved
    /// guillemet/curly quote for a paired straight quote.
    pub(super) ch: char,
    pub(super) kind: Kind,
    pub(super) edit: Edit,
    /// Character inserted just before this item.
    pub(super) ins: Option<char>,
}

impl Item {
    pub(super) fn is(&self, c: char) -> bool {
        self.kind == Kind::Char && self.ch == c
    }
    pub(super) fn is_space(&self) -> bool {
        self.kind == Kind::Char && self.ch.is_whitespace()
    }
    pub(super) fn is_markup(&self) -> bool {
        self.kind == Kind::Markup
    }
    /// Visible and not a space: the items that delimit gaps.
    pub(super) fn is_solid(&self) -> bool {
        !self.is_markup() && !self.is_space()
    }
    pub(super) fn is_word(&self) -> bool {
        self.kind == Kind::Opaque || (self.kind == Kind::Char && is_alphanumeric(self.ch))
    }
    pub(super) fn is_letter(&self) -> bool {
        self.kind == Kind::Opaque || (self.kind == Kind::Char && is_alphabetic(self.ch))
    }
    pub(super) fn is_digit(&self) -> bool {
        self.kind == Kind::Char && self.ch.is_ascii_digit()
    }
    pub(super) fn is_opening(&self) -> bool {
        is_any!(self, '(' | '[' | '{' | '«' | '“' | '‘')
    }
}

pub(super) fn prev_visible(items: &[Item], at: usize) -> Option<usize> {
    items[..at].iter().rposition(|it| !it.is_markup())
}

pub(super) fn next_visible(items: &[Item], at: usize) -> Option<usize> {
    let offset = items[at + 1..].iter().position(|it| !it.is_markup())?;
    Some(at + 1 + offset)
}
