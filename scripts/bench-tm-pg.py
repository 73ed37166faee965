"""The shared-memory measurements behind `scripts/bench-tm.sh --pg`; run it
through that script, which starts the PostgreSQL cluster and passes its URL.

On the same units and 2,000 queries: tilmech on PostgreSQL (import, warm
p50/p99, cold with and without a cached index), tilmech on SQLite, a
pg_trgm GIN query (Weblate's way: `%` at similarity 0.5, top 5) and
Pontoon's length window + `levenshtein()` (fuzzystrmatch), with ratios and
the number of queries whose results differ between the two backends.
Writes its section of docs/benchmarks.md between `<!-- pg -->` and
`<!-- /pg -->` (appended when absent), leaving the rest of the file alone.
"""
import argparse, json, math, os, random, statistics, subprocess, sys, tempfile, time

import psycopg

ap = argparse.ArgumentParser()
ap.add_argument("--bin", required=True)
ap.add_argument("--data", required=True)
ap.add_argument("--units", type=int, required=True)
ap.add_argument("--server", required=True, help="postgres:// URL of the cluster's maintenance database")
ap.add_argument("--out", required=True)
ap.add_argument("--trgm-queries", type=int, default=None,
                help="queries for the pg_trgm peer, a fixed random subset [default: all up to 100k units, else 100]")
ap.add_argument("--pontoon-queries", type=int, default=None,
                help="queries for Pontoon's levenshtein() peer, a fixed random subset [default: all up to 100k units, else 20]")
ap.add_argument("--cold", type=int, default=20)
ap.add_argument("--concordance", type=int, default=20, help="tm search phrases timed on both backends")
args = ap.parse_args()

tmx = os.path.join(args.data, "tm.en-ru.tmx")
tsv = os.path.join(args.data, "tm.en-ru.tsv")
queries_file = os.path.join(args.data, "queries.en.tsv")
queries = [l.rstrip("\n").split("\t")[-1] for l in open(queries_file, encoding="utf-8") if l.strip()]
sqlite = os.path.join(args.data, "tm-pg-bench.sqlite")
cache = os.path.join(args.data, "pg-cache")


def log(msg):
    print(f"bench-tm --pg: {msg}", file=sys.stderr, flush=True)


def url_of(db):
    head, _, tail = args.server.partition("?")
    head = head.rsplit("/", 1)[0] + "/" + db
    return head + ("?" + tail if tail else "")


def libpq(db):
    """The same server as a libpq URL psycopg takes (socket host percent-encoded)."""
    return url_of(db)


