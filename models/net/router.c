/* router.c - a Cisco router's memory and CPU under random destinations (see router.h).
 * The one idea: a fast-switched router keeps state per destination it has seen, and only a
 * per-minute aging pass takes it away; with D new destinations a second and a fraction a aged a
 * minute, the cache peaks near 60 D / a entries. If that does not fit in free memory, IOS runs
 * out (mallocfail) and reloads, and after the reload the same traffic fills it again.
 *
 *                  free < mem_fail_bytes, or CPU saturated for cpu_fail_after_s
 *           +----+ ---------------------------------------------------------> +-----------+
 *           | UP |      ("router_crash"; caches and ARP table flushed)        | RELOADING |
 *           +----+ <--------------------------------------------------------- +-----------+
 *            |  ^       reload_s later ("router_up"; free = installed - system     forward()
 *            +--+        - CEF table)                                           returns false:
 *   every 60 s: age round(f n) random cache entries, f = age_fraction_per_min   the packet is
 *   (x pressure_factor while free < pressure_free_bytes, at most 1);            lost
 *   ARP entries expire arp_timeout_s after creation (arp_incomplete_s without proxy ARP)
 *
 * Memory as IOS manages it. Four consumers take free memory; only the cache is protected:
 *  - cache entries (cache_entry_bytes each; the published `show ip cache` example reads 141
 *    entries in 20,772 bytes, 147 B each): aged faster under pressure, and not added at all when
 *    adding would leave less than cache_floor_bytes free (the packet is process-switched instead);
 *  - ARP entries, with a static route to a broadcast interface (one per destination): complete
 *    for arp_timeout_s when proxy ARP answers, incomplete for arp_incomplete_s otherwise. IOS of
 *    2001 had no limit on them (Cisco 12808 tells operators to remove the cause, not to tune);
 *  - packet buffers: every process-switched packet (a cache miss, an ARP resolution) waits in one
 *    until the CPU gets to it; at most hold_queue wait, further packets are dropped;
 *  - the system's own allocations, which must succeed: when free memory falls below
 *    mem_fail_bytes they fail (mallocfail) and the router reloads.
 * So with cache_floor_bytes > mem_fail_bytes the cache alone never reloads a router: ARP entries
 * or buffers must take the last of the memory (or the floor must sit below the fail level).
 *
 * Invariants (router_check):
 *  I1 each set (cache, ARP) is consistent: every member is found at its slot, the slot points
 *     back at it, and the count of occupied slots is the member count.
 *  I2 used_bytes = system + (CEF ? cef_table : 0) + cache entries * cache_entry_bytes
 *     + ARP entries * arp_entry_bytes + buffers * buffer_bytes (kept incrementally, checked
 *     against the recount).
 *  I3 RELOADING => cache and ARP table empty and a reload event pending (unless stopped);
 *     UP => none pending.
 *  I4 UP => free >= mem_fail_bytes (a router that falls below crashes at once).
 *  I5 CEF => fast cache empty; per-network mode => every key is a classful network address.
 *  I6 the ARP queue holds exactly the ARP set's members, in non-decreasing expiry order, all
 *     expiring within arp_timeout_s of the latest time seen.
 *  I7 0 <= CPU backlog <= ROUTER_CPU_BACKLOG_MAX_S.
 *  I8 buffers = the process-switched packets still waiting (ceil(process backlog / per-packet
 *     process time)), at most hold_queue when it is set; RELOADING => none. */
#include "router.h"
#include "addrset.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* IOS invalidates part of the fast-switching cache every minute (SOURCES §10; Cisco 12808). */
#define ROUTER_AGE_PERIOD_S 60.0

/* Interrupt-level work queues only as far as the input queues hold packets (IOS's default input
 * hold queue is 75 packets): beyond about a second of backlog, input is dropped rather than
 * queued, so the CPU goes idle within a second of the load stopping. [uncertain; a model
 * constant, it only bounds how long saturation outlasts the load] */
#define ROUTER_CPU_BACKLOG_MAX_S 1.0

#define MIB (1024.0 * 1024.0)
#define KIB 1024.0

/* ---- the router ---- */

enum router_state { ROUTER_UP, ROUTER_RELOADING };

