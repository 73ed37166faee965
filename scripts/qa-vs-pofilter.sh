#!/usr/bin/env bash
# tilmech's QA (`tilmech qa`) against translate-toolkit's `pofilter` on the
# same XLIFF: the seed event (its ru and ky paragraphs removed) drafted
# from the archive memory, every target then set to the reference
# translation (../shared/reference/seed-release.*.md) and, in the Russian
# file, one planted problem per unit:
#   p1.s1 a project term not as agreed    p2.s2 a changed number
#   p1.s2 a double space                  p3.s1 a lost placeable ({ $title })
#   p1.s3 the target is the source        p4.s1 4,000 written 4 000 (correct:
#   p2.s1 an unclosed bracket                   the Russian form, no error)
# p4.s2, p4.s3 and the whole Kyrgyz file stay as the reference has them, so
# what either tool reports there is a false alarm. Prints one line per unit
# (what was planted, what tilmech found, what pofilter found), writes the
# table to target/qa-vs-pofilter/report.md, and ends with
# `N passed, M failed`: a unit fails when tilmech misses its planted error
# or reports an error where none is (a warning there is listed, as a false
# alarm). Installs translate-toolkit into
# target/venv-review. Needs ../shared. Results: docs/review.md.
set -uo pipefail
cd "$(dirname "$0")/.."
if [ ! -d ../shared/reference ]; then
    echo "SKIPPED scripts/qa-vs-pofilter.sh: ../shared/reference is absent"
    exit 0
fi
if [ ! -x target/venv-review/bin/pofilter ]; then
    python3 -m venv target/venv-review &&
        target/venv-review/bin/pip install --quiet translate-toolkit ||
        { echo "cannot install translate-toolkit"; echo "0 passed, 1 failed"; exit 1; }
fi
cargo build --quiet || { echo "0 passed, 1 failed"; exit 1; }
bin="$PWD/target/debug/tilmech"
work="$PWD/target/qa-vs-pofilter"
rm -rf "$work" && mkdir -p "$work/events"
export TILMECH_TM="$work/tm.sqlite"
"$bin" tm align ../shared/reference/archive >/dev/null
grep -v -E '^(ru|ky) = ' examples/events/2021-06-03-rogov-kazakbaev.toml >"$work/events/seed.toml"
"$bin" draft "$work/events/seed.toml" --min 40 --out "$work/draft" --format json >/dev/null 2>&1

target/venv-review/bin/python - "$bin" "$work" <<'PY'
import json, re, subprocess, sys
from html import escape, unescape

bin_, work = sys.argv[1:]
unit_re = re.compile(r'(<trans-unit id="(p\d+\.s\d+)"[^>]*>\s*<source[^>]*>)(.*?)(</source>\s*<target [^>]*?)state="[^"]*"([^>]*)>(.*?)</target>', re.S)

def reference(lang):
    text = open(f"../shared/reference/seed-release.{lang}.md", encoding="utf-8").read()
    paragraphs = text.strip().split("\n\n")[3:]
    return [subprocess.run([bin_, "segment", "--lang", lang], input=p, capture_output=True,
                           text=True, check=True).stdout.splitlines() for p in paragraphs]

# unit: (what is planted, source edit, target edit, the tilmech check that must fire or None)
PLANTS = {
    "p1.s1": ("term not as agreed", None,
              lambda t: t.replace("Главу Программного офиса ОБСЕ в Бишкеке", "руководителя офиса ОБСЕ"), "terms"),
    "p1.s2": ("double space", None, lambda t: t.replace("важность ", "важность  ", 1), "spaces"),
    "p1.s3": ("target = source", None, None, "identical"),
    "p2.s1": ("unclosed bracket", None, lambda t: t.replace("институтов", "институтов (ОДИХР"), "brackets"),
    "p2.s2": ("changed number", lambda s: s.replace("all three dimensions", "all 3 dimensions"),
              lambda t: t.replace("во всех трёх измерениях", "во всех 4 измерениях"), "numbers"),
    "p3.s1": ("lost placeable", lambda s: s.replace("Rogov thanked", "Rogov { $title } thanked"), None, "placeables"),
    "p4.s1": ("4,000 → 4 000 (correct)", lambda s: s.replace(" this year.", " this year, when 4,000 residents left."),
              lambda t: t.replace(" этого года.", " этого года, когда 4 000 жителей покинули дома."), None),
}

