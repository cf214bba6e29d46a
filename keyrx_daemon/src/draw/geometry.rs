//! Where each key of a keyboard sits, in key units (1 = one letter key): the built-in ANSI and
//! ISO presets and layouts read from KLE JSON (`kle.rs`).

use keyrx_core::keys::KeyCode;

use super::kle;

/// A cluster's rotation in degrees around a point, as KLE rotates split halves and thumbs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rotation {
    pub angle: f32,
    pub x: f32,
    pub y: f32,
}

/// One key of a layout.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedKey {
    /// The key it sends; `None` for a key whose legend names none (e.g. Fn on some boards).
    pub key: Option<KeyCode>,
    /// Its legend in the layout, drawn when it names no key.
    pub legend: String,
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    /// A second rectangle of the same key (x, y, w, h), as an ISO Enter has.
    pub second: Option<[f32; 4]>,
    pub rotation: Option<Rotation>,
}

/// A keyboard's keys and the box they fill.
#[derive(Debug, Clone, PartialEq)]
pub struct Geometry {
    pub name: String,
    pub keys: Vec<PlacedKey>,
}

/// The built-in layouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Preset {
    /// Full-size ANSI (104 keys), as the dashboard draws it.
    Ansi,
    /// Full-size ISO (105 keys): tall Enter, the key left of Z, # beside Enter.
    Iso,
}

// Legends are keyrx key names, so that the presets read like any KLE file a user would write.
const ANSI: &str = r#"[
["esc",{"x":1},"f1","f2","f3","f4",{"x":0.5},"f5","f6","f7","f8",{"x":0.5},"f9","f10","f11","f12",{"x":0.5},"sysrq","scrolllock","pause"],
[{"y":0.5},"grave","1","2","3","4","5","6","7","8","9","0","minus","equal",{"w":2},"backspace",{"x":0.5},"insert","home","pageup",{"x":1},"numlock","kpslash","kpasterisk","kpminus"],
[{"w":1.5},"tab","q","w","e","r","t","y","u","i","o","p","leftbrace","rightbrace",{"w":1.5},"backslash",{"x":0.5},"delete","end","pagedown",{"x":1},"kp7","kp8","kp9",{"h":2},"kpplus"],
[{"w":1.75},"capslock","a","s","d","f","g","h","j","k","l","semicolon","apostrophe",{"w":2.25},"enter",{"x":4.5},"kp4","kp5","kp6"],
[{"w":2.25},"leftshift","z","x","c","v","b","n","m","comma","dot","slash",{"w":2.75},"rightshift",{"x":1.5},"up",{"x":2},"kp1","kp2","kp3",{"h":2},"kpenter"],
[{"w":1.25},"leftctrl",{"w":1.25},"leftmeta",{"w":1.25},"leftalt",{"w":6.25},"space",{"w":1.25},"rightalt",{"w":1.25},"rightmeta",{"w":1.25},"compose",{"w":1.25},"rightctrl",{"x":0.5},"left","down","right",{"x":1,"w":2},"kp0","kpdot"]
]"#;

const ISO: &str = r#"[
["esc",{"x":1},"f1","f2","f3","f4",{"x":0.5},"f5","f6","f7","f8",{"x":0.5},"f9","f10","f11","f12",{"x":0.5},"sysrq","scrolllock","pause"],
[{"y":0.5},"grave","1","2","3","4","5","6","7","8","9","0","minus","equal",{"w":2},"backspace",{"x":0.5},"insert","home","pageup",{"x":1},"numlock","kpslash","kpasterisk","kpminus"],
[{"w":1.5},"tab","q","w","e","r","t","y","u","i","o","p","leftbrace","rightbrace",{"x":0.25,"w":1.25,"h":2,"w2":1.5,"h2":1,"x2":-0.25},"enter",{"x":0.5},"delete","end","pagedown",{"x":1},"kp7","kp8","kp9",{"h":2},"kpplus"],
[{"w":1.75},"capslock","a","s","d","f","g","h","j","k","l","semicolon","apostrophe","backslash",{"x":5.75},"kp4","kp5","kp6"],
[{"w":1.25},"leftshift","102nd","z","x","c","v","b","n","m","comma","dot","slash",{"w":2.75},"rightshift",{"x":1.5},"up",{"x":2},"kp1","kp2","kp3",{"h":2},"kpenter"],
[{"w":1.25},"leftctrl",{"w":1.25},"leftmeta",{"w":1.25},"leftalt",{"w":6.25},"space",{"w":1.25},"rightalt",{"w":1.25},"rightmeta",{"w":1.25},"compose",{"w":1.25},"rightctrl",{"x":0.5},"left","down","right",{"x":1,"w":2},"kp0","kpdot"]
]"#;

impl Preset {
    pub fn geometry(self) -> Geometry {
        let (text, name) = match self {
            Preset::Ansi => (ANSI, "ANSI"),
            Preset::Iso => (ISO, "ISO"),
        };
        kle::parse(text, name).expect("the built-in layouts parse")
    }

