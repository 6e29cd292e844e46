/* store_experiment.h - experiments in the run store: an experiment row, its runs reserved up
 * front in grid order with status "pending", runs computed elsewhere (a worker's in-memory
 * store) copied in whole, and each run's resolved parameters (run_params). Part of the store:
 * only sim/store*.c include sqlite3.h.
 *
 * Tables (schema version 2, see store_schema.c):
 *   experiments(id, scenario_name, scenario_path, scenario_text -- the base scenario, resolved,
 *               with the base seed --, grid -- one "section.key=v1,v2" line per varied key --,
 *               points, reps, base_seed, status running|done|incomplete|interrupted,
 *               created_utc, wall_s)
 *   runs gains: experiment (NULL for a plain run), point, replica (NULL likewise), label ("" or
 *               "scan_rate=8/s #3"); status gains "pending" (reserved, not started)
 *   run_params(run, key, text, number) PRIMARY KEY (run, key): every resolved key of every run
 *               ("worm.scan_rate", "6/s", 6); number is NULL for text values */
#ifndef WORMSIM_STORE_EXPERIMENT_H
#define WORMSIM_STORE_EXPERIMENT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "status.h"
#include "store.h"

/* What an experiment is when it is created. Strings are copied. */
struct experiment_info {
    const char *scenario_name, *scenario_path, *scenario_text;
    const char *grid;  /* grid_to_text */
    long points, reps;
    uint64_t base_seed;
};

/* A stored experiment; strings malloc'ed (store_experiment_row_free). */
struct experiment_row {
    int64_t id;
    char *scenario_name, *scenario_path, *scenario_text, *grid;
    long points, reps;
    uint64_t base_seed;
    char status[16];
    char created_utc[32];
    double wall_s;       /* NaN while running */
};

/* Creates the experiment and reserves its n runs (status "pending", experiment set, infos[i]'s
 * point, replica, label and params), all in one transaction; run ids in the order of infos. */
enum status store_experiment_create(struct store *s, const struct experiment_info *e,
                                    const struct run_info *infos, size_t n, int64_t *exp,
                                    int64_t *run_ids, struct diag *d);

/* ST_NOT_FOUND "no experiment 3 in PATH" if there is none. */
enum status store_experiment_get(struct store *s, int64_t exp, struct experiment_row *row,
                                 struct diag *d);
void store_experiment_row_free(struct experiment_row *row);

/* Calls fn(row, resolved scenario text) for each run of the experiment, in id order. */
enum status store_experiment_runs(struct store *s, int64_t exp,
                                  void (*fn)(const struct run_row *row, const char *text,
                                             void *arg),
                                  void *arg, struct diag *d);

/* Calls fn for each experiment, in id order. */
enum status store_experiments(struct store *s,
                              void (*fn)(const struct experiment_row *row, void *arg),
                              void *arg, struct diag *d);

/* Sets the experiment's final status (done | incomplete | interrupted) and wall seconds. */
enum status store_experiment_finish(struct store *s, int64_t exp, const char *status,
                                    double wall_s, struct diag *d);

/* Sets a run's status: "running" (also its start time), "interrupted" or "failed" (also its
 * finish time); its series and events are left as they are. */
enum status store_run_mark(struct store *s, int64_t run, const char *status, struct diag *d);

/* An image of the whole database of s (meant for a small in-memory one holding one run):
 * malloc'ed bytes, caller frees. */
enum status store_image(struct store *s, void **bytes, size_t *n, struct diag *d);

/* Copies the one run of image (made by store_image) into run `run` of s in one transaction:
 * every table with a run column (series, events, ...) gets the image's rows with run set to
 * `run` (replacing what run had), and the run's row takes the image's status, times, wall
 * seconds, events, version and generator; its name, texts, experiment, point, replica, label
 * and params stay as reserved. ST_INPUT if the image does not hold exactly one run. */
enum status store_run_import(struct store *s, int64_t run, const void *image, size_t n,
                             struct diag *d);

#endif
