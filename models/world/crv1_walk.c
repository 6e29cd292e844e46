/* crv1_walk.c - Code Red I v1: instances walk a fixed set of S address lists (crv1seq.h), each
 * from its start. worm.sequence_map says who walks what: "instance", every instance walks one
 * list (a hash of its address) at the worm's scan rate; "thread", thread i of every instance
 * walks list i mod S at rate / threads (threads on the same list walk in step, so an instance
 * has min(S, threads) walkers). A walker has one pending event, for the next vulnerable host
 * on its list, at start + position / rate. A probe there infects the host if it is
 * susceptible, so fast and per-scan modes are the same deterministic walk; scans are counted
 * from the rate. Private addresses are never reached (a random scan leaves a NAT site and is
 * lost). Only the first rate x (run length) positions of a list can be reached in a run, so
 * only the hosts there are kept, sorted by position: a few hundred per list at Internet scale.
 *
 * Walker state: start is the time the walker was at position 0 while it walks, and the
 * position it reached while its host is not spreading (walk_stop); gen voids its event. */
#include <stdlib.h>

#include "ipv4.h"
#include "world_internal.h"

#define NO_SLOT UINT32_MAX

struct walker {
    uint32_t host, list;
    uint32_t next;     /* index into its list's order of the next host it reaches */
    uint32_t gen;      /* its pending event is valid while gen matches */
    double start;
};

struct walk {
    uint32_t lists, per_host; /* S, and walkers per instance */
    double rate;              /* positions per second per walker */
    struct crv1seq *seq;      /* the S lists */
    uint32_t **order;         /* per list: the reachable walkable hosts in list order */
    uint64_t **index;         /* per list: their positions */
    uint32_t *n;              /* per list: how many */
    uint32_t *slot;           /* per host: its first walker, NO_SLOT before its first walk */
    struct walker *walker;
    uint32_t n_walker, cap_walker;
};

static void walk_event(struct engine *eng, void *ctx, uint32_t wi, uint32_t gen);

/* Sorts, for list s, the walkable hosts (hosts[0..m), addresses addrs) at positions below
 * reach. */
static void order_list(struct walk *wk, uint32_t s, const uint32_t *hosts, const uint32_t *addrs,
                       uint32_t m, uint64_t reach)
{
    const struct crv1seq *q = &wk->seq[s];
    size_t room = m ? m : 1;
    uint32_t *pick = xmalloc(sizeof *pick * room), *paddr = xmalloc(sizeof *paddr * room);
    uint32_t c = 0;
    for (uint32_t j = 0; j < m; j++)
        if (crv1seq_index(q, addrs[j]) < reach) {
            pick[c] = hosts[j];
            paddr[c++] = addrs[j];
        }
    uint32_t *order = xmalloc(sizeof *order * (c ? c : 1));
    wk->index[s] = xmalloc(sizeof *wk->index[s] * (c ? c : 1));
    crv1seq_order(q, paddr, c, order, wk->index[s]);
    for (uint32_t j = 0; j < c; j++)
        order[j] = pick[order[j]];
    wk->order[s] = order;
    wk->n[s] = c;
    free(pick);
    free(paddr);
}

void walk_init(struct worm *k)
{
    struct world *w = k->w;
    const struct population *pop = &w->pop;
    struct walk *wk = xcalloc(1, sizeof *wk);
    k->walk = wk;
    int bits = 32 - w->cfg.space.len;
    wk->lists = (uint32_t)k->cfg.sequences;
    if (k->cfg.sequence_map == SEQMAP_THREAD) {
        wk->per_host = wk->lists < (uint32_t)k->cfg.threads ? wk->lists : (uint32_t)k->cfg.threads;
        wk->rate = k->rate / (double)k->cfg.threads;
    } else {
        wk->per_host = 1;
        wk->rate = k->rate;
    }
    wk->seq = xmalloc(sizeof *wk->seq * wk->lists);
    wk->order = xcalloc(wk->lists, sizeof *wk->order);
    wk->index = xcalloc(wk->lists, sizeof *wk->index);
    wk->n = xcalloc(wk->lists, sizeof *wk->n);
    uint32_t n = pop->n ? pop->n : 1;
    uint32_t *hosts = xmalloc(sizeof *hosts * n), *addrs = xmalloc(sizeof *addrs * n);
    uint32_t m = 0;
    for (uint32_t h = 0; h < pop->n; h++)
        if (pop->kind[h] != KIND_OTHER_WEB && !world_behind_nat(w, pop->addr[h])) {
            hosts[m] = h;
            addrs[m++] = pop->addr[h];
        }
    /* No walker gets further than rate x run length (plus one for rounding). */
    double far = wk->rate * w->t_end + 2;
    uint64_t reach = far < 4294967296.0 ? (uint64_t)far : UINT64_C(1) << 32;
    for (uint32_t s = 0; s < wk->lists; s++) {
        crv1seq_init(&wk->seq[s], w->cfg.space.base, bits,
                     crv1seq_list_key((uint64_t)k->cfg.sequence_key, s));
        order_list(wk, s, hosts, addrs, m, reach);
    }
    free(hosts);
    free(addrs);
    wk->slot = xmalloc(sizeof *wk->slot * n);
    for (uint32_t h = 0; h < n; h++)
        wk->slot[h] = NO_SLOT;
}

