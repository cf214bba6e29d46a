//! Keyboard geometry from a keyboard-layout-editor (KLE) JSON layout, the format split, ortho
//! and custom boards are usually described in (<https://www.keyboard-layout-editor.com>, its
//! "Raw data" / downloaded JSON). Positions follow kle-serial's reading: properties apply to
//! the next key, `x`/`y` move, `w`/`h` size, `r`/`rx`/`ry` rotate a cluster; every row starts
//! back at the cluster's x, one unit lower.

use serde_json::Value;

use super::geometry::{Geometry, PlacedKey, Rotation};
use super::legends;

/// The most keys a layout may hold: far above any keyboard, small enough to draw.
pub const MAX_KEYS: usize = 512;
/// The most rows a layout may hold.
pub const MAX_ROWS: usize = 128;
/// How far (in key units) any coordinate may reach from the origin.
pub const MAX_COORDINATE: f64 = 200.0;
/// The largest width or height of one key, in key units.
pub const MAX_KEY_SIZE: f64 = 30.0;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum KleError {
    #[error("the layout is not JSON: {0}")]
    Json(String),
    #[error("a KLE layout is a JSON array of rows (and an optional metadata object first)")]
    NotAnArray,
    #[error("row {row}: a row is an array of keys and property objects")]
    NotARow { row: usize },
    #[error("row {row}, item {item}: {reason}")]
    Item {
        row: usize,
        item: usize,
        reason: String,
    },
    #[error("more than {MAX_ROWS} rows")]
    TooManyRows,
    #[error("more than {MAX_KEYS} keys")]
    TooManyKeys,
    #[error("the layout has no keys")]
    Empty,
}

/// The position state kle-serial carries from key to key.
#[derive(Debug, Clone, Copy)]
struct Cursor {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    x2: f64,
    y2: f64,
    w2: f64,
    h2: f64,
    decal: bool,
    angle: f64,
    rx: f64,
    ry: f64,
}

impl Cursor {
    fn new() -> Cursor {
        Cursor {
            x: 0.0,
            y: 0.0,
            w: 1.0,
            h: 1.0,
            x2: 0.0,
            y2: 0.0,
            w2: 0.0,
            h2: 0.0,
            decal: false,
            angle: 0.0,
            rx: 0.0,
            ry: 0.0,
        }
    }

    /// After a key: the next one starts to its right, with the default size.
    fn advance(&mut self) {
        self.x += self.w;
        self.w = 1.0;
        self.h = 1.0;
        self.x2 = 0.0;
        self.y2 = 0.0;
        self.w2 = 0.0;
        self.h2 = 0.0;
        self.decal = false;
    }
}

/// Parses a KLE layout; its legends name the keys (see `legends::resolve`).
pub fn parse(text: &str, name: &str) -> Result<Geometry, KleError> {
    let value: Value = serde_json::from_str(text).map_err(|e| KleError::Json(e.to_string()))?;
    let Value::Array(rows) = value else {
        return Err(KleError::NotAnArray);
    };
    let mut cursor = Cursor::new();
    let mut keys = Vec::new();
    let mut resolver = legends::Resolver::default();
    let mut row_number = 0;
    for (index, row) in rows.iter().enumerate() {
        let items = match row {
            Value::Object(_) if index == 0 => continue, // metadata: name, author, background
            Value::Array(items) => items,
            _ => return Err(KleError::NotARow { row: index + 1 }),
        };
        row_number += 1;
        if row_number > MAX_ROWS {
            return Err(KleError::TooManyRows);
        }
        for (item_index, item) in items.iter().enumerate() {
            let at = |reason: String| KleError::Item {
                row: index + 1,
                item: item_index + 1,
                reason,
            };
            match item {
                Value::String(legend) => {
                    if !cursor.decal {
                        if keys.len() == MAX_KEYS {
                            return Err(KleError::TooManyKeys);
                        }
                        keys.push(place(&cursor, legend, &mut resolver));
                    }
                    cursor.advance();
                }
                Value::Object(props) => {
                    apply(&mut cursor, props, item_index == 0).map_err(at)?;
                }
                _ => return Err(at("an item is a legend string or a property object".into())),
            }
        }
        cursor.y += 1.0;
        cursor.x = cursor.rx;
    }
    if keys.is_empty() {
        return Err(KleError::Empty);
    }
    Ok(Geometry::new(name, keys))
}

