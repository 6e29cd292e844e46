/* engine.c - the pending-event set and the run loop: a calendar queue (R. Brown, CACM 1988).
 * Time is cut into buckets of width w; bucket number k = floor(t / w) lives in list k mod nb.
 * Events are nodes in one pool, linked unsorted into their bucket's list. The earliest event is
 * found by walking the current bucket's list for nodes of the current k, taking the least
 * (time, sequence): equal times run in scheduling order. When the pending count passes nb/2
 * or falls under nb/4 the calendar is rebuilt (nb 2 to 4 times the pending count, w the mean
 * lead time over the pending count), so a bucket holds about one event of the current year
 * and each operation is O(1) on average.
 * Cancelling marks the node; it is freed when a walk meets it. An event_id is the node's
 * generation (bumped when the node is freed) and index, so stale ids are recognised.
 * Invariants (engine_check): every pending node is in the list of its k mod nb, with
 * k >= cur_k; counts agree with the lists. */
#include "engine.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>

#include "status.h"

#define NONE UINT32_MAX
#define MIN_BUCKETS 64u
#define MAX_K 4611686018427387904.0 /* 2^62: far-future times share the last bucket number */

struct node {
    double t;
    uint64_t seq;
    uint64_t k;      /* bucket number floor(t / w) */
    event_fn fn;
    void *ctx;
    uint32_t a, b;
    uint32_t next;   /* next node in the bucket list, or the free list */
    uint32_t gen;    /* bumped when freed */
    uint8_t state;   /* FREE, PENDING, CANCELLED */
};

enum { NODE_FREE = 0, NODE_PENDING, NODE_CANCELLED };

struct engine {
    struct node *nodes;
    uint32_t n_nodes, cap_nodes, free_head;
    uint32_t *head;      /* nb bucket lists */
    uint64_t nb, mask;   /* nb is a power of two */
    double width;
    uint64_t cur_k;      /* no pending node has k < cur_k */
    size_t n_pending, n_cancelled;
    uint32_t min_node;   /* cached earliest pending node, or NONE */
    uint64_t next_seq, events_run;
    double now;
    bool stopped;
};

static uint64_t bucket_of(const struct engine *e, double t)
{
    double k = floor(t / e->width);
    return k >= MAX_K ? (uint64_t)MAX_K : (uint64_t)k;
}

struct engine *engine_alloc(void)
{
    struct engine *e = xcalloc(1, sizeof *e);
    e->free_head = NONE;
    e->next_seq = 1;
    e->nb = MIN_BUCKETS;
    e->mask = e->nb - 1;
    e->width = 1.0;
    e->head = xmalloc(sizeof *e->head * e->nb);
    for (uint64_t i = 0; i < e->nb; i++)
        e->head[i] = NONE;
    e->min_node = NONE;
    return e;
}

void engine_free(struct engine *e)
{
    if (!e)
        return;
    free(e->nodes);
    free(e->head);
    free(e);
}

static inline bool earlier(const struct node *x, const struct node *y)
{
    return x->t < y->t || (x->t == y->t && x->seq < y->seq);
}

static void node_release(struct engine *e, uint32_t i)
{
    struct node *n = &e->nodes[i];
    n->state = NODE_FREE;
    n->gen++;
    n->next = e->free_head;
    e->free_head = i;
}

/* Rebuilds the calendar with nb buckets, dropping cancelled nodes; w from the mean lead time
 * (t - now) of the pending events: about one event per bucket near the present. */
static void rebuild(struct engine *e, uint64_t nb)
{
    uint32_t list = NONE; /* gather every node into one list */
    double lead = 0;
    for (uint64_t b = 0; b < e->nb; b++) {
        for (uint32_t i = e->head[b], nx; i != NONE; i = nx) {
            nx = e->nodes[i].next;
            if (e->nodes[i].state == NODE_CANCELLED) {
                node_release(e, i);
                continue;
            }
            lead += e->nodes[i].t - e->now;
            e->nodes[i].next = list;
            list = i;
        }
    }
    e->n_cancelled = 0;
    if (nb != e->nb) {
        free(e->head);
        e->head = xmalloc(sizeof *e->head * nb);
        e->nb = nb;
        e->mask = nb - 1;
    }
    for (uint64_t b = 0; b < nb; b++)
        e->head[b] = NONE;
    if (e->n_pending > 0 && lead > 0)
        e->width = lead / (double)e->n_pending / (double)e->n_pending;
    if (!(e->width > 0) || !isfinite(e->width))
        e->width = 1.0;
    e->cur_k = bucket_of(e, e->now);
    for (uint32_t i = list, nx; i != NONE; i = nx) {
        struct node *n = &e->nodes[i];
        nx = n->next;
        n->k = bucket_of(e, n->t);
        n->next = e->head[n->k & e->mask];
        e->head[n->k & e->mask] = i;
    }
    e->min_node = NONE;
}

