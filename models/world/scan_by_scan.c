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
#include "scan.h"
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
    uint32_t target = scan_target(k, self, &d->walk_pos[k->idx], &random_component);
    k->scans_total++;
    uint32_t v = POPULATION_NO_HOST;
    bool passes_nat = scan_passes_nat(w, self, target, random_component);
    if (passes_nat)
        v = population_find(&w->pop, target);
    bool live = v != POPULATION_NO_HOST && w->state[v] == HOST_UP && !removal_is_off(w, v, t);
    scan_count(w, k, live);
    if (w->sensors) {
        world_sensors_scan(k, d->host, target, live);
        world_sensors_flush(k, t, t, false);
    }
    bool arrived = passes_nat &&
                   scan_crosses(w, self, d->subnet, target, v, live, k->cfg.probe_bytes, t);
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
            if (worm_grouped(k)) {
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
            scan_add_rate_load(w, k, s, -1, k->rate * weight * (1 - own) * dt);
            scan_add_rate_load(w, k, -1, s, k->rate * in * dt);
        }
    }
}
