/* config.h - everything a scenario file can set, as one struct, and the parameter table that
 * tells the scenario reader (sim/params.c) each key's type, unit, default, bounds and help.
 * Defaults and their sources are in config.c; scenarios/ explains them for students. */
#ifndef WORMSIM_CONFIG_H
#define WORMSIM_CONFIG_H

#include "ipv4.h"
#include "params.h"

enum run_mode { MODE_FAST = 0, MODE_PER_SCAN = 1 };
enum sequence_map { SEQMAP_INSTANCE = 0, SEQMAP_THREAD = 1 };
enum worm_variant { WORM_CRV2 = 0, WORM_CRII = 1, WORM_CRV1 = 2, WORM_NONE = 3 };

#define WORMS_MAX 2
#define NET_ROUTERS_MAX 16
#define NET_LINKS_MAX 16
#define NET_SUBNETS_MAX 32
#define NET_COUNTERMEASURES_MAX 16
#define SENSOR_TELESCOPES_MAX 8
#define SENSOR_WEBLOGS_MAX 4

/* What a [router NAME] section can hold: a preset and what it overrides (0: the preset's). */
enum router_preset { PRESET_NONE = 0, PRESET_CISCO7000_16MB, PRESET_CISCO7500_64MB,
                     PRESET_CISCO7500_128MB };
enum router_switching_key { SWITCHING_PRESET = 0, SWITCHING_FAST_PER_DEST,
                            SWITCHING_FAST_PER_NETWORK, SWITCHING_CEF };

struct router_section {
    char name[PARAM_NAME_MAX];
    int preset;                 /* enum router_preset; none: memory not modelled */
    double memory_bytes, system_bytes, fail_bytes, cache_entry_bytes, reload_s;
    double age_fraction;        /* per minute */
    int switching;              /* enum router_switching_key */
    int arp_per_destination;    /* static route to a broadcast interface */
    int proxy_arp;              /* the next router answers ARP for every address */
    double arp_timeout_s, arp_incomplete_s, arp_entry_bytes;
    double cache_floor_bytes, pressure_free_bytes, pressure_factor;
    double buffer_bytes;
    long hold_queue;
    double cpu_fail_after_s;    /* reload after this long at 100% CPU (0: never) */
};

struct link_section {
    char name[PARAM_NAME_MAX];
    char from[PARAM_NAME_MAX], to[PARAM_NAME_MAX];
    double capacity_bps;
};

struct subnet_section {
    char name[PARAM_NAME_MAX];
    struct prefix prefix;
    char router[PARAM_NAME_MAX];
    long vulnerable;            /* IIS hosts placed in the subnet, beyond the population's */
    long infected;              /* of them, infected by [worm] at its seed_time */
    long devices_hang;          /* customer DSL routers that hang on a probe */
    long line_prefix;           /* 0, or customer lines of this prefix length (DSL): a hung
                                   device at a line's first address cuts the line off */
};

enum countermeasure_action { CM_CUT = 0, CM_RECONNECT, CM_FILTER, CM_UNFILTER, CM_CEF,
                             CM_FAST, CM_ADD_MEMORY };

struct countermeasure_section {
    char name[PARAM_NAME_MAX];
    double at_epoch_s;
    int action;                 /* enum countermeasure_action */
    char target[PARAM_NAME_MAX];
    double memory_bytes;        /* add_memory */
};

/* [telescope NAME]: a prefix nobody uses (or a site's block, as an IDS sees it) whose arriving
 * probes and sources are counted. */
struct telescope_section {
    char name[PARAM_NAME_MAX];
    struct prefix prefix;
    double window_s;            /* distinct sources are counted per window of this length */
};

enum weblog_format { WEBLOG_IIS = 0, WEBLOG_APACHE = 1 };

/* [weblog NAME]: a web server at one address writing the log lines of the probes it gets. */
struct weblog_section {
    char name[PARAM_NAME_MAX];
    uint32_t address;
    int format;                 /* enum weblog_format */
    char dir[PARAM_STRING_MAX]; /* "" : beside the database */
};

/* [removal]: infected hosts stopping during the spreading phase (config_removal.h). */
struct removal_config {
    double home_share, night_off_share;
    double off_time_s, on_time_s, switch_spread_s, zone_spread_s; /* local times of day */
    double advisory_epoch_s;
    double reboot_rate;         /* per second, after the advisory */
    double filter_share, filter_delay_s;
};

