#!/usr/bin/env bash
# Runs every fuzz target (fuzz/, cargo-fuzz + libFuzzer) for SECONDS each
# (default 60), seeded from the project's fixtures and, when present,
# ../shared samples (copied into the uncommitted fuzz/corpus/ only).
# Prints executions, coverage and findings per target; exits 1 when a target
# found a crash (the input is under fuzz/artifacts/TARGET/), 0 otherwise, and
# skips with a notice when no nightly toolchain or cargo-fuzz is installed.
#
#   bash scripts/fuzz.sh        # 60 s per target
#   bash scripts/fuzz.sh 20     # CI
set -uo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH="${1:-60}"
root="$PWD"

if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    echo "SKIPPED fuzzing: no nightly toolchain (rustup toolchain install nightly)"
    exit 0
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "SKIPPED fuzzing: cargo-fuzz is not installed (cargo install cargo-fuzz)"
    exit 0
fi

targets=(tmx xliff tsv event ftl_check ftl_render index segment score_diff)

# seed TARGET FILE...: copies readable files into the target's corpus.
seed() {
    local dir="fuzz/corpus/$1"
    shift
    mkdir -p "$dir"
    local f
    for f in "$@"; do
        [ -f "$f" ] && cp "$f" "$dir/seed-$(printf '%s' "$f" | tr '/' '_')"
    done
    return 0
}
small_shared() { # files under ../shared/$1 of at most 64 KiB
    [ -d "../shared/$1" ] && find "../shared/$1" -type f -size -64k -name "$2" | head -50
}

seed tmx tests/fixtures/tmx/*.tmx $(small_shared tmx-samples '*.tmx')
seed xliff fuzz/seeds/xliff/*
seed tsv tests/fixtures/tm/*.tsv
seed event examples/events/*.toml
seed ftl_check locales/*/*.ftl $(find tests/fixtures/check -name '*.ftl') tests/fixtures/fuzz/*.ftl
seed ftl_render locales/*/*.ftl tests/fixtures/fuzz/*.ftl $(small_shared fluent '*.ftl')
seed index fuzz/seeds/index/*
seed segment tests/fixtures/segmentation/cases.toml tests/fixtures/align/*.md
seed score_diff tests/fixtures/align/*.md

dict_for() {
    case "$1" in
        tmx | xliff) echo "-dict=$root/fuzz/dict/xml.dict" ;;
        ftl_check | ftl_render) echo "-dict=$root/fuzz/dict/fluent.dict" ;;
        event) echo "-dict=$root/fuzz/dict/toml.dict" ;;
    esac
}

echo "fuzzing ${#targets[@]} targets, ${SECONDS_EACH}s each"
(cd fuzz && cargo +nightly fuzz build) || exit 2
failed=0
mkdir -p fuzz/logs
printf '%-12s %12s %8s %8s  %s\n' target executions exec/s cov findings
for t in "${targets[@]}"; do
    mkdir -p "fuzz/artifacts/$t"
    before=$(find "fuzz/artifacts/$t" -type f | wc -l)
    log="fuzz/logs/$t.log"
    stamp="fuzz/logs/$t.start"
    touch "$stamp"
    # -malloc_limit_mb: no input of a few KiB may ask for more (an index
    # header claiming billions of entries is a finding, not a slow run).
    (cd fuzz && cargo +nightly fuzz run "$t" "$root/fuzz/corpus/$t" -- \
        -max_total_time="$SECONDS_EACH" -timeout=10 -malloc_limit_mb=1024 \
        -rss_limit_mb=2048 -print_final_stats=1 -max_len=65536 \
        $(dict_for "$t")) >"$log" 2>&1
    after=$(find "fuzz/artifacts/$t" -type f | wc -l)
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
    new=$((after - before))
    printf '%-12s %12s %8s %8s  %s\n' "$t" "${execs:-?}" "${speed:-?}" "${cov:-?}" "$new new"
    if [ "$new" -gt 0 ]; then
        failed=1
        find "fuzz/artifacts/$t" -type f -newer "$stamp" | sed 's/^/    /'
        grep -m3 -E 'panicked|ERROR: libFuzzer|SUMMARY' "$log" | sed 's/^/    /'
    fi
done
exit "$failed"
