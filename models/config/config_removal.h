/* config_removal.h - the [removal] rows of the parameter table (included by config.c into its
 * DEFS): how infected hosts stopped during the spreading phase besides the worm's own
 * calendar. Home and small-business machines switched off at night (by local time), reboots
 * by administrators after the advisory, and networks filtering port 80. Patching stays in
 * [population] (patch_rate, patch_start). Every mechanism is off by default; the Code Red I
 * scenarios switch them on. Sources: SOURCES §19. */
#ifndef WORMSIM_CONFIG_REMOVAL_H
#define WORMSIM_CONFIG_REMOVAL_H

#define RM(field) F(removal.field)

#define REMOVAL_DEFS \
    /* Moore, Shannon, Brown (IMW 2002): Code-Red "primarily preyed upon home and small \
     * business users". [uncertain] the share: "primarily" read as a majority. */ \
    {"removal", "home_share", PARAM_PROB, "0", 1, 0, NULL, \
     "share of vulnerable IIS hosts on home and small-business machines", RM(home_share), \
     NULL, NULL}, \
    /* Moore et al.: infection activity "exhibited time-of-day effects"; a machine switched off \
     * loses Code Red I (memory-resident). [uncertain] how many were switched off at night. */ \
    {"removal", "night_off_share", PARAM_PROB, "0.5", 1, 0, NULL, \
     "share of home and small-business machines switched off every night", \
     RM(night_off_share), NULL, NULL}, \
    /* [uncertain] when people switch off and on, by local time. */ \
    {"removal", "off_time", PARAM_DURATION, "23h", 0, 86400, NULL, \
     "local time of day a machine is switched off (mean)", RM(off_time_s), NULL, NULL}, \
    {"removal", "on_time", PARAM_DURATION, "8h", 0, 86400, NULL, \
     "local time of day it is switched on again (mean)", RM(on_time_s), NULL, NULL}, \
    {"removal", "switch_spread", PARAM_DURATION, "1.5h", 0, 12 * 3600.0, NULL, \
     "standard deviation of each night's switch-off and switch-on times", RM(switch_spread_s), \
     NULL, NULL}, \
    /* IANA IPv4 address space registry: which /8s the regional registries held in 2001. \
     * [uncertain] one summer-time offset per registry and a spread of zones within it. */ \
    {"removal", "zone_spread", PARAM_DURATION, "1.5h", 0, 12 * 3600.0, NULL, \
     "hosts' time zones spread uniformly this far either side of their /8 region's offset", \
     RM(zone_spread_s), NULL, NULL}, \
    /* CERT CA-2001-19 and IN-2001-08 (19 July 2001) told administrators to patch and reboot. \
     * [uncertain] the hour they reached them. */ \
    {"removal", "advisory", PARAM_TIME, "2001-07-19T18:00Z", 1, 0, NULL, \
     "when administrators learn of the worm (reboots and filters start)", RM(advisory_epoch_s), \
     NULL, NULL}, \
    /* [uncertain] how soon administrators rebooted an infected server after the advisory. */ \
    {"removal", "reboot_rate", PARAM_RATE, "0", 0, 100, NULL, \
     "after the advisory, chance per unit time that an administrator reboots an infected host", \
     RM(reboot_rate), NULL, NULL}, \
    /* [uncertain] networks that filtered inbound port 80 after the advisory. */ \
    {"removal", "filter_share", PARAM_PROB, "0", 1, 0, NULL, \
     "share of /16 networks that filter port 80 (both ways) after the advisory", \
     RM(filter_share), NULL, NULL}, \
    {"removal", "filter_delay", PARAM_DURATION, "12h", 1, 365 * 86400.0, NULL, \
     "mean delay (exponential) from the advisory to a network's filter", RM(filter_delay_s), \
     NULL, NULL},

#endif
