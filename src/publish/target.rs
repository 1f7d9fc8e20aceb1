//! Where a site is published: the `--to` address, or a target named in
//! `content/site.yaml`, parsed into a [`Target`].

use std::path::PathBuf;

use super::error::PublishError;

/// A publish target, from its address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A local or mounted folder.
    File { path: PathBuf },
    /// A folder on an SSH server; `path` as the server reads it (relative
    /// paths start at the login folder).
    Sftp {
        user: Option<String>,
        host: String,
        port: Option<u16>,
        path: String,
    },
    /// A bucket of an S3-compatible store, and the prefix of every key.
    S3 { bucket: String, prefix: String },
}

impl Target {
    pub fn parse(url: &str) -> Result<Target, PublishError> {
        let bad = |reason: &str| PublishError::BadUrl {
            url: url.to_string(),
            reason: reason.to_string(),
        };
        let (scheme, rest) = url
            .split_once("://")
            .ok_or_else(|| bad("il manque le protocole (file://, sftp:// ou s3://)"))?;
        if url.chars().any(char::is_control) {
            return Err(bad("l'adresse contient un caractère de contrôle"));
        }
        match scheme {
            "file" => {
                if !rest.starts_with('/') {
                    return Err(bad(
                        "le chemin doit être absolu : file:///chemin/du/dossier (trois barres obliques)",
                    ));
                }
                Ok(Target::File {
                    path: PathBuf::from(rest),
                })
            }
            "sftp" => {
                let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
                let (user, host_port) = match authority.rsplit_once('@') {
                    Some((user, host)) if !user.is_empty() => (Some(user.to_string()), host),
                    Some(_) => return Err(bad("le nom d'utilisateur est vide")),
                    None => (None, authority),
                };
                let (host, port) = split_port(host_port).map_err(&bad)?;
                if host.is_empty() {
                    return Err(bad("il manque le nom de l'hôte"));
                }
                // `/~/www` is relative to the login folder, `/var/www` absolute.
                let path = match path.strip_prefix("~/") {
                    Some(relative) => relative.to_string(),
                    None if path == "~" || path.is_empty() => String::new(),
                    None => format!("/{path}"),
                };
                Ok(Target::Sftp {
                    user,
                    host: host.to_string(),
                    port,
                    path: path.trim_end_matches('/').to_string(),
                })
            }
            "s3" => {
                let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
                let valid = (3..=63).contains(&bucket.len())
                    && bucket.bytes().all(|b| {
                        b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.'
                    });
                if !valid {
                    return Err(bad(
                        "nom de seau invalide (3 à 63 caractères : minuscules, chiffres, « - » et « . »)",
                    ));
                }
                let prefix = prefix.trim_matches('/');
                Ok(Target::S3 {
                    bucket: bucket.to_string(),
                    prefix: if prefix.is_empty() {
                        String::new()
                    } else {
                        format!("{prefix}/")
                    },
                })
            }
            _ => Err(bad("protocole inconnu")),
        }
    }
}

/// `host:port`, `[::1]:port` or a host alone.
fn split_port(authority: &str) -> Result<(&str, Option<u16>), &'static str> {
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (host, after) = rest.split_once(']').ok_or("crochet « [ » non refermé")?;
        (host, after.strip_prefix(':'))
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let port = port
        .map(|p| {
            p.parse::<u16>()
                .ok()
                .filter(|p| *p > 0)
                .ok_or("port invalide")
        })
        .transpose()?;
    Ok((host, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_kinds() {
        assert_eq!(
            Target::parse("file:///srv/www/").unwrap(),
            Target::File {
                path: "/srv/www/".into()
            }
        );
        assert_eq!(
            Target::parse("sftp://anne@exemple.fr:2222/var/www/site/").unwrap(),
            Target::Sftp {
                user: Some("anne".into()),
                host: "exemple.fr".into(),
                port: Some(2222),
                path: "/var/www/site".into()
            }
        );
        assert_eq!(
            Target::parse("sftp://exemple.fr/~/www").unwrap(),
            Target::Sftp {
                user: None,
                host: "exemple.fr".into(),
                port: None,
                path: "www".into()
            }
        );
        assert_eq!(
            Target::parse("s3://mon-seau/hub/").unwrap(),
            Target::S3 {
                bucket: "mon-seau".into(),
                prefix: "hub/".into()
            }
        );
    }

    #[test]
    fn refuses_what_it_cannot_use() {
        for url in [
            "/srv/www",
            "file://srv/www",
            "ftp://x/y",
            "sftp://h:99999/x",
            "sftp://@h/x",
            "s3://A/x",
        ] {
            assert!(Target::parse(url).is_err(), "{url}");
        }
    }
}
