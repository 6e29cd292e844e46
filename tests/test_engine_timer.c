/* test_engine_timer.c - engine timers: a model whose "process" events are moved after every
 * other event runs the same events at the same times in the same order whether it moves them
 * with schedule-and-cancel (the reference: the pending-event set, tested in test_engine.c) or
 * with timers; timers obey t_end, engine_next_time, engine_pending and clearing. */
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include "engine.h"
#include "suites.h"

enum { PROCS = 3, LOG_MAX = 400000 };

/* The model: 200 hold events that each move every process to now + Exp-ish delay (or clear
 * it), and process events that schedule a hold event. Both variants draw the same numbers. */
struct model;
struct proc_ctx { /* a timer's context: its model and process */
    struct model *m;
    int p;
};

struct model {
    bool timers;
    struct proc_ctx ctx[PROCS];
    uint64_t rng;
    event_id ev[PROCS];
    engine_timer tm[PROCS];
    double log_t[LOG_MAX];
    uint32_t log_a[LOG_MAX];
    size_t n;
};

static double unit(struct model *m)
{
    m->rng = m->rng * 6364136223846793005ull + 1442695040888963407ull;
    return (double)(m->rng >> 11) * 0x1p-53;
}

static void hold(struct engine *e, void *ctx, uint32_t a, uint32_t b);
static void proc_timer(struct engine *e, void *ctx, uint32_t a, uint32_t b);
static void proc_event(struct engine *e, void *ctx, uint32_t a, uint32_t b);

static void note(struct model *m, double t, uint32_t a)
{
    ck_assert_uint_lt(m->n, LOG_MAX);
    m->log_t[m->n] = t;
    m->log_a[m->n++] = a;
}

/* Moves process p to t (t < 0: clears it), by schedule-and-cancel or by its timer. */
static void move(struct engine *e, struct model *m, int p, double t)
{
    if (m->timers) {
        if (t < 0)
            engine_timer_clear(e, m->tm[p]);
        else
            engine_timer_set(e, m->tm[p], t);
        return;
    }
    if (m->ev[p])
        engine_cancel(e, m->ev[p]);
    m->ev[p] = t < 0 ? 0 : engine_schedule(e, t, proc_event, m, (uint32_t)p, 0);
}

static void hold(struct engine *e, void *ctx, uint32_t a, uint32_t b)
{
    (void)b;
    struct model *m = ctx;
    double now = engine_now(e);
    note(m, now, a);
    for (int p = 0; p < PROCS; p++) {
        double u = unit(m);
        /* ties on purpose: some at now, some at round times */
        move(e, m, p, u < 0.1 ? -1 : u < 0.2 ? now : u < 0.3 ? floor(now) + 1 : now + 5 * unit(m));
    }
    double u = unit(m); /* ties with the processes both ways: at now and at round times */
    engine_schedule(e, u < 0.2 ? now : u < 0.4 ? floor(now) + 1 : now + 3 * unit(m), hold, m, a, 0);
}

static void proc_run(struct engine *e, struct model *m, int p)
{
    double now = engine_now(e);
    note(m, now, 1000 + (uint32_t)p);
    if (unit(m) < 0.5)
        move(e, m, p, now + unit(m));
}

static void proc_event(struct engine *e, void *ctx, uint32_t a, uint32_t b)
{
    (void)b;
    struct model *m = ctx;
    m->ev[a] = 0;
    proc_run(e, m, (int)a);
}

static void proc_timer(struct engine *e, void *ctx, uint32_t a, uint32_t b)
{
    (void)a, (void)b;
    struct proc_ctx *c = ctx;
    proc_run(e, c->m, c->p);
}

/* Runs the model to t_end in steps, checking the set as it goes. */
static void run_model(struct model *m, bool timers, double t_end)
{
    *m = (struct model){.timers = timers, .rng = 12345};
    struct engine *e = engine_alloc();
    for (int p = 0; p < PROCS; p++) {
        m->ctx[p] = (struct proc_ctx){m, p};
        if (timers)
            m->tm[p] = engine_timer_new(e, proc_timer, &m->ctx[p]);
    }
    for (uint32_t i = 0; i < 200; i++)
        engine_schedule(e, 10 * unit(m), hold, m, i, 0);
    for (double t = 50; t <= t_end; t += 50) {
        engine_run(e, t);
        engine_check(e);
        ck_assert(engine_next_time(e) > t);
    }
    engine_free(e);
}

START_TEST(timers_run_as_schedule_and_cancel)
{
    struct model *ref = malloc(sizeof *ref), *tim = malloc(sizeof *tim);
    ck_assert_ptr_nonnull(ref);
    ck_assert_ptr_nonnull(tim);
    run_model(ref, false, 1000);
    run_model(tim, true, 1000);
    ck_assert_uint_gt(ref->n, 50000);
    size_t procs = 0;
    for (size_t i = 0; i < ref->n; i++)
        procs += ref->log_a[i] >= 1000;
    ck_assert_uint_gt(procs, 5000);
    ck_assert_uint_eq(tim->n, ref->n);
    for (size_t i = 0; i < ref->n; i++) {
        ck_assert(tim->log_t[i] == ref->log_t[i]);
        ck_assert_uint_eq(tim->log_a[i], ref->log_a[i]);
    }
    free(ref);
    free(tim);
}
END_TEST

static void count(struct engine *e, void *ctx, uint32_t a, uint32_t b)
{
    (void)e, (void)a, (void)b;
    ++*(int *)ctx;
}

/* A timer beyond t_end waits; engine_next_time and engine_pending see it; cleared, it is gone. */
START_TEST(timer_t_end_pending_clear)
{
    struct engine *e = engine_alloc();
    int ran = 0;
    engine_timer tm = engine_timer_new(e, count, &ran);
    ck_assert(!engine_timer_armed(e, tm));
    ck_assert(isinf(engine_next_time(e)));
    engine_timer_set(e, tm, 5);
    engine_schedule(e, 7, count, &ran, 0, 0);
    ck_assert_uint_eq(engine_pending(e), 2);
    ck_assert(engine_next_time(e) == 5);
    ck_assert_uint_eq(engine_run(e, 4), 0);
    ck_assert(engine_now(e) == 4);
    ck_assert_uint_eq(engine_run(e, 6), 1);
    ck_assert_int_eq(ran, 1);
    ck_assert(!engine_timer_armed(e, tm));
    engine_timer_set(e, tm, 8);
    engine_timer_clear(e, tm);
    engine_check(e);
    ck_assert_uint_eq(engine_pending(e), 1);
    ck_assert_uint_eq(engine_run(e, 100), 1);
    ck_assert_int_eq(ran, 2);
    engine_free(e);
}
END_TEST

Suite *engine_timer_suite(void)
{
    Suite *s = suite_create("engine_timer");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, timers_run_as_schedule_and_cancel);
    tcase_add_test(tc, timer_t_end_pending_clear);
    suite_add_tcase(s, tc);
    return s;
}
