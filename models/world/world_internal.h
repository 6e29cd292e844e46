/* world_internal.h - the world's state, shared by the files of models/world/ (and read by
 * tests); nothing else includes it. Who writes what:
 *   world.c        host states and counts (state, infected, ever, backdoor, host_epoch, n_*),
 *                  each worm's infections (inf_epoch, phase, n_infected, n_ever, n_phase,
 *                  infections_total), the interval counters of host events (iv.new_infections,
 *                  reboots, crashes, same16/same8/other, device_failures); it
 *                  creates everything else (worm_init).
 *   world_sample.c the row sent at each sample (columns, sample_values, last_sample_t), each
 *                  worm's scans_mark and scans_total then, and the reset of `iv`.
 *   spread.c       a worm's fast-mode sets and group sums (susc, spread, priv_susc*, prod16,
 *                  prod8*, priv_prod8, space), its process event and scan accounting
 *                  (process_tm, in_scan_loop, scans_acc, rate_since; scans_total per scan).
 *   crv1_walk.c    Code Red I v1's walk along its address lists (walk).
 *   flood.c        Code Red I's flood bursts (flood_*; iv.flood_connections, flood_bytes).
 *   scan_by_scan.c the hosts simulated scan by scan (detail, n_detail, n_detail_spreading;
 *                  scans_total per scan).
 *   scan.c         the interval's scan loads, for every mode (iv.scans, syn_packets,
 *                  probe_bytes): scan_count one by one, scan_count_expected from rates.
 * world_check.c only reads. Calls: world.c calls down into the infection processes (spread.c, crv1_walk.c,
 * scan_by_scan.c: a host starts or stops spreading, the sets change, rates change), they call
 * back up only through world_probe / world_probe_arrived (a probe arrives), and all of them
 * use scan.c, which calls nothing in this folder. What sets a worm variant apart comes from
 * its descriptor (k->kind, worm_kind.h), not from tests of the variant. */
#ifndef WORMSIM_WORLD_INTERNAL_H
#define WORMSIM_WORLD_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>

#include "config.h"
#include "crii.h"
#include "crv1seq.h"
#include "engine.h"
#include "hostset.h"
#include "ipv4.h"
#include "model.h"
#include "population.h"
#include "sumtree.h"
#include "worm_kind.h"

struct network;

/* A host simulated scan by scan (scan_by_scan.c): it sits behind a router with a memory model. */
struct detail {
    uint32_t host;
    int subnet;
    bool spreading[WORMS_MAX];
    event_id scan_ev[WORMS_MAX];
    uint64_t walk_pos[WORMS_MAX]; /* Code Red I v1: scans made along its lists */
};

/* Host states. Only an UP host runs IIS: a probe can reach it. */
enum host_state {
    HOST_UP = 0, HOST_CRASHED, HOST_REBOOTING, HOST_IMMUNE, HOST_PATCHED, HOST_DEVICE_DOWN,
    HOST_OFF,     /* switched off for the night (removal.c) */
    HOST_FILTERED /* its network filters port 80: cut off for good (removal.c) */
};

/* Counters that are reset at every sample. */
struct interval {
    double new_infections, reboots, crashes, scans, syn_packets, probe_bytes,
        flood_connections, flood_bytes, same16, same8, other, device_failures;
};

/* A flood burst due (flood.c): the host and the burst's time. */
struct flood_entry {
    double t;
    uint32_t h;
};
struct flood_bucket {
    struct flood_entry *e;
    size_t n, cap;
};

/* One worm's infection process. A host is susceptible to it when UP and not infected by it. */
struct worm {
    struct world *w;
    int idx;                   /* its bit in world.infected[] */
    struct worm_config cfg;
    const struct worm_kind *kind; /* its variant's rules (worm_kind.h) */
    struct hostset susc;       /* hosts a probe of this worm changes */
    struct hostset spread;     /* spreading hosts, weighted by threads in units of cfg.threads */
    uint64_t priv_susc;        /* susceptible hosts at private addresses (NAT sites) */
    /* worm_grouped: */
    struct sumtree prod16;     /* spread weight x susceptible count per /16 */
    uint64_t prod8[256], prod8_total;   /* reachable (spreader, victim) pairs per /8 */
    uint64_t priv_susc8[256], priv_prod8[256]; /* their private-/16 parts */
    double space[CRII_COMPONENTS]; /* addresses each component reaches (scan_component_space) */
    uint32_t *inf_epoch;       /* per host: validity of this infection's events */
    uint8_t *phase;            /* per host: Code Red I phase while infected (enum crv1_phase) */
    double rate;               /* scans per second per spreading host (weight 1) */
    uint8_t *rate16;           /* thread model (thread_rate.c): per /16, a host's rate in units
                                  of `rate`; NULL: every host scans at `rate` */
    uint32_t rate16_max;
    engine_timer process_tm;  /* the next probe or scan loop (spread_start) */
    int in_scan_loop;
    double scans_acc, rate_since, scans_mark, scans_total;
    uint32_t n_infected, n_ever, n_phase[3];
    uint32_t n_detail_spreading; /* spreading hosts simulated scan by scan (not in `spread`) */
    uint64_t infections_total;
    gsl_rng *r_infect, *r_scan, *r_seed;
    /* Code Red I's flood counted per sample (flood.c; NULL: none, or one event per burst) */
    double *flood_next;              /* per host: its next burst, INFINITY if none */
    struct flood_bucket *flood_ring; /* per sample step (mod flood_nring): bursts it counts */
    size_t flood_nring;
    struct walk *walk;         /* Code Red I v1: its address lists and walkers (crv1_walk.c) */
};

