//! Stage 4b: the search index, made from the rendered pages as they go to
//! the sink (no page is read back from the output), written as small JSON
//! files below `/recherche/index/` with the browser's client
//! (`recherche.js`) beside the search page.
//!
//! - `meta.json`: the version (a hash of every other file and of the
//!   client, so a browser never mixes two builds nor two formats), the
//!   format's number, the number of documents and of key buckets, the
//!   highest weight, the labels of results (rubrics, kinds of pages),
//!   and the filters (rubric, partner, theme → documents,
//!   [`compact`] numbers too).
//! - `t-n.json`: bucket `n` of the keys → their postings, a [`compact`]
//!   string of one number each: (the document's difference to the one
//!   before, less one) × [`TOP_WEIGHT`] + the weight less one, so that a
//!   word on every page costs about one byte a page.
//!   Keys go to buckets by their first three characters (see [`bucket_of`]),
//!   so that the keys a word of three letters or more begins, and the stems
//!   that begin it, share its bucket; the browser fetches
//!   the buckets of the reader's words. How many buckets follows from the
//!   number of documents only, so that a rebuild after an edit of a body
//!   (`serve`) writes the same files as a full build, never one less.
//! - `d-n.json`: documents `n × FRAGMENT` onwards: address, title, ISO
//!   date, label's number and text after the title for the excerpt;
//!   fetched for the results shown.
//!
//! Everything is ordered (documents in the site's order, keys sorted), so
//! the same site gives the same bytes.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use ahash::AHashMap;
use rayon::prelude::*;

use crate::error::Diagnostic;
use crate::model::{Date, Site};
use crate::output::{OutputFile, Sink};
use crate::routes::Route;
use crate::source::Opened;

pub mod compact;
mod extract;
pub mod words;

pub use extract::page_text;
use words::Keys;

/// The search page's template: a theme without it has no search.
pub const TEMPLATE: &str = "recherche.html";
/// The folder of the index files, below the search page.
const FOLDER: &str = "recherche/index";
/// The browser's client, written beside the search page.
const CLIENT: (&str, &str) = ("recherche/recherche.js", include_str!("recherche.js"));
/// Documents per `d-n.json` file.
pub const FRAGMENT: usize = 50;
/// Characters of a page's text kept for excerpts (every word is indexed):
/// a match further on shows the page's beginning. About 50 words: the
/// title, the lead and the first lines, where a page's own words are, and
/// more than the 32 words a result shows. More would weigh on the output:
/// at 10,000 articles, each 100 characters are 1 MB (1,000 made the index
/// 20 MB, two fifths of it excerpts). The title (the `h1`) counts but is
/// left out of the excerpt: the result shows it above.
const EXCERPT_SOURCE: usize = 300;
/// A key's count in a page is capped: a page repeating a word is not
/// ten times as relevant.
const MAX_COUNT: u32 = 9;
/// Weights are below this in the postings held in memory (key or
/// document × `WEIGHTS` + weight).
const WEIGHTS: u32 = 32;
/// Added to a key's weight when the page's title has it.
const TITLE_WEIGHT: u32 = 10;
/// A posting's weight is from 1 to this (see [`Catalog::push_postings`]).
pub const TOP_WEIGHT: u32 = MAX_COUNT + TITLE_WEIGHT;
const _: () = assert!(TOP_WEIGHT < WEIGHTS);
/// The number of the index files' format, which `recherche.js` checks.
const FORMAT: u32 = 2;

/// One searchable page, as the site's model describes it.
#[derive(Debug, Clone)]
struct Entry {
    /// Site path without the base: `/actualites/x/`.
    path: String,
    title: String,
    date: Option<Date>,
    /// What the result shows above the title: the article's rubric, or
    /// the kind of page.
    label: String,
    rubric: Option<String>,
    partners: Vec<usize>,
    themes: Vec<usize>,
}

/// A page as indexed: its keys with their weights, and its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    /// Key ids of the catalog's [`Interner`], each × [`WEIGHTS`] + weight.
    keys: Box<[u32]>,
    text: Box<str>,
}

/// Every key met, numbered: a page holds the numbers of its keys, not the
/// keys, so that a large site's index fits in little memory.
#[derive(Debug, Clone, Default)]
pub struct Interner {
    ids: AHashMap<Box<str>, u32>,
    keys: Vec<Box<str>>,
}

impl Interner {
    fn id(&mut self, key: &str) -> u32 {
        if let Some(id) = self.ids.get(key) {
            return *id;
        }
        let id = self.keys.len() as u32;
        self.keys.push(key.into());
        self.ids.insert(key.into(), id);
        id
    }
}

