/* test_world.c - the Code Red I host mechanisms in whole runs of small worlds: the switch from
 * spreading to flooding at 00:00 UTC on the 20th, hosts with wrong clocks, flood traffic,
 * reboots clearing the worm, Japanese IIS crashing and restarting, and determinism. Expected
 * values come from the facts (phase days, flood sizes) and from simple probability. */
#include <check.h>
#include <math.h>
#include <string.h>

#include "harness.h"
#include "suites.h"

/* 500 hosts in a /16 at 50 scans/s: saturated within minutes of the 20:00 seeding. Each test
 * adds run.end. */
#define BASE                                                                              \
    "space.prefix=10.0.0.0/16", "population.vulnerable=500", "population.other_web=0",    \
        "worm.scan_rate=50/s", "worm.seed_hosts=1", "run.start=2001-07-19T20:00Z",        \
        "worm.seed_time=2001-07-19T20:00Z", "run.sample=60s"

static size_t sample_at(const struct trace *tr, double t)
{
    for (size_t i = 0; i < tr->n; i++)
        if (tr->t[i] >= t)
            return i;
    ck_abort_msg("no sample at %g", t);
    return 0;
}

static double total(const struct trace *tr, const char *col, double from, double to)
{
    double s = 0;
    for (size_t i = 0; i < tr->n; i++)
        if (tr->t[i] > from && tr->t[i] <= to)
            s += harness_at(tr, i, col);
    return s;
}

START_TEST(midnight_switch_to_flood)
{
    const char *ovr[] = {BASE, "population.share_japanese=0", "population.clock_sd=0s",
                         "population.clock_wrong_share=0", "run.end=2001-07-20T02:00Z", NULL};
    struct world_config c;
    harness_config(&c, ovr);
    struct trace tr;
    harness_run(&c, 1, &tr);
    size_t before = sample_at(&tr, 4 * 3600 - 60), after = sample_at(&tr, 4 * 3600 + 60);
    double infected = harness_at(&tr, before, "infected");
    ck_assert_double_eq(infected, 500);
    ck_assert_double_eq(harness_at(&tr, before, "spreading"), 500);
    ck_assert_double_eq(harness_at(&tr, after, "spreading"), 0);
    ck_assert_double_eq(harness_at(&tr, after, "flooding"), 500);
    /* SOURCES §4: 100 connections of about 100 KB each per host, then 4.5 h asleep. */
    ck_assert_double_eq(total(&tr, "flood_connections", 4 * 3600 - 1, 6 * 3600), 500 * 100.0);
    ck_assert_double_eq(total(&tr, "flood_bytes", 4 * 3600 - 1, 6 * 3600), 500 * 100 * 100e3);
    ck_assert_double_eq(total(&tr, "flood_bytes", 0, 4 * 3600 - 1), 0);
    ck_assert_double_eq(total(&tr, "scans", 4 * 3600, 6 * 3600), 0);
    harness_free(&tr);
}
END_TEST

START_TEST(wrong_clocks_keep_spreading)
{
    /* Offsets uniform in +-30 days: at 01:00 UTC on 20 July a clock shows a spread day (1-19)
     * for 19 days of July plus 18 days 1 hour of August out of 60 days: p = 0.6181. */
    const char *ovr[] = {BASE, "population.share_japanese=0", "population.clock_wrong_share=1",
                         "population.clock_wrong_range=30d", "run.end=2001-07-20T02:00Z", NULL};
    struct world_config c;
    harness_config(&c, ovr);
    struct trace tr;
    harness_run(&c, 2, &tr);
    size_t i = sample_at(&tr, 5 * 3600);
    double infected = harness_at(&tr, i, "infected"), spreading = harness_at(&tr, i, "spreading");
    double p = (19 + 18 + 1 / 24.0) / 60.0, sd = sqrt(p * (1 - p) / infected);
    ck_assert_double_eq(infected, 500);
    ck_assert_msg(fabs(spreading / infected - p) < 5 * sd, "spreading share %.3f, expected %.3f",
                  spreading / infected, p);
    harness_free(&tr);
}
END_TEST

START_TEST(reboot_clears_the_worm)
{
    const char *ovr[] = {BASE, "population.share_japanese=0", "population.uptime_mean=10min",
                         "run.end=2001-07-19T22:00Z", NULL};
    struct world_config c;
    harness_config(&c, ovr);
    struct trace tr;
    harness_run(&c, 3, &tr);
    double reboots = total(&tr, "reboots", -1, 1e9), infections = total(&tr, "new_infections", -1, 1e9);
    double ever = harness_at(&tr, tr.n - 1, "ever_infected");
    double infected = harness_at(&tr, tr.n - 1, "infected");
    ck_assert_double_gt(reboots, 500);
    ck_assert_double_eq(ever, 500);
    /* Every infection ends in a reboot or is still running: the books balance. */
    ck_assert_double_eq(infections, reboots + infected);
    ck_assert_double_gt(infections, ever); /* rebooted hosts were infected again */
    harness_free(&tr);
}
END_TEST