struct router {
    struct router_config cfg;
    gsl_rng *rng;            /* borrowed: picks the cache entries that age */
    struct engine *eng;
    struct router_observer obs;
    enum router_state state;
    int switching;           /* current mode; starts as cfg.switching */
    double installed_bytes;  /* cfg's plus router_add_memory */
    double used_bytes;       /* I2 */
    struct addrset cache, arp;
    struct arpq arpq;
    double arp_life_s;       /* arp_timeout_s with proxy ARP, arp_incomplete_s without */
    /* process-switched packets: their queued CPU time, drained at rate 1, and the buffers they
     * hold (I8), as of proc_t */
    double proc_backlog_s, proc_t;
    uint32_t buffers;
    event_id tick_ev, reload_ev;
    bool stopped;            /* router_stop cancelled the pending events */
    double t_last;           /* latest time seen (forward, tick, sample) */
    uint64_t crashes;
    double down_since;
    /* CPU: interrupt-level work as a queue drained at rate 1; saturated while it is not empty */
    double backlog_s, backlog_t, busy_since;
    /* the current sample interval */
    double iv_start, iv_work_s, iv_down_s;
    uint64_t iv_crashes, iv_packets, iv_lost, iv_misses;
};

/* The published `show ip cache` example (Cisco IOS documentation) reads "141 entries, 20772
 * bytes": 147.3 bytes per entry [derived]. */
#define CACHE_ENTRY_BYTES_PUBLISHED (20772.0 / 141.0)

const char *const ROUTER_PRESETS[] = {"cisco7000-16mb", "cisco7500-64mb", "cisco7500-128mb", NULL};

/* Proposed configurations. Sources: SOURCES §10 (Cisco 12808, seed 000, Cisco TAC notes);
 * everything marked [uncertain] is a guess to be swept, not a published figure. Check against
 * seed 000: two Code Red II hosts (about 14 attempts/s each, SOURCES §7) send about
 * 28 new destinations/s through the campus core; the cache then peaks near 60 * 28 / (1/20) =
 * 33,600 entries, about 10 MB at 300 B [derived]: more than the 7000's ~3.5 MB of headroom (it
 * goes down within minutes of every restart) and well inside the 7500's ~39 MB (it stays up). */