/// Every searchable page of the site, and what indexing found in those
/// rendered so far. Kept by `serve` so that a rebuild re-indexes only the
/// pages it renders again.
#[derive(Debug, Clone)]
pub struct Catalog {
    entries: Vec<Entry>,
    /// Output file → entry.
    by_file: AHashMap<String, usize>,
    partners: Vec<String>,
    themes: Vec<String>,
    /// Each page's text for excerpts, once indexed.
    texts: Vec<Option<Box<str>>>,
    /// Per key number: its postings (document × [`WEIGHTS`] + weight),
    /// sorted. Kept by key rather than by page: the files are written
    /// from them without a copy of the index.
    postings: Vec<Vec<u32>>,
    interner: Interner,
    /// What the last [`Catalog::absorb`] of pages indexed before changed
    /// (`serve`): the keys whose postings differ, the documents whose text
    /// does. A rebuild writes only the files holding them
    /// ([`Catalog::changed_files`]). `None`: everything may have.
    touched: Option<Touched>,
    times: Times,
}

#[derive(Debug, Clone, Default)]
struct Touched {
    keys: Vec<u32>,
    docs: Vec<usize>,
}

/// What indexing cost the last build (the benchmark reports it).
#[derive(Debug, Clone, Copy, Default)]
pub struct Times {
    /// Indexing the pages, summed over the rendering threads.
    pub pages: Duration,
    /// Writing the index files, after the pages.
    pub files: Duration,
}

impl Catalog {
    /// The searchable pages of `site`: articles (newest first), standalone
    /// pages, the legal pages, partners, themes and the convention.
    pub fn new(site: &Site) -> Self {
        let mut entries = Vec::new();
        let position = |ids: &[String], all: &[String]| -> Vec<usize> {
            ids.iter()
                .filter_map(|id| all.iter().position(|a| a == id))
                .collect()
        };
        let partner_ids: Vec<String> = site.partners.iter().map(|p| p.id.clone()).collect();
        let theme_ids: Vec<String> = site.themes.iter().map(|t| t.id.clone()).collect();
        for article in &site.articles {
            let meta = &article.doc.meta;
            entries.push(Entry {
                path: article.path.clone(),
                title: meta.title.clone(),
                date: Some(meta.date),
                label: meta.rubric.clone().unwrap_or_else(|| "Actualité".into()),
                rubric: meta.rubric.clone(),
                partners: position(&meta.partners, &partner_ids),
                themes: position(&meta.themes, &theme_ids),
            });
        }
        let plain = |path: String, title: &str, label: &str| Entry {
            path,
            title: title.to_string(),
            date: None,
            label: label.to_string(),
            rubric: None,
            partners: Vec::new(),
            themes: Vec::new(),
        };
        for page in &site.pages {
            entries.push(plain(page.path.clone(), &page.doc.meta.title, "Page"));
        }
        // The generated pages a reader looks for by name (« données
        // personnelles », « accessibilité »).
        entries.push(plain(Route::Legal.path(), "Mentions légales", "Page"));
        let statement = "Déclaration d’accessibilité";
        entries.push(plain(Route::Accessibility.path(), statement, "Page"));
        for (index, partner) in site.partners.iter().enumerate() {
            let mut entry = plain(Route::partner(partner).path(), &partner.name, "Partenaire");
            entry.partners.push(index);
            entries.push(entry);
        }
        for (index, theme) in site.themes.iter().enumerate() {
            let mut entry = plain(Route::theme(theme).path(), &theme.title, "Thématique");
            entry.themes.push(index);
            entries.push(entry);
        }
        let convention = &site.convention.title;
        entries.push(plain(Route::Convention.path(), convention, "Convention"));
        let by_file = entries
            .iter()
            .enumerate()
            .map(|(index, entry)| (crate::routes::output_file(&entry.path), index))
            .collect();
        Self {
            texts: vec![None; entries.len()],
            postings: Vec::new(),
            entries,
            by_file,
            partners: site.partners.iter().map(|p| p.name.clone()).collect(),
            themes: site.themes.iter().map(|t| t.title.clone()).collect(),
            interner: Interner::default(),
            touched: None,
            times: Times::default(),
        }
    }

    /// The keys numbered so far, for the [`Indexer`] of a rebuild to go on
    /// numbering (a copy cost `serve` a tenth of a rebuild).
    pub fn take_interner(&mut self) -> Interner {
        std::mem::take(&mut self.interner)
    }