/* One worm of the run ([worm] or [worm2]). */
struct worm_config {
    int variant;                /* enum worm_variant */
    long threads;
    double scan_rate;           /* scans per second per host; 0 = from the thread model */
    double dark_timeout_s;      /* a thread gives up on a silent address after this */
    double answer_time_s;       /* time a thread spends on an address that answers */
    double answering_per_host;  /* answering addresses per population host around it (crii) */
    long seed_hosts;
    double seed_epoch_s;
    long seed_nat_sites;        /* NAT sites whose first host is among the seeds */
    uint32_t flood_target;
    long flood_connections;
    double flood_bytes_per_connection;
    double flood_sleep_s;
    double probe_bytes;
    /* Code Red II only */
    long threads_chinese;       /* threads on Chinese-language hosts (0: same as threads) */
    double p_random, p_same8, p_same16; /* target choice: random, own /8, own /16 */
    double lifetime_s, lifetime_chinese_s; /* scanning before the worm reboots the host */
    double sleep_length_s;      /* Code Red I: dormant threads wake within this after the 1st */
    /* Code Red I v1 only */
    long sequence_key;          /* the static seed: selects the address lists */
    long sequences;             /* distinct address lists */
    int sequence_map;           /* enum sequence_map */
};

struct world_config {
    /* [run] */
    char name[PARAM_STRING_MAX];
    double start_epoch_s, end_epoch_s;
    double record_from_epoch_s; /* samples stored from here (chained scenarios) */
    long seed;
    int mode;                   /* enum run_mode */
    double sample_s;
    double store_limit_bytes; /* run.store_limit: largest estimated store size of a run */
    /* [space] */
    struct prefix space;        /* the address space scanned and populated */
    int exclude_private;        /* no hosts in 10/8, 172.16/12, 192.168/16 */
    int exclude_unallocated;    /* no hosts in /8s unallocated in July 2001 */
    /* [population] */
    long vulnerable;            /* IIS hosts with the .ida hole */
    long other_web;             /* other hosts with port 80 open (answer, not infectable) */
    char hosts_file[PARAM_STRING_MAX]; /* "prefix count" lines; "" = generated */
    long occupied_16s;          /* /16s holding the vulnerable hosts */
    double slash8_spread;       /* lognormal sigma of host density between /8s */
    double slash16_spread;      /* lognormal sigma of host density between /16s of a /8 */
    double broadband_share;     /* share of occupied /16s that are home, DSL or cable blocks */
    double broadband_factor;    /* how much denser vulnerable hosts are in those blocks */
    long nat_sites;             /* sites behind NAT, each in its own private /16 */
    long nat_site_hosts;        /* vulnerable hosts per NAT site */
    double share_nt4;           /* share of vulnerable IIS that is IIS 4 on Windows NT 4 */
    double reboot_s;            /* a host the worm reboots is down this long */
    long devices_hang, devices_restart; /* embedded web servers hurt by the probe */
    double device_power_cycle_s, device_restart_s;
    double share_english, share_japanese, share_chinese;
    double japanese_crash;      /* chance a Japanese IIS crashes instead of being infected */
    double iis_restart_s;       /* a crashed IIS comes back after this (0: stays down) */
    double iis4_restart_s;      /* an IIS 4 crashed by Code Red II comes back after this */
    double clock_sd_s;          /* spread of ordinary clock errors */
    double clock_wrong_share;   /* share of hosts whose clock is badly wrong */
    double clock_wrong_range_s; /* badly wrong clocks are off by up to this, either way */
    double patch_rate;          /* per second: a vulnerable host's chance of being patched */
    double patch_start_epoch_s;
    double uptime_mean_s;       /* mean time between reboots of an infected host (0: none) */
    struct removal_config removal;
    /* [worm] and [worm2]: up to two worms in one run */
    struct worm_config worms[WORMS_MAX];
    /* [router NAME], [link NAME], [subnet NAME], [countermeasure NAME] */
    struct router_section routers[NET_ROUTERS_MAX];
    int n_routers;
    struct link_section links[NET_LINKS_MAX];
    int n_links;
    struct subnet_section subnets[NET_SUBNETS_MAX];
    int n_subnets;
    struct countermeasure_section countermeasures[NET_COUNTERMEASURES_MAX];
    int n_countermeasures;
    /* [telescope NAME], [weblog NAME]: sensors (observe only) */
    struct telescope_section telescopes[SENSOR_TELESCOPES_MAX];
    int n_telescopes;
    struct weblog_section weblogs[SENSOR_WEBLOGS_MAX];
    int n_weblogs;
};

/* The table for params_load / params_write. */
const struct param_table *config_table(void);

/* The scan rate the worm uses, per host and second: scan_rate if set, else threads spread over
 * the time each address costs (dark_timeout_s for silent ones, answer_time_s for those that
 * answer, in proportion live_share). */
double config_scan_rate(const struct worm_config *c, double live_share);

/* Name of a variant: "crv1", "crv2", "crii" or "none". */
const char *config_variant_name(int variant);

#endif
