/* removal.c - infected hosts stopping during the spreading phase ([removal] keys), apart from
 * the worm's calendar and crashes:
 *   power: home and small-business machines switched off every night and on every morning
 *          by their local time (the /8's registry region gives the time zone); off, a host
 *          neither scans nor can be infected, and Code Red (memory-resident) is gone; on
 *          again it is susceptible unless patched. A host's switch times are a hash of (run
 *          seed, host, day), so "is it off now?" is computed when a probe reaches it, and
 *          only an infected host's switch-off is an event (it clears the worms).
 *   reboot: besides ordinary reboots (population.uptime_mean), administrators reboot infected
 *          hosts at removal.reboot_rate from the advisory; the time is drawn at infection
 *          from the piecewise-constant hazard, which is exact (memoryless).
 *   filter: a share of /16 networks filter port 80 both ways some time after the advisory:
 *          their hosts are cut off for good.
 *   patch: population.patch_rate from population.patch_start (below).
 * The host state changes themselves are world.c's (world_host_down, world_host_up). */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "rng.h"
#include "world_internal.h"

/* IANA IPv4 address space registry: the /8s held by APNIC, RIPE NCC and (for Latin America)
 * 200/8 in 2001; the rest is ARIN and legacy space, mostly in the United States. Offsets are
 * summer time in July [uncertain]: APNIC between China/Taiwan (+8) and Korea/Japan (+9), RIPE
 * central Europe (+2), 200/8 Brazil to Mexico (-4), ARIN the central United States (-5). */
static double region_offset_h(uint32_t slash8)
{
    static const uint8_t apnic[] = {61, 202, 203, 210, 211, 218, 219, 220, 221, 222};
    static const uint8_t ripe[] = {62, 80, 81, 193, 194, 195, 212, 213, 217};
    for (size_t i = 0; i < sizeof apnic; i++)
        if (slash8 == apnic[i])
            return 8.5;
    for (size_t i = 0; i < sizeof ripe; i++)
        if (slash8 == ripe[i])
            return 2;
    return slash8 == 200 ? -4 : -5;
}

static void power_event(struct engine *eng, void *ctx, uint32_t h, uint32_t epoch);
static void patch_event(struct engine *eng, void *ctx, uint32_t a, uint32_t b);
static void filter_event(struct engine *eng, void *ctx, uint32_t g16, uint32_t b);

/* A uniform number in (0, 1) fixed by (run seed, host, a, b): a host's habits are a function
 * of the host and the day, not of the order events happen in, so whether it is off at a time
 * can be computed when asked. */
static double hash_u01(const struct world *w, uint32_t h, uint32_t a, uint32_t b)
{
    uint64_t x = w->seed * 0x9E3779B97F4A7C15ull ^ ((uint64_t)h << 32 | a) ^
                 ((uint64_t)b * 0xD1B54A32D192ED03ull);
    for (int i = 0; i < 2; i++) { /* splitmix64's finaliser, twice */
        x += 0x9E3779B97F4A7C15ull;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
        x ^= x >> 31;
    }
    return ((double)(x >> 11) + 0.5) / 9007199254740992.0;
}

bool removal_night_off(const struct world *w, uint32_t h)
{
    const struct removal_config *rc = &w->cfg.removal;
    return population_is_iis(w->pop.kind[h]) &&
           hash_u01(w, h, 0, 0) < rc->home_share * rc->night_off_share;
}

/* Host h's local time minus UTC, seconds: its /8's region and a uniform spread of zones. */
static double local_offset_s(const struct world *w, uint32_t h)
{
    double zone = (2 * hash_u01(w, h, 1, 0) - 1) * w->cfg.removal.zone_spread_s;
    return region_offset_h(w->pop.addr[h] >> 24) * 3600 + zone;
}

/* The night that starts on local day d (days since 1970): off at *off, on at *on, local
 * epoch seconds; each time jittered by a normal of sd switch_spread, at least 10 min off. */
