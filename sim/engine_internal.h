/* engine_internal.h - the pending-event set's representation, shared by engine.c (the set
 * and the run loop) and engine_check.c (its invariants). Nothing else includes it. See the
 * top of engine.c for the levels and the invariants. */
#ifndef WORMSIM_ENGINE_INTERNAL_H
#define WORMSIM_ENGINE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine.h"

#define NONE UINT32_MAX

/* Tuning, measured with scripts/bench_hold.c (L2 of 1 MB, DRAM at ~150 ns). */
enum {
    CHUNK_ENTRIES = 64,    /* entries per coarse-bucket chunk (1.5 KB, streamed) */
    COARSE_EVENTS = 2048,  /* events per coarse bucket near the front: a fine rung in L2 */
    COARSE_MAX = 2048,     /* coarse buckets: their heads and tails stay in cache */
    COARSE_MIN = 64,       /* ... but at most n / COARSE_MIN, so that few new events fall
                              in the active bucket (those go to the heap) */
    SAMPLE_MAX = 256,      /* times sampled at a rebuild to choose the bucket width */
    SPLIT_MIN = 256,       /* a heap this small is never re-bucketed */
    GC_SLACK = 1024        /* cancelled entries tolerated beyond the live count */
};
#define FINE_EVENTS 3.0 /* events per fine bucket: the heap stays tiny */

/* A scheduled event as stored: 24 bytes, moved between the levels; what it runs waits in its
 * slot, read once when it runs. */
struct entry {
    double t;
    uint64_t seq;
    uint32_t slot, gen; /* live iff slots[slot].gen == gen */
};

/* A slot: the handler and payload of its pending event, and its generation. 32 bytes. */
struct slot {
    event_fn fn;
    void *ctx;
    uint32_t a, b;
    uint32_t gen; /* odd while its event is pending */
};

/* A piece of a coarse bucket's chain. Only the chain's first chunk may be partly filled, and
 * its fill count lives in the bucket head, so appending reads only the (small) heads. */
struct chunk {
    uint32_t next;
    struct entry e[CHUNK_ENTRIES];
};

struct bucket {
    uint32_t chunk; /* newest chunk of the chain, or NONE */
    uint32_t n;     /* entries in that chunk */
    uint32_t count; /* entries in the chain */
};

/* A timer (see engine.h): outside the levels, compared with their earliest at each step. */
struct timer {
    double t;
    uint64_t seq;
    event_fn fn;
    void *ctx;
    bool armed;
};

struct engine {
    double now;
    bool stopped;
    const volatile sig_atomic_t *watch; /* engine_watch: stop when it becomes non-zero */
    uint64_t next_seq;
    uint64_t events_run;
    size_t live, dead;

    struct slot *slots;
    uint32_t *free; /* a stack of free slots (their generations are even) */
    uint32_t nslots, slots_cap, nfree;

    struct entry *heap;
    size_t heap_n, heap_cap;
    size_t split_floor; /* heap size above which the heap may be re-bucketed */

    /* Fine rung: the active coarse bucket sorted into nbf buckets; fine[off[j]..off[j+1]). */
    double f_start, f_inv_w, flim; /* flim: pop the top only if its fine position < flim */
    size_t nbf, nf;                /* fine buckets, next one to load */
    struct entry *fine;
    size_t fine_cap;
    size_t *off;
    size_t off_cap;

    /* Coarse rung. */
    double start, inv_w, width, chlim, cend;
    size_t na, next_a; /* coarse buckets, next one to activate */
    struct bucket *head;
    size_t head_cap;
    struct chunk *chunks;
    uint32_t nchunks, chunks_cap, free_chunk;

    struct entry *over;
    size_t over_n, over_cap;

    struct timer timers[ENGINE_TIMERS_MAX];
    int ntimers, tnext; /* tnext: the earliest armed timer, -1 if none */
};

static inline bool entry_live(const struct engine *e, const struct entry *en)
{
    return e->slots[en->slot].gen == en->gen;
}

static inline bool before(const struct entry *x, const struct entry *y)
{
    return x->t < y->t || (x->t == y->t && x->seq < y->seq);
}

/* Position of time t in the coarse rung, in bucket widths from start. */
static inline double coarse_pos(const struct engine *e, double t)
{
    return (t - e->start) * e->inv_w;
}

static inline double fine_pos(const struct engine *e, double t)
{
    return (t - e->f_start) * e->f_inv_w;
}

/* Fine bucket of a position: floor, clamped to the rung (rounding may step just outside). */
static inline size_t fine_index(const struct engine *e, double p)
{
    if (!(p >= 1.0))
        return 0;
    if (p >= (double)e->nbf)
        return e->nbf - 1;
    return (size_t)p;
}

#endif
