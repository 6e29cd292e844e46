/* test_crv1seq.c - Code Red I v1's common sequence: a bijection with an exact inverse (exhaustive
 * up to 2^20 addresses, sampled on the whole Internet), known values from a separate Python
 * computation, scrambling (chi-square and binomial bounds fixed in advance), keys, and the host
 * ordering the world model uses. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_cdf.h>

#include "crv1seq.h"
#include "ipv4.h"
#include "rng.h"
#include "suites.h"

static uint32_t addr_of(const char *text)
{
    uint32_t a;
    ck_assert(ipv4_parse(text, &a));
    return a;
}

/* Pearson's statistic of counts[0..bins) against equal expectations. */
static double chi_square(const uint32_t *counts, int bins, double total)
{
    double e = total / bins, x2 = 0;
    for (int b = 0; b < bins; b++)
        x2 += (counts[b] - e) * (counts[b] - e) / e;
    return x2;
}

START_TEST(bijection_small_spaces)
{
    /* Every k from 1 to 20, at the bottom, the top and inside the address space: each address
     * appears exactly once among positions 0..2^k-1, and the index gives back the position. */
    uint8_t *seen = malloc((size_t)1 << 20);
    /* Check asserts are slow in loops of millions: count the failures, assert once per space. */
    for (int k = 1; k <= 20; k++) {
        uint32_t size = UINT32_C(1) << k;
        uint32_t bases[3] = {0, (UINT32_MAX >> k) << k, addr_of("130.34.0.0") >> k << k};
        for (int b = 0; b < 3; b++) {
            for (uint64_t keyn = 0; keyn < 2; keyn++) {
                struct crv1seq s;
                crv1seq_init(&s, bases[b], k, keyn ? CRV1SEQ_DEFAULT_KEY : 7);
                for (uint32_t j = 0; j < size; j++)
                    seen[j] = 0;
                uint32_t outside = 0, repeated = 0, wrong_index = 0;
                for (uint32_t i = 0; i < size; i++) {
                    uint32_t a = crv1seq_at(&s, i);
                    if (a >> k << k != bases[b]) { /* outside the space (k < 32) */
                        outside++;
                        continue;
                    }
                    repeated += seen[a - bases[b]];
                    seen[a - bases[b]] = 1;
                    wrong_index += crv1seq_index(&s, a) != i;
                }
                /* 2^k distinct addresses of a space of 2^k: each address exactly once. */
                ck_assert_msg(outside == 0 && repeated == 0 && wrong_index == 0,
                              "k %d base %u key %d: %u outside, %u repeated, %u wrong index", k,
                              bases[b], (int)keyn, outside, repeated, wrong_index);
            }
        }
    }
    free(seen);
}
END_TEST

START_TEST(round_trip_internet)
{
    /* k = 32: 2^32 is too many to enumerate; two million positions and two million addresses
     * drawn at random, both ways round. */
    gsl_rng *r = rng_stream(11, "test");
    struct crv1seq s;
    crv1seq_init(&s, 0, 32, CRV1SEQ_DEFAULT_KEY);
    int bad_index = 0, bad_at = 0;
    for (int n = 0; n < 2000000; n++) {
        uint32_t i = (uint32_t)gsl_rng_get(r); /* MT19937: 32 bits */
        bad_index += crv1seq_index(&s, crv1seq_at(&s, i)) != i;
        uint32_t a = (uint32_t)gsl_rng_get(r);
        bad_at += crv1seq_at(&s, crv1seq_index(&s, a)) != a;
    }
    ck_assert_int_eq(bad_index, 0);
    ck_assert_int_eq(bad_at, 0);
    /* The ends of the range. */
    ck_assert_uint_eq(crv1seq_index(&s, crv1seq_at(&s, UINT32_MAX)), UINT32_MAX);
    ck_assert_uint_eq(crv1seq_index(&s, crv1seq_at(&s, 0)), 0);
    gsl_rng_free(r);
}
END_TEST

