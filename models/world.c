/* world.c - host states, the Code Red I infection process and the sampled counters.
 *
 * Host state machine (vulnerable hosts; other web servers stay IMMUNE):
 *
 *     SUSCEPTIBLE --probe (IIS)--------> INFECTED --reboot--> SUSCEPTIBLE
 *     SUSCEPTIBLE --probe (crashing IIS)--> CRASHED --iis_restart--> SUSCEPTIBLE
 *
 * An INFECTED host is in one phase of its own clock (spread, flood, dormant) and changes phase at
 * its clock's month boundaries. Invariants (world_check): `changeable` lists exactly the
 * SUSCEPTIBLE hosts, pos[] inverts it; n_infected, n_phase[] and n_crashed match the states.
 *
 * Two fidelities of one process. Spreaders scan uniformly over the space of S addresses at r
 * scans/s each (R = r * spreaders in all). Fast: probes that change a host arrive at rate
 * R * V / S (V changeable hosts); the next one is drawn exactly (Gillespie) and redrawn after
 * every change of R or V (memoryless). Per-scan: every scan is drawn at rate R and its target
 * address looked up. Per-host events carry an epoch so that stale ones are ignored, not
 * cancelled. */
#include "world.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>

#include "calendar.h"
#include "codered.h"
#include "crii.h"
#include "hostset.h"
#include "population.h"
#include "rng.h"

enum host_state { HOST_SUSCEPTIBLE = 0, HOST_INFECTED, HOST_CRASHED, HOST_IMMUNE };

enum column {
    COL_SUSCEPTIBLE, COL_INFECTED, COL_SPREADING, COL_FLOODING, COL_DORMANT, COL_CRASHED,
    COL_EVER_INFECTED, COL_NEW_INFECTIONS, COL_REBOOTS, COL_SCANS, COL_SYN_PACKETS,
    COL_PROBE_BYTES, COL_FLOOD_CONNECTIONS, COL_FLOOD_BYTES, COL_BACKDOORED,
    COL_NEW_SAME16, COL_NEW_SAME8, COL_NEW_OTHER, N_COLUMNS
};

static const char *const COLUMN_NAMES[N_COLUMNS] = {
    "susceptible", "infected", "spreading", "flooding", "dormant", "crashed",
    "ever_infected", "new_infections", "reboots", "scans", "syn_packets",
    "probe_bytes", "flood_connections", "flood_bytes", "backdoored",
    "new_infections_same16", "new_infections_same8", "new_infections_other"};

/* Counters that are reset at every sample. */
struct interval {
    double new_infections, reboots, scans, syn_packets, probe_bytes, flood_connections,
        flood_bytes, same16, same8, other;
};

struct world {
    struct world_config cfg;
    struct population pop;
    struct engine *eng;
    struct model_observer obs;
    gsl_rng *r_infect, *r_scan, *r_reboot, *r_seed;

    uint8_t *state, *phase, *ever;
    uint32_t *inf_epoch, *phase_epoch; /* per-host event validity */
    uint8_t *backdoor;
    struct hostset susc;    /* hosts a probe changes (SUSCEPTIBLE) */
    struct hostset spread;  /* spreading hosts, weighted by threads in units of `threads` */
    struct sumtree prod16;  /* Code Red II: spread weight x susceptible count per /16 */
    uint64_t prod8[256], prod8_total;
    uint32_t n_infected, n_crashed, n_phase[3], n_ever, n_backdoor;

    double space_size;   /* S */
    double live_share;   /* placed hosts / S: targets that answer */
    double rate;         /* r, scans per second per spreading host */
    double t_end;        /* simulated end, seconds */
    event_id process_ev; /* the pending next-probe (fast) or next-scan (per-scan) event */
    int in_scan_loop;

    double scans_acc, rate_since; /* fast mode: integral of R up to rate_since */
    double scans_total;
    uint64_t infections_total;
    struct interval iv;
    double sample_scans_mark;
};

int world_columns(const char *const **names)
{
    *names = COLUMN_NAMES;
    return N_COLUMNS;
}

static double spread_rate(const struct world *w) { return w->rate * (double)w->spread.total_weight; }

static bool is_crii(const struct world *w) { return w->cfg.variant == WORM_CRII; }

