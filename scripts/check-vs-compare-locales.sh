#!/bin/sh
# Runs `tilmech check` and Mozilla's compare-locales on the same copy of a
# real Fluent project and prints, per locale and category, what each tool
# reports; then classifies every item only one of them reports (the reason
# for each class is in docs/check-vs-compare-locales.md) and exits 1 if any
# item fits no class. Both tools are timed in the same run.
#
# Projects:
#   firefox-site  ../shared/fluent/firefox-site, with the site's own
#                 configs/pontoon.toml, and a few planted problems;
#   pdfjs         pdf.js's viewer in every shipped language (113 locales,
#                 reference en-US), from the npm package ng2-pdfjs-viewer,
#                 which bundles pdf.js's l10n folder; as shipped.
#
# compare-locales comes from PyPI into target/venv-cl. The project is copied
# to target/ first: compare-locales rewrites files in place when merging,
# and ../shared is read-only input.
#
# Usage: scripts/check-vs-compare-locales.sh [firefox-site|pdfjs]
#        (from the repository root; firefox-site is the default)
set -eu
cd "$(dirname "$0")/.."
PROJECT="${1:-firefox-site}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
case "$PROJECT" in
firefox-site)
    LOCALES="ru kk uk uz az" REF=en CONFIG=configs/pontoon.toml ;;
pdfjs)
    PDFJS_PACKAGE=ng2-pdfjs-viewer@26.4.2 REF=en-US CONFIG=l10n.toml ;;
*)
    echo "unknown project $PROJECT (expected firefox-site or pdfjs)" >&2
    exit 2 ;;
esac
SITE=target/$PROJECT
OUT=target/check-vs-cl-$PROJECT

