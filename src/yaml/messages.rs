//! serde_yaml's messages in French: its English sentences name Rust
//! types and serde notions; editors read YAML notions (texte, liste,
//! nombre) and a hint on the fix.

use crate::suggest::closest;

/// serde_yaml's message in French, and a hint when there is one.
pub(super) fn french(error: &serde_yaml::Error) -> (String, Option<String>) {
    let message = strip_location(&error.to_string());
    let (path, message) = split_field_path(&message);
    let (mut message, hint) = translate(message);
    if let Some(path) = path {
        message = format!("{path} : {message}");
    }
    (message, hint)
}

/// serde_yaml appends " at line L column C"; we print the location ourselves.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(index) => message[..index].to_string(),
        None => message.to_string(),
    }
}

/// serde_yaml prefixes nested errors with the field path: `domaines[0].titre: …`.
fn split_field_path(message: &str) -> (Option<&str>, &str) {
    match message.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') && !path.is_empty() => (Some(path), rest),
        _ => (None, message),
    }
}

/// Turns serde_yaml's English message into a French one and a hint.
fn translate(message: &str) -> (String, Option<String>) {
    // Messages of our own deserializers are French already.
    if message.contains('«') {
        return (message.to_string(), None);
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        return unknown_field(rest);
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        let field = unquote(rest);
        return (
            format!("le champ obligatoire « {field} » est absent"),
            Some(format!("ajoutez une ligne « {field}: … »")),
        );
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        return invalid_type(rest);
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        return invalid_type(rest);
    }
    if let Some(rest) = message.strip_prefix("invalid length ") {
        let count = rest.split(',').next().unwrap_or("").trim();
        return (format!("nombre d'éléments incorrect : {count}"), None);
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let value = unquote(rest.split(',').next().unwrap_or(rest));
        let accepted: Vec<&str> = rest.split('`').skip(3).step_by(2).collect();
        return (
            format!("valeur inconnue « {value} »"),
            Some(format!("valeurs acceptées : {}", accepted.join(", "))),
        );
    }
    if message.contains("duplicate entry") || message.contains("duplicate field") {
        let key = message.split('`').nth(1).unwrap_or("");
        return (
            format!("la clé « {key} » apparaît deux fois"),
            Some("gardez une seule ligne pour cette clé".to_string()),
        );
    }
    if message.contains("tab") && message.contains("indentation")
        || message.contains("cannot start any token")
    {
        return (
            "caractère interdit en YAML (souvent une tabulation)".to_string(),
            Some("en YAML, indentez avec des espaces, jamais avec des tabulations".to_string()),
        );
    }
    syntax_error(message)
}

/// English keys accepted by habit: not suggested, the French ones are.
const ENGLISH_ALIASES: [&str; 4] = ["title", "draft", "aliases", "id"];

