#!/bin/sh
# check_refs.sh - nothing in the repository may point outside it: a clone has no ../shared and no
# FACTS.md. Sources are cited as docs/SOURCES.md sections ("SOURCES §N"); this check fails with
# FILE:LINE for every reference to a file outside the repository, and for a "SOURCES §N" that
# names a section docs/SOURCES.md does not have.
cd "$(dirname "$0")/.." || exit 2
status=0
if git ls-files >/dev/null 2>&1; then files=$(git ls-files); else files=$(find . -type f ! -path './.git/*'); fi
bad=$(printf '%s\n' $files | grep -v '^tests/check_refs.sh$' | xargs grep -n -e '\.\./shared' -e 'FACTS' 2>/dev/null)
if [ -n "$bad" ]; then
    printf '%s\n' "$bad" | sed 's/^/check_refs: outside reference: /'
    status=1
fi
# every cited section exists
sections=$(grep -o '^## [0-9]*\.' docs/SOURCES.md | tr -dc '0-9\n')
for n in $(printf '%s\n' $files | grep -v '^docs/SOURCES.md$' | xargs grep -oh 'SOURCES §[0-9]*' 2>/dev/null |
           tr -dc '0-9\n' | sort -un); do
    if ! printf '%s\n' $sections | grep -qx "$n"; then
        echo "check_refs: SOURCES §$n cited but docs/SOURCES.md has no section $n"
        status=1
    fi
done
[ $status -eq 0 ] && echo "check_refs: ok (no reference outside the repository; every SOURCES § exists)"
exit $status
