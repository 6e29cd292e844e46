/* world.c - hosts and the worms on them: creation, seeding, and every host event (the sampled
 * columns are in world_sample.c, the invariants' check in world_check.c).
 *
 * Host states (w->state[h]; web servers that are not IIS stay IMMUNE) and the function that
 * performs each transition (every one that takes a host down goes through host_down, the one
 * back up is up_event):
 *
 *              probe: device (SOURCES §11)             power cycle / restart delay
 *   UP device -------------------------------> DEVICE_DOWN -----------------------> UP device
 *              world_probe_arrived                          up_event
 *
 *              probe: Japanese IIS; NT 4 under a worm that crashes IIS 4; expired worm
 *   UP --------------------------------------------------> CRASHED / REBOOTING
 *   |          world_probe_arrived -> host_down                  |
 *   |                                                            | up_event (iis restart,
 *   |  reboot_event (uptime), life_end_event (lifetime)          |  reboot delay)
 *   +--------------------------------------------------> REBOOTING ------------> UP
 *   |                        host_down
 *   UP, CRASHED, REBOOTING ---patch_event (removal.c; reboot included)--> PATCHED (for good)
 *   UP infected --power_event (removal.c): switched off--> OFF --at once--> UP, worms gone,
 *             reached by no probe until its on time (removal_is_off)
 *   any but PATCHED ---filter_event (removal.c)--> FILTERED (for good)
 *
 * Worms on an UP host (w->infected[h], one bit per worm), each also in a Code Red I phase:
 *
 *   susceptible --probe of k: infect--> infected by k, in the phase its clock shows
 *                                       (enter_phase; Code Red II: spreading all its life)
 *   infected: SPREAD -> FLOOD -> DORMANT -> SPREAD  by the host's clock (phase_event:
 *             leave_phase, enter_phase); SPREAD starts and stops the worm's scanning
 *             (start_spreading: the fast sets, the v1 walk, or scan by scan; leave_phase)
 *   infected by any --host goes down (host_down: clear_worm for each)--> no worm
 *
 * A probe of worm k on an UP host not infected by k infects it (or crashes or reboots it, by
 * kind and clock). Going down clears every worm on the host: both are memory-resident. So a
 * host can run Code Red I and Code Red II at once (neither sees the other's marker: SOURCES
 * §4, Code Red I has none, Code Red II checks only its own atom), and Code Red II's reboot
 * removes Code Red I too. An infected host is in the Code Red I phase its clock shows.
 * Every event checks an epoch (host_epoch for a host's restart, inf_epoch for an infection's
 * events), so an event made stale by a transition does nothing.
 * Invariants (world_check.c): each worm's `susc` lists exactly the UP (or OFF) hosts it has not
 * infected, its `spread` exactly its spreading hosts not simulated scan by scan; counts match
 * the states; every group sum of the fast mode agrees with a recount (spread_check). */
#include "world.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_randist.h>

#include "codered.h"
#include "network.h"
#include "rng.h"
#include "scan.h"
#include "world_internal.h"

static void phase_event(struct engine *eng, void *ctx, uint32_t h, uint32_t epoch);
static void wake_event(struct engine *eng, void *ctx, uint32_t h, uint32_t epoch);
static void reboot_event(struct engine *eng, void *ctx, uint32_t h, uint32_t epoch);
static void up_event(struct engine *eng, void *ctx, uint32_t h, uint32_t epoch);
static void life_end_event(struct engine *eng, void *ctx, uint32_t h, uint32_t epoch);

static double epoch_at(const struct world *w, double t) { return w->cfg.start_epoch_s + t; }


static bool infected_by(const struct world *w, const struct worm *k, uint32_t h)
{
    return w->infected[h] >> k->idx & 1;
}


static void reschedule_all(struct world *w, double t)
{
    for (int i = 0; i < w->n_worms; i++)
        spread_reschedule(&w->worms[i], t);
}

/* Counts where a victim lies relative to the host that infected it. */
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

static void start_spreading(struct worm *k, uint32_t h, double t, bool fresh)
{
    k->n_phase[CRV1_SPREAD]++;
    int di = k->w->n_detail ? detail_index(k->w, h) : -1;
    if (di >= 0) {
        detail_start(k, (uint32_t)di, t, fresh);
        return;
    }
    spread_spreading(k, h, true);
    world_sensors_start(k, h, t);
    if (worm_walks(k))
        walk_start(k, h, t, fresh);
}

