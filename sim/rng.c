/* rng.c - named random streams: MT19937 seeded from (run seed, stream name).
 * The stream seed is splitmix64(run_seed XOR FNV-1a(name)), so streams are independent of the
 * order in which they are created and identical on every machine.
 * The generator is GSL's MT19937, draw for draw (same seeding, same words; the rng suite
 * compares them), written here as a gsl_rng_type that tempers a whole block of 624 words at
 * once, so a draw is a load and an increment: GSL's own costs about 40 instructions a draw,
 * and runs draw tens of millions. GSL's distributions use it through the usual gsl_rng. */
#include "rng.h"

#include <stdio.h>
#include <stdlib.h>
#include <gsl/gsl_errno.h>

enum { MT_N = 624, MT_M = 397 };

struct mt_state {
    uint32_t mt[MT_N];  /* the twister's state */
    uint32_t out[MT_N]; /* its tempered words, handed out in order */
    int i;              /* next word of out; MT_N: the block is used up */
};

/* Seeding as GSL's mt_set (Knuth's multiplier; seed 0 means 4357). */
static void mt_set(void *vs, unsigned long seed)
{
    struct mt_state *s = vs;
    if (seed == 0)
        seed = 4357;
    s->mt[0] = (uint32_t)seed;
    for (uint32_t k = 1; k < MT_N; k++)
        s->mt[k] = 1812433253u * (s->mt[k - 1] ^ (s->mt[k - 1] >> 30)) + k;
    s->i = MT_N;
}

static inline uint32_t mt_twist(uint32_t a, uint32_t b, uint32_t m)
{
    uint32_t y = (a & 0x80000000u) | (b & 0x7FFFFFFFu);
    return m ^ (y >> 1) ^ (-(y & 1u) & 0x9908B0DFu);
}

/* The next block of 624 words, tempered. */
static void mt_refill(struct mt_state *s)
{
    uint32_t *mt = s->mt;
    int k = 0;
    for (; k < (MT_N - MT_M) / 4 * 4; k++) /* a multiple of 4: the compiler vectorizes it */
        mt[k] = mt_twist(mt[k], mt[k + 1], mt[k + MT_M]);
    for (; k < MT_N - MT_M; k++)
        mt[k] = mt_twist(mt[k], mt[k + 1], mt[k + MT_M]);
    for (; k < MT_N - 1; k++)
        mt[k] = mt_twist(mt[k], mt[k + 1], mt[k + MT_M - MT_N]);
    mt[MT_N - 1] = mt_twist(mt[MT_N - 1], mt[0], mt[MT_M - 1]);
    for (k = 0; k < MT_N; k++) {
        uint32_t y = mt[k];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9D2C5680u;
        y ^= (y << 15) & 0xEFC60000u;
        y ^= y >> 18;
        s->out[k] = y;
    }
    s->i = 0;
}

static unsigned long mt_get(void *vs)
{
    struct mt_state *s = vs;
    if (s->i >= MT_N)
        mt_refill(s);
    return s->out[s->i++];
}

static double mt_get_double(void *vs) { return (double)mt_get(vs) / 4294967296.0; }

static const gsl_rng_type MT_TYPE = {"mt19937", 0xFFFFFFFFUL, 0, sizeof(struct mt_state),
                                     mt_set, mt_get, mt_get_double};

const gsl_rng_type *rng_type(void) { return &MT_TYPE; }
const char *rng_type_name(void) { return MT_TYPE.name; }

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
