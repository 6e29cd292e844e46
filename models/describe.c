/* describe.c - the model's words for the command line: the kind and unit of every series
 * column (so a plot draws counts per minute and levels as they are, with the unit on the axis)
 * and the columns and events the plots use by default. The command line knows none of these
 * names; it asks the descriptor (model.h). */
#include <string.h>

#include "describe.h"

/* Columns of the world (world.c), by exact name. */
static const struct {
    const char *name;
    enum column_kind kind;
    const char *unit;
} WORLD_COLUMNS[] = {
    {"susceptible", COLUMN_LEVEL, "hosts"},
    {"infected", COLUMN_LEVEL, "hosts"},
    {"spreading", COLUMN_LEVEL, "hosts"},
    {"flooding", COLUMN_LEVEL, "hosts"},
    {"dormant", COLUMN_LEVEL, "hosts"},
    {"crashed", COLUMN_LEVEL, "hosts"},
    {"ever_infected", COLUMN_LEVEL, "hosts"},
    {"new_infections", COLUMN_COUNT, "infections"},
    {"reboots", COLUMN_COUNT, "reboots"},
    {"scans", COLUMN_COUNT, "scans"},
    {"syn_packets", COLUMN_COUNT, "packets"},
    {"probe_bytes", COLUMN_COUNT, "bytes"},
    {"flood_connections", COLUMN_COUNT, "connections"},
    {"flood_bytes", COLUMN_COUNT, "bytes"},
    {"backdoored", COLUMN_LEVEL, "hosts"},
    {"new_infections_same16", COLUMN_COUNT, "infections"},
    {"new_infections_same8", COLUMN_COUNT, "infections"},
    {"new_infections_other", COLUMN_COUNT, "infections"},
    {"rebooting", COLUMN_LEVEL, "hosts"},
    {"crashes", COLUMN_COUNT, "crashes"},
    {"infected_crv1", COLUMN_LEVEL, "hosts"},
    {"infected_crv2", COLUMN_LEVEL, "hosts"},
    {"infected_crii", COLUMN_LEVEL, "hosts"},
    {"ever_infected_crv1", COLUMN_LEVEL, "hosts"},
    {"ever_infected_crv2", COLUMN_LEVEL, "hosts"},
    {"ever_infected_crii", COLUMN_LEVEL, "hosts"},
    {"patched", COLUMN_LEVEL, "hosts"},
    {"devices_down", COLUMN_LEVEL, "devices"},
    {"device_failures", COLUMN_COUNT, "failures"},
    {"filtered", COLUMN_LEVEL, "hosts"},
    {"removed_poweroff", COLUMN_LEVEL, "hosts"}, /* cumulative since the start */
    {"removed_reboot", COLUMN_LEVEL, "hosts"},
    {"removed_patch", COLUMN_LEVEL, "hosts"},
    {"removed_filter", COLUMN_LEVEL, "hosts"},
};

/* Columns of a router (router.NAME.SERIES) and a link (link.NAME.SERIES), by SERIES. */
static const struct {
    const char *prefix, *series;
    enum column_kind kind;
    const char *unit;
} NETWORK_COLUMNS[] = {
    {"router.", "free_bytes", COLUMN_LEVEL, "bytes"},
    {"router.", "cache_entries", COLUMN_LEVEL, "entries"},
    {"router.", "arp_entries", COLUMN_LEVEL, "entries"},
    {"router.", "cpu", COLUMN_LEVEL, "share of time"},
    {"router.", "up", COLUMN_LEVEL, "share of time"},
    {"router.", "crashes", COLUMN_COUNT, "crashes"},
    {"router.", "packets", COLUMN_COUNT, "packets"},
    {"router.", "lost", COLUMN_COUNT, "packets"},
    {"router.", "new_destinations", COLUMN_LEVEL, "destinations/s"},
    {"link.", "connections", COLUMN_COUNT, "connections"},
    {"link.", "syn_packets", COLUMN_COUNT, "packets"},
    {"link.", "bytes", COLUMN_COUNT, "bytes"},
    {"link.", "utilization", COLUMN_LEVEL, "share of capacity"},
};

