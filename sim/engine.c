/* engine.c - the simulated clock and the pending-event set, a two-rung ladder queue.
 * The idea: with 10^6 events pending, memory latency, not comparisons, is what costs. So an
 * event is only appended to a few streams (coarse buckets, overflow) or moved within a
 * cache-sized working set (the fine rung, a small heap); the hot path reads nothing at random
 * (its one random access, the event's slot with its handler, payload and generation, is
 * prefetched ahead). What moves is small: time, sequence, slot and generation (24 bytes). Cancellation is lazy: a
 * cancelled entry stays put, its slot's generation marks it dead, and it is skipped or collected.
 *
 * Levels, earliest first, and where an event at time t goes (pos = (t - start) * inv_w, one
 * formula used everywhere, monotonic in t, so equal times always share a place):
 *   heap       pos < chlim           a binary heap by (t, seq): what was loaded from the fine
 *                                    rung, and new events in (or before) the active coarse bucket
 *   fine rung  (built from the active coarse bucket by counting sort, buckets [nf, nbf) left)
 *   coarse     chlim <= pos < cend   bucket floor(pos) >= next_a, a chain of chunks
 *   overflow   pos >= cend           unsorted; re-bucketed when the coarse buckets run out
 * The heap's top may be popped only if its fine index is below nf (no unloaded fine bucket
 * can hold anything earlier); otherwise the next fine bucket is loaded first.
 *
 * Invariants (engine_check asserts them):
 *   - the heap is a min-heap by (t, seq); fine bucket j holds entries of fine index j; coarse
 *     bucket a holds entries with floor(pos) = a; buckets before the cursors are empty;
 *   - every entry has t >= now and seq < next_seq and refers to its own slot;
 *   - a slot's generation is odd while its event is pending; an entry is live iff its gen
 *     equals its slot's; a slot is on the free stack iff no entry refers to it, so a slot is
 *     never reused while a stale entry for it remains;
 *   - live and dead count the live and cancelled entries; dead <= live + GC_SLACK. */
#include "engine.h"
#include "engine_internal.h"

#include <assert.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "status.h"

/* ---- slots ---- */

/* A slot for a new event; *gen receives its new (odd) generation. The caller fills the payload. */
static inline uint32_t slot_alloc(struct engine *e, uint32_t *gen)
{
    uint32_t i;
    if (e->nfree > 0) {
        i = e->free[--e->nfree];
        *gen = e->slots[i].gen + 1; /* the slot is written next anyway */
    } else {
        if (e->nslots == e->slots_cap) {
            assert(e->slots_cap < NONE / 2);
            e->slots_cap = e->slots_cap ? 2 * e->slots_cap : 64;
            e->slots = xrealloc(e->slots, e->slots_cap * sizeof *e->slots);
            e->free = xrealloc(e->free, e->slots_cap * sizeof *e->free);
        }
        i = e->nslots++;
        *gen = 1;
    }
    e->slots[i].gen = *gen;
    return i;
}

/* Returns a slot, whose generation is now gen (even), to the free stack. */
static inline void slot_free(struct engine *e, uint32_t i, uint32_t gen)
{
    assert(!(gen & 1) && e->nfree < e->nslots);
    e->slots[i].gen = gen;
    e->free[e->nfree++] = i;
}


/* ---- heap ---- */


static void heap_reserve(struct engine *e, size_t n)
{
    if (n <= e->heap_cap)
        return;
    size_t cap = e->heap_cap ? e->heap_cap : 64;
    while (cap < n)
        cap *= 2;
    e->heap = xrealloc(e->heap, cap * sizeof *e->heap);
    e->heap_cap = cap;
}

static void sift_down(struct entry *h, size_t n, size_t i)
{
    struct entry x = h[i];
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && before(&h[c + 1], &h[c]))
            c++;
        if (!before(&h[c], &x))
            break;
        h[i] = h[c];
        i = c;
    }
    h[i] = x;
}

