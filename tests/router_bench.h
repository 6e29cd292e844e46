/* router_bench.h - test helpers for the router suites (test_router.c, test_router_memory.c):
 * a base configuration with round numbers, an engine + router + event log, and traffic fed
 * through the router as engine events. Header-only (static inline), tests only. */
#ifndef WORMSIM_ROUTER_BENCH_H
#define WORMSIM_ROUTER_BENCH_H

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "rng.h"
#include "router.h"

#define MIB (1024.0 * 1024.0)
#define KIB 1024.0

/* ---- helpers ---- */

struct ev {
    double t;
    char kind[32], subject[64], detail[128];
};

struct evlog {
    struct ev ev[64];
    int n;         /* all events seen, even past the 64 kept */
    int crashes, ups;
};

static inline void log_event(double t, const char *kind, const char *subject, const char *detail,
                      void *arg)
{
    struct evlog *l = arg;
    if (l->n < 64) {
        struct ev *e = &l->ev[l->n];
        e->t = t;
        snprintf(e->kind, sizeof e->kind, "%s", kind);
        snprintf(e->subject, sizeof e->subject, "%s", subject);
        snprintf(e->detail, sizeof e->detail, "%s", detail);
    }
    l->n++;
    l->crashes += strcmp(kind, "router_crash") == 0;
    l->ups += strcmp(kind, "router_up") == 0;
}

/* The first logged event of a kind, or NULL. */
static inline const struct ev *first_event(const struct evlog *l, const char *kind)
{
    for (int i = 0; i < l->n && i < 64; i++)
        if (strcmp(l->ev[i].kind, kind) == 0)
            return &l->ev[i];
    return NULL;
}

/* A small router with round numbers: 4 MiB free of 16 MiB, mallocfail below 512 KiB, 256-byte
 * entries, 1/16 aged a minute (exact in binary, so a*n has no rounding ambiguity), no pressure,
 * no ARP, no CPU costs. */
static inline void base_config(struct router_config *c)
{
    memset(c, 0, sizeof *c);
    snprintf(c->name, sizeof c->name, "core");
    c->mem_installed_bytes = 16 * MIB;
    c->mem_system_bytes = 12 * MIB;
    c->mem_fail_bytes = 512 * KIB;
    c->switching = ROUTER_FAST_PER_DEST;
    c->cache_entry_bytes = 256;
    c->age_fraction_per_min = 1.0 / 16;
    c->pressure_free_bytes = 0;
    c->pressure_factor = 1;
    c->cef_table_bytes = 256 * KIB;
    c->arp_entry_bytes = 128;
    c->arp_timeout_s = 14400, c->arp_incomplete_s = 60, c->proxy_arp = 1;
    c->reload_s = 120;
}

/* A test bench: engine, stream, router, event log. */
struct bench {
    struct engine *eng;
    gsl_rng *g;
    struct router *r;
    struct evlog log;
};

static inline void bench_start(struct bench *b, const struct router_config *c, uint64_t seed)
{
    memset(b, 0, sizeof *b);
    b->eng = engine_alloc();
    b->g = rng_stream(seed, "router-age");
    b->r = router_create(c, b->g);
    struct router_observer obs = {log_event, &b->log};
    router_start(b->r, b->eng, &obs);
    router_check(b->r);
}

static inline void bench_end(struct bench *b)
{
    router_check(b->r);
    router_stop(b->r);
    router_free(b->r);
    gsl_rng_free(b->g);
    engine_free(b->eng);
}

/* Traffic through the router as engine events: destination k (k = 1, 2, ...) at
 * t0 + (k - 1/2) / rate, so no arrival ever ties with an aging tick at a whole minute. */
enum feed_kind { FEED_DISTINCT, FEED_RANDOM, FEED_POOL };

struct feed {
    struct router *r;
    double t0, rate, t_stop;
    uint64_t k, sent, lost;
    enum feed_kind kind;
    gsl_rng *g;
    uint32_t pool;
};

/* Distinct for k < 2^32: multiplication by an odd number is a bijection mod 2^32. */
static inline uint32_t distinct_dest(uint64_t k) { return (uint32_t)(k * 2654435761u); }

static inline void feed_fn(struct engine *eng, void *ctx, uint32_t a, uint32_t b)
{
    (void)a;
    (void)b;
    struct feed *f = ctx;
    double t = engine_now(eng);
    if (t > f->t_stop)
        return;
    uint32_t dest = f->kind == FEED_DISTINCT ? distinct_dest(f->k)
                    : f->kind == FEED_RANDOM ? (uint32_t)gsl_rng_get(f->g)
                                             : (uint32_t)gsl_rng_uniform_int(f->g, f->pool) * 7919u;
    f->sent++;
    if (!router_forward(f->r, t, dest))
        f->lost++;
    f->k++;
    engine_schedule(eng, f->t0 + (f->k - 0.5) / f->rate, feed_fn, f, 0, 0);
}

static inline void feed_start(struct feed *f, struct engine *eng, struct router *r, enum feed_kind kind,
                       double rate, gsl_rng *g)
{
    memset(f, 0, sizeof *f);
    f->r = r;
    f->kind = kind;
    f->rate = rate;
    f->g = g;
    f->t0 = engine_now(eng);
    f->t_stop = INFINITY;
    f->k = 1;
    engine_schedule(eng, f->t0 + 0.5 / rate, feed_fn, f, 0, 0);
}

/* The mechanism on paper, independently of the code: n cache entries; in minute m the
 * arrivals k with (k - 1/2) / D in (60 (m - 1), 60 m] each add one entry (all destinations
 * are new); at t = 60 m, round(a n) entries go (halves up). The router crashes at the arrival
 * that makes n reach nstar, the least count with n * entry_bytes > free - fail. Returns that
 * time, or -1 if it does not come within `minutes` (then *n_end is n after the last tick). */
static inline double predicted_crash(double D, double a, long nstar, int minutes, long *n_end)
{
    long n = 0, k = 0;
    for (int m = 1; m <= minutes; m++) {
        long k_end = (long)floor(60.0 * m * D + 0.5); /* last k with (k - 1/2) / D <= 60 m */
        if (n + (k_end - k) >= nstar)
            return (k + (nstar - n) - 0.5) / D;
        n += k_end - k;
        k = k_end;
        n -= (long)floor(a * n + 0.5);
    }
    if (n_end)
        *n_end = n;
    return -1;
}

/* Least cache entry count that takes free memory below the mallocfail level. */
static inline long entries_to_fail(const struct router_config *c, double extra_bytes)
{
    double room = c->mem_installed_bytes + extra_bytes - c->mem_system_bytes - c->mem_fail_bytes;
    return (long)floor(room / c->cache_entry_bytes) + 1;
}

#endif
