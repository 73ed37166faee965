#!/usr/bin/env bash
# The translator's loop through a real CAT tool (issue 12):
#  1. the archive (../shared/reference/archive) aligned into a fresh memory;
#  2. the seed event, its ru and ky paragraphs removed, drafted with
#     --cat omegat;
#  3. per language an OmegaT project: source/ holds the XLIFF, tm/auto/ a
#     TMX of the seed release's reference translations made by tilmech's
#     own aligner and export from ../shared/reference/seed-release.*.md,
#     sentence segmentation off (the draft is one sentence per unit);
#  4. OmegaT 3.6's console mode translates it (headless);
#  5. `review import` of OmegaT's target/ file, then `render` must
#     reproduce ../shared/reference/seed-release.{ru,ky}.md exactly;
#  6. translate-toolkit's pocount on a fresh standard draft must report the
#     true numbers of untranslated, fuzzy and translated segments.
# Installs Debian's omegat and translate-toolkit (PyPI, into
# target/venv-review) when missing. Prints `N passed, M failed`; exit 1 on
# any failure. Needs ../shared.
set -uo pipefail
cd "$(dirname "$0")/.."
if [ ! -d ../shared/reference ]; then
    echo "SKIPPED scripts/omegat-roundtrip.sh: ../shared/reference is absent"
    exit 0
fi
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok   $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?; }

if ! command -v omegat >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends omegat >/dev/null ||
        { fail "cannot install Debian's omegat"; finish; }
fi
if [ ! -x target/venv-review/bin/pocount ]; then
    python3 -m venv target/venv-review &&
        target/venv-review/bin/pip install --quiet translate-toolkit ||
        { fail "cannot install translate-toolkit"; finish; }
fi

cargo build --quiet || { fail "cargo build"; finish; }
bin="$PWD/target/debug/tilmech"
work="$PWD/target/omegat-roundtrip"
rm -rf "$work" && mkdir -p "$work/events" "$work/reference"
export TILMECH_TM="$work/tm.sqlite"

"$bin" tm align ../shared/reference/archive >/dev/null || { fail "tm align of the archive"; finish; }
"$bin" tm align ../shared/reference/archive --tm "$work/archive.sqlite" >/dev/null || { fail "tm align of the archive"; finish; }
event="$work/events/seed.toml"
grep -v -E '^(ru|ky) = ' examples/events/2021-06-03-rogov-kazakbaev.toml >"$event"
"$bin" draft "$event" --min 40 --cat omegat --out "$work/draft" >/dev/null || { fail "draft --cat omegat"; finish; }

# The reference translations as TMX, through tilmech's own aligner and export.
cp ../shared/reference/seed-release.{en,ru,ky}.md "$work/reference/"
"$bin" tm align "$work/reference" --tm "$work/reference.sqlite" >/dev/null ||
    { fail "tm align of the reference release"; finish; }

for lang in ru ky; do
    project="$work/omegat-$lang"
    mkdir -p "$project"/{omegat,glossary,source,target,tm/auto,dictionary}
    cp "$work/draft/seed.$lang.xlf" "$project/source/"
    "$bin" tm export "$project/tm/auto/seed-release.$lang.tmx" --lang "en,$lang" --tm "$work/reference.sqlite" >/dev/null ||
        { fail "$lang: tm export of the reference"; continue; }
    tok=org.omegat.tokenizer.DefaultTokenizer
    [ "$lang" = ru ] && tok=org.omegat.tokenizer.LuceneRussianTokenizer
    cat >"$project/omegat.project" <<XML
<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <source_dir_excludes/>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>EN</source_lang>
    <target_lang>${lang^^}</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</source_tok>
    <target_tok>$tok</target_tok>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
XML
    if JAVA_TOOL_OPTIONS='-Djava.awt.headless=true' timeout 600 omegat --mode=console-translate \
        --disable-project-locking --no-team "$project" >"$work/omegat-$lang.log" 2>&1 &&
        [ -f "$project/target/seed.$lang.xlf" ]; then
        pass "$lang: OmegaT console-translate wrote target/seed.$lang.xlf"
    else
        fail "$lang: OmegaT console-translate (see $work/omegat-$lang.log: $(tail -n 3 "$work/omegat-$lang.log" | tr '\n' ' '))"
        continue
    fi
    if "$bin" review import "$project/target/seed.$lang.xlf" --event "$event" --format json >"$work/import-$lang.json" 2>"$work/import-$lang.err"; then
        skipped=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["items"]))' "$work/import-$lang.json")
        if [ "$skipped" = 0 ]; then
            pass "$lang: review import took every segment OmegaT translated"
        else
            fail "$lang: review import left $skipped segments out: $(cat "$work/import-$lang.json")"
        fi
    else
        fail "$lang: review import: $(cat "$work/import-$lang.err" "$work/import-$lang.json")"
    fi
done

for lang in ru ky; do
    if "$bin" render "$event" --lang "$lang" >"$work/rendered.$lang.md" 2>"$work/render-$lang.err" &&
        diff -u ../shared/reference/seed-release.$lang.md "$work/rendered.$lang.md" >"$work/render-$lang.diff"; then
        pass "$lang: render reproduces ../shared/reference/seed-release.$lang.md exactly"
    else
        fail "$lang: render differs from the reference: $(head -c 2000 "$work/render-$lang.diff" "$work/render-$lang.err")"
    fi
done

# pocount on standard drafts: its counts must be the draft's own. It counts
# a unit as translated only when approved="yes", so an unconfirmed memory
# match (state translated) is fuzzy to it; with --approve-exact they are final
# and approved. The fresh draft uses the archive memory alone.
grep -v -E '^(ru|ky) = ' examples/events/2021-06-03-rogov-kazakbaev.toml >"$work/events/fresh.toml"
pocount_check() { # NAME MEMORY DRAFT-ARGS...
    local name=$1 memory=$2
    shift 2
    TILMECH_TM="$memory" "$bin" draft "$work/events/fresh.toml" --min 40 --to ru --out "$work/$name" --format json "$@" >"$work/$name.json" 2>/dev/null ||
        { fail "$name: standard draft"; return; }
    local counts want_t want_f want_u
    # pocount colours its table whatever NO_COLOR says: the codes are removed.
    counts=$(target/venv-review/bin/pocount "$work/$name/fresh.ru.xlf" 2>&1 | sed 's/\x1b\[[0-9;]*m//g')
    read -r want_t want_f want_u < <(python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))["items"][0]
exact = s["exact"] + s["context"]
approved = sys.argv[2] == "approved"
print(exact if approved else 0, s["fuzzy"] + (0 if approved else exact), s["none"])' "$work/$name.json" "$name")
    got() { echo "$counts" | awk -v k="$1:" '$1 == k {print $2; exit}'; }
    if [ "$(got Translated)" = "$want_t" ] && [ "$(got Fuzzy)" = "$want_f" ] && [ "$(got Untranslated)" = "$want_u" ]; then
        pass "$name: pocount counts $want_t translated, $want_f fuzzy, $want_u untranslated, as drafted"
    else
        fail "$name: pocount differs from the draft (want $want_t translated, $want_f fuzzy, $want_u untranslated): $counts"
    fi
}
pocount_check fresh "$work/archive.sqlite"
pocount_check approved "$TILMECH_TM" --approve-exact
finish
