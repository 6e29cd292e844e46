/* test_population.c - host placement and attributes: distinct sorted addresses in eligible
 * space, O(1) counts per /16 and /8, the lognormal and broadband density, NAT sites, locale and clock shares within
 * binomial bounds, and loading a "prefix count" file. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "population.h"
#include "suites.h"

static struct world_config base_config(void)
{
    struct world_config c;
    memset(&c, 0, sizeof c);
    prefix_parse("0.0.0.0/0", &c.space);
    c.exclude_private = 1;
    c.exclude_unallocated = 1;
    c.vulnerable = 50000;
    c.occupied_16s = 2000;
    c.slash8_spread = 1.0;
    c.slash16_spread = 1.5;
    c.broadband_share = 0.25;
    c.broadband_factor = 4;
    c.share_english = 0.5;
    c.share_japanese = 0.1;
    c.share_chinese = 0.1;
    c.japanese_crash = 0.5;
    c.clock_sd_s = 300;
    c.clock_wrong_share = 0.02;
    c.clock_wrong_range_s = 30 * 86400.0;
    return c;
}

static int cmp_addr(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return (a > b) - (a < b);
}

/* population_find against the C library's bsearch over the whole sorted array, for the
 * addresses of hosts, their neighbours and random addresses (mostly in empty /16s), in a dense
 * and a sparse population. */
START_TEST(find_matches_bsearch)
{
    for (int dense = 0; dense < 2; dense++) {
        struct world_config c = base_config();
        c.occupied_16s = dense ? 3 : 2000;
        c.vulnerable = dense ? 150000 : 50000;
        struct population p;
        struct diag d;
        ck_assert_int_eq(population_build(&p, &c, 5, "t.ini", &d), ST_OK);
        uint32_t s = 99;
        for (uint32_t k = 0; k < 400000; k++) {
            s = s * 1664525u + 1013904223u;
            uint32_t addr = k % 4 == 0 ? s : p.addr[s % p.n] + (uint32_t)(k % 4) - 2;
            const uint32_t *hit = bsearch(&addr, p.addr, p.n, sizeof addr, cmp_addr);
            uint32_t want = hit ? (uint32_t)(hit - p.addr) : POPULATION_NO_HOST;
            ck_assert_uint_eq(population_find(&p, addr), want);
        }
        population_free(&p);
    }
}
END_TEST

START_TEST(placement_is_valid)
{
    struct world_config c = base_config();
    c.other_web = 20000;
    struct population p;
    struct diag d;
    ck_assert_int_eq(population_build(&p, &c, 3, "t.ini", &d), ST_OK);
    ck_assert_uint_eq(p.n, 70000);
    ck_assert_uint_eq(p.n_vulnerable, 50000);
    population_check(&p);
    uint32_t used16 = 0;
    for (uint32_t g = 0; g < 65536; g++) {
        if (population_count16(&p, g) == 0)
            continue;
        used16++;
        ck_assert(!ipv4_slash8_excluded((int)(g >> 8), true, true));
        ck_assert(!ipv4_in_private16(g << 16));
    }
    ck_assert_uint_le(used16, 2000);
    uint32_t sum8 = 0;
    for (uint32_t g = 0; g < 256; g++)
        sum8 += population_count8(&p, g);
    ck_assert_uint_eq(sum8, p.n);
    for (uint32_t i = 0; i < p.n; i += 97)
        ck_assert_uint_eq(population_find(&p, p.addr[i]), i);
    /* Addresses next to a host are (almost always) empty: check a few definite misses. */
    uint32_t misses = 0;
    for (uint32_t i = 0; i + 1 < p.n; i += 101)
        if (p.addr[i] + 1 != p.addr[i + 1]) {
            ck_assert_uint_eq(population_find(&p, p.addr[i] + 1), POPULATION_NO_HOST);
            misses++;
        }
    ck_assert_uint_gt(misses, 100);
    population_free(&p);
}
END_TEST

/* Occupied /16s of p and their host counts (vulnerable or all). */
static uint32_t block_counts(const struct population *p, uint32_t *counts, bool vulnerable_only)
{
    uint32_t m = 0;
    for (uint32_t g = 0; g < 65536; g++) {
        uint32_t n = 0;
        for (uint32_t i = p->start16[g]; i < p->start16[g + 1]; i++)
            n += !vulnerable_only || p->kind[i] != KIND_OTHER_WEB;
        if (p->start16[g + 1] > p->start16[g])
            counts[m++] = n;
    }
    return m;
}

