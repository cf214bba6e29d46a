//! The example configs, built into the binary so a profile can start from one anywhere.

/// `(name, source)` of every self-contained example (those that import files are left out).
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "capslock-esc-ctrl",
        include_str!("../../../examples/capslock-esc-ctrl.rhai"),
    ),
    ("combos", include_str!("../../../examples/combos.rhai")),
    (
        "gaming-toggle",
        include_str!("../../../examples/gaming-toggle.rhai"),
    ),
    (
        "home-row-mods",
        include_str!("../../../examples/home-row-mods.rhai"),
    ),
    (
        "keyd-style-layers",
        include_str!("../../../examples/keyd-style-layers.rhai"),
    ),
    (
        "laptop-and-external",
        include_str!("../../../examples/laptop-and-external.rhai"),
    ),
    (
        "macros-and-text",
        include_str!("../../../examples/macros-and-text.rhai"),
    ),
    (
        "modifiers-and-locks",
        include_str!("../../../examples/modifiers-and-locks.rhai"),
    ),
    ("numpad", include_str!("../../../examples/numpad.rhai")),
    (
        "power-keys",
        include_str!("../../../examples/power-keys.rhai"),
    ),
    (
        "opposite-hand-mods",
        include_str!("../../../examples/opposite-hand-mods.rhai"),
    ),
    (
        "vim-navigation",
        include_str!("../../../examples/vim-navigation.rhai"),
    ),
];

pub fn find(name: &str) -> Option<&'static str> {
    EXAMPLES.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_built_in_example_compiles_on_its_own() {
        for (name, source) in super::EXAMPLES {
            assert!(
                keyrx_config::compile_str(name, source, None).is_ok(),
                "{name}"
            );
        }
    }
}
