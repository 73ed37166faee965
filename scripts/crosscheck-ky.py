"""Compare `tilmech grammar ky case WORD --format json` with the `kyrgyz`
library on every case both support. Called by crosscheck-ky.sh."""

import json
import subprocess
import sys

from kyrgyz import Word, inflect
from kyrgyz.cases import Case
from kyrgyz.errors import KyrgyzError

CASES = {
    "gen": Case.GENITIVE,
    "dat": Case.DATIVE,
    "acc": Case.ACCUSATIVE,
    "loc": Case.LOCATIVE,
    "abl": Case.ABLATIVE,
}


def read_words(path):
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        yield fields[0], fields[1], (fields[2] if len(fields) > 2 else None)


def peer_word(text, kind, pronunciation):
    if kind == "abbr":
        return Word(text, abbreviation=True, pronunciation=pronunciation)
    return Word(text, abbreviation=False)


def main(binary, path):
    words = compared = agreed = 0
    unsupported = []
    disagreements = []
    for text, kind, pronunciation in read_words(path):
        words += 1
        out = subprocess.run(
            [binary, "grammar", "ky", "case", text, "--format", "json"],
            capture_output=True, text=True, check=True,
        ).stdout
        ours = {f["case"]: f["form"] for f in json.loads(out)["items"]}
        try:
            word = peer_word(text, kind, pronunciation)
        except KyrgyzError as e:
            unsupported.append((text, str(e).split(";")[0]))
            continue
        for name, case in CASES.items():
            try:
                theirs = inflect(word, case=case)
            except KyrgyzError as e:
                unsupported.append((f"{text} {name}", str(e).split(".")[0]))
                continue
            compared += 1
            if ours[name] == theirs:
                agreed += 1
            else:
                disagreements.append((kind, text, name, ours[name], theirs))

    for kind, text, name, ours, theirs in disagreements:
        print(f"DIFF  {kind:<7} {text:<28} {name}  tilmech={ours:<30} kyrgyz={theirs}")
    for what, why in unsupported:
        print(f"SKIP  {what}: kyrgyz: {why}")
    share = 100.0 * agreed / compared if compared else 0.0
    print(
        f"\n{words} words, {compared} forms compared (gen dat acc loc abl), "
        f"{agreed} agree ({share:.1f}%), {len(disagreements)} differ, "
        f"{len(unsupported)} not supported by kyrgyz"
    )


def possessives(binary, path):
    """tilmech against the hand-checked table of possessive phrases."""
    phrases = compared = agreed = 0
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        phrase, *forms = line.split("\t")
        phrases += 1
        out = subprocess.run(
            [binary, "grammar", "ky", "case", phrase, "--format", "json"],
            capture_output=True, text=True, check=True,
        ).stdout
        ours = {f["case"]: f["form"] for f in json.loads(out)["items"]}
        for name, want in zip(CASES, forms):
            compared += 1
            if ours[name] == want:
                agreed += 1
            else:
                print(f"DIFF  possessive {phrase:<28} {name}  tilmech={ours[name]:<30} table={want}")
    share = 100.0 * agreed / compared if compared else 0.0
    print(f"possessives: {phrases} phrases, {compared} forms, {agreed} agree with the hand-checked table ({share:.1f}%)")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
    if len(sys.argv) > 3:
        possessives(sys.argv[1], sys.argv[3])
