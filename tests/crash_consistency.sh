#!/bin/sh
# Crash consistency: a run writing a sample every simulated second is killed with SIGKILL at
# POINTS moments drawn from a fixed seed (so every run of this test kills at the same wall
# delays); after each kill the database must pass `pragma integrity_check`, hold whole samples
# only (every stored t of the run has all its columns), `runs --repair` must mark the run killed
# (or leave it done if it finished first), and at the end another run into the same database
# must succeed. Usage: tests/crash_consistency.sh ./wormsim [POINTS] [SEED]
set -u
WORMSIM=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
POINTS=${2:-8}
SEED=${3:-15}
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
DB="$TMP/crash.db"
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }
check() { name=$1; shift; if "$@" >/dev/null 2>&1; then ok "$name"; else fail "$name"; fi; }
q() { sqlite3 "$DB" "$1"; }

# Kill delays in seconds, uniform in [0.05, 2.0), from awk's generator seeded with SEED.
delays=$(awk -v n="$POINTS" -v s="$SEED" 'BEGIN { srand(s); for (i = 0; i < n; i++) printf "%.3f\n", 0.05 + 1.95 * rand() }')
i=0
for delay in $delays; do
  i=$((i + 1))
  "$WORMSIM" run "$HERE/data/small-world.ini" --db "$DB" --quiet \
    --set run.sample=1s --set run.end=2001-07-21T00:00Z >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  kill -KILL $pid 2>/dev/null
  wait $pid 2>/dev/null
  run=$(q "select max(id) from runs")
  check "kill $i at ${delay}s: integrity_check ok" test "$(q 'pragma integrity_check')" = ok
  [ -z "$run" ] && { ok "kill $i at ${delay}s: killed before the run was recorded"; continue; }
  partial=$(q "select count(*) from (select t from series where run = $run group by t
               having count(*) != (select count(*) from series_columns where run = $run))")
  check "kill $i at ${delay}s: run $run holds whole samples only" test "$partial" = 0
  check "kill $i at ${delay}s: run $run rows match its committed count" \
    test "$(q "select rows = (select count(*) from series where run = $run) + (select count(*) from events where run = $run) from runs where id = $run")" = 1
  "$WORMSIM" runs --repair --db "$DB" >/dev/null 2>&1
  status=$(q "select status from runs where id = $run")
  check "kill $i at ${delay}s: run $run is $status after runs --repair (killed or done)" \
    sh -c "test '$status' = killed || test '$status' = done"
done
id=$("$WORMSIM" run "$HERE/data/small-world.ini" --db "$DB" --quiet)
check "the next run into the database succeeds" test "$(q "select status from runs where id = $id")" = done
check "no run is left running" test "$(q "select count(*) from runs where status = 'running'")" = 0
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
