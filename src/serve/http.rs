//! HTTP answers: files of the last good build from memory, `index.html` for
//! directories, a redirect for directories named without their trailing
//! slash, the site's `404.html`, the live-reload script and event stream.
//! Nothing is read from disk, so no request can reach outside the site;
//! suspicious paths are refused all the same.

use std::convert::Infallible;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Extension, State as Extract};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use percent_encoding::percent_decode_str;
use tokio::sync::broadcast::error::RecvError;

use super::connections::Connection;
use super::inject::{self, SCRIPT};
use super::site::{Change, State};
use crate::routes::{self, Route};

type Shared = Arc<State>;

pub fn router(state: Shared) -> Router {
    Router::new()
        .route("/__vitrine/apercu.js", get(script))
        .route("/__vitrine/evenements", get(events))
        .fallback(page)
        .with_state(state)
}

async fn script() -> Response {
    respond(
        StatusCode::OK,
        "apercu.js",
        Bytes::from_static(SCRIPT.as_bytes()),
    )
}

/// The event stream: the current version first, then every build.
async fn events(
    Extract(state): Extract<Shared>,
    Extension(connection): Extension<Connection>,
) -> Response {
    let Some(open) = connection.open_stream() else {
        return text(
            StatusCode::SERVICE_UNAVAILABLE,
            "Trop d’onglets ouverts sur l’aperçu\u{a0}: fermez-en quelques-uns puis rechargez la page.\n",
        );
    };
    let changes = state.subscribe();
    let hello = Event::default()
        .event("version")
        .data(state.snapshot().version.clone());
    // The stream's state holds `open`: the slot lasts as long as the stream.
    let stream = futures_util::stream::unfold(
        (Some(hello), changes, state.shutdown.clone(), open),
        |(hello, mut changes, mut shutdown, open)| async move {
            if let Some(hello) = hello {
                return Some((Ok::<_, Infallible>(hello), (None, changes, shutdown, open)));
            }
            let event = tokio::select! {
                change = changes.recv() => match change {
                    Ok(change) => to_event(&change),
                    // Missed builds: the page is out of date, reload it.
                    Err(RecvError::Lagged(_)) => Event::default().event("reload").data("?"),
                    Err(RecvError::Closed) => return None,
                },
                // Open streams would hold the graceful shutdown forever.
                _ = shutdown.wait_for(|stop| *stop) => return None,
            };
            Some((Ok(event), (None, changes, shutdown, open)))
        },
    );
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

fn to_event(change: &Change) -> Event {
    match change {
        Change::Rebuilt {
            version,
            styles_only,
            ..
        } => Event::default()
            .event(if *styles_only { "styles" } else { "reload" })
            .data(version),
        Change::Failed {
            version,
            report,
            kept,
            ..
        } => Event::default()
            .event("failure")
            .data(format!("{version}\n{}", inject::overlay(report, *kept))),
    }
}

/// Every other GET or HEAD: a file of the site.
async fn page(
    Extract(state): Extract<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response = text(
            StatusCode::METHOD_NOT_ALLOWED,
            "Méthode non autorisée\u{a0}: l’aperçu ne sert que des pages.\n",
        );
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let Some(path) = site_path(uri.path()) else {
        return text(StatusCode::BAD_REQUEST, "Adresse refusée.\n");
    };
    let snapshot = state.snapshot();
    let Some(files) = &snapshot.files else {
        // Never built: every page is the error page.
        let report = snapshot.error.as_deref().unwrap_or_default();
        if wants_html(&path, &headers) {
            let body = inject::error_page(report, &snapshot.version);
            return respond(
                StatusCode::INTERNAL_SERVER_ERROR,
                "erreur.html",
                body.into(),
            );
        }
        return text(
            StatusCode::NOT_FOUND,
            "Le site n’a pas pu être construit.\n",
        );
    };
    let html = |name: &str, body: &Bytes, status| {
        let body = inject::inject(body, &snapshot.version, snapshot.error.as_deref());
        respond(status, name, body.into())
    };
    let key = routes::output_file(&path);
    if let Some(body) = files.get(&key) {
        return if is_html(&key) {
            html(&key, body, StatusCode::OK)
        } else {
            respond(StatusCode::OK, &key, body.clone())
        };
    }
    if !path.is_empty()
        && !path.ends_with('/')
        && files.contains_key(&routes::output_file(&format!("{path}/")))
    {
        let location = match uri.query() {
            Some(query) => format!("{}/?{query}", uri.path()),
            None => format!("{}/", uri.path()),
        };
        return redirect(&location);
    }
    let not_found = Route::NotFound.output_file();
    match files.get(&not_found) {
        Some(body) => html(&not_found, body, StatusCode::NOT_FOUND),
        None => text(StatusCode::NOT_FOUND, "Page introuvable.\n"),
    }
}

/// The request path as a key of the site's files (`actualites/x/`,
/// `style.css`, an empty key for the home page), or `None` when it is suspicious:
/// encoded separators or NUL, backslashes, `.` or `..` segments, empty
/// segments (`//etc/passwd`), control characters, or invalid UTF-8.
pub fn site_path(raw: &str) -> Option<String> {
    let lower = raw.to_ascii_lowercase();
    if raw.contains('\\') || ["%2f", "%5c", "%00"].iter().any(|s| lower.contains(s)) {
        return None;
    }
    let decoded = percent_decode_str(raw).decode_utf8().ok()?;
    let relative = decoded.strip_prefix('/')?;
    let segments: Vec<&str> = relative.split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.iter().enumerate() {
        let empty_inside = segment.is_empty() && i != last;
        let suspicious = *segment == "."
            || *segment == ".."
            || segment.chars().any(|c| c.is_control() || c == '\\');
        if empty_inside || suspicious {
            return None;
        }
    }
    Some(relative.to_string())
}

/// Whether a request for a site that never built should get the error page.
fn wants_html(path: &str, headers: &HeaderMap) -> bool {
    path.is_empty()
        || path.ends_with('/')
        || is_html(path)
        || headers
            .get(header::ACCEPT)
            .and_then(|accept| accept.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"))
}

fn is_html(path: &str) -> bool {
    content_type(path).starts_with("text/html")
}

/// The `Content-Type` of a file of the site, by its name.
pub fn content_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    if name.eq_ignore_ascii_case("atom.xml") {
        return "application/atom+xml; charset=utf-8";
    }
    let extension = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" | "xsl" => "application/xml; charset=utf-8",
        "rss" => "application/rss+xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "vcf" => "text/vcard; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "ogg" | "oga" => "audio/ogg",
        "vtt" => "text/vtt; charset=utf-8",
        "zip" => "application/zip",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// A file response. HEAD gets the same headers; axum drops the body.
fn respond(status: StatusCode, name: &str, body: Bytes) -> Response {
    let length = body.len();
    let mut response = (status, Body::from(body)).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(name)),
    );
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// A short plain-text answer of the preview itself.
pub fn text(status: StatusCode, message: impl Into<Bytes>) -> Response {
    respond(status, "message.txt", message.into())
}

fn redirect(location: &str) -> Response {
    let mut response = text(StatusCode::PERMANENT_REDIRECT, "Redirection.\n");
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_paths_map_to_file_keys() {
        assert_eq!(site_path("/").as_deref(), Some(""));
        assert_eq!(site_path("/style.css").as_deref(), Some("style.css"));
        assert_eq!(site_path("/actualites/").as_deref(), Some("actualites/"));
        assert_eq!(site_path("/th%C3%A8me/").as_deref(), Some("thème/"));
    }

    #[test]
    fn escapes_are_refused() {
        for raw in [
            "/../Cargo.toml",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/actualites%2f..%2f..%2fx",
            "/actualites%2F..%2F..%2Fx",
            "//etc/passwd",
            "/..%5c..%5cx",
            "/..\\..\\x",
            "/a/./b",
            "/a%00.html",
            "/a/%ff",
            "relative",
            "/a//b",
        ] {
            assert_eq!(site_path(raw), None, "{raw}");
        }
    }

    #[test]
    fn content_types_follow_the_file_kind() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("atom.xml"),
            "application/atom+xml; charset=utf-8"
        );
        assert_eq!(
            content_type("sitemap.xml"),
            "application/xml; charset=utf-8"
        );
        assert_eq!(content_type("medias/PHOTO.JPG"), "image/jpeg");
        assert_eq!(content_type("fonts/a.woff2"), "font/woff2");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }
}
