/* test_crii.c - Code Red II's target mix (1/8, 1/2, 3/8 within binomial bounds), redraws and
 * expiry date. */
#include <check.h>
#include <math.h>

#include "calendar.h"
#include "crii.h"
#include "ipv4.h"
#include "rng.h"
#include "suites.h"

START_TEST(target_mix)
{
    gsl_rng *r = rng_stream(1, "test");
    uint32_t self;
    ipv4_parse("130.34.5.17", &self);
    const int n = 400000;
    int same16 = 0, same8_only = 0, never = 0;
    int comp[CRII_COMPONENTS] = {0, 0, 0};
    for (int i = 0; i < n; i++) {
        enum crii_component c;
        uint32_t t = crii_pick_target(r, self, CRII_SHARES, &c);
        comp[c]++;
        never += t == self || crii_redrawn(t);
        ck_assert(crii_component_reaches(c, self, t));
        if ((t >> 16) == (self >> 16))
            same16++;
        else if ((t >> 24) == (self >> 24))
            same8_only++;
    }
    ck_assert_int_eq(never, 0);
    /* Component shares: binomial, 5 sd. */
    const double p[3] = {1 / 8.0, 1 / 2.0, 3 / 8.0};
    for (int c = 0; c < 3; c++)
        ck_assert_msg(fabs(comp[c] - n * p[c]) < 5 * sqrt(n * p[c] * (1 - p[c])),
                      "component %d: %d of %d", c, comp[c], n);
    /* Landing in the own /16: 3/8 plus the /8 and random draws that happen to land there. */
    double p16 = 3 / 8.0 + 1 / 2.0 * 65535 / (16777216.0 - 1) + 1 / 8.0 * 65535 / (4294967296.0 - 2 * 16777216.0 - 1);
    ck_assert(fabs(same16 - n * p16) < 5 * sqrt(n * p16 * (1 - p16)));
    double p8 = 1 / 2.0 * (16777216.0 - 65536) / (16777216.0 - 1) +
                1 / 8.0 * (16777216.0 - 65536) / (4294967296.0 - 2 * 16777216.0 - 1);
    ck_assert(fabs(same8_only - n * p8) < 5 * sqrt(n * p8 * (1 - p8)));
    gsl_rng_free(r);
}
END_TEST

START_TEST(redraws_reserved)
{
    /* A host in 126/8's last /16 drawing random addresses never gets 127/8; spaces count it. */
    uint32_t self;
    ipv4_parse("126.255.0.1", &self);
    gsl_rng *r = rng_stream(2, "test");
    for (int i = 0; i < 200000; i++)
        ck_assert(!crii_redrawn(crii_pick_target(r, self, CRII_SHARES, NULL)));
    ck_assert_double_eq(crii_component_space(CRII_RANDOM, self), 4294967296.0 - 33554432.0 - 1);
    ck_assert_double_eq(crii_component_space(CRII_SAME8, self), 16777215.0);
    ck_assert_double_eq(crii_component_space(CRII_SAME16, self), 65535.0);
    gsl_rng_free(r);
}
END_TEST

START_TEST(expiry)
{
    /* SOURCES §6: no spreading from October 2001 on, nor in 2002 or later. */
    ck_assert(!crii_expired(calendar_epoch(2001, 9, 30, 23, 59, 59)));
    ck_assert(crii_expired(calendar_epoch(2001, 10, 1, 0, 0, 0)));
    ck_assert(crii_expired(calendar_epoch(2002, 1, 15, 0, 0, 0)));
    ck_assert(!crii_expired(calendar_epoch(2001, 8, 4, 0, 0, 0)));
}
END_TEST

Suite *crii_suite(void)
{
    Suite *s = suite_create("crii");
    TCase *tc = tcase_create("targets");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, target_mix);
    tcase_add_test(tc, redraws_reserved);
    tcase_add_test(tc, expiry);
    suite_add_tcase(s, tc);
    return s;
}
