//! `s3://bucket/prefix` on S3-compatible object storage (AWS, OVHcloud,
//! Scaleway, Outscale…): path-style requests to `--endpoint`, signed with
//! the `AWS_*` environment variables. An object is replaced whole by a
//! PUT (readers get the old or the new one, never part of it), so files go
//! straight to their key: S3 has no rename to stage them with. Each object
//! gets its `Content-Type` and a `Cache-Control` for its kind.

pub mod sign;

use std::io::ErrorKind;
use std::time::Duration;

use super::{LOCK, PublishError, Transport};
use sign::{Credentials, Request, encode_path};

pub struct S3Target {
    bucket: String,
    prefix: String,
    /// `http(s)://host[:port]`, without a trailing slash.
    endpoint: String,
    region: String,
    credentials: Credentials,
    agent: ureq::Agent,
    /// Whether the service answered once: a refused connection after that
    /// is a cut, not an unreachable host.
    answered: std::cell::Cell<bool>,
}

/// A response's status and body.
struct Answer {
    status: u16,
    body: Vec<u8>,
}

impl S3Target {
    /// `endpoint` defaults to AWS's for `region`; `region` to
    /// `AWS_REGION`, then `AWS_DEFAULT_REGION`, then `us-east-1`.
    pub fn new(
        bucket: String,
        prefix: String,
        endpoint: Option<String>,
        region: Option<String>,
    ) -> Result<Self, PublishError> {
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let region = region
            .or_else(|| env("AWS_REGION"))
            .or_else(|| env("AWS_DEFAULT_REGION"))
            .unwrap_or_else(|| "us-east-1".into());
        let endpoint = endpoint
            .or_else(|| env("AWS_ENDPOINT_URL"))
            .unwrap_or_else(|| format!("https://s3.{region}.amazonaws.com"));
        let endpoint = endpoint.trim_end_matches('/').to_string();
        let name = format!("« s3://{bucket}/{prefix} »");
        if !(endpoint.starts_with("https://") || endpoint.starts_with("http://")) {
            return Err(PublishError::BadUrl {
                url: endpoint,
                reason: "le point d'accès S3 doit commencer par https:// (ou http://)".into(),
            });
        }
        let (Some(key), Some(secret)) = (env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY"))
        else {
            return Err(PublishError::Denied {
                target: name,
                detail:
                    "les variables AWS_ACCESS_KEY_ID et AWS_SECRET_ACCESS_KEY ne sont pas définies"
                        .into(),
            });
        };
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(15)))
            .timeout_global(Some(Duration::from_secs(300)))
            .build()
            .into();
        Ok(S3Target {
            bucket,
            prefix,
            endpoint,
            region,
            credentials: Credentials {
                key,
                secret,
                token: env("AWS_SESSION_TOKEN"),
            },
            agent,
            answered: std::cell::Cell::new(false),
        })
    }

    /// The endpoint's `host[:port]` as the `Host` header carries it.
    fn host(&self) -> &str {
        let rest = self
            .endpoint
            .split_once("://")
            .map_or(self.endpoint.as_str(), |(_, rest)| rest);
        let host = rest.split('/').next().unwrap_or(rest);
        host.strip_suffix(":443")
            .filter(|_| self.endpoint.starts_with("https://"))
            .or_else(|| {
                host.strip_suffix(":80")
                    .filter(|_| self.endpoint.starts_with("http://"))
            })
            .unwrap_or(host)
    }

    /// One signed request to `key` below the prefix (`None`: the bucket).
    fn request(
        &self,
        method: &str,
        key: Option<&str>,
        headers: &[(&str, &str)],
        payload: &[u8],
    ) -> Result<Answer, PublishError> {
        let path = match key {
            Some(key) => encode_path(&format!("/{}/{}{key}", self.bucket, self.prefix)),
            None => format!("/{}", self.bucket),
        };
        let request = Request {
            method,
            host: self.host(),
            path: &path,
            query: "",
            headers,
            payload,
        };
        let amz_date = jiff::Timestamp::now()
            .strftime("%Y%m%dT%H%M%SZ")
            .to_string();
        let signed = sign::sign(&request, &self.credentials, &self.region, &amz_date);
        let url = format!("{}{path}", self.endpoint);
        let result = match method {
            "PUT" => {
                let mut builder = self.agent.put(&url);
                for (name, value) in &signed {
                    builder = builder.header(name, value);
                }
                builder.send(payload)
            }
            _ => {
                let mut builder = match method {
                    "GET" => self.agent.get(&url),
                    "HEAD" => self.agent.head(&url),
                    _ => self.agent.delete(&url),
                };
                for (name, value) in &signed {
                    builder = builder.header(name, value);
                }
                builder.call()
            }
        };
        let mut response = result.map_err(|e| self.transport_error(e))?;
        self.answered.set(true);
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_vec()
            .map_err(|e| self.transport_error(e))?;
        Ok(Answer { status, body })
    }

    fn transport_error(&self, error: ureq::Error) -> PublishError {
        let target = self.name();
        match error {
            ureq::Error::HostNotFound | ureq::Error::ConnectionFailed | ureq::Error::Io(_)
                if self.answered.get() =>
            {
                PublishError::Cut {
                    target,
                    detail: format!("{} ne répond plus", self.endpoint),
                }
            }
            ureq::Error::HostNotFound | ureq::Error::ConnectionFailed => {
                PublishError::Unreachable {
                    target,
                    detail: format!("pas de réponse de {}", self.endpoint),
                }
            }
            ureq::Error::Io(io) if io.kind() == ErrorKind::ConnectionRefused => {
                PublishError::Unreachable {
                    target,
                    detail: format!("connexion refusée par {}", self.endpoint),
                }
            }
            ureq::Error::Io(io) => PublishError::Cut {
                target,
                detail: crate::error::io_message(&io),
            },
            ureq::Error::Timeout(_) => PublishError::Cut {
                target,
                detail: "le service ne répond plus".into(),
            },
            other => PublishError::Failed {
                target,
                detail: other.to_string(),
            },
        }
    }

    /// An answer other than success, in French.
    fn status_error(&self, answer: &Answer) -> PublishError {
        let target = self.name();
        let text = String::from_utf8_lossy(&answer.body);
        let code = between(&text, "<Code>", "</Code>").unwrap_or_default();
        let detail = match between(&text, "<Message>", "</Message>") {
            Some(message) => format!("{} {code} : {message}", answer.status),
            None => format!("réponse {} {code}", answer.status)
                .trim_end()
                .to_string(),
        };
        match (answer.status, code) {
            (403, _) | (_, "InvalidAccessKeyId" | "SignatureDoesNotMatch") => {
                PublishError::Denied { target, detail }
            }
            (507, _) | (_, "QuotaExceeded" | "EntityTooLarge" | "StorageFull") => {
                PublishError::Full { target, detail }
            }
            (404, _) => PublishError::NotAFolder { target },
            _ => PublishError::Failed { target, detail },
        }
    }

    fn put(
        &self,
        key: &str,
        contents: &[u8],
        extra: &[(&str, &str)],
    ) -> Result<Answer, PublishError> {
        let mut headers = vec![
            ("content-type", content_type(key)),
            ("cache-control", cache_control(key)),
        ];
        headers.extend_from_slice(extra);
        self.request("PUT", Some(key), &headers, contents)
    }
}

