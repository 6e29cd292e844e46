/* test_network.c - the network wired into the world: seed 000's department subnet behind a
 * Cisco 7000, simulated scan by scan. The first crash is checked against a fill-time
 * calculation done here, from the destination rate, entry sizes, aging, the cache's add floor,
 * ARP entries (the static route to a broadcast interface) and free memory; then
 * the crash loop, the 7500 that holds, each countermeasure, and DSL lines cut off by their hung
 * routers (a race of two equal exponential clocks: half the customers are infected first). */
#include <check.h>
#include <math.h>
#include <string.h>

#include "harness.h"
#include "router.h"
#include "suites.h"
#include "world_internal.h"

/* Two Code Red II PCs at a fixed 14 scans/s (SOURCES §7: 300 threads / 21 s) on a
 * /24 behind dept-router, behind CISCO-B; the outside world has no worm. %s: CISCO-B's keys. */
static const char CAMPUS[] =
    "[run]\nstart = 2001-08-06T00:00Z\nend = 2001-08-06T04:00Z\nsample = 1min\n"
    "[population]\nvulnerable = 1000\nshare_japanese = 0\nshare_nt4 = 0\n"
    "[worm]\nvariant = crii\nscan_rate = 14/s\nseed_hosts = 0\nseed_time = 2001-08-06T00:00Z\n"
    "p_random = 0.125\np_same8 = 0.5\np_same16 = 0.375\n"
    "[router cisco-b]\n%s\n[router dept-router]\n"
    "[link up]\nfrom = cisco-b\nto = internet\ncapacity = 100Mbps\n"
    "[link dept]\nfrom = dept-router\nto = cisco-b\ncapacity = 10Mbps\n"
    "[subnet dept]\nprefix = 130.34.200.0/24\nrouter = dept-router\nvulnerable = 2\ninfected = 2\n"
    "%s";

static void run_campus(const char *router_keys, const char *extra, struct trace *tr)
{
    char text[4096];
    snprintf(text, sizeof text, CAMPUS, router_keys, extra);
    struct world_config c;
    harness_config_text(&c, text, NULL);
    harness_run(&c, 11, tr);
}

/* CISCO-B with the ARP path: a static route to a broadcast interface (proxy ARP answering). */
#define ARP_PATH "\nstatic_route_to_interface = yes"

/* Expected fill, computed here: destinations arrive at D per second; those in the own /16 (3/8
 * of the scans, minus the 256 addresses of the own /24, which stay on the LAN) are new only if
 * not cached yet; a new destination adds a cache entry unless that would leave less than the
 * add floor free, and (ARP path) an ARP entry, which lives 4 h: longer than this horizon. Every
 * 60 s the router invalidates round(f n) cache entries, f = 1/20, doubled while free memory is
 * below the pressure level. Returns the time free memory first falls below the failure level
 * (Euler steps of 10 ms). */
static double fill_time(double D, const struct router_config *rc, bool arp)
{
    double headroom = rc->mem_installed_bytes - rc->mem_system_bytes, M = 65536 - 256;
    double c16 = 0, other = 0, a16 = 0, a_other = 0, dt = 0.01;
    for (long step = 1; step < 100000000; step++) {
        double t = step * dt;
        double n_arp = arp ? a16 + a_other : 0;
        double free_b = headroom - (c16 + other) * rc->cache_entry_bytes -
                        n_arp * rc->arp_entry_bytes;
        if (free_b - rc->cache_entry_bytes >= rc->cache_floor_bytes) {
            other += D * (1.0 / 8 + 1.0 / 2) * dt;
            c16 += D * 3.0 / 8 * (1 - 256.0 / 65536) * (1 - c16 / M) * dt;
        }
        a_other += D * (1.0 / 8 + 1.0 / 2) * dt;
        a16 += D * 3.0 / 8 * (1 - 256.0 / 65536) * (1 - a16 / M) * dt;
        double n = c16 + other;
        free_b = headroom - n * rc->cache_entry_bytes - (arp ? a16 + a_other : 0) * rc->arp_entry_bytes;
        if (free_b < rc->mem_fail_bytes)
            return t;
        if (step % 6000 == 0) {
            double f = rc->age_fraction_per_min *
                       (free_b < rc->pressure_free_bytes ? rc->pressure_factor : 1);
            double keep = 1 - round(f * n) / n;
            c16 *= keep;
            other *= keep;
        }
    }
    return -1;
}

