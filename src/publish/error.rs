//! What can go wrong while publishing, in French, each with what the editor
//! can do. Every one of them leaves the target serving a complete site:
//! files are renamed into place whole, and nothing is deleted before the
//! new site is there.

use crate::error::Describe;

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("adresse de publication invalide « {url} » : {reason}")]
    BadUrl { url: String, reason: String },
    #[error("aucune cible de publication nommée « {name} » dans content/site.yaml")]
    UnknownTarget { name: String, known: Vec<String> },
    #[error("la cible {target} est injoignable : {detail}")]
    Unreachable { target: String, detail: String },
    #[error("la cible {target} a refusé l'identification : {detail}")]
    Denied { target: String, detail: String },
    #[error("le seau « {bucket} » n'existe pas sur {endpoint}")]
    NoBucket { bucket: String, endpoint: String },
    #[error("la clé de l'hôte {host} est inconnue (empreinte {fingerprint})")]
    UnknownHostKey {
        host: String,
        port: u16,
        fingerprint: String,
    },
    #[error("la clé de l'hôte {host} a changé depuis la dernière connexion")]
    ChangedHostKey { host: String },
    #[error("le chemin de la cible {target} n'est pas un dossier")]
    NotAFolder { target: String },
    #[error("la cible {target} est pleine (disque ou quota) : {detail}")]
    Full { target: String, detail: String },
    #[error("la connexion à la cible {target} a été coupée : {detail}")]
    Cut { target: String, detail: String },
    #[error("une autre publication vers {target} est en cours ({owner})")]
    Locked { target: String, owner: String },
    #[error("la publication vers {target} a échoué : {detail}")]
    Failed { target: String, detail: String },
    #[error("commande « {program} » introuvable : {detail}")]
    MissingProgram { program: String, detail: String },
}

/// Said after every failure that happened once the publish began: the
/// target still serves a whole site, and the next publish completes it.
pub const STILL_WHOLE: &str = "le site en ligne reste complet (les fichiers déjà envoyés ont remplacé les anciens en entier) ; relancez « vitrine publish » pour terminer";

impl Describe for PublishError {
    fn hint(&self) -> Option<String> {
        Some(match self {
            PublishError::BadUrl { .. } => {
                "adresses acceptées : file:///chemin, sftp://utilisateur@hôte[:port]/chemin, s3://seau/préfixe".into()
            }
            PublishError::UnknownTarget { known, .. } if known.is_empty() => {
                "déclarez-la sous « publication: » dans content/site.yaml, ou donnez l'adresse avec --to".into()
            }
            PublishError::UnknownTarget { known, .. } => {
                format!("cibles déclarées : {}", known.join(", "))
            }
            PublishError::Unreachable { .. } => {
                "vérifiez le nom de l'hôte, le port et la connexion réseau".into()
            }
            PublishError::Denied { target, .. } if target.contains("s3://") => {
                "vérifiez les variables AWS_ACCESS_KEY_ID et AWS_SECRET_ACCESS_KEY (clés d'accès de l'hébergeur)".into()
            }
            PublishError::Denied { .. } => {
                "vérifiez l'utilisateur et la clé SSH (celles de l'agent, ou --cle FICHIER)".into()
            }
            PublishError::NoBucket { .. } => {
                "créez le seau chez l'hébergeur, ou corrigez son nom et --endpoint".into()
            }
            PublishError::UnknownHostKey {
                host,
                port,
                ..
            } => {
                let port = if *port == 22 { String::new() } else { format!("-p {port} ") };
                format!(
                    "vérifiez cette empreinte auprès de l'hébergeur, puis acceptez la clé avec :\nssh-keyscan {port}{host} >> ~/.ssh/known_hosts"
                )
            }
            PublishError::ChangedHostKey { host } => format!(
                "si l'hébergeur confirme ce changement, retirez l'ancienne clé avec « ssh-keygen -R {host} » ; sinon, ne publiez pas : la connexion est peut-être détournée"
            ),
            PublishError::NotAFolder { .. } => {
                "indiquez le dossier qui doit recevoir le site, pas un fichier".into()
            }
            PublishError::Full { .. } | PublishError::Cut { .. } | PublishError::Failed { .. } => {
                STILL_WHOLE.into()
            }
            PublishError::Locked { .. } => "attendez la fin de l'autre publication ; si elle a été interrompue sur une autre machine, relancez avec --lever-verrou".into(),
            PublishError::MissingProgram { .. } => {
                "installez le client OpenSSH (paquet openssh-client)".into()
            }
        })
    }
}
