#!/usr/bin/env bash
# Checks the translators' review files with tools nobody here wrote:
#  - translate-toolkit's XLIFF reader must load every trans-unit and every
#    alt-trans candidate tilmech writes;
#  - headless Chromium renders the HTML review page (screenshot saved as
#    docs/review-page.png) and its DOM must hold the diff markup.
# Needs ../shared/ (the archive is aligned into a fresh TM, the seed event
# drafted without its translations). Installs into target/venv-review and,
# if missing, Debian's chromium. The screenshot goes to the path given as the
# first argument (docs/review-page.png was made that way), else target/.
set -euo pipefail
cd "$(dirname "$0")/.."
work=target/review-check
shot="$(realpath -m "${1:-$work/review-page.png}")"
rm -rf "$work" && mkdir -p "$work/events"
# The debug build cargo test made: a release build would add minutes to CI.
cargo build --quiet
bin=target/debug/tilmech
export TILMECH_TM="$PWD/$work/tm.sqlite"

"$bin" tm align ../shared/reference/archive >/dev/null
grep -v -E '^(ru|ky) = ' examples/events/2021-06-03-rogov-kazakbaev.toml > "$work/events/seed.toml"
"$bin" draft "$work/events/seed.toml" --min 40 --out "$work"

if [ ! -x target/venv-review/bin/python ]; then
    python3 -m venv target/venv-review
    target/venv-review/bin/pip install --quiet 'translate-toolkit'
fi
target/venv-review/bin/python - "$work"/seed.*.xlf <<'PY'
import re, sys
from translate.storage import xliff
for path in sys.argv[1:]:
    raw = open(path, encoding="utf-8").read()
    want_units = raw.count("<trans-unit ")
    want_alts = raw.count("<alt-trans ")
    store = xliff.xlifffile.parsefile(path)
    units = [u for u in store.units if not u.isheader()]
    alts = sum(len(u.getalttrans()) for u in units)
    filled = sum(1 for u in units if u.target)
    print(f"{path}: translate-toolkit loaded {len(units)}/{want_units} units, {alts}/{want_alts} alt-trans, {filled} with targets")
    assert len(units) == want_units and alts == want_alts, "translate-toolkit lost units or candidates"
PY

if ! command -v chromium >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$PWD/$work/chrome")
page="file://$PWD/$work/seed.ru.review.html"
chromium "${flags[@]}" --dump-dom "$page" 2>/dev/null > "$work/dom.html"
dels=$(grep -o '<del>' "$work/dom.html" | wc -l)
inss=$(grep -o '<ins>' "$work/dom.html" | wc -l)
echo "review page DOM: $dels <del>, $inss <ins>"
[ "$dels" -gt 0 ] && [ "$inss" -gt 0 ]
chromium "${flags[@]}" --window-size=1280,1500 --screenshot="$shot" "$page" 2>/dev/null
echo "screenshot: $shot"
