#!/usr/bin/env bash
# Two imports at once, into a new memory and into one that holds units:
# every import that reports success is stored in full, and lookups
# afterwards return only stored units (never another file's text at a
# wrong score, as an index of the wrong content would).
source "$(dirname "$0")/lib/common.bash"
rounds=${ROUNDS:-20}
lines=400
tsv a.tsv "$lines" alpha
tsv b.tsv "$lines" beta
tsv base.tsv 200 base
mkdir -p base
"$TILMECH" tm --tm "$WORK/base/tm.sqlite" import base.tsv --lang en,ru >/dev/null
rm -f "$WORK"/base/tm.sqlite.* "$WORK"/base/tm.sqlite-*

for tag in alpha beta; do
    for i in 0 $((lines - 1)); do
        echo "$tag	Sentence $tag number $i about the training in Bishkek."
    done
done >queries.tsv

# stored MEMORY OK_ALPHA OK_BETA: looks up two sentences of each file in one
# batch: those of a file whose import succeeded (OK_…=1) must come back at
# 100 with their own translation, those of a failed one not at all.
# Prints what is wrong, or nothing.
stored() {
    "$TILMECH" tm --tm "$1" lookup --batch queries.tsv --to ru 2>/dev/null |
        python3 -c 'import json, sys
ok = {"alpha": sys.argv[1] == "1", "beta": sys.argv[2] == "1"}
for line in sys.stdin:
    r = json.loads(line)
    words = r["query"].split()
    tag, i = words[1], words[3]
    want = "Предложение %s номер %s о тренинге в Бишкеке." % (tag, i)
    best = r["matches"][0] if r["matches"] else None
    found = best is not None and best["score"] == 100 and best["target"] == want
    if ok[tag] and not found:
        print(" [%s %s: %s]" % (tag, i, best), end="")
    if not ok[tag] and any(m["target"] == want for m in r["matches"]):
        print(" [%s %s stored by a failed import]" % (tag, i), end="")' "$2" "$3"
}

for kind in new non-empty; do
    for r in $(seq 1 "$rounds"); do
        dir="$WORK/$kind-$r"
        mkdir -p "$dir"
        tm="$dir/tm.sqlite"
        start=0
        if [ "$kind" = non-empty ]; then
            cp base/tm.sqlite "$tm"
            start=200
        fi
        "$TILMECH" tm --tm "$tm" import a.tsv --lang en,ru >"$dir/a.out" 2>&1 &
        pa=$!
        "$TILMECH" tm --tm "$tm" import b.tsv --lang en,ru >"$dir/b.out" 2>&1 &
        pb=$!
        wait "$pa"; ca=$?
        wait "$pb"; cb=$?
        okA=$((ca == 0)); okB=$((cb == 0))
        expected=$((start + lines * okA + lines * okB))
        n=$(units "$tm")
        bad=$(stored "$tm" "$okA" "$okB")
        check=$(integrity "$tm")
        if [ "$n" = "$expected" ] && [ -z "$bad" ] && [ "$check" = ok ] && [ $((okA + okB)) -ge 1 ]; then
            echo "ok two imports at once into a $kind memory (round $r): exits $ca/$cb, $n units, lookups find exactly what is stored"
        else
            echo "FAIL two imports at once into a $kind memory (round $r): exits $ca/$cb ($(tr '\n' ' ' <"$dir/a.out") | $(tr '\n' ' ' <"$dir/b.out")), $n units ($expected expected), lookups:$bad, integrity: $check"
        fi
        rm -rf "$dir"
    done
done
