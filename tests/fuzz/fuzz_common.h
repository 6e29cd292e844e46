/* fuzz_common.h - what both libFuzzer harnesses share: the model's parameter table loaded from
 * a file and/or --set lines, validated, written back with params_to_string and loaded again;
 * the round trip must give the same text and a valid config again (a stored scenario always
 * reproduces its run), and every message must be whole UTF-8 text (never cut in a character).
 * Any broken promise aborts, which libFuzzer reports as a crash. */
#ifndef WORMSIM_FUZZ_COMMON_H
#define WORMSIM_FUZZ_COMMON_H

#include <stddef.h>

#include "params.h"
#include "status.h"

/* Loads path (NULL: none) and the n overrides, validates, round-trips; aborts on a broken
 * promise. Returns the status of the first load and validation. */
enum status fuzz_check(const char *path, const struct param_override *ovr, size_t n);

/* Writes n bytes to a fresh temporary file; returns its path (static buffer). */
const char *fuzz_write_file(const void *data, size_t n);

#endif