/* The first crash of the simulated Cisco 7000 lies between the fill times at arrival rates
 * D (1 -/+ 4 / sqrt(D t)): the Poisson count of arrivals by t is within 4 sd of D t. */
START_TEST(first_crash_matches_fill_time)
{
    struct router_config rc;
    ck_assert(router_config_preset(&rc, "cisco7000-16mb"));
    double D = 2 * 14.0, t_mid = fill_time(D, &rc, true);
    double rel = 4 / sqrt(D * t_mid);
    double t_lo = fill_time(D * (1 + rel), &rc, true), t_hi = fill_time(D * (1 - rel), &rc, true);
    ck_assert_msg(t_mid > 300 && t_mid < 1200, "fill time %.0f s", t_mid);
    ck_assert_msg(fill_time(D, &rc, false) < 0, "the protected cache alone fails it");
    struct trace tr;
    run_campus("preset = cisco7000-16mb" ARP_PATH, "", &tr);
    double first;
    size_t crashes = harness_events(&tr, "router_crash", "cisco-b", &first);
    ck_assert_msg(crashes > 0, "no crash");
    ck_assert_msg(first >= t_lo && first <= t_hi,
                  "first crash at %.1f s, expected %.1f s (%.1f to %.1f)", first, t_mid, t_lo,
                  t_hi);
    harness_free(&tr);
}
END_TEST

/* Cut at 2 h: the 7000 crashed again and again before (a cycle is about the fill time plus
 * the 180 s reload, so more than 120 min / 2 x that), never after; its packets stop. */
START_TEST(crashes_until_the_subnet_is_cut)
{
    struct trace tr;
    run_campus("preset = cisco7000-16mb" ARP_PATH,
               "[countermeasure cut]\nat = 2001-08-06T02:00Z\naction = cut\ntarget = dept\n", &tr);
    struct router_config rc;
    router_config_preset(&rc, "cisco7000-16mb");
    double cycle = fill_time(28, &rc, true) + rc.reload_s;
    size_t before = 0, after = 0;
    for (size_t i = 0; i < tr.n_events; i++)
        if (!strcmp(tr.events[i].kind, "router_crash"))
            *(tr.events[i].t < 7200 ? &before : &after) += 1;
    ck_assert_msg(before >= (size_t)(7200 / cycle / 2) && before >= 3, "%zu crashes before", before);
    ck_assert_msg(after == 0, "%zu crashes after the cut", after);
    ck_assert_int_eq(harness_events(&tr, "countermeasure", "dept", NULL), 1);
    for (size_t i = 0; i < tr.n; i++)
        if (tr.t[i] > 7200 + 180 + 60)
            ck_assert_double_eq(harness_at(&tr, i, "router.cisco-b.packets"), 0);
    harness_free(&tr);
}
END_TEST

/* A Cisco 7500 with 64 MB: the cache peaks near 60 D / f = 33,600 entries, about 10 MB
 * (SOURCES §10), well inside its free memory: no crash in 4 h. */
START_TEST(cisco7500_holds)
{
    struct trace tr;
    run_campus("preset = cisco7500-64mb", "", &tr);
    ck_assert_int_eq(harness_events(&tr, "router_crash", NULL, NULL), 0);
    double peak = 0;
    for (size_t i = 0; i < tr.n; i++)
        peak = fmax(peak, harness_at(&tr, i, "router.cisco-b.cache_entries"));
    ck_assert_msg(peak > 0.8 * 60 * 28 / 0.05 && peak < 1.1 * 60 * 28 / 0.05, "peak %g", peak);
    harness_free(&tr);
}
END_TEST