def pct(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, len(v) * p // 100)]


def env(cache_dir):
    e = dict(os.environ, NO_COLOR="1", XDG_CACHE_HOME=cache_dir)
    e.pop("TILMECH_TM", None)
    return e


def timed(cmd, cache_dir=cache, ok=(0,)):
    """Runs cmd under `/usr/bin/time -v`: (wall seconds, peak RSS in MB)."""
    with tempfile.NamedTemporaryFile("r") as t:
        r = subprocess.run(["/usr/bin/time", "-v", "-o", t.name] + cmd,
                           stdout=subprocess.DEVNULL, env=env(cache_dir))
        if r.returncode not in ok:
            sys.exit(f"bench-tm --pg: {' '.join(cmd)} exited with {r.returncode}")
        report = dict(l.strip().rsplit(": ", 1) for l in t.read().splitlines() if ": " in l)
        wall = 0.0
        for part in report["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":"):
            wall = wall * 60 + float(part)
        return wall, int(report["Maximum resident set size (kbytes)"]) / 1024


def load():
    """The 1-, 5- and 15-minute load averages, as `uptime` shows them."""
    return " ".join(open("/proc/loadavg").read().split()[:3])


def priority():
    """This process's nice value and its session's (autogroup) nice value."""
    try:
        group = open("/proc/self/autogroup").read().split()[-1]
    except OSError:
        group = "unknown"
    return f"nice {os.nice(0)}, autogroup nice {group}"


def subset(n, default_large):
    """A fixed random subset of the query numbers (seed 16, in order)."""
    if n is None:
        n = len(queries) if args.units <= 100_000 else default_large
    if n >= len(queries):
        return list(range(len(queries)))
    return sorted(random.Random(16).sample(range(len(queries)), n))


def batch(tm, path, cache_dir=cache):
    with open(path, "w") as out:
        r = subprocess.run([args.bin, "tm", "--tm", tm, "lookup", "--batch", queries_file, "--to", "ru", "--timings"],
                           stdout=out, stderr=subprocess.PIPE, text=True, env=env(cache_dir))
    if r.returncode not in (0, 1):
        sys.exit(f"bench-tm --pg: lookup --batch failed: {r.stderr}")
    rows = [json.loads(l) for l in open(path, encoding="utf-8")]
    ready = float(r.stderr.split("index ready in ")[1].split(" ms")[0])
    return rows, ready


def admin(sql):
    with psycopg.connect(libpq("postgres"), autocommit=True) as c:
        c.execute(sql)


# The commit the binary was built from (bench-tm.sh built it just before).
commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True).stdout.strip()
res = {"load": {"start": load()}, "priority": priority()}
memory_db, peer_db = "tilmech_bench", "tilmech_bench_peers"
for db in (memory_db, peer_db):
    admin(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
    admin(f"CREATE DATABASE {db}")
memory = url_of(memory_db)
subprocess.run(["rm", "-rf", cache])
for f in os.listdir(args.data):
    if f.startswith("tm-pg-bench.sqlite"):
        os.remove(os.path.join(args.data, f))

log(f"importing {tmx} into PostgreSQL")
res["import_s"], res["import_mb"] = timed([args.bin, "tm", "--tm", memory, "import", tmx])
with psycopg.connect(libpq(memory_db)) as c:
    res["db_mb"] = float(c.execute("SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'tilmech' AND c.relkind = 'r'").fetchone()[0]) / 1e6
log(f"importing {tmx} into SQLite")
res["sqlite_import_s"], _ = timed([args.bin, "tm", "--tm", sqlite, "import", tmx])

res["load"]["lookups"] = load()
log("warm lookups, PostgreSQL")
pg_rows, res["pg_ready_ms"] = batch(memory, os.path.join(args.data, "pg-warm.jsonl"))
pg_micros = [r["micros"] for r in pg_rows]
res["pg"] = {p: pct(pg_micros, p) / 1000 for p in (50, 95, 99)}
res["found"] = sum(1 for r in pg_rows if r["matches"])
log("warm lookups, SQLite")
sq_rows, _ = batch(sqlite, os.path.join(args.data, "sqlite-warm.jsonl"))
micros = [r["micros"] for r in sq_rows]
res["sq"] = {p: pct(micros, p) / 1000 for p in (50, 95, 99)}
key = lambda r: [(m["id"], m["score"], m["target"]) for m in r["matches"]]
res["differing"] = sum(1 for a, b in zip(pg_rows, sq_rows) if key(a) != key(b)) + abs(len(pg_rows) - len(sq_rows))

log("index built from the database, no cache")
nocache = os.path.join(args.data, "pg-nocache")
subprocess.run(["rm", "-rf", nocache])
_, res["pg_build_ms"] = batch(memory, os.path.join(args.data, "pg-nocache.jsonl"), cache_dir=nocache)

log(f"{args.cold} cold lookups, PostgreSQL (cached index)")
cold = []
for q in queries[:: len(queries) // args.cold][: args.cold]:
    t = time.perf_counter()
    r = subprocess.run([args.bin, "tm", "--tm", memory, "lookup", q, "--to", "ru", "--format", "json"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env(cache))
    cold.append(time.perf_counter() - t)
    if r.returncode not in (0, 1):
        sys.exit("bench-tm --pg: cold lookup failed")
res["cold_ms"] = statistics.median(cold) * 1000

log(f"concordance: {args.concordance} phrases with tm search on both backends")
# Two words from the middle of every 100th query: phrases that occur.
phrases = []
for q in queries[:: max(1, len(queries) // args.concordance)][: args.concordance]:
    words = q.split()
    phrases.append(" ".join(words[len(words) // 2 : len(words) // 2 + 2]) or q)


def search(tm, phrase):
    t = time.perf_counter()
    r = subprocess.run([args.bin, "tm", "--tm", tm, "search", phrase, "--lang", "en", "--limit", "20", "--format", "json"],
                       capture_output=True, text=True, env=env(cache))
    if r.returncode not in (0, 1):
        sys.exit(f"bench-tm --pg: tm search failed: {r.stderr}")
    return time.perf_counter() - t, r.stdout


conc_pg, conc_sq, res["conc_differing"], res["conc_hits"] = [], [], 0, 0
for phrase in phrases:
    tp, out_pg = search(memory, phrase)
    ts, out_sq = search(sqlite, phrase)
    conc_pg.append(tp)
    conc_sq.append(ts)
    # The two imports stamped their units at different times: compare
    # all but `created` and `changed`.
    same = lambda out: [(i["id"], i["segments"], {k: v for k, v in i["provenance"].items()
                                                  if k not in ("created", "changed")})
                        for i in json.loads(out)["items"]]
    res["conc_differing"] += same(out_pg) != same(out_sq)
    res["conc_hits"] += len(json.loads(out_pg)["items"])
res["conc_pg_ms"] = statistics.median(conc_pg) * 1000
res["conc_sq_ms"] = statistics.median(conc_sq) * 1000

res["load"]["peers"] = load()
log("peers: loading the units into a plain table")
trgm_subset = subset(args.trgm_queries, 100)
pontoon_subset = subset(args.pontoon_queries, 20)
trgm_queries = [queries[i] for i in trgm_subset]
pontoon_queries = [queries[i] for i in pontoon_subset]
with psycopg.connect(libpq(peer_db), autocommit=True) as c:
    c.execute("CREATE EXTENSION pg_trgm")
    c.execute("CREATE EXTENSION fuzzystrmatch")
    c.execute("CREATE TABLE tm (id serial PRIMARY KEY, en text NOT NULL, ru text NOT NULL, en_length int NOT NULL)")
    with c.cursor().copy("COPY tm (en, ru, en_length) FROM STDIN") as cp:
        for line in open(tsv, encoding="utf-8"):
            en, ru = line.rstrip("\n").split("\t")[:2]
            cp.write_row((en, ru, len(en)))
    t = time.perf_counter()
    # The memory tilmech sorts its own indexes with (SECONDARY_INDEXES).
    c.execute("SET maintenance_work_mem = '256MB'")
    c.execute("CREATE INDEX tm_en_trgm ON tm USING gin (en gin_trgm_ops)")
    res["gin_s"] = time.perf_counter() - t
    c.execute("CREATE INDEX tm_en_length ON tm (en_length)")
    c.execute("VACUUM ANALYZE tm")

    log(f"pg_trgm, {len(trgm_queries)} queries")
    c.execute("SET pg_trgm.similarity_threshold = 0.5")
    trgm = []
    for q in trgm_queries:
        t = time.perf_counter()
        c.execute("SELECT id, ru, similarity(en, %s) AS s FROM tm WHERE en %% %s ORDER BY s DESC, id LIMIT 5", (q, q)).fetchall()
        trgm.append(time.perf_counter() - t)
    res["trgm"] = {p: pct(trgm, p) * 1000 for p in (50, 99)}

    log(f"Pontoon's length window + levenshtein(), {len(pontoon_queries)} queries")
    pontoon = []
    for q in pontoon_queries:
        n = len(q)
        lo, hi = math.ceil(max(n * 0.7, 2)), math.floor(min(n / 0.7, 1000))
        t = time.perf_counter()
        c.execute(
            """SELECT id, ru, q FROM (
                   SELECT id, ru, (1 - levenshtein(left(en, 255), left(%s, 255))::float
                                       / greatest(en_length, %s)) * 100 AS q
                     FROM tm WHERE en_length BETWEEN %s AND %s) m
                WHERE q >= 70 ORDER BY q DESC, id LIMIT 5""",
            (q, n, lo, hi)).fetchall()
        pontoon.append(time.perf_counter() - t)
    res["pontoon"] = {p: pct(pontoon, p) * 1000 for p in (50, 99)}
    # tilmech's p50 over each peer's own queries, for the ratios.
    res["pg_on_trgm"] = pct([pg_micros[i] for i in trgm_subset], 50) / 1000
    res["pg_on_pontoon"] = pct([pg_micros[i] for i in pontoon_subset], 50) / 1000
    res["pg_version"] = c.execute("SHOW server_version").fetchone()[0]
res["load"]["end"] = load()

for db in (memory_db, peer_db):
    admin(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")

p, s = res["pg"], res["sq"]
ok = lambda c: "yes" if c else "**no**"
n = f"{args.units:,}"
def share(qs):
    if len(qs) == len(queries):
        return f"all {len(qs):,} queries"
    return f"{len(qs)} of the 2,000 queries (a fixed random subset: `random.Random(16).sample`)"


section = f"""<!-- pg -->
## The shared memory on PostgreSQL

Generated by `scripts/bench-tm.sh --pg {args.units}`; do not edit between the `pg`
markers. The same {n} en–ru units and 2,000 queries as above, on a throw-away
PostgreSQL {res["pg_version"]} cluster on this machine (`scripts/pg-cluster.sh`: unix socket,
`fsync=off`, `synchronous_commit=off`, `max_wal_size=8GB`, default memory settings); tilmech: `--from en --to ru`,
threshold 70, top 5, release build, tilmech's figures over all 2,000 queries; the SQL peers, slower by
orders of magnitude, on the fixed subsets named in their rows, and each ratio is over its peer's subset. The SQL peers run
through psycopg {psycopg.__version__} on a plain table of the same units.

- commit: `{commit}`{" (with uncommitted changes)" if dirty else ""}; run: {time.strftime("%Y-%m-%d %H:%M %Z")}
- priority of the run: {res["priority"]} (the server's session shares the run's)
- load average (1, 5, 15 min, as `uptime` shows; 2 cores shared with other builds): {res["load"]["start"]} at the start,
  {res["load"]["lookups"]} before the lookups, {res["load"]["peers"]} before the peers, {res["load"]["end"]} at the end

| measure | result | target | met |
| --- | --- | --- | --- |
| import {n}-unit TMX into PostgreSQL (binary COPY, one transaction; `/usr/bin/time -v` of the client) | {res["import_s"]:.1f} s wall, {res["import_mb"]:.0f} MB peak RSS (SQLite: {res["sqlite_import_s"]:.1f} s) | ≤ 60 s, ≤ 1 GB | {ok(res["import_s"] <= 60 and res["import_mb"] <= 1024)} |
| tables and indexes in PostgreSQL | {res["db_mb"]:.0f} MB | | |
| tilmech on PostgreSQL, warm, 2,000 queries | p50 {p[50]:.3f} ms, p95 {p[95]:.3f} ms, p99 {p[99]:.3f} ms ({res["found"]} with a match) | p50 ≤ 2 ms, p99 ≤ 20 ms | {ok(p[50] <= 2 and p[99] <= 20)} |
| tilmech on SQLite, warm, 2,000 queries | p50 {s[50]:.3f} ms, p95 {s[95]:.3f} ms, p99 {s[99]:.3f} ms | | |
| tilmech on PostgreSQL, cold (new process, cached index + change log) | median {res["cold_ms"]:.0f} ms of {len(cold)} | | |
| index ready: cached + change log / built from the database | {res["pg_ready_ms"]:.0f} ms / {res["pg_build_ms"]:.0f} ms | | |
| queries whose results differ, PostgreSQL vs SQLite (ids, scores, targets) | {res["differing"]} of {len(pg_rows)} | 0 | {ok(res["differing"] == 0)} |
| pg_trgm GIN, `en % q` at similarity 0.5, top 5 (Weblate's way), {share(trgm_queries)} | p50 {res["trgm"][50]:.1f} ms, p99 {res["trgm"][99]:.1f} ms (index built in {res["gin_s"]:.0f} s, `maintenance_work_mem` 256MB) | | |
| tilmech on PostgreSQL vs pg_trgm, p50 over the same {len(trgm_queries)} queries | {res["trgm"][50] / res["pg_on_trgm"]:.0f}× faster (tilmech's p50 on them {res["pg_on_trgm"]:.3f} ms) | ≥ 100× | {ok(res["trgm"][50] / res["pg_on_trgm"] >= 100)} |
| length window + `levenshtein()`, ratio ≥ 70, top 5 (Pontoon's way), {share(pontoon_queries)} | p50 {res["pontoon"][50]:.1f} ms, p99 {res["pontoon"][99]:.1f} ms | | |
| tilmech on PostgreSQL vs Pontoon's query, p50 over the same {len(pontoon_queries)} queries | {res["pontoon"][50] / res["pg_on_pontoon"]:.0f}× faster (tilmech's p50 on them {res["pg_on_pontoon"]:.3f} ms) | | |
| concordance, `tm search PHRASE --lang en --limit 20`, {len(phrases)} phrases, a process each | median {res["conc_pg_ms"]:.0f} ms on PostgreSQL, {res["conc_sq_ms"]:.0f} ms on SQLite ({res["conc_hits"]} hits) | | |
| concordance results differing, PostgreSQL vs SQLite (ids, texts, provenance but the import times) | {res["conc_differing"]} of {len(phrases)} | 0 | {ok(res["conc_differing"] == 0)} |

The peers score characters (trigrams, Levenshtein over characters) and tilmech
tokens, so their result lists differ from tilmech's; the comparison is of the work
each does to answer the same query over the same units. tilmech's lookups on
PostgreSQL take their candidates from its own index in the client and read only
the candidate units from the server. Peak RSS is tilmech's; the server's own
memory is not in it.
<!-- /pg -->
"""
old = open(args.out, encoding="utf-8").read() if os.path.exists(args.out) else ""
if "<!-- pg -->" in old and "<!-- /pg -->\n" in old:
    before, rest = old.split("<!-- pg -->", 1)
    after = rest.split("<!-- /pg -->\n", 1)[1]
    text = before + section + after
else:
    text = old.rstrip("\n") + "\n\n" + section
open(args.out, "w", encoding="utf-8").write(text)
log(f"wrote {args.out}")
print(section)
