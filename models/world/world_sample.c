/* world_sample.c - what the world shows at each sample: its columns (then the network's), the
 * row of counts and interval counters sent to the observer every run.sample, and the run's
 * totals. Counts of states come from world.c's counters; loads counted from rates (fast mode,
 * the v1 walk) are added here (scan_count_expected) before the row is sent; the interval
 * counters start again at zero after each sample. */
#include <math.h>
#include <string.h>

#include "codered.h"
#include "network.h"
#include "sensors.h"
#include "world.h"
#include "scan.h"
#include "world_internal.h"

enum column {
    COL_SUSCEPTIBLE, COL_INFECTED, COL_SPREADING, COL_FLOODING, COL_DORMANT, COL_CRASHED,
    COL_EVER_INFECTED, COL_NEW_INFECTIONS, COL_REBOOTS, COL_SCANS, COL_SYN_PACKETS,
    COL_PROBE_BYTES, COL_FLOOD_CONNECTIONS, COL_FLOOD_BYTES, COL_BACKDOORED,
    COL_NEW_SAME16, COL_NEW_SAME8, COL_NEW_OTHER, COL_REBOOTING, COL_CRASHES,
    COL_INFECTED_CRV1, COL_INFECTED_CRV2, COL_INFECTED_CRII,
    COL_EVER_CRV1, COL_EVER_CRV2, COL_EVER_CRII, COL_PATCHED, COL_DEVICES_DOWN,
    COL_DEVICE_FAILURES, COL_FILTERED, COL_REMOVED_POWEROFF, COL_REMOVED_REBOOT,
    COL_REMOVED_PATCH, COL_REMOVED_FILTER, N_COLUMNS
};

static const char *const COLUMN_NAMES[N_COLUMNS] = {
    "susceptible", "infected", "spreading", "flooding", "dormant", "crashed",
    "ever_infected", "new_infections", "reboots", "scans", "syn_packets",
    "probe_bytes", "flood_connections", "flood_bytes", "backdoored",
    "new_infections_same16", "new_infections_same8", "new_infections_other", "rebooting",
    "crashes", "infected_crv1", "infected_crv2", "infected_crii",
    "ever_infected_crv1", "ever_infected_crv2", "ever_infected_crii", "patched",
    "devices_down", "device_failures", "filtered", "removed_poweroff",
    "removed_reboot", "removed_patch", "removed_filter"};

int world_columns(const struct world *w, const char *const **names)
{
    *names = w->columns;
    return w->n_columns;
}

/* The world's columns, then the network's (router.NAME.*, link.NAME.*), then the sensors'
 * (telescope.NAME.*, weblog.NAME.*). */
void world_make_columns(struct world *w)
{
    const char *const *net = NULL, *const *sen = NULL;
    int n_net = w->net ? network_columns(w->net, &net) : 0;
    int n_sen = sensors_columns(w->sensors, &sen);
    w->columns = xmalloc(sizeof *w->columns * (size_t)(N_COLUMNS + n_net + n_sen));
    for (int i = 0; i < N_COLUMNS; i++)
        w->columns[i] = COLUMN_NAMES[i];
    for (int i = 0; i < n_net; i++)
        w->columns[N_COLUMNS + i] = net[i];
    for (int i = 0; i < n_sen; i++)
        w->columns[N_COLUMNS + n_net + i] = sen[i];
    w->n_columns = N_COLUMNS + n_net + n_sen;
    w->sensor_col = N_COLUMNS + n_net;
    w->sample_values = xmalloc(sizeof *w->sample_values * (size_t)w->n_columns);
}

