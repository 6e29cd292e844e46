/* model_theory.h - the descriptor's theory hooks (model_theory.c): the analytic models and the
 * logistic fit with the parameters of a Code Red run. Only model.c includes it. */
#ifndef WORMSIM_MODEL_THEORY_H
#define WORMSIM_MODEL_THEORY_H

#include "model.h"

/* K = r N / S for the first worm of config: scan rate r (scan_rate or the thread model), N
 * the vulnerable hosts its probe infects (not those it crashes), S the addresses scanned. Per
 * second. */
double model_theory_k(const void *config);

enum status model_theory_fit(const void *config, const double *t, const double *v, size_t n,
                             struct model_fit *out, struct diag *d);

/* Two curves, in hosts: "RCS" (da/dt = K a (1 - a), a(seed time) = seed hosts / N) and
 * "two-factor" (the run's removal and patching rates, Zou et al.'s congestion eta = 3). */
enum status model_theory_curves(const void *config, const double *t, size_t n,
                                struct model_curves *out, struct diag *d);

#endif
