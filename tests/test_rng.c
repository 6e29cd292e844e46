/* test_rng.c - named streams: reproducible, independent of creation order, seeds as computed
 * independently (the same FNV-1a + splitmix64 recipe evaluated in Python), and the generator
 * draw for draw GSL's MT19937. */
#include <check.h>
#include <gsl/gsl_randist.h>

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

/* The streams' generator against GSL's own MT19937 (the independent reference): raw words over
 * several blocks of 624, doubles, bounded integers and ziggurat normals, for edge seeds. */
START_TEST(same_draws_as_gsl_mt19937)
{
    const unsigned long seeds[] = {0, 1, 4357, 0xFFFFFFFFul, 0x9E3779B9ul};
    for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
        gsl_rng *ours = gsl_rng_alloc(rng_type()), *gsl = gsl_rng_alloc(gsl_rng_mt19937);
        gsl_rng_set(ours, seeds[i]);
        gsl_rng_set(gsl, seeds[i]);
        for (int k = 0; k < 5000; k++) {
            ck_assert_uint_eq(gsl_rng_get(ours), gsl_rng_get(gsl));
            ck_assert(gsl_rng_uniform(ours) == gsl_rng_uniform(gsl));
            ck_assert_uint_eq(gsl_rng_uniform_int(ours, 1000003), gsl_rng_uniform_int(gsl, 1000003));
            ck_assert(gsl_ran_gaussian_ziggurat(ours, 1.0) == gsl_ran_gaussian_ziggurat(gsl, 1.0));
        }
        gsl_rng_free(ours);
        gsl_rng_free(gsl);
    }
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
    tcase_add_test(tc, same_draws_as_gsl_mt19937);
    suite_add_tcase(s, tc);
    return s;
}
