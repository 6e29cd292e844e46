/* population.h - the hosts a worm can reach: where they are and what they are.
 * Hosts are stored sorted by address, so "how many hosts in this /8 or /16" and "the k-th host
 * in it" are O(1) through two start-index tables, and "which host has this address" is a short
 * binary search inside one /16. Per-host attributes: kind, locale, clock offset. */
#ifndef WORMSIM_POPULATION_H
#define WORMSIM_POPULATION_H

#include <stdint.h>
#include <gsl/gsl_rng.h>

#include "config.h"
#include "status.h"

enum host_kind {
    KIND_IIS = 0,         /* vulnerable IIS: a probe infects it */
    KIND_IIS_CRASHES = 1, /* IIS that a probe crashes instead (Japanese-language systems) */
    KIND_OTHER_WEB = 2,   /* port 80 open, not vulnerable: answers, nothing else */
    KIND_IIS_NT4 = 3,     /* IIS 4 on Windows NT 4: Code Red I infects it, Code Red II crashes it */
    KIND_DEVICE_HANGS = 4,    /* embedded web server that hangs on a probe (Cisco 600 DSL) */
    KIND_DEVICE_RESTARTS = 5  /* embedded web server that restarts on a probe (Yamaha RT80i) */
};

/* True for the IIS kinds (vulnerable servers), false for other web servers and devices. */
static inline int population_is_iis(uint8_t kind)
{
    return kind == KIND_IIS || kind == KIND_IIS_CRASHES || kind == KIND_IIS_NT4;
}

/* True for embedded devices that a probe hangs or restarts. */
static inline int population_is_device(uint8_t kind)
{
    return kind == KIND_DEVICE_HANGS || kind == KIND_DEVICE_RESTARTS;
}

enum locale { LOCALE_OTHER = 0, LOCALE_ENGLISH, LOCALE_JAPANESE, LOCALE_CHINESE };

#define POPULATION_NO_HOST UINT32_MAX

struct population {
    uint32_t n;               /* hosts */
    uint32_t n_vulnerable;    /* the IIS kinds (population_is_iis) */
    uint32_t *addr;           /* ascending */
    float *clock_offset_s;    /* host clock minus true UTC */
    uint8_t *kind;            /* enum host_kind */
    uint8_t *locale;          /* enum locale */
    uint32_t *start16;        /* 65537 entries: hosts of /16 g are [start16[g], start16[g+1]) */
    uint32_t start8[257];     /* likewise for /8s */
};

/* Builds the population the config describes: generated with uneven density, or read from
 * config->hosts_file. Draws from the streams "placement", "attributes" and "clock" of
 * run_seed. Errors (a file that cannot be read, a bad line, hosts that do not fit) fill d
 * and return ST_INPUT or ST_IO; `scenario_path` names the scenario in messages. */
enum status population_build(struct population *pop, const struct world_config *config,
                             uint64_t run_seed, const char *scenario_path, struct diag *d);
void population_free(struct population *pop);

/* Index of the host at addr, or POPULATION_NO_HOST. Inline: the per-scan reference calls it
 * for every scan. An empty /16 answers from the index alone. In an occupied one the first
 * probe is where addr would sit if the /16's hosts were evenly spread (they are uniform within
 * their block), then steps doubling outward bracket it and a binary search ends it: O(1) cache
 * lines for uniform blocks, O(log hosts in its /16) at worst. */
static inline uint32_t population_find(const struct population *pop, uint32_t addr)
{
    uint32_t g = addr >> 16, first = pop->start16[g], end = pop->start16[g + 1];
    if (first == end)
        return POPULATION_NO_HOST;
    const uint32_t *a = pop->addr;
    uint32_t guess = first + (uint32_t)(((uint64_t)(addr & 0xFFFFu) * (end - first)) >> 16);
    uint32_t lo, hi, step = 1; /* the first a[i] >= addr lies in [lo, hi] */
    if (a[guess] < addr) {
        lo = guess + 1;
        while (step < end - guess && a[guess + step] < addr) {
            lo = guess + step + 1;
            step <<= 1;
        }
        hi = step < end - guess ? guess + step : end;
    } else {
        hi = guess;
        while (step <= guess - first && a[guess - step] >= addr) {
            hi = guess - step;
            step <<= 1;
        }
        lo = step <= guess - first ? guess - step + 1 : first;
    }
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (a[mid] < addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < end && a[lo] == addr ? lo : POPULATION_NO_HOST;
}

static inline uint32_t population_count16(const struct population *pop, uint32_t slash16)
{
    return pop->start16[slash16 + 1] - pop->start16[slash16];
}

static inline uint32_t population_count8(const struct population *pop, uint32_t slash8)
{
    return pop->start8[slash8 + 1] - pop->start8[slash8];
}

/* Asserts the invariants: addresses ascending and distinct, index tables consistent. */
void population_check(const struct population *pop);

#endif
