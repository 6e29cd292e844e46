/* engine.c - the pending-event set and the run loop.
 * A 4-ary min-heap of (time, sequence, slot) entries ordered by time, then by the sequence
 * number given at scheduling, so equal times run in scheduling order. Each entry names a slot
 * that holds the handler, context and payload; an event_id is (slot generation << 32 | slot).
 * Cancelling is lazy: the slot is freed and its generation bumped, the heap entry stays and is
 * skipped when it reaches the top. When cancelled entries outnumber live ones the heap is
 * rebuilt without them, so a model that cancels and reschedules forever stays bounded.
 * Invariants (engine_check): heap order; live entries' slots are in use with a matching
 * sequence; n_live + n_dead == heap size. */
#include "engine.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>

#include "status.h"

#define ARITY 4
#define COMPACT_MIN 4096 /* never rebuild a heap smaller than this */

struct entry {
    double t;
    uint64_t seq;  /* scheduling order; ties in t break on it */
    uint32_t slot;
};

struct slot {
    event_fn fn;
    void *ctx;
    uint32_t a, b;
    uint32_t gen;  /* bumped when the slot is freed; part of the event_id */
    uint32_t next_free;
    uint64_t seq;  /* seq of the entry that owns the slot, 0 when free */
};

struct engine {
    struct entry *heap;
    size_t n, cap;
    struct slot *slots;
    uint32_t n_slots, cap_slots, free_head;
    size_t n_live, n_dead;
    uint64_t next_seq, events_run;
    double now;
    bool stopped;
};

#define NO_SLOT UINT32_MAX

struct engine *engine_alloc(void)
{
    struct engine *e = xcalloc(1, sizeof *e);
    e->free_head = NO_SLOT;
    e->next_seq = 1;
    return e;
}

void engine_free(struct engine *e)
{
    if (!e)
        return;
    free(e->heap);
    free(e->slots);
    free(e);
}

static inline bool before(const struct entry *x, const struct entry *y)
{
    return x->t < y->t || (x->t == y->t && x->seq < y->seq);
}

static void sift_up(struct entry *h, size_t i)
{
    struct entry v = h[i];
    while (i > 0) {
        size_t p = (i - 1) / ARITY;
        if (!before(&v, &h[p]))
            break;
        h[i] = h[p];
        i = p;
    }
    h[i] = v;
}

static void sift_down(struct entry *h, size_t n, size_t i)
{
    struct entry v = h[i];
    for (;;) {
        size_t c = ARITY * i + 1;
        if (c >= n)
            break;
        size_t best = c, end = c + ARITY < n ? c + ARITY : n;
        for (size_t k = c + 1; k < end; k++)
            if (before(&h[k], &h[best]))
                best = k;
        if (!before(&h[best], &v))
            break;
        h[i] = h[best];
        i = best;
    }
    h[i] = v;
}

static uint32_t slot_alloc(struct engine *e)
{
    if (e->free_head != NO_SLOT) {
        uint32_t s = e->free_head;
        e->free_head = e->slots[s].next_free;
        return s;
    }
    if (e->n_slots == e->cap_slots) {
        e->cap_slots = e->cap_slots ? 2 * e->cap_slots : 1024;
        e->slots = xrealloc(e->slots, sizeof *e->slots * e->cap_slots);
    }
    e->slots[e->n_slots].gen = 1;
    return e->n_slots++;
}

static void slot_release(struct engine *e, uint32_t s)
{
    e->slots[s].gen++;
    e->slots[s].seq = 0;
    e->slots[s].next_free = e->free_head;
    e->free_head = s;
}

event_id engine_schedule(struct engine *e, double t, event_fn fn, void *ctx, uint32_t a,
                         uint32_t b)
{
    assert(isfinite(t) && t >= e->now && fn);
    uint32_t s = slot_alloc(e);
    struct slot *sl = &e->slots[s];
    sl->fn = fn;
    sl->ctx = ctx;
    sl->a = a;
    sl->b = b;
    sl->seq = e->next_seq++;
    if (e->n == e->cap) {
        e->cap = e->cap ? 2 * e->cap : 1024;
        e->heap = xrealloc(e->heap, sizeof *e->heap * e->cap);
    }
    e->heap[e->n] = (struct entry){t, sl->seq, s};
    sift_up(e->heap, e->n++);
    e->n_live++;
    return (uint64_t)sl->gen << 32 | s;
}

/* Drops cancelled entries and restores heap order in O(n). */
static void compact(struct engine *e)
{
    size_t j = 0;
    for (size_t i = 0; i < e->n; i++) {
        const struct entry *x = &e->heap[i];
        if (e->slots[x->slot].seq == x->seq)
            e->heap[j++] = *x;
    }
    e->n = j;
    e->n_dead = 0;
    for (size_t i = e->n / ARITY + 1; i-- > 0;)
        if (i < e->n)
            sift_down(e->heap, e->n, i);
}

bool engine_cancel(struct engine *e, event_id id)
{
    uint32_t s = (uint32_t)id, gen = (uint32_t)(id >> 32);
    if (id == 0 || s >= e->n_slots || e->slots[s].gen != gen || e->slots[s].seq == 0)
        return false;
    slot_release(e, s);
    e->n_live--;
    e->n_dead++;
    if (e->n_dead > COMPACT_MIN && e->n_dead > e->n_live)
        compact(e);
    return true;
}

static void pop_top(struct engine *e)
{
    e->heap[0] = e->heap[--e->n];
    if (e->n > 1)
        sift_down(e->heap, e->n, 0);
}

double engine_next_time(struct engine *e)
{
    while (e->n > 0) {
        const struct entry *top = &e->heap[0];
        if (e->slots[top->slot].seq == top->seq)
            return top->t;
        pop_top(e); /* a cancelled entry */
        e->n_dead--;
    }
    return INFINITY;
}

double engine_now(const struct engine *e) { return e->now; }

uint64_t engine_run(struct engine *e, double t_end)
{
    uint64_t ran = 0;
    e->stopped = false;
    while (!e->stopped) {
        double t = engine_next_time(e);
        if (!(t <= t_end))
            break;
        struct entry top = e->heap[0];
        pop_top(e);
        struct slot sl = e->slots[top.slot];
        slot_release(e, top.slot);
        e->n_live--;
        e->now = top.t;
        sl.fn(e, sl.ctx, sl.a, sl.b);
        ran++;
        e->events_run++;
    }
    if (!e->stopped && t_end > e->now)
        e->now = t_end;
    return ran;
}

void engine_stop(struct engine *e) { e->stopped = true; }
bool engine_stopped(const struct engine *e) { return e->stopped; }
size_t engine_pending(const struct engine *e) { return e->n_live; }
uint64_t engine_events_run(const struct engine *e) { return e->events_run; }

void engine_check(struct engine *e)
{
    size_t live = 0;
    for (size_t i = 0; i < e->n; i++) {
        if (i > 0)
            assert(!before(&e->heap[i], &e->heap[(i - 1) / ARITY]));
        const struct entry *x = &e->heap[i];
        assert(x->slot < e->n_slots);
        if (e->slots[x->slot].seq == x->seq) {
            live++;
            assert(x->t >= e->now);
        }
    }
    assert(live == e->n_live && live + e->n_dead == e->n);
}
