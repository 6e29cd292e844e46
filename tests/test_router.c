/* test_router.c - the Cisco router model: time to mallocfail against the minute-by-minute
 * recurrence of its mechanism, steady state below the limit, per-network and CEF caches, ARP
 * entries and their timeout, reload, memory pressure, CPU saturation, countermeasures. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "rng.h"
#include "router.h"
#include "suites.h"

#include "router_bench.h"

/* ---- 1. time to exhaustion ---- */

START_TEST(fill_time_matches_recurrence)
{
    /* D = 50 new destinations/s, a = 1/16: the cache would peak near 60 D / a = 48,000 entries
     * (12 MB), far over the 3.5 MiB of headroom = 14,336 entries of 256 B, so it crashes at the
     * 14,337th entry, in the sixth minute (hand count: 2812, 5449, 7921, 10238, 12411 after the
     * first five ticks; 1926 more arrivals at 50/s: t = 300 + 1925.5 / 50 = 338.51 s). */
    struct router_config c;
    base_config(&c);
    struct bench b;
    bench_start(&b, &c, 1);
    struct feed f;
    feed_start(&f, b.eng, b.r, FEED_DISTINCT, 50, NULL);
    long nstar = entries_to_fail(&c, 0);
    ck_assert_int_eq(nstar, 14337);
    double want = predicted_crash(50, 1.0 / 16, nstar, 60, NULL);
    ck_assert_double_eq_tol(want, 338.51, 1e-9);
    for (double t = 60; t <= 360; t += 60) {
        engine_run(b.eng, t);
        router_check(b.r);
    }
    const struct ev *e = first_event(&b.log, "router_crash");
    ck_assert_ptr_nonnull(e);
    /* The entry count is deterministic (round(a n)) and every arrival is an event at an exact
     * time, so the crash time matches to rounding of the time arithmetic. */
    ck_assert_double_eq_tol(e->t, want, 1e-9);
    ck_assert_str_eq(e->subject, "core");
    /* Free at the crash: 4 MiB - 14337 * 256 B = 524032 B = 511.75 KiB. */
    ck_assert_str_eq(e->detail, "mallocfail: free 511.8 KB < 512.0 KB");
    ck_assert(!router_is_up(b.r));
    bench_end(&b);
}
END_TEST

START_TEST(below_limit_never_crashes)
{
    /* D = 10/s: the pre-tick peak is 60 D / a = 9,600 entries (+ at most 0.5 / a = 8 from
     * rounding), 2.46 MB < 3.5 MiB of headroom. 24 hours, no crash, and the count after the
     * last tick is the recurrence's. */
    struct router_config c;
    base_config(&c);
    ck_assert(10 * 60 / c.age_fraction_per_min * c.cache_entry_bytes <
              c.mem_installed_bytes - c.mem_system_bytes - c.mem_fail_bytes);
    struct bench b;
    bench_start(&b, &c, 2);
    struct feed f;
    feed_start(&f, b.eng, b.r, FEED_DISTINCT, 10, NULL);
    const int minutes = 24 * 60;
    long n_end = -1;
    ck_assert_double_eq(predicted_crash(10, 1.0 / 16, entries_to_fail(&c, 0), minutes, &n_end), -1);
    engine_run(b.eng, 60.0 * minutes + 0.01); /* just after the last tick, before any arrival */
    ck_assert_int_eq(b.log.crashes, 0);
    ck_assert_uint_eq(f.lost, 0);
    ck_assert_int_eq(router_cache_entries(b.r), n_end);
    /* Fixed point of n <- (1 - a)(n + 60 D): (1 - a) 60 D / a = 9000, within rounding. */
    ck_assert(labs(n_end - 9000) <= 8);
    bench_end(&b);
}
END_TEST

/* ---- 2. per-network cache ---- */

static struct router *plain_router(struct router_config *c, struct engine *eng, gsl_rng *g)
{
    struct router *r = router_create(c, g);
    router_start(r, eng, NULL);
    return r;
}

