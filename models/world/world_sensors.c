/* world_sensors.c - the world's side of the sensors (models/sensors): it tells them when a
 * host starts and stops scanning (fast mode, and Code Red I v1's walk in both modes, whose scans
 * the sensors take as uniform), hands them every scan drawn one by one that lands where they
 * watch (per-scan mode and hosts simulated scan by scan), and fills their columns at samples.
 * The sensors draw from their own stream, also for a scan's source where the per-scan mode
 * does not draw one (a uniform worm's scans do not depend on their source), so the world's
 * draws are the same with or without them. */
#include <stdlib.h>

#include "sensors.h"
#include "world_internal.h"

enum status world_sensors_create(struct world *w, uint64_t seed, const char *path,
                                 struct diag *d)
{
    return sensors_create(&w->sensors, &w->cfg, &w->pop, seed, path, d);
}

void world_sensors_free(struct world *w)
{
    sensors_free(w->sensors);
    free(w->watch);
}

/* True when k's scanning reaches the sensors as a rate (start/stop), not scan by scan. */
static bool from_rates(const struct worm *k)
{
    return k->w->cfg.mode == MODE_FAST || worm_walks(k);
}

void world_sensors_start(struct worm *k, uint32_t h, double t)
{
    if (k->w->sensors && from_rates(k))
        sensors_spread_start(k->w->sensors, k->idx, h, k->rate * spread_thread_weight(k, h), t);
}

void world_sensors_stop(struct worm *k, uint32_t h, double t)
{
    if (k->w->sensors && from_rates(k))
        sensors_spread_stop(k->w->sensors, k->idx, h, t);
}

void world_sensors_scan(struct worm *k, uint32_t source, uint32_t target, bool live)
{
    struct world *w = k->w;
    w->last_watched = false;
    if (!sensors_watch(w->sensors, target))
        return;
    w->last_watched = true;
    if (source == POPULATION_NO_HOST) /* drawn from the sensors' stream, by threads */
        source = hostset_pick(&k->spread, sensors_rng(w->sensors), true);
    if (w->n_watch == w->cap_watch) {
        w->cap_watch = w->cap_watch ? 2 * w->cap_watch : 16;
        w->watch = xrealloc(w->watch, sizeof *w->watch * w->cap_watch);
    }
    w->watch[w->n_watch++] = (struct watched_scan){source, target, live};
}

/* last_at_hi: the latest scan drawn happened at t_hi (the one that changed a host). */
void world_sensors_flush(struct worm *k, double t_lo, double t_hi, bool last_at_hi)
{
    struct world *w = k->w;
    for (size_t i = 0; i < w->n_watch; i++) {
        const struct watched_scan *x = &w->watch[i];
        bool at_hi = last_at_hi && w->last_watched && i + 1 == w->n_watch;
        sensors_scan(w->sensors, k->idx, x->host, x->target, x->live, at_hi ? t_hi : t_lo,
                     t_hi);
    }
    w->n_watch = 0;
}

bool world_sensors_sample(struct world *w, double t, double *values)
{
    if (!w->sensors || w->sensor_st != ST_OK)
        return w->sensor_st == ST_OK;
    w->sensor_st = sensors_sample(w->sensors, t, values, &w->sensor_diag);
    return w->sensor_st == ST_OK;
}

struct sensors *world_sensors(struct world *w) { return w->sensors; }

enum status world_sensor_error(const struct world *w, struct diag *d)
{
    if (w->sensor_st != ST_OK && d)
        *d = w->sensor_diag;
    return w->sensor_st;
}
