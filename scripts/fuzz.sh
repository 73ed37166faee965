#!/usr/bin/env bash
# Runs every fuzz target (fuzz/, libFuzzer through libfuzzer-sys) for SECONDS
# each (default 60), seeded from the project's fixtures and, when present,
# ../shared samples (copied into the uncommitted fuzz/corpus/ only).
# Prints executions, coverage and findings per target; exits 1 when a target
# found a crash, a timeout or an out-of-memory (the input is under
# fuzz/artifacts/TARGET/, the log under fuzz/logs/) or did not run, 2 when
# the targets do not build, 0 otherwise.
#
# The targets are built by plain `cargo build` with the coverage
# instrumentation cargo-fuzz asks rustc for (see RUSTFLAGS below), in the
# fuzz crate's `fuzz` profile: opt-level 1, debug assertions and overflow
# checks on, no sanitizer. That needs neither cargo-fuzz nor a nightly
# toolchain, only the toolchain that builds tilmech and a C++ compiler for
# libFuzzer itself; without one it prints `SKIPPED fuzzing: …` and exits 0.
# The build goes to fuzz/target/, never to the clone's target/.
#
#   bash scripts/fuzz.sh        # 60 s per target
#   bash scripts/fuzz.sh 15     # CI
#   bash scripts/fuzz.sh 600 tmx xliff   # chosen targets
set -uo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH="${1:-60}"
shift $(($# > 0 ? 1 : 0))
root="$PWD"
started=$(date +%s)

if ! command -v "${CXX:-c++}" >/dev/null 2>&1; then
    echo "SKIPPED fuzzing: libFuzzer is built from C++ and there is no C++ compiler (${CXX:-c++})"
    exit 0
fi
host=$(rustc -vV | sed -n 's/^host: //p')

targets=(tmx xliff tsv event ftl_check ftl_render index segment score_diff)
[ $# -gt 0 ] && targets=("$@")

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

# What cargo-fuzz passes rustc, sanitizer aside: libFuzzer's coverage
# counters, comparison tracing (so it can solve magic numbers and keywords)
# and stack depth, no folding of branches it should tell apart, and
# `cfg(fuzzing)`. `--target` keeps these flags away from build scripts and
# proc macros, which run on the build machine uninstrumented.
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares -Cllvm-args=-sanitizer-coverage-stack-depth \
-Cllvm-args=-simplifycfg-branch-fold-threshold=0 --cfg fuzzing ${RUSTFLAGS:-}"

echo "fuzzing ${#targets[@]} targets, ${SECONDS_EACH}s each"
build_start=$(date +%s)
bins=()
for t in "${targets[@]}"; do bins+=(--bin "$t"); done
cargo build --quiet --manifest-path fuzz/Cargo.toml --target "$host" --profile fuzz "${bins[@]}" ||
    exit 2
echo "built in $(($(date +%s) - build_start)) s ($(rustc --version))"
failed=0
mkdir -p fuzz/logs
printf '%-12s %12s %8s %8s %8s %8s  %s\n' target executions exec/s cov ft corpus findings
for t in "${targets[@]}"; do
    mkdir -p "fuzz/artifacts/$t"
    before=$(find "fuzz/artifacts/$t" -type f | wc -l)
    log="fuzz/logs/$t.log"
    stamp="fuzz/logs/$t.start"
    touch "$stamp"
    # -rss_limit_mb: no input of a few KiB may make the process grow past
    # it (an index header claiming billions of entries is a finding, not a
    # slow run). -timeout: one input taking 30 s is a finding too; it is
    # wall-clock time, and on a loaded machine an unoptimised segment
    # target spent over 12 s on its first input, the empty one.
    "fuzz/target/$host/fuzz/$t" "fuzz/corpus/$t" -artifact_prefix="fuzz/artifacts/$t/" \
        -max_total_time="$SECONDS_EACH" -timeout=30 -rss_limit_mb=2048 \
        -print_final_stats=1 -max_len=65536 $(dict_for "$t") >"$log" 2>&1
    status=$?
    after=$(find "fuzz/artifacts/$t" -type f | wc -l)
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
    ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
    corpus=$(grep -o 'corp: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
    new=$((after - before))
    printf '%-12s %12s %8s %8s %8s %8s  %s\n' "$t" "${execs:-?}" "${speed:-?}" "${cov:-?}" \
        "${ft:-?}" "${corpus:-?}" "$new new"
    if [ "$new" -gt 0 ] || [ "$status" -ne 0 ]; then
        failed=1
        [ "$new" -eq 0 ] && echo "    exited with status $status: see $log"
        find "fuzz/artifacts/$t" -type f -newer "$stamp" | sed 's/^/    /'
        grep -m3 -E 'panicked|ERROR: libFuzzer|SUMMARY|ParseDictionaryFile' "$log" | sed 's/^/    /'
    fi
done
echo "fuzzing took $(($(date +%s) - started)) s in all (load: $(uptime | sed 's/.*load average: //'))"
exit "$failed"