START_TEST(per_network_entries)
{
    struct router_config c;
    base_config(&c);
    c.switching = ROUTER_FAST_PER_NETWORK;
    c.age_fraction_per_min = 0;
    c.mem_installed_bytes = 2048 * MIB; /* room for every classful network */
    struct engine *eng = engine_alloc();
    gsl_rng *age = rng_stream(3, "router-age"), *g = rng_stream(3, "dest");

    /* One class A, one class B, one class C network: one entry each, however many hosts. */
    struct router *r = plain_router(&c, eng, age);
    for (int i = 0; i < 100000; i++) {
        uint32_t low = (uint32_t)gsl_rng_get(g);
        ck_assert(router_forward(r, 0, (10u << 24) | (low & 0xffffffu)));
        ck_assert(router_forward(r, 0, (150u << 24 | 1u << 16) | (low & 0xffffu)));
        ck_assert(router_forward(r, 0, (200u << 24 | 1u << 16 | 2u << 8) | (low & 0xffu)));
    }
    ck_assert_uint_eq(router_cache_entries(r), 3);
    router_check(r);
    router_free(r);

    /* 20,000 random class A destinations hit all 128 networks (a miss has probability
     * 128 (127/128)^20000 < 1e-60); 2,000,000 class B ones all 16,384 (16384 e^-122). */
    r = plain_router(&c, eng, age);
    for (int i = 0; i < 20000; i++)
        router_forward(r, 0, (uint32_t)gsl_rng_get(g) & 0x7fffffffu);
    ck_assert_uint_eq(router_cache_entries(r), 128);
    router_free(r);
    r = plain_router(&c, eng, age);
    for (int i = 0; i < 2000000; i++)
        router_forward(r, 0, ((uint32_t)gsl_rng_get(g) & 0x3fffffffu) | 0x80000000u);
    ck_assert_uint_eq(router_cache_entries(r), 16384);
    router_free(r);

    /* N uniform destinations: expected distinct networks, summed over the classes of K networks
     * each hit with probability p per draw: K (1 - (1 - p)^N), K p = 1/2, 1/4, 1/4 (A, B, and C
     * with D and E cut like C). The indicators are negatively associated, so the variance is at
     * most the mean: 5 sd = 5 sqrt(E). */
    r = plain_router(&c, eng, age);
    const double N = 200000;
    for (int i = 0; i < (int)N; i++)
        router_forward(r, 0, (uint32_t)gsl_rng_get(g));
    double E = 128 * (1 - pow(1 - 1.0 / 256, N)) + 16384 * (1 - pow(1 - 1.0 / 65536, N)) +
               4194304 * (1 - pow(1 - 1.0 / 16777216, N));
    double got = router_cache_entries(r);
    ck_assert_msg(fabs(got - E) < 5 * sqrt(E), "distinct networks %g, expected %g", got, E);
    ck_assert(got <= 128 + 16384 + 4194304);
    router_check(r);
    router_free(r);
    gsl_rng_free(g);
    gsl_rng_free(age);
    engine_free(eng);
}
END_TEST

/* ---- 3. CEF ---- */

START_TEST(cef_never_grows)
{
    struct router_config c;
    base_config(&c);
    c.switching = ROUTER_CEF;
    c.cpu_per_miss_s = 1; /* a miss would show in the CPU sample */
    struct bench b;
    bench_start(&b, &c, 4);
    double free0 = router_free_bytes(b.r);
    ck_assert_double_eq(free0, 4 * MIB - 256 * KIB);
    struct feed f;
    feed_start(&f, b.eng, b.r, FEED_DISTINCT, 1000, NULL); /* 20 x the fill test's rate */
    engine_run(b.eng, 3600);
    ck_assert_int_eq(b.log.n, 0);
    ck_assert_uint_eq(router_cache_entries(b.r), 0);
    ck_assert_double_eq(router_free_bytes(b.r), free0);
    struct router_sample s;
    router_sample(b.r, 3600, 3600, &s);
    ck_assert_double_eq(s.cpu, 0);
    ck_assert_double_eq(s.packets, 3600000);
    ck_assert_double_eq(s.lost, 0);
    ck_assert_double_eq(s.up, 1);
    bench_end(&b);
}
END_TEST

/* ---- 4. ARP per destination ---- */

