/* scan.h - one scan's rules, for the fast mode, the per-scan mode and the hosts simulated scan
 * by scan alike (see scan.c for the idea). What runs at every single scan (its target, the NAT
 * rule, its cost, its way through the network) is defined here, inline: a call per step would
 * cost the hybrid campus run about 2 % more instructions. The rest is in scan.c. */
#ifndef WORMSIM_SCAN_H
#define WORMSIM_SCAN_H

#include <assert.h>
#include <gsl/gsl_rng.h>

#include "crii.h"
#include "crv1seq.h"
#include "network.h"
#include "world_internal.h"

/* True when addr (in subnet s, -1: none) sits on a customer line whose DSL router (the line's
 * first address) is a device that is down: nothing reaches it or leaves it. */
bool scan_line_cut(const struct world *w, uint32_t addr, int s);

/* The address whose component spaces the fast mode uses for every host: any public address
 * outside 127/8 and 224/8 has the same (1.0.0.1). */
#define SCAN_TYPICAL_ADDR 0x01000001u

/* The target of one scan of worm k from a host at address self, by the worm's kind (k->r_scan
 * draws it); *random_component says whether its random component chose it (always true but
 * for TARGETS_NEARBY). walk_pos: for TARGETS_SEQUENCE, the scanner's position, advanced. */
static inline uint32_t scan_target(struct worm *k, uint32_t self, uint64_t *walk_pos,
                                   bool *random_component)
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
    case TARGETS_SEQUENCE: /* Code Red I v1: its lists, from position 0 at infection */
        assert(walk_pos);
        return walk_scan_target(k, self, (*walk_pos)++);
    case TARGETS_UNIFORM:
        break;
    }
    if (w->cfg.space.len == 0)
        return (uint32_t)gsl_rng_get(k->r_scan);
    return w->cfg.space.base +
           (uint32_t)gsl_rng_uniform_int(k->r_scan, (unsigned long)w->space_size);
}

/* Whether a scan from self to target gets past a NAT: a private address is reached only by a
 * scan of the own /8 or own /16 component from the same private /16. */
static inline bool scan_passes_nat(const struct world *w, uint32_t self, uint32_t target,
                                   bool random_component)
{
    if (!world_behind_nat(w, target))
        return true;
    return !random_component && (self >> 16) == (target >> 16);
}

/* Addresses a Code Red II component reaches from a typical host: the fast mode's denominators. */
double scan_component_space(enum crii_component c);

/* Counts one scan in the interval: one SYN and the probe's bytes when a host answers (live),
 * NET_DARK_SYNS SYNs when none does (SOURCES §7). */
static inline void scan_count(struct world *w, const struct worm *k, bool live)
{
    w->iv.scans++;
    w->iv.syn_packets += live ? 1 : NET_DARK_SYNS;
    if (live)
        w->iv.probe_bytes += k->cfg.probe_bytes;
}

/* Counts `scans` (a whole expected number, from rates) in the interval, with their SYNs and
 * probe bytes rounded to whole numbers, at the world's share of addresses that answer. */
void scan_count_expected(struct world *w, const struct worm *k, double scans);

/* Adds `scans` (an expected count) with their mean packets and bytes to the network between
 * subnets from and to (-1: the Internet outside them). */
void scan_add_rate_load(struct world *w, const struct worm *k, int from, int to, double scans);

/* Whether a probe from host source gets to host h at t through the network (w->net set):
 * neither line is cut and the routers on the way pass it (network_connect counts its load). */
bool scan_reaches(struct world *w, uint32_t source, uint32_t h, double payload_bytes, double t);

/* The same for one scan of a host simulated scan by scan, at self in subnet self_s, to target
 * (v: the host there or POPULATION_NO_HOST, live: it answers). Unlike scan_reaches, a scan to
 * a cut-off line crosses the routers (and loads them) before it is lost at the line. */
static inline bool scan_crosses(struct world *w, uint32_t self, int self_s, uint32_t target,
                                uint32_t v, bool live, double payload_bytes, double t)
{
    if (scan_line_cut(w, self, self_s))
        return false;
    int target_s = network_subnet_of(w->net, target);
    return network_connect(w->net, self_s, target_s, target, t, live, payload_bytes) &&
           !(v != POPULATION_NO_HOST && scan_line_cut(w, target, target_s));
}

#endif