fn unknown_field(rest: &str) -> (String, Option<String>) {
    let field = unquote(rest.split(',').next().unwrap_or(rest));
    let expected: Vec<&str> = rest
        .split_once("expected ")
        .map(|(_, list)| list.split('`').skip(1).step_by(2).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .filter(|name| !ENGLISH_ALIASES.contains(name))
        .collect();
    let mut hint = String::new();
    if let Some(best) = closest(&field, expected.iter().copied()) {
        hint.push_str(&format!("vouliez-vous dire « {best} » ?\n"));
    }
    if !expected.is_empty() {
        hint.push_str(&format!("champs acceptés : {}", expected.join(", ")));
    }
    (
        format!("champ inconnu « {field} »"),
        Some(hint.trim_end().to_string()).filter(|h| !h.is_empty()),
    )
}

/// "string \"abc\", expected a sequence" → "il faut une liste, pas un texte (« abc »)".
fn invalid_type(rest: &str) -> (String, Option<String>) {
    let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
    if let Some(message) = out_of_range(found, expected) {
        return (message, None);
    }
    // Our own deserializers already speak French: keep their words.
    if expected.starts_with("une ")
        || expected.starts_with("un ")
        || expected.contains(' ') && is_french(expected)
    {
        return (format!("valeur incorrecte : {expected}"), None);
    }
    (
        format!(
            "il faut {}, pas {}",
            french_expected(expected),
            french_found(found)
        ),
        Some(example_for(expected)).filter(|e| !e.is_empty()),
    )
}

/// "integer `70000`" where a `u16` is expected: say the number does not fit.
fn out_of_range(found: &str, expected: &str) -> Option<String> {
    let value = found.strip_prefix("integer ")?.trim_matches('`');
    let bits = |prefix: char| {
        let bits = expected.strip_prefix(prefix)?;
        if bits == "size" {
            Some(64)
        } else {
            bits.parse::<u32>().ok().filter(|b| (8..=128).contains(b))
        }
    };
    let max = match (bits('u'), bits('i')) {
        (Some(_), _) if value.starts_with('-') => {
            return Some(format!(
                "nombre négatif (« {value} ») : il faut un nombre positif"
            ));
        }
        (Some(bits), _) => u128::MAX >> (128 - bits),
        (_, Some(bits)) => u128::MAX >> (129 - bits),
        _ => return None,
    };
    Some(format!("nombre trop grand (« {value} ») : au plus {max}"))
}

fn is_french(text: &str) -> bool {
    text.contains('é') || text.contains(" attendu")
}

fn french_expected(expected: &str) -> String {
    let e = expected.trim();
    let name = if e.contains("sequence") || e.starts_with("a list") {
        "une liste"
    } else if e.contains("string") || e.contains("char") {
        "un texte"
    } else if e.contains("bool") {
        "un booléen (true ou false)"
    } else if e.starts_with('u') || e.starts_with('i') || e.contains("integer") {
        "un nombre entier"
    } else if e.starts_with('f') {
        "un nombre"
    } else if e.contains("struct") || e.contains("map") {
        "un ensemble de clés (« clé: valeur »)"
    } else {
        "une autre valeur" // never the library's English
    };
    name.to_string()
}

fn french_found(found: &str) -> String {
    // serde names a float with two words: "floating point `2.5`".
    let found = found.replacen("floating point", "floating", 1);
    let (kind, value) = found.split_once(' ').unwrap_or((&found, ""));
    let value = value.trim_matches(|c| c == '`' || c == '"');
    let noun = match kind {
        "string" => "un texte",
        "sequence" => "une liste",
        "map" => "un ensemble de clés",
        "integer" => "un nombre",
        "floating" => "un nombre décimal",
        "boolean" => "un booléen",
        "unit" => return "une valeur vide".to_string(),
        _ => return "cette valeur".to_string(), // never the library's English
    };
    if value.is_empty() || kind == "sequence" || kind == "map" {
        noun.to_string()
    } else {
        format!("{noun} (« {value} »)")
    }
}

fn example_for(expected: &str) -> String {
    if expected.contains("sequence") {
        "une liste s'écrit entre crochets, par exemple « [upec, lissi] », ou une valeur par ligne précédée de « - »".to_string()
    } else {
        String::new()
    }
}

fn syntax_error(message: &str) -> (String, Option<String>) {
    let detail = match message {
        m if m.contains("mapping values are not allowed") => {
            "deux-points inattendu : un texte qui contient « : » doit être entre guillemets"
        }
        m if m.contains("did not find expected key") => "indentation incohérente ou clé mal formée",
        m if m.contains("did not find expected") => "guillemet, crochet ou accolade non fermé",
        m if m.contains("found unexpected end of stream") => {
            "fin de texte inattendue (guillemet non fermé ?)"
        }
        m if m.contains("block sequence entries are not allowed") => {
            "élément de liste « - » mal placé"
        }
        m if m.contains("found undefined alias") || m.contains("unknown anchor") => {
            "alias YAML inconnu"
        }
        m if m.contains("unknown escape character") => {
            "« \\ » inconnu dans un texte entre guillemets doubles (écrivez « \\\\ », ou des guillemets simples)"
        }
        m if m.contains("more than one document") => {
            "le texte contient plusieurs documents YAML (une ligne « --- » en trop ?)"
        }
        m if m.contains("repetition limit") => "les alias YAML (« *nom ») répètent trop de texte",
        m if m.contains("recursion limit") => "valeurs imbriquées trop profondément",
        m if m.contains("control character") => "caractère de contrôle invisible interdit",
        _ => "",
    };
    // The library's English never reaches editors, even for a message
    // not known here.
    if detail.is_empty() {
        (
            "YAML invalide : structure non reconnue".to_string(),
            Some("vérifiez l'indentation (espaces), les deux-points et les guillemets autour de cette ligne".to_string()),
        )
    } else {
        (
            format!("YAML invalide : {detail}"),
            Some("vérifiez l'indentation (espaces) et les guillemets de cette ligne".to_string()),
        )
    }
}

fn unquote(text: &str) -> String {
    text.trim().trim_matches('`').to_string()
}
