#!/usr/bin/env bash
# Times the first import of the benchmark's 1,000,000-unit TMX into an
# empty PostgreSQL memory (issue 16: at most 60 s, peak RSS at most 1 GB),
# on its own: `scripts/bench-tm.sh --pg` times the same import inside a
# run of half an hour whose peers load the machine. Each run imports into
# a new database of a throw-away cluster (scripts/pg-cluster.sh), and the
# server's processes get this session's scheduling priority as they
# appear, so a raised-priority run raises the server's too.
#
#   bash -c 'echo -15 > /proc/$$/autogroup; exec nice -n -15 scripts/bench-pg-import.sh [RUNS]'
#
# Prints, per run, the load average before it, wall seconds, user and
# system CPU and peak RSS of the client. Needs ../shared/bench/build-tm.py
# for the data (built once into target/bench-data, as bench-tm.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${1:-2}"
DATA=target/bench-data
if [[ "$(cat "$DATA/.units" 2>/dev/null)" != 1000000 ]]; then
    if [[ ! -f ../shared/bench/build-tm.py ]]; then
        echo "bench-pg-import: ../shared/bench/build-tm.py is missing; this benchmark needs ../shared/" >&2
        exit 2
    fi
    rm -rf "$DATA"
    python3 ../shared/bench/build-tm.py --units 1000000 --tmx --out "$DATA"
    echo 1000000 >"$DATA/.units"
fi
cargo build --release --quiet
BIN="${CARGO_TARGET_DIR:-target}/release/tilmech"

pg_dir=$(mktemp -u "${TMPDIR:-/tmp}/tilmech-pg-import.XXXXXX")
cache=$(mktemp -d)
trap 'bash scripts/pg-cluster.sh stop "$pg_dir" >/dev/null; rm -rf "$cache"' EXIT
eval "$(bash scripts/pg-cluster.sh start "$pg_dir" | grep '^export')"
bash scripts/pg-cluster.sh share-priority "$pg_dir" &
own=$(awk '{print $NF}' /proc/$$/autogroup 2>/dev/null || true)

echo "commit $(git rev-parse --short HEAD), priority: nice $(nice), autogroup ${own:-unknown}"
for run in $(seq 1 "$RUNS"); do
    db="import_$run"
    psql "$TILMECH_TEST_PG" -qc "CREATE DATABASE $db" >/dev/null
    url="${TILMECH_TEST_PG/\/postgres\?//$db?}"
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    XDG_CACHE_HOME="$cache/$run" /usr/bin/time -f "%e %U %S %M" -o "$cache/time" \
        "$BIN" tm --tm "$url" import "$DATA/tm.en-ru.tmx" --quiet >/dev/null
    read -r wall user sys rss <"$cache/time"
    echo "run $run (load $load): ${wall} s wall, ${user} s user, ${sys} s system, $((rss / 1024)) MB peak RSS"
done
