/* rng.h - deterministic random streams, one per purpose.
 * Each stream is a GSL generator seeded from (run seed, stream name) by a fixed hash, so a run is
 * reproducible on any machine and adding a new stream never changes the draws of the others. */
#ifndef WORMSIM_RNG_H
#define WORMSIM_RNG_H

#include <stdint.h>
#include <gsl/gsl_rng.h>

/* The GSL generator type every stream uses; its name is stored with each run. */
const gsl_rng_type *rng_type(void);
const char *rng_type_name(void);

/* The 64-bit seed of stream `name` in a run with seed `run_seed` (FNV-1a of the name mixed with
 * the seed through splitmix64). Exposed for tests. */
uint64_t rng_stream_seed(uint64_t run_seed, const char *name);

/* A new generator for stream `name`. Free with gsl_rng_free. Aborts on out of memory. */
gsl_rng *rng_stream(uint64_t run_seed, const char *name);

/* Installs the project's GSL error handler (reports and aborts: a GSL error is a bug). */
void rng_install_error_handler(void);

#endif
