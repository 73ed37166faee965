#!/usr/bin/env bash
# kill -9 at random moments during a first import into an empty memory:
# afterwards the memory holds nothing or everything, passes SQLite's
# integrity check, and the next open leaves no temporary file.
source "$(dirname "$0")/lib/common.bash"
rounds=${ROUNDS:-30}
lines=5000
tsv data.tsv "$lines" first
mkdir -p timing
d=$(seconds "$TILMECH" tm --tm "$WORK/timing/tm.sqlite" import data.tsv --lang en,ru)
n=$(units "$WORK/timing/tm.sqlite")
if [ "$n" = "$lines" ]; then
    echo "ok an uninterrupted first import of $lines lines stores them all ($d s)"
else
    echo "FAIL an uninterrupted first import of $lines lines stores them all: $n"
fi
for r in $(seq 1 "$rounds"); do
    dir="$WORK/r$r"
    mkdir -p "$dir"
    tm="$dir/tm.sqlite"
    at=$(kill_within "$d" "$TILMECH" tm --tm "$tm" import data.tsv --lang en,ru)
    # Killed before the memory was made, stats finds none (and still
    # clears what the killed run left).
    n=$(units "$tm")
    if [ ! -e "$tm" ] && [[ "$n" == *"no translation memory at"* ]]; then n=0; fi
    verdict "first import killed at $at s (round $r)" "$n" 0 "$lines" "$dir" "$tm"
    rm -rf "$dir"
done
