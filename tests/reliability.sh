#!/bin/sh
# Reliability tests: output files appear whole or not at all (full disk, read-only directory),
# --db is a plain path, runs whose process is gone are seen and repaired, signals stop a run,
# concurrent starts on a new database. Usage: tests/reliability.sh ./wormsim
# Prints one line per check ("skip" where the machine cannot set a case up) and a total.
set -u
WORMSIM=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d)
MNT=""
cleanup() { [ -n "$MNT" ] && umount "$MNT" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
DB="$TMP/runs.db"
SMALL="$HERE/data/small-world.ini"
passed=0
failed=0

ok() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }
skip() { echo "skip $1"; }
check() { # check NAME COMMAND...: passes when the command succeeds
  name=$1; shift
  if "$@" >"$TMP/out" 2>"$TMP/err"; then ok "$name"; else fail "$name"; sed 's/^/     /' "$TMP/err" | head -5; fi
}

"$WORMSIM" run "$SMALL" --db "$DB" --quiet >/dev/null
"$WORMSIM" run "$SMALL" --db "$DB" --quiet --set run.sample=5s >/dev/null

# --- Output files: a full disk or a read-only directory leaves the old file as it was, writes
# nothing to stdout, exits 1 with the reason and leaves no temporary file behind.
OUT="$TMP/out-dir"
mkdir -p "$OUT"
echo "old plot" >"$OUT/p.png"
echo "old plot" >"$OUT/p.svg"
echo "old csv" >"$OUT/a.csv"
cp "$OUT/p.png" "$TMP/old"
# A stand-in gnuplot that runs the real one with a file size limit: its writes fail as on a
# full disk (SIGXFSZ ignored, so write() returns EFBIG and gnuplot carries on, exit 0).
REAL_GNUPLOT=$(command -v gnuplot)
mkdir -p "$TMP/bin"
printf '#!/bin/sh\ntrap "" XFSZ\nulimit -f 16\nexec %s "$@"\n' "$REAL_GNUPLOT" >"$TMP/bin/gnuplot"
chmod +x "$TMP/bin/gnuplot"
for ext in png svg; do
  env PATH="$TMP/bin:$PATH" "$WORMSIM" plot 2 --db "$DB" -o "$OUT/p.$ext" >"$TMP/stdout" 2>"$TMP/stderr"; rc=$?
  check "plot .$ext on a full disk exits 1" test $rc = 1
  check "plot .$ext on a full disk prints nothing on stdout" test ! -s "$TMP/stdout"
  check "plot .$ext on a full disk says why" grep -q "cannot write $OUT/p.$ext: file is incomplete" "$TMP/stderr"
  check "plot .$ext on a full disk keeps the old file" cmp -s "$OUT/p.$ext" "$TMP/old"
done
check "no temporary file is left behind" test "$(ls -A "$OUT" | grep -c wormsim)" = 0
# Our own writes (export -o): a file size limit on the whole process, above the database's
# shared-memory file (32 KiB) and below the 5 s export (about 260 KB).
(trap '' XFSZ; ulimit -f 100; exec "$WORMSIM" export 2 --db "$DB" -o "$OUT/a.csv") >"$TMP/stdout" 2>"$TMP/stderr"; rc=$?
check "export -o on a full disk exits 1" test $rc = 1
check "export -o on a full disk says why" grep -qx "wormsim: cannot write $OUT/a.csv: File too large" "$TMP/stderr"
check "export -o on a full disk keeps the old file" test "$(cat "$OUT/a.csv")" = "old csv"
check "export -o on a full disk prints nothing on stdout" test ! -s "$TMP/stdout"
"$WORMSIM" export 2 --db "$DB" >"$TMP/stdout.csv"
"$WORMSIM" export 2 --db "$DB" -o "$OUT/a.csv" >"$TMP/stdout"; rc=$?
check "export -o writes the same bytes as stdout" sh -c "test $rc = 0 && cmp -s '$OUT/a.csv' '$TMP/stdout.csv' && test ! -s '$TMP/stdout'"
check "no temporary file is left behind after export" test "$(ls -A "$OUT" | grep -c wormsim)" = 0

