use super::*;

fn keymap(script: &str) -> KeymapView {
    let compiled = keyrx_config::compile_str("test.rhai", script, None).expect("compiles");
    KeymapView::of(&compiled.config)
}

const CONFIG: &str = r#"
layer("base", || {
    map("capslock", tap_hold("esc", "leftctrl"));
    map("a", "b");
    map("f13", "mute");
    map("space", tap_hold("space", momentary("nav")));
});
layer("nav", || {
    map("h", "left");
    map("j", "down");
});
combo(["j", "k"], "esc");
"#;

/// Every `<g class="cap ...">` of one layer: its key name and the texts it shows.
fn caps(doc: &roxmltree::Document, layer: &str) -> Vec<(String, Vec<String>, String)> {
    let group = doc
        .descendants()
        .find(|n| n.attribute("data-layer") == Some(layer))
        .expect("the layer is drawn");
    group
        .descendants()
        .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("cap ")))
        .map(|cap| {
            let texts = cap
                .children()
                .filter(|n| n.has_tag_name("text"))
                .filter_map(|n| n.text().map(str::to_string))
                .collect();
            let title = cap
                .children()
                .find(|n| n.has_tag_name("title"))
                .and_then(|n| n.text())
                .unwrap_or_default()
                .to_string();
            (
                cap.attribute("data-key").unwrap_or("").to_string(),
                texts,
                title,
            )
        })
        .collect()
}

#[test]
fn every_key_of_the_base_layer_is_named_and_drawn() {
    let svg = draw(&keymap(CONFIG), &Preset::Ansi.geometry(), None, &[]).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let base = caps(&doc, "base");
    assert_eq!(base.len(), 104);
    let ansi = Preset::Ansi.geometry();
    for placed in &ansi.keys {
        let name = placed.key.unwrap().name().unwrap();
        assert!(
            base.iter()
                .any(|(k, _, title)| k == name && title.starts_with(&format!("{name}: "))),
            "{name}"
        );
    }
    let caps_lock = base.iter().find(|(k, ..)| k == "capslock").unwrap();
    assert_eq!(
        caps_lock.1,
        ["esc", "lctrl"],
        "tap in the middle, hold below"
    );
    let a = base.iter().find(|(k, ..)| k == "a").unwrap();
    assert_eq!(a.1, ["b"]);
    let q = base.iter().find(|(k, ..)| k == "q").unwrap();
    assert_eq!(
        (q.1.as_slice(), q.2.as_str()),
        (&["Q".to_string()][..], "q: not remapped, types q")
    );
    assert!(
        svg.contains("f13 (not on this layout)"),
        "a mapping off the layout is listed"
    );
    assert!(svg.contains("combo j + k"), "combos are listed");
}

#[test]
fn upper_layers_mark_fall_through() {
    let svg = draw(
        &keymap(CONFIG),
        &Preset::Iso.geometry(),
        None,
        &["nav".into()],
    )
    .unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert!(
        doc.descendants()
            .all(|n| n.attribute("data-layer") != Some("base")),
        "only nav"
    );
    let nav = caps(&doc, "nav");
    assert_eq!(nav.len(), 105);
    assert_eq!(nav.iter().find(|(k, ..)| k == "h").unwrap().1, ["left"]);
    let q = nav.iter().find(|(k, ..)| k == "q").unwrap();
    assert_eq!(q.1, ["▽"]);
    assert!(q.2.contains("falls through"), "{}", q.2);
}

#[test]
fn unknown_block_or_layer_names_what_exists() {
    let km = keymap(CONFIG);
    let geometry = Preset::Ansi.geometry();
    let e = draw(&km, &geometry, None, &["gaming".into()]).unwrap_err();
    assert_eq!(
        e.to_string(),
        r#"block "all" has no layer named "gaming" (it has: base, nav)"#
    );
    let e = draw(&km, &geometry, Some("laptop"), &[]).unwrap_err();
    assert!(
        e.to_string()
            .starts_with(r#"the config has no device block named "laptop""#),
        "{e}"
    );
}

#[test]
fn legends_and_names_are_escaped() {
    let km = keymap(r#"layer("base", || { map("a", text("<&>\"'")); });"#);
    let svg = draw(&km, &Preset::Ansi.geometry(), None, &[]).unwrap();
    roxmltree::Document::parse(&svg).expect("still well-formed");
}

#[test]
fn kle_layouts_are_bounded() {
    let big = " ".repeat(MAX_LAYOUT_BYTES + 1);
    assert!(
        matches!(layout_from_kle(&big, "x"), Err(DrawError::LayoutTooLarge(n)) if n == MAX_LAYOUT_BYTES + 1)
    );
    let split = layout_from_kle(r#"[["Q","W"],[{"r":10,"rx":6},"Y","U"]]"#, "split").unwrap();
    let svg = draw(&keymap(CONFIG), &split, None, &["base".into()]).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert_eq!(caps(&doc, "base").len(), 4);
    assert!(svg.contains(r#"transform="rotate(10"#));
}
