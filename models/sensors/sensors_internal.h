/* sensors_internal.h - the sensors' state, shared by sensors.c (the set, hosts' slots, hooks),
 * telescope.c and weblog.c. Nothing else includes it.
 *
 * A host that ever scans gets a slot (slot_of[h] > 0); per slot and worm the sensors keep its
 * scan rate and how long it has scanned, so a telescope can say how much of its scanning could
 * have landed in the prefix: a host scanning at rate r reaches a prefix P at rate r q, q the
 * chance one of its scans lands in P (sensor_share). */
#ifndef WORMSIM_SENSORS_INTERNAL_H
#define WORMSIM_SENSORS_INTERNAL_H

#include <stdio.h>
#include <gsl/gsl_rng.h>

#include "sensors.h"

#define SENSOR_WORMS WORMS_MAX

/* How one worm picks targets, as far as the sensors need it. */
struct sensor_worm {
    bool on, local;          /* local: Code Red II's own /8 and /16 preference */
    double p[3];             /* p_random, p_same8, p_same16 (local) */
    struct prefix space;     /* uniform worms: the space scanned */
    const char *variant;     /* "crv2", "crii", "crv1" */
};

/* Per slot and worm: scanning since `since` (-1: not scanning), rate, and the scanning time
 * accumulated before `since`. */
struct sensor_host {
    double since, rate, cum_s;
    uint32_t pos;            /* index in the worm's list of scanning slots (while scanning) */
};

struct telescope {
    const struct telescope_section *cfg;
    double size, live_share; /* addresses; share of them holding a host that answers */
    double rate[SENSOR_WORMS];       /* sum over scanning slots of rate x share */
    double acc[SENSOR_WORMS];        /* integral of rate since the last sample */
    double acc_since;                /* time acc runs from */
    double probes[SENSOR_WORMS], syns[SENSOR_WORMS]; /* this sample (per-scan: counted) */
    double window_sources[SENSOR_WORMS], cur_sources[SENSOR_WORMS];
    double ever[SENSOR_WORMS];
    uint32_t *first_bucket[SENSOR_WORMS]; /* fast: first sightings falling in sample i */
    double *first_at[SENSOR_WORMS];  /* per slot: time of its first sighting if it keeps
                                        scanning (fast), INFINITY when none pending */
    uint8_t *seen[SENSOR_WORMS];     /* per slot: seen by the telescope (for good) */
    double *snap[SENSOR_WORMS];      /* fast: per slot, scanning time at the window's start */
    uint32_t *window_stamp[SENSOR_WORMS]; /* per-scan: per slot, window + 1 it was last seen in */
    float *share[SENSOR_WORMS];      /* per slot: sensor_share of its address (-1: not yet) */
    uint32_t window_index;           /* current window (from 0) */
    double window_end;
    int col;                         /* first column */
};

/* One line to write: when, from whom, which worm. */
struct weblog_hit {
    double t;
    uint32_t source;
    int worm;
};

/* A dense list of scanning slots (O(1) add and remove through pos[slot]). */
struct slot_list {
    uint32_t *slot, n, cap;
    uint32_t *pos;                   /* per slot: index in slot[] + 1, 0: not in the list */
    uint32_t pos_cap;
};

struct weblog {
    const struct weblog_section *cfg;
    /* per worm: total rate of probes reaching the address, split by the component that sends
     * them (0 random or uniform, 1 own /8, 2 own /16), the list of scanning slots in the
     * address's /8 and /16, and the exposure since the last hit against its Exp(1) threshold */
    double rate[SENSOR_WORMS][3], acc[SENSOR_WORMS], threshold[SENSOR_WORMS], since[SENSOR_WORMS];
    double rate_max[SENSOR_WORMS];   /* largest host scan rate seen (rejection sampling) */
    struct slot_list in8[SENSOR_WORMS], in16[SENSOR_WORMS];
    struct weblog_hit *hits;         /* this sample's, sorted at the sample */
    size_t n_hits, cap_hits;
    double hits_sample;
    char dir[1024], final_path[1100], tmp_path[1108];
    FILE *file;
    int day;                         /* days since 1970 of the open file, -1: none */
    double start_epoch_s, probe_bytes[SENSOR_WORMS];
    int col;
};