/* Puts host h, infected by Code Red I worm k, in the phase its clock shows at t and schedules
 * the next change. */
static void enter_phase(struct worm *k, uint32_t h, double t, bool fresh)
{
    struct world *w = k->w;
    double offset = w->pop.clock_offset_s[h], now = epoch_at(w, t);
    enum crv1_phase p = codered_phase(now + offset);
    k->phase[h] = (uint8_t)p;
    if (p == CRV1_SPREAD)
        start_spreading(k, h, t, fresh);
    else
        k->n_phase[p]++;
    double next = codered_next_phase_change(now, offset) - w->cfg.start_epoch_s;
    if (next <= w->t_end)
        engine_schedule(w->eng, next, phase_event, k, h, k->inf_epoch[h]);
    if (p == CRV1_FLOOD)
        flood_enter(k, h, t);
}

static void leave_phase(struct worm *k, uint32_t h, double t)
{
    uint8_t p = k->phase[h];
    int di = p == CRV1_SPREAD && k->w->n_detail ? detail_index(k->w, h) : -1;
    if (di >= 0) {
        detail_stop(k, (uint32_t)di);
    } else if (p == CRV1_SPREAD) {
        spread_spreading(k, h, false);
        world_sensors_stop(k, h, t);
        if (worm_walks(k))
            walk_stop(k, h, t);
    } else if (p == CRV1_FLOOD) {
        flood_leave(k, h, t);
    }
    k->n_phase[p]--;
}

static void infect(struct worm *k, uint32_t h, double t)
{
    struct world *w = k->w;
    assert(w->state[h] == HOST_UP && !infected_by(w, k, h));
    spread_susceptible(k, h, false);
    if (!w->infected[h])
        w->n_infected_any++;
    w->infected[h] |= (uint8_t)(1u << k->idx);
    k->n_infected++;
    if (!(w->ever[h] >> k->idx & 1))
        k->n_ever++;
    if (!w->ever[h])
        w->n_ever++;
    w->ever[h] |= (uint8_t)(1u << k->idx);
    w->iv.new_infections++;
    k->infections_total++;
    uint32_t ep = ++k->inf_epoch[h];
    switch (k->kind->life) {
    case LIFE_SPREAD_THEN_REBOOT: {
        /* SOURCES §6: Code Red II scans for 24 h (48 h on Chinese systems), then reboots. */
        start_spreading(k, h, t, true);
        double life = w->pop.locale[h] == LOCALE_CHINESE ? k->cfg.lifetime_chinese_s
                                                         : k->cfg.lifetime_s;
        if (t + life <= w->t_end)
            engine_schedule(w->eng, t + life, life_end_event, k, h, ep);
        break;
    }
    case LIFE_CALENDAR:
        enter_phase(k, h, t, true);
        break;
    }
    /* SOURCES §4, §19: memory-resident, a reboot (owner's or administrator's) removes it. */
    double at = removal_reboot_at(w, t);
    if (at <= w->t_end)
        engine_schedule(w->eng, at, reboot_event, k, h, ep);
    removal_infected(w, h, t); /* its switch-off, if it is switched off at night */
}

/* Worm k leaves host h's memory (the host goes down). */
static void clear_worm(struct worm *k, uint32_t h, double t)
{
    struct world *w = k->w;
    leave_phase(k, h, t); /* Code Red II spreads all its life: its phase stays CRV1_SPREAD */
    k->n_infected--;
    k->inf_epoch[h]++;
    w->infected[h] &= (uint8_t)~(1u << k->idx);
}

/* A DSL router in a subnet hangs: an event, since its customer's line is cut off (devices
 * elsewhere are only counted: there can be millions). */
static void report_hang(struct world *w, uint32_t h, double t, double down_s)
{
    if (!w->net || !w->obs.event || network_subnet_of(w->net, w->pop.addr[h]) < 0)
        return;
    char addr[16], detail[96];
    ipv4_format(w->pop.addr[h], addr, sizeof addr);
    if (down_s > 0)
        snprintf(detail, sizeof detail, "hangs on the probe until power-cycled %.1f h later",
                 down_s / 3600);
    else
        snprintf(detail, sizeof detail, "hangs on the probe for good");
    w->obs.event(t, "device_hang", addr, detail, w->obs.arg);
}

