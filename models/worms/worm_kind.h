/* worm_kind.h - the worm variants as a table: one const descriptor per variant, holding what
 * sets it apart (how it picks targets, what it does with a host over time, what a probe does
 * to a host of a given kind and clock), in an array indexed by enum worm_variant. The world
 * asks a worm's descriptor instead of testing which variant it is. A new variant is one file
 * with its rules and its descriptor, and one row in WORM_KINDS (worm_kind.c). */
#ifndef WORMSIM_WORM_KIND_H
#define WORMSIM_WORM_KIND_H

#include <stdbool.h>

#include "config.h"

/* How the worm picks the addresses it scans. */
enum worm_targets {
    TARGETS_UNIFORM,  /* uniform over the scenario's address space (Code Red I v2) */
    TARGETS_NEARBY,   /* random, in the scanner's own /8 or own /16 by the worm's shares
                         (Code Red II, crii.h): targets depend on where the scanner is */
    TARGETS_SEQUENCE  /* one fixed sequence every instance walks from its start (Code Red I
                         v1, crv1seq.h) */
};

/* What the worm does on a host it has infected, over time. */
enum worm_life {
    LIFE_CALENDAR, /* Code Red I's month by the host's clock: spread, flood, sleep (codered.h);
                      it stays until the host goes down */
    LIFE_SPREAD_THEN_REBOOT /* spreads for worm.lifetime (worm.lifetime_chinese on Chinese
                               systems), then reboots the host, leaving its backdoor */
};

/* What a probe of the worm does to a vulnerable IIS host that is up and not infected by it.
 * (What it does to Japanese IIS and to embedded devices is the host's doing, the same for
 * every worm: see world.c.) */
enum worm_probe_effect {
    PROBE_INFECTS,     /* the worm runs on the host */
    PROBE_CRASHES_IIS, /* IIS crashes instead (worm.iis4_restart later it is back) */
    PROBE_REBOOTS      /* the host reboots instead (the worm's expiry) */
};

struct worm_kind {
    const char *name;         /* as worm.variant spells it: "crv2" */
    enum worm_targets targets;
    enum worm_life life;
    /* What a probe does to a host whose IIS is version 4 (on Windows NT 4) or not, whose
     * clock reads clock_epoch_s (UTC epoch seconds as the host's clock shows them); NULL when
     * every probe infects (the world then need not read the host's clock). Ask through
     * worm_kind_probe. */
    enum worm_probe_effect (*probe)(bool iis4, double clock_epoch_s);
    /* The UTC time from which its probes reboot hosts instead (by a correct clock), for the
     * calendar the run reports; 0 when it never expires. */
    double expiry_epoch_s;
};

/* The descriptors, by variant: WORM_KINDS[WORM_CRII]->name is "crii". */
extern const struct worm_kind *const WORM_KINDS[WORM_NONE];

/* The descriptor of a variant (not WORM_NONE). */
const struct worm_kind *worm_kind(int variant);

/* What a probe of a worm of this kind does (see struct worm_kind's probe). */
static inline enum worm_probe_effect worm_kind_probe(const struct worm_kind *kind, bool iis4,
                                                     double clock_epoch_s)
{
    return kind->probe ? kind->probe(iis4, clock_epoch_s) : PROBE_INFECTS;
}

/* Each variant's descriptor, defined in the file of its rules. */
extern const struct worm_kind CRV2_KIND; /* codered.c */
extern const struct worm_kind CRV1_KIND; /* crv1seq.c */
extern const struct worm_kind CRII_KIND; /* crii.c */

#endif
