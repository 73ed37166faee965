#!/usr/bin/env bash
# Two imports at once, into a new memory and into one that holds units:
# every import that reports success is stored in full, and lookups
# afterwards return only stored units (never another file's text at a
# wrong score, as an index of the wrong content would).
source "$(dirname "$0")/lib/common.bash"
rounds=${ROUNDS:-20}
lines=800
tsv a.tsv "$lines" alpha
tsv b.tsv "$lines" beta
tsv base.tsv 300 base
mkdir -p base
"$TILMECH" tm --tm "$WORK/base/tm.sqlite" import base.tsv --langs en,ru >/dev/null
rm -f "$WORK"/base/tm.sqlite.* "$WORK"/base/tm.sqlite-*

# stored MEMORY TAG OK: checks three sentences of file TAG by lookup: with
# OK=1 (its import succeeded) each must come back at 100 with its own
# translation; with OK=0 none may.
stored() {
    local i got want bad=""
    for i in 0 577 $((lines - 1)); do
        got=$(lookup_target "$1" "Sentence $2 number $i about the training in Bishkek.")
        want="100	Предложение $2 номер $i о тренинге в Бишкеке."
        if [ "$3" = 1 ] && [ "$got" != "$want" ]; then bad="$bad [$i: $got]"; fi
        if [ "$3" = 0 ] && [ "$got" = "$want" ]; then bad="$bad [$i stored by a failed import]"; fi
    done
    echo "$bad"
}

for kind in new non-empty; do
    for r in $(seq 1 "$rounds"); do
        dir="$WORK/$kind-$r"
        mkdir -p "$dir"
        tm="$dir/tm.sqlite"
        start=0
        if [ "$kind" = non-empty ]; then
            cp base/tm.sqlite "$tm"
            start=300
        fi
        "$TILMECH" tm --tm "$tm" import a.tsv --langs en,ru >"$dir/a.out" 2>&1 &
        pa=$!
        "$TILMECH" tm --tm "$tm" import b.tsv --langs en,ru >"$dir/b.out" 2>&1 &
        pb=$!
        wait "$pa"; ca=$?
        wait "$pb"; cb=$?
        okA=$((ca == 0)); okB=$((cb == 0))
        expected=$((start + lines * okA + lines * okB))
        n=$(units "$tm")
        bad="$(stored "$tm" alpha "$okA")$(stored "$tm" beta "$okB")"
        check=$(integrity "$tm")
        if [ "$n" = "$expected" ] && [ -z "$bad" ] && [ "$check" = ok ] && [ $((okA + okB)) -ge 1 ]; then
            echo "ok two imports at once into a $kind memory (round $r): exits $ca/$cb, $n units, lookups find exactly what is stored"
        else
            echo "FAIL two imports at once into a $kind memory (round $r): exits $ca/$cb ($(tr '\n' ' ' <"$dir/a.out") | $(tr '\n' ' ' <"$dir/b.out")), $n units ($expected expected), lookups:$bad, integrity: $check"
        fi
        rm -rf "$dir"
    done
done