/* Uniform integer in [0, n), n >= 1, also above the generator's 32 bits. */
static uint64_t draw_below(gsl_rng *r, uint64_t n)
{
    if (n <= 0xFFFFFFFFull)
        return gsl_rng_uniform_int(r, (unsigned long)n);
    uint64_t x = (uint64_t)gsl_rng_get(r) << 32 | (uint64_t)gsl_rng_get(r);
    return x % n; /* bias below n / 2^64: nil at these sizes */
}

/* Code Red II: refreshes the products of spread weight and susceptible count of h's /16 and /8. */
static void groups_update(struct world *w, uint32_t h)
{
    if (!is_crii(w))
        return;
    uint32_t g16 = w->pop.addr[h] >> 16, g8 = g16 >> 8;
    sumtree_set(&w->prod16, g16, hostset_weight16(&w->spread, g16) * hostset_count16(&w->susc, g16));
    uint64_t p8 = w->spread.w8[g8] * w->susc.c8[g8];
    w->prod8_total += p8 - w->prod8[g8];
    w->prod8[g8] = p8;
}

/* Fast mode: rate of probes that change a host, per component (random, own /8, own /16). */
static double component_rates(const struct world *w, double lambda[3])
{
    double V = (double)w->susc.total_count, W = (double)w->spread.total_weight;
    if (!is_crii(w)) {
        lambda[0] = w->rate * W * V / w->space_size;
        lambda[1] = lambda[2] = 0;
    } else {
        lambda[0] = w->cfg.p_random * w->rate * W * V / crii_component_space(CRII_RANDOM, 0x01000001u);
        lambda[1] = w->cfg.p_same8 * w->rate * (double)w->prod8_total / (16777216.0 - 1);
        lambda[2] = w->cfg.p_same16 * w->rate * (double)sumtree_total(&w->prod16) / (65536.0 - 1);
    }
    return lambda[0] + lambda[1] + lambda[2];
}

/* Fast mode: scans made so far, brought up to time t (R is constant since rate_since). */
static void account_scans(struct world *w, double t)
{
    if (w->cfg.mode == MODE_FAST) {
        w->scans_acc += spread_rate(w) * (t - w->rate_since);
        w->rate_since = t;
    }
}

static void process_event(struct engine *eng, void *ctx, uint32_t a, uint32_t b);

/* After R or V changed at time t. Fast: redraws the next state-changing probe (exact:
 * memoryless). Per-scan: the scan process only needs to be running; a pending one already
 * sits at the earliest event time and will use the new rate from there. */
static void process_reschedule(struct world *w, double t)
{
    if (w->in_scan_loop)
        return; /* the scan loop continues with the new rate itself */
    if (w->cfg.mode == MODE_PER_SCAN) {
        if (!w->process_ev && spread_rate(w) > 0 && t < w->t_end)
            w->process_ev = engine_schedule(w->eng, t, process_event, w, 0, 0);
        return;
    }
    if (w->process_ev)
        engine_cancel(w->eng, w->process_ev);
    w->process_ev = 0;
    double parts[3], lambda = component_rates(w, parts);
    if (lambda <= 0)
        return;
    double next = t + gsl_ran_exponential(w->r_infect, 1.0 / lambda);
    if (next <= w->t_end)
        w->process_ev = engine_schedule(w->eng, next, process_event, w, 0, 0);
}

static void changeable_add(struct world *w, uint32_t h)
{
    hostset_add(&w->susc, h, 1);
    groups_update(w, h);
}

static void changeable_remove(struct world *w, uint32_t h)
{
    hostset_remove(&w->susc, h);
    groups_update(w, h);
}

/* Threads of host h in units of worm.threads: 2 for a Chinese Code Red II host with 600. */
static unsigned thread_weight(const struct world *w, uint32_t h)
{
    if (w->cfg.threads_chinese && w->pop.locale[h] == LOCALE_CHINESE)
        return (unsigned)(w->cfg.threads_chinese / w->cfg.threads);
    return 1;
}

static void spreading_start(struct world *w, uint32_t h)
{
    hostset_add(&w->spread, h, thread_weight(w, h));
    groups_update(w, h);
}

