#!/usr/bin/env python3
"""Cross-check `tilmech tm lookup` against an independent implementation of
the score in docs/tm.md (tokens by regular expression, token Levenshtein by
rapidfuzz), scoring every unit in Python: same units, same scores, same order.

    python3 scripts/crosscheck-score.py [path/to/tilmech] [--queries 60]

Needs ../shared/corpus/ntrex128.en-ru-ky.tsv. Creates its own virtualenv
under target/ for rapidfuzz; nothing here is used by the Rust code or tests.
"""
import json, os, re, subprocess, sys, tempfile, unicodedata, venv

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, "target", "venv-crosscheck")


def ensure_rapidfuzz():
    try:
        import rapidfuzz  # noqa: F401
        return
    except ImportError:
        pass
    py = os.path.join(VENV, "bin", "python")
    if not os.path.exists(py):
        venv.create(VENV, with_pip=True)
        subprocess.check_call([py, "-m", "pip", "install", "-q", "rapidfuzz"])
    os.execv(py, [py] + sys.argv)


ensure_rapidfuzz()
from rapidfuzz.distance import Levenshtein  # noqa: E402

TOKEN = re.compile(
    r"(?P<num>[0-9](?:[0-9]|[.,][0-9]|[\u00a0\u202f][0-9]{3}(?![0-9]))*)"
    r"|(?P<word>(?![0-9])[\w\u0300-\u036f](?:[\w\u0300-\u036f]|['\u2019](?=\w))*)"
    r"|(?P<punct>\S)"
)


def normalize(s):
    return " ".join(unicodedata.normalize("NFC", s).split())


def keys(s):
    return ["\0#" if m.group("num") else m.group(0) for m in TOKEN.finditer(normalize(s).lower())]


def score(q, s):
    if normalize(q) == normalize(s):
        return 100
    a, b = keys(q), keys(s)
    m = max(len(a), len(b))
    if m == 0:
        return 99
    return min(99, 100 * (m - Levenshtein.distance(a, b)) // m)


def char_sim(q, s):
    a, b = normalize(q).lower(), normalize(s).lower()
    m = max(len(a), len(b))
    return 1000 if m == 0 else 1000 * (m - Levenshtein.distance(a, b)) // m


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    exe = args[0] if args else os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "debug", "tilmech")
    n_queries = int(sys.argv[sys.argv.index("--queries") + 1]) if "--queries" in sys.argv else 60
    corpus = os.path.join(ROOT, "..", "shared", "corpus", "ntrex128.en-ru-ky.tsv")
    rows = [line.rstrip("\n").split("\t") for line in open(corpus, encoding="utf-8")]
    tm = os.path.join(tempfile.mkdtemp(prefix="tilmech-crosscheck-"), "tm.sqlite")
    subprocess.check_call([exe, "tm", "--tm", tm, "import", corpus, "--lang", "en,ru,ky"], stdout=subprocess.DEVNULL)
    vocab = sorted({w for r in rows for w in r[0].split()})
    queries = []
    for i, r in enumerate(rows[:: max(1, len(rows) // n_queries)][:n_queries]):
        words = r[0].split(" ")
        k = (i * 7) % len(words)
        if i % 3 == 0 and len(words) > 2:
            del words[k]
        else:
            words[k] = vocab[(i * 7919) % len(vocab)]
        queries.append(" ".join(words))
    checked = mismatches = found = 0
    for q in queries:
        for minimum in (70, 50):
            out = subprocess.run(
                [exe, "tm", "--tm", tm, "lookup", q, "--from", "en", "--to", "ru",
                 "--min", str(minimum), "--limit", "5", "--format", "json"],
                capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"},
            ).stdout
            got = [(m["id"], m["score"]) for m in json.loads(out)["items"]]
            scored = [(score(q, r[0]), char_sim(q, r[0]), i + 1) for i, r in enumerate(rows)]
            want = [(uid, s) for s, _, uid in sorted((x for x in scored if x[0] >= minimum), key=lambda x: (-x[0], -x[1], x[2]))[:5]]
            checked += 1
            found += bool(got)
            if got != want:
                mismatches += 1
                print(f"MISMATCH at {minimum}: {q!r}\n  tilmech {got}\n  python  {want}")
    print(f"{checked} lookups ({found} with matches) checked against the independent scorer, {mismatches} mismatches")
    sys.exit(1 if mismatches else 0)


main()
