/* overlay.h - curves drawn over a plot of one run: the analytic models and the logistic fit of
 * the run (plot --theory), and a user's observed series read from a CSV file (plot --observed).
 * The curves are owned by the set (overlay_set_free). */
#ifndef WORMSIM_OVERLAY_H
#define WORMSIM_OVERLAY_H

#include "plot.h"
#include "store.h"

#define OVERLAY_MAX 8

struct overlay_set {
    struct plot_overlay o[OVERLAY_MAX];
    char labels[OVERLAY_MAX][160];
    double *t[OVERLAY_MAX], *v[OVERLAY_MAX];
    int n;
};

/* Adds the model's analytic curves for run (solved at the times of column) and the logistic
 * fitted to column, as dashed lines. Errors from the store, the model or the fit. */
enum status overlay_theory(struct store *s, int64_t run, const char *column,
                           struct overlay_set *set, struct diag *d);

/* Adds the series of a CSV file: a header "time_utc,LABEL" (LABEL names the series), then
 * lines "TIME,VALUE" with TIME as 2001-07-19T10:00Z, 2001-07-19T10:00:30Z or 2001-07-19 (UTC)
 * and VALUE a finite number; blank lines and lines starting with # are skipped. ST_INPUT with
 * the file and line for a missing or wrong header, a bad time, a bad number, a wrong number
 * of fields or no data; ST_INPUT (line 0) if the file cannot be read. Drawn as points. */
enum status overlay_observed(const char *path, struct overlay_set *set, struct diag *d);

void overlay_set_free(struct overlay_set *set);

#endif
