//! `POST /api/v1/release-all`: guarded like every state change, and it releases what the
//! virtual keyboard holds while the physical key stays down. Also the dashboard's CSP and the
//! key names its editor completes.

mod web_support;

use reqwest::StatusCode;
use serde_json::{Value, json};
use web_support::{Daemon, eventually};

async fn state(d: &Daemon) -> Value {
    d.get("/api/v1/state").await.json().await.unwrap()
}

fn held(state: &Value, what: &str) -> Vec<String> {
    let list = match what {
        "outputs" => &state["held_outputs"],
        _ => &state["devices"][0]["held_inputs"],
    };
    list.as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn release_all_is_guarded_and_releases_the_outputs() {
    let d = Daemon::start();
    let c = reqwest::Client::new();
    d.post("/api/v1/inject", json!({"input": "@desk d:k"}))
        .await;
    eventually(|| async {
        held(&state(&d).await, "outputs")
            .contains(&"k".into())
            .then_some(())
    })
    .await;

    let anonymous = c.post(d.url("/api/v1/release-all")).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let cross = c
        .post(d.url("/api/v1/release-all"))
        .bearer_auth(&d.token)
        .header("Origin", "http://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), StatusCode::FORBIDDEN);
    let wrong_method = c
        .get(d.url("/api/v1/release-all"))
        .bearer_auth(&d.token)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_method.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(
        held(&state(&d).await, "outputs").contains(&"k".into()),
        "refused requests release nothing"
    );

    let answer = c
        .post(d.url("/api/v1/release-all"))
        .bearer_auth(&d.token)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body, json!({"released": ["k"]}));
    let after = eventually(|| async {
        let s = state(&d).await;
        held(&s, "outputs").is_empty().then_some(s)
    })
    .await;
    assert_eq!(
        held(&after, "inputs"),
        ["k"],
        "the physical key is still down"
    );
    d.post("/api/v1/inject", json!({"input": "@desk u:k"}))
        .await;
    d.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboards_csp_allows_data_images_and_nothing_else_new() {
    let d = Daemon::start();
    let page = reqwest::get(d.url("/")).await.unwrap();
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(csp, keyrx_daemon::web::CSP);
    for directive in [
        "default-src 'self'",
        "connect-src 'self'",
        "img-src 'self' data:",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(directive), "{directive} in {csp}");
    }
    assert!(
        !csp.contains("script-src"),
        "scripts stay 'self' only: {csp}"
    );
    d.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_key_name_is_listed_with_its_code_and_canonical_name() {
    let d = Daemon::start();
    let body: Value = d.get("/api/v1/keys").await.json().await.unwrap();
    let keys = body["keys"].as_array().unwrap();
    let find = |name: &str| keys.iter().find(|k| k["name"] == name).cloned();
    assert_eq!(
        find("capslock"),
        Some(json!({"name": "capslock", "code": 58, "canonical": "capslock"}))
    );
    assert_eq!(find("caps").unwrap()["canonical"], "capslock", "an alias");
    assert!(keys.len() > 400, "{}", keys.len());
    d.stop();
}
