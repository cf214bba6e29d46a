//! The dashboard, embedded in the binary at build time and served at `/`.

use axum::http::{StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};

#[derive(rust_embed::Embed)]
#[folder = "$OUT_DIR/ui"]
struct Assets;

const NOT_BUILT: &str = "<!doctype html><meta charset=utf-8><title>keyrx</title>\
<p>The keyrx dashboard was not built into this binary. Build it with \
<code>cd keyrx_ui &amp;&amp; npm ci &amp;&amp; npm run build</code>, then rebuild keyrx. \
The API is served under <code>/api/v1</code>.</p>";

/// Serves a file of the dashboard; any other path gets `index.html`, so the client-side router
/// owns the URLs.
pub async fn serve(uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    if let Some(file) = Assets::get(path).filter(|_| !path.is_empty()) {
        let mime = file.metadata.mimetype().to_string();
        // Vite names assets by content hash, so they never change under the same name.
        let cache = if path.starts_with("assets/") {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        return (
            [
                (header::CONTENT_TYPE, mime),
                (header::CACHE_CONTROL, cache.to_string()),
            ],
            file.data,
        )
            .into_response();
    }
    match Assets::get("index.html") {
        Some(index) => Html(index.data).into_response(),
        None => (StatusCode::OK, Html(NOT_BUILT)).into_response(),
    }
}