    /// Takes what an [`Indexer`] found; replaces what earlier pages gave.
    pub fn absorb(&mut self, found: Found) {
        // A page indexed again (`serve`: a few pages) leaves its former
        // postings; what they were tells which keys change.
        let mut again: Vec<u32> = found
            .docs
            .iter()
            .filter(|(index, _)| self.texts[*index].is_some())
            .map(|(index, _)| *index as u32)
            .collect();
        again.sort_unstable();
        let tracked = !again.is_empty();
        let mut removed = Vec::new();
        if tracked {
            for (id, list) in self.postings.iter_mut().enumerate() {
                list.retain(|&packed| {
                    let keep = again.binary_search(&(packed / WEIGHTS)).is_err();
                    if !keep {
                        removed.push((id as u32, packed));
                    }
                    keep
                });
            }
        }
        self.postings.resize(found.interner.keys.len(), Vec::new());
        // A page met twice (two sources at one address, which validation
        // refuses) is indexed once: postings name each document once.
        let mut met = std::collections::HashSet::new();
        let docs: Vec<(usize, Doc)> = found
            .docs
            .into_iter()
            .rev()
            .filter(|(index, _)| met.insert(*index))
            .collect();
        let mut added = Vec::new();
        if tracked {
            for (index, doc) in &docs {
                for packed in doc.keys.iter() {
                    let (id, weight) = (packed / WEIGHTS, packed % WEIGHTS);
                    let posting = *index as u32 * WEIGHTS + weight;
                    let list = &mut self.postings[id as usize];
                    // In place: the lists stay sorted.
                    list.insert(list.partition_point(|&p| p < posting), posting);
                    added.push((id, posting));
                }
            }
        } else {
            fill_postings(&mut self.postings, &docs);
        }
        let mut texts_changed = Vec::new();
        for (index, doc) in docs {
            if self.texts[index].as_deref() != Some(&*doc.text) {
                texts_changed.push(index);
            }
            self.texts[index] = Some(doc.text);
        }
        self.touched = tracked.then(|| {
            added.sort_unstable();
            removed.sort_unstable();
            Touched {
                keys: differing_keys(&removed, &added),
                docs: texts_changed,
            }
        });
        self.interner = found.interner;
        self.times.pages = found.spent;
    }

    /// Makes the index files and the client on every core (at 10,000
    /// articles, 7 MB in 700 files) and hands them to `put` at once;
    /// returns each file's path and digest, in the order of
    /// [`Catalog::files`]. Timed.
    pub fn write(&mut self, put: &mut dyn FnMut(Vec<OutputFile>)) -> Vec<(String, u64)> {
        let start = Instant::now();
        let (files, digests): (Vec<_>, Vec<_>) = (self.emit().into_iter())
            .map(|(file, digest)| {
                let path = file.path.clone();
                (file, (path, digest))
            })
            .unzip();
        put(files);
        self.times.files = start.elapsed();
        digests
    }

    /// What indexing cost the last build.
    pub fn times(&self) -> Times {
        self.times
    }

    /// The index files and the client: the key buckets, the documents,
    /// `meta.json` (whose version hashes the files before it), the client.
    pub fn files(&self) -> Vec<OutputFile> {
        self.emit().into_iter().map(|(file, _)| file).collect()
    }

    /// The files of [`Catalog::files`] that the last [`Catalog::absorb`]
    /// changed, given the `digests` of the files as they were, in that
    /// order (updated). Only the buckets of the keys it touched, the
    /// fragments of the documents it indexed and `meta.json` are made
    /// again. `None` when `digests` names other files (the site's pages
    /// changed).
    pub fn changed_files(&self, digests: &mut [(String, u64)]) -> Option<Vec<OutputFile>> {
        let buckets = buckets(self.entries.len());
        let listed = buckets + self.fragments();
        if digests.len() != listed + 2 {
            return None;
        }
        let keys = &self.interner.keys;
        let touched = self.touched.as_ref()?;
        let touched_buckets: BTreeSet<usize> = (touched.keys.iter())
            .map(|&id| bucket_of(&keys[id as usize], buckets))
            .collect();
        let mut made = self.chunks(Some(&touched_buckets));
        let labels = self.labels();
        let fragments: BTreeSet<usize> = touched.docs.iter().map(|d| d / FRAGMENT).collect();
        made.extend((fragments.into_iter()).map(|n| (buckets + n, self.fragment(n, &labels))));
        let mut changed = Vec::new();
        for (at, file) in made {
            if !replace_digest(&mut digests[at], file, &mut changed) {
                return None;
            }
        }
        let meta = self.meta_file(&digests[..listed]);
        replace_digest(&mut digests[listed], meta, &mut changed).then_some(changed)
    }