START_TEST(lognormal_density)
{
    /* 500 /16s with lognormal weights of sigma 1 (no /8 factor): log counts have sd ~ 1.
     * Counts average 2000, so Poisson noise adds < 0.01 to the variance; the sample sd of
     * 500 normals is within 3 x 1/sqrt(1000) = 0.095 of sigma. Bound: 0.12. */
    struct world_config c = base_config();
    c.vulnerable = 1000000;
    c.occupied_16s = 500;
    c.slash8_spread = 0;
    c.slash16_spread = 1.0;
    c.broadband_share = 0;
    struct population p;
    struct diag d;
    ck_assert_int_eq(population_build(&p, &c, 11, "t.ini", &d), ST_OK);
    uint32_t *counts = malloc(sizeof *counts * 65536);
    uint32_t m = block_counts(&p, counts, false);
    ck_assert_uint_eq(m, 500);
    double s = 0, s2 = 0;
    for (uint32_t k = 0; k < m; k++) {
        double l = log(counts[k] + 0.5);
        s += l;
        s2 += l * l;
    }
    double sd = sqrt((s2 - s * s / m) / (m - 1));
    ck_assert_msg(fabs(sd - 1.0) < 0.12, "sd of log counts %.3f, expected 1", sd);
    free(counts);
    population_free(&p);
}
END_TEST

START_TEST(broadband_blocks_denser)
{
    /* Even weights; half the 200 blocks (binomially) are broadband with 4x the vulnerable
     * density. With b broadband blocks they hold 4b / (4b + 200 - b) of the vulnerable hosts.
     * A block holds 200000 / (3b + 200) vulnerable hosts on average (about 400, sd 20),
     * a broadband block four times that: a cut at 2.5 x 400 separates them. */
    struct world_config c = base_config();
    c.vulnerable = 200000;
    c.other_web = 200000;
    c.occupied_16s = 200;
    c.slash8_spread = c.slash16_spread = 0;
    c.broadband_share = 0.5;
    c.broadband_factor = 4;
    struct population p;
    struct diag d;
    ck_assert_int_eq(population_build(&p, &c, 7, "t.ini", &d), ST_OK);
    uint32_t *vuln = malloc(sizeof *vuln * 65536), *all = malloc(sizeof *all * 65536);
    uint32_t m = block_counts(&p, vuln, true);
    ck_assert_uint_eq(block_counts(&p, all, false), m);
    ck_assert_uint_eq(m, 200);
    double lo = 200000.0 / (3 * 100 + 200), cut = 2.5 * lo; /* plain mean ~lo, broadband ~4 lo */
    uint32_t b = 0;
    double in_bb = 0;
    for (uint32_t k = 0; k < m; k++)
        if (vuln[k] > cut) {
            b++;
            in_bb += vuln[k];
            /* other web servers are as dense everywhere: ~1000 per block */
            ck_assert_msg(fabs((double)(all[k] - vuln[k]) - 1000) < 6 * sqrt(1000.0), "other %u",
                          all[k] - vuln[k]);
        }
    ck_assert_msg(fabs(b - 100.0) < 5 * sqrt(50.0), "%u broadband blocks", b);
    double share = in_bb / 200000, expect = 4.0 * b / (4.0 * b + 200 - b);
    /* the multinomial's sd on the share is below 1/sqrt(200000): 5 sd = 0.011 */
    ck_assert_msg(fabs(share - expect) < 0.011, "broadband share %.4f, expected %.4f", share, expect);
    free(vuln);
    free(all);
    population_free(&p);
}
END_TEST

START_TEST(nat_sites_private)
{
    struct world_config c = base_config();
    c.vulnerable = 1000;
    c.nat_sites = 258;
    c.nat_site_hosts = 10;
    struct population p;
    struct diag d;
    ck_assert_int_eq(population_build(&p, &c, 2, "t.ini", &d), ST_OK);
    population_check(&p);
    ck_assert_uint_eq(p.n, 1000 + 2580);
    ck_assert_uint_eq(population_count16(&p, (10u << 8) | 0u), 10);
    ck_assert_uint_eq(population_count16(&p, (10u << 8) | 255u), 10);
    ck_assert_uint_eq(population_count16(&p, (172u << 8) | 17u), 10);
    ck_assert_uint_eq(population_count16(&p, (172u << 8) | 18u), 0);
    uint32_t priv = 0;
    for (uint32_t i = 0; i < p.n; i++)
        priv += ipv4_is_private(p.addr[i]);
    ck_assert_uint_eq(priv, 2580);
    population_free(&p);
}
END_TEST

