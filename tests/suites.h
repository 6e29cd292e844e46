/* suites.h - every Check suite of the project, one per module, collected by test_main.c. */
#ifndef WORMSIM_SUITES_H
#define WORMSIM_SUITES_H

#include <check.h>

Suite *engine_suite(void);
Suite *rng_suite(void);
Suite *calendar_suite(void);
Suite *params_suite(void);
Suite *store_suite(void);
Suite *plot_suite(void);
Suite *ipv4_suite(void);
Suite *population_suite(void);
Suite *codered_suite(void);
Suite *world_suite(void);
Suite *fidelity_suite(void);
Suite *sumtree_suite(void);
Suite *crii_suite(void);
Suite *hostset_suite(void);
Suite *worms_suite(void);
Suite *router_suite(void);
Suite *crv1seq_suite(void);
Suite *topology_suite(void);
Suite *network_suite(void);
Suite *radix_suite(void);

#endif
