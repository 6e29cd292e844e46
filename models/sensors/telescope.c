/* telescope.c - a network telescope (or a site's IDS): probes, SYNs and distinct infected
 * sources arriving in a prefix, per sample and per window.
 *
 * Fast mode draws what a prefix would have received from the scanning hosts' rates: host i,
 * scanning at rate r_i with share q_i of its scans landing in the prefix (sensor_share),
 * reaches it as a Poisson process of rate r_i q_i. So, exactly in distribution:
 *   probes in a sample   Poisson(integral of sum_i r_i q_i), SYNs: 1 per probe to an
 *                        address that answers (a binomial draw at the prefix's live share),
 *                        3 per silent one (SOURCES §7: SYNs at 0, 3 and 9 s);
 *   first sighting of i  after scanning time Exp(1) / (r_i q_i), redrawn when it stops and
 *                        starts again (memoryless); counted in the sample it falls in;
 *   seen in a window     with probability 1 - exp(-r_i q_i x), x its scanning time in the
 *                        window (independent between windows).
 * Per-scan mode counts the scans that land in the prefix. Both add up in hybrid runs (hosts
 * simulated scan by scan beside the rest). Windows end at samples (the window is a multiple of
 * the sample interval); the "sources" column holds the last complete window's count. */
#include "sensors_internal.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>

/* SOURCES §7: Windows 2000 sends 3 SYNs to an address that never answers. */
#define DARK_SYNS 3

static size_t n_buckets(const struct sensors *s) { return (size_t)(s->t_end / s->sample_s) + 2; }

/* Index of the first sample at or after t. */
static size_t bucket_of(const struct sensors *s, double t)
{
    double i = ceil(t / s->sample_s - 1e-9);
    size_t last = n_buckets(s) - 1;
    return i < 0 ? 0 : i > (double)last ? last : (size_t)i;
}

/* Hosts that answer a probe in p: the IIS servers and devices (other web servers count as
 * silent in per-scan mode too: they are never UP hosts there). */
static double live_hosts(const struct population *pop, const struct prefix *p)
{
    uint64_t lo = p->base, hi = lo + (uint64_t)prefix_size(p);
    size_t a = 0, b = pop->n;
    while (a < b) {
        size_t m = (a + b) / 2;
        if (pop->addr[m] < lo)
            a = m + 1;
        else
            b = m;
    }
    double n = 0;
    for (size_t i = a; i < pop->n && pop->addr[i] < hi; i++)
        n += pop->kind[i] != KIND_OTHER_WEB;
    return n;
}

void telescope_init(struct sensors *s, struct telescope *k, const struct telescope_section *c)
{
    memset(k, 0, sizeof *k);
    k->cfg = c;
    k->size = prefix_size(&c->prefix);
    k->live_share = live_hosts(s->pop, &c->prefix) / k->size;
    k->window_end = c->window_s;
    for (int w = 0; w < SENSOR_WORMS; w++)
        k->first_bucket[w] = xcalloc(n_buckets(s), sizeof *k->first_bucket[w]);
}

void telescope_free(struct sensors *s, struct telescope *k)
{
    (void)s;
    for (int w = 0; w < SENSOR_WORMS; w++) {
        free(k->first_bucket[w]);
        free(k->first_at[w]);
        free(k->seen[w]);
        free(k->snap[w]);
        free(k->window_stamp[w]);
        free(k->share[w]);
    }
}

void telescope_grow(struct sensors *s, struct telescope *k, uint32_t old, uint32_t cap)
{
    (void)s;
    for (int w = 0; w < SENSOR_WORMS; w++) {
        k->first_at[w] = xrealloc(k->first_at[w], sizeof *k->first_at[w] * cap);
        k->seen[w] = xrealloc(k->seen[w], cap);
        k->snap[w] = xrealloc(k->snap[w], sizeof *k->snap[w] * cap);
        k->window_stamp[w] = xrealloc(k->window_stamp[w], sizeof *k->window_stamp[w] * cap);
        k->share[w] = xrealloc(k->share[w], sizeof *k->share[w] * cap);
        for (uint32_t i = old; i < cap; i++) {
            k->first_at[w][i] = INFINITY;
            k->seen[w][i] = 0;
            k->snap[w][i] = 0;
            k->window_stamp[w][i] = 0;
            k->share[w][i] = -1; /* not computed yet */
        }
    }
}

/* Rate at which slot i of worm w reaches the prefix while it scans. */
static double slot_rate(struct sensors *s, struct telescope *k, int w, uint32_t i)
{
    if (k->share[w][i] < 0)
        k->share[w][i] = sensor_share(s, w, s->pop->addr[s->host_of[i]], &k->cfg->prefix);
    return s->hosts[w][i].rate * k->share[w][i];
}

