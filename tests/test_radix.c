/* test_radix.c - the radix sort against the C library's qsort (an independent sort) on keys of
 * many sizes and spreads: short arrays, repeats, one constant digit, the full 32 and 64 bits. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "radix.h"
#include "suites.h"

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s ^ (*s >> 29);
}

static int cmp32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static int cmp64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static const size_t SIZES[] = {0, 1, 2, 31, 32, 33, 100, 1000, 65536, 200001};
static const unsigned SPREADS[] = {1, 4, 16, 17, 34, 64}; /* bits that vary */

START_TEST(u64_matches_qsort)
{
    uint64_t s = 7;
    for (size_t i = 0; i < sizeof SIZES / sizeof *SIZES; i++)
        for (size_t j = 0; j < sizeof SPREADS / sizeof *SPREADS; j++) {
            size_t n = SIZES[i];
            unsigned bits = SPREADS[j];
            uint64_t base = bits < 64 ? lcg(&s) >> bits : 0, *a = malloc((n + 1) * 8),
                     *b = malloc((n + 1) * 8);
            for (size_t k = 0; k < n; k++)
                a[k] = b[k] = base + (bits < 64 ? lcg(&s) & ((1ull << bits) - 1) : lcg(&s));
            radix_sort_u64(a, n);
            qsort(b, n, 8, cmp64);
            ck_assert_msg(n == 0 || memcmp(a, b, n * 8) == 0, "n %zu bits %u", n, bits);
            free(a);
            free(b);
        }
}
END_TEST

START_TEST(u32_matches_qsort)
{
    uint64_t s = 11;
    for (size_t i = 0; i < sizeof SIZES / sizeof *SIZES; i++)
        for (size_t j = 0; j < 5; j++) {
            size_t n = SIZES[i];
            unsigned bits = j < 4 ? SPREADS[j] : 32;
            uint32_t base = bits < 32 ? (uint32_t)(lcg(&s) >> (32 + bits)) : 0;
            uint32_t *a = malloc((n + 1) * 4), *b = malloc((n + 1) * 4);
            for (size_t k = 0; k < n; k++)
                a[k] = b[k] = base + (uint32_t)(lcg(&s) >> 32 & (bits < 32 ? (1u << bits) - 1
                                                                           : 0xFFFFFFFFu));
            radix_sort_u32(a, n);
            qsort(b, n, 4, cmp32);
            ck_assert_msg(n == 0 || memcmp(a, b, n * 4) == 0, "n %zu bits %u", n, bits);
            free(a);
            free(b);
        }
}
END_TEST

Suite *radix_suite(void)
{
    Suite *s = suite_create("radix");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, u64_matches_qsort);
    tcase_add_test(tc, u32_matches_qsort);
    suite_add_tcase(s, tc);
    return s;
}