    /// The files of [`Catalog::files`], each with its digest.
    fn emit(&self) -> Vec<(OutputFile, u64)> {
        let labels = self.labels();
        let mut files: Vec<OutputFile> = (self.chunks(None).into_iter())
            .map(|(_, file)| file)
            .collect();
        files.par_extend(
            (0..self.fragments())
                .into_par_iter()
                .map(|n| self.fragment(n, &labels)),
        );
        let hashed = |file: OutputFile| {
            let digest = digest(&file.contents);
            (file, digest)
        };
        let mut files: Vec<(OutputFile, u64)> = files.into_par_iter().map(hashed).collect();
        let digests: Vec<(String, u64)> = (files.iter())
            .map(|(file, digest)| (file.path.clone(), *digest))
            .collect();
        let meta = self.meta_file(&digests);
        files.extend([meta, OutputFile::new(CLIENT.0, CLIENT.1)].map(hashed));
        files
    }

    /// Every key → its postings, in [`buckets`] files by [`bucket_of`]:
    /// all of them, or `only` those; made on every core.
    fn chunks(&self, only: Option<&BTreeSet<usize>>) -> Vec<(usize, OutputFile)> {
        let keys = &self.interner.keys;
        let postings = &self.postings;
        let buckets = buckets(self.entries.len());
        let wanted = |bucket: &usize| only.is_none_or(|only| only.contains(bucket));
        let mut by_bucket: Vec<Vec<u32>> = vec![Vec::new(); buckets];
        for id in 0..keys.len() as u32 {
            if postings[id as usize].is_empty() {
                continue;
            }
            let bucket = bucket_of(&keys[id as usize], buckets);
            if wanted(&bucket) {
                by_bucket[bucket].push(id);
            }
        }
        (by_bucket.into_par_iter().enumerate())
            .filter(|(n, _)| wanted(n))
            .map(|(n, mut ids)| {
                ids.sort_unstable_by(|a, b| keys[*a as usize].cmp(&keys[*b as usize]));
                let mut json = String::from("{");
                for (i, id) in ids.into_iter().enumerate() {
                    if i > 0 {
                        json.push(',');
                    }
                    Self::push_postings(&mut json, &keys[id as usize], &postings[id as usize]);
                }
                json.push('}');
                (n, OutputFile::new(format!("{FOLDER}/t-{n}.json"), json))
            })
            .collect()
    }

    /// `"key":"…"`, the [`compact`] numbers of the postings: each the
    /// document's difference to the one before (the first: to -1), less
    /// one, × [`TOP_WEIGHT`] + its weight less one. Both are mostly
    /// small: most postings take one character.
    fn push_postings(json: &mut String, key: &str, postings: &[u32]) {
        push_string(json, key);
        json.push(':');
        let mut next = 0;
        compact::push_list(
            json,
            postings.iter().map(|packed| {
                let (document, weight) = (packed / WEIGHTS, packed % WEIGHTS);
                debug_assert!((1..=TOP_WEIGHT).contains(&weight), "{weight}");
                let gap = u64::from(document - next);
                next = document + 1;
                gap * u64::from(TOP_WEIGHT) + u64::from(weight - 1)
            }),
        );
    }

    /// The labels results show, sorted: `meta.json` names each once, a
    /// document gives its label's number.
    fn labels(&self) -> Vec<&str> {
        let labels: BTreeSet<&str> = self.entries.iter().map(|e| e.label.as_str()).collect();
        labels.into_iter().collect()
    }

    /// How many files hold the documents' display values.
    fn fragments(&self) -> usize {
        self.entries.len().div_ceil(FRAGMENT)
    }

    /// `meta.json`, its version from the `digests` of the files before it.
    fn meta_file(&self, digests: &[(String, u64)]) -> OutputFile {
        let version = version(digests.iter().map(|(p, d)| (p, *d)));
        OutputFile::new(format!("{FOLDER}/meta.json"), self.meta(&version))
    }

    /// The `n`th file of the documents' display values, [`FRAGMENT`] per
    /// file.
    fn fragment(&self, n: usize, labels: &[&str]) -> OutputFile {
        let range = n * FRAGMENT..((n + 1) * FRAGMENT).min(self.entries.len());
        let mut json = String::from("[");
        for index in range {
            if json.len() > 1 {
                json.push(',');
            }
            self.push_document(&mut json, index, labels);
        }
        json.push(']');
        OutputFile::new(format!("{FOLDER}/d-{n}.json"), json)
    }

