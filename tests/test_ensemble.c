/* test_ensemble.c - replica statistics against values worked out by hand: for
 * {2, 4, 4, 4, 5, 5, 7, 9} the mean is 5, the sample variance 32 / 7, the median 4.5, and the
 * 95 % interval 5 -/+ 2.364624 sqrt(32/7) / sqrt(8) with t(0.975, 7) = 2.364624 from a printed
 * t table; the 5 % and 95 % quantiles are 2 + 0.35 (4 - 2) and 7 + 0.65 (9 - 7) by the (n - 1) q
 * rule; first-reach times are read off a hand-drawn piecewise linear curve. */
#include <check.h>
#include <math.h>

#include "ensemble.h"
#include "suites.h"

static const double SET[8] = {5, 2, 9, 4, 4, 7, 4, 5}; /* unsorted on purpose */

START_TEST(test_summary)
{
    struct ensemble_summary s;
    ensemble_summarize(SET, 8, &s);
    ck_assert_uint_eq(s.n, 8);
    ck_assert_uint_eq(s.missing, 0);
    ck_assert_double_eq_tol(s.mean, 5.0, 1e-12);
    ck_assert_double_eq_tol(s.sd, sqrt(32.0 / 7.0), 1e-12);
    double half = 2.364624 * sqrt(32.0 / 7.0) / sqrt(8.0);
    ck_assert_double_eq_tol(s.ci_lo, 5.0 - half, 1e-5);
    ck_assert_double_eq_tol(s.ci_hi, 5.0 + half, 1e-5);
    ck_assert_double_eq_tol(s.median, 4.5, 1e-12);
    ck_assert_double_eq(s.min, 2);
    ck_assert_double_eq(s.max, 9);
    ck_assert_double_eq(SET[0], 5); /* input untouched */
}
END_TEST

START_TEST(test_missing_and_small)
{
    const double x[4] = {NAN, 3, NAN, 3};
    struct ensemble_summary s;
    ensemble_summarize(x, 4, &s);
    ck_assert_uint_eq(s.n, 2);
    ck_assert_uint_eq(s.missing, 2);
    ck_assert_double_eq(s.mean, 3);
    ck_assert_double_eq(s.sd, 0);
    ck_assert_double_eq(s.ci_lo, 3);
    ensemble_summarize(x + 1, 1, &s); /* one value: no spread */
    ck_assert_double_eq(s.mean, 3);
    ck_assert(isnan(s.sd) && isnan(s.ci_lo) && isnan(s.ci_hi));
    ensemble_summarize(x, 1, &s); /* nothing */
    ck_assert_uint_eq(s.n, 0);
    ck_assert(isnan(s.mean) && isnan(s.median));
}
END_TEST

START_TEST(test_quantiles)
{
    double scratch[8];
    ck_assert_double_eq_tol(ensemble_quantile(SET, 8, 0.05, scratch), 2.7, 1e-12);
    ck_assert_double_eq_tol(ensemble_quantile(SET, 8, 0.95, scratch), 8.3, 1e-12);
    ck_assert_double_eq_tol(ensemble_quantile(SET, 8, 0.5, scratch), 4.5, 1e-12);
    const double none[2] = {NAN, NAN};
    ck_assert(isnan(ensemble_quantile(none, 2, 0.5, scratch)));
}
END_TEST

START_TEST(test_curve_figures)
{
    const double t[5] = {0, 60, 120, 180, 240};
    const double v[5] = {0, 10, 30, NAN, 40};
    ck_assert_double_eq(ensemble_first_reach(t, v, 5, 0), 0);
    ck_assert_double_eq_tol(ensemble_first_reach(t, v, 5, 20), 90, 1e-12);
    ck_assert_double_eq(ensemble_first_reach(t, v, 5, 10), 60);
    /* 30 at 120, 40 at 240 (180 missing): 35 is reached at 180 */
    ck_assert_double_eq_tol(ensemble_first_reach(t, v, 5, 35), 180, 1e-12);
    ck_assert(isnan(ensemble_first_reach(t, v, 5, 41)));
    double pt;
    ck_assert_double_eq(ensemble_peak(t, v, 5, &pt), 40);
    ck_assert_double_eq(pt, 240);
    ck_assert_double_eq(ensemble_value_at(t, v, 5, 200), 30);
    ck_assert_double_eq(ensemble_value_at(t, v, 5, 1e9), 40);
    ck_assert(isnan(ensemble_value_at(t, v, 5, -1)));
}
END_TEST

Suite *ensemble_suite(void)
{
    Suite *s = suite_create("ensemble");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_summary);
    tcase_add_test(tc, test_missing_and_small);
    tcase_add_test(tc, test_quantiles);
    tcase_add_test(tc, test_curve_figures);
    suite_add_tcase(s, tc);
    return s;
}
