/* test_hostset.c - host sets by /16 and /8: invariants under random adds and removes, and
 * picks that are uniform or weighted as asked (chi-square against the exact shares). */
#include <check.h>
#include <math.h>
#include <string.h>

#include "hostset.h"
#include "rng.h"
#include "suites.h"

static struct population make_population(void)
{
    struct world_config c;
    memset(&c, 0, sizeof c);
    prefix_parse("0.0.0.0/0", &c.space);
    c.exclude_private = c.exclude_unallocated = 1;
    c.vulnerable = 5000;
    c.occupied_16s = 40;
    c.slash8_spread = 1.0;
    c.slash16_spread = 1.5;
    struct population p;
    struct diag d;
    ck_assert_int_eq(population_build(&p, &c, 8, "t", &d), ST_OK);
    return p;
}

START_TEST(random_adds_and_removes)
{
    struct population p = make_population();
    struct hostset s;
    hostset_init(&s, &p, 2, true);
    gsl_rng *r = rng_stream(1, "test");
    for (int i = 0; i < 20000; i++) {
        uint32_t h = (uint32_t)gsl_rng_uniform_int(r, p.n);
        if (hostset_has(&s, h))
            hostset_remove(&s, h);
        else
            hostset_add(&s, h, 1 + (unsigned)gsl_rng_uniform_int(r, 2));
        if (i % 4000 == 0)
            hostset_check(&s);
    }
    hostset_check(&s);
    gsl_rng_free(r);
    hostset_free(&s);
    population_free(&p);
}
END_TEST

/* Chi-square of pick counts against expected shares; fails above the 0.999 quantile
 * (Wilson-Hilferty approximation of the chi-square quantile). */
static void chi_square_ok(const double *obs, const double *expect, int k)
{
    double x2 = 0;
    int df = -1;
    for (int i = 0; i < k; i++)
        if (expect[i] > 0) {
            x2 += (obs[i] - expect[i]) * (obs[i] - expect[i]) / expect[i];
            df++;
        } else {
            ck_assert_double_eq(obs[i], 0);
        }
    double z = 3.09, a = 2.0 / (9 * df);
    double crit = df * pow(1 - a + z * sqrt(a), 3);
    ck_assert_msg(x2 < crit, "chi-square %.1f >= %.1f (df %d)", x2, crit, df);
}

START_TEST(picks_follow_weights)
{
    struct population p = make_population();
    struct hostset s;
    hostset_init(&s, &p, 2, true);
    /* Every 3rd host a member; weight 2 for every 2nd of those. */
    uint64_t wsum = 0, csum = 0;
    for (uint32_t h = 0; h < p.n; h += 3) {
        unsigned w = (h / 3) % 2 ? 2 : 1;
        hostset_add(&s, h, w);
        wsum += w;
        csum++;
    }
    gsl_rng *r = rng_stream(2, "test");
    const int draws = 200000;
    double *obs = calloc(p.n, sizeof *obs), *exp_w = calloc(p.n, sizeof *exp_w),
           *exp_c = calloc(p.n, sizeof *exp_c);
    for (uint32_t h = 0; h < p.n; h += 3) {
        exp_w[h] = draws * (double)s.weight[h] / wsum;
        exp_c[h] = draws * 1.0 / csum;
    }
    for (int i = 0; i < draws; i++)
        obs[hostset_pick(&s, r, true)]++;
    chi_square_ok(obs, exp_w, (int)p.n);
    memset(obs, 0, sizeof *obs * p.n);
    for (int i = 0; i < draws; i++)
        obs[hostset_pick(&s, r, false)]++;
    chi_square_ok(obs, exp_c, (int)p.n);
    /* Within the busiest /8: only its members, by weight. */
    uint32_t g8 = 0;
    for (uint32_t g = 0; g < 256; g++)
        if (s.w8[g] > s.w8[g8])
            g8 = g;
    memset(obs, 0, sizeof *obs * p.n);
    memset(exp_w, 0, sizeof *exp_w * p.n);
    for (uint32_t h = 0; h < p.n; h++)
        if (hostset_has(&s, h) && p.addr[h] >> 24 == g8)
            exp_w[h] = draws * (double)s.weight[h] / s.w8[g8];
    for (int i = 0; i < draws; i++)
        obs[hostset_pick8(&s, r, g8, true)]++;
    chi_square_ok(obs, exp_w, (int)p.n);
    free(obs);
    free(exp_w);
    free(exp_c);
    gsl_rng_free(r);
    hostset_free(&s);
    population_free(&p);
}
END_TEST

Suite *hostset_suite(void)
{
    Suite *s = suite_create("hostset");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, random_adds_and_removes);
    tcase_add_test(tc, picks_follow_weights);
    suite_add_tcase(s, tc);
    return s;
}