    /// `[path, title, iso date, label's number, text]`: the client writes
    /// the date the French way (as `format_date` in the long style).
    fn push_document(&self, json: &mut String, index: usize, labels: &[&str]) {
        let entry = &self.entries[index];
        let text = self.texts[index].as_deref().unwrap_or("");
        let iso = entry.date.map(|d| d.to_string()).unwrap_or_default();
        let label = labels.binary_search(&entry.label.as_str()).unwrap_or(0);
        json.push('[');
        for value in [&entry.path, &entry.title, &iso] {
            push_string(json, value);
            json.push(',');
        }
        let _ = write!(json, "{label},");
        push_string(json, text);
        json.push(']');
    }

    fn meta(&self, version: &str) -> String {
        let mut json = String::from("{\"version\":");
        push_string(&mut json, version);
        let documents = self.entries.len();
        let _ = write!(
            json,
            ",\"format\":{FORMAT},\"documents\":{documents},\"fragment\":{FRAGMENT},\
             \"buckets\":{},\"weights\":{TOP_WEIGHT}",
            buckets(documents)
        );
        json.push_str(",\"labels\":[");
        for (i, label) in self.labels().into_iter().enumerate() {
            if i > 0 {
                json.push(',');
            }
            push_string(&mut json, label);
        }
        json.push(']');
        json.push_str(",\"filtres\":{");
        let mut rubrics: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        let mut partners: Vec<Vec<usize>> = vec![Vec::new(); self.partners.len()];
        let mut themes: Vec<Vec<usize>> = vec![Vec::new(); self.themes.len()];
        for (index, entry) in self.entries.iter().enumerate() {
            if let Some(rubric) = &entry.rubric {
                rubrics.entry(rubric).or_default().push(index);
            }
            entry.partners.iter().for_each(|&p| partners[p].push(index));
            entry.themes.iter().for_each(|&t| themes[t].push(index));
        }
        let rubrics: Vec<(&str, Vec<usize>)> = rubrics.into_iter().collect();
        let named = |names: &[String], lists: Vec<Vec<usize>>| -> Vec<(String, Vec<usize>)> {
            names
                .iter()
                .cloned()
                .zip(lists)
                .filter(|(_, l)| !l.is_empty())
                .collect()
        };
        push_filter(&mut json, "rubrique", rubrics.iter().map(|(n, l)| (*n, l)));
        json.push(',');
        let partners = named(&self.partners, partners);
        push_filter(
            &mut json,
            "partenaire",
            partners.iter().map(|(n, l)| (n.as_str(), l)),
        );
        json.push(',');
        let themes = named(&self.themes, themes);
        push_filter(
            &mut json,
            "thematique",
            themes.iter().map(|(n, l)| (n.as_str(), l)),
        );
        json.push_str("}}");
        json
    }
}

/// `"name":[["label","…"],…]`, the documents as [`compact`] numbers:
/// each the difference to the one before (the first: to -1), less one.
fn push_filter<'a>(
    json: &mut String,
    name: &str,
    values: impl Iterator<Item = (&'a str, &'a Vec<usize>)>,
) {
    push_string(json, name);
    json.push_str(":[");
    for (i, (label, list)) in values.enumerate() {
        if i > 0 {
            json.push(',');
        }
        json.push('[');
        push_string(json, label);
        json.push(',');
        let mut next = 0;
        compact::push_list(
            json,
            list.iter().map(|&index| {
                let gap = index - next;
                next = index + 1;
                gap as u64
            }),
        );
        json.push(']');
    }
    json.push(']');
}

/// How many key buckets an index of `documents` has: about one per eight
/// documents, a power of two from 4 to 512.
pub fn buckets(documents: usize) -> usize {
    (documents / 8).next_power_of_two().clamp(4, 512)
}

/// The bucket of a key: FNV-1a (32 bits) of its [`prefix`], modulo
/// `buckets` (`bucketOf` in `recherche.js` computes the same).
pub fn bucket_of(key: &str, buckets: usize) -> usize {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in prefix(key).bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash as usize % buckets
}

