/* test_codered.c - Code Red I's calendar: phases by day of month on each host's own clock. */
#include <check.h>

#include "calendar.h"
#include "codered.h"
#include "suites.h"

START_TEST(phase_by_day)
{
    /* SOURCES §4: day 1-19 spread, 20-27 flood, 28 to month end sleep. */
    ck_assert_int_eq(codered_phase(calendar_epoch(2001, 7, 1, 0, 0, 0)), CRV1_SPREAD);
    ck_assert_int_eq(codered_phase(calendar_epoch(2001, 7, 19, 23, 59, 59)), CRV1_SPREAD);
    ck_assert_int_eq(codered_phase(calendar_epoch(2001, 7, 20, 0, 0, 0)), CRV1_FLOOD);
    ck_assert_int_eq(codered_phase(calendar_epoch(2001, 7, 27, 23, 59, 59)), CRV1_FLOOD);
    ck_assert_int_eq(codered_phase(calendar_epoch(2001, 7, 28, 0, 0, 0)), CRV1_DORMANT);
    ck_assert_int_eq(codered_phase(calendar_epoch(2001, 7, 31, 23, 0, 0)), CRV1_DORMANT);
    ck_assert_int_eq(codered_phase(calendar_epoch(2001, 2, 28, 12, 0, 0)), CRV1_DORMANT);
    ck_assert_str_eq(codered_phase_name(CRV1_FLOOD), "flood");
}
END_TEST

START_TEST(next_change_correct_clock)
{
    double t = calendar_epoch(2001, 7, 19, 10, 0, 0);
    ck_assert_double_eq(codered_next_phase_change(t, 0), calendar_epoch(2001, 7, 20, 0, 0, 0));
    t = calendar_epoch(2001, 7, 20, 0, 0, 0);
    ck_assert_double_eq(codered_next_phase_change(t, 0), calendar_epoch(2001, 7, 28, 0, 0, 0));
    t = calendar_epoch(2001, 7, 28, 0, 0, 0);
    ck_assert_double_eq(codered_next_phase_change(t, 0), calendar_epoch(2001, 8, 1, 0, 0, 0));
    t = calendar_epoch(2001, 12, 30, 0, 0, 0);
    ck_assert_double_eq(codered_next_phase_change(t, 0), calendar_epoch(2002, 1, 1, 0, 0, 0));
}
END_TEST

START_TEST(next_change_wrong_clock)
{
    /* A clock 2 hours fast reaches 20 July 00:00 at 22:00 UTC on the 19th. */
    double t = calendar_epoch(2001, 7, 19, 10, 0, 0);
    ck_assert_double_eq(codered_next_phase_change(t, 7200),
                        calendar_epoch(2001, 7, 19, 22, 0, 0));
    /* A clock 3 days slow shows 16 July: it floods only from 23 July 00:00 UTC. */
    ck_assert_double_eq(codered_next_phase_change(t, -3 * 86400.0),
                        calendar_epoch(2001, 7, 23, 0, 0, 0));
    /* A clock 10 days fast already shows the 29th: it sleeps until its 1 August. */
    ck_assert_int_eq(codered_phase(t + 10 * 86400.0), CRV1_DORMANT);
    ck_assert_double_eq(codered_next_phase_change(t, 10 * 86400.0),
                        calendar_epoch(2001, 8, 1, 0, 0, 0) - 10 * 86400.0);
}
END_TEST

Suite *codered_suite(void)
{
    Suite *s = suite_create("codered");
    TCase *tc = tcase_create("calendar");
    tcase_add_test(tc, phase_by_day);
    tcase_add_test(tc, next_change_correct_clock);
    tcase_add_test(tc, next_change_wrong_clock);
    suite_add_tcase(s, tc);
    return s;
}
