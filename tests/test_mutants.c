/* test_mutants.c - Check suite "mutants": tests written to kill the single mutations that
 * survived the rest of the suite (tests/mutations/mutations.txt names the mutation each one
 * kills). Every expected value comes from the published behaviour or a hand calculation, not
 * from the code under test: Code Red II's shares 1/8, 1/2, 3/8 and its 127/8 and 224/8 redraws
 * (SOURCES §6), Code Red I's calendar (flood on days 20-27, bursts 4.5 h apart: SOURCES §4), a
 * renewal process's share of time down r / (u + r), and locality counted from the geometry. */
#include <check.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <string.h>

#include "codered.h"
#include "crii.h"
#include "harness.h"
#include "suites.h"
#include "world_internal.h"

/* Sum of a column over the samples with from < t <= to. */
static double total(const struct trace *tr, const char *col, double from, double to)
{
    double s = 0;
    for (size_t i = 0; i < tr->n; i++)
        if (tr->t[i] > from && tr->t[i] <= to)
            s += harness_at(tr, i, col);
    return s;
}

/* Value of a column at the first sample at or after t. */
static double value_at(const struct trace *tr, const char *col, double t)
{
    for (size_t i = 0; i < tr->n; i++)
        if (tr->t[i] >= t)
            return harness_at(tr, i, col);
    ck_abort_msg("no sample at %g", t);
    return NAN;
}

/* Kills crii-defaults-swapped: eEye's analysis gives 1/8 random, 1/2 own /8, 3/8 own /16. */
START_TEST(crii_default_shares)
{
    const char *ovr[] = {"worm.variant=crii", NULL};
    struct world_config c;
    harness_config(&c, ovr);
    ck_assert_double_eq(c.worms[0].p_random, 1 / 8.0);
    ck_assert_double_eq(c.worms[0].p_same8, 1 / 2.0);
    ck_assert_double_eq(c.worms[0].p_same16, 3 / 8.0);
}
END_TEST

/* Kills crii-redraw-223: exactly 127/8 (loopback) and 224/8 (multicast) are redrawn. */
START_TEST(crii_redrawn_octets)
{
    for (uint32_t o = 0; o < 256; o++)
        ck_assert_msg(crii_redrawn(o << 24 | 0x00A1B2C3u) == (o == 127 || o == 224), "%u/8", o);
}
END_TEST

/* Kills crii-same16-mask and crii-component-pick: own-/16 scans stay in the /16; own-/8 scans
 * stay in the /8 and land in the own /16 about 1 time in 256 (20,000 draws: expected 78, at
 * most 125 is 5 sd). */
START_TEST(crii_component_scopes)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 15);
    const uint32_t self = 0x0A0B0C0Du;
    const double only16[3] = {0, 0, 1}, only8[3] = {0, 1, 0};
    int same16 = 0;
    for (int i = 0; i < 20000; i++) {
        uint32_t t = crii_pick_target(r, self, only16, NULL);
        ck_assert_uint_eq(t >> 16, self >> 16);
        t = crii_pick_target(r, self, only8, NULL);
        ck_assert_uint_eq(t >> 24, self >> 24);
        same16 += t >> 16 == self >> 16;
    }
    ck_assert_int_le(same16, 125);
    ck_assert_int_ge(same16, 31);
    gsl_rng_free(r);
}
END_TEST

/* Kills locality-by-8 and column-names-swapped: 2,000 hosts spread evenly over the 256 /16s of
 * one /8, random scanning in that /8: no infection leaves the /8 and a victim shares its
 * source's /16 about 1 time in 256 (expected under 8; at most 2 % allowed). */
START_TEST(locality_in_one_slash8)
{
    const char *ovr[] = {"space.prefix=10.0.0.0/8", "population.vulnerable=2000",
                         "population.other_web=0", "population.occupied_16s=256",
                         "population.slash16_spread=0", "population.share_japanese=0",
                         "worm.variant=crv2", "worm.scan_rate=200/s", "worm.seed_hosts=1",
                         "run.start=2001-07-19T12:00Z", "worm.seed_time=2001-07-19T12:00Z",
                         "run.end=2001-07-19T15:00Z", "run.sample=600s", NULL};
    struct world_config c;
    harness_config(&c, ovr);
    struct trace tr;
    harness_run(&c, 3, &tr);
    double s16 = total(&tr, "new_infections_same16", -1, 1e9);
    double s8 = total(&tr, "new_infections_same8", -1, 1e9);
    double other = total(&tr, "new_infections_other", -1, 1e9);
    ck_assert_double_ge(s16 + s8, 1000);
    ck_assert_double_eq(other, 0);
    ck_assert_double_le(s16, 0.02 * (s16 + s8));
    harness_free(&tr);
}
END_TEST