/// A key's first three characters, each kept when an ASCII letter or digit
/// and `_` otherwise (`prefix` in `recherche.js` does the same).
pub fn prefix(key: &str) -> String {
    key.chars()
        .chain(std::iter::repeat('_'))
        .take(3)
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// A JSON string literal.
fn push_string(json: &mut String, text: &str) {
    json.push('"');
    if !text.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        json.push_str(text);
        json.push('"');
        return;
    }
    for c in text.chars() {
        match c {
            '"' => json.push_str("\\\""),
            '\\' => json.push_str("\\\\"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(json, "\\u{:04x}", u32::from(c));
            }
            c => json.push(c),
        }
    }
    json.push('"');
}

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a (64 bits) of `bytes`, from `hash`.
fn fnv(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A file's digest, to tell which index files a rebuild changed.
fn digest(contents: &[u8]) -> u64 {
    fnv(FNV_START, contents)
}

/// Puts each document's postings in the lists of its keys, sorted: on
/// every core, each filling the lists of its own share of the keys.
fn fill_postings(postings: &mut [Vec<u32>], docs: &[(usize, Doc)]) {
    let share = postings.len().div_ceil(rayon::current_num_threads()).max(1);
    postings
        .par_chunks_mut(share)
        .enumerate()
        .for_each(|(n, lists)| {
            let first = (n * share) as u32;
            for (index, doc) in docs {
                for packed in doc.keys.iter() {
                    let (id, weight) = (packed / WEIGHTS, packed % WEIGHTS);
                    if let Some(list) =
                        (id.checked_sub(first)).and_then(|i| lists.get_mut(i as usize))
                    {
                        list.push(*index as u32 * WEIGHTS + weight);
                    }
                }
            }
            for list in lists {
                list.sort_unstable();
            }
        });
}

/// The keys of the (key, posting) pairs found in only one of the two
/// sorted lists.
fn differing_keys(removed: &[(u32, u32)], added: &[(u32, u32)]) -> Vec<u32> {
    let (mut r, mut a) = (removed.iter().peekable(), added.iter().peekable());
    let mut keys = Vec::new();
    loop {
        let pair = match (r.peek(), a.peek()) {
            (None, None) => break,
            (Some(x), Some(y)) if x == y => {
                r.next();
                a.next();
                continue;
            }
            (Some(x), Some(y)) if x < y => r.next(),
            (Some(_), None) => r.next(),
            _ => a.next(),
        };
        if let Some(&(key, _)) = pair
            && keys.last() != Some(&key)
        {
            keys.push(key);
        }
    }
    keys
}

/// Puts `file`'s digest in `listed`, and `file` in `changed` when its
/// digest changed; false when `listed` is another file's.
fn replace_digest(
    listed: &mut (String, u64),
    file: OutputFile,
    changed: &mut Vec<OutputFile>,
) -> bool {
    if listed.0 != file.path {
        return false;
    }
    let new = digest(&file.contents);
    if std::mem::replace(&mut listed.1, new) != new {
        changed.push(file);
    }
    true
}

/// The index's version, which `meta.json` gives: a hash of the files'
/// paths and digests, and of the client, since a new client may read the
/// same files differently. From digests, so that a rebuild that makes
/// only a few files again tells it as a full build does.
fn version<'a>(files: impl Iterator<Item = (&'a String, u64)>) -> String {
    let mut version = FNV_START;
    for (path, digest) in files {
        version = fnv(fnv(version, path.as_bytes()), &digest.to_le_bytes());
    }
    format!("{:016x}", fnv(version, CLIENT.1.as_bytes()))
}

