/* test_engine.c - the pending-event set and run loop. Expected orders come from independent
 * computations: qsort of the scheduled (time, scheduling order) pairs, or a reference that keeps
 * pending events in an array and finds the earliest by a linear scan. Handlers get the order in
 * which they were scheduled as payload `a`, so every run can also be checked to be increasing
 * in (time, a). Time patterns cover ties, huge spreads, clusters, far outliers and clock jumps. */
#include <check.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "engine.h"
#include "suites.h"

/* ---- helpers ---- */

/* ck_assert for hot loops: Check records every passing ck_assert (a write(2) each), so loops
 * of millions use this, which calls into Check only on failure. */
#define EXPECT(cond)                                                                    \
    do {                                                                                \
        if (!(cond))                                                                    \
            ck_abort_msg("%s:%d: expected %s", __FILE__, __LINE__, #cond);               \
    } while (0)

static uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Uniform on [0, 1). */
static double rng_unit(uint64_t *s) { return (double)(rng_next(s) >> 11) * 0x1p-53; }

static size_t rng_below(uint64_t *s, size_t n) { return (size_t)(rng_next(s) % n); }

struct rec {
    double t;
    uint32_t a;
};

/* What handlers write: the time and payload of each event run, in run order. */
struct log {
    struct rec *r;
    size_t n, cap;
};

static void log_add(struct log *l, double t, uint32_t a)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 1024;
        l->r = realloc(l->r, l->cap * sizeof *l->r);
        ck_assert_ptr_nonnull(l->r);
    }
    l->r[l->n++] = (struct rec){t, a};
}

static void record(struct engine *e, void *ctx, uint32_t a, uint32_t b)
{
    (void)b;
    log_add(ctx, engine_now(e), a);
}

static int cmp_rec(const void *x, const void *y)
{
    const struct rec *p = x, *q = y;
    if (p->t != q->t)
        return p->t < q->t ? -1 : 1;
    return (p->a > q->a) - (p->a < q->a); /* a = scheduling order */
}

/* Schedules n events at times drawn by `draw`, runs them all, compares with qsort. */
static void check_sorted_run(double (*draw)(uint64_t *, size_t), size_t n, uint64_t seed)
{
    struct engine *e = engine_alloc();
    struct log got = {0};
    struct rec *want = malloc(n * sizeof *want);
    ck_assert_ptr_nonnull(want);
    uint64_t s = seed;
    for (size_t i = 0; i < n; i++) {
        want[i] = (struct rec){draw(&s, i), (uint32_t)i};
        engine_schedule(e, want[i].t, record, &got, (uint32_t)i, 0);
    }
    engine_check(e);
    ck_assert_uint_eq(engine_pending(e), n);
    qsort(want, n, sizeof *want, cmp_rec);
    /* Run in a few slices, checking the structure in between. */
    for (int k = 1; k <= 4; k++) {
        double until = want[(n - 1) * k / 4].t;
        engine_run(e, until);
        engine_check(e);
        ck_assert_double_eq(engine_now(e), until);
    }
    ck_assert_uint_eq(got.n, n);
    for (size_t i = 0; i < n; i++)
        EXPECT(got.r[i].t == want[i].t && got.r[i].a == want[i].a);
    ck_assert_uint_eq(engine_pending(e), 0);
    ck_assert_double_eq(engine_next_time(e), INFINITY);
    free(want);
    free(got.r);
    engine_free(e);
}

static double draw_uniform(uint64_t *s, size_t i) { (void)i; return 1000.0 * rng_unit(s); }
static double draw_exp(uint64_t *s, size_t i) { (void)i; return -log1p(-rng_unit(s)); }
static double draw_ties(uint64_t *s, size_t i) { (void)i; return (double)rng_below(s, 50) / 4; }

/* Log-uniform over 30 orders of magnitude, plus some exact zeros. */
static double draw_spread(uint64_t *s, size_t i)
{
    (void)i;
    return rng_below(s, 20) == 0 ? 0.0 : pow(10.0, -10.0 + 30.0 * rng_unit(s));
}

/* A dense cluster, a sparse background and a few far outliers. */
static double draw_clusters(uint64_t *s, size_t i)
{
    size_t k = rng_below(s, 100);
    if (k < 60)
        return 500.0 + 1e-6 * rng_unit(s);
    if (k < 99)
        return 1e4 * rng_unit(s);
    return 1e15 * (1 + (double)(i % 7));
}

