/* test_thread_rate.c - Code Red II's per-host scan rate from its threads (crii_thread_rate,
 * models/world/thread_rate.c): the closed form against numbers worked out by hand, the world's
 * per-/16 rates against the closed form with the densities counted here. */
#include <check.h>
#include <math.h>
#include <stdio.h>

#include "crii.h"
#include "harness.h"
#include "suites.h"
#include "world_internal.h"

/* By hand: all silent, 300 threads / 21 s = 14.2857/s; all answering at 0.5 s, 600/s; and
 * p = (1/8, 1/2, 3/8), live = (0.01, 0.02, 0.25):
 *   T = 0.125 (0.005 + 20.79) + 0.5 (0.01 + 20.58) + 0.375 (0.125 + 15.75)
 *     = 2.599375 + 10.295 + 5.953125 = 18.8475 s, rate 300 / 18.8475 = 15.9172/s. */
START_TEST(closed_form)
{
    const double p[3] = {0.125, 0.5, 0.375};
    const double dark[3] = {0, 0, 0}, bright[3] = {1, 1, 1}, mixed[3] = {0.01, 0.02, 0.25};
    ck_assert_double_eq_tol(crii_thread_rate(300, 21, 0.5, p, dark), 300.0 / 21, 1e-12);
    ck_assert_double_eq_tol(crii_thread_rate(300, 21, 0.5, p, bright), 600, 1e-9);
    ck_assert_double_eq_tol(crii_thread_rate(300, 21, 0.5, p, mixed), 300 / 18.8475, 1e-9);
    ck_assert_double_eq_tol(crii_thread_rate(600, 21, 0.5, p, mixed), 600 / 18.8475, 1e-9);
}
END_TEST

/* A world of four /16s in one /8 (tests/data/clustered-hosts.txt: 500 hosts each, 2000 in the
 * /8 and in all), 20 answering addresses per host: every host's rate (rate x weight) is within
 * half a unit (1/50 of the all-silent rate) of the closed form with those densities. */
static const char WORLD[] =
    "[run]\nstart = 2001-08-04T00:00Z\nend = 2001-08-04T01:00Z\nsample = 10min\n"
    "[population]\nvulnerable = 0\nhosts_file = tests/data/clustered-hosts.txt\n"
    "share_japanese = 0\nshare_nt4 = 0\nshare_chinese = 0\n"
    "[worm]\nvariant = crii\nthreads = 300\ndark_timeout = 21s\nanswer_time = 500ms\n"
    "answering_per_host = 20\nseed_hosts = 1\nseed_time = 2001-08-04T00:00Z\n";

START_TEST(world_rates_match_closed_form)
{
    struct world_config c;
    harness_config_text(&c, WORLD, NULL);
    struct engine *eng;
    struct world *w = harness_world(&c, 3, 0, &eng);
    struct worm *k = &w->worms[0];
    ck_assert_ptr_nonnull(k->rate16);
    ck_assert_uint_eq(w->pop.n, 2000);
    const double p[3] = {0.125, 0.5, 0.375};
    double live[3] = {fmin(1, 20.0 * 2000 / w->space_size), 20.0 * 2000 / 16777216.0,
                      20.0 * 500 / 65536.0};
    double want = crii_thread_rate(300, 21, 0.5, p, live);
    for (uint32_t h = 0; h < w->pop.n; h++) {
        double got = k->rate * spread_thread_weight(k, h);
        ck_assert_msg(fabs(got / want - 1) <= 0.5 / 50 * (300.0 / 21) / want + 1e-12,
                      "host %u: %g/s, closed form %g/s", h, got, want);
    }
    /* above the all-silent rate: 15 % of the own /16 answers, T = 21 - 0.375 x 0.153 x 20.5 */
    ck_assert(want > 1.05 * 300.0 / 21 && want < 1.07 * 300.0 / 21);
    harness_world_free(w, eng);
}
END_TEST

Suite *thread_rate_suite(void)
{
    Suite *s = suite_create("thread_rate");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, closed_form);
    tcase_add_test(tc, world_rates_match_closed_form);
    suite_add_tcase(s, tc);
    return s;
}
