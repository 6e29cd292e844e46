/* bench_hold.c - the classic hold benchmark of the pending-event set: with P events pending,
 * each event schedules one more at now + Exp(1). Prints events per second for the engine and,
 * for comparison, for a plain 4-ary heap with the event stored in the heap (no cancellation);
 * never pass/fail. Usage: bench_hold [PENDING EVENTS [engine]]; by default 10^3 and 10^6
 * pending; "engine" skips the comparison. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine.h"

/* ---- a fast inline Exp(1): splitmix64, then -log(u) by a short series ---- */

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

/* log(u) for u > 0, branch-free (musl's reduction): u = m 2^k with m in [sqrt(1/2), sqrt(2)),
 * log m = 2 atanh(s), s = (m - 1) / (m + 1), |s| < 0.172; the series to s^9 is good to ~1e-9,
 * ample for a benchmark. */
static inline double fast_log(double u)
{
    uint64_t ix;
    memcpy(&ix, &u, sizeof ix);
    ix += 0x3ff0000000000000ull - 0x3fe6a09e667f3bcdull;
    int k = (int)(ix >> 52) - 0x3ff;
    ix = (ix & 0x000fffffffffffffull) + 0x3fe6a09e667f3bcdull;
    double m;
    memcpy(&m, &ix, sizeof m);
    double s = (m - 1) / (m + 1), s2 = s * s;
    double p = 1 + s2 * (1 / 3.0 + s2 * (1 / 5.0 + s2 * (1 / 7.0 + s2 / 9.0)));
    return k * 0.6931471805599453 + 2 * s * p;
}

/* Not inlined, so that `make bench` can tell its instructions from the engine's. */
static __attribute__((noinline)) double exp_draw(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return -fast_log(((double)(z >> 11) + 0.5) * 0x1.0p-53); /* u in (0, 1) */
}

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- the engine ---- */

static void hold(struct engine *e, void *ctx, uint32_t a, uint32_t b)
{
    (void)ctx;
    engine_schedule(e, engine_now(e) + exp_draw(), hold, NULL, a, b);
}

/* The measured events, in a function of their own: `make bench` counts its instructions
 * (callgrind --toggle-collect=measured_run), not the filling and the warm-up. */
static __attribute__((noinline)) uint64_t measured_run(struct engine *e, double horizon)
{
    return engine_run(e, horizon);
}

static void bench_engine(size_t pending, uint64_t events)
{
    struct engine *e = engine_alloc();
    for (size_t i = 0; i < pending; i++)
        engine_schedule(e, exp_draw(), hold, NULL, 0, 0);
    /* Warm up until every initial event has been replaced: a steady state. */
    double horizon = 0, step = (double)events / (double)pending / 16;
    uint64_t done = 0;
    while (done < pending) {
        horizon += 1.0;
        done += engine_run(e, horizon);
    }
    double t0 = wall_now();
    uint64_t measured = 0;
    while (measured < events) {
        horizon += step;
        measured += measured_run(e, horizon);
    }
    double wall = wall_now() - t0;
    printf("engine hold: %zu pending, %llu events, %.2f s, %.1f million events/s\n", pending,
           (unsigned long long)measured, wall, (double)measured / wall / 1e6);
    engine_free(e);
}

/* ---- a plain 4-ary heap, for comparison ---- */

struct hev {
    double t;
    uint64_t seq;
    event_fn fn;
    void *ctx;
    uint32_t a, b;
};

static inline int hev_before(const struct hev *x, const struct hev *y)
{
    return x->t < y->t || (x->t == y->t && x->seq < y->seq);
}

static void heap_hold(size_t pending, uint64_t events)
{
    struct hev *h = malloc((pending + 1) * sizeof *h);
    if (!h) {
        fputs("bench_hold: out of memory\n", stderr);
        exit(1);
    }
    size_t n = 0;
    uint64_t seq = 0;
    double now = 0;
    for (uint64_t k = 0; k < (uint64_t)pending + events; k++) {
        if (k == pending) /* filled: start the clock */
            now = -wall_now();
        if (k >= pending) {
            /* Pop the minimum; its successor goes where the last leaf was, sifted down. */
            double t = h[0].t + exp_draw();
            struct hev x = {t, seq++, NULL, NULL, 0, 0};
            size_t i = 0;
            for (;;) {
                size_t c = 4 * i + 1, best = c;
                if (c >= n)
                    break;
                size_t end = c + 4 < n ? c + 4 : n;
                for (size_t j = c + 1; j < end; j++)
                    if (hev_before(&h[j], &h[best]))
                        best = j;
                if (!hev_before(&h[best], &x))
                    break;
                h[i] = h[best];
                i = best;
            }
            h[i] = x;
        } else {
            struct hev x = {exp_draw(), seq++, NULL, NULL, 0, 0};
            size_t i = n++;
            while (i > 0 && hev_before(&x, &h[(i - 1) / 4])) {
                h[i] = h[(i - 1) / 4];
                i = (i - 1) / 4;
            }
            h[i] = x;
        }
    }
    double wall = now + wall_now();
    printf("4-ary heap hold (comparison): %zu pending, %llu events, %.2f s, %.1f million "
           "events/s\n",
           pending, (unsigned long long)events, wall, (double)events / wall / 1e6);
    free(h);
}

int main(int argc, char **argv)
{
    if (argc == 3 || (argc == 4 && strcmp(argv[3], "engine") == 0)) {
        size_t pending = strtoul(argv[1], NULL, 10);
        uint64_t events = strtoull(argv[2], NULL, 10);
        if (pending < 1 || events < 1) {
            fputs("usage: bench_hold [PENDING EVENTS [engine]]\n", stderr);
            return 2;
        }
        bench_engine(pending, events);
        if (argc == 3)
            heap_hold(pending, events);
        return 0;
    }
    if (argc != 1) {
        fputs("usage: bench_hold [PENDING EVENTS [engine]]\n", stderr);
        return 2;
    }
    bench_engine(1000, 20000000);
    bench_engine(1000000, 20000000);
    heap_hold(1000, 20000000);
    heap_hold(1000000, 5000000);
    return 0;
}