bool describe_column(const char *column, struct column_info *out)
{
    for (size_t i = 0; i < sizeof WORLD_COLUMNS / sizeof WORLD_COLUMNS[0]; i++)
        if (!strcmp(column, WORLD_COLUMNS[i].name)) {
            out->kind = WORLD_COLUMNS[i].kind;
            out->unit = WORLD_COLUMNS[i].unit;
            return true;
        }
    const char *dot = strrchr(column, '.');
    for (size_t i = 0; dot && i < sizeof NETWORK_COLUMNS / sizeof NETWORK_COLUMNS[0]; i++) {
        size_t lp = strlen(NETWORK_COLUMNS[i].prefix);
        if (!strncmp(column, NETWORK_COLUMNS[i].prefix, lp) && dot > column + lp &&
            !strcmp(dot + 1, NETWORK_COLUMNS[i].series)) {
            out->kind = NETWORK_COLUMNS[i].kind;
            out->unit = NETWORK_COLUMNS[i].unit;
            return true;
        }
    }
    return false;
}

static const struct model_panel PANELS[] = {
    {"infected", "new_infections_same16+new_infections_same8", "new_infections",
     "infections within the infecting host's /8 (% of all)",
     "worm.variant=crii|worm2.variant=crii",
     "Where victims lie: the share of new infections within the infecting host's own /8 "
     "(Code Red II's local preference, SOURCES §6)."},
    {"flooding", "flood_bytes", NULL, NULL, NULL,
     "Hosts flooding www1.whitehouse.gov (days 20-27 by their clocks), and the flood's bytes per "
     "minute (SOURCES §4)."},
    {"devices_down", "device_failures", NULL, NULL, NULL,
     "Embedded web servers (DSL routers) hung by the worm's long request, and failures per "
     "minute (SOURCES §11)."},
    {"crashed", "crashes", NULL, NULL, NULL,
     "IIS servers crashed by the probe instead of infected (Japanese-language IIS, IIS 4 under "
     "Code Red II), and crashes per minute (SOURCES §6, §11)."},
    {"patched", "reboots", NULL, NULL, NULL,
     "Hosts patched so far, and reboots per minute (SOURCES §8)."},
};

const struct model_plots describe_plots = {
    .top_column = "infected",
    .top_label = "infected hosts",
    .bottom_column = "new_infections",
    .bottom_label = "new infections per minute",
    .share_columns = "new_infections_same16+new_infections_same8",
    .share_per = "new_infections",
    .share_label = "infections within the infecting host's /8 (% of all)",
    .device_prefix = "router.",
    .device_free_fmt = "router.%s.free_bytes",
    .device_free_label = "free memory (MiB)",
    .device_cache_fmt = "router.%s.cache_entries",
    .device_cache_label = "route cache",
    .device_arp_fmt = "router.%s.arp_entries",
    .device_arp_label = "ARP",
    .device_fail_event = "router_crash",
    .device_fail_label = "crash",
    .action_event = "countermeasure",
    .action_label = "countermeasure",
    .release_column = "ever_infected",
    .release_label = "hours since the first infection",
    .curves_caption = "Infected hosts (top, the worm's phases shaded) and new infections per "
                      "minute (bottom), UTC.",
    .log_caption = "The same on a logarithmic scale: a straight rise is exponential growth, the "
                   "random constant spread of SOURCES §14.",
    .aligned_caption = "Aligned on each run's first infection (hours since then): runs of "
                       "different dates side by side.",
    .panels = PANELS,
    .n_panels = (int)(sizeof PANELS / sizeof PANELS[0]),
    .load_prefix = "link.",
    .load_top = "utilization",
    .load_bottom = "bytes",
    .load_caption = "The busiest link: its utilisation (a share of its capacity) and the bytes "
                    "per minute the worm's scans put on it.",
};
