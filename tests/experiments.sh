#!/bin/sh
# Experiment tests: `wormsim sweep` stores the same results whatever the number of workers,
# reserves runs in grid order, repeats `wormsim run` for replica 0, survives a worker killed
# with kill -9 and a Ctrl-C (SIGINT) with a consistent database, and `sweep --resume` then runs
# only what is missing, ending with the same export as an uninterrupted experiment.
# Usage: tests/experiments.sh ./wormsim     Prints one line per check and "N passed, M failed".
set -u
WORMSIM=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
SMALL="$HERE/data/small-world.ini"
JULY="$HERE/../scenarios/july19-crv2.ini"
passed=0
failed=0

ok() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }
check() { # check NAME COMMAND...: passes when the command succeeds
  name=$1; shift
  if "$@" >"$TMP/out" 2>"$TMP/err"; then ok "$name"; else fail "$name"; sed 's/^/     /' "$TMP/err" | head -5; fi
}
q() { sqlite3 "$1" "$2"; }

# -j 1 and -j 2 store the same experiment: byte-identical tidy exports, CSV and JSON.
GRID="--reps 3 --vary worm.scan_rate=10/s,20/s --vary population.vulnerable=1000,3000"
"$WORMSIM" sweep "$SMALL" $GRID -j 1 --db "$TMP/j1.db" --quiet >"$TMP/e1" 2>"$TMP/err1"
check "sweep -j 1 succeeds" test "$(cat "$TMP/e1")" = 1
"$WORMSIM" sweep "$SMALL" $GRID -j 2 --db "$TMP/j2.db" --quiet >"$TMP/e2" 2>"$TMP/err2"
check "sweep -j 2 succeeds" test "$(cat "$TMP/e2")" = 1
for fmt in csv json; do
  for form in wide long; do
    "$WORMSIM" export --experiment 1 --db "$TMP/j1.db" --format $fmt --form $form >"$TMP/j1.$fmt.$form"
    "$WORMSIM" export --experiment 1 --db "$TMP/j2.db" --format $fmt --form $form >"$TMP/j2.$fmt.$form"
    check "-j 1 and -j 2 export the same $fmt ($form)" cmp "$TMP/j1.$fmt.$form" "$TMP/j2.$fmt.$form"
  done
done
check "JSON export is valid JSON" python3 -c "import json,sys; r=json.load(open('$TMP/j1.json.wide')); assert len(r) == 12 * 181, len(r)"
check "12 runs, all done" test "$(q "$TMP/j2.db" "select count(*) from runs where experiment=1 and status='done'")" = 12
check "runs reserved in grid order (point, replica)" test \
  "$(q "$TMP/j2.db" "select group_concat(point || ':' || replica, ' ') from (select * from runs order by id)")" = \
  "0:0 0:1 0:2 1:0 1:1 1:2 2:0 2:1 2:2 3:0 3:1 3:2"
check "labels name the point and replica" test \
  "$(q "$TMP/j2.db" "select label from runs where id=5")" = "scan_rate=10/s vulnerable=3000 #1"
check "replica k shares its seed across points" test \
  "$(q "$TMP/j2.db" "select count(distinct seed) from runs group by replica" | sort -u)" = 1
check "run_params holds every key of every run" test \
  "$(q "$TMP/j2.db" "select count(distinct run) from run_params where key='worm.scan_rate'")" = 12
check "run_params keeps the number in base units" test \
  "$(q "$TMP/j2.db" "select number from run_params where run=7 and key='worm.scan_rate'")" = 20.0
check "experiment is done" test "$(q "$TMP/j2.db" "select status || ' ' || points || ' ' || reps from experiments")" = "done 4 3"
check "export has the varied keys as columns" sh -c "head -1 '$TMP/j1.csv.wide' | grep -q '^run,experiment,point,replica,seed,worm.scan_rate,population.vulnerable,time_utc,t_s,'"

