/* thread_rate.c - Code Red II's scan rate per host from its threads (docs/SOURCES.md §7, §18).
 * A thread waits 21 s on an address where nothing answers and much less where something does, so
 * a host's attempts per second depend on its target mix and on how many addresses answer around
 * it: crii_thread_rate with the answering shares of the whole space, its /8 and its /16. All
 * hosts of a /16 share those shares, so the world keeps one rate per /16, as a small integer
 * weight in units of `rate` = (threads / dark_timeout) / THREAD_RATE_UNITS (the rate of a host
 * where nothing answers is THREAD_RATE_UNITS units). Rounding to a unit moves a rate by at most
 * 1 / (2 x THREAD_RATE_UNITS) = 1 %; rates above the largest weight are capped (reported). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "crii.h"
#include "world_internal.h"

#define THREAD_RATE_UNITS 50

/* Threads of a Chinese-language host in units of cfg.threads (as spread.c). */
static uint32_t locale_multiplier(const struct worm_config *c)
{
    return c->threads_chinese ? (uint32_t)(c->threads_chinese / c->threads) : 1;
}

static bool thread_model(const struct worm *k)
{
    return worm_grouped(k) && k->cfg.scan_rate <= 0;
}

/* Answering shares of the three components for a host in /16 g. */
static void live_shares(const struct worm *k, uint32_t g, double live[CRII_COMPONENTS])
{
    const struct population *pop = &k->w->pop;
    double a = k->cfg.answering_per_host;
    live[CRII_RANDOM] = fmin(1, a * pop->n / k->w->space_size);
    live[CRII_SAME8] = fmin(1, a * population_count8(pop, g >> 8) / 16777216.0);
    live[CRII_SAME16] = fmin(1, a * population_count16(pop, g) / 65536.0);
}

void thread_rate_init(struct worm *k)
{
    k->rate = config_scan_rate(&k->cfg, k->w->live_share);
    k->rate16 = NULL;
    k->rate16_max = 1;
    if (!thread_model(k))
        return;
    const struct worm_config *c = &k->cfg;
    double p[CRII_COMPONENTS] = {c->p_random, c->p_same8, c->p_same16};
    k->rate = (double)c->threads / c->dark_timeout_s / THREAD_RATE_UNITS;
    uint32_t cap = 255 / locale_multiplier(c);
    k->rate16 = xmalloc(65536);
    k->rate16_max = 1;
    for (uint32_t g = 0; g < 65536; g++) {
        double live[CRII_COMPONENTS];
        live_shares(k, g, live);
        double r = crii_thread_rate((double)c->threads, c->dark_timeout_s, c->answer_time_s, p,
                                    live);
        double units = floor(r / k->rate + 0.5);
        uint32_t u = units < 1 ? 1 : units > cap ? cap : (uint32_t)units;
        k->rate16[g] = (uint8_t)u;
        if (population_count16(&k->w->pop, g) && u > k->rate16_max)
            k->rate16_max = u;
    }
    for (uint32_t g = 0; g < 65536; g++) /* empty /16s: no host ever weighs more than the max */
        if (k->rate16[g] > k->rate16_max)
            k->rate16[g] = (uint8_t)k->rate16_max;
}

void thread_rate_free(struct worm *k)
{
    free(k->rate16);
    k->rate16 = NULL;
}

/* The q-quantile of hist (counts by weight 0..n-1, total > 0). */
static uint32_t hist_quantile(const uint64_t *hist, uint32_t n, uint64_t total, double q)
{
    uint64_t want = (uint64_t)ceil(q * (double)total), seen = 0;
    if (want == 0)
        want = 1;
    for (uint32_t w = 0; w < n; w++) {
        seen += hist[w];
        if (seen >= want)
            return w;
    }
    return n - 1;
}

void thread_rate_report(struct worm *k)
{
    struct world *w = k->w;
    if (!k->rate16 || !w->obs.event)
        return;
    uint64_t hist[256] = {0}, total = 0;
    uint32_t cap = 255 / locale_multiplier(&k->cfg), capped = 0;
    for (uint32_t h = 0; h < w->pop.n; h++) {
        if (!population_is_iis(w->pop.kind[h]))
            continue;
        uint32_t g = w->pop.addr[h] >> 16;
        hist[spread_thread_weight(k, h)]++;
        total++;
        capped += k->rate16[g] == cap;
    }
    if (total == 0)
        return;
    char detail[320];
    snprintf(detail, sizeof detail,
             "attempts/s of the %llu vulnerable hosts when spreading (thread model: %ld threads, "
             "%g s per silent address, %g s per answering one): min %.2f, 10%% %.2f, median %.2f, "
             "90%% %.2f, max %.2f; %u hosts at the cap",
             (unsigned long long)total, k->cfg.threads, k->cfg.dark_timeout_s,
             k->cfg.answer_time_s, hist_quantile(hist, 256, total, 0) * k->rate,
             hist_quantile(hist, 256, total, 0.1) * k->rate,
             hist_quantile(hist, 256, total, 0.5) * k->rate,
             hist_quantile(hist, 256, total, 0.9) * k->rate,
             hist_quantile(hist, 256, total, 1) * k->rate, capped);
    w->obs.event(0, "model_note", "scan_rates", detail, w->obs.arg);
}
