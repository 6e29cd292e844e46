/* plot_router.h - one router's memory over time, drawn with gnuplot (through gnuplot.c).
 * It reads the columns router.NAME.free_bytes, router.NAME.cache_entries and
 * router.NAME.arp_entries, and the events router_crash (subject NAME) and countermeasure (any
 * subject); it knows these names, nothing else of routers or worms. */
#ifndef WORMSIM_PLOT_ROUTER_H
#define WORMSIM_PLOT_ROUTER_H

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
};

/* Draws two panels on one UTC time axis. Top: free memory in MiB of every run; a red vertical
 * line at each of the first run's router_crash events of this router (key "crash (N)") and a
 * dashed one at each of its countermeasure events, labelled with the detail (or the subject
 * if there is none), cut to a few words. Bottom: route-cache entries of every run, and ARP
 * entries of the runs where any is above 0. Errors as plot_runs; ST_NOT_FOUND
 * 'run 3 has no router "x" (routers: a, b)' ("(no routers)") if a run lacks
 * router.NAME.free_bytes; ST_USAGE if no router is named. */
enum status plot_router(struct store *s, const struct plot_router_request *req, struct diag *d);

/* Writes the names of a run's routers - the NAME of every column router.NAME.SERIES, each
 * once, in declared order - joined by ", " into buf (len bytes; "" if none; cut if too long).
 * ST_NOT_FOUND if there is no such run. */
enum status plot_router_names(struct store *s, int64_t run, char *buf, size_t len,
                              struct diag *d);

#endif
