/* ensemble.c - replica statistics through GSL (gsl_stats_*, gsl_sort, gsl_cdf_tdist_Pinv) and
 * the figures read off one curve. Missing values (NaN) are left out, never averaged in. */
#include "ensemble.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "status.h"

/* Copies the finite values of x into y (room for n); returns how many. */
static size_t finite_copy(const double *x, size_t n, double *y)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]))
            y[m++] = x[i];
    return m;
}

void ensemble_summarize(const double *x, size_t n, struct ensemble_summary *out)
{
    double *y = xmalloc((n ? n : 1) * sizeof *y);
    size_t m = finite_copy(x, n, y);
    out->n = m;
    out->missing = n - m;
    out->mean = out->sd = out->ci_lo = out->ci_hi = NAN;
    out->median = out->min = out->max = NAN;
    if (m > 0) {
        gsl_sort(y, 1, m);
        out->mean = gsl_stats_mean(y, 1, m);
        out->median = gsl_stats_median_from_sorted_data(y, 1, m);
        out->min = y[0];
        out->max = y[m - 1];
    }
    if (m > 1) {
        out->sd = gsl_stats_sd_m(y, 1, m, out->mean);
        double half = gsl_cdf_tdist_Pinv(0.975, (double)(m - 1)) * out->sd / sqrt((double)m);
        out->ci_lo = out->mean - half;
        out->ci_hi = out->mean + half;
    }
    free(y);
}

double ensemble_quantile(const double *x, size_t n, double q, double *scratch)
{
    size_t m = finite_copy(x, n, scratch);
    if (m == 0)
        return NAN;
    gsl_sort(scratch, 1, m);
    return gsl_stats_quantile_from_sorted_data(scratch, 1, m, q);
}

double ensemble_first_reach(const double *t, const double *v, size_t n, double level)
{
    double prev_t = NAN, prev_v = NAN;
    for (size_t i = 0; i < n; i++) {
        if (isnan(v[i]))
            continue;
        if (v[i] >= level) {
            if (isnan(prev_v) || v[i] == prev_v)
                return t[i];
            return prev_t + (level - prev_v) / (v[i] - prev_v) * (t[i] - prev_t);
        }
        prev_t = t[i];
        prev_v = v[i];
    }
    return NAN;
}

double ensemble_peak(const double *t, const double *v, size_t n, double *peak_t)
{
    double best = NAN;
    *peak_t = NAN;
    for (size_t i = 0; i < n; i++)
        if (!isnan(v[i]) && (isnan(best) || v[i] > best)) {
            best = v[i];
            *peak_t = t[i];
        }
    return best;
}

double ensemble_value_at(const double *t, const double *v, size_t n, double t_at)
{
    double last = NAN;
    for (size_t i = 0; i < n && t[i] <= t_at; i++)
        if (!isnan(v[i]))
            last = v[i];
    return last;
}