/* ---- ordering ---- */

START_TEST(order_random_times)
{
    check_sorted_run(draw_uniform, 50000, 1);
    check_sorted_run(draw_exp, 50000, 2);
    check_sorted_run(draw_uniform, 1, 3);
    check_sorted_run(draw_exp, 7, 4);
}
END_TEST

START_TEST(order_huge_spread_and_clusters)
{
    check_sorted_run(draw_spread, 50000, 5);
    check_sorted_run(draw_clusters, 50000, 6);
}
END_TEST

START_TEST(ties_run_in_scheduling_order)
{
    check_sorted_run(draw_ties, 50000, 7); /* 50 distinct times, ~1000 events each */
    /* All at one time: exactly the scheduling order. */
    struct engine *e = engine_alloc();
    struct log got = {0};
    for (uint32_t i = 0; i < 20000; i++)
        engine_schedule(e, 42.0, record, &got, i, 0);
    ck_assert_uint_eq(engine_run(e, 42.0), 20000);
    for (uint32_t i = 0; i < 20000; i++)
        EXPECT(got.r[i].a == i);
    free(got.r);
    engine_free(e);
}
END_TEST

/* ---- cancellation ---- */

START_TEST(cancel_semantics)
{
    struct engine *e = engine_alloc();
    struct log got = {0};
    ck_assert(!engine_cancel(e, 0));
    event_id a = engine_schedule(e, 1, record, &got, 1, 0);
    event_id b = engine_schedule(e, 2, record, &got, 2, 0);
    ck_assert(a != 0 && b != 0 && a != b);
    ck_assert(engine_cancel(e, a));  /* before it runs */
    ck_assert(!engine_cancel(e, a)); /* twice */
    ck_assert(!engine_cancel(e, 0));
    ck_assert(!engine_cancel(e, ~(event_id)0));
    ck_assert_uint_eq(engine_pending(e), 1);
    ck_assert_double_eq(engine_next_time(e), 2); /* the cancelled one is skipped */
    engine_check(e);
    ck_assert_uint_eq(engine_run(e, 10), 1);
    ck_assert_uint_eq(got.n, 1);
    ck_assert_uint_eq(got.r[0].a, 2);
    ck_assert(!engine_cancel(e, b)); /* already ran */
    ck_assert_uint_eq(engine_pending(e), 0);
    ck_assert_double_eq(engine_next_time(e), INFINITY);
    free(got.r);
    engine_free(e);
}
END_TEST

START_TEST(stale_ids_after_slot_reuse)
{
    /* Events that ran, then as many new ones: the pool reuses the slots, so the old ids name
     * slots that hold new events; none of them may cancel anything. */
    enum { N = 1000 };
    struct engine *e = engine_alloc();
    struct log got = {0};
    event_id old[N], cur[N];
    for (uint32_t i = 0; i < N; i++)
        old[i] = engine_schedule(e, 1.0 + i, record, &got, i, 0);
    ck_assert_uint_eq(engine_run(e, 2000), N);
    for (uint32_t i = 0; i < N; i++)
        cur[i] = engine_schedule(e, 3000.0 + i, record, &got, N + i, 0);
    for (uint32_t i = 0; i < N; i++)
        EXPECT(!engine_cancel(e, old[i]) && cur[i] != old[i]);
    ck_assert_uint_eq(engine_pending(e), N);
    /* Cancelled ids stay dead after their slots are collected and reused, too. */
    for (uint32_t i = 0; i < N; i++)
        EXPECT(engine_cancel(e, cur[i]));
    for (int round = 0; round < 5; round++) {
        for (uint32_t i = 0; i < N; i++)
            old[i] = engine_schedule(e, 5000.0 + i, record, &got, 0, 0);
        for (uint32_t i = 0; i < N; i++)
            EXPECT(engine_cancel(e, old[i]));
        engine_check(e);
    }
    for (uint32_t i = 0; i < N; i++)
        EXPECT(!engine_cancel(e, cur[i]));
    ck_assert_uint_eq(engine_pending(e), 0);
    ck_assert_uint_eq(engine_run(e, 1e4), 0);
    ck_assert_uint_eq(got.n, N);
    free(got.r);
    engine_free(e);
}
END_TEST

