/* plot_router.h - one device's memory over time (a router's, in the model's words), drawn with
 * gnuplot (through gnuplot.c). The caller names the three columns (free bytes, cache entries,
 * ARP entries), the event that marks a failure of the device (subject NAME) and the event that
 * marks an operator's action (any subject); it knows nothing of routers or worms. */
#ifndef WORMSIM_PLOT_ROUTER_H
#define WORMSIM_PLOT_ROUTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"
#include "store.h"

struct plot_router_request {
    const int64_t *runs;   /* runs to overlay (1 to 64), one free-memory line each */
    int n_runs;
    const char *router;    /* NAME */
    const char *output;    /* as in struct plot_request: FILE.png|.svg|.pdf, or NULL with dumb */
    const char *terminal;  /* NULL or "dumb" */
    const char *title;     /* NULL: "run N: SCENARIO, router NAME" */
    const char *prefix;    /* "router.": the device's columns are PREFIX NAME.SERIES */
    const char *free_column, *free_label;   /* "router.NAME.free_bytes", "free memory (MiB)" */
    const char *cache_column, *cache_label; /* "router.NAME.cache_entries", "route cache" */
    const char *arp_column, *arp_label;     /* "router.NAME.arp_entries", "ARP" */
    const char *fail_event, *fail_label;    /* "router_crash", "crash" */
    const char *action_event, *action_label; /* "countermeasure", "countermeasure" */
    bool from_set, to_set; /* zoom: the time axis from `from` and/or to `to` (UTC epoch s) */
    double from, to;
    const char *keep_dir;  /* NULL, or where to write the gnuplot script and data too */
    size_t max_points;     /* 0, or at most this many points a curve (see plot.h) */
};

/* Draws two panels on one UTC time axis. Top: free memory in MiB of every run; a short red
 * tick on the top edge at each of the first run's fail events of this device (key "crash (N)")
 * and a dashed line at each of its action events, labelled with the detail (or the subject
 * if there is none), cut to a few words, labels staggered so none overlaps another. Bottom:
 * cache entries of every run, and ARP entries of the runs where any is above 0. The key stands
 * above the panels. Errors as plot_runs; ST_NOT_FOUND 'run 3 has no router "x" (routers: a,
 * b)' ("(no routers)") if a run lacks the free column; ST_USAGE if no device is named. */
enum status plot_router(struct store *s, const struct plot_router_request *req, struct diag *d);

/* Writes the names of a run's devices - the NAME of every column PREFIX NAME.SERIES, each once,
 * in declared order - joined by ", " into buf (len bytes; "" if none; cut if too long).
 * ST_NOT_FOUND if there is no such run. */
enum status plot_router_names(struct store *s, int64_t run, const char *prefix, char *buf,
                              size_t len, struct diag *d);

#endif
