/* test_topology.c - the network a scan crosses: the campus of seed 000 (department /24 ->
 * department router -> CISCO-B -> CISCO-A -> gateway -> internet), the same inside its campus
 * /16, an ISP with DSL customer subnets, every validation error with its exact message, and
 * random addresses (also among random nested prefixes) checked against a reference that scans
 * for the longest matching prefix and walks the test's own table of uplinks by name. */
#include <check.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"
#include "topology.h"

#define NET_MAX 1024

/* A topology under construction, and for the reference: each router's parent and uplink. */
struct net {
    struct topo_router_spec routers[NET_MAX];
    struct topo_link_spec links[NET_MAX];
    struct topo_subnet_spec subnets[NET_MAX];
    char parent[NET_MAX][TOPOLOGY_NAME_MAX], uplink[NET_MAX][TOPOLOGY_NAME_MAX];
    struct topology_config c;
};

static struct net *net_new(void)
{
    struct net *n = calloc(1, sizeof *n);
    n->c.routers = n->routers;
    n->c.links = n->links;
    n->c.subnets = n->subnets;
    return n;
}

static void add_link(struct net *n, const char *name, const char *from, const char *to,
                     double capacity_bps)
{
    struct topo_link_spec *l = &n->links[n->c.n_links++];
    snprintf(l->name, sizeof l->name, "%s", name);
    snprintf(l->from, sizeof l->from, "%s", from);
    snprintf(l->to, sizeof l->to, "%s", to);
    l->capacity_bps = capacity_bps;
}

/* A router only (no link). */
static void add_bare_router(struct net *n, const char *name)
{
    snprintf(n->routers[n->c.n_routers++].name, TOPOLOGY_NAME_MAX, "%s", name);
}

/* A router and its uplink `link` to parent, written parent-first when reversed. */
static void add_router(struct net *n, const char *name, const char *parent, const char *link,
                       double capacity_bps, bool reversed)
{
    size_t i = n->c.n_routers;
    add_bare_router(n, name);
    snprintf(n->parent[i], TOPOLOGY_NAME_MAX, "%s", parent);
    snprintf(n->uplink[i], TOPOLOGY_NAME_MAX, "%s", link);
    if (reversed)
        add_link(n, link, parent, name, capacity_bps);
    else
        add_link(n, link, name, parent, capacity_bps);
}

static void add_subnet(struct net *n, const char *name, const char *prefix, const char *router)
{
    struct topo_subnet_spec *s = &n->subnets[n->c.n_subnets++];
    snprintf(s->name, sizeof s->name, "%s", name);
    ck_assert_msg(prefix_parse(prefix, &s->prefix), "%s", prefix);
    snprintf(s->router, sizeof s->router, "%s", router);
}

static struct topology *build(const struct net *n)
{
    struct topology *t;
    struct diag d = {0};
    ck_assert_msg(topology_build(&t, &n->c, &d) == ST_OK, "%s", d.msg);
    topology_check(t);
    return t;
}

static uint32_t addr(const char *text)
{
    uint32_t a;
    ck_assert_msg(ipv4_parse(text, &a), "%s", text);
    return a;
}

/* The path from src to dst as "r1 r2 ... | l1 l2 ..." (names). */
static void path_text(const struct topology *t, uint32_t src, uint32_t dst, char *buf, size_t len)
{
    int r[64], l[64];
    struct topology_hops h = topology_path(t, src, dst, r, 64, l, 64);
    ck_assert(h.routers <= topology_max_hops(t) && h.links <= topology_max_hops(t));
    size_t k = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < h.routers; i++)
        k += (size_t)snprintf(buf + k, len - k, "%s%s", i ? " " : "", topology_router_name(t, r[i]));
    k += (size_t)snprintf(buf + k, len - k, " |");
    for (size_t i = 0; i < h.links; i++)
        k += (size_t)snprintf(buf + k, len - k, " %s", topology_link_name(t, l[i]));
}

static void expect_path(const struct topology *t, const char *src, const char *dst,
                        const char *want)
{
    char got[1024];
    path_text(t, addr(src), addr(dst), got, sizeof got);
    ck_assert_msg(!strcmp(got, want), "%s -> %s: got \"%s\", want \"%s\"", src, dst, got, want);
}

/* Seed 000: the campus. Traceroute from an office: router, CISCO-A, ..., gateway; normally
 * CISCO-A -> CISCO-B -> the department's router. Addresses are made up inside 130.34/16. */
static struct net *campus(void)
{
    struct net *n = net_new();
    add_router(n, "gateway", "internet", "gateway-uplink", 45e6, false);
    add_router(n, "CISCO-A", "gateway", "core-a", 100e6, false);
    add_router(n, "CISCO-B", "CISCO-A", "core-b", 100e6, true); /* written from CISCO-A */
    add_router(n, "dept-router", "CISCO-B", "dept-uplink", 10e6, false);
    add_router(n, "lab-router", "CISCO-B", "lab-uplink", 10e6, true);
    add_router(n, "office-router", "CISCO-A", "office-uplink", 10e6, false);
    add_subnet(n, "dept", "130.34.200.0/24", "dept-router");
    add_subnet(n, "dept-dhcp", "130.34.201.0/25", "dept-router");
    add_subnet(n, "lab", "130.34.210.0/24", "lab-router");
    add_subnet(n, "office", "130.34.1.0/24", "office-router");
    add_subnet(n, "b-lan", "130.34.220.0/24", "CISCO-B");
    return n;
}

