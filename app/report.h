/* report.h - `wormsim report RUN... -o FILE.html`: one self-contained page a student can open
 * offline (inline CSS, plots as inline SVG from gnuplot, no script, no network reference). One
 * run: its story (the scenario's leading comments), key figures with units, plots, events as a
 * timeline, things to try, every parameter with value, unit and source. Several runs: a
 * comparison (what differs, figures side by side, plots overlaid and aligned). */
#ifndef WORMSIM_REPORT_H
#define WORMSIM_REPORT_H

#include <stdint.h>

#include "status.h"
#include "store.h"

struct report_request {
    const int64_t *runs;
    int n_runs;            /* 1 to 16 */
    const char *output;    /* FILE.html: written to a temporary file, then renamed */
};

/* Writes the page. Errors: as plot_runs (gnuplot missing, unknown run); ST_USAGE for an
 * output not ending in .html; ST_IO if the page cannot be written (nothing is left at output
 * then). */
enum status report_write(struct store *s, const struct report_request *req, struct diag *d);

#endif