thread_local! {
    /// Each rendering thread's keys, and what indexing a page reuses.
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// A rendering thread's indexing state, kept from page to page.
#[derive(Default)]
struct Scratch {
    keys: Keys,
    /// Per key number of `keys`: its weight in the page being indexed
    /// (zero for the keys it lacks), and the keys it has.
    weights: Vec<u32>,
    present: Vec<u32>,
    /// Per key number of `keys`: its number in the interner of the
    /// [`Indexer`] numbered `indexer` ([`UNKNOWN`] until looked up there).
    ids: Vec<u32>,
    indexer: u64,
}

const UNKNOWN: u32 = u32::MAX;

impl Scratch {
    /// Ready for a page of the indexer numbered `indexer`.
    fn ready(&mut self, indexer: u64) {
        if self.keys.bound() || self.indexer != indexer {
            self.ids.clear();
            self.indexer = indexer;
        }
    }

    /// Adds `count` occurrences of `word` to the page's weights.
    fn count(&mut self, word: &str, count: impl Fn(u32) -> u32) {
        for &key in self.keys.of(word) {
            let key = key as usize;
            if key >= self.weights.len() {
                self.weights.resize(key + 1, 0);
            }
            if self.weights[key] == 0 {
                self.present.push(key as u32);
            }
            self.weights[key] = count(self.weights[key]);
        }
    }

    /// Adds one occurrence of each word of `text`.
    fn count_words(&mut self, text: &str) {
        for word in words::split(text) {
            self.count(word, |weight| weight + 1);
        }
    }

    /// The page's keys (this thread's numbers) with their weights, and
    /// the beginning of its text.
    fn weigh(&mut self, html: &str, title: &str) -> (Vec<(u32, u32)>, Box<str>) {
        // The text's beginning for excerpts, and every word weighed, in
        // one pass over the page.
        let mut excerpt = String::new();
        let mut characters = 0;
        // The text since the last gap: parts without one between them
        // (`<em>labo</em>ratoires`) make one word.
        let mut run = String::new();
        extract::scan(html, |part, spaced, title| {
            if characters < EXCERPT_SOURCE {
                if spaced && characters > 0 {
                    if !title && !excerpt.is_empty() {
                        excerpt.push(' ');
                    }
                    characters += 1;
                }
                for c in part.chars().take(EXCERPT_SOURCE - characters) {
                    if !title {
                        excerpt.push(c);
                    }
                    characters += 1;
                }
            }
            if spaced {
                self.count_words(&run);
                run.clear();
            }
            run.push_str(part);
        });
        self.count_words(&run);
        // A page repeating a word is not ten times as relevant.
        for &key in &self.present {
            let weight = &mut self.weights[key as usize];
            *weight = (*weight).min(MAX_COUNT);
        }
        for word in words::split(title) {
            self.count(word, |weight| match weight < TITLE_WEIGHT {
                true => weight + TITLE_WEIGHT,
                false => weight,
            });
        }
        let weights = self
            .present
            .drain(..)
            .map(|key| (key, std::mem::take(&mut self.weights[key as usize])))
            .collect();
        (weights, excerpt.into())
    }

    /// The interner's number of each key: looked up under the lock only
    /// for keys this thread has not met in this build.
    fn numbered(&mut self, weights: &[(u32, u32)], found: &Mutex<Found>) -> Box<[u32]> {
        self.ids.resize(self.keys.count(), UNKNOWN);
        if weights
            .iter()
            .any(|(key, _)| self.ids[*key as usize] == UNKNOWN)
        {
            let mut found = found.lock().unwrap_or_else(|e| e.into_inner());
            for (key, _) in weights {
                if self.ids[*key as usize] == UNKNOWN {
                    self.ids[*key as usize] = found.interner.id(self.keys.key(*key));
                }
            }
        }
        weights
            .iter()
            .map(|(key, weight)| self.ids[*key as usize] * WEIGHTS + weight)
            .collect()
    }
}

impl Doc {
    /// Indexes a page for the indexer numbered `indexer`: its keys'
    /// weights, then its keys numbered by the indexer's interner.
    fn new(html: &str, title: &str, indexer: u64, found: &Mutex<Found>) -> (Self, Duration) {
        let start = Instant::now();
        SCRATCH.with(|scratch| {
            let scratch = &mut scratch.borrow_mut();
            scratch.ready(indexer);
            let (weights, text) = scratch.weigh(html, title);
            let keys = scratch.numbered(&weights, found);
            (Doc { keys, text }, start.elapsed())
        })
    }
}

/// A sink that indexes the searchable pages going through it, then hands
/// every file on. Pages are indexed on the rendering threads.
pub struct Indexer<'a> {
    catalog: Option<&'a Catalog>,
    inner: &'a dyn Sink,
    found: Mutex<Found>,
    /// This indexer's number: the threads' cached interner numbers are
    /// only good for the indexer that gave them.
    number: u64,
}

/// The number the next [`Indexer`] takes.
static INDEXERS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// What an [`Indexer`] found, and the time it took.
#[derive(Debug, Default)]
pub struct Found {
    docs: Vec<(usize, Doc)>,
    interner: Interner,
    spent: Duration,
}

