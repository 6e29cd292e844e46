/* population_gen.c - writes the sourced population of Code Red II's victims as a `prefix count`
 * file (models/hosts/population_sourced.c; docs/SOURCES.md §18): one line per occupied /16,
 * "a.b.0.0/16 count  # kind", in address order. Usage: build/population_gen [SEED] > FILE
 * (make population writes scenarios/data/aug2001-vulnerable.txt with seed 1). */
#include <stdio.h>
#include <stdlib.h>

#include "population_sourced.h"
#include "rng.h"

int main(int argc, char **argv)
{
    unsigned long long seed = argc > 1 ? strtoull(argv[1], NULL, 10) : 1;
    const struct sourced_spec *s = &POPULATION_SOURCED_DEFAULT;
    static uint32_t count16[65536];
    static uint8_t kind16[65536];
    gsl_rng *r = rng_stream(seed, "population-sourced");
    uint32_t occupied = population_sourced_draw(s, r, count16, kind16);
    gsl_rng_free(r);
    printf("# Vulnerable IIS hosts of August 2001 per /16, drawn by scripts/population_gen.c (seed %llu)\n"
           "# from the published structure of Code Red's victims: docs/SOURCES.md section 18.\n"
           "# %u hosts in %u /16s. Kinds (share, per-/16 median, log-sd, cap):\n",
           seed, s->total, occupied);
    for (int k = 0; k < NET_KINDS; k++)
        printf("#   %-10s %.2f  %g  %g  %u  (%.0f %% of its /16s in class B space 128-191)\n",
               s->kind[k].name, s->kind[k].share, s->kind[k].median, s->kind[k].sigma,
               s->kind[k].cap, 100 * s->kind[k].legacy_class_b);
    printf("# Regions of the access and hosting /16s: ARIN %.2f, APNIC %.2f, RIPE %.2f.\n"
           "# Edit freely: each line puts `count` hosts uniformly at random in its prefix.\n",
           s->region_share[0], s->region_share[1], s->region_share[2]);
    for (uint32_t g = 0; g < 65536; g++)
        if (count16[g])
            printf("%u.%u.0.0/16 %u  # %s\n", g >> 8, g & 255, count16[g],
                   s->kind[kind16[g]].name);
    return 0;
}