START_TEST(campus_structure)
{
    struct net *n = campus();
    struct topology *t = build(n);
    ck_assert_uint_eq(topology_n_routers(t), 6);
    ck_assert_uint_eq(topology_n_links(t), 6);
    ck_assert_uint_eq(topology_n_subnets(t), 5);
    int b = topology_router_index(t, "CISCO-B"), dept = topology_router_index(t, "dept-router");
    ck_assert_int_eq(b, 2);
    ck_assert_int_eq(topology_router_index(t, "internet"), -1);
    ck_assert_int_eq(topology_router_index(t, "cisco-b"), -1); /* names are case-sensitive */
    ck_assert_int_eq(topology_router_parent(t, dept), b);
    ck_assert_int_eq(topology_router_parent(t, topology_router_index(t, "gateway")), -1);
    ck_assert_int_eq(topology_router_depth(t, dept), 4);
    ck_assert_uint_eq(topology_max_hops(t), 8);
    int core_b = topology_link_index(t, "core-b");
    ck_assert_int_eq(topology_router_uplink(t, b), core_b);
    ck_assert_int_eq(topology_link_lower(t, core_b), b); /* though written from CISCO-A */
    ck_assert_double_eq(topology_link_capacity(t, core_b), 100e6);
    int s = topology_subnet_index(t, "dept");
    ck_assert_int_eq(topology_subnet_router(t, s), dept);
    ck_assert_str_eq(topology_subnet_name(t, s), "dept");
    ck_assert_int_eq(topology_subnet_prefix(t, s)->len, 24);

    /* Which subnet: edges of the prefixes, and campus addresses outside every subnet. */
    ck_assert_int_eq(topology_subnet_of(t, addr("130.34.200.0")), s);
    ck_assert_int_eq(topology_subnet_of(t, addr("130.34.200.255")), s);
    ck_assert_int_eq(topology_subnet_of(t, addr("130.34.199.255")), -1);
    ck_assert_int_eq(topology_subnet_of(t, addr("130.34.201.127")), 1);
    ck_assert_int_eq(topology_subnet_of(t, addr("130.34.201.128")), -1);
    ck_assert_int_eq(topology_subnet_of(t, addr("130.34.1.7")), 3);
    ck_assert_int_eq(topology_subnet_of(t, addr("0.0.0.0")), -1);
    ck_assert_int_eq(topology_subnet_of(t, addr("255.255.255.255")), -1);
    topology_free(t);
    free(n);
}
END_TEST

START_TEST(campus_paths)
{
    struct net *n = campus();
    struct topology *t = build(n);
    int b = topology_router_index(t, "CISCO-B"), dept = topology_router_index(t, "dept-router");
    int s = topology_subnet_index(t, "dept");
    /* From the department to the internet: all four routers, each with its uplink. */
    const char *out = "dept-router CISCO-B CISCO-A gateway | dept-uplink core-b core-a gateway-uplink";
    expect_path(t, "130.34.200.17", "198.137.240.91", out);
    expect_path(t, "130.34.200.17", "130.34.5.5", out); /* on campus, but in no subnet */
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 19);
    for (int i = 0; i < 1000; i++) {
        uint32_t dst = (uint32_t)gsl_rng_get(rng);
        if (topology_subnet_of(t, dst) >= 0)
            continue;
        char got[512];
        path_text(t, addr("130.34.200.99"), dst, got, sizeof got);
        ck_assert_str_eq(got, out);
    }
    gsl_rng_free(rng);
    /* And back, in the reverse order. */
    expect_path(t, "61.1.2.3", "130.34.200.17",
                "gateway CISCO-A CISCO-B dept-router | gateway-uplink core-a core-b dept-uplink");
    /* Between two subnets under CISCO-B: up to CISCO-B and down, no further. */
    expect_path(t, "130.34.200.17", "130.34.210.5", "dept-router CISCO-B lab-router | dept-uplink lab-uplink");
    expect_path(t, "130.34.210.5", "130.34.200.17", "lab-router CISCO-B dept-router | lab-uplink dept-uplink");
    expect_path(t, "130.34.200.17", "130.34.220.1", "dept-router CISCO-B | dept-uplink");
    expect_path(t, "130.34.220.1", "130.34.200.17", "CISCO-B dept-router | dept-uplink");
    /* Two subnets on the department router: that router only. One subnet: nothing. */
    expect_path(t, "130.34.200.17", "130.34.201.3", "dept-router |");
    expect_path(t, "130.34.200.17", "130.34.200.18", " |");
    expect_path(t, "130.34.200.17", "130.34.200.17", " |");
    expect_path(t, "8.8.8.8", "61.1.2.3", " |"); /* the internet to itself */
    /* Across CISCO-A. */
    expect_path(t, "130.34.200.17", "130.34.1.9",
                "dept-router CISCO-B CISCO-A office-router | dept-uplink core-b office-uplink");
    expect_path(t, "130.34.1.9", "8.8.8.8", "office-router CISCO-A gateway | office-uplink core-a gateway-uplink");

    /* Short arrays get the first entries; the counts are the whole path's. */
    int r[2] = {-7, -7}, l[1] = {-7};
    struct topology_hops h = topology_path(t, addr("130.34.200.1"), addr("9.9.9.9"), r, 2, l, 1);
    ck_assert_uint_eq(h.routers, 4);
    ck_assert_uint_eq(h.links, 4);
    ck_assert_int_eq(r[0], dept);
    ck_assert_int_eq(r[1], b);
    ck_assert_int_eq(l[0], topology_link_index(t, "dept-uplink"));
    h = topology_path(t, addr("130.34.200.1"), addr("130.34.210.1"), NULL, 0, NULL, 0);
    ck_assert_uint_eq(h.routers, 3);
    ck_assert_uint_eq(h.links, 2);
    /* By subnet index, as a host that knows its subnet asks. */
    h = topology_path_subnets(t, s, -1, r, 2, l, 1);
    ck_assert_uint_eq(h.routers, 4);
    h = topology_path_subnets(t, -1, -1, r, 2, l, 1);
    ck_assert_uint_eq(h.routers + h.links, 0);
    topology_free(t);
    free(n);
}
END_TEST

