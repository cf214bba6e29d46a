//! The printable picture: one keyboard per layer, stacked on one sheet, each cap showing what
//! the key does there (a tap-hold's tap in the middle and its hold below, as keymap-drawer
//! draws them), with a `<title>` per key carrying the full sentence for screen readers and
//! tooltips, and the mappings the layout has no place for listed under their layer.

use std::fmt::Write;

use keyrx_core::explain::{ActionKind, BlockView, KeyView, LayerView};
use keyrx_core::keys::KeyCode;

use super::geometry::{Geometry, PlacedKey};
use super::legends::short_legend;

/// Pixels per key unit.
const UNIT: f32 = 56.0;
/// Space between neighbouring caps, in pixels.
const SPACING: f32 = 4.0;
const MARGIN: f32 = 16.0;
/// Height of a layer's heading band.
const HEADING: f32 = 34.0;
/// Height of one line of the "not on this layout" list.
const LINE: f32 = 18.0;

const STYLE: &str = "\
svg{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif}\
.heading{font-size:17px;font-weight:600;fill:#111}\
.note{font-size:12px;fill:#333}\
.cap rect{fill:#f4f4f4;stroke:#777;stroke-width:1}\
.cap text{text-anchor:middle;fill:#111}\
.cap .hold{fill:#444}\
.cap.self rect{fill:#fff;stroke:#bbb}.cap.self text{fill:#777}\
.cap.through rect{fill:#fff;stroke:#ddd;stroke-dasharray:3 2}.cap.through text{fill:#aaa}\
.cap.tap_hold rect{fill:#e3ecfa}.cap.layer rect{fill:#e6f4e4}.cap.one_shot rect{fill:#fbf0d9}\
.cap.macro rect,.cap.text rect{fill:#f3e6f7}.cap.block rect{fill:#f6dede}\
.cap.cond rect{fill:#e4f3f3}.cap.release_all rect{fill:#f6dede}.cap.leader rect{fill:#f5e1f7}\
.cap.mouse rect{fill:#fde8d8}\
@media print{.cap rect{stroke:#000}}";

/// What a sheet shows: one block's layers (all, or those asked for).
pub struct Sheet<'a> {
    pub block: &'a BlockView,
    pub layers: Vec<&'a LayerView>,
}

/// Draws the sheet on the geometry as a standalone SVG document.
pub fn render(sheet: &Sheet, geometry: &Geometry) -> String {
    let [min_x, min_y, max_x, max_y] = geometry.bounds();
    let board_w = (max_x - min_x) * UNIT;
    let board_h = (max_y - min_y) * UNIT;
    let width = board_w + 2.0 * MARGIN;
    let mut body = String::new();
    let mut top = MARGIN;
    let base = sheet.block.layers.first();
    for layer in &sheet.layers {
        let is_base = base.is_some_and(|b| std::ptr::eq(b, *layer));
        let heading = format!("{} — layer {}", sheet.block.name, layer.name);
        let _ = write!(
            body,
            r#"<g class="layer" data-layer="{}"><text class="heading" x="{MARGIN}" y="{}">{}</text>"#,
            esc(&layer.name),
            top + 20.0,
            esc(&heading)
        );
        top += HEADING;
        let origin = (MARGIN - min_x * UNIT, top - min_y * UNIT);
        for placed in &geometry.keys {
            draw_cap(&mut body, placed, layer, is_base, origin);
        }
        top += board_h + 8.0;
        for line in off_layout_lines(layer, geometry) {
            note_line(&mut body, &mut top, &line);
        }
        body.push_str("</g>");
        top += 12.0;
    }
    for line in block_notes(sheet.block) {
        note_line(&mut body, &mut top, &line);
    }
    let height = top + MARGIN;
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?>"#,
            "\n",
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="{label}">"#,
            "<title>{label}</title><style>{style}</style>",
            r##"<rect width="100%" height="100%" fill="#fff"/>{body}</svg>"##,
            "\n"
        ),
        w = fmt(width),
        h = fmt(height),
        label = esc(&format!(
            "keyrx keymap: {} on {}",
            sheet.block.name, geometry.name
        )),
        style = STYLE,
        body = body,
    )
}

/// What one cap shows on one layer, and the class it is drawn with.
struct Cap {
    class: &'static str,
    label: String,
    hold: Option<String>,
    title: String,
}

fn cap_for(placed: &PlacedKey, layer: &LayerView, is_base: bool) -> Cap {
    let Some(code) = placed.key else {
        return Cap {
            class: "self",
            label: placed.legend.clone(),
            hold: None,
            title: format!("{}: sends no key keyrx can see", placed.legend),
        };
    };
    let name = code.name().unwrap_or("?");
    if let Some(view) = mapped(layer, code) {
        let a = &view.action;
        let is_through = a.kind == ActionKind::Transparent;
        return Cap {
            class: if is_through {
                "through"
            } else {
                kind_class(a.kind)
            },
            label: if is_through {
                "▽".into()
            } else {
                a.label.clone()
            },
            hold: a.hold.clone(),
            title: format!("{name}: {}", a.detail),
        };
    }
    if is_base {
        Cap {
            class: "self",
            label: short_legend(name),
            hold: None,
            title: format!("{name}: not remapped, types {name}"),
        }
    } else {
        Cap {
            class: "through",
            label: "▽".into(),
            hold: None,
            title: format!(
                "{name}: not mapped on {}, falls through to the layers below",
                layer.name
            ),
        }
    }
}

