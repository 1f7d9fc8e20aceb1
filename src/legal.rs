//! The legal settings of `site.yaml` checked before a site is published:
//! every required field of the legal notice is there and none is a
//! placeholder, and no conformity is claimed without an audit.

use crate::error::{Describe, Diagnostic, Location};
use crate::model::SiteConfig;
use crate::model::legal::Conformity;

const FILE: &str = "content/site.yaml";

/// Words that mark a value as not filled in yet.
const PLACEHOLDERS: [&str; 7] = [
    "à compléter",
    "a completer",
    "à renseigner",
    "xxx",
    "todo",
    "lorem ipsum",
    "prénom nom",
];

#[derive(Debug, thiserror::Error)]
pub enum LegalError {
    #[error("mention légale obligatoire manquante : « {key} »")]
    Missing {
        key: &'static str,
        example: &'static str,
    },
    #[error("valeur provisoire « {value} » pour « {key} »")]
    Placeholder { key: &'static str, value: String },
    #[error("conformité « {claimed} » déclarée sans audit")]
    ConformityWithoutAudit { claimed: &'static str },
}

impl Describe for LegalError {
    fn hint(&self) -> Option<String> {
        Some(match self {
            LegalError::Missing { key, example } => {
                let section = key.rsplit_once('.').map_or(*key, |(section, _)| section);
                format!(
                    "écrivez par exemple « {example} » sous « {section}: » ; \
                     obligatoire pour publier (loi pour la confiance dans l'économie numérique, art. 6), \
                     l'aperçu et --drafts acceptent qu'elle manque"
                )
            }
            LegalError::Placeholder { .. } => {
                "une valeur d'attente n'est jamais publiée : remplacez-la par la vraie".into()
            }
            LegalError::ConformityWithoutAudit { .. } => {
                "un site non audité est « non conforme » : écrivez « conformite: non », ou ajoutez « audit: » avec sa date et son taux".into()
            }
        })
    }
}

/// A required field: its dotted key, an example line, and its value.
struct Field<'a> {
    key: &'static str,
    example: &'static str,
    value: Option<&'a str>,
}

/// The problems of the legal settings; `production` asks for the legal
/// notice to be complete.
pub fn check(config: &SiteConfig, text: &str, production: bool) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let accessibility = &config.accessibility;
    if accessibility.conformity != Conformity::None && accessibility.audit.is_none() {
        let claimed = match accessibility.conformity {
            Conformity::Partial => "partielle",
            _ => "totale",
        };
        problems.push(Diagnostic::new(
            locate_path(text, &["accessibilite", "conformite"]),
            LegalError::ConformityWithoutAudit { claimed },
        ));
    }
    if !production {
        return problems;
    }
    for field in required(config) {
        let path: Vec<&str> = field.key.split('.').collect();
        let location = locate_path(text, &path);
        match field.value.map(str::trim) {
            None | Some("") => problems.push(Diagnostic::new(
                location,
                LegalError::Missing {
                    key: field.key,
                    example: field.example,
                },
            )),
            Some(value) if is_placeholder(value) => problems.push(Diagnostic::new(
                location,
                LegalError::Placeholder {
                    key: field.key,
                    value: value.to_string(),
                },
            )),
            Some(_) => {}
        }
    }
    problems
}

/// The legal notice's required fields (LCEN art. 6 III-1).
fn required(config: &SiteConfig) -> Vec<Field<'_>> {
    let legal = config.legal.as_ref();
    let host = legal.and_then(|l| l.host.as_ref());
    let address_value = host
        .and_then(|h| h.address.iter().find(|line| !line.trim().is_empty()))
        .map(String::as_str);
    vec![
        Field {
            key: "mentions_legales.editeur",
            example: "editeur: Établissement public territorial Grand-Orly Seine Bièvre",
            value: legal.and_then(|l| l.publisher.as_deref()),
        },
        Field {
            key: "mentions_legales.directeur_publication",
            example: "directeur_publication: Camille Martin",
            value: legal.and_then(|l| l.director.as_deref()),
        },
        Field {
            key: "mentions_legales.hebergeur.nom",
            example: "nom: OVH SAS",
            value: host.and_then(|h| h.name.as_deref()),
        },
        Field {
            key: "mentions_legales.hebergeur.adresse",
            example: "adresse: [2 rue Kellermann, 59100 Roubaix]",
            value: address_value,
        },
        Field {
            key: "mentions_legales.hebergeur.telephone",
            example: "telephone: +33 9 72 10 10 07",
            value: host.and_then(|h| h.phone.as_deref()),
        },
    ]
}

fn is_placeholder(value: &str) -> bool {
    let value = value.to_lowercase();
    PLACEHOLDERS.iter().any(|p| value.contains(p))
}

/// The line of the deepest key of `path` the YAML text has (`a:` at the top
/// level, then `b:` inside its block…): the key itself when it is written,
/// else the section that should hold it, else the file.
pub fn locate_path(text: &str, path: &[&str]) -> Location {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = None;
    let (mut start, mut end, mut parent_indent) = (0, lines.len(), None::<usize>);
    for key in path {
        let hit = (start..end).find(|&i| {
            let line = lines[i];
            let body = line.trim_start_matches([' ', '-']);
            let indent = line.len() - body.len();
            parent_indent.is_none_or(|p| indent > p)
                && (parent_indent.is_some() || indent == 0)
                && body
                    .strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with(':'))
        });
        let Some(i) = hit else { break };
        found = Some(i);
        let indent = lines[i].len() - lines[i].trim_start_matches([' ', '-']).len();
        start = i + 1;
        end = (start..lines.len())
            .find(|&j| {
                let line = lines[j];
                let trimmed = line.trim_start();
                !trimmed.is_empty()
                    && !trimmed.starts_with('#')
                    && line.len() - line.trim_start_matches([' ', '-']).len() <= indent
            })
            .unwrap_or(lines.len());
        parent_indent = Some(indent);
    }
    match found {
        Some(i) => {
            let column = lines[i].len() - lines[i].trim_start_matches([' ', '-']).len() + 1;
            Location::at(FILE, i + 1, Some(column))
        }
        None => Location::file(FILE),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "titre: x\nmentions_legales:\n  editeur: Mairie\n  hebergeur:\n    nom: OVH\n    telephone: 01\ncontact:\n  nom: y\n";

    fn line(path: &[&str]) -> Option<usize> {
        locate_path(TEXT, path).line
    }

    #[test]
    fn locates_the_deepest_key_written() {
        assert_eq!(line(&["mentions_legales", "editeur"]), Some(3));
        assert_eq!(line(&["mentions_legales", "hebergeur", "nom"]), Some(5));
        assert_eq!(line(&["mentions_legales", "hebergeur", "adresse"]), Some(4));
        assert_eq!(
            line(&["mentions_legales", "directeur_publication"]),
            Some(2)
        );
        // `nom` of `contact` is not the host's.
        assert_eq!(line(&["accessibilite", "nom"]), None);
    }

    #[test]
    fn placeholders_are_recognised() {
        assert!(is_placeholder("À compléter"));
        assert!(is_placeholder("Prénom NOM"));
        assert!(!is_placeholder("Camille Martin"));
    }
}
