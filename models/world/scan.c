/* scan.c - one home for a scan, used by the fast mode, the per-scan mode and the hosts
 * simulated scan by scan alike: where it goes (its target, by the worm's kind), whether it
 * gets there (a NAT lets in only scans from inside its /16, a DSL line whose router hangs is
 * cut off, the routers on the way may filter it, be cut off or be down) and what it costs
 * (SOURCES §7: one SYN and the probe when a host answers, SYNs at 0, 3 and 9 s when none does).
 * It reads the world and writes only the interval's scan loads (iv.scans, syn_packets,
 * probe_bytes); it calls nothing above it in models/world/. What runs at every scan is inline
 * in scan.h. */
#include "scan.h"

#include <math.h>

double scan_component_space(enum crii_component c)
{
    return crii_component_space(c, SCAN_TYPICAL_ADDR);
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

