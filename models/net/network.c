/* network.c - routers, links, subnets and countermeasures of one run (see network.h).
 * A connection attempt walks the topology's path and asks each router in turn; the loads of
 * the interval are plain counters per link and router, reset at every sample. */
#include "network.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "router.h"
#include "topology.h"

#define ROUTER_COLS 10
#define PLAIN_ROUTER_COLS 2
#define LINK_COLS 4

struct link_load {
    double connections, syn_packets, bytes;
};

struct network {
    struct topology *topo;
    double start_epoch_s, t_end;
    int n_routers, n_links, n_subnets, n_cms;
    struct router **model;       /* per router: its memory model, or NULL (preset none) */
    gsl_rng **rng;               /* per router with a model: its aging stream */
    bool *filters;               /* per router: port 80 filtered */
    double *packets, *lost;      /* per router: this interval's counts not in its model */
    struct link_load *load;      /* per link, this interval */
    bool *cut, *detailed;        /* per subnet */
    struct subnet_section *subnets;
    struct countermeasure_section *cms;
    struct engine *eng;
    struct model_observer obs;
    int *path_routers, *path_links;
    size_t max_hops;
    char **names;
    int n_columns;
};

static const char *const PRESET_NAMES[] = {"none", "cisco7000-16mb", "cisco7500-64mb",
                                           "cisco7500-128mb"};
static const char *const ACTION_NAMES[] = {"cut", "reconnect", "filter", "unfilter", "cef",
                                           "fast", "add_memory"};

/* The router_config of a section: its preset, then the keys it sets (0: the preset's). */
static void resolve_router(const struct router_section *s, struct router_config *c)
{
    bool ok = router_config_preset(c, PRESET_NAMES[s->preset]);
    assert(ok);
    (void)ok;
    snprintf(c->name, sizeof c->name, "%s", s->name);
    if (s->memory_bytes > 0) c->mem_installed_bytes = s->memory_bytes;
    if (s->system_bytes > 0) c->mem_system_bytes = s->system_bytes;
    if (s->fail_bytes > 0) c->mem_fail_bytes = s->fail_bytes;
    if (s->cache_entry_bytes > 0) c->cache_entry_bytes = s->cache_entry_bytes;
    if (s->age_fraction > 0) c->age_fraction_per_min = s->age_fraction;
    if (s->reload_s > 0) c->reload_s = s->reload_s;
    if (s->arp_timeout_s > 0) c->arp_timeout_s = s->arp_timeout_s;
    if (s->arp_per_destination) c->arp_per_destination = 1;
    c->proxy_arp = s->proxy_arp;
    if (s->arp_incomplete_s > 0) c->arp_incomplete_s = s->arp_incomplete_s;
    if (s->arp_entry_bytes > 0) c->arp_entry_bytes = s->arp_entry_bytes;
    if (s->cache_floor_bytes > 0) c->cache_floor_bytes = s->cache_floor_bytes;
    if (s->pressure_free_bytes > 0) c->pressure_free_bytes = s->pressure_free_bytes;
    if (s->pressure_factor > 0) c->pressure_factor = s->pressure_factor;
    if (s->buffer_bytes > 0) c->buffer_bytes = s->buffer_bytes;
    if (s->hold_queue > 0) c->hold_queue = (double)s->hold_queue;
    if (s->cpu_fail_after_s > 0) c->cpu_fail_after_s = s->cpu_fail_after_s;
    static const int modes[] = {-1, ROUTER_FAST_PER_DEST, ROUTER_FAST_PER_NETWORK, ROUTER_CEF};
    if (s->switching != SWITCHING_PRESET)
        c->switching = modes[s->switching];
}