static void heap_push(struct engine *e, const struct entry *en)
{
    heap_reserve(e, e->heap_n + 1);
    struct entry *h = e->heap;
    size_t i = e->heap_n++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!before(en, &h[p]))
            break;
        h[i] = h[p];
        i = p;
    }
    h[i] = *en;
}

static inline void heap_pop(struct engine *e)
{
    assert(e->heap_n > 0);
    if (--e->heap_n > 0) {
        e->heap[0] = e->heap[e->heap_n];
        sift_down(e->heap, e->heap_n, 0);
    }
}

static void heapify(struct engine *e)
{
    for (size_t i = e->heap_n / 2; i-- > 0;)
        sift_down(e->heap, e->heap_n, i);
}

/* ---- positions ---- */


/* flim from nf: fine_index(p) < nf  <=>  p < flim. */
static void set_nf(struct engine *e, size_t nf)
{
    e->nf = nf;
    e->flim = nf >= e->nbf ? INFINITY : nf == 0 ? -INFINITY : (double)nf;
}

/* ---- coarse buckets and overflow ---- */

static uint32_t chunk_alloc(struct engine *e)
{
    uint32_t c = e->free_chunk;
    if (c != NONE) {
        e->free_chunk = e->chunks[c].next;
        return c;
    }
    if (e->nchunks == e->chunks_cap) {
        assert(e->chunks_cap < NONE / 2);
        e->chunks_cap = e->chunks_cap ? 2 * e->chunks_cap : 16;
        e->chunks = xrealloc(e->chunks, e->chunks_cap * sizeof *e->chunks);
    }
    return e->nchunks++;
}

static inline void coarse_append(struct engine *e, size_t j, const struct entry *en)
{
    struct bucket *h = &e->head[j];
    if (h->n == CHUNK_ENTRIES || h->chunk == NONE) {
        uint32_t c = chunk_alloc(e);
        e->chunks[c].next = h->chunk;
        h->chunk = c;
        h->n = 0;
    }
    e->chunks[h->chunk].e[h->n++] = *en;
    h->count++;
}

static void over_push(struct engine *e, const struct entry *en)
{
    if (e->over_n == e->over_cap) {
        e->over_cap = e->over_cap ? 2 * e->over_cap : 64;
        e->over = xrealloc(e->over, e->over_cap * sizeof *e->over);
    }
    e->over[e->over_n++] = *en;
}

static inline void place(struct engine *e, const struct entry *en)
{
    double p = coarse_pos(e, en->t);
    if (p < e->chlim)
        heap_push(e, en);
    else if (p < e->cend)
        coarse_append(e, (size_t)p, en);
    else
        over_push(e, en);
}

/* No rung: everything new goes to the overflow. Only when the heap, the fine rung and the
 * coarse buckets are empty (all chunks free). */
