#!/usr/bin/env bash
# Imports into a memory that holds units while 200 lookups run beside
# them, and a first import into an empty memory while 100 run: not one
# lookup fails (and the first import's rename waits for none of them).
source "$(dirname "$0")/lib/common.bash"
tsv data.tsv 800 bulk
known="Sentence seed number 7 about the training in Bishkek."
tsv seed.tsv 100 seed

# lookups MEMORY N: runs N lookups of a stored sentence in two parallel
# streams; prints how many failed (exit code other than 0, or 1 before the
# memory holds the sentence when it may be empty).
lookups() {
    local stream
    for stream in 1 2; do
        (
            fails=0
            for _ in $(seq 1 $(($2 / 2))); do
                "$TILMECH" tm --tm "$1" lookup "$known" --to ru >/dev/null 2>"$WORK/err.$stream"
                code=$?
                if [ "$code" -ne 0 ] && { [ "$code" -ne 1 ] || [ "$3" = seeded ]; }; then
                    fails=$((fails + 1))
                    cp "$WORK/err.$stream" "$WORK/last-error"
                fi
            done
            echo "$fails" >"$WORK/fails.$stream"
        ) &
    done
    wait
    echo $(($(cat "$WORK/fails.1") + $(cat "$WORK/fails.2")))
}

for kind in new seeded; do
    dir="$WORK/$kind"
    mkdir -p "$dir"
    tm="$dir/tm.sqlite"
    if [ "$kind" = seeded ]; then
        "$TILMECH" tm --tm "$tm" import seed.tsv --lang en,ru >/dev/null
    else
        # An empty memory, so lookups can start before the first import.
        : >"$dir/empty.tsv"
        "$TILMECH" tm --tm "$tm" import "$dir/empty.tsv" --lang en,ru >/dev/null
    fi
    (
        # Into the seeded memory imports repeat (new units, then
        # duplicates) until the lookups are done; the new one gets one
        # first import, whose rename must wait for no lookup.
        while :; do
            "$TILMECH" tm --tm "$tm" import data.tsv --lang en,ru >"$WORK/import.$kind" 2>&1 ||
                echo "exit $?" >>"$WORK/import-failed.$kind"
            if [ "$kind" = new ] || [ -e "$WORK/done.$kind" ]; then break; fi
        done
    ) &
    importer=$!
    sleep 0.2
    count=200
    [ "$kind" = new ] && count=100
    fails=$(lookups "$tm" "$count" "$kind")
    touch "$WORK/done.$kind"
    wait "$importer"
    if [ "$fails" = 0 ]; then
        echo "ok $count lookups during imports into a $kind memory: none failed"
    else
        echo "FAIL $count lookups during imports into a $kind memory: $fails failed, e.g. $(tr '\n' ' ' <"$WORK/last-error")"
    fi
    if [ -e "$WORK/import-failed.$kind" ]; then
        echo "FAIL the imports beside the lookups into a $kind memory succeed: $(tr '\n' ' ' <"$WORK/import.$kind")"
    else
        echo "ok the imports beside the lookups into a $kind memory succeed"
    fi
done