impl Transport for S3Target {
    fn name(&self) -> String {
        format!("« s3://{}/{} »", self.bucket, self.prefix)
    }

    fn open(&mut self, _create: bool) -> Result<(), PublishError> {
        let answer = self.request("HEAD", None, &[], b"")?;
        match answer.status {
            200..=299 => Ok(()),
            404 => Err(PublishError::NoBucket {
                bucket: self.bucket.clone(),
                endpoint: self.endpoint.clone(),
            }),
            _ => Err(self.status_error(&answer)),
        }
    }

    fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, PublishError> {
        let answer = self.request("GET", Some(name), &[], b"")?;
        match answer.status {
            200..=299 => Ok(Some(answer.body)),
            404 => Ok(None),
            _ => Err(self.status_error(&answer)),
        }
    }

    fn lock(&mut self, owner: &str) -> Result<Option<String>, PublishError> {
        if let Some(held) = self.read(LOCK)? {
            return Ok(Some(String::from_utf8_lossy(&held).into_owned()));
        }
        // `If-None-Match: *` makes the PUT fail if the lock appeared since;
        // a service that ignores it is caught by reading the lock back.
        let answer = self.put(LOCK, owner.as_bytes(), &[("if-none-match", "*")])?;
        match answer.status {
            200..=299 => {}
            409 | 412 => {
                let held = self.read(LOCK)?.unwrap_or_default();
                return Ok(Some(String::from_utf8_lossy(&held).into_owned()));
            }
            _ => return Err(self.status_error(&answer)),
        }
        match self.read(LOCK)? {
            Some(held) if held == owner.as_bytes() => Ok(None),
            held => Ok(Some(
                String::from_utf8_lossy(&held.unwrap_or_default()).into_owned(),
            )),
        }
    }