/* Host h goes down at t (crash or reboot) for down_s seconds (0: for good): every worm on it
 * is gone, no probe reaches it. */
/* The count of hosts in down state st. */
static uint32_t *down_count(struct world *w, uint8_t st)
{
    switch (st) {
    case HOST_CRASHED: return &w->n_crashed;
    case HOST_DEVICE_DOWN: return &w->n_devices_down;
    case HOST_REBOOTING: return &w->n_rebooting;
    case HOST_OFF: return &w->n_off;
    case HOST_FILTERED: return &w->n_filtered;
    case HOST_PATCHED: return &w->n_patched;
    default: assert(!"not a down state"); return NULL;
    }
}

/* A host switched off stays in the worms' susceptible sets: a probe that picks it finds
 * nobody (world_probe_arrived), which thins the infection process exactly, so switching an
 * uninfected host off or on changes no rate. */
void world_host_down(struct world *w, uint32_t h, double t, enum host_state why, double down_s)
{
    assert(w->state[h] == HOST_UP);
    bool rates = w->infected[h] || why != HOST_OFF;
    if (rates)
        world_account_scans(w, t);
    if (w->infected[h]) {
        w->n_infected_any--;
        w->removed_poweroff += why == HOST_OFF;
        w->removed_patch += why == HOST_PATCHED;
        w->removed_filter += why == HOST_FILTERED;
    }
    for (int i = 0; i < w->n_worms; i++) {
        struct worm *k = &w->worms[i];
        if (infected_by(w, k, h)) {
            clear_worm(k, h, t);
            if (why == HOST_OFF)
                spread_susceptible(k, h, true);
        } else if (why != HOST_OFF) {
            spread_susceptible(k, h, false);
        }
    }
    w->state[h] = (uint8_t)why;
    if (population_is_iis(w->pop.kind[h]))
        w->n_up--;
    (*down_count(w, why))++;
    w->iv.device_failures += why == HOST_DEVICE_DOWN;
    w->iv.crashes += why == HOST_CRASHED;
    w->iv.reboots += why == HOST_REBOOTING;
    if (why == HOST_DEVICE_DOWN && w->pop.kind[h] == KIND_DEVICE_HANGS)
        report_hang(w, h, t, down_s);
    uint32_t ep = ++w->host_epoch[h];
    if (down_s > 0 && t + down_s <= w->t_end)
        engine_schedule(w->eng, t + down_s, up_event, w, h, ep);
    if (rates)
        reschedule_all(w, t);
}

void world_probe(struct worm *k, uint32_t source, uint32_t h, double t)
{
    struct world *w = k->w;
    if (w->net && source != POPULATION_NO_HOST &&
        !scan_reaches(w, source, h, k->cfg.probe_bytes, t)) {
        spread_reschedule(k, t); /* lost on the way: the draw is spent, the rates unchanged */
        return;
    }
    world_probe_arrived(k, source, h, t);
}

/* Every path reschedules the worms whose rates changed (host_down: all of them). */
void world_probe_arrived(struct worm *k, uint32_t source, uint32_t h, double t)
{
    struct world *w = k->w;
    if (w->state[h] != HOST_UP || removal_is_off(w, h, t)) { /* switched off: nobody answers */
        spread_reschedule(k, t);
        return;
    }
    spread_account_scans(k, t);
    uint8_t kind = w->pop.kind[h];
    if (population_is_device(kind)) {
        /* SOURCES §11: the long request hangs or restarts it. */
        world_host_down(w, h, t, HOST_DEVICE_DOWN,
                  kind == KIND_DEVICE_HANGS ? w->cfg.device_power_cycle_s : w->cfg.device_restart_s);
        return;
    }
    if (kind == KIND_IIS_CRASHES) {
        /* SOURCES §11: Japanese IIS often crashed instead. */
        world_host_down(w, h, t, HOST_CRASHED, w->cfg.iis_restart_s);
        return;
    }
    /* The worm's own rule (worm_kind.h): Code Red II crashes IIS 4 and, from October 2001
     * by the host's clock, reboots the host (SOURCES §6). */
    enum worm_probe_effect effect = PROBE_INFECTS;
    if (k->kind->probe)
        effect = k->kind->probe(kind == KIND_IIS_NT4, epoch_at(w, t) + w->pop.clock_offset_s[h]);
    switch (effect) {
    case PROBE_CRASHES_IIS:
        world_host_down(w, h, t, HOST_CRASHED, w->cfg.iis4_restart_s);
        return;
    case PROBE_REBOOTS:
        world_host_down(w, h, t, HOST_REBOOTING, w->cfg.reboot_s);
        return;
    case PROBE_INFECTS:
        break;
    }
    if (source != POPULATION_NO_HOST)
        count_locality(w, source, h);
    infect(k, h, t);
    spread_reschedule(k, t); /* the other worms' hosts and rates are unchanged */
}