static void spreading_stop(struct world *w, uint32_t h)
{
    hostset_remove(&w->spread, h);
    groups_update(w, h);
}

/* Counts where a victim lies relative to the host that infected it (none for seeds). */
static void count_locality(struct world *w, uint32_t source, uint32_t victim)
{
    uint32_t a = w->pop.addr[source], b = w->pop.addr[victim];
    if (a >> 16 == b >> 16)
        w->iv.same16++;
    else if (a >> 24 == b >> 24)
        w->iv.same8++;
    else
        w->iv.other++;
}

static void phase_event(struct engine *eng, void *ctx, uint32_t h, uint32_t epoch);
static void flood_event(struct engine *eng, void *ctx, uint32_t h, uint32_t epoch);
static void reboot_event(struct engine *eng, void *ctx, uint32_t h, uint32_t epoch);
static void restart_event(struct engine *eng, void *ctx, uint32_t h, uint32_t epoch);
static void crii_end_event(struct engine *eng, void *ctx, uint32_t h, uint32_t epoch);

static double host_epoch_time(const struct world *w, double t) { return w->cfg.start_epoch_s + t; }

/* Puts infected host h in the phase its clock shows at time t and schedules what follows. */
static void enter_phase(struct world *w, uint32_t h, double t)
{
    double offset = w->pop.clock_offset_s[h];
    double now_epoch = host_epoch_time(w, t);
    enum crv1_phase p = codered_phase(now_epoch + offset);
    w->phase[h] = (uint8_t)p;
    w->n_phase[p]++;
    if (p == CRV1_SPREAD)
        spreading_start(w, h);
    uint32_t ep = ++w->phase_epoch[h];
    double next = codered_next_phase_change(now_epoch, offset) - w->cfg.start_epoch_s;
    if (next <= w->t_end)
        engine_schedule(w->eng, next, phase_event, w, h, ep);
    if (p == CRV1_FLOOD)
        engine_schedule(w->eng, t, flood_event, w, h, ep);
}

static void leave_phase(struct world *w, uint32_t h)
{
    if (w->phase[h] == CRV1_SPREAD)
        spreading_stop(w, h);
    w->n_phase[w->phase[h]]--;
    w->phase_epoch[h]++;
}

static void infect(struct world *w, uint32_t h, double t)
{
    assert(w->state[h] == HOST_SUSCEPTIBLE);
    account_scans(w, t);
    if (is_crii(w) && crii_expired(host_epoch_time(w, t) + w->pop.clock_offset_s[h])) {
        w->iv.reboots++; /* FACTS "Code Red II": from October 2001 it reboots instead */
        return;
    }
    changeable_remove(w, h);
    w->state[h] = HOST_INFECTED;
    w->n_infected++;
    if (!w->ever[h]) {
        w->ever[h] = 1;
        w->n_ever++;
    }
    w->iv.new_infections++;
    w->infections_total++;
    uint32_t ep = ++w->inf_epoch[h];
    if (is_crii(w)) {
        /* FACTS "Code Red II": scans for 24 h (48 h on Chinese systems), then reboots. */
        w->phase[h] = CRV1_SPREAD;
        w->n_phase[CRV1_SPREAD]++;
        spreading_start(w, h);
        double life = w->pop.locale[h] == LOCALE_CHINESE ? w->cfg.lifetime_chinese_s : w->cfg.lifetime_s;
        if (t + life <= w->t_end)
            engine_schedule(w->eng, t + life, crii_end_event, w, h, ep);
    } else {
        enter_phase(w, h, t);
    }
    /* FACTS "Code Red I": memory-resident, a reboot removes it. */
    if (w->cfg.uptime_mean_s > 0) {
        double at = t + gsl_ran_exponential(w->r_reboot, w->cfg.uptime_mean_s);
        if (at <= w->t_end)
            engine_schedule(w->eng, at, reboot_event, w, h, ep);
    }
}

static void crash(struct world *w, uint32_t h, double t)
{
    account_scans(w, t);
    changeable_remove(w, h);
    w->state[h] = HOST_CRASHED;
    w->n_crashed++;
    uint32_t ep = ++w->inf_epoch[h];
    if (w->cfg.iis_restart_s > 0 && t + w->cfg.iis_restart_s <= w->t_end)
        engine_schedule(w->eng, t + w->cfg.iis_restart_s, restart_event, w, h, ep);
}

