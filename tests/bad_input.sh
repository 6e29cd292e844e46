#!/bin/sh
# The bad-input corpus: every tests/bad-input/NAME.ini must make `wormsim check` fail with the
# exit code and the exact stderr line in NAME.expected; a few cases (binary data, a missing
# file, bad --set overrides, bad command lines) are defined below. Run from the top directory:
#   tests/bad_input.sh ./wormsim        Prints a line per case and "N passed, M failed".
set -u
WORMSIM=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
passed=0
failed=0

# case NAME EXPECTED_CODE EXPECTED_STDERR COMMAND...
case_() {
  name=$1 code=$2 want=$3
  shift 3
  "$@" >/dev/null 2>"$TMP/stderr"
  got_code=$?
  got=$(cat "$TMP/stderr")
  if [ "$got_code" = "$code" ] && [ "$got" = "$want" ]; then
    passed=$((passed + 1))
    echo "ok   $name"
  else
    failed=$((failed + 1))
    echo "FAIL $name"
    echo "     want: $code $want"
    echo "     got:  $got_code $got"
  fi
}

for ini in tests/bad-input/*.ini; do
  name=$(basename "$ini" .ini)
  code=$(sed -n 1p "tests/bad-input/$name.expected")
  want=$(sed -n 2p "tests/bad-input/$name.expected")
  case_ "$name" "$code" "$want" "$WORMSIM" check "$ini"
done

printf '[worm]\nthr\000eads = 1\n' >"$TMP/binary.ini"
case_ binary-garbage 2 "wormsim: $TMP/binary.ini: not a text file (binary data at byte 10)" \
  "$WORMSIM" check "$TMP/binary.ini"
head -c 300 /bin/sh >"$TMP/elf.ini"
case_ executable 2 "wormsim: $TMP/elf.ini: not a text file (binary data at byte 0)" \
  "$WORMSIM" check "$TMP/elf.ini"
printf '# caf\351 in Latin-1\n[worm]\nthreads = 3\n' >"$TMP/latin1.ini"
case_ not-utf8 2 "wormsim: $TMP/latin1.ini: not a text file (binary data at byte 5)" \
  "$WORMSIM" check "$TMP/latin1.ini"
{ printf '[worm]\nthreads = 3\n'; head -c 1048576 /dev/zero | tr '\000' '\n'; } >"$TMP/big.ini"
case_ too-large 2 "wormsim: $TMP/big.ini: file is too large for a scenario (over 1024 KiB)" \
  "$WORMSIM" check "$TMP/big.ini"
case_ missing-file 2 "wormsim: $TMP/none.ini: cannot read: No such file or directory" \
  "$WORMSIM" check "$TMP/none.ini"
case_ set-unknown-key 2 'wormsim: --set worm.thread=3: unknown key "thread" in [worm] (did you mean "threads"?)' \
  "$WORMSIM" check scenarios/july19-crv2.ini --set worm.thread=3
case_ set-bad-value 2 'wormsim: --set worm.scan_rate=fast: bad value "fast" for worm.scan_rate: not a number' \
  "$WORMSIM" check scenarios/july19-crv2.ini --set worm.scan_rate=fast
case_ set-no-section 2 'wormsim: --set threads=3: expected section.key=value, like worm.threads=300' \
  "$WORMSIM" check scenarios/july19-crv2.ini --set threads=3
case_ set-twice 2 'wormsim: --set worm.threads is given twice' \
  "$WORMSIM" check scenarios/july19-crv2.ini --set worm.threads=3 --set worm.threads=4
case_ run-needs-file 2 "wormsim: run needs a scenario file
(see wormsim --help)" "$WORMSIM" run
case_ unknown-command 2 'wormsim: unknown command "rnu"
(see wormsim --help)' "$WORMSIM" rnu
case_ bad-run-id 2 'wormsim: expected a run id (a positive integer), got "x"
(see wormsim --help)' "$WORMSIM" export x
case_ plot-bad-align 2 'wormsim: --align takes "release" (hours since the first infection), not "start"
(see wormsim --help)' "$WORMSIM" plot 1 --align start --terminal dumb
case_ plot-bad-from 2 'wormsim: --from needs a UTC time like 2001-07-19T10:00Z, not "yesterday"' \
  "$WORMSIM" plot 1 --from yesterday --terminal dumb --db "$TMP/none.db"
case_ plot-bad-to-hours 2 'wormsim: --to needs a UTC time like 2001-07-19T10:00Z or a number of hours, not "12h"' \
  "$WORMSIM" plot 1 --align release --to 12h --terminal dumb --db "$TMP/none.db"
case_ plot-router-log 2 'wormsim: --router draws its own panels: it cannot be combined with --log
(see wormsim --help)' "$WORMSIM" plot 1 --router r --log --terminal dumb

# plot --observed FILE.csv: each bad file names its line (a stored run to draw on first).
DB="$TMP/obs.db"
run=$("$WORMSIM" run tests/data/small-world.ini --db "$DB" --quiet)
obs() { # obs NAME CONTENT EXPECTED
  printf "$2" >"$TMP/$1.csv"
  case_ "observed-$1" 2 "wormsim: $TMP/$1.csv:$3" "$WORMSIM" plot "$run" --db "$DB" \
    --observed "$TMP/$1.csv" --terminal dumb
}
obs no-header '2001-07-19T10:00Z,5\n' '1: expected the header "time_utc,LABEL" (LABEL names the series)'
obs empty '' '1: no header: expected "time_utc,LABEL"'
obs bad-date 'time_utc,count\n2001-07-19T10:00Z,1\n2001-07-32T10:00Z,2\n' '3: bad time "2001-07-32T10:00Z" (expected UTC like 2001-07-19T10:00Z)'
obs bad-number 'time_utc,count\n2001-07-19T10:00Z,12abc\n' '2: bad value "12abc" (not a number)'
obs three-fields 'time_utc,count\n2001-07-19T10:00Z,1,2\n' '2: expected 2 fields (time_utc,value), got more'
obs no-data 'time_utc,count\n# nothing\n' '2: no data after the header'
case_ fit-unknown-column 2 "wormsim: run $run has no series \"nope\"" \
  "$WORMSIM" fit "$run" --db "$DB" --column nope
case_ fit-flat-column 2 "wormsim: run $run, column crashes: the curve does not grow (181 points): nothing to fit" \
  "$WORMSIM" fit "$run" --db "$DB" --column crashes
# sweep, export and their options
case_ sweep-needs-file 2 "wormsim: sweep needs a scenario file
(see wormsim --help)" "$WORMSIM" sweep
case_ sweep-bad-reps 2 'wormsim: --reps needs a whole number from 1 to 100000, got "0"
(see wormsim --help)' "$WORMSIM" sweep scenarios/july19-crv2.ini --reps 0
case_ sweep-reps-not-number 2 'wormsim: --reps needs a whole number from 1 to 100000, got "ten"
(see wormsim --help)' "$WORMSIM" sweep scenarios/july19-crv2.ini --reps ten
case_ sweep-bad-jobs 2 'wormsim: -j needs a number of workers from 1 to 1024, got "0"
(see wormsim --help)' "$WORMSIM" sweep scenarios/july19-crv2.ini -j 0
case_ sweep-bad-resume 2 'wormsim: --resume needs an experiment id (a positive integer), got "x"
(see wormsim --help)' "$WORMSIM" sweep --resume x
case_ sweep-vary-no-values 2 'wormsim: --vary worm.scan_rate: expected section.key=v1,v2,..., like worm.scan_rate=6/s,11/s' \
  "$WORMSIM" sweep scenarios/july19-crv2.ini --vary worm.scan_rate --db "$TMP/none.db"
case_ sweep-vary-bad-value 2 'wormsim: --vary worm.scan_rate=fast: bad value "fast" for worm.scan_rate: not a number' \
  "$WORMSIM" sweep scenarios/july19-crv2.ini --vary worm.scan_rate=6/s,fast --db "$TMP/none.db"
case_ sweep-vary-unknown-key 2 'wormsim: --vary wrom.scan_rate=6/s: unknown section "wrom" (did you mean "worm"?)' \
  "$WORMSIM" sweep scenarios/july19-crv2.ini --vary wrom.scan_rate=6/s --db "$TMP/none.db"
case_ sweep-vary-repeated 2 'wormsim: --vary worm.scan_rate=6/s,6/s: value "6/s" is given twice' \
  "$WORMSIM" sweep scenarios/july19-crv2.ini --vary worm.scan_rate=6/s,6/s --db "$TMP/none.db"
case_ sweep-bad-file 2 "wormsim: tests/bad-input/experiment-unknown-key.ini:5: unknown key \"repz\" in [experiment] (reps or vary)" \
  "$WORMSIM" sweep tests/bad-input/experiment-unknown-key.ini --db "$TMP/none.db"
if [ -e "$TMP/none.db" ]; then
  failed=$((failed + 1)); echo "FAIL bad sweeps leave no database"
else
  passed=$((passed + 1)); echo "ok   bad sweeps leave no database"
fi
case_ resume-no-database 2 "wormsim: $TMP/none.db: no such database" \
  "$WORMSIM" sweep --resume 1 --db "$TMP/none.db"
"$WORMSIM" run tests/data/small-world.ini --db "$TMP/one.db" --quiet >/dev/null
case_ resume-unknown-experiment 2 "wormsim: no experiment 4 in $TMP/one.db" \
  "$WORMSIM" sweep --resume 4 --db "$TMP/one.db"
case_ export-unknown-experiment 2 "wormsim: no experiment 4 in $TMP/one.db" \
  "$WORMSIM" export --experiment 4 --db "$TMP/one.db"
case_ export-runs-and-experiment 2 "wormsim: export: give run ids or --experiment, not both" \
  "$WORMSIM" export 1 --experiment 1 --db "$TMP/one.db"
case_ export-bad-format 2 'wormsim: export: unknown format "xml" (csv or json)' \
  "$WORMSIM" export 1 --format xml --db "$TMP/one.db"
case_ export-bad-form 2 'wormsim: export: unknown form "tall" (wide or long)' \
  "$WORMSIM" export 1 --form tall --db "$TMP/one.db"
case_ export-bad-experiment-id 2 'wormsim: --experiment needs an experiment id (a positive integer), got "0"
(see wormsim --help)' "$WORMSIM" export --experiment 0
# -o makes missing parent directories (as --db does); a path under a regular file cannot be made
: >"$TMP/afile"
case_ export-output-unwritable 1 "wormsim: cannot create directory $TMP/afile: not a directory" \
  "$WORMSIM" export 1 -o "$TMP/afile/x.csv" --db "$TMP/one.db"

# each command takes only its own options
case_ run-takes-no-format 2 "wormsim: run does not take --format
(see wormsim run --help)" "$WORMSIM" run scenarios/july19-crv2.ini --format csv
case_ runs-takes-no-output 2 "wormsim: runs does not take -o
(see wormsim runs --help)" "$WORMSIM" runs -o x.txt
case_ export-takes-no-plot 2 "wormsim: export does not take --plot
(see wormsim export --help)" "$WORMSIM" export 1 --plot x.png
case_ check-takes-no-jobs 2 "wormsim: check does not take -j
(see wormsim check --help)" "$WORMSIM" check scenarios/july19-crv2.ini -j 2
case_ sweep-takes-no-terminal 2 "wormsim: sweep does not take --terminal
(see wormsim sweep --help)" "$WORMSIM" sweep scenarios/july19-crv2.ini --terminal dumb

# A web log whose directory cannot be made: refused before the run is stored (no database).
touch "$TMP/afile"
printf '[run]\nend = 2001-07-19T12:00Z\n[population]\nvulnerable = 100\n[weblog www]\naddress = 130.34.1.1\ndir = %s/afile/logs\n' "$TMP" >"$TMP/logdir.ini"
case_ weblog-unwritable-dir 2 "wormsim: $TMP/logdir.ini: [weblog www]: cannot write log files in $TMP/afile/logs: cannot create directory $TMP/afile: not a directory" \
  "$WORMSIM" run "$TMP/logdir.ini" --db "$TMP/logdir.db"
case_ weblog-unwritable-no-run 0 "" test ! -e "$TMP/logdir.db"

# --set values get the checks a file's lines get: UTF-8 text without control characters, at
# most 1000 characters. Long values are quoted as their first 59 characters and an ellipsis.
rep() { printf "%${2}s" "" | sed "s/ /$1/g"; }   # rep X N: X written N times
S=scenarios/july19-crv2.ini
case_ set-not-utf8 2 'wormsim: --set run.name=bad…: not text (a control character or invalid UTF-8 at byte 12)' \
  "$WORMSIM" check $S --set "$(printf 'run.name=bad\377name')"
case_ set-control-char 2 'wormsim: --set run.name=a…: not text (a control character or invalid UTF-8 at byte 10)' \
  "$WORMSIM" check $S --set "$(printf 'run.name=a\001b')"
case_ set-line-break 2 'wormsim: --set run.name=a…: not text (a control character or invalid UTF-8 at byte 10)' \
  "$WORMSIM" check $S --set "$(printf 'run.name=a\nb')"
case_ set-too-long 2 "wormsim: --set run.name=$(rep a 50)…: longer than 1000 characters" \
  "$WORMSIM" check $S --set "run.name=$(rep a 992)"
case_ set-long-value 2 "wormsim: --set worm.scan_rate=$(rep 9 44)…: bad value \"$(rep 9 59)…\" for worm.scan_rate: not a number" \
  "$WORMSIM" check $S --set "worm.scan_rate=$(rep 9 700)x"
case_ set-long-utf8-value 2 "wormsim: --set worm.scan_rate=$(rep é 44)…: bad value \"$(rep é 59)…\" for worm.scan_rate: not a number" \
  "$WORMSIM" check $S --set "worm.scan_rate=$(rep é 700)"
printf '[worm]\nscan_rate = %sx\n' "$(rep 7 900)" >"$TMP/long-value.ini"
case_ file-long-value 2 "wormsim: $TMP/long-value.ini:2: bad value \"$(rep 7 59)…\" for worm.scan_rate: not a number" \
  "$WORMSIM" check "$TMP/long-value.ini"
# --seed: digits only, 0 to 2^53 - 1 (what run.seed holds exactly); each edge.
for seed in -1 " -1" 18446744073709551616 9007199254740992 +5 "" 1e3 0x10 "5 "; do
  case_ "seed-$seed" 2 "wormsim: --seed needs an integer from 0 to 9007199254740991 (digits only), got \"$seed\"
(see wormsim --help)" "$WORMSIM" check $S --seed "$seed"
done
case_ seed-max 0 "" "$WORMSIM" check $S --seed 9007199254740991
case_ seed-zero 0 "" "$WORMSIM" check $S --seed 0
case_ seed-leading-zeros 0 "" "$WORMSIM" check $S --seed 007

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
