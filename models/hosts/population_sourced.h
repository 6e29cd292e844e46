/* population_sourced.h - vulnerable IIS hosts per /16, drawn from the published structure of
 * Code Red's victims (docs/SOURCES.md §18): shares by kind of network (home and small business
 * access networks, hosting and business servers, universities), the registries' /8s where each
 * region's networks sat in 2001, heavy-tailed counts per /16 with a cap per kind. The result is
 * a table of counts per /16 that scripts/population_gen.c writes as a `prefix count` file
 * (scenarios/data/aug2001-vulnerable.txt), which population.hosts_file reads. */
#ifndef WORMSIM_POPULATION_SOURCED_H
#define WORMSIM_POPULATION_SOURCED_H

#include <stdint.h>
#include <gsl/gsl_rng.h>

enum net_kind { NET_ACCESS = 0, NET_HOSTING = 1, NET_UNIVERSITY = 2, NET_KINDS = 3 };
enum net_region { REGION_ARIN = 0, REGION_APNIC = 1, REGION_RIPE = 2, REGIONS = 3 };

/* How one kind of network holds vulnerable hosts. */
struct net_kind_spec {
    const char *name;
    double share;          /* of all vulnerable hosts */
    double median, sigma;  /* per occupied /16: lognormal median and log-sd */
    uint32_t cap;          /* at most this many per /16 */
    double legacy_class_b; /* share of its /16s in the old class B space 128-191 */
};

struct sourced_spec {
    uint32_t total;                         /* vulnerable hosts */
    struct net_kind_spec kind[NET_KINDS];
    double region_share[REGIONS];           /* of the hosts in registry /8s, by region */
};

/* The defaults and their sources (population_sourced.c). */
extern const struct sourced_spec POPULATION_SOURCED_DEFAULT;

/* Draws counts per /16 (count16[g] for g = 0..65535, zeroed first) and, if kind16 is not NULL,
 * the kind of each occupied /16. Deterministic in r. Returns the number of occupied /16s. The
 * counts add up to spec->total, each within its kind's cap. */
uint32_t population_sourced_draw(const struct sourced_spec *spec, gsl_rng *r, uint32_t *count16,
                                 uint8_t *kind16);

/* The /8s of a region in mid-2001 (IANA registry), -1 terminated. */
const int *population_sourced_region8(enum net_region region);

#endif
