#!/bin/sh
# Mutation testing: applies each mutation of tests/mutations/mutations.txt, one at a time, in a
# scratch copy of the tree, rebuilds, runs the suites the line names and counts the mutation
# killed when one of them fails. A sed expression that no longer changes its file is STALE
# (the code moved: fix the line), one that does not compile is INVALID; neither is counted.
# Prints a line per mutation and "mutation score: K of N killed (P %)".
# Usage: scripts/mutate.sh [LIST] [ID...]   (MUTATE_TIMEOUT: seconds per suite, default 600)
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
LIST=${1:-$TOP/tests/mutations/mutations.txt}
[ $# -gt 0 ] && shift
ONLY="$*"
TIMEOUT=${MUTATE_TIMEOUT:-600}
WORK=$(mktemp -d /tmp/wormsim-mutate-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
# The scratch copy: the tracked files as they are in the working tree.
(cd "$TOP" && git ls-files -z | xargs -0 tar -cf - 2>/dev/null) | tar -xf - -C "$WORK"
cd "$WORK" || exit 2
git init -q . && git add -A >/dev/null 2>&1
echo "mutate: building the scratch copy in $WORK"
make -s -j2 wormsim build/check_wormsim >build.log 2>&1 || { cat build.log; exit 2; }

run_suite() { # run_suite NAME: 0 if the suite passes
  case $1 in
    golden) timeout "$TIMEOUT" tests/golden.sh ./wormsim ;;
    integration) timeout "$TIMEOUT" tests/integration.sh ./wormsim ;;
    reliability) timeout "$TIMEOUT" tests/reliability.sh ./wormsim ;;
    crash) timeout "$TIMEOUT" tests/crash_consistency.sh ./wormsim ;;
    *) CK_DEFAULT_TIMEOUT=120 timeout "$TIMEOUT" build/check_wormsim "$1" ;;
  esac
}

killed=0; total=0; stale=0; invalid=0; survivors=""
TAB=$(printf '\t')
while IFS="$TAB" read -r id file suites expr what; do
  case "$id" in ''|'#'*) continue ;; esac
  if [ -n "$ONLY" ] && ! printf '%s\n' $ONLY | grep -qx "$id"; then continue; fi
  cp "$file" "$file.orig"
  sed "$expr" "$file.orig" >"$file"
  if cmp -s "$file" "$file.orig"; then
    echo "STALE    $id ($file: the pattern no longer matches)"
    stale=$((stale + 1)); mv "$file.orig" "$file"; continue
  fi
  if ! make -s -j2 wormsim build/check_wormsim >mut-build.log 2>&1; then
    echo "INVALID  $id (does not compile)"
    invalid=$((invalid + 1)); mv "$file.orig" "$file"; continue
  fi
  total=$((total + 1))
  result=SURVIVED
  for s in $(echo "$suites" | tr ',' ' '); do
    if ! run_suite "$s" >"mut-$id-$s.log" 2>&1; then result="KILLED by $s"; break; fi
  done
  if [ "$result" = SURVIVED ]; then survivors="$survivors $id"; else killed=$((killed + 1)); fi
  printf '%-8s %s: %s\n' "${result%% *}" "$id" "$what${result#KILLED}"
  mv "$file.orig" "$file"
done <"$LIST"
make -s -j2 wormsim build/check_wormsim >/dev/null 2>&1
pct=0; [ $total -gt 0 ] && pct=$((100 * killed / total))
echo "survivors:${survivors:- none}"
echo "stale: $stale, invalid: $invalid"
echo "mutation score: $killed of $total killed ($pct %)"
