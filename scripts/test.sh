#!/usr/bin/env bash
# Runs every test: the dashboard's unit tests (Vitest), the workspace's (engine tables, property
# and allocation tests, config language, daemon runtime and web server, CLI), the real-kernel
# scenarios, each in a QEMU VM with a stock Debian kernel (vmtest/), the Debian package's
# contents (scripts/test-deb.sh) and the package installed on a Debian guest with systemd
# (vmtest's init=systemd scenarios), and the dashboard's browser tests against the real daemon
# (headless Chromium).
#
# Needs a Rust toolchain and Node.js 20+ with npm. Everything else it installs with apt-get when
# missing (see README, "Requirements"): Debian's chromium for the browser tests here, the VM's
# host packages in vmtest/run.sh, mmdebstrap for the systemd guest's image. CHROMIUM_BIN
# overrides the browser (default /usr/bin/chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/host-packages.sh

for tool in cargo node npm; do
  command -v "$tool" >/dev/null || {
    echo "scripts/test.sh: needs $tool (a Rust toolchain and Node.js 20+ with npm; see README)" >&2
    exit 1
  }
done
node_major=$(node -p 'process.versions.node.split(".")[0]')
(( node_major >= 20 )) || { echo "scripts/test.sh: needs Node.js 20 or newer (found $(node -v))" >&2; exit 1; }

# Installed first, so that a machine that cannot have it fails in seconds, not after the build.
CHROMIUM_BIN=${CHROMIUM_BIN:-/usr/bin/chromium}
export CHROMIUM_BIN
if [[ ! -x $CHROMIUM_BIN ]]; then
  [[ $CHROMIUM_BIN == /usr/bin/chromium ]] || { echo "scripts/test.sh: CHROMIUM_BIN=$CHROMIUM_BIN is not an executable" >&2; exit 1; }
  # Its recommended packages bring the fonts the pages are drawn with.
  install_packages --recommends "scripts/test.sh (browser tests)" chromium
fi

[ -d keyrx_ui/node_modules ] || (cd keyrx_ui && npm ci --no-audit --no-fund)
(cd keyrx_ui && npm test)
cargo test --workspace --locked
cargo build --release --locked -p keyrx_daemon
target_dir=$(cargo metadata --format-version 1 --no-deps | grep -o '"target_directory":"[^"]*"' | cut -d'"' -f4)
export KEYRX_BIN=$target_dir/release/keyrx
KEYRX_DEB=$(scripts/build-deb.sh | tail -1)
export KEYRX_DEB
scripts/test-deb.sh "$KEYRX_DEB"
vmtest/ci.sh
(cd keyrx_ui && npm run e2e)
