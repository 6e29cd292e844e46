#!/bin/sh
# Size check: no C source or header over 800 lines, no function over 80 lines (data tables, the
# initialisers of arrays and structs, are not functions and may be longer). A function is found
# by brace depth, outside comments, strings and character constants: a "{" at depth 0 whose
# text since the last top-level ";" or "}" holds a "(" and no "=" opens a function body; its
# length is counted from that "{" to its closing "}", both included.
# Usage: tests/check_sizes.sh [FILE...] (default: every .c and .h under sim app models tests
# scripts); exit 1 naming each file or function over its limit.
set -eu
MAX_FILE=800
MAX_FUNCTION=80
if [ $# -eq 0 ]; then
  set -- $(find sim app models tests scripts \( -name '*.c' -o -name '*.h' \) -type f | sort)
fi
awk -v max_file="$MAX_FILE" -v max_fn="$MAX_FUNCTION" '
FNR == 1 {
  if (NR > 1) end_file()
  depth = 0; in_comment = 0; in_pp = 0; header = ""; fn_start = 0; fn_name = ""; files++
}
{ prev_name = FILENAME; prev_lines = FNR }
in_pp {                                 # a continued preprocessor line
  in_pp = ($0 ~ /\\$/); next
}
!in_comment && depth == 0 && /^[ \t]*#/ {  # a preprocessor line at the top level
  in_pp = ($0 ~ /\\$/); next
}
{
  line = $0; n = length(line); i = 1
  while (i <= n) {
    c = substr(line, i, 1); two = substr(line, i, 2)
    if (in_comment) {
      if (two == "*/") { in_comment = 0; i += 2 } else i++
      continue
    }
    if (two == "/*") { in_comment = 1; i += 2; continue }
    if (two == "//") break
    if (c == "\"" || c == "\047") {          # skip a string or character constant
      q = c; i++
      while (i <= n && substr(line, i, 1) != q) i += (substr(line, i, 1) == "\\") ? 2 : 1
      i++; header = header "x"; continue
    }
    if (c == "{") {
      if (depth == 0 && index(header, "(") && !index(header, "=")) {
        fn_start = FNR; fn_name = header
        if (fn_name ~ /START_TEST[ \t]*\(/) {
          sub(/.*START_TEST[ \t]*\(/, "", fn_name); sub(/[^A-Za-z0-9_].*$/, "", fn_name)
        } else {
          sub(/[ \t]*\(.*/, "", fn_name); sub(/.*[^A-Za-z0-9_]/, "", fn_name)
        }
      }
      depth++
    } else if (c == "}") {
      depth--
      if (depth == 0) {
        if (fn_start) {
          len = FNR - fn_start + 1; functions++
          if (ENVIRON["SIZES_LIST"] != "") printf "%d %s:%d %s\n", len, FILENAME, fn_start, fn_name
          if (len > max_fn) {
            printf "%s:%d: function %s is %d lines (at most %d)\n", FILENAME, fn_start, fn_name, len, max_fn
            bad++
          }
        }
        fn_start = 0; header = ""
      }
    } else if (depth == 0) {
      if (c == ";") header = ""; else header = header c
    }
    i++
  }
  if (depth == 0) header = header " "
}
function end_file() {
  if (prev_lines > max_file) {
    printf "%s: %d lines (at most %d)\n", prev_name, prev_lines, max_file
    bad++
  }
}
END {
  end_file()
  if (bad) exit 1
  printf "sizes: %d files, %d functions, none over %d / %d lines\n", files, functions, max_file, max_fn
}
' "$@"