/* An ISP: core -> internet, an edge router, two DSL access concentrators (BRAS) with 300
 * customer /29s each, given out of address order, and a server /24 on the core. */
static struct net *isp(void)
{
    struct net *n = net_new();
    add_router(n, "isp-core", "internet", "transit", 622e6, false);
    add_router(n, "isp-edge", "isp-core", "edge-core", 1e9, true);
    add_router(n, "bras-1", "isp-edge", "bras-1-up", 155e6, false);
    add_router(n, "bras-2", "isp-edge", "bras-2-up", 155e6, false);
    add_router(n, "bras-3", "isp-core", "bras-3-up", 45e6, false);
    add_subnet(n, "servers", "211.2.0.0/24", "isp-core");
    for (int i = 299; i >= 0; i--) {
        char name[32], prefix[32];
        for (int k = 1; k <= 3; k++) {
            snprintf(name, sizeof name, "dsl%d-%03d", k, i);
            snprintf(prefix, sizeof prefix, "211.%d.%d.%d/29", 10 + k, i / 32, (i % 32) * 8);
            char bras[16];
            snprintf(bras, sizeof bras, "bras-%d", k);
            add_subnet(n, name, prefix, bras);
        }
    }
    return n;
}

START_TEST(isp_paths)
{
    struct net *n = isp();
    struct topology *t = build(n);
    ck_assert_uint_eq(topology_n_subnets(t), 901);
    ck_assert_uint_eq(topology_max_hops(t), 6);
    ck_assert_int_eq(topology_subnet_of(t, addr("211.11.0.0")), topology_subnet_index(t, "dsl1-000"));
    ck_assert_int_eq(topology_subnet_of(t, addr("211.11.9.103")), topology_subnet_index(t, "dsl1-300") );
    ck_assert_int_eq(topology_subnet_of(t, addr("211.11.9.95")), topology_subnet_index(t, "dsl1-299"));
    ck_assert_int_eq(topology_subnet_of(t, addr("211.11.9.96")), -1); /* after the last /29 */
    /* Two customers on one BRAS meet there; on two BRAS under the edge, at the edge. */
    expect_path(t, "211.11.0.1", "211.11.5.9", "bras-1 |");
    expect_path(t, "211.11.0.1", "211.12.5.9", "bras-1 isp-edge bras-2 | bras-1-up bras-2-up");
    expect_path(t, "211.11.0.1", "211.13.5.9", "bras-1 isp-edge isp-core bras-3 | bras-1-up edge-core bras-3-up");
    expect_path(t, "211.13.0.1", "211.2.0.80", "bras-3 isp-core | bras-3-up");
    expect_path(t, "211.12.3.3", "4.4.4.4", "bras-2 isp-edge isp-core | bras-2-up edge-core transit");
    expect_path(t, "4.4.4.4", "211.13.9.90", "isp-core bras-3 | transit bras-3-up");
    expect_path(t, "211.2.0.1", "4.4.4.4", "isp-core | transit");
    topology_free(t);
    free(n);
}
END_TEST

/* ---- the reference: subnets by linear search, paths by name from the test's own table --- */

/* The longest prefix holding a (prefixes are distinct, so there is one), or -1. */
static int ref_subnet(const struct net *n, uint32_t a)
{
    int best = -1;
    for (size_t i = 0; i < n->c.n_subnets; i++)
        if (prefix_contains(&n->subnets[i].prefix, a) &&
            (best < 0 || n->subnets[i].prefix.len > n->subnets[best].prefix.len))
            best = (int)i;
    return best;
}

