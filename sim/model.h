/* model.h - what the command line needs from a model, without seeing the model's headers.
 * A model exports one const descriptor: its parameter table, how to validate a config and read
 * the run settings from it, and create/start/destroy hooks. The engine calls the model only
 * through the event handlers the model schedules; the model reports through model_observer. */
#ifndef WORMSIM_MODEL_H
#define WORMSIM_MODEL_H

#include <stdbool.h>
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
    double store_limit_bytes; /* refuse a run whose estimated stored size is larger */
    const char *store_limit_key; /* the key that sets it, for the message: "run.store_limit" */
};

struct model_totals {
    uint64_t hosts, vulnerable, ever_infected, infections, scans;
};

/* How a stored series column is drawn. */
enum column_kind {
    COLUMN_LEVEL, /* a state at the sample time (hosts infected, free memory): drawn as it is */
    COLUMN_COUNT  /* a count over the sample interval (new infections, bytes): per minute */
};

struct column_info {
    enum column_kind kind;
    const char *unit;  /* what one unit of the value is: "hosts", "bytes", "share" ("" none) */
};

/* Text names of the kinds as stored ("level", "count"); column_kind_parse returns false for
 * any other text. */
const char *column_kind_name(enum column_kind k);
bool column_kind_parse(const char *text, enum column_kind *k);

/* A report panel: two columns (bottom as a % of `per` if set) and what they show, drawn when
 * the top column rises above 0 and, if `when` is set, the scenario has one of its settings
 * ("worm.variant=crii|worm2.variant=crii"). */
struct model_panel {
    const char *top, *bottom, *per, *bottom_label, *when, *caption;
};

/* What the plots draw, in the model's words. A "device" is what --router NAME draws: three
 * level columns named by printf formats with the device name for %s, and the events that
 * mark it. */
struct model_plots {
    const char *top_column, *top_label;       /* default top panel: "infected" */
    const char *bottom_column, *bottom_label; /* default bottom panel: "new_infections" */
    const char *share_columns, *share_per, *share_label; /* --local-share: a+b as % of per */
    const char *device_prefix;                 /* "router.": columns PREFIX NAME.SERIES */
    const char *device_free_fmt, *device_free_label;   /* "router.%s.free_bytes" */
    const char *device_cache_fmt, *device_cache_label; /* "router.%s.cache_entries" */
    const char *device_arp_fmt, *device_arp_label;     /* "router.%s.arp_entries" */
    const char *device_fail_event, *device_fail_label; /* "router_crash" (subject NAME), "crash" */
    const char *action_event, *action_label;   /* "countermeasure" (any subject) */
    const char *release_column; /* --align release: the first sample where it is above 0 is
                                   the first infection ("ever_infected") */
    const char *release_label;  /* the x axis then: "hours since the first infection" */
    /* Reports: captions of the default curves, of their log scale, of runs aligned. */
    const char *curves_caption, *log_caption, *aligned_caption;
    /* Reports: extra panels drawn when their top column rises above 0, and the load of the
     * busiest link (columns PREFIX NAME.TOP and PREFIX NAME.BOTTOM). */
    const struct model_panel *panels;
    int n_panels;
    const char *load_prefix, *load_top, *load_bottom, *load_caption;
};

/* What a run stored, read back for the model (the model never sees the store). */
struct model_reader {
    /* Fills malloc'ed t[] (run seconds) and v[] (caller frees) with a column; returns the
     * number of samples, or -1 if the run has no such column. */
    long (*series)(void *arg, const char *column, double **t, double **v);
    /* Calls fn for each event of one kind, in time order. */
    void (*events)(void *arg, const char *kind,
                   void (*fn)(double t, const char *subject, const char *detail, void *fnarg),
                   void *fnarg);
    void *arg;
    double start_epoch_s, end_epoch_s; /* the run's simulated start and planned end */
    bool interrupted;                  /* the run stopped before its end */
};

/* One key figure: "hosts ever infected by 2001-07-20 00:00 UTC" = "359,104 of 360,000". */
struct model_figure {
    char label[128];
    char value[192];
};

/* A logistic A / (1 + exp(-K (t - T))) fitted to one of a run's columns (t in run seconds),
 * beside the K the run's own parameters give (random constant spread: r N / S). */
struct model_fit {
    double A, K_per_s, T_s, A_se, K_se, T_se, rss;
    double K_se_iid, T_se_iid, rho; /* errors as if independent; residuals' lag-1 correlation */
    double K_expected_per_s;   /* NaN when the model has no such value */
    size_t n;
    int iterations;
};

/* Analytic curves of a run's parameters at given times, in the unit of the plotted column
 * (hosts). name is a short label; v[] is malloc'ed (the caller frees each). */
#define MODEL_CURVES_MAX 4
struct model_curves {
    int n;
    char name[MODEL_CURVES_MAX][96];
    double *v[MODEL_CURVES_MAX];
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
    /* How each series column is drawn: its kind and unit (false for a name the model does
     * not know). Stored with the run (series_columns); used for runs stored without them. */
    bool (*column_info)(const char *column, struct column_info *out);
    /* The key figures of a run, read back from what it stored (the summary of `run`, the
     * report's "key figures"); returns how many it filled (at most max). */
    int (*figures)(const void *config, const struct model_reader *r, struct model_figure *out,
                   int max);
    /* The plots' words: default columns, --local-share, the --router panel. */
    const struct model_plots *plots;
    const char *progress_column; /* the count the progress line shows ("infected") */
    /* Files a run writes besides the store (web logs): outputs_check, before the run is
     * stored, says whether config's output directories can be written (db_dir: the
     * database's directory, the default); outputs_open starts them for run `run` and reports
     * each (name, directory); outputs_close finishes them (ok: keep; else remove) and returns
     * any failure met while writing them during the run. */
    enum status (*outputs_check)(const void *config, const char *db_dir, const char *path,
                                 struct diag *d);
    enum status (*outputs_open)(void *state, const char *db_dir, long long run,
                                void (*report)(const char *name, const char *dir, void *arg),
                                void *arg, struct diag *d);
    enum status (*outputs_close)(void *state, bool ok, struct diag *d);
    /* Fits the logistic to the points (t[i], v[i]) of a column of a run of config. */
    enum status (*fit)(const void *config, const double *t, const double *v, size_t n,
                       struct model_fit *out, struct diag *d);
    /* The analytic models of config (solved at the n times t[], run seconds) into out. */
    enum status (*theory)(const void *config, const double *t, size_t n,
                          struct model_curves *out, struct diag *d);
    /* Where a key's default comes from, for the report ("SOURCES §6"; NULL: not recorded). */
    const char *(*key_source)(const char *section, const char *key);
};

/* The model this program runs (models/model.c). */
extern const struct model_desc wormsim_model;

#endif
