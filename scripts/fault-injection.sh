#!/usr/bin/env bash
# Runs every fault-injection scenario in scripts/fault/ against the debug
# build and prints, as its last line, `N passed, M failed` (exit 1 if M > 0).
#
#   scripts/fault-injection.sh [ROUNDS]
#
# Each scenario runs as `bash scripts/fault/X.sh` with TILMECH (the binary),
# WORK (a fresh temporary directory, removed afterwards), ROUNDS (kill/race
# rounds; default 30) and REPO (the repository root) set, and prints one
# `ok DESCRIPTION` or `FAIL DESCRIPTION: why` line per check; anything else
# is passed through. A scenario that exits non-zero counts as one failure.
set -uo pipefail
cd "$(dirname "$0")/.."
REPO="$(pwd)"

cargo build --quiet || exit 2
TILMECH="$REPO/${CARGO_TARGET_DIR:-target}/debug/tilmech"
ROUNDS="${1:-${ROUNDS:-30}}"

passed=0
failed=0
for scenario in scripts/fault/*.sh; do
    WORK="$(mktemp -d)"
    output="$(TILMECH="$TILMECH" WORK="$WORK" ROUNDS="$ROUNDS" REPO="$REPO" bash "$scenario" 2>&1)"
    status=$?
    rm -rf "$WORK"
    printf '%s\n' "$output"
    passed=$(( passed + $(grep -c '^ok ' <<< "$output") ))
    failed=$(( failed + $(grep -c '^FAIL ' <<< "$output") ))
    if (( status != 0 )); then
        echo "FAIL $scenario: exited with $status"
        failed=$(( failed + 1 ))
    fi
done
echo "$passed passed, $failed failed"
(( failed == 0 ))