static int ref_router(const struct net *n, const char *name)
{
    for (size_t i = 0; i < n->c.n_routers; i++)
        if (!strcmp(n->routers[i].name, name))
            return (int)i;
    return -1;
}

/* Routers from r up to internet (r first); returns the count. */
static size_t ref_chain(const struct net *n, int r, int *chain)
{
    size_t k = 0;
    for (; r >= 0; r = ref_router(n, n->parent[r]))
        chain[k++] = r;
    return k;
}

static void ref_path(const struct net *n, uint32_t src, uint32_t dst, char *buf, size_t len)
{
    int s = ref_subnet(n, src), d = ref_subnet(n, dst);
    int up[64], down[64], top = -1;
    size_t nu = 0, nd = 0;
    if (s != d) {
        nu = s >= 0 ? ref_chain(n, ref_router(n, n->subnets[s].router), up) : 0;
        nd = d >= 0 ? ref_chain(n, ref_router(n, n->subnets[d].router), down) : 0;
    }
    /* The chains share their upper part; its lowest router is crossed once. */
    for (; nu > 0 && nd > 0 && up[nu - 1] == down[nd - 1]; nu--, nd--)
        top = up[nu - 1];
    size_t k = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < nu; i++)
        k += (size_t)snprintf(buf + k, len - k, "%s%s", k ? " " : "", n->routers[up[i]].name);
    if (top >= 0)
        k += (size_t)snprintf(buf + k, len - k, "%s%s", k ? " " : "", n->routers[top].name);
    for (size_t i = nd; i-- > 0;)
        k += (size_t)snprintf(buf + k, len - k, "%s%s", k ? " " : "", n->routers[down[i]].name);
    k += (size_t)snprintf(buf + k, len - k, " |");
    for (size_t i = 0; i < nu; i++)
        k += (size_t)snprintf(buf + k, len - k, " %s", n->uplink[up[i]]);
    for (size_t i = nd; i-- > 0;)
        k += (size_t)snprintf(buf + k, len - k, " %s", n->uplink[down[i]]);
}

/* An address anywhere in p (a /0 has more addresses than gsl_rng_uniform_int can draw). */
static uint32_t pick_in(const struct prefix *p, gsl_rng *rng)
{
    if (p->len == 0)
        return (uint32_t)gsl_rng_get(rng);
    return p->base + (uint32_t)gsl_rng_uniform_int(rng, (unsigned long)prefix_size(p));
}

/* An address in a random subnet half of the time, anywhere otherwise. */
static uint32_t pick(const struct net *n, gsl_rng *rng)
{
    if (gsl_rng_uniform(rng) < 0.5)
        return (uint32_t)gsl_rng_get(rng);
    return pick_in(&n->subnets[gsl_rng_uniform_int(rng, n->c.n_subnets)].prefix, rng);
}

static void compare_with_reference(struct net *n, unsigned long seed, int pairs)
{
    struct topology *t = build(n);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, seed);
    for (int i = 0; i < pairs; i++) {
        uint32_t a = pick(n, rng), b = pick(n, rng);
        ck_assert_int_eq(topology_subnet_of(t, a), ref_subnet(n, a));
        char got[1024], want[1024];
        path_text(t, a, b, got, sizeof got);
        ref_path(n, a, b, want, sizeof want);
        ck_assert_msg(!strcmp(got, want), "%u -> %u: got \"%s\", want \"%s\"", a, b, got, want);
    }
    gsl_rng_free(rng);
    topology_free(t);
}

START_TEST(random_pairs_match_reference)
{
    struct net *n = campus();
    compare_with_reference(n, 1, 20000);
    free(n);
    n = isp();
    compare_with_reference(n, 2, 20000);
    free(n);
    n = campus();
    add_subnet(n, "campus", "130.34.0.0/16", "CISCO-A");
    add_subnet(n, "dept-servers", "130.34.200.128/26", "lab-router");
    compare_with_reference(n, 3, 20000);
    free(n);
}
END_TEST

/* count distinct random prefixes behind three routers (r0 -> internet, r1 and r2 -> r0): nine
 * in ten crowded into 10.0.0.0/16 with lengths 16 to 32, so that many nest, the rest of any
 * length anywhere (/0 included). */
