#!/usr/bin/env bash
# Fault-injection harness (issue 11): kills, races and hostile timing
# against tilmech's writes. Builds the debug binary, runs every
# scripts/fault/*.sh scenario with TILMECH, WORK (a fresh directory, removed
# afterwards), ROUNDS and REPO set, counts their `ok …` / `FAIL …` lines and
# ends with `N passed, M failed` (exit 1 when M > 0). A scenario prints one
# `ok DESCRIPTION` or `FAIL DESCRIPTION: why` line per check and exits
# non-zero only when it could not run. CI runs it from .ci/run.
#
#   bash scripts/fault-injection.sh          # default rounds (30 kills, 20 races)
#   bash scripts/fault-injection.sh 5        # 5 rounds each, for a quick look
set -uo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
if ! cargo build --quiet; then
    echo "0 passed, 1 failed"
    exit 1
fi
TILMECH="$REPO/${CARGO_TARGET_DIR:-target}/debug/tilmech"
passed=0
failed=0
start=$SECONDS
for scenario in scripts/fault/*.sh; do
    work=$(mktemp -d "${TMPDIR:-/tmp}/tilmech-fault.XXXXXX")
    log="$work.log"
    echo "== $scenario"
    scenario_start=$SECONDS
    env TILMECH="$TILMECH" WORK="$work" REPO="$REPO" ${1:+ROUNDS="$1"} \
        bash "$scenario" </dev/null 2>&1 | tee "$log"
    code=${PIPESTATUS[0]}
    ok=$(grep -c '^ok ' "$log")
    fail=$(grep -c '^FAIL ' "$log")
    if [ "$code" -ne 0 ]; then
        echo "FAIL $scenario could not run (exit $code)"
        fail=$((fail + 1))
    fi
    echo "   $scenario: $ok passed, $fail failed in $((SECONDS - scenario_start)) s"
    passed=$((passed + ok))
    failed=$((failed + fail))
    rm -rf "$work" "$log"
done
echo "(all scenarios in $((SECONDS - start)) s)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
