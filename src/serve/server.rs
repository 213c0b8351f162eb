//! HTTP: the built site's files, the reload script and the reload channel.
//!
//! Only files under the current output folder are served. A request path
//! is decoded segment by segment and refused (400) if any segment is `.`,
//! `..`, empty, or holds `/`, `\`, `:` or NUL once decoded; what it names
//! must resolve, symlinks followed, to a place inside the output folder
//! (else 404). Folders are served by their `index.html` only (no listings)
//! and `/dir` redirects to `/dir/`.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::reload::{events, inject, Shared, RELOAD_JS};
use crate::content::percent_decode;
use crate::render::theme::NOT_FOUND_TEMPLATE;

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/__samizdat/reload.js", get(reload_js))
        .route("/__samizdat/events", get(events))
        .fallback(files)
        .with_state(shared)
}

async fn reload_js() -> Response {
    let mut r = RELOAD_JS.into_response();
    set(&mut r, header::CONTENT_TYPE, "text/javascript; charset=utf-8");
    set(&mut r, header::CACHE_CONTROL, "no-cache");
    r
}

fn set(r: &mut Response, name: header::HeaderName, value: &'static str) {
    r.headers_mut().insert(name, HeaderValue::from_static(value));
}

/// Where a request path leads inside the output folder.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    /// A folder asked for without its trailing slash.
    Redirect,
    NotFound,
    BadRequest,
}

/// Maps a raw request path (as sent, still percent-encoded) to a file
/// under `out`; see the module comment for what is refused.
pub fn resolve(out: &Path, raw: &str) -> Resolved {
    let Some(rest) = raw.strip_prefix('/') else {
        return Resolved::BadRequest;
    };
    if rest.contains('\\') {
        return Resolved::BadRequest;
    }
    let trailing_slash = rest.is_empty() || rest.ends_with('/');
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    let mut path = out.to_path_buf();
    let mut hidden = false;
    if !rest.is_empty() {
        for segment in rest.split('/') {
            let Some(name) = percent_decode(segment) else {
                return Resolved::BadRequest;
            };
            if name.is_empty() || name == "." || name == ".." || name.contains(['/', '\\', ':', '\0']) {
                return Resolved::BadRequest;
            }
            hidden |= name.starts_with('.');
            path.push(name);
        }
    }
    if hidden {
        return Resolved::NotFound;
    }
    let (Ok(root), Ok(real)) = (out.canonicalize(), path.canonicalize()) else {
        return Resolved::NotFound;
    };
    if !real.starts_with(&root) {
        return Resolved::NotFound;
    }
    if real.is_dir() {
        if !trailing_slash {
            return Resolved::Redirect;
        }
        return match real.join("index.html").canonicalize() {
            Ok(index) if index.starts_with(&root) && index.is_file() => Resolved::File(index),
            _ => Resolved::NotFound,
        };
    }
    if trailing_slash || !real.is_file() {
        return Resolved::NotFound;
    }
    Resolved::File(real)
}

/// [`resolve`], and what is not there from `/` from the site's root
/// as `base_url` has it (`/zine/review/` is `/review/`), where the
/// site's links from the root lead.
pub fn resolve_under(out: &Path, raw: &str, site_root: &str) -> Resolved {
    let found = resolve(out, raw);
    if found != Resolved::NotFound {
        return found;
    }
    let Some(root) = site_root.strip_suffix('/').filter(|r| !r.is_empty()) else {
        return found;
    };
    match raw.strip_prefix(root) {
        Some("") => Resolved::Redirect,
        Some(rest) if rest.starts_with('/') => resolve(out, rest),
        _ => found,
    }
}

/// The `Content-Type` of a served file, by its extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml",
        "rss" => "application/rss+xml",
        "atom" => "application/atom+xml",
        "txt" | "md" => "text/plain; charset=utf-8",
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
        "epub" => "application/epub+zip",
        "mp3" => "audio/mpeg",
        "ogg" => "audio/ogg",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

const NOT_FOUND: &str = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head>\n<body><h1>Not found</h1><p>No page here (yet): this tab reloads when the site changes.</p></body></html>\n";

