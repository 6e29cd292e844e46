/* theory.h - the textbook models a run is compared with, and a logistic fit to a run's curve.
 * Random constant spread (Staniford, Paxson, Weaver 2002): da/dt = K a (1 - a), whose solution
 * is the logistic a(t) = 1 / (1 + e^{-K (t - T)}); with scan rate r over S addresses holding N
 * vulnerable hosts, K = r N / S (S = 2^32 for all of IPv4). Two-factor model (Zou, Gong,
 * Towsley 2002): removal of infected hosts, patching of susceptible ones and congestion
 * slowing the scans (docs/SOURCES.md §14). Both are solved with GSL's odeiv2,
 * times in seconds; pure arithmetic, no world, no store. */
#ifndef WORMSIM_THEORY_H
#define WORMSIM_THEORY_H

#include <stddef.h>

#include "status.h"

/* The closed-form RCS fraction infected at t: 1 / (1 + exp(-K (t - T))). K per second. */
double rcs_fraction(double K_per_s, double T_s, double t_s);

/* Solves da/dt = K a (1 - a) from a(t0) = a0 (0 < a0 < 1) at the n times t[] (ascending, each
 * >= t0; earlier ones get a0) into a[]. ST_RUNTIME if the solver fails (it should not). */
enum status rcs_solve(double K_per_s, double a0, double t0_s, const double *t, size_t n,
                      double *a, struct diag *d);

/* The two-factor model, with the run's own rates added:
 *   dS/dt = -b(t) S I - dQ/dt          b(t) = beta0 (1 - I/N)^eta
 *   dI/dt =  b(t) S I - gamma I - patch I
 *   dR/dt =  gamma I + patch I          (removed: rebooted clean or patched while infected)
 *   dQ/dt =  mu S (I + R) + patch S     (susceptible hosts patched)
 * Zou et al.'s published values: N = 1e6, I0 = 1, eta = 3, gamma = 0.05, mu = 0.06 / N,
 * beta0 = 0.8 / N (their time unit). patch_per_s is the run's constant patch rate, active from
 * patch_from_s on. Times in seconds. */
struct two_factor {
    double N, I0, t0_s;
    double beta0;        /* per (infected, susceptible) pair per second: r / S */
    double eta;          /* congestion exponent */
    double gamma_per_s;  /* removal of infected hosts */
    double mu;           /* awareness-driven patching, per susceptible per (I+R) per second */
    double patch_per_s, patch_from_s;
};

/* Solves the model at the n ascending times t[] into I[] (infected) and, when not NULL, R[]
 * (removed) and Q[] (patched susceptibles). Times before t0 get the initial state. */
enum status two_factor_solve(const struct two_factor *p, const double *t, size_t n, double *I,
                             double *R, double *Q, struct diag *d);

/* A logistic y = A / (1 + exp(-K (t - T))) fitted by nonlinear least squares (GSL
 * multifit_nlinear, Levenberg-Marquardt). Standard errors *_se_iid: the covariance scaled by
 * the residual variance rss / (n - 3), right for independent errors; *_se: the same inflated by
 * sqrt((1 + rho) / (1 - rho)) for the lag-1 autocorrelation rho of the residuals (clamped to
 * [0, 0.9999]), right for a simulated curve whose errors persist. */
struct logistic_fit {
    double A, K_per_s, T_s;
    double A_se, K_se, T_se;
    double A_se_iid, K_se_iid, T_se_iid, rho;
    double rss;
    size_t n;
    int iterations;
};

/* Fits the points (t[i], y[i]) whose y is finite. ST_INPUT ("... does not grow: nothing to
 * fit") when fewer than 10 points or no rise; ST_RUNTIME when the fit does not converge. */
enum status logistic_fit(const double *t, const double *y, size_t n, struct logistic_fit *out,
                         struct diag *d);

#endif
