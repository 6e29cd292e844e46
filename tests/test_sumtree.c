/* test_sumtree.c - the sum tree against a linear scan of the same weights, at sizes around the
 * tree's fan-out (1 to 69) and across several levels (255 to 65,536 items). */
#include <check.h>
#include <stdlib.h>

#include "suites.h"
#include "sumtree.h"

START_TEST(matches_linear_scan)
{
    for (size_t n = 1; n < 70; n += 7) {
        struct sumtree t;
        sumtree_init(&t, n);
        uint64_t *w = calloc(n, sizeof *w);
        unsigned s = 12345;
        for (int round = 0; round < 200; round++) {
            s = s * 1103515245u + 12345u;
            size_t i = (s >> 8) % n;
            s = s * 1103515245u + 12345u;
            w[i] = (s >> 8) % 5 == 0 ? 0 : (s >> 8) % 1000;
            sumtree_set(&t, i, w[i]);
            uint64_t total = 0;
            for (size_t k = 0; k < n; k++) {
                ck_assert_uint_eq(sumtree_prefix(&t, k), total);
                total += w[k];
            }
            ck_assert_uint_eq(sumtree_total(&t), total);
            /* Every u in [0, total) lands on the item whose interval holds it. */
            uint64_t before = 0;
            for (size_t k = 0; k < n; k++) {
                if (w[k]) {
                    ck_assert_uint_eq(sumtree_find(&t, before), k);
                    ck_assert_uint_eq(sumtree_find(&t, before + w[k] - 1), k);
                }
                before += w[k];
            }
        }
        sumtree_check(&t);
        free(w);
        sumtree_free(&t);
    }
}
END_TEST

/* Larger trees: a few weights set (some back to 0), then every prefix and the item found for
 * both ends of every nonzero interval, against a running sum. */
START_TEST(large_trees_match_linear_scan)
{
    const size_t sizes[] = {255, 256, 257, 4097, 65536};
    for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++) {
        size_t n = sizes[si];
        struct sumtree t;
        sumtree_init(&t, n);
        uint64_t *w = calloc(n, sizeof *w);
        uint64_t s = 77;
        for (int round = 0; round < 3000; round++) {
            s = s * 6364136223846793005ull + 1442695040888963407ull;
            size_t i = (size_t)(s >> 33) % n;
            w[i] = round % 7 == 0 ? 0 : (s >> 13) % 100000;
            sumtree_set(&t, i, w[i]);
        }
        sumtree_check(&t);
        uint64_t before = 0;
        for (size_t k = 0; k < n; k++) {
            ck_assert_uint_eq(sumtree_prefix(&t, k), before);
            if (w[k]) {
                ck_assert_uint_eq(sumtree_find(&t, before), k);
                ck_assert_uint_eq(sumtree_find(&t, before + w[k] - 1), k);
            }
            before += w[k];
        }
        ck_assert_uint_eq(sumtree_prefix(&t, n), before);
        ck_assert_uint_eq(sumtree_total(&t), before);
        free(w);
        sumtree_free(&t);
    }
}
END_TEST

Suite *sumtree_suite(void)
{
    Suite *s = suite_create("sumtree");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, matches_linear_scan);
    tcase_add_test(tc, large_trees_match_linear_scan);
    suite_add_tcase(s, tc);
    return s;
}
