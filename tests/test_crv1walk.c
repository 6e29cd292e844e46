/* test_crv1walk.c - Code Red I v1's walk along its S address lists, in whole runs.
 * Small world: the infected count at every sample equals an independent first-passage
 * computation (a host is infected when the first walker of any list reaches its position:
 * Dijkstra over hosts), in fast and per-scan mode, for both mappings of instances onto lists.
 * Internet scale: july13-crv1.ini against CERT IN-2001-08's "more than 13,000 hosts" by 19 July
 * (within a factor 1.5) with a linear shape (largest of the daily counts 15-18 July at most
 * twice the smallest), and one list, or a list per thread, capped near r t V / 2^32. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "crv1seq.h"
#include "engine.h"
#include "harness.h"
#include "suites.h"
#include "world_internal.h"

/* 3000 hosts in a /16, no crashes, no reboots, exact clocks; 13 July, seeded at 00:00. */
#define SMALL                                                                                \
    "space.prefix=10.0.0.0/16", "population.vulnerable=3000", "population.other_web=0",      \
        "population.share_japanese=0", "population.clock_sd=0s",                             \
        "population.clock_wrong_share=0", "population.uptime_mean=0s", "worm.variant=crv1",  \
        "worm.seed_hosts=1", "run.start=2001-07-13T00:00Z", "worm.seed_time=2001-07-13T00:00Z", \
        "run.end=2001-07-13T12:00Z", "run.sample=10min", "worm.sequence_key=7"

/* Infection times by first passage: host x is infected at min over the lists s that some
 * infected host walks of (time the first of them started on s) + position of x on s / rate.
 * Fills t_inf (INFINITY: never) from the hosts infected at time 0 (w->ever), the seed. */
static void first_passage(const struct world *w, const struct worm_config *wc, double rate,
                          double *t_inf)
{
    const struct population *pop = &w->pop;
    uint32_t S = (uint32_t)wc->sequences, n = pop->n;
    bool thread = wc->sequence_map == SEQMAP_THREAD;
    uint32_t per = thread ? (S < (uint32_t)wc->threads ? S : (uint32_t)wc->threads) : 1;
    double walker_rate = thread ? rate / (double)wc->threads : rate;
    struct crv1seq *seq = malloc(sizeof *seq * S);
    for (uint32_t s = 0; s < S; s++)
        crv1seq_init(&seq[s], w->cfg.space.base, 32 - w->cfg.space.len,
                     crv1seq_list_key((uint64_t)wc->sequence_key, s));
    bool *done = calloc(n, 1), *list_on = calloc(S, 1);
    for (uint32_t x = 0; x < n; x++)
        t_inf[x] = w->ever[x] ? 0 : INFINITY;
    for (;;) {
        uint32_t h = UINT32_MAX;
        for (uint32_t x = 0; x < n; x++)
            if (!done[x] && isfinite(t_inf[x]) && (h == UINT32_MAX || t_inf[x] < t_inf[h]))
                h = x;
        if (h == UINT32_MAX)
            break;
        done[h] = true;
        for (uint32_t j = 0; j < per; j++) {
            uint32_t s = thread ? j : crv1seq_list_of((uint64_t)wc->sequence_key, pop->addr[h], S);
            if (list_on[s])
                continue; /* a later walker of s only re-probes */
            list_on[s] = true;
            for (uint32_t x = 0; x < n; x++) {
                double at = t_inf[h] + (double)crv1seq_index(&seq[s], pop->addr[x]) / walker_rate;
                if (!done[x] && at < t_inf[x])
                    t_inf[x] = at;
            }
        }
    }
    free(seq);
    free(done);
    free(list_on);
}

/* Runs the small world with the overrides and checks ever_infected at every sample against
 * first passage from the seed host. Returns the final count. */
static double check_walk(const char *const *ovr)
{
    struct world_config c;
    harness_config(&c, ovr);
    struct engine *eng;
    struct world *w = harness_world(&c, 3, 0, &eng); /* the seeding at time 0 */
    ck_assert_uint_ge(w->n_ever, 1);
    double *t_inf = malloc(sizeof *t_inf * w->pop.n);
    first_passage(w, &c.worms[0], config_scan_rate(&c.worms[0], w->live_share), t_inf);
    uint32_t n = w->pop.n;
    harness_world_free(w, eng);
    struct trace tr;
    harness_run(&c, 3, &tr);
    uint32_t bad = 0;
    for (size_t i = 0; i < tr.n; i++) {
        double lo = 0, hi = 0; /* reference counts just before and just after the sample */
        for (uint32_t x = 0; x < n; x++) {
            lo += t_inf[x] < tr.t[i] - 1e-6;
            hi += t_inf[x] <= tr.t[i] + 1e-6;
        }
        double got = harness_at(&tr, i, "ever_infected");
        if (got < lo || got > hi) {
            if (bad++ < 5)
                fprintf(stderr, "t %.0f: ever_infected %.0f, first passage %.0f..%.0f\n",
                        tr.t[i], got, lo, hi);
        }
    }
    double last = harness_at(&tr, tr.n - 1, "ever_infected");
    harness_free(&tr);
    free(t_inf);
    ck_assert_msg(bad == 0, "%u samples differ from first passage", bad);
    return last;
}

