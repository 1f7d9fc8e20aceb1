//! Words as the index keys them: lowercased, stemmed the French way
//! (Snowball), then with accents folded, so that « laboratoires » and
//! « Laboratoire », « Créteil » and « creteil » meet. The browser folds the
//! reader's words the same way (`fold` in `recherche.js`) and matches them
//! against these keys by prefix (see `recherche.js`), so it needs no stemmer.

use ahash::AHashMap;
use rust_stemmers::{Algorithm, Stemmer};

/// Words too common to find anything: not indexed (the reader's are
/// ignored the same way, `VIDES` in `recherche.js`).
pub const STOP_WORDS: [&str; 58] = [
    "a", "au", "aux", "avec", "c", "ce", "ces", "d", "dans", "de", "des", "du", "elle", "en",
    "est", "et", "etre", "eux", "il", "ils", "j", "je", "l", "la", "le", "les", "leur", "leurs",
    "lui", "m", "ma", "mais", "me", "mes", "n", "ne", "nous", "on", "ou", "par", "pas", "pour",
    "qu", "que", "qui", "s", "sa", "se", "ses", "son", "sur", "t", "ta", "un", "une", "vos",
    "votre", "y",
];

/// Lowercase, without accents: `Créteil` → `creteil`, `Œuvre` → `oeuvre`.
pub fn fold(word: &str) -> String {
    let mut folded = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => folded.push('a'),
            'ç' => folded.push('c'),
            'é' | 'è' | 'ê' | 'ë' => folded.push('e'),
            'î' | 'ï' | 'í' | 'ì' => folded.push('i'),
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => folded.push('o'),
            'ù' | 'û' | 'ü' | 'ú' => folded.push('u'),
            'ÿ' | 'ý' => folded.push('y'),
            'ñ' => folded.push('n'),
            'œ' => folded.push_str("oe"),
            'æ' => folded.push_str("ae"),
            c => folded.push(c),
        }
    }
    folded
}

/// The words of a text, as written: runs of letters and digits (an
/// apostrophe or a hyphen separates: `l'eau` → `l`, `eau`).
pub fn split(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !is_word_char(c))
        .filter(|word| !word.is_empty())
}

/// A letter or a digit; French letters without Unicode's tables, which
/// made a tenth of indexing's time.
fn is_word_char(c: char) -> bool {
    match c {
        _ if c.is_ascii() => c.is_ascii_alphanumeric(),
        '×' | '÷' => false,
        'À'..='ſ' => true,
        // French text's signs: no-break spaces, « », ’, —… (Latin-1's
        // ª, µ, º and ², ³, ¹, ¼, ½, ¾ excepted).
        '\u{80}'..='\u{bf}' => matches!(c, 'ª' | 'µ' | 'º' | '²' | '³' | '¹' | '¼' | '½' | '¾'),
        '\u{2000}'..='\u{206f}' => false,
        _ => c.is_alphanumeric(),
    }
}

/// Words remembered by [`Keys`]: past this, it forgets them all (a site's
/// vocabulary is far smaller; this bounds a long `serve` session).
const MEMO_WORDS: usize = 200_000;

/// Turns words into index keys, remembering each word's: words repeat
/// from page to page, and stemming is most of indexing's cost.
pub struct Keys {
    stemmer: Stemmer,
    /// Each word met, as written → where the numbers of its keys are in
    /// `lists` (start, length).
    memo: AHashMap<Box<str>, (u32, u32)>,
    lists: Vec<u32>,
    /// The keys, by number (this `Keys`' own numbers), and back.
    keys: Vec<Box<str>>,
    numbers: AHashMap<Box<str>, u32>,
}

impl Default for Keys {
    fn default() -> Self {
        Self {
            stemmer: Stemmer::create(Algorithm::French),
            memo: AHashMap::new(),
            lists: Vec::new(),
            keys: Vec::new(),
            numbers: AHashMap::new(),
        }
    }
}

impl Keys {
    /// Forgets every word once there are too many: call it between pages,
    /// as it renumbers the keys. True when it did.
    pub fn bound(&mut self) -> bool {
        let full = self.memo.len() >= MEMO_WORDS;
        if full {
            *self = Keys::default();
        }
        full
    }

