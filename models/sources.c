/* sources.c - where each scenario key's default comes from, as a section of docs/SOURCES.md,
 * for the report's parameter table. "[uncertain]" marks a value the record does not pin down
 * (SOURCES §15); "scenario" a setting of the what-if itself (dates, seeds, the network drawn).
 * A key missing here reads "not recorded": add it with its section when you add a key. */
#include <string.h>

#include "describe.h"

static const struct {
    const char *section, *key, *source;
} SOURCES[] = {
    {"run", "*", "scenario"},
    {"space", "prefix", "scenario"},
    {"space", "exclude_private", "SOURCES §8 (RFC 1918)"},
    {"space", "exclude_unallocated", "SOURCES §8 (IANA)"},
    {"population", "vulnerable", "SOURCES §8"},
    {"population", "other_web", "[uncertain] SOURCES §15"},
    {"population", "hosts_file", "scenario"},
    {"population", "occupied_16s", "[uncertain] SOURCES §8, §15"},
    {"population", "slash8_spread", "[uncertain] SOURCES §8, §15"},
    {"population", "slash16_spread", "[uncertain] SOURCES §8, §15"},
    {"population", "broadband_share", "[uncertain] SOURCES §8, §15"},
    {"population", "broadband_factor", "[uncertain] SOURCES §8, §15"},
    {"population", "nat_sites", "[uncertain] SOURCES §6"},
    {"population", "nat_site_hosts", "[uncertain] SOURCES §6"},
    {"population", "devices_hang", "[uncertain] SOURCES §11"},
    {"population", "devices_restart", "[uncertain] SOURCES §11"},
    {"population", "device_power_cycle", "[uncertain] SOURCES §11"},
    {"population", "device_restart", "[uncertain] SOURCES §11"},
    {"population", "share_nt4", "[uncertain] SOURCES §3, §15"},
    {"population", "share_english", "[uncertain] SOURCES §8"},
    {"population", "share_japanese", "[uncertain] SOURCES §8"},
    {"population", "share_chinese", "[uncertain] SOURCES §8"},
    {"population", "japanese_crash", "[uncertain] SOURCES §11"},
    {"population", "iis_restart", "[uncertain] SOURCES §11"},
    {"population", "iis4_restart", "[uncertain] SOURCES §11"},
    {"population", "reboot_time", "[uncertain] SOURCES §15"},
    {"population", "clock_sd", "[uncertain] SOURCES §4"},
    {"population", "clock_wrong_share", "[uncertain] SOURCES §4"},
    {"population", "clock_wrong_range", "[uncertain] SOURCES §4"},
    {"population", "patch_rate", "[derived] SOURCES §8"},
    {"population", "patch_start", "SOURCES §8"},
    {"population", "uptime_mean", "[uncertain] SOURCES §4, §8"},
    {"worm", "variant", "SOURCES §4, §5, §6"},
    {"worm", "threads", "SOURCES §4, §6"},
    {"worm", "scan_rate", "SOURCES §7"},
    {"worm", "dark_timeout", "SOURCES §7"},
    {"worm", "answer_time", "[uncertain] SOURCES §7"},
    {"worm", "seed_hosts", "scenario"},
    {"worm", "seed_nat_sites", "scenario"},
    {"worm", "seed_time", "SOURCES §5, §9"},
    {"worm", "flood_target", "SOURCES §4"},
    {"worm", "flood_connections", "[uncertain] SOURCES §4"},
    {"worm", "flood_bytes_per_connection", "[uncertain] SOURCES §4"},
    {"worm", "flood_sleep", "[uncertain] SOURCES §4"},
    {"worm", "probe_bytes", "SOURCES §7"},
    {"worm", "threads_chinese", "SOURCES §6"},
    {"worm", "p_random", "SOURCES §6"},
    {"worm", "p_same8", "SOURCES §6"},
    {"worm", "p_same16", "SOURCES §6"},
    {"worm", "lifetime", "SOURCES §6"},
    {"worm", "lifetime_chinese", "SOURCES §6"},
    {"worm", "sequence_key", "[uncertain] SOURCES §5"},
    {"router", "preset", "SOURCES §10, §17"},
    {"router", "memory", "SOURCES §10"},
    {"router", "cache_entry", "[derived] SOURCES §17"},
    {"router", "aging", "SOURCES §10, §17"},
    {"router", "static_route_to_interface", "SOURCES §10, §17"},
    {"router", "proxy_arp", "SOURCES §17"},
    {"router", "arp_timeout", "SOURCES §17"},
    {"router", "hold_queue", "SOURCES §17"},
    {"router", "switching", "SOURCES §10"},
    {"router", "*", "[uncertain] SOURCES §10, §17"},
    {"link", "*", "scenario"},
    {"subnet", "*", "scenario (SOURCES §12)"},
    {"countermeasure", "*", "scenario (SOURCES §12)"},
};

const char *describe_source(const char *section, const char *key)
{
    if (!strcmp(section, "worm2"))
        section = "worm";
    for (size_t i = 0; i < sizeof SOURCES / sizeof SOURCES[0]; i++)
        if (!strcmp(SOURCES[i].section, section) &&
            (!strcmp(SOURCES[i].key, key) || !strcmp(SOURCES[i].key, "*")))
            return SOURCES[i].source;
    return NULL;
}
