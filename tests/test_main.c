/* test_main.c - runs every Check suite; `build/check_wormsim [SUITE]` runs one suite by name.
 * Suites are referenced weakly so a module's suite can be built and run on its own while the
 * others are still being written; a missing suite is reported, not silently passed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"

#define WEAK __attribute__((weak))
#define WORMSIM_WEAK_SUITE(name) WEAK Suite *name##_suite(void);
WORMSIM_SUITES(WORMSIM_WEAK_SUITE)

struct entry {
    const char *name;
    Suite *(*make)(void);
};

int main(int argc, char **argv)
{
#define WORMSIM_SUITE_ENTRY(name) {#name, name##_suite},
    const struct entry all[] = {WORMSIM_SUITES(WORMSIM_SUITE_ENTRY)};
    const char *only = argc > 1 ? argv[1] : NULL;
    SRunner *sr = NULL;
    int missing = 0;
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        if (only && strcmp(only, all[i].name) != 0)
            continue;
        if (!all[i].make) {
            fprintf(stderr, "test_main: suite %s is not built in\n", all[i].name);
            missing++;
            continue;
        }
        if (!sr)
            sr = srunner_create(all[i].make());
        else
            srunner_add_suite(sr, all[i].make());
    }
    if (!sr) {
        fprintf(stderr, "test_main: no suite to run\n");
        return 1;
    }
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed == 0 && (only || missing == 0)) ? EXIT_SUCCESS : EXIT_FAILURE;
}
