/* test_removal.c - hosts that stop during the spreading phase ([removal]), the 1 August wake-up
 * and chained runs, in small worlds. Expected values come from clock arithmetic (local time of
 * a /8's registry region), Poisson bounds on a known hazard, and the rule that a chained run is
 * the earlier run continued (the same rows). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "harness.h"
#include "params.h"
#include "suites.h"
#include "world_internal.h"

/* 400 hosts in a /16, exact clocks, no crashes, fast scanning: saturated within minutes. */
#define BASE(prefix)                                                                        \
    "space.prefix=" prefix, "population.vulnerable=400", "population.other_web=0",          \
        "population.share_japanese=0", "population.clock_sd=0s",                            \
        "population.clock_wrong_share=0", "worm.scan_rate=50/s", "worm.seed_hosts=1",       \
        "run.sample=10min"

static size_t at(const struct trace *tr, double t)
{
    for (size_t i = 0; i < tr->n; i++)
        if (fabs(tr->t[i] - t) < 1)
            return i;
    ck_abort_msg("no sample at %g", t);
    return 0;
}

/* Every host switched off at 23:00 and on at 08:00 local time, exactly: in 10/8 (ARIN: UTC-5)
 * that is 04:00 to 13:00 UTC; in 202/8 (APNIC: UTC+8.5) 14:30 to 23:30 UTC. Infected hosts
 * switched off count as removed_poweroff and are no longer infected. */
START_TEST(switched_off_by_local_time)
{
    const char *ovr[] = {BASE("10.0.0.0/16"), "run.start=2001-07-18T20:00Z",
                         "worm.seed_time=2001-07-18T20:00Z", "run.end=2001-07-19T16:00Z",
                         "removal.home_share=1", "removal.night_off_share=1",
                         "removal.switch_spread=0s", "removal.zone_spread=0s", NULL};
    struct world_config c;
    harness_config(&c, ovr);
    struct trace tr;
    harness_run(&c, 5, &tr);
    size_t before = at(&tr, 7.5 * 3600), off = at(&tr, 8.5 * 3600); /* 03:30, 04:30 UTC */
    ck_assert_double_eq(harness_at(&tr, before, "infected"), 400);
    ck_assert_double_eq(harness_at(&tr, before, "removed_poweroff"), 0);
    ck_assert_double_eq(harness_at(&tr, off, "infected"), 0);
    ck_assert_double_eq(harness_at(&tr, off, "removed_poweroff"), 400);
    harness_free(&tr);

    /* Who is off when, host by host: just inside and just outside each night. */
    struct engine *eng;
    struct world *w = harness_world(&c, 5, 0, &eng);
    const double t4 = 8 * 3600, t13 = 17 * 3600; /* 04:00 and 13:00 UTC on the 19th */
    for (uint32_t h = 0; h < w->pop.n; h++) {
        ck_assert(!removal_is_off(w, h, t4 - 60) && removal_is_off(w, h, t4 + 60));
        ck_assert(removal_is_off(w, h, t13 - 60) && !removal_is_off(w, h, t13 + 60));
    }
    harness_world_free(w, eng);
    const char *apnic[] = {BASE("202.0.0.0/16"), "run.start=2001-07-19T00:00Z",
                           "worm.seed_time=2001-07-19T00:00Z", "run.end=2001-07-20T00:00Z",
                           "removal.home_share=1", "removal.night_off_share=1",
                           "removal.switch_spread=0s", "removal.zone_spread=0s", NULL};
    harness_config(&c, apnic);
    w = harness_world(&c, 5, 0, &eng);
    const double t1430 = 14.5 * 3600, t2330 = 23.5 * 3600;
    for (uint32_t h = 0; h < w->pop.n; h++) {
        ck_assert(!removal_is_off(w, h, t1430 - 60) && removal_is_off(w, h, t1430 + 60));
        ck_assert(removal_is_off(w, h, t2330 - 60) && !removal_is_off(w, h, t2330 + 60));
    }
    harness_world_free(w, eng);
}
END_TEST

/* With spreads, the share of hosts off is the share switched off at night times the chance
 * that the time lies in a host's night: at 03:00 local (4 h after 23:00, 5 h before 08:00,
 * spreads 1.5 h) nearly all of those; at 15:00 local none. Shares within 5 sd of binomial. */
