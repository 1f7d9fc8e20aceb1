//! The only module (with its `messages`) that talks to the YAML parser, so
//! it can be swapped (serde_norway is API-compatible) without touching the
//! rest.
//!
//! serde_yaml's messages are English and name Rust types; editors get French
//! sentences that name YAML notions (texte, liste, nombre) instead, made in
//! `messages.rs`.

use serde::de::DeserializeOwned;

mod messages;

/// A YAML problem, located in the parsed text (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
}

/// Deserializes `text` into `T`, with French errors.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    parse_at(text, 1)
}

/// [`parse`] for a text that starts at line `first_line` of its file (a
/// front matter starts at line 2), so messages can name file lines.
pub fn parse_at<T: DeserializeOwned>(text: &str, first_line: usize) -> Result<T, YamlError> {
    check_expansion(text)?;
    serde_yaml::from_str(text).map_err(|error| {
        if let Some(unclosed) = unclosed(&error.to_string(), first_line) {
            return unclosed;
        }
        let location = error.location().map(|l| (l.line(), l.column()));
        // Our own deserializers' errors come without a useful location
        // (serde_yaml reports 1:1); they quote the bad value, so find it.
        let location = match (location, quoted_value(&error.to_string())) {
            (Some((1, 1)), Some(value)) => find(text, value).or(location),
            _ => location,
        };
        // serde_yaml points at the start of the mapping; editors need the
        // second occurrence of the key, the one to remove.
        let location = match (duplicate_key(&error), location) {
            (Some(key), Some((line, column))) => {
                second_key_line(text, &key, line, column).or(location)
            }
            _ => location,
        };
        let (message, hint) = messages::french(&error);
        YamlError {
            line: location.map(|(line, _)| line),
            column: location.map(|(_, column)| column),
            message,
            hint,
        }
    })
}

/// What aliases may add to a text, in bytes of values and nodes, beyond
/// the text itself: enough for any `<<: *defaults` an editor writes, far
/// too little for a 1 MB value repeated a thousand times.
const ALIAS_ALLOWANCE: usize = 64 * 1024;

/// The message of [`Budget`]'s error, recognised in [`check_expansion`].
const OVER_BUDGET: &str = "vitrine: alias budget exceeded";

/// Refuses a text whose aliases (`*nom`) repeat more than
/// [`ALIAS_ALLOWANCE`]: serde_yaml copies an anchored value at each alias,
/// so a few lines can stand for gigabytes. A first pass walks the values
/// without keeping them and stops at the budget; texts without `*` cannot
/// hold an alias and skip it.
fn check_expansion(text: &str) -> Result<(), YamlError> {
    if !text.contains('*') {
        return Ok(());
    }
    let budget = std::cell::Cell::new(text.len() + ALIAS_ALLOWANCE);
    let deserializer = serde_yaml::Deserializer::from_str(text);
    match serde::de::DeserializeSeed::deserialize(Budget(&budget), deserializer) {
        Err(error) if error.to_string().contains(OVER_BUDGET) => {
            let line = first_alias_line(text);
            Err(YamlError {
                line,
                column: None,
                message: "les alias YAML (« *nom ») répètent trop de texte".to_string(),
                hint: Some(
                    "écrivez chaque valeur en entier plutôt que de la répéter avec « &nom » et « *nom »"
                        .to_string(),
                ),
            })
        }
        // Other problems are reported by the real parse, in French.
        _ => Ok(()),
    }
}

/// 1-based line of the first alias of `text`: a `*` that starts a value.
fn first_alias_line(text: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            line.match_indices('*').any(|(index, _)| {
                let before = line[..index].trim_end();
                let starts_value =
                    before.is_empty() || before.ends_with([':', '-', '[', ',', '{', '?']);
                let named = line[index + 1..]
                    .chars()
                    .next()
                    .is_some_and(|c| !c.is_whitespace() && c != '*');
                starts_value && named
            })
        })
        .map(|index| index + 1)
}

/// Walks any YAML value, spending one unit per node and per byte of
/// scalar, and fails once `budget` is spent.
struct Budget<'a>(&'a std::cell::Cell<usize>);