/* Brings the integrals of the rates up to t. */
static void advance(struct telescope *k, double t)
{
    for (int w = 0; w < SENSOR_WORMS; w++)
        k->acc[w] += k->rate[w] * (t - k->acc_since);
    k->acc_since = t;
}

void telescope_start(struct sensors *s, struct telescope *k, int w, uint32_t i, double t)
{
    advance(k, t);
    double lambda = slot_rate(s, k, w, i);
    k->rate[w] += lambda;
    if (k->seen[w][i] || lambda <= 0)
        return;
    double at = t + gsl_ran_exponential(s->r, 1.0) / lambda;
    if (at > s->t_end)
        return;
    k->first_at[w][i] = at;
    k->first_bucket[w][bucket_of(s, at)]++;
}

void telescope_stop(struct sensors *s, struct telescope *k, int w, uint32_t i, double t)
{
    advance(k, t);
    k->rate[w] -= slot_rate(s, k, w, i);
    if (s->n_scanning[w] == 1)
        k->rate[w] = 0; /* the last one: no rounding left over */
    double at = k->first_at[w][i];
    if (!isfinite(at))
        return;
    if (at <= t) {
        k->seen[w][i] = 1;
    } else {
        k->first_bucket[w][bucket_of(s, at)]--;
    }
    k->first_at[w][i] = INFINITY;
}

void telescope_scan(struct sensors *s, struct telescope *k, int w, uint32_t i, bool live)
{
    (void)s;
    k->probes[w] += 1;
    k->syns[w] += live ? 1 : DARK_SYNS;
    if (!k->seen[w][i] && !isfinite(k->first_at[w][i])) {
        k->seen[w][i] = 1;
        k->ever[w] += 1;
    }
    if (k->window_stamp[w][i] != k->window_index + 1) {
        k->window_stamp[w][i] = k->window_index + 1;
        k->cur_sources[w] += 1;
    }
}

/* End of a window at t: every slot that scanned in it is seen with probability
 * 1 - exp(-rate x time scanned in the window) (fast), plus those counted scan by scan. */
static void end_window(struct sensors *s, struct telescope *k, double t)
{
    for (int w = 0; w < SENSOR_WORMS; w++) {
        double seen = 0;
        for (uint32_t i = 0; s->worms[w].on && i < s->n_slots; i++) {
            double x = sensor_scan_time(s, w, i, t), e = x - k->snap[w][i];
            if (e <= 0)
                continue;
            k->snap[w][i] = x;
            if (k->window_stamp[w][i] == k->window_index + 1)
                continue; /* counted scan by scan already */
            double lambda = slot_rate(s, k, w, i);
            seen += gsl_rng_uniform(s->r) < -expm1(-lambda * e);
        }
        k->window_sources[w] = seen + k->cur_sources[w];
        k->cur_sources[w] = 0;
    }
    k->window_index++;
    k->window_end += k->cfg->window_s;
}

void telescope_sample(struct sensors *s, struct telescope *k, double t, double *values)
{
    advance(k, t);
    size_t b = bucket_of(s, t);
    if (t >= k->window_end - 1e-6 * s->sample_s)
        end_window(s, k, t);
    double *v = values + k->col;
    for (int w = 0; w < SENSOR_WORMS; w++) {
        if (!s->worms[w].on)
            continue;
        unsigned probes = k->acc[w] > 0 ? gsl_ran_poisson(s->r, k->acc[w]) : 0;
        unsigned live = probes ? gsl_ran_binomial(s->r, k->live_share, probes) : 0;
        k->acc[w] = 0;
        k->ever[w] += k->first_bucket[w][b];
        k->first_bucket[w][b] = 0;
        v[0] = probes + k->probes[w];
        v[1] = live + DARK_SYNS * (double)(probes - live) + k->syns[w];
        v[2] = k->window_sources[w];
        v[3] = k->ever[w];
        k->probes[w] = k->syns[w] = 0;
        v += 4;
    }
}

void telescope_check(const struct sensors *s, const struct telescope *k)
{
    for (int w = 0; w < SENSOR_WORMS; w++) {
        double sum = 0;
        for (uint32_t j = 0; j < s->n_scanning[w]; j++) {
            uint32_t i = s->scanning[w][j];
            assert(k->share[w][i] >= 0);
            sum += s->hosts[w][i].rate * k->share[w][i];
        }
        assert(fabs(sum - k->rate[w]) <= 1e-6 * (sum + 1));
    }
}
