/* test_params.h - what the two files of the params suite share: a scenario file written to a
 * temporary path, and the test case of repeatable sections. */
#ifndef WORMSIM_TEST_PARAMS_H
#define WORMSIM_TEST_PARAMS_H

#include <check.h>

/* The path params_test_write last wrote to (the caller unlinks it). */
extern char params_test_path[64];

/* Writes text to a new temporary file, at params_test_path. */
void params_test_write(const char *text);

/* The "named sections" test case (test_params_sections.c). */
TCase *params_sections_tcase(void);

#endif
