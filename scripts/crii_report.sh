#!/bin/sh
# crii_report.sh - Code Red II over seeds: for each seed, the time from release to 10, 50 and 90 %
# of the run's final count of hosts ever infected, and the shares of infections that came from
# a host in the same /16, the same /8 (not the /16) and elsewhere; then medians and ranges.
# Usage: scripts/crii_report.sh SCENARIO [SEEDS] [BIN] [extra wormsim run options...]
set -eu
SCEN=${1:?usage: scripts/crii_report.sh SCENARIO [SEEDS] [BIN] [options]}
SEEDS=${2:-10}
BIN=${3:-./wormsim}
[ $# -ge 3 ] && shift 3 || shift $#
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
printf 'seed\tt10_h\tt50_h\tt90_h\tfinal\tsame16\tsame8\telsewhere\twall_s\n'
for seed in $(seq 1 "$SEEDS"); do
  start=$(date +%s.%N)
  id=$("$BIN" run "$SCEN" --db "$TMP/r.db" --seed "$seed" --quiet "$@")
  end=$(date +%s.%N)
  "$BIN" export "$id" --db "$TMP/r.db" | awk -F, -v seed="$seed" -v wall="$(echo "$end - $start" | bc)" '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    { t[NR] = $col["t_s"]; e[NR] = $col["ever_infected"]; n = NR
      s16 += $col["new_infections_same16"]; s8 += $col["new_infections_same8"]
      so += $col["new_infections_other"] }
    END {
      final = e[n]; split("0.1 0.5 0.9", q, " ")
      for (k = 1; k <= 3; k++) { tq[k] = -1
        for (i = 2; i <= n; i++) if (e[i] >= q[k] * final) { tq[k] = t[i] / 3600; break } }
      tot = s16 + s8 + so
      printf "%d\t%.2f\t%.2f\t%.2f\t%d\t%.3f\t%.3f\t%.3f\t%.1f\n", seed, tq[1], tq[2], tq[3], final,
             s16 / tot, s8 / tot, so / tot, wall }'
done >"$TMP/rows"
cat "$TMP/rows"
# medians and ranges per column
awk -F'\t' '{ for (c = 2; c <= 9; c++) v[c, NR] = $c; n = NR }
  END { split("t10_h t50_h t90_h final same16 same8 elsewhere wall_s", name, " ")
    for (c = 2; c <= 9; c++) {
      for (i = 1; i <= n; i++) a[i] = v[c, i]
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { x = a[i]; a[i] = a[j]; a[j] = x }
      med = n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
      printf "# %-9s median %s  range %s .. %s\n", name[c - 1], med, a[1], a[n] } }' "$TMP/rows"
