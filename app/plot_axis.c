/* plot_axis.c - time ticks, unit labels and the key's place, for plot.c and plot_router.c.
 * The one idea: ticks are computed here, not by gnuplot, so that labels show the date where it
 * changes and the year on the first one (gnuplot's time format is the same for every tick). */
#include "plot_axis.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"

/* Tick spacings to choose from, in seconds: the smallest giving at most max ticks is used. */
static const double STEPS[] = {60,    120,   300,    600,    900,     1800,    3600,
                               7200,  10800, 21600,  43200,  86400,   172800,  345600,
                               604800, 1209600, 2419200};
#define N_STEPS (sizeof STEPS / sizeof STEPS[0])

void axis_time_tics(struct gnuplot_script *t, double x_min, double x_max, bool labels,
                    bool dumb)
{
    int max_ticks = dumb ? 6 : 9;
    double span = x_max - x_min, step = STEPS[N_STEPS - 1];
    for (size_t i = 0; i < N_STEPS; i++)
        if (span / STEPS[i] <= max_ticks) {
            step = STEPS[i];
            break;
        }
    /* Week ticks on Mondays (1970-01-01 was a Thursday: 4 days later), others on the epoch. */
    double origin = step >= 604800 ? 4 * 86400.0 : 0;
    double first = origin + ceil((x_min - origin) / step) * step;
    gnuplot_add(t, "set xtics (");
    int prev_day = -1, k = 0;
    for (double x = first; x <= x_max + 1e-6; x += step, k++) {
        struct utc_date u = calendar_date(x);
        char label[48] = "";
        if (labels) {
            bool day_changes = u.day != prev_day;
            if (step >= 86400)
                snprintf(label, sizeof label, "%02d/%02d", u.day, u.month);
            else if (day_changes)
                snprintf(label, sizeof label, "%02d:%02d\\n%02d/%02d", u.hour, u.min, u.day,
                         u.month);
            else
                snprintf(label, sizeof label, "%02d:%02d", u.hour, u.min);
            if (k == 0)
                snprintf(label + strlen(label), sizeof label - strlen(label), "/%d", u.year);
        }
        prev_day = u.day;
        gnuplot_add(t, "%s\"%s\" \"%.15g\"", k ? ", " : "", label, x);
    }
    gnuplot_add(t, ")\n");
}

void axis_label(const char *column, enum column_kind kind, const char *unit, char *buf,
                size_t len)
{
    bool has_unit = unit && unit[0];
    if (kind == COLUMN_COUNT)
        snprintf(buf, len, has_unit ? "%s per minute (%s/min)" : "%s per minute", column, unit);
    else
        snprintf(buf, len, has_unit ? "%s (%s)" : "%s", column, unit);
}

void axis_key_outside(struct gnuplot_script *t, bool dumb)
{
    if (dumb)
        gnuplot_add(t, "set key at screen 0.5, screen 0.99 center top vertical maxrows 4 "
                       "width -2 samplen 2\n");
    else
        gnuplot_add(t, "set key at screen 0.5, screen 0.905 center center horizontal maxrows 2 "
                       "width 1 samplen 3 box lc rgb '#dddddd'\n");
}

bool axis_parse_limit(const char *text, bool hours_ok, double *out)
{
    if (calendar_parse(text, out))
        return true;
    if (!hours_ok || !*text)
        return false;
    char *end;
    double h = strtod(text, &end);
    if (*end || !isfinite(h))
        return false;
    *out = h;
    return true;
}
