/* config_sensors.h - the scenario keys of the sensors that watch a run without changing it:
 * [telescope NAME] (a prefix whose arriving probes and distinct sources are counted, as CAIDA's
 * /8 and two /16s were, or a site's IDS on its own block) and [weblog NAME] (a web server at one
 * address writing a log line per probe, as IIS 5 or Apache did). Only config.c includes it:
 * the rows expand into its parameter table, after parse_prefix and parse_addr. */
#ifndef WORMSIM_CONFIG_SENSORS_H
#define WORMSIM_CONFIG_SENSORS_H

#include <stddef.h>

#include "config.h"

#define TS(field) offsetof(struct telescope_section, field)
#define WL(field) offsetof(struct weblog_section, field)

#define SENSOR_DEFS \
    {"telescope", "prefix", PARAM_CUSTOM, "0.0.0.0/32", 1, 0, NULL, \
     "the addresses watched, any length (CAIDA watched a /8 and two /16s)", TS(prefix), \
     parse_prefix, format_prefix}, \
    {"telescope", "window", PARAM_DURATION, "1h", 1, 30 * 86400.0, NULL, \
     "distinct sources are counted per window of this length (CAIDA: per hour)", TS(window_s), \
     NULL, NULL}, \
    {"weblog", "address", PARAM_CUSTOM, "0.0.0.0", 1, 0, NULL, \
     "the web server's address: every probe reaching it is a log line", WL(address), \
     parse_addr, format_addr}, \
    {"weblog", "format", PARAM_ENUM, "iis", 1, 0, "iis|apache", \
     "iis: W3C extended as IIS 5 wrote it (ex010804.log, one file a day); apache: combined", \
     WL(format), NULL, NULL}, \
    {"weblog", "dir", PARAM_STRING, "", 1, 0, NULL, \
     "directory for the log files (RUN-NAME/ is made inside); empty: beside the database", \
     WL(dir), NULL, NULL},

#define SENSOR_SECTIONS \
    PARAM_SECTION("telescope", struct world_config, telescopes, n_telescopes, name, \
                  "a network telescope or IDS: probes, SYNs and distinct sources in a prefix"), \
    PARAM_SECTION("weblog", struct world_config, weblogs, n_weblogs, name, \
                  "a web server's log: one line per probe reaching its address"),

#endif