START_TEST(share_off_at_night)
{
    const char *ovr[] = {"space.prefix=10.0.0.0/16", "population.vulnerable=20000",
                         "population.other_web=0", "worm.seed_hosts=0", "run.start=2001-07-19T00:00Z", "worm.seed_time=2001-07-19T00:00Z",
                         "run.end=2001-07-20T00:00Z", "removal.home_share=0.6",
                         "removal.night_off_share=0.5", NULL};
    struct world_config c;
    harness_config(&c, ovr);
    struct engine *eng;
    struct world *w = harness_world(&c, 11, 0, &eng);
    uint32_t night = 0, day = 0, n = w->pop.n;
    for (uint32_t h = 0; h < n; h++) {
        night += removal_is_off(w, h, 8 * 3600);  /* 03:00 at UTC-5 */
        day += removal_is_off(w, h, 20 * 3600);   /* 15:00 */
    }
    harness_world_free(w, eng);
    /* P(in the night at 03:00) with zone spread +-1.5 h and switch sd 1.5 h: above 0.97. */
    double p = 0.3 * 0.97;
    ck_assert_msg(night > n * p - 5 * sqrt(n * p * (1 - p)) && night <= n * 0.3 + 5 * sqrt(n * 0.3 * 0.7),
                  "%u of %u off at 03:00", night, n);
    ck_assert_uint_eq(day, 0);
}
END_TEST

/* After the advisory every infected host is rebooted at 2/h (no ordinary reboots); a rebooted
 * host is up again in 5 minutes and re-infected at once. Reboots in 4 hours: Poisson with mean
 * the integral of infected x 2/h, taken from the samples (each 10-minute interval at its
 * starting count, within the 5 % that the counts move); within 5 sd. */
START_TEST(reboots_after_the_advisory)
{
    const char *ovr[] = {BASE("10.0.0.0/16"), "run.start=2001-07-19T10:00Z",
                         "worm.seed_time=2001-07-19T10:00Z", "run.end=2001-07-19T16:00Z",
                         "removal.advisory=2001-07-19T12:00Z", "removal.reboot_rate=2/h", NULL};
    struct world_config c;
    harness_config(&c, ovr);
    struct trace tr;
    harness_run(&c, 6, &tr);
    size_t adv = at(&tr, 2 * 3600);
    ck_assert_double_eq(harness_at(&tr, adv, "removed_reboot"), 0);
    double expect = 0;
    for (size_t i = adv; i + 1 < tr.n; i++)
        expect += harness_at(&tr, i, "infected") * 2.0 / 3600 * (tr.t[i + 1] - tr.t[i]);
    double got = harness_at(&tr, tr.n - 1, "removed_reboot");
    ck_assert_msg(fabs(got - expect) < 5 * sqrt(expect) + 0.05 * expect,
                  "reboots %.0f, expected %.0f", got, expect);
    ck_assert_double_gt(got, 2000);
    harness_free(&tr);
}
END_TEST

/* Every /16 filters port 80 about a minute after the advisory: all hosts cut off for good. */
START_TEST(filtering_cuts_networks_off)
{
    const char *ovr[] = {BASE("10.0.0.0/14"), "run.start=2001-07-19T10:00Z",
                         "worm.seed_time=2001-07-19T10:00Z", "run.end=2001-07-19T14:00Z",
                         "removal.advisory=2001-07-19T12:00Z", "removal.filter_share=1",
                         "removal.filter_delay=1min", NULL};
    struct world_config c;
    harness_config(&c, ovr);
    struct trace tr;
    harness_run(&c, 7, &tr);
    size_t before = at(&tr, 2 * 3600), after = at(&tr, 3 * 3600);
    double infected = harness_at(&tr, before, "infected");
    ck_assert_double_gt(infected, 300);
    ck_assert_double_eq(harness_at(&tr, after, "filtered"), 400);
    ck_assert_double_eq(harness_at(&tr, after, "infected"), 0);
    ck_assert_double_eq(harness_at(&tr, after, "removed_filter"), infected);
    harness_free(&tr);
}
END_TEST

/* A chained run (run.record_from) stores the rows of the same run from that time on. */
START_TEST(chained_run_is_the_run_continued)
{
    const char *full[] = {BASE("10.0.0.0/16"), "run.start=2001-07-19T20:00Z",
                          "worm.seed_time=2001-07-19T20:00Z", "run.end=2001-08-01T12:00Z",
                          "population.uptime_mean=30d",
                          "population.patch_rate=0.02/d", "removal.home_share=0.5",
                          "removal.reboot_rate=0.02/d", NULL};
    const char *chained[] = {BASE("10.0.0.0/16"), "run.start=2001-07-19T20:00Z",
                             "worm.seed_time=2001-07-19T20:00Z", "run.end=2001-08-01T12:00Z",
                             "population.uptime_mean=30d",
                             "population.patch_rate=0.02/d", "removal.home_share=0.5",
                             "removal.reboot_rate=0.02/d", "run.record_from=2001-08-01T00:00Z",
                             NULL};
    struct world_config c;
    struct trace a, b;
    harness_config(&c, full);
    harness_run(&c, 8, &a);
    harness_config(&c, chained);
    harness_run(&c, 8, &b);
    double t0 = (12 * 24 + 4) * 3600.0; /* 1 August 00:00 */
    ck_assert_double_eq(b.t[0], t0);
    ck_assert_uint_eq(b.n, 73); /* 12 h of 10-minute samples and the first */
    size_t i0 = at(&a, t0);
    const char *same[] = {"infected", "ever_infected", "patched", "spreading", "dormant",
                          "removed_reboot", "removed_patch", "removed_poweroff"};
    for (size_t i = 0; i < b.n; i++)
        for (size_t j = 0; j < sizeof same / sizeof same[0]; j++)
            ck_assert_msg(harness_at(&b, i, same[j]) == harness_at(&a, i0 + i, same[j]),
                          "%s at row %zu: %g vs %g", same[j], i, harness_at(&b, i, same[j]),
                          harness_at(&a, i0 + i, same[j]));
    /* Interval columns too: the chained run samples through July as the full run does. */
    for (size_t i = 0; i < b.n; i++)
        ck_assert_double_eq(harness_at(&b, i, "new_infections"),
                            harness_at(&a, i0 + i, "new_infections"));
    ck_assert_double_gt(harness_at(&b, 0, "dormant"), 0); /* survivors asleep at 00:00 */
    harness_free(&a);
    harness_free(&b);
}
END_TEST