static struct net *random_prefixes(gsl_rng *rng, size_t count)
{
    struct net *n = net_new();
    add_router(n, "r0", "internet", "up0", 1e6, false);
    add_router(n, "r1", "r0", "up1", 1e6, false);
    add_router(n, "r2", "r0", "up2", 1e6, false);
    while (n->c.n_subnets < count) {
        struct prefix p;
        if (gsl_rng_uniform(rng) < 0.9) {
            p.len = 16 + (int)gsl_rng_uniform_int(rng, 17);
            p.base = 0x0a000000u | (uint32_t)gsl_rng_uniform_int(rng, 65536);
        } else {
            p.len = (int)gsl_rng_uniform_int(rng, 33);
            p.base = (uint32_t)gsl_rng_get(rng);
        }
        p.base &= p.len ? UINT32_MAX << (32 - p.len) : 0;
        bool seen = false;
        for (size_t i = 0; i < n->c.n_subnets && !seen; i++)
            seen = n->subnets[i].prefix.base == p.base && n->subnets[i].prefix.len == p.len;
        if (seen)
            continue;
        struct topo_subnet_spec *s = &n->subnets[n->c.n_subnets];
        snprintf(s->name, sizeof s->name, "s%zu", n->c.n_subnets);
        s->prefix = p;
        snprintf(s->router, sizeof s->router, "r%zu", n->c.n_subnets % 3);
        n->c.n_subnets++;
    }
    return n;
}

/* How many of n's subnets hold subnet i's prefix, i included. */
static int ref_level(const struct net *n, size_t i)
{
    int level = 0;
    for (size_t j = 0; j < n->c.n_subnets; j++)
        level += n->subnets[j].prefix.len <= n->subnets[i].prefix.len &&
                 prefix_contains(&n->subnets[j].prefix, n->subnets[i].prefix.base);
    return level;
}

static void expect_subnet_of(const struct topology *t, const struct net *n, uint32_t a)
{
    int got = topology_subnet_of(t, a), want = ref_subnet(n, a);
    ck_assert_msg(got == want, "%u: got subnet %d, want %d", a, got, want);
}

START_TEST(random_nested_prefixes_match_scan)
{
    static const size_t sizes[] = {1, 2, 3, 5, 8, 13, 40, 150, 400};
    int deepest = 0;
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++)
        for (unsigned long seed = 1; seed <= 6; seed++) {
            gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
            gsl_rng_set(rng, 1000 * z + seed);
            struct net *n = random_prefixes(rng, sizes[z]);
            for (size_t i = 0; i < n->c.n_subnets; i++) {
                int level = ref_level(n, i);
                deepest = level > deepest ? level : deepest;
            }
            struct topology *t = build(n);
            /* Every prefix's edges and the addresses just outside them. */
            for (size_t i = 0; i < n->c.n_subnets; i++) {
                const struct prefix *p = &n->subnets[i].prefix;
                uint32_t last = p->len == 32 ? p->base : p->base | (UINT32_MAX >> p->len);
                expect_subnet_of(t, n, p->base);
                expect_subnet_of(t, n, last);
                expect_subnet_of(t, n, p->base - 1);
                expect_subnet_of(t, n, last + 1);
            }
            /* Random addresses: in the crowded /16, in a random subnet, anywhere. */
            const struct prefix crowded = {0x0a000000u, 16};
            for (int i = 0; i < 3000; i++) {
                double u = gsl_rng_uniform(rng);
                uint32_t a = u < 0.5 ? pick_in(&crowded, rng) : pick(n, rng);
                expect_subnet_of(t, n, a);
            }
            topology_free(t);
            compare_with_reference(n, seed, 500); /* paths: each end's innermost router */
            free(n);
            gsl_rng_free(rng);
        }
    ck_assert_int_ge(deepest, 5); /* the draw does nest, several levels deep */
}
END_TEST

