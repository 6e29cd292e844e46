/* plot.h - plots of stored runs through gnuplot, started as a separate program at run time
 * (by gnuplot.c; plot_router.h draws one router). It reads series and "phase" events from the
 * store and knows nothing of worms: the caller names the columns to draw. */
#ifndef WORMSIM_PLOT_H
#define WORMSIM_PLOT_H

#include <stdint.h>

#include "status.h"
#include "store.h"

struct plot_request {
    const int64_t *runs;       /* runs to overlay, one line each, legend "run N: scenario" */
    int n_runs;
    const char *output;        /* FILE.png (pngcairo), FILE.svg (svg), FILE.pdf (pdfcairo), or
                                  NULL with terminal dumb; missing directories are created */
    const char *terminal;      /* NULL (from the output's extension) or "dumb" (text to stdout,
                                  or to output if given) */
    const char *top_column;    /* e.g. "infected": top panel, count over UTC time */
    const char *top_label;     /* y label, e.g. "infected hosts"; NULL: the column name */
    const char *bottom_column; /* e.g. "new_infections": bottom panel, per minute */
    const char *bottom_label;  /* y label; NULL: "<column> per minute" */
    const char *bottom_per;    /* NULL, or a column: the bottom panel then shows the sum of the
                                  bottom columns ("a+b" adds columns) as a percentage of it, per
                                  sample (missing where it is 0), instead of a rate */
    const char *title;         /* NULL: built from the runs */
};

/* Draws the request. The top panel shades the periods between the first run's events of kind
 * "phase" (subject = period name, e.g. "spread", "flood", "dormant"), labelled by name; the
 * bottom panel shows bottom_column ("a+b": the sum of columns a and b) divided by (sample
 * interval in minutes), or as a percentage of bottom_per. Both share one UTC
 * time axis. Returns ST_EXTERNAL with a clear message if gnuplot is not on PATH (checked
 * first), exits non-zero (with its status and last error line) or writes no file;
 * ST_NOT_FOUND (the store's message) if a run or column is missing or a run has no samples;
 * ST_USAGE for an unknown terminal or file extension or no runs (1 to 64). Nothing is printed
 * except the dumb terminal's plot. */
enum status plot_runs(struct store *s, const struct plot_request *req, struct diag *d);

#endif