impl Budget<'_> {
    fn spend<E: serde::de::Error>(&self, units: usize) -> Result<(), E> {
        match self.0.get().checked_sub(units + 1) {
            Some(left) => {
                self.0.set(left);
                Ok(())
            }
            None => Err(E::custom(OVER_BUDGET)),
        }
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Budget<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Budget<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        self.spend(0)
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        self.spend(8)
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        self.spend(8)
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        self.spend(8)
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<(), E> {
        self.spend(value.len())
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.spend(0)
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        self.spend(0)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        serde::de::DeserializeSeed::deserialize(self, deserializer)
    }

    fn visit_newtype_struct<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<(), D::Error> {
        serde::de::DeserializeSeed::deserialize(self, deserializer)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.spend(0)?;
        while seq.next_element_seed(Budget(self.0))?.is_some() {}
        Ok(())
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.spend(0)?;
        while map.next_key_seed(Budget(self.0))?.is_some() {
            map.next_value_seed(Budget(self.0))?;
        }
        Ok(())
    }

    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        use serde::de::VariantAccess;
        let ((), variant) = data.variant_seed(Budget(self.0))?;
        variant.newtype_variant_seed(Budget(self.0))
    }
}

/// A quote, bracket or brace never closed: libyaml reports where it gave
/// up (often the end of the text) and, in context, where the value
/// started; editors need the start.
fn unclosed(message: &str, first_line: usize) -> Option<YamlError> {
    let (problem, context) = message.split_once(", while ")?;
    let (what, hint) = if context.starts_with("scanning a quoted scalar")
        && problem.starts_with("found unexpected end of stream")
    {
        (
            "guillemet ouvert",
            "fermez le guillemet à la fin de la valeur, par exemple « titre: \"Mon titre\" »",
        )
    } else if context.starts_with("parsing a flow sequence") {
        (
            "crochet « [ » ouvert",
            "fermez la liste par « ] », par exemple « partenaires: [upec, lissi] »",
        )
    } else if context.starts_with("parsing a flow mapping") {
        (
            "accolade « { » ouverte",
            "fermez par « } », ou écrivez une clé par ligne",
        )
    } else {
        return None;
    };
    let mark = |text: &str| -> Option<(usize, usize)> {
        let (_, at) = text.rsplit_once(" at line ")?;
        let (line, column) = at.split_once(" column ")?;
        Some((line.trim().parse().ok()?, column.trim().parse().ok()?))
    };
    let (line, column) = mark(context)?;
    // A bracket closed on its own line but missing a comma is not unclosed.
    if mark(problem).is_some_and(|(at, _)| at == line) && !what.starts_with("guillemet") {
        return None;
    }
    let never = if what.ends_with("ouverte") {
        "jamais fermée"
    } else {
        "jamais fermé"
    };
    Some(YamlError {
        line: Some(line),
        column: Some(column),
        message: format!("{what} ligne {} {never}", line + first_line - 1),
        hint: Some(hint.to_string()),
    })
}

/// The first value quoted « like this » in one of our messages.
fn quoted_value(message: &str) -> Option<&str> {
    let start = message.find('«')? + '«'.len_utf8();
    let end = start + message[start..].find('»')?;
    Some(message[start..end].trim())
}

/// 1-based line and column of the first occurrence of `value` in `text`.
fn find(text: &str, value: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(index, line)| {
        line.find(value)
            .map(|column| (index + 1, line[..column].chars().count() + 1))
    })
}

/// The key named by a "duplicate field" or "duplicate entry" error.
fn duplicate_key(error: &serde_yaml::Error) -> Option<String> {
    let message = error.to_string();
    if !message.contains("duplicate field") && !message.contains("duplicate entry") {
        return None;
    }
    let key = message.split(['`', '"']).nth(1)?;
    Some(key.to_string()).filter(|k| !k.is_empty())
}

