/* network.h - the network scans cross, as the world uses it: the topology of the scenario's
 * [router], [link] and [subnet] sections, a memory model (router.c) for every router with a
 * preset, which subnets are cut off, the operator's countermeasures at their times, and the
 * load on each link and router per sample interval. It knows addresses, not hosts or worms:
 * the world asks it whether a connection attempt gets through and tells it the load of the
 * hosts it does not simulate scan by scan. */
#ifndef WORMSIM_NETWORK_H
#define WORMSIM_NETWORK_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "engine.h"
#include "model.h"
#include "status.h"

/* Bytes on the wire (SOURCES §7: 3 SYNs of 48 bytes to a dark address). A
 * connection to a live web server is a handshake of three 48-byte segments, then the probe. */
#define NET_SYN_BYTES 48.0
#define NET_DARK_SYNS 3.0

struct network;

/* Builds the network of cfg (NULL in *out when the scenario has no routers and no subnets).
 * Checks the topology and each router's resolved settings, and that countermeasures name a
 * subnet (cut, reconnect) or a router with a preset (the others; filter also takes a plain
 * router) and fall inside the run; ST_INPUT with a message naming the section otherwise.
 * Router aging draws from stream "router:NAME" of seed. */
enum status network_create(struct network **out, const struct world_config *cfg, uint64_t seed,
                           const char *path, struct diag *d);
/* Frees n without touching the engine (which may be gone): its events must not run after. */
void network_free(struct network *n);

/* Starts the routers and schedules the countermeasures (time 0 = cfg->start_epoch_s). Events
 * (router_crash, router_up, router_switching, router_memory, countermeasure) go to obs. */
void network_start(struct network *n, struct engine *eng, const struct model_observer *obs);

/* The subnet holding addr (most specific), or -1: the internet. */
int network_subnet_of(const struct network *n, uint32_t addr);
int network_n_subnets(const struct network *n);
const struct subnet_section *network_subnet(const struct network *n, int subnet);

/* True when a router with a memory model lies between the subnet and the internet: its hosts
 * are simulated scan by scan so that router sees every real destination (hybrid fidelity). */
bool network_subnet_detailed(const struct network *n, int subnet);

/* Whether a subnet is cut off now (countermeasure cut, until reconnect). */
bool network_subnet_cut(const struct network *n, int subnet);

/* One connection attempt at t from a host in src_subnet (-1: the internet) to dst, which lies
 * in dst_subnet (network_subnet_of, which the caller knows already). Inside one
 * subnet it crosses nothing. Otherwise it is lost if either end's subnet is cut off, and at the
 * first router on its path that filters port 80 or is down (router_forward: the router sees
 * the destination, may fill its cache and may fail on it). live: a web server answers there
 * (a handshake and payload_bytes), else 3 SYNs. The attempt's packets and bytes are counted
 * on every link it crossed; returns whether it arrived. */
bool network_connect(struct network *n, int src_subnet, int dst_subnet, uint32_t dst, double t,
                     bool live, double payload_bytes);

/* Load computed from rates (hosts in fast mode): connections, SYN packets and bytes added to
 * every link between the two subnets (-1: the internet) in the current interval. */
void network_add_load(struct network *n, int src_subnet, int dst_subnet, double connections,
                      double syn_packets, double bytes);

/* Names of the network's sampled columns, in order (owned by n); returns their number.
 * Per router NAME with a preset: router.NAME.free_bytes, .cache_entries, .arp_entries, .cpu,
 * .up, .crashes, .packets, .lost, .new_destinations (cache entries added per second);
 * without: router.NAME.packets, .lost. Per link NAME:
 * link.NAME.connections, .syn_packets, .bytes, .utilization (bits / capacity / interval). */
int network_columns(const struct network *n, const char *const **names);

/* Fills values (network_columns of them) for the interval (t - interval_s, t], then starts a
 * new interval. */
void network_sample(struct network *n, double t, double interval_s, double *values);

/* Crashes of the router called name so far (-1: no such router with a preset). For tests. */
long network_router_crashes(const struct network *n, const char *name);

#endif