static size_t crashes_after(const struct trace *tr, double t)
{
    size_t n = 0;
    for (size_t i = 0; i < tr->n_events; i++)
        n += !strcmp(tr->events[i].kind, "router_crash") && tr->events[i].t > t;
    return n;
}

/* Each router countermeasure at 1 h stops the crashes: a port 80 filter (packets never reach
 * the router's tables), 64 MB more memory (room for 4 h of ARP entries, 28 x 14,400 x 128 B =
 * 49 MB, and the cache), or CEF (no cache) when the cache was the cause: here with the add
 * floor switched off (1 B), 300 B entries and no ARP path. */
START_TEST(router_countermeasures_stop_the_crashes)
{
    static const char *const actions[] = {"filter", "cef", "add_memory\nmemory = 64MiB"};
    static const char *const keys[] = {"preset = cisco7000-16mb" ARP_PATH,
                                       "preset = cisco7000-16mb\ncache_floor = 1B\ncache_entry = 300B",
                                       "preset = cisco7000-16mb" ARP_PATH};
    for (int a = 0; a < 3; a++) {
        char extra[256];
        snprintf(extra, sizeof extra,
                 "[countermeasure fix]\nat = 2001-08-06T01:00Z\naction = %s\ntarget = cisco-b\n",
                 actions[a]);
        struct trace tr;
        run_campus(keys[a], extra, &tr);
        ck_assert_msg(crashes_after(&tr, 0) - crashes_after(&tr, 3600) >= 2, "%s: too few before",
                      actions[a]);
        /* a reload in progress at 1 h ends; from then on no crash */
        ck_assert_msg(crashes_after(&tr, 3600 + 1) == 0, "%s: %zu crashes after", actions[a],
                      crashes_after(&tr, 3601));
        ck_assert_int_eq(harness_events(&tr, "countermeasure", "cisco-b", NULL), 1);
        if (a == 1)
            ck_assert_double_eq(harness_at(&tr, tr.n - 1, "router.cisco-b.cache_entries"), 0);
        if (a == 0) { /* filtered: every packet that reaches cisco-b is lost there */
            double packets = 0, lost = 0;
            for (size_t i = 0; i < tr.n; i++)
                if (tr.t[i] > 3600 + 180 + 60) {
                    packets += harness_at(&tr, i, "router.cisco-b.packets");
                    lost += harness_at(&tr, i, "router.cisco-b.lost");
                }
            ck_assert_msg(packets > 0 && lost == packets, "%g of %g lost", lost, packets);
        }
        harness_free(&tr);
    }
}
END_TEST

/* CEF does not stop the ARP path: the router still ARPs for every destination of the static
 * route (Cisco 12808 gives it its own remedy: point the route at a next hop). */
START_TEST(cef_does_not_stop_the_arp_path)
{
    struct trace tr;
    run_campus("preset = cisco7000-16mb" ARP_PATH,
               "[countermeasure fix]\nat = 2001-08-06T01:00Z\naction = cef\ntarget = cisco-b\n", &tr);
    ck_assert_uint_ge(crashes_after(&tr, 3600 + 1), 3);
    harness_free(&tr);
}
END_TEST

/* Reconnecting the subnet with the PCs still infected brings the crashes back. */
START_TEST(reconnect_brings_crashes_back)
{
    struct trace tr;
    run_campus("preset = cisco7000-16mb" ARP_PATH,
               "[countermeasure cut]\nat = 2001-08-06T01:00Z\naction = cut\ntarget = dept\n"
               "[countermeasure back]\nat = 2001-08-06T02:00Z\naction = reconnect\ntarget = dept\n",
               &tr);
    ck_assert_uint_eq(crashes_after(&tr, 3600 + 1) - crashes_after(&tr, 7200), 0);
    ck_assert_uint_ge(crashes_after(&tr, 7200), 3);
    harness_free(&tr);
}
END_TEST

/* DSL lines (/30): the customer's router at the line's first address hangs on a probe for good;
 * the IIS host behind it is then cut off. Code Red I v2 scans uniformly, so the router and the
 * host of one line are hit at the same rate: the host is infected before its router hangs with
 * probability 1/2. 64 lines: infected customers Binomial(64, 1/2), 32 +/- 20 (5 sd). Without
 * the cut-off all 64 would be. */
