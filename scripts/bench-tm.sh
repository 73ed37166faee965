#!/usr/bin/env bash
# Benchmarks the translation memory at N units (default 1,000,000) against
# rapidfuzz and translate-toolkit on the same units and queries, checks the
# index against brute force, and writes docs/benchmarks.md.
#
#   scripts/bench-tm.sh [UNITS]
#   scripts/bench-tm.sh --pg [UNITS]
#
# With --pg it measures the shared memory instead (scripts/bench-tm-pg.py):
# tilmech on PostgreSQL beside tilmech on SQLite, a pg_trgm GIN query and
# Pontoon's levenshtein() query, on a throw-away cluster it starts with
# scripts/pg-cluster.sh (or the server in TILMECH_TEST_PG), and writes its
# section of docs/benchmarks.md.
#
# Needs ../shared/ (the corpus and build-tm.py), python3 with venv, network
# access to PyPI the first time, and about 3 GB of disk under target/.
set -euo pipefail
cd "$(dirname "$0")/.."

PG=
if [[ "${1:-}" == --pg ]]; then
    PG=1
    shift
fi
UNITS="${1:-1000000}"
SHARED=../shared
DATA=target/bench-data
VENV=target/venv-bench

if [[ ! -f "$SHARED/bench/build-tm.py" ]]; then
    echo "bench-tm: $SHARED/bench/build-tm.py is missing; this benchmark needs ../shared/" >&2
    exit 2
fi

# The data is deterministic: rebuild only when the unit count changes.
if [[ "$(cat "$DATA/.units" 2>/dev/null)" != "$UNITS" ]]; then
    rm -rf "$DATA"
    python3 "$SHARED/bench/build-tm.py" --units "$UNITS" --tmx --out "$DATA"
    echo "$UNITS" > "$DATA/.units"
fi

cargo build --release --quiet
BIN="${CARGO_TARGET_DIR:-target}/release/tilmech"

if [[ -n "$PG" ]]; then
    VENV=target/venv-bench-pg
    [[ -x "$VENV/bin/python" ]] || python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check 'psycopg[binary]'
    if [[ -z "${TILMECH_TEST_PG:-}" ]]; then
        pg_dir=$(mktemp -u "${TMPDIR:-/tmp}/tilmech-pg.XXXXXX")
        trap 'bash scripts/pg-cluster.sh stop "$pg_dir"' EXIT
        eval "$(bash scripts/pg-cluster.sh start "$pg_dir")"
        # Client and server share the run's priority alike.
        bash scripts/pg-cluster.sh share-priority "$pg_dir" &
    fi
    "$VENV/bin/python" scripts/bench-tm-pg.py --bin "$BIN" --data "$DATA" --units "$UNITS" \
        --server "$TILMECH_TEST_PG" --out docs/benchmarks.md
    exit
fi

if [[ ! -x "$VENV/bin/python" ]]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet --disable-pip-version-check rapidfuzz 'translate-toolkit[levenshtein]'

exec "$VENV/bin/python" scripts/bench-tm.py --bin "$BIN" --data "$DATA" --units "$UNITS" --out docs/benchmarks.md