START_TEST(cancel_most_events)
{
    enum { N = 100000 };
    struct engine *e = engine_alloc();
    struct log got = {0};
    struct rec *want = malloc(N * sizeof *want);
    event_id *id = malloc(N * sizeof *id);
    uint64_t s = 11;
    for (uint32_t i = 0; i < N; i++) {
        double t = draw_exp(&s, i) * 100;
        id[i] = engine_schedule(e, t, record, &got, i, 0);
        want[i] = (struct rec){t, i};
    }
    engine_run(e, 1.0); /* part of it, so that cancels hit every level */
    size_t ran = got.n, kept = 0;
    for (uint32_t i = 0; i < N; i++) {
        if (want[i].t <= 1.0)
            EXPECT(!engine_cancel(e, id[i])); /* already ran */
        else if (rng_below(&s, 10) != 0)
            EXPECT(engine_cancel(e, id[i]));
        else
            want[kept++] = want[i];
        if (i % 20000 == 0)
            engine_check(e);
    }
    engine_check(e);
    ck_assert_uint_eq(engine_pending(e), kept);
    qsort(want, kept, sizeof *want, cmp_rec);
    engine_run(e, INFINITY);
    engine_check(e);
    ck_assert_uint_eq(got.n - ran, kept);
    for (size_t k = 0; k < kept; k++)
        EXPECT(got.r[ran + k].t == want[k].t && got.r[ran + k].a == want[k].a);
    free(want);
    free(id);
    free(got.r);
    engine_free(e);
}
END_TEST

/* ---- the clock, scheduling at now, stopping ---- */

struct chain_ctx {
    struct log log;
    uint32_t next_a;
};

/* Schedules a follower at exactly now until a reaches 5. */
static void chain(struct engine *e, void *ctx, uint32_t a, uint32_t b)
{
    struct chain_ctx *c = ctx;
    log_add(&c->log, engine_now(e), a);
    if (b < 5)
        engine_schedule(e, engine_now(e), chain, c, c->next_a++, b + 1);
}

START_TEST(schedule_at_now_runs_in_same_run)
{
    struct engine *e = engine_alloc();
    struct chain_ctx c = {.next_a = 0};
    /* Two chains started at t = 5 and a plain event at t = 5 scheduled between them: the
     * followers scheduled at now run after everything already pending at now. */
    engine_schedule(e, 5, chain, &c, c.next_a++, 0);
    engine_schedule(e, 5, chain, &c, c.next_a++, 3);
    engine_schedule(e, 50, chain, &c, c.next_a++, 5);
    ck_assert_uint_eq(engine_run(e, 10), 6 + 3); /* b = 0..5 and b = 3..5 */
    ck_assert_double_eq(engine_now(e), 10);
    for (size_t i = 0; i < c.log.n; i++) {
        ck_assert_double_eq(c.log.r[i].t, 5);
        if (i > 0)
            ck_assert_uint_gt(c.log.r[i].a, c.log.r[i - 1].a);
    }
    ck_assert_double_eq(engine_next_time(e), 50);
    engine_check(e);
    free(c.log.r);
    engine_free(e);
}
END_TEST

START_TEST(run_stops_at_t_end_and_sets_clock)
{
    struct engine *e = engine_alloc();
    struct log got = {0};
    ck_assert_double_eq(engine_now(e), 0);
    ck_assert_uint_eq(engine_run(e, 0), 0); /* empty */
    ck_assert_uint_eq(engine_run(e, 7.5), 0);
    ck_assert_double_eq(engine_now(e), 7.5);
    engine_schedule(e, 7.5, record, &got, 0, 0); /* exactly now */
    engine_schedule(e, 8, record, &got, 1, 0);
    engine_schedule(e, 9, record, &got, 2, 0);
    engine_schedule(e, 10, record, &got, 3, 0);
    ck_assert_uint_eq(engine_run(e, 9), 3); /* t <= t_end, inclusive */
    ck_assert_double_eq(engine_now(e), 9);
    ck_assert_uint_eq(engine_run(e, 9.5), 0);
    ck_assert_double_eq(engine_now(e), 9.5);
    ck_assert_double_eq(engine_next_time(e), 10);
    ck_assert_uint_eq(engine_pending(e), 1);
    ck_assert_uint_eq(engine_run(e, INFINITY), 1); /* the clock stays at the last event */
    ck_assert_double_eq(engine_now(e), 10);
    ck_assert_uint_eq(engine_events_run(e), 4);
    free(got.r);
    engine_free(e);
}
END_TEST

