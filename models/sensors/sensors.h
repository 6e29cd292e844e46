/* sensors.h - what 2001's observers saw of a run, computed beside the world without changing
 * it: network telescopes ([telescope NAME]: probes, SYNs and distinct infected sources arriving
 * in a prefix, per sample and per window) and web-server logs ([weblog NAME]: one line per probe
 * reaching an address, in IIS or Apache format, one file per day).
 *
 * The world tells the sensors what its hosts do through a small read-only interface:
 *   fast mode   sensors_spread_start / sensors_spread_stop when a host starts or stops scanning
 *               (its rate is constant in between); the sensors draw what reaches them from
 *               those rates (exact Poisson processes, thinned by where the scans land)
 *   per-scan    sensors_scan for every scan drawn (hosts simulated scan by scan, or all hosts in
 *               per-scan mode)
 *   both        sensors_sample at every sample: fills the sensors' columns
 * The sensors draw from their own random stream ("sensors"), so a world with sensors makes the
 * same draws as one without. Invariant (sensors_check): each worm's rate sums equal the sums
 * of its spreading hosts' rates. */
#ifndef WORMSIM_SENSORS_H
#define WORMSIM_SENSORS_H

#include <stdbool.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>

#include "config.h"
#include "population.h"
#include "status.h"

struct sensors;

/* Checks the sensors' keys against the rest of the scenario: a window that is not a multiple
 * of run.sample, a telescope outside space.prefix, a weblog address outside it, a telescope
 * and a weblog of the same name. ST_INPUT with a message naming the section. */
enum status sensors_validate(const struct world_config *config, const char *path,
                             struct diag *d);

/* Builds the sensors of config (none is fine: *out is then NULL and every hook a no-op) for the
 * hosts of pop (kept, not owned). The weblogs' directories are not made yet (sensors_open).
 * ST_INPUT for a window that is not a multiple of run.sample. */
enum status sensors_create(struct sensors **out, const struct world_config *config,
                           const struct population *pop, uint64_t seed, const char *path,
                           struct diag *d);

/* Checks that every weblog's directory can be written (making it if needed), before a run is
 * stored. ST_INPUT naming the scenario file and the weblog. Without sensors: ST_OK. */
enum status sensors_check_dirs(const struct world_config *config, const char *db_dir,
                               const char *path, struct diag *d);

/* Starts the weblogs' files for run `run_id`: directory DIR/RUNID-NAME (DIR: the weblog's dir,
 * or db_dir), made if needed; files are written to a temporary name and renamed when complete.
 * Reports each directory through report(name, dir). ST_IO on failure. */
enum status sensors_open(struct sensors *s, const char *db_dir, long long run_id,
                         void (*report)(const char *name, const char *dir, void *arg), void *arg,
                         struct diag *d);

/* Closes the weblogs' files: complete ones are renamed into place (ok), or removed (!ok). */
enum status sensors_close(struct sensors *s, bool ok, struct diag *d);
void sensors_free(struct sensors *s);

/* The sensors' column names (owned by s) and their number. */
int sensors_columns(const struct sensors *s, const char *const **names);

/* Fast mode: host h (index in pop) of worm `worm` starts or stops scanning at rate_per_s at t. */
void sensors_spread_start(struct sensors *s, int worm, uint32_t h, double rate_per_s, double t);
void sensors_spread_stop(struct sensors *s, int worm, uint32_t h, double t);

/* The sensors' own random stream (for a scan's source the world does not draw). */
gsl_rng *sensors_rng(struct sensors *s);

/* True when a scan to target concerns some sensor (cheap: a test before sensors_scan). */
bool sensors_watch(const struct sensors *s, uint32_t target);

/* Per-scan: host h of worm `worm` scanned target at a time in [t_lo, t_hi] (drawn uniformly
 * by the sensors when t_lo < t_hi: the scan loop knows only the interval); live: an UP host
 * answered (one SYN) rather than silence (three). The interval never crosses a sample. */
void sensors_scan(struct sensors *s, int worm, uint32_t h, uint32_t target, bool live,
                  double t_lo, double t_hi);

/* Fills the sensors' columns for the sample at t (values: as many as sensors_columns). ST_IO if
 * a log file cannot be written. */
enum status sensors_sample(struct sensors *s, double t, double *values, struct diag *d);

/* Asserts the invariants (tests). */
void sensors_check(const struct sensors *s);

#endif
