/* ensemble.h - statistics over the replicas of an experiment: a summary of one figure (mean,
 * standard deviation, 95 % confidence interval of the mean, median, range) and per-time
 * quantile bands of curves, with GSL's statistics functions; plus the figures read off one
 * curve (when it first reaches a level, its peak). Values are plain doubles: no worm words. */
#ifndef WORMSIM_ENSEMBLE_H
#define WORMSIM_ENSEMBLE_H

#include <stddef.h>

/* A summary of n values of one figure. NaN inputs (a figure a replica does not have, such as
 * the time to 90 % of a run that never got there) are left out and counted in missing. */
struct ensemble_summary {
    size_t n;        /* finite values used */
    size_t missing;  /* NaN values left out */
    double mean;     /* NaN when n = 0 */
    double sd;       /* sample standard deviation (n - 1 in the denominator); NaN when n < 2 */
    double ci_lo, ci_hi; /* mean -/+ t(0.975, n - 1) * sd / sqrt(n); NaN when n < 2 */
    double median, min, max; /* NaN when n = 0 */
};

/* Summarises x[0..n). x is not changed. */
void ensemble_summarize(const double *x, size_t n, struct ensemble_summary *out);

/* The quantile q (0..1) of x[0..n) as GSL computes it from sorted data (linear interpolation
 * between order statistics, (n - 1) q); NaN values left out; NaN when none is left. x is not
 * changed; scratch holds n doubles. */
double ensemble_quantile(const double *x, size_t n, double q, double *scratch);

/* The first time the curve (t[i], v[i]), i < n, in increasing t, reaches level: t[0] if
 * v[0] >= level, else linearly interpolated between the last sample below the level and the
 * first at or above it; NaN if it never does. NaN samples are skipped. */
double ensemble_first_reach(const double *t, const double *v, size_t n, double level);

/* The largest v[i] (NaN skipped) and its first t; *peak_t NaN and return NaN when none. */
double ensemble_peak(const double *t, const double *v, size_t n, double *peak_t);

/* The last finite v[i] with t[i] <= t_at; NaN if there is none. */
double ensemble_value_at(const double *t, const double *v, size_t n, double t_at);

#endif
