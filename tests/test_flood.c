/* test_flood.c - Code Red I's flood bursts counted per sample (flood.c): every flooding host
 * bursts at its phase start and every 4.5 h after (SOURCES §4), and each burst falls in the
 * sample its event would have run before. With correct clocks all 500 hosts start flooding at
 * 00:00 UTC on the 20th, which is a sample time: the phase changes run before that sample (they
 * were scheduled hours before it), the bursts they start are scheduled after it and fall in
 * the next minute; each later burst was scheduled 4.5 h before its time, before the sample at
 * that time was, so it falls in that sample. A host that leaves the flood phase (rebooted)
 * bursts no more. */
#include <check.h>
#include <stdbool.h>

#include "harness.h"
#include "suites.h"

#define BASE                                                                              \
    "space.prefix=10.0.0.0/16", "population.vulnerable=500", "population.other_web=0",    \
        "worm.scan_rate=50/s", "worm.seed_hosts=1", "run.start=2001-07-19T20:00Z",        \
        "worm.seed_time=2001-07-19T20:00Z", "run.sample=60s", "population.share_japanese=0", \
        "population.clock_sd=0s", "population.clock_wrong_share=0"

START_TEST(bursts_fall_in_their_samples)
{
    const char *ovr[] = {BASE, "run.end=2001-07-20T14:00Z", NULL};
    struct world_config c;
    harness_config(&c, ovr);
    struct trace tr;
    harness_run(&c, 1, &tr);
    /* 00:00 UTC is 4 h after the start; bursts at 4 h, 8.5 h, 13 h and 17.5 h (the end: 18 h) */
    const double at[] = {4 * 3600 + 60, 8.5 * 3600, 13 * 3600, 17.5 * 3600};
    size_t found = 0;
    for (size_t i = 0; i < tr.n; i++) {
        double conns = harness_at(&tr, i, "flood_connections");
        bool due = false;
        for (size_t j = 0; j < 4; j++)
            due |= tr.t[i] == at[j];
        ck_assert_msg(conns == (due ? 500 * 100.0 : 0), "t %g: %g connections", tr.t[i], conns);
        ck_assert(harness_at(&tr, i, "flood_bytes") == (due ? 500 * 100 * 100e3 : 0));
        found += due;
    }
    ck_assert_uint_eq(found, 4);
    harness_free(&tr);
}
END_TEST

/* Hosts rebooted while flooding (uptime_mean 2 h): a burst is counted only while the host still
 * floods, so fewer than 500 per 4.5 h, and the first burst of each flooding host still counts. */
START_TEST(rebooted_hosts_stop_bursting)
{
    const char *ovr[] = {BASE, "run.end=2001-07-20T14:00Z", "population.uptime_mean=2h", NULL};
    struct world_config c;
    harness_config(&c, ovr);
    struct trace tr;
    harness_run(&c, 1, &tr);
    double first = 0, later = 0;
    for (size_t i = 0; i < tr.n; i++) {
        double conns = harness_at(&tr, i, "flood_connections");
        if (tr.t[i] == 4 * 3600 + 60)
            first = conns;
        else if (tr.t[i] > 4 * 3600 + 60)
            later += conns;
        else
            ck_assert(conns == 0);
    }
    double flooding = 0; /* hosts flooding just after 00:00: each burst once then */
    for (size_t i = 0; i < tr.n; i++)
        if (tr.t[i] == 4 * 3600 + 60)
            flooding = harness_at(&tr, i, "flooding");
    ck_assert(flooding > 0 && flooding < 500);
    /* every host flooding at 00:01 burst at 00:00; a few more burst and rebooted within it */
    ck_assert(first >= flooding * 100 && first <= (flooding + 10) * 100);
    /* Exp(2 h) uptimes: of the hosts flooding at 4 h, about e^-2.25 are still up at 8.5 h. */
    ck_assert(later > 0 && later < 0.5 * first);
    harness_free(&tr);
}
END_TEST

Suite *flood_suite(void)
{
    Suite *s = suite_create("flood");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, bursts_fall_in_their_samples);
    tcase_add_test(tc, rebooted_hosts_stop_bursting);
    suite_add_tcase(s, tc);
    return s;
}