static void night(const struct world *w, uint32_t h, int64_t d, double *off, double *on)
{
    const struct removal_config *rc = &w->cfg.removal;
    double sd = rc->switch_spread_s;
    double z_off = sd > 0 ? gsl_cdf_ugaussian_Pinv(hash_u01(w, h, 2, (uint32_t)d)) * sd : 0;
    double z_on = sd > 0 ? gsl_cdf_ugaussian_Pinv(hash_u01(w, h, 3, (uint32_t)d)) * sd : 0;
    *off = (double)d * 86400 + rc->off_time_s + z_off;
    *on = (double)d * 86400 + rc->on_time_s + z_on + (rc->on_time_s <= rc->off_time_s ? 86400 : 0);
    if (*on < *off + 600)
        *on = *off + 600;
}

bool removal_is_off(const struct world *w, uint32_t h, double t)
{
    if (!w->night_off_any || !removal_night_off(w, h))
        return false;
    double local = w->cfg.start_epoch_s + t + local_offset_s(w, h);
    int64_t d = (int64_t)floor(local / 86400);
    for (int64_t dd = d - 2; dd <= d; dd++) {
        double off, on;
        night(w, h, dd, &off, &on);
        if (local >= off && local < on)
            return true;
    }
    return false;
}

/* Run time of host h's next switch-off after run time t. */
static double next_off(const struct world *w, uint32_t h, double t)
{
    double offset = local_offset_s(w, h), local = w->cfg.start_epoch_s + t + offset;
    int64_t d = (int64_t)floor(local / 86400);
    double best = INFINITY;
    for (int64_t dd = d - 1; dd <= d + 2; dd++) {
        double off, on;
        night(w, h, dd, &off, &on);
        if (off > local && off < best)
            best = off;
    }
    return best - offset - w->cfg.start_epoch_s;
}

void removal_infected(struct world *w, uint32_t h, double t)
{
    if (!w->night_off_any || !removal_night_off(w, h))
        return;
    double at = next_off(w, h, t);
    if (at <= w->t_end)
        engine_schedule(w->eng, at, power_event, w, h, w->host_epoch[h]);
}

/* An infected host is switched off: the worms leave its memory. Until it is switched on it
 * answers no probe (removal_is_off); then it is susceptible again, with no event. */
static void power_event(struct engine *eng, void *ctx, uint32_t h, uint32_t epoch)
{
    struct world *w = ctx;
    if (w->host_epoch[h] != epoch || w->state[h] != HOST_UP || !w->infected[h])
        return;
    double t = engine_now(eng);
    world_host_down(w, h, t, HOST_OFF, 0);
    world_host_up(w, h, t); /* up, and off by the clock: the probe path asks removal_is_off */
}

void removal_init(struct world *w)
{
    const struct removal_config *rc = &w->cfg.removal;
    w->r_filter = rng_stream(w->seed, "filter");
    w->night_off_any = rc->home_share > 0 && rc->night_off_share > 0;
}

void removal_free(struct world *w) { gsl_rng_free(w->r_filter); }

/* Patching: each vulnerable host is patched after an exponential time of rate patch_rate
 * from patch_start. The superposition is one process: the next patch comes at rate
 * patch_rate x (hosts unpatched) and falls on one of them uniformly, so a single pending
 * event does it. The administrator installs MS01-033 and reboots: the worms are gone and the
 * hole is closed for good (a backdoor stays). */