bool router_config_preset(struct router_config *c, const char *preset)
{
    struct router_config p;
    memset(&p, 0, sizeof p);
    if (strcmp(preset, "cisco7000-16mb") == 0) {
        /* Cisco 7000 Route Processor: 16 MB DRAM, 25 MHz 68040 (SOURCES §10). */
        p.mem_installed_bytes = 16 * MIB;
        /* IOS 11.x running from RP DRAM, packet buffers and a campus routing table; SOURCES §10: usable
         * free memory is well below installed. [uncertain] */
        p.mem_system_bytes = 12 * MIB;
        /* mallocfail comes before free memory reaches zero: fragmentation leaves no block large
         * enough. [uncertain] */
        p.mem_fail_bytes = 512 * KIB;
        /* IOS ages faster "under memory pressure" and stops adding entries "when free memory is
         * low" (Cisco 12808); neither threshold was published. [uncertain] */
        p.pressure_free_bytes = 1 * MIB;
        p.cache_floor_bytes = 768 * KIB;
        /* CEF is only a countermeasure here (IOS 12.0, SOURCES §10); a campus table of a few hundred
         * routes. [uncertain] */
        p.cef_table_bytes = 512 * KIB;
        /* A 68040 at 25 MHz: fast switching some 40,000 packets/s, process switching (a cache
         * miss) some 2,500/s, ARP input about as slow. [uncertain] */
        p.cpu_per_packet_s = 25e-6;
        p.cpu_per_miss_s = 400e-6;
        p.cpu_per_arp_s = 400e-6;
        p.reload_s = 180; /* boot from flash, load the config, routing converges [uncertain] */
    } else if (strcmp(preset, "cisco7500-64mb") == 0 || strcmp(preset, "cisco7500-128mb") == 0) {
        /* Cisco 7500 RSP4: 32 to 256 MB (SOURCES §10); seed 000's did not go down. */
        p.mem_installed_bytes = (strcmp(preset, "cisco7500-64mb") == 0 ? 64 : 128) * MIB;
        p.mem_system_bytes = 24 * MIB; /* larger IOS 12.0 image, more buffers [uncertain] */
        p.mem_fail_bytes = 1 * MIB;    /* [uncertain] */
        p.pressure_free_bytes = 2 * MIB; /* [uncertain] */
        p.cache_floor_bytes = 1.5 * MIB; /* [uncertain] */
        p.cef_table_bytes = 2 * MIB;   /* [uncertain] */
        /* An RSP4 is roughly ten times faster than the 7000's RP. [uncertain] */
        p.cpu_per_packet_s = 2.5e-6;
        p.cpu_per_miss_s = 40e-6;
        p.cpu_per_arp_s = 40e-6;
        p.reload_s = 300; /* the RSP also loads the interface processors [uncertain] */
    } else {
        return false;
    }
    snprintf(p.name, sizeof p.name, "%s", preset);
    /* Fast switching with equal-cost paths: one /32 entry per destination (Cisco 12808). */
    p.switching = ROUTER_FAST_PER_DEST;
    /* The published `show ip cache` example: 20,772 bytes for 141 entries (Cisco IOS docs). */
    p.cache_entry_bytes = CACHE_ENTRY_BYTES_PUBLISHED;
    /* About 1/20 of the cache invalidated every minute, more under memory pressure (SOURCES
     * §10, Cisco 12808); how much more is not published: twice [uncertain]. */
    p.age_fraction_per_min = 1.0 / 20;
    p.pressure_factor = 2;
    /* ARP per destination only with a static route to a broadcast interface (Cisco 12808):
     * off by default. An ARP entry's size is not published [uncertain]. With proxy ARP
     * answering, every random destination becomes a complete entry (Cisco 12808), which IOS
     * keeps for its default "arp timeout" of 14,400 s = 4 h (Cisco IOS command reference).
     * Without proxy ARP the entries for unused addresses stay incomplete and go within about a
     * minute: arp_incomplete_s [uncertain]. */
    p.arp_per_destination = 0;
    p.proxy_arp = 1;              /* `ip proxy-arp` is on by default in IOS (IOS ARP docs) */
    p.arp_entry_bytes = 128;
    p.arp_timeout_s = 14400;
    p.arp_incomplete_s = 60;      /* [uncertain] */
    /* A Code Red SYN fits IOS's smallest system buffer (104 data bytes, `show buffers`); with
     * its header about 200 B [uncertain]. The input hold queue is 75 packets by default (IOS
     * `hold-queue`). */
    p.buffer_bytes = 200;
    p.hold_queue = 75;
    /* SOURCES §10: 100% interrupt-level CPU "can" make IOS reload, after no published time: off. */
    p.cpu_fail_after_s = 0;
    *c = p;
    return true;
}

static const char *switching_name(int s)
{
    switch (s) {
    case ROUTER_FAST_PER_DEST: return "fast-per-destination";
    case ROUTER_FAST_PER_NETWORK: return "fast-per-network";
    case ROUTER_CEF: return "cef";
    default: return "?";
    }
}

