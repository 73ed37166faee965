# Helpers shared by the fault scenarios (sourced, not a scenario itself).
# Needs TILMECH, WORK, REPO from scripts/fault-injection.sh.
: "${TILMECH:?}" "${WORK:?}" "${REPO:?}"
export NO_COLOR=1
unset TILMECH_TM
cd "$WORK" || exit 2
# Stops project discovery here, so the repository's own memory is never used.
: > "$WORK/tilmech.toml"

# tsv FILE LINES TAG: LINES distinct en/ru lines, each naming TAG.
tsv() {
    python3 - "$1" "$2" "$3" <<'PY'
import sys
path, lines, tag = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(path, "w") as out:
    for i in range(lines):
        out.write(f"Sentence {tag} number {i} about the training in Bishkek.\t"
                  f"Предложение {tag} номер {i} о тренинге в Бишкеке.\n")
PY
}

# units MEMORY: the unit count `tm stats` reports (this is also an open of
# the memory, which clears what a killed run left), or `error: …`.
units() {
    "$TILMECH" tm --tm "$1" stats --format json 2>&1 |
        python3 -c 'import json,sys
t=sys.stdin.read()
try: print(json.loads(t)["summary"]["units"])
except Exception: print("error: " + t.strip().replace("\n", " "))'
}

# integrity MEMORY: `ok`, or what PRAGMA integrity_check says.
integrity() {
    python3 - "$1" <<'PY'
import sqlite3, sys, os
path = sys.argv[1]
if not os.path.exists(path) or os.path.getsize(path) == 0:
    print("ok"); sys.exit()
try:
    c = sqlite3.connect("file:" + path + "?mode=ro", uri=True)
    print(" ".join(r[0] for r in c.execute("PRAGMA integrity_check")))
except Exception as e:
    print(f"error: {e}")
PY
}

# leftovers DIR: temporary files left in DIR, one line.
leftovers() {
    find "$1" -maxdepth 1 -name '*-tmp' -printf '%f ' 2>/dev/null
}

# lookup_target MEMORY TEXT: the best match's score and target, `score<TAB>target`.
lookup_target() {
    "$TILMECH" tm --tm "$1" lookup "$2" --to ru --format json 2>/dev/null |
        python3 -c 'import json,sys
try:
    m = json.loads(sys.stdin.read())["items"]
    print("%s\t%s" % (m[0]["score"], m[0]["target"]) if m else "none")
except Exception:
    print("error")'
}

# seconds COMMAND…: how long COMMAND takes, in seconds with decimals.
seconds() {
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}

# random_below D: a random time in [0.02, D) seconds.
random_below() {
    awk -v r="$RANDOM" -v d="$1" 'BEGIN { t = r / 32768 * d; if (t < 0.02) t = 0.02; printf "%.3f", t }'
}

# kill_within D COMMAND…: starts COMMAND, kills it with SIGKILL after a
# random time below D seconds, and prints that time.
kill_within() {
    local d=$1 pid at
    shift
    "$@" >/dev/null 2>&1 &
    pid=$!
    at=$(random_below "$d")
    sleep "$at"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    echo "$at"
}

# verdict WHAT N EXPECTED_A EXPECTED_B DIR MEMORY: one ok/FAIL line: N units
# is one of the two expected counts, DIR holds no temporary file, and the
# memory passes SQLite's integrity check.
verdict() {
    local left check
    left=$(leftovers "$5")
    check=$(integrity "$6")
    if { [ "$2" = "$3" ] || [ "$2" = "$4" ]; } && [ -z "$left" ] && [ "$check" = ok ]; then
        echo "ok $1: $2 units, intact, no temporary file"
    else
        echo "FAIL $1: $2 units ($3 or $4 expected), temporary files [$left], integrity: $check"
    fi
}