impl<'a> Indexer<'a> {
    /// Indexes for `catalog` (none: hands files on only), numbering the
    /// keys after those of `interner`: the catalog's, taken from it by
    /// [`Catalog::take_interner`] ([`Catalog::absorb`] gives it back).
    pub fn new(catalog: Option<&'a Catalog>, interner: Interner, inner: &'a dyn Sink) -> Self {
        Self {
            catalog,
            inner,
            found: Mutex::new(Found {
                interner,
                ..Found::default()
            }),
            number: INDEXERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// Indexes `contents` when it is a searchable page.
    fn index(&self, path: &str, contents: &[u8]) {
        let Some((catalog, index)) = self.catalog.and_then(|c| Some((c, *c.by_file.get(path)?)))
        else {
            return;
        };
        let Ok(html) = simdutf8::basic::from_utf8(contents) else {
            return;
        };
        let title = &catalog.entries[index].title;
        let (doc, spent) = Doc::new(html, title, self.number, &self.found);
        let mut found = self.found.lock().unwrap_or_else(|e| e.into_inner());
        found.docs.push((index, doc));
        found.spent += spent;
    }

    /// What the pages gave, for [`Catalog::absorb`].
    pub fn into_found(self) -> Found {
        self.found.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Indexer<'_> {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        self.index(&file.path, &file.contents);
        self.inner.put(file)
    }

    fn copy(&self, path: &str, from: Opened) -> Result<(), Diagnostic> {
        self.inner.copy(path, from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_differ_where_their_postings_do() {
        let removed = [(1, 10), (1, 20), (2, 10), (4, 30)];
        let added = [(1, 10), (1, 20), (2, 11), (3, 10), (4, 30), (5, 1)];
        assert_eq!(differing_keys(&removed, &added), [2, 3, 5]);
        assert_eq!(differing_keys(&removed, &[]), [1, 2, 4]);
        assert_eq!(differing_keys(&[], &[]), Vec::<u32>::new());
    }

    #[test]
    fn keys_sharing_three_letters_share_a_bucket() {
        assert_eq!(prefix("laboratoir"), "lab");
        assert_eq!(prefix("7"), "7__");
        assert_eq!(prefix("oeu"), "oeu");
        for n in [4, 64, 512] {
            assert_eq!(bucket_of("laboratoir", n), bucket_of("labo", n));
            assert!(bucket_of("laboratoir", n) < n);
        }
    }

    #[test]
    fn bucket_counts_follow_the_number_of_documents() {
        assert_eq!(buckets(0), 4);
        assert_eq!(buckets(26), 4);
        assert_eq!(buckets(1_000), 128);
        assert_eq!(buckets(10_000), 512);
    }

    /// The one-pass weighing gives what weighing the page's text does.
    #[test]
    fn weights_are_those_of_the_page_text() {
        let html = "<html><head><title>x</title></head><body><nav>Menu</nav>\
            <main><h1>Les <em>labo</em>ratoires de Créteil</h1><p>Recherche&nbsp;: \
            laboratoire,laboratoires&#32;et <span>lab</span>os ; R&amp;D.</p>\
            <div data-recherche-ignorer>caché</div><p>Créteil Créteil</p></main></body></html>";
        let title = "Laboratoires à Créteil";
        let mut scratch = Scratch::default();
        let (weights, excerpt) = scratch.weigh(html, title);
        let text = page_text(html);
        let body = text.strip_prefix("Les laboratoires de Créteil ");
        assert_eq!(Some(&*excerpt), body, "the title left out");
        let keys = Keys::default();
        let mut expected: BTreeMap<String, u32> = BTreeMap::new();
        for word in words::split(&text) {
            for key in keys.compute(word) {
                *expected.entry(key).or_default() += 1;
            }
        }
        expected.values_mut().for_each(|w| *w = (*w).min(MAX_COUNT));
        for word in words::split(title) {
            for key in keys.compute(word) {
                let weight = expected.entry(key).or_default();
                if *weight < TITLE_WEIGHT {
                    *weight += TITLE_WEIGHT;
                }
            }
        }
        let got: BTreeMap<String, u32> = weights
            .iter()
            .map(|(key, weight)| (scratch.keys.key(*key).to_string(), *weight))
            .collect();
        assert_eq!(got, expected);
        assert!(
            got.contains_key("laboratoir") && got["creteil"] == 3 + TITLE_WEIGHT,
            "{got:?}"
        );
    }

    /// The excerpt ends where the page's first 300 characters do, as when
    /// it began with the title, without the title.
    #[test]
    fn the_excerpt_is_the_text_after_the_title() {
        let body = "Un mot et un autre, ".repeat(30);
        let title = "<em>Titre</em> de la page";
        let html = format!("<main><p>Rubrique</p><h1>{title}</h1><p>{body}</p></main>");
        let (_, excerpt) = Scratch::default().weigh(&html, "Titre de la page");
        let text: String = page_text(&html).chars().take(EXCERPT_SOURCE).collect();
        assert_eq!(text.chars().count(), EXCERPT_SOURCE);
        assert_eq!(
            Some(&*excerpt),
            text.strip_prefix("Rubrique Titre de la page ")
                .map(|rest| format!("Rubrique {rest}"))
                .as_deref(),
        );
    }

    /// The client names the months as `format_date` does.
    #[test]
    fn the_client_names_the_months_as_the_site_does() {
        let months: Vec<&str> = (1..=12).map(crate::french::month_name).collect();
        let list = format!("\"{}\"", months.join(" "));
        assert!(CLIENT.1.contains(&list), "{list}");
    }

    #[test]
    fn json_strings_are_escaped() {
        let mut json = String::new();
        push_string(&mut json, "a \"b\" \\ c\nd");
        assert_eq!(json, r#""a \"b\" \\ c\u000ad""#);
    }
}
