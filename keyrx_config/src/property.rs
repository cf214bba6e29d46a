//! The property the fuzz target and the property tests check: whatever text compiles (as a
//! JSON config or as a script) and encodes also loads, equal to the original, and the engine
//! accepts it; nothing on the way panics.

use keyrx_core::config::Config;

use crate::krx;

/// Checks the property on arbitrary input, panicking when it does not hold.
pub fn compile_encode_load(input: &[u8]) {
    let Ok(text) = std::str::from_utf8(input) else {
        return;
    };
    if let Ok(config) = Config::from_json(text)
        && crate::validate(&config).is_ok()
    {
        encode_load(&config);
    }
    if let Ok(compiled) = crate::compile_str("fuzz.rhai", text, None) {
        let config = compiled.config;
        if let Err((block, e)) = crate::validate(&config) {
            panic!("a compiled script is refused by the engine: block `{block}`: {e}");
        }
        encode_load(&config);
    }
}

fn encode_load(config: &Config) {
    // Too large to encode is a clean refusal; anything written must load back the same.
    let Ok(bytes) = krx::try_encode(config) else {
        return;
    };
    match krx::decode(&bytes) {
        Ok(decoded) => {
            assert_eq!(&decoded, config, "the config changed through .krx");
            if let Err((block, e)) = crate::validate(&decoded) {
                panic!("a loaded .krx is refused by the engine: block `{block}`: {e}");
            }
        }
        Err(e) => panic!("a config that encodes does not load: {e}"),
    }
}
