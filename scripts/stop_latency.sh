#!/bin/sh
# Measures how long a run takes to stop after SIGTERM on a large world: starts a run of
# HOSTS vulnerable hosts (default 5 x 10^7, the key's maximum), waits until it is recorded and
# has stored SAMPLES samples, sends SIGTERM, and prints the wall time until the process has
# exited and the run is marked "interrupted" in the database. Not part of make test (a timing).
# Usage: scripts/stop_latency.sh ./wormsim [HOSTS] [SAMPLES]
set -u
WORMSIM=$1
HOSTS=${2:-50000000}
SAMPLES=${3:-2}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
DB="$TMP/big.db"
cat >"$TMP/big.ini" <<INI
[run]
start = 2001-07-19T10:00Z
end = 2001-07-20T00:00Z
sample = 60s
[space]
prefix = 0.0.0.0/0
[population]
vulnerable = $HOSTS
[worm]
variant = crv2
seed_hosts = 10
seed_time = 2001-07-19T10:00Z
INI
t_start=$(date +%s.%N)
"$WORMSIM" run "$TMP/big.ini" --db "$DB" --quiet >/dev/null 2>"$TMP/err" &
pid=$!
while :; do
  n=$(sqlite3 "$DB" "select count(distinct t) from series where run = 1" 2>/dev/null || echo 0)
  [ "${n:-0}" -ge "$SAMPLES" ] && break
  kill -0 $pid 2>/dev/null || { echo "the run ended before it could be stopped:"; cat "$TMP/err"; exit 1; }
  sleep 0.2
done
t_ready=$(date +%s.%N)
kill -TERM $pid
t0=$(date +%s.%N)
wait $pid; rc=$?
t1=$(date +%s.%N)
status=$(sqlite3 "$DB" "select status from runs where id = 1")
awk -v a="$t_start" -v r="$t_ready" -v b="$t0" -v c="$t1" -v h="$HOSTS" -v s="$status" -v rc="$rc" 'BEGIN {
  printf "hosts %d: set up and first samples in %.1f s; SIGTERM to exit %.3f s (exit %d), status %s\n",
         h, r - a, c - b, rc, s }'
