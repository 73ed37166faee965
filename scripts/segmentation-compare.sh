#!/usr/bin/env bash
# Compares tilmech's sentence segmenter with razdel (Russian) and pysbd
# (English; Russian and Kazakh rules tried on Kyrgyz) on the shared cases in
# tests/fixtures/segmentation/cases.toml, and prints the number of cases each
# tool gets wrong per language. `-v` also lists every wrong case.
#
# Usage: scripts/segmentation-compare.sh [-v]
# Needs python3 (3.11+, for tomllib) and network access to PyPI on first run.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
venv="$root/target/venv-seg"

if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check razdel==0.5.0 pysbd==0.3.4

cargo build --quiet --bin tilmech
export TILMECH_BIN="$target/debug/tilmech"

exec "$venv/bin/python" - "$@" <<'PY'
import os, subprocess, sys, tomllib
from collections import defaultdict

import pysbd
import razdel

verbose = "-v" in sys.argv[1:]
with open("tests/fixtures/segmentation/cases.toml", "rb") as f:
    cases = tomllib.load(f)["case"]
langs = ["en", "ru", "ky"]


def tilmech(lang, texts):
    # One process per language: paragraphs in, blank-line-separated sentences out.
    out = subprocess.run(
        [os.environ["TILMECH_BIN"], "segment", "--lang", lang],
        input="\n\n".join(texts) + "\n",
        capture_output=True, text=True, check=True,
    ).stdout
    paras = [p for p in out.split("\n\n") if p.strip()]
    assert len(paras) == len(texts), (lang, len(paras), len(texts))
    return [p.strip("\n").split("\n") for p in paras]


def pysbd_tool(code):
    seg = pysbd.Segmenter(language=code, clean=False)
    return lambda lang, texts: [[s.strip() for s in seg.segment(t) if s.strip()] for t in texts]


def razdel_tool(lang, texts):
    return [[s.text for s in razdel.sentenize(t)] for t in texts]


# (tool name, which languages it is meant for, splitter)
tools = [
    ("tilmech", {"en", "ru", "ky"}, tilmech),
    ("razdel", {"ru"}, razdel_tool),
    ("pysbd en", {"en"}, pysbd_tool("en")),
    ("pysbd ru", {"ru"}, pysbd_tool("ru")),
    ("pysbd kk", set(), pysbd_tool("kk")),
]

errors = defaultdict(int)
totals = defaultdict(int)
wrong = []
for lang in langs:
    mine = [c for c in cases if c["lang"] == lang]
    texts = [c.get("join", " ").join(c["sentences"]) for c in mine]
    totals[lang] = len(mine)
    for name, _, split in tools:
        got = split(lang, texts)
        for c, g in zip(mine, got):
            if g != c["sentences"]:
                errors[(name, lang)] += 1
                wrong.append((name, lang, c["trap"], c["sentences"], g))

print(f"cases: " + ", ".join(f"{l} {totals[l]}" for l in langs))
print()
print(f"| {'tool':<9} | " + " | ".join(f"{l:>4}" for l in langs) + " |")
print(f"| {'-'*9} | " + " | ".join("-" * 4 for _ in langs) + " |")
for name, native, _ in tools:
    cells = []
    for l in langs:
        n = errors[(name, l)]
        # An asterisk marks a language the tool was not built for.
        cells.append(f"{n:>3}{'' if l in native else '*'}")
    print(f"| {name:<9} | " + " | ".join(f"{c:>4}" for c in cells) + " |")
print("\nerrors = cases split differently from the expected sentences; * = not the tool's language")

# Held-out check on real news text: NTREX-128 is one sentence per line, 123
# documents, in all three languages. Each document's lines are joined into one
# paragraph and each tool must find the line ends again. "missed" counts line
# ends a tool did not break at; "extra" counts breaks inside a line (a few lines
# hold two sentences, so some extra breaks are right, equally for every tool).
corpus = "../shared/corpus/ntrex128.en-ru-ky.tsv"
if os.path.exists(corpus):
    rows = [l.rstrip("\n").split("\t") for l in open(corpus, encoding="utf-8")]
    ids = [l.strip() for l in open("../shared/corpus/ntrex128.docids.tsv", encoding="utf-8")]
    docs = []
    for i, doc in enumerate(ids):
        if not docs or docs[-1][0] != doc:
            docs.append((doc, []))
        docs[-1][1].append(i)

    def ends(text, sentences):
        # End offsets of each sentence but the last, found in order.
        out, at = set(), 0
        for s in sentences[:-1]:
            at = text.index(s, at) + len(s)
            out.add(at)
        return out

    print(f"\nNTREX-128 held-out: {len(docs)} documents, {len(rows)} lines per language")
    print(f"| {'tool':<9} | " + " | ".join(f"{l + ' missed/extra':>16}" for l in langs) + " |")
    print(f"| {'-'*9} | " + " | ".join("-" * 16 for _ in langs) + " |")
    col = {"en": 0, "ru": 1, "ky": 2}
    results = {}
    for lang in langs:
        texts, gold = [], []
        for _, idx in docs:
            lines = [rows[i][col[lang]].strip() for i in idx]
            text = " ".join(lines)
            texts.append(text)
            gold.append(ends(text, lines))
        for name, _, split in tools:
            got = split(lang, texts)
            missed = extra = 0
            for text, g, sents in zip(texts, gold, got):
                e = ends(text, sents)
                missed += len(g - e)
                extra += len(e - g)
            results[(name, lang)] = (missed, extra)
    for name, native, _ in tools:
        cells = []
        for l in langs:
            m, x = results[(name, l)]
            cells.append(f"{m}/{x}{'' if l in native else '*'}")
        print(f"| {name:<9} | " + " | ".join(f"{c:>16}" for c in cells) + " |")
else:
    print("\nSKIPPED NTREX-128 held-out check: ../shared/corpus is absent")

if verbose:
    for name, lang, trap, exp, got in wrong:
        print(f"\n[{name} / {lang} / {trap}]\n  expected: {exp}\n  got:      {got}")
PY