static void rung_off(struct engine *e)
{
    e->chlim = e->cend = -INFINITY;
    e->na = e->next_a = 0;
    e->nchunks = 0;
    e->free_chunk = NONE;
    e->nbf = 1;
    set_nf(e, 1);
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* Spreads the overflow over a new coarse rung starting at its earliest time (everything else
 * is empty). The width gives about COARSE_EVENTS events per bucket (fewer when few are
 * pending) at the density of the earliest events, which is what a bucket sees when it is
 * reached, in a steady state anyway; but COARSE_MAX buckets must span 7/8 of the sampled
 * times. The rung ends at the latest time or after COARSE_MAX buckets; the rest waits. */
static void rebuild(struct engine *e)
{
    assert(e->heap_n == 0);
    size_t n = e->over_n;
    rung_off(e);
    if (n == 0)
        return;

    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        double t = e->over[i].t;
        if (t < lo)
            lo = t;
        if (t > hi)
            hi = t;
    }
    double sample[SAMPLE_MAX];
    size_t k = n < SAMPLE_MAX ? n : SAMPLE_MAX;
    for (size_t i = 0; i < k; i++)
        sample[i] = e->over[i * n / k].t;
    qsort(sample, k, sizeof *sample, cmp_double);
    size_t m = k / 16 > 1 ? k / 16 : 1;
    while (m < k && sample[m] == lo)
        m++;
    double width = 0;
    if (m < k) {
        double per_s = (double)m / (double)k * (double)n / (sample[m] - lo);
        double per_bucket = fmin(COARSE_EVENTS, fmax(1.0, (double)n / COARSE_MIN));
        width = fmax(per_bucket / per_s, (sample[7 * k / 8] - lo) / COARSE_MAX);
    }
    size_t na = 1;
    if (width >= DBL_MIN && width <= DBL_MAX && isfinite(1.0 / width)) {
        double want = ceil(fmin((hi - lo) * (1.0 + 0x1p-20), DBL_MAX) / width);
        na = want < 1.0 ? 1 : want > COARSE_MAX ? COARSE_MAX : (size_t)want;
    } else {
        /* (Nearly) all at one time: that time goes to the heap, the rest waits. */
        width = fmax(fabs(lo), 1.0) * 0x1p-30;
    }

    if (na > e->head_cap) {
        e->head_cap = na > COARSE_MAX ? na : COARSE_MAX;
        free(e->head);
        e->head = xmalloc(e->head_cap * sizeof *e->head);
    }
    for (size_t j = 0; j < na; j++)
        e->head[j] = (struct bucket){NONE, 0, 0};
    e->start = lo;
    e->width = width;
    e->inv_w = 1.0 / width;
    e->na = na;
    e->next_a = 0;
    e->chlim = 0.0;
    e->cend = (double)na;

    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        const struct entry *en = &e->over[i];
        double p = coarse_pos(e, en->t);
        if (p < e->cend)
            coarse_append(e, (size_t)p, en); /* p >= 0 = chlim: t >= lo */
        else
            e->over[kept++] = *en;
    }
    e->over_n = kept;
    e->split_floor = SPLIT_MIN;
}

/* Makes coarse bucket a the active one: its entries are counting-sorted into the fine rung.
 * The heap is empty and the previous fine rung fully loaded. */
static void activate(struct engine *e, size_t a)
{
    struct bucket *h = &e->head[a];
    size_t s = h->count;
    uint32_t first = h->chunk, first_n = h->n;
    *h = (struct bucket){NONE, 0, 0};
    e->next_a = a + 1;
    e->chlim = (double)a + 1.0;
    if (s > e->fine_cap) {
        e->fine_cap = 2 * s;
        free(e->fine);
        e->fine = xmalloc(e->fine_cap * sizeof *e->fine);
    }

    size_t nbf = (size_t)ceil((double)s / FINE_EVENTS);
    if (nbf < 1)
        nbf = 1;
    double inv = (double)nbf / e->width;
    if (!isfinite(inv)) {
        nbf = 1;
        inv = 0;
    }
    e->f_start = e->start + (double)a * e->width;
    e->f_inv_w = inv;
    e->nbf = nbf;
    set_nf(e, 0);
    if (nbf + 1 > e->off_cap) {
        e->off_cap = 2 * (nbf + 1);
        e->off = xrealloc(e->off, e->off_cap * sizeof *e->off);
    }
    size_t *off = e->off;
    for (size_t j = 0; j <= nbf; j++)
        off[j] = 0;
    /* Counting sort: count per fine bucket, then scatter (the chunks are in cache by then),
     * using off[j] as bucket j's cursor, which ends at off[j+1]'s old value. */
    uint32_t n = first_n;
    for (uint32_t c = first; c != NONE; c = e->chunks[c].next, n = CHUNK_ENTRIES) {
        const struct chunk *ch = &e->chunks[c];
        if (ch->next != NONE)
            __builtin_prefetch(&e->chunks[ch->next]);
        for (uint32_t i = 0; i < n; i++)
            off[fine_index(e, fine_pos(e, ch->e[i].t)) + 1]++;
    }
    for (size_t j = 0; j < nbf; j++)
        off[j + 1] += off[j];
    assert(off[nbf] == s);
    n = first_n;
    for (uint32_t c = first; c != NONE; n = CHUNK_ENTRIES) {
        const struct chunk *ch = &e->chunks[c];
        for (uint32_t i = 0; i < n; i++) {
            const struct entry *en = &ch->e[i];
            e->fine[off[fine_index(e, fine_pos(e, en->t))]++] = *en;
            __builtin_prefetch(&e->slots[en->slot], 1); /* read and written when it runs */
        }
        uint32_t next = ch->next;
        e->chunks[c].next = e->free_chunk;
        e->free_chunk = c;
        c = next;
    }
    for (size_t j = nbf; j > 0; j--)
        off[j] = off[j - 1];
    off[0] = 0;
}

