//! Key names: parsing them in scenarios and printing events and key sets in reports.

use evdev::KeyCode;

/// `a`, `A`, `KEY_A`, `leftctrl`, a few kanata-style aliases (`lctl`, `caps`, ...), or `0x1e`.
pub fn parse_key(s: &str) -> Result<u16, String> {
    if let Some(h) = s.strip_prefix("0x") {
        return u16::from_str_radix(h, 16).map_err(|_| format!("bad key code '{s}'"));
    }
    let up = s.to_ascii_uppercase();
    let alias = match up.as_str() {
        "LCTL" | "LCTRL" | "CTRL" => "LEFTCTRL",
        "RCTL" | "RCTRL" => "RIGHTCTRL",
        "LSFT" | "LSHIFT" | "SHIFT" => "LEFTSHIFT",
        "RSFT" | "RSHIFT" => "RIGHTSHIFT",
        "LALT" | "ALT" => "LEFTALT",
        "RALT" | "ALTGR" => "RIGHTALT",
        "LMET" | "LMETA" | "META" | "SUPER" => "LEFTMETA",
        "RMET" | "RMETA" => "RIGHTMETA",
        "CAPS" => "CAPSLOCK",
        "RET" | "RETURN" => "ENTER",
        "SPC" => "SPACE",
        "BSPC" => "BACKSPACE",
        "ESCAPE" => "ESC",
        other => other,
    };
    let full = if alias.starts_with("KEY_") || alias.starts_with("BTN_") {
        alias.to_string()
    } else {
        format!("KEY_{alias}")
    };
    full.parse::<KeyCode>()
        .map(|k| k.code())
        .map_err(|_| format!("unknown key name '{s}'"))
}

/// `a`, `leftctrl`, ...: the lower-case name without `KEY_`, or `0x..` for codes evdev cannot name.
pub fn kname(code: u16) -> String {
    let d = format!("{:?}", KeyCode::new(code));
    if d.starts_with("unknown") {
        return format!("0x{code:x}");
    }
    d.strip_prefix("KEY_").unwrap_or(&d).to_ascii_lowercase()
}

/// One key event in the scenario's own notation (`d:a`, `u:a`, `r:a`), so reports can be
/// pasted back into `expect`.
pub fn ev_tok(code: u16, value: i32) -> String {
    let p = match value {
        0 => "u",
        1 => "d",
        2 => "r",
        _ => "?",
    };
    format!("{p}:{}", kname(code))
}

/// Key events as space-separated tokens (see `ev_tok`).
pub fn ev_toks(evs: impl IntoIterator<Item = (u16, i32)>) -> String {
    evs.into_iter()
        .map(|(c, v)| ev_tok(c, v))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A set of keys as `[a leftctrl ...]`.
pub fn keylist(codes: &[u16]) -> String {
    format!(
        "[{}]",
        codes
            .iter()
            .map(|c| kname(*c))
            .collect::<Vec<_>>()
            .join(" ")
    )
}