static void phase_event(struct engine *eng, void *ctx, uint32_t h, uint32_t epoch)
{
    struct worm *k = ctx;
    struct world *w = k->w;
    if (!infected_by(w, k, h) || k->inf_epoch[h] != epoch)
        return;
    double t = engine_now(eng);
    spread_account_scans(k, t);
    uint8_t was = k->phase[h];
    leave_phase(k, h, t);
    enter_phase(k, h, t, false);
    if (was == CRV1_DORMANT && k->phase[h] == CRV1_SPREAD && k->cfg.sleep_length_s > 0) {
        /* SOURCES §19: the sleeping threads wake within sleep_length of the 1st. */
        leave_phase(k, h, t);
        k->phase[h] = CRV1_DORMANT;
        k->n_phase[CRV1_DORMANT]++;
        double at = t + gsl_rng_uniform(w->r_wake) * k->cfg.sleep_length_s;
        if (at <= w->t_end)
            engine_schedule(eng, at, wake_event, k, h, epoch);
    }
    spread_reschedule(k, t);
}

/* A dormant host's threads wake after the 1st: it spreads (the phase events stay as set). */
static void wake_event(struct engine *eng, void *ctx, uint32_t h, uint32_t epoch)
{
    struct worm *k = ctx;
    if (!infected_by(k->w, k, h) || k->inf_epoch[h] != epoch || k->phase[h] != CRV1_DORMANT)
        return;
    double t = engine_now(eng);
    spread_account_scans(k, t);
    k->n_phase[CRV1_DORMANT]--;
    k->phase[h] = CRV1_SPREAD;
    start_spreading(k, h, t, false);
    spread_reschedule(k, t);
}

/* An ordinary reboot of an infected host (uptime_mean). */
static void reboot_event(struct engine *eng, void *ctx, uint32_t h, uint32_t epoch)
{
    struct worm *k = ctx;
    struct world *w = k->w;
    if (!infected_by(w, k, h) || k->inf_epoch[h] != epoch)
        return;
    w->removed_reboot++;
    world_host_down(w, h, engine_now(eng), HOST_REBOOTING, w->cfg.reboot_s);
}

/* The end of a LIFE_SPREAD_THEN_REBOOT worm on a host (Code Red II): it reboots the host,
 * leaves memory, its backdoor stays. */
static void life_end_event(struct engine *eng, void *ctx, uint32_t h, uint32_t epoch)
{
    struct worm *k = ctx;
    struct world *w = k->w;
    if (!infected_by(w, k, h) || k->inf_epoch[h] != epoch)
        return;
    if (!w->backdoor[h]) {
        w->backdoor[h] = 1;
        w->n_backdoor++;
    }
    world_host_down(w, h, engine_now(eng), HOST_REBOOTING, w->cfg.reboot_s);
}

/* Leaves a down state's count (not UP, IMMUNE or PATCHED). */
void world_leave_down_state(struct world *w, uint32_t h)
{
    (*down_count(w, w->state[h]))--;
}

/* Host h, down, comes up at t: susceptible to every worm. */
void world_host_up(struct world *w, uint32_t h, double t)
{
    bool off = w->state[h] == HOST_OFF; /* still in the susceptible sets: no rate changes */
    if (!off)
        world_account_scans(w, t);
    world_leave_down_state(w, h);
    w->state[h] = HOST_UP;
    if (population_is_iis(w->pop.kind[h]))
        w->n_up++;
    w->host_epoch[h]++;
    for (int i = 0; i < w->n_worms && !off; i++)
        spread_susceptible(&w->worms[i], h, true);
    if (!off)
        reschedule_all(w, t);
}

static void up_event(struct engine *eng, void *ctx, uint32_t h, uint32_t epoch)
{
    struct world *w = ctx;
    if (w->state[h] == HOST_UP || w->host_epoch[h] != epoch)
        return;
    double t = engine_now(eng);
    world_host_up(w, h, t);
}