static void stopper(struct engine *e, void *ctx, uint32_t a, uint32_t b)
{
    record(e, ctx, a, b);
    engine_stop(e);
}

START_TEST(stop_from_a_handler)
{
    struct engine *e = engine_alloc();
    struct log got = {0};
    engine_schedule(e, 10, record, &got, 0, 0);
    engine_schedule(e, 20, stopper, &got, 1, 0);
    engine_schedule(e, 20, record, &got, 2, 0); /* same time, after the stopper */
    engine_schedule(e, 30, record, &got, 3, 0);
    ck_assert_uint_eq(engine_run(e, 100), 2);
    ck_assert(engine_stopped(e));
    ck_assert_double_eq(engine_now(e), 20); /* stopped early: the clock stays */
    ck_assert_uint_eq(engine_pending(e), 2);
    engine_check(e);
    ck_assert_uint_eq(engine_run(e, 100), 2); /* a new run clears the stop */
    ck_assert(!engine_stopped(e));
    ck_assert_double_eq(engine_now(e), 100);
    ck_assert_uint_eq(got.n, 4);
    for (uint32_t i = 0; i < 4; i++)
        ck_assert_uint_eq(got.r[i].a, i);
    free(got.r);
    engine_free(e);
}
END_TEST

START_TEST(long_clock_jumps)
{
    struct engine *e = engine_alloc();
    struct log got = {0};
    /* Pending events separated by long empty stretches, one run per event. */
    const double t[] = {1e-9, 1, 2, 1e6, 1e12, 1e12 + 1e-3, 1e15, 1e300, DBL_MAX};
    const uint32_t n = sizeof t / sizeof t[0];
    for (uint32_t i = 0; i < n; i++)
        engine_schedule(e, t[n - 1 - i], record, &got, n - 1 - i, 0); /* latest first */
    engine_check(e);
    for (uint32_t i = 0; i < n; i++) {
        ck_assert_double_eq(engine_next_time(e), t[i]);
        ck_assert_uint_eq(engine_run(e, t[i]), 1);
        ck_assert_double_eq(engine_now(e), t[i]);
        ck_assert_uint_eq(got.r[i].a, i);
        engine_check(e);
    }
    engine_free(e);

    /* The clock jumps far past the buckets (running what is due on the way), then events
     * are scheduled near the new clock and far from it. */
    e = engine_alloc();
    got.n = 0;
    double now = 0;
    for (uint32_t k = 0; k < 12; k++) {
        now = now * 1000 + 1;
        engine_run(e, now);
        engine_schedule(e, now * 1e6, record, &got, 4 * k, 0);
        engine_schedule(e, now, record, &got, 4 * k + 1, 0);
        engine_schedule(e, now + now * 1e-12, record, &got, 4 * k + 2, 0);
        engine_schedule(e, now * 2, record, &got, 4 * k + 3, 0);
        ck_assert_uint_eq(engine_run(e, now * 1.5), 2);
        ck_assert_uint_eq(got.r[got.n - 2].a, 4 * k + 1);
        ck_assert_uint_eq(got.r[got.n - 1].a, 4 * k + 2);
        engine_check(e);
        now *= 1.5;
    }
    engine_run(e, INFINITY);
    ck_assert_uint_eq(got.n, 48);
    for (size_t i = 1; i < got.n; i++)
        ck_assert(got.r[i - 1].t < got.r[i].t);
    free(got.r);
    engine_free(e);
}
END_TEST

/* ---- dynamic patterns ---- */

struct hold_ctx {
    uint64_t rng;
    uint32_t next_a;
    double last_t;
    uint32_t last_a;
    uint64_t ran;
};

/* The hold model: each event schedules one more at now + Exp(mean) (sometimes + 0, exactly
 * now); checks that runs are increasing in (time, scheduling order). */
