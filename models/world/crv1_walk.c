/* crv1_walk.c - Code Red I v1: every instance walks the one common address sequence (crv1seq.h)
 * from its start at the worm's scan rate. The vulnerable public hosts are sorted once by their
 * position in the sequence; an instance has one pending event, for the next of them it
 * reaches, at start + position / rate. A probe there infects the host if it is susceptible, so
 * fast and per-scan modes are the same deterministic walk; scans are counted from the rate.
 * Private addresses are never reached (a random scan leaves a NAT site and is lost). */
#include <stdlib.h>

#include "ipv4.h"
#include "world_internal.h"

static void walk_event(struct engine *eng, void *ctx, uint32_t h, uint32_t gen);

void walk_init(struct worm *k)
{
    struct world *w = k->w;
    const struct population *pop = &w->pop;
    uint32_t n = pop->n ? pop->n : 1;
    crv1seq_init(&k->seq, w->cfg.space.base, 32 - w->cfg.space.len, (uint64_t)k->cfg.sequence_key);
    uint32_t *hosts = xmalloc(sizeof *hosts * n), *addrs = xmalloc(sizeof *addrs * n);
    uint32_t m = 0;
    for (uint32_t h = 0; h < pop->n; h++)
        if (pop->kind[h] != KIND_OTHER_WEB && !world_behind_nat(w, pop->addr[h])) {
            hosts[m] = h;
            addrs[m++] = pop->addr[h];
        }
    uint32_t *order = xmalloc(sizeof *order * (m ? m : 1));
    k->walk_index = xmalloc(sizeof *k->walk_index * (m ? m : 1));
    crv1seq_order(&k->seq, addrs, m, order, k->walk_index);
    for (uint32_t j = 0; j < m; j++)
        order[j] = hosts[order[j]];
    k->walk_order = order;
    k->n_walk = m;
    free(hosts);
    free(addrs);
    k->walk_next = xcalloc(n, sizeof *k->walk_next);
    k->walk_gen = xcalloc(n, sizeof *k->walk_gen);
    k->walk_start = xcalloc(n, sizeof *k->walk_start);
}

void walk_free(struct worm *k)
{
    free(k->walk_order);
    free(k->walk_index);
    free(k->walk_next);
    free(k->walk_gen);
    free(k->walk_start);
}

/* Schedules h's next step: the next vulnerable host in the sequence. */
static void walk_schedule(struct worm *k, uint32_t h)
{
    uint32_t j = k->walk_next[h];
    if (j >= k->n_walk)
        return;
    double at = k->walk_start[h] + (double)k->walk_index[j] / k->rate;
    if (at <= k->w->t_end)
        engine_schedule(k->w->eng, at, walk_event, k, h, k->walk_gen[h]);
}

/* Host h starts walking at t: from position 0 when freshly infected, else from where it
 * stopped (walk_start then holds that position, see walk_stop). */
void walk_start(struct worm *k, uint32_t h, double t, bool fresh)
{
    if (fresh) {
        k->walk_next[h] = 0;
        k->walk_start[h] = t;
    } else {
        k->walk_start[h] = t - k->walk_start[h] / k->rate;
    }
    walk_schedule(k, h);
}

/* Host h stops walking at t; its pending step becomes stale and walk_start keeps the position
 * reached, for a later walk_start(fresh = false). */
void walk_stop(struct worm *k, uint32_t h, double t)
{
    k->walk_gen[h]++;
    k->walk_start[h] = (t - k->walk_start[h]) * k->rate;
}

static void walk_event(struct engine *eng, void *ctx, uint32_t h, uint32_t gen)
{
    struct worm *k = ctx;
    if (gen != k->walk_gen[h])
        return;
    uint32_t target = k->walk_order[k->walk_next[h]++];
    if (target != h && hostset_has(&k->susc, target))
        world_probe(k, h, target, engine_now(eng));
    if (gen == k->walk_gen[h])
        walk_schedule(k, h);
}
