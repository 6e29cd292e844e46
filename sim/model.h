/* model.h - what the command line needs from a model, without seeing the model's headers.
 * A model exports one const descriptor: its parameter table, how to validate a config and read
 * the run settings from it, and create/start/destroy hooks. The engine calls the model only
 * through the event handlers the model schedules; the model reports through model_observer. */
#ifndef WORMSIM_MODEL_H
#define WORMSIM_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "params.h"
#include "status.h"

/* Where a model sends samples and notable events. sample returns non-zero to stop the run. */
struct model_observer {
    int (*sample)(double t, const double *values, void *arg);
    void (*event)(double t, const char *kind, const char *subject, const char *detail, void *arg);
    void *arg;
};

/* Run settings every model's config carries. */
struct model_run_settings {
    const char *name;      /* scenario name ("" if not set) */
    double start_epoch_s;  /* simulated start, UTC */
    double end_epoch_s;
    double sample_s;
    uint64_t seed;
    const char *mode;      /* "fast", "per-scan" */
    double focus_epoch_s;  /* start of the period the summary is about (e.g. seed time) */
};

struct model_totals {
    uint64_t hosts, vulnerable, ever_infected, infections, scans;
};

struct model_desc {
    const char *name;
    const struct param_table *(*params)(void);
    size_t config_size;
    /* Checks rules that span several keys; fills d (file = path) on error. */
    enum status (*validate)(const void *config, const char *path, struct diag *d);
    void (*settings)(const void *config, struct model_run_settings *out);
    void (*set_seed)(void *config, uint64_t seed);
    enum status (*create)(void **state, const void *config, uint64_t seed, const char *path,
                          struct diag *d);
    int (*columns)(const void *state, const char *const **names); /* after create */
    void (*start)(void *state, struct engine *eng, const struct model_observer *obs);
    void (*totals)(const void *state, struct model_totals *out);
    void (*destroy)(void *state);
    /* Columns the summary and default plots use. */
    const char *plot_column, *plot_label, *rate_column, *rate_label, *ever_column;
};

/* The model this program runs (models/model.c). */
extern const struct model_desc wormsim_model;

#endif