    /// How many keys are numbered: every number is below.
    pub fn count(&self) -> usize {
        self.keys.len()
    }

    /// The numbers of the keys of one word, as written (see
    /// [`Keys::compute`]; [`Keys::key`] gives each key back).
    pub fn of(&mut self, word: &str) -> &[u32] {
        let (start, len) = match self.memo.get(word) {
            Some(&range) => range,
            None => {
                let start = self.lists.len() as u32;
                for key in self.compute(word) {
                    let number = self.number(key);
                    self.lists.push(number);
                }
                let range = (start, self.lists.len() as u32 - start);
                self.memo.insert(word.into(), range);
                range
            }
        };
        &self.lists[start as usize..(start + len) as usize]
    }

    /// The key numbered `number` by [`Keys::of`].
    pub fn key(&self, number: u32) -> &str {
        &self.keys[number as usize]
    }

    fn number(&mut self, key: String) -> u32 {
        if let Some(number) = self.numbers.get(key.as_str()) {
            return *number;
        }
        let number = self.keys.len() as u32;
        let key: Box<str> = key.into();
        self.keys.push(key.clone());
        self.numbers.insert(key, number);
        number
    }

    /// The keys of one word: its folded stem, and its folded form too when
    /// the stem is not a prefix of it (`animaux` → `animal`), since the
    /// browser matches by prefix. None for a stop word or a lone letter.
    pub fn compute(&self, word: &str) -> Vec<String> {
        let lower = word.to_lowercase();
        let folded = fold(&lower);
        if folded.chars().count() < 2 && !folded.chars().all(|c| c.is_ascii_digit()) {
            return Vec::new();
        }
        if STOP_WORDS.binary_search(&folded.as_str()).is_ok() {
            return Vec::new();
        }
        let stem = fold(&self.stemmer.stem(&lower));
        if folded.starts_with(&stem) {
            vec![stem]
        } else {
            vec![stem, folded]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_characters_are_unicode_letters_and_digits() {
        for c in ('\0'..='\u{2fff}').chain(['\u{1d400}', '\u{ff10}']) {
            assert_eq!(
                is_word_char(c),
                c.is_alphanumeric() && !"×÷".contains(c),
                "{c:?}"
            );
        }
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn accents_and_case_fold() {
        assert_eq!(fold("Créteil"), "creteil");
        assert_eq!(fold("ÉCOLE"), "ecole");
        assert_eq!(fold("Œuvre à côté"), "oeuvre a cote");
        assert_eq!(fold("naïf"), "naif");
    }

    #[test]
    fn plural_and_singular_share_a_key() {
        let keys = Keys::default();
        assert_eq!(keys.compute("laboratoires"), keys.compute("Laboratoire"));
        assert_eq!(keys.compute("recherches"), keys.compute("recherche"));
        assert_eq!(keys.compute("étudiantes"), keys.compute("étudiant"));
        assert_eq!(keys.compute("Créteil"), ["creteil"]);
    }

    #[test]
    fn a_stem_that_is_no_prefix_keeps_the_word() {
        let keys = Keys::default();
        let animaux = keys.compute("animaux");
        assert!(animaux.contains(&"animaux".to_string()), "{animaux:?}");
        assert_eq!(keys.compute("animaux")[0], keys.compute("animal")[0]);
    }

    #[test]
    fn stop_words_and_letters_have_no_key() {
        let keys = Keys::default();
        assert!(keys.compute("les").is_empty());
        assert!(keys.compute("Être").is_empty());
        assert!(keys.compute("l").is_empty());
        assert_eq!(keys.compute("7"), ["7"]);
    }

    #[test]
    fn apostrophes_and_hyphens_split_words() {
        let words: Vec<&str> = split("l’eau, Vitry-sur-Seine (2024)").collect();
        assert_eq!(words, ["l", "eau", "Vitry", "sur", "Seine", "2024"]);
        let words: Vec<&str> = split("Œuvre×2 ÷ Ĳssel «\u{202f}été\u{202f}»").collect();
        assert_eq!(words, ["Œuvre", "2", "Ĳssel", "été"]);
    }
}
