/* plot_axis.h - what both plot modules put on their axes: UTC time ticks that a student can
 * read (the first label carries the year), axis labels that carry the unit, the key outside
 * the panels, and --from/--to/--align parsed into numbers. */
#ifndef WORMSIM_PLOT_AXIS_H
#define WORMSIM_PLOT_AXIS_H

#include <stdbool.h>
#include <stddef.h>

#include "gnuplot.h"
#include "model.h"

/* Appends "set xtics (...)" for a UTC time axis from x_min to x_max (epoch seconds): about
 * 6-9 ticks at round times (minutes, hours, days, weeks), labelled "10:00" ("10:00\n19/07"
 * where the day changes, or "19/07" when ticks are days apart); the first label carries the
 * year ("10:00\n19/07/2001"). With labels false the ticks are unlabelled (an upper panel). */
void axis_time_tics(struct gnuplot_script *t, double x_min, double x_max, bool labels,
                    bool dumb);

/* The y label of a column: "new_infections per minute (infections/min)" for a count drawn per
 * minute, "infected (hosts)" for a level, the name alone without a unit. */
void axis_label(const char *column, enum column_kind kind, const char *unit, char *buf,
                size_t len);

/* Places the key (legend) in the strip between the title and the top panel, never over the
 * curves; the top panel's top margin must leave it room (AXIS_TOP_PANEL_TOP). */
void axis_key_outside(struct gnuplot_script *t, bool dumb);
#define AXIS_TOP_PANEL_TOP "0.86"

/* Parses a --from/--to value: a UTC time ("2001-07-19T10:00Z", "2001-07-19") into epoch
 * seconds, or, when hours_ok (--align release), a number of hours. False if neither. */
bool axis_parse_limit(const char *text, bool hours_ok, double *out);

#endif