START_TEST(arp_entries_and_timeout)
{
    struct router_config c;
    base_config(&c);
    c.switching = ROUTER_CEF; /* ARP memory alone */
    c.arp_per_destination = 1;
    c.arp_timeout_s = 100;
    c.cpu_per_arp_s = 1e-3;
    struct bench b;
    bench_start(&b, &c, 5);
    double free0 = router_free_bytes(b.r);
    struct feed f;
    feed_start(&f, b.eng, b.r, FEED_DISTINCT, 10, NULL);
    /* Entries created at (k - 1/2) / 10 live 100 s: at t = 100 there are 1000 (k = 1..1000),
     * and the CPU did 1000 ARPs of 1 ms in 100 s: 1%. */
    engine_run(b.eng, 100);
    struct router_sample s;
    router_sample(b.r, 100, 100, &s);
    ck_assert_double_eq(s.arp_entries, 1000);
    ck_assert_double_eq_tol(s.cpu, 0.01, 1e-12);
    ck_assert_double_eq(s.free_bytes, free0 - 1000 * 128);
    /* At t = 250: the ones created in (150, 250], k = 1501..2500. */
    engine_run(b.eng, 250);
    router_sample(b.r, 250, 150, &s);
    ck_assert_double_eq(s.arp_entries, 1000);
    router_check(b.r);
    /* Traffic stops; 100 s later the table is empty and the memory back. */
    f.t_stop = 250;
    engine_run(b.eng, 350);
    router_sample(b.r, 350, 100, &s);
    ck_assert_double_eq(s.arp_entries, 0);
    ck_assert_double_eq(s.free_bytes, free0);
    /* One destination many times: one entry, one ARP's worth of CPU. */
    for (int i = 0; i < 1000; i++)
        router_forward(b.r, 360, 0x0a000001u);
    router_sample(b.r, 400, 50, &s);
    ck_assert_double_eq(s.arp_entries, 1);
    ck_assert_double_eq_tol(s.cpu, 1e-3 / 50, 1e-15);
    bench_end(&b);

    /* With the per-destination cache as well, both count: free = headroom - n (256 + 128) for
     * n distinct destinations (no aging, timeout not reached). */
    c.switching = ROUTER_FAST_PER_DEST;
    c.age_fraction_per_min = 0;
    bench_start(&b, &c, 5);
    for (uint64_t k = 1; k <= 5000; k++)
        ck_assert(router_forward(b.r, 0, distinct_dest(k)));
    ck_assert_uint_eq(router_cache_entries(b.r), 5000);
    ck_assert_uint_eq(router_arp_entries(b.r), 5000);
    ck_assert_double_eq(router_free_bytes(b.r), 4 * MIB - 5000 * (256 + 128));
    bench_end(&b);
}
END_TEST

/* ---- 5. reload ---- */

START_TEST(reload_cycle)
{
    /* 100 entries of 1 KiB fit above the fail level; the 101st crashes the router. */
    struct router_config c;
    base_config(&c);
    c.mem_installed_bytes = 1 * MIB;
    c.mem_system_bytes = 512 * KIB;
    c.mem_fail_bytes = 412 * KIB;
    c.cache_entry_bytes = 1 * KIB;
    c.age_fraction_per_min = 0;
    c.reload_s = 120;
    struct bench b;
    bench_start(&b, &c, 6);
    int lost = 0;
    for (int t = 1; t <= 300; t++) {
        engine_run(b.eng, t);
        bool ok = router_forward(b.r, t, distinct_dest((uint64_t)t));
        lost += !ok;
        /* Down from the 101st forward (t = 101) until t = 101 + 120 = 221. */
        ck_assert_int_eq(ok, t < 101 || t >= 221);
        ck_assert_int_eq(router_is_up(b.r), t < 101 || t >= 221);
        if (t >= 101 && t < 221) {
            ck_assert_uint_eq(router_cache_entries(b.r), 0);
            ck_assert_double_eq(router_free_bytes(b.r), 512 * KIB);
        }
        router_check(b.r);
    }
    ck_assert_int_eq(b.log.crashes, 1);
    ck_assert_int_eq(b.log.ups, 1);
    const struct ev *crash = first_event(&b.log, "router_crash");
    const struct ev *up = first_event(&b.log, "router_up");
    ck_assert_double_eq(crash->t, 101);
    ck_assert_str_eq(crash->detail, "mallocfail: free 411.0 KB < 412.0 KB");
    ck_assert_double_eq(up->t, 221);
    /* After the reload the cache started empty: forwards at 221..300 made 80 entries. */
    ck_assert_uint_eq(router_cache_entries(b.r), 80);
    ck_assert_double_eq(router_free_bytes(b.r), 512 * KIB - 80 * KIB);
    struct router_sample s;
    router_sample(b.r, 300, 300, &s);
    ck_assert_double_eq(s.crashes, 1);
    ck_assert_double_eq(s.packets, 300);
    ck_assert_double_eq(s.lost, 120); /* the crashing one and 102..220 */
    ck_assert_int_eq(lost, 120);
    ck_assert_double_eq_tol(s.up, 1 - 120.0 / 300, 1e-12);
    ck_assert_uint_eq(router_crashes(b.r), 1);
    bench_end(&b);
}
END_TEST