/* The campus inside its /16: the department /24 (and more) nest in it, behind other routers. */
START_TEST(nested_subnets)
{
    struct net *n = campus();
    add_subnet(n, "campus", "130.34.0.0/16", "CISCO-A");
    struct topology *t = build(n);
    int campus_s = topology_subnet_index(t, "campus"), dept = topology_subnet_index(t, "dept");
    int dhcp = topology_subnet_index(t, "dept-dhcp"), office = topology_subnet_index(t, "office");
    ck_assert_int_eq(campus_s, 5);
    /* The /24 wins inside it, the /16 elsewhere in 130.34, nothing outside. */
    ck_assert_int_eq(topology_subnet_of(t, addr("130.34.200.0")), dept);
    ck_assert_int_eq(topology_subnet_of(t, addr("130.34.200.17")), dept);
    ck_assert_int_eq(topology_subnet_of(t, addr("130.34.200.255")), dept);
    ck_assert_int_eq(topology_subnet_of(t, addr("130.34.201.127")), dhcp);
    ck_assert_int_eq(topology_subnet_of(t, addr("130.34.1.7")), office);
    ck_assert_int_eq(topology_subnet_of(t, addr("130.34.0.0")), campus_s);
    ck_assert_int_eq(topology_subnet_of(t, addr("130.34.0.255")), campus_s);
    ck_assert_int_eq(topology_subnet_of(t, addr("130.34.5.5")), campus_s);
    ck_assert_int_eq(topology_subnet_of(t, addr("130.34.199.255")), campus_s);
    ck_assert_int_eq(topology_subnet_of(t, addr("130.34.201.128")), campus_s);
    ck_assert_int_eq(topology_subnet_of(t, addr("130.34.202.0")), campus_s);
    ck_assert_int_eq(topology_subnet_of(t, addr("130.34.255.255")), campus_s);
    ck_assert_int_eq(topology_subnet_of(t, addr("130.33.255.255")), -1);
    ck_assert_int_eq(topology_subnet_of(t, addr("130.35.0.0")), -1);
    ck_assert_int_eq(topology_subnet_of(t, addr("8.8.8.8")), -1);

    /* From the department to elsewhere on campus: up to the campus's router, CISCO-A. */
    expect_path(t, "130.34.200.17", "130.34.5.5", "dept-router CISCO-B CISCO-A | dept-uplink core-b");
    expect_path(t, "130.34.5.5", "130.34.200.17", "CISCO-A CISCO-B dept-router | core-b dept-uplink");
    expect_path(t, "130.34.201.128", "130.34.201.3", "CISCO-A CISCO-B dept-router | core-b dept-uplink");
    expect_path(t, "130.34.220.1", "130.34.5.5", "CISCO-B CISCO-A | core-b");
    expect_path(t, "130.34.1.9", "130.34.5.5", "office-router CISCO-A | office-uplink");
    expect_path(t, "130.34.5.5", "130.34.99.1", " |"); /* both in the /16 only */
    expect_path(t, "130.34.5.5", "8.8.8.8", "CISCO-A gateway | core-a gateway-uplink");
    /* The department to the internet is as before. */
    expect_path(t, "130.34.200.17", "198.137.240.91",
                "dept-router CISCO-B CISCO-A gateway | dept-uplink core-b core-a gateway-uplink");
    topology_free(t);
    free(n);

    /* Nested deeper: everything > campus /16 > dept /24 > servers /26 > one host /32, some
     * sharing a first address. An address past the /32 and the /26 steps out two levels. */
    n = campus();
    add_subnet(n, "dept-servers", "130.34.200.128/26", "lab-router");
    add_subnet(n, "web", "130.34.200.130/32", "office-router");
    add_subnet(n, "campus", "130.34.0.0/16", "CISCO-A");
    add_subnet(n, "everything", "0.0.0.0/0", "gateway");
    add_subnet(n, "dept-low", "130.34.200.0/25", "lab-router"); /* starts where dept does */
    t = build(n);
    int servers = topology_subnet_index(t, "dept-servers"), web = topology_subnet_index(t, "web");
    int low = topology_subnet_index(t, "dept-low"), all = topology_subnet_index(t, "everything");
    campus_s = topology_subnet_index(t, "campus");
    ck_assert_int_eq(topology_subnet_of(t, addr("130.34.200.0")), low);
    ck_assert_int_eq(topology_subnet_of(t, addr("130.34.200.127")), low);
    ck_assert_int_eq(topology_subnet_of(t, addr("130.34.200.128")), servers);
    ck_assert_int_eq(topology_subnet_of(t, addr("130.34.200.129")), servers);
    ck_assert_int_eq(topology_subnet_of(t, addr("130.34.200.130")), web);
    ck_assert_int_eq(topology_subnet_of(t, addr("130.34.200.131")), servers);
    ck_assert_int_eq(topology_subnet_of(t, addr("130.34.200.191")), servers);
    ck_assert_int_eq(topology_subnet_of(t, addr("130.34.200.192")), dept);
    ck_assert_int_eq(topology_subnet_of(t, addr("130.34.200.255")), dept);
    ck_assert_int_eq(topology_subnet_of(t, addr("130.34.201.0")), dhcp);
    ck_assert_int_eq(topology_subnet_of(t, addr("130.34.202.0")), campus_s);
    ck_assert_int_eq(topology_subnet_of(t, addr("130.35.0.0")), all);
    ck_assert_int_eq(topology_subnet_of(t, addr("0.0.0.0")), all);
    ck_assert_int_eq(topology_subnet_of(t, addr("255.255.255.255")), all);
    expect_path(t, "130.34.200.130", "130.34.200.200",
                "office-router CISCO-A CISCO-B dept-router | office-uplink core-b dept-uplink");
    expect_path(t, "130.34.200.129", "130.34.200.200", "lab-router CISCO-B dept-router | lab-uplink dept-uplink");
    /* 8.8.8.8 is in everything, behind gateway: the path ends there, short of internet. */
    expect_path(t, "130.34.200.200", "8.8.8.8", "dept-router CISCO-B CISCO-A gateway | dept-uplink core-b core-a");
    topology_free(t);
    free(n);
}
END_TEST

/* ---- validation ----------------------------------------------------------------------- */

/* Builds n; expects the error msg (file "campus.ini"), and no topology. */
static void expect_error(struct net *n, const char *msg)
{
    struct topology *t = (struct topology *)&t;
    struct diag d = {0};
    n->c.source = "campus.ini";
    ck_assert_int_eq(topology_build(&t, &n->c, &d), ST_INPUT);
    ck_assert_ptr_null(t);
    ck_assert_str_eq(d.msg, msg);
    ck_assert_str_eq(d.file, "campus.ini");
    ck_assert_int_eq(d.line, 0);
    free(n);
}

