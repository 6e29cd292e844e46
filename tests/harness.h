/* harness.h - runs the Code Red world in memory for tests: a config from the real parameter
 * table plus overrides, the engine, and an observer that keeps every sample. */
#ifndef WORMSIM_HARNESS_H
#define WORMSIM_HARNESS_H

#include <stddef.h>

#include "config.h"

struct trace {
    size_t n, cap;
    int ncol;
    char **names;   /* copies of the run's column names */
    double *t;      /* n sample times */
    double *v;      /* n * ncol values, row-major */
    size_t n_events;
    struct trace_event { double t; char kind[32], subject[64]; } *events; /* each reported one */
    unsigned long long events_run;
};

/* Fills c with the defaults and the "section.key=value" overrides (NULL-terminated); fails
 * the test on an error. */
void harness_config(struct world_config *c, const char *const *overrides);

/* The same from a scenario text (written to a temporary file and read back), for sections
 * that overrides cannot create ([router NAME] and the like). */
void harness_config_text(struct world_config *c, const char *text,
                         const char *const *overrides);

/* Makes the next harness_run stop at the first sample where column `name` reaches `level`
 * (name NULL: run to the end, the default). */
void harness_stop_when(const char *name, double level);

/* Runs the world of c with seed to its end; the caller frees with harness_free. */
void harness_run(const struct world_config *c, unsigned long long seed, struct trace *tr);
void harness_free(struct trace *tr);

/* Runs the world of c to `until` seconds (or its end) without an observer and returns it,
 * for tests that inspect hosts (world_internal.h); free with harness_world_free. */
struct world;
struct engine;
struct world *harness_world(const struct world_config *c, unsigned long long seed, double until,
                            struct engine **eng_out);
void harness_world_free(struct world *w, struct engine *eng);

/* Column index by name (fails the test if missing) and value at sample i. */
int harness_col(const struct trace *tr, const char *name);
double harness_at(const struct trace *tr, size_t i, const char *name);

/* Reported events of a kind (and subject, unless NULL): their number, and the time of the
 * first (or -1) in *first when first is not NULL. */
size_t harness_events(const struct trace *tr, const char *kind, const char *subject,
                      double *first);

/* First sample time at which column reaches at least `level`, or -1. */
double harness_first_reach(const struct trace *tr, const char *name, double level);

#endif
