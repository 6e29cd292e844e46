/* fit.c - a logistic A / (1 + exp(-K (t - T))) fitted to a curve with GSL's multifit_nlinear
 * (trust region, Levenberg-Marquardt). The parameters are scaled so the solver sees numbers near
 * one: A in units of the curve's maximum, K per hour, T in hours from the time the curve first
 * reaches half its maximum. Standard errors: the covariance (J^T J)^-1 times rss / (n - 3), the
 * usual estimate for independent errors. A simulated curve's residuals are not independent:
 * a chance early lead or lag persists for hours, so the errors are also given inflated for
 * first-order autocorrelation rho of the residuals (an AR(1) approximation: the variance of a
 * mean of n such errors is that of n (1 - rho) / (1 + rho) independent ones). */
#include "theory.h"

#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_multifit_nlinear.h>

#define FIT_MIN_POINTS 10
#define FIT_HOUR 3600.0
#define FIT_MAX_ITER 500
/* rho is capped so the inflation stays finite (at most sqrt(1.9999 / 0.0001), 141x). */
#define FIT_RHO_MAX 0.9999

struct fit_data {
    const double *t, *y;
    size_t n;
    double ymax, tmid;
};

/* g = 1 / (1 + exp(-z)) and 1 - g, without overflow. */
static void logistic(double z, double *g, double *h)
{
    if (z >= 0) {
        double e = exp(-z);
        *g = 1 / (1 + e);
        *h = e / (1 + e);
    } else {
        double e = exp(z);
        *g = e / (1 + e);
        *h = 1 / (1 + e);
    }
}

static void unscale(const gsl_vector *x, const struct fit_data *fd, double *A, double *K, double *T)
{
    *A = fd->ymax * gsl_vector_get(x, 0);
    *K = gsl_vector_get(x, 1) / FIT_HOUR;
    *T = fd->tmid + FIT_HOUR * gsl_vector_get(x, 2);
}

static int residuals(const gsl_vector *x, void *arg, gsl_vector *f)
{
    const struct fit_data *fd = arg;
    double A, K, T, g, h;
    unscale(x, fd, &A, &K, &T);
    for (size_t i = 0; i < fd->n; i++) {
        logistic(K * (fd->t[i] - T), &g, &h);
        gsl_vector_set(f, i, (A * g - fd->y[i]) / fd->ymax);
    }
    return GSL_SUCCESS;
}

/* d r_i / d x: r = (A g - y) / ymax with dg/dz = g (1 - g). */
static int jacobian(const gsl_vector *x, void *arg, gsl_matrix *J)
{
    const struct fit_data *fd = arg;
    double A, K, T, g, h;
    unscale(x, fd, &A, &K, &T);
    for (size_t i = 0; i < fd->n; i++) {
        double dt = fd->t[i] - T;
        logistic(K * dt, &g, &h);
        double gh = A * g * h / fd->ymax;
        gsl_matrix_set(J, i, 0, g);
        gsl_matrix_set(J, i, 1, gh * dt / FIT_HOUR);
        gsl_matrix_set(J, i, 2, -gh * K * FIT_HOUR);
    }
    return GSL_SUCCESS;
}

/* First time the curve reaches share q of its maximum. */
static double crossing(const struct fit_data *fd, double q)
{
    for (size_t i = 0; i < fd->n; i++)
        if (fd->y[i] >= q * fd->ymax)
            return fd->t[i];
    return fd->t[fd->n - 1];
}

/* Keeps the finite points; the caller frees *t and *y. */
static size_t finite_points(const double *t, const double *y, size_t n, double **tt, double **yy)
{
    *tt = xmalloc(sizeof **tt * (n ? n : 1));
    *yy = xmalloc(sizeof **yy * (n ? n : 1));
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(t[i]) && isfinite(y[i])) {
            (*tt)[m] = t[i];
            (*yy)[m++] = y[i];
        }
    return m;
}