START_TEST(known_values)
{
    /* From a separate Python implementation of the formula in crv1seq.h (splitmix64 constants,
     * pow(m, -1, 2^k) for the inverses). Pins the default sequence, so stored runs stay
     * reproducible. */
    struct crv1seq s;
    crv1seq_init(&s, 0, 32, CRV1SEQ_DEFAULT_KEY);
    ck_assert_uint_eq(s.mul1, 0x65bab61du);
    ck_assert_uint_eq(s.mul2, 0xc751245du);
    ck_assert_uint_eq(s.add, 0x41ba171du);
    ck_assert_uint_eq(crv1seq_at(&s, 0), addr_of("65.186.23.29"));
    ck_assert_uint_eq(crv1seq_at(&s, 1), addr_of("69.51.115.239"));
    ck_assert_uint_eq(crv1seq_at(&s, 2), addr_of("15.253.69.13"));
    ck_assert_uint_eq(crv1seq_at(&s, UINT32_MAX), addr_of("32.97.253.6"));
    ck_assert_uint_eq(crv1seq_index(&s, addr_of("130.34.5.17")), 4068513686u);

    struct crv1seq t;
    crv1seq_init(&t, addr_of("10.1.0.0"), 16, 1);
    ck_assert_uint_eq(crv1seq_at(&t, 0), addr_of("10.1.85.95"));
    ck_assert_uint_eq(crv1seq_at(&t, 1), addr_of("10.1.85.51"));
    ck_assert_uint_eq(crv1seq_at(&t, 2), addr_of("10.1.63.182"));
    ck_assert_uint_eq(crv1seq_at(&t, 65535), addr_of("10.1.248.198"));
    ck_assert_uint_eq(crv1seq_index(&t, addr_of("10.1.200.7")), 31896);
}
END_TEST

START_TEST(scrambled)
{
    /* Over the first 2^16 positions of the Internet sequence: first and last octets uniform
     * (chi-square, 255 d.o.f., below the 0.999 quantile), and consecutive addresses unrelated:
     * the number of consecutive pairs in the same /8 or the same /16 within 5 sd of the binomial
     * mean (p = 2^-8 and 2^-16 over 2^16 - 1 pairs). */
    const double bound = gsl_cdf_chisq_Pinv(0.999, 255);
    const uint32_t n = 1u << 16;
    struct crv1seq s;
    crv1seq_init(&s, 0, 32, CRV1SEQ_DEFAULT_KEY);
    uint32_t first[256] = {0}, last[256] = {0};
    uint32_t same8 = 0, same16 = 0, prev = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t a = crv1seq_at(&s, i);
        first[a >> 24]++;
        last[a & 255]++;
        if (i > 0) {
            same8 += (a >> 24) == (prev >> 24);
            same16 += (a >> 16) == (prev >> 16);
        }
        prev = a;
    }
    double x2 = chi_square(first, 256, n);
    ck_assert_msg(x2 < bound, "first octet: chi2 %.1f >= %.1f", x2, bound);
    x2 = chi_square(last, 256, n);
    ck_assert_msg(x2 < bound, "last octet: chi2 %.1f >= %.1f", x2, bound);
    double pairs = n - 1, p8 = 1 / 256.0, p16 = 1 / 65536.0;
    ck_assert_msg(fabs(same8 - pairs * p8) < 5 * sqrt(pairs * p8 * (1 - p8)), "same /8: %u",
                  same8);
    ck_assert_msg(fabs(same16 - pairs * p16) < 5 * sqrt(pairs * p16 * (1 - p16)),
                  "same /16: %u", same16);
}
END_TEST

