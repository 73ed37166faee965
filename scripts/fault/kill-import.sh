#!/usr/bin/env bash
# kill -9 at random moments during an import into a memory that holds
# units: afterwards it holds exactly what it held before or all of the
# import, passes SQLite's integrity check, and the next open leaves no
# temporary file.
source "$(dirname "$0")/lib/common.bash"
rounds=${ROUNDS:-30}
lines=4000
tsv base.tsv 1000 base
tsv data.tsv "$lines" more
mkdir -p base
"$TILMECH" tm --tm "$WORK/base/tm.sqlite" import base.tsv --lang en,ru >/dev/null
before=$(units "$WORK/base/tm.sqlite")
rm -f "$WORK"/base/tm.sqlite.* "$WORK"/base/tm.sqlite-*
after=$((before + lines))
mkdir -p timing
cp base/tm.sqlite timing/tm.sqlite
d=$(seconds "$TILMECH" tm --tm "$WORK/timing/tm.sqlite" import data.tsv --lang en,ru)
n=$(units "$WORK/timing/tm.sqlite")
if [ "$n" = "$after" ]; then
    echo "ok an uninterrupted import of $lines lines into $before units stores them all ($d s)"
else
    echo "FAIL an uninterrupted import of $lines lines into $before units stores them all: $n"
fi
for r in $(seq 1 "$rounds"); do
    dir="$WORK/r$r"
    mkdir -p "$dir"
    tm="$dir/tm.sqlite"
    cp base/tm.sqlite "$tm"
    at=$(kill_within "$d" "$TILMECH" tm --tm "$tm" import data.tsv --lang en,ru)
    n=$(units "$tm")
    verdict "import killed at $at s (round $r)" "$n" "$before" "$after" "$dir" "$tm"
    rm -rf "$dir"
done
