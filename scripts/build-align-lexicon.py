#!/usr/bin/env python3
"""Builds the en-ru translation lexicon of the sentence aligner
(src/tm/align/lexicon.en-ru.tsv) from TICO-19 (CC0) only.

Usage: python3 scripts/build-align-lexicon.py [../shared/corpus/tico19.en-ru.tmx]

Words are lowercased and cut to their first five letters (a crude stem that
survives Russian case endings); each English stem is paired with the Russian
stems it co-occurs with, scored by the Dice coefficient over sentence pairs.
Stems in more than 10 % of the sentences (function words) are left out:
they occur in nearly every sentence and would not tell two candidate
alignments apart. Kept: pairs seen together at least twice with Dice >= 0.25,
at most four Russian stems per English stem. Output columns: en stem, ru
stem, co-occurrence count, Dice. Standard library only; deterministic.
The stem and tokenisation rules must match `lexicon.rs`.
"""
import collections
import re
import sys
import xml.etree.ElementTree as ET

STEM = 5
WORD = re.compile(r"[^\W\d_]+")


def stems(text):
    return {w[:STEM] for w in WORD.findall(text.lower()) if len(w) >= 3}


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus/tico19.en-ru.tmx"
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    pairs = []
    for tu in ET.parse(path).getroot().iter("tu"):
        segs = {tuv.get(xml_lang): "".join(tuv.find("seg").itertext()) for tuv in tu.iter("tuv")}
        if "en" in segs and "ru" in segs:
            pairs.append((stems(segs["en"]), stems(segs["ru"])))
    n = len(pairs)
    fe, fr, co = collections.Counter(), collections.Counter(), collections.Counter()
    for e, r in pairs:
        fe.update(e)
        fr.update(r)
        co.update((a, b) for a in e for b in r)
    limit = 0.10 * n
    best = collections.defaultdict(list)
    for (a, b), c in co.items():
        if c < 2 or fe[a] > limit or fr[b] > limit:
            continue
        dice = 2 * c / (fe[a] + fr[b])
        if dice >= 0.25:
            best[a].append((dice, c, b))
    out = ["# en-ru stem lexicon from TICO-19 (CC0), %d sentence pairs; see scripts/build-align-lexicon.py" % n]
    for a in sorted(best):
        for dice, c, b in sorted(best[a], key=lambda x: (-x[0], x[2]))[:4]:
            out.append("%s\t%s\t%d\t%.3f" % (a, b, c, dice))
    with open("src/tm/align/lexicon.en-ru.tsv", "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print("%d pairs, %d entries" % (n, len(out) - 1))


if __name__ == "__main__":
    main()
