#!/usr/bin/env bash
# Fault injection: kill -9 `tilmech review import` at random moments and
# check that the memory and the event file still agree: both as before the
# import or both as after it, once the next run (here `render`, which
# completes or discards an interrupted import) has looked at them. Odd
# rounds import into an empty memory, even rounds into one that holds units.
#
# Run by scripts/fault-injection.sh with TILMECH, WORK, ROUNDS and REPO set
# (see its header); prints one `ok …` or `FAIL …: why` line per check.
set -uo pipefail

: "${TILMECH:?path of the tilmech binary}" "${WORK:?an empty directory}" "${REPO:?the repository root}"
ROUNDS="${ROUNDS:-30}"
PARAGRAPHS=200

pristine="$WORK/pristine"
python3 "$REPO/scripts/make-review.py" "$pristine" "$PARAGRAPHS" || exit 2
# A memory with units of its own, for the rounds that import into one.
printf 'en\tru\nThe office opened.\tОфис открылся.\nThe minister spoke.\tМинистр выступил.\n' > "$WORK/base.tsv"
(cd "$pristine" && "$TILMECH" tm import "$WORK/base.tsv" --lang en,ru --tm base.sqlite > /dev/null) || exit 2

# What the memory and the event hold: "UNITS RU-PARAGRAPHS INTEGRITY".
state() {
    python3 - "$1" <<'PY'
import sqlite3, sys, tomllib
from pathlib import Path
d = Path(sys.argv[1])
ru = sum(1 for p in tomllib.loads((d / "examples/events/big.toml").read_text()).get("paragraphs", []) if "ru" in p)
db = d / "tm.sqlite"
if db.exists():
    con = sqlite3.connect(db)
    integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
    # A run killed while creating the memory may leave it without tables: empty.
    has_units = con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'units'").fetchone()[0]
    units = con.execute("SELECT count(*) FROM units").fetchone()[0] if has_units else 0
    con.close()
else:
    integrity, units = "ok", 0
print(units, ru, integrity.replace(" ", "_"))
PY
}

reset() {
    rm -rf "$WORK/run"
    mkdir "$WORK/run"
    cp -r "$pristine/." "$WORK/run/"
    rm -f "$WORK/run/base.sqlite"
    if (( $1 % 2 == 0 )); then cp "$pristine/base.sqlite" "$WORK/run/tm.sqlite"; fi
}

import() { (cd "$WORK/run" && exec "$TILMECH" review import review/big.ru.xlf --event examples/events/big.toml --tm tm.sqlite > /dev/null 2>&1); }

# The counts before and after a whole import, and how long one takes.
declare -A before after
for parity in 1 0; do
    reset "$parity"
    read -r units _ _ < <(state "$WORK/run")
    before[$parity]=$units
    start=$(date +%s%N)
    import || { echo "FAIL review-import-kill: an uninterrupted import failed"; exit 0; }
    duration_ns=$(( $(date +%s%N) - start ))
    read -r units ru _ < <(state "$WORK/run")
    after[$parity]=$units
    if (( ru != PARAGRAPHS )); then
        echo "FAIL review-import-kill: an uninterrupted import wrote $ru of $PARAGRAPHS paragraphs"
        exit 0
    fi
done
echo "review-import-kill: one import of $PARAGRAPHS paragraphs takes $(( duration_ns / 1000000 )) ms; killing $ROUNDS times within that"

counts=(0 0 0)
journals=0
for (( round = 1; round <= ROUNDS; round++ )); do
    parity=$(( round % 2 ))
    reset "$parity"
    # Every third round anywhere in the run, the others in its second half,
    # where the memory and the event are written.
    span_us=$(( duration_ns / 1000 ))
    lo_us=$(( round % 3 == 0 ? 0 : span_us / 2 ))
    delay_us=$(( lo_us + (RANDOM * 32768 + RANDOM) % (span_us - lo_us + 1) ))
    # Started directly (not through a function) so that $! is tilmech itself.
    (cd "$WORK/run" && exec "$TILMECH" review import review/big.ru.xlf --event examples/events/big.toml --tm tm.sqlite > /dev/null 2>&1) &
    pid=$!
    sleep "$(awk -v us="$delay_us" 'BEGIN { printf "%.6f", us / 1e6 }')"
    kill -9 "$pid" 2> /dev/null
    wait "$pid" 2> /dev/null
    [[ -e "$WORK/run/examples/events/big.toml.tilmech-journal" ]] && (( journals++ ))
    # The next run: render completes a committed import or cleans up.
    recovery=$(cd "$WORK/run" && "$TILMECH" render examples/events/big.toml --lang en 2>&1 > /dev/null)
    rc=$?
    read -r units ru integrity < <(state "$WORK/run")
    what="round $round (kill after $(( delay_us / 1000 )) ms, $([[ $parity == 1 ]] && echo empty || echo non-empty) memory)"
    if [[ $integrity == ok ]]; then
        echo "ok review-import-kill $what: memory integrity_check ok"
    else
        echo "FAIL review-import-kill $what: memory integrity_check says $integrity"
    fi
    if (( rc != 0 )); then
        echo "FAIL review-import-kill $what: the next run failed: $recovery"
    elif (( units == before[$parity] && ru == 0 )); then
        echo "ok review-import-kill $what: event and memory both as before"
        (( counts[0]++ ))
    elif (( units == after[$parity] && ru == PARAGRAPHS )); then
        echo "ok review-import-kill $what: event and memory both as after"
        (( counts[1]++ ))
    else
        echo "FAIL review-import-kill $what: the memory has $units units (before ${before[$parity]}, after ${after[$parity]}) and the event $ru of $PARAGRAPHS paragraphs in ru"
        (( counts[2]++ ))
    fi
    leftovers=$(cd "$WORK/run/examples/events" && ls -A | grep -v '^big\.toml$')
    if [[ -z $leftovers ]]; then
        echo "ok review-import-kill $what: no journal or temporary file left"
    else
        echo "FAIL review-import-kill $what: left in the events folder: $leftovers"
    fi
done
echo "review-import-kill: ${counts[0]} rounds ended before the import, ${counts[1]} after it (${journals} of them completed from the journal), ${counts[2]} in between"

# Whatever the kills did, importing again finishes the job, and once more changes nothing.
import && import
read -r units ru _ < <(state "$WORK/run")
if (( ru == PARAGRAPHS && units == after[$(( ROUNDS % 2 ))] )); then
    echo "ok review-import-kill: importing the same review again after the kills is harmless"
else
    echo "FAIL review-import-kill: after importing twice more the memory has $units units and the event $ru paragraphs in ru"
fi
exit 0
