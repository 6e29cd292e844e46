/* test_router_memory.c - memory as IOS manages it (models/net/router.c): the add floor that keeps
 * the cache from exhausting memory, ageing under pressure with the floor, the ARP path (a static
 * route to a broadcast interface, with and without proxy ARP), packet buffers of process-switched
 * packets and the hold queue, and seed 000's two routers. Expected values are computed here from
 * the configuration (counts of entries and bytes), never read back from the router. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "rng.h"
#include "router.h"
#include "suites.h"

#include "router_bench.h"

/* The add floor: with no other consumer, cache entries stop at the count that keeps free memory
 * at or above the floor, (installed - system - floor) / entry rounded down, and the router never
 * fails, however fast new destinations come (here 500/s, far above what ageing 1/16 a minute
 * removes). */
START_TEST(add_floor_caps_the_cache)
{
    struct router_config c;
    base_config(&c);
    c.cache_floor_bytes = 1 * MIB; /* above mem_fail_bytes = 512 KiB */
    long cap = (long)floor((c.mem_installed_bytes - c.mem_system_bytes - c.cache_floor_bytes) /
                           c.cache_entry_bytes);
    struct bench b;
    bench_start(&b, &c, 3);
    struct feed f;
    feed_start(&f, b.eng, b.r, FEED_DISTINCT, 500, NULL);
    for (int m = 1; m <= 120; m++) {
        engine_run(b.eng, 60.0 * m - 1); /* just before a tick: the cache at its fullest */
        ck_assert_int_le(router_cache_entries(b.r), cap);
        ck_assert(router_free_bytes(b.r) >= c.cache_floor_bytes);
        if (m >= 10) /* 500/s refill it within a second of each tick */
            ck_assert_int_eq(router_cache_entries(b.r), cap);
    }
    ck_assert_int_eq(b.log.crashes, 0);
    ck_assert_int_eq(f.lost, 0);
    router_check(b.r);
    bench_end(&b);
}
END_TEST

/* Without the floor (0: the protection off) the same traffic crashes it at the entry that takes
 * free memory below the fail level. */
START_TEST(no_floor_the_cache_crashes_it)
{
    struct router_config c;
    base_config(&c);
    c.cache_floor_bytes = 0;
    struct bench b;
    bench_start(&b, &c, 3);
    struct feed f;
    feed_start(&f, b.eng, b.r, FEED_DISTINCT, 500, NULL);
    engine_run(b.eng, 600);
    /* entries_to_fail entries arrive at (k - 1/2) / 500 s: the first crash before the first tick */
    const struct ev *e = first_event(&b.log, "router_crash");
    ck_assert_ptr_nonnull(e);
    ck_assert_double_eq_tol(e->t, (entries_to_fail(&c, 0) - 0.5) / 500, 1e-9);
    bench_end(&b);
}
END_TEST

/* Ageing under pressure with the floor: once free memory is below pressure_free_bytes, a tick
 * removes round(f x factor x n) entries (f = 1/16, factor 4: a quarter), computed here from the
 * count just before the tick. */
START_TEST(pressure_ageing_with_floor)
{
    struct router_config c;
    base_config(&c);
    c.cache_floor_bytes = 1 * MIB;
    c.pressure_free_bytes = 2 * MIB;
    c.pressure_factor = 4;
    struct bench b;
    bench_start(&b, &c, 5);
    struct feed f;
    feed_start(&f, b.eng, b.r, FEED_DISTINCT, 200, NULL);
    for (int m = 1; m <= 30; m++) {
        engine_run(b.eng, 60.0 * m - 1e-6);
        uint32_t n = router_cache_entries(b.r);
        bool pressed = router_free_bytes(b.r) < c.pressure_free_bytes;
        double fr = c.age_fraction_per_min * (pressed ? c.pressure_factor : 1);
        engine_run(b.eng, 60.0 * m + 1e-6); /* the tick only: arrivals are at half-steps */
        ck_assert_int_eq(router_cache_entries(b.r), n - (uint32_t)floor(fr * n + 0.5));
    }
    ck_assert_int_eq(b.log.crashes, 0);
    bench_end(&b);
}
END_TEST

