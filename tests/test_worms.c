/* test_worms.c - the rules added with Code Red II's issue, each in a small world: Code Red I
 * v1's one shared list spreads linearly while v2 grows exponentially; NAT sites are reached
 * only from inside; two worms on one host and Code Red II's reboot clearing Code Red I; NT 4
 * IIS crashing under Code Red II; patching at its rate; embedded devices hanging or restarting. Expected values come from theory
 * (walk rate x density, binomial bounds), fixed before the runs. The world is inspected host
 * by host through world_internal.h where the samples cannot show a rule. */
#include <check.h>
#include <math.h>
#include <string.h>

#include "harness.h"
#include "suites.h"
#include "world.h"
#include "world_internal.h"

/* Code Red I v1 with one list (worm.sequences = 1): only the leading instance reaches new
 * addresses, at r per second, so infections per hour are r 3600 V / S whatever the number infected. 2000 hosts in
 * a /16 at 0.2 scans/s: 21.97 per hour; the count in an hour's stretch of the sequence is
 * hypergeometric, sd < sqrt(22) = 4.7: each of hours 1-10 within 5 sd. Code Red I v2 on the
 * same world grows as e^(K t), K = 0.2 x 3600 x 2000 / 65536 = 22 per hour: half the pool
 * within the first hour (logistic: t_half = ln(2000) / K = 21 min). */
START_TEST(crv1_linear_crv2_exponential)
{
    const char *ovr[] = {"space.prefix=10.0.0.0/16", "population.vulnerable=2000",
                         "population.share_japanese=0", "population.clock_sd=0s",
                         "population.clock_wrong_share=0", "worm.variant=crv1",
                         "worm.sequences=1", "worm.scan_rate=0.2/s", "worm.seed_hosts=1",
                         "run.start=2001-07-13T00:00Z", "worm.seed_time=2001-07-13T00:00Z",
                         "run.end=2001-07-13T10:00Z", "run.sample=1h", NULL};
    struct world_config c;
    harness_config(&c, ovr);
    struct trace tr;
    harness_run(&c, 3, &tr);
    double expect = 0.2 * 3600 * 1999 / 65536.0, bound = 5 * sqrt(expect);
    for (size_t i = 1; i < tr.n; i++) {
        double n = harness_at(&tr, i, "new_infections");
        ck_assert_msg(fabs(n - expect) < bound, "hour %zu: %g infections, expected %.1f", i, n,
                      expect);
    }
    harness_free(&tr);

    c.worms[0].variant = WORM_CRV2;
    harness_run(&c, 3, &tr);
    ck_assert_double_ge(harness_at(&tr, 1, "infected"), 1000);
    harness_free(&tr);
}
END_TEST

static void crii_world(struct world_config *c, const char *extra1, const char *extra2,
                       const char *extra3)
{
    const char *ovr[] = {"worm.variant=crii", "population.hosts_file=tests/data/clustered-hosts.txt",
                         "population.share_japanese=0", "population.share_chinese=0",
                         "population.clock_sd=0s", "population.clock_wrong_share=0",
                         "worm.scan_rate=10/s", "run.start=2001-08-04T00:00Z",
                         "worm.seed_time=2001-08-04T00:00Z", "run.end=2001-08-05T06:00Z",
                         "run.sample=10min", extra1, extra2, extra3, NULL};
    harness_config(c, ovr);
}

/* A NAT site is reached only from inside: seeded outside, no private host is ever infected;
 * seeded inside site 0, site 0 is infected and sites 1 and 2 never are. */