START_TEST(hung_dsl_router_cuts_off_its_customer)
{
    static const char text[] =
        "[run]\nstart = 2001-07-19T00:00Z\nend = 2001-07-20T00:00Z\nsample = 10min\n"
        "[space]\nprefix = 10.0.0.0/16\n"
        "[population]\nvulnerable = 2000\nshare_japanese = 0\nshare_nt4 = 0\n"
        "device_power_cycle = 0s\nclock_sd = 0s\nclock_wrong_share = 0\n"
        "[worm]\nvariant = crv2\nscan_rate = 2/s\nseed_hosts = 20\nseed_time = 2001-07-19T00:00Z\n"
        "[router isp]\n[link up]\nfrom = isp\nto = internet\ncapacity = 1Mbps\n"
        "[subnet adsl]\nprefix = 10.0.200.0/24\nrouter = isp\nline_prefix = 30\n"
        "devices_hang = 64\nvulnerable = 64\n";
    struct world_config c;
    harness_config_text(&c, text, NULL);
    struct engine *eng;
    struct world *w = harness_world(&c, 5, 86400, &eng);
    struct prefix adsl = c.subnets[0].prefix;
    unsigned hung = 0, customers = 0, infected = 0, outside = 0, outside_ever = 0;
    for (uint32_t h = 0; h < w->pop.n; h++) {
        bool in = prefix_contains(&adsl, w->pop.addr[h]);
        if (in && w->pop.kind[h] == KIND_DEVICE_HANGS) {
            hung += w->state[h] == HOST_DEVICE_DOWN;
        } else if (in) {
            customers++;
            infected += w->ever[h] != 0;
        } else {
            outside++;
            outside_ever += w->ever[h] != 0;
        }
    }
    ck_assert_uint_eq(customers, 64);
    ck_assert_uint_eq(hung, 64);
    /* outside: 2 x 2000 / 65,536 probes per address and second, for a day: all infected */
    ck_assert_uint_eq(outside_ever, outside);
    ck_assert_msg(infected >= 12 && infected <= 52, "%u of 64 customers infected", infected);
    harness_world_free(w, eng);
}
END_TEST

/* On day 20 an infected Code Red I host in a subnet floods the fixed target: one burst of 100
 * connections of 100 KB (SOURCES §4) crosses the subnet's uplink, plus the handshake
 * (3 x 48 bytes) of the first connection, which the routers on the way see. */
START_TEST(flood_crosses_the_uplink)
{
    static const char text[] =
        "[run]\nstart = 2001-07-20T00:00Z\nend = 2001-07-20T01:00Z\nsample = 10min\n"
        "[population]\nvulnerable = 100\nclock_sd = 0s\nclock_wrong_share = 0\n"
        "share_japanese = 0\n"
        "[worm]\nvariant = crv2\nseed_hosts = 0\nseed_time = 2001-07-20T00:00Z\n"
        "flood_connections = 100\nflood_bytes_per_connection = 100KB\n"
        "[router r]\n[link up]\nfrom = r\nto = internet\ncapacity = 10Mbps\n"
        "[subnet lan]\nprefix = 130.34.200.0/24\nrouter = r\nvulnerable = 1\ninfected = 1\n";
    struct world_config c;
    harness_config_text(&c, text, NULL);
    struct trace tr;
    harness_run(&c, 2, &tr);
    double bytes = 0, conns = 0;
    for (size_t i = 0; i < tr.n; i++) {
        bytes += harness_at(&tr, i, "link.up.bytes");
        conns += harness_at(&tr, i, "link.up.connections");
    }
    ck_assert_double_eq(conns, 100);
    ck_assert_double_eq(bytes, 100 * 100e3 + 3 * 48);
    ck_assert_double_eq(harness_at(&tr, tr.n - 1, "flooding"), 1);
    harness_free(&tr);
}
END_TEST

