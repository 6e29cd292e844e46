/* test_main.c - runs every Check suite; `build/check_wormsim [SUITE]` runs one suite by name.
 * Suites are referenced weakly so a module's suite can be built and run on its own while the
 * others are still being written; a missing suite is reported, not silently passed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"

#define WEAK __attribute__((weak))
WEAK Suite *engine_suite(void);
WEAK Suite *rng_suite(void);
WEAK Suite *calendar_suite(void);
WEAK Suite *params_suite(void);
WEAK Suite *store_suite(void);
WEAK Suite *plot_suite(void);
WEAK Suite *ipv4_suite(void);
WEAK Suite *population_suite(void);
WEAK Suite *codered_suite(void);
WEAK Suite *world_suite(void);
WEAK Suite *fidelity_suite(void);
WEAK Suite *sumtree_suite(void);
WEAK Suite *crii_suite(void);
WEAK Suite *hostset_suite(void);
WEAK Suite *worms_suite(void);
WEAK Suite *router_suite(void);
WEAK Suite *crv1seq_suite(void);
WEAK Suite *topology_suite(void);
WEAK Suite *network_suite(void);
WEAK Suite *radix_suite(void);

struct entry {
    const char *name;
    Suite *(*make)(void);
};

int main(int argc, char **argv)
{
    const struct entry all[] = {
        {"engine", engine_suite},       {"rng", rng_suite},
        {"calendar", calendar_suite},   {"params", params_suite},
        {"store", store_suite},         {"plot", plot_suite},
        {"ipv4", ipv4_suite},           {"population", population_suite},
        {"codered", codered_suite},     {"world", world_suite},
        {"fidelity", fidelity_suite},   {"sumtree", sumtree_suite},
        {"crii", crii_suite},           {"hostset", hostset_suite},     {"worms", worms_suite},
        {"router", router_suite},
        {"crv1seq", crv1seq_suite},
        {"topology", topology_suite},
        {"network", network_suite},
        {"radix", radix_suite},
    };
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