[ -x target/venv-cl/bin/compare-locales ] || {
    python3 -m venv target/venv-cl
    target/venv-cl/bin/pip install -q compare-locales
}
rm -rf "$SITE" "$OUT"
mkdir -p "$OUT"
if [ "$PROJECT" = pdfjs ]; then
    [ -f "target/npm-pdfjs/package/package.json" ] || {
        rm -rf target/npm-pdfjs && mkdir -p target/npm-pdfjs
        (cd target/npm-pdfjs && npm pack --silent --cache ../npm-cache "$PDFJS_PACKAGE" >/dev/null &&
            tar xzf ./*.tgz)
    }
    cp -r target/npm-pdfjs/package/pdfjs/web/locale "$SITE"
    rm -f "$SITE"/*.json
    LOCALES=$(cd "$SITE" && ls -d */ | tr -d / | grep -vx "$REF" | tr '\n' ' ')
    # pdf.js ships no compare-locales configuration: one that pairs every
    # file of a locale with the same path under en-US.
    {
        echo 'basepath = "."'
        printf 'locales = ['; for l in $LOCALES; do printf '"%s", ' "$l"; done; echo ']'
        echo '[[paths]]'
        echo "    reference = \"$REF/**\""
        echo '    l10n = "{locale}/**"'
    } >"$SITE/$CONFIG"
else
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
check-demo-plural-no-other = { $n ->
    [one] { $n } tab
   *[other] { $n } tabs
}
check-demo-style = Dialog
    .style = min-width: 23em
-check-demo-cycle = { -check-demo-cycle-alt }
-check-demo-cycle-alt = { -check-demo-cycle }
check-demo-one = { $count ->
    [one] One page deleted
   *[other] { $count } pages deleted
}
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
check-demo-plural-no-other = { $n ->
    [one] { $n } вкладка
    [few] { $n } вкладки
   *[many] { $n } вкладок
}
check-demo-style = Диалог
    .style = min-width: 23px
-check-demo-cycle = { -check-demo-cycle-alt }
-check-demo-cycle-alt = { -check-demo-cycle }
check-demo-one = { $count ->
    [one] Удалена 1 страница
    [few] Удалены { $count } страницы
   *[many] Удалено { $count } страниц
}
FTL
done
fi

# TILMECH=path/to/tilmech skips the release build (e.g. to reuse a debug one).
if [ -z "${TILMECH:-}" ]; then
    cargo build -q --release
    TILMECH="$(pwd)/$CARGO_TARGET_DIR/release/tilmech"
    case "$CARGO_TARGET_DIR" in /*) TILMECH="$CARGO_TARGET_DIR/release/tilmech" ;; esac
fi

now() { date +%s.%N; }
# compare-locales exits 0 even when messages are missing; keep going either way.
t0=$(now)
(cd "$SITE" && ../venv-cl/bin/compare-locales --json "../${OUT#target/}/cl.json" \
    "$CONFIG" . $LOCALES >"../${OUT#target/}/cl.txt" 2>&1) || true
t1=$(now)
(cd "$SITE" && "$TILMECH" check . --reference "$REF" \
    --lang "$(echo $LOCALES | tr ' ' ,)" --format json >"../${OUT#target/}/tilmech.json") || true
t2=$(now)
# tilmech is too quick for one run to time well: ten in a row.
for _ in 1 2 3 4 5 6 7 8 9 10; do
    (cd "$SITE" && "$TILMECH" check . --reference "$REF" \
        --lang "$(echo $LOCALES | tr ' ' ,)" --format json >/dev/null) || true
done
t3=$(now)
echo "$t0 $t1 $t2 $t3" >"$OUT/times"

target/venv-cl/bin/python3 - "$OUT" "$SITE" "$REF" "$CONFIG" <<'PY'
import collections, json, re, sys, tomllib
out, site, ref, config_path = sys.argv[1:5]

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
        (r"only in (l10n|reference)|units for .* don't match", "style-mismatch"),
        (r"^reference is a CSS spec", "style-not-css"),
        (r"^Unparsed content", "syntax-error"),
    ]
    for pat, code in table:
        if re.search(pat, text):
            return code
    return "other: " + text

cl = set()
def walk(node, path):
    if isinstance(node, dict):
        for k, v in node.items():
            walk(v, path + [k])
        return
    # compare-locales nests by path component, but joins a chain of single
    # children into one key ("ach/viewer.ftl"): the locale is the first part.
    locale, rel = "/".join(path).split("/", 1)
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
    walk(report["details"], [])

tm = set()
for f in json.load(open(f"{out}/tilmech.json"))["items"]:
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

# Which (locale, file) compare-locales looks at, from the site's own config.
config = tomllib.load(open(f"{site}/{config_path}", "rb"))
def pattern(glob):
    rx = ""
    i = 0
    while i < len(glob):
        if glob.startswith("**/", i):
            rx, i = rx + "(?:.*/)?", i + 3
        elif glob[i] == "*":
            rx, i = rx + "[^/]*", i + 1
        else:
            rx, i = rx + re.escape(glob[i]), i + 1
    return re.compile(rx + "$")
paths = [(pattern(p["reference"]), set(p.get("locales", config["locales"])))
         for p in config["paths"]]
def covered(locale, rel):
    return any(rx.match(f"{ref}/" + rel) and locale in ls for rx, ls in paths)

NO_PEER = {"undefined-reference": "compare-locales never resolves references",
           "unknown-variable": "compare-locales never checks variables",
           "dropped-variable": "compare-locales never checks variables",
           "unpassed-variable": "compare-locales never checks variables",
           "reference-cycle": "compare-locales has no cycle check",
           "one-hardcoded-number": "compare-locales never reads variant text",
           "nesting-too-deep": "compare-locales has no nesting limit"}
def classify(tag, item):
    locale, code, rel, ident = item
    if tag == "only tilmech":
        if code in NO_PEER:
            return NO_PEER[code]
        if not covered(locale, rel):
            return "file outside compare-locales' configuration for this locale"
        if code == "plural-missing-category" and locale.split("-")[0] == "he":
            return ("CLDR's Hebrew `two`, which compare-locales' table lacks; "
                    "tilmech warns, as most nouns take the plural there")
    return None
classes = collections.Counter()
unclassified = []
for tag, s in (("only compare-locales", cl - tm), ("only tilmech", tm - cl)):
    for x in sorted(s):
        why = classify(tag, x)
        if why:
            classes[(tag, x[1], why)] += 1
        else:
            unclassified.append((tag, x))
print("\n| side | category | reason | items |\n|---|---|---|---|")
for (tag, code, why), n in sorted(classes.items()):
    print(f"| {tag} | {code} | {why} | {n} |")
t0, t1, t2, t3 = map(float, open(f"{out}/times").read().split())
cl_s, tm_s = t1 - t0, (t3 - t2) / 10
print(f"\ntime: compare-locales {cl_s:.2f} s, tilmech {tm_s * 1000:.0f} ms "
      f"(mean of 10): {cl_s / tm_s:.0f}x faster")
if unclassified:
    print(f"\n{len(unclassified)} disagreements fit no class:")
    for tag, x in unclassified:
        print(f"  {tag}\t" + "\t".join(x))
    sys.exit(1)
print("every disagreement classified")
PY
