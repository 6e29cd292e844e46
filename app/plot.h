/* plot.h - plots of stored runs through gnuplot, started as a separate program at run time
 * (by gnuplot.c; plot_router.h draws one router). It reads series, their kinds and units, and
 * "phase" events from the store and knows nothing of worms: the caller names the columns. */
#ifndef WORMSIM_PLOT_H
#define WORMSIM_PLOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "status.h"
#include "store.h"

/* A curve drawn over the top panel beside the runs: a model's curve (dashed) or observed data
 * (points). Times in UTC epoch seconds; NaN values are gaps. */
struct plot_overlay {
    const char *label;
    const double *t_epoch, *v;
    size_t n;
    bool points;               /* points instead of a dashed line */
};

struct plot_request {
    const int64_t *runs;       /* runs to overlay, one line each, legend "run N: scenario" */
    int n_runs;
    const char *output;        /* FILE.png (pngcairo), FILE.svg (svg), FILE.pdf (pdfcairo), or
                                  NULL with terminal dumb; missing directories are created */
    const char *terminal;      /* NULL (from the output's extension) or "dumb" (text to stdout,
                                  or to output if given) */
    const char *top_column;    /* e.g. "infected": top panel ("a+b" adds columns) */
    const char *top_label;     /* y label; NULL: from the column, its kind and unit */
    const char *bottom_column; /* e.g. "new_infections": bottom panel */
    const char *bottom_label;  /* y label; NULL: from the column, its kind and unit */
    const char *bottom_per;    /* NULL, or a column: the bottom panel then shows the sum of the
                                  bottom columns as a percentage of it, per sample (missing
                                  where it is 0) */
    const char *title;         /* NULL: built from the runs */
    /* The kind and unit of a column of a run stored without them (schema 1): the model's. */
    bool (*column_info)(const char *column, struct column_info *out);
    bool log_y;                /* logarithmic y axes (values <= 0 are left out) */
    bool from_set, to_set;     /* zoom: the time axis from `from` and/or to `to` */
    double from, to;           /* UTC epoch seconds, or hours with align_column */
    const char *align_column;  /* NULL, or a column: each run's x is hours since its first
                                  sample where this column is above 0 (the run's start if it
                                  already is): "--align release" with "ever_infected" */
    const char *align_label;   /* the x label then ("hours since the first infection") */
    size_t max_points;         /* 0, or at most this many points a curve (gnuplot_series: the
                                  low and high of each bucket): light SVGs for reports */
    const char *keep_dir;      /* NULL, or a folder: the gnuplot script and its data are also
                                  written there (NAME.gp, NAME.dat after the output's name) */
    const struct plot_overlay *overlays; /* drawn on the top panel, in the legend */
    int n_overlays;
};

/* Draws the request. Counts per sample interval (kind "count") are drawn per minute, levels
 * as they are; the y labels carry the unit. The top panel shades the periods between the first
 * run's events of kind "phase" (subject = period name), labelled by name. Both panels share one
 * time axis (UTC, the year on the first tick; or hours since the release); the key stands
 * above the panels. Returns ST_EXTERNAL with a clear message if gnuplot is not on PATH
 * (checked first), exits non-zero (with its status and last error line) or writes no file;
 * ST_NOT_FOUND (the store's message) if a run or column is missing or a run has no samples;
 * ST_USAGE for an unknown terminal or file extension, no runs (1 to 64), or a --from/--to
 * that leaves nothing to draw. Nothing is printed except the dumb terminal's plot. */
enum status plot_runs(struct store *s, const struct plot_request *req, struct diag *d);

/* The kind and unit of a run's column: as stored, else from the fallback (NULL: a level
 * without unit). ST_NOT_FOUND if the run has no such column. */
enum status plot_column_kind(struct store *s, int64_t run, const char *column,
                             bool (*fallback)(const char *, struct column_info *),
                             enum column_kind *kind, char *unit, size_t ulen, struct diag *d);

#endif
