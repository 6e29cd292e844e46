#!/bin/sh
# ROUNDS rounds of N runs of a tiny scenario started at the same moment on a new database each
# round; prints the failures (with their messages) and "failures: F of ROUNDS x N". Exit 0 only
# with no failure. Usage: tests/concurrent_start.sh ./wormsim [ROUNDS] [N]   (default 200 x 4)
set -u
WORMSIM=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROUNDS=${2:-200}
N=${3:-4}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cat >"$TMP/tiny.ini" <<INI
[run]
start = 2001-07-19T22:00Z
end = 2001-07-19T22:10Z
sample = 60s
[space]
prefix = 10.0.0.0/16
[population]
vulnerable = 300
other_web = 200
[worm]
scan_rate = 20/s
seed_hosts = 1
seed_time = 2001-07-19T22:00Z
INI
r=1
while [ $r -le "$ROUNDS" ]; do
  i=1
  while [ $i -le "$N" ]; do
    ( "$WORMSIM" run "$TMP/tiny.ini" --db "$TMP/r$r/runs.db" --quiet >/dev/null 2>"$TMP/err.$r.$i" ||
      echo "round $r run $i: $(cat "$TMP/err.$r.$i")" >>"$TMP/failures" ) &
    i=$((i + 1))
  done
  wait
  rm -rf "$TMP/r$r"
  r=$((r + 1))
done
f=0
[ -f "$TMP/failures" ] && f=$(wc -l <"$TMP/failures") && cat "$TMP/failures"
echo "failures: $f of $ROUNDS x $N"
[ "$f" = 0 ]