/* The ARP path: every distinct destination becomes an ARP entry of arp_entry_bytes, complete
 * (proxy ARP) for arp_timeout_s or incomplete for arp_incomplete_s. Counted at whole seconds from
 * arrivals at (k - 1/2) / D: D x min(t, lifetime) entries. */
START_TEST(arp_lifetime_proxy_or_not)
{
    for (int proxy = 0; proxy <= 1; proxy++) {
        struct router_config c;
        base_config(&c);
        c.switching = ROUTER_CEF; /* no cache: ARP alone */
        c.arp_per_destination = 1;
        c.proxy_arp = proxy;
        c.arp_timeout_s = 300;
        c.arp_incomplete_s = 30;
        double life = proxy ? 300 : 30, D = 10;
        struct bench b;
        bench_start(&b, &c, 9);
        struct feed f;
        feed_start(&f, b.eng, b.r, FEED_DISTINCT, D, NULL);
        for (int t = 10; t <= 600; t += 10) {
            engine_run(b.eng, t);
            struct router_sample s;
            router_sample(b.r, t, 10, &s);
            double want = D * fmin(t, life);
            ck_assert_msg(s.arp_entries == want, "proxy %d t %d: %g entries, want %g", proxy, t,
                          s.arp_entries, want);
            ck_assert_double_eq_tol(s.free_bytes,
                                    c.mem_installed_bytes - c.mem_system_bytes -
                                        c.cef_table_bytes - want * c.arp_entry_bytes,
                                    1e-6);
        }
        bench_end(&b);
    }
}
END_TEST

/* ARP entries have no floor: with the cache protected, the ARP path alone fails the router when
 * ARP entries (and the capped cache) take free memory below the fail level. With a cache full at
 * its cap, the crash comes at the ARP entry that takes the rest: computed here entry by entry. */
START_TEST(arp_path_fails_a_protected_router)
{
    struct router_config c;
    base_config(&c);
    c.cache_floor_bytes = 1 * MIB;
    c.arp_per_destination = 1;
    c.arp_entry_bytes = 100;
    c.age_fraction_per_min = 0; /* nothing ages: the arithmetic below is exact */
    struct bench b;
    bench_start(&b, &c, 4);
    struct feed f;
    feed_start(&f, b.eng, b.r, FEED_DISTINCT, 100, NULL);
    engine_run(b.eng, 3600);
    /* Arrival k adds a cache entry while free - 256 >= floor, and always an ARP entry. */
    double free_b = c.mem_installed_bytes - c.mem_system_bytes;
    long k = 0;
    while (free_b >= c.mem_fail_bytes) {
        k++;
        if (free_b - c.cache_entry_bytes >= c.cache_floor_bytes)
            free_b -= c.cache_entry_bytes;
        free_b -= c.arp_entry_bytes;
    }
    const struct ev *e = first_event(&b.log, "router_crash");
    ck_assert_ptr_nonnull(e);
    ck_assert_double_eq_tol(e->t, (k - 0.5) / 100, 1e-9);
    ck_assert_int_ge(b.log.crashes, 2); /* and again after each reload */
    bench_end(&b);
}
END_TEST

/* One-shot arrivals for the buffer test: n packets to new destinations at time t. */
struct burst {
    struct router *r;
    int n, lost;
    uint32_t base;
};

static void burst_fn(struct engine *eng, void *ctx, uint32_t a, uint32_t b)
{
    (void)a;
    (void)b;
    struct burst *u = ctx;
    for (int i = 0; i < u->n; i++)
        u->lost += !router_forward(u->r, engine_now(eng), u->base + (uint32_t)i * 7u);
}

/* Packet buffers: 50 process-switched packets at one instant hold 50 buffers (each packet needs
 * 10 ms of process time), released one per 10 ms; with a hold queue of 30 the last 20 are
 * dropped and take nothing. Free memory = headroom - entries x entry - buffers x buffer. */