static void hold(struct engine *e, void *ctx, uint32_t a, uint32_t b)
{
    struct hold_ctx *h = ctx;
    double now = engine_now(e);
    EXPECT(now > h->last_t || (now == h->last_t && a > h->last_a));
    h->last_t = now;
    h->last_a = a;
    h->ran++;
    double dt = rng_below(&h->rng, 16) == 0 ? 0 : -log1p(-rng_unit(&h->rng)) * (b + 1);
    engine_schedule(e, now + dt, hold, h, h->next_a++, b);
}

START_TEST(hold_model_stays_ordered)
{
    const size_t sizes[] = {1, 10, 1000, 30000};
    for (size_t k = 0; k < 4; k++) {
        struct engine *e = engine_alloc();
        struct hold_ctx h = {.rng = 100 + k, .last_t = -1};
        for (size_t i = 0; i < sizes[k]; i++)
            engine_schedule(e, -log1p(-rng_unit(&h.rng)), hold, &h, h.next_a++,
                            (uint32_t)(i % 3 == 0 ? 1000 : 0)); /* two time scales */
        double until = 0;
        while (h.ran < 300000) {
            until += 2000.0 / (double)sizes[k];
            engine_run(e, until);
            EXPECT(engine_pending(e) == sizes[k]);
            if (h.ran % 7 == 0)
                engine_check(e);
        }
        engine_check(e);
        engine_free(e);
    }
}
END_TEST

/* A burst: one event at t = 1 schedules many at t = 1 and just after it, all landing in the
 * bucket being drained; they must still come out in order. */
struct burst_ctx {
    struct log log;
    uint32_t next_a;
};

static void burst(struct engine *e, void *ctx, uint32_t a, uint32_t b)
{
    struct burst_ctx *c = ctx;
    log_add(&c->log, engine_now(e), a);
    if (b == 1) {
        for (uint32_t i = 0; i < 100000; i++) {
            double t = engine_now(e) + (i % 3 == 0 ? 0 : (double)((i * 7919u) % 1000) * 1e-9);
            engine_schedule(e, t, burst, c, c->next_a++, 0);
        }
    }
}

START_TEST(burst_into_the_active_bucket)
{
    struct engine *e = engine_alloc();
    struct burst_ctx c = {.next_a = 0};
    uint64_t s = 5;
    for (int i = 0; i < 5000; i++)
        engine_schedule(e, 2.0 * rng_unit(&s), burst, &c, c.next_a++, 0);
    engine_schedule(e, 1.0, burst, &c, c.next_a++, 1);
    engine_run(e, 1.0 + 5e-7);
    engine_check(e);
    engine_run(e, 10);
    engine_check(e);
    ck_assert_uint_eq(c.log.n, 5000 + 1 + 100000);
    for (size_t i = 1; i < c.log.n; i++)
        EXPECT(cmp_rec(&c.log.r[i - 1], &c.log.r[i]) < 0);
    free(c.log.r);
    engine_free(e);
}
END_TEST

/* ---- differential test against a linear-scan reference ---- */

struct ref_ev {
    double t;
    uint64_t seq;
    event_id id;
    bool live;
};

struct diff {
    struct engine *e;
    struct ref_ev *ref;
    size_t n_ref, cap;
    uint64_t seq, rng;
    int scale;        /* which time pattern */
    bool churn;       /* far events scheduled and cancelled at once pile up as garbage */
    uint64_t ran;
    bool allow_stop;
};

static double diff_delay(struct diff *d)
{
    switch (rng_below(&d->rng, d->scale == 0 ? 4 : 8)) {
    case 0: return 0;                                         /* exactly now */
    case 1: return (double)rng_below(&d->rng, 8) / 4;         /* ties */
    case 2: return rng_unit(&d->rng) * 1e-9;                  /* very close */
    case 3: return rng_unit(&d->rng) * 10;
    case 4: return rng_unit(&d->rng) * 1e6;                   /* far */
    case 5: return pow(10, 20 * rng_unit(&d->rng));           /* huge spread */
    case 6: return 1e12;                                      /* far, tied */
    default: return -log1p(-rng_unit(&d->rng));
    }
}

static void diff_handler(struct engine *e, void *ctx, uint32_t a, uint32_t b);

