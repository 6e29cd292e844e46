#!/bin/sh
# gallery.sh - runs every scenario, writes each run's report and an index page that links them:
# results/gallery/index.html, the first page a teacher opens. Runs two scenarios at a time (the
# store takes several writers). Usage: scripts/gallery.sh [./wormsim] [OUTDIR]
set -eu
WORMSIM=${1:-./wormsim}
OUT=${2:-results/gallery}
JOBS=${GALLERY_JOBS:-2}
mkdir -p "$OUT"
DB="$OUT/runs.db"
rm -f "$DB" "$DB-wal" "$DB-shm"
start=$(date +%s)

# Each scenario: run it, write its report, keep its id for the index.
export WORMSIM DB OUT
ls scenarios/*.ini | xargs -P "$JOBS" -I{} sh -c '
  name=$(basename "{}" .ini)
  id=$("$WORMSIM" run "{}" --db "$DB" --quiet) &&
  "$WORMSIM" report "$id" --db "$DB" -o "$OUT/$name.html" --quiet &&
  echo "$id" >"$OUT/$name.id" && echo "gallery: $name (run $id)"'

# The index: one entry per scenario, its first comment line as the title.
esc() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g'; }
{
  cat <<'HEAD'
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>wormsim gallery: the Code Red worms of 2001</title>
<style>body{font:16px/1.5 'DejaVu Sans',Arial,sans-serif;color:#222;max-width:900px;margin:0 auto;padding:1em 1.5em}h1{font-size:1.7em}li{margin:.7em 0}a{color:#a22;font-weight:bold}.what{color:#444}.meta{color:#777;font-size:.85em}</style>
</head>
<body>
<h1>wormsim gallery: the Code Red worms of 2001</h1>
<p>Each scenario below was run once (seed 1) by <code>make gallery</code>; its page tells the
story, shows the key figures and plots, lists every parameter with its source and gives things
to try. The facts behind the models and their sources: docs/SOURCES.md in the repository.</p>
<ul>
HEAD
  for f in scenarios/*.ini; do
    name=$(basename "$f" .ini)
    [ -f "$OUT/$name.html" ] || continue
    title=$(sed -n '1s/^# *//p' "$f" | esc)
    size=$(($(wc -c <"$OUT/$name.html") / 1024))
    printf '<li><a href="%s.html">%s</a><br/><span class="what">%s</span> <span class="meta">(run %s, %s KiB)</span></li>\n' \
      "$name" "$name" "$title" "$(cat "$OUT/$name.id")" "$size"
  done
  echo '</ul>'
  printf '<p class="meta">Made by %s on %s UTC in %s s.</p>\n' "$("$WORMSIM" --version | esc)" \
    "$(date -u +%Y-%m-%dT%H:%M)" "$(($(date +%s) - start))"
  echo '</body>'
  echo '</html>'
} >"$OUT/index.html.tmp"
mv "$OUT/index.html.tmp" "$OUT/index.html"
rm -f "$OUT"/*.id
echo "gallery: $OUT/index.html ($(ls "$OUT"/*.html | wc -l) pages, $(($(date +%s) - start)) s)"