/* A probe reaches changeable host h at time t. */
static void probe_host(struct world *w, uint32_t h, double t)
{
    if (w->pop.kind[h] == KIND_IIS_CRASHES)
        crash(w, h, t);
    else
        infect(w, h, t);
}

/* Per-scan mode: one scan to a uniformly drawn address; counts its load and returns the host
 * it reached if a probe changes that host, else POPULATION_NO_HOST. */
static uint32_t scan_once(struct world *w, uint32_t source)
{
    uint32_t target = w->cfg.space.base;
    if (is_crii(w)) {
        const double p[3] = {w->cfg.p_random, w->cfg.p_same8, w->cfg.p_same16};
        target = crii_pick_target(w->r_scan, w->pop.addr[source], p, NULL);
    } else if (w->cfg.space.len == 0) {
        target = (uint32_t)gsl_rng_get(w->r_scan);
    } else {
        target += (uint32_t)gsl_rng_uniform_int(w->r_scan, (unsigned long)w->space_size);
    }
    w->iv.scans++;
    uint32_t h = population_find(&w->pop, target);
    if (h == POPULATION_NO_HOST) {
        w->iv.syn_packets += 3; /* FACTS "Scanning speed": SYNs at 0, 3 and 9 s */
        return POPULATION_NO_HOST;
    }
    w->iv.syn_packets += 1;
    w->iv.probe_bytes += w->cfg.probe_bytes;
    return w->state[h] == HOST_SUSCEPTIBLE ? h : POPULATION_NO_HOST;
}

/* Per-scan mode from time t up to the next other event (or the end). The scans in a window
 * [t, u] are Poisson(R (u - t)) in number with uniform times, so they are drawn as a count and
 * walked in order without times; the first that changes a host happens at the j-th of n
 * uniform order statistics, t + (u - t) Beta(j, n - j + 1). From there the process starts
 * afresh with the new rate (strong Markov property), so the rest of the window is redrawn. */
static void scan_until_next_event(struct world *w, struct engine *eng, double t)
{
    w->in_scan_loop = 1;
    for (;;) {
        double lambda = spread_rate(w);
        double until = fmin(engine_next_time(eng), w->t_end);
        if (lambda <= 0 || until <= t)
            break;
        unsigned n = gsl_ran_poisson(w->r_scan, lambda * (until - t));
        uint32_t victim = POPULATION_NO_HOST, source = 0;
        unsigned j = 0;
        while (j < n && victim == POPULATION_NO_HOST) {
            j++;
            /* Code Red II's targets depend on the scanner; Code Red I's do not, so its
             * source is drawn only for a hit (the same law, fewer draws). */
            if (is_crii(w))
                source = hostset_pick(&w->spread, w->r_scan, true);
            victim = scan_once(w, source);
        }
        w->scans_total += j;
        if (victim == POPULATION_NO_HOST) {
            t = until;
            break;
        }
        t += (until - t) * gsl_ran_beta(w->r_scan, j, n - j + 1);
        if (!is_crii(w))
            source = hostset_pick(&w->spread, w->r_scan, true);
        count_locality(w, source, victim);
        probe_host(w, victim, t);
    }
    w->in_scan_loop = 0;
    if (spread_rate(w) > 0 && t < w->t_end)
        w->process_ev = engine_schedule(eng, t, process_event, w, 0, 0);
}

