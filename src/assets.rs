//! Style sheets published minified under a name holding a hash of their
//! content (`style.css` → `style.1a2b3c4d5e.css`): hosts may cache them for
//! a year, since a changed sheet gets a new name. Templates find the name
//! in `ressources` (`ressources["/style.css"]`).

use std::collections::BTreeMap;

use crate::output::{OutputFile, Statics};
use crate::routes::site_path;
use crate::source::{Files, STATIC_LIMIT};

/// The fingerprinted sheets: their files, and each one's new site path by
/// its former one.
#[derive(Debug, Default)]
pub struct Fingerprinted {
    pub files: Vec<OutputFile>,
    pub names: BTreeMap<String, String>,
}

/// Takes the `.css` files out of `statics` and returns them minified and
/// renamed, for a production build; other builds (the preview, which
/// reloads a saved sheet in place) keep every name. A file that cannot be
/// read stays in `statics`, whose copy reports it.
pub fn fingerprint(
    statics: &mut Statics,
    site_files: &dyn Files,
    production: bool,
) -> Fingerprinted {
    let mut done = Fingerprinted::default();
    let sheets = statics.take_if(|path| path.ends_with(".css"));
    for (path, file) in sheets {
        if !production {
            done.names.insert(site_path(&path), site_path(&path));
            statics.put_back(path, file);
            continue;
        }
        let Ok(bytes) = site_files.read(&file, STATIC_LIMIT) else {
            statics.put_back(path, file);
            continue;
        };
        let Ok(text) = String::from_utf8(bytes) else {
            statics.put_back(path, file);
            continue;
        };
        let minified = minify_css(&text);
        let hash = format!("{:016x}", fnv1a(minified.as_bytes()));
        let stem = path.strip_suffix(".css").unwrap_or(&path);
        let renamed = format!("{stem}.{}.css", &hash[..HASH_DIGITS]);
        done.names.insert(site_path(&path), site_path(&renamed));
        done.files.push(OutputFile::new(renamed, minified));
    }
    done
}

/// Hex digits of the hash in a fingerprinted name.
const HASH_DIGITS: usize = 10;

/// Whether the file at `path` has a fingerprinted name (`style.<hash>.css`):
/// its content never changes at that name, so caches may keep it a year.
pub fn is_fingerprinted(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let mut parts = name.rsplitn(3, '.');
    let (_extension, hash, stem) = (parts.next(), parts.next(), parts.next());
    stem.is_some_and(|s| !s.is_empty())
        && hash.is_some_and(|h| h.len() == HASH_DIGITS && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// FNV-1a, 64 bits: stable across Rust versions and machines, which a
/// file name must be (std's hasher promises neither).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// CSS without comments and without the spaces nothing needs: runs of
/// white space become one space, dropped next to `{ } ; , :` (never around
/// `+`, `-`, `*`, `/`, which `calc()` needs), strings kept as they are.
pub fn minify_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut pending_space = false;
    let tight = |c: char| matches!(c, '{' | '}' | ';' | ',' | ':' | '>');
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut previous = ' ';
                for c in chars.by_ref() {
                    if previous == '*' && c == '/' {
                        break;
                    }
                    previous = c;
                }
                pending_space = true;
            }
            c if c.is_whitespace() => pending_space = true,
            '"' | '\'' => {
                flush_space(&mut out, &mut pending_space, c, tight);
                out.push(c);
                while let Some(s) = chars.next() {
                    out.push(s);
                    if s == '\\' {
                        out.extend(chars.next());
                    } else if s == c {
                        break;
                    }
                }
            }
            '}' => {
                pending_space = false;
                if out.ends_with(';') {
                    out.pop();
                }
                out.push(c);
            }
            c => {
                flush_space(&mut out, &mut pending_space, c, tight);
                out.push(c);
            }
        }
    }
    out.trim().to_string()
}

/// Writes the space seen before `next` unless either side makes it useless.
fn flush_space(out: &mut String, pending: &mut bool, next: char, tight: impl Fn(char) -> bool) {
    // `a :hover` differs from `a:hover`: a space before `:` is kept.
    let useless = (tight(next) && next != ':')
        || next == ')'
        || out.ends_with(|c: char| tight(c) || c == '(');
    if *pending && !out.is_empty() && !useless {
        out.push(' ');
    }
    *pending = false;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minifies_without_changing_meaning() {
        let css = "/* thème */\nbody {\n  margin: 0;\n  font: 1rem/1.5 \"Marianne, x\" , sans-serif;\n}\n\na :hover, p > a { width: calc(100% - 2rem) ; }\n@media (min-width: 40em) { .x { color: red } }\n";
        assert_eq!(
            minify_css(css),
            "body{margin:0;font:1rem/1.5 \"Marianne, x\",sans-serif}a :hover,p>a{width:calc(100% - 2rem)}@media (min-width:40em){.x{color:red}}"
        );
    }

    #[test]
    fn names_change_with_content_only() {
        assert_eq!(fnv1a(b"a"), fnv1a(b"a"));
        assert_ne!(fnv1a(b"a"), fnv1a(b"b"));
    }
}
