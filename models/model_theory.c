/* model_theory.c - the textbook models with a run's own parameters (models/theory does the
 * arithmetic). From the scenario: N = the vulnerable hosts (population and subnets), r = the
 * first worm's scan rate, S = the addresses it scans (2^32 for all of IPv4), the seed time and
 * seed hosts; for the two-factor model the removal rate of infected hosts (reboots after
 * uptime_mean, Code Red II's reboot after its lifetime), the patch rate from patch_start, and
 * Zou et al.'s congestion exponent eta = 3, since the world has no congestion of its own to
 * offer (docs/SOURCES.md §14). N counts only the hosts a probe infects (not
 * those it crashes). */
#include "model_theory.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "theory.h"
#include "worm_kind.h"

/* Zou, Gong, Towsley (2002): eta = 3 in their Code Red fit. */
#define ZOU_ETA 3.0

static double vulnerable_hosts(const struct world_config *c)
{
    double n = (double)c->vulnerable;
    for (int i = 0; i < c->n_subnets; i++)
        n += (double)c->subnets[i].vulnerable;
    return n;
}

/* The vulnerable hosts a probe of the first worm can infect: not the Japanese IIS that crash
 * instead (a host's kind is drawn once: docs/SOURCES.md §11), nor, for Code Red
 * II, IIS 4 on NT 4, which it crashes (docs/SOURCES.md §6). */
static double infectable_hosts(const struct world_config *c)
{
    double n = vulnerable_hosts(c) * (1 - c->share_japanese * c->japanese_crash);
    int v = c->worms[0].variant;
    if (v != WORM_NONE &&
        worm_kind_probe(worm_kind(v), true, c->start_epoch_s) == PROBE_CRASHES_IIS)
        n *= 1 - c->share_nt4;
    return n;
}

/* The scan rate per host: the worm's own rule, with the share of the space that answers. */
static double scan_rate(const struct world_config *c)
{
    double hosts = vulnerable_hosts(c) + (double)c->other_web + (double)c->devices_hang +
                   (double)c->devices_restart;
    double live = fmin(1, hosts / prefix_size(&c->space));
    return config_scan_rate(&c->worms[0], live);
}

double model_theory_k(const void *config)
{
    const struct world_config *c = config;
    return scan_rate(c) * infectable_hosts(c) / prefix_size(&c->space);
}

enum status model_theory_fit(const void *config, const double *t, const double *v, size_t n,
                             struct model_fit *out, struct diag *d)
{
    struct logistic_fit f;
    enum status st = logistic_fit(t, v, n, &f, d);
    if (st != ST_OK)
        return st;
    *out = (struct model_fit){.A = f.A, .K_per_s = f.K_per_s, .T_s = f.T_s, .A_se = f.A_se,
                              .K_se = f.K_se, .T_se = f.T_se, .rss = f.rss, .n = f.n,
                              .iterations = f.iterations, .K_se_iid = f.K_se_iid,
                              .T_se_iid = f.T_se_iid, .rho = f.rho,
                              .K_expected_per_s = model_theory_k(config)};
    return ST_OK;
}

enum status model_theory_curves(const void *config, const double *t, size_t n,
                                struct model_curves *out, struct diag *d)
{
    const struct world_config *c = config;
    const struct worm_config *w = &c->worms[0];
    double N = infectable_hosts(c), K = model_theory_k(c);
    double t0 = w->seed_epoch_s - c->start_epoch_s;
    double seeds = (double)w->seed_hosts;
    for (int i = 0; i < c->n_subnets; i++)
        seeds += (double)c->subnets[i].infected;
    seeds = fmax(seeds, 1);
    out->n = 0;
    if (!(N > 0))
        return diag_set(d, ST_INPUT, "", 0, "the run has no vulnerable hosts: no theory to draw");
    double *rcs = xmalloc(sizeof *rcs * (n ? n : 1));
    double *tf = xmalloc(sizeof *tf * (n ? n : 1));
    enum status st = rcs_solve(K, seeds / N, t0, t, n, rcs, d);
    for (size_t i = 0; st == ST_OK && i < n; i++)
        rcs[i] = t[i] < t0 ? NAN : N * rcs[i];
    double gamma = c->uptime_mean_s > 0 ? 1 / c->uptime_mean_s : 0;
    if (w->variant != WORM_NONE && worm_kind(w->variant)->life == LIFE_SPREAD_THEN_REBOOT)
        gamma += 1 / w->lifetime_s;
    struct two_factor p = {.N = N, .I0 = seeds, .t0_s = t0, .beta0 = K / N, .eta = ZOU_ETA,
                           .gamma_per_s = gamma, .mu = 0, .patch_per_s = c->patch_rate,
                           .patch_from_s = c->patch_start_epoch_s - c->start_epoch_s};
    if (st == ST_OK)
        st = two_factor_solve(&p, t, n, tf, NULL, NULL, d);
    for (size_t i = 0; st == ST_OK && i < n; i++)
        if (t[i] < t0)
            tf[i] = NAN;
    if (st != ST_OK) {
        free(rcs);
        free(tf);
        return st;
    }
    snprintf(out->name[0], sizeof out->name[0], "RCS, K = rN/2^%g = %.3g/h",
             32 - (double)c->space.len, K * 3600);
    snprintf(out->name[1], sizeof out->name[1], "two-factor (eta = 3, run's removal/patch rates)");
    out->v[0] = rcs;
    out->v[1] = tf;
    out->n = 2;
    return ST_OK;
}
