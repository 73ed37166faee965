#!/usr/bin/env bash
# Times `tilmech check` (release build) on generated inputs that were
# quadratic or crashed before: one file of N messages (default 100,000;
# the target is at most 1 s), the same messages split over 100 files, and
# the deep-nesting files (10,000 nested selects, 20,000 nested placeables).
# Prints one line per case: messages, files, seconds, exit code.
#
#   scripts/bench-check.sh [MESSAGES]
#
# TILMECH=path/to/tilmech skips the release build.
set -euo pipefail
cd "$(dirname "$0")/.."

N="${1:-100000}"
DIR=target/bench-check
rm -rf "$DIR"
mkdir -p "$DIR/one/en" "$DIR/one/ru" "$DIR/split/en" "$DIR/split/ru" "$DIR/deep/en" "$DIR/deep/ru"

if [[ -z "${TILMECH:-}" ]]; then
    cargo build -q --release
    TILMECH="${CARGO_TARGET_DIR:-target}/release/tilmech"
fi

python3 - "$DIR" "$N" <<'PY'
import sys
out, n = sys.argv[1], int(sys.argv[2])
def message(i, ru):
    if ru:
        return (f"message-{i} = Текст {{ $n }} {{ -brand }}\n    .title = Т\n"
                f"plural-{i} = {{ $n ->\n    [one] {{ $n }} вкладка\n    [few] {{ $n }} вкладки\n   *[many] {{ $n }} вкладок\n}}\n")
    return (f"message-{i} = Text {{ $n }} {{ -brand }}\n    .title = T\n"
            f"plural-{i} = {{ $n ->\n    [one] {{ $n }} tab\n   *[other] {{ $n }} tabs\n}}\n")
half = n // 2  # two messages per step: one plain, one plural
for lang, ru in (("en", False), ("ru", True)):
    body = "".join(message(i, ru) for i in range(half) if not (ru and i % 1000 == 7))
    brand = "-brand = Б\n" if ru else "-brand = B\n"
    open(f"{out}/one/{lang}/big.ftl", "w").write(body + brand)
    per = max(1, half // 100)
    for f in range(100):
        part = "".join(message(i, ru) for i in range(f * per, (f + 1) * per) if not (ru and i % 1000 == 7))
        open(f"{out}/split/{lang}/part{f}.ftl", "w").write(part + brand)
sel = "deep = " + "{ $n ->\n *[other] " * 10000 + "x" + "\n}" * 10000 + "\n"
plc = "deep2 = " + "{ " * 20000 + "$x" + " }" * 20000 + "\n"
open(f"{out}/deep/en/m.ftl", "w").write("deep = D\ndeep2 = D\n")
open(f"{out}/deep/ru/m.ftl", "w").write(sel + plc)
PY

printf '%-8s %9s %6s %8s %5s\n' case messages files seconds exit
for case in one split deep; do
    files=$(find "$DIR/$case" -name '*.ftl' | wc -l)
    msgs=$(grep -c '^[a-z-][a-z0-9-]* =' -r "$DIR/$case" --include='*.ftl' | awk -F: '{s+=$2} END {print s}')
    start=$(date +%s.%N)
    set +e
    "$TILMECH" check "$DIR/$case" --reference en --lang ru --format json >"$DIR/$case.json"
    code=$?
    set -e
    end=$(date +%s.%N)
    printf '%-8s %9s %6s %8.3f %5s\n' "$case" "$msgs" "$files" "$(echo "$end - $start" | bc)" "$code"
done