/* Five Code Red II hosts and nobody else to infect: they scan for 24 h, or 48 h on Chinese
 * systems, then reboot. Kills chinese-24h. */
static void crii_lifetimes(const char *share_chinese, const char *share_english, double at_s,
                           double spreading)
{
    const char *ovr[] = {"space.prefix=0.0.0.0/0", "population.vulnerable=5",
                         "population.other_web=0", "population.share_nt4=0",
                         "population.share_japanese=0", share_english, share_chinese,
                         "population.clock_sd=0s", "population.clock_wrong_share=0",
                         "worm.variant=crii", "worm.seed_hosts=5", "run.start=2001-08-04T00:00Z",
                         "worm.seed_time=2001-08-04T00:00Z", "run.end=2001-08-06T04:00Z",
                         "run.sample=3600s", NULL};
    struct world_config c;
    harness_config(&c, ovr);
    struct trace tr;
    harness_run(&c, 4, &tr);
    ck_assert_double_eq(value_at(&tr, "spreading", at_s), spreading);
    harness_free(&tr);
}

START_TEST(crii_chinese_lifetime)
{
    crii_lifetimes("population.share_chinese=1", "population.share_english=0", 36 * 3600, 5);
    crii_lifetimes("population.share_chinese=1", "population.share_english=0", 50 * 3600, 0);
    crii_lifetimes("population.share_chinese=0", "population.share_english=1", 23 * 3600, 5);
    crii_lifetimes("population.share_chinese=0", "population.share_english=1", 25 * 3600, 0);
}
END_TEST

/* 500 Code Red I v2 hosts in a /16 (clocks: add population.clock_sd). */
#define CRV1_WORLD                                                                         \
    "space.prefix=10.0.0.0/16", "population.vulnerable=500", "population.other_web=0",    \
        "population.share_japanese=0", "population.share_nt4=0",                          \
        "population.clock_wrong_share=0", "worm.variant=crv2", "worm.scan_rate=50/s",     \
        "run.sample=60s"

/* Kills flood-no-repeat: every host floods at 00:00, 04:30 and 09:00 on 20 July, 100
 * connections each burst (SOURCES §4), so 500 x 100 x 3 connections by 10:00. */
START_TEST(crv1_flood_bursts_repeat)
{
    const char *ovr[] = {CRV1_WORLD, "population.clock_sd=0s", "worm.seed_hosts=500",
                         "run.start=2001-07-19T20:00Z", "worm.seed_time=2001-07-19T20:00Z",
                         "run.end=2001-07-20T10:00Z", NULL};
    struct world_config c;
    harness_config(&c, ovr);
    struct trace tr;
    harness_run(&c, 5, &tr);
    ck_assert_double_eq(total(&tr, "flood_connections", -1, 1e9), 500 * 100.0 * 3);
    harness_free(&tr);
}
END_TEST

/* Kills codered-dormant-day: hosts flooding on 27 July go dormant at midnight; the burst due
 * at 00:30 on the 28th never comes. */
START_TEST(crv1_no_flood_on_day_28)
{
    const char *ovr[] = {CRV1_WORLD, "population.clock_sd=0s", "worm.seed_hosts=500",
                         "run.start=2001-07-27T20:00Z", "worm.seed_time=2001-07-27T20:00Z",
                         "run.end=2001-07-28T06:00Z", NULL};
    struct world_config c;
    harness_config(&c, ovr);
    struct trace tr;
    harness_run(&c, 6, &tr);
    ck_assert_double_eq(total(&tr, "flood_connections", -1, 4 * 3600), 500 * 100.0);
    ck_assert_double_eq(total(&tr, "flood_bytes", 4 * 3600, 1e9), 0);
    ck_assert_double_eq(value_at(&tr, "dormant", 5 * 3600), 500);
    harness_free(&tr);
}
END_TEST

/* Kills clock-one-way: with clocks off by up to +-3 h, each infected host's phase at 23:00 UTC
 * is the one its own clock shows: flooding once its clock has passed midnight, else spreading. */
