/* scan_by_scan.c - hybrid fidelity (DESIGN.md "Two fidelities"): hosts in a subnet behind a router
 * whose memory is modelled scan one scan at a time, so that router sees every real destination,
 * Code Red II's repeats inside its own /16 included. Each spreading detailed host has one
 * pending scan event per worm; scans come as a Poisson stream at the host's scan rate. A scan
 * crosses the network (network_connect): lost at a cut-off subnet, a filter or a router that is
 * down; if it arrives at a host the worm changes, that is a probe (world_probe_arrived).
 * The same file holds the reachability rules the fast mode's probes obey: a probe between a
 * host and the rest of the network must get through the same routers, and a customer whose
 * DSL router hangs is cut off. Detailed hosts are never in the fast mode's spreader sets. */
#include <assert.h>
#include <stdlib.h>
#include <gsl/gsl_randist.h>

#include "crii.h"
#include "network.h"
#include "world_internal.h"

/* True when host h is simulated scan by scan: an IIS host in a subnet behind a router with a
 * memory model. */
static bool is_detailed(const struct world *w, uint32_t h, int *subnet)
{
    if (!population_is_iis(w->pop.kind[h]))
        return false;
    *subnet = network_subnet_of(w->net, w->pop.addr[h]);
    return network_subnet_detailed(w->net, *subnet);
}

void detail_init(struct world *w)
{
    if (!w->net)
        return;
    int s;
    uint32_t n = 0;
    for (uint32_t h = 0; h < w->pop.n; h++)
        n += is_detailed(w, h, &s);
    w->detail = xmalloc(sizeof *w->detail * (n ? n : 1));
    for (uint32_t h = 0; h < w->pop.n; h++) /* in host order: detail_index bisects */
        if (is_detailed(w, h, &s))
            w->detail[w->n_detail++] = (struct detail){.host = h, .subnet = s};
}

void detail_free(struct world *w) { free(w->detail); }