struct world {
    struct world_config cfg;
    struct population pop;
    struct engine *eng;
    struct model_observer obs;
    struct worm worms[WORMS_MAX];
    int n_worms;
    gsl_rng *r_reboot, *r_patch;
    uint64_t seed;             /* the run seed, for streams made later */
    gsl_rng *r_wake;           /* Code Red I: dormant hosts waking after the 1st */
    /* removal.c: machines switched off at night, filtering networks */
    gsl_rng *r_filter;
    bool night_off_any;        /* some hosts are switched off at night */
    uint32_t n_off, n_filtered; /* n_off: only between the two halves of a switch-off */
    uint32_t removed_poweroff, removed_reboot, removed_patch, removed_filter; /* infected hosts */
    uint8_t *state, *infected, *ever, *backdoor;
    uint32_t *host_epoch;      /* validity of a down host's restart event */
    uint32_t *unpatched, n_unpatched; /* vulnerable hosts not yet patched (patch_rate > 0) */
    uint32_t n_up;             /* IIS hosts up (devices are not counted) */
    uint32_t n_infected_any, n_crashed, n_rebooting, n_patched, n_ever, n_backdoor;
    uint32_t n_devices_down;
    double space_size, live_share, t_end;
    struct interval iv;
    struct network *net;       /* routers, links, subnets; NULL when the scenario has none */
    struct detail *detail;     /* hosts simulated scan by scan, by host index */
    uint32_t n_detail;
    struct sensors *sensors;   /* telescopes and web logs; NULL when the scenario has none */
    struct watched_scan { uint32_t host, target; bool live; } *watch; /* per-scan: scans the */
    size_t n_watch, cap_watch; /* sensors watch, until the scan loop knows their interval */
    bool last_watched;         /* the latest scan drawn is the last one kept */
    enum status sensor_st;     /* a sensor's failure (a log it cannot write) */
    struct diag sensor_diag;
    const char **columns;      /* the world's columns, then the network's, then the sensors' */
    int n_columns, sensor_col; /* sensor_col: the first of the sensors' columns */
    double *sample_values;     /* one row of them, filled at each sample */
    double last_sample_t;
};

/* Run time of the first stored sample: run.record_from, or the start (a chained run). */
static inline double world_record_start(const struct world *w)
{
    return w->cfg.record_from_epoch_s > w->cfg.start_epoch_s
               ? w->cfg.record_from_epoch_s - w->cfg.start_epoch_s : 0;
}

/* True when addr is behind a NAT: a private address in a run over all of IPv4. (A run over a
 * smaller space, such as 10.0.0.0/16 in the tests, is a world of its own: all reachable.) */
static inline bool world_behind_nat(const struct world *w, uint32_t addr)
{
    return w->cfg.space.len == 0 && ipv4_is_private(addr);
}

/* True when worm k's targets depend on where the scanner is (TARGETS_NEARBY): its host sets
 * and sums are kept by /16 and /8, and a scan's source is drawn before its target. */
static inline bool worm_grouped(const struct worm *k)
{
    return k->kind->targets == TARGETS_NEARBY;
}

/* True when worm k's instances walk one sequence (TARGETS_SEQUENCE): crv1_walk.c makes its
 * probes, the infection process of spread.c never runs for it. */
static inline bool worm_walks(const struct worm *k)
{
    return k->kind->targets == TARGETS_SEQUENCE;
}

/* True when k's scans are counted from its rate (an expected count) rather than one by one:
 * in fast mode, and for a walk (deterministic, at the worm's rate) in either mode. */
static inline bool worm_scans_from_rate(const struct worm *k)
{
    return k->w->cfg.mode == MODE_FAST || worm_walks(k);
}

/* Brings every worm's scan count from rates up to t (before a rate changes or a sample). */
void spread_account_scans(struct worm *k, double t);
static inline void world_account_scans(struct world *w, double t)
{
    for (int i = 0; i < w->n_worms; i++)
        spread_account_scans(&w->worms[i], t);
}

