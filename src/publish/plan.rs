//! What a publish does: which files to send, in which order, and which to
//! delete, from the built site and the target's manifest.

use crate::output::OutputFile;

use super::manifest::{Entry, Manifest};

/// When a file is sent: everything a page needs before the page, the
/// pages before the lists that point to them (sitemap, feed, host rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    Assets,
    Pages,
    Indexes,
}

impl Phase {
    pub fn of(path: &str) -> Phase {
        let name = path.rsplit('/').next().unwrap_or(path);
        if name.ends_with(".html") {
            Phase::Pages
        } else if path == "atom.xml"
            || path == "robots.txt"
            || (name.starts_with("sitemap") && name.ends_with(".xml"))
            || matches!(name, ".htaccess" | "_headers" | "_redirects")
        {
            Phase::Indexes
        } else {
            Phase::Assets
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Added,
    Changed,
}

/// One file to send.
#[derive(Debug, Clone)]
pub struct Send<'a> {
    pub file: &'a OutputFile,
    pub change: Change,
    pub entry: Entry,
}

#[derive(Debug, Default)]
pub struct Plan<'a> {
    /// In the order they are sent.
    pub sends: Vec<Send<'a>>,
    /// Files vitrine published before and the site no longer has, with
    /// their size as the manifest gives it.
    pub deletes: Vec<(String, u64)>,
    /// The manifest once the publish is complete.
    pub manifest: Manifest,
}

impl<'a> Plan<'a> {
    pub fn new(files: &'a [OutputFile], published: &Manifest) -> Plan<'a> {
        let mut plan = Plan::default();
        for file in files {
            let entry = Entry::of(&file.contents);
            let change = match published.0.get(&file.path) {
                Some(old) if *old == entry => None,
                Some(_) => Some(Change::Changed),
                None => Some(Change::Added),
            };
            if let Some(change) = change {
                plan.sends.push(Send {
                    file,
                    change,
                    entry: entry.clone(),
                });
            }
            plan.manifest.0.insert(file.path.clone(), entry);
        }
        plan.sends.sort_by(|a, b| {
            (Phase::of(&a.file.path), &a.file.path).cmp(&(Phase::of(&b.file.path), &b.file.path))
        });
        plan.deletes = published
            .0
            .iter()
            .filter(|(path, _)| !plan.manifest.0.contains_key(*path))
            .map(|(path, entry)| (path.clone(), entry.size))
            .collect();
        plan
    }

    pub fn is_empty(&self) -> bool {
        self.sends.is_empty() && self.deletes.is_empty()
    }

    /// How many files and bytes of a kind of change.
    pub fn count(&self, change: Change) -> (usize, u64) {
        self.sends
            .iter()
            .filter(|send| send.change == change)
            .fold((0, 0), |(n, bytes), send| (n + 1, bytes + send.entry.size))
    }

    pub fn deleted(&self) -> (usize, u64) {
        (
            self.deletes.len(),
            self.deletes.iter().map(|(_, size)| size).sum(),
        )
    }

    /// The manifest to leave on the target before deleting: the new one and
    /// the files about to be deleted, so that a publish cut during the
    /// deletions still knows those files are vitrine's.
    pub fn manifest_before_deletions(&self, published: &Manifest) -> Manifest {
        let mut manifest = self.manifest.clone();
        for (path, _) in &self.deletes {
            if let Some(entry) = published.0.get(path) {
                manifest.0.insert(path.clone(), entry.clone());
            }
        }
        manifest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Vec<OutputFile> {
        list.iter().map(|(p, c)| OutputFile::new(*p, *c)).collect()
    }

    #[test]
    fn assets_then_pages_then_indexes() {
        let site = files(&[
            ("atom.xml", "f"),
            ("index.html", "i"),
            ("style.css", "s"),
            ("sitemap.xml", "m"),
            ("a/index.html", "a"),
            ("medias/x.png", "p"),
        ]);
        let plan = Plan::new(&site, &Manifest::default());
        let order: Vec<&str> = plan.sends.iter().map(|s| s.file.path.as_str()).collect();
        assert_eq!(
            order,
            [
                "medias/x.png",
                "style.css",
                "a/index.html",
                "index.html",
                "atom.xml",
                "sitemap.xml"
            ]
        );
    }

    #[test]
    fn only_changes_are_sent_and_only_published_files_deleted() {
        let old = files(&[("a.html", "1"), ("b.html", "2"), ("gone.html", "3")]);
        let published = Plan::new(&old, &Manifest::default()).manifest;
        let new = files(&[("a.html", "1"), ("b.html", "2bis"), ("c.html", "4")]);
        let plan = Plan::new(&new, &published);
        let sends: Vec<(&str, Change)> = plan
            .sends
            .iter()
            .map(|s| (s.file.path.as_str(), s.change))
            .collect();
        assert_eq!(
            sends,
            [("b.html", Change::Changed), ("c.html", Change::Added)]
        );
        assert_eq!(plan.deletes, [("gone.html".to_string(), 1)]);
        assert!(
            plan.manifest_before_deletions(&published)
                .0
                .contains_key("gone.html")
        );
        assert!(!plan.manifest.0.contains_key("gone.html"));
        assert!(Plan::new(&new, &plan.manifest).is_empty());
    }
}
