/* ode.c - the random constant spread and two-factor models solved with GSL's odeiv2 driver
 * (Runge-Kutta-Fehlberg 4-5 with adaptive steps), from the initial state to each requested
 * time in turn. Relative and absolute tolerances are tight (1e-10) since the curves are also
 * compared with the closed-form logistic in the tests. */
#include "theory.h"

#include <math.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>

#define ODE_EPS 1e-10
/* The RCS fraction starts near 1 / N (1e-8 and below): its absolute tolerance must be far
 * smaller, or the early curve is off by a share of itself. */
#define ODE_EPS_ABS_FRACTION 1e-16

double rcs_fraction(double K_per_s, double T_s, double t_s)
{
    return 1 / (1 + exp(-K_per_s * (t_s - T_s)));
}

static int rcs_rhs(double t, const double y[], double dydt[], void *params)
{
    (void)t;
    double K = *(const double *)params;
    dydt[0] = K * y[0] * (1 - y[0]);
    return GSL_SUCCESS;
}

/* Integrates sys from y(t0) through the ascending times t[], calling store(i, y) for each. */
static enum status integrate(gsl_odeiv2_system *sys, double t0, double *y, const double *t,
                             size_t n, void (*store)(size_t i, const double *y, void *arg),
                             void *arg, double h0, double eps_abs, struct diag *d)
{
    gsl_odeiv2_driver *drv =
        gsl_odeiv2_driver_alloc_y_new(sys, gsl_odeiv2_step_rkf45, h0, eps_abs, ODE_EPS);
    double now = t0;
    enum status st = ST_OK;
    for (size_t i = 0; i < n; i++) {
        if (t[i] > now) {
            int rc = gsl_odeiv2_driver_apply(drv, &now, t[i], y);
            if (rc != GSL_SUCCESS) {
                st = diag_set(d, ST_RUNTIME, "", 0, "ODE solver failed at t = %g s: %s", now,
                              gsl_strerror(rc));
                break;
            }
        }
        store(i, y, arg);
    }
    gsl_odeiv2_driver_free(drv);
    return st;
}

static void store_first(size_t i, const double *y, void *arg) { ((double *)arg)[i] = y[0]; }

enum status rcs_solve(double K_per_s, double a0, double t0_s, const double *t, size_t n,
                      double *a, struct diag *d)
{
    double K = K_per_s, y[1] = {a0};
    gsl_odeiv2_system sys = {rcs_rhs, NULL, 1, &K};
    return integrate(&sys, t0_s, y, t, n, store_first, a, 1 / fmax(K, 1e-12) * 1e-3,
                     ODE_EPS_ABS_FRACTION, d);
}

/* State y = (S, I, R, Q). */
static int two_factor_rhs(double t, const double y[], double dydt[], void *params)
{
    const struct two_factor *p = params;
    double S = fmax(y[0], 0), I = fmax(y[1], 0), R = fmax(y[2], 0);
    double b = p->beta0 * pow(fmax(1 - I / p->N, 0), p->eta);
    double patch = t >= p->patch_from_s ? p->patch_per_s : 0;
    double dQ = p->mu * S * (I + R) + patch * S;
    double infect = b * S * I;
    dydt[0] = -infect - dQ;
    dydt[1] = infect - (p->gamma_per_s + patch) * I;
    dydt[2] = (p->gamma_per_s + patch) * I;
    dydt[3] = dQ;
    return GSL_SUCCESS;
}

struct tf_out {
    double *I, *R, *Q;
};

static void store_tf(size_t i, const double *y, void *arg)
{
    struct tf_out *o = arg;
    o->I[i] = y[1];
    if (o->R)
        o->R[i] = y[2];
    if (o->Q)
        o->Q[i] = y[3];
}

enum status two_factor_solve(const struct two_factor *p, const double *t, size_t n, double *I,
                             double *R, double *Q, struct diag *d)
{
    double y[4] = {p->N - p->I0, p->I0, 0, 0};
    struct two_factor copy = *p;
    gsl_odeiv2_system sys = {two_factor_rhs, NULL, 4, &copy};
    struct tf_out o = {I, R, Q};
    double rate = p->beta0 * p->N + p->gamma_per_s + p->patch_per_s;
    return integrate(&sys, p->t0_s, y, t, n, store_tf, &o, 1e-3 / fmax(rate, 1e-12), ODE_EPS, d);
}