START_TEST(sample_up_fraction_spans_intervals)
{
    /* Crash at 50, reload 120 s: intervals (0,60], (60,120], (120,180], (180,240] see it down
     * for 10, 60, 50, 0 s. */
    struct router_config c;
    base_config(&c);
    c.mem_installed_bytes = 1 * MIB;
    c.mem_system_bytes = 512 * KIB;
    c.mem_fail_bytes = 412 * KIB;
    c.cache_entry_bytes = 101 * KIB; /* the first entry crashes it */
    struct bench b;
    bench_start(&b, &c, 7);
    engine_run(b.eng, 50);
    ck_assert(!router_forward(b.r, 50, 1));
    const double want[4] = {50.0 / 60, 0, 10.0 / 60, 1};
    for (int i = 0; i < 4; i++) {
        double t = 60.0 * (i + 1);
        engine_run(b.eng, t);
        struct router_sample s;
        router_sample(b.r, t, 60, &s);
        ck_assert_double_eq_tol(s.up, want[i], 1e-12);
        ck_assert_double_eq(s.crashes, i == 0);
    }
    bench_end(&b);
}
END_TEST

/* ---- 6. memory pressure ---- */

START_TEST(pressure_speeds_aging)
{
    /* 1000 entries of 256 B before the first tick; free is then 4 MiB - 256,000 B. With the
     * pressure threshold above that, the tick ages round(1000 * 4 / 16) = 250 entries instead of
     * round(1000 / 16) = round(62.5) = 63 (halves up). */
    for (int pressed = 0; pressed < 2; pressed++) {
        struct router_config c;
        base_config(&c);
        c.pressure_factor = 4;
        c.pressure_free_bytes = pressed ? 4 * MIB - 255000 : 4 * MIB - 257000;
        struct bench b;
        bench_start(&b, &c, 8);
        for (uint64_t k = 1; k <= 1000; k++)
            router_forward(b.r, 30, distinct_dest(k));
        engine_run(b.eng, 60);
        ck_assert_uint_eq(router_cache_entries(b.r), pressed ? 750 : 937);
        /* No arrivals since: the second tick sees 750 entries, free 4 MiB - 192,000 B is above
         * the threshold again, so round(750 / 16) = round(46.875) = 47 go; unpressed,
         * round(937 / 16) = round(58.56) = 59. */
        engine_run(b.eng, 120);
        ck_assert_uint_eq(router_cache_entries(b.r), pressed ? 703 : 937 - 59);
        bench_end(&b);
    }
}
END_TEST