/* Dormant hosts wake uniformly within sleep_length after 00:00 on the 1st: at 2 h of 4 h about
 * half spread (binomial, 5 sd); with sleep_length 0 all spread at 00:00. */
START_TEST(dormant_hosts_wake_within_sleep_length)
{
    const char *ovr[] = {BASE("10.0.0.0/16"), "run.start=2001-07-31T20:00Z",
                         "worm.seed_time=2001-07-31T20:00Z", "run.end=2001-08-01T06:00Z",
                         "worm.sleep_length=4h", NULL};
    struct world_config c;
    harness_config(&c, ovr);
    /* Seeded on the 31st at 20:00: the seed host is dormant (day 28 on), infects nobody. Seed
     * all 400 instead, at once. */
    c.worms[0].seed_hosts = 400;
    struct trace tr;
    harness_run(&c, 9, &tr);
    size_t mid = at(&tr, 6 * 3600), full = at(&tr, 8.5 * 3600);
    double n = harness_at(&tr, mid, "spreading") + harness_at(&tr, mid, "dormant");
    ck_assert_double_eq(n, 400);
    double woke = harness_at(&tr, mid, "spreading");
    ck_assert_msg(fabs(woke - 200) < 5 * sqrt(400 * 0.25), "%.0f of 400 awake at 02:00", woke);
    ck_assert_double_eq(harness_at(&tr, full, "spreading"), 400);
    harness_free(&tr);
    c.worms[0].sleep_length_s = 0;
    harness_run(&c, 9, &tr);
    ck_assert_double_eq(harness_at(&tr, at(&tr, 4 * 3600 + 600), "spreading"), 400);
    harness_free(&tr);
}
END_TEST

/* Reads a scenario file's text. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    static char text[2][65536];
    static int which;
    char *buf = text[which++ & 1];
    size_t len = fread(buf, 1, sizeof text[0] - 1, f);
    fclose(f);
    buf[len] = 0;
    return buf;
}

/* aug1-crv2.ini is july19-crv2.ini continued: every key outside [run] the same. */
START_TEST(aug1_is_july19_continued)
{
    struct world_config a, b;
    const char *none[] = {NULL};
    harness_config_text(&a, slurp("scenarios/july19-crv2.ini"), none);
    harness_config_text(&b, slurp("scenarios/aug1-crv2.ini"), none);
    ck_assert_double_eq(a.start_epoch_s, b.start_epoch_s);
    ck_assert_double_eq(a.seed, b.seed);
    ck_assert_double_gt(b.record_from_epoch_s, a.end_epoch_s);
    memcpy(b.name, a.name, sizeof a.name);
    b.end_epoch_s = a.end_epoch_s;
    b.record_from_epoch_s = a.record_from_epoch_s;
    b.sample_s = a.sample_s;
    char *ta = params_to_string(config_table(), &a), *tb = params_to_string(config_table(), &b);
    ck_assert_str_eq(ta, tb);
    free(ta);
    free(tb);
}
END_TEST

Suite *removal_suite(void)
{
    Suite *s = suite_create("removal");
    TCase *tc = tcase_create("removal");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, switched_off_by_local_time);
    tcase_add_test(tc, share_off_at_night);
    tcase_add_test(tc, reboots_after_the_advisory);
    tcase_add_test(tc, filtering_cuts_networks_off);
    tcase_add_test(tc, chained_run_is_the_run_continued);
    tcase_add_test(tc, dormant_hosts_wake_within_sleep_length);
    tcase_add_test(tc, aug1_is_july19_continued);
    suite_add_tcase(s, tc);
    return s;
}