def translated(lang, plant):
    ref = reference(lang)
    raw = open(f"{work}/draft/seed.{lang}.xlf", encoding="utf-8").read()
    def fill(m):
        uid = m.group(2)
        p, s = (int(x) for x in uid[1:].split(".s"))
        source, target = unescape(m.group(3)), ref[p - 1][s - 1]
        what, src_edit, tgt_edit, _ = PLANTS.get(uid, (None, None, None, None)) if plant else (None,) * 4
        if src_edit:
            source = src_edit(source)
        if what == "target = source":
            target = source
        elif tgt_edit:
            target = tgt_edit(target)
        assert not what or what == "target = source" or (target != ref[p - 1][s - 1] or src_edit), uid
        return f'{m.group(1)}{escape(source, False)}{m.group(4)}state="translated"{m.group(5)}>{escape(target, False)}</target>'
    text, n = unit_re.subn(fill, raw)
    assert n == 9, n
    path = f"{work}/seed.{lang}.xlf"
    open(path, "w", encoding="utf-8").write(text)
    return path

def tilmech(path):
    out = subprocess.run([bin_, "qa", path, "--format", "json"], capture_output=True, text=True)
    found = {}
    for f in json.loads(out.stdout)["items"]:
        found.setdefault(f["id"], []).append(f"{f['check']} ({f['severity']})")
    return found

def pofilter(path, lang):
    out = f"{path}.pofilter.xlf"
    # isfuzzy, hassuggestion, isreview report workflow state, not quality.
    workflow = [f"--excludefilter={f}" for f in ("isfuzzy", "hassuggestion", "isreview")]
    subprocess.run([f"{sys.prefix}/bin/pofilter", f"--language={lang}", "--progress=none", *workflow,
                    "-i", path, "-o", out], capture_output=True, check=True)
    found = {}
    for uid, body in re.findall(r'<trans-unit[^>]*\bid="([^"]+)"(.*?)</trans-unit>', open(out, encoding="utf-8").read(), re.S):
        for note in re.findall(r'<note from="pofilter"[^>]*>(.*?)</note>', body, re.S):
            # "check: message", then the check's description.
            found.setdefault(uid, []).append(unescape(note).strip().split(":")[0])
    return found

passed = failed = 0
rows = ["| file | unit | planted | tilmech | pofilter |", "|---|---|---|---|---|"]
for lang, plant in (("ru", True), ("ky", False)):
    path = translated(lang, plant)
    ours, theirs = tilmech(path), pofilter(path, lang)
    for p in range(1, 5):
        for s in range(1, 4):
            uid = f"p{p}.s{s}"
            if uid not in ("p1.s1", "p1.s2", "p1.s3", "p2.s1", "p2.s2", "p3.s1", "p4.s1", "p4.s2", "p4.s3"):
                continue
            what, _, _, want = PLANTS.get(uid, ("—", None, None, None)) if plant else ("—", None, None, None)
            got = ours.get(uid, [])
            # A planted error must be found; a clean unit may draw a warning
            # (reported as a false alarm), not an error.
            if want is None:
                ok = not any(g.endswith("(error)") for g in got)
            else:
                ok = any(g.startswith(want) for g in got)
            passed, failed = passed + ok, failed + (not ok)
            t, f = ", ".join(got) or "—", ", ".join(sorted(set(theirs.get(uid, [])))) or "—"
            rows.append(f"| {lang} | {uid} | {what} | {t} | {f} |")
            print(f"{'ok  ' if ok else 'FAIL'} {lang} {uid}: planted {what}; tilmech: {t}; pofilter: {f}")
open(f"{work}/report.md", "w", encoding="utf-8").write("\n".join(rows) + "\n")
print(f"table: {work}/report.md")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