enum status router_config_validate(const struct router_config *c, const char *path,
                                   struct diag *d)
{
    const char *n = c->name;
    const struct { const char *key; double v; double min; bool open; } nonneg[] = {
        {"mem_installed_bytes", c->mem_installed_bytes, 0, true},
        {"mem_system_bytes", c->mem_system_bytes, 0, false},
        {"mem_fail_bytes", c->mem_fail_bytes, 0, false},
        {"cache_entry_bytes", c->cache_entry_bytes, 0, true},
        {"age_fraction_per_min", c->age_fraction_per_min, 0, false},
        {"pressure_free_bytes", c->pressure_free_bytes, 0, false},
        {"pressure_factor", c->pressure_factor, 1, false},
        {"cef_table_bytes", c->cef_table_bytes, 0, false},
        {"arp_entry_bytes", c->arp_entry_bytes, 0, true},
        {"arp_timeout_s", c->arp_timeout_s, 0, true},
        {"arp_incomplete_s", c->arp_incomplete_s, 0, true},
        {"cache_floor_bytes", c->cache_floor_bytes, 0, false},
        {"buffer_bytes", c->buffer_bytes, 0, false},
        {"hold_queue", c->hold_queue, 0, false},
        {"reload_s", c->reload_s, 0, true},
        {"cpu_per_packet_s", c->cpu_per_packet_s, 0, false},
        {"cpu_per_miss_s", c->cpu_per_miss_s, 0, false},
        {"cpu_per_arp_s", c->cpu_per_arp_s, 0, false},
        {"cpu_fail_after_s", c->cpu_fail_after_s, 0, false},
    };
    for (size_t i = 0; i < sizeof nonneg / sizeof nonneg[0]; i++) {
        double v = nonneg[i].v;
        if (!isfinite(v) || v < nonneg[i].min || (nonneg[i].open && v == nonneg[i].min))
            return diag_set(d, ST_INPUT, path, 0, "router \"%s\": %s must be %s %g (got %g)", n,
                            nonneg[i].key, nonneg[i].open ? ">" : ">=", nonneg[i].min, v);
    }
    if (c->age_fraction_per_min > 1)
        return diag_set(d, ST_INPUT, path, 0,
                        "router \"%s\": age_fraction_per_min must be <= 1 (got %g)", n,
                        c->age_fraction_per_min);
    if (c->switching < ROUTER_FAST_PER_DEST || c->switching > ROUTER_CEF)
        return diag_set(d, ST_INPUT, path, 0, "router \"%s\": unknown switching mode %d", n,
                        c->switching);
    double cef = c->switching == ROUTER_CEF ? c->cef_table_bytes : 0;
    double headroom = c->mem_installed_bytes - c->mem_system_bytes - cef;
    if (headroom <= c->mem_fail_bytes)
        return diag_set(d, ST_INPUT, path, 0,
                        "router \"%s\": no usable memory: installed %.0f - system %.0f - CEF "
                        "%.0f bytes leaves %.0f, not above mem_fail_bytes %.0f",
                        n, c->mem_installed_bytes, c->mem_system_bytes, cef, headroom,
                        c->mem_fail_bytes);
    return ST_OK;
}

static double base_bytes(const struct router *r)
{
    return r->cfg.mem_system_bytes + (r->switching == ROUTER_CEF ? r->cfg.cef_table_bytes : 0);
}

double router_free_bytes(const struct router *r) { return r->installed_bytes - r->used_bytes; }

struct router *router_create(const struct router_config *cfg, gsl_rng *rng)
{
    assert(cfg && rng);
    assert(router_config_validate(cfg, "", NULL) == ST_OK);
    struct router *r = xcalloc(1, sizeof *r);
    r->cfg = *cfg;
    r->cfg.name[sizeof r->cfg.name - 1] = '\0';
    r->rng = rng;
    r->state = ROUTER_UP;
    r->switching = cfg->switching;
    r->installed_bytes = cfg->mem_installed_bytes;
    r->used_bytes = base_bytes(r);
    r->arp_life_s = cfg->proxy_arp ? cfg->arp_timeout_s : cfg->arp_incomplete_s;
    addrset_init(&r->cache);
    addrset_init(&r->arp);
    arpq_init(&r->arpq);
    return r;
}

void router_free(struct router *r)
{
    if (!r)
        return;
    addrset_free(&r->cache);
    addrset_free(&r->arp);
    arpq_free(&r->arpq);
    free(r);
}

static void emit(const struct router *r, double t, const char *kind, const char *detail)
{
    if (r->obs.event)
        r->obs.event(t, kind, r->cfg.name, detail, r->obs.arg);
}

static void see_time(struct router *r, double t)
{
    assert(t >= r->t_last);
    r->t_last = t;
}

/* The cache key of dest: the /32 itself, or its classful network (class A /8 below 128.0.0.0,
 * B /16 below 192.0.0.0, C /24 above; D and E are cut like C, they are never routed anyway). */
static inline uint32_t cache_key(int switching, uint32_t dest)
{
    if (switching != ROUTER_FAST_PER_NETWORK)
        return dest;
    if (dest < 0x80000000u)
        return dest & 0xff000000u;
    if (dest < 0xc0000000u)
        return dest & 0xffff0000u;
    return dest & 0xffffff00u;
}

