#!/bin/sh
# Integration tests: run the wormsim binary on small scenarios and check what it stores,
# exports and plots, querying the database with the sqlite3 command-line tool.
# Usage: tests/integration.sh ./wormsim     Prints one line per check and "N passed, M failed".
set -u
WORMSIM=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
DB="$TMP/runs.db"
SMALL="$HERE/data/small-world.ini"
passed=0
failed=0

ok() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }
check() { # check NAME COMMAND...: passes when the command succeeds
  name=$1; shift
  if "$@" >"$TMP/out" 2>"$TMP/err"; then ok "$name"; else fail "$name"; sed 's/^/     /' "$TMP/err" | head -5; fi
}
q() { sqlite3 "$DB" "$1"; }

# A run prints its id, is stored as done, with its resolved scenario and its series.
id=$("$WORMSIM" run "$SMALL" --db "$DB" --seed 5 --quiet)
check "run prints its id" test "$id" = 1
check "run is stored as done" test "$(q "select status from runs where id=1")" = done
check "seed is stored" test "$(q "select seed from runs where id=1")" = 5
check "resolved scenario is stored" sh -c "sqlite3 '$DB' \"select scenario_text from runs where id=1\" | grep -q '^scan_rate = 20/s'"
check "generator name is stored" test "$(q "select rng from runs where id=1")" = mt19937
check "one sample per minute" test "$(q "select count(distinct t) from series where run=1")" = 181

# Export: header and rows.
"$WORMSIM" export 1 --db "$DB" --format csv >"$TMP/a.csv"
head -1 "$TMP/a.csv" | tr ',' '\n' >"$TMP/header"
for col in time_utc t_s susceptible infected ever_infected new_infections scans syn_packets flood_bytes; do
  check "export has column $col" grep -qx "$col" "$TMP/header"
done
check "export has a row per sample" test "$(($(wc -l <"$TMP/a.csv") - 1))" = 181
check "export starts at the scenario start" sh -c "sed -n 2p '$TMP/a.csv' | grep -q '^2001-07-19T22:00:00Z,0,'"
# Every host is infected within the three hours (3,000 hosts, 20 scans/s in a /16).
col=$(awk -F, 'NR==1{for(i=1;i<=NF;i++) if($i=="ever_infected") print i}' "$TMP/a.csv")
check "all vulnerable hosts infected by the end" test "$(tail -1 "$TMP/a.csv" | cut -d, -f"$col")" = 3000

# Same scenario and seed: byte-identical export. Another seed: different.
"$WORMSIM" run "$SMALL" --db "$DB" --seed 5 --quiet >/dev/null
"$WORMSIM" export 2 --db "$DB" >"$TMP/b.csv"
check "same seed gives an identical export" cmp -s "$TMP/a.csv" "$TMP/b.csv"
"$WORMSIM" run "$SMALL" --db "$DB" --seed 6 --quiet >/dev/null
"$WORMSIM" export 3 --db "$DB" >"$TMP/c.csv"
check "another seed gives another export" sh -c "! cmp -s '$TMP/a.csv' '$TMP/c.csv'"

# Overrides reach the run and its stored scenario.
"$WORMSIM" run "$SMALL" --db "$DB" --set worm.scan_rate=7/s --set run.mode=per-scan --quiet >/dev/null
check "--set is stored in the scenario" sh -c "sqlite3 '$DB' \"select scenario_text from runs where id=4\" | grep -q '^scan_rate = 7/s'"
check "--set mode is stored" test "$(q "select mode from runs where id=4")" = per-scan

# Listing and showing.
check "runs lists four runs" sh -c "'$WORMSIM' runs --db '$DB' | grep -c ' done ' | grep -qx 4"
check "show prints the scenario" sh -c "'$WORMSIM' show 2 --db '$DB' | grep -q '^\[worm\]'"
"$WORMSIM" show 99 --db "$DB" >/dev/null 2>"$TMP/err"; rc=$?
check "show of a missing run exits 2" test $rc = 2
"$WORMSIM" export 1 --db "$TMP/none.db" >/dev/null 2>&1; rc=$?
check "export from a missing database exits 2" test $rc = 2

# Events: the calendar's phases are stored.
"$WORMSIM" events 1 --db "$DB" --format csv >"$TMP/ev.csv"
check "events header" test "$(head -1 "$TMP/ev.csv")" = "time_utc,kind,subject,detail"
check "flood phase starts at midnight" grep -q '^2001-07-20T00:00:00Z,phase,flood,' "$TMP/ev.csv"

