#!/usr/bin/env bash
# Runs every fuzz target (fuzz/, cargo-fuzz + libFuzzer) for SECONDS each
# (default 60), seeded from the project's fixtures and, when present,
# ../shared samples (copied into the uncommitted fuzz/corpus/ only).
# Prints executions, coverage and findings per target; exits 1 when a target
# found a crash (the input is under fuzz/artifacts/TARGET/), 0 otherwise.
#
# What it needs it installs, inside the clone: a nightly toolchain through
# rustup (`--profile minimal`) and cargo-fuzz with `cargo install --locked
# --root target/cargo-fuzz`. Without rustup, or when an install fails (no
# network), it prints `SKIPPED fuzzing: …` and exits 0.
#
# The targets are built without a sanitizer (`-s none`), optimised, with
# debug assertions and overflow checks (cargo-fuzz's default): an
# AddressSanitizer build of the whole dependency tree did not finish in
# a session on a shared 2-core machine, and safe Rust needs ASan little.
# FUZZ_SANITIZER=address brings it back.
#
#   bash scripts/fuzz.sh        # 60 s per target
#   bash scripts/fuzz.sh 15     # CI
#   bash scripts/fuzz.sh 600 tmx xliff   # chosen targets
set -uo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH="${1:-60}"
shift $(($# > 0 ? 1 : 0))
SANITIZER="${FUZZ_SANITIZER:-none}"
root="$PWD"
started=$(date +%s)

if ! command -v rustup >/dev/null 2>&1; then
    echo "SKIPPED fuzzing: rustup is not installed, so no nightly toolchain can be had"
    exit 0
fi
if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    echo "installing a nightly toolchain (rustup toolchain install nightly --profile minimal)"
    if ! rustup toolchain install nightly --profile minimal >/dev/null 2>&1; then
        echo "SKIPPED fuzzing: no nightly toolchain, and rustup could not install one"
        exit 0
    fi
fi
export PATH="$root/target/cargo-fuzz/bin:$PATH"
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "installing cargo-fuzz into target/cargo-fuzz"
    if ! cargo install --quiet --locked cargo-fuzz --root "$root/target/cargo-fuzz"; then
        echo "SKIPPED fuzzing: cargo-fuzz is not installed and could not be (cargo install cargo-fuzz)"
        exit 0
    fi
fi
echo "tools ready after $(($(date +%s) - started)) s: $(cargo +nightly fuzz --version | head -1), $(rustc +nightly --version)"

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

echo "fuzzing ${#targets[@]} targets, ${SECONDS_EACH}s each (sanitizer: $SANITIZER)"
build_start=$(date +%s)
(cd fuzz && cargo +nightly fuzz build -s "$SANITIZER") || exit 2
echo "built in $(($(date +%s) - build_start)) s"
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
    # slow run); -malloc_limit_mb only takes effect under a sanitizer.
    (cd fuzz && cargo +nightly fuzz run -s "$SANITIZER" "$t" "$root/fuzz/corpus/$t" -- \
        -max_total_time="$SECONDS_EACH" -timeout=10 -malloc_limit_mb=1024 \
        -rss_limit_mb=2048 -print_final_stats=1 -max_len=65536 \
        $(dict_for "$t")) >"$log" 2>&1
    after=$(find "fuzz/artifacts/$t" -type f | wc -l)
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
    ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
    corpus=$(grep -o 'corp: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
    new=$((after - before))
    printf '%-12s %12s %8s %8s %8s %8s  %s\n' "$t" "${execs:-?}" "${speed:-?}" "${cov:-?}" \
        "${ft:-?}" "${corpus:-?}" "$new new"
    if [ "$new" -gt 0 ]; then
        failed=1
        find "fuzz/artifacts/$t" -type f -newer "$stamp" | sed 's/^/    /'
        grep -m3 -E 'panicked|ERROR: libFuzzer|SUMMARY' "$log" | sed 's/^/    /'
    fi
done
echo "fuzzing took $(($(date +%s) - started)) s in all (load: $(uptime | sed 's/.*load average: //'))"
exit "$failed"
