//! Printable keymap pictures: a config's layers drawn on a keyboard's real layout (`keyrx
//! draw`, `GET /api/v1/keymap.svg`). Built from the same `KeymapView` the dashboard and
//! `keyrx check --layers` show, so the three never disagree.

mod geometry;
mod kle;
mod legends;
mod svg;

pub use geometry::{Geometry, Preset};
pub use kle::{KleError, MAX_KEYS as MAX_LAYOUT_KEYS};

use keyrx_core::explain::KeymapView;

/// The largest KLE layout accepted, in bytes (a full-size board with rich legends is ~10 KB).
pub const MAX_LAYOUT_BYTES: usize = 256 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum DrawError {
    #[error("the config has no device block named {0:?} (it has: {1})")]
    NoSuchBlock(String, String),
    #[error("block {block:?} has no layer named {layer:?} (it has: {known})")]
    NoSuchLayer {
        block: String,
        layer: String,
        known: String,
    },
    #[error("the config has no device block to draw")]
    Empty,
    #[error("the layout is larger than {MAX_LAYOUT_BYTES} bytes")]
    LayoutTooLarge(usize),
    #[error("the layout: {0}")]
    Layout(#[from] KleError),
}

/// Reads a KLE JSON layout, bounded in size.
pub fn layout_from_kle(text: &str, name: &str) -> Result<Geometry, DrawError> {
    if text.len() > MAX_LAYOUT_BYTES {
        return Err(DrawError::LayoutTooLarge(text.len()));
    }
    Ok(kle::parse(text, name)?)
}

/// Draws the named block (default: the first) with the named layers (default: all) as SVG.
pub fn draw(
    keymap: &KeymapView,
    geometry: &Geometry,
    block: Option<&str>,
    layers: &[String],
) -> Result<String, DrawError> {
    let chosen = match block {
        Some(name) => keymap
            .blocks
            .iter()
            .find(|b| b.name == name)
            .ok_or_else(|| {
                DrawError::NoSuchBlock(
                    name.to_string(),
                    list(keymap.blocks.iter().map(|b| &b.name)),
                )
            })?,
        None => keymap.blocks.first().ok_or(DrawError::Empty)?,
    };
    let picked = if layers.is_empty() {
        chosen.layers.iter().collect()
    } else {
        layers
            .iter()
            .map(|wanted| {
                chosen
                    .layers
                    .iter()
                    .find(|l| &l.name == wanted)
                    .ok_or_else(|| DrawError::NoSuchLayer {
                        block: chosen.name.clone(),
                        layer: wanted.clone(),
                        known: list(chosen.layers.iter().map(|l| &l.name)),
                    })
            })
            .collect::<Result<Vec<_>, _>>()?
    };
    let sheet = svg::Sheet {
        block: chosen,
        layers: picked,
    };
    Ok(svg::render(&sheet, geometry))
}

fn list<'a>(names: impl Iterator<Item = &'a String>) -> String {
    names.map(String::as_str).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests;