event_id engine_schedule(struct engine *e, double t, event_fn fn, void *ctx, uint32_t a,
                         uint32_t b)
{
    assert(isfinite(t) && t >= e->now && fn);
    uint32_t i = e->free_head;
    if (i != NONE) {
        e->free_head = e->nodes[i].next;
    } else {
        if (e->n_nodes == e->cap_nodes) {
            e->cap_nodes = e->cap_nodes ? 2 * e->cap_nodes : 1024;
            e->nodes = xrealloc(e->nodes, sizeof *e->nodes * e->cap_nodes);
        }
        i = e->n_nodes++;
        e->nodes[i].gen = 1;
    }
    struct node *n = &e->nodes[i];
    n->t = t;
    n->seq = e->next_seq++;
    n->k = bucket_of(e, t);
    n->fn = fn;
    n->ctx = ctx;
    n->a = a;
    n->b = b;
    n->state = NODE_PENDING;
    n->next = e->head[n->k & e->mask];
    e->head[n->k & e->mask] = i;
    if (n->k < e->cur_k)
        e->cur_k = n->k;
    e->n_pending++;
    if (e->min_node != NONE && earlier(n, &e->nodes[e->min_node]))
        e->min_node = i;
    event_id id = (uint64_t)n->gen << 32 | i;
    if (e->n_pending > e->nb / 2)
        rebuild(e, e->nb * 2);
    return id;
}

bool engine_cancel(struct engine *e, event_id id)
{
    uint32_t i = (uint32_t)id;
    if (id == 0 || i >= e->n_nodes || e->nodes[i].gen != (uint32_t)(id >> 32) ||
        e->nodes[i].state != NODE_PENDING)
        return false;
    e->nodes[i].state = NODE_CANCELLED;
    e->n_pending--;
    e->n_cancelled++;
    if (e->min_node == i)
        e->min_node = NONE;
    if (e->n_cancelled > 4 * e->nb || (e->nb > MIN_BUCKETS && e->n_pending < e->nb / 4))
        rebuild(e, e->n_pending < e->nb / 4 && e->nb > MIN_BUCKETS ? e->nb / 2 : e->nb);
    return true;
}

/* Finds the earliest pending node (cached in min_node), freeing cancelled nodes met on the
 * way; NONE when nothing is pending. */
static uint32_t find_min(struct engine *e)
{
    if (e->min_node != NONE)
        return e->min_node;
    if (e->n_pending == 0)
        return NONE;
    for (uint64_t scanned = 0; scanned < e->nb; scanned++, e->cur_k++) {
        /* Buckets are visited in order: fetch the lists a few buckets ahead from memory. */
        __builtin_prefetch(&e->head[(e->cur_k + 16) & e->mask]);
        uint32_t ahead = e->head[(e->cur_k + 4) & e->mask];
        if (ahead != NONE)
            __builtin_prefetch(&e->nodes[ahead]);
        uint32_t *link = &e->head[e->cur_k & e->mask], best = NONE;
        while (*link != NONE) {
            uint32_t i = *link;
            struct node *n = &e->nodes[i];
            if (n->state == NODE_CANCELLED) {
                *link = n->next;
                node_release(e, i);
                e->n_cancelled--;
                continue;
            }
            if (n->k == e->cur_k && (best == NONE || earlier(n, &e->nodes[best])))
                best = i;
            link = &n->next;
        }
        if (best != NONE)
            return e->min_node = best;
    }
    /* A whole year of empty buckets: jump straight to the earliest bucket number. */
    uint64_t kmin = UINT64_MAX;
    for (uint64_t b = 0; b < e->nb; b++)
        for (uint32_t i = e->head[b]; i != NONE; i = e->nodes[i].next)
            if (e->nodes[i].state == NODE_PENDING && e->nodes[i].k < kmin)
                kmin = e->nodes[i].k;
    e->cur_k = kmin;
    return find_min(e);
}

static void unlink_node(struct engine *e, uint32_t i)
{
    uint32_t *link = &e->head[e->nodes[i].k & e->mask];
    while (*link != i)
        link = &e->nodes[*link].next;
    *link = e->nodes[i].next;
}

double engine_next_time(struct engine *e)
{
    uint32_t i = find_min(e);
    return i == NONE ? INFINITY : e->nodes[i].t;
}

double engine_now(const struct engine *e) { return e->now; }

uint64_t engine_run(struct engine *e, double t_end)
{
    uint64_t ran = 0;
    e->stopped = false;
    while (!e->stopped) {
        uint32_t i = find_min(e);
        if (i == NONE || !(e->nodes[i].t <= t_end))
            break;
        struct node n = e->nodes[i];
        unlink_node(e, i);
        node_release(e, i);
        e->min_node = NONE;
        e->n_pending--;
        e->now = n.t;
        n.fn(e, n.ctx, n.a, n.b);
        ran++;
        e->events_run++;
        if (e->nb > MIN_BUCKETS && e->n_pending < e->nb / 4)
            rebuild(e, e->nb / 2);
    }
    if (!e->stopped && t_end > e->now)
        e->now = t_end;
    return ran;
}

void engine_stop(struct engine *e) { e->stopped = true; }
bool engine_stopped(const struct engine *e) { return e->stopped; }
size_t engine_pending(const struct engine *e) { return e->n_pending; }
uint64_t engine_events_run(const struct engine *e) { return e->events_run; }

void engine_check(struct engine *e)
{
    size_t pending = 0, cancelled = 0;
    for (uint64_t b = 0; b < e->nb; b++)
        for (uint32_t i = e->head[b]; i != NONE; i = e->nodes[i].next) {
            const struct node *n = &e->nodes[i];
            assert((n->k & e->mask) == b && n->k == bucket_of(e, n->t));
            assert(n->state == NODE_PENDING || n->state == NODE_CANCELLED);
            if (n->state == NODE_PENDING) {
                pending++;
                assert(n->k >= e->cur_k && n->t >= e->now);
            } else {
                cancelled++;
            }
        }
    assert(pending == e->n_pending && cancelled == e->n_cancelled);
}