START_TEST(nat_sites_reached_only_from_inside)
{
    struct world_config c;
    crii_world(&c, "population.nat_sites=3", "population.nat_site_hosts=300", NULL);
    c.worms[0].seed_hosts = 3;
    c.share_nt4 = 0;
    struct engine *eng;
    struct world *w = harness_world(&c, 1, 12 * 3600.0, &eng);
    uint32_t pub = 0, priv = 0;
    for (uint32_t h = 0; h < w->pop.n; h++) {
        if (ipv4_is_private(w->pop.addr[h]))
            priv += w->ever[h] != 0;
        else
            pub += w->ever[h] != 0;
    }
    ck_assert_uint_gt(pub, 1000); /* the public /16s are dense: they fill within hours */
    ck_assert_uint_eq(priv, 0);
    harness_world_free(w, eng);

    c.worms[0].seed_hosts = 0;
    c.worms[0].seed_nat_sites = 1;
    w = harness_world(&c, 1, 12 * 3600.0, &eng);
    uint32_t site[3] = {0, 0, 0};
    for (uint32_t h = 0; h < w->pop.n; h++)
        if (ipv4_is_private(w->pop.addr[h]))
            site[(w->pop.addr[h] >> 16) & 0xFF] += w->ever[h] != 0;
    /* 300 hosts in 10.0/16 at 3/8 x 10 scans/s: K = 3.75 x 3600 x 300 / 65536 = 62 per hour */
    ck_assert_uint_gt(site[0], 290);
    ck_assert_uint_eq(site[1], 0);
    ck_assert_uint_eq(site[2], 0);
    harness_world_free(w, eng);
}
END_TEST

/* Code Red I v2 and Code Red II on one population: hosts run both at once, and Code Red II's
 * reboot after 24 h removes Code Red I too. Code Red I is seeded on 1000 of the 2000 hosts
 * and barely spreads (its random scans rarely find this 2000-host world); Code Red II fills
 * the four dense /16s within hours, so by 23 h most Code Red I hosts run both, and by 25 h
 * (every Code Red II host infected in the first hours has rebooted) almost none runs Code Red
 * I any more. */
START_TEST(two_worms_and_crii_reboot_clears_crv1)
{
    struct world_config c;
    crii_world(&c, "worm2.variant=crv2", "worm2.seed_hosts=1000", "worm2.seed_time=2001-08-04T00:00Z");
    c.share_nt4 = 0;
    c.worms[1].scan_rate = 6;
    struct engine *eng;
    struct world *w = harness_world(&c, 2, 23 * 3600.0, &eng);
    struct worm *crv2 = &w->worms[1];
    ck_assert_int_eq(crv2->cfg.variant, WORM_CRV2);
    uint32_t both = 0;
    for (uint32_t h = 0; h < w->pop.n; h++)
        both += w->infected[h] == 3;
    ck_assert_uint_ge(crv2->n_infected, 950);
    ck_assert_uint_gt(both, 900);
    engine_run(eng, 25.5 * 3600.0);
    world_check(w);
    ck_assert_uint_lt(crv2->n_infected, 100);
    harness_world_free(w, eng);
}
END_TEST

/* SOURCES §6: on NT 4 its code crashes IIS; Code Red I infects NT 4. */
START_TEST(nt4_crashes_under_crii_only)
{
    struct world_config c;
    crii_world(&c, "population.share_nt4=0.5", "population.iis4_restart=0s", NULL);
    struct engine *eng;
    struct world *w = harness_world(&c, 4, 12 * 3600.0, &eng);
    uint32_t nt4 = 0, nt4_crashed = 0;
    for (uint32_t h = 0; h < w->pop.n; h++) {
        if (w->pop.kind[h] != KIND_IIS_NT4)
            continue;
        nt4++;
        ck_assert_int_eq(w->ever[h], 0);
        nt4_crashed += w->state[h] == HOST_CRASHED;
    }
    ck_assert_uint_gt(nt4, 800);
    ck_assert_uint_gt(nt4_crashed, nt4 * 9 / 10);
    harness_world_free(w, eng);

    const char *ovr[] = {"space.prefix=10.0.0.0/16", "population.vulnerable=2000",
                         "population.share_japanese=0", "population.share_nt4=0.5",
                         "worm.scan_rate=10/s", "run.start=2001-07-19T10:00Z",
                         "run.end=2001-07-19T11:00Z", NULL};
    harness_config(&c, ovr);
    w = harness_world(&c, 4, 3600.0, &eng);
    uint32_t nt4_infected = 0;
    for (uint32_t h = 0; h < w->pop.n; h++)
        nt4_infected += w->pop.kind[h] == KIND_IIS_NT4 && w->infected[h];
    ck_assert_uint_gt(nt4_infected, 900); /* K = 10 x 3600 x 2000 / 65536 = 1100 per hour */
    ck_assert_uint_eq(w->n_crashed, 0);
    harness_world_free(w, eng);
}
END_TEST

