#!/usr/bin/env bash
# Benchmarks `tilmech serve` on this machine and writes the result into the
# "tilmech serve" section of docs/benchmarks.md (the rest is left alone):
#  - preview latency, one client: POST /api/preview of the seed event (its
#    TOML in, en/ru/ky out), the request the editor sends as the officer types;
#  - load: 8 concurrent clients on preview and on GET /api/terms (wrk);
#  - the peer, in the same run: what a press officer did before the web app,
#    one `tilmech render` process per look at the release.
# Needs wrk (Debian's package; installed here if missing). Release build.
# On a machine shared with builds, run it as
#   bash -c 'echo -15 > /proc/$$/autogroup; exec nice -n -15 scripts/bench-serve.sh'
# (root): with autogroup scheduling, `nice` alone only ranks processes within
# one session. The machine line records the load average and the priority.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-15}
work=target/bench-serve
rm -rf "$work" && mkdir -p "$work/project"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release --quiet
bin="$PWD/target/release/tilmech"
cp -r templates locales examples "$work/project/"
: > "$work/project/tilmech.toml"
seed="$work/project/examples/events/2021-06-03-rogov-kazakbaev.toml"

"$bin" serve --listen 127.0.0.1:0 --project "$work/project" > "$work/serve.out" &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
for _ in $(seq 50); do grep -q '^Open ' "$work/serve.out" && break; sleep 0.1; done
url=$(sed -n 's/^Open //p' "$work/serve.out")
base=${url%%/login*}
cookie=$(curl -s -o /dev/null -D - "$url" | sed -n 's/^set-cookie: \([^;]*\);.*/\1/ip')
csrf=$(curl -s -H "Cookie: $cookie" "$base/" | sed -n 's/.*name="csrf-token" content="\([0-9a-f]*\)".*/\1/p')
python3 -c 'import json,sys; print(json.dumps({"toml": open(sys.argv[1]).read()}))' "$seed" > "$work/preview.json"

cat > "$work/report.lua" <<'LUA'
-- Prints one line of JSON: requests, errors, latency percentiles in ms.
done = function(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.timeout + e.status
  io.write(string.format(
    '{"requests": %d, "errors": %d, "rps": %.0f, "p50": %.2f, "p95": %.2f, "p99": %.2f, "max": %.2f}\n',
    summary.requests, errors, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
LUA
cat > "$work/preview.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = "$cookie"
wrk.headers["X-CSRF-Token"] = "$csrf"
local f = io.open("$work/preview.json"); wrk.body = f:read("*a"); f:close()
dofile("$work/report.lua")
LUA
cat > "$work/terms.lua" <<LUA
wrk.headers["Cookie"] = "$cookie"
dofile("$work/report.lua")
LUA
# Every answer must be a real preview, not an error page.
code=$(curl -s -o "$work/one.json" -w '%{http_code}' -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" \
    -H 'Content-Type: application/json' --data-binary @"$work/preview.json" "$base/api/preview")
[ "$code" = 200 ] && grep -q 'встретился' "$work/one.json" || { echo "preview failed: $code" >&2; exit 1; }

run() { wrk "$@" | tail -n 1; }
one=$(run -t1 -c1 -d"${secs}s" -s "$work/preview.lua" "$base/api/preview")
load=$(run -t2 -c8 -d"${secs}s" -s "$work/preview.lua" "$base/api/preview")
terms=$(run -t2 -c8 -d"${secs}s" -s "$work/terms.lua" "$base/api/terms")

# The peer: one render process per look at the release, all three languages.
runs=20
start=$(date +%s%N)
for _ in $(seq $runs); do
    (cd "$work/project" && "$bin" render "examples/events/2021-06-03-rogov-kazakbaev.toml" >/dev/null)
done
cli_ms=$(( ($(date +%s%N) - start) / runs / 1000000 ))

python3 - "$one" "$load" "$terms" "$cli_ms" "$secs" "$(git rev-parse --short HEAD)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$(nice); $(sed 's/.* nice /autogroup nice /' /proc/self/autogroup 2>/dev/null)" <<'PY'
import json, sys, datetime, platform, os, re
one, load, terms = (json.loads(a) for a in sys.argv[1:4])
cli_ms, secs, commit, loadavg, niceness = float(sys.argv[4]), sys.argv[5], sys.argv[6], sys.argv[7], sys.argv[8]
def ok(v, t): return "yes" if v <= t else "no"
cpu = "unknown"
for line in open("/proc/cpuinfo"):
    if line.startswith("model name"):
        cpu = line.split(":", 1)[1].strip(); break
rows = [
    f"| preview of the seed event (en, ru, ky), 1 client | p50 {one['p50']:.2f} ms, p95 {one['p95']:.2f} ms, p99 {one['p99']:.2f} ms ({one['requests']} requests, {one['errors']} errors) | p95 ≤ 50 ms | {ok(one['p95'], 50)} |",
    f"| preview, 8 concurrent clients | {load['rps']:.0f} req/s, p50 {load['p50']:.2f} ms, p99 {load['p99']:.2f} ms, {load['errors']} errors of {load['requests']} | p99 ≤ 50 ms, no errors | {ok(load['p99'], 50) if load['errors'] == 0 else 'no'} |",
    f"| `GET /api/terms`, 8 concurrent clients | {terms['rps']:.0f} req/s, p50 {terms['p50']:.2f} ms, p99 {terms['p99']:.2f} ms, {terms['errors']} errors of {terms['requests']} | p99 ≤ 50 ms, no errors | {ok(terms['p99'], 50) if terms['errors'] == 0 else 'no'} |",
    f"| peer: `tilmech render` of the same event, a process per look | {cli_ms:.0f} ms each (mean of 20) | | |",
    f"| preview (1 client, p50) vs a render process | {cli_ms / one['p50']:.0f}× faster | | |",
]
section = "\n".join([
    "<!-- serve -->",
    "## tilmech serve",
    "",
    "Generated by `scripts/bench-serve.sh` (wrk against loopback, "
    f"{secs} s a measure, release build); do not edit inside these markers.",
    "",
    f"- machine: {os.cpu_count()} cores ({cpu}), commit `{commit}`, run {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC, load average at the end {loadavg}, niceness {niceness}",
    "",
    "| measure | result | target | met |",
    "| --- | --- | --- | --- |",
    *rows,
    "<!-- /serve -->",
])
path = "docs/benchmarks.md"
text = open(path).read()
if "<!-- serve -->" in text:
    text = re.sub(r"<!-- serve -->.*?<!-- /serve -->", lambda _: section, text, flags=re.S)
else:
    text = text.rstrip("\n") + "\n\n" + section + "\n"
open(path, "w").write(text)
print(section)
PY