static void flush_cache(struct router *r)
{
    r->used_bytes -= r->cache.n * r->cfg.cache_entry_bytes;
    addrset_clear(&r->cache);
}

static void arp_expire(struct router *r, double t)
{
    struct arpq *q = &r->arpq;
    while (q->n && q->expire[q->head] <= t) {
        addrset_remove(&r->arp, q->addr[q->head]);
        r->used_bytes -= r->cfg.arp_entry_bytes;
        q->head = (q->head + 1) & (q->cap - 1);
        q->n--;
    }
}

/* Drains the process-level queue to t and sets the buffers its packets hold (I8). */
static void buffers_update(struct router *r, double t)
{
    double per = r->cfg.cpu_per_miss_s;
    double b = r->proc_backlog_s - (t - r->proc_t);
    r->proc_backlog_s = b > 0 ? b : 0;
    r->proc_t = t;
    uint32_t n = per > 0 ? (uint32_t)ceil(r->proc_backlog_s / per - 1e-9) : 0;
    r->used_bytes += ((double)n - (double)r->buffers) * r->cfg.buffer_bytes;
    r->buffers = n;
}

uint32_t router_buffers(struct router *r, double t)
{
    see_time(r, t);
    buffers_update(r, t);
    return r->buffers;
}

static void reload_done(struct engine *eng, void *ctx, uint32_t a, uint32_t b);

/* UP -> RELOADING at t: flush everything, schedule the reload's end. */
static void crash(struct router *r, double t, const char *why)
{
    assert(r->state == ROUTER_UP && r->eng);
    r->state = ROUTER_RELOADING;
    r->crashes++;
    r->iv_crashes++;
    r->down_since = t;
    flush_cache(r);
    addrset_clear(&r->arp);
    r->arpq.head = r->arpq.n = 0;
    r->used_bytes = base_bytes(r);
    r->backlog_s = r->proc_backlog_s = 0;
    r->buffers = 0;
    r->backlog_t = r->proc_t = t;
    r->reload_ev = engine_schedule(r->eng, t + r->cfg.reload_s, reload_done, r, 0, 0);
    emit(r, t, "router_crash", why);
}

/* Crashes the router if free memory is below the mallocfail level; returns true if it did. */
static bool check_memory(struct router *r, double t)
{
    double free_b = router_free_bytes(r);
    if (r->state != ROUTER_UP || free_b >= r->cfg.mem_fail_bytes)
        return false;
    char why[128];
    snprintf(why, sizeof why, "mallocfail: free %.1f KB < %.1f KB", free_b / KIB,
             r->cfg.mem_fail_bytes / KIB);
    crash(r, t, why);
    return true;
}

static void reload_done(struct engine *eng, void *ctx, uint32_t a, uint32_t b)
{
    (void)a;
    (void)b;
    struct router *r = ctx;
    double t = engine_now(eng);
    if (t > r->t_last)
        r->t_last = t;
    r->state = ROUTER_UP;
    r->reload_ev = 0;
    r->iv_down_s += t - fmax(r->down_since, r->iv_start);
    r->backlog_s = 0;
    r->backlog_t = r->busy_since = r->proc_t = t;
    char detail[96];
    snprintf(detail, sizeof detail, "reloaded; free %.0f KB", router_free_bytes(r) / KIB);
    emit(r, t, "router_up", detail);
    check_memory(r, t); /* memory removed by router_add_memory may leave too little */
}

/* The per-minute aging pass: invalidate round(f n) entries chosen uniformly at random (halves
 * round up), f = age_fraction_per_min, times pressure_factor while free memory is below
 * pressure_free_bytes, at most 1. The count is deterministic; the stream picks which ones. */
static void age_tick(struct engine *eng, void *ctx, uint32_t a, uint32_t b)
{
    (void)a;
    (void)b;
    struct router *r = ctx;
    double t = engine_now(eng);
    r->tick_ev = engine_schedule(eng, t + ROUTER_AGE_PERIOD_S, age_tick, r, 0, 0);
    if (t > r->t_last)
        r->t_last = t;
    if (r->state != ROUTER_UP)
        return;
    arp_expire(r, t);
    buffers_update(r, t);
    double f = r->cfg.age_fraction_per_min;
    if (router_free_bytes(r) < r->cfg.pressure_free_bytes)
        f *= r->cfg.pressure_factor;
    if (f > 1)
        f = 1;
    uint32_t k = (uint32_t)floor(f * r->cache.n + 0.5);
    for (uint32_t i = 0; i < k; i++) {
        uint32_t at = (uint32_t)gsl_rng_uniform_int(r->rng, r->cache.n);
        addrset_remove(&r->cache, r->cache.keys[at]);
    }
    r->used_bytes -= k * r->cfg.cache_entry_bytes;
}

