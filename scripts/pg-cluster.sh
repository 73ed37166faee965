#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests and benchmarks of the team
# memory (docs/team-memory.md).
#
#   eval "$(bash scripts/pg-cluster.sh start DIR)"   # exports TILMECH_TEST_PG
#   bash scripts/pg-cluster.sh stop DIR
#   bash scripts/pg-cluster.sh share-priority DIR &   # for timing runs
#
# `start` installs Debian's postgresql and postgresql-contrib when absent
# (contrib carries pg_trgm and fuzzystrmatch, which the benchmark's peers
# use), makes DIR (which must not exist or be empty) owned by the `postgres`
# user, runs `initdb --locale=C.UTF-8 -E UTF8` there as that user (with the
# plain C locale pg_trgm extracts no trigrams from Cyrillic), and starts the
# server listening on a unix socket in DIR only: no TCP port, so nothing
# else on the machine can reach it and no port can clash. Local connections
# are trusted (the cluster lives as long as the test run). It prints
# `export TILMECH_TEST_PG=postgres://postgres@/postgres?host=DIR`, the URL
# the tests read. `stop` stops the server and removes DIR.
# `share-priority` gives the server's processes, as they appear and for as
# long as the server runs, the caller's scheduling priority: they are
# sessions of their own (pg_ctl detaches the server, and every backend
# calls setsid), so a timing run that raises its own autogroup
# (`echo -15 > /proc/$$/autogroup`) would otherwise starve its server.
set -euo pipefail

usage() {
    echo "usage: $0 start|stop|share-priority DIR" >&2
    exit 2
}
[ $# -eq 2 ] || usage
action=$1
dir=$2

bindir() {
    local d
    for d in /usr/lib/postgresql/*/bin; do
        [ -x "$d/initdb" ] && { echo "$d"; return; }
    done
    return 1
}

case "$action" in
start)
    if ! bin=$(bindir); then
        echo "installing Debian's postgresql and postgresql-contrib" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2
        apt-get install -y -qq postgresql postgresql-contrib >&2
        bin=$(bindir)
    fi
    if [ -e "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
        echo "$dir exists and is not empty; give a new directory" >&2
        exit 2
    fi
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    as_pg=()
    if [ "$(id -u)" -eq 0 ]; then
        # The server refuses to run as root.
        chown postgres: "$dir"
        as_pg=(runuser -u postgres --)
    fi
    "${as_pg[@]}" "$bin/initdb" -D "$dir/data" --locale=C.UTF-8 -E UTF8 \
        -U postgres -A trust >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; exit 1; }
    # Small and fast rather than durable: a test cluster is thrown away.
    # A 1M-unit import writes about 2 GB of WAL: with the default
    # max_wal_size (1 GB) the server checkpoints every ~30 s during it.
    "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_wal_size=8GB -c checkpoint_timeout=30min -c max_connections=200" \
        start >&2 ||
        { cat "$dir/server.log" >&2; exit 1; }
    echo "export TILMECH_TEST_PG='postgres://postgres@/postgres?host=$dir'"
    ;;
stop)
    if [ -d "$dir/data" ] && bin=$(bindir); then
        as_pg=()
        [ "$(id -u)" -eq 0 ] && as_pg=(runuser -u postgres --)
        "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
    fi
    rm -rf "$dir"
    ;;
share-priority)
    own=$(awk '{print $NF}' /proc/$$/autogroup 2>/dev/null) || exit 0
    postmaster=$(head -1 "$dir/data/postmaster.pid")
    while kill -0 "$postmaster" 2>/dev/null; do
        for p in "$postmaster" $(pgrep -P "$postmaster"); do
            { echo "$own" >"/proc/$p/autogroup"; } 2>/dev/null || true
        done
        sleep 0.3
    done
    ;;
*)
    usage
    ;;
esac
