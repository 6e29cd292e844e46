#!/bin/sh
# crii_map.sh - Code Red II's time from release to 50 % of its final count over the density of
# the population and the thread model's rates: the generated population (population.vulnerable
# 170,000 over population.occupied_16s /16s; fewer /16s = denser ones; the log-normal spreads
# of the older generator) instead of the sourced file, x worm.answering_per_host (answering
# addresses per host around a scanner: faster threads) x worm.threads (300 or 600). Two days,
# sampled every minute, one seed per point. Prints TSV: occupied_16s answering threads t50_h.
# Usage: scripts/crii_map.sh [BIN] [SCENARIO]
set -eu
BIN=${1:-./wormsim}
SCEN=${2:-scenarios/aug4-crii.ini}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
printf 'occupied_16s\tanswering_per_host\tthreads\tt50_h\n'
for occ in 1000 4000 20000 60000; do
  for ans in 1 10 50; do
    for thr in 300 600; do
      id=$("$BIN" run "$SCEN" --db "$TMP/m.db" --seed 1 --quiet \
             --set population.hosts_file= --set population.vulnerable=170000 \
             --set population.occupied_16s="$occ" --set worm.answering_per_host="$ans" \
             --set worm.threads="$thr" --set worm.threads_chinese="$((thr * 2))" \
             --set run.end=2001-08-06T00:00Z --set run.sample=1min)
      t50=$("$BIN" export "$id" --db "$TMP/m.db" | awk -F, '
        NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        { t[NR] = $c["t_s"]; e[NR] = $c["ever_infected"]; n = NR }
        END { for (i = 2; i <= n; i++) if (e[i] >= 0.5 * e[n]) { printf "%.2f", t[i] / 3600; exit } }')
      printf '%s\t%s\t%s\t%s\n' "$occ" "$ans" "$thr" "$t50"
    done
  done
done