static void diff_schedule(struct diff *d, double t)
{
    if (d->n_ref == d->cap) {
        d->cap = d->cap ? 2 * d->cap : 1024;
        d->ref = realloc(d->ref, d->cap * sizeof *d->ref);
        ck_assert_ptr_nonnull(d->ref);
    }
    struct ref_ev *r = &d->ref[d->n_ref];
    *r = (struct ref_ev){t, d->seq++, 0, true};
    r->id = engine_schedule(d->e, t, diff_handler, d, (uint32_t)d->n_ref, 0);
    d->n_ref++;
}

/* Cancels a random reference event (pending, ran or cancelled) in both. */
static void diff_cancel(struct diff *d)
{
    if (d->n_ref == 0)
        return;
    size_t k = d->n_ref - 1 - rng_below(&d->rng, d->n_ref < 64 ? d->n_ref : 64);
    if (rng_below(&d->rng, 2))
        k = rng_below(&d->rng, d->n_ref);
    EXPECT(engine_cancel(d->e, d->ref[k].id) == d->ref[k].live);
    d->ref[k].live = false;
}

/* Index of the reference's earliest live event, or SIZE_MAX. */
static size_t ref_min(const struct diff *d)
{
    size_t best = SIZE_MAX;
    for (size_t k = 0; k < d->n_ref; k++) {
        const struct ref_ev *r = &d->ref[k];
        if (r->live && (best == SIZE_MAX || r->t < d->ref[best].t ||
                        (r->t == d->ref[best].t && r->seq < d->ref[best].seq)))
            best = k;
    }
    return best;
}

static void diff_handler(struct engine *e, void *ctx, uint32_t a, uint32_t b)
{
    (void)b;
    struct diff *d = ctx;
    size_t want = ref_min(d);
    EXPECT(a == want);
    EXPECT(engine_now(e) == d->ref[a].t);
    d->ref[a].live = false;
    d->ran++;
    EXPECT(!engine_cancel(e, d->ref[a].id)); /* running: no longer pending */
    unsigned op = (unsigned)rng_below(&d->rng, 10);
    if (op < 4)
        diff_schedule(d, engine_now(e) + diff_delay(d));
    else if (op < 5)
        diff_cancel(d);
    else if (op < 6 && d->allow_stop && rng_below(&d->rng, 20) == 0)
        engine_stop(e);
}

static void run_differential(int scale, bool churn, uint64_t seed, int steps)
{
    struct diff d = {.e = engine_alloc(), .rng = seed, .scale = scale, .churn = churn};
    double now = 0;
    for (int step = 0; step < steps; step++) {
        unsigned op = (unsigned)rng_below(&d.rng, 20);
        if (op < 11) {
            diff_schedule(&d, now + diff_delay(&d));
            if (d.churn) {
                /* A far event redrawn again and again: garbage behind the pending ones. */
                diff_schedule(&d, now + 1e6 + diff_delay(&d));
                EXPECT(engine_cancel(d.e, d.ref[d.n_ref - 1].id));
                d.ref[d.n_ref - 1].live = false;
            }
        } else if (op < 16) {
            diff_cancel(&d);
        } else if (op < 17) {
            size_t k = ref_min(&d);
            ck_assert_double_eq(engine_next_time(d.e), k == SIZE_MAX ? INFINITY : d.ref[k].t);
        } else {
            double until = now + (op == 17 ? 0 : diff_delay(&d));
            d.allow_stop = op == 19;
            engine_run(d.e, until);
            size_t k = ref_min(&d);
            if (engine_stopped(d.e)) {
                now = engine_now(d.e);
            } else {
                ck_assert(k == SIZE_MAX || d.ref[k].t > until);
                ck_assert_double_eq(engine_now(d.e), until);
                now = until;
            }
            engine_check(d.e);
        }
        size_t live = 0;
        if (step % 64 == 0) {
            for (size_t k = 0; k < d.n_ref; k++)
                live += d.ref[k].live;
            ck_assert_uint_eq(engine_pending(d.e), live);
        }
    }
    /* Drain, still under the reference's eye. */
    d.allow_stop = false;
    engine_run(d.e, INFINITY);
    ck_assert_uint_eq(ref_min(&d), SIZE_MAX);
    ck_assert_uint_eq(engine_pending(d.e), 0);
    ck_assert_uint_eq(engine_events_run(d.e), d.ran);
    engine_check(d.e);
    free(d.ref);
    engine_free(d.e);
}