# A real full disk: a 64 KiB tmpfs (only where this process may mount one).
mkdir -p "$TMP/mnt"
if mount -t tmpfs -o size=64k tmpfs "$TMP/mnt" 2>/dev/null; then
  MNT="$TMP/mnt"
  head -c 40000 /dev/zero >"$MNT/fill" # leaves about 24 KiB: less than a plot or an export
  echo "old plot" >"$MNT/p.png"
  "$WORMSIM" plot 2 --db "$DB" -o "$MNT/p.png" >"$TMP/stdout" 2>"$TMP/stderr"; rc=$?
  check "plot on a full tmpfs exits 1, nothing on stdout" sh -c "test $rc = 1 && test ! -s '$TMP/stdout'"
  check "plot on a full tmpfs keeps the old file" test "$(cat "$MNT/p.png")" = "old plot"
  "$WORMSIM" export 2 --db "$DB" -o "$MNT/a.csv" >"$TMP/stdout" 2>"$TMP/stderr"; rc=$?
  check "export on a full tmpfs says No space left on device" \
    sh -c "test $rc = 1 && grep -q 'No space left on device' '$TMP/stderr' && test ! -e '$MNT/a.csv'"
  check "nothing left on the full tmpfs" test "$(ls -A "$MNT" | tr '\n' ' ')" = "fill p.png "
  umount "$MNT"; MNT=""
else
  skip "plot and export on a full tmpfs (cannot mount here)"
fi

# A read-only directory: chmod where that binds (not root), else a read-only tmpfs.
RO=""
mkdir -p "$TMP/ro"
chmod 555 "$TMP/ro"
if ! touch "$TMP/ro/probe" 2>/dev/null; then
  RO="$TMP/ro"
elif rm -f "$TMP/ro/probe" && mount -t tmpfs -o ro tmpfs "$TMP/mnt" 2>/dev/null; then
  MNT="$TMP/mnt"; RO="$MNT"
fi
if [ -n "$RO" ]; then
  "$WORMSIM" plot 2 --db "$DB" -o "$RO/p.png" >"$TMP/stdout" 2>"$TMP/stderr"; rc=$?
  check "plot into a read-only directory exits 1" test $rc = 1
  check "plot into a read-only directory prints nothing on stdout" test ! -s "$TMP/stdout"
  check "plot into a read-only directory says why" grep -q "cannot write $RO/p.png: \(Read-only file system\|Permission denied\)" "$TMP/stderr"
  "$WORMSIM" export 2 --db "$DB" -o "$RO/a.csv" >"$TMP/stdout" 2>"$TMP/stderr"; rc=$?
  check "export into a read-only directory exits 1, nothing on stdout" sh -c "test $rc = 1 && test ! -s '$TMP/stdout'"
  [ -n "$MNT" ] && umount "$MNT" && MNT=""
else
  skip "read-only directory (neither chmod nor a read-only mount binds here)"
fi
chmod 755 "$TMP/ro"

# --- --db is a plain path: names SQLite would take as in-memory or as a URI are refused (exit 2)
# and nothing is created; a "file:" name written as ./file:... is that very file.
cd "$TMP"
for dbname in ":memory:" "file:x.db?mode=memory" "file:y.db" "file:$TMP/a/b.db" ""; do
  "$WORMSIM" run "$SMALL" --db "$dbname" --quiet >"$TMP/stdout" 2>"$TMP/stderr"; rc=$?
  check "--db '$dbname' is refused with exit 2" test $rc = 2
  check "--db '$dbname' prints no run" test ! -s "$TMP/stdout"
done
"$WORMSIM" run "$SMALL" --db :memory: 2>"$TMP/stderr"
check "--db :memory: says why" grep -qx "wormsim: --db :memory: would lose the run when wormsim exits: give a file name" "$TMP/stderr"
check "--db file:... creates neither y.db nor a directory file:" sh -c "test ! -e '$TMP/y.db' && test ! -e '$TMP/file:' && test ! -e '$TMP/x.db'"
id=$("$WORMSIM" run "$SMALL" --db ./file:z.db --quiet)
check "--db ./file:z.db stores into that file" sh -c "test -s '$TMP/file:z.db' && '$WORMSIM' runs --db ./file:z.db | grep -q '^ *$id  done'"
cd "$HERE/.."