fn draw_cap(
    out: &mut String,
    placed: &PlacedKey,
    layer: &LayerView,
    is_base: bool,
    origin: (f32, f32),
) {
    let cap = cap_for(placed, layer, is_base);
    let px = |v: f32, o: f32| o + v * UNIT;
    let transform = placed.rotation.map_or(String::new(), |r| {
        format!(
            r#" transform="rotate({} {} {})""#,
            fmt(r.angle),
            fmt(px(r.x, origin.0)),
            fmt(px(r.y, origin.1))
        )
    });
    let key_attr = placed
        .key
        .and_then(KeyCode::name)
        .map_or(String::new(), |n| format!(r#" data-key="{}""#, esc(n)));
    let _ = write!(
        out,
        r#"<g class="cap {}"{key_attr}{transform}><title>{}</title>"#,
        cap.class,
        esc(&cap.title)
    );
    let rects = placed
        .second
        .into_iter()
        .chain(std::iter::once([placed.x, placed.y, placed.w, placed.h]));
    for [x, y, w, h] in rects {
        let _ = write!(
            out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="5"/>"#,
            fmt(px(x, origin.0) + SPACING / 2.0),
            fmt(px(y, origin.1) + SPACING / 2.0),
            fmt(w * UNIT - SPACING),
            fmt(h * UNIT - SPACING)
        );
    }
    let cx = px(placed.x + placed.w / 2.0, origin.0);
    let cy = px(placed.y + placed.h / 2.0, origin.1);
    let room = placed.w * UNIT - 2.0 * SPACING;
    let tap_y = if cap.hold.is_some() {
        cy - 2.0
    } else {
        cy + 5.0
    };
    let _ = write!(
        out,
        r#"<text class="tap" x="{}" y="{}" font-size="{}">{}</text>"#,
        fmt(cx),
        fmt(tap_y),
        fmt(font_size(&cap.label, room, 14.0)),
        esc(&cap.label)
    );
    if let Some(hold) = &cap.hold {
        let _ = write!(
            out,
            r#"<text class="hold" x="{}" y="{}" font-size="{}">{}</text>"#,
            fmt(cx),
            fmt(cy + placed.h * UNIT / 2.0 - 9.0),
            fmt(font_size(hold, room, 10.0)),
            esc(hold)
        );
    }
    out.push_str("</g>");
}

/// A size at which the text fits the cap's width (about 0.6 em per character).
fn font_size(text: &str, room: f32, largest: f32) -> f32 {
    let chars = text.chars().count().max(1) as f32;
    (room / (0.6 * chars)).clamp(6.0, largest)
}

fn mapped(layer: &LayerView, code: KeyCode) -> Option<&KeyView> {
    let name = code.name()?;
    layer.keys.iter().find(|k| k.key == name)
}

/// The keys a layer maps that the layout has no cap for, so that nothing is left out.
fn off_layout_lines(layer: &LayerView, geometry: &Geometry) -> Vec<String> {
    layer
        .keys
        .iter()
        .filter(|k| KeyCode::from_name(&k.key).is_none_or(|c| !geometry.has(c)))
        .map(|k| format!("{} (not on this layout): {}", k.key, k.action.detail))
        .collect()
}

fn block_notes(block: &BlockView) -> Vec<String> {
    let combos = block.combos.iter().map(|c| {
        let only = if c.layers.is_empty() {
            String::new()
        } else {
            format!(" (on {})", c.layers.join(", "))
        };
        format!("combo {}{only}: {}", c.keys.join(" + "), c.action.detail)
    });
    let overrides = block.overrides.iter().map(|o| format!("override: {o}"));
    let sequences = block.sequences.iter().map(|s| format!("sequence: {s}"));
    combos.chain(overrides).chain(sequences).collect()
}

/// One line of notes under a drawing, at `top`, which moves down by a line.
fn note_line(body: &mut String, top: &mut f32, line: &str) {
    let _ = write!(
        body,
        r#"<text class="note" x="{MARGIN}" y="{}">{}</text>"#,
        *top + 13.0,
        esc(line)
    );
    *top += LINE;
}

fn kind_class(kind: ActionKind) -> &'static str {
    match kind {
        ActionKind::Key => "key",
        ActionKind::Transparent => "through",
        ActionKind::Block => "block",
        ActionKind::Layer => "layer",
        ActionKind::OneShot => "one_shot",
        ActionKind::TapHold => "tap_hold",
        ActionKind::Macro => "macro",
        ActionKind::Text => "text",
        ActionKind::Cond => "cond",
        ActionKind::ReleaseAll => "release_all",
        ActionKind::Mouse => "mouse",
        ActionKind::Command => "command",
        ActionKind::Leader => "leader",
    }
}

/// A coordinate with at most two decimals and no trailing zeros.
fn fmt(v: f32) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

/// Escapes text for XML content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}