static void patch_event(struct engine *eng, void *ctx, uint32_t a, uint32_t b)
{
    (void)a, (void)b;
    struct world *w = ctx;
    double t = engine_now(eng);
    uint32_t j = (uint32_t)gsl_rng_uniform_int(w->r_patch, w->n_unpatched);
    uint32_t h = w->unpatched[j];
    w->unpatched[j] = w->unpatched[--w->n_unpatched];
    if (w->state[h] == HOST_UP) {
        world_host_down(w, h, t, HOST_PATCHED, 0);
    } else if (w->state[h] != HOST_FILTERED) { /* a filtered host stays cut off */
        assert(w->state[h] == HOST_CRASHED || w->state[h] == HOST_REBOOTING);
        world_leave_down_state(w, h);
        w->state[h] = HOST_PATCHED;
        w->n_patched++;
        w->host_epoch[h]++; /* its restart or power event is void */
    }
    if (w->n_unpatched > 0) {
        double next = t + gsl_ran_exponential(w->r_patch, 1 / (w->cfg.patch_rate * w->n_unpatched));
        if (next <= w->t_end)
            engine_schedule(eng, next, patch_event, w, 0, 0);
    }
}

static void schedule_patches(struct world *w)
{
    if (w->cfg.patch_rate <= 0)
        return;
    w->unpatched = xmalloc(sizeof *w->unpatched * (w->pop.n_vulnerable + 1));
    for (uint32_t h = 0; h < w->pop.n; h++)
        if (population_is_iis(w->pop.kind[h]))
            w->unpatched[w->n_unpatched++] = h;
    if (w->n_unpatched == 0)
        return;
    double from = fmax(0, w->cfg.patch_start_epoch_s - w->cfg.start_epoch_s);
    double at = from + gsl_ran_exponential(w->r_patch, 1 / (w->cfg.patch_rate * w->n_unpatched));
    if (at <= w->t_end)
        engine_schedule(w->eng, at, patch_event, w, 0, 0);
}

void removal_start(struct world *w)
{
    const struct removal_config *rc = &w->cfg.removal;
    schedule_patches(w);
    if (rc->filter_share <= 0)
        return;
    double adv = rc->advisory_epoch_s - w->cfg.start_epoch_s;
    for (uint32_t g = 0; g < 65536; g++) {
        if (population_count16(&w->pop, g) == 0)
            continue;
        double u = gsl_rng_uniform(w->r_filter), delay = gsl_ran_exponential(w->r_filter,
                                                                             rc->filter_delay_s);
        double at = fmax(0, adv) + delay;
        if (u < rc->filter_share && at <= w->t_end)
            engine_schedule(w->eng, at, filter_event, w, g, 0);
    }
}

static void filter_event(struct engine *eng, void *ctx, uint32_t g16, uint32_t b)
{
    (void)b;
    struct world *w = ctx;
    double t = engine_now(eng);
    for (uint32_t h = w->pop.start16[g16]; h < w->pop.start16[g16 + 1]; h++)
        if (population_is_iis(w->pop.kind[h]))
            world_host_filter(w, h, t);
}

double removal_reboot_at(struct world *w, double t)
{
    double a = w->cfg.uptime_mean_s > 0 ? 1 / w->cfg.uptime_mean_s : 0;
    double b = w->cfg.removal.reboot_rate;
    double adv = w->cfg.removal.advisory_epoch_s - w->cfg.start_epoch_s;
    if (a > 0) {
        double at = t + gsl_ran_exponential(w->r_reboot, 1 / a);
        if (b <= 0 || at < adv)
            return at;
    }
    if (b <= 0)
        return INFINITY;
    /* From the advisory (or now, if later) the hazard is a + b. */
    double from = fmax(t, adv);
    return from + gsl_ran_exponential(w->r_reboot, 1 / (a + b));
}

void world_host_filter(struct world *w, uint32_t h, double t)
{
    uint8_t st = w->state[h];
    if (st == HOST_UP) {
        world_host_down(w, h, t, HOST_FILTERED, 0);
    } else if (st == HOST_CRASHED || st == HOST_REBOOTING) {
        world_leave_down_state(w, h);
        w->state[h] = HOST_FILTERED;
        w->n_filtered++;
        w->host_epoch[h]++; /* its restart or power event is void */
    }
}
