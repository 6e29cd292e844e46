/* describe.h - the model's words for the command line (describe.c: column kinds and units, the
 * plots' columns and events; figures.c: a run's key figures). Used by the descriptor only. */
#ifndef WORMSIM_DESCRIBE_H
#define WORMSIM_DESCRIBE_H

#include <stdbool.h>

#include "model.h"

/* The kind and unit of a column of the world or the network; false for an unknown name. */
bool describe_column(const char *column, struct column_info *out);

/* Where a key's default comes from ("SOURCES §6", "[uncertain] SOURCES §11", "scenario"), or
 * NULL if not recorded. section is the section's name ("router" for [router NAME]). */
const char *describe_source(const char *section, const char *key);

/* The plots' default columns, --local-share's columns and the --router panel's names. */
extern const struct model_plots describe_plots;

/* The key figures of a run of config (a struct world_config), read through r: what matters
 * for its kind - the outbreak of a day (ever infected by the next midnight, the peak), Code Red
 * II (times to 50 and 90 %, local share), routers (crashes, first crash, longest up-time),
 * hung devices - and "by the end" or "by the interruption". Returns how many (<= max). */
int figures_of_run(const void *config, const struct model_reader *r, struct model_figure *out,
                   int max);

#endif