START_TEST(subnet_spread_over_sequence)
{
    /* Vulnerable hosts cluster in subnets; the sequence must not reach a subnet in one burst.
     * The 2^16 addresses of 130.34/16 fall uniformly over the 256 slices of the sequence
     * (chi-square, 255 d.o.f., 0.999 quantile). Likewise a /12 of a /20 space. */
    const double bound = gsl_cdf_chisq_Pinv(0.999, 255);
    struct crv1seq s;
    crv1seq_init(&s, 0, 32, CRV1SEQ_DEFAULT_KEY);
    uint32_t counts[256] = {0};
    uint32_t net = addr_of("130.34.0.0");
    for (uint32_t h = 0; h < 65536; h++)
        counts[crv1seq_index(&s, net | h) >> 24]++;
    double x2 = chi_square(counts, 256, 65536);
    ck_assert_msg(x2 < bound, "130.34/16 over the sequence: chi2 %.1f >= %.1f", x2, bound);

    struct crv1seq t;
    uint32_t space = addr_of("10.16.0.0");
    crv1seq_init(&t, space, 20, CRV1SEQ_DEFAULT_KEY);
    uint32_t c2[256] = {0};
    for (uint32_t h = 0; h < 65536; h++) /* the first /16 of the /12 */
        c2[crv1seq_index(&t, space | h) >> 12]++;
    x2 = chi_square(c2, 256, 65536);
    ck_assert_msg(x2 < bound, "10.16/16 over a /12 sequence: chi2 %.1f >= %.1f", x2, bound);
}
END_TEST

START_TEST(keys)
{
    /* Same key, same sequence (two separate inits); different keys, sequences that agree at no
     * more than 2 of the first 4096 positions (a chance agreement has probability 2^-k each). */
    const uint64_t keylist[4] = {CRV1SEQ_DEFAULT_KEY, CRV1SEQ_DEFAULT_KEY + 1, 0, 1};
    for (int k = 16; k <= 32; k += 16) {
        for (int x = 0; x < 4; x++) {
            struct crv1seq a, b;
            crv1seq_init(&a, 0, k, keylist[x]);
            crv1seq_init(&b, 0, k, keylist[x]);
            int differ = 0;
            for (uint32_t i = 0; i < 4096; i++)
                differ += crv1seq_at(&a, i) != crv1seq_at(&b, i);
            ck_assert_int_eq(differ, 0);
            for (int y = x + 1; y < 4; y++) {
                crv1seq_init(&b, 0, k, keylist[y]);
                int agree = 0;
                for (uint32_t i = 0; i < 4096; i++)
                    agree += crv1seq_at(&a, i) == crv1seq_at(&b, i);
                /* At most 4096 / 2^16 = 1/16 expected; P(3 or more) < 1e-4. */
                ck_assert_msg(agree <= 2, "k %d keys %d %d agree at %d", k, x, y, agree);
            }
        }
    }
}
END_TEST

/* Checks the output of crv1seq_order for hosts addrs[0..n) against crv1seq_index. */
static void check_order(const struct crv1seq *s, const uint32_t *addrs, uint32_t n,
                        const uint32_t *order, const uint64_t *index)
{
    uint8_t *used = calloc(n ? n : 1, 1);
    uint32_t not_perm = 0, wrong_index = 0, unsorted = 0;
    for (uint32_t j = 0; j < n; j++) {
        if (order[j] >= n || used[order[j]]) {
            not_perm++;
            continue;
        }
        used[order[j]] = 1;
        wrong_index += index[j] != crv1seq_index(s, addrs[order[j]]);
        /* Sorted by position; equal addresses keep their host order. */
        if (j > 0)
            unsorted += index[j - 1] > index[j] ||
                        (index[j - 1] == index[j] && order[j - 1] > order[j]);
    }
    free(used);
    ck_assert_msg(not_perm == 0 && wrong_index == 0 && unsorted == 0,
                  "n %u: %u not a permutation, %u wrong index, %u out of order", n, not_perm,
                  wrong_index, unsorted);
}

START_TEST(order_random_hosts)
{
    /* A million random hosts on the Internet, with and without index_out. */
    const uint32_t n = 1000000;
    gsl_rng *r = rng_stream(12, "test");
    uint32_t *addrs = malloc(sizeof *addrs * n), *order = malloc(sizeof *order * n);
    uint32_t *order2 = malloc(sizeof *order2 * n);
    uint64_t *index = malloc(sizeof *index * n);
    for (uint32_t j = 0; j < n; j++)
        addrs[j] = (uint32_t)gsl_rng_get(r);
    struct crv1seq s;
    crv1seq_init(&s, 0, 32, CRV1SEQ_DEFAULT_KEY);
    crv1seq_order(&s, addrs, n, order, index);
    check_order(&s, addrs, n, order, index);
    crv1seq_order(&s, addrs, n, order2, NULL);
    uint32_t differ = 0;
    for (uint32_t j = 0; j < n; j++)
        differ += order2[j] != order[j];
    ck_assert_uint_eq(differ, 0);
    free(addrs);
    free(order);
    free(order2);
    free(index);
    gsl_rng_free(r);
}
END_TEST

