/* bench_hold.c - the classic hold benchmark of the pending-event set: with P events pending,
 * each event schedules one more at now + Exp(1). Prints events per second; never pass/fail. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "engine.h"

static uint64_t state = 0x9E3779B97F4A7C15ull;

/* splitmix64 -> uniform (0,1) -> Exp(1): a fast inline generator, not a model stream. */
static inline double exp_draw(void)
{
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return -log(((z >> 11) + 0.5) * 0x1.0p-53);
}

static void hold(struct engine *e, void *ctx, uint32_t a, uint32_t b)
{
    (void)ctx;
    engine_schedule(e, engine_now(e) + exp_draw(), hold, NULL, a, b);
}

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void run(size_t pending, uint64_t events)
{
    struct engine *e = engine_alloc();
    for (size_t i = 0; i < pending; i++)
        engine_schedule(e, exp_draw(), hold, NULL, 0, 0);
    /* Warm up to a steady state, then measure. */
    uint64_t done = 0;
    double horizon = 0;
    while (done < pending) {
        horizon += 1.0;
        done += engine_run(e, horizon);
    }
    double t0 = wall_now();
    uint64_t measured = 0;
    double step = (double)events / pending / 16;
    while (measured < events) {
        horizon += step;
        measured += engine_run(e, horizon);
    }
    double wall = wall_now() - t0;
    printf("engine hold: %zu pending, %llu events, %.2f s, %.1f million events/s\n", pending,
           (unsigned long long)measured, wall, measured / wall / 1e6);
    engine_free(e);
}

int main(void)
{
    run(1000, 20000000);
    run(1000000, 20000000);
    return 0;
}
