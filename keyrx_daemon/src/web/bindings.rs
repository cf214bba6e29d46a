//! The dashboard's TypeScript declarations of the wire types, generated from the Rust types
//! so the two cannot drift: a test compares the committed file with what the types say now.

use std::path::PathBuf;

use ts_rs::TS;

/// Where the dashboard imports the declarations from.
fn bindings_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../keyrx_ui/src/lib/generated/wire.ts")
}

/// Every declaration, dependencies before their users.
fn declarations() -> String {
    use super::profiles::ProfileSummary;
    use super::wire::*;
    use crate::runtime::distribution::Bucket;
    use crate::runtime::stats::Percentiles;
    use keyrx_config::{Diagnostic, Severity, Span};
    use keyrx_core::explain::*;

    // Times and counters stay far below 2^53, so plain numbers are exact.
    let cfg = ts_rs::Config::default().with_large_int("number");
    let decls = [
        Severity::decl(&cfg),
        Span::decl(&cfg),
        Diagnostic::decl(&cfg),
        ActionKind::decl(&cfg),
        ActionView::decl(&cfg),
        KeyView::decl(&cfg),
        LayerView::decl(&cfg),
        ComboView::decl(&cfg),
        BlockView::decl(&cfg),
        KeymapView::decl(&cfg),
        DecisionKind::decl(&cfg),
        Decision::decl(&cfg),
        Topic::decl(&cfg),
        WireKey::decl(&cfg),
        KeyMessage::decl(&cfg),
        DeviceState::decl(&cfg),
        StateMessage::decl(&cfg),
        DeviceWire::decl(&cfg),
        Percentiles::decl(&cfg),
        Bucket::decl(&cfg),
        BroadcastStats::decl(&cfg),
        crate::launcher::CommandCounts::decl(&cfg),
        Stats::decl(&cfg),
        ServerEvent::decl(&cfg),
        Broadcast::decl(&cfg),
        Reply::decl(&cfg),
        ClientMessage::decl(&cfg),
        Status::decl(&cfg),
        ProfileSummary::decl(&cfg),
        ProfileView::decl(&cfg),
        ProfilesResponse::decl(&cfg),
        ActivateResponse::decl(&cfg),
        ExamplesResponse::decl(&cfg),
        ValidateResponse::decl(&cfg),
        SimulatedEvent::decl(&cfg),
        TimelineEntry::decl(&cfg),
        SimulateResponse::decl(&cfg),
        ReleaseAllResponse::decl(&cfg),
        KeyName::decl(&cfg),
        KeysResponse::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the daemon's Rust types by `KEYRX_BLESS=1 cargo test -p keyrx_daemon \
         --lib bindings`. Do not edit.\n\n",
    );
    for decl in decls {
        out.push_str("export ");
        out.push_str(&decl);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[test]
fn bindings_match_the_rust_types() {
    let expected = declarations();
    let path = bindings_path();
    if std::env::var_os("KEYRX_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &expected).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == expected,
        "{} is out of date with the wire types; regenerate it with \
         `KEYRX_BLESS=1 cargo test -p keyrx_daemon --lib bindings`",
        path.display()
    );
}
