#!/usr/bin/env bash
# Checks the translators' review files with tools nobody here wrote:
#  - translate-toolkit's XLIFF reader must load every trans-unit and every
#    alt-trans candidate tilmech writes;
#  - its XLIFF 2.0 reader must load every unit of the --xliff 2.0 draft, and
#    lxml checks that draft against the rules of the 2.0 core and
#    Translation Candidates module that its schemas and constraints state
#    (element order, states, subState, match references and quality); with
#    XLIFF2_XSD=FILE (a schema importing the OASIS core and matches XSDs,
#    which cannot be downloaded here) it is also validated against them;
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
"$bin" draft "$work/events/seed.toml" --min 40 --xliff 2.0 --out "$work/v2" >/dev/null

if [ ! -x target/venv-review/bin/python ]; then
    python3 -m venv target/venv-review
    target/venv-review/bin/pip install --quiet 'translate-toolkit'
fi
# translate-toolkit's XLIFF 2.0 reader needs lxml (it comes with it); the
# schema check too.
target/venv-review/bin/python - "${XLIFF2_XSD:-}" "$work"/v2/seed.*.xlf <<'PY'
import re, sys
from lxml import etree
from translate.storage import xliff2
XLF = "{urn:oasis:names:tc:xliff:document:2.0}"
MTC = "{urn:oasis:names:tc:xliff:matches:2.0}"
xsd, paths = sys.argv[1], sys.argv[2:]
schema = etree.XMLSchema(etree.parse(xsd)) if xsd else None
for path in paths:
    doc = etree.parse(path)
    root = doc.getroot()
    problems = []
    def bad(el, what):
        problems.append(f"{path}:{el.sourceline}: {what}")
    if root.tag != XLF + "xliff" or root.get("version") != "2.0" or not root.get("srcLang") or not root.get("trgLang"):
        bad(root, "expected <xliff version=2.0 srcLang trgLang> in the 2.0 core namespace")
    units = root.findall(f".//{XLF}unit")
    for unit in units:
        # Core: modules first, then <notes>, then segments.
        order = [c.tag for c in unit]
        rank = [0 if t.startswith(MTC) else 1 if t == XLF + "notes" else 2 if t == XLF + "segment" else 9 for t in order]
        if rank != sorted(rank) or 9 in rank:
            bad(unit, f"children out of the core's order: {order}")
        segments = unit.findall(XLF + "segment")
        if len(segments) != 1:
            bad(unit, f"{len(segments)} segments, drafted one")
        ids = {s.get("id") for s in segments}
        for seg in segments:
            state = seg.get("state", "initial")
            if state not in ("initial", "translated", "reviewed", "final"):
                bad(seg, f"state {state}")
            sub = seg.get("subState")
            if sub is not None and (seg.get("state") is None or not re.fullmatch(r"[^\s:]+:[^\s]+", sub) or sub.startswith("xlf:")):
                bad(seg, f"subState {sub} needs an explicit state and the form prefix:value")
            if state != "initial" and seg.find(XLF + "target") is None:
                bad(seg, f"state {state} without a <target>")
        for m in unit.iter(MTC + "match"):
            if m.get("ref", "").lstrip("#") not in ids:
                bad(m, f"ref {m.get('ref')} names no segment of the unit")
            q = float(m.get("matchQuality", "0"))
            if not 0 <= q <= 100:
                bad(m, f"matchQuality {q} outside 0-100")
            if m.get("type") not in ("am", "mt", "icm", "idm", "tb", "tm", "other"):
                bad(m, f"type {m.get('type')}")
            if m.find(XLF + "source") is None or m.find(XLF + "target") is None:
                bad(m, "a match needs a source and a target")
    if schema is not None and not schema.validate(doc):
        problems += [f"{path}:{e.line}: XSD: {e.message}" for e in schema.error_log]
    store = xliff2.Xliff2File.parsefile(path)
    loaded = [u for u in store.units if not u.isheader()]
    targets = sum(1 for u in loaded if u.target)
    want_targets = len(root.findall(f".//{XLF}segment/{XLF}target"))
    checked = "the 2.0 rules" + (" and the OASIS XSD" if schema is not None else "")
    print(f"{path}: {checked}: {len(problems)} problems; translate-toolkit's XLIFF 2.0 reader loaded {len(loaded)}/{len(units)} units, {targets}/{want_targets} targets")
    for p in problems:
        print(p)
    assert not problems, "the XLIFF 2.0 draft breaks the 2.0 rules"
    assert len(loaded) == len(units) and targets == want_targets, "translate-toolkit lost units or targets"
PY
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