# Replica 0 of a one-point sweep is `wormsim run` with the same seed.
"$WORMSIM" sweep "$SMALL" --reps 2 --seed 7 --db "$TMP/r.db" --quiet >/dev/null 2>&1
id=$("$WORMSIM" run "$SMALL" --seed 7 --db "$TMP/r.db" --quiet)
"$WORMSIM" export 1 --db "$TMP/r.db" >"$TMP/sweep0.csv"
"$WORMSIM" export "$id" --db "$TMP/r.db" >"$TMP/run.csv"
check "replica 0 equals wormsim run with the base seed" cmp "$TMP/sweep0.csv" "$TMP/run.csv"
check "export RUN... shows the keys that differ" sh -c "'$WORMSIM' export 1 2 --db '$TMP/r.db' | head -1 | grep -q '^run,experiment,point,replica,seed,time_utc,t_s,susceptible'"

# [experiment] in the scenario file; the command line wins.
cat "$SMALL" >"$TMP/exp.ini"
printf '\n[experiment]\nreps = 2\nvary = worm.scan_rate = 10/s, 20/s, 30/s\n' >>"$TMP/exp.ini"
check "check reports the experiment" sh -c "'$WORMSIM' check '$TMP/exp.ini' | grep -q 'ok (experiment: 3 points x 2 replicas)'"
"$WORMSIM" sweep "$TMP/exp.ini" --reps 1 --vary worm.scan_rate=5/s,6/s --db "$TMP/x.db" -q >/dev/null 2>&1
check "--reps and --vary override [experiment]" test "$(q "$TMP/x.db" "select points || 'x' || reps || ' ' || grid from experiments")" = "2x1 worm.scan_rate=5/s,6/s"
"$WORMSIM" sweep "$TMP/exp.ini" --set worm.scan_rate=7/s --db "$TMP/y.db" -q >/dev/null 2>&1
check "--set pins a varied key" test "$(q "$TMP/y.db" "select points || 'x' || reps from experiments")" = "1x2"
check "a plain run records its parameters and label" sh -c "'$WORMSIM' run '$SMALL' --set worm.scan_rate=9/s --db '$TMP/y.db' -q >/dev/null && test \"\$(sqlite3 '$TMP/y.db' \"select label from runs order by id desc limit 1\")\" = scan_rate=9/s"

# A worker killed with kill -9: the database stays consistent, the experiment incomplete,
# and --resume runs only the missing run; the result equals an uninterrupted experiment.
SLOW="--set population.vulnerable=30000 --set run.end=2001-07-20T00:00Z --reps 10"
"$WORMSIM" sweep "$JULY" $SLOW -j 2 --db "$TMP/k.db" >"$TMP/kill.out" 2>"$TMP/kill.err" &
sweep=$!
i=0
# both workers busy (each has a run marked running) and one run done already
until [ "$(q "$TMP/k.db" "select (sum(status='done') >= 1) + (sum(status='running') = 2) from runs" 2>/dev/null)" = 2 ] || [ $i -ge 600 ]; do
  sleep 0.1; i=$((i + 1))
done
# a worker that is computing (state R), not one waiting for its next task (S): found and
# killed by the same awk, so that it has no time to finish its run in between
victim=
while [ -z "$victim" ] && [ $i -lt 1200 ]; do
  victim=$(ps -o pid=,stat= --ppid $sweep | awk '$2 ~ /^R/ {system("kill -9 " $1); print $1; exit}')
  [ -n "$victim" ] || { sleep 0.02; i=$((i + 1)); }