int detail_index(const struct world *w, uint32_t h)
{
    size_t lo = 0, hi = w->n_detail;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (w->detail[mid].host < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < w->n_detail && w->detail[lo].host == h ? (int)lo : -1;
}

/* True when addr (in subnet s, -1: none) sits on a customer line whose DSL router (the line's first address) is a
 * device that is down: nothing reaches it or leaves it. */
static bool line_cut(const struct world *w, uint32_t addr, int s)
{
    if (s < 0)
        return false;
    long len = network_subnet(w->net, s)->line_prefix;
    if (len <= 0)
        return false;
    uint32_t gate = addr & (uint32_t)(0xFFFFFFFFull << (32 - len));
    if (gate == addr)
        return false;
    uint32_t g = population_find(&w->pop, gate);
    return g != POPULATION_NO_HOST && population_is_device(w->pop.kind[g]) &&
           w->state[g] != HOST_UP;
}

bool world_reaches(struct world *w, uint32_t source, uint32_t h, double payload_bytes, double t)
{
    uint32_t from = w->pop.addr[source], to = w->pop.addr[h];
    int from_s = network_subnet_of(w->net, from), to_s = network_subnet_of(w->net, to);
    if (line_cut(w, from, from_s) || line_cut(w, to, to_s))
        return false;
    return network_connect(w->net, from_s, to_s, to, t, true, payload_bytes);
}

static void scan_event(struct engine *eng, void *ctx, uint32_t di, uint32_t epoch);

static void schedule_scan(struct worm *k, uint32_t di, double t)
{
    struct world *w = k->w;
    struct detail *d = &w->detail[di];
    double rate = k->rate * spread_thread_weight(k, d->host);
    double next = t + gsl_ran_exponential(k->r_scan, 1 / rate);
    d->scan_ev[k->idx] = next <= w->t_end ? engine_schedule(w->eng, next, scan_event, k, di, 0) : 0;
}

void detail_start(struct worm *k, uint32_t di, double t, bool fresh)
{
    struct detail *d = &k->w->detail[di];
    assert(!d->spreading[k->idx]);
    d->spreading[k->idx] = true;
    if (fresh)
        d->walk_pos[k->idx] = 0;
    k->n_detail_spreading++;
    schedule_scan(k, di, t);
}

void detail_stop(struct worm *k, uint32_t di)
{
    struct detail *d = &k->w->detail[di];
    assert(d->spreading[k->idx]);
    d->spreading[k->idx] = false;
    k->n_detail_spreading--;
    if (d->scan_ev[k->idx])
        engine_cancel(k->w->eng, d->scan_ev[k->idx]);
    d->scan_ev[k->idx] = 0;
}

/* The worm's next target from the host at self. */
static uint32_t draw_target(struct worm *k, struct detail *d, uint32_t self, bool *random_component)
{
    const struct world *w = k->w;
    *random_component = true;
    if (k->local) {
        const double p[3] = {k->cfg.p_random, k->cfg.p_same8, k->cfg.p_same16};
        enum crii_component c;
        uint32_t target = crii_pick_target(k->r_scan, self, p, &c);
        *random_component = c == CRII_RANDOM;
        return target;
    }
    if (k->walks) { /* Code Red I v1: the common sequence, from position 0 at infection */
        uint64_t size = (uint64_t)w->space_size, i = d->walk_pos[k->idx]++ % size;
        return crv1seq_at(&k->seq, i);
    }
    if (w->cfg.space.len == 0)
        return (uint32_t)gsl_rng_get(k->r_scan);
    return w->cfg.space.base + (uint32_t)gsl_rng_uniform_int(k->r_scan, (unsigned long)w->space_size);
}

static void scan_event(struct engine *eng, void *ctx, uint32_t di, uint32_t epoch)
{
    (void)epoch;
    struct worm *k = ctx;
    struct world *w = k->w;
    struct detail *d = &w->detail[di];
    double t = engine_now(eng);
    d->scan_ev[k->idx] = 0;
    uint32_t self = w->pop.addr[d->host];
    bool random_component;
    uint32_t target = draw_target(k, d, self, &random_component);
    w->iv.scans++;
    k->scans_total++;
    uint32_t v = POPULATION_NO_HOST;
    bool private_lost = world_behind_nat(w, target) &&
                        (random_component || !k->local || self >> 16 != target >> 16);
    if (!private_lost)
        v = population_find(&w->pop, target);
    bool live = v != POPULATION_NO_HOST && w->state[v] == HOST_UP;
    w->iv.syn_packets += live ? 1 : 3; /* SOURCES §7: SYNs at 0, 3 and 9 s */
    if (live)
        w->iv.probe_bytes += k->cfg.probe_bytes;
    int target_s = network_subnet_of(w->net, target);
    bool arrived = !private_lost && !line_cut(w, self, d->subnet) &&
                   network_connect(w->net, d->subnet, target_s, target, t, live,
                                   k->cfg.probe_bytes) &&
                   !(v != POPULATION_NO_HOST && line_cut(w, target, target_s));
    if (arrived && live && hostset_has(&k->susc, v))
        world_probe_arrived(k, d->host, v, t);
    if (d->spreading[k->idx] && !d->scan_ev[k->idx])
        schedule_scan(k, di, t);
}

/* First host index at or above addr. */
static uint32_t lower_bound(const struct population *pop, uint64_t addr)
{
    uint32_t lo = 0, hi = pop->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (pop->addr[mid] < addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Adds scans (an expected count) with their mean packets and bytes between two subnets. */
static void add_scans(struct world *w, const struct worm *k, int from, int to, double scans)
{
    if (scans <= 0)
        return;
    double live = w->live_share;
    network_add_load(w->net, from, to, scans, scans * (live + NET_DARK_SYNS * (1 - live)),
                     scans * (live * (3 * NET_SYN_BYTES + k->cfg.probe_bytes) +
                              (1 - live) * NET_DARK_SYNS * NET_SYN_BYTES));
}

/* The load of the hosts in fast mode over the last dt seconds, from their rates at the sample
 * (an estimate: scans by scan-by-scan hosts are counted exactly in network_connect). Out of
 * each subnet: the scans of its fast-mode spreaders, all counted as leaving it. Into it: the
 * scans of all fast-mode spreaders whose targets fall in its prefix. */
void detail_rate_loads(struct world *w, double dt)
{
    int ns = network_n_subnets(w->net);
    for (int s = 0; s < ns; s++) {
        const struct prefix *p = &network_subnet(w->net, s)->prefix;
        double size = prefix_size(p);
        uint32_t lo = lower_bound(&w->pop, p->base);
        uint32_t hi = lower_bound(&w->pop, (uint64_t)p->base + (uint64_t)size);
        for (int i = 0; i < w->n_worms; i++) {
            struct worm *k = &w->worms[i];
            double weight = 0;
            for (uint32_t h = lo; h < hi; h++)
                if (hostset_has(&k->spread, h) && network_subnet_of(w->net, w->pop.addr[h]) == s)
                    weight += spread_thread_weight(k, h);
            /* share of a scan that lands in the subnet, for a scanner inside it (own /8 and
             * /16 components included) and for one outside (only the random part) */
            double own, W = (double)k->spread.total_weight - weight, in;
            if (k->local) {
                uint32_t g16 = p->base >> 16, g8 = g16 >> 8;
                double r_part = k->cfg.p_random * size / 4294967296.0;
                double p8 = k->cfg.p_same8 * size / 16777216.0;
                double p16 = k->cfg.p_same16 * (size < 65536 ? size : 65536) / 65536.0;
                own = r_part + p8 + p16;
                in = r_part * W + p8 * ((double)k->spread.w8[g8] - weight) +
                     p16 * ((double)hostset_weight16(&k->spread, g16) - weight);
            } else {
                own = size / w->space_size;
                in = own * W;
            }
            add_scans(w, k, s, -1, k->rate * weight * (1 - own) * dt);
            add_scans(w, k, -1, s, k->rate * in * dt);
        }
    }
}
