/* test_rng.c - named streams: reproducible, independent of creation order, seeds as computed
 * independently (the same FNV-1a + splitmix64 recipe evaluated in Python). */
#include <check.h>

#include "rng.h"
#include "suites.h"

START_TEST(known_stream_seeds)
{
    ck_assert_uint_eq(rng_stream_seed(1, "infection"), 0xa8ad8e90fca1a3a0ull);
    ck_assert_uint_eq(rng_stream_seed(42, "scan"), 0x501df95346ce24c9ull);
}
END_TEST

START_TEST(same_name_same_draws)
{
    gsl_rng *a = rng_stream(7, "scan"), *other = rng_stream(7, "infection"),
            *b = rng_stream(7, "scan");
    int differ_from_other = 0;
    for (int i = 0; i < 1000; i++) {
        unsigned long x = gsl_rng_get(a), y = gsl_rng_get(b), z = gsl_rng_get(other);
        ck_assert_uint_eq(x, y);
        differ_from_other += x != z;
    }
    ck_assert_int_gt(differ_from_other, 990);
    ck_assert_str_eq(rng_type_name(), "mt19937");
    gsl_rng_free(a);
    gsl_rng_free(b);
    gsl_rng_free(other);
}
END_TEST

START_TEST(different_seeds_differ)
{
    ck_assert_uint_ne(rng_stream_seed(1, "scan"), rng_stream_seed(2, "scan"));
    ck_assert_uint_ne(rng_stream_seed(1, "scan"), rng_stream_seed(1, "scam"));
}
END_TEST

Suite *rng_suite(void)
{
    Suite *s = suite_create("rng");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, known_stream_seeds);
    tcase_add_test(tc, same_name_same_draws);
    tcase_add_test(tc, different_seeds_differ);
    suite_add_tcase(s, tc);
    return s;
}
