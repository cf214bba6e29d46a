//! The dashboard, embedded in the binary at build time and served at `/`. Text files are
//! embedded with brotli and gzip copies made at build time (`build.rs`): a response picks the
//! copy the client's `Accept-Encoding` allows, so nothing is compressed per request.

use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};

#[derive(rust_embed::Embed)]
#[folder = "$OUT_DIR/ui"]
struct Assets;

const NOT_BUILT: &str = "<!doctype html><meta charset=utf-8><title>keyrx</title>\
<p>The keyrx dashboard was not built into this binary. Build it with \
<code>cd keyrx_ui &amp;&amp; npm ci &amp;&amp; npm run build</code>, then rebuild keyrx. \
The API is served under <code>/api/v1</code>.</p>";

/// Vite names assets by content hash, so they never change under the same name.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Anything else (index.html) is revalidated: its ETag makes that a 304.
const REVALIDATE: &str = "no-cache";

/// The encodings we have copies in, best first, with the suffix of their files.
const ENCODINGS: [(&str, &str); 2] = [("br", ".br"), ("gzip", ".gz")];

/// Serves a file of the dashboard; any other path gets `index.html`, so the client-side router
/// owns the URLs.
pub async fn serve(uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().trim_start_matches('/');
    let path = if !path.is_empty() && Assets::get(path).is_some() && !is_copy(path) {
        path
    } else {
        "index.html"
    };
    match Assets::get(path) {
        Some(file) => respond(path, file, &headers),
        None => (StatusCode::OK, Html(NOT_BUILT)).into_response(),
    }
}

/// A compressed copy is served in place of its original, never by its own name.
fn is_copy(path: &str) -> bool {
    ENCODINGS.iter().any(|(_, suffix)| path.ends_with(suffix))
}

fn respond(path: &str, file: rust_embed::EmbeddedFile, headers: &HeaderMap) -> Response {
    let hash = file.metadata.sha256_hash();
    let etag = format!("\"{}\"", hex(&hash[..16]));
    let cache = if path.starts_with("assets/") {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    let mut response = if if_none_match(headers, &etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let accepted = accepted_encodings(headers);
        let copy = ENCODINGS.iter().find_map(|(name, suffix)| {
            let copy = Assets::get(&format!("{path}{suffix}"))?;
            accepted.contains(name).then_some((*name, copy))
        });
        let mut response = match copy {
            Some((name, copy)) => {
                let mut r = copy.data.into_response();
                r.headers_mut()
                    .insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
                r
            }
            None => file.data.into_response(),
        };
        let mime = file.metadata.mimetype();
        if let Ok(mime) = HeaderValue::from_str(mime) {
            response.headers_mut().insert(header::CONTENT_TYPE, mime);
        }
        response
    };
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Ok(etag) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, etag);
    }
    if ENCODINGS
        .iter()
        .any(|(_, suffix)| Assets::get(&format!("{path}{suffix}")).is_some())
    {
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether the client's cached copy (`If-None-Match`) is this one.
fn if_none_match(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == etag || t == "*")
}

/// The content codings of ours that `Accept-Encoding` allows (q > 0, by name or `*`).
/// Header values past a sane length are ignored, as if absent: identity is always allowed.
fn accepted_encodings(headers: &HeaderMap) -> Vec<&'static str> {
    const MAX_HEADER: usize = 1024;
    let mut named: Vec<(String, bool)> = Vec::new();
    for value in headers.get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        if value.len() > MAX_HEADER {
            continue;
        }
        for part in value.split(',') {
            let mut fields = part.split(';');
            let name = fields.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = fields
                .filter_map(|f| f.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if !name.is_empty() {
                named.push((name, q > 0.0));
            }
        }
    }
    let star = named.iter().find(|(n, _)| n == "*").map(|(_, ok)| *ok);
    ENCODINGS
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| {
            let alias = if *name == "gzip" { "x-gzip" } else { name };
            named
                .iter()
                .find(|(n, _)| n == name || n == alias)
                .map(|(_, ok)| *ok)
                .or(star)
                .unwrap_or(false)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &str) -> Vec<&'static str> {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).unwrap(),
        );
        accepted_encodings(&headers)
    }

    #[test]
    fn accept_encoding_picks_what_the_client_allows() {
        assert_eq!(accept("gzip, deflate, br, zstd"), ["br", "gzip"]);
        assert_eq!(accept("gzip"), ["gzip"]);
        assert_eq!(accept("x-gzip"), ["gzip"]);
        assert_eq!(accept("br;q=0, gzip;q=0.5"), ["gzip"]);
        assert_eq!(accept("*"), ["br", "gzip"]);
        assert_eq!(accept("*;q=0, gzip"), ["gzip"]);
        assert_eq!(accept("identity"), Vec::<&str>::new());
        assert_eq!(accept("BR"), ["br"]);
        assert!(accepted_encodings(&HeaderMap::new()).is_empty());
        assert!(accept(&format!("br,{}", " ".repeat(2000))).is_empty());
    }

    #[test]
    fn etags_match_by_value_weak_or_star() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_static("W/\"ab\", \"cd\""),
        );
        assert!(if_none_match(&headers, "\"cd\""));
        assert!(if_none_match(&headers, "\"ab\""));
        assert!(!if_none_match(&headers, "\"ef\""));
        assert!(!if_none_match(&HeaderMap::new(), "\"ab\""));
    }
}
