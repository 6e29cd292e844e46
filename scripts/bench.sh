#!/bin/sh
# Performance figures (never pass/fail): the full-scale July 19 and Code Red II runs (with and
# without patching), ten million hosts (big-world), the campus scenario in hybrid mode, the
# engine's hold benchmark, the per-scan reference mode, and instructions per event counted by
# callgrind, which this shared machine's load does not change. Run through `make bench`.
set -eu
cd "$(dirname "$0")/.."
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
echo "== full-scale July 19, 2001 (fast mode, 2001-07-19 00:00 to 2001-07-20 12:00 UTC; must reach: 0.3 s, 120 MiB)"
/usr/bin/env time -f '%e %M' -o "$TMP/time" ./wormsim run scenarios/july19-crv2.ini --db "$TMP/bench.db" >"$TMP/out"
sed 's/^/   /' "$TMP/out"
read -r wall rss_kib <"$TMP/time"
echo "   process: ${wall} s wall, peak RSS $((rss_kib / 1024)) MiB"
build/bench_memory scenarios/july19-crv2.ini | sed 's/^/   /'
echo "== full-scale Code Red II, 4 August to 1 October 2001 (fast mode, 58 days)"
/usr/bin/env time -f '%e %M' -o "$TMP/time" ./wormsim run scenarios/aug4-crii.ini --db "$TMP/bench.db" >"$TMP/out"
sed 's/^/   /' "$TMP/out"
read -r wall rss_kib <"$TMP/time"
echo "   process: ${wall} s wall, peak RSS $((rss_kib / 1024)) MiB"
build/bench_memory scenarios/aug4-crii.ini | sed 's/^/   /'
echo "== Code Red II without patching (--set population.patch_rate=0; must reach: 15 s)"
/usr/bin/env time -f '%e %M' -o "$TMP/time" ./wormsim run scenarios/aug4-crii.ini --set population.patch_rate=0 --db "$TMP/bench.db" >"$TMP/out"
grep 'wall time' "$TMP/out" | sed 's/^ */   /'
read -r wall rss_kib <"$TMP/time"
echo "   process: ${wall} s wall, peak RSS $((rss_kib / 1024)) MiB"
echo "== ten million vulnerable hosts (scenarios/big-world.ini; must reach: 5 s and 1 GiB)"
/usr/bin/env time -f '%e %M' -o "$TMP/time" ./wormsim run scenarios/big-world.ini --db "$TMP/bench.db" >"$TMP/out"
grep 'wall time\|ever infected by the end' "$TMP/out" | sed 's/^ */   /'
read -r wall rss_kib <"$TMP/time"
echo "   process: ${wall} s wall, peak RSS $((rss_kib / 1024)) MiB"
build/bench_memory scenarios/big-world.ini | sed 's/^/   /'
echo "== seed 000's campus, 48 hours: the Internet in fast mode, two PCs scan by scan (hybrid)"
/usr/bin/env time -f '%e %M' -o "$TMP/time" ./wormsim run scenarios/campus-cisco7000.ini --db "$TMP/bench.db" >"$TMP/out"
sed 's/^/   /' "$TMP/out"
read -r wall rss_kib <"$TMP/time"
echo "   process: ${wall} s wall, peak RSS $((rss_kib / 1024)) MiB (must reach: 10 s)"
echo "   cisco-b crashes: $(./wormsim events "$(sed -n 's/^run \([0-9]*\):.*/\1/p' "$TMP/out")" --db "$TMP/bench.db" --format csv | grep -c ',router_crash,')"
echo "== engine hold benchmark"
build/bench_hold | sed 's/^/   /'
echo "== per-scan reference mode"
build/bench_perscan | sed 's/^/   /'
echo "== instructions per event (callgrind: the same figure on any machine, whatever its load)"
if command -v valgrind >/dev/null 2>&1; then
  # The total of a callgrind profile, and the inclusive count of one function in it.
  cg_total() { sed -n 's/^\(summary\|totals\): *\([0-9]*\).*/\2/p' "$1" | tail -1; }
  cg_fn() { callgrind_annotate --inclusive=yes "$1" 2>/dev/null | sed -n "s/^ *\([0-9,]*\) .*:$2 \[.*/\1/p" | head -1 | tr -d ,; }
  valgrind --tool=callgrind --callgrind-out-file="$TMP/cg.hold" --toggle-collect=measured_run \
    build/bench_hold 1000000 1000000 engine >"$TMP/hold" 2>/dev/null
  ev=$(sed -n 's/.*pending, \([0-9]*\) events.*/\1/p' "$TMP/hold")
  all=$(cg_total "$TMP/cg.hold")
  draw=$(cg_fn "$TMP/cg.hold" exp_draw)
  echo "   engine hold, 10^6 pending: $(( (all - ${draw:-0}) / ev )) instructions per event" \
       "($(( all / ev )) with the benchmark's own Exp draw; must reach: 300)"
  valgrind --tool=callgrind --callgrind-out-file="$TMP/cg.july" --toggle-collect=engine_run \
    ./wormsim run scenarios/july19-crv2.ini --set run.end=2001-07-19T20:30Z --db "$TMP/cg.db" \
    >"$TMP/july" 2>/dev/null
  ev=$(sed -n 's/.* s, \([0-9]*\) events.*/\1/p' "$TMP/july")
  echo "   July 19 event loop, 00:00 to 20:30 UTC: $(( $(cg_total "$TMP/cg.july") / ev ))" \
       "instructions per event ($ev events)"
else
  echo "   (valgrind not installed)"
fi
