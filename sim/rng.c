/* rng.c - named random streams: GSL's MT19937 seeded from (run seed, stream name).
 * The stream seed is splitmix64(run_seed XOR FNV-1a(name)), so streams are independent of the
 * order in which they are created and identical on every machine. */
#include "rng.h"

#include <stdio.h>
#include <stdlib.h>
#include <gsl/gsl_errno.h>

const gsl_rng_type *rng_type(void) { return gsl_rng_mt19937; }
const char *rng_type_name(void) { return gsl_rng_mt19937->name; }

static uint64_t splitmix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

uint64_t rng_stream_seed(uint64_t run_seed, const char *name)
{
    uint64_t h = 0xCBF29CE484222325ull; /* FNV-1a offset basis */
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        h ^= *p;
        h *= 0x100000001B3ull;
    }
    return splitmix64(run_seed ^ h);
}

gsl_rng *rng_stream(uint64_t run_seed, const char *name)
{
    gsl_rng *r = gsl_rng_alloc(rng_type());
    if (!r) {
        fputs("wormsim: out of memory\n", stderr);
        abort();
    }
    /* MT19937 takes an unsigned long seed; fold the 64 bits so both halves count. */
    uint64_t s = rng_stream_seed(run_seed, name);
    gsl_rng_set(r, (unsigned long)(s ^ (s >> 32)));
    return r;
}

static void on_gsl_error(const char *reason, const char *file, int line, int gsl_errno)
{
    fprintf(stderr, "wormsim: internal error in GSL (%s:%d): %s (%s)\n", file, line, reason,
            gsl_strerror(gsl_errno));
    abort();
}

void rng_install_error_handler(void) { gsl_set_error_handler(on_gsl_error); }
