#!/bin/sh
# Golden test: runs four scenarios at a fixed seed and compares the checksums of their exported
# series and events with tests/golden/NAME.sha256. A refactor or optimisation keeps them; a model
# change updates them on purpose (`tests/golden.sh --update BIN`) with the reason in the commit.
# Usage: tests/golden.sh [--update] BIN
set -eu
update=0
[ "${1:-}" = "--update" ] && { update=1; shift; }
BIN=${1:?usage: tests/golden.sh [--update] BIN}
case "$BIN" in /*) ;; *) BIN="$(pwd)/$BIN" ;; esac
dir=$(dirname "$0")/golden
SCENARIOS="july19-crv2 aug4-crii campus-cisco7000 dsl-isp"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0
pass=0
for s in $SCENARIOS; do
  id=$("$BIN" run "$dir/../../scenarios/$s.ini" --db "$TMP/g.db" --seed 1 --quiet)
  {
    echo "series $("$BIN" export "$id" --db "$TMP/g.db" | sha256sum | cut -d' ' -f1)"
    echo "events $("$BIN" events "$id" --db "$TMP/g.db" --format csv | sha256sum | cut -d' ' -f1)"
  } >"$TMP/$s.sha256"
  if [ "$update" = 1 ]; then
    cp "$TMP/$s.sha256" "$dir/$s.sha256"
    echo "golden: updated $s"
  elif cmp -s "$TMP/$s.sha256" "$dir/$s.sha256"; then
    pass=$((pass + 1))
  else
    echo "golden: $s differs from $dir/$s.sha256:" >&2
    diff "$dir/$s.sha256" "$TMP/$s.sha256" >&2 || true
    fail=$((fail + 1))
  fi
done
[ "$update" = 1 ] && exit 0
echo "golden: $pass passed, $fail failed"
[ "$fail" = 0 ]