START_TEST(aging_picks_uniformly)
{
    /* 1600 entries, all made before the first tick; it removes round(1600 / 16) = 100 of them
     * chosen at random, so the number among the first 800 is hypergeometric: mean 50, variance
     * 100 (1/2)(1/2)(1500/1599). Summed over 20 independent streams: mean 1000, sd 21.7; bound
     * 5 sd. The count is read back through the API: forwarding the first 800 again re-adds
     * exactly the removed ones. The same seed gives the same choice. */
    struct router_config c;
    base_config(&c);
    long total = 0, first_run = -1;
    for (int rep = 0; rep <= 20; rep++) {
        struct bench b;
        bench_start(&b, &c, rep == 20 ? 100 : 100 + (uint64_t)rep);
        for (uint64_t k = 1; k <= 1600; k++)
            router_forward(b.r, 30, distinct_dest(k));
        engine_run(b.eng, 61);
        ck_assert_uint_eq(router_cache_entries(b.r), 1500);
        for (uint64_t k = 1; k <= 800; k++)
            router_forward(b.r, 61, distinct_dest(k));
        long removed_first = (long)router_cache_entries(b.r) - 1500;
        if (rep == 0)
            first_run = removed_first;
        if (rep < 20)
            total += removed_first;
        else
            ck_assert_int_eq(removed_first, first_run);
        bench_end(&b);
    }
    double sd = sqrt(20 * 100 * 0.25 * 1500 / 1599);
    ck_assert_msg(fabs((double)total - 1000) < 5 * sd, "removed among the first half: %ld", total);
}
END_TEST

/* ---- 7. CPU ---- */

START_TEST(cpu_saturation_reloads)
{
    /* 100 packets/s of 20 ms each: twice what the CPU can do, so it is busy from the first
     * packet (t = 0.005) on. With cpu_fail_after_s = 30.003 the first packet at which the busy
     * period has lasted that long is k = 3002 ((k - 1) / 100 >= 30.003): t = 30.015. */
    struct router_config c;
    base_config(&c);
    c.switching = ROUTER_CEF;
    c.cpu_per_packet_s = 0.02;
    c.cpu_fail_after_s = 30.003;
    c.reload_s = 120.004; /* back up at 150.019, between two arrivals */
    struct bench b;
    bench_start(&b, &c, 9);
    struct feed f;
    feed_start(&f, b.eng, b.r, FEED_DISTINCT, 100, NULL);
    engine_run(b.eng, 40);
    const struct ev *e = first_event(&b.log, "router_crash");
    ck_assert_ptr_nonnull(e);
    ck_assert_double_eq_tol(e->t, 30.015, 1e-9);
    ck_assert_str_eq(e->detail, "cpu: 100% for 30 s");
    struct router_sample s;
    router_sample(b.r, 40, 40, &s);
    ck_assert_double_eq(s.cpu, 1);
    /* It comes back at 150.019; the busy period starts again at the next arrival, 150.025,
     * and, the load unchanged, it goes down again 30.01 s later (k - k0 >= 3000.3 arrivals). */
    engine_run(b.eng, 200);
    ck_assert_int_eq(b.log.crashes, 2);
    ck_assert_double_eq_tol(b.log.ev[1].t, 150.019, 1e-9);
    ck_assert_double_eq_tol(b.log.ev[2].t, 150.025 + 30.01, 1e-9); /* crash, up, crash */
    bench_end(&b);

    /* Same load, failure off: never reloads. Half the load with failure on: each packet's work
     * ends before the next arrives, so the CPU is never saturated; it is busy half the time. */
    for (int variant = 0; variant < 2; variant++) {
        c.cpu_fail_after_s = variant == 0 ? 0 : 30;
        c.cpu_per_packet_s = variant == 0 ? 0.02 : 0.005;
        bench_start(&b, &c, 9);
        feed_start(&f, b.eng, b.r, FEED_DISTINCT, 100, NULL);
        engine_run(b.eng, 300);
        ck_assert_int_eq(b.log.crashes, 0);
        router_sample(b.r, 300, 300, &s);
        ck_assert_double_eq_tol(s.cpu, variant == 0 ? 1 : 0.5, 1e-9);
        bench_end(&b);
    }
}
END_TEST

START_TEST(cpu_from_misses)
{
    /* cpu = (misses * cpu_per_miss + packets * cpu_per_packet) / interval: 1000 distinct and
     * then the same 1000 again in a 10 s interval. */
    struct router_config c;
    base_config(&c);
    c.cpu_per_miss_s = 2e-3;
    c.cpu_per_packet_s = 1e-4;
    struct bench b;
    bench_start(&b, &c, 10);
    for (int pass = 0; pass < 2; pass++)
        for (uint64_t k = 1; k <= 1000; k++)
            router_forward(b.r, 5, distinct_dest(k));
    struct router_sample s;
    router_sample(b.r, 10, 10, &s);
    ck_assert_double_eq_tol(s.cpu, (1000 * 2e-3 + 2000 * 1e-4) / 10, 1e-12);
    bench_end(&b);
}
END_TEST