START_TEST(buffers_held_and_released)
{
    for (int q = 0; q <= 1; q++) {
        struct router_config c;
        base_config(&c);
        c.cpu_per_miss_s = 0.01;
        c.buffer_bytes = 600;
        c.hold_queue = q ? 30 : 0;
        int admitted = q ? 30 : 50;
        struct bench b;
        bench_start(&b, &c, 6);
        struct burst u = {b.r, 50, 0, 0x0a000001u};
        engine_schedule(b.eng, 10, burst_fn, &u, 0, 0);
        engine_run(b.eng, 10);
        ck_assert_int_eq(u.lost, 50 - admitted);
        double headroom = c.mem_installed_bytes - c.mem_system_bytes;
        for (int k = 0; k <= admitted; k += 5) {
            double t = 10 + 0.01 * k + 0.001; /* k packets done */
            ck_assert_int_eq(router_buffers(b.r, t), admitted - k);
            ck_assert_double_eq_tol(router_free_bytes(b.r),
                                    headroom - admitted * c.cache_entry_bytes -
                                        (admitted - k) * c.buffer_bytes,
                                    1e-6);
            router_check(b.r);
        }
        bench_end(&b);
    }
}
END_TEST

/* Seed 000 with the presets: two Code Red II hosts, about 28 new destinations a second (300
 * threads / 21 s each). Without the ARP path the protected cache keeps the Cisco 7000 up; with
 * it (and proxy ARP, the IOS default) the 7000 fails within half an hour and again after every
 * reload, while a 7500 with 128 MB holds for a day: the ARP entries of 4 h, 28 x 14,400 = 403,200
 * at most, take 403,200 x 128 B = 49 MB, inside its 103 MB headroom. */
START_TEST(presets_seed000)
{
    struct router_config c;
    ck_assert(!router_config_preset(&c, "cisco2500"));
    for (int i = 0; ROUTER_PRESETS[i]; i++) {
        ck_assert(router_config_preset(&c, ROUTER_PRESETS[i]));
        ck_assert_int_eq(router_config_validate(&c, "x.ini", NULL), ST_OK);
        ck_assert_str_eq(c.name, ROUTER_PRESETS[i]);
        ck_assert_double_eq_tol(c.cache_entry_bytes, 20772.0 / 141, 1e-9);
        ck_assert(c.cache_floor_bytes > c.mem_fail_bytes);
    }
    gsl_rng *g = rng_stream(14, "dest");
    for (int arp = 0; arp <= 1; arp++) {
        router_config_preset(&c, "cisco7000-16mb");
        c.arp_per_destination = arp;
        struct bench b;
        bench_start(&b, &c, 14);
        struct feed f;
        feed_start(&f, b.eng, b.r, FEED_RANDOM, 28, g);
        engine_run(b.eng, 4 * 3600);
        if (arp) {
            ck_assert_int_ge(b.log.crashes, 5);
            ck_assert(first_event(&b.log, "router_crash")->t < 30 * 60);
        } else {
            ck_assert_int_eq(b.log.crashes, 0);
        }
        bench_end(&b);
    }
    router_config_preset(&c, "cisco7500-128mb");
    c.arp_per_destination = 1;
    struct bench b;
    bench_start(&b, &c, 14);
    struct feed f;
    feed_start(&f, b.eng, b.r, FEED_RANDOM, 28, g);
    engine_run(b.eng, 24 * 3600);
    ck_assert_int_eq(b.log.crashes, 0);
    bench_end(&b);
    gsl_rng_free(g);
}
END_TEST

Suite *router_memory_suite(void)
{
    Suite *s = suite_create("router_memory");
    TCase *tc = tcase_create("ios");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, add_floor_caps_the_cache);
    tcase_add_test(tc, no_floor_the_cache_crashes_it);
    tcase_add_test(tc, pressure_ageing_with_floor);
    tcase_add_test(tc, arp_lifetime_proxy_or_not);
    tcase_add_test(tc, arp_path_fails_a_protected_router);
    tcase_add_test(tc, buffers_held_and_released);
    tcase_add_test(tc, presets_seed000);
    suite_add_tcase(s, tc);
    return s;
}