static enum status build_topology(struct network *n, const struct world_config *cfg,
                                  const char *path, struct diag *d)
{
    struct topo_router_spec rs[NET_ROUTERS_MAX];
    struct topo_link_spec ls[NET_LINKS_MAX];
    struct topo_subnet_spec ss[NET_SUBNETS_MAX];
    for (int i = 0; i < cfg->n_routers; i++)
        snprintf(rs[i].name, sizeof rs[i].name, "%s", cfg->routers[i].name);
    for (int i = 0; i < cfg->n_links; i++) {
        const struct link_section *l = &cfg->links[i];
        snprintf(ls[i].name, sizeof ls[i].name, "%s", l->name);
        snprintf(ls[i].from, sizeof ls[i].from, "%s", l->from);
        snprintf(ls[i].to, sizeof ls[i].to, "%s", l->to);
        ls[i].capacity_bps = l->capacity_bps;
    }
    for (int i = 0; i < cfg->n_subnets; i++) {
        snprintf(ss[i].name, sizeof ss[i].name, "%s", cfg->subnets[i].name);
        ss[i].prefix = cfg->subnets[i].prefix;
        snprintf(ss[i].router, sizeof ss[i].router, "%s", cfg->subnets[i].router);
    }
    struct topology_config tc = {rs, (size_t)cfg->n_routers, ls, (size_t)cfg->n_links,
                                 ss, (size_t)cfg->n_subnets, path};
    return topology_build(&n->topo, &tc, d);
}

/* Countermeasures: target kind and time. */
static enum status check_countermeasures(const struct network *n, const struct world_config *cfg,
                                         const char *path, struct diag *d)
{
    for (int i = 0; i < n->n_cms; i++) {
        const struct countermeasure_section *c = &n->cms[i];
        const char *act = ACTION_NAMES[c->action];
        if (c->action == CM_CUT || c->action == CM_RECONNECT) {
            if (topology_subnet_index(n->topo, c->target) < 0)
                return diag_set(d, ST_INPUT, path, 0,
                                "[countermeasure %s]: %s needs target = a subnet; \"%s\" is not one",
                                c->name, act, c->target);
        } else {
            int r = topology_router_index(n->topo, c->target);
            if (r < 0)
                return diag_set(d, ST_INPUT, path, 0,
                                "[countermeasure %s]: %s needs target = a router; \"%s\" is not one",
                                c->name, act, c->target);
            if (c->action != CM_FILTER && c->action != CM_UNFILTER && !n->model[r])
                return diag_set(d, ST_INPUT, path, 0,
                                "[countermeasure %s]: %s needs a router with a memory model; "
                                "[router %s] has preset none", c->name, act, c->target);
            if (c->action == CM_ADD_MEMORY && c->memory_bytes <= 0)
                return diag_set(d, ST_INPUT, path, 0,
                                "[countermeasure %s]: add_memory needs memory > 0", c->name);
        }
        if (c->at_epoch_s < cfg->start_epoch_s || c->at_epoch_s > cfg->end_epoch_s)
            return diag_set(d, ST_INPUT, path, 0,
                            "[countermeasure %s]: at is outside the run (run.start to run.end)",
                            c->name);
    }
    return ST_OK;
}

static char *column_name(const char *kind, const char *name, const char *what)
{
    size_t len = strlen(kind) + strlen(name) + strlen(what) + 3;
    char *s = xmalloc(len);
    snprintf(s, len, "%s.%s.%s", kind, name, what);
    return s;
}

static void make_columns(struct network *n)
{
    static const char *const rcols[ROUTER_COLS] = {"free_bytes", "cache_entries", "arp_entries",
                                                   "cpu", "up", "crashes", "packets", "lost",
                                                   "new_destinations", "buffers"};
    static const char *const lcols[LINK_COLS] = {"connections", "syn_packets", "bytes",
                                                 "utilization"};
    n->names = xmalloc(sizeof *n->names * (size_t)(ROUTER_COLS * n->n_routers +
                                                   LINK_COLS * n->n_links + 1));
    int k = 0;
    for (int r = 0; r < n->n_routers; r++) {
        const char *name = topology_router_name(n->topo, r);
        if (n->model[r]) {
            for (int c = 0; c < ROUTER_COLS; c++)
                n->names[k++] = column_name("router", name, rcols[c]);
        } else {
            n->names[k++] = column_name("router", name, "packets");
            n->names[k++] = column_name("router", name, "lost");
        }
    }
    for (int l = 0; l < n->n_links; l++)
        for (int c = 0; c < LINK_COLS; c++)
            n->names[k++] = column_name("link", topology_link_name(n->topo, l), lcols[c]);
    n->n_columns = k;
}

