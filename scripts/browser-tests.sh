#!/usr/bin/env bash
# End-to-end tests of `tilmech serve` in a real browser: Debian's Chromium
# (installed here if missing; nothing downloads a browser of its own) driven
# by playwright-core from npm, with node's own test runner. Screenshots go to
# the folder given as the first argument (docs/ was made that way), else
# target/browser-shots/.
set -euo pipefail
cd "$(dirname "$0")/.."
shots="$(realpath -m "${1:-target/browser-shots}")"
mkdir -p "$shots"

if ! command -v chromium >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
cargo build --quiet
# npm's cache stays inside the clone.
export npm_config_cache="$PWD/target/npm-cache"
(cd tests/browser && npm ci --no-audit --no-fund --silent)
TILMECH_BIN="$PWD/target/debug/tilmech" SHOTS="$shots" CHROMIUM="$(command -v chromium)" \
    node --test --test-reporter=spec tests/browser/
