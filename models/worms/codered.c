/* codered.c - Code Red I's phases by day of month (see codered.h for the sources). */
#include "codered.h"

#include "calendar.h"
#include "worm_kind.h"

enum crv1_phase codered_phase(double clock_epoch_s)
{
    int day = calendar_date(clock_epoch_s).day;
    if (day < CRV1_FIRST_FLOOD_DAY)
        return CRV1_SPREAD;
    if (day < CRV1_FIRST_DORMANT_DAY)
        return CRV1_FLOOD;
    return CRV1_DORMANT;
}

const char *codered_phase_name(enum crv1_phase p)
{
    static const char *const names[] = {"spread", "flood", "dormant"};
    return names[p];
}

double codered_next_phase_change(double epoch_s, double offset_s)
{
    struct utc_date u = calendar_date(epoch_s + offset_s);
    double clock_at;
    if (u.day < CRV1_FIRST_FLOOD_DAY)
        clock_at = calendar_epoch(u.year, u.month, CRV1_FIRST_FLOOD_DAY, 0, 0, 0);
    else if (u.day < CRV1_FIRST_DORMANT_DAY)
        clock_at = calendar_epoch(u.year, u.month, CRV1_FIRST_DORMANT_DAY, 0, 0, 0);
    else if (u.month < 12)
        clock_at = calendar_epoch(u.year, u.month + 1, 1, 0, 0, 0);
    else
        clock_at = calendar_epoch(u.year + 1, 1, 1, 0, 0, 0);
    return clock_at - offset_s;
}

/* Code Red I v2 (SOURCES §4): random targets over the whole space, Code Red I's calendar; its
 * probes infect NT 4 too. */
const struct worm_kind CRV2_KIND = {
    .name = "crv2", .targets = TARGETS_UNIFORM, .life = LIFE_CALENDAR,
    .probe = NULL, .expiry_epoch_s = 0};