/* Seeds: seed_hosts uniform among the public IIS hosts this worm would infect, then the
 * first host of each of the first seed_nat_sites NAT sites. */
static void seed_event(struct engine *eng, void *ctx, uint32_t a, uint32_t b)
{
    (void)a, (void)b;
    struct worm *k = ctx;
    struct world *w = k->w;
    double t = engine_now(eng);
    /* [subnet] infected: the machines known to carry the first worm (pinned to IIS 5),
     * first: seed_hosts are others. */
    for (int s = 0; k->idx == 0 && s < w->cfg.n_subnets; s++) {
        const struct subnet_section *sn = &w->cfg.subnets[s];
        long left = sn->infected;
        for (uint32_t h = 0; h < w->pop.n && left > 0; h++)
            if (prefix_contains(&sn->prefix, w->pop.addr[h]) && w->pop.kind[h] == KIND_IIS &&
                hostset_has(&k->susc, h)) {
                world_probe(k, POPULATION_NO_HOST, h, t);
                left--;
            }
    }
    uint32_t want = (uint32_t)k->cfg.seed_hosts, done = 0, tries = 0;
    while (done < want && k->susc.total_count > k->priv_susc && tries < 100u * want + 1000u) {
        tries++;
        uint32_t h = hostset_pick(&k->susc, k->r_seed, false);
        if (w->pop.kind[h] != KIND_IIS || world_behind_nat(w, w->pop.addr[h]) ||
            w->state[h] != HOST_UP || removal_is_off(w, h, t))
            continue;
        world_probe(k, POPULATION_NO_HOST, h, t);
        done++;
    }
    for (long s = 0; s < k->cfg.seed_nat_sites && s < w->cfg.nat_sites; s++) {
        uint32_t g16 = ipv4_private16(s) >> 16, first = w->pop.start16[g16];
        for (uint32_t h = first; h < w->pop.start16[g16 + 1]; h++)
            if (w->pop.kind[h] == KIND_IIS && hostset_has(&k->susc, h)) {
                world_probe(k, POPULATION_NO_HOST, h, t);
                break;
            }
    }
    spread_reschedule(k, t);
}

static void worm_init(struct world *w, struct worm *k, int idx, const struct worm_config *cfg,
                      uint64_t seed)
{
    static const char *const names[WORMS_MAX][3] = {{"infection", "scan", "seed-hosts"},
                                                    {"infection-2", "scan-2", "seed-hosts-2"}};
    k->w = w;
    k->idx = idx;
    k->cfg = *cfg;
    k->kind = worm_kind(cfg->variant);
    k->inf_epoch = xcalloc(w->pop.n ? w->pop.n : 1, sizeof *k->inf_epoch);
    k->phase = xcalloc(w->pop.n ? w->pop.n : 1, 1); /* Code Red II's stays CRV1_SPREAD */
    thread_rate_init(k);
    k->r_infect = rng_stream(seed, names[idx][0]);
    k->r_scan = rng_stream(seed, names[idx][1]);
    k->r_seed = rng_stream(seed, names[idx][2]);
    spread_init(k);
    flood_init(k);
    if (worm_walks(k))
        walk_init(k);
}

static void worm_free(struct worm *k)
{
    if (worm_walks(k))
        walk_free(k);
    spread_free(k);
    flood_free(k);
    thread_rate_free(k);
    free(k->inf_epoch);
    free(k->phase);
    gsl_rng_free(k->r_infect);
    gsl_rng_free(k->r_scan);
    gsl_rng_free(k->r_seed);
}

