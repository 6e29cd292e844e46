/* test_engine.c - the pending-event set and run loop: order by (time, scheduling order)
 * compared with qsort of the same pairs, cancellation semantics, the clock, stopping, a
 * randomized differential test against a linear-scan reference, and bounded memory under
 * endless cancel-and-reschedule. */
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include "engine.h"
#include "suites.h"

struct rec {
    double t;
    uint32_t id;
};

static struct rec ran[100000];
static size_t n_ran;

static void record(struct engine *e, void *ctx, uint32_t a, uint32_t b)
{
    (void)ctx, (void)b;
    ran[n_ran].t = engine_now(e);
    ran[n_ran++].id = a;
}

static int cmp_rec(const void *x, const void *y)
{
    const struct rec *p = x, *q = y;
    if (p->t != q->t)
        return p->t < q->t ? -1 : 1;
    return p->id < q->id ? -1 : p->id > q->id; /* id = scheduling order */
}

static unsigned lcg(unsigned *s) { return (*s = *s * 1103515245u + 12345u) >> 8; }

START_TEST(order_matches_sort)
{
    struct engine *e = engine_alloc();
    static struct rec want[50000];
    unsigned s = 7;
    n_ran = 0;
    for (uint32_t i = 0; i < 50000; i++) {
        double t = (lcg(&s) % 1000) / 10.0; /* many equal times */
        want[i] = (struct rec){t, i};
        engine_schedule(e, t, record, NULL, i, 0);
    }
    engine_check(e);
    qsort(want, 50000, sizeof want[0], cmp_rec);
    ck_assert_uint_eq(engine_run(e, 1e9), 50000);
    ck_assert_uint_eq(n_ran, 50000);
    for (size_t i = 0; i < 50000; i++) {
        ck_assert_double_eq(ran[i].t, want[i].t);
        ck_assert_uint_eq(ran[i].id, want[i].id);
    }
    ck_assert_double_eq(engine_now(e), 1e9);
    engine_free(e);
}
END_TEST

START_TEST(cancel_semantics)
{
    struct engine *e = engine_alloc();
    n_ran = 0;
    event_id a = engine_schedule(e, 1, record, NULL, 1, 0);
    event_id b = engine_schedule(e, 2, record, NULL, 2, 0);
    ck_assert(engine_cancel(e, a));
    ck_assert(!engine_cancel(e, a)); /* twice */
    ck_assert(!engine_cancel(e, 0));
    ck_assert_uint_eq(engine_pending(e), 1);
    /* The freed slot is reused: the stale id must not cancel the new event. */
    event_id c = engine_schedule(e, 3, record, NULL, 3, 0);
    ck_assert(!engine_cancel(e, a));
    engine_run(e, 10);
    ck_assert_uint_eq(n_ran, 2);
    ck_assert_uint_eq(ran[0].id, 2);
    ck_assert_uint_eq(ran[1].id, 3);
    ck_assert(!engine_cancel(e, b)); /* already ran */
    ck_assert(!engine_cancel(e, c));
    ck_assert_double_eq(engine_next_time(e), INFINITY);
    engine_free(e);
}
END_TEST

static void chain(struct engine *e, void *ctx, uint32_t a, uint32_t b)
{
    (void)ctx;
    record(e, NULL, a, b);
    if (a < 5)
        engine_schedule(e, engine_now(e), chain, NULL, a + 1, 0); /* at exactly now */
}

static void stopper(struct engine *e, void *ctx, uint32_t a, uint32_t b)
{
    record(e, ctx, a, b);
    engine_stop(e);
}