/* world_sample.c: the columns (world_make_columns, at creation) and the sample event, first
 * scheduled at 0 by world_start with step 0; it schedules the next itself. */
void world_make_columns(struct world *w);
void world_sample_event(struct engine *eng, void *ctx, uint32_t step, uint32_t b);

/* spread.c */
void spread_init(struct worm *k);
void spread_start(struct worm *k, struct engine *eng);
void spread_free(struct worm *k);
void spread_susceptible(struct worm *k, uint32_t h, bool add);
void spread_spreading(struct worm *k, uint32_t h, bool add);
void spread_reschedule(struct worm *k, double t);
void spread_account_scans(struct worm *k, double t);
uint32_t spread_thread_weight(const struct worm *k, uint32_t h);
/* Asserts every group sum of k's fast mode against a recount from the hosts (world_check). */
void spread_check(const struct worm *k);


/* world_sensors.c: the sensors' hooks (see there) */
enum status world_sensors_create(struct world *w, uint64_t seed, const char *path,
                                 struct diag *d);
void world_sensors_free(struct world *w);
void world_sensors_start(struct worm *k, uint32_t h, double t);
void world_sensors_stop(struct worm *k, uint32_t h, double t);
/* A scan drawn one by one (source POPULATION_NO_HOST: not drawn by the world), kept until
 * world_sensors_flush gives the interval of the scan loop it came from. */
void world_sensors_scan(struct worm *k, uint32_t source, uint32_t target, bool live);
void world_sensors_flush(struct worm *k, double t_lo, double t_hi, bool last_at_hi);
bool world_sensors_sample(struct world *w, double t, double *values);

/* flood.c: bursts counted per sample when no network needs each one, else an event each */
void flood_init(struct worm *k);
void flood_free(struct worm *k);
void flood_enter(struct worm *k, uint32_t h, double t);
void flood_leave(struct worm *k, uint32_t h, double t);
void flood_sample(struct world *w, uint64_t step);

/* crv1_walk.c */
void walk_init(struct worm *k);
void walk_free(struct worm *k);
void walk_start(struct worm *k, uint32_t h, double t, bool fresh);
void walk_stop(struct worm *k, uint32_t h, double t);
/* The target of the i-th scan of the instance at address self (scan by scan): its walkers
 * take turns along their lists. */
uint32_t walk_scan_target(const struct worm *k, uint32_t self, uint64_t i);

/* scan_by_scan.c */
void detail_init(struct world *w);
void detail_free(struct world *w);
int detail_index(const struct world *w, uint32_t h); /* -1: not simulated scan by scan */
void detail_start(struct worm *k, uint32_t di, double t, bool fresh);
void detail_stop(struct worm *k, uint32_t di);
/* Adds the estimated load of the fast-mode hosts over the last dt seconds to the network. */
void detail_rate_loads(struct world *w, double dt);

/* removal.c */
void removal_init(struct world *w);
void removal_start(struct world *w);
void removal_free(struct world *w);
/* Whether host h is one switched off every night, and whether it is off at run time t (then
 * no probe reaches it); an infected host's next switch-off is scheduled by removal_infected. */
bool removal_night_off(const struct world *w, uint32_t h);
bool removal_is_off(const struct world *w, uint32_t h, double t);
void removal_infected(struct world *w, uint32_t h, double t);
double removal_reboot_at(struct world *w, double t); /* next reboot of a host infected at t */

/* world.c: host h goes down at t (crash, reboot, patch, off, filter) for down_s seconds
 * (0: until something brings it up); comes up (susceptible to every worm); leaves the count
 * of its down state. */
void world_host_down(struct world *w, uint32_t h, double t, enum host_state why, double down_s);
void world_host_up(struct world *w, uint32_t h, double t);
void world_leave_down_state(struct world *w, uint32_t h);

/* removal.c: host h cut off for good by its network's port-80 filter. */
void world_host_filter(struct world *w, uint32_t h, double t);

/* world.c: what a probe of worm k does to host h at time t (source: the scanner, or
 * POPULATION_NO_HOST for seeds). world_probe first checks that the probe gets through the
 * network; world_probe_arrived is for a probe known to have arrived. */
void world_probe(struct worm *k, uint32_t source, uint32_t h, double t);
void world_probe_arrived(struct worm *k, uint32_t source, uint32_t h, double t);

/* thread_rate.c: Code Red II's per-host scan rate from its threads and the answering
 * addresses around the host. thread_rate_init sets k->rate (and k->rate16 when the thread model
 * applies: a nearby worm with scan_rate 0); call before spread_init. */
void thread_rate_init(struct worm *k);
void thread_rate_free(struct worm *k);
/* Reports the distribution of spreading rates over the vulnerable hosts as an event
 * ("model_note", "scan_rates"), when the thread model applies. */
void thread_rate_report(struct worm *k);

#endif
