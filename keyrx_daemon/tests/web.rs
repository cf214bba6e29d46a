//! The web server for real: the daemon's runtime on the virtual backend, the server on an
//! ephemeral port, and real HTTP and WebSocket clients.

mod web_support;

use std::time::Duration;

use futures_util::StreamExt;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use web_support::Daemon;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_needs_no_token_but_the_api_does() {
    let d = Daemon::start();
    let c = reqwest::Client::new();
    assert_eq!(
        c.get(d.url("/healthz"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "ok"
    );
    assert_eq!(
        c.get(d.url("/api/v1/status"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let wrong = c
        .get(d.url("/api/v1/status"))
        .bearer_auth("0".repeat(64))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        c.get(d.url("/metrics")).send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    let status: Value = d.get("/api/v1/status").await.json().await.unwrap();
    assert_eq!(status["backend"], "virtual");
    let metrics = d.get("/metrics").await.text().await.unwrap();
    assert!(
        metrics.contains("# TYPE keyrx_input_events_total counter"),
        "{metrics}"
    );
    d.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn foreign_hosts_and_origins_are_refused() {
    let d = Daemon::start();
    let c = reqwest::Client::new();
    let rebinding = c
        .get(d.url("/api/v1/status"))
        .bearer_auth(&d.token)
        .header("Host", "evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(rebinding.status(), StatusCode::MISDIRECTED_REQUEST);
    let cross = c
        .post(d.url("/api/v1/validate"))
        .bearer_auth(&d.token)
        .header("Origin", "http://evil.example")
        .json(&json!({"source": "layer(\"base\");"}))
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), StatusCode::FORBIDDEN);
    let same = c
        .post(d.url("/api/v1/validate"))
        .bearer_auth(&d.token)
        .header("Origin", format!("http://{}", d.addr))
        .json(&json!({"source": "layer(\"base\");"}))
        .send()
        .await
        .unwrap();
    assert_eq!(same.status(), StatusCode::OK);
    let headers = same.headers();
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(
        headers.get("access-control-allow-origin").is_none(),
        "no CORS"
    );
    d.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_get_clear_errors_and_the_daemon_stays_up() {
    let d = Daemon::start();
    let c = reqwest::Client::new();
    let bad_json = c
        .post(d.url("/api/v1/validate"))
        .bearer_auth(&d.token)
        .header("content-type", "application/json")
        .body("{nope")
        .send()
        .await
        .unwrap();
    assert_eq!(bad_json.status(), StatusCode::BAD_REQUEST);
    let huge = "x".repeat(2 * 1024 * 1024);
    let too_big = c
        .post(d.url("/api/v1/validate"))
        .bearer_auth(&d.token)
        .json(&json!({"source": huge}))
        .send()
        .await
        .unwrap();
    assert_eq!(too_big.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let bad_input = d
        .post("/api/v1/simulate", json!({"input": "d:a x:b"}))
        .await;
    assert_eq!(bad_input.status(), StatusCode::BAD_REQUEST);
    let body: Value = bad_input.json().await.unwrap();
    assert_eq!(body["error"]["details"]["column"], 5);
    assert_eq!(d.get("/api/v1/status").await.status(), StatusCode::OK);
    d.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn validate_reports_positions_and_simulate_uses_the_engine() {
    let d = Daemon::start();
    let v: Value = d
        .post(
            "/api/v1/validate",
            json!({"source": "layer(\"base\", || {\n    map(\"a\", \"captslock\");\n});"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["ok"], false);
    let diag = &v["diagnostics"][0];
    assert_eq!(
        (
            diag["span"]["line"].as_u64(),
            diag["span"]["column"].as_u64()
        ),
        (Some(2), Some(14)),
        "{v}"
    );
    assert!(diag["help"].as_str().unwrap().contains("capslock"));
    let source = "layer(\"base\", || { map(\"capslock\", tap_hold(\"esc\", \"lctrl\")); });";
    let s: Value = d
        .post(
            "/api/v1/simulate",
            json!({"source": source, "input": "d:capslock t:300 u:capslock"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(s["output"], "t:200 d:leftctrl t:100 u:leftctrl");
    let decision = &s["timeline"][0];
    assert_eq!(
        (
            &decision["kind"],
            &decision["outcome"],
            &decision["cause"],
            &decision["device"],
            &decision["at_us"]
        ),
        (
            &json!("tap_hold"),
            &json!("hold"),
            &json!("timeout"),
            &json!("keyboard"),
            &json!(200_000)
        ),
        "{s}"
    );
    d.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profiles_lifecycle_with_conflicts_and_traversal_refused() {
    let d = Daemon::start();
    let created = d
        .post(
            "/api/v1/profiles",
            json!({"name": "work", "source": "layer(\"base\", || { map(\"a\", \"b\"); });"}),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let etag = created.headers()["etag"].to_str().unwrap().to_string();
    assert_eq!(
        d.post("/api/v1/profiles", json!({"name": "work", "source": ""}))
            .await
            .status(),
        StatusCode::CONFLICT
    );
    for bad in ["../escape", "a/b", ".hidden", ""] {
        let r = d
            .post("/api/v1/profiles", json!({"name": bad, "source": ""}))
            .await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{bad}");
    }
    assert_eq!(
        d.get("/api/v1/profiles/..%2Fescape").await.status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        d.get("/api/v1/profiles/nope").await.status(),
        StatusCode::NOT_FOUND
    );
    let c = reqwest::Client::new();
    let put = |tag: &str| {
        c.put(d.url("/api/v1/profiles/work"))
            .bearer_auth(&d.token)
            .header("If-Match", tag.to_string())
            .json(&json!({"source": "layer(\"base\", || { map(\"a\", \"c\"); });"}))
            .send()
    };
    assert_eq!(
        put("\"0000000000000000\"").await.unwrap().status(),
        StatusCode::PRECONDITION_FAILED
    );
    let updated = put(&etag).await.unwrap();
    assert_eq!(updated.status(), StatusCode::OK);
    assert_eq!(
        put(&etag).await.unwrap().status(),
        StatusCode::PRECONDITION_FAILED,
        "no lost update"
    );
    assert_eq!(
        d.post("/api/v1/profiles/work/duplicate", json!({"to": "copy"}))
            .await
            .status(),
        StatusCode::CREATED
    );
    assert_eq!(
        d.post("/api/v1/profiles/copy/rename", json!({"to": "renamed"}))
            .await
            .status(),
        StatusCode::OK
    );
    let list: Value = d.get("/api/v1/profiles").await.json().await.unwrap();
    let names: Vec<&str> = list["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["renamed", "work"]);
    let deleted = c
        .delete(d.url("/api/v1/profiles/renamed"))
        .bearer_auth(&d.token)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let from_example = d
        .post(
            "/api/v1/profiles",
            json!({"name": "hrm", "example": "home-row-mods"}),
        )
        .await;
    assert_eq!(from_example.status(), StatusCode::CREATED);
    d.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn activating_a_broken_profile_keeps_the_running_config() {
    let d = Daemon::start();
    let mut ws = d.socket(&["keys", "config"]).await;
    d.post(
        "/api/v1/profiles",
        json!({"name": "good", "source": "layer(\"base\", || { map(\"a\", \"x\"); });"}),
    )
    .await;
    d.post(
        "/api/v1/profiles",
        json!({"name": "broken", "source": "layer(\"base\", || { map(\"a\", \"nope\"); });"}),
    )
    .await;
    let activated = d.post("/api/v1/profiles/good/activate", json!({})).await;
    assert_eq!(activated.status(), StatusCode::OK);
    // The daemon's own start-up config may be announced first.
    let applied = loop {
        let m = web_support::next_of(&mut ws, "config").await;
        if m["source"] != "test" {
            break m;
        }
    };
    assert_eq!(applied["ok"].as_bool(), Some(true));
    let source = applied["source"].as_str().unwrap_or_default();
    assert!(source.ends_with("/profiles/good.rhai"), "{source}");
    // What runs is named from what the key thread applied, in the status and the listing.
    let status: Value = d.get("/api/v1/status").await.json().await.unwrap();
    assert_eq!(status["active_profile"], "good");
    let listed: Value = d.get("/api/v1/profiles").await.json().await.unwrap();
    assert_eq!(listed["active"], "good");
    let refused = d.post("/api/v1/profiles/broken/activate", json!({})).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        d.post("/api/v1/inject", json!({"input": "d:a u:a"}))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    let key = web_support::next_of(&mut ws, "key").await;
    assert_eq!(key["input"]["key"], "a");
    assert_eq!(
        key["outputs"][0]["key"], "x",
        "the good profile still runs: {key}"
    );
    let status: Value = d.get("/api/v1/status").await.json().await.unwrap();
    assert_eq!(status["active_profile"], "good");
    d.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_socket_needs_the_token_and_our_origin_and_respects_the_client_limit() {
    let d = Daemon::start_with(|o| o.max_clients = 2);
    assert!(d.try_socket(None, None).await.is_err(), "no token");
    assert!(
        d.try_socket(Some("0".repeat(64)), None).await.is_err(),
        "wrong token"
    );
    assert!(
        d.try_socket(Some(d.token.clone()), Some("http://evil.example".into()))
            .await
            .is_err(),
        "foreign origin"
    );
    let a = d.socket(&["stats"]).await;
    let b = d.socket(&["stats"]).await;
    let third = d.try_socket(Some(d.token.clone()), None).await;
    assert!(third.is_err(), "max clients");
    drop((a, b));
    // Slots come back once the server has seen the clients leave.
    web_support::eventually(|| async { d.try_socket(Some(d.token.clone()), None).await.ok() })
        .await;
    d.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn injected_keys_stream_as_keys_and_state_and_shutdown_closes_with_1001() {
    let d = Daemon::start();
    let mut ws = d.socket(&["keys", "state"]).await;
    d.post(
        "/api/v1/inject",
        json!({"input": "d:capslock t:300 u:capslock"}),
    )
    .await;
    let press = web_support::next_of(&mut ws, "key").await;
    assert_eq!(press["input"]["action"], "press");
    let state = web_support::next_of(&mut ws, "state").await;
    assert_eq!(state["devices"][0]["held_inputs"], json!(["capslock"]));
    let timer = web_support::next_of(&mut ws, "key").await;
    assert_eq!(
        (timer["input"].clone(), timer["outputs"][0]["key"].clone()),
        (Value::Null, json!("leftctrl"))
    );
    let mut ids = Vec::new();
    loop {
        let m = web_support::next_json(&mut ws).await;
        if m["type"] == "key" {
            ids.push(m["id"].as_u64().unwrap());
            break;
        }
    }
    d.stop();
    let closed = tokio::time::timeout(Duration::from_secs(5), async {
        while let Some(Ok(m)) = ws.next().await {
            if let Message::Close(Some(frame)) = m {
                return u16::from(frame.code);
            }
        }
        0
    })
    .await
    .unwrap();
    assert_eq!(closed, 1001);
    let _ = ws.close(None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_in_the_openapi_document_exists() {
    let d = Daemon::start();
    let doc: Value = d.get("/api/v1/openapi.json").await.json().await.unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let c = reqwest::Client::new();
    let mut checked = 0;
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for method in ops.as_object().unwrap().keys() {
            let url = d.url(&path.replace("{name}", "nothing-here"));
            let request = match method.as_str() {
                "get" => c.get(url),
                "post" => c.post(url).json(&json!({})),
                "put" => c.put(url).json(&json!({})),
                "delete" => c.delete(url),
                other => panic!("unexpected method {other}"),
            };
            let status = request.bearer_auth(&d.token).send().await.unwrap().status();
            assert!(
                status != StatusCode::NOT_FOUND || path.contains("{name}"),
                "{method} {path}: {status}"
            );
            assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
            checked += 1;
        }
    }
    assert!(checked >= 20, "{checked}");
    d.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_beyond_the_rate_limit_are_refused() {
    let d = Daemon::start_with(|o| o.requests_per_second = 5.0);
    let mut statuses = Vec::new();
    for _ in 0..15 {
        statuses.push(d.get("/api/v1/status").await.status());
    }
    assert!(
        statuses.iter().take(10).all(|s| *s == StatusCode::OK),
        "{statuses:?}"
    );
    assert!(
        statuses.contains(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    d.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_devices_stats_and_examples_describe_the_daemon() {
    let d = Daemon::start();
    d.post("/api/v1/inject", json!({"input": "@desk d:capslock"}))
        .await;
    // The bridge picks the event up within milliseconds and publishes statistics each second:
    // wait for what the test asserts rather than for a fixed time.
    let stats = web_support::eventually(|| async {
        let stats: Value = d.get("/api/v1/stats").await.json().await.unwrap();
        (stats["input_events"].as_u64() >= Some(1)).then_some(stats)
    })
    .await;
    let state: Value = d.get("/api/v1/state").await.json().await.unwrap();
    assert_eq!(state["devices"][0]["name"], "desk");
    assert_eq!(state["devices"][0]["held_inputs"], json!(["capslock"]));
    assert_eq!(state["devices"][0]["layers"], json!(["base"]));
    let devices: Value = d.get("/api/v1/devices").await.json().await.unwrap();
    assert_eq!(devices["attached"][0]["name"], "desk");
    assert_eq!(stats["broadcast"]["capacity"], 1024);
    assert!(stats["rss_bytes"].as_u64().unwrap() > 0);
    let examples: Value = d.get("/api/v1/examples").await.json().await.unwrap();
    assert!(
        examples["examples"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e == "home-row-mods")
    );
    d.post("/api/v1/inject", json!({"input": "@desk u:capslock"}))
        .await;
    d.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keyrx_status_reads_the_token_file_and_asks_the_daemon() {
    let d = Daemon::start();
    let state = std::env::temp_dir().join(format!("keyrx-status-{}", std::process::id()));
    std::fs::create_dir_all(state.join("keyrx")).unwrap();
    std::fs::write(state.join("keyrx/token"), &d.token).unwrap();
    let addr = d.addr.to_string();
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_keyrx"))
            .args(["status", "--addr", &addr])
            .env("XDG_STATE_HOME", &state)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["status"]["backend"], "virtual");
    assert!(report["state"]["held_outputs"].is_array(), "{report}");
    assert_eq!(
        report["state"]["locks"],
        Value::Null,
        "unknown with --virtual"
    );
    assert!(report["stats"]["broadcast"]["capacity"].is_number());
    d.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_is_served_at_the_root_and_unknown_api_routes_are_404() {
    let d = Daemon::start();
    let c = reqwest::Client::new();
    for path in ["/", "/monitor", "/config/work"] {
        let page = c.get(d.url(path)).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK, "{path}");
        assert!(
            page.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        assert!(
            page.headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("default-src 'self'")
        );
        assert!(page.text().await.unwrap().contains("<"));
    }
    let unknown = d.get("/api/v1/nope").await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let body: Value = unknown.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_found");
    d.stop();
}
