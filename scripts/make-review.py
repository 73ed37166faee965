#!/usr/bin/env python3
"""Writes a project folder with an English event of N free-text paragraphs
(two sentences each) and an XLIFF review of it with every segment approved
into Russian, for timing and fault-injecting `tilmech review import`.

    scripts/make-review.py DIR N

DIR gets tilmech.toml, examples/events/big.toml and review/big.ru.xlf; the
templates and locales come from REPO (the environment variable, else the
repository this script is in) so that the event renders.
"""
import os
import shutil
import sys
from pathlib import Path

dir, n = Path(sys.argv[1]), int(sys.argv[2])
repo = Path(os.environ.get("REPO") or Path(__file__).resolve().parent.parent)
for sub in ("templates", "locales"):
    shutil.copytree(repo / sub, dir / sub, dirs_exist_ok=True)
(dir / "examples/events").mkdir(parents=True, exist_ok=True)
(dir / "review").mkdir(exist_ok=True)
(dir / "tilmech.toml").write_text("")

event = [
    'kind = "meeting"', "date = 2021-06-03", 'place = "bishkek"', 'source = "en"', "",
    "[[people]]", 'role = "host"', 'name = { en = "Alexey Rogov", ru = "Алексей Рогов", ky = "Алексей Рогов" }',
    'gender = "male"', 'position = "osce-head"', "",
    "[[people]]", 'role = "guest"', 'name = { en = "Ruslan Kazakbaev", ru = "Руслан Казакбаев", ky = "Руслан Казакбаев" }',
    'gender = "male"', 'position = "minister-foreign-affairs"', "",
]
units = []
for p in range(1, n + 1):
    pairs = [
        (f"Paragraph {p} opens the matter of item {p}.", f"Абзац {p} открывает вопрос {p}."),
        (f"It closes it with note {p * 7}.", f"Он закрывает его заметкой {p * 7}."),
    ]
    event += ["[[paragraphs]]", f'en = "{pairs[0][0]} {pairs[1][0]}"', ""]
    for s, (source, target) in enumerate(pairs, 1):
        units.append(
            f'      <trans-unit id="p{p}.s{s}" xml:space="preserve">\n'
            f'        <source xml:lang="en">{source}</source>\n'
            f'        <target xml:lang="ru" state="final">{target}</target>\n'
            "      </trans-unit>"
        )
(dir / "examples/events/big.toml").write_text("\n".join(event))
(dir / "review/big.ru.xlf").write_text(
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
    '  <file original="../examples/events/big.toml" source-language="en" target-language="ru" datatype="plaintext">\n'
    "    <body>\n" + "\n".join(units) + "\n    </body>\n  </file>\n</xliff>\n"
)
