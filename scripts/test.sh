#!/usr/bin/env bash
# Runs every test: the workspace's (engine tables, property and allocation tests, config
# language, daemon runtime, CLI) and then the real-kernel scenarios, each in a QEMU VM with a
# stock Debian kernel (vmtest/; installs its host packages with apt-get when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test --workspace --locked
vmtest/ci.sh