enum status network_create(struct network **out, const struct world_config *cfg, uint64_t seed,
                           const char *path, struct diag *d)
{
    *out = NULL;
    if (cfg->n_routers == 0 && cfg->n_subnets == 0 && cfg->n_links == 0) {
        if (cfg->n_countermeasures > 0)
            return diag_set(d, ST_INPUT, path, 0,
                            "[countermeasure %s]: the scenario has no routers or subnets",
                            cfg->countermeasures[0].name);
        return ST_OK;
    }
    struct network *n = xcalloc(1, sizeof *n);
    n->start_epoch_s = cfg->start_epoch_s;
    n->t_end = cfg->end_epoch_s - cfg->start_epoch_s;
    enum status st = build_topology(n, cfg, path, d);
    if (st != ST_OK) {
        free(n);
        return st;
    }
    n->n_routers = cfg->n_routers;
    n->n_links = cfg->n_links;
    n->n_subnets = cfg->n_subnets;
    n->n_cms = cfg->n_countermeasures;
    n->model = xcalloc((size_t)n->n_routers + 1, sizeof *n->model);
    n->rng = xcalloc((size_t)n->n_routers + 1, sizeof *n->rng);
    n->filters = xcalloc((size_t)n->n_routers + 1, sizeof *n->filters);
    n->packets = xcalloc((size_t)n->n_routers + 1, sizeof *n->packets);
    n->lost = xcalloc((size_t)n->n_routers + 1, sizeof *n->lost);
    n->load = xcalloc((size_t)n->n_links + 1, sizeof *n->load);
    n->cut = xcalloc((size_t)n->n_subnets + 1, sizeof *n->cut);
    n->detailed = xcalloc((size_t)n->n_subnets + 1, sizeof *n->detailed);
    n->subnets = xmalloc(sizeof *n->subnets * ((size_t)n->n_subnets + 1));
    memcpy(n->subnets, cfg->subnets, sizeof *n->subnets * (size_t)n->n_subnets);
    n->cms = xmalloc(sizeof *n->cms * ((size_t)n->n_cms + 1));
    memcpy(n->cms, cfg->countermeasures, sizeof *n->cms * (size_t)n->n_cms);
    n->max_hops = topology_max_hops(n->topo);
    n->path_routers = xmalloc(sizeof(int) * (n->max_hops + 1));
    n->path_links = xmalloc(sizeof(int) * (n->max_hops + 1));
    *out = n; /* from here on, network_free cleans up */
    for (int r = 0; r < n->n_routers; r++) {
        const struct router_section *s = &cfg->routers[r];
        if (s->preset == PRESET_NONE)
            continue;
        struct router_config rc;
        resolve_router(s, &rc);
        st = router_config_validate(&rc, path, d);
        if (st != ST_OK)
            goto fail;
        char stream[96];
        snprintf(stream, sizeof stream, "router:%s", s->name);
        n->rng[r] = rng_stream(seed, stream);
        n->model[r] = router_create(&rc, n->rng[r]);
    }
    for (int s = 0; s < n->n_subnets; s++)
        for (int r = topology_subnet_router(n->topo, s); r >= 0; r = topology_router_parent(n->topo, r))
            n->detailed[s] = n->detailed[s] || n->model[r] != NULL;
    st = check_countermeasures(n, cfg, path, d);
    if (st != ST_OK)
        goto fail;
    make_columns(n);
    return ST_OK;
fail:
    network_free(n);
    *out = NULL;
    return st;
}