void walk_free(struct worm *k)
{
    struct walk *wk = k->walk;
    if (!wk)
        return;
    for (uint32_t s = 0; s < wk->lists; s++) {
        free(wk->order[s]);
        free(wk->index[s]);
    }
    free(wk->order);
    free(wk->index);
    free(wk->n);
    free(wk->seq);
    free(wk->slot);
    free(wk->walker);
    free(wk);
    k->walk = NULL;
}

/* The list walker j of the instance at address addr walks. */
static uint32_t list_of(const struct worm *k, uint32_t addr, uint32_t j)
{
    const struct walk *wk = k->walk;
    if (k->cfg.sequence_map == SEQMAP_THREAD)
        return j;
    return crv1seq_list_of((uint64_t)k->cfg.sequence_key, addr, wk->lists);
}

/* Host h's walkers, made on its first walk. */
static uint32_t slot_of(struct worm *k, uint32_t h)
{
    struct walk *wk = k->walk;
    if (wk->slot[h] != NO_SLOT)
        return wk->slot[h];
    if (wk->n_walker + wk->per_host > wk->cap_walker) {
        wk->cap_walker = wk->cap_walker ? 2 * wk->cap_walker : 1024;
        while (wk->cap_walker < wk->n_walker + wk->per_host)
            wk->cap_walker *= 2;
        wk->walker = xrealloc(wk->walker, sizeof *wk->walker * wk->cap_walker);
    }
    uint32_t first = wk->n_walker;
    for (uint32_t j = 0; j < wk->per_host; j++)
        wk->walker[first + j] = (struct walker){h, list_of(k, k->w->pop.addr[h], j), 0, 0, 0};
    wk->n_walker += wk->per_host;
    wk->slot[h] = first;
    return first;
}

/* Schedules walker wi's next step: the next vulnerable host on its list. */
static void walker_schedule(struct worm *k, uint32_t wi)
{
    struct walk *wk = k->walk;
    struct walker *v = &wk->walker[wi];
    if (v->next >= wk->n[v->list])
        return;
    double at = v->start + (double)wk->index[v->list][v->next] / wk->rate;
    if (at <= k->w->t_end)
        engine_schedule(k->w->eng, at, walk_event, k, wi, v->gen);
}

/* Host h starts walking at t: from position 0 when freshly infected, else from where it
 * stopped (start then holds that position, see walk_stop). */
void walk_start(struct worm *k, uint32_t h, double t, bool fresh)
{
    struct walk *wk = k->walk;
    uint32_t first = slot_of(k, h);
    for (uint32_t j = 0; j < wk->per_host; j++) {
        struct walker *v = &wk->walker[first + j];
        if (fresh) {
            v->next = 0;
            v->start = t;
        } else {
            v->start = t - v->start / wk->rate;
        }
        walker_schedule(k, first + j);
    }
}

/* Host h stops walking at t; its pending steps become stale and start keeps the position
 * reached, for a later walk_start(fresh = false). */
void walk_stop(struct worm *k, uint32_t h, double t)
{
    struct walk *wk = k->walk;
    uint32_t first = wk->slot[h];
    for (uint32_t j = 0; j < wk->per_host; j++) {
        struct walker *v = &wk->walker[first + j];
        v->gen++;
        v->start = (t - v->start) * wk->rate;
    }
}

uint32_t walk_scan_target(const struct worm *k, uint32_t self, uint64_t i)
{
    const struct walk *wk = k->walk;
    uint64_t size = (uint64_t)k->w->space_size;
    uint32_t j = (uint32_t)(i % wk->per_host);
    return crv1seq_at(&wk->seq[list_of(k, self, j)], (i / wk->per_host) % size);
}

static void walk_event(struct engine *eng, void *ctx, uint32_t wi, uint32_t gen)
{
    struct worm *k = ctx;
    struct walk *wk = k->walk;
    if (gen != wk->walker[wi].gen)
        return;
    struct walker *v = &wk->walker[wi];
    uint32_t h = v->host, target = wk->order[v->list][v->next++];
    if (target != h && hostset_has(&k->susc, target))
        world_probe(k, h, target, engine_now(eng));
    if (gen == wk->walker[wi].gen) /* the probe may have stopped h (a crash) */
        walker_schedule(k, wi);
}
