//! The site model, independent of the file system and of Tera, so every
//! stage can be tested in memory: what editors write as loaded (`content`),
//! and the site that validation lets through (`site`).

mod content;
mod date;
pub mod images;
pub mod legal;
mod site;

pub use content::*;
pub use date::Date;
pub use site::{Article, Hold, Page, Published, Site};
