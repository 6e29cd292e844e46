/* population_sourced.c - vulnerable hosts per /16 from the published structure of Code Red's
 * victims (see population_sourced.h; docs/SOURCES.md §18 for every number). One idea: a kind
 * of network sets how dense a /16 is (log-normal, capped), a region sets which /8s its /16s
 * sit in; Code Red II's speed comes from exactly those two densities (own /16, own /8). */
#include "population_sourced.h"

#include <assert.h>
#include <stdbool.h>
#include <math.h>
#include <string.h>
#include <gsl/gsl_randist.h>

/* Defaults. Total: on 1 August the pool was a little under half of July's 360,000 (SOURCES §8,
 * Staniford): 170,000 [derived]. Kinds: Code Red "primarily preyed upon home and small business
 * users" (Moore et al., S9); identifiable .edu hosts were under 3 % of those CAIDA saw in July
 * (S10); the rest were .com/.net servers. Shares 0.60 / 0.37 / 0.03 [uncertain within those
 * bounds]. Per-/16 medians, spreads and caps [uncertain]: a home /16 of 65,536 addresses, half
 * of them customers, 1-3 % running IIS, holds at most ~1,000; a hosting /16 can be denser
 * (~2,000); a campus /16 of 10-20,000 hosts with a few per cent IIS servers ~300. Regions:
 * Moore et al.'s countries (US 44 %, Korea 11 %, China 5 %, Taiwan 4 %, Canada 3.5 %, UK 3.4 %,
 * Germany 3.1 %, Australia 2.8 %, Japan 2.5 %, Netherlands 2.2 %, others 18 %) [uncertain:
 * recalled figures] grouped by registry, the others split: ARIN 0.50, APNIC 0.32, RIPE 0.18.
 * Where: access networks in their registry's /8s (IANA, S28); universities in the old class B
 * space (128-191), where campuses got their /16s; business and hosting servers half there (the
 * companies' own legacy /16s), half in registry space [uncertain]. */
const struct sourced_spec POPULATION_SOURCED_DEFAULT = {
    170000,
    {{"access", 0.60, 30, 1.0, 1000, 0},
     {"hosting", 0.37, 15, 1.5, 2000, 0.5},
     {"university", 0.03, 10, 1.0, 300, 1}},
    {0.50, 0.32, 0.18},
};

/* /8s allocated to each registry (or held by its region's networks) by mid-2001, from the IANA
 * IPv4 address space registry (S28): the /8s a region's access and hosting networks used. */
static const int ARIN8[] = {12, 24, 63, 64, 65, 66, 198, 199, 204, 205, 206, 207, 208, 209, 216, -1};
static const int APNIC8[] = {61, 202, 203, 210, 211, -1};
static const int RIPE8[] = {62, 80, 193, 194, 195, 212, 213, 217, -1};

const int *population_sourced_region8(enum net_region region)
{
    return region == REGION_ARIN ? ARIN8 : region == REGION_APNIC ? APNIC8 : RIPE8;
}

static int count8(const int *list)
{
    int n = 0;
    while (list[n] >= 0)
        n++;
    return n;
}

/* A free /16 for a kind: in a registry /8 of a region drawn by share, or in class B space. */
static uint32_t draw_free16(const struct sourced_spec *spec, const struct net_kind_spec *k,
                            gsl_rng *r, const uint32_t *count16)
{
    for (;;) {
        uint32_t g;
        if (k->legacy_class_b > 0 && gsl_rng_uniform(r) < k->legacy_class_b) {
            g = (128u << 8) + (uint32_t)gsl_rng_uniform_int(r, 64u << 8);
        } else {
            double u = gsl_rng_uniform(r), acc = 0;
            int region = REGIONS - 1;
            for (int i = 0; i < REGIONS; i++) {
                acc += spec->region_share[i];
                if (u < acc) {
                    region = i;
                    break;
                }
            }
            const int *list = population_sourced_region8((enum net_region)region);
            int s8 = list[gsl_rng_uniform_int(r, (unsigned long)count8(list))];
            g = ((uint32_t)s8 << 8) | (uint32_t)gsl_rng_uniform_int(r, 256);
        }
        bool private16 = (g >> 4) == (172u << 4 | 1u); /* 172.16/12 (RFC 1918) */
        if (count16[g] == 0 && !private16)
            return g;
    }
}

/* One /16's count: log-normal (median, sigma) truncated to [1, cap] by redrawing. */
static uint32_t draw_count(const struct net_kind_spec *k, gsl_rng *r)
{
    for (;;) {
        double x = floor(k->median * exp(k->sigma * gsl_ran_gaussian_ziggurat(r, 1.0)) + 0.5);
        if (x >= 1 && x <= k->cap)
            return (uint32_t)x;
    }
}

uint32_t population_sourced_draw(const struct sourced_spec *spec, gsl_rng *r, uint32_t *count16,
                                 uint8_t *kind16)
{
    memset(count16, 0, sizeof *count16 * 65536);
    uint32_t occupied = 0, placed = 0;
    for (int kk = 0; kk < NET_KINDS; kk++) {
        const struct net_kind_spec *k = &spec->kind[kk];
        uint32_t want = kk == NET_KINDS - 1 ? spec->total - placed
                                            : (uint32_t)floor(spec->total * k->share + 0.5);
        uint32_t have = 0;
        while (have < want) {
            uint32_t n = draw_count(k, r);
            if (n > want - have)
                n = want - have;
            uint32_t g = draw_free16(spec, k, r, count16);
            count16[g] = n;
            if (kind16)
                kind16[g] = (uint8_t)kk;
            have += n;
            occupied++;
        }
        placed += have;
    }
    assert(placed == spec->total);
    return occupied;
}