/// The second `key:` of the block mapping whose first key is at
/// `start_line`:`indent` (1-based), as (line, column).
fn second_key_line(
    text: &str,
    key: &str,
    start_line: usize,
    indent: usize,
) -> Option<(usize, usize)> {
    let mut seen = 0;
    for (index, line) in text.lines().enumerate().skip(start_line.saturating_sub(1)) {
        let body = line.trim_start();
        let column = line.len() - body.len() + 1;
        let is_content = !body.is_empty() && !body.starts_with('#');
        if index + 1 > start_line && is_content && column < indent {
            break; // the mapping has ended
        }
        let at_indent = line.get(indent.saturating_sub(1)..).unwrap_or("");
        let is_key = at_indent
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(':'));
        if is_key {
            seen += 1;
            if seen == 2 {
                return Some((index + 1, indent));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Front {
        titre: String,
        #[serde(default)]
        partenaires: Vec<String>,
        #[serde(default)]
        brouillon: bool,
    }

    fn error(text: &str) -> YamlError {
        parse::<Front>(text).expect_err("should fail")
    }

    #[test]
    fn unknown_field_names_it_and_suggests_the_closest() {
        let e = error("titre: a\ntitr: b\n");
        assert_eq!(e.message, "champ inconnu « titr »");
        assert_eq!(e.line, Some(2));
        assert!(e.hint.unwrap().contains("vouliez-vous dire « titre »"));
    }

    #[test]
    fn missing_field_is_named() {
        let e = error("brouillon: true\n");
        assert_eq!(e.message, "le champ obligatoire « titre » est absent");
    }

    #[test]
    fn wrong_type_speaks_yaml_not_rust() {
        let e = error("titre: a\npartenaires: upec\n");
        assert_eq!(
            e.message,
            "partenaires : il faut une liste, pas un texte (« upec »)"
        );
        assert_eq!(e.line, Some(2));
        let e = error("titre: a\nbrouillon: peut-être\n");
        assert!(
            e.message.starts_with("brouillon : il faut un booléen"),
            "{}",
            e.message
        );
    }

    #[test]
    fn syntax_errors_have_a_line() {
        let e = error("titre: a: b\n");
        assert!(e.message.starts_with("YAML invalide"), "{}", e.message);
        assert_eq!(e.line, Some(1));
    }

    #[test]
    fn our_own_errors_are_located_at_the_bad_value() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Dated {
            titre: String,
            date: crate::model::Date,
        }
        let e = parse::<Dated>("titre: a\ndate: 2023-13-01\n").expect_err("bad date");
        assert_eq!((e.line, e.column), (Some(2), Some(7)));
        assert!(
            e.message.starts_with("date invalide « 2023-13-01 »"),
            "{}",
            e.message
        );
    }

    #[test]
    fn duplicate_keys_point_at_the_second_one() {
        let e = error("titre: a\nbrouillon: true\ntitre: b\n");
        assert_eq!(e.message, "la clé « titre » apparaît deux fois");
        assert_eq!((e.line, e.column), (Some(3), Some(1)));
    }

    #[test]
    fn out_of_range_numbers_are_named() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Years {
            duree_ans: u16,
        }
        let e = parse::<Years>("duree_ans: 70000\n").unwrap_err();
        assert_eq!(
            e.message,
            "duree_ans : nombre trop grand (« 70000 ») : au plus 65535"
        );
        let e = parse::<Years>("duree_ans: -3\n").unwrap_err();
        assert!(e.message.contains("nombre négatif"), "{}", e.message);
        let e = parse::<Years>("duree_ans: 2.5\n").unwrap_err();
        assert_eq!(
            e.message,
            "duree_ans : il faut un nombre entier, pas un nombre décimal (« 2.5 »)"
        );
    }

    #[test]
    fn english_aliases_are_not_suggested() {
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Titled {
            #[serde(rename = "titre", alias = "title")]
            title: String,
        }
        let e = parse::<Titled>("titel: a\n").unwrap_err();
        let hint = e.hint.unwrap();
        assert!(hint.contains("vouliez-vous dire « titre »"), "{hint}");
        assert!(!hint.contains("title"), "{hint}");
    }

    #[test]
    fn tabs_are_explained() {
        let e = error("titre: a\npartenaires:\n\t- upec\n");
        assert!(e.hint.unwrap().contains("tabulations"), "{}", e.message);
    }
}