done
wait $sweep
code=$?
check "sweep with a killed worker exits 1" test "$code" = 1
check "the killed worker is reported" grep -q "killed by signal 9" "$TMP/kill.err"
check "database integrity ok after kill -9" test "$(q "$TMP/k.db" "pragma integrity_check")" = ok
check "experiment marked incomplete" test "$(q "$TMP/k.db" "select status from experiments")" = incomplete
check "one run failed, the others done" test "$(q "$TMP/k.db" "select group_concat(status || ':' || n) from (select status, count(*) n from runs group by status order by status)")" = "done:9,failed:1"
"$WORMSIM" sweep --resume 1 --db "$TMP/k.db" >"$TMP/resume.out" 2>&1
check "resume runs only the missing run" grep -q "1 run done now" "$TMP/resume.out"
check "experiment done after resume" test "$(q "$TMP/k.db" "select status from experiments")" = done
"$WORMSIM" sweep "$JULY" $SLOW -j 1 --db "$TMP/clean.db" -q >/dev/null 2>&1
"$WORMSIM" export --experiment 1 --db "$TMP/k.db" >"$TMP/k.csv"
"$WORMSIM" export --experiment 1 --db "$TMP/clean.db" >"$TMP/clean.csv"
check "killed and resumed equals uninterrupted" cmp "$TMP/k.csv" "$TMP/clean.csv"

# Ctrl-C (SIGINT to the writer): finished runs kept, the rest not done, resumable.
"$WORMSIM" sweep "$JULY" $SLOW -j 2 --db "$TMP/c.db" >"$TMP/int.out" 2>"$TMP/int.err" &
sweep=$!
i=0
until [ "$(q "$TMP/c.db" "select count(*) from runs where status='done'" 2>/dev/null)" -ge 1 ] 2>/dev/null || [ $i -ge 600 ]; do
  sleep 0.1; i=$((i + 1))
done
kill -INT $sweep
wait $sweep
code=$?
check "interrupted sweep exits 1" test "$code" = 1
check "experiment marked interrupted" test "$(q "$TMP/c.db" "select status from experiments")" = interrupted
check "no run left running" test "$(q "$TMP/c.db" "select count(*) from runs where status='running'")" = 0
check "integrity ok after Ctrl-C" test "$(q "$TMP/c.db" "pragma integrity_check")" = ok
check "no worker left behind" sh -c "! pgrep -P $sweep"
"$WORMSIM" sweep --resume 1 --db "$TMP/c.db" -q >/dev/null 2>&1
"$WORMSIM" export --experiment 1 --db "$TMP/c.db" >"$TMP/c.csv"
check "interrupted and resumed equals uninterrupted" cmp "$TMP/c.csv" "$TMP/clean.csv"

# stats: every host of the small world is infected by the end (integration.sh checks it run
# by run), so the mean and both ends of the range are 3000 with sd 0 at each of the 4 points.
"$WORMSIM" stats 1 --db "$TMP/j1.db" --format csv >"$TMP/stats.csv"
check "stats: one row per point for the final count, 3000 +- 0" test \
  "$(grep -c '"ever_infected at the end",3,3000,0,3000,3000,3000,3000,3000$' "$TMP/stats.csv")" = 2
check "stats --format json is valid JSON" sh -c "'$WORMSIM' stats 1 --db '$TMP/j1.db' --format json | python3 -c 'import json,sys; json.load(sys.stdin)'"

# -o writes the file; COMMAND --help prints that command's usage
"$WORMSIM" export --experiment 1 --db "$TMP/j1.db" -o "$TMP/o.csv" >"$TMP/o.stdout"
check "export -o writes the file, not stdout" sh -c "cmp -s '$TMP/o.csv' '$TMP/j1.csv.wide' && test ! -s '$TMP/o.stdout'"
"$WORMSIM" events 1 --db "$TMP/j1.db" -o "$TMP/ev.csv" >/dev/null
check "events -o writes the file" sh -c "head -1 '$TMP/ev.csv' | grep -qx 'time_utc,kind,subject,detail'"
check "sweep --help prints the sweep usage" sh -c "'$WORMSIM' sweep --help | grep -q '^  sweep --resume EXP'"
check "run --help prints only run's usage" sh -c "'$WORMSIM' run --help | grep -q '^  run FILE' && ! '$WORMSIM' run --help | grep -q '^  sweep'"

echo "experiments: $passed passed, $failed failed"
[ "$failed" = 0 ]