void world_sample_event(struct engine *eng, void *ctx, uint32_t step, uint32_t b)
{
    (void)b;
    struct world *w = ctx;
    double t = engine_now(eng);
    double *v = w->sample_values;
    memset(v, 0, sizeof *v * (size_t)w->n_columns);
    flood_sample(w, step); /* the flood bursts of this interval (flood.c) */
    world_account_scans(w, t);
    double spreading = 0, flooding = 0, dormant = 0;
    for (int i = 0; i < w->n_worms; i++) {
        struct worm *k = &w->worms[i];
        spreading += k->n_phase[CRV1_SPREAD];
        flooding += k->n_phase[CRV1_FLOOD];
        dormant += k->n_phase[CRV1_DORMANT];
        static const int inf_col[] = {COL_INFECTED_CRV2, COL_INFECTED_CRII, COL_INFECTED_CRV1};
        static const int ever_col[] = {COL_EVER_CRV2, COL_EVER_CRII, COL_EVER_CRV1};
        v[inf_col[k->cfg.variant]] = k->n_infected;
        v[ever_col[k->cfg.variant]] = k->n_ever;
        if (worm_scans_from_rate(k)) {
            /* Scans are an expected count here: keep the cumulative total rounded, so the
             * intervals add up to the rounded total. */
            double total = floor(k->scans_acc + 0.5), scans = total - k->scans_mark;
            k->scans_mark = total;
            k->scans_total = total;
            scan_count_expected(w, k, scans);
        }
    }
    v[COL_SUSCEPTIBLE] = w->n_up - w->n_infected_any;
    v[COL_INFECTED] = w->n_infected_any;
    v[COL_SPREADING] = spreading;
    v[COL_FLOODING] = flooding;
    v[COL_DORMANT] = dormant;
    v[COL_CRASHED] = w->n_crashed;
    v[COL_REBOOTING] = w->n_rebooting;
    v[COL_EVER_INFECTED] = w->n_ever;
    v[COL_NEW_INFECTIONS] = w->iv.new_infections;
    v[COL_REBOOTS] = w->iv.reboots;
    v[COL_CRASHES] = w->iv.crashes;
    v[COL_SCANS] = w->iv.scans;
    v[COL_SYN_PACKETS] = w->iv.syn_packets;
    v[COL_PROBE_BYTES] = w->iv.probe_bytes;
    v[COL_FLOOD_CONNECTIONS] = w->iv.flood_connections;
    v[COL_FLOOD_BYTES] = w->iv.flood_bytes;
    v[COL_BACKDOORED] = w->n_backdoor;
    v[COL_PATCHED] = w->n_patched;
    v[COL_DEVICES_DOWN] = w->n_devices_down;
    v[COL_DEVICE_FAILURES] = w->iv.device_failures;
    v[COL_FILTERED] = w->n_filtered;
    v[COL_REMOVED_POWEROFF] = w->removed_poweroff;
    v[COL_REMOVED_REBOOT] = w->removed_reboot;
    v[COL_REMOVED_PATCH] = w->removed_patch;
    v[COL_REMOVED_FILTER] = w->removed_filter;
    v[COL_NEW_SAME16] = w->iv.same16;
    v[COL_NEW_SAME8] = w->iv.same8;
    v[COL_NEW_OTHER] = w->iv.other;
    memset(&w->iv, 0, sizeof w->iv);
    if (w->net) {
        double dt = t - w->last_sample_t > 0 ? t - w->last_sample_t : w->cfg.sample_s;
        detail_rate_loads(w, t - w->last_sample_t);
        network_sample(w->net, t, dt, v + N_COLUMNS);
    }
    w->last_sample_t = t;
    /* A chained run (run.record_from) samples from the start, as the run it continues does,
     * and reports from record_from on. */
    bool report = t >= world_record_start(w);
    if (report && (!world_sensors_sample(w, t, v + w->sensor_col) ||
                   (w->obs.sample && w->obs.sample(t, v, w->obs.arg)))) {
        engine_stop(eng);
        return;
    }
    /* Sample k+1 at (k+1) * interval, and a last one at the end if that falls between. */
    double next = (double)(step + 1) * w->cfg.sample_s;
    if (next > w->t_end && t < w->t_end)
        next = w->t_end;
    if (next <= w->t_end)
        engine_schedule(eng, next, world_sample_event, w, step + 1, 0);
}

void world_totals(const struct world *w, struct model_totals *tot)
{
    tot->hosts = w->pop.n;
    tot->vulnerable = w->pop.n_vulnerable;
    tot->ever_infected = w->n_ever;
    tot->infections = 0;
    tot->scans = 0;
    for (int i = 0; i < w->n_worms; i++) {
        tot->infections += w->worms[i].infections_total;
        tot->scans += (uint64_t)w->worms[i].scans_total;
    }
}