START_TEST(router_errors)
{
    struct net *n = campus();
    add_bare_router(n, "");
    expect_error(n, "[router] without a name (router 7)");
    n = campus();
    add_router(n, "internet", "gateway", "x", 1e6, false);
    expect_error(n, "[router internet]: \"internet\" is reserved for the rest of the world");
    n = campus();
    add_router(n, "CISCO-A", "gateway", "x", 1e6, false);
    expect_error(n, "duplicate [router CISCO-A]");
    n = campus();
    add_bare_router(n, "island");
    expect_error(n, "[router island]: no link leads to internet");
    /* Two routers joined to each other only: the first in the file is named. */
    n = campus();
    add_bare_router(n, "left");
    add_router(n, "right", "left", "left-right", 1e6, false);
    expect_error(n, "[router left]: no link leads to internet");
    /* No link to internet at all. */
    n = net_new();
    add_bare_router(n, "a");
    add_router(n, "b", "a", "b-a", 1e6, false);
    expect_error(n, "[router a]: no link leads to internet");
}
END_TEST

START_TEST(link_errors)
{
    struct net *n = campus();
    add_link(n, "", "lab-router", "CISCO-A", 1e6);
    expect_error(n, "[link] without a name (link 7)");
    n = campus();
    add_link(n, "core-a", "lab-router", "CISCO-A", 1e6);
    expect_error(n, "duplicate [link core-a]");
    n = campus();
    n->links[1].to[3] = 'w'; /* "gatway" */
    memmove(n->links[1].to + 3, n->links[1].to + 4, 4);
    expect_error(n, "[link core-a]: to = \"gatway\" names no router (did you mean \"gateway\"?)");
    n = campus();
    strcpy(n->links[0].to, "internt");
    expect_error(n, "[link gateway-uplink]: to = \"internt\" names no router (did you mean \"internet\"?)");
    n = campus();
    strcpy(n->links[2].from, "cisco-a");
    expect_error(n, "[link core-b]: from = \"cisco-a\" names no router (did you mean \"CISCO-A\"?)");
    n = campus();
    strcpy(n->links[3].to, "somewhere");
    expect_error(n, "[link dept-uplink]: to = \"somewhere\" names no router");
    n = campus();
    n->links[3].from[0] = '\0';
    expect_error(n, "[link dept-uplink]: from is empty (name a router or internet)");
    n = campus();
    strcpy(n->links[3].to, "dept-router");
    expect_error(n, "[link dept-uplink]: connects dept-router to itself");
    static const double bad_capacity[] = {0, -1, NAN, INFINITY};
    for (size_t i = 0; i < 4; i++) {
        n = campus();
        n->links[4].capacity_bps = bad_capacity[i];
        expect_error(n, "[link lab-uplink]: capacity must be a positive bit rate");
    }
}
END_TEST

START_TEST(cycle_errors)
{
    /* A second way up: the department router also hangs off CISCO-A. */
    struct net *n = campus();
    add_link(n, "backdoor", "dept-router", "CISCO-A", 1e6);
    expect_error(n, "[link backdoor]: closes a cycle (dept-router and CISCO-A are already connected)");
    /* Two links between the same routers. */
    n = campus();
    add_link(n, "core-b-2", "CISCO-A", "CISCO-B", 1e6);
    expect_error(n, "[link core-b-2]: closes a cycle (CISCO-A and CISCO-B are already connected)");
    /* Two border routers joined: both reach internet already. */
    n = campus();
    add_router(n, "border-2", "internet", "border-2-up", 1e6, false);
    add_link(n, "peering", "gateway", "border-2", 1e6);
    expect_error(n, "[link peering]: closes a cycle (gateway and border-2 are already connected)");
    /* A ring away from internet. */
    n = net_new();
    add_bare_router(n, "x");
    add_bare_router(n, "y");
    add_bare_router(n, "z");
    add_link(n, "xy", "x", "y", 1e6);
    add_link(n, "yz", "y", "z", 1e6);
    add_link(n, "zx", "z", "x", 1e6);
    expect_error(n, "[link zx]: closes a cycle (z and x are already connected)");
}
END_TEST