START_TEST(crv1_phase_by_host_clock)
{
    const char *ovr[] = {CRV1_WORLD, "population.clock_sd=1h", "worm.seed_hosts=500",
                         "run.start=2001-07-19T20:00Z", "worm.seed_time=2001-07-19T20:00Z",
                         "run.end=2001-07-20T02:00Z", NULL};
    struct world_config c;
    harness_config(&c, ovr);
    struct engine *eng;
    struct world *w = harness_world(&c, 7, 3 * 3600, &eng);
    const double midnight = 995587200.0; /* 2001-07-20T00:00Z */
    const double now = midnight - 3600;
    int ahead = 0, checked = 0;
    for (uint32_t h = 0; h < w->pop.n; h++) {
        if (!(w->infected[h] & 1))
            continue;
        double local = now + w->pop.clock_offset_s[h];
        if (fabs(local - midnight) < 1) /* too close to call */
            continue;
        enum crv1_phase want = local >= midnight ? CRV1_FLOOD : CRV1_SPREAD;
        ck_assert_int_eq(w->worms[0].phase[h], want);
        ahead += local >= midnight;
        checked++;
    }
    ck_assert_int_ge(checked, 400);
    ck_assert_int_ge(ahead, 1); /* 1 sd = 1 h: about 16 % of hosts are past midnight */
    harness_world_free(w, eng);
}
END_TEST

/* Kills reboot-uses-iis-restart and uptime-doubled: infected hosts reboot after an exponential
 * uptime of mean u = 2 h and stay down r = 30 min (the IIS restart is 10 min); reinfection
 * takes seconds here (the worm spreads until midnight), so in steady state a share
 * r / (u + r) = 1/5 of the 500 hosts is rebooting: 100, averaged over 12:00-20:00 on 19 July
 * after a 3 h start (5 sd of the average is about 20). */
START_TEST(reboot_share_of_time)
{
    const char *ovr[] = {CRV1_WORLD, "population.clock_sd=0s", "worm.seed_hosts=10",
                         "population.uptime_mean=2h", "population.reboot_time=30min",
                         "population.iis_restart=10min", "run.start=2001-07-19T12:00Z",
                         "worm.seed_time=2001-07-19T12:00Z", "run.end=2001-07-19T23:00Z",
                         NULL};
    struct world_config c;
    harness_config(&c, ovr);
    struct trace tr;
    harness_run(&c, 8, &tr);
    double sum = 0;
    int n = 0;
    for (size_t i = 0; i < tr.n; i++)
        if (tr.t[i] >= 3 * 3600) {
            sum += harness_at(&tr, i, "rebooting");
            n++;
        }
    ck_assert_int_gt(n, 200);
    ck_assert_double_le(fabs(sum / n - 100), 20);
    harness_free(&tr);
}
END_TEST

/* Kills patch-start-ignored: patching at 1 an hour per host starts at 22:00, not at the run's
 * start (20:00): nothing is patched before, about 1 - e^-1 = 63 % an hour after. */
START_TEST(patching_starts_at_patch_start)
{
    const char *ovr[] = {CRV1_WORLD, "population.clock_sd=0s", "worm.seed_hosts=1",
                         "population.patch_rate=1/h",
                         "population.patch_start=2001-07-19T22:00Z",
                         "run.start=2001-07-19T20:00Z", "worm.seed_time=2001-07-19T20:00Z",
                         "run.end=2001-07-19T23:00Z", NULL};
    struct world_config c;
    harness_config(&c, ovr);
    struct trace tr;
    harness_run(&c, 9, &tr);
    ck_assert_double_eq(value_at(&tr, "patched", 2 * 3600 - 60), 0);
    ck_assert_double_ge(value_at(&tr, "patched", 3 * 3600), 250);
    harness_free(&tr);
}
END_TEST

Suite *mutants_suite(void)
{
    Suite *s = suite_create("mutants");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, crii_default_shares);
    tcase_add_test(tc, crii_redrawn_octets);
    tcase_add_test(tc, crii_component_scopes);
    tcase_add_test(tc, locality_in_one_slash8);
    tcase_add_test(tc, crii_chinese_lifetime);
    tcase_add_test(tc, crv1_flood_bursts_repeat);
    tcase_add_test(tc, crv1_no_flood_on_day_28);
    tcase_add_test(tc, crv1_phase_by_host_clock);
    tcase_add_test(tc, reboot_share_of_time);
    tcase_add_test(tc, patching_starts_at_patch_start);
    suite_add_tcase(s, tc);
    return s;
}
