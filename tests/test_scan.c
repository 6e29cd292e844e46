/* test_scan.c - scan.c, the one home of a scan's rules: its target by the worm's kind, the NAT
 * rule, its cost in packets, and the component spaces the fast mode divides by. Expected values
 * come from the sources and from arithmetic done here: SOURCES §7 (a scan of a silent address
 * sends SYNs at 0, 3 and 9 s; one that answers, one SYN and the probe), SOURCES §6 (Code Red II
 * draws 1/8 random, 1/2 own /8, 3/8 own /16, never 127/8, 224/8 or itself). */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_rng.h>

#include "suites.h"
#include "scan.h"
#include "world_internal.h"

static struct world *bare_world(int space_len)
{
    struct world *w = calloc(1, sizeof *w);
    ck_assert_ptr_nonnull(w);
    w->cfg.space.base = space_len ? 0x0A000000u : 0; /* 10.0.0.0/16 or all of IPv4 */
    w->cfg.space.len = space_len;
    w->space_size = ldexp(1, 32 - space_len);
    return w;
}

START_TEST(nat_lets_in_only_its_own_16)
{
    struct world *w = bare_world(0);
    uint32_t inside = 0x0A010909u, other = 0x0A020909u; /* 10.1.9.9, 10.2.9.9 */
    uint32_t target = 0x0A010203u, public = 0x3D010203u; /* 10.1.2.3, 61.1.2.3 */
    ck_assert(scan_passes_nat(w, inside, public, true));
    ck_assert(scan_passes_nat(w, other, public, false));
    ck_assert(scan_passes_nat(w, inside, target, false));
    ck_assert(!scan_passes_nat(w, inside, target, true)); /* a random scan leaves the NAT */
    ck_assert(!scan_passes_nat(w, other, target, false)); /* another private /16 */
    free(w);
    w = bare_world(16); /* a small test space is a world of its own: no NAT */
    ck_assert(scan_passes_nat(w, other, target, true));
    free(w);
}
END_TEST

START_TEST(cost_of_a_scan)
{
    struct world *w = bare_world(16);
    struct worm k = {.w = w};
    k.cfg.probe_bytes = 3818;
    scan_count(w, &k, false);
    ck_assert_double_eq(w->iv.scans, 1);
    ck_assert_double_eq(w->iv.syn_packets, 3); /* SYNs at 0, 3 and 9 s */
    ck_assert_double_eq(w->iv.probe_bytes, 0);
    scan_count(w, &k, true);
    ck_assert_double_eq(w->iv.scans, 2);
    ck_assert_double_eq(w->iv.syn_packets, 4);
    ck_assert_double_eq(w->iv.probe_bytes, 3818);
    /* From rates: 1000 scans at a live share of 1/4: 250 answer (1 SYN and a probe each),
     * 750 do not (3 SYNs each): 2500 SYNs, 250 probes. */
    w->live_share = 0.25;
    scan_count_expected(w, &k, 1000);
    ck_assert_double_eq(w->iv.scans, 1002);
    ck_assert_double_eq(w->iv.syn_packets, 4 + 2500);
    ck_assert_double_eq(w->iv.probe_bytes, 3818 + 250 * 3818.0);
    free(w);
}
END_TEST

START_TEST(component_spaces)
{
    ck_assert_double_eq(scan_component_space(CRII_SAME16), 65535);
    ck_assert_double_eq(scan_component_space(CRII_SAME8), 16777215);
    ck_assert_double_eq(scan_component_space(CRII_RANDOM), 4294967296.0 - 2 * 16777216.0 - 1);
}
END_TEST

/* Uniform targets stay in the space; Code Red II's fall in the own /16 with probability
 * 3/8 + 1/2 / 256 + 1/8 / 65536 (the /8 and random components land there too): 20000 draws
 * within 5 sd of that. */
START_TEST(targets_by_kind)
{
    struct world *w = bare_world(16);
    struct worm k = {.w = w, .kind = &CRV2_KIND};
    k.r_scan = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(k.r_scan, 7);
    bool random_component;
    for (int i = 0; i < 1000; i++) {
        uint32_t t = scan_target(&k, 0, NULL, &random_component);
        ck_assert_uint_eq(t >> 16, 0x0A00);
        ck_assert(random_component);
    }
    free(w);
    w = bare_world(0);
    k.w = w;
    k.kind = &CRII_KIND;
    k.cfg.p_random = 1 / 8.0, k.cfg.p_same8 = 1 / 2.0, k.cfg.p_same16 = 3 / 8.0;
    uint32_t self = 0x82220011u; /* 130.34.0.17 */
    int n = 20000, own16 = 0;
    for (int i = 0; i < n; i++) {
        uint32_t t = scan_target(&k, self, NULL, &random_component);
        ck_assert_uint_ne(t, self);
        ck_assert(t >> 24 != 127 && t >> 24 != 224);
        own16 += t >> 16 == self >> 16;
    }
    double p = 3 / 8.0 + 0.5 / 256 + 0.125 / 65536, sd = sqrt(n * p * (1 - p));
    ck_assert_msg(fabs(own16 - n * p) < 5 * sd, "%d in the own /16, expected %.0f", own16, n * p);
    gsl_rng_free(k.r_scan);
    free(w);
}
END_TEST

Suite *scan_suite(void)
{
    Suite *s = suite_create("scan");
    TCase *tc = tcase_create("rules");
    tcase_add_test(tc, nat_lets_in_only_its_own_16);
    tcase_add_test(tc, cost_of_a_scan);
    tcase_add_test(tc, component_spaces);
    tcase_add_test(tc, targets_by_kind);
    suite_add_tcase(s, tc);
    return s;
}