START_TEST(attribute_shares)
{
    struct world_config c = base_config();
    struct population p;
    struct diag d;
    ck_assert_int_eq(population_build(&p, &c, 5, "t.ini", &d), ST_OK);
    uint32_t n = p.n, jp = 0, en = 0, crash = 0, wrong = 0;
    for (uint32_t i = 0; i < n; i++) {
        jp += p.locale[i] == LOCALE_JAPANESE;
        en += p.locale[i] == LOCALE_ENGLISH;
        crash += p.kind[i] == KIND_IIS_CRASHES;
        if (p.kind[i] == KIND_IIS_CRASHES)
            ck_assert_int_eq(p.locale[i], LOCALE_JAPANESE);
        wrong += fabsf(p.clock_offset_s[i]) > 3600; /* 12 sd of ordinary error */
    }
    /* Binomial bounds at 5 sd. */
#define WITHIN(count, prob) \
    ck_assert_msg(fabs((count) - n * (prob)) < 5 * sqrt(n * (prob) * (1 - (prob))), \
                  #count " = %u, expected %.0f", count, n * (prob))
    WITHIN(jp, 0.1);
    WITHIN(en, 0.5);
    WITHIN(crash, 0.05);
    /* A wrong clock lands within an hour of the truth with chance 1/720 (uniform, 30 days). */
    WITHIN(wrong, 0.02 * (1 - 3600.0 / (30 * 86400.0)));
#undef WITHIN
    population_free(&p);
}
END_TEST

START_TEST(small_space)
{
    struct world_config c = base_config();
    prefix_parse("10.1.0.0/16", &c.space);
    c.vulnerable = 3000;
    struct population p;
    struct diag d;
    ck_assert_int_eq(population_build(&p, &c, 1, "t.ini", &d), ST_OK);
    ck_assert_uint_eq(p.n, 3000);
    ck_assert_uint_eq(population_count16(&p, (10u << 8) | 1u), 3000);
    population_free(&p);
    c.vulnerable = 70000; /* more than a /16 holds */
    ck_assert_int_eq(population_build(&p, &c, 1, "t.ini", &d), ST_INPUT);
    ck_assert_str_eq(d.msg, "70000 hosts do not fit in 1 /16 networks (raise population.occupied_16s)");
}
END_TEST

START_TEST(hosts_file)
{
    char path[] = "/tmp/wormsim-hostsXXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    fputs("# a campus and a DSL pool\n130.34.5.0/24 2\n\n211.0.0.0/16 500   # dense\n", f);
    fclose(f);
    struct world_config c = base_config();
    snprintf(c.hosts_file, sizeof c.hosts_file, "%s", path);
    struct population p;
    struct diag d;
    ck_assert_int_eq(population_build(&p, &c, 1, "t.ini", &d), ST_OK);
    ck_assert_uint_eq(p.n, 502);
    ck_assert_uint_eq(population_count16(&p, (130u << 8) | 34u), 2);
    ck_assert_uint_eq(population_count8(&p, 211), 500);
    population_check(&p);
    population_free(&p);

    f = fopen(path, "w");
    fputs("130.34.5.0/24 2\n130.34.5.0/30 9\n", f);
    fclose(f);
    ck_assert_int_eq(population_build(&p, &c, 1, "t.ini", &d), ST_INPUT);
    ck_assert_int_eq(d.line, 2);
    ck_assert_str_eq(d.msg, "9 hosts do not fit in 130.34.5.0/30");
    f = fopen(path, "w");
    fputs("130.34.5.0/24 two\n", f);
    fclose(f);
    ck_assert_int_eq(population_build(&p, &c, 1, "t.ini", &d), ST_INPUT);
    ck_assert_int_eq(d.line, 1);
    unlink(path);
    ck_assert_int_eq(population_build(&p, &c, 1, "t.ini", &d), ST_IO);
    ck_assert_str_eq(d.msg, "cannot read: No such file or directory");
}
END_TEST

Suite *population_suite(void)
{
    Suite *s = suite_create("population");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, placement_is_valid);
    tcase_add_test(tc, find_matches_bsearch);
    tcase_add_test(tc, lognormal_density);
    tcase_add_test(tc, broadband_blocks_denser);
    tcase_add_test(tc, nat_sites_private);
    tcase_add_test(tc, attribute_shares);
    tcase_add_test(tc, small_space);
    tcase_add_test(tc, hosts_file);
    suite_add_tcase(s, tc);
    return s;
}
