/* crii.c - Code Red II's target choice and expiry (see crii.h for the sources). */
#include "crii.h"

#include "calendar.h"
#include "worm_kind.h"

const double CRII_SHARES[CRII_COMPONENTS] = {1 / 8.0, 1 / 2.0, 3 / 8.0};

/* A target in component c's scope, redrawn until it is neither self nor in 127/8 or 224/8. */
static uint32_t draw_in(gsl_rng *r, uint32_t self, enum crii_component c)
{
    uint32_t keep = c == CRII_RANDOM ? 0 : c == CRII_SAME8 ? 0xFF000000u : 0xFFFF0000u;
    uint32_t target;
    do {
        uint32_t bits = (uint32_t)gsl_rng_get(r); /* mt19937: 32 uniform bits */
        target = (self & keep) | (bits & ~keep);
    } while (target == self || crii_redrawn(target));
    return target;
}

uint32_t crii_pick_target(gsl_rng *r, uint32_t self, const double p[CRII_COMPONENTS],
                          enum crii_component *component)
{
    double u = gsl_rng_uniform(r);
    enum crii_component c = u < p[0] ? CRII_RANDOM : u < p[0] + p[1] ? CRII_SAME8 : CRII_SAME16;
    if (component)
        *component = c;
    return draw_in(r, self, c);
}

bool crii_component_reaches(enum crii_component c, uint32_t self, uint32_t address)
{
    if (address == self || crii_redrawn(address))
        return false;
    if (c == CRII_SAME8)
        return (address >> 24) == (self >> 24);
    if (c == CRII_SAME16)
        return (address >> 16) == (self >> 16);
    return true;
}

double crii_component_space(enum crii_component c, uint32_t self)
{
    if (c == CRII_RANDOM) /* all of IPv4 less two /8s less the host itself */
        return 4294967296.0 - 2 * 16777216.0 - (crii_redrawn(self) ? 0 : 1);
    if (crii_redrawn(self)) /* cannot happen for a real host; the loop would never end */
        return 0;
    return (c == CRII_SAME8 ? 16777216.0 : 65536.0) - 1;
}

bool crii_expired(double clock_epoch_s)
{
    struct utc_date u = calendar_date(clock_epoch_s);
    return u.year >= 2002 || (u.year == 2001 && u.month >= 10);
}

/* SOURCES §6: on Windows NT 4 (IIS 4) its code crashes IIS instead of running; from October
 * 2001 by the host's clock it reboots the host instead. */
static enum worm_probe_effect crii_probe(bool iis4, double clock_epoch_s)
{
    if (iis4)
        return PROBE_CRASHES_IIS;
    if (crii_expired(clock_epoch_s))
        return PROBE_REBOOTS;
    return PROBE_INFECTS;
}

/* Code Red II (SOURCES §6): targets near the scanner, spreads for a day (two on Chinese
 * systems) then reboots the host, leaving a backdoor; expires on 1 October 2001. */
const struct worm_kind CRII_KIND = {
    .name = "crii", .targets = TARGETS_NEARBY, .life = LIFE_SPREAD_THEN_REBOOT,
    .probe = crii_probe, .expiry_epoch_s = 1001894400.0 /* 2001-10-01T00:00Z */};

double crii_thread_rate(double threads, double dark_s, double answer_s,
                        const double p[CRII_COMPONENTS], const double live[CRII_COMPONENTS])
{
    double t = 0;
    for (int c = 0; c < CRII_COMPONENTS; c++)
        t += p[c] * (live[c] * answer_s + (1 - live[c]) * dark_s);
    return threads / t;
}