void router_start(struct router *r, struct engine *eng, const struct router_observer *obs)
{
    assert(!r->eng && eng);
    r->eng = eng;
    if (obs)
        r->obs = *obs;
    double t = engine_now(eng);
    r->t_last = r->iv_start = r->backlog_t = r->busy_since = r->proc_t = t;
    r->tick_ev = engine_schedule(eng, t + ROUTER_AGE_PERIOD_S, age_tick, r, 0, 0);
}

void router_stop(struct router *r)
{
    if (!r->eng)
        return;
    if (r->tick_ev)
        engine_cancel(r->eng, r->tick_ev);
    if (r->reload_ev)
        engine_cancel(r->eng, r->reload_ev);
    r->tick_ev = r->reload_ev = 0;
    r->stopped = true;
}

/* Adds interrupt-level work at t to the CPU's queue. A busy period starts when work arrives at
 * an empty queue; the CPU is saturated from then until the queue empties. */
static void cpu_add(struct router *r, double t, double work_s)
{
    r->iv_work_s += work_s;
    double b = r->backlog_s - (t - r->backlog_t);
    if (b <= 0) {
        b = 0;
        r->busy_since = t;
    }
    b += work_s;
    r->backlog_s = b < ROUTER_CPU_BACKLOG_MAX_S ? b : ROUTER_CPU_BACKLOG_MAX_S;
    r->backlog_t = t;
}

/* The memory a packet to dest takes: a cache entry unless cached or below the add floor, an
 * ARP entry on the ARP path, and a buffer while it waits at process level. Returns false if
 * the hold queue is full (the packet is dropped before it takes anything). */
static bool admit(struct router *r, double t, uint32_t dest, double *work)
{
    const struct router_config *c = &r->cfg;
    uint32_t key = cache_key(r->switching, dest);
    bool miss = r->switching != ROUTER_CEF && !addrset_has(&r->cache, key);
    if (c->arp_per_destination)
        arp_expire(r, t);
    bool resolve = c->arp_per_destination && !addrset_has(&r->arp, dest);
    if (!miss && !resolve)
        return true;
    buffers_update(r, t);
    if (c->hold_queue > 0 && r->buffers >= c->hold_queue)
        return false;
    if (miss && router_free_bytes(r) - c->cache_entry_bytes >= c->cache_floor_bytes) {
        addrset_add(&r->cache, key);
        r->used_bytes += c->cache_entry_bytes;
        r->iv_misses++;
    }
    if (resolve) {
        addrset_add(&r->arp, dest);
        arpq_push(&r->arpq, t + r->arp_life_s, dest);
        r->used_bytes += c->arp_entry_bytes;
        *work += c->cpu_per_arp_s;
    }
    *work += c->cpu_per_miss_s;
    r->proc_backlog_s += c->cpu_per_miss_s;
    buffers_update(r, t);
    return true;
}

bool router_forward(struct router *r, double t, uint32_t dest)
{
    assert(r->eng);
    see_time(r, t);
    r->iv_packets++;
    if (r->state != ROUTER_UP) {
        r->iv_lost++;
        return false;
    }
    const struct router_config *c = &r->cfg;
    double work = c->cpu_per_packet_s;
    bool admitted = admit(r, t, dest, &work);
    cpu_add(r, t, work);
    if (!admitted || check_memory(r, t)) {
        r->iv_lost++;
        return false;
    }
    if (c->cpu_fail_after_s > 0 && r->backlog_s > 0 && t - r->busy_since >= c->cpu_fail_after_s) {
        char why[96];
        snprintf(why, sizeof why, "cpu: 100%% for %.0f s", t - r->busy_since);
        crash(r, t, why);
        r->iv_lost++;
        return false;
    }
    return true;
}