static void process_event(struct engine *eng, void *ctx, uint32_t a, uint32_t b)
{
    (void)a, (void)b;
    struct world *w = ctx;
    double t = engine_now(eng);
    w->process_ev = 0;
    if (w->cfg.mode == MODE_PER_SCAN) {
        scan_until_next_event(w, eng, t);
        return;
    }
    /* Which component, then a source and a victim drawn independently within its scope: every
     * (source, victim) pair of a scope is hit at a rate proportional to the source's threads. */
    double parts[3], total = component_rates(w, parts);
    double u = gsl_rng_uniform(w->r_infect) * total;
    uint32_t source, victim;
    if (u < parts[0] || (parts[1] == 0 && parts[2] == 0)) {
        source = hostset_pick(&w->spread, w->r_infect, true);
        victim = hostset_pick(&w->susc, w->r_infect, false);
    } else if (u < parts[0] + parts[1] || parts[2] == 0) {
        uint64_t k = draw_below(w->r_infect, w->prod8_total);
        uint32_t g8 = 0;
        while (k >= w->prod8[g8])
            k -= w->prod8[g8++];
        source = hostset_pick8(&w->spread, w->r_infect, g8, true);
        victim = hostset_pick8(&w->susc, w->r_infect, g8, false);
    } else {
        uint64_t k = draw_below(w->r_infect, sumtree_total(&w->prod16));
        uint32_t g16 = (uint32_t)sumtree_find(&w->prod16, k);
        source = hostset_pick16(&w->spread, w->r_infect, g16, true);
        victim = hostset_pick16(&w->susc, w->r_infect, g16, false);
    }
    count_locality(w, source, victim);
    probe_host(w, victim, t);
    process_reschedule(w, t);
}

static void phase_event(struct engine *eng, void *ctx, uint32_t h, uint32_t epoch)
{
    struct world *w = ctx;
    if (w->state[h] != HOST_INFECTED || w->phase_epoch[h] != epoch)
        return;
    double t = engine_now(eng);
    account_scans(w, t);
    leave_phase(w, h);
    enter_phase(w, h, t);
    process_reschedule(w, t);
}

/* FACTS "Code Red I": each flooding host opens about 100 connections to the target, sends about
 * 100 KB through each, sleeps about 4.5 hours and repeats. */
static void flood_event(struct engine *eng, void *ctx, uint32_t h, uint32_t epoch)
{
    struct world *w = ctx;
    if (w->state[h] != HOST_INFECTED || w->phase_epoch[h] != epoch ||
        w->phase[h] != CRV1_FLOOD)
        return;
    double t = engine_now(eng);
    w->iv.flood_connections += (double)w->cfg.flood_connections;
    w->iv.flood_bytes += (double)w->cfg.flood_connections * w->cfg.flood_bytes_per_connection;
    if (t + w->cfg.flood_sleep_s <= w->t_end)
        engine_schedule(eng, t + w->cfg.flood_sleep_s, flood_event, w, h, epoch);
}

static void reboot_event(struct engine *eng, void *ctx, uint32_t h, uint32_t epoch)
{
    struct world *w = ctx;
    if (w->state[h] != HOST_INFECTED || w->inf_epoch[h] != epoch)
        return;
    double t = engine_now(eng);
    account_scans(w, t);
    leave_phase(w, h);
    w->n_infected--;
    w->state[h] = HOST_SUSCEPTIBLE;
    w->inf_epoch[h]++;
    changeable_add(w, h);
    w->iv.reboots++;
    process_reschedule(w, t);
}

static void restart_event(struct engine *eng, void *ctx, uint32_t h, uint32_t epoch)
{
    struct world *w = ctx;
    if (w->state[h] != HOST_CRASHED || w->inf_epoch[h] != epoch)
        return;
    double t = engine_now(eng);
    account_scans(w, t);
    w->state[h] = HOST_SUSCEPTIBLE;
    w->n_crashed--;
    w->inf_epoch[h]++;
    changeable_add(w, h);
    process_reschedule(w, t);
}

/* Code Red II's end: the worm reboots the host; it leaves memory, the backdoor stays. */
static void crii_end_event(struct engine *eng, void *ctx, uint32_t h, uint32_t epoch)
{
    struct world *w = ctx;
    if (w->state[h] != HOST_INFECTED || w->inf_epoch[h] != epoch)
        return;
    if (!w->backdoor[h]) {
        w->backdoor[h] = 1;
        w->n_backdoor++;
    }
    reboot_event(eng, ctx, h, epoch);
}

