/* test_sumtree.c - the Fenwick tree against a linear scan of the same weights. */
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
    suite_add_tcase(s, tc);
    return s;
}
