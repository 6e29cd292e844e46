/* test_calendar.c - UTC dates against epoch values computed independently (Python's datetime). */
#include <check.h>
#include <string.h>

#include "calendar.h"
#include "suites.h"

START_TEST(known_epochs)
{
    /* Expected values: datetime(...).replace(tzinfo=timezone.utc).timestamp() in Python. */
    ck_assert_double_eq(calendar_epoch(2001, 7, 19, 10, 0, 0), 995536800.0);
    ck_assert_double_eq(calendar_epoch(2001, 7, 20, 0, 0, 0), 995587200.0);
    ck_assert_double_eq(calendar_epoch(2001, 8, 1, 0, 0, 0), 996624000.0);
    ck_assert_double_eq(calendar_epoch(2000, 2, 29, 12, 34, 56), 951827696.0);
    ck_assert_double_eq(calendar_epoch(1970, 1, 1, 0, 0, 0), 0.0);
    ck_assert_double_eq(calendar_epoch(2001, 12, 31, 23, 59, 59), 1009843199.0);
}
END_TEST

START_TEST(date_of_epoch)
{
    struct utc_date u = calendar_date(951827696.5);
    ck_assert_int_eq(u.year, 2000);
    ck_assert_int_eq(u.month, 2);
    ck_assert_int_eq(u.day, 29);
    ck_assert_int_eq(u.hour, 12);
    ck_assert_int_eq(u.min, 34);
    ck_assert_int_eq(u.sec, 56);
    u = calendar_date(995587200.0 - 0.25); /* a quarter second before 20 July */
    ck_assert_int_eq(u.day, 19);
    ck_assert_int_eq(u.hour, 23);
    ck_assert_int_eq(u.sec, 59);
}
END_TEST

START_TEST(round_trip_every_day)
{
    for (double t = 0; t < 40 * 365.25 * 86400; t += 86400 * 0.73) {
        struct utc_date u = calendar_date(t);
        double back = calendar_epoch(u.year, u.month, u.day, u.hour, u.min, u.sec);
        ck_assert(back <= t && t - back < 1.0);
    }
}
END_TEST

START_TEST(parse_and_format)
{
    double e;
    ck_assert(calendar_parse("2001-07-19T10:00Z", &e));
    ck_assert_double_eq(e, 995536800.0);
    ck_assert(calendar_parse("2001-07-19T10:00:30Z", &e));
    ck_assert_double_eq(e, 995536830.0);
    ck_assert(calendar_parse("2001-08-01", &e));
    ck_assert_double_eq(e, 996624000.0);
    const char *bad[] = {"2001-02-29", "2001-13-01", "2001-07-19T24:00Z", "2001-07-19T10:00",
                         "2001-7-19", "2001-07-19T10:00Zx", "yesterday", "", "2001-07-19 10:00Z"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(!calendar_parse(bad[i], &e), "accepted %s", bad[i]);
    char buf[32];
    calendar_format(995536800.0, buf, sizeof buf);
    ck_assert_str_eq(buf, "2001-07-19T10:00:00Z");
}
END_TEST

START_TEST(days_in_month)
{
    ck_assert_int_eq(calendar_days_in_month(2001, 2), 28);
    ck_assert_int_eq(calendar_days_in_month(2000, 2), 29);
    ck_assert_int_eq(calendar_days_in_month(1900, 2), 28);
    ck_assert_int_eq(calendar_days_in_month(2001, 7), 31);
    ck_assert_int_eq(calendar_days_in_month(2001, 9), 30);
}
END_TEST

Suite *calendar_suite(void)
{
    Suite *s = suite_create("calendar");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, known_epochs);
    tcase_add_test(tc, date_of_epoch);
    tcase_add_test(tc, round_trip_every_day);
    tcase_add_test(tc, parse_and_format);
    tcase_add_test(tc, days_in_month);
    suite_add_tcase(s, tc);
    return s;
}