START_TEST(clock_now_and_stop)
{
    struct engine *e = engine_alloc();
    n_ran = 0;
    engine_schedule(e, 5, chain, NULL, 1, 0);
    engine_schedule(e, 50, record, NULL, 99, 0);
    ck_assert_uint_eq(engine_run(e, 10), 5); /* the chain runs at t = 5 within this call */
    ck_assert_double_eq(engine_now(e), 10);
    ck_assert_double_eq(engine_next_time(e), 50);
    engine_schedule(e, 20, stopper, NULL, 7, 0);
    ck_assert_uint_eq(engine_run(e, 100), 1);
    ck_assert(engine_stopped(e));
    ck_assert_double_eq(engine_now(e), 20); /* stopped early: the clock stays */
    ck_assert_uint_eq(engine_run(e, 1e12), 1); /* a clock jump over a long empty stretch */
    ck_assert_double_eq(engine_now(e), 1e12);
    ck_assert_uint_eq(engine_events_run(e), 7);
    engine_free(e);
}
END_TEST

/* Reference: pending events in an array, the minimum found by a linear scan. */
struct ref_ev {
    double t;
    uint64_t seq;
    uint32_t id;
    event_id handle;
    int live;
};

START_TEST(differential_random_operations)
{
    struct engine *e = engine_alloc();
    static struct ref_ev ref[4000];
    size_t n_ref = 0;
    uint64_t seq = 0;
    unsigned s = 99;
    double now = 0;
    n_ran = 0;
    for (int step = 0; step < 4000; step++) {
        unsigned op = lcg(&s) % 10;
        if (op < 6 && n_ref < 4000) {
            double t = now + (lcg(&s) % 50) / 4.0;
            ref[n_ref] = (struct ref_ev){t, seq++, (uint32_t)n_ref, 0, 1};
            ref[n_ref].handle = engine_schedule(e, t, record, NULL, (uint32_t)n_ref, 0);
            n_ref++;
        } else if (op < 8 && n_ref > 0) {
            size_t k = lcg(&s) % n_ref;
            ck_assert_int_eq(engine_cancel(e, ref[k].handle), ref[k].live);
            ref[k].live = 0;
        } else {
            double until = now + (lcg(&s) % 20) / 4.0;
            size_t before = n_ran;
            engine_run(e, until);
            /* Expected: live reference events with t <= until, by (t, seq). */
            for (size_t i = before; i < n_ran; i++) {
                size_t best = SIZE_MAX;
                for (size_t k = 0; k < n_ref; k++)
                    if (ref[k].live && ref[k].t <= until &&
                        (best == SIZE_MAX || ref[k].t < ref[best].t ||
                         (ref[k].t == ref[best].t && ref[k].seq < ref[best].seq)))
                        best = k;
                ck_assert_uint_ne(best, SIZE_MAX);
                ck_assert_uint_eq(ran[i].id, ref[best].id);
                ref[best].live = 0;
            }
            for (size_t k = 0; k < n_ref; k++)
                ck_assert(!(ref[k].live && ref[k].t <= until));
            now = until;
            engine_check(e);
        }
    }
    size_t live = 0;
    for (size_t k = 0; k < n_ref; k++)
        live += ref[k].live;
    ck_assert_uint_eq(engine_pending(e), live);
    engine_free(e);
}
END_TEST

static void noop(struct engine *e, void *ctx, uint32_t a, uint32_t b) { (void)e, (void)ctx, (void)a, (void)b; }

START_TEST(cancel_and_reschedule_stays_bounded)
{
    /* The fast mode's pattern: one "next event" cancelled and redrawn after every change. */
    struct engine *e = engine_alloc();
    event_id id = engine_schedule(e, 1e6, noop, NULL, 0, 0);
    for (int i = 0; i < 1000000; i++) {
        ck_assert(engine_cancel(e, id));
        id = engine_schedule(e, 1e6 + i, noop, NULL, 0, 0);
        ck_assert_uint_eq(engine_pending(e), 1);
    }
    engine_check(e);
    ck_assert_uint_eq(engine_run(e, 1e7), 1);
    engine_free(e);
}
END_TEST

Suite *engine_suite(void)
{
    Suite *s = suite_create("engine");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, order_matches_sort);
    tcase_add_test(tc, cancel_semantics);
    tcase_add_test(tc, clock_now_and_stop);
    tcase_add_test(tc, differential_random_operations);
    tcase_add_test(tc, cancel_and_reschedule_stays_bounded);
    suite_add_tcase(s, tc);
    return s;
}
