//! The embedded dashboard as a browser gets it: the precompressed copy its `Accept-Encoding`
//! allows, strong caching for hashed assets, revalidation (ETag, 304) for the rest.

mod web_support;

use reqwest::StatusCode;
use reqwest::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, ETAG, IF_NONE_MATCH, VARY,
};
use web_support::Daemon;

async fn get(daemon: &Daemon, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut request = reqwest::Client::new().get(daemon.url(path));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

/// A daemon and the script its index.html loads, or None when the dashboard was not built
/// into this binary (npm missing at build time: the server then says how to build it).
async fn daemon_with_script() -> Option<(Daemon, String)> {
    let daemon = Daemon::start();
    let index = get(&daemon, "/", &[]).await.text().await.unwrap();
    if index.contains("was not built into this binary") {
        eprintln!("the dashboard is not embedded in this build: nothing to check");
        daemon.stop();
        return None;
    }
    let start = index.find("/assets/").expect("index.html loads an asset");
    let end = start + index[start..].find('"').unwrap();
    let script = index[start..end].to_string();
    assert!(
        script.ends_with(".js"),
        "the first asset is the script: {script}"
    );
    Some((daemon, script))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hashed_assets_are_served_precompressed_and_cached_for_good() {
    let Some((daemon, script)) = daemon_with_script().await else {
        return;
    };
    let plain = get(&daemon, &script, &[(ACCEPT_ENCODING.as_str(), "identity")]).await;
    assert_eq!(plain.status(), StatusCode::OK);
    assert_eq!(plain.headers().get(CONTENT_ENCODING), None);
    assert_eq!(plain.headers()[VARY], "accept-encoding");
    assert_eq!(
        plain.headers()[CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert!(
        plain.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .contains("javascript")
    );
    let etag = plain.headers()[ETAG].to_str().unwrap().to_string();
    let plain_len = plain.bytes().await.unwrap().len();

    let br = get(
        &daemon,
        &script,
        &[(ACCEPT_ENCODING.as_str(), "gzip, deflate, br")],
    )
    .await;
    assert_eq!(br.headers()[CONTENT_ENCODING], "br");
    assert!(
        br.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .contains("javascript")
    );
    assert_eq!(
        br.headers()[ETAG].to_str().unwrap(),
        etag,
        "one ETag per resource"
    );
    let br_len = br.bytes().await.unwrap().len();
    assert!(
        br_len * 2 < plain_len,
        "brotli: {br_len} of {plain_len} bytes"
    );

    let gz = get(
        &daemon,
        &script,
        &[(ACCEPT_ENCODING.as_str(), "br;q=0, gzip")],
    )
    .await;
    assert_eq!(gz.headers()[CONTENT_ENCODING], "gzip");
    let gz_body = gz.bytes().await.unwrap();
    assert_eq!(&gz_body[..2], &[0x1f, 0x8b], "a gzip stream");
    assert!(gz_body.len() * 2 < plain_len && gz_body.len() > br_len);

    let cached = get(&daemon, &script, &[(IF_NONE_MATCH.as_str(), &etag)]).await;
    assert_eq!(cached.status(), StatusCode::NOT_MODIFIED);
    assert!(cached.bytes().await.unwrap().is_empty());
    daemon.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_is_revalidated_and_copies_are_not_served_by_their_own_name() {
    let Some((daemon, script)) = daemon_with_script().await else {
        return;
    };
    let index = get(&daemon, "/", &[]).await;
    assert_eq!(index.headers()[CACHE_CONTROL], "no-cache");
    let etag = index.headers()[ETAG].to_str().unwrap().to_string();
    let again = get(&daemon, "/profiles", &[(IF_NONE_MATCH.as_str(), &etag)]).await;
    assert_eq!(
        again.status(),
        StatusCode::NOT_MODIFIED,
        "a client route is index.html, revalidated by its ETag"
    );

    // A `.br` name is never a resource of its own: it is the client-side router's page.
    let copy = get(&daemon, &format!("{script}.br"), &[]).await;
    assert_eq!(copy.status(), StatusCode::OK);
    assert_eq!(copy.headers().get(CONTENT_ENCODING), None);
    assert!(copy.text().await.unwrap().contains("<!doctype html"));
    daemon.stop();
}
