#!/usr/bin/env bash
# Cross-checks tilmech's Russian name declension against the PyPI `petrovich`
# library for every name in scripts/data/ru-names.tsv, in all six cases.
# Prints each disagreement and a summary; docs/grammar.md explains them.
#
# Usage: scripts/crosscheck-ru.sh [names.tsv]
# Needs python3 with venv and network access to PyPI on first run.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
names="${1:-$root/scripts/data/ru-names.tsv}"
venv="$root/target/venv-ru"
target="${CARGO_TARGET_DIR:-$root/target}"

if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet petrovich
fi

(cd "$root" && cargo build --quiet --bin tilmech)
bin="$target/debug/tilmech"

"$venv/bin/python" - "$bin" "$names" <<'PY'
import json
import subprocess
import sys

from petrovich.enums import Case, Gender
from petrovich.main import Petrovich

binary, names_path = sys.argv[1], sys.argv[2]
CASES = ["nom", "gen", "dat", "acc", "ins", "prep"]
PET_CASE = {
    "gen": Case.GENITIVE,
    "dat": Case.DATIVE,
    "acc": Case.ACCUSATIVE,
    "ins": Case.INSTRUMENTAL,
    "prep": Case.PREPOSITIONAL,
}
KIN = {"уулу", "кызы", "оглы", "гызы", "улы"}
PARTICLES = {"фон", "ван", "дер", "де", "ди", "да", "дю", "ла", "ле", "аль", "ибн", "бин"}
pet = Petrovich()


def roles(words):
    """Same reading of a full name as tilmech: given names, patronymic, surname."""
    lower = [w.lower() for w in words]
    for p, w in enumerate(lower):
        if w in KIN:
            return ["first" if i + 1 < p else None for i in range(len(words))]
    out = [None if w in PARTICLES else "first" for w in lower]
    content = [i for i, r in enumerate(out) if r]
    for n, i in enumerate(content):
        w = lower[i]
        if n > 0 and (w.endswith(("вич", "вна", "чна")) or w in ("ильич",)):
            out[i] = "middle"
        elif n + 1 == len(content) and len(content) > 1:
            out[i] = "last"
    return out


def petrovich_form(name, gender, case):
    if case == "nom":
        return name
    words = name.split()
    result = []
    for word, role in zip(words, roles(words)):
        fn = {"first": pet.firstname, "middle": pet.middlename, "last": pet.lastname}.get(role)
        result.append(fn(word, PET_CASE[case], gender) if fn else word)
    return " ".join(result)


total = agree = 0
names_total = names_agree = 0
with open(names_path, encoding="utf-8") as f:
    for line in f:
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        name, gender = line.split("\t")
        g = Gender.MALE if gender == "male" else Gender.FEMALE
        out = subprocess.run(
            [binary, "grammar", "ru", "decline", name, "--gender", gender, "--format", "json"],
            check=True, capture_output=True, text=True,
        ).stdout
        ours = {f["case"]: f["form"] for f in json.loads(out)["items"]}
        all_ok = True
        for case in CASES:
            theirs = petrovich_form(name, g, case)
            total += 1
            if ours[case] == theirs:
                agree += 1
            else:
                all_ok = False
                print(f"{name} ({gender}) {case}: tilmech={ours[case]} petrovich={theirs}")
        names_total += 1
        names_agree += all_ok

print()
print(f"forms: {agree} of {total} agree ({100 * agree / total:.1f}%), {total - agree} differ")
print(f"names: {names_agree} of {names_total} agree in all six cases")
PY