void network_free(struct network *n)
{
    if (!n)
        return;
    for (int r = 0; r < n->n_routers; r++) {
        if (n->model[r])
            router_free(n->model[r]); /* its events die with the engine, freed first or later */
        if (n->rng[r])
            gsl_rng_free(n->rng[r]);
    }
    for (int i = 0; i < n->n_columns; i++)
        free(n->names[i]);
    free(n->names);
    free(n->model);
    free(n->rng);
    free(n->filters);
    free(n->packets);
    free(n->lost);
    free(n->load);
    free(n->cut);
    free(n->detailed);
    free(n->subnets);
    free(n->cms);
    free(n->path_routers);
    free(n->path_links);
    topology_free(n->topo);
    free(n);
}

static void emit(struct network *n, double t, const char *kind, const char *subject,
                 const char *detail)
{
    if (n->obs.event)
        n->obs.event(t, kind, subject, detail, n->obs.arg);
}

static void router_event(double t, const char *kind, const char *subject, const char *detail,
                         void *arg)
{
    emit(arg, t, kind, subject, detail);
}

static void countermeasure_event(struct engine *eng, void *ctx, uint32_t i, uint32_t b)
{
    (void)b;
    struct network *n = ctx;
    const struct countermeasure_section *c = &n->cms[i];
    double t = engine_now(eng);
    char detail[200];
    int s = topology_subnet_index(n->topo, c->target);
    int r = topology_router_index(n->topo, c->target);
    switch (c->action) {
    case CM_CUT:
    case CM_RECONNECT:
        n->cut[s] = c->action == CM_CUT;
        char pfx[32];
        prefix_format(&n->subnets[s].prefix, pfx, sizeof pfx);
        snprintf(detail, sizeof detail, "%s subnet %s (%s) %s %s",
                 c->action == CM_CUT ? "cut off" : "reconnected", c->target, pfx,
                 c->action == CM_CUT ? "from" : "to", n->subnets[s].router);
        break;
    case CM_FILTER:
    case CM_UNFILTER:
        n->filters[r] = c->action == CM_FILTER;
        snprintf(detail, sizeof detail, "%s port 80 at %s",
                 c->action == CM_FILTER ? "filter" : "stop filtering", c->target);
        break;
    case CM_CEF:
    case CM_FAST:
        router_set_switching(n->model[r], c->action == CM_CEF ? ROUTER_CEF : ROUTER_FAST_PER_DEST,
                             t);
        snprintf(detail, sizeof detail, "%s switched to %s", c->target,
                 c->action == CM_CEF ? "CEF" : "fast switching");
        break;
    case CM_ADD_MEMORY:
        router_add_memory(n->model[r], c->memory_bytes, t);
        snprintf(detail, sizeof detail, "%.0f MiB of memory added to %s",
                 c->memory_bytes / 1048576.0, c->target);
        break;
    default:
        assert(0);
    }
    emit(n, t, "countermeasure", c->target, detail);
}

void network_start(struct network *n, struct engine *eng, const struct model_observer *obs)
{
    n->eng = eng;
    if (obs)
        n->obs = *obs;
    struct router_observer ro = {router_event, n};
    for (int r = 0; r < n->n_routers; r++)
        if (n->model[r])
            router_start(n->model[r], eng, &ro);
    for (int i = 0; i < n->n_cms; i++)
        engine_schedule(eng, n->cms[i].at_epoch_s - n->start_epoch_s, countermeasure_event, n,
                        (uint32_t)i, 0);
}

int network_subnet_of(const struct network *n, uint32_t addr)
{
    return topology_subnet_of(n->topo, addr);
}

int network_n_subnets(const struct network *n) { return n->n_subnets; }

const struct subnet_section *network_subnet(const struct network *n, int subnet)
{
    return &n->subnets[subnet];
}

bool network_subnet_detailed(const struct network *n, int subnet)
{
    return subnet >= 0 && n->detailed[subnet];
}