struct sensors {
    const struct world_config *cfg;
    const struct population *pop;
    const char *path;
    gsl_rng *r;
    uint64_t seed;
    struct sensor_worm worms[SENSOR_WORMS];
    uint32_t *slot_of;               /* per host: slot + 1, 0: none yet */
    uint32_t *host_of;               /* per slot: host */
    uint32_t n_slots, cap_slots;
    struct sensor_host *hosts[SENSOR_WORMS];  /* per slot */
    uint32_t *scanning[SENSOR_WORMS];         /* scanning slots, dense */
    uint32_t n_scanning[SENSOR_WORMS];
    struct telescope tel[SENSOR_TELESCOPES_MAX];
    int n_tel;
    struct weblog logs[SENSOR_WEBLOGS_MAX];
    int n_logs;
    double sample_s, t_end, last_sample_t;
    const char **columns;
    char *names;                     /* storage of the column names */
    int n_columns;
};

/* sensors.c */
/* The chance that one scan of worm w from addr lands in prefix p (0 to 1). */
double sensor_share(const struct sensors *s, int w, uint32_t addr, const struct prefix *p);
/* The slot of host h, made on first use (the per-slot arrays of telescopes grow with it). */
uint32_t sensor_slot(struct sensors *s, uint32_t h);
/* Scanning time of slot i of worm w up to t. */
static inline double sensor_scan_time(const struct sensors *s, int w, uint32_t i, double t)
{
    const struct sensor_host *x = &s->hosts[w][i];
    return x->cum_s + (x->since >= 0 ? t - x->since : 0);
}

/* telescope.c */
void telescope_init(struct sensors *s, struct telescope *k, const struct telescope_section *c);
void telescope_free(struct sensors *s, struct telescope *k);
void telescope_grow(struct sensors *s, struct telescope *k, uint32_t old_cap, uint32_t cap);
void telescope_start(struct sensors *s, struct telescope *k, int w, uint32_t slot, double t);
void telescope_stop(struct sensors *s, struct telescope *k, int w, uint32_t slot, double t);
void telescope_scan(struct sensors *s, struct telescope *k, int w, uint32_t slot, bool live);
void telescope_sample(struct sensors *s, struct telescope *k, double t, double *values);
void telescope_check(const struct sensors *s, const struct telescope *k);

/* weblog.c */
void weblog_init(struct sensors *s, struct weblog *g, const struct weblog_section *c);
void weblog_free(struct weblog *g);
/* Draws the hits up to t at the current rates (before any rate changes at t). */
void weblog_settle(struct sensors *s, struct weblog *g, double t);
/* Slot i of worm w starts (sign +1) or stops (-1) scanning: the rates change. */
void weblog_change(struct sensors *s, struct weblog *g, int w, uint32_t i, int sign);
/* The request's query string of a worm variant ("crv2", "crii", "crv1") into buf. */
size_t weblog_query(const char *variant, char *buf, size_t len);
/* One log line (without the newline) into buf; returns its length. */
size_t weblog_line(int format, double epoch_s, uint32_t source, const char *variant,
                   double request_bytes, char *buf, size_t len);
void weblog_hit(struct sensors *s, struct weblog *g, int w, uint32_t source, double t);
enum status weblog_open(struct sensors *s, struct weblog *g, const char *dir, struct diag *d);
enum status weblog_sample(struct sensors *s, struct weblog *g, double t, double *values,
                          struct diag *d);
enum status weblog_close(struct weblog *g, bool ok, struct diag *d);

#endif
