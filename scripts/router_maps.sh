#!/bin/sh
# router_maps.sh - crash / no crash of seed 000's CISCO-B over the router's uncertain keys.
# Runs scenarios/campus-cisco7000.ini for 6 simulated hours before the cut (long enough for the
# cache to settle and, with the ARP path, for the ARP table to near its 4 h steady state) with
# --set over: cache entry size (100-400 B) x cache ageing (1/100, 1/20, 1/5 a minute) x router
# and memory (Cisco 7000 RP 16/64 MB, 7500 RSP 32/64/128/256 MB) x the memory consumers
# ("protected": the cache with IOS's add floor, no ARP path; "unprotected": the cache without a
# floor; "arp64/128/256": the ARP path with that many bytes per ARP entry). Prints one TSV line
# per point: router memory_mib path entry_b ageing crashes; then the tables for the README.
# Usage: scripts/router_maps.sh [BIN] [OUT.tsv]     (about 360 runs of ~1 s each)
set -eu
BIN=${1:-./wormsim}
OUT=${2:-results/router_maps.tsv}
SCEN=${SCEN:-scenarios/campus-cisco7000.ini}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$(dirname "$OUT")"
: >"$OUT"
# The outside Internet only reinfects the PCs after a day: a small one is enough for 6 hours.
COMMON="--set run.end=2001-08-05T21:00Z --set countermeasure.cut-dept.at=2001-08-05T21:00Z --set population.vulnerable=2000 --set population.other_web=10000"
for router in cisco7000-16mb:16 cisco7000-16mb:64 cisco7500-64mb:32 cisco7500-64mb:64 \
              cisco7500-64mb:128 cisco7500-64mb:256; do
  preset=${router%%:*}
  mib=${router##*:}
  for path in protected unprotected arp64 arp128 arp256; do
    case $path in
      protected) keys="" ;;
      unprotected) keys="--set router.cisco-b.cache_floor=1B" ;;
      arp*) keys="--set router.cisco-b.static_route_to_interface=yes --set router.cisco-b.arp_entry=${path#arp}B" ;;
    esac
    [ "$path" = protected ] || [ "$path" = unprotected ] &&
      keys="$keys --set router.cisco-b.static_route_to_interface=no"
    for entry in 100 147 250 400; do
      for ageing in 0.01 0.05 0.2; do
        # shellcheck disable=SC2086
        id=$("$BIN" run "$SCEN" --db "$TMP/m.db" --seed 1 --quiet $COMMON \
               --set router.cisco-b.preset="$preset" --set router.cisco-b.memory="${mib}MiB" \
               --set router.cisco-b.cache_entry="${entry}B" --set router.cisco-b.aging="$ageing" $keys)
        n=$("$BIN" events "$id" --db "$TMP/m.db" --format csv | grep -c ',router_crash,cisco-b,' || true)
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "${preset%%-*}" "$mib" "$path" "$entry" "$ageing" "$n" >>"$OUT"
      done
    done
  done
done
# Tables: one row per router/memory/path, one column per entry size x ageing; cell = crashes in 6 h.
awk -F'\t' '
  { key = $1 " " $2 " MiB, " $3; col = $4 "B " $5; v[key, col] = $6
    if (!(key in seen)) { seen[key] = 1; rows[++nr] = key }
    if (!(col in cseen)) { cseen[col] = 1; cols[++nc] = col } }
  END {
    printf "| router, memory, consumers |"; for (c = 1; c <= nc; c++) printf " %s |", cols[c]; print ""
    printf "|---|"; for (c = 1; c <= nc; c++) printf "---|"; print ""
    for (r = 1; r <= nr; r++) {
      printf "| %s |", rows[r]
      for (c = 1; c <= nc; c++) { x = v[rows[r], cols[c]]; printf " %s |", (x == 0 ? "." : x) }
      print ""
    }
  }' "$OUT"