START_TEST(differential_random_operations)
{
    for (int scale = 0; scale < 2; scale++)
        for (uint64_t seed = 1; seed <= 4; seed++)
            run_differential(scale, false, seed * 1000 + (uint64_t)scale, 5000);
    for (int scale = 0; scale < 2; scale++)
        run_differential(scale, true, 77 + (uint64_t)scale, 20000);
}
END_TEST

/* ---- bounded memory ---- */

static size_t heap_in_use(void)
{
#ifdef __GLIBC__
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
#else
    return 0;
#endif
}

static void noop(struct engine *e, void *ctx, uint32_t a, uint32_t b)
{
    (void)e, (void)ctx, (void)a, (void)b;
}

START_TEST(cancel_and_reschedule_stays_bounded)
{
    /* The fast mode's pattern: one "next event" cancelled and redrawn after every change, at
     * times near and far, while nothing runs. */
    struct engine *e = engine_alloc();
    uint64_t s = 3;
    event_id id = engine_schedule(e, 1e6, noop, NULL, 0, 0);
    size_t base = 0;
    for (int i = 0; i < 1000000; i++) {
        EXPECT(engine_cancel(e, id));
        double t = rng_below(&s, 2) ? 1e6 + i : rng_unit(&s) * 1e9;
        id = engine_schedule(e, t, noop, NULL, 0, 0);
        EXPECT(engine_pending(e) == 1);
        if (i == 10000)
            base = heap_in_use();
    }
    engine_check(e);
    ck_assert_uint_le(heap_in_use(), base + 64 * 1024);
    ck_assert_uint_eq(engine_run(e, 1e10), 1);
    engine_free(e);
}
END_TEST

/* The same while running: a process event redrawn by every other event. */
struct redraw_ctx {
    event_id process;
    uint64_t rng;
    uint64_t ran;
};

static void redraw(struct engine *e, void *ctx, uint32_t a, uint32_t b)
{
    (void)a, (void)b;
    struct redraw_ctx *c = ctx;
    c->ran++;
    if (c->process)
        engine_cancel(e, c->process);
    double now = engine_now(e);
    c->process = engine_schedule(e, now + 1 + rng_unit(&c->rng) * 100, redraw, c, 0, 0);
    engine_schedule(e, now + rng_unit(&c->rng), redraw, c, 1, 0);
}

START_TEST(redraw_while_running_stays_bounded)
{
    struct engine *e = engine_alloc();
    struct redraw_ctx c = {.rng = 9};
    for (int i = 0; i < 100; i++)
        engine_schedule(e, rng_unit(&c.rng), redraw, &c, 1, 0);
    size_t base = 0;
    double until = 0;
    for (int k = 0; k < 100; k++) {
        until += 100;
        engine_run(e, until);
        ck_assert_uint_le(engine_pending(e), 110);
        engine_check(e);
        if (k == 10)
            base = heap_in_use();
    }
    engine_check(e);
    ck_assert_uint_gt(c.ran, 1000000);
    ck_assert_uint_le(heap_in_use(), base + 256 * 1024);
    engine_free(e);
}
END_TEST

Suite *engine_suite(void)
{
    Suite *s = suite_create("engine");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, ties_run_in_scheduling_order);
    tcase_add_test(tc, cancel_semantics);
    tcase_add_test(tc, stale_ids_after_slot_reuse);
    tcase_add_test(tc, schedule_at_now_runs_in_same_run);
    tcase_add_test(tc, run_stops_at_t_end_and_sets_clock);
    tcase_add_test(tc, stop_from_a_handler);
    tcase_add_test(tc, long_clock_jumps);
    suite_add_tcase(s, tc);

    TCase *slow = tcase_create("slow");
    tcase_set_timeout(slow, 120); /* valgrind runs these ~50x slower */
    tcase_add_test(slow, order_random_times);
    tcase_add_test(slow, order_huge_spread_and_clusters);
    tcase_add_test(slow, cancel_most_events);
    tcase_add_test(slow, hold_model_stays_ordered);
    tcase_add_test(slow, burst_into_the_active_bucket);
    tcase_add_test(slow, differential_random_operations);
    tcase_add_test(slow, cancel_and_reschedule_stays_bounded);
    tcase_add_test(slow, redraw_while_running_stays_bounded);
    suite_add_tcase(s, slow);
    return s;
}
