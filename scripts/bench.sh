#!/bin/sh
# Performance figures (never pass/fail): the full-scale July 19 and Code Red II runs, the
# campus scenario in hybrid mode, the engine's hold benchmark and the per-scan reference mode. Run through `make bench`.
set -eu
cd "$(dirname "$0")/.."
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
echo "== full-scale July 19, 2001 (fast mode, 2001-07-19 00:00 to 2001-07-20 12:00 UTC)"
/usr/bin/env time -f '%e %M' -o "$TMP/time" ./wormsim run scenarios/july19-crv2.ini --db "$TMP/bench.db" >"$TMP/out"
sed 's/^/   /' "$TMP/out"
read -r wall rss_kib <"$TMP/time"
echo "   process: ${wall} s wall, peak RSS $((rss_kib / 1024)) MiB"
echo "== full-scale Code Red II, 4 August to 1 October 2001 (fast mode, 58 days)"
/usr/bin/env time -f '%e %M' -o "$TMP/time" ./wormsim run scenarios/aug4-crii.ini --db "$TMP/bench.db" >"$TMP/out"
sed 's/^/   /' "$TMP/out"
read -r wall rss_kib <"$TMP/time"
echo "   process: ${wall} s wall, peak RSS $((rss_kib / 1024)) MiB"
build/bench_memory scenarios/aug4-crii.ini | sed 's/^/   /'
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