START_TEST(walk_is_first_passage)
{
    /* Instance mapping, 6 lists at 1.3 scans/s: 56,160 positions in 12 h of 65,536, so
     * most of each list is walked; fast and per-scan, the same reference. */
    const char *fast[] = {SMALL, "worm.sequences=6", "worm.scan_rate=1.3/s", NULL};
    const char *per[] = {SMALL, "worm.sequences=6", "worm.scan_rate=1.3/s", "run.mode=per-scan",
                         NULL};
    double a = check_walk(fast), b = check_walk(per);
    ck_assert_double_eq(a, b);
    ck_assert_msg(a > 1000, "only %.0f infected: the test shows little", a);
    /* Thread mapping: 4 lists, 10 threads, each walker at 1/10 of 13/s. */
    const char *thr[] = {SMALL, "worm.sequences=4", "worm.sequence_map=thread", "worm.threads=10",
                         "worm.scan_rate=13/s", NULL};
    const char *thr_per[] = {SMALL, "worm.sequences=4", "worm.sequence_map=thread",
                             "worm.threads=10", "worm.scan_rate=13/s", "run.mode=per-scan", NULL};
    a = check_walk(thr);
    b = check_walk(thr_per);
    ck_assert_double_eq(a, b);
    ck_assert_msg(a > 1000, "only %.0f infected: the test shows little", a);
}
END_TEST

/* Reads a scenario file into a config with extra overrides. */
static void scenario(struct world_config *c, const char *path, const char *const *ovr)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    static char text[65536];
    size_t len = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[len] = 0;
    harness_config_text(c, text, ovr);
}

/* ever_infected at 00:00 UTC of 13 + d July, d = 0..7. */
static void daily(const struct trace *tr, double at_midnight[8])
{
    for (int d = 0; d < 8; d++) {
        at_midnight[d] = -1;
        for (size_t i = 0; i < tr->n; i++)
            if (fabs(tr->t[i] - d * 86400.0) < 1)
                at_midnight[d] = harness_at(tr, i, "ever_infected");
        ck_assert_double_ge(at_midnight[d], 0);
    }
}

START_TEST(july13_against_cert)
{
    /* CERT IN-2001-08 (19 July 2001): "more than 13,000 hosts". Two population seeds. */
    for (unsigned seed = 1; seed <= 2; seed++) {
        struct world_config c;
        const char *ovr[] = {NULL};
        scenario(&c, "scenarios/july13-crv1.ini", ovr);
        struct trace tr;
        harness_run(&c, seed, &tr);
        double m[8];
        daily(&tr, m);
        harness_free(&tr);
        double by19 = m[6]; /* end of 18 July */
        ck_assert_msg(by19 >= 13000 / 1.5 && by19 <= 13000 * 1.5,
                      "seed %u: %.0f by 19 July, CERT 13,000", seed, by19);
        double lo = INFINITY, hi = 0; /* new hosts on 15, 16, 17, 18 July */
        for (int d = 2; d <= 5; d++) {
            double day = m[d + 1] - m[d];
            lo = fmin(lo, day);
            hi = fmax(hi, day);
        }
        ck_assert_msg(lo > 0 && hi <= 2 * lo, "seed %u: daily new %.0f..%.0f, not linear", seed,
                      lo, hi);
    }
}
END_TEST

START_TEST(one_list_or_a_list_per_thread_is_capped)
{
    /* One list, or list i for every instance's thread i: the lists' fronts together advance
     * at r = 6/s, so a week finds about r t V / 2^32 = 6 x 604,800 x 360,000 / 2^32 = 304
     * hosts (the front re-probes nothing new; reboots only slow it). */
    const double cap = 6 * 604800.0 * 360000 / 4294967296.0;
    const char *one[] = {"worm.sequences=1", NULL};
    const char *thread[] = {"worm.sequences=100", "worm.sequence_map=thread", NULL};
    const char *const *cases[2] = {one, thread};
    for (int i = 0; i < 2; i++) {
        struct world_config c;
        scenario(&c, "scenarios/july13-crv1.ini", cases[i]);
        struct trace tr;
        harness_run(&c, 1, &tr);
        double end = harness_at(&tr, tr.n - 1, "ever_infected");
        harness_free(&tr);
        ck_assert_msg(end >= cap / 2 && end <= cap * 1.5, "case %d: %.0f in a week, cap %.0f", i,
                      end, cap);
    }
}
END_TEST

Suite *crv1walk_suite(void)
{
    Suite *s = suite_create("crv1walk");
    TCase *tc = tcase_create("walk");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, walk_is_first_passage);
    tcase_add_test(tc, july13_against_cert);
    tcase_add_test(tc, one_list_or_a_list_per_thread_is_capped);
    suite_add_tcase(s, tc);
    return s;
}