/// Every other path: a file of the current build.
async fn files(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut r = (StatusCode::METHOD_NOT_ALLOWED, "method not allowed\n").into_response();
        set(&mut r, header::ALLOW, "GET, HEAD");
        return r;
    }
    let status = shared.status();
    let raw = uri.path().to_string();
    let found = match &status.out {
        Some(out) => {
            let out = out.clone();
            let raw = raw.clone();
            let root = status.site_root.clone();
            tokio::task::spawn_blocking(move || match resolve_under(&out, &raw, &root) {
                Resolved::File(path) => match std::fs::read(&path) {
                    Ok(bytes) => Ok((path, bytes)),
                    Err(_) => Err(Resolved::NotFound),
                },
                other => Err(other),
            })
            .await
            .unwrap_or(Err(Resolved::NotFound))
        }
        // No good build yet: only the problems to show.
        None if resolve(Path::new("/nonexistent"), &raw) == Resolved::BadRequest => Err(Resolved::BadRequest),
        None => Err(Resolved::NotFound),
    };
    let mut r = match found {
        Ok((path, bytes)) => {
            let kind = content_type(&path);
            let body = if kind.starts_with("text/html") {
                Body::from(inject(&String::from_utf8_lossy(&bytes), &status.errors, status.version))
            } else {
                Body::from(bytes)
            };
            let mut r = Response::new(body);
            set(&mut r, header::CONTENT_TYPE, kind);
            r
        }
        Err(Resolved::Redirect) => {
            let location = match uri.query() {
                Some(q) => format!("{raw}/?{q}"),
                None => format!("{raw}/"),
            };
            let mut r = StatusCode::PERMANENT_REDIRECT.into_response();
            if let Ok(v) = HeaderValue::from_str(&location) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        Err(Resolved::BadRequest) => {
            let mut r = (StatusCode::BAD_REQUEST, "bad request\n").into_response();
            set(&mut r, header::CONTENT_TYPE, "text/plain; charset=utf-8");
            r
        }
        Err(_) => {
            // The site's own page for it, as a static host shows it; else
            // one of serve's.
            let page = match &status.out {
                Some(out) => {
                    let file = out.join(NOT_FOUND_TEMPLATE);
                    tokio::task::spawn_blocking(move || std::fs::read(file).ok())
                        .await
                        .ok()
                        .flatten()
                }
                None => None,
            };
            let page = page.map_or(Cow::Borrowed(NOT_FOUND), |bytes| {
                Cow::Owned(String::from_utf8_lossy(&bytes).into_owned())
            });
            let mut r = (StatusCode::NOT_FOUND, inject(&page, &status.errors, status.version)).into_response();
            set(&mut r, header::CONTENT_TYPE, "text/html; charset=utf-8");
            r
        }
    };
    set(&mut r, header::CACHE_CONTROL, "no-cache");
    set(&mut r, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir_all(out.join("notes/one")).unwrap();
        std::fs::create_dir_all(out.join("fonts")).unwrap();
        std::fs::write(out.join("index.html"), "home").unwrap();
        std::fs::write(out.join("notes/one/index.html"), "one").unwrap();
        std::fs::write(out.join("fonts/a.woff2"), "font").unwrap();
        std::fs::write(out.join(".samizdat-output"), "").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        dir
    }

    #[test]
    fn files_and_folders_resolve_inside_the_output() {
        let dir = site();
        let out = dir.path().join("out");
        let real = out.canonicalize().unwrap();
        assert_eq!(resolve(&out, "/"), Resolved::File(real.join("index.html")));
        assert_eq!(
            resolve(&out, "/notes/one/"),
            Resolved::File(real.join("notes/one/index.html"))
        );
        assert_eq!(
            resolve(&out, "/notes/%6Fne/"),
            Resolved::File(real.join("notes/one/index.html"))
        );
        assert_eq!(resolve(&out, "/notes/one"), Resolved::Redirect);
        assert_eq!(resolve(&out, "/fonts/"), Resolved::NotFound, "no listings");
        assert_eq!(
            resolve(&out, "/fonts/a.woff2"),
            Resolved::File(real.join("fonts/a.woff2"))
        );
        assert_eq!(resolve(&out, "/fonts/a.woff2/"), Resolved::NotFound);
        assert_eq!(resolve(&out, "/missing"), Resolved::NotFound);
        assert_eq!(resolve(&out, "/.samizdat-output"), Resolved::NotFound);
    }

    #[test]
    fn traversal_is_refused() {
        let dir = site();
        let out = dir.path().join("out");
        for bad in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/..%2fsecret.txt",
            "/notes/..%2F..%2Fsecret.txt",
            "/a\\..\\..\\secret.txt",
            "/%5c..%5csecret.txt",
            "//etc/passwd",
            "/C:/secret.txt",
            "/%00",
            "/%zz",
            "/%+1",
            "/%4",
            "/%ff",
            "notes/",
        ] {
            assert_eq!(resolve(&out, bad), Resolved::BadRequest, "{bad}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_leading_outside_are_refused() {
        let dir = site();
        let out = dir.path().join("out");
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), out.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(dir.path(), out.join("up")).unwrap();
        std::os::unix::fs::symlink(out.join("index.html"), out.join("inside.html")).unwrap();
        assert_eq!(resolve(&out, "/link.txt"), Resolved::NotFound);
        assert_eq!(resolve(&out, "/up/secret.txt"), Resolved::NotFound);
        assert_eq!(resolve(&out, "/up/"), Resolved::NotFound);
        let real = out.canonicalize().unwrap();
        assert_eq!(resolve(&out, "/inside.html"), Resolved::File(real.join("index.html")));
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type(Path::new("a/index.html")), "text/html; charset=utf-8");
        assert_eq!(content_type(Path::new("style.CSS")), "text/css; charset=utf-8");
        assert_eq!(content_type(Path::new("e.svg")), "image/svg+xml");
        assert_eq!(content_type(Path::new("f.woff2")), "font/woff2");
        assert_eq!(content_type(Path::new("p.jpeg")), "image/jpeg");
        assert_eq!(
            content_type(Path::new("print/review-issue-1.epub")),
            "application/epub+zip"
        );
        assert_eq!(content_type(Path::new("noext")), "application/octet-stream");
    }
}