static enum status solve(struct fit_data *fd, struct logistic_fit *out, struct diag *d)
{
    const size_t p = 3;
    gsl_multifit_nlinear_parameters params = gsl_multifit_nlinear_default_parameters();
    gsl_multifit_nlinear_workspace *w =
        gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &params, fd->n, p);
    gsl_multifit_nlinear_fdf fdf = {residuals, jacobian, NULL, fd->n, p, fd, 0, 0, 0};
    double t10 = crossing(fd, 0.1), t90 = crossing(fd, 0.9);
    double K0 = t90 > t10 ? log(81) / (t90 - t10) : 1 / FIT_HOUR;
    double x0[3] = {1, K0 * FIT_HOUR, 0};
    gsl_vector_view xv = gsl_vector_view_array(x0, p);
    gsl_multifit_nlinear_init(&xv.vector, &fdf, w);
    int info, rc = gsl_multifit_nlinear_driver(FIT_MAX_ITER, 1e-9, 1e-9, 0, NULL, NULL, &info, w);
    enum status st = ST_OK;
    if (rc != GSL_SUCCESS) {
        st = diag_set(d, ST_RUNTIME, "", 0, "the logistic fit did not converge (%s)",
                      gsl_strerror(rc));
        goto done;
    }
    gsl_matrix *covar = gsl_matrix_alloc(p, p);
    gsl_matrix *J = gsl_multifit_nlinear_jac(w);
    gsl_multifit_nlinear_covar(J, 0.0, covar);
    gsl_vector *f = gsl_multifit_nlinear_residual(w);
    double chisq;
    gsl_blas_ddot(f, f, &chisq);
    double s2 = chisq / (double)(fd->n - p), se[3];
    for (size_t i = 0; i < p; i++)
        se[i] = sqrt(gsl_matrix_get(covar, i, i) * s2);
    gsl_matrix_free(covar);
    unscale(w->x, fd, &out->A, &out->K_per_s, &out->T_s);
    double lag = 0, sq = 0;
    for (size_t i = 0; i < fd->n; i++) {
        double e = gsl_vector_get(f, i);
        sq += e * e;
        if (i)
            lag += e * gsl_vector_get(f, i - 1);
    }
    double rho = sq > 0 ? fmin(fmax(lag / sq, 0), FIT_RHO_MAX) : 0;
    double inflate = sqrt((1 + rho) / (1 - rho));
    out->rho = rho;
    out->A_se_iid = fd->ymax * se[0];
    out->K_se_iid = se[1] / FIT_HOUR;
    out->T_se_iid = FIT_HOUR * se[2];
    out->A_se = inflate * out->A_se_iid;
    out->K_se = inflate * out->K_se_iid;
    out->T_se = inflate * out->T_se_iid;
    out->rss = chisq * fd->ymax * fd->ymax;
    out->n = fd->n;
    out->iterations = (int)gsl_multifit_nlinear_niter(w);
done:
    gsl_multifit_nlinear_free(w);
    return st;
}

enum status logistic_fit(const double *t, const double *y, size_t n, struct logistic_fit *out,
                         struct diag *d)
{
    struct fit_data fd = {0};
    double *tt, *yy;
    fd.n = finite_points(t, y, n, &tt, &yy);
    fd.t = tt;
    fd.y = yy;
    double ymin = INFINITY;
    fd.ymax = -INFINITY;
    for (size_t i = 0; i < fd.n; i++) {
        fd.ymax = fmax(fd.ymax, yy[i]);
        ymin = fmin(ymin, yy[i]);
    }
    enum status st;
    if (fd.n < FIT_MIN_POINTS || !(fd.ymax > 0) || !(fd.ymax > ymin)) {
        st = diag_set(d, ST_INPUT, "", 0, "the curve does not grow (%zu points): nothing to fit",
                      fd.n);
    } else {
        fd.tmid = crossing(&fd, 0.5);
        st = solve(&fd, out, d);
    }
    free(tt);
    free(yy);
    return st;
}
