/* router.h - a Cisco router's memory and CPU under a worm's random destinations (SOURCES
 * §10: Cisco document 12808; seed 000, §12). Fast switching caches one entry per destination
 * (or per classful network) and ages a fraction of the cache every minute; when random scans
 * grow the cache faster than aging shrinks it, free memory falls below the mallocfail level and
 * the router reloads. CEF's table does not grow. Standalone: the world calls router_forward
 * for every connection attempt that crosses the router. */
#ifndef WORMSIM_ROUTER_H
#define WORMSIM_ROUTER_H

#include <stdbool.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>

#include "engine.h"
#include "status.h"

enum router_switching {
    ROUTER_FAST_PER_DEST,    /* equal-cost paths: one /32 cache entry per destination */
    ROUTER_FAST_PER_NETWORK, /* one entry per classful network (A /8, B /16, C /24) */
    ROUTER_CEF               /* table built from the routing table: fixed size, no misses */
};

/* Plain data, filled by the scenario reader (or router_config_preset). Bytes and seconds. */
struct router_config {
    char name[64];
    double mem_installed_bytes, mem_system_bytes, mem_fail_bytes; /* fail when free < mem_fail_bytes */
    int switching;               /* enum router_switching */
    double cache_entry_bytes;
    double age_fraction_per_min, pressure_free_bytes, pressure_factor;
    double cef_table_bytes;      /* memory CEF's table takes (CEF only) */
    /* IOS's protection of memory (router.c, "Memory as IOS manages it"): the cache ages
     * pressure_factor times faster while free < pressure_free_bytes, and no cache entry is added
     * while free < cache_floor_bytes (the packet is process-switched instead). */
    double cache_floor_bytes;
    int arp_per_destination;     /* a static route to a broadcast interface: ARP per destination */
    int proxy_arp;               /* the next router answers for every address: entries complete */
    double arp_entry_bytes, arp_timeout_s; /* complete entries live arp_timeout_s */
    double arp_incomplete_s;     /* unanswered (incomplete) entries live this long */
    /* Process-switched packets wait in packet buffers of buffer_bytes each, at most
     * hold_queue of them (0: no limit); a full queue drops the packet. */
    double buffer_bytes, hold_queue;
    double reload_s;
    double cpu_per_packet_s, cpu_per_miss_s, cpu_per_arp_s, cpu_fail_after_s; /* 0: no CPU failure */
};

/* Where the router reports "router_crash" (detail says why), "router_up", "router_switching"
 * and "router_memory"; subject is the config's name. */
struct router_observer {
    void (*event)(double t, const char *kind, const char *subject, const char *detail, void *arg);
    void *arg;
};

/* Values for the interval (previous router_sample or router_start, t]. free_bytes,
 * cache_entries and arp_entries are at t; cpu is the busy fraction (work / interval_s, at most
 * 1); up the fraction of the interval the router was up; crashes, packets (forward calls),
 * lost (forward calls that returned false) and new_destinations (cache misses: entries added)
 * are counts in the interval. */
struct router_sample {
    double free_bytes, cache_entries, arp_entries, cpu, up, crashes, packets, lost,
        new_destinations, buffers;
};

/* Fills c with a proposed configuration for a named router: "cisco7000-16mb",
 * "cisco7500-64mb", "cisco7500-128mb" (sources and reasoning in router.c). Returns false (c
 * untouched) for an unknown name. */
bool router_config_preset(struct router_config *c, const char *preset);

/* The preset names, NULL-terminated, for help texts. */
extern const char *const ROUTER_PRESETS[];

/* Checks a config; on error fills d (file = path, line 0) and returns ST_INPUT. */
enum status router_config_validate(const struct router_config *c, const char *path,
                                   struct diag *d);

/* A router in state UP with empty caches. cfg is copied and must validate; r is borrowed (the
 * stream that picks which cache entries age) and must outlive the router. Aborts on out of
 * memory. */
struct router *router_create(const struct router_config *cfg, gsl_rng *r);

/* Frees the router. Its pending events (aging tick, reload) must not run afterwards: call
 * router_stop first if the engine lives on. */
void router_free(struct router *r);

/* Schedules the per-minute aging tick (first at engine_now() + 60 s) and keeps eng and a copy
 * of *obs (obs may be NULL). Call once, before the first router_forward. */
void router_start(struct router *r, struct engine *eng, const struct router_observer *obs);

/* Cancels the router's pending events (aging tick, reload completion). */
void router_stop(struct router *r);

/* One connection attempt (packet flow) to dest at time t (seconds, non-decreasing,
 * >= engine_now()). Returns true if forwarded, false if the router is down or crashed while
 * handling it (the packet is lost). A cache miss or a new ARP entry may take free memory below
 * mem_fail_bytes, and saturated CPU may last cpu_fail_after_s: then the router crashes
 * ("router_crash") and comes back reload_s later ("router_up") with empty caches. */
bool router_forward(struct router *r, double t, uint32_t dest);

bool router_is_up(const struct router *r);

/* Countermeasure: changes the switching mode at t; the fast cache is flushed (CEF's table is
 * allocated, or freed when leaving CEF). May crash the router if memory is short. */
void router_set_switching(struct router *r, int switching, double t);

/* Countermeasure: installs (or with bytes < 0 removes) memory at t; it survives reloads. */
void router_add_memory(struct router *r, double bytes, double t);

/* Free memory now: installed - system - CEF table - cache entries - ARP entries - buffers. */
double router_free_bytes(const struct router *r);

/* Current fast cache and ARP table sizes; crashes since creation. */
uint32_t router_cache_entries(const struct router *r);
uint32_t router_arp_entries(const struct router *r);
uint64_t router_crashes(const struct router *r);
/* Packet buffers held by process-switched packets waiting at time t (>= the latest time seen). */
uint32_t router_buffers(struct router *r, double t);

/* Fills *out for the interval ending at t (see struct router_sample) and starts a new one. */
void router_sample(struct router *r, double t, double interval_s, struct router_sample *out);

/* Asserts the invariants listed at the top of router.c (O(cache + ARP entries)). */
void router_check(const struct router *r);

#endif