/* ---- 8. countermeasures ---- */

START_TEST(switch_to_cef_stops_growth)
{
    struct router_config c;
    base_config(&c);
    struct bench b;
    bench_start(&b, &c, 11);
    struct feed f;
    feed_start(&f, b.eng, b.r, FEED_DISTINCT, 50, NULL);
    engine_run(b.eng, 200); /* the fill test crashes at 338.51 */
    ck_assert_uint_gt(router_cache_entries(b.r), 5000);
    router_set_switching(b.r, ROUTER_CEF, 200);
    ck_assert_uint_eq(router_cache_entries(b.r), 0);
    ck_assert_double_eq(router_free_bytes(b.r), 4 * MIB - 256 * KIB);
    const struct ev *e = first_event(&b.log, "router_switching");
    ck_assert_ptr_nonnull(e);
    ck_assert_str_eq(e->detail, "cef");
    engine_run(b.eng, 6 * 3600);
    ck_assert_int_eq(b.log.crashes, 0);
    ck_assert_uint_eq(router_cache_entries(b.r), 0);
    ck_assert_uint_eq(f.lost, 0);
    /* And back to fast switching: the growth resumes, CEF's table is freed. */
    router_set_switching(b.r, ROUTER_FAST_PER_DEST, 6 * 3600);
    ck_assert_double_eq(router_free_bytes(b.r), 4 * MIB);
    engine_run(b.eng, 6 * 3600 + 3600);
    ck_assert_int_ge(b.log.crashes, 1);
    bench_end(&b);
}
END_TEST

START_TEST(more_memory_delays_or_prevents)
{
    struct router_config c;
    base_config(&c);
    /* 1 MiB more at t = 200 moves the fail count up by 4096 entries: the recurrence gives the
     * new crash time. */
    long nstar = entries_to_fail(&c, 1 * MIB);
    ck_assert_int_eq(nstar, 14337 + 4096);
    double want = predicted_crash(50, 1.0 / 16, nstar, 600, NULL);
    ck_assert(want > 400);
    struct bench b;
    bench_start(&b, &c, 12);
    struct feed f;
    feed_start(&f, b.eng, b.r, FEED_DISTINCT, 50, NULL);
    engine_run(b.eng, 200);
    router_add_memory(b.r, 1 * MIB, 200);
    ck_assert_str_eq(b.log.ev[0].kind, "router_memory");
    ck_assert_str_eq(b.log.ev[0].detail, "+1024 KB, installed 17408 KB");
    engine_run(b.eng, 3600);
    const struct ev *e = first_event(&b.log, "router_crash");
    ck_assert_ptr_nonnull(e);
    ck_assert_double_eq_tol(e->t, want, 1e-9);
    bench_end(&b);

    /* 16 MiB more: the peak, 60 D / a = 48,000 entries (12.3 MB), fits in 19.5 MiB. */
    bench_start(&b, &c, 12);
    feed_start(&f, b.eng, b.r, FEED_DISTINCT, 50, NULL);
    engine_run(b.eng, 200);
    router_add_memory(b.r, 16 * MIB, 200);
    engine_run(b.eng, 6 * 3600);
    ck_assert_int_eq(b.log.crashes, 0);
    /* Memory survives a reload: taking the 16 MiB away crashes it (too little for the current
     * cache), and it comes back with 4 MiB free. */
    router_add_memory(b.r, -16 * MIB, 6 * 3600);
    ck_assert_int_eq(b.log.crashes, 1);
    engine_run(b.eng, 6 * 3600 + c.reload_s);
    ck_assert(router_is_up(b.r));
    ck_assert_double_eq(router_free_bytes(b.r), 4 * MIB);
    bench_end(&b);
}
END_TEST

/* ---- 9. structure under churn ---- */

