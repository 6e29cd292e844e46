/* test_grid.c - the experiment grid: expansion order (against nested loops written out by hand),
 * labels, parsing errors, and the replica seeds against SplitMix64's published first outputs
 * (Vigna's splitmix64.c from state 0: 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4) and values from
 * an independent Python implementation of the same mixing function. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "grid.h"
#include "suites.h"

static struct grid two_axes(void)
{
    struct grid g;
    grid_init(&g);
    struct diag d = {0};
    ck_assert_int_eq(grid_vary(&g, "worm.scan_rate=6/s,8/s", "--vary", "", 0, &d), ST_OK);
    ck_assert_int_eq(grid_vary(&g, " population.vulnerable = 1000, 2000 ,3000", "--vary", "", 0,
                               &d), ST_OK);
    grid_check(&g);
    return g;
}

START_TEST(test_expansion_order)
{
    struct grid g = two_axes();
    ck_assert_uint_eq(grid_points(&g), 6);
    /* for rate in (6/s, 8/s): for n in (1000, 2000, 3000): point++ */
    static const char *const want[6][2] = {
        {"worm.scan_rate=6/s", "population.vulnerable=1000"},
        {"worm.scan_rate=6/s", "population.vulnerable=2000"},
        {"worm.scan_rate=6/s", "population.vulnerable=3000"},
        {"worm.scan_rate=8/s", "population.vulnerable=1000"},
        {"worm.scan_rate=8/s", "population.vulnerable=2000"},
        {"worm.scan_rate=8/s", "population.vulnerable=3000"}};
    char buf[128];
    for (size_t p = 0; p < 6; p++)
        for (int a = 0; a < 2; a++) {
            grid_override(&g, p, a, buf, sizeof buf);
            ck_assert_str_eq(buf, want[p][a]);
        }
    grid_free(&g);
}
END_TEST

START_TEST(test_no_axes_is_one_point)
{
    struct grid g;
    grid_init(&g);
    ck_assert_uint_eq(grid_points(&g), 1);
    char buf[64];
    grid_label(&g, 0, 4, buf, sizeof buf);
    ck_assert_str_eq(buf, "#4");
    char *text = grid_to_text(&g);
    ck_assert_str_eq(text, "");
    free(text);
}
END_TEST

START_TEST(test_labels)
{
    struct grid g = two_axes();
    char buf[128];
    grid_label(&g, 4, 3, buf, sizeof buf);
    ck_assert_str_eq(buf, "scan_rate=8/s vulnerable=2000 #3");
    grid_label(&g, 4, -1, buf, sizeof buf);
    ck_assert_str_eq(buf, "scan_rate=8/s vulnerable=2000");
    grid_free(&g);
    /* two axes with the same short name keep their whole keys */
    struct diag d = {0};
    grid_init(&g);
    ck_assert_int_eq(grid_vary(&g, "router.a.memory=16MiB", "vary", "", 0, &d), ST_OK);
    ck_assert_int_eq(grid_vary(&g, "router.b.memory=32MiB,64MiB", "vary", "", 0, &d), ST_OK);
    grid_label(&g, 1, 0, buf, sizeof buf);
    ck_assert_str_eq(buf, "router.a.memory=16MiB router.b.memory=64MiB #0");
    grid_free(&g);
}
END_TEST

START_TEST(test_replace_remove_and_text)
{
    struct grid g = two_axes();
    struct diag d = {0};
    ck_assert_int_eq(grid_vary(&g, "worm.scan_rate=11/s", "--vary", "", 0, &d), ST_OK);
    ck_assert_int_eq(g.n_axes, 2);
    ck_assert_str_eq(g.axes[0].key, "worm.scan_rate"); /* replaced in place */
    ck_assert_uint_eq(grid_points(&g), 3);
    char *text = grid_to_text(&g);
    ck_assert_str_eq(text, "worm.scan_rate=11/s\npopulation.vulnerable=1000,2000,3000\n");
    free(text);
    ck_assert_int_eq(grid_remove(&g, "worm.scan_rate"), 1);
    ck_assert_int_eq(grid_remove(&g, "worm.scan_rate"), 0);
    ck_assert_int_eq(g.n_axes, 1);
    ck_assert_str_eq(g.axes[0].key, "population.vulnerable");
    grid_check(&g);
    grid_free(&g);
}
END_TEST