START_TEST(subnet_errors)
{
    struct net *n = campus();
    add_subnet(n, "", "10.0.0.0/8", "gateway");
    expect_error(n, "[subnet] without a name (subnet 6)");
    n = campus();
    add_subnet(n, "lab", "10.0.0.0/8", "gateway");
    expect_error(n, "duplicate [subnet lab]");
    n = campus();
    strcpy(n->subnets[0].router, "dept-ruoter");
    expect_error(n, "[subnet dept]: router = \"dept-ruoter\" names no router (did you mean \"dept-router\"?)");
    n = campus();
    strcpy(n->subnets[0].router, "dept-rtr");
    expect_error(n, "[subnet dept]: router = \"dept-rtr\" names no router");
    n = campus();
    strcpy(n->subnets[0].router, "internet");
    expect_error(n, "[subnet dept]: router = \"internet\" names no router");
    n = campus();
    n->subnets[0].router[0] = '\0';
    expect_error(n, "[subnet dept]: router is empty (name the router it sits behind)");
    n = campus();
    n->subnets[2].prefix.base |= 1;
    expect_error(n, "[subnet lab]: not a prefix (length 0 to 32, host bits zero)");
    n = campus();
    n->subnets[2].prefix.len = 33;
    expect_error(n, "[subnet lab]: not a prefix (length 0 to 32, host bits zero)");
    /* The same prefix twice: the later subnet is named first (nested ones: nested_subnets). */
    n = campus();
    add_subnet(n, "dept-copy", "130.34.200.0/24", "lab-router");
    expect_error(n, "[subnet dept-copy] 130.34.200.0/24 is the same prefix as [subnet dept]");
    n = campus();
    add_subnet(n, "campus", "130.34.0.0/16", "CISCO-A");
    add_subnet(n, "campus-2", "130.34.0.0/16", "gateway");
    expect_error(n, "[subnet campus-2] 130.34.0.0/16 is the same prefix as [subnet campus]");
    n = campus();
    add_subnet(n, "one", "130.34.201.127/32", "lab-router");
    add_subnet(n, "one-again", "130.34.201.127/32", "lab-router");
    expect_error(n, "[subnet one-again] 130.34.201.127/32 is the same prefix as [subnet one]");
    n = campus();
    add_subnet(n, "everything", "0.0.0.0/0", "lab-router");
    add_subnet(n, "world", "0.0.0.0/0", "gateway");
    expect_error(n, "[subnet world] 0.0.0.0/0 is the same prefix as [subnet everything]");
    /* Named in file order, not by name or router. */
    n = net_new();
    add_router(n, "r", "internet", "up", 1e6, false);
    add_subnet(n, "b", "10.0.0.0/8", "r");
    add_subnet(n, "a", "10.0.0.0/8", "r");
    expect_error(n, "[subnet a] 10.0.0.0/8 is the same prefix as [subnet b]");
    /* Same first address, other length: nested, accepted (also the lookups: nested_subnets). */
    n = campus();
    add_subnet(n, "dept-low", "130.34.200.0/25", "lab-router");
    add_subnet(n, "dept-host", "130.34.200.0/32", "lab-router");
    struct topology *t = build(n);
    ck_assert_int_eq(topology_subnet_of(t, addr("130.34.200.0")), 6);
    ck_assert_int_eq(topology_subnet_of(t, addr("130.34.200.1")), 5);
    ck_assert_int_eq(topology_subnet_of(t, addr("130.34.200.128")), 0);
    topology_free(t);
    free(n);
    /* Adjacent prefixes. */
    n = campus();
    add_subnet(n, "dhcp-upper", "130.34.201.128/25", "lab-router");
    add_subnet(n, "just-below", "130.34.199.255/32", "lab-router");
    t = build(n);
    ck_assert_int_eq(topology_subnet_of(t, addr("130.34.201.128")), 5);
    ck_assert_int_eq(topology_subnet_of(t, addr("130.34.199.255")), 6);
    topology_free(t);
    free(n);
}
END_TEST

START_TEST(empty_and_source)
{
    struct net *n = net_new();
    struct topology *t = build(n); /* nothing at all: valid, everything is the internet */
    ck_assert_int_eq(topology_subnet_of(t, addr("1.2.3.4")), -1);
    ck_assert_uint_eq(topology_max_hops(t), 0);
    struct topology_hops h = topology_path(t, 1, 2, NULL, 0, NULL, 0);
    ck_assert_uint_eq(h.routers + h.links, 0);
    topology_free(t);
    topology_free(NULL);
    /* A subnet covering everything. */
    add_router(n, "r", "internet", "up", 1e6, false);
    add_subnet(n, "all", "0.0.0.0/0", "r");
    t = build(n);
    ck_assert_int_eq(topology_subnet_of(t, 0), 0);
    ck_assert_int_eq(topology_subnet_of(t, UINT32_MAX), 0);
    topology_free(t);
    /* No source: the diagnostic has no file. */
    add_bare_router(n, "r");
    struct diag d = {0};
    ck_assert_int_eq(topology_build(&t, &n->c, &d), ST_INPUT);
    ck_assert_str_eq(d.file, "");
    ck_assert_str_eq(d.msg, "duplicate [router r]");
    free(n);
}
END_TEST

Suite *topology_suite(void)
{
    Suite *s = suite_create("topology");
    TCase *tc = tcase_create("paths");
    tcase_add_test(tc, campus_structure);
    tcase_add_test(tc, campus_paths);
    tcase_add_test(tc, isp_paths);
    tcase_add_test(tc, random_pairs_match_reference);
    tcase_add_test(tc, nested_subnets);
    tcase_add_test(tc, random_nested_prefixes_match_scan);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    TCase *errors = tcase_create("validation");
    tcase_add_test(errors, router_errors);
    tcase_add_test(errors, link_errors);
    tcase_add_test(errors, cycle_errors);
    tcase_add_test(errors, subnet_errors);
    tcase_add_test(errors, empty_and_source);
    suite_add_tcase(s, errors);
    return s;
}
