/* test_population_sourced.c - the sourced population (models/hosts/population_sourced.c): the
 * counts add up to the total, each kind gets its share (to the host) and stays within its cap,
 * /16s lie in their registries' /8s or (by share) in class B space, no
 * /16 is private; and the shipped file scenarios/data/aug2001-vulnerable.txt is what
 * `make population` draws (same total, caps). */
#include <check.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "population_sourced.h"
#include "rng.h"
#include "suites.h"

static bool in_list(const int *list, uint32_t s8)
{
    for (int i = 0; list[i] >= 0; i++)
        if ((uint32_t)list[i] == s8)
            return true;
    return false;
}

START_TEST(draw_respects_the_structure)
{
    static uint32_t count16[65536];
    static uint8_t kind16[65536];
    const struct sourced_spec *s = &POPULATION_SOURCED_DEFAULT;
    gsl_rng *r = rng_stream(7, "population-sourced");
    uint32_t occupied = population_sourced_draw(s, r, count16, kind16);
    gsl_rng_free(r);
    uint64_t total = 0, by_kind[NET_KINDS] = {0};
    uint32_t seen = 0;
    for (uint32_t g = 0; g < 65536; g++) {
        if (!count16[g])
            continue;
        seen++;
        int k = kind16[g];
        ck_assert_int_lt(k, NET_KINDS);
        ck_assert_uint_le(count16[g], s->kind[k].cap);
        by_kind[k] += count16[g];
        total += count16[g];
        uint32_t s8 = g >> 8;
        ck_assert(!(s8 == 172 && (g & 0xF0) == 0x10)); /* not 172.16/12 */
        bool registry = in_list(population_sourced_region8(REGION_ARIN), s8) ||
                        in_list(population_sourced_region8(REGION_APNIC), s8) ||
                        in_list(population_sourced_region8(REGION_RIPE), s8);
        bool class_b = s8 >= 128 && s8 < 192;
        if (s->kind[k].legacy_class_b == 1)
            ck_assert(class_b);
        else if (s->kind[k].legacy_class_b == 0)
            ck_assert(registry);
        else
            ck_assert(registry || class_b);
    }
    ck_assert_uint_eq(seen, occupied);
    ck_assert_uint_eq(total, s->total);
    for (int k = 0; k < NET_KINDS - 1; k++) /* the last kind takes the remainder */
        ck_assert_uint_eq(by_kind[k], (uint64_t)floor(s->total * s->kind[k].share + 0.5));
}
END_TEST

/* The shipped file: its lines add up to the default total, none over the largest cap. */
START_TEST(shipped_file)
{
    FILE *f = fopen("scenarios/data/aug2001-vulnerable.txt", "r");
    ck_assert_ptr_nonnull(f);
    char line[256];
    uint64_t total = 0;
    uint32_t lines = 0, a, b, n;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#')
            continue;
        ck_assert_int_eq(sscanf(line, "%u.%u.0.0/16 %u", &a, &b, &n), 3);
        ck_assert_uint_le(n, 2000);
        total += n;
        lines++;
    }
    fclose(f);
    ck_assert_uint_eq(total, POPULATION_SOURCED_DEFAULT.total);
    ck_assert_uint_gt(lines, 1000);
}
END_TEST

Suite *population_sourced_suite(void)
{
    Suite *s = suite_create("population_sourced");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, draw_respects_the_structure);
    tcase_add_test(tc, shipped_file);
    suite_add_tcase(s, tc);
    return s;
}
