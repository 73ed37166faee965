#!/usr/bin/env bash
# Cross-checks tilmech's Russian noun-phrase declension (positions, places,
# institutions: `grammar ru decline --phrase`) against PyPI `pymorphy3`, a
# dictionary-based morphological analyser: every word tilmech declines must
# be one pymorphy3 can read in the intended case. Phrases of our own in
# scripts/data/ru-phrases.tsv; docs/grammar.md explains every disagreement.
#
#   scripts/crosscheck-ru-phrases.sh [PHRASES_FILE]
#
# Not part of `cargo test`: it needs PyPI and its venv lives under target/.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
phrases="${1:-$root/scripts/data/ru-phrases.tsv}"
target="${CARGO_TARGET_DIR:-$root/target}"
venv="$root/target/venv-ru-phrases"

if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check 'pymorphy3==2.0.2' 'pymorphy3-dicts-ru'

(cd "$root" && cargo build --quiet --bin tilmech)
bin="$target/debug/tilmech"

exec "$venv/bin/python" "$root/scripts/crosscheck-ru-phrases.py" "$bin" "$phrases"
