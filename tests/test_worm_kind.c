/* test_worm_kind.c - the table of worm variants (worm_kind.h): one row per variant, named as
 * worm.variant spells it, and each variant's rules as the sources give them. Code Red II
 * (SOURCES §6): targets near the scanner, a day of spreading then a reboot, IIS 4 crashes, and
 * from 1 October 2001 by the host's clock a reboot instead of an infection. Code Red I, v1 and
 * v2 (SOURCES §4, §5): Code Red I's calendar, every probe infects (NT 4 included); v1 walks one
 * sequence, v2 scans at random. Epoch seconds computed apart (Python calendar.timegm). */
#include <check.h>
#include <string.h>

#include "config.h"
#include "crii.h"
#include "suites.h"
#include "worm_kind.h"

#define AUG_4_2001 996883200.0   /* 2001-08-04T00:00Z */
#define OCT_1_2001 1001894400.0  /* 2001-10-01T00:00Z */
#define MAR_1_2002 1014940800.0  /* 2002-03-01T00:00Z */

START_TEST(a_row_per_variant)
{
    for (int v = 0; v < WORM_NONE; v++) {
        ck_assert_ptr_nonnull(WORM_KINDS[v]);
        ck_assert_ptr_eq(worm_kind(v), WORM_KINDS[v]);
        ck_assert_str_eq(worm_kind(v)->name, config_variant_name(v));
    }
    ck_assert_str_eq(worm_kind(WORM_CRV2)->name, "crv2");
    ck_assert_str_eq(worm_kind(WORM_CRII)->name, "crii");
    ck_assert_str_eq(worm_kind(WORM_CRV1)->name, "crv1");
}
END_TEST

START_TEST(targets_and_life)
{
    ck_assert_int_eq(worm_kind(WORM_CRV2)->targets, TARGETS_UNIFORM);
    ck_assert_int_eq(worm_kind(WORM_CRV1)->targets, TARGETS_SEQUENCE);
    ck_assert_int_eq(worm_kind(WORM_CRII)->targets, TARGETS_NEARBY);
    ck_assert_int_eq(worm_kind(WORM_CRV2)->life, LIFE_CALENDAR);
    ck_assert_int_eq(worm_kind(WORM_CRV1)->life, LIFE_CALENDAR);
    ck_assert_int_eq(worm_kind(WORM_CRII)->life, LIFE_SPREAD_THEN_REBOOT);
}
END_TEST

START_TEST(what_a_probe_does)
{
    const struct worm_kind *crii = worm_kind(WORM_CRII);
    ck_assert_int_eq(worm_kind_probe(crii, false, AUG_4_2001), PROBE_INFECTS);
    ck_assert_int_eq(worm_kind_probe(crii, true, AUG_4_2001), PROBE_CRASHES_IIS);
    ck_assert_int_eq(worm_kind_probe(crii, false, OCT_1_2001 - 1), PROBE_INFECTS);
    ck_assert_int_eq(worm_kind_probe(crii, false, OCT_1_2001), PROBE_REBOOTS);
    ck_assert_int_eq(worm_kind_probe(crii, false, MAR_1_2002), PROBE_REBOOTS);
    ck_assert_int_eq(worm_kind_probe(crii, true, OCT_1_2001), PROBE_CRASHES_IIS); /* IIS 4 */
    for (int v = 0; v < WORM_NONE; v++) {
        if (v == WORM_CRII)
            continue;
        for (int iis4 = 0; iis4 <= 1; iis4++) {
            ck_assert_int_eq(worm_kind_probe(worm_kind(v), iis4, AUG_4_2001), PROBE_INFECTS);
            ck_assert_int_eq(worm_kind_probe(worm_kind(v), iis4, MAR_1_2002), PROBE_INFECTS);
        }
        ck_assert_double_eq(worm_kind(v)->expiry_epoch_s, 0);
    }
}
END_TEST

/* The expiry the run reports is the first second at which crii_expired holds. */
START_TEST(expiry_matches_the_rule)
{
    double e = worm_kind(WORM_CRII)->expiry_epoch_s;
    ck_assert_double_eq(e, OCT_1_2001);
    ck_assert(!crii_expired(e - 1));
    ck_assert(crii_expired(e));
}
END_TEST

Suite *worm_kind_suite(void)
{
    Suite *s = suite_create("worm_kind");
    TCase *tc = tcase_create("table");
    tcase_add_test(tc, a_row_per_variant);
    tcase_add_test(tc, targets_and_life);
    tcase_add_test(tc, what_a_probe_does);
    tcase_add_test(tc, expiry_matches_the_rule);
    suite_add_tcase(s, tc);
    return s;
}