/* Load from rates, fast mode: the subnet's infected host scans the /16 at 10/s, all but
 * 256/65,536 of it out through the uplink (5,976.6 per 10-minute sample); the 10 infected
 * hosts outside scan at 10/s each, 256/65,536 of it into the subnet (234.4 per sample).
 * Nobody is left to infect, so the rates stay constant: 6,211 connections per sample, 3 SYNs
 * of 48 bytes each for the dark share (all but the 11 live addresses of 65,536). */
START_TEST(load_from_rates)
{
    static const char text[] =
        "[run]\nstart = 2001-07-19T00:00Z\nend = 2001-07-19T02:00Z\nsample = 10min\n"
        "[space]\nprefix = 10.0.0.0/16\n"
        "[population]\nvulnerable = 10\nshare_japanese = 0\nshare_nt4 = 0\nclock_sd = 0s\n"
        "clock_wrong_share = 0\n"
        "[worm]\nvariant = crv2\nscan_rate = 10/s\nseed_hosts = 10\nseed_time = 2001-07-19T00:00Z\n"
        "[router r]\n[link up]\nfrom = r\nto = internet\ncapacity = 1Mbps\n"
        "[subnet lan]\nprefix = 10.0.200.0/24\nrouter = r\nvulnerable = 1\ninfected = 1\n";
    struct world_config c;
    harness_config_text(&c, text, NULL);
    struct trace tr;
    harness_run(&c, 3, &tr);
    double scans = 10 * 600 * (1 - 256 / 65536.0) + 10 * 10 * 256 / 65536.0 * 600;
    double live = 11 / 65536.0;
    double bytes = scans * ((1 - live) * 3 * 48 + live * (3 * 48 + 3800));
    for (size_t i = 1; i < tr.n; i++) {
        ck_assert_double_eq(harness_at(&tr, i, "link.up.connections"), floor(scans + 0.5));
        ck_assert_double_eq_tol(harness_at(&tr, i, "link.up.bytes"), bytes, 1);
        ck_assert_double_eq_tol(harness_at(&tr, i, "link.up.utilization"), bytes * 8 / 1e6 / 600,
                                1e-6);
    }
    harness_free(&tr);
}
END_TEST

/* Scan by scan behind the 7000: the PCs' attempts on the department link are Poisson, 28 per
 * second: each 1-minute sample within 5 sd (5 x sqrt(1680)) of 1680 while cisco-b is up for the
 * whole minute; each is a dark address (3 SYNs, 144 bytes) but for the 1 in 4 million live. */
START_TEST(scan_by_scan_load)
{
    struct trace tr;
    run_campus("preset = cisco7500-64mb", "", &tr);
    size_t checked = 0;
    for (size_t i = 1; i < tr.n; i++) {
        double conns = harness_at(&tr, i, "link.dept.connections");
        ck_assert_msg(fabs(conns - 1680) < 5 * sqrt(1680), "sample %zu: %g", i, conns);
        ck_assert_double_eq(harness_at(&tr, i, "link.dept.syn_packets"), 3 * conns);
        ck_assert_double_eq(harness_at(&tr, i, "link.dept.bytes"), 144 * conns);
        checked++;
    }
    ck_assert_uint_gt(checked, 200);
    harness_free(&tr);
}
END_TEST

Suite *network_suite(void)
{
    Suite *s = suite_create("network");
    TCase *tc = tcase_create("network");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, first_crash_matches_fill_time);
    tcase_add_test(tc, crashes_until_the_subnet_is_cut);
    tcase_add_test(tc, cisco7500_holds);
    tcase_add_test(tc, router_countermeasures_stop_the_crashes);
    tcase_add_test(tc, reconnect_brings_crashes_back);
    tcase_add_test(tc, cef_does_not_stop_the_arp_path);
    tcase_add_test(tc, hung_dsl_router_cuts_off_its_customer);
    tcase_add_test(tc, flood_crosses_the_uplink);
    tcase_add_test(tc, load_from_rates);
    tcase_add_test(tc, scan_by_scan_load);
    suite_add_tcase(s, tc);
    return s;
}
