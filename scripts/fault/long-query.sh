#!/usr/bin/env bash
# A 200,000-token lookup at --min 1 against units of 2,500 and 3,000
# tokens finishes in bounded time (it did not within 300 s before).
source "$(dirname "$0")/lib/common.bash"
python3 - <<'PY'
import random
r = random.Random(1)
w = ["police", "officers", "took", "part", "in", "the", "training", "Bishkek", "OSCE", "25"]
with open("long.tsv", "w") as f:
    for n in (2500, 3000):
        f.write(" ".join(r.choice(w) for _ in range(n)) + "\tДлинный перевод 25.\n")
with open("query.txt", "w") as f:
    f.write(" ".join(r.choice(w) for _ in range(200000)) + "\n")
PY
"$TILMECH" tm --tm "$WORK/tm.sqlite" import long.tsv --lang en,ru >/dev/null
"$TILMECH" tm --tm "$WORK/tm.sqlite" import "$REPO/tests/fixtures/tm/release.en-ru-ky.tsv" --lang en,ru,ky >/dev/null
t0=$SECONDS
timeout 120 "$TILMECH" tm --tm "$WORK/tm.sqlite" lookup --batch query.txt --to ru --min 1 >out.jsonl 2>err.txt
code=$?
took=$((SECONDS - t0))
if [ "$code" -le 1 ] && grep -q '"score":' out.jsonl; then
    echo "ok a 200,000-token lookup at --min 1 answers in $took s"
else
    echo "FAIL a 200,000-token lookup at --min 1 answers within 120 s: exit $code after $took s $(head -c 300 err.txt)"
fi
