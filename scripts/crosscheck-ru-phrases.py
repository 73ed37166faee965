"""Check each word `tilmech grammar ru decline PHRASE --phrase` declines
against pymorphy3: the word must have a parse in the intended case.
Called by crosscheck-ru-phrases.sh."""

import json
import subprocess
import sys

import pymorphy3

# tilmech's case names → pymorphy3's (OpenCorpora) grammemes; gen2/loc2
# are the second genitive and locative (чаю, в лесу).
CASES = {
    "gen": {"gent", "gen2"},
    "dat": {"datv"},
    "acc": {"accs"},
    "ins": {"ablt"},
    "prep": {"loct", "loc2"},
}


def read(path):
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line and not line.startswith("#"):
            phrase, animacy = line.split("\t")
            yield phrase, animacy


def declined_span(forms):
    """How many leading words tilmech declined: up to the last word that
    differs from the nominative in some case (the head)."""
    nom = forms["nom"].split()
    span = 0
    for case in CASES:
        words = forms[case].split()
        for i, (a, b) in enumerate(zip(nom, words)):
            if a != b:
                span = max(span, i + 1)
    return span


def admits(morph, word, grammemes):
    # A hyphenated word declines in its last part (Джалал-Абадской).
    part = word.rsplit("-", 1)[-1]
    return any(p.tag.case in grammemes for p in morph.parse(part.lower()))


def main(binary, path):
    morph = pymorphy3.MorphAnalyzer()
    phrases = checked = agreed = 0
    unchanged = []
    disagreements = []
    for phrase, animacy in read(path):
        phrases += 1
        args = [binary, "grammar", "ru", "decline", phrase, "--phrase", "--format", "json"]
        if animacy == "inan":
            args.append("--inanimate")
        out = json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout)
        forms = {f["case"]: f["form"] for f in out["items"]}
        span = declined_span(forms)
        if span == 0:
            unchanged.append(phrase)
            continue
        for case, grammemes in CASES.items():
            for i, word in enumerate(forms[case].split()[:span]):
                # «и» and words that keep their form in every case (the
                # Kyrgyz «Жогорку») are not declined.
                if word == "и" or all(forms[c].split()[i] == word for c in ["nom", *CASES]):
                    continue
                checked += 1
                if admits(morph, word, grammemes):
                    agreed += 1
                else:
                    disagreements.append((phrase, case, word))
    for phrase, case, word in disagreements:
        print(f"DIFFER  {phrase}  {case}: «{word}» has no {case} reading in pymorphy3")
    for phrase in unchanged:
        print(f"UNCHANGED  {phrase}  (tilmech declines no word of it)")
    pct = 100.0 * agreed / checked if checked else 0.0
    print(
        f"\n{phrases} phrases, {checked} declined words checked in gen dat acc ins prep, "
        f"{agreed} admit the intended case ({pct:.1f}%), {len(disagreements)} do not, "
        f"{len(unchanged)} phrases left unchanged"
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
