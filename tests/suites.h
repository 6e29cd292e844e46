/* suites.h - every Check suite of the project, one per module: the one list (WORMSIM_SUITES),
 * from which this header declares the suites and test_main.c builds its table. A new suite is
 * one line here. */
#ifndef WORMSIM_SUITES_H
#define WORMSIM_SUITES_H

#include <check.h>

/* X(name) for each suite; name_suite() makes it and `check_wormsim name` runs it alone. */
#define WORMSIM_SUITES(X) \
    X(engine) \
    X(engine_timer) \
    X(flood) \
    X(rng) \
    X(calendar) \
    X(params) \
    X(store) \
    X(store_health) \
    X(mutants) \
    X(plot) \
    X(ipv4) \
    X(population) \
    X(codered) \
    X(world) \
    X(fidelity) \
    X(sumtree) \
    X(crii) \
    X(hostset) \
    X(worms) \
    X(router) \
    X(router_memory) \
    X(thread_rate) \
    X(population_sourced) \
    X(crv1seq) \
    X(topology) \
    X(network) \
    X(theory) \
    X(sensors) \
    X(radix) \
    X(spread) \
    X(worm_kind) \
    X(scan) \
    X(teach) \
    X(crv1walk) \
    X(removal) \
    X(grid) \
    X(ensemble) \
    X(store_experiment)

#define WORMSIM_DECLARE_SUITE(name) Suite *name##_suite(void);
WORMSIM_SUITES(WORMSIM_DECLARE_SUITE)
#undef WORMSIM_DECLARE_SUITE

#endif
