//! The daemon explains itself: what each key does on each layer (validated text and the
//! running config), and why keys did what they did (decisions on the key stream).

mod web_support;

use serde_json::{Value, json};
use web_support::Daemon;

fn find_key<'a>(layer: &'a Value, key: &str) -> &'a Value {
    layer["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["key"] == key)
        .unwrap_or_else(|| panic!("{key} not in {layer}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn validate_describes_every_layer_of_text_that_compiles() {
    let d = Daemon::start();
    let source = r#"
        layer("base", || { map("capslock", tap_hold("esc", "lctrl")); map("space", momentary("nav")); });
        layer("nav", || { map("h", "left"); });
        combo(["j", "k"], "esc");
    "#;
    let v: Value = d
        .post("/api/v1/validate", json!({ "source": source }))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["ok"], true, "{v}");
    let block = &v["keymap"]["blocks"][0];
    let layers: Vec<&str> = block["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert_eq!(layers, ["base", "nav"]);
    let caps = find_key(&block["layers"][0], "capslock");
    assert_eq!(
        (&caps["kind"], &caps["label"], &caps["hold"]),
        (&json!("tap_hold"), &json!("esc"), &json!("lctrl"))
    );
    assert_eq!(find_key(&block["layers"][0], "space")["kind"], "layer");
    assert_eq!(find_key(&block["layers"][1], "h")["label"], "left");
    assert_eq!(block["combos"][0]["keys"], json!(["j", "k"]));

    let broken: Value = d
        .post(
            "/api/v1/validate",
            json!({ "source": "layer(\"base\", || { map(\"a\", ); });" }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(broken["ok"], false);
    assert!(broken.get("keymap").is_none(), "{broken}");
    d.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keymap_shows_the_running_config() {
    let d = Daemon::start();
    let v: Value = d.get("/api/v1/keymap").await.json().await.unwrap();
    let base = &v["blocks"][0]["layers"][0];
    assert_eq!(base["name"], "base");
    assert_eq!(
        find_key(base, "capslock")["detail"],
        "tap: types esc; hold: types leftctrl (tap-hold, balanced, 200 ms)"
    );
    d.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn key_messages_carry_structured_decisions() {
    let d = Daemon::start();
    let mut ws = d.socket(&["keys"]).await;
    d.post(
        "/api/v1/inject",
        json!({"input": "d:capslock d:a u:a u:capslock"}),
    )
    .await;
    let decided = loop {
        let m = web_support::next_of(&mut ws, "key").await;
        if m["decisions"].as_array().is_some_and(|d| !d.is_empty()) {
            break m;
        }
    };
    let decision = &decided["decisions"][0];
    assert_eq!(
        (
            &decision["kind"],
            &decision["key"],
            &decision["outcome"],
            &decision["cause"]
        ),
        (
            &json!("tap_hold"),
            &json!("capslock"),
            &json!("hold"),
            &json!("other_key_tapped")
        ),
        "{decided}"
    );
    assert!(
        decision["text"]
            .as_str()
            .unwrap()
            .starts_with("capslock resolved as hold: a was tapped inside it"),
        "{decision}"
    );
    d.stop();
}