    fn unlock(&mut self) -> Result<(), PublishError> {
        let answer = self.request("DELETE", Some(LOCK), &[], b"")?;
        match answer.status {
            200..=299 | 404 => Ok(()),
            _ => Err(self.status_error(&answer)),
        }
    }

    fn send(
        &mut self,
        files: &[(&str, &[u8])],
        sent: &mut dyn FnMut(u64),
    ) -> Result<(), PublishError> {
        for (path, contents) in files {
            let answer = self.put(path, contents, &[])?;
            if !(200..=299).contains(&answer.status) {
                return Err(self.status_error(&answer));
            }
            sent(contents.len() as u64);
        }
        Ok(())
    }

    fn delete(&mut self, paths: &[String]) -> Result<(), PublishError> {
        for path in paths {
            let answer = self.request("DELETE", Some(path), &[], b"")?;
            if !(200..=299).contains(&answer.status) && answer.status != 404 {
                return Err(self.status_error(&answer));
            }
        }
        Ok(())
    }
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let to = text[from..].find(end)? + from;
    Some(&text[from..to])
}

/// The `Content-Type` a browser needs for a file of the site.
pub fn content_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    if name == "atom.xml" {
        return "application/atom+xml; charset=utf-8";
    }
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match extension.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("webmanifest") => "application/manifest+json",
        Some("xml") => "application/xml; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("avif") => "image/avif",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("pdf") => "application/pdf",
        Some("mp4") => "video/mp4",
        Some("webm") => "video/webm",
        Some("mp3") => "audio/mpeg",
        Some("csv") => "text/csv; charset=utf-8",
        Some("odt") => "application/vnd.oasis.opendocument.text",
        Some("ods") => "application/vnd.oasis.opendocument.spreadsheet",
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    }
}

/// How long browsers and caches keep a file: pages, feeds and vitrine's
/// own files are checked again on each visit (their address stays, their
/// content changes); fingerprinted files for a year (a new content gets a
/// new name); other files for an hour, as their names are not versioned.
pub fn cache_control(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    if name.starts_with(".vitrine-") {
        "no-store"
    } else if crate::assets::is_fingerprinted(path) {
        "public, max-age=31536000, immutable"
    } else if matches!(
        content_type(path).split(';').next(),
        Some("text/html" | "application/xml" | "application/atom+xml" | "text/plain")
    ) {
        "public, max-age=0, must-revalidate"
    } else {
        "public, max-age=3600"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_and_caching() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("atom.xml"),
            "application/atom+xml; charset=utf-8"
        );
        assert_eq!(content_type("medias/Photo.JPG"), "image/jpeg");
        assert_eq!(content_type("LICENCE"), "application/octet-stream");
        assert_eq!(
            cache_control("a/index.html"),
            "public, max-age=0, must-revalidate"
        );
        assert_eq!(cache_control("style.css"), "public, max-age=3600");
        assert_eq!(
            cache_control("style.3f9a1c2b0d.css"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(
            cache_control("medias/rapport.2024.pdf"),
            "public, max-age=3600"
        );
        assert_eq!(cache_control(".vitrine-manifeste"), "no-store");
    }
}
