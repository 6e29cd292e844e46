/* topology.c - routers, links and subnets as a tree rooted at "internet" (see topology.h).
 * Built once: names are checked, links joined with a union-find (a link whose ends are already
 * connected closes a cycle), then a breadth-first walk from internet gives every router its
 * parent, uplink and depth. A path is then two walks up the tree: first to find the lowest
 * common ancestor and the counts, then to write the routers and links in place. Subnets may
 * nest (a department /24 inside the campus /16) and an address belongs to the most specific
 * one, as in routing. They are kept sorted by (first address, length), each knowing the
 * innermost subnet that encloses it: the subnet of an address is a binary search for the last
 * first address <= it, then steps outward until one holds it (any subnet holding the address
 * that starts no later than the one found must enclose it, so the chain meets them all).
 *
 * Invariants (topology_check): routers and internet form a tree: parent[r] is a router or -1
 * (internet), depth[r] = depth[parent] + 1 with depth(internet) = 0, uplink[r] joins r and its
 * parent and link_lower[uplink[r]] = r, so there are as many links as routers; lo/hi hold the
 * subnets' first and last addresses, sorted by lo then prefix length, no two prefixes equal;
 * two subnets are nested or disjoint; enclose[k] is the innermost k' < k whose prefix
 * strictly holds k's (lo[k'] <= lo[k] <= hi[k] <= hi[k'], not both equal), or -1. */
#include "topology.h"

#include <assert.h>
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "params.h"

_Static_assert(TOPOLOGY_NAME_MAX == PARAM_NAME_MAX, "names are filled by PARAM_NAME keys");

struct topology {
    size_t n_routers, n_links, n_subnets;
    struct topo_router_spec *routers; /* copies of the specs, in config order */
    struct topo_link_spec *links;
    struct topo_subnet_spec *subnets;
    int *parent, *uplink, *depth;     /* per router */
    int *link_lower;                  /* per link: the router whose uplink it is */
    int *subnet_router;               /* per subnet */
    uint32_t *lo, *hi;                /* subnets sorted by first address, then length: first,
                                         last address */
    int *sorted;                      /* sorted position -> subnet index */
    int *enclose;                     /* sorted position -> innermost enclosing position, -1 */
    int max_depth;
};

/* ---- building ------------------------------------------------------------------------ */

/* A name and its index, for sorting names to find duplicates and look them up. */
struct named {
    const char *name;
    int index;
};

