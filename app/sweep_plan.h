/* sweep_plan.h - what a sweep will run, worked out and checked before anything runs: the grid
 * (from the scenario's [experiment] section and the command line, which wins), the base seed,
 * and for every run (point, replica) its resolved scenario text, label and parameters. Every
 * varied value and every point is validated with the scenario reader and the model, so a bad
 * value or unknown key fails with the usual message and exit 2 before the database is touched. */
#ifndef WORMSIM_SWEEP_PLAN_H
#define WORMSIM_SWEEP_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "cli.h"
#include "grid.h"
#include "status.h"

/* The [experiment] section of a scenario file as read (reps 0: not given). */
struct experiment_spec {
    struct grid grid;
    long reps;
    const char *path;
};

/* The param_extra that reads [experiment] (reps = N, vary = section.key=v1,v2,...) into spec. */
struct param_extra experiment_section(struct experiment_spec *spec);

struct sweep_plan {
    const char *path;     /* scenario path, for messages and relative file names */
    char *base_text;      /* a resumed experiment's base scenario (else NULL: read path) */
    char *stored_path;    /* a resumed experiment's path (path points here), else NULL */
    char name[128];       /* scenario name */
    struct grid grid;
    uint64_t base_seed;
    const struct param_override *sets; /* the command line's --set (not for a resume) */
    int n_sets;
    size_t n_points;
};

/* Builds and checks the plan of `wormsim sweep FILE` (o: --reps, --vary, --set, --seed). */
enum status sweep_plan_from_options(const struct cli_options *o, struct sweep_plan *plan,
                                    struct diag *d);

/* The plan of a stored experiment: its base text, grid text, reps and base seed. */
enum status sweep_plan_from_stored(const char *path, const char *base_text,
                                   const char *grid_text, long reps, uint64_t base_seed,
                                   struct sweep_plan *plan, struct diag *d);

/* The config of point p with replica k's seed (malloc'ed, caller frees); errors as loading. */
enum status sweep_plan_config(const struct sweep_plan *plan, size_t p, long k, void **config,
                              struct diag *d);

/* The resolved base scenario text (no grid values, base seed), malloc'ed. */
char *sweep_plan_base_text(const struct sweep_plan *plan);

void sweep_plan_free(struct sweep_plan *plan);

#endif