# --- A version-1 database (as wormsim 0.1.0 wrote it, schema by hand) opens, lists, exports
# and takes a new run; it is migrated to the current version in place.
V1="$TMP/v1.db"
sqlite3 "$V1" <<'SQL'
CREATE TABLE runs (id INTEGER PRIMARY KEY, scenario_name TEXT NOT NULL, scenario_path TEXT NOT NULL,
 scenario_text TEXT NOT NULL, seed INTEGER NOT NULL, mode TEXT NOT NULL, version TEXT NOT NULL,
 rng TEXT NOT NULL, start_epoch_s REAL NOT NULL, end_epoch_s REAL NOT NULL, sample_s REAL NOT NULL,
 started_utc TEXT NOT NULL, finished_utc TEXT, wall_s REAL, events INTEGER,
 status TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running','done','interrupted','failed')));
CREATE TABLE series_columns (run INTEGER NOT NULL REFERENCES runs(id), col INTEGER NOT NULL,
 name TEXT NOT NULL, PRIMARY KEY (run, col), UNIQUE (run, name)) WITHOUT ROWID;
CREATE TABLE series (run INTEGER NOT NULL, t REAL NOT NULL, col INTEGER NOT NULL, value REAL,
 PRIMARY KEY (run, t, col)) WITHOUT ROWID;
CREATE TABLE events (run INTEGER NOT NULL, t REAL NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL,
 subject TEXT NOT NULL, detail TEXT NOT NULL, PRIMARY KEY (run, t, seq)) WITHOUT ROWID;
CREATE INDEX events_kind ON events(run, kind, t, seq);
INSERT INTO runs VALUES (1, 'old', 'old.ini', '[run]', 7, 'fast', '0.1.0', 'mt19937', 995580000,
 995583600, 60, '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z', 1.0, 10, 'done');
INSERT INTO runs VALUES (2, 'old-killed', 'old.ini', '[run]', 8, 'fast', '0.1.0', 'mt19937', 995580000,
 995583600, 60, '2026-01-01T00:00:00Z', NULL, NULL, NULL, 'running');
INSERT INTO series_columns VALUES (1, 0, 'infected');
INSERT INTO series VALUES (1, 0, 0, 1), (1, 60, 0, 5);
INSERT INTO events VALUES (1, 0, 0, 'phase', 'spread', '');
PRAGMA user_version = 1;
SQL
"$WORMSIM" runs --db "$V1" >"$TMP/stdout" 2>"$TMP/stderr"; rc=$?
check "a version-1 database lists its runs" sh -c "test $rc = 0 && grep -q '^    1  done  *old ' '$TMP/stdout'"
check "its old running run shows stale (no process recorded)" grep -q '^    2  stale  *old-killed ' "$TMP/stdout"
check "its rows are counted by the migration" grep -q '^    1  done .* 39 B  ' "$TMP/stdout"
check "it is migrated to version 4" test "$(sqlite3 "$V1" 'pragma user_version')" = 4
check "its series export as before" test "$("$WORMSIM" export 1 --db "$V1" | tail -1)" = "2001-07-19T22:01:00Z,60,5"
check "a new run goes into it" sh -c "'$WORMSIM' run '$SMALL' --db '$V1' --quiet | grep -qx 3"

# --- A run whose process is gone: kill -9 leaves it "running" in the database; runs shows it
# killed, --repair marks it so with the reason, and the next run into the database succeeds.
LONG="$TMP/long.ini"
cat >"$LONG" <<INI
[run]
start = 2001-07-01T00:00Z
end = 2001-07-19T00:00Z
mode = per-scan
sample = 1d
[space]
prefix = 10.0.0.0/12
[population]
vulnerable = 1000
[worm]
scan_rate = 50/s
seed_hosts = 1000
seed_time = 2001-07-01T00:00Z
INI
KDB="$TMP/killed.db"
"$WORMSIM" run "$LONG" --db "$KDB" >/dev/null 2>&1 &
pid=$!
sleep 1.5
kill -KILL $pid
wait $pid 2>/dev/null
check "a killed run stays running in the database" test "$(sqlite3 "$KDB" 'select status from runs where id=1')" = running
check "its process id is recorded" test "$(sqlite3 "$KDB" 'select pid from runs where id=1')" = $pid
"$WORMSIM" runs --db "$KDB" >"$TMP/stdout" 2>"$TMP/stderr"
check "runs shows it killed" grep -q '^    1  killed ' "$TMP/stdout"
check "runs says how to repair it" grep -q "^wormsim: run 1 is killed: process $pid on .* is gone .*(wormsim runs --repair marks it)" "$TMP/stderr"
"$WORMSIM" runs --repair --db "$KDB" >"$TMP/stdout" 2>"$TMP/stderr"
check "runs --repair marks it" grep -q "^run 1 marked killed (killed: process $pid on" "$TMP/stdout"
check "it is killed in the database, with the reason" \
  test "$(sqlite3 "$KDB" "select status, reason like 'killed: process $pid on %' from runs where id=1")" = "killed|1"
"$WORMSIM" runs --repair --db "$KDB" >"$TMP/stdout" 2>&1
check "a second repair has nothing to do" sh -c "! grep -q marked '$TMP/stdout'"
check "the next run into the database succeeds" sh -c "'$WORMSIM' run '$SMALL' --db '$KDB' --quiet | grep -qx 2"

# --- SIGTERM and SIGHUP stop a run at once (not at its next sample, a simulated day away here,
# minutes of wall time), keep what was sampled and mark it interrupted.
for sig in TERM HUP; do
  "$WORMSIM" run "$LONG" --db "$KDB" >/dev/null 2>"$TMP/stderr" &
  pid=$!
  sleep 1.5
  t0=$(date +%s.%N)
  kill -$sig $pid
  # Wait at most 10 s (a run that ignores the signal is killed, and fails the checks below).
  n=0
  while kill -0 $pid 2>/dev/null && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
  kill -KILL $pid 2>/dev/null
  wait $pid; rc=$?
  t1=$(date +%s.%N)
  check "SIG$sig: the run exits 1" test $rc = 1
  check "SIG$sig: the run is marked interrupted" \
    test "$(sqlite3 "$KDB" "select status from runs where id=(select max(id) from runs)")" = interrupted
  check "SIG$sig: the run stops within 5 s (next sample a day away)" \
    awk -v a="$t0" -v b="$t1" 'BEGIN { exit !(b - a < 5) }'
done

# --- The largest seed is stored so that the stored scenario checks and reproduces it.
SDB="$TMP/seed.db"
id=$("$WORMSIM" run "$SMALL" --db "$SDB" --seed 9007199254740991 --quiet)
"$WORMSIM" show "$id" --db "$SDB" | sed '1,/^# resolved scenario$/d' >"$TMP/stored.ini"
check "seed 2^53-1 is stored as given" grep -qx 'seed = 9007199254740991' "$TMP/stored.ini"
check "the stored scenario of seed 2^53-1 passes check" "$WORMSIM" check "$TMP/stored.ini"
id2=$("$WORMSIM" run "$TMP/stored.ini" --db "$SDB" --quiet)
check "the stored scenario reproduces the run" sh -c "'$WORMSIM' export $id --db '$SDB' >'$TMP/s1.csv' && '$WORMSIM' export $id2 --db '$SDB' | cmp -s - '$TMP/s1.csv'"

# --- Size: a run whose series would be too large is refused before it starts, with the
# estimate and the key to raise (98.5 years sampled every second: 3.1e9 samples of 29 columns
# at 13 B, about 1.2 TB); `runs` shows each run's size, rows (values and events) times 13 B.
"$WORMSIM" run "$SMALL" --db "$TMP/huge.db" --set run.end=2100-01-01T00:00Z --set run.sample=1s >"$TMP/stdout" 2>"$TMP/stderr"; rc=$?
check "a run of 1.2 TB is refused with exit 2" test $rc = 2
check "the refusal gives the estimate and the key" grep -qx "wormsim: $SMALL: the run would store about 1.4 TB (3106864801 samples of 34 columns, 13 B each), above run.store_limit = 4.0 GB: sample less often or raise run.store_limit" "$TMP/stderr"
check "nothing is stored for a refused run" test ! -e "$TMP/huge.db"
check "run.store_limit = 0 lifts the limit (check accepts it)" "$WORMSIM" check "$SMALL" --set run.store_limit=0
rows=$(sqlite3 "$DB" "select (select count(*) from series where run=1) + (select count(*) from events where run=1)")
want=$(awk -v r="$rows" 'BEGIN { printf "%.1f kB", r * 13 / 1000 }')
check "runs shows a run's size ($rows rows: $want)" sh -c "'$WORMSIM' runs --db '$DB' | grep -q '^    1  done .*  $want  '"

# --- Four runs starting together on a new database, ROUNDS times: none fails.
check "20 rounds of 4 simultaneous runs on a new database" "$HERE/concurrent_start.sh" "$WORMSIM" 20 4

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
