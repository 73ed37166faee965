#!/usr/bin/env bash
# Times `tilmech review import` of a fully approved review of an event with
# N free-text paragraphs (two sentences each) for each N given (default
# 2500 10000), so that growth with the event's size shows: near-linear
# work keeps the time per paragraph flat.
#
#   scripts/bench-review-import.sh [N...]
#   TILMECH=target/debug/tilmech scripts/bench-review-import.sh 1000   # another build
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${TILMECH:-}" ]]; then
    cargo build --release --quiet
    TILMECH="${CARGO_TARGET_DIR:-target}/release/tilmech"
fi
TILMECH="$(realpath "$TILMECH")"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(2500 10000)
for N in "${sizes[@]}"; do
    dir="$WORK/$N"
    python3 scripts/make-review.py "$dir" "$N"
    start=$(date +%s%N)
    (cd "$dir" && "$TILMECH" review import review/big.ru.xlf --event examples/events/big.toml --tm tm.sqlite > /dev/null)
    end=$(date +%s%N)
    awk -v n="$N" -v ns=$((end - start)) \
        'BEGIN { printf "%7d paragraphs: %6.2f s  (%6.1f µs per paragraph)\n", n, ns / 1e9, ns / 1e3 / n }'
done