START_TEST(check_under_churn)
{
    /* Destinations from a pool of 5000 (so hits, misses and re-insertions of aged entries mix),
     * 1000 a minute, aged 1/16 a minute: every tick removes exactly round(n / 16), and at the
     * end a pass over the whole pool leaves exactly the pool in the cache. */
    struct router_config c;
    base_config(&c);
    c.mem_installed_bytes = 64 * MIB;
    c.arp_per_destination = 1;
    c.arp_timeout_s = 150;
    struct bench b;
    bench_start(&b, &c, 13);
    gsl_rng *g = rng_stream(13, "dest");
    struct feed f;
    feed_start(&f, b.eng, b.r, FEED_POOL, 1000.0 / 60, g);
    f.pool = 5000;
    for (int m = 1; m <= 120; m++) {
        engine_run(b.eng, 60.0 * m - 0.001);
        long before = router_cache_entries(b.r);
        engine_run(b.eng, 60.0 * m);
        ck_assert_int_eq(router_cache_entries(b.r), before - (long)floor(before / 16.0 + 0.5));
        router_check(b.r);
    }
    f.t_stop = 0;
    for (uint32_t i = 0; i < 5000; i++)
        router_forward(b.r, 7200, i * 7919u);
    ck_assert_uint_eq(router_cache_entries(b.r), 5000);
    ck_assert_uint_eq(router_arp_entries(b.r), 5000);
    bench_end(&b);
    gsl_rng_free(g);
}
END_TEST

/* ---- presets and configuration ---- */


START_TEST(validate_messages)
{
    struct router_config c;
    base_config(&c);
    struct diag d;
    ck_assert_int_eq(router_config_validate(&c, "x.ini", &d), ST_OK);
    c.cache_entry_bytes = 0;
    ck_assert_int_eq(router_config_validate(&c, "x.ini", &d), ST_INPUT);
    ck_assert_str_eq(d.file, "x.ini");
    ck_assert_str_eq(d.msg, "router \"core\": cache_entry_bytes must be > 0 (got 0)");
    base_config(&c);
    c.pressure_factor = 0.5;
    router_config_validate(&c, "x.ini", &d);
    ck_assert_str_eq(d.msg, "router \"core\": pressure_factor must be >= 1 (got 0.5)");
    base_config(&c);
    c.age_fraction_per_min = 1.5;
    router_config_validate(&c, "x.ini", &d);
    ck_assert_str_eq(d.msg, "router \"core\": age_fraction_per_min must be <= 1 (got 1.5)");
    base_config(&c);
    c.switching = 7;
    router_config_validate(&c, "x.ini", &d);
    ck_assert_str_eq(d.msg, "router \"core\": unknown switching mode 7");
    base_config(&c);
    c.mem_system_bytes = 15.5 * MIB;
    ck_assert_int_eq(router_config_validate(&c, "x.ini", &d), ST_INPUT);
    ck_assert_str_eq(d.msg, "router \"core\": no usable memory: installed 16777216 - system "
                            "16252928 - CEF 0 bytes leaves 524288, not above mem_fail_bytes "
                            "524288");
    base_config(&c);
    c.reload_s = NAN;
    router_config_validate(&c, "x.ini", &d);
    ck_assert_str_eq(d.msg, "router \"core\": reload_s must be > 0 (got nan)");
}
END_TEST

Suite *router_suite(void)
{
    Suite *s = suite_create("router");
    TCase *tc = tcase_create("memory");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, fill_time_matches_recurrence);
    tcase_add_test(tc, below_limit_never_crashes);
    tcase_add_test(tc, per_network_entries);
    tcase_add_test(tc, cef_never_grows);
    tcase_add_test(tc, arp_entries_and_timeout);
    tcase_add_test(tc, reload_cycle);
    tcase_add_test(tc, sample_up_fraction_spans_intervals);
    tcase_add_test(tc, pressure_speeds_aging);
    tcase_add_test(tc, aging_picks_uniformly);
    tcase_add_test(tc, cpu_saturation_reloads);
    tcase_add_test(tc, cpu_from_misses);
    tcase_add_test(tc, switch_to_cef_stops_growth);
    tcase_add_test(tc, more_memory_delays_or_prevents);
    tcase_add_test(tc, check_under_churn);
    tcase_add_test(tc, validate_messages);
    suite_add_tcase(s, tc);
    return s;
}
