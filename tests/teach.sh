#!/bin/sh
# Teaching integration tests: `show --scenario` prints a scenario that `check` accepts and that
# repeats the run (same export, byte for byte); the progress line stays off a pipe; the run
# summary names what matters for the scenario's kind; `report` writes one self-contained page.
# Usage: tests/teach.sh ./wormsim     Prints one line per check and "N passed, M failed".
set -u
WORMSIM=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
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

# Round trip: run, show --scenario, check, run again from it: the same export.
"$WORMSIM" run "$SMALL" --db "$DB" --seed 5 --set worm.scan_rate=7/s >"$TMP/summary" 2>"$TMP/progress"
"$WORMSIM" show 1 --db "$DB" --scenario >"$TMP/rt.ini"
check "show --scenario passes check" "$WORMSIM" check "$TMP/rt.ini"
"$WORMSIM" run "$TMP/rt.ini" --db "$DB" --quiet >/dev/null
"$WORMSIM" export 1 --db "$DB" >"$TMP/a.csv"
"$WORMSIM" export 2 --db "$DB" >"$TMP/b.csv"
check "the shown scenario repeats the run" sh -c "test -s '$TMP/a.csv' && cmp -s '$TMP/a.csv' '$TMP/b.csv'"
check "the shown scenario keeps the override" grep -qx 'scan_rate = 7/s' "$TMP/rt.ini"
# With repeatable sections (routers, links, subnets, countermeasures): two hours of the campus.
CAMPUS="$ROOT/scenarios/campus-cisco7000.ini"
"$WORMSIM" run "$CAMPUS" --db "$DB" --set run.end=2001-08-05T17:00Z --set countermeasure.cut-dept.at=2001-08-05T16:30Z --quiet >/dev/null
"$WORMSIM" show 3 --db "$DB" --scenario >"$TMP/campus.ini"
check "campus: show --scenario passes check" "$WORMSIM" check "$TMP/campus.ini"
"$WORMSIM" run "$TMP/campus.ini" --db "$DB" --quiet >/dev/null
"$WORMSIM" export 3 --db "$DB" >"$TMP/c.csv"
"$WORMSIM" export 4 --db "$DB" >"$TMP/d.csv"
check "campus: the shown scenario repeats the run" sh -c "test -s '$TMP/c.csv' && cmp -s '$TMP/c.csv' '$TMP/d.csv'"

# No progress line on a pipe; the summary of an outbreak and of a router scenario.
check "no progress line on a pipe" test ! -s "$TMP/progress"
check "summary: ever infected by the next midnight" grep -q '^  hosts ever infected by 2001-07-20 00:00 UTC: ' "$TMP/summary"
check "summary: peak new infections" grep -q '^  peak new infections: .* per minute' "$TMP/summary"
"$WORMSIM" run "$CAMPUS" --db "$DB" --set run.end=2001-08-05T17:00Z --set countermeasure.cut-dept.at=2001-08-05T16:30Z >"$TMP/campus-summary"
check "summary: router crashes" grep -q '^  router cisco-b: crashes by the end: [1-9]' "$TMP/campus-summary"
check "summary: first crash" grep -q '^  router cisco-b: first crash: 2001-08-05 ' "$TMP/campus-summary"
check "summary: Code Red II times" grep -q '^  time to 50 % of them: ' "$TMP/campus-summary"
check "summary: no midnight line for Code Red II" sh -c "! grep -q 'by 2001-08-06 00:00' '$TMP/campus-summary'"

# On a terminal (script(1) gives the run one): a progress line with the share of simulated
# time, elapsed and left, and the infected count, at most 10 a second; none with --quiet.
if command -v script >/dev/null 2>&1; then
  start=$(date +%s.%N)
  script -qc "'$WORMSIM' run '$SMALL' --db '$DB' --set run.end=2001-07-20T06:00Z" "$TMP/tty" >/dev/null 2>&1
  took=$(echo "$(date +%s.%N) - $start" | bc)
  tr '\r' '\n' <"$TMP/tty" | grep 'elapsed' >"$TMP/lines"
  check "progress line on a terminal" grep -Eq '^.*wormsim: +[0-9.]+% 2001-07-.*, [0-9hms]+ elapsed, ([0-9hms]+|\?) left, infected [0-9]+' "$TMP/lines"
  check "at most 10 progress lines a second" test "$(wc -l <"$TMP/lines")" -le "$(echo "$took * 10 + 1" | bc | cut -d. -f1)"
  script -qc "'$WORMSIM' run '$SMALL' --db '$DB' --quiet" "$TMP/tty2" >/dev/null 2>&1
  check "no progress line with --quiet" sh -c "! grep -q elapsed '$TMP/tty2'"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
