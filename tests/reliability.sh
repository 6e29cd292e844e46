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

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