START_TEST(test_errors)
{
    struct grid g;
    grid_init(&g);
    struct diag d = {0};
    ck_assert_int_eq(grid_vary(&g, "worm.scan_rate", "--vary", "", 0, &d), ST_INPUT);
    ck_assert_str_eq(d.msg, "--vary worm.scan_rate: expected section.key=v1,v2,..., like "
                            "worm.scan_rate=6/s,11/s");
    ck_assert_int_eq(grid_vary(&g, "scan_rate=6/s", "--vary", "", 0, &d), ST_INPUT);
    ck_assert_int_eq(grid_vary(&g, "worm.scan_rate=6/s,,8/s", "vary", "x.ini", 7, &d),
                     ST_INPUT);
    ck_assert_str_eq(d.msg, "vary worm.scan_rate=6/s,,8/s: empty value");
    ck_assert_str_eq(d.file, "x.ini");
    ck_assert_int_eq(d.line, 7);
    ck_assert_int_eq(grid_vary(&g, "worm.scan_rate=6/s, 6/s", "--vary", "", 0, &d), ST_INPUT);
    ck_assert_str_eq(d.msg, "--vary worm.scan_rate=6/s, 6/s: value \"6/s\" is given twice");
    ck_assert_int_eq(grid_set_reps(&g, 0, "", 0, &d), ST_INPUT);
    ck_assert_str_eq(d.msg, "reps = 0 is out of range (1 to 100000)");
    ck_assert_int_eq(g.n_axes, 0);
    ck_assert_int_eq(g.reps, 1);
    /* 100000 reps x 11 points is over a million runs */
    ck_assert_int_eq(grid_set_reps(&g, 100000, "", 0, &d), ST_OK);
    ck_assert_int_eq(grid_vary(&g, "a.b=1,2,3,4,5,6,7,8,9,10,11", "--vary", "", 0, &d),
                     ST_INPUT);
    ck_assert_str_eq(d.msg, "--vary a.b=1,2,3,4,5,6,7,8,9,10,11: the grid would have more "
                            "than 1000000 runs");
    grid_check(&g);
    grid_free(&g);
}
END_TEST

START_TEST(test_replica_seeds)
{
    /* replica 0 is the base seed itself */
    ck_assert_uint_eq(grid_replica_seed(0, 0), 0);
    ck_assert_uint_eq(grid_replica_seed(12345, 0), 12345);
    /* SplitMix64 from state 0, published first outputs, top 53 bits */
    ck_assert_uint_eq(grid_replica_seed(0, 1), 0xe220a8397b1dcdafull >> 11);
    ck_assert_uint_eq(grid_replica_seed(0, 2), 0x6e789e6aa1b965f4ull >> 11);
    /* from an independent Python implementation */
    ck_assert_uint_eq(grid_replica_seed(1, 1), 0x910a2dec89025cc1ull >> 11);
    ck_assert_uint_eq(grid_replica_seed(1, 2), 0xbeeb8da1658eec67ull >> 11);
    ck_assert_uint_eq(grid_replica_seed(1, 99), 0x77ba99ea524f2ull >> 11);
    ck_assert_uint_eq(grid_replica_seed(UINT64_MAX, 3), 0x382ff84cb27281e9ull >> 11);
    ck_assert_uint_le(grid_replica_seed(7, 5), (1ull << 53) - 1);
    /* distinct over the first 300 replicas */
    static uint64_t seen[300];
    for (int k = 0; k < 300; k++) {
        seen[k] = grid_replica_seed(1, (uint64_t)k);
        for (int j = 0; j < k; j++)
            ck_assert_uint_ne(seen[j], seen[k]);
    }
}
END_TEST

Suite *grid_suite(void)
{
    Suite *s = suite_create("grid");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60); /* a loaded shared machine */
    tcase_add_test(tc, test_expansion_order);
    tcase_add_test(tc, test_no_axes_is_one_point);
    tcase_add_test(tc, test_labels);
    tcase_add_test(tc, test_replace_remove_and_text);
    tcase_add_test(tc, test_errors);
    tcase_add_test(tc, test_replica_seeds);
    suite_add_tcase(s, tc);
    return s;
}
