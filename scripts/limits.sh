#!/usr/bin/env bash
# Peak memory of `tilmech tm import` on hostile inputs, against their size:
# one 50 MB segment in a TMX, a TSV and an XLIFF file, refused at the
# default --max-segment (1M) and, for comparison, read whole with
# --max-segment 64M; a TMX nesting 1,000,000 inline elements and one with
# 1,000,000 inline elements in one segment; an XLIFF of 50 million empty
# lines around one unit; an XLIFF of 2,000,000 tiny units, refused at the
# default --max-units and, read whole with --max-units 3000000, malformed
# at its end so that only the reader's memory counts; 200,000 tiny units
# imported from XLIFF, TMX and TSV. The inputs are generated under
# target/limits/ (never committed); each run imports into a fresh memory.
# Peak RSS comes from GNU time (/usr/bin/time -v); the last ratio leaves
# out the baseline, the peak of an import of a one-line file.
#
#   bash scripts/limits.sh            # 50 MB inputs, debug binary
#   bash scripts/limits.sh 20         # 20 MB inputs
#   PROFILE=release bash scripts/limits.sh
set -euo pipefail
cd "$(dirname "$0")/.."
MB="${1:-50}"
PROFILE="${PROFILE:-debug}"
[ -x /usr/bin/time ] || { echo "SKIPPED limits: GNU time (/usr/bin/time) is not installed" >&2; exit 0; }

if [ "$PROFILE" = release ]; then cargo build --quiet --release; else cargo build --quiet; fi
bin="$PWD/target/$PROFILE/tilmech"
dir="$PWD/target/limits"
rm -rf "$dir"
mkdir -p "$dir"

python3 - "$dir" "$MB" <<'EOF'
import sys
d, mb = sys.argv[1], int(sys.argv[2])
words = "The delegation met the mayor of Osh to discuss the training programme. "
text = (words * (mb * 1_000_000 // len(words) + 1))[: mb * 1_000_000]
head = '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="limits.sh" creationtoolversion="1"/><body>\n'
def tmx(name, seg):
    with open(f"{d}/{name}", "w") as f:
        f.write(head)
        f.write('<tu><tuv xml:lang="en"><seg>Small one.</seg></tuv><tuv xml:lang="ru"><seg>Маленький.</seg></tuv></tu>\n')
        f.write(f'<tu><tuv xml:lang="en"><seg>{seg}</seg></tuv><tuv xml:lang="ru"><seg>Один.</seg></tuv></tu>\n')
        f.write("</body></tmx>\n")
tmx("segment.tmx", text)
n = 1_000_000
tmx("nested.tmx", "<ph>" * n + "x" + "</ph>" * n)
tmx("inline.tmx", "a<ph/>" * n)
with open(f"{d}/small.tsv", "w") as f:
    f.write("Small one.\tМаленький.\n")
with open(f"{d}/segment.tsv", "w") as f:
    f.write("Small one.\tМаленький.\n")
    f.write(f"{text}\tОдин.\n")
with open(f"{d}/segment.xlf", "w") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n')
    f.write('<file original="x.toml" source-language="en" target-language="ru" datatype="plaintext"><body>\n')
    f.write(f'<trans-unit id="p1.s1"><source>One.</source><target state="translated">{text}</target></trans-unit>\n')
    f.write("</body></file></xliff>\n")
with open(f"{d}/lines.xlf", "w") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n')
    f.write('<file original="x.toml" source-language="en" target-language="ru" datatype="plaintext"><body>')
    f.write("\n" * (mb * 1_000_000))
    f.write('<trans-unit id="p1.s1"><source>One.</source><target state="translated">Один.</target></trans-unit>\n')
    f.write("</body></file></xliff>\n")
def xliff_units(name, n, end):
    with open(f"{d}/{name}", "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n')
        f.write('<file original="x.toml" source-language="en" target-language="ru" datatype="plaintext"><body>\n')
        for i in range(n):
            f.write(f'<trans-unit id="u{i}"><source>a{i}</source><target state="translated">b{i}</target></trans-unit>\n')
        f.write(end)
xliff_units("units.xlf", 2_000_000, "</body></oops>\n")
xliff_units("units200k.xlf", 200_000, "</body></file></xliff>\n")
with open(f"{d}/units200k.tmx", "w") as f:
    f.write(head)
    for i in range(200_000):
        f.write(f'<tu><tuv xml:lang="en"><seg>a{i}</seg></tuv><tuv xml:lang="ru"><seg>b{i}</seg></tuv></tu>\n')
    f.write("</body></tmx>\n")
with open(f"{d}/units200k.tsv", "w") as f:
    for i in range(200_000):
        f.write(f"a{i}\tb{i}\n")
EOF

base=0
printf '%-14s %8s %9s %5s %9s %8s %9s  %s\n' input "size MB" --max-seg exit "peak MB" "× input" "(−base)×" message
# measure NAME FILE LIMIT [ARGS…]: imports FILE into a fresh memory under GNU time.
measure() {
    local name="$1" file="$2" limit="$3"
    shift 3
    local work="$dir/work-$name-$limit"
    rm -rf "$work" && mkdir -p "$work"
    local code=0
    (cd "$work" && /usr/bin/time -v "$bin" --quiet tm import "$file" --max-segment "$limit" "$@" \
        --tm "$work/tm.sqlite" >"$work/out" 2>"$work/err") || code=$?
    local kb size
    kb=$(grep 'Maximum resident set size' "$work/err" | grep -o '[0-9]*$')
    size=$(stat -c %s "$file")
    local msg
    msg=$(grep -m1 '^error' "$work/err" | cut -c1-110 || true)
    [ -n "$msg" ] || msg=$(head -c 110 "$work/out" | head -1)
    [ "$base" -gt 0 ] || base="$kb"
    awk -v n="$name" -v s="$size" -v l="$limit" -v c="$code" -v k="$kb" -v b="$base" -v m="$msg" \
        'BEGIN { if (s < 1e5) printf "%-14s %8.1f %9s %5s %9.1f %8s %9s  %s\n", n, s/1e6, l, c, k/1024, "-", "-", m;
                 else printf "%-14s %8.1f %9s %5s %9.1f %8.2f %9.2f  %s\n", n, s/1e6, l, c, k/1024, k*1024/s, (k-b)*1024/s, m }'
}
# The process itself, importing one line: the baseline the others are compared with.
measure baseline "$dir/small.tsv" 1M -l en,ru
measure tmx-segment "$dir/segment.tmx" 1M
measure tsv-segment "$dir/segment.tsv" 1M -l en,ru
measure xliff-target "$dir/segment.xlf" 1M
measure tmx-nested "$dir/nested.tmx" 1M
measure tmx-inline "$dir/inline.tmx" 1M
measure xliff-lines "$dir/lines.xlf" 1M
measure tmx-segment "$dir/segment.tmx" 64M
measure tsv-segment "$dir/segment.tsv" 64M -l en,ru
measure xliff-target "$dir/segment.xlf" 64M
measure xliff-units "$dir/units.xlf" 1M
measure xliff-units-read "$dir/units.xlf" 1M --max-units 3000000
measure xliff-200k "$dir/units200k.xlf" 1M --max-units 3000000
measure tmx-200k "$dir/units200k.tmx" 1M
measure tsv-200k "$dir/units200k.tsv" 1M -l en,ru
echo "(load: $(uptime | sed 's/.*load average: //'))"
