/* scan.c - one home for a scan, used by the fast mode, the per-scan mode and the hosts
 * simulated scan by scan alike: where it goes (its target, by the worm's kind), whether it
 * gets there (a NAT lets in only scans from inside its /16, a DSL line whose router hangs is
 * cut off, the routers on the way may filter it, be cut off or be down) and what it costs
 * (SOURCES §7: one SYN and the probe when a host answers, SYNs at 0, 3 and 9 s when none does).
 * It reads the world and writes only the interval's scan loads (iv.scans, syn_packets,
 * probe_bytes); it calls nothing above it in models/world/. */
#include <assert.h>
#include <math.h>
#include <gsl/gsl_rng.h>

#include "crii.h"
#include "crv1seq.h"
#include "network.h"
#include "world_internal.h"

uint32_t scan_target(struct worm *k, uint32_t self, uint64_t *walk_pos, bool *random_component)
{
    const struct world *w = k->w;
    *random_component = true;
    switch (k->kind->targets) {
    case TARGETS_NEARBY: {
        const double p[3] = {k->cfg.p_random, k->cfg.p_same8, k->cfg.p_same16};
        enum crii_component c;
        uint32_t target = crii_pick_target(k->r_scan, self, p, &c);
        *random_component = c == CRII_RANDOM;
        return target;
    }
    case TARGETS_SEQUENCE: { /* Code Red I v1: the common sequence, from position 0 */
        assert(walk_pos);
        uint64_t size = (uint64_t)w->space_size, i = (*walk_pos)++ % size;
        return crv1seq_at(&k->seq, i);
    }
    case TARGETS_UNIFORM:
        break;
    }
    if (w->cfg.space.len == 0)
        return (uint32_t)gsl_rng_get(k->r_scan);
    return w->cfg.space.base + (uint32_t)gsl_rng_uniform_int(k->r_scan, (unsigned long)w->space_size);
}

bool scan_passes_nat(const struct world *w, uint32_t self, uint32_t target, bool random_component)
{
    if (!world_behind_nat(w, target))
        return true;
    return !random_component && (self >> 16) == (target >> 16);
}

double scan_component_space(enum crii_component c)
{
    return crii_component_space(c, SCAN_TYPICAL_ADDR);
}

void scan_count(struct world *w, const struct worm *k, bool live)
{
    w->iv.scans++;
    w->iv.syn_packets += live ? 1 : NET_DARK_SYNS;
    if (live)
        w->iv.probe_bytes += k->cfg.probe_bytes;
}

static double mean_syns(double live_share)
{
    return 1 + (NET_DARK_SYNS - 1) * (1 - live_share);
}

void scan_count_expected(struct world *w, const struct worm *k, double scans)
{
    w->iv.scans += scans;
    w->iv.syn_packets += floor(scans * mean_syns(w->live_share) + 0.5);
    w->iv.probe_bytes += floor(scans * w->live_share + 0.5) * k->cfg.probe_bytes;
}

void scan_add_rate_load(struct world *w, const struct worm *k, int from, int to, double scans)
{
    if (scans <= 0)
        return;
    double live = w->live_share;
    network_add_load(w->net, from, to, scans, scans * (live + NET_DARK_SYNS * (1 - live)),
                     scans * (live * (3 * NET_SYN_BYTES + k->cfg.probe_bytes) +
                              (1 - live) * NET_DARK_SYNS * NET_SYN_BYTES));
}

bool scan_line_cut(const struct world *w, uint32_t addr, int s)
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

bool scan_reaches(struct world *w, uint32_t source, uint32_t h, double payload_bytes, double t)
{
    uint32_t from = w->pop.addr[source], to = w->pop.addr[h];
    int from_s = network_subnet_of(w->net, from), to_s = network_subnet_of(w->net, to);
    if (scan_line_cut(w, from, from_s) || scan_line_cut(w, to, to_s))
        return false;
    return network_connect(w->net, from_s, to_s, to, t, true, payload_bytes);
}

bool scan_crosses(struct world *w, uint32_t self, int self_s, uint32_t target, uint32_t v,
                  bool live, double payload_bytes, double t)
{
    if (scan_line_cut(w, self, self_s))
        return false;
    int target_s = network_subnet_of(w->net, target);
    return network_connect(w->net, self_s, target_s, target, t, live, payload_bytes) &&
           !(v != POPULATION_NO_HOST && scan_line_cut(w, target, target_s));
}