START_TEST(order_small_spaces)
{
    /* The whole of a /16 as hosts, in address order: positions are exactly 0..2^16-1 and host
     * order[j] is the address at position j. */
    const uint32_t n = 65536;
    uint32_t base = addr_of("192.168.0.0");
    uint32_t *addrs = malloc(sizeof *addrs * n), *order = malloc(sizeof *order * n);
    uint64_t *index = malloc(sizeof *index * n);
    struct crv1seq s;
    crv1seq_init(&s, base, 16, CRV1SEQ_DEFAULT_KEY);
    for (uint32_t j = 0; j < n; j++)
        addrs[j] = base | j;
    crv1seq_order(&s, addrs, n, order, index);
    uint32_t bad = 0;
    for (uint32_t j = 0; j < n; j++)
        bad += index[j] != j || addrs[order[j]] != crv1seq_at(&s, j);
    ck_assert_uint_eq(bad, 0);

    /* A /20 (two radix passes), hosts drawn with repeats: 5000 draws from the first 256
     * addresses and the last 256 addresses of the space. */
    gsl_rng *r = rng_stream(13, "test");
    struct crv1seq t;
    uint32_t base20 = addr_of("10.16.0.0");
    crv1seq_init(&t, base20, 20, 5);
    for (uint32_t j = 0; j < 5000; j++) {
        uint32_t low = (uint32_t)gsl_rng_uniform_int(r, 512);
        addrs[j] = base20 | (low < 256 ? low : 0xFFFFFu - (low - 256));
    }
    crv1seq_order(&t, addrs, 5000, order, index);
    check_order(&t, addrs, 5000, order, index);

    /* Degenerate sizes, and k = 1 (one pass) and k = 22 (two full passes). */
    crv1seq_order(&t, addrs, 0, order, index);
    crv1seq_order(&t, addrs, 1, order, index);
    ck_assert_uint_eq(order[0], 0);
    ck_assert_uint_eq(index[0], crv1seq_index(&t, addrs[0]));
    struct crv1seq u;
    crv1seq_init(&u, addr_of("10.0.0.6"), 1, 9);
    uint32_t two[3] = {addr_of("10.0.0.7"), addr_of("10.0.0.6"), addr_of("10.0.0.7")};
    crv1seq_order(&u, two, 3, order, index);
    check_order(&u, two, 3, order, index);
    crv1seq_init(&u, addr_of("10.0.0.0"), 22, 9);
    for (uint32_t j = 0; j < 3000; j++)
        addrs[j] = addr_of("10.0.0.0") | (uint32_t)gsl_rng_uniform_int(r, 1u << 22);
    crv1seq_order(&u, addrs, 3000, order, index);
    check_order(&u, addrs, 3000, order, index);
    gsl_rng_free(r);
    free(addrs);
    free(order);
    free(index);
}
END_TEST

Suite *crv1seq_suite(void)
{
    Suite *s = suite_create("crv1seq");
    TCase *tc = tcase_create("sequence");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, bijection_small_spaces);
    tcase_add_test(tc, round_trip_internet);
    tcase_add_test(tc, known_values);
    tcase_add_test(tc, scrambled);
    tcase_add_test(tc, subnet_spread_over_sequence);
    tcase_add_test(tc, keys);
    suite_add_tcase(s, tc);
    TCase *to = tcase_create("order");
    tcase_set_timeout(to, 30);
    tcase_add_test(to, order_random_hosts);
    tcase_add_test(to, order_small_spaces);
    suite_add_tcase(s, to);
    return s;
}
