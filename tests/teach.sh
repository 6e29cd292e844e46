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
  # CI=true turns the progress line off on purpose (cmd_run.c): this checks the terminal case
  env -u CI script -qc "'$WORMSIM' run '$SMALL' --db '$DB' --set run.end=2001-07-20T06:00Z" "$TMP/tty" >/dev/null 2>&1
  took=$(echo "$(date +%s.%N) - $start" | bc)
  tr '\r' '\n' <"$TMP/tty" | grep 'elapsed' >"$TMP/lines"
  check "progress line on a terminal" grep -Eq '^.*wormsim: +[0-9.]+% 2001-07-.*, [0-9hms]+ elapsed, ([0-9hms]+|\?) left, infected [0-9]+' "$TMP/lines"
  check "at most 10 progress lines a second" test "$(wc -l <"$TMP/lines")" -le "$(echo "$took * 10 + 1" | bc | cut -d. -f1)"
  env -u CI script -qc "'$WORMSIM' run '$SMALL' --db '$DB' --quiet" "$TMP/tty2" >/dev/null 2>&1
  check "no progress line with --quiet" sh -c "! grep -q elapsed '$TMP/tty2'"
fi

# Every "Things to try" line of every scenario is a command that works: check it.
for f in "$ROOT"/scenarios/*.ini; do
  n=0
  sed -n '/^# Things to try/,/^$/p' "$f" | sed -n 's/^#   wormsim run //p' >"$TMP/tries"
  while read -r line; do
    n=$((n + 1))
    # the line names its scenario relative to the top of the checkout
    check "$(basename "$f" .ini): things to try $n checks" sh -c "cd '$ROOT' && '$WORMSIM' check $line"
  done <"$TMP/tries"
  check "$(basename "$f" .ini): has things to try" test "$n" -gt 0
done

# The report: one well-formed, self-contained page under 2 MB, with inline SVG plots, that a
# real browser (headless Chromium) renders.
report_checks() { # report_checks NAME FILE.html MIN_SVGS
  what=$1; page=$2; min=$3
  check "$what: report written" test -s "$page"
  check "$what: under 2 MB" test "$(wc -c <"$page")" -lt 2000000
  check "$what: $min or more inline SVG plots" test "$(grep -c '<svg' "$page")" -ge "$min"
  check "$what: no script, no external file" sh -c "! grep -Eiq '<script|<link|<img|<iframe|src=|url\\(http|@import' '$page'"
  if command -v xmllint >/dev/null 2>&1; then
    check "$what: well-formed (xmllint)" xmllint --noout "$page"
  else
    fail "$what: xmllint missing (scripts/install-deps --test installs libxml2-utils)"
  fi
  if command -v chromium >/dev/null 2>&1; then
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
      --disable-component-update --no-first-run --hide-scrollbars --window-size=1200,2400 \
      --screenshot="$TMP/shot.png" "file://$page" >/dev/null 2>&1
    check "$what: Chromium renders a PNG" test -s "$TMP/shot.png"
    # PNG header: width and height, big-endian, at bytes 16-23.
    size=$(od -An -tu1 -j16 -N8 "$TMP/shot.png" | awk '{print $1*16777216+$2*65536+$3*256+$4 "x" $5*16777216+$6*65536+$7*256+$8}')
    check "$what: the PNG is 1200x2400 ($size)" test "$size" = "1200x2400"
    # A blank page of this size compresses to a few KB; text and plots make it far larger.
    check "$what: the PNG is not blank ($(wc -c <"$TMP/shot.png") bytes)" test "$(wc -c <"$TMP/shot.png")" -gt 60000
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
      --disable-component-update --no-first-run --dump-dom "file://$page" >"$TMP/dom.html" 2>/dev/null
    check "$what: the browser's DOM holds the SVG plots" test "$(grep -o '<svg' "$TMP/dom.html" | wc -l)" -ge "$min"
    rm -f "$TMP/shot.png"
  else
    fail "$what: chromium missing (scripts/install-deps --test installs it)"
  fi
}
"$WORMSIM" report 1 --db "$DB" -o "$TMP/small.html" >/dev/null
report_checks "one run" "$TMP/small.html" 2
check "report: the story from the scenario's comments" grep -q 'A small world' "$TMP/small.html"
check "report: key figures" grep -q 'hosts ever infected by the end' "$TMP/small.html"
check "report: every parameter with its source" grep -q '<td class="k">scan_rate</td><td class="v">7/s</td>' "$TMP/small.html"
"$WORMSIM" report 3 --db "$DB" -o "$TMP/campus.html" >/dev/null
report_checks "campus" "$TMP/campus.html" 3
check "campus report: the router panel" grep -q 'Router cisco-b' "$TMP/campus.html"
check "campus report: things to try" grep -q 'static_route_to_interface=no' "$TMP/campus.html"
check "campus report: the countermeasure in the events" grep -q '<td>countermeasure</td>' "$TMP/campus.html"
"$WORMSIM" report 1 2 3 --db "$DB" -o "$TMP/compare.html" >/dev/null
report_checks "comparison" "$TMP/compare.html" 3
check "comparison: what differs" grep -q '<td class="k">worm.variant</td>' "$TMP/compare.html"
"$WORMSIM" report 1 --db "$DB" -o "$TMP/x.png" 2>"$TMP/report-err"; rc=$?
check "report -o FILE.png is a usage error" sh -c "test $rc = 2 && grep -qx 'wormsim: report needs -o FILE.html' '$TMP/report-err'"
check "no file left by a refused report" test ! -e "$TMP/x.png"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
