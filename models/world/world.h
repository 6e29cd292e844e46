/* world.h - the simulated Internet of one run: population, host states, the worm, its
 * infection process (fast or per-scan) and the counters sampled into time series.
 * The world plugs into the engine through event handlers and hands samples and notable events
 * to an observer, so it never touches the store. */
#ifndef WORMSIM_WORLD_H
#define WORMSIM_WORLD_H

#include <stdint.h>

#include "config.h"
#include "engine.h"
#include "model.h"
#include "status.h"

struct world;


/* Builds the world (population and host states) for config; draws from streams of seed.
 * `scenario_path` is used in error messages. */
enum status world_create(struct world **out, const struct world_config *config, uint64_t seed,
                         const char *scenario_path, struct diag *d);
void world_free(struct world *w);

/* Names of the sampled columns, in order (owned by w); returns their number: the world's,
 * then per router and link of the scenario (network.h). */
int world_columns(const struct world *w, const char *const **names);

/* Schedules the world's first events (samples, seed infections) on eng and reports the
 * calendar's phase periods to the observer. Time 0 is config->start_epoch_s. */
void world_start(struct world *w, struct engine *eng, const struct model_observer *obs);

/* Totals for the summary line. */
void world_totals(const struct world *w, struct model_totals *tot);

/* The world's sensors (NULL when the scenario has none), for the run's output files. */
struct sensors *world_sensors(struct world *w);

/* ST_OK, or the failure of a sensor during the run (a log it could not write) in d. */
enum status world_sensor_error(const struct world *w, struct diag *d);

/* Asserts the world's invariants (counts agree with host states). For tests; O(hosts). */
void world_check(const struct world *w);

#endif
