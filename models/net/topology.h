/* topology.h - the network a scan crosses: routers, the links between them, and the subnets
 * behind them (seed 000: a department /24 behind its router, behind CISCO-B, CISCO-A and the
 * campus gateway). The graph is a tree rooted at the node "internet", the rest of the world:
 * every router has one uplink toward it. Pure data and lookups, built once, read-only after:
 * which subnet holds an address, and which routers and links a packet from src to dst crosses
 * (fast enough to ask for every scan in hybrid mode). */
#ifndef WORMSIM_TOPOLOGY_H
#define WORMSIM_TOPOLOGY_H

#include <stddef.h>
#include <stdint.h>

#include "ipv4.h"
#include "status.h"

#define TOPOLOGY_NAME_MAX 64         /* = PARAM_NAME_MAX: the scenario reader fills these names */
#define TOPOLOGY_INTERNET "internet" /* the node that stands for the rest of the world */

struct topo_router_spec {
    char name[TOPOLOGY_NAME_MAX];
};

/* A link joins two nodes (router names, or "internet"); which end is the uplink follows from
 * the tree, so from/to may be given either way round. */
struct topo_link_spec {
    char name[TOPOLOGY_NAME_MAX];
    char from[TOPOLOGY_NAME_MAX], to[TOPOLOGY_NAME_MAX];
    double capacity_bps; /* bits per second, > 0 */
};

/* Addresses in prefix sit on a LAN behind router: reaching them crosses that router. A prefix
 * may lie inside another (a department /24 behind its own router inside the campus /16): an
 * address belongs to the most specific subnet holding it, as in routing. */
struct topo_subnet_spec {
    char name[TOPOLOGY_NAME_MAX];
    struct prefix prefix;
    char router[TOPOLOGY_NAME_MAX];
};

/* What topology_build reads (and copies: the arrays may go away afterwards). Indexes of
 * routers, links and subnets in the built topology are their indexes here. */
struct topology_config {
    const struct topo_router_spec *routers;
    size_t n_routers;
    const struct topo_link_spec *links;
    size_t n_links;
    const struct topo_subnet_spec *subnets;
    size_t n_subnets;
    const char *source; /* file named in error diagnostics (NULL: none) */
};

struct topology;

/* Counts of a path (see topology_path). */
struct topology_hops {
    size_t routers, links;
};

/* Builds the topology of cfg into *out (free with topology_free). Returns ST_INPUT and fills d
 * (file cfg->source, line 0) for the first problem found, in this order:
 *   [router] without a name (router 7)          (and [link], [subnet]; counted from 1)
 *   [router internet]: "internet" is reserved for the rest of the world
 *   duplicate [router cisco-a]                   (and [link x], [subnet x])
 *   [link up]: from = "gatway" names no router (did you mean "gateway"?)
 *   [link up]: from is empty (name a router or internet)
 *   [link up]: connects cisco-a to itself
 *   [link up]: capacity must be a positive bit rate
 *   [link up]: closes a cycle (cisco-a and gateway are already connected)
 *   [router island]: no link leads to internet
 *   [subnet dept]: router = "dept-ruoter" names no router (did you mean "dept-router"?)
 *   [subnet dept]: router is empty (name the router it sits behind)
 *   [subnet dept]: not a prefix (length 0 to 32, host bits zero)
 *   [subnet b] 130.34.200.0/24 is the same prefix as [subnet a]   (the later one first)
 * Suggestions ignore case (cisco-a for CISCO-A); names themselves are case-sensitive.
 * On error *out is NULL. No routers, links or subnets at all is a valid (empty) topology. */
enum status topology_build(struct topology **out, const struct topology_config *cfg,
                           struct diag *d);
void topology_free(struct topology *t);

/* Asserts the invariants (tree rooted at internet, depths, uplinks; subnets sorted, distinct,
 * nested or disjoint, each linked to the innermost subnet enclosing it). */
void topology_check(const struct topology *t);

size_t topology_n_routers(const struct topology *t);
size_t topology_n_links(const struct topology *t);
size_t topology_n_subnets(const struct topology *t);

/* Index of the router, link or subnet called name, or -1 ("internet" is no router: -1). */
int topology_router_index(const struct topology *t, const char *name);
int topology_link_index(const struct topology *t, const char *name);
int topology_subnet_index(const struct topology *t, const char *name);

const char *topology_router_name(const struct topology *t, int router);
const char *topology_link_name(const struct topology *t, int link);
const char *topology_subnet_name(const struct topology *t, int subnet);

/* The router one step toward internet, or -1 when the router's uplink goes to internet. */
int topology_router_parent(const struct topology *t, int router);
/* The link from the router to its parent (or to internet). */
int topology_router_uplink(const struct topology *t, int router);
/* Links between the router and internet: 1 for a border router. */
int topology_router_depth(const struct topology *t, int router);
/* The router at the lower end of a link (the link is that router's uplink). */
int topology_link_lower(const struct topology *t, int link);
double topology_link_capacity(const struct topology *t, int link);
const struct prefix *topology_subnet_prefix(const struct topology *t, int subnet);
int topology_subnet_router(const struct topology *t, int subnet);

/* The most specific subnet holding addr (longest prefix match), or -1 (then addr is "in the
 * internet"). O(log subnets + levels of nesting). */
int topology_subnet_of(const struct topology *t, uint32_t addr);

/* Routers and links crossed by a packet from src to dst, in the order crossed. Each end is in
 * its most specific subnet (topology_subnet_of) and only that subnet's router counts: from
 * the department /24 to elsewhere in the campus /16 runs from the department's router to the
 * campus's. Two hosts in the same subnet (or both in the internet) cross nothing; two subnets
 * on one router cross that router only; from a subnet to the internet: the subnet's router,
 * then every uplink and router up to internet; between two subnets: up to the lowest common
 * router and down again. Writes at most max_r router and max_l link indexes and returns the
 * full counts (like snprintf): arrays of topology_max_hops(t) entries always suffice. A link
 * is crossed upward when it comes before the path's highest router, downward after;
 * topology_link_lower tells which end is which. O(depth of the tree). */
struct topology_hops topology_path(const struct topology *t, uint32_t src, uint32_t dst,
                                   int *routers, size_t max_r, int *links, size_t max_l);

/* The same between two subnets given by index (-1: the internet), for callers that know the
 * source's subnet already. */
struct topology_hops topology_path_subnets(const struct topology *t, int src_subnet,
                                           int dst_subnet, int *routers, size_t max_r,
                                           int *links, size_t max_l);

/* The longest path's router count and link count are at most this (2 x the deepest router's
 * depth; 0 without routers). */
size_t topology_max_hops(const struct topology *t);

#endif