bool network_subnet_cut(const struct network *n, int subnet)
{
    return subnet >= 0 && n->cut[subnet];
}

static void add_to_links(struct network *n, const int *links, size_t n_links,
                         double connections, double syn_packets, double bytes)
{
    for (size_t i = 0; i < n_links; i++) {
        struct link_load *l = &n->load[links[i]];
        l->connections += connections;
        l->syn_packets += syn_packets;
        l->bytes += bytes;
    }
}

bool network_connect(struct network *n, int src_subnet, int dst_subnet, uint32_t dst, double t,
                     bool live, double payload_bytes)
{
    if (src_subnet == dst_subnet)
        return true; /* one LAN (or both in the internet): nothing modelled in between */
    if (network_subnet_cut(n, src_subnet) || network_subnet_cut(n, dst_subnet))
        return false;
    struct topology_hops hops = topology_path_subnets(n->topo, src_subnet, dst_subnet,
                                                      n->path_routers, n->max_hops,
                                                      n->path_links, n->max_hops);
    for (size_t i = 0; i < hops.routers; i++) {
        int r = n->path_routers[i];
        if (n->filters[r]) { /* an input filter drops it before any lookup */
            n->packets[r]++;
            n->lost[r]++;
            return false;
        }
        if (n->model[r]) {
            if (!router_forward(n->model[r], t, dst))
                return false;
        } else {
            n->packets[r]++;
        }
    }
    double syns = live ? 1 : NET_DARK_SYNS;
    double bytes = live ? 3 * NET_SYN_BYTES + payload_bytes : NET_DARK_SYNS * NET_SYN_BYTES;
    add_to_links(n, n->path_links, hops.links, 1, syns, bytes);
    return true;
}

void network_add_load(struct network *n, int src_subnet, int dst_subnet, double connections,
                      double syn_packets, double bytes)
{
    if (src_subnet == dst_subnet)
        return;
    struct topology_hops hops = topology_path_subnets(n->topo, src_subnet, dst_subnet,
                                                      n->path_routers, n->max_hops,
                                                      n->path_links, n->max_hops);
    add_to_links(n, n->path_links, hops.links, connections, syn_packets, bytes);
}

int network_columns(const struct network *n, const char *const **names)
{
    *names = (const char *const *)n->names;
    return n->n_columns;
}

void network_sample(struct network *n, double t, double interval_s, double *v)
{
    int k = 0;
    for (int r = 0; r < n->n_routers; r++) {
        if (n->model[r]) {
            struct router_sample s;
            router_sample(n->model[r], t, interval_s, &s);
            v[k++] = s.free_bytes;
            v[k++] = s.cache_entries;
            v[k++] = s.arp_entries;
            v[k++] = s.cpu;
            v[k++] = s.up;
            v[k++] = s.crashes;
            v[k++] = s.packets + n->packets[r]; /* with the filtered ones */
            v[k++] = s.lost + n->lost[r];
            v[k++] = s.new_destinations / interval_s; /* per second */
            v[k++] = s.buffers;
        } else {
            v[k++] = n->packets[r];
            v[k++] = n->lost[r];
        }
        n->packets[r] = n->lost[r] = 0;
    }
    for (int l = 0; l < n->n_links; l++) {
        struct link_load *ld = &n->load[l];
        v[k++] = floor(ld->connections + 0.5);
        v[k++] = floor(ld->syn_packets + 0.5);
        v[k++] = floor(ld->bytes + 0.5);
        v[k++] = ld->bytes * 8 / (topology_link_capacity(n->topo, l) * interval_s);
        memset(ld, 0, sizeof *ld);
    }
    assert(k == n->n_columns);
}

long network_router_crashes(const struct network *n, const char *name)
{
    int r = topology_router_index(n->topo, name);
    if (r < 0 || !n->model[r])
        return -1;
    return (long)router_crashes(n->model[r]);
}
