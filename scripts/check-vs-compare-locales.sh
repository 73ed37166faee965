#!/bin/sh
# Runs `tilmech check` and Mozilla's compare-locales on the same copy of
# ../shared/fluent/firefox-site and prints, per locale and category, what
# each tool reports and every item only one of them reports.
#
# compare-locales comes from PyPI into target/venv-cl. The site is copied
# to target/ first: compare-locales rewrites files in place when merging,
# and ../shared is read-only input.
#
# Usage: scripts/check-vs-compare-locales.sh   (from the repository root)
set -eu
cd "$(dirname "$0")/.."
LOCALES="ru kk uk uz az"
SITE=target/firefox-site
OUT=target/check-vs-cl
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"

[ -x target/venv-cl/bin/compare-locales ] || {
    python3 -m venv target/venv-cl
    target/venv-cl/bin/pip install -q compare-locales
}
rm -rf "$SITE" "$OUT"
mkdir -p "$OUT"
cp -r ../shared/fluent/firefox-site "$SITE"

# The site has no attribute or plural problems of its own, so the copy gets a
# few planted ones (same in ru and uk) to show both tools on those categories.
cat >>"$SITE/en/404.ftl" <<'FTL'

check-demo-plural = { $n ->
    [one] { $n } tab
   *[other] { $n } tabs
}
check-demo-attr = Link
    .title = Opens the page
check-demo-value = Value
    .title = Title
check-demo-variable = { $count } tabs
FTL
for l in ru uk; do cat >>"$SITE/$l/404.ftl" <<'FTL'

check-demo-plural = { $n ->
    [one] { $n } вкладка
   *[other] { $n } вкладок
}
check-demo-attr = Ссылка
    .label = Открывает страницу
check-demo-value =
    .title = Заголовок
check-demo-variable = { $number } вкладок
FTL
done

# TILMECH=path/to/tilmech skips the release build (e.g. to reuse a debug one).
if [ -z "${TILMECH:-}" ]; then
    cargo build -q --release
    TILMECH="$(pwd)/$CARGO_TARGET_DIR/release/tilmech"
    case "$CARGO_TARGET_DIR" in /*) TILMECH="$CARGO_TARGET_DIR/release/tilmech" ;; esac
fi

# compare-locales exits 0 even when messages are missing; keep going either way.
(cd "$SITE" && ../venv-cl/bin/compare-locales --json ../check-vs-cl/cl.json \
    configs/pontoon.toml . $LOCALES >../check-vs-cl/cl.txt 2>&1) || true
(cd "$SITE" && "$TILMECH" check . --reference en \
    --locales "$(echo $LOCALES | tr ' ' ,)" --format json >../check-vs-cl/tilmech.json) || true

target/venv-cl/bin/python3 - "$OUT" <<'PY'
import collections, json, re, sys
out = sys.argv[1]

def category_of_cl(text):
    # compare-locales' fluent checker messages, mapped onto tilmech's codes.
    table = [
        (r"^Missing attribute", "missing-attribute"),
        (r"^Obsolete attribute", "obsolete-attribute"),
        (r"^Missing value", "missing-value"),
        (r"^Obsolete value", "obsolete-value"),
        (r"^Attribute .* is duplicated", "duplicate-attribute"),
        (r"^Variant key .* is duplicated", "duplicate-variant"),
        (r"^Plural categories missing", "plural-missing-category"),
        (r"^Missing (message|term) reference", "dropped-reference"),
        (r"^Obsolete (message|term) reference", "extra-reference"),
        (r"^Duplicate", "duplicate-id"),
        (r"^Unparsed content", "syntax-error"),
    ]
    for pat, code in table:
        if re.search(pat, text):
            return code
    return "other: " + text

cl = set()
def walk(locale, node, path):
    if isinstance(node, dict):
        for k, v in node.items():
            walk(locale, v, path + [k])
        return
    rel = "/".join(path)
    for item in node:
        for kind, val in item.items():
            if kind == "missingEntity":
                cat = "missing-term" if val.startswith("-") else "missing-message"
                cl.add((locale, cat, rel, val))
            elif kind == "obsoleteEntity":
                cat = "obsolete-term" if val.startswith("-") else "obsolete-message"
                cl.add((locale, cat, rel, val))
            elif kind == "missingFile":
                cl.add((locale, "missing-file", rel, ""))
            elif kind == "obsoleteFile":
                cl.add((locale, "obsolete-file", rel, ""))
            elif kind in ("error", "warning"):
                for msg in (val if isinstance(val, list) else [val]):
                    m = re.match(r"(.*) at line (\d+), column (\d+) for (\S+)", msg)
                    text, ident = (m.group(1), m.group(4)) if m else (msg, "")
                    cl.add((locale, category_of_cl(text), rel, ident.split(".")[0]))
for report in json.load(open(f"{out}/cl.json")):
    for locale, tree in report["details"].items():
        walk(locale, tree, [])

tm = set()
for f in json.load(open(f"{out}/tilmech.json")):
    rel = f["file"].split("/", 1)[1] if "/" in f["file"] else f["file"]
    tm.add((f["locale"], f["code"], rel, (f["id"] or "").split(".")[0]))

cats = sorted({c for (_, c, _, _) in cl | tm})
locales = sorted({l for (l, _, _, _) in cl | tm})
print("| category | locale | compare-locales | tilmech | only compare-locales | only tilmech |")
print("|---|---|---|---|---|---|")
for c in cats:
    for l in locales:
        a = {x for x in cl if x[0] == l and x[1] == c}
        b = {x for x in tm if x[0] == l and x[1] == c}
        if a or b:
            print(f"| {c} | {l} | {len(a)} | {len(b)} | {len(a - b)} | {len(b - a)} |")
with open(f"{out}/disagreements.txt", "w") as fh:
    for tag, s in (("only compare-locales", cl - tm), ("only tilmech", tm - cl)):
        for x in sorted(s):
            fh.write(f"{tag}\t" + "\t".join(x) + "\n")
print(f"\nonly compare-locales: {len(cl - tm)}, only tilmech: {len(tm - cl)}; "
      f"every item in {out}/disagreements.txt")
PY