static void seed_event(struct engine *eng, void *ctx, uint32_t a, uint32_t b)
{
    (void)a, (void)b;
    struct world *w = ctx;
    double t = engine_now(eng);
    /* Seed hosts: a uniform choice among the susceptible IIS hosts that a probe infects. */
    uint32_t infected = 0, tries = 0;
    while (infected < (uint32_t)w->cfg.seed_hosts && w->susc.total_count > 0 &&
           tries < 100u * (uint32_t)w->cfg.seed_hosts + 1000u) {
        tries++;
        uint32_t h = hostset_pick(&w->susc, w->r_seed, false);
        if (w->pop.kind[h] != KIND_IIS)
            continue;
        infect(w, h, t);
        infected += w->state[h] == HOST_INFECTED;
    }
    process_reschedule(w, t);
}

static void sample_event(struct engine *eng, void *ctx, uint32_t k, uint32_t b)
{
    (void)b;
    struct world *w = ctx;
    double t = engine_now(eng);
    double v[N_COLUMNS];
    account_scans(w, t);
    if (w->cfg.mode == MODE_FAST) {
        /* Scans are an expected count here: keep the cumulative total rounded, so the
         * intervals add up to the rounded total. */
        double total = floor(w->scans_acc + 0.5);
        w->iv.scans = total - w->sample_scans_mark;
        w->sample_scans_mark = total;
        w->scans_total = total;
        w->iv.syn_packets = floor(w->iv.scans * (1 + 2 * (1 - w->live_share)) + 0.5);
        w->iv.probe_bytes = floor(w->iv.scans * w->live_share + 0.5) * w->cfg.probe_bytes;
    }
    v[COL_SUSCEPTIBLE] = (double)w->susc.total_count;
    v[COL_INFECTED] = w->n_infected;
    v[COL_SPREADING] = w->n_phase[CRV1_SPREAD];
    v[COL_FLOODING] = w->n_phase[CRV1_FLOOD];
    v[COL_DORMANT] = w->n_phase[CRV1_DORMANT];
    v[COL_CRASHED] = w->n_crashed;
    v[COL_EVER_INFECTED] = w->n_ever;
    v[COL_NEW_INFECTIONS] = w->iv.new_infections;
    v[COL_REBOOTS] = w->iv.reboots;
    v[COL_SCANS] = w->iv.scans;
    v[COL_SYN_PACKETS] = w->iv.syn_packets;
    v[COL_PROBE_BYTES] = w->iv.probe_bytes;
    v[COL_FLOOD_CONNECTIONS] = w->iv.flood_connections;
    v[COL_FLOOD_BYTES] = w->iv.flood_bytes;
    v[COL_BACKDOORED] = w->n_backdoor;
    v[COL_NEW_SAME16] = w->iv.same16;
    v[COL_NEW_SAME8] = w->iv.same8;
    v[COL_NEW_OTHER] = w->iv.other;
    memset(&w->iv, 0, sizeof w->iv);
    if (w->obs.sample && w->obs.sample(t, v, w->obs.arg)) {
        engine_stop(eng);
        return;
    }
    /* Sample k+1 at (k+1) * interval, and a last one at the end if that falls between. */
    double next = (double)(k + 1) * w->cfg.sample_s;
    if (next > w->t_end && t < w->t_end)
        next = w->t_end;
    if (next <= w->t_end)
        engine_schedule(eng, next, sample_event, w, k + 1, 0);
}

enum status world_create(struct world **out, const struct world_config *config, uint64_t seed,
                         const char *scenario_path, struct diag *d)
{
    struct world *w = xcalloc(1, sizeof *w);
    w->cfg = *config;
    enum status st = population_build(&w->pop, config, seed, scenario_path, d);
    if (st != ST_OK) {
        free(w);
        return st;
    }
    uint32_t n = w->pop.n ? w->pop.n : 1;
    w->state = xmalloc(n);
    w->phase = xcalloc(n, 1);
    w->ever = xcalloc(n, 1);
    w->inf_epoch = xcalloc(n, sizeof *w->inf_epoch);
    w->phase_epoch = xcalloc(n, sizeof *w->phase_epoch);
    w->backdoor = xcalloc(n, 1);
    /* Code Red I's targets do not depend on where a host is: no /16 bookkeeping needed. */
    hostset_init(&w->susc, &w->pop, 1, config->variant == WORM_CRII);
    hostset_init(&w->spread, &w->pop, 4, config->variant == WORM_CRII);
    sumtree_init(&w->prod16, 65536);
    for (uint32_t h = 0; h < w->pop.n; h++) {
        if (w->pop.kind[h] == KIND_OTHER_WEB) {
            w->state[h] = HOST_IMMUNE;
        } else {
            w->state[h] = HOST_SUSCEPTIBLE;
            changeable_add(w, h);
        }
    }
    w->space_size = prefix_size(&config->space);
    w->live_share = w->pop.n / w->space_size;
    w->rate = config_scan_rate(config, w->live_share);
    w->t_end = config->end_epoch_s - config->start_epoch_s;
    w->r_infect = rng_stream(seed, "infection");
    w->r_scan = rng_stream(seed, "scan");
    w->r_reboot = rng_stream(seed, "reboot");
    w->r_seed = rng_stream(seed, "seed-hosts");
    *out = w;
    return ST_OK;
}

