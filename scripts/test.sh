#!/usr/bin/env bash
# Runs every test: the dashboard's unit tests (Vitest), the workspace's (engine tables, property
# and allocation tests, config language, daemon runtime and web server, CLI), the real-kernel
# scenarios, each in a QEMU VM with a stock Debian kernel (vmtest/; installs its host packages
# with apt-get when missing), the Debian package's contents (scripts/test-deb.sh) and the
# package installed on a Debian guest with systemd (vmtest's init=systemd scenarios), and the
# dashboard's browser tests against the real daemon (headless Chromium at /usr/bin/chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d keyrx_ui/node_modules ] || (cd keyrx_ui && npm ci --no-audit --no-fund)
(cd keyrx_ui && npm test)
cargo test --workspace --locked
cargo build --release --locked -p keyrx_daemon
KEYRX_BIN="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/release/keyrx"
export KEYRX_BIN
KEYRX_DEB=$(scripts/build-deb.sh | tail -1)
export KEYRX_DEB
scripts/test-deb.sh "$KEYRX_DEB"
vmtest/ci.sh
(cd keyrx_ui && npm run e2e)