/* Loads fine bucket j (>= nf) into the heap; buckets nf..j-1 must be empty. */
static void load_fine(struct engine *e, size_t j)
{
    size_t lo = e->off[j], hi = e->off[j + 1];
    heap_reserve(e, e->heap_n + (hi - lo));
    if (e->heap_n == 0) {
        for (size_t i = lo; i < hi; i++)
            e->heap[e->heap_n++] = e->fine[i];
        heapify(e);
    } else {
        for (size_t i = lo; i < hi; i++)
            heap_push(e, &e->fine[i]);
    }
    set_nf(e, j + 1);
}

/* Keeps a live entry (appending it to the overflow) or drops a cancelled one. */
static void gather_one(struct engine *e, const struct entry *en)
{
    if (entry_live(e, en)) {
        over_push(e, en);
    } else {
        slot_free(e, en->slot, en->gen + 1);
        e->dead--;
    }
}

/* Moves every pending entry to the overflow and drops the cancelled ones; no rung remains. */
static void gather(struct engine *e)
{
    size_t n = e->over_n;
    e->over_n = 0;
    for (size_t i = 0; i < n; i++)
        gather_one(e, &e->over[i]); /* in place: writes never pass reads */
    for (size_t i = 0; i < e->heap_n; i++)
        gather_one(e, &e->heap[i]);
    e->heap_n = 0;
    for (size_t i = e->off[e->nf]; e->nf < e->nbf && i < e->off[e->nbf]; i++)
        gather_one(e, &e->fine[i]);
    for (size_t j = e->next_a; j < e->na; j++) {
        uint32_t n = e->head[j].n;
        for (uint32_t c = e->head[j].chunk; c != NONE; c = e->chunks[c].next, n = CHUNK_ENTRIES)
            for (uint32_t i = 0; i < n; i++)
                gather_one(e, &e->chunks[c].e[i]);
    }
    rung_off(e);
    assert(e->dead == 0);
}

/* The earliest pending event, left at the heap's root, or NULL when none is pending. Drops
 * cancelled entries on the way and refills the heap from the lower levels. */
static struct entry *peek_slow(struct engine *e)
{
    for (;;) {
        if (e->heap_n > 0) {
            struct entry *top = &e->heap[0];
            if (e->dead && !entry_live(e, top)) {
                slot_free(e, top->slot, top->gen + 1);
                e->dead--;
                heap_pop(e);
                continue;
            }
            size_t last = fine_index(e, fine_pos(e, top->t));
            if (last >= e->nf) {
                /* An unloaded fine bucket at or before the top's may hold earlier events. */
                size_t j = e->nf;
                while (j <= last && e->off[j] == e->off[j + 1])
                    j++;
                if (j <= last)
                    load_fine(e, j);
                else
                    set_nf(e, last + 1);
                continue;
            }
            if (e->heap_n > e->split_floor) {
                /* Much arrived in the active bucket: re-bucket everything, but only when that
                 * costs at most a few times the heap's size. */
                if (e->heap_n * 8 <= e->live + e->dead) {
                    e->split_floor = (e->live + e->dead) / 8;
                    continue;
                }
                size_t was = e->heap_n;
                gather(e);
                rebuild(e);
                e->split_floor = 2 * was; /* if it comes back (equal times), let it be */
                continue;
            }
            return top;
        }
        if (e->nf < e->nbf) {
            size_t j = e->nf;
            while (j < e->nbf && e->off[j] == e->off[j + 1])
                j++;
            if (j < e->nbf) {
                load_fine(e, j);
                continue;
            }
            set_nf(e, e->nbf);
        }
        size_t a = e->next_a;
        while (a < e->na && e->head[a].chunk == NONE)
            a++;
        if (a < e->na) {
            activate(e, a);
            continue;
        }
        if (e->over_n == 0) {
            rung_off(e);
            return NULL;
        }
        rebuild(e);
    }
}

