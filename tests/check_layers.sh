#!/bin/sh
# Layering check: every `#include "x.h"` in a folder must name a header of that folder or of a
# layer below it (the same order as the Makefile's INC_ rules). The compiler already refuses
# the others; this says which line is wrong, and catches a header that no .c file compiles.
# Usage: tests/check_layers.sh (from the top of the checkout); exit 1 on any violation.
set -eu
# layer: folder and the folders it may include from (itself first)
LAYERS='sim:sim
app:app sim
models/base:models/base sim
models/config:models/config models/base sim
models/worms:models/worms models/config models/base sim
models/hosts:models/hosts models/worms models/config models/base sim
models/net:models/net models/hosts models/worms models/config models/base sim
models/theory:models/theory models/base sim
models/sensors:models/sensors models/net models/hosts models/worms models/config models/base sim
models/world:models/world models/sensors models/net models/hosts models/worms models/config models/base sim
models:models models/theory models/world models/sensors models/net models/hosts models/worms models/config models/base sim'
bad=0
checked=0
echo "$LAYERS" | while IFS=: read -r dir allowed; do
  for f in "$dir"/*.c "$dir"/*.h; do
    [ -e "$f" ] || continue
    grep -n '^#include "' "$f" | sed 's/^\([0-9]*\):#include "\([^"]*\)".*/\1 \2/' |
    while read -r line hdr; do
      ok=0
      for a in $allowed; do [ -e "$a/$hdr" ] && { ok=1; break; }; done
      if [ "$ok" = 0 ]; then
        echo "$f:$line: includes \"$hdr\", which is not in $dir or a layer below it ($allowed)"
        echo x >>"${TMPDIR:-/tmp}/layers.$$"
      fi
    done
  done
done
if [ -s "${TMPDIR:-/tmp}/layers.$$" ]; then rm -f "${TMPDIR:-/tmp}/layers.$$"; exit 1; fi
rm -f "${TMPDIR:-/tmp}/layers.$$"
echo "layers: every include points down the layers"