bool router_is_up(const struct router *r) { return r->state == ROUTER_UP; }
uint32_t router_cache_entries(const struct router *r) { return r->cache.n; }
uint32_t router_arp_entries(const struct router *r) { return r->arp.n; }
uint64_t router_crashes(const struct router *r) { return r->crashes; }

void router_set_switching(struct router *r, int switching, double t)
{
    assert(switching >= ROUTER_FAST_PER_DEST && switching <= ROUTER_CEF);
    see_time(r, t);
    flush_cache(r);
    r->used_bytes -= base_bytes(r);
    r->switching = switching;
    r->used_bytes += base_bytes(r);
    emit(r, t, "router_switching", switching_name(switching));
    check_memory(r, t);
}

void router_add_memory(struct router *r, double bytes, double t)
{
    assert(isfinite(bytes));
    see_time(r, t);
    r->installed_bytes += bytes;
    char detail[96];
    snprintf(detail, sizeof detail, "%+.0f KB, installed %.0f KB", bytes / KIB,
             r->installed_bytes / KIB);
    emit(r, t, "router_memory", detail);
    check_memory(r, t);
}

void router_sample(struct router *r, double t, double interval_s, struct router_sample *out)
{
    assert(interval_s > 0);
    see_time(r, t);
    if (r->state == ROUTER_UP) {
        arp_expire(r, t);
        buffers_update(r, t);
    }
    double down = r->iv_down_s;
    if (r->state != ROUTER_UP)
        down += t - fmax(r->down_since, r->iv_start);
    double cpu = r->iv_work_s / interval_s;
    double up = 1 - down / interval_s;
    out->free_bytes = router_free_bytes(r);
    out->cache_entries = r->cache.n;
    out->arp_entries = r->arp.n;
    out->cpu = cpu < 1 ? cpu : 1;
    out->up = up < 0 ? 0 : up > 1 ? 1 : up;
    out->crashes = (double)r->iv_crashes;
    out->packets = (double)r->iv_packets;
    out->lost = (double)r->iv_lost;
    out->new_destinations = (double)r->iv_misses;
    out->buffers = r->buffers;
    r->iv_start = t;
    r->iv_work_s = r->iv_down_s = 0;
    r->iv_crashes = r->iv_packets = r->iv_lost = r->iv_misses = 0;
}

void router_check(const struct router *r)
{
    const struct router_config *c = &r->cfg;
    addrset_check(&r->cache); /* I1 */
    addrset_check(&r->arp);
    double want = base_bytes(r) + r->cache.n * c->cache_entry_bytes + r->arp.n * c->arp_entry_bytes
                  + r->buffers * c->buffer_bytes;
    assert(fabs(r->used_bytes - want) <= 1e-9 * (r->installed_bytes + want)); /* I2 */
    if (r->state == ROUTER_RELOADING) /* I3 */
        assert(r->cache.n == 0 && r->arp.n == 0 && r->arpq.n == 0 && r->buffers == 0 &&
               (r->reload_ev != 0 || r->stopped));
    else
        assert(r->reload_ev == 0 && router_free_bytes(r) >= c->mem_fail_bytes); /* I4 */
    if (r->switching == ROUTER_CEF) /* I5 */
        assert(r->cache.n == 0);
    for (uint32_t i = 0; i < r->cache.n; i++)
        assert(cache_key(r->switching, r->cache.keys[i]) == r->cache.keys[i]);
    assert(r->arpq.n == r->arp.n); /* I6 */
    double prev = -INFINITY;
    for (size_t k = 0; k < r->arpq.n; k++) {
        size_t i = (r->arpq.head + k) & (r->arpq.cap - 1);
        assert(r->arpq.expire[i] >= prev && r->arpq.expire[i] <= r->t_last + r->arp_life_s);
        assert(addrset_has(&r->arp, r->arpq.addr[i]));
        prev = r->arpq.expire[i];
    }
    assert(r->backlog_s >= 0 && r->backlog_s <= ROUTER_CPU_BACKLOG_MAX_S); /* I7 */
    assert(r->proc_backlog_s >= 0); /* I8 */
    if (c->hold_queue > 0)
        assert(r->buffers <= c->hold_queue);
}