enum status world_create(struct world **out, const struct world_config *config, uint64_t seed,
                         const char *scenario_path, struct diag *d)
{
    struct world *w = xcalloc(1, sizeof *w);
    w->cfg = *config;
    enum status st = network_create(&w->net, config, seed, scenario_path, d);
    if (st != ST_OK) {
        free(w);
        return st;
    }
    st = population_build(&w->pop, config, seed, scenario_path, d);
    if (st != ST_OK) {
        network_free(w->net);
        free(w);
        return st;
    }
    detail_init(w);
    if ((st = world_sensors_create(w, seed, scenario_path, d)) != ST_OK) {
        world_free(w);
        return st;
    }
    world_make_columns(w);
    uint32_t n = w->pop.n ? w->pop.n : 1;
    w->state = xmalloc(n);
    w->infected = xcalloc(n, 1);
    w->ever = xcalloc(n, 1);
    w->backdoor = xcalloc(n, 1);
    w->host_epoch = xcalloc(n, sizeof *w->host_epoch);
    w->space_size = prefix_size(&config->space);
    w->live_share = w->pop.n / w->space_size;
    w->t_end = config->end_epoch_s - config->start_epoch_s;
    w->r_reboot = rng_stream(seed, "reboot");
    w->r_patch = rng_stream(seed, "patch");
    w->seed = seed;
    w->r_wake = rng_stream(seed, "wake");
    removal_init(w);
    for (int i = 0; i < WORMS_MAX; i++)
        if (config->worms[i].variant != WORM_NONE) {
            worm_init(w, &w->worms[w->n_worms], w->n_worms, &config->worms[i], seed);
            w->n_worms++;
        }
    for (uint32_t h = 0; h < w->pop.n; h++) {
        if (w->pop.kind[h] == KIND_OTHER_WEB) {
            w->state[h] = HOST_IMMUNE;
            continue;
        }
        w->state[h] = HOST_UP;
        w->n_up += population_is_iis(w->pop.kind[h]);
        for (int i = 0; i < w->n_worms; i++)
            spread_susceptible(&w->worms[i], h, true);
    }
    *out = w;
    return ST_OK;
}

void world_free(struct world *w)
{
    if (!w)
        return;
    for (int i = 0; i < w->n_worms; i++)
        worm_free(&w->worms[i]);
    population_free(&w->pop);
    free(w->state);
    free(w->infected);
    free(w->ever);
    free(w->backdoor);
    free(w->host_epoch);
    gsl_rng_free(w->r_reboot);
    gsl_rng_free(w->r_patch);
    removal_free(w);
    gsl_rng_free(w->r_wake);
    free(w->unpatched);
    detail_free(w);
    world_sensors_free(w);
    network_free(w->net);
    free(w->columns);
    free(w->sample_values);
    free(w);
}

/* Tells the observer the periods of the calendar as a correct clock sees them: Code Red I's
 * phases if a worm follows its calendar, else the first worm's spreading and expiry. */
static void report_phases(struct world *w)
{
    if (!w->obs.event)
        return;
    bool calendar = false;
    for (int i = 0; i < w->n_worms; i++)
        calendar |= w->worms[i].kind->life == LIFE_CALENDAR;
    if (!calendar) {
        const struct worm_kind *kind = w->worms[0].kind;
        double expiry = kind->expiry_epoch_s > 0 ? kind->expiry_epoch_s - w->cfg.start_epoch_s
                                                 : INFINITY;
        w->obs.event(0, "phase", expiry > 0 ? "spread" : "expired", "host clocks at UTC", w->obs.arg);
        if (expiry > 0 && expiry <= w->t_end)
            w->obs.event(expiry, "phase", "expired", "host clocks at UTC", w->obs.arg);
        return;
    }
    double t = 0;
    while (t <= w->t_end) {
        double epoch = epoch_at(w, t);
        w->obs.event(t, "phase", codered_phase_name(codered_phase(epoch)), "host clocks at UTC",
                     w->obs.arg);
        t = codered_next_phase_change(epoch, 0) - w->cfg.start_epoch_s;
    }
}

void world_start(struct world *w, struct engine *eng, const struct model_observer *obs)
{
    w->eng = eng;
    w->obs = *obs;
    report_phases(w);
    for (int i = 0; i < w->n_worms; i++)
        thread_rate_report(&w->worms[i]);
    if (w->net)
        network_start(w->net, eng, obs);
    engine_schedule(eng, 0, world_sample_event, w, 0, 0);
    removal_start(w); /* patching too */
    for (int i = 0; i < w->n_worms; i++) {
        struct worm *k = &w->worms[i];
        spread_start(k, eng);
        k->rate_since = 0;
        double seed_t = k->cfg.seed_epoch_s - w->cfg.start_epoch_s;
        bool subnet_seeds = false;
        for (int s = 0; i == 0 && s < w->cfg.n_subnets; s++)
            subnet_seeds |= w->cfg.subnets[s].infected > 0;
        if ((k->cfg.seed_hosts > 0 || k->cfg.seed_nat_sites > 0 || subnet_seeds) && seed_t >= 0 &&
            seed_t <= w->t_end)
            engine_schedule(eng, seed_t, seed_event, k, 0, 0);
    }
}