    pub fn from_name(name: &str) -> Option<Preset> {
        match name.to_ascii_lowercase().as_str() {
            "ansi" => Some(Preset::Ansi),
            "iso" => Some(Preset::Iso),
            _ => None,
        }
    }
}

impl Geometry {
    pub fn new(name: &str, keys: Vec<PlacedKey>) -> Geometry {
        Geometry {
            name: name.to_string(),
            keys,
        }
    }

    /// The box (min x, min y, max x, max y) the keys fill, rotations included.
    pub fn bounds(&self) -> [f32; 4] {
        let mut b = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
        for key in &self.keys {
            let rects = std::iter::once([key.x, key.y, key.w, key.h]).chain(key.second);
            for [x, y, w, h] in rects {
                for (cx, cy) in [(x, y), (x + w, y), (x, y + h), (x + w, y + h)] {
                    let (px, py) = rotate(cx, cy, key.rotation);
                    b = [b[0].min(px), b[1].min(py), b[2].max(px), b[3].max(py)];
                }
            }
        }
        if self.keys.is_empty() { [0.0; 4] } else { b }
    }

    /// Whether the layout has a place for this key.
    pub fn has(&self, key: KeyCode) -> bool {
        self.keys.iter().any(|k| k.key == Some(key))
    }
}

fn rotate(x: f32, y: f32, rotation: Option<Rotation>) -> (f32, f32) {
    let Some(r) = rotation else { return (x, y) };
    let (sin, cos) = r.angle.to_radians().sin_cos();
    let (dx, dy) = (x - r.x, y - r.y);
    (r.x + dx * cos - dy * sin, r.y + dx * sin + dy * cos)
}

#[cfg(test)]
mod tests {
    use super::*;
    use keyrx_core::keys::key;

    fn at(g: &Geometry, name: &str) -> (f32, f32, f32, f32) {
        let k = g.keys.iter().find(|k| k.key == Some(key(name))).unwrap();
        (k.x, k.y, k.w, k.h)
    }

    #[test]
    fn ansi_matches_the_dashboard_drawing() {
        let g = Preset::Ansi.geometry();
        assert_eq!(g.keys.len(), 104);
        assert!(
            g.keys.iter().all(|k| k.key.is_some()),
            "every legend names a key"
        );
        assert_eq!(at(&g, "esc"), (0.0, 0.0, 1.0, 1.0));
        assert_eq!(at(&g, "sysrq"), (15.5, 0.0, 1.0, 1.0));
        assert_eq!(at(&g, "grave"), (0.0, 1.5, 1.0, 1.0));
        assert_eq!(at(&g, "insert"), (15.5, 1.5, 1.0, 1.0));
        assert_eq!(at(&g, "numlock"), (19.5, 1.5, 1.0, 1.0));
        assert_eq!(at(&g, "kp4"), (19.5, 3.5, 1.0, 1.0));
        assert_eq!(at(&g, "up"), (16.5, 4.5, 1.0, 1.0));
        assert_eq!(at(&g, "kp1"), (19.5, 4.5, 1.0, 1.0));
        assert_eq!(at(&g, "space"), (3.75, 5.5, 6.25, 1.0));
        assert_eq!(at(&g, "left"), (15.5, 5.5, 1.0, 1.0));
        assert_eq!(at(&g, "kp0"), (19.5, 5.5, 2.0, 1.0));
        assert_eq!(at(&g, "kpplus"), (22.5, 2.5, 1.0, 2.0));
        assert_eq!(g.bounds(), [0.0, 0.0, 23.5, 6.5]);
    }

    #[test]
    fn iso_differs_where_iso_does() {
        let g = Preset::Iso.geometry();
        assert_eq!(g.keys.len(), 105);
        assert_eq!(at(&g, "enter"), (13.75, 2.5, 1.25, 2.0));
        let enter = g.keys.iter().find(|k| k.key == Some(key("enter"))).unwrap();
        assert_eq!(enter.second, Some([13.5, 2.5, 1.5, 1.0]));
        assert_eq!(at(&g, "backslash"), (12.75, 3.5, 1.0, 1.0));
        assert_eq!(at(&g, "102nd"), (1.25, 4.5, 1.0, 1.0));
        assert_eq!(at(&g, "kp4"), (19.5, 3.5, 1.0, 1.0));
        assert_eq!(g.bounds(), [0.0, 0.0, 23.5, 6.5]);
    }

    #[test]
    fn rotation_moves_the_bounds() {
        let g = Geometry::new(
            "r",
            vec![PlacedKey {
                key: None,
                legend: String::new(),
                x: 0.0,
                y: 0.0,
                w: 1.0,
                h: 1.0,
                second: None,
                rotation: Some(Rotation {
                    angle: 90.0,
                    x: 0.0,
                    y: 0.0,
                }),
            }],
        );
        let b = g.bounds();
        assert!((b[0] + 1.0).abs() < 1e-5 && b[2].abs() < 1e-5, "{b:?}");
    }
}
