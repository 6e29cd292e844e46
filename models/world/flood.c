/* flood.c - Code Red I's flood (SOURCES §4: each flooding host opens about 100 connections to
 * the target, sends about 100 KB through each, sleeps about 4.5 hours and repeats).
 * Without a network nothing but the sampled counts sees a burst, so bursts are counted per
 * sample, not run as events: a host's bursts come at t0, t0 + sleep, ... from the time t0 it
 * entered the phase, and a ring of buckets, one per sample step, holds each flooding host's
 * next burst under the step whose sample counts it. The next burst's time is advanced by the
 * same addition the event did (t + sleep), and a burst goes to the step its event would have
 * run before (ties with a sample's time broken as the engine's sequence numbers would), so
 * the columns are those of one event per burst. A host leaving the phase (its calendar, or
 * going down) has its burst counted if it was due by then. With a network, routers and links
 * see each burst at its time: then a burst is an event (flood_event). */
#include <assert.h>
#include <math.h>
#include <stdlib.h>

#include "codered.h"
#include "network.h"
#include "world_internal.h"

#define NO_STEP UINT64_MAX

/* One burst: what the event version did at its time. */
static void burst(struct worm *k)
{
    struct world *w = k->w;
    double conns = (double)k->cfg.flood_connections;
    double bytes = conns * k->cfg.flood_bytes_per_connection;
    w->iv.flood_connections += conns;
    w->iv.flood_bytes += bytes;
}

/* Time of sample step s, as world_sample_event schedules it: s * sample, the last at t_end. */
static double step_time(const struct world *w, uint64_t s)
{
    double t = (double)s * w->cfg.sample_s;
    return t > w->t_end ? w->t_end : t;
}

/* The sample step that counts a burst at tb scheduled during step `from` (the step whose sample
 * comes next when the burst was scheduled; NO_STEP for a first burst, scheduled by the phase
 * change at tb itself). A burst at exactly a sample's time runs before it only if it was
 * scheduled before that sample was, i.e. during an earlier step. NO_STEP: never counted. */
static uint64_t step_of(const struct world *w, double tb, uint64_t from)
{
    if (tb > w->t_end)
        return NO_STEP;
    uint64_t s = (uint64_t)ceil(tb / w->cfg.sample_s);
    while (s > 0 && step_time(w, s - 1) >= tb)
        s--;
    while (step_time(w, s) < tb)
        s++;
    if (step_time(w, s) == tb && (from == NO_STEP || from >= s)) {
        if (tb >= w->t_end)
            return NO_STEP; /* after the last sample */
        s++;
    }
    return s;
}

static void ring_add(struct worm *k, uint32_t h, double tb, uint64_t step)
{
    struct flood_bucket *b = &k->flood_ring[step % k->flood_nring];
    if (b->n == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 64;
        b->e = xrealloc(b->e, b->cap * sizeof *b->e);
    }
    b->e[b->n++] = (struct flood_entry){tb, h};
}

void flood_init(struct worm *k)
{
    struct world *w = k->w;
    if (k->kind->life != LIFE_CALENDAR || w->net)
        return;
    k->flood_next = xmalloc(sizeof *k->flood_next * (w->pop.n ? w->pop.n : 1));
    for (uint32_t h = 0; h < w->pop.n; h++)
        k->flood_next[h] = INFINITY;
    /* Bursts are at most one sleep ahead: that many steps, and a margin. */
    double ahead = ceil(k->cfg.flood_sleep_s / w->cfg.sample_s);
    k->flood_nring = (size_t)(ahead < 1e6 ? ahead : 1e6) + 3;
    k->flood_ring = xcalloc(k->flood_nring, sizeof *k->flood_ring);
}

void flood_free(struct worm *k)
{
    for (size_t i = 0; i < k->flood_nring; i++)
        free(k->flood_ring[i].e);
    free(k->flood_ring);
    free(k->flood_next);
}

static void flood_event(struct engine *eng, void *ctx, uint32_t h, uint32_t epoch);

/* Host h, infected by k, enters the flood phase at t: its first burst is now. */
void flood_enter(struct worm *k, uint32_t h, double t)
{
    if (!k->flood_next) {
        engine_schedule(k->w->eng, t, flood_event, k, h, k->inf_epoch[h]);
        return;
    }
    uint64_t s = step_of(k->w, t, NO_STEP);
    k->flood_next[h] = s == NO_STEP ? INFINITY : t;
    if (s != NO_STEP)
        ring_add(k, h, t, s);
}

/* Host h leaves the flood phase at t (its calendar, or the host goes down): a burst due by now
 * happened and is counted; no more come. */
void flood_leave(struct worm *k, uint32_t h, double t)
{
    if (!k->flood_next)
        return; /* the event checks the phase itself */
    if (k->flood_next[h] <= t)
        burst(k);
    k->flood_next[h] = INFINITY;
}

/* Before sample `step` is taken: the bursts its interval holds, each followed by the next. */
void flood_sample(struct world *w, uint64_t step)
{
    for (int i = 0; i < w->n_worms; i++) {
        struct worm *k = &w->worms[i];
        if (!k->flood_next)
            continue;
        struct flood_bucket *b = &k->flood_ring[step % k->flood_nring];
        for (size_t j = 0; j < b->n; j++) { /* b->n may grow: a short sleep stays in the step */
            struct flood_entry e = b->e[j];
            if (k->flood_next[e.h] != e.t)
                continue; /* stale: the host left the phase */
            burst(k);
            double next = e.t + k->cfg.flood_sleep_s;
            uint64_t s = next <= w->t_end ? step_of(w, next, step) : NO_STEP;
            k->flood_next[e.h] = s == NO_STEP ? INFINITY : next;
            if (s != NO_STEP) {
                assert(s >= step && s - step < k->flood_nring);
                ring_add(k, e.h, next, s);
                b = &k->flood_ring[step % k->flood_nring]; /* ring_add may have moved it */
            }
        }
        b->n = 0;
    }
}

/* With a network: one event per burst. */
static void flood_event(struct engine *eng, void *ctx, uint32_t h, uint32_t epoch)
{
    struct worm *k = ctx;
    struct world *w = k->w;
    if (!(w->infected[h] >> k->idx & 1) || k->inf_epoch[h] != epoch || k->phase[h] != CRV1_FLOOD)
        return;
    double t = engine_now(eng);
    burst(k);
    if (w->net) {
        /* The routers on the way see the one destination; the links carry the flood. */
        double conns = (double)k->cfg.flood_connections;
        double bytes = conns * k->cfg.flood_bytes_per_connection;
        uint32_t target = k->cfg.flood_target;
        int from = network_subnet_of(w->net, w->pop.addr[h]);
        int to = network_subnet_of(w->net, target);
        if (network_connect(w->net, from, to, target, t, true, 0))
            network_add_load(w->net, from, to, conns - 1, conns - 1, bytes);
    }
    if (t + k->cfg.flood_sleep_s <= w->t_end)
        engine_schedule(eng, t + k->cfg.flood_sleep_s, flood_event, k, h, epoch);
}
