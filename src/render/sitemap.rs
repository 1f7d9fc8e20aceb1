//! The sitemap: one file while every address fits in one, else an index at
//! the same address (`sitemap.xml`) and parts (`sitemap-1.xml`…). The
//! protocol allows 50,000 addresses per file; parts hold fewer, so that no
//! file of the site grows past about 150 kB (a fast, cacheable download).

use tera::Value;

use super::Job;
use super::values::SitemapEntry;
use crate::routes::Route;
use crate::urls::BaseUrl;

/// Addresses per sitemap file: 1,000 entries are about 140 kB (the
/// protocol's own limit is 50,000 and 50 MB).
pub(super) const SITEMAP_URLS: usize = 1_000;
const _: () = assert!(SITEMAP_URLS <= 50_000, "the protocol's limit");

/// The sitemap's files, ready for their templates.
pub(super) struct Sitemap {
    /// Each file's entries: one part when the site fits in a single file.
    parts: Vec<Value>,
    /// The index's entries (none for a single file).
    index: Value,
}

impl Sitemap {
    /// `entries` sorted by address, split in files of at most `limit`.
    pub(super) fn new(entries: Vec<SitemapEntry>, limit: usize, base: &BaseUrl) -> Self {
        let parts = split(entries, limit);
        let index: Vec<SitemapEntry> = if parts.len() > 1 {
            parts
                .iter()
                .enumerate()
                .map(|(i, part)| SitemapEntry {
                    loc: base.absolute(&Route::SitemapPart(i + 1).path()),
                    lastmod: part.iter().filter_map(|e| e.lastmod).max(),
                })
                .collect()
        } else {
            Vec::new()
        };
        Self {
            parts: parts.iter().map(Value::from_serializable).collect(),
            index: Value::from_serializable(&index),
        }
    }

    /// The files to render: the sitemap, or its index and its parts.
    pub(super) fn jobs(&self) -> Vec<Job> {
        if self.parts.len() > 1 {
            std::iter::once(Job::SitemapIndex)
                .chain((1..=self.parts.len()).map(Job::SitemapPart))
                .collect()
        } else {
            vec![Job::Sitemap]
        }
    }

    /// The entries of part `n` (from 1; the single sitemap is part 1).
    pub(super) fn part(&self, n: usize) -> Value {
        self.parts.get(n - 1).cloned().unwrap_or_else(Value::none)
    }

    pub(super) fn index(&self) -> Value {
        self.index.clone()
    }
}

/// `entries` in order, in runs of at most `limit` (a single run, maybe
/// empty, when they fit).
fn split<T>(entries: Vec<T>, limit: usize) -> Vec<Vec<T>> {
    let limit = limit.max(1);
    if entries.len() <= limit {
        return vec![entries];
    }
    let mut parts = Vec::with_capacity(entries.len().div_ceil(limit));
    let mut entries = entries.into_iter().peekable();
    while entries.peek().is_some() {
        parts.push(entries.by_ref().take(limit).collect());
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    fn entry(n: usize) -> SitemapEntry {
        SitemapEntry {
            loc: format!("https://exemple.fr/actualites/a-{n:06}/"),
            lastmod: None,
        }
    }

    #[test]
    fn a_site_within_the_limit_has_one_sitemap() {
        for count in [0, 1, SITEMAP_URLS] {
            let parts = split((0..count).collect::<Vec<_>>(), SITEMAP_URLS);
            assert_eq!(parts.len(), 1, "{count}");
            assert_eq!(parts[0].len(), count);
        }
        let base = BaseUrl::parse("https://exemple.fr/");
        let sitemap = Sitemap::new((0..3).map(entry).collect(), SITEMAP_URLS, &base);
        assert_eq!(sitemap.jobs(), [Job::Sitemap]);
        assert_eq!(sitemap.index(), Value::from_serializable(&Vec::<u8>::new()));
    }

    #[test]
    fn above_the_limit_the_addresses_are_split_in_order() {
        let urls: Vec<String> = (0..120_000).map(|n| entry(n).loc).collect();
        let parts = split(urls.clone(), 50_000);
        let sizes: Vec<usize> = parts.iter().map(Vec::len).collect();
        assert_eq!(sizes, [50_000, 50_000, 20_000]);
        assert_eq!(parts.concat(), urls, "every address once, in order");
        assert_eq!(
            split((0..SITEMAP_URLS + 1).collect(), SITEMAP_URLS).len(),
            2
        );
    }

    #[test]
    fn the_index_lists_each_part_with_its_latest_date() {
        let base = BaseUrl::parse("https://exemple.fr/hub/");
        let dated = |n: usize, day: &str| SitemapEntry {
            lastmod: Some(Date::parse(day).expect("date")),
            ..entry(n)
        };
        let entries = vec![
            dated(1, "2024-01-02"),
            dated(2, "2024-03-01"),
            entry(3),
            dated(4, "2023-05-06"),
            entry(5),
        ];
        let sitemap = Sitemap::new(entries, 2, &base);
        assert_eq!(
            sitemap.jobs(),
            [
                Job::SitemapIndex,
                Job::SitemapPart(1),
                Job::SitemapPart(2),
                Job::SitemapPart(3)
            ]
        );
        let at = |n: usize, lastmod: Option<&str>| SitemapEntry {
            loc: format!("https://exemple.fr/hub/sitemap-{n}.xml"),
            lastmod: lastmod.map(|day| Date::parse(day).expect("date")),
        };
        let index = vec![
            at(1, Some("2024-03-01")),
            at(2, Some("2023-05-06")),
            at(3, None),
        ];
        assert_eq!(sitemap.index(), Value::from_serializable(&index));
        assert_eq!(sitemap.part(3), Value::from_serializable(&vec![entry(5)]));
    }

    #[test]
    fn the_default_index_template_is_well_formed_xml() {
        let base = BaseUrl::parse("https://exemple.fr/");
        let sitemap = Sitemap::new((0..5).map(entry).collect(), 2, &base);
        let mut tera = tera::Tera::new();
        tera.add_raw_template("index", include_str!("../templates/sitemap-index.xml"))
            .expect("template");
        let mut context = tera::Context::new();
        context.insert_value("parties", sitemap.index());
        let xml = tera.render("index", &context).expect("render");
        let mut reader = quick_xml::Reader::from_str(&xml);
        let mut locs = Vec::new();
        let mut in_loc = false;
        loop {
            match reader.read_event().expect("well-formed XML") {
                quick_xml::events::Event::Start(e) => {
                    in_loc = e.name().into_inner() == "loc";
                }
                quick_xml::events::Event::Text(t) if in_loc => {
                    locs.push(t.into_inner().into_owned());
                }
                quick_xml::events::Event::End(_) => in_loc = false,
                quick_xml::events::Event::Eof => break,
                _ => {}
            }
        }
        assert!(
            xml.contains("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">")
        );
        assert_eq!(
            locs,
            [1, 2, 3].map(|n| format!("https://exemple.fr/sitemap-{n}.xml"))
        );
    }
}