# Plots.
"$WORMSIM" plot 1 3 --db "$DB" -o "$TMP/p.png" >/dev/null
check "plot writes a PNG" sh -c "head -c 8 '$TMP/p.png' | od -An -tx1 | grep -q '89 50 4e 47'"
"$WORMSIM" plot 1 --db "$DB" -o "$TMP/p.svg" >/dev/null
check "plot writes an SVG" grep -q '<svg' "$TMP/p.svg"
check "dumb terminal plot" sh -c "'$WORMSIM' plot 1 --db '$DB' --terminal dumb | grep -q 'run 1'"
"$WORMSIM" plot 1 --db "$DB" --local-share -o "$TMP/share.svg" >/dev/null
check "local-share plot labels the share" grep -q "host's /8 (% of all)" "$TMP/share.svg"
"$WORMSIM" plot 1 --db "$DB" --bottom new_infections_same16+new_infections_same8 --per new_infections -o "$TMP/per.svg" >/dev/null
check "--per plots a share of another column" grep -q "% of new_infections" "$TMP/per.svg"
"$WORMSIM" plot 1 --db "$DB" --bottom no_such_column -o "$TMP/x.png" 2>"$TMP/col-err" >/dev/null; rc=$?
check "plot of an unknown column fails clearly" sh -c "test $rc != 0 && grep -q no_such_column '$TMP/col-err'"
env PATH=/nonexistent "$WORMSIM" plot 1 --db "$DB" -o "$TMP/q.png" 2>"$TMP/plot-err" >/dev/null; rc=$?
check "plot without gnuplot fails clearly" sh -c "test $rc = 1 && grep -q 'gnuplot not found' '$TMP/plot-err'"

# Ctrl-C: the run stops, is marked interrupted and keeps what it sampled.
cat >"$TMP/long.ini" <<INI
[run]
start = 2001-07-01T00:00Z
end = 2001-07-19T00:00Z
mode = per-scan
sample = 1s
[space]
prefix = 10.0.0.0/12
[population]
vulnerable = 1000
[worm]
scan_rate = 50/s
seed_hosts = 1000
seed_time = 2001-07-01T00:00Z
INI
"$WORMSIM" run "$TMP/long.ini" --db "$DB" >/dev/null 2>&1 &
pid=$!
sleep 2
kill -INT $pid
wait $pid; rc=$?
check "interrupted run exits 1" test $rc = 1
check "interrupted run is marked interrupted" test "$(q "select status from runs where id=(select max(id) from runs)")" = interrupted
check "interrupted run keeps its samples" test "$(q "select count(*) > 0 from series where run=(select max(id) from runs)")" = 1

# Seed 000: the campus Cisco 7000 over 48 simulated hours (hybrid: the two PCs scan by scan).
NDB="$TMP/net.db"
net=$("$WORMSIM" run scenarios/campus-cisco7000.ini --db "$NDB" --quiet)
"$WORMSIM" events "$net" --db "$NDB" --format csv >"$TMP/ev.csv"
check "events csv header" test "$(head -1 "$TMP/ev.csv")" = "time_utc,kind,subject,detail"
cut_at=$(grep ',countermeasure,dept,' "$TMP/ev.csv" | cut -d, -f1)
check "the subnet is cut on the evening of 6 August" test "$cut_at" = 2001-08-06T12:00:00Z
check "cisco-b crashes again and again before the cut" \
  test "$(awk -F, -v c="$cut_at" '$2 == "router_crash" && $3 == "cisco-b" && $1 < c' "$TMP/ev.csv" | wc -l)" -ge 10
check "cisco-b never crashes after the cut" \
  test "$(awk -F, -v c="$cut_at" '$2 == "router_crash" && $1 > c' "$TMP/ev.csv" | wc -l)" = 0
check "every crash is followed by a reload" \
  test "$(grep -c ',router_crash,' "$TMP/ev.csv")" = "$(grep -c ',router_up,' "$TMP/ev.csv")"
"$WORMSIM" export "$net" --db "$NDB" >"$TMP/net.csv"
check "per-router and per-link columns are exported" \
  sh -c "head -1 '$TMP/net.csv' | grep -q 'router.cisco-b.free_bytes,.*link.dept.bytes'"
net2=$("$WORMSIM" run scenarios/campus-cisco7500.ini --db "$NDB" --quiet)
check "the cisco 7500 never crashes" \
  test "$("$WORMSIM" events "$net2" --db "$NDB" --format csv | grep -c ',router_crash,')" = 0

# Theory beside a run: the fit prints K, T and their errors; plot --theory and --observed draw.
check "fit prints K with its error" sh -c "'$WORMSIM' fit 1 --db '$DB' | grep -q '^    K = [0-9.e+-]* /h +- '"
check "fit prints T with its error" sh -c "'$WORMSIM' fit 1 --db '$DB' | grep -q '^    T = 2001-07-.*Z +- '"
check "fit --column ever_infected" sh -c "'$WORMSIM' fit 1 --db '$DB' --column ever_infected | grep -q 'column ever_infected'"
check "plot --theory writes a PNG" "$WORMSIM" plot 1 --db "$DB" --theory -o "$TMP/theory.png"
printf 'time_utc,observed\n2001-07-19T23:00Z,100\n2001-07-20T00:00Z,2000\n' >"$TMP/obs.csv"
check "plot --observed writes a PNG" "$WORMSIM" plot 1 --db "$DB" --observed "$TMP/obs.csv" -o "$TMP/obs.png"

# A killed run stays marked as not done.
"$WORMSIM" run "$TMP/long.ini" --db "$DB" >/dev/null 2>&1 &
pid=$!
sleep 2
kill -KILL $pid
wait $pid 2>/dev/null
check "killed run stays running, not done" test "$(q "select status from runs where id=(select max(id) from runs)")" = running

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