void world_free(struct world *w)
{
    if (!w)
        return;
    population_free(&w->pop);
    free(w->state);
    free(w->phase);
    free(w->ever);
    free(w->inf_epoch);
    free(w->phase_epoch);
    free(w->backdoor);
    hostset_free(&w->susc);
    hostset_free(&w->spread);
    sumtree_free(&w->prod16);
    gsl_rng_free(w->r_infect);
    gsl_rng_free(w->r_scan);
    gsl_rng_free(w->r_reboot);
    gsl_rng_free(w->r_seed);
    free(w);
}

/* Tells the observer the periods of the calendar as a correct clock sees them. */
static void report_phases(struct world *w)
{
    if (!w->obs.event)
        return;
    if (is_crii(w)) {
        double expiry = calendar_epoch(2001, 10, 1, 0, 0, 0) - w->cfg.start_epoch_s;
        w->obs.event(0, "phase", expiry > 0 ? "spread" : "expired", "host clocks at UTC", w->obs.arg);
        if (expiry > 0 && expiry <= w->t_end)
            w->obs.event(expiry, "phase", "expired", "host clocks at UTC", w->obs.arg);
        return;
    }
    double t = 0;
    while (t <= w->t_end) {
        double epoch = host_epoch_time(w, t);
        w->obs.event(t, "phase", codered_phase_name(codered_phase(epoch)), "host clocks at UTC",
                     w->obs.arg);
        t = codered_next_phase_change(epoch, 0) - w->cfg.start_epoch_s;
    }
}

void world_start(struct world *w, struct engine *eng, const struct model_observer *obs)
{
    w->eng = eng;
    w->obs = *obs;
    w->rate_since = 0;
    report_phases(w);
    engine_schedule(eng, 0, sample_event, w, 0, 0);
    double seed_t = w->cfg.seed_epoch_s - w->cfg.start_epoch_s;
    if (w->cfg.seed_hosts > 0 && seed_t >= 0 && seed_t <= w->t_end)
        engine_schedule(eng, seed_t, seed_event, w, 0, 0);
}

void world_totals(const struct world *w, struct model_totals *tot)
{
    tot->hosts = w->pop.n;
    tot->vulnerable = w->pop.n_vulnerable;
    tot->ever_infected = w->n_ever;
    tot->infections = w->infections_total;
    tot->scans = (uint64_t)w->scans_total;
}

void world_check(const struct world *w)
{
    uint32_t inf = 0, crashed = 0, ph[3] = {0, 0, 0}, ever = 0, susc = 0;
    for (uint32_t h = 0; h < w->pop.n; h++) {
        switch (w->state[h]) {
        case HOST_SUSCEPTIBLE:
            susc++;
            assert(hostset_has(&w->susc, h));
            break;
        case HOST_INFECTED:
            inf++;
            ph[w->phase[h]]++;
            break;
        case HOST_CRASHED:
            crashed++;
            break;
        default:
            assert(w->pop.kind[h] == KIND_OTHER_WEB);
        }
        ever += w->ever[h];
    }
    assert(susc == w->susc.total_count && inf == w->n_infected && crashed == w->n_crashed);
    assert(w->spread.total_count == w->n_phase[CRV1_SPREAD]);
    hostset_check(&w->susc);
    hostset_check(&w->spread);
    assert(ph[0] == w->n_phase[0] && ph[1] == w->n_phase[1] && ph[2] == w->n_phase[2]);
    assert(ever == w->n_ever);
}