static int cmp_named(const void *a, const void *b)
{
    const struct named *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* The index of name among n sorted names, or -1. */
static int find_named(const struct named *v, size_t n, const char *name)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(v[mid].name, name);
        if (c == 0)
            return v[mid].index;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* Sorts n names (each at stride bytes from the last) into *out (caller frees); returns the
 * index of the first item (in config order) whose name repeats an earlier one, or -1. */
static int sort_names(const void *first, size_t stride, size_t n, struct named **out)
{
    struct named *v = xmalloc((n ? n : 1) * sizeof *v);
    for (size_t i = 0; i < n; i++)
        v[i] = (struct named){(const char *)first + i * stride, (int)i};
    qsort(v, n, sizeof *v, cmp_named);
    int dup = -1;
    for (size_t i = 1; i < n; i++)
        if (!strcmp(v[i].name, v[i - 1].name) && (dup < 0 || v[i].index < dup))
            dup = v[i].index;
    *out = v;
    return dup;
}

static void lower(const char *s, char *buf, size_t len)
{
    size_t i = 0;
    for (; s[i] && i + 1 < len; i++)
        buf[i] = (char)tolower((unsigned char)s[i]);
    buf[i] = '\0';
}

/* Writes ' (did you mean "x"?)' to buf when a router name (or "internet", if allowed) is
 * within edit distance 2 of word, ignoring case (cisco-a for CISCO-A); else "". */
static void suggest_router(const struct topology_config *cfg, const char *word, bool internet,
                           char *buf, size_t len)
{
    const char *best = NULL;
    int best_d = 3;
    char w[TOPOLOGY_NAME_MAX], c[TOPOLOGY_NAME_MAX];
    lower(word, w, sizeof w);
    for (size_t i = 0; i <= cfg->n_routers; i++) {
        const char *cand = i < cfg->n_routers ? cfg->routers[i].name : TOPOLOGY_INTERNET;
        if (i == cfg->n_routers && !internet)
            break;
        lower(cand, c, sizeof c);
        int d = params_edit_distance(w, c);
        if (d < best_d && d < (int)strlen(word)) {
            best_d = d;
            best = cand;
        }
    }
    if (best)
        snprintf(buf, len, " (did you mean \"%s\"?)", best);
    else if (len)
        buf[0] = '\0';
}

/* Union-find over nodes (routers, then internet), with path halving. */
static int uf_find(int *up, int x)
{
    while (up[x] != x)
        x = up[x] = up[up[x]];
    return x;
}

static enum status fail(struct diag *d, const struct topology_config *cfg, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static enum status fail(struct diag *d, const struct topology_config *cfg, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return diag_set(d, ST_INPUT, cfg->source ? cfg->source : "", 0, "%s", msg);
}

/* The node a link end names: a router index, n_routers for internet, -1 (error in d). */
static int link_end(const struct topology_config *cfg, const struct named *routers,
                    const struct topo_link_spec *l, const char *which, const char *name,
                    struct diag *d)
{
    if (!strcmp(name, TOPOLOGY_INTERNET))
        return (int)cfg->n_routers;
    int r = find_named(routers, cfg->n_routers, name);
    if (r >= 0)
        return r;
    if (!*name) {
        fail(d, cfg, "[link %s]: %s is empty (name a router or internet)", l->name, which);
        return -1;
    }
    char hint[128];
    suggest_router(cfg, name, true, hint, sizeof hint);
    fail(d, cfg, "[link %s]: %s = \"%s\" names no router%s", l->name, which, name, hint);
    return -1;
}

static enum status check_routers(const struct topology_config *cfg, struct named **sorted,
                                 struct diag *d)
{
    for (size_t i = 0; i < cfg->n_routers; i++) {
        const char *name = cfg->routers[i].name;
        if (!*name)
            return fail(d, cfg, "[router] without a name (router %zu)", i + 1);
        if (!strcmp(name, TOPOLOGY_INTERNET))
            return fail(d, cfg, "[router internet]: \"internet\" is reserved for the rest of "
                        "the world");
    }
    int dup = sort_names(cfg->routers, sizeof cfg->routers[0], cfg->n_routers, sorted);
    if (dup >= 0)
        return fail(d, cfg, "duplicate [router %s]", cfg->routers[dup].name);
    return ST_OK;
}

/* Checks the links and joins them: ends[2 l], ends[2 l + 1] are link l's nodes. */
static enum status check_links(const struct topology_config *cfg, const struct named *routers,
                               int *ends, struct diag *d)
{
    for (size_t i = 0; i < cfg->n_links; i++)
        if (!cfg->links[i].name[0])
            return fail(d, cfg, "[link] without a name (link %zu)", i + 1);
    struct named *names;
    int dup = sort_names(cfg->links, sizeof cfg->links[0], cfg->n_links, &names);
    free(names);
    if (dup >= 0)
        return fail(d, cfg, "duplicate [link %s]", cfg->links[dup].name);
    int *up = xmalloc((cfg->n_routers + 1) * sizeof *up);
    for (size_t i = 0; i <= cfg->n_routers; i++)
        up[i] = (int)i;
    enum status st = ST_OK;
    for (size_t i = 0; i < cfg->n_links && st == ST_OK; i++) {
        const struct topo_link_spec *l = &cfg->links[i];
        int a = link_end(cfg, routers, l, "from", l->from, d);
        int b = a < 0 ? -1 : link_end(cfg, routers, l, "to", l->to, d);
        if (a < 0 || b < 0) {
            st = ST_INPUT;
        } else if (a == b) {
            st = fail(d, cfg, "[link %s]: connects %s to itself", l->name, l->from);
        } else if (!(l->capacity_bps > 0) || !isfinite(l->capacity_bps)) {
            st = fail(d, cfg, "[link %s]: capacity must be a positive bit rate", l->name);
        } else if (uf_find(up, a) == uf_find(up, b)) {
            st = fail(d, cfg, "[link %s]: closes a cycle (%s and %s are already connected)",
                      l->name, l->from, l->to);
        } else {
            up[uf_find(up, a)] = uf_find(up, b);
            ends[2 * i] = a;
            ends[2 * i + 1] = b;
        }
    }
    free(up);
    return st;
}

/* Walks the tree from internet (node n_routers): parent, uplink and depth of every router. */
static enum status orient(struct topology *t, const struct topology_config *cfg,
                          const int *ends, struct diag *d)
{
    size_t nodes = t->n_routers + 1;
    /* Adjacency in compressed rows: the links of node v are adj[first[v] .. first[v + 1]). */
    int *first = xcalloc(nodes + 1, sizeof *first);
    int *adj = xmalloc((2 * t->n_links + 1) * sizeof *adj);
    for (size_t l = 0; l < 2 * t->n_links; l++)
        first[ends[l] + 1]++;
    for (size_t v = 0; v < nodes; v++)
        first[v + 1] += first[v];
    int *fill = xmalloc(nodes * sizeof *fill);
    memcpy(fill, first, nodes * sizeof *fill);
    for (size_t l = 0; l < 2 * t->n_links; l++)
        adj[fill[ends[l]]++] = (int)(l / 2);
    int *queue = xmalloc(nodes * sizeof *queue);
    char *seen = xcalloc(nodes, 1);
    size_t head = 0, tail = 0;
    queue[tail++] = (int)t->n_routers;
    seen[t->n_routers] = 1;
    while (head < tail) {
        int v = queue[head++];
        for (int k = first[v]; k < first[v + 1]; k++) {
            int l = adj[k];
            int w = ends[2 * l] == v ? ends[2 * l + 1] : ends[2 * l];
            if (seen[w])
                continue; /* v's own uplink: the tree has no other way back */
            seen[w] = 1;
            queue[tail++] = w;
            t->parent[w] = v == (int)t->n_routers ? -1 : v;
            t->uplink[w] = l;
            t->depth[w] = v == (int)t->n_routers ? 1 : t->depth[v] + 1;
            t->link_lower[l] = w;
            if (t->depth[w] > t->max_depth)
                t->max_depth = t->depth[w];
        }
    }
    enum status st = ST_OK;
    for (size_t r = 0; r < t->n_routers && st == ST_OK; r++)
        if (!seen[r])
            st = fail(d, cfg, "[router %s]: no link leads to internet", cfg->routers[r].name);
    free(first);
    free(adj);
    free(fill);
    free(queue);
    free(seen);
    return st;
}

static uint32_t prefix_last(const struct prefix *p)
{
    return p->len >= 32 ? p->base : p->base | (UINT32_MAX >> p->len); /* >> 32 is undefined */
}

/* A subnet's first address, length and index, sorted by address, then length (an enclosing
 * prefix before the ones inside it that start at the same address), then index. */
struct keyed {
    uint32_t base;
    int len, index;
};

static int cmp_keyed(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    if (x->base != y->base)
        return x->base < y->base ? -1 : 1;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

static enum status check_subnets(struct topology *t, const struct topology_config *cfg,
                                 const struct named *routers, struct diag *d)
{
    for (size_t i = 0; i < cfg->n_subnets; i++) {
        const struct topo_subnet_spec *s = &cfg->subnets[i];
        if (!s->name[0])
            return fail(d, cfg, "[subnet] without a name (subnet %zu)", i + 1);
        const struct prefix *p = &s->prefix;
        if (p->len < 0 || p->len > 32 || (p->len < 32 && (p->base & (UINT32_MAX >> p->len))))
            return fail(d, cfg, "[subnet %s]: not a prefix (length 0 to 32, host bits zero)",
                        s->name);
    }
    struct named *names;
    int dup = sort_names(cfg->subnets, sizeof cfg->subnets[0], cfg->n_subnets, &names);
    free(names);
    if (dup >= 0)
        return fail(d, cfg, "duplicate [subnet %s]", cfg->subnets[dup].name);
    for (size_t i = 0; i < cfg->n_subnets; i++) {
        const struct topo_subnet_spec *s = &cfg->subnets[i];
        int r = find_named(routers, cfg->n_routers, s->router);
        if (r < 0 && !s->router[0])
            return fail(d, cfg, "[subnet %s]: router is empty (name the router it sits behind)",
                        s->name);
        if (r < 0) {
            char hint[128];
            suggest_router(cfg, s->router, false, hint, sizeof hint);
            return fail(d, cfg, "[subnet %s]: router = \"%s\" names no router%s", s->name,
                        s->router, hint);
        }
        t->subnet_router[i] = r;
    }
    struct keyed *v = xmalloc((cfg->n_subnets + 1) * sizeof *v);
    for (size_t i = 0; i < cfg->n_subnets; i++)
        v[i] = (struct keyed){cfg->subnets[i].prefix.base, cfg->subnets[i].prefix.len, (int)i};
    qsort(v, cfg->n_subnets, sizeof *v, cmp_keyed);
    for (size_t k = 0; k < cfg->n_subnets; k++) {
        t->sorted[k] = v[k].index;
        t->lo[k] = v[k].base;
        t->hi[k] = prefix_last(&cfg->subnets[v[k].index].prefix);
    }
    free(v);
    /* Equal prefixes sort next to each other, the earlier in the file first. */
    for (size_t k = 0; k + 1 < cfg->n_subnets; k++)
        if (t->lo[k + 1] == t->lo[k] && t->hi[k + 1] == t->hi[k]) {
            int a = t->sorted[k], b = t->sorted[k + 1];
            char pb[32];
            prefix_format(&cfg->subnets[b].prefix, pb, sizeof pb);
            return fail(d, cfg, "[subnet %s] %s is the same prefix as [subnet %s]",
                        cfg->subnets[b].name, pb, cfg->subnets[a].name);
        }
    /* Innermost enclosing subnets, by a stack walk: the chain from k - 1 outward is the stack
     * of subnets open at lo[k]; those that end before lo[k] are popped for good. Prefixes nest
     * or are disjoint, so the first one still open encloses k (strictly: no equal prefixes). */
    for (size_t k = 0; k < cfg->n_subnets; k++) {
        int e = (int)k - 1;
        while (e >= 0 && t->hi[e] < t->lo[k])
            e = t->enclose[e];
        t->enclose[k] = e;
    }
    return ST_OK;
}

enum status topology_build(struct topology **out, const struct topology_config *cfg,
                           struct diag *d)
{
    *out = NULL;
    struct topology *t = xcalloc(1, sizeof *t);
    size_t nr = cfg->n_routers, nl = cfg->n_links, ns = cfg->n_subnets;
    t->n_routers = nr;
    t->n_links = nl;
    t->n_subnets = ns;
    t->routers = xmalloc((nr + 1) * sizeof *t->routers);
    t->links = xmalloc((nl + 1) * sizeof *t->links);
    t->subnets = xmalloc((ns + 1) * sizeof *t->subnets);
    if (nr)
        memcpy(t->routers, cfg->routers, nr * sizeof *t->routers);
    if (nl)
        memcpy(t->links, cfg->links, nl * sizeof *t->links);
    if (ns)
        memcpy(t->subnets, cfg->subnets, ns * sizeof *t->subnets);
    t->parent = xmalloc((nr + 1) * sizeof *t->parent);
    t->uplink = xmalloc((nr + 1) * sizeof *t->uplink);
    t->depth = xmalloc((nr + 1) * sizeof *t->depth);
    t->link_lower = xmalloc((nl + 1) * sizeof *t->link_lower);
    t->subnet_router = xmalloc((ns + 1) * sizeof *t->subnet_router);
    t->lo = xmalloc((ns + 1) * sizeof *t->lo);
    t->hi = xmalloc((ns + 1) * sizeof *t->hi);
    t->sorted = xmalloc((ns + 1) * sizeof *t->sorted);
    t->enclose = xmalloc((ns + 1) * sizeof *t->enclose);
    int *ends = xmalloc((2 * nl + 1) * sizeof *ends);
    struct named *routers = NULL;

    enum status st = check_routers(cfg, &routers, d);
    if (st != ST_OK)
        goto fail;
    if ((st = check_links(cfg, routers, ends, d)) != ST_OK)
        goto fail;
    if ((st = orient(t, cfg, ends, d)) != ST_OK)
        goto fail;
    if ((st = check_subnets(t, cfg, routers, d)) != ST_OK)
        goto fail;
    free(ends);
    free(routers);
    topology_check(t);
    *out = t;
    return ST_OK;
fail:
    free(ends);
    free(routers);
    topology_free(t);
    return st;
}

void topology_free(struct topology *t)
{
    if (!t)
        return;
    free(t->routers);
    free(t->links);
    free(t->subnets);
    free(t->parent);
    free(t->uplink);
    free(t->depth);
    free(t->link_lower);
    free(t->subnet_router);
    free(t->lo);
    free(t->hi);
    free(t->sorted);
    free(t->enclose);
    free(t);
}

void topology_check(const struct topology *t)
{
#ifndef NDEBUG
    assert(t->n_links == t->n_routers); /* a tree over routers + internet */
    for (size_t r = 0; r < t->n_routers; r++) {
        int p = t->parent[r], l = t->uplink[r];
        assert(p >= -1 && p < (int)t->n_routers && p != (int)r);
        assert(t->depth[r] == (p < 0 ? 1 : t->depth[p] + 1));
        assert(t->depth[r] <= t->max_depth);
        assert(l >= 0 && l < (int)t->n_links && t->link_lower[l] == (int)r);
        const char *up = p < 0 ? TOPOLOGY_INTERNET : t->routers[p].name;
        const struct topo_link_spec *ls = &t->links[l];
        assert((!strcmp(ls->from, t->routers[r].name) && !strcmp(ls->to, up)) ||
               (!strcmp(ls->to, t->routers[r].name) && !strcmp(ls->from, up)));
    }
    for (size_t k = 0; k < t->n_subnets; k++) {
        int s = t->sorted[k];
        assert(s >= 0 && s < (int)t->n_subnets);
        assert(t->lo[k] == t->subnets[s].prefix.base);
        assert(t->hi[k] == prefix_last(&t->subnets[s].prefix));
        assert(t->lo[k] <= t->hi[k]);
        if (k > 0) {
            /* Sorted by (lo, length), no equal prefixes, and nested or disjoint. */
            int len = t->subnets[s].prefix.len, prev_len = t->subnets[t->sorted[k - 1]].prefix.len;
            assert(t->lo[k - 1] < t->lo[k] || (t->lo[k - 1] == t->lo[k] && prev_len < len));
            assert(t->hi[k - 1] < t->lo[k] || t->hi[k] <= t->hi[k - 1]);
        }
        /* The enclosing chain: e encloses k strictly, and every subnet on the chain from
         * k - 1 before e ends before k starts, so (by induction on k) e is the innermost. */
        int e = t->enclose[k];
        assert(e >= -1 && e < (int)k);
        if (e >= 0)
            assert(t->lo[e] <= t->lo[k] && t->hi[k] <= t->hi[e] &&
                   (t->lo[e] != t->lo[k] || t->hi[e] != t->hi[k]));
        int c = (int)k - 1;
        for (; c != e; c = t->enclose[c]) {
            assert(c >= 0);
            assert(t->hi[c] < t->lo[k]);
        }
        assert(t->subnet_router[s] >= 0 && t->subnet_router[s] < (int)t->n_routers);
        assert(!strcmp(t->routers[t->subnet_router[s]].name, t->subnets[s].router));
    }
#endif
    (void)t;
}

/* ---- lookups ------------------------------------------------------------------------- */

size_t topology_n_routers(const struct topology *t) { return t->n_routers; }
size_t topology_n_links(const struct topology *t) { return t->n_links; }
size_t topology_n_subnets(const struct topology *t) { return t->n_subnets; }

int topology_router_index(const struct topology *t, const char *name)
{
    for (size_t i = 0; i < t->n_routers; i++)
        if (!strcmp(t->routers[i].name, name))
            return (int)i;
    return -1;
}

int topology_link_index(const struct topology *t, const char *name)
{
    for (size_t i = 0; i < t->n_links; i++)
        if (!strcmp(t->links[i].name, name))
            return (int)i;
    return -1;
}

int topology_subnet_index(const struct topology *t, const char *name)
{
    for (size_t i = 0; i < t->n_subnets; i++)
        if (!strcmp(t->subnets[i].name, name))
            return (int)i;
    return -1;
}

const char *topology_router_name(const struct topology *t, int router)
{
    assert(router >= 0 && router < (int)t->n_routers);
    return t->routers[router].name;
}

const char *topology_link_name(const struct topology *t, int link)
{
    assert(link >= 0 && link < (int)t->n_links);
    return t->links[link].name;
}

const char *topology_subnet_name(const struct topology *t, int subnet)
{
    assert(subnet >= 0 && subnet < (int)t->n_subnets);
    return t->subnets[subnet].name;
}

int topology_router_parent(const struct topology *t, int router)
{
    assert(router >= 0 && router < (int)t->n_routers);
    return t->parent[router];
}

int topology_router_uplink(const struct topology *t, int router)
{
    assert(router >= 0 && router < (int)t->n_routers);
    return t->uplink[router];
}

int topology_router_depth(const struct topology *t, int router)
{
    assert(router >= 0 && router < (int)t->n_routers);
    return t->depth[router];
}

int topology_link_lower(const struct topology *t, int link)
{
    assert(link >= 0 && link < (int)t->n_links);
    return t->link_lower[link];
}

double topology_link_capacity(const struct topology *t, int link)
{
    assert(link >= 0 && link < (int)t->n_links);
    return t->links[link].capacity_bps;
}

const struct prefix *topology_subnet_prefix(const struct topology *t, int subnet)
{
    assert(subnet >= 0 && subnet < (int)t->n_subnets);
    return &t->subnets[subnet].prefix;
}

int topology_subnet_router(const struct topology *t, int subnet)
{
    assert(subnet >= 0 && subnet < (int)t->n_subnets);
    return t->subnet_router[subnet];
}

int topology_subnet_of(const struct topology *t, uint32_t addr)
{
    /* The last subnet whose first address is <= addr (the longest, among those starting at
     * one address); every other subnet holding addr encloses it, so step outward. */
    size_t lo = 0, hi = t->n_subnets;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->lo[mid] <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    int k = (int)lo - 1;
    while (k >= 0 && t->hi[k] < addr)
        k = t->enclose[k];
    return k >= 0 ? t->sorted[k] : -1;
}

size_t topology_max_hops(const struct topology *t) { return 2 * (size_t)t->max_depth; }

static int depth_of(const struct topology *t, int node) { return node < 0 ? 0 : t->depth[node]; }

struct topology_hops topology_path_subnets(const struct topology *t, int src_subnet,
                                           int dst_subnet, int *routers, size_t max_r,
                                           int *links, size_t max_l)
{
    struct topology_hops h = {0, 0};
    if (src_subnet == dst_subnet)
        return h; /* one LAN, or both in the internet */
    int a = src_subnet >= 0 ? t->subnet_router[src_subnet] : -1;
    int b = dst_subnet >= 0 ? t->subnet_router[dst_subnet] : -1;
    /* Count the steps up from a and from b to their lowest common ancestor. */
    int x = a, y = b, dx = depth_of(t, a), dy = depth_of(t, b);
    size_t up = 0, down = 0;
    for (; dx > dy; dx--, up++)
        x = t->parent[x];
    for (; dy > dx; dy--, down++)
        y = t->parent[y];
    for (; x != y; up++, down++) {
        x = t->parent[x];
        y = t->parent[y];
    }
    size_t top = x >= 0; /* the common ancestor is a router (not internet) */
    h.routers = up + top + down;
    h.links = up + down;
    /* Up: a, its uplink, its parent, ... */
    x = a;
    for (size_t i = 0; i < up; i++, x = t->parent[x]) {
        if (i < max_r)
            routers[i] = x;
        if (i < max_l)
            links[i] = t->uplink[x];
    }
    if (top && up < max_r)
        routers[up] = x;
    /* Down, written from b back toward the ancestor. */
    y = b;
    for (size_t i = down; i-- > 0; y = t->parent[y]) {
        if (up + top + i < max_r)
            routers[up + top + i] = y;
        if (up + i < max_l)
            links[up + i] = t->uplink[y];
    }
    return h;
}

struct topology_hops topology_path(const struct topology *t, uint32_t src, uint32_t dst,
                                   int *routers, size_t max_r, int *links, size_t max_l)
{
    return topology_path_subnets(t, topology_subnet_of(t, src), topology_subnet_of(t, dst),
                                 routers, max_r, links, max_l);
}