/* Patching at rate 1/h with no worm: after 2 h, V (1 - e^-2) hosts patched, binomial 5 sd. */
START_TEST(patching_at_its_rate)
{
    struct world_config c;
    crii_world(&c, "population.patch_rate=1/h", "population.patch_start=2001-08-04T00:00Z", NULL);
    c.worms[0].seed_hosts = 0;
    struct engine *eng;
    struct world *w = harness_world(&c, 6, 7200.0, &eng);
    double p = 1 - exp(-2.0), n = w->pop.n_vulnerable;
    ck_assert_msg(fabs(w->n_patched - n * p) < 5 * sqrt(n * p * (1 - p)), "%u patched of %g",
                  w->n_patched, n);
    harness_world_free(w, eng);
}
END_TEST

/* SOURCES §11: a probe hangs a DSL router until it is power-cycled and
 * restarts others; neither is ever infected. 2000 IIS and 200 + 200 devices in a /16, Code
 * Red I v2 at 10 scans/s: within the hour every address is probed many times (1100 hits an
 * hour per host, K above), so every hanging device is down, and stays down until its power
 * cycle at 2 h after it hung; restarting ones come back after 2 min and are hit again. */
START_TEST(devices_hang_or_restart)
{
    const char *ovr[] = {"space.prefix=10.0.0.0/16", "population.vulnerable=2000",
                         "population.devices_hang=200", "population.devices_restart=200",
                         "population.device_power_cycle=2h", "population.device_restart=2min",
                         "population.share_japanese=0", "worm.scan_rate=10/s",
                         "run.start=2001-07-19T10:00Z", "run.end=2001-07-19T14:00Z", NULL};
    struct world_config c;
    harness_config(&c, ovr);
    struct engine *eng;
    struct world *w = harness_world(&c, 8, 3600.0, &eng);
    uint32_t hang = 0, restart = 0, hung_down = 0;
    for (uint32_t h = 0; h < w->pop.n; h++) {
        uint8_t kind = w->pop.kind[h];
        hang += kind == KIND_DEVICE_HANGS;
        restart += kind == KIND_DEVICE_RESTARTS;
        if (population_is_device(kind))
            ck_assert_int_eq(w->ever[h], 0);
        hung_down += kind == KIND_DEVICE_HANGS && w->state[h] == HOST_DEVICE_DOWN;
    }
    ck_assert_uint_eq(hang, 200);
    ck_assert_uint_eq(restart, 200);
    ck_assert_uint_eq(w->pop.n_vulnerable, 2000);
    ck_assert_uint_eq(hung_down, 200);
    harness_world_free(w, eng);
    /* Restarting devices fail again and again: over 4 h far more failures than devices. */
    struct trace tr;
    harness_run(&c, 8, &tr);
    double failures = 0;
    for (size_t i = 0; i < tr.n; i++)
        failures += harness_at(&tr, i, "device_failures");
    ck_assert_double_gt(failures, 200 + 200 * 10);
    harness_free(&tr);
}
END_TEST

Suite *worms_suite(void)
{
    Suite *s = suite_create("worms");
    TCase *tc = tcase_create("rules");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, crv1_linear_crv2_exponential);
    tcase_add_test(tc, nat_sites_reached_only_from_inside);
    tcase_add_test(tc, two_worms_and_crii_reboot_clears_crv1);
    tcase_add_test(tc, nt4_crashes_under_crii_only);
    tcase_add_test(tc, patching_at_its_rate);
    tcase_add_test(tc, devices_hang_or_restart);
    suite_add_tcase(s, tc);
    return s;
}
