#!/usr/bin/env bash
# Cross-checks tilmech's Kyrgyz case suffixes against the PyPI `kyrgyz`
# library (an independent rule-based inflector) on scripts/data/ky-words.txt.
# Prints every disagreement and a summary; docs/grammar.md explains them.
#
#   scripts/crosscheck-ky.sh [WORDS_FILE [POSSESSIVES_FILE]]
#
# Then checks tilmech on a hand-checked table of possessive phrases
# (scripts/data/ky-possessives.tsv), which `kyrgyz` does not treat.
#
# Not part of `cargo test`: it needs PyPI and its venv lives under target/.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
words="${1:-$root/scripts/data/ky-words.txt}"
possessives="${2:-$root/scripts/data/ky-possessives.tsv}"
target="${CARGO_TARGET_DIR:-$root/target}"
venv="$root/target/venv-ky"

if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check 'kyrgyz==0.1.1'

# Build once, then run the binary per word (cargo run would re-check each time).
(cd "$root" && cargo build --quiet --bin tilmech)
bin="$target/debug/tilmech"

exec "$venv/bin/python" "$root/scripts/crosscheck-ky.py" "$bin" "$words" "$possessives"