START_TEST(japanese_iis_crashes)
{
    const char *ovr[] = {BASE, "population.share_english=0", "population.share_chinese=0",
                         "population.share_japanese=0.5", "population.japanese_crash=1",
                         "population.iis_restart=0s", "run.end=2001-07-19T22:00Z", NULL};
    struct world_config c;
    harness_config(&c, ovr);
    struct trace tr;
    harness_run(&c, 4, &tr);
    double crashed = harness_at(&tr, tr.n - 1, "crashed");
    double infected = harness_at(&tr, tr.n - 1, "infected");
    ck_assert_double_eq(crashed + infected, 500);
    ck_assert_msg(fabs(crashed - 250) < 5 * sqrt(500 * 0.25), "crashed %.0f", crashed);
    harness_free(&tr);

    /* IIS 5 restarts itself and is probed again, so crashes repeat. */
    const char *ovr2[] = {BASE, "population.share_english=0", "population.share_chinese=0",
                          "population.share_japanese=0.5", "population.japanese_crash=1",
                          "population.iis_restart=1min", "run.end=2001-07-19T22:00Z", NULL};
    harness_config(&c, ovr2);
    harness_run(&c, 4, &tr);
    ck_assert_double_lt(harness_at(&tr, tr.n - 1, "crashed"), 250);
    harness_free(&tr);
}
END_TEST

START_TEST(same_seed_same_run)
{
    const char *ovr[] = {BASE, "population.uptime_mean=30min", "run.end=2001-07-20T02:00Z", NULL};
    struct world_config c;
    harness_config(&c, ovr);
    struct trace a, b, other;
    harness_run(&c, 77, &a);
    harness_run(&c, 77, &b);
    harness_run(&c, 78, &other);
    ck_assert_uint_eq(a.n, b.n);
    ck_assert_int_eq(memcmp(a.v, b.v, sizeof *a.v * a.n * (size_t)a.ncol), 0);
    ck_assert_int_ne(memcmp(a.v, other.v, sizeof *a.v * a.n * (size_t)a.ncol), 0);
    harness_free(&a);
    harness_free(&b);
    harness_free(&other);
}
END_TEST

/* Code Red II: 24 h of scanning, then the worm reboots the host, leaving the backdoor; a
 * host whose clock shows October 2001 reboots instead of being infected. */
START_TEST(crii_lifetime_backdoor_and_expiry)
{
    const char *ovr[] = {"worm.variant=crii", "population.hosts_file=tests/data/clustered-hosts.txt",
                         "population.other_web=0", "population.share_japanese=0",
                         "population.share_chinese=0", "population.clock_sd=0s",
                         "population.clock_wrong_share=0", "worm.scan_rate=10/s",
                         "run.start=2001-08-04T00:00Z", "worm.seed_time=2001-08-04T00:00Z",
                         "run.end=2001-08-05T06:00Z", "run.sample=10min", NULL};
    struct world_config c;
    harness_config(&c, ovr);
    struct trace tr;
    harness_run(&c, 5, &tr);
    /* Before 24 h nobody has rebooted; the seed host reboots at exactly 24 h. */
    size_t day = sample_at(&tr, 86400 - 600);
    ck_assert_double_eq(total(&tr, "reboots", -1, tr.t[day]), 0);
    ck_assert_double_eq(harness_at(&tr, day, "backdoored"), 0);
    ck_assert_double_gt(harness_at(&tr, tr.n - 1, "backdoored"), 1000);
    ck_assert_double_eq(total(&tr, "reboots", -1, 1e9), harness_at(&tr, tr.n - 1, "backdoored"));
    harness_free(&tr);

    const char *late[] = {"worm.variant=crii", "population.hosts_file=tests/data/clustered-hosts.txt",
                          "population.other_web=0", "population.share_japanese=0",
                          "population.clock_sd=0s", "population.clock_wrong_share=0",
                          "run.start=2001-10-01T00:00Z", "worm.seed_time=2001-10-01T00:00Z",
                          "run.end=2001-10-01T01:00Z", NULL};
    harness_config(&c, late);
    harness_run(&c, 5, &tr);
    ck_assert_double_eq(harness_at(&tr, tr.n - 1, "ever_infected"), 0);
    harness_free(&tr);
}
END_TEST

Suite *world_suite(void)
{
    Suite *s = suite_create("world");
    TCase *tc = tcase_create("mechanisms");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, midnight_switch_to_flood);
    tcase_add_test(tc, wrong_clocks_keep_spreading);
    tcase_add_test(tc, reboot_clears_the_worm);
    tcase_add_test(tc, japanese_iis_crashes);
    tcase_add_test(tc, same_seed_same_run);
    tcase_add_test(tc, crii_lifetime_backdoor_and_expiry);
    suite_add_tcase(s, tc);
    return s;
}