static inline struct entry *peek(struct engine *e)
{
    if (e->heap_n > 0 && e->heap_n <= e->split_floor) {
        struct entry *top = &e->heap[0];
        if (fine_pos(e, top->t) < e->flim && (!e->dead || entry_live(e, top)))
            return top;
    }
    return peek_slow(e);
}

/* ---- timers ---- */

static inline bool timer_before(const struct timer *x, const struct timer *y)
{
    return x->t < y->t || (x->t == y->t && x->seq < y->seq);
}

/* Finds the earliest armed timer again (a handful of them: a linear scan). */
static void timers_update(struct engine *e)
{
    e->tnext = -1;
    for (int i = 0; i < e->ntimers; i++)
        if (e->timers[i].armed && (e->tnext < 0 || timer_before(&e->timers[i], &e->timers[e->tnext])))
            e->tnext = i;
}

/* The earliest armed timer if it comes before the set's earliest event top (NULL: none). */
static inline struct timer *timer_first(struct engine *e, const struct entry *top)
{
    if (e->tnext < 0)
        return NULL;
    struct timer *tm = &e->timers[e->tnext];
    return !top || tm->t < top->t || (tm->t == top->t && tm->seq < top->seq) ? tm : NULL;
}

engine_timer engine_timer_new(struct engine *eng, event_fn fn, void *ctx)
{
    assert(fn);
    if (eng->ntimers == ENGINE_TIMERS_MAX) {
        fputs("wormsim: too many engine timers\n", stderr);
        abort();
    }
    eng->timers[eng->ntimers] = (struct timer){.fn = fn, .ctx = ctx, .armed = false};
    return eng->ntimers++;
}

void engine_timer_set(struct engine *eng, engine_timer tm, double t)
{
    assert(tm >= 0 && tm < eng->ntimers);
    assert(isfinite(t) && t >= eng->now);
    struct timer *x = &eng->timers[tm];
    x->t = t;
    x->seq = eng->next_seq++;
    x->armed = true;
    if (eng->tnext < 0 || eng->tnext == tm || timer_before(x, &eng->timers[eng->tnext]))
        timers_update(eng);
}

void engine_timer_clear(struct engine *eng, engine_timer tm)
{
    assert(tm >= 0 && tm < eng->ntimers);
    if (!eng->timers[tm].armed)
        return;
    eng->timers[tm].armed = false;
    if (eng->tnext == tm)
        timers_update(eng);
}

bool engine_timer_armed(const struct engine *eng, engine_timer tm)
{
    assert(tm >= 0 && tm < eng->ntimers);
    return eng->timers[tm].armed;
}

/* ---- public ---- */

/* A new engine: clock at 0, nothing pending, no rung (the first peek builds one). */
struct engine *engine_alloc(void)
{
    struct engine *e = xcalloc(1, sizeof *e);
    e->tnext = -1;
    e->inv_w = e->width = 1.0;
    e->split_floor = SPLIT_MIN;
    e->off_cap = 2;
    e->off = xcalloc(e->off_cap, sizeof *e->off);
    rung_off(e);
    return e;
}

/* Frees the engine and every pending event (their contexts belong to the caller). */
void engine_free(struct engine *eng)
{
    if (!eng)
        return;
    free(eng->slots);
    free(eng->free);
    free(eng->heap);
    free(eng->fine);
    free(eng->off);
    free(eng->head);
    free(eng->chunks);
    free(eng->over);
    free(eng);
}