fn place(cursor: &Cursor, legend: &str, resolver: &mut legends::Resolver) -> PlacedKey {
    let key = resolver.resolve(legend, cursor.w);
    let second = (cursor.w2 > 0.0 || cursor.h2 > 0.0).then(|| {
        let w2 = if cursor.w2 > 0.0 { cursor.w2 } else { cursor.w };
        let h2 = if cursor.h2 > 0.0 { cursor.h2 } else { cursor.h };
        [cursor.x + cursor.x2, cursor.y + cursor.y2, w2, h2].map(|v| v as f32)
    });
    PlacedKey {
        key,
        legend: legends::display_legend(legend),
        x: cursor.x as f32,
        y: cursor.y as f32,
        w: cursor.w as f32,
        h: cursor.h as f32,
        second,
        rotation: (cursor.angle != 0.0).then_some(Rotation {
            angle: cursor.angle as f32,
            x: cursor.rx as f32,
            y: cursor.ry as f32,
        }),
    }
}

/// Applies one property object to the cursor; the properties that only style the picture in
/// KLE (colours, fonts, profiles, alignment) are accepted and ignored.
fn apply(
    cursor: &mut Cursor,
    props: &serde_json::Map<String, Value>,
    first_in_row: bool,
) -> Result<(), String> {
    let number = |name: &str| -> Result<Option<f64>, String> {
        match props.get(name) {
            None => Ok(None),
            Some(Value::Number(n)) => match n.as_f64() {
                Some(v) if v.is_finite() && v.abs() <= MAX_COORDINATE => Ok(Some(v)),
                _ => Err(format!(
                    "`{name}` must be a number between -{MAX_COORDINATE} and {MAX_COORDINATE}"
                )),
            },
            Some(_) => Err(format!("`{name}` must be a number")),
        }
    };
    if let Some(r) = number("r")? {
        if !first_in_row {
            return Err("`r` may only start a row (as in KLE)".into());
        }
        cursor.angle = r;
    }
    if let Some(rx) = number("rx")? {
        cursor.rx = rx;
        cursor.x = rx;
        cursor.y = cursor.ry;
    }
    if let Some(ry) = number("ry")? {
        cursor.ry = ry;
        cursor.x = cursor.rx;
        cursor.y = ry;
    }
    if let Some(x) = number("x")? {
        cursor.x += x;
    }
    if let Some(y) = number("y")? {
        cursor.y += y;
    }
    for (name, slot) in [("w", &mut cursor.w), ("h", &mut cursor.h)] {
        if let Some(v) = number(name)? {
            if v <= 0.0 || v > MAX_KEY_SIZE {
                return Err(format!(
                    "`{name}` must be above 0 and at most {MAX_KEY_SIZE}"
                ));
            }
            *slot = v;
        }
    }
    for (name, slot) in [
        ("x2", &mut cursor.x2),
        ("y2", &mut cursor.y2),
        ("w2", &mut cursor.w2),
        ("h2", &mut cursor.h2),
    ] {
        if let Some(v) = number(name)? {
            *slot = v;
        }
    }
    if let Some(d) = props.get("d") {
        cursor.decal = d.as_bool().ok_or("`d` must be true or false")?;
    }
    if cursor.x.abs() > MAX_COORDINATE || cursor.y.abs() > MAX_COORDINATE {
        return Err(format!(
            "the position leaves the {MAX_COORDINATE}-unit drawing area"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use keyrx_core::keys::key;

    fn names(g: &Geometry) -> Vec<String> {
        g.keys
            .iter()
            .map(|k| k.key.and_then(|c| c.name()).unwrap_or("?").to_string())
            .collect()
    }

    #[test]
    fn positions_follow_kle_serial() {
        let g = parse(
            r#"[{"name":"t"},["Esc",{"x":1},"F1"],[{"w":1.5},"Tab","Q"],[{"y":0.5,"w":2.25},"Shift"]]"#,
            "t",
        )
        .unwrap();
        let at: Vec<_> = g.keys.iter().map(|k| (k.x, k.y, k.w)).collect();
        assert_eq!(
            at,
            [
                (0.0, 0.0, 1.0),
                (2.0, 0.0, 1.0),
                (0.0, 1.0, 1.5),
                (1.5, 1.0, 1.0),
                (0.0, 2.5, 2.25)
            ]
        );
        assert_eq!(names(&g), ["esc", "f1", "tab", "q", "leftshift"]);
    }

    #[test]
    fn rotated_clusters_restart_at_their_origin() {
        let g = parse(r#"[["A"],[{"r":15,"rx":5,"ry":1},"B","C"],["D"]]"#, "split").unwrap();
        let b = &g.keys[1];
        assert_eq!((b.x, b.y), (5.0, 1.0));
        assert_eq!(
            b.rotation.map(|r| (r.angle, r.x, r.y)),
            Some((15.0, 5.0, 1.0))
        );
        let d = &g.keys[3];
        assert_eq!(
            (d.x, d.y),
            (5.0, 2.0),
            "a new row starts at the cluster's x"
        );
        assert_eq!(d.key, Some(key("d")));
    }

    #[test]
    fn second_rectangle_and_decals() {
        let g = parse(
            r#"[[{"x":0.25,"w":1.25,"h":2,"w2":1.5,"h2":1,"x2":-0.25},"Enter",{"d":true},"logo","X"]]"#,
            "iso",
        )
        .unwrap();
        assert_eq!(g.keys.len(), 2, "a decal is not a key");
        assert_eq!(g.keys[0].second, Some([0.0, 0.0, 1.5, 1.0]));
        assert_eq!(g.keys[1].x, 2.5);
    }

    #[test]
    fn hostile_layouts_are_refused_with_their_place() {
        let cases = [
            ("{}", KleError::NotAnArray),
            ("[1]", KleError::NotARow { row: 1 }),
            ("[]", KleError::Empty),
        ];
        for (text, expected) in cases {
            assert_eq!(parse(text, "x").unwrap_err(), expected, "{text}");
        }
        let bad = parse(r#"[["a",{"w":-1},"b"]]"#, "x").unwrap_err();
        assert_eq!(
            bad.to_string(),
            "row 1, item 2: `w` must be above 0 and at most 30"
        );
        let far = parse(r#"[[{"x":150},"a",{"x":150},"b"]]"#, "x").unwrap_err();
        assert!(far.to_string().contains("leaves the 200-unit"), "{far}");
        let late_r = parse(r#"[["a",{"r":10},"b"]]"#, "x").unwrap_err();
        assert!(
            late_r.to_string().contains("`r` may only start a row"),
            "{late_r}"
        );
        assert!(matches!(parse("[[", "x"), Err(KleError::Json(_))));
    }

    #[test]
    fn key_and_row_counts_are_bounded() {
        let row = format!("[{}]", vec!["\"a\""; MAX_KEYS + 1].join(","));
        assert_eq!(
            parse(&format!("[{row}]"), "x").unwrap_err(),
            KleError::TooManyKeys
        );
        let at_limit = format!("[[{}]]", vec!["\"a\""; MAX_KEYS].join(","));
        assert_eq!(parse(&at_limit, "x").unwrap().keys.len(), MAX_KEYS);
        let rows = format!("[{}]", vec!["[\"a\"]"; MAX_ROWS + 1].join(","));
        assert_eq!(parse(&rows, "x").unwrap_err(), KleError::TooManyRows);
    }
}