/* Schedules fn at time t; see engine.h. O(1) amortized. */
event_id engine_schedule(struct engine *eng, double t, event_fn fn, void *ctx, uint32_t a,
                         uint32_t b)
{
    assert(eng && fn);
    assert(isfinite(t) && t >= eng->now);
    uint32_t gen;
    uint32_t s = slot_alloc(eng, &gen);
    struct slot *sl = &eng->slots[s];
    sl->fn = fn;
    sl->ctx = ctx;
    sl->a = a;
    sl->b = b;
    struct entry en = {.t = t, .seq = eng->next_seq++, .slot = s, .gen = gen};
    place(eng, &en);
    eng->live++;
    return (uint64_t)gen << 32 | s;
}

/* Cancels by id; see engine.h. O(1) amortized: the entry is dropped later, and a collection
 * runs when cancelled entries outnumber pending ones by GC_SLACK. */
bool engine_cancel(struct engine *eng, event_id id)
{
    assert(eng);
    uint32_t s = (uint32_t)id, gen = (uint32_t)(id >> 32);
    if (s >= eng->nslots || !(gen & 1) || eng->slots[s].gen != gen)
        return false;
    eng->slots[s].gen++;
    eng->live--;
    eng->dead++;
    if (eng->dead > eng->live + GC_SLACK)
        gather(eng);
    return true;
}

/* The clock, in simulated seconds. */
double engine_now(const struct engine *eng) { return eng->now; }

/* Earliest pending time or INFINITY; may drop cancelled entries and re-bucket, hence non-const. */
double engine_next_time(struct engine *eng)
{
    const struct entry *top = peek(eng);
    const struct timer *tm = timer_first(eng, top);
    return tm ? tm->t : top ? top->t : INFINITY;
}

/* Runs events with time <= t_end (t_end >= now, not NaN) in (time, schedule order) order. The
 * clock then moves to t_end, unless a handler called engine_stop (the clock stays at that
 * event's time) or t_end is INFINITY (the clock stays at the last event's time). Clears a
 * previous stop on entry. Returns the number of events run. */
uint64_t engine_run(struct engine *eng, double t_end)
{
    assert(eng && !isnan(t_end) && t_end >= eng->now);
    eng->stopped = false;
    uint64_t n = 0;
    for (;;) {
        const struct entry *top = peek(eng);
        struct timer *tm = timer_first(eng, top);
        if (tm) {
            if (tm->t > t_end)
                break;
            tm->armed = false;
            timers_update(eng);
            eng->now = tm->t;
            eng->events_run++;
            n++;
            tm->fn(eng, tm->ctx, 0, 0);
            if (eng->stopped || (eng->watch && *eng->watch))
                return n;
            continue;
        }
        if (!top || top->t > t_end)
            break;
        struct entry ev = *top;
        heap_pop(eng);
        const struct slot *sl = &eng->slots[ev.slot];
        event_fn fn = sl->fn;
        void *ctx = sl->ctx;
        uint32_t a = sl->a, b = sl->b;
        slot_free(eng, ev.slot, ev.gen + 1);
        eng->live--;
        eng->now = ev.t;
        eng->events_run++;
        n++;
        fn(eng, ctx, a, b);
        if (eng->stopped || (eng->watch && *eng->watch))
            return n;
    }
    if (isfinite(t_end))
        eng->now = t_end;
    return n;
}

/* Stop flag, read by engine_run after each handler; pending and run counters. */
void engine_stop(struct engine *eng) { eng->stopped = true; }
void engine_watch(struct engine *eng, const volatile sig_atomic_t *flag) { eng->watch = flag; }
bool engine_stopped(const struct engine *eng) { return eng->stopped; }
size_t engine_pending(const struct engine *eng)
{
    size_t armed = 0;
    for (int i = 0; i < eng->ntimers; i++)
        armed += eng->timers[i].armed;
    return eng->live + armed;
}
uint64_t engine_events_run(const struct engine *eng) { return eng->events_run; }
